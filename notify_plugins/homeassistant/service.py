"""The ``notify.<name>`` action of every SMS platform.

A legacy notify service (``homeassistant.components.notify.legacy``) with one configured
sender and recipient list. A call may replace the recipients (``target``) and the sender
(``data.sender``) for itself; ``title`` becomes the first line of the text, as SMS has no
subject. The send is awaited on Home Assistant's event loop through the asyncio client, so
nothing blocks it, and its outcome is raised, never only logged (:mod:`.errors`). With
``daily_limit`` or ``repeat_window`` in the YAML, it goes through the spend guard.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from homeassistant.components.notify.const import ATTR_DATA, ATTR_TARGET, ATTR_TITLE
from homeassistant.components.notify.legacy import BaseNotificationService
from homeassistant.exceptions import ServiceValidationError

from ..client import AsyncSmsClient
from ..errors import ValidationError
from ..guard import SpendGuard
from ..message import Message
from .errors import DATA_KEYS, AccountProblems, ServiceIdentity, invalid_message, send_error, service_error

_LOGGER = logging.getLogger(__name__)


def split_targets(targets: Iterable[Any]) -> list[str]:
    """Numbers from ``target``: a list, and each entry may hold several separated by commas."""
    return [part.strip() for target in targets for part in str(target).split(",") if part.strip()]


def checked_data(identity: ServiceIdentity, data: Mapping[str, Any] | None) -> Mapping[str, Any]:
    """A call's ``data``, refused with ``invalid_data`` when it has a key no SMS takes."""
    data = data or {}
    if unknown := sorted(str(key) for key in data if key not in DATA_KEYS):
        raise service_error(
            ServiceValidationError,
            identity,
            "invalid_data",
            allowed=", ".join(DATA_KEYS),
            keys=", ".join(unknown),
        )
    return data


class SmsNotificationService(BaseNotificationService):
    """Send SMS through one provider account, as configured under ``notify:``."""

    def __init__(
        self,
        client: AsyncSmsClient,
        identity: ServiceIdentity,
        *,
        sender: str,
        recipients: Sequence[str],
        guard: SpendGuard | None = None,
    ) -> None:
        self.client = client
        self.identity = identity
        self.sender = sender
        self.recipients = tuple(recipients)
        self.guard = guard
        """The spend guard, where the platform sets a limit."""
        self._problems = AccountProblems(identity)

    async def async_send_message(self, message: str = "", **kwargs: Any) -> None:
        """Validate everything, send, and raise unless every recipient accepted the SMS."""
        sms = self._compose(message, kwargs)
        if self.guard is None:
            result = await self.client.send_message(sms)
        else:
            result = await self.guard.async_send(self.client, sms)
        self._problems.observe(result)
        if (error := send_error(self.identity, result)) is not None:
            raise error
        _LOGGER.debug("%s: %s", self.identity.service, result.summary())

    def _compose(self, text: str, kwargs: Mapping[str, Any]) -> Message:
        """The validated message for one call; raises :class:`ServiceValidationError`."""
        data = checked_data(self.identity, kwargs.get(ATTR_DATA))
        targets = kwargs.get(ATTR_TARGET)
        recipients = list(self.recipients) if targets is None else split_targets(targets)
        if not recipients:
            raise service_error(ServiceValidationError, self.identity, "no_recipients")
        try:
            return self.client.message(
                text, recipients, sender=data.get("sender", self.sender), title=kwargs.get(ATTR_TITLE)
            )
        except ValidationError as err:
            raise invalid_message(self.identity, err) from None
