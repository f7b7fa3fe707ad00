"""What the five Apprise plugins share: one URL grammar, privacy, and one call into the core.

A plugin module only declares what its service is (scheme, credential tokens, names,
links); everything else happens here, the same way for every provider:

* **URL.** ``{schema}://{credentials}@{sender}/{targets}``: the credentials sit where a
  user name would, the sender where a host would, the targets in the path, separated by
  ``/`` or ``,``. ``?from=`` gives a sender a host cannot hold (``Home Alarm``); the host
  position then holds a first target. ``?to=`` adds targets, ``?country=`` is the region
  for national numbers, ``?api_url=`` replaces the API base (the README's "URL forms").
  The gateway puts its own host there and the sender first in the path.
* **Configuration errors** (sender, country, credentials, api_url) raise ``TypeError``
  in ``__init__`` after a warning that says why, so ``Apprise.add`` returns False.
  An invalid target is dropped with a warning; with none left, nothing is sent.
* **Sending** builds the core provider with ``create_provider`` and sends through
  :class:`~notify_plugins.client.SmsClient` on a ``requests`` session that carries
  Apprise's ``verify`` and ``cto``/``rto``. Each recipient's outcome is logged; a
  send is a success only when every recipient was accepted.
* **Secrets** (every credential except Spryng's username) are never logged and show as
  ``****`` in ``url(privacy=True)``; ``url_identifier`` holds a digest of them.
* **Spend guard** (``?daily_limit=``, ``?repeat_window=``): the core's
  :class:`~notify_plugins.guard.SpendGuard` around the send, its ledger in Apprise's
  persistent storage (:mod:`.spend`). A refused send logs one warning and returns False; a
  held repeat logs one info line and is no failure.
"""

from __future__ import annotations

import hashlib
import ipaddress
import logging
import re
import time
import weakref
from collections.abc import Callable, Iterable, Mapping
from datetime import tzinfo
from functools import cached_property
from typing import Any, ClassVar
from urllib.parse import urlsplit

import requests
from apprise import NotifyBase, NotifyType
from apprise.common import OverflowMode
from apprise.locale import gettext_lazy as _
from apprise.url import PrivacyMode

from ..client import SmsClient
from ..errors import SpendGuardError, ValidationError
from ..guard import SpendGuard, SpendLimits
from ..http.policy import RetryPolicy
from ..http.sync import SyncTransport
from ..http.types import HttpRequest, HttpResponse
from ..providers import Provider, create_provider, provider_class
from ..results import SendResult, Status
from ..text import PART_SIZES, count_segments, split_to_parts, truncate_to_parts
from ..validation import mask_number, normalize_number, validate_country, validate_sender
from .spend import ledger_storage

PROJECT_URL = "https://github.com/notify-plugins/notify-plugins"
"""The project's home, the ``service_url`` of the gateway (which has no vendor site)."""


def provider_page(page: str) -> str:
    """A plugin's ``setup_url``: its provider's page in the project's documentation, which
    says where the credentials are, which sender names pass and the URL form, with examples."""
    return f"{PROJECT_URL}/blob/main/docs/providers/{page}.md"


SENDER_REGEX = (r"^([A-Za-z0-9 .\-_&!']{3,11}|\+?[0-9]{3,15})$", None)
"""The core's sender rule (:func:`~notify_plugins.validation.validate_sender`) as a regex."""

TARGET_TOKENS: Mapping[str, Mapping[str, Any]] = {
    "sender": {"name": _("Sender"), "type": "string", "required": True, "regex": SENDER_REGEX},
    "target_phone": {
        "name": _("Target Phone No"),
        "type": "string",
        "prefix": "+",
        "regex": (r"^[0-9\s)(+.-]+$", "i"),
        "map_to": "targets",
    },
    "targets": {"name": _("Targets"), "type": "list:string", "required": True},
}

APIKEY_TOKEN: Mapping[str, Any] = {"name": _("API Key"), "type": "string", "private": True, "required": True}

SMS_ARGS: Mapping[str, Mapping[str, Any]] = {
    "from": {"alias_of": "sender"},
    "to": {"alias_of": "targets"},
    "country": {"name": _("Country"), "type": "string", "regex": (r"^[a-z]{2}$", "i")},
    "api_url": {"name": _("API URL"), "type": "string", "regex": (r"^https?://", "i")},
    "daily_limit": {"name": _("Daily Limit"), "type": "int", "min": 0, "default": 0},
    "repeat_window": {"name": _("Repeat Window"), "type": "int", "min": 0, "default": 0},
}
"""Query arguments every scheme takes (the gateway drops ``api_url``: its host is in the URL).
``daily_limit`` (SMS parts a day) and ``repeat_window`` (minutes) are the spend guard's."""

GUARD_ARGS = ("daily_limit", "repeat_window")

_TARGET_SEPARATORS = re.compile(r"[/,]")


def split_targets(value: object) -> list[str]:
    """Targets from a URL path, ``?to=`` or YAML: text split on ``/`` and ``,``, or a list of such."""
    if value is None:
        return []
    items: Iterable[object] = [value] if isinstance(value, str) else value if isinstance(value, Iterable) else [value]
    found: list[str] = []
    for item in items:
        found.extend(piece.strip() for piece in _TARGET_SEPARATORS.split(str(item)) if piece.strip())
    return found


def is_loopback(host: str | None) -> bool:
    """True for ``localhost`` and loopback addresses (no proxy, no eavesdropper)."""
    if not host:
        return False
    name = host.strip("[]").lower()
    if name == "localhost" or name.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


class PacedTransport(SyncTransport):
    """A :class:`SyncTransport` that asks Apprise's throttle before every request."""

    def __init__(self, before: Callable[[], None], session: requests.Session, **options: Any) -> None:
        super().__init__(session, **options)
        self._before = before

    def execute(self, request: HttpRequest) -> HttpResponse:
        self._before()
        return super().execute(request)


class SmsNotifyBase(NotifyBase):  # type: ignore[misc]
    """Base class of the five plugins; subclasses are declarations."""

    provider_key: ClassVar[str]
    """The core provider (``create_provider`` key) this plugin sends through."""
    credential_map: ClassVar[Mapping[str, str]]
    """Credential token (``__init__`` argument) -> ``create_provider`` keyword."""
    public_credentials: ClassVar[frozenset[str]] = frozenset()
    """Credential tokens that are not secret (shown in ``url(privacy=True)``)."""
    sender_in_path: ClassVar[bool] = False
    """True where the host is the API's (the gateway): the sender is then the first path entry."""

    category = "custom"
    requirements: ClassVar[dict[str, Any]] = {
        # ``apprise --details`` prints this line, but of the arguments only the templates'
        # placeholders: the spend guard's are named here so that the listing shows them.
        "details": "Provided by the notify-plugins package; spend guard: ?daily_limit=N (SMS parts a day), "
        "?repeat_window=M (minutes a repeated text is held)",
        "packages_required": [],
        "packages_recommended": [],
    }
    title_maxlen = 0
    """SMS has no subject: Apprise puts a title on the first line of the text."""
    request_rate_per_sec: float = 0.2
    """Seconds between two requests of one plugin. SMS APIs take bursts well; Spryng's
    per-minute limit is also enforced by the core client."""
    retry_policy: RetryPolicy = RetryPolicy()
    """The core's retry policy: only where no SMS can be sent twice."""
    template_args: ClassVar[dict[str, Any]] = dict(NotifyBase.template_args, **SMS_ARGS)

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "provider_key" in cls.__dict__:
            provider = provider_class(cls.provider_key)
            # Apprise plugins name the endpoint they send to; ours is the provider's API base
            # (``?api_url=`` replaces it), or the gateway's own host.
            if "notify_url" not in cls.__dict__:
                cls.notify_url = provider.default_api_url
            # The longest text the provider takes, in GSM characters, as Apprise lists it;
            # Unicode text is shorter. ``?overflow=`` counts SMS parts instead
            # (:meth:`_apply_overflow`), and the core refuses (never cuts) a longer text.
            cls.body_maxlen = provider.max_parts * PART_SIZES["gsm7"][1]

    def __init__(
        self,
        credentials: Mapping[str, object],
        sender: object = None,
        targets: object = None,
        country: object = None,
        api_url: object = None,
        *,
        daily_limit: object = None,
        repeat_window: object = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.last_result: SendResult | None = None
        """The per-recipient outcome of the latest send (``notify()`` only says all or not)."""
        self.credentials = {name: _text(value) for name, value in credentials.items() if _text(value)}
        self.country_given = _text(country) is not None
        self.api_url_given = _text(api_url) is not None
        self._check_credentials()
        if self.port and not self.sender_in_path:
            self._refuse(f"a port has no place in this URL: the sender goes where a host would ({self.templates[0]})")
        try:
            if _text(sender) is None:
                raise ValidationError("sender", f"is missing; the URL form is {' or '.join(self.templates)}")
            self.sender = validate_sender(sender)
            self.country = validate_country(country) if self.country_given else None
            self.provider = self._create_provider(_text(api_url))
            self.provider.check_sender(self.sender)  # the provider's own rule too (Spryng's digits)
            self._loopback = is_loopback(urlsplit(self.provider.api_url).hostname)
            self.limits = SpendLimits.create(daily_limit, repeat_window)
        except ValidationError as err:
            self._refuse(str(err))
        self.targets = self._valid_targets(split_targets(targets))

    # -- configuration ---------------------------------------------------------------

    def _refuse(self, reason: str) -> None:
        message = f"{self.service_name}: {reason}"
        self.logger.warning(message)
        raise TypeError(message)

    def _check_credentials(self) -> None:
        missing = [name for name in self.required_credentials() if name not in self.credentials]
        if missing or not self.credentials:
            what = " and ".join(missing) or "the credentials"
            self._refuse(f"{what} missing; the URL form is {' or '.join(self.templates)}")

    def required_credentials(self) -> tuple[str, ...]:
        """Credential tokens that must all be given (Spryng, with two forms, overrides)."""
        return tuple(self.credential_map)

    def _create_provider(self, api_url: str | None) -> Provider:
        config = {self.credential_map[name]: value for name, value in self.credentials.items()}
        return create_provider(self.provider_key, api_url=api_url, **config)

    def _valid_targets(self, candidates: list[str]) -> list[str]:
        region = self.country or self.provider.default_country
        valid: dict[str, None] = {}
        for candidate in candidates:
            try:
                valid[normalize_number(candidate, region)] = None
            except ValidationError as err:
                self.logger.warning(
                    "%s: dropped invalid target %s", self.service_name, str(err).removeprefix("number: ")
                )
        if not valid:
            self.logger.warning("%s: no valid target; nothing will be sent", self.service_name)
        return list(valid)

    def userinfo(self) -> tuple[str, ...]:
        """The credential tokens written before the ``@``, in order (Spryng overrides)."""
        return tuple(self.credential_map)

    # -- sending ---------------------------------------------------------------------

    def _apply_overflow(
        self, body: str | None, title: str | None = None, overflow: object = None, **kwargs: Any
    ) -> list[dict[str, str]]:
        """Apprise's ``?overflow=`` measured in SMS parts instead of characters.

        Apprise cuts at ``body_maxlen`` characters, but what a provider takes is a number
        of parts, and a part holds 153 GSM characters, 76 of ``{}[]~^|\\€``, or 67
        Unicode ones. Apprise still merges the title into the body (its upstream mode
        changes nothing else); then ``split`` cuts the text into pieces of at most
        ``max_parts`` parts that together hold every character, ``truncate`` keeps the
        longest start that fits, and ``upstream`` passes the whole text on, for the core
        to refuse when it is too long.
        """
        mode = self.overflow_mode if overflow is None else overflow
        merged = super()._apply_overflow(body, title, overflow=OverflowMode.UPSTREAM, **kwargs)
        text = "".join(chunk["body"] for chunk in merged).replace("\r\n", "\n")
        max_parts = self.provider.max_parts
        if mode == OverflowMode.SPLIT:
            pieces = split_to_parts(text, max_parts) or [text]
        elif mode == OverflowMode.TRUNCATE:
            pieces = [truncate_to_parts(text, max_parts).rstrip()]
        else:
            pieces = [text]
        return [{"body": piece, "title": ""} for piece in pieces]

    def send(self, body: str, title: str = "", notify_type: NotifyType = NotifyType.INFO, **kwargs: Any) -> bool:
        if not self.targets:
            self.logger.warning("%s: no valid target; nothing sent", self.service_name)
            return False
        pending = [number for number in self.targets if not self._delivered(number)]
        client = self._client
        try:
            message = client.message(body.replace("\r\n", "\n"), pending, sender=self.sender, title=title)
        except ValidationError as err:
            hint = ""
            if err.field == "message" and count_segments(body).parts > self.provider.max_parts:
                hint = "; add ?overflow=split to send it as several SMS, or ?overflow=truncate to cut it"
            self.logger.warning("%s: not sent: %s%s", self.service_name, err, hint)
            return False
        self.logger.debug(
            "%s: sending %d %s part(s) from %s to %d recipient(s) via %s (verify=%s, timeouts=%s)",
            self.service_name,
            message.segments.parts,
            message.segments.encoding,
            message.sender,
            len(message.recipients),
            self.provider.api_url,
            self.verify_certificate,
            self.request_timeout,
        )
        result = self._guard.send(client, message) if self.limits.active else client.send_message(message)
        self.last_result = result
        if isinstance(result.error, SpendGuardError):
            self.logger.warning("%s: not sent: %s", self.service_name, result.error)
            return False
        self._report(result)
        return result.ok

    @cached_property
    def _guard(self) -> SpendGuard:
        """The spend guard of this account and sender, its ledger in Apprise's storage; made
        at the first send and kept, so the guard works out each calendar day once."""
        storage = ledger_storage(self.store, str(self.url_id()), self.sender, self.logger)
        return SpendGuard(self.limits, storage, clock=self._clock, zone=self._zone)

    @staticmethod
    def _clock() -> float:
        return time.time()

    def _zone(self) -> tzinfo | None:
        """Local time, or the time zone newer Apprise takes (``?tz=``, the asset's)."""
        zone: tzinfo | None = getattr(self, "tzinfo", None)
        return zone

    @cached_property
    def _client(self) -> SmsClient:
        """The core client, made at the first send and kept with its ``requests`` session, so
        a notification after the first reuses the connection (urllib3 opens a new one when
        the server has closed it), as Home Assistant's shared session does. The session is
        closed when the plugin is. It carries Apprise's ``verify``, ``cto``/``rto`` and
        throttle, and never a proxy for loopback traffic (the sandbox, a gateway on this
        machine)."""
        session = requests.Session()
        if self.app_id:  # Apprise's own plugins identify themselves by the asset's app_id
            session.headers["User-Agent"] = str(self.app_id)
        session.trust_env = not self._loopback
        weakref.finalize(self, session.close)
        transport = PacedTransport(
            self.throttle,
            session,
            timeout=self.request_timeout,
            verify=self.verify_certificate,
            retry=self.retry_policy,
        )
        client = SmsClient(self.provider, transport, country=self.country)
        client.failure_log_level = logging.DEBUG  # _report logs every failure itself
        return client

    def _report(self, result: SendResult) -> None:
        if held := result.held:
            self.logger.info(
                "%s: held a repeat for %s: %s",
                self.service_name,
                ", ".join(mask_number(outcome.number) for outcome in held),
                held[0].reason,
            )
        for outcome in result.results:
            number = mask_number(outcome.number)
            if outcome.status is Status.ACCEPTED:
                ref = f" (id {outcome.message_id})" if outcome.message_id else ""
                self.logger.info("Sent %s SMS to %s%s", self.service_name, number, ref)
            elif outcome.status is Status.HELD:
                pass  # logged once above
            elif outcome.status is Status.REJECTED:
                detail = " ".join(part for part in (outcome.code, outcome.reason) if part)
                self.logger.warning("%s rejected the SMS to %s: %s", self.service_name, number, detail)
            else:
                self.logger.warning(
                    "%s: the SMS to %s may or may not have been sent: %s", self.service_name, number, outcome.reason
                )
            if outcome.status is not Status.REJECTED:
                # An Apprise retry (?retry=N) resends only refusals: an unknown outcome may
                # already be on its way, and sending it again could deliver it twice.
                self._mark_delivered(outcome.number)

    def _delivered(self, number: str) -> bool:
        is_delivered = getattr(self, "is_delivered", None)  # Apprise >= 2.0
        return bool(is_delivered(number)) if is_delivered is not None else False

    def _mark_delivered(self, number: str) -> None:
        mark_delivered = getattr(self, "mark_delivered", None)  # Apprise >= 2.0
        if mark_delivered is not None:
            mark_delivered(number)

    # -- describing itself --------------------------------------------------------------

    def __len__(self) -> int:
        """HTTP requests one send makes (one per recipient or per batch, as the provider
        sends); 1 without targets, Apprise's convention for a send that will fail."""
        if not self.targets:
            return 1
        return self.provider.request_count(len(self.targets))

    @property
    def url_identifier(self) -> tuple[str, ...]:
        """Service, API base and a digest of the credentials: the account, not its targets."""
        material = "\0".join(f"{name}={value}" for name, value in sorted(self.credentials.items()))
        return (self.provider_key, self.provider.api_url, hashlib.sha256(material.encode()).hexdigest())

    def url(self, privacy: bool = False, *args: Any, **kwargs: Any) -> str:
        params: dict[str, str] = {}
        if self.country is not None:
            params["country"] = self.country
        if self.api_url_given and not self.sender_in_path:
            params["api_url"] = self.provider.api_url
        for name in GUARD_ARGS:
            if value := getattr(self.limits, name):
                params[name] = str(value)
        params.update(self.url_parameters(*args, privacy=privacy, **kwargs))
        path = [self.sender] if self.sender_in_path else []
        # Apprise logs url(privacy=True) ("Loaded ... URL" at -vvv): numbers masked there
        # as in every other log line.
        targets = [mask_number(number) for number in self.targets] if privacy else self.targets
        return "{schema}://{auth}@{where}/{path}?{params}".format(
            schema=self.url_schema(),
            auth=":".join(self._url_credential(name, privacy) for name in self.userinfo()),
            where=self.url_host(),
            path="/".join(self.quote(part, safe="*") for part in (*path, *targets)),
            params=self.urlencode(params),
        )

    def _url_credential(self, name: str, privacy: bool) -> str:
        value = self.credentials.get(name, "")
        if name in self.public_credentials:
            return str(self.quote(value, safe=""))
        return str(self.pprint(value, privacy, mode=PrivacyMode.Secret, safe=""))

    def url_schema(self) -> str:
        return str(self.secure_protocol)

    def url_host(self) -> str:
        return str(self.quote(self.sender, safe=""))

    @classmethod
    def parse_url(cls, url: str | None) -> dict[str, Any] | None:
        if not url:
            return None
        try:
            results: dict[str, Any] | None = NotifyBase.parse_url(url, verify_host=False)
        except ValueError:  # older Apprise (1.9.1) lets urllib's "Invalid IPv6 URL" through
            return None
        if not results:
            return results
        qsd: dict[str, str] = results["qsd"]
        user, password = (results.get(part) for part in ("user", "password"))
        cls.parse_userinfo(
            results, None if user is None else cls.unquote(user), None if password is None else cls.unquote(password)
        )
        host = cls.unquote(results.get("host") or "")
        path = split_targets(cls.split_path(results.get("fullpath") or ""))
        if cls.sender_in_path:
            places = path
        else:
            places = [*split_targets(host), *path] if "from" in qsd else path
            if "from" not in qsd:
                results["sender"] = host
        if "from" in qsd:
            results["sender"] = cls.unquote(qsd["from"])
        elif cls.sender_in_path:
            results["sender"] = places.pop(0) if places else None
        results["targets"] = [*places, *split_targets(qsd.get("to"))]
        for name in ("country", "api_url", *GUARD_ARGS):
            if name in qsd:
                results[name] = cls.unquote(qsd[name])
        return results

    @classmethod
    def parse_userinfo(cls, results: dict[str, Any], user: str | None, password: str | None) -> None:
        """Put the user and password parts of the URL under this plugin's credential tokens."""
        names = tuple(cls.credential_map)
        if len(names) == 1 and password is not None:
            user, password = f"{user or ''}:{password}", None  # an API key may hold a colon
        for name, value in zip(names, (user, password), strict=False):
            results[name] = value
        results["password"] = password


def _text(value: object) -> str | None:
    """A configuration value as stripped text, None when absent or blank."""
    if value is None:
        return None
    text = str(value).strip()
    return text or None


__all__ = [
    "APIKEY_TOKEN",
    "PROJECT_URL",
    "SMS_ARGS",
    "TARGET_TOKENS",
    "SmsNotifyBase",
    "is_loopback",
    "provider_page",
    "split_targets",
]
