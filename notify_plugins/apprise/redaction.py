"""Keep credentials of our URLs out of Apprise's own log lines.

At ``-vvvv`` (TRACE) Apprise logs every URL it parses, raw, with the values our
``parse_url`` returned ("... URL prosms://KEY@... unpacked as: apikey="KEY" ..."), and
its YAML loader does the same for each entry. A plugin cannot change those lines, so
:func:`install` puts a filter on the ``apprise`` logger that rewrites any record about
one of our schemes before a handler sees it: the part of a URL before the ``@`` becomes
``****`` and every credential field's value becomes ``****``. Records about other
schemes pass untouched.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable

CREDENTIAL_FIELDS = ("user", "password", "apikey", "key", "secret", "username")
"""Names under which a URL's credentials appear in Apprise's "unpacked as" dumps."""

_MASK = "****"


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
        return self._fields.sub(rf'\g<1>\g<2>="{_MASK}"', text)

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
