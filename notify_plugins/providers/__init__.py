"""The five providers, by key.

Modules are imported on first use so that loading one provider (or none) costs
nothing for the others.
"""

from __future__ import annotations

from importlib import import_module

from ..errors import ValidationError
from .base import Balance, Call, Provider, SendBatch

PROVIDERS: dict[str, str] = {
    "prosms": "notify_plugins.providers.prosms:ProsmsProvider",
    "smsdk": "notify_plugins.providers.smsdk:SmsdkProvider",
    "smstools": "notify_plugins.providers.smstools:SmstoolsProvider",
    "spryng": "notify_plugins.providers.spryng:SpryngProvider",
    "smsgw": "notify_plugins.providers.gateway:GatewayProvider",
}


def provider_class(key: str) -> type[Provider]:
    """The provider class for a key in :data:`PROVIDERS`."""
    try:
        module_name, _, class_name = PROVIDERS[key].partition(":")
    except KeyError:
        raise ValidationError("provider", f"{key!r} is not one of {', '.join(PROVIDERS)}") from None
    cls: type[Provider] = getattr(import_module(module_name), class_name)
    return cls


def create_provider(key: str, **config: str | None) -> Provider:
    """Build a provider from adapter configuration, ignoring options left unset.

    ``config`` uses one vocabulary for all providers: ``api_key``, ``api_secret``,
    ``username``, ``secret``, ``api_url``, ``callback_url``.
    """
    cls = provider_class(key)
    return cls(**{name: value for name, value in config.items() if value is not None})


__all__ = ["PROVIDERS", "Balance", "Call", "Provider", "SendBatch", "create_provider", "provider_class"]
