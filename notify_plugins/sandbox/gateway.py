"""The white-label gateway (``send_sms.php``), emulated under ``/smsgw`` and at ``/api/sms``.

Written from the gateway's "Vårt API" page (a public copy at smsdirekt.se/var-api;
``docs/providers/gateway.md``), not from the client:

* ``GET`` (or ``POST``) ``/api/sms/send_sms.php`` with ``key``, ``mobile`` (one number,
  international digits without ``00`` or ``+``), ``sender``, ``msgtext``, ``ref`` and
  ``response``. With ``response=json`` the reply is ``{"status": true, "error": 0}`` or
  ``{"status": false, "error": "<text>"}``; without it, a bare numeric code: 200
  accepted, 400 rejected or missing parameter, 406 not enough credit, 407 invalid API key.
  The reply's HTTP status is 200 either way, as a PHP script's is.
* Only "Message not accepted" and "Missing Mobile Parameter" are documented JSON texts;
  the others ("Invalid API Key", "Not Enough Credit", "Missing Sender Parameter",
  "Missing Msgtext Parameter") are INFERRED twins of the numeric codes.
* ``/api/sms/dlr.php`` with ``key``, ``full_number`` and ``ref`` answers the documented
  lookup shapes: ``processed`` / ``delivered`` with ``sms_cost`` for a message the
  sandbox accepted, ``{"status": false, "queue_status": "notfound"}`` otherwise.
* The web server's own pages (404, 405, and the 429/500/503 faults) are HTML.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from types import MappingProxyType

from .accounts import DEMO_CREDENTIALS, NO_CREDIT_SUFFIX, REJECTED_SUFFIX, SMS_COST
from .charset import count_parts
from .exchange import Reply, Request, html_page, json_reply, same_secret, text_reply
from .messages import Accepted
from .routing import Api, Route, SandboxState, finish

MSISDN = re.compile(r"[1-9][0-9]{6,14}")
SENDER = re.compile(r"[0-9]{1,15}|[A-Za-z0-9 .\-_&]{1,11}")
"""The page says a sender "can be numeric or Alphanumeric"; the lengths are INFERRED."""


REPLIES: Mapping[str, tuple[str, str]] = MappingProxyType(
    {
        "accepted": ("200", ""),
        "invalid_key": ("407", "Invalid API Key"),
        "no_credit": ("406", "Not Enough Credit"),
        "not_accepted": ("400", "Message not accepted"),
        "missing_mobile": ("400", "Missing Mobile Parameter"),
        "missing_sender": ("400", "Missing Sender Parameter"),
        "missing_msgtext": ("400", "Missing Msgtext Parameter"),
    }
)
"""Each outcome as (numeric reply, JSON ``error`` text)."""

SEND_PATH = "/api/sms/send_sms.php"


def _outcome(name: str, as_json: bool) -> Reply:
    code, text = REPLIES[name]
    if not as_json:
        return text_reply(200, code)
    if name == "accepted":
        return json_reply(200, {"status": True, "error": 0})
    return json_reply(200, {"status": False, "error": text})


class GatewayApi(Api):
    key = "smsgw"

    def __init__(self, state: SandboxState) -> None:
        self.api_key = DEMO_CREDENTIALS["smsgw"]["api_key"]
        super().__init__(state)

    def routes(self) -> Iterable[Route]:
        return (
            Route.at(r"/api/sms/send_sms\.php", GET=self.send, POST=self.send),
            Route.at(r"/api/sms/dlr\.php", GET=self.delivery, POST=self.delivery),
        )

    def not_found(self, request: Request) -> Reply:
        return html_page(404, "The requested URL was not found on this server.")

    def wrong_method(self, request: Request) -> Reply:
        return html_page(405, f"The requested method {request.method} is not allowed for this URL.")

    def error_reply(self, status: int) -> Reply:
        return html_page(status)

    def send(self, request: Request) -> Reply:
        params = request.params(with_form=request.method == "POST")
        as_json = params.get("response", "").lower() == "json"
        if not same_secret(params.get("key"), self.api_key):
            return _outcome("invalid_key", as_json)
        text = params.get("msgtext", "")
        triggers, fault = self.faulted(text)
        if fault is not None:
            return fault
        mobile, sender = params.get("mobile", "").strip(), params.get("sender", "").strip()
        missing = next(
            (name for name, value in (("mobile", mobile), ("sender", sender), ("msgtext", text)) if not value), None
        )
        if missing is not None:
            return _outcome(f"missing_{missing}", as_json)
        if not MSISDN.fullmatch(mobile) or not SENDER.fullmatch(sender) or mobile.endswith(REJECTED_SUFFIX):
            return _outcome("not_accepted", as_json)
        if mobile.endswith(NO_CREDIT_SUFFIX):
            return _outcome("no_credit", as_json)
        ref = params.get("ref", "")
        options = {"response": params["response"]} if "response" in params else {}
        self.accept(
            [
                Accepted(
                    provider=self.key,
                    endpoint=f"{request.method} {SEND_PATH}",
                    sender=sender,
                    recipient=mobile,
                    text=text,
                    encoding=None,
                    reference=ref or None,
                    message_id=ref,
                    parts=count_parts(text)[1],
                    options=MappingProxyType(options),
                )
            ]
        )
        return finish(_outcome("accepted", as_json), triggers)

    def delivery(self, request: Request) -> Reply:
        params = request.params(with_form=request.method == "POST")
        if not same_secret(params.get("key"), self.api_key):
            return json_reply(200, {"status": False, "error": REPLIES["invalid_key"][1]})
        number, ref = params.get("full_number", "").strip(), params.get("ref", "").strip()
        found = [
            r.message
            for r in self.state.log.records(self.key)
            if ref and r.message.recipient == number and r.message.message_id == ref
        ]
        if not found:
            return json_reply(200, {"status": False, "queue_status": "notfound"})
        cost = found[-1].parts * SMS_COST[self.key]
        return json_reply(
            200,
            {
                "status": True,
                "queue_status": "processed",
                "queue_error": 0,
                "dlr_status": "delivered",
                "dlr_error": "",
                "sms_cost": f"{cost:.2f}",
            },
        )
