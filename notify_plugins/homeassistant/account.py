"""Who an account is, asked of the provider before a config entry is made or loaded.

Each provider offers a different proof that credentials work, so each gets its own check,
and every check answers with an :class:`Account`: the ``unique_id`` that
keeps one account from being added twice, a title, and whether that id names the account
itself or only the credentials. The title names the account where the provider does
(Smstools, Spryng Simple), else the sender (:func:`account_title`), so two accounts of one
provider do not look alike.

* ProSMS.se and SMS.dk: ``balance()`` proves the key; ``sender_names()`` lists the
  approved senders, so an unapproved sender is refused here rather than on the first send.
  The API names no account, so the id is :attr:`Provider.account_id`, a digest of the key.
* Smstools: ``profile()`` proves key and secret and names the account (its ``id``, else its
  ``username``): a stable id that survives a new key.
* Spryng REST: ``balance()`` proves the key; id from the key's digest. Spryng Simple has no
  read-only call at all, so nothing is sent and nothing is verified: the username is
  stable and not secret, so it is the id, and a wrong secret shows on the first send
  (which then asks to re-authenticate).
* White-label gateway: no balance call, so the dry check is a delivery lookup of a ref
  that was never sent (:data:`PROBE_NUMBER`): a refused key answers 405/407, a good one
  ``notfound``. Nothing is sent. The id is the key's digest.

A digest changes with the key; the config flow therefore only insists on the same id in
re-authentication when the id is the account's own (:attr:`Account.names_account`).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..client import AsyncSmsClient
from ..errors import NotifyError
from ..message import Message
from ..providers.base import Balance, Provider
from ..providers.compaya import CompayaProvider
from ..providers.gateway import GatewayProvider
from ..providers.smstools import SmstoolsProvider
from ..providers.spryng import SpryngProvider
from ..validation import validate_sender

PROBE_NUMBER = "46701234567"
"""A valid number for checks that need one; nothing is ever sent to it."""

PROBE_REF = "notify-plugins-account-check"
"""A gateway ref no send of ours produces (ours are 16 hex characters)."""


class SenderNotApproved(NotifyError):
    """The provider lists the account's approved senders, and this one is not among them."""


@dataclass(frozen=True, slots=True)
class Account:
    """The account behind a set of credentials."""

    unique_id: str
    title: str
    names_account: bool
    """True when ``unique_id`` comes from the provider's own account id or username; False
    when it is :attr:`Provider.account_id`, a digest of the credentials (the fallback for
    providers that name no account), which changes when the key does."""
    balance: Balance | None = None
    """The credit, where the check read it: the credit sensor starts from it instead of
    asking the provider again at every start."""


def check_sender(provider: Provider, sender: str) -> str:
    """The sender as the provider will send it; raises ``ValidationError(field="sender")``.

    The core's rule plus the provider's own (Spryng's 14-digit numeric senders), applied to
    a message that is never sent.
    """
    cleaned = validate_sender(sender)
    provider.check(Message.create("account check", [PROBE_NUMBER], cleaned))
    return cleaned


def account_title(provider_name: str, sender: str) -> str:
    """The title of an account the provider does not name: its sender tells two accounts apart."""
    return f"{provider_name} {sender}"


def _by_digest(provider: Provider, sender: str, balance: Balance | None = None) -> Account:
    return Account(provider.account_id, account_title(provider.name, sender), names_account=False, balance=balance)


async def _compaya(client: AsyncSmsClient, provider: CompayaProvider, sender: str, username: str | None) -> Account:
    balance = await client.call(provider.balance())
    approved = await client.call(provider.sender_names())
    if sender.casefold() not in {name.casefold() for name in approved}:
        raise SenderNotApproved(f"{provider.name} does not list the sender among the approved sender names")
    return _by_digest(provider, sender, balance)


async def _smstools(client: AsyncSmsClient, provider: SmstoolsProvider, sender: str, username: str | None) -> Account:
    profile = await client.call(provider.profile())
    if profile.id is not None:
        return Account(f"id:{profile.id}", f"{provider.name} {profile.username or profile.id}", names_account=True)
    return Account(f"user:{profile.username}", f"{provider.name} {profile.username}", names_account=True)


async def _spryng(client: AsyncSmsClient, provider: SpryngProvider, sender: str, username: str | None) -> Account:
    if provider.mode == "simple" and username:
        return Account(f"simple:{username}", f"{provider.name} {username}", names_account=True)
    balance = await client.call(provider.balance())
    return _by_digest(provider, sender, balance)


async def _gateway(client: AsyncSmsClient, provider: GatewayProvider, sender: str, username: str | None) -> Account:
    await client.call(provider.delivery_status(PROBE_NUMBER, PROBE_REF))
    return _by_digest(provider, sender)


async def async_check_account(client: AsyncSmsClient, sender: str, username: str | None = None) -> Account:
    """Prove the client's credentials (and the sender, where the provider can tell).

    ``username`` is the configured one, for providers whose username names the account.

    Raises the library's errors: :class:`AuthenticationError` for refused credentials,
    :class:`TransportError` / :class:`ProviderResponseError` when no usable answer came,
    :class:`SenderNotApproved`, and ``ValidationError(field="sender")`` for a sender the
    provider could never send.
    """
    provider = client.provider
    cleaned = check_sender(provider, sender)
    if isinstance(provider, CompayaProvider):
        return await _compaya(client, provider, cleaned, username)
    if isinstance(provider, SmstoolsProvider):
        return await _smstools(client, provider, cleaned, username)
    if isinstance(provider, SpryngProvider):
        return await _spryng(client, provider, cleaned, username)
    if isinstance(provider, GatewayProvider):
        return await _gateway(client, provider, cleaned, username)
    return _by_digest(provider, cleaned)
