"""A local sandbox that answers like the five providers' APIs, on 127.0.0.1.

``notify-plugins sandbox`` runs it in the foreground; :class:`Sandbox` runs it on a
background thread for tests and the demo::

    with Sandbox(port=0) as sandbox:
        provider = create_provider("prosms", api_url=sandbox.api_url("prosms"), **DEMO_CREDENTIALS["prosms"])
        ...
        sandbox.messages()  # what it accepted

The emulations are written from the providers' published documentation and what
independent clients show (``docs/providers/``), never from this library's clients, so that
a client bug shows up as a refusal.
"""

from __future__ import annotations

from .accounts import APPROVED_SENDERS, DEMO_CREDENTIALS, NO_CREDIT_SUFFIX, REJECTED_SUFFIX
from .server import PROVIDER_KEYS, Sandbox

__all__ = [
    "APPROVED_SENDERS",
    "DEMO_CREDENTIALS",
    "NO_CREDIT_SUFFIX",
    "PROVIDER_KEYS",
    "REJECTED_SUFFIX",
    "Sandbox",
]
