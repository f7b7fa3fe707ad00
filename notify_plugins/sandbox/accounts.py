"""The sandbox's demo accounts: credentials, approved senders, balances and magic numbers.

Everything here is public on purpose: these values open nothing but the local sandbox.
They are printed by ``notify-plugins sandbox`` and used by ``notify-plugins demo``, the
tests and the benchmarks, so changing one is a change to a documented interface.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

DEMO_CREDENTIALS: Mapping[str, Mapping[str, str]] = MappingProxyType(
    {
        "prosms": MappingProxyType({"api_key": "prosms-demo-key"}),
        "smsdk": MappingProxyType({"api_key": "smsdk-demo-key"}),
        "smstools": MappingProxyType({"api_key": "smstools-demo-key", "api_secret": "smstools-demo-secret"}),
        "spryng": MappingProxyType({"api_key": "spryng-demo-key"}),
        "spryng-simple": MappingProxyType({"username": "spryng-demo", "secret": "spryng-demo-secret"}),
        "smsgw": MappingProxyType({"api_key": "smsgw-demo-key"}),
    }
)
"""Credentials per API variant, in ``create_provider`` keywords. Spryng's REST API takes
the ``spryng`` key, its Simple API the ``spryng-simple`` username and secret; both live
under the ``/spryng`` prefix."""

APPROVED_SENDERS: tuple[str, ...] = ("HomeAlarm", "NotifyDemo", "Alerts", "Home Alarm")
"""Sender names the demo accounts have registered (``Home Alarm``, with its space, for the
README's ``?from=`` examples). ProSMS/SMS.dk (error 1017) and
Smstools (``BAD_FROM``) refuse any other sender; Spryng and the gateway have no sender
registration in their documents and take any sender that fits their length rules."""

DEFAULT_SENDER = "HomeAlarm"
"""The profile's default sender (Smstools uses it when ``from`` is left out)."""

REJECTED_SUFFIX = "0000"
"""A recipient ending in these digits is refused, in the provider's per-recipient shape."""

NO_CREDIT_SUFFIX = "0402"
"""A recipient ending in these digits makes the whole request fail as "no credit"."""

BALANCES: Mapping[str, float] = MappingProxyType(
    {"prosms": 1000.0, "smsdk": 1000.0, "smstools": 250.0, "spryng": 1000.0}
)
"""What the balance endpoints report (credits; euros for Smstools). The gateway has none."""

SMS_COST: Mapping[str, float] = MappingProxyType(
    {"prosms": 1.0, "smsdk": 1.0, "smstools": 0.0945, "spryng": 1.0, "smsgw": 0.05}
)
"""Price of one SMS part as each API reports it (the documentation's sample values)."""
