"""SMS.dk: the Compaya platform on ``api.sms.dk`` for Danish customers.

Host, country and name are all that differ from ProSMS.se: they are the ``smsdk`` row of
:data:`~.compaya.SERVICES`; everything else is :class:`~.compaya.CompayaProvider`.
"""

from __future__ import annotations

from .compaya import SERVICES, CompayaProvider


class SmsdkProvider(CompayaProvider, service=SERVICES["smsdk"]):
    """SMS.dk with an API key from the account settings (``login.sms.dk``)."""


__all__ = ["SmsdkProvider"]
