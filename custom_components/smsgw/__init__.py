"""White-label SMS gateway SMS for Home Assistant: a notify platform (see ``notify.py``)."""

DOMAIN = "smsgw"
