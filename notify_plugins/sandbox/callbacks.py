"""Delivery reports the sandbox sends back, as a provider calls a send's callback URL.

A send carrying ``dlrUrl`` (ProSMS.se, SMS.dk) or ``statusCallback`` (Smstools) gets one
report per accepted recipient shortly after, in the format the library assumes for that
provider (see ``CALLBACK_FIELDS`` in its provider module), with the status "delivered".
That closes the loop for end-to-end tests: send through the sandbox with a webhook URL
and watch the report arrive.

Reports go to loopback addresses only (``127.0.0.0/8``, ``::1``, ``localhost``): the
sandbox never makes a request that leaves the machine, whatever URL a client sends.
"""

from __future__ import annotations

import ipaddress
import logging
import threading
import urllib.request
from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit

_LOGGER = logging.getLogger(__name__)

DELAY = 0.2
"""Seconds between accepting a send and calling back: after the send's reply, as a real
provider's report comes after the send returned."""

TIMEOUT = 5.0


@dataclass(frozen=True, slots=True)
class Callback:
    """One delivery-report request to make."""

    method: str
    url: str
    body: bytes = b""
    content_type: str | None = None


def is_loopback(url: str) -> bool:
    """True for an http(s) URL whose host is this machine."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return False
    if parts.hostname == "localhost":
        return True
    try:
        return ipaddress.ip_address(parts.hostname).is_loopback
    except ValueError:
        return False


def with_query(url: str, params: list[tuple[str, str]]) -> str:
    """``url`` with ``params`` appended to whatever query it already has (as providers do)."""
    joiner = "&" if urlsplit(url).query else "?"
    return f"{url}{joiner}{urlencode(params)}" if params else url


def form(params: list[tuple[str, str]]) -> tuple[bytes, str]:
    return urlencode(params).encode(), "application/x-www-form-urlencoded"


class CallbackSender:
    """Makes :class:`Callback` requests on timer threads; :meth:`close` cancels the pending."""

    def __init__(self, delay: float = DELAY) -> None:
        self.delay = delay
        self._timers: set[threading.Timer] = set()
        self._lock = threading.Lock()
        self._closed = False

    def schedule(self, callback: Callback) -> bool:
        """Queue ``callback``; False (and nothing queued) for a URL off this machine."""
        if not is_loopback(callback.url):
            _LOGGER.info("sandbox: not calling back a delivery report to a host other than this machine")
            return False
        with self._lock:
            if self._closed:
                return False
            timer = threading.Timer(self.delay, self._run, args=(callback,))
            timer.daemon = True
            self._timers.add(timer)
        timer.start()
        return True

    def _run(self, callback: Callback) -> None:
        with self._lock:
            self._timers = {t for t in self._timers if t.is_alive() and t is not threading.current_thread()}
        headers = {"Content-Type": callback.content_type} if callback.content_type else {}
        request = urllib.request.Request(  # noqa: S310 - is_loopback allowed only http(s) to this machine
            callback.url, data=callback.body or None, headers=headers, method=callback.method
        )
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT) as response:  # noqa: S310
                response.read()
        except OSError as err:
            _LOGGER.info("sandbox: delivery report not taken: %s", type(err).__name__)

    def open(self) -> None:
        """Take callbacks again after :meth:`close` (a sandbox started anew)."""
        with self._lock:
            self._closed = False

    def close(self) -> None:
        with self._lock:
            self._closed = True
            timers, self._timers = self._timers, set()
        for timer in timers:
            timer.cancel()
