"""Spryng SMS for Home Assistant: a notify platform (see ``notify.py``)."""

DOMAIN = "spryng"
