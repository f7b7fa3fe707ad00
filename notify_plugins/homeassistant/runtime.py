"""What a loaded config entry holds while it runs (``entry.runtime_data``).

Every send of the entry, from a notify entity or the ``<domain>.send_sms`` action, goes
through :meth:`SmsRuntimeData.async_send`: through the account's spend guard
(:mod:`.account_guard`: the daily limit, repeats held, the *SMS sending* switch), then to
the callbacks in :attr:`SmsRuntimeData.result_listeners` with each :class:`SendResult`. That is the one place to observe
sends: the entry setup uses it to ask for re-authentication when the key is refused, and a
"last send" sensor can subscribe with :meth:`SmsRuntimeData.async_add_result_listener`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeAlias

from homeassistant.config_entries import ConfigEntry

from ..client import AsyncSmsClient
from ..errors import ValidationError
from ..guard import SpendGuard
from ..message import Message
from ..providers.base import Provider
from ..results import SendResult, Status
from .account import Account
from .coordinator import CreditCoordinator
from .errors import AccountProblems, ServiceIdentity, invalid_message, send_error
from .ledger import HassLedger
from .listeners import subscribe

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
    guard: SpendGuard
    """The spend guard every send goes through."""
    ledger: HassLedger
    """The guard's counts of today (the *SMS sent today* sensor reads them)."""
    result_listeners: list[ResultListener] = field(default_factory=list)
    last_result: SendResult | None = None
    coordinator: CreditCoordinator | None = None
    """Polls the credit where the provider has a balance call."""
    webhook_url: str | None = None
    """Where the provider's delivery reports reach Home Assistant, when it can call back."""

    def async_add_result_listener(self, listener: ResultListener) -> Callable[[], None]:
        """Call ``listener`` with every send's result; returns the function that stops it."""
        return subscribe(self.result_listeners, listener)

    def report(self, result: SendResult) -> None:
        """Record a send's outcome and tell every listener."""
        self.last_result = result
        self.problems.observe(result)
        for listener in tuple(self.result_listeners):
            listener(result)

    async def async_send(self, message: Message) -> SendResult:
        """Send a validated message through the spend guard and report its outcome; never
        raises for rejections (a refusal of the guard is a result too). A send whose every
        recipient was held as a repeat did nothing, so listeners hear nothing of it."""
        result = await self.guard.async_send(self.client, message)
        if any(outcome.status is not Status.HELD for outcome in result.results):
            self.report(result)
        return result

    async def async_send_text(
        self,
        identity: ServiceIdentity,
        text: str,
        numbers: list[str],
        *,
        sender: str | None = None,
        title: str | None = None,
        reference: str | None = None,
    ) -> SendResult:
        """Validate and send ``text`` as every action and entity of the entry does, and raise
        unless every recipient accepted it: bad input raises ``ServiceValidationError``
        before anything is sent, anything the provider did not accept ``HomeAssistantError``
        (:mod:`.errors`). ``sender`` None is the account's."""
        try:
            sms = self.client.message(
                text, numbers, sender=self.sender if sender is None else sender, title=title, reference=reference
            )
        except ValidationError as err:
            raise invalid_message(identity, err) from None
        result = await self.async_send(sms)
        if (error := send_error(identity, result)) is not None:
            raise error
        return result


SmsConfigEntry: TypeAlias = ConfigEntry[SmsRuntimeData]
