"""Keep credentials of our URLs out of Apprise's own log lines.

At ``-vvvv`` (TRACE) Apprise logs every URL it parses, raw, with the values our
``parse_url`` returned ("... URL prosms://KEY@... unpacked as: apikey="KEY" ..."), and
its YAML loader does the same for each entry. A plugin cannot change those lines, so
:func:`install` puts a filter on the ``apprise`` logger that rewrites any record about
one of our schemes before a handler sees it: the part of a URL before the ``@`` becomes
``****``, every credential field's value becomes ``****``, and every phone number keeps
only its last three digits, as the plugins' own lines do. A number counts as one however
a user wrote it in the URL: six or more digits, with or without ``+``, spaces, dashes and
brackets between them, raw or percent-encoded (``070-123%2045%2067``), since Apprise dumps
both the URL and the targets it split from it. Records about other schemes pass untouched.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable

from ..validation import mask_number

CREDENTIAL_FIELDS = ("user", "password", "apikey", "key", "secret", "username")
"""Names under which a URL's credentials appear in Apprise's "unpacked as" dumps."""

_MASK = "****"
_NUMBER = re.compile(r"(?:\+|%2[Bb])?\d(?:\d|[ ()-]|%2[0Dd89])*\d")
"""A run of digits, maybe written as a number is: ``+``, spaces, dashes, brackets, raw or
percent-encoded. Dots and colons end it, so addresses and ports stay readable."""
_ESCAPE = re.compile(r"%[0-9A-Fa-f]{2}")
_MIN_DIGITS = 6
"""Fewer digits are a port, a count or a code, not a phone number."""


def _mask_run(found: re.Match[str]) -> str:
    digits = "".join(c for c in _ESCAPE.sub("", found.group()) if c.isdigit())
    return mask_number(digits) if len(digits) >= _MIN_DIGITS else found.group()


class CredentialRedactor(logging.Filter):
    """Mask userinfo and credential fields in records that mention the given schemes."""

    def __init__(self, schemes: Iterable[str]) -> None:
        super().__init__()
        names = "|".join(sorted((re.escape(s) for s in schemes), key=len, reverse=True))
        self._mentions = re.compile(rf"\b(?:{names})://|schema=\"(?:{names})\"", re.IGNORECASE)
        self._userinfo = re.compile(rf"\b((?:{names})://)[^\s/?#]*@", re.IGNORECASE)
        fields = "|".join(CREDENTIAL_FIELDS)
        self._fields = re.compile(rf"(^|[\s,{{(])({fields})=(\"[^\"\n]*\"|'[^'\n]*'|[^\s,}})]*)", re.MULTILINE)

    def redact(self, text: str) -> str:
        if not self._mentions.search(text):
            return text
        text = self._userinfo.sub(rf"\g<1>{_MASK}@", text)
        text = self._fields.sub(rf'\g<1>\g<2>="{_MASK}"', text)
        return _NUMBER.sub(_mask_run, text)

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except (TypeError, ValueError):  # a malformed record is the handler's business
            return True
        redacted = self.redact(message)
        if redacted != message:
            record.msg, record.args = redacted, ()
        return True


def install(schemes: Iterable[str], logger_name: str = "apprise") -> None:
    """Add the filter to Apprise's logger once (it is a module-level singleton)."""
    logger = logging.getLogger(logger_name)
    if not any(isinstance(f, CredentialRedactor) for f in logger.filters):
        logger.addFilter(CredentialRedactor(schemes))


__all__ = ["CREDENTIAL_FIELDS", "CredentialRedactor", "install"]
