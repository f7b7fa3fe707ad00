"""What a loaded config entry holds while it runs (``entry.runtime_data``).

Every send of the entry, from a notify entity or the ``<domain>.send_sms`` action, goes
through :meth:`SmsRuntimeData.async_send`, which hands each :class:`SendResult` to the
callbacks in :attr:`SmsRuntimeData.result_listeners`. That is the one place to observe
sends: the entry setup uses it to ask for re-authentication when the key is refused, and a
"last send" sensor can subscribe with :meth:`SmsRuntimeData.async_add_result_listener`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeAlias

from homeassistant.config_entries import ConfigEntry

from ..client import AsyncSmsClient
from ..message import Message
from ..providers.base import Provider
from ..results import SendResult
from .account import Account
from .coordinator import CreditCoordinator
from .errors import AccountProblems

ResultListener = Callable[[SendResult], None]


@dataclass(slots=True)
class SmsRuntimeData:
    """The account of one config entry, ready to send."""

    provider: Provider
    client: AsyncSmsClient
    sender: str
    account: Account
    problems: AccountProblems
    """Logs refused credentials and missing credit once per entry, not on every send."""
    result_listeners: list[ResultListener] = field(default_factory=list)
    last_result: SendResult | None = None
    coordinator: CreditCoordinator | None = None
    """Polls the credit where the provider has a balance call."""
    webhook_url: str | None = None
    """Where the provider's delivery reports reach Home Assistant, when it can call back."""

    def async_add_result_listener(self, listener: ResultListener) -> Callable[[], None]:
        """Call ``listener`` with every send's result; returns the function that stops it."""
        self.result_listeners.append(listener)

        def remove() -> None:
            if listener in self.result_listeners:
                self.result_listeners.remove(listener)

        return remove

    def report(self, result: SendResult) -> None:
        """Record a send's outcome and tell every listener."""
        self.last_result = result
        self.problems.observe(result)
        for listener in tuple(self.result_listeners):
            listener(result)

    async def async_send(self, message: Message) -> SendResult:
        """Send a validated message and report its outcome; never raises for rejections."""
        result = await self.client.send_message(message)
        self.report(result)
        return result


SmsConfigEntry: TypeAlias = ConfigEntry[SmsRuntimeData]
