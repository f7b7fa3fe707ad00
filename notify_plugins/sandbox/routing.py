"""The shape every emulated API shares: routes, the provider's own 404/405, faults.

An :class:`Api` owns one provider's paths (under its key prefix) and answers in that
provider's shapes. The sandbox markers of :mod:`.triggers` are applied the same way for
all of them: :meth:`Api.faulted` before a send is processed, :func:`finish` on its reply.
"""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace

from .callbacks import Callback, CallbackSender
from .exchange import Reply, Request, html_page
from .messages import Accepted, MessageLog, Record
from .triggers import Fault, FaultBudget, Triggers, parse_triggers

Handler = Callable[[Request], Reply]


@dataclass(frozen=True, slots=True)
class Route:
    """A path (a regular expression matched in full) and its handler per HTTP method."""

    pattern: re.Pattern[str]
    methods: Mapping[str, Handler]

    @classmethod
    def at(cls, pattern: str, **methods: Handler) -> Route:
        return cls(re.compile(pattern), methods)


@dataclass(frozen=True, slots=True)
class SandboxState:
    """What every emulation shares: the message log, the ``times=N`` fault counts and the
    sender of delivery-report callbacks."""

    log: MessageLog
    budget: FaultBudget
    callbacks: CallbackSender = field(default_factory=CallbackSender)


class Api(ABC):
    """One provider's emulated API."""

    key: str
    """The path prefix and provider key (``prosms``, ``smstools``...)."""

    def __init__(self, state: SandboxState) -> None:
        self.state = state
        self._routes = tuple(self.routes())

    @abstractmethod
    def routes(self) -> Iterable[Route]:
        """The API's paths, relative to its prefix."""

    @abstractmethod
    def not_found(self, request: Request) -> Reply:
        """The provider's answer to a path it does not have."""

    def wrong_method(self, request: Request) -> Reply:
        """The provider's answer to a known path with another method (404 unless overridden)."""
        return self.not_found(request)

    @abstractmethod
    def error_reply(self, status: int) -> Reply:
        """The provider's own body for an HTTP 429, 500 or 503."""

    def handle(self, request: Request) -> Reply:
        for route in self._routes:
            if route.pattern.fullmatch(request.path):
                handler = route.methods.get(request.method)
                return self.wrong_method(request) if handler is None else handler(request)
        return self.not_found(request)

    def faulted(self, text: str) -> tuple[Triggers, Reply | None]:
        """The markers in a send's text, and the fault reply if one applies to this request."""
        triggers = parse_triggers(text)
        if triggers.fault is None or not self.state.budget.take(self.key, text, triggers.times):
            return triggers, None
        return triggers, self.fault(triggers.fault, triggers)

    def fault(self, fault: Fault, triggers: Triggers) -> Reply:
        if fault == "html":
            return html_page(502, "The proxy received an invalid response from the upstream server.")
        reply = self.error_reply(int(fault))
        if fault in ("429", "503"):
            reply = reply.with_header("Retry-After", triggers.retry_after_header)
        return reply

    def accept(self, messages: Iterable[Accepted]) -> list[Record]:
        """Log accepted messages and schedule the delivery reports their sends asked for."""
        records = self.state.log.add(messages)
        for record in records:
            callback = self.delivery_report(record)
            if callback is not None:
                self.state.callbacks.schedule(callback)
        return records

    def delivery_report(self, record: Record) -> Callback | None:
        """The callback a send's URL gets for this message; None where the API has none."""
        return None


def finish(reply: Reply, triggers: Triggers) -> Reply:
    """Apply ``truncated``, ``empty`` and ``slow`` to the reply of an accepted send."""
    if triggers.mangle == "truncated":
        reply = replace(reply, body=reply.body[: max(1, len(reply.body) // 2)])
    elif triggers.mangle == "empty":
        reply = replace(reply, body=b"")
    if triggers.slow:
        reply = replace(reply, delay=triggers.slow)
    return reply
