"""ProSMS.se SMS for Home Assistant: a notify platform (see ``notify.py``)."""

DOMAIN = "prosms"
