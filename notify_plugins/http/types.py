"""Frozen descriptions of HTTP requests and responses.

Providers produce :class:`HttpRequest` values and consume :class:`HttpResponse` values;
they never see a socket, so the same provider code serves ``requests`` and ``aiohttp``
and is tested without mocks (the h11 way).
"""

from __future__ import annotations

import codecs
import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any
from urllib.parse import urlencode, urlsplit

from ..errors import ProviderResponseError

Pairs = tuple[tuple[str, str], ...]


def _pairs(items: Mapping[str, object] | Iterable[tuple[str, object]] | None) -> Pairs:
    if items is None:
        return ()
    source = items.items() if isinstance(items, Mapping) else items
    return tuple((str(k), str(v)) for k, v in source if v is not None)


_JSON = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))
"""Compact UTF-8 JSON, the one encoder of every request body."""


def _c_encoder() -> Callable[[Any, int], Iterable[str]] | None:
    """:data:`_JSON`'s C encoder, made once (``JSONEncoder.encode`` makes it anew for every
    body), without circular-reference checks, which plain data we build never needs. None
    where CPython's C speed-ups are missing or answer differently: then :data:`_JSON` serves."""
    make = getattr(json.encoder, "c_make_encoder", None)
    if make is None:
        return None
    try:
        encode: Callable[[Any, int], Iterable[str]] = make(
            None, _JSON.default, json.encoder.encode_basestring, None, ":", ",", False, False, True
        )
        sample = {"ä": [1, 2.5, None, True, "\n"]}
        return encode if "".join(encode(sample, 0)) == _JSON.encode(sample) else None
    except TypeError:
        return None


_ENCODE = _c_encoder()


def _json_body(payload: Any) -> bytes:
    """``payload`` as compact UTF-8 JSON."""
    text = _JSON.encode(payload) if _ENCODE is None else "".join(_ENCODE(payload, 0))
    return text.encode()


_DECODER = json.JSONDecoder()
_DIGITS_AS_ZEROS = bytes.maketrans(b"123456789", b"000000000")
_LONG_NUMBER = b"0" * 19
"""19 digits in a row (once every digit reads ``0``): maybe an integer beyond 64 bits,
which orjson reads as a float."""


@cache
def _orjson_loads() -> Callable[[bytes], Any] | None:
    """``orjson.loads`` where orjson is installed (Home Assistant always has it), else None.

    Imported at the first reply rather than with this module, so importing stays cheap."""
    try:
        import orjson
    except ImportError:
        return None
    loads: Callable[[bytes], Any] = orjson.loads
    return loads


def _decode_json(body: bytes) -> Any:
    """A reply body's JSON value; ``ValueError`` (``UnicodeDecodeError`` included) if it
    is not JSON.

    orjson reads a short reply in a third of the standard decoder's time; it takes strict
    RFC 8259 JSON only and reads integers beyond 64 bits as floats, so a body it refuses or
    that may hold such an integer goes to the standard decoder, and the value is the same
    either way. JSON exchanged between systems is UTF-8 (RFC 8259, section 8.1), and a
    reader may ignore a byte order mark, so the standard decoder reads the body as that:
    ``json.loads`` would first look for UTF-16 and UTF-32.
    """
    fast = _orjson_loads()
    if fast is not None and _LONG_NUMBER not in body.translate(_DIGITS_AS_ZEROS):
        try:
            return fast(body)
        except ValueError:
            pass
    return _DECODER.decode(body.removeprefix(codecs.BOM_UTF8).decode())


def join_url(base: str, path: str) -> str:
    """Append a documented API path to a base that may carry a path prefix."""
    return base.rstrip("/") + "/" + path.lstrip("/")


def excerpt(body: bytes | str, secrets: Iterable[str] = (), limit: int = 120) -> str:
    """A short, printable, secret-free quote of a response body for error messages."""
    text = body.decode("utf-8", "replace") if isinstance(body, bytes) else body
    for secret in secrets:
        if secret:
            text = text.replace(secret, "***")
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


@dataclass(frozen=True, slots=True)
class HttpRequest:
    """Everything a transport needs to send one request.

    ``params`` are kept apart from ``url`` so that logs can show the endpoint without a
    query string that may hold a key (the gateway and Spryng Simple put secrets there).
    """

    method: str
    url: str
    params: Pairs = field(default=(), repr=False)
    headers: Pairs = field(default=(), repr=False)
    body: bytes | None = field(default=None, repr=False)

    def __repr__(self) -> str:
        """Only what :meth:`describe` shows: query, headers and body may hold credentials."""
        size = len(self.body) if self.body is not None else 0
        return f"<HttpRequest {self.describe()} params={len(self.params)} headers={len(self.headers)} body={size}B>"

    @classmethod
    def get(
        cls,
        url: str,
        params: Mapping[str, object] | Iterable[tuple[str, object]] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> HttpRequest:
        return cls("GET", url, _pairs(params), _pairs(headers))

    @classmethod
    def post_json(cls, url: str, payload: Any, headers: Mapping[str, str] | None = None) -> HttpRequest:
        return JsonEndpoint.create(url, headers).post(payload)

    @classmethod
    def post_form(
        cls,
        url: str,
        fields: Mapping[str, object] | Iterable[tuple[str, object]],
        headers: Mapping[str, str] | None = None,
    ) -> HttpRequest:
        all_headers = {
            "Content-Type": "application/x-www-form-urlencoded; charset=UTF-8",
            "Accept": "application/json",
            **(headers or {}),
        }
        return cls("POST", url, (), _pairs(all_headers), urlencode(_pairs(fields)).encode())

    @property
    def full_url(self) -> str:
        """The URL with its query string, as it goes on the wire."""
        if not self.params:
            return self.url
        return self.url + ("&" if "?" in self.url else "?") + urlencode(self.params)

    def header(self, name: str) -> str | None:
        lowered = name.lower()
        return next((v for k, v in self.headers if k.lower() == lowered), None)

    def describe(self) -> str:
        """``METHOD scheme://host/path``: safe to log, no query, no headers."""
        parts = urlsplit(self.url)
        return f"{self.method} {parts.scheme}://{parts.hostname}{f':{parts.port}' if parts.port else ''}{parts.path}"

    def json(self) -> Any:
        """The JSON body decoded (for tests and the sandbox)."""
        return json.loads(self.body or b"null")


@dataclass(frozen=True, slots=True)
class JsonEndpoint:
    """Where a provider POSTs JSON, prepared once: the URL and the headers (``Content-Type``,
    ``Accept`` and the provider's own, in that order) are the same for every request, so a
    send only encodes its payload."""

    url: str
    headers: Pairs

    @classmethod
    def create(cls, url: str, headers: Mapping[str, str] | None = None) -> JsonEndpoint:
        return cls(
            url, tuple({"Content-Type": "application/json", "Accept": "application/json", **(headers or {})}.items())
        )

    def post(self, payload: Any) -> HttpRequest:
        """The request that POSTs ``payload`` as compact UTF-8 JSON."""
        return HttpRequest("POST", self.url, (), self.headers, _json_body(payload))


@dataclass(frozen=True, slots=True)
class HttpResponse:
    """A complete response; header names are stored lower-case."""

    status: int
    body: bytes = b""
    headers: Pairs = ()

    @classmethod
    def create(
        cls, status: int, body: bytes | str = b"", headers: Mapping[str, str] | Iterable[tuple[str, str]] | None = None
    ) -> HttpResponse:
        raw = body.encode() if isinstance(body, str) else body
        return cls(status, raw, tuple((k.lower(), v) for k, v in _pairs(headers)))

    @classmethod
    def received(cls, status: int, body: bytes, headers: Iterable[tuple[str, str]]) -> HttpResponse:
        """A response as a transport received it: the header names and values are text."""
        return cls(status, body, tuple([(name.lower(), value) for name, value in headers]))

    def header(self, name: str) -> str | None:
        lowered = name.lower()
        return next((v for k, v in self.headers if k == lowered), None)

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")

    def json(self, secrets: Iterable[str] = ()) -> Any:
        """Decode a JSON body or raise :class:`ProviderResponseError` quoting it."""
        try:
            return _decode_json(self.body)
        except (ValueError, UnicodeDecodeError):
            raise ProviderResponseError(
                f"HTTP {self.status} with a body that is not JSON: {excerpt(self.body, secrets)!r}",
                code=self.status,
            ) from None

    def json_object(self, secrets: Iterable[str] = ()) -> dict[str, Any]:
        """Like :meth:`json` but insists on a JSON object, the shape every provider uses."""
        try:
            data = _decode_json(self.body)
        except (ValueError, UnicodeDecodeError):
            data = self.json(secrets)  # raises, quoting the body
        if not isinstance(data, dict):
            raise ProviderResponseError(
                f"HTTP {self.status} with unexpected JSON: {excerpt(self.body, secrets)!r}", code=self.status
            )
        return data
