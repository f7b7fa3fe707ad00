"""Who an account is, asked of the provider before a config entry is made or loaded.

The check reads what the provider declares it can do (``supports_*``), never its class,
and answers with an :class:`Account`: the ``unique_id`` that keeps one account from being
added twice, a title, and whether that id names the account itself or only the
credentials. The title names the account where the provider does, else the sender
(:func:`account_title`), so two accounts of one provider do not look alike. In order:

* A provider that names the account (Smstools' profile, ``account_name()``) proves the
  credentials that way, and its id survives a new key.
* Else a balance call proves them (ProSMS.se, SMS.dk, Spryng REST); where the provider lists
  the account's approved sender names as well (ProSMS.se, SMS.dk), a sender not among them
  is refused here rather than on the first send. The API names no account, so the id is
  :attr:`Provider.account_id`, a digest of the key.
* Else, with a username (Spryng's Simple API), nothing can be verified without sending: the
  username is stable and not secret, so it is the id, and a wrong secret shows on the
  first send (which then asks to re-authenticate).
* Else a delivery lookup of a ref that was never sent (:data:`PROBE_REF`; the white-label
  gateway): a refused key answers 405/407, a good one ``notfound``. Nothing is sent. The
  id is the key's digest.

A digest changes with the key; the config flow therefore only insists on the same id in
re-authentication when the id is the account's own (:attr:`Account.names_account`).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..client import AsyncSmsClient
from ..errors import NotifyError
from ..providers.base import Balance, Provider

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


def account_title(provider_name: str, sender: str) -> str:
    """The title of an account the provider does not name: its sender tells two accounts apart."""
    return f"{provider_name} {sender}"


def _by_digest(provider: Provider, sender: str, balance: Balance | None = None) -> Account:
    return Account(provider.account_id, account_title(provider.name, sender), names_account=False, balance=balance)


async def async_check_account(client: AsyncSmsClient, sender: str, username: str | None = None) -> Account:
    """Prove the client's credentials (and the sender, where the provider can tell).

    ``username`` is the configured one, for providers whose username names the account.

    Raises the library's errors: :class:`AuthenticationError` for refused credentials,
    :class:`TransportError` / :class:`ProviderResponseError` when no usable answer came,
    :class:`SenderNotApproved`, and ``ValidationError(field="sender")`` for a sender the
    provider could never send.
    """
    provider = client.provider
    cleaned = provider.check_sender(sender)  # the core's rule and the provider's own
    if provider.supports_account_name:
        named = await client.call(provider.account_name())
        return Account(named.id, f"{provider.name} {named.label}", names_account=True)
    if provider.supports_balance:
        balance = await client.call(provider.balance())
        if provider.supports_sender_names:
            approved = await client.call(provider.sender_names())
            if cleaned.casefold() not in {name.casefold() for name in approved}:
                raise SenderNotApproved(f"{provider.name} does not list the sender among the approved sender names")
        return _by_digest(provider, cleaned, balance)
    if username:
        # ``simple:`` because Spryng's Simple API was the first (and is the only) such case;
        # the prefix is part of existing entries' unique ids.
        return Account(f"simple:{username}", f"{provider.name} {username}", names_account=True)
    if provider.supports_delivery_status:
        await client.call(provider.delivery_status(PROBE_REF, PROBE_NUMBER))
    return _by_digest(provider, cleaned)
