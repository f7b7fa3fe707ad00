"""The sans-IO send loop shared by the sync and async clients.

It asks the provider for batches, takes each batch's response or transport failure,
and keeps every recipient accounted for: results the provider omitted become
``unknown``, an account-level error stops the remaining batches (they are reported as
rejected with that error, not silently dropped), and unreadable responses become
``unknown`` because the provider may have acted on them.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from .errors import (
    AuthenticationError,
    InsufficientCreditError,
    NotifyError,
    ProviderRejectedError,
    ProviderResponseError,
    RateLimitedError,
    TransportError,
)
from .http.types import HttpResponse
from .message import Message
from .providers.base import BatchNotSent, Provider, SendBatch
from .results import RecipientResult, SendResult, Status

_STOPPING = (AuthenticationError, InsufficientCreditError, RateLimitedError)


class SendOperation:
    """Drive one send: ``for batch in op.batches(): op.record_response(batch, ...)``."""

    def __init__(self, provider: Provider, message: Message) -> None:
        self._planned = provider.build_send(message)  # checks a message not yet checked for it, now
        self.provider = provider
        self.message = message
        self.error: NotifyError | None = None
        self._results: list[RecipientResult] = []
        self._pending: SendBatch | None = None
        self._withdrawn: list[tuple[SendBatch, BatchNotSent]] = []

    def batches(self) -> Iterator[SendBatch]:
        """Yield batches until done or until an account-level error makes the rest futile."""
        for batch in self._planned:
            if isinstance(self.error, _STOPPING):
                self._fail(batch, self.error, sent=False)
                continue
            self._pending = batch
            yield batch
            if self._pending is batch:  # the caller neither recorded a response nor a failure
                self._settle(batch, [RecipientResult.unknown(n, "no response recorded") for n in batch.recipients])
        if not self._withdrawn:
            return
        settled = {result.number for result in self._results}
        for withdrawn, error in self._withdrawn:  # recipients the provider did not send again
            missing = [number for number in withdrawn.recipients if number not in settled]
            if missing:
                self.error = self.error or error
                self._results += self._failures(missing, error, sent=False)

    def record_response(self, batch: SendBatch, response: HttpResponse) -> None:
        try:
            results = self.provider.parse_send(batch, response)
        except BatchNotSent as err:
            self._withdrawn.append((batch, err))
            self._pending = None
            return
        except ProviderResponseError as err:
            self.error = self.error or err
            results = [RecipientResult.unknown(n, str(err), code=str(err.code)) for n in batch.recipients]
        except (ProviderRejectedError, *_STOPPING) as err:
            self.error = self.error or err
            self._fail(batch, err, sent=True)
            return
        self._settle(batch, results)

    def record_failure(self, batch: SendBatch, error: TransportError) -> None:
        self.error = self.error or error
        self._fail(batch, error, sent=error.sent)

    def _fail(self, batch: SendBatch, error: NotifyError, *, sent: bool) -> None:
        self._settle(batch, self._failures(batch.recipients, error, sent=sent))

    @staticmethod
    def _failures(numbers: Iterable[str], error: NotifyError, *, sent: bool) -> list[RecipientResult]:
        if isinstance(error, TransportError) and sent:
            return [RecipientResult.unknown(n, str(error)) for n in numbers]
        code = error.code if error.code is not None else type(error).__name__
        reason = error.text or str(error)
        return [RecipientResult.rejected(n, code, reason) for n in numbers]

    def _settle(self, batch: SendBatch, results: list[RecipientResult]) -> None:
        self._pending = None
        by_number = {r.number: r for r in results}
        missing = "provider did not report on this number"
        for number in batch.recipients:
            self._results.append(by_number.get(number) or RecipientResult(number, Status.UNKNOWN, reason=missing))

    def result(self) -> SendResult:
        return SendResult(self.provider.name, tuple(self._results), self.error)
