"""A message that has passed every local check and is ready for a provider."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from .errors import ValidationError
from .text import Segments, count_segments
from .validation import check_numbers, validate_sender


def compose_text(message: str, title: str | None = None) -> str:
    """SMS has no subject line: a title becomes the first line of the text."""
    title = (title or "").strip()
    return f"{title}\n{message}" if title else message


@dataclass(frozen=True, slots=True)
class Message:
    """Text, sender and normalised recipients, with the text's segment analysis.

    Build it with :meth:`create`, which validates everything; a ``Message`` that exists
    is one no local rule objects to. A provider's own limits are checked once, by
    :meth:`Provider.check <notify_plugins.providers.base.Provider.check>`: the client does
    it when it makes the message, and a provider's ``build_send`` does it for a message
    that was not made for it.
    """

    text: str
    recipients: tuple[str, ...]
    sender: str
    segments: Segments
    reference: str | None = None
    _checked: object = field(default=None, init=False, repr=False, compare=False)
    """The mark of the provider whose rules the message passed. It records a fact about
    content that cannot change; a copy made by ``dataclasses.replace`` (new content)
    carries none, so a changed message is checked again."""

    def checked_with(self, mark: object) -> Message:
        """This message, marked with ``mark``: a provider's record that it passed its rules."""
        object.__setattr__(self, "_checked", mark)
        return self

    def was_checked_with(self, mark: object) -> bool:
        return self._checked is mark

    @classmethod
    def create(
        cls,
        text: str,
        recipients: Iterable[object] | str,
        sender: str,
        *,
        country: str | None = None,
        reference: str | None = None,
        title: str | None = None,
    ) -> Message:
        """Validate and normalise; raise :class:`ValidationError` naming the field at fault.

        Any invalid recipient fails the whole message, listing every bad number, so a
        caller that wants to send to the valid rest can use
        :func:`~notify_plugins.validation.check_numbers` first.
        """
        if not isinstance(text, str):
            raise ValidationError("message", f"must be text, not {type(text).__name__}")
        full_text = compose_text(text, title)
        if not full_text.strip():
            raise ValidationError("message", "is empty")
        if isinstance(recipients, str):
            recipients = [recipients]
        checked = check_numbers(recipients, country)
        if checked.invalid:
            raise ValidationError(
                "recipients", "; ".join(str(err).removeprefix("number: ") for _, err in checked.invalid)
            )
        if not checked.valid:
            raise ValidationError("recipients", "at least one recipient is needed")
        if reference is not None and (not isinstance(reference, str) or not reference.strip()):
            raise ValidationError("reference", "must be non-empty text when given")
        return cls(
            text=full_text,
            recipients=checked.valid,
            sender=validate_sender(sender),
            segments=count_segments(full_text),
            reference=reference,
        )
