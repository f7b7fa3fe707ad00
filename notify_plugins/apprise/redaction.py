"""Keep credentials of our URLs out of Apprise's own log lines.

At ``-vvvv`` (TRACE) Apprise logs every URL it parses, raw, with the values our
``parse_url`` returned ("... URL prosms://KEY@... unpacked as: apikey="KEY" ..."), and
its YAML loader does the same for each entry. A plugin cannot change those lines, so
:func:`install` puts a filter on the ``apprise`` logger that rewrites any record about
one of our schemes before a handler sees it: the part of a URL before the ``@`` becomes
``****``, every credential field's value becomes ``****``, and every run of six or more
digits (a phone number) keeps only its last three, as the plugins' own lines do. Records
about other schemes pass untouched.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable

from ..validation import mask_number

CREDENTIAL_FIELDS = ("user", "password", "apikey", "key", "secret", "username")
"""Names under which a URL's credentials appear in Apprise's "unpacked as" dumps."""

_MASK = "****"
_NUMBER = re.compile(r"\d{6,}")
"""A phone number in a URL or a field dump; ports (at most 5 digits) are left alone."""


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
        return _NUMBER.sub(lambda found: mask_number(found.group()), text)

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
