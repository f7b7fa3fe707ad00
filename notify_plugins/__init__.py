"""SMS notifications through ProSMS.se, SMS.dk, Smstools, Spryng and white-label gateways.

The core validates senders, numbers and text before anything is sent; providers are
sans-IO translators; transports (``requests``, ``aiohttp``) do the I/O. Importing this
package imports neither Apprise nor Home Assistant nor any HTTP library.
"""

from __future__ import annotations

from .errors import (
    AuthenticationError,
    DailyLimitReached,
    InsufficientCreditError,
    NotifyError,
    ProviderRejectedError,
    ProviderResponseError,
    RateLimitedError,
    SendingSwitchedOff,
    SpendGuardError,
    TransportError,
    ValidationError,
)
from .message import Message, compose_text
from .results import RecipientResult, SendResult, Status
from .text import Segments, count_segments
from .validation import check_numbers, mask_number, normalize_number, validate_country, validate_sender

__version__ = "0.1.0"

__all__ = [
    "AuthenticationError",
    "DailyLimitReached",
    "InsufficientCreditError",
    "Message",
    "NotifyError",
    "ProviderRejectedError",
    "ProviderResponseError",
    "RateLimitedError",
    "RecipientResult",
    "Segments",
    "SendResult",
    "SendingSwitchedOff",
    "SpendGuardError",
    "Status",
    "TransportError",
    "ValidationError",
    "__version__",
    "check_numbers",
    "compose_text",
    "count_segments",
    "mask_number",
    "normalize_number",
    "validate_country",
    "validate_sender",
]
