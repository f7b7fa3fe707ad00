"""What ``notify-plugins sandbox`` prints after its first line, and ``GET /`` shows.

The demo credentials and the conventions that provoke each error path, in one place so
that the terminal, the browser and the README say the same thing.
"""

from __future__ import annotations

from .accounts import APPROVED_SENDERS, DEMO_CREDENTIALS, NO_CREDIT_SUFFIX, REJECTED_SUFFIX

ENDPOINTS: tuple[tuple[str, str], ...] = (
    (
        "prosms",
        "POST /prosms/v1/sms/send, GET /prosms/v1/user/getcreditvalue, GET /prosms/v1/sendername/list, "
        "POST /prosms/v1/sms/listlog",
    ),
    ("smsdk", "the same paths under /smsdk"),
    ("smstools", "POST /smstools/rest/api/sms/send, GET /smstools/rest/api/user, GET /smstools/rest/api/sms/search"),
    (
        "spryng",
        "POST /spryng/v1/messages, GET /spryng/v1/messages/{id}, GET /spryng/v1/balance, "
        "POST /spryng/api/simple/message",
    ),
    ("smsgw", "GET /smsgw/api/sms/send_sms.php, GET /smsgw/api/sms/dlr.php (also without /smsgw)"),
)

TRIGGERS: tuple[tuple[str, str], ...] = (
    (f"number ending {REJECTED_SUFFIX}", "rejected, in the provider's per-recipient shape"),
    (f"number ending {NO_CREDIT_SUFFIX}", "the whole request fails for lack of credit"),
    ("sender not approved", "ProSMS/SMS.dk error 1017, Smstools BAD_FROM"),
    ("text with [sandbox:429]", "HTTP 429, Retry-After: 1 (also [sandbox:503], [sandbox:500])"),
    ("text with [sandbox:html]", "HTTP 502 with an HTML page"),
    ("text with [sandbox:truncated]", "accepted, but the reply's JSON is cut off ([sandbox:empty]: no body)"),
    ("text with [sandbox:slow=2]", "accepted, reply 2 seconds late"),
    ("[sandbox:retry-after=0]", "the Retry-After of a 429/503 ([sandbox:times=1]: fault only on the first try)"),
)


def _credentials(variant: str) -> str:
    return ", ".join(f"{name}={value}" for name, value in DEMO_CREDENTIALS[variant].items())


def guide(base: str = "http://127.0.0.1:PORT") -> str:
    """The sandbox's help text for the server at ``base``."""
    width = max(len(variant) for variant in DEMO_CREDENTIALS)
    lines = ["Demo credentials (api_url = BASE/<provider>):"]
    lines += [f"  {variant:<{width}}  {_credentials(variant)}" for variant in DEMO_CREDENTIALS]
    lines += [f"Approved senders: {', '.join(APPROVED_SENDERS)}", "Endpoints:"]
    lines += [f"  {key:<{width}}  {paths}" for key, paths in ENDPOINTS]
    lines += ["Triggers:"]
    trigger_width = max(len(what) for what, _ in TRIGGERS)
    lines += [f"  {what:<{trigger_width}}  {effect}" for what, effect in TRIGGERS]
    lines += [
        f"Messages: GET {base}/sandbox/messages (DELETE clears), health: GET {base}/sandbox/health",
        f"Example: api_url={base}/prosms with api_key={DEMO_CREDENTIALS['prosms']['api_key']}",
    ]
    return "\n".join(line.replace("BASE", base) for line in lines) + "\n"
