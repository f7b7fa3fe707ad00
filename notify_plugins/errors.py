"""The errors callers can act on.

Every failure the library reports is a :class:`NotifyError`, and the subclass says what
to do about it: fix the input (:class:`ValidationError`), fix the credentials
(:class:`AuthenticationError`), top up (:class:`InsufficientCreditError`), wait
(:class:`RateLimitedError`), read the provider's reason (:class:`ProviderRejectedError`)
or retry later (:class:`TransportError`). Messages never contain secrets; numbers in them
are masked by the code that raises.
"""

from __future__ import annotations


class NotifyError(Exception):
    """Base class of every error this library raises on purpose.

    ``code`` and ``text`` carry the provider's own error code and message when the error
    came from a provider, so nothing the provider said is lost in translation.
    """

    def __init__(self, message: str, *, code: str | int | None = None, text: str | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.text = text


class ValidationError(NotifyError, ValueError):
    """Input that would never be accepted; raised before anything is sent.

    ``field`` names the offending input (``sender``, ``number``, ``message``, ...), so
    adapters can point at the right form field or YAML key. ``rule`` is the message without
    the (masked) value it was about, for an adapter that shows the value as the user typed it.
    """

    def __init__(self, field: str, message: str, *, rule: str | None = None) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.rule = message if rule is None else rule


class AuthenticationError(NotifyError):
    """The provider refused the credentials (bad, expired or missing key)."""


class InsufficientCreditError(NotifyError):
    """The account has no credit left for this send."""


class RateLimitedError(NotifyError):
    """The provider asked us to slow down; ``retry_after`` is in seconds when known."""

    def __init__(
        self,
        message: str,
        *,
        retry_after: float | None = None,
        code: str | int | None = None,
        text: str | None = None,
    ) -> None:
        super().__init__(message, code=code, text=text)
        self.retry_after = retry_after


class ProviderRejectedError(NotifyError):
    """The provider refused the message or some of its recipients.

    ``rejected`` holds the per-recipient results when the refusal was per recipient.
    """

    def __init__(
        self,
        message: str,
        *,
        code: str | int | None = None,
        text: str | None = None,
        rejected: tuple[object, ...] = (),
    ) -> None:
        super().__init__(message, code=code, text=text)
        self.rejected = rejected


class TransportError(NotifyError):
    """The HTTP exchange itself failed.

    ``sent`` is False when the request certainly never reached the provider (connection
    refused, DNS failure) and True when it may have (read timeout, reset after sending):
    in the latter case the SMS may or may not go out, and retrying could send it twice.
    """

    def __init__(self, message: str, *, sent: bool) -> None:
        super().__init__(message)
        self.sent = sent


class ProviderResponseError(NotifyError):
    """The provider answered with something its API does not document.

    The message quotes a short excerpt of the body so the cause can be seen. A reply may
    echo the request, credentials included (an error page quoting the query string), so
    every excerpt is scrubbed of them first (:class:`~notify_plugins.providers.base.ReplyReader`).
    """
