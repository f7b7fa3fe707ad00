"""ProSMS.se: the Compaya platform on ``api.prosms.se`` for Swedish customers.

Host, country and name are all that differ from SMS.dk: they are the ``prosms`` row of
:data:`~.compaya.SERVICES`; everything else is :class:`~.compaya.CompayaProvider`.
"""

from __future__ import annotations

from .compaya import SERVICES, CompayaProvider


class ProsmsProvider(CompayaProvider, service=SERVICES["prosms"]):
    """ProSMS.se with an API key from the account settings (``login.prosms.se``)."""


__all__ = ["ProsmsProvider"]
