"""What the sandbox's API emulations take and give: a parsed request and a reply.

The HTTP server (:mod:`.server`) turns bytes into a :class:`Request` and a :class:`Reply`
back into bytes; the emulations in between are plain functions of values, so each one
reads like the provider's document and never touches a socket.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import hmac
import html
import json
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import parse_qsl

Pairs = tuple[tuple[str, str], ...]

STATUS_TEXTS: Mapping[int, str] = {
    400: "Bad Request",
    401: "Unauthorized",
    404: "Not Found",
    405: "Method Not Allowed",
    429: "Too Many Requests",
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
}


@dataclass(frozen=True, slots=True)
class Request:
    """One request as an emulation sees it.

    ``path`` is the part after the provider's prefix (``/v1/sms/send`` for
    ``/prosms/v1/sms/send``); ``base`` is the URL of that prefix as the client reached it,
    for links in replies. Header names are lower-case.
    """

    method: str
    path: str
    query: Pairs = ()
    headers: Mapping[str, str] = field(default_factory=dict)
    body: bytes = b""
    base: str = ""

    def header(self, name: str) -> str | None:
        return self.headers.get(name.lower())

    def json(self) -> Any:
        """The body as JSON; raises ``ValueError`` when it is not JSON."""
        return json.loads(self.body.decode("utf-8"))

    def form(self) -> Pairs:
        """The body as ``application/x-www-form-urlencoded`` UTF-8 fields; raises ``ValueError``."""
        return tuple(parse_qsl(self.body.decode("utf-8"), keep_blank_values=True, errors="strict"))

    def params(self, *, with_form: bool = False) -> dict[str, str]:
        """Query parameters (then form fields, for APIs that take both), first value wins."""
        found: dict[str, str] = {}
        pairs = self.query
        if with_form and self.body:
            with contextlib.suppress(ValueError):
                pairs = pairs + self.form()
        for name, value in pairs:
            found.setdefault(name, value)
        return found

    def bearer_token(self) -> str | None:
        """The token of an ``Authorization: Bearer`` header, None when there is none."""
        scheme, _, token = (self.header("authorization") or "").strip().partition(" ")
        return token.strip() if scheme.lower() == "bearer" and token.strip() else None

    def basic_credentials(self) -> tuple[str, str] | None:
        """``(user, password)`` of an ``Authorization: Basic`` header, None when absent or broken."""
        scheme, _, encoded = (self.header("authorization") or "").strip().partition(" ")
        if scheme.lower() != "basic":
            return None
        try:
            decoded = base64.b64decode(encoded.strip(), validate=True).decode("utf-8")
        except (binascii.Error, UnicodeDecodeError, ValueError):
            return None
        user, colon, password = decoded.partition(":")
        return (user, password) if colon else None


@dataclass(frozen=True, slots=True)
class Reply:
    """A complete reply; ``delay`` holds it back that many seconds before it is written."""

    status: int
    body: bytes = b""
    content_type: str = "application/json"
    headers: Pairs = ()
    delay: float = 0.0

    def with_header(self, name: str, value: str) -> Reply:
        return replace(self, headers=(*self.headers, (name, value)))


def json_reply(status: int, data: object, headers: Pairs = ()) -> Reply:
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()
    return Reply(status, body, "application/json", headers)


def text_reply(status: int, text: str, headers: Pairs = ()) -> Reply:
    return Reply(status, text.encode(), "text/plain; charset=utf-8", headers)


def html_page(status: int, detail: str = "", headers: Pairs = ()) -> Reply:
    """The kind of page a web server or front proxy answers with: HTML, not the API's JSON."""
    title = f"{status} {STATUS_TEXTS.get(status, 'Error')}"
    paragraph = f"<p>{html.escape(detail)}</p>" if detail else ""
    page = f"<!DOCTYPE html><html><head><title>{title}</title></head><body><h1>{title}</h1>{paragraph}</body></html>"
    return Reply(status, page.encode(), "text/html; charset=utf-8", headers)


def same_secret(given: str | None, expected: str) -> bool:
    """Constant-time comparison of a credential from a request with the demo one."""
    return given is not None and hmac.compare_digest(given.encode("utf-8", "replace"), expected.encode())
