"""The spend guard's ledger in Apprise's persistent storage, shared by every process on it.

Apprise gives each plugin a :class:`~apprise.persistent_store.PersistentStore` namespaced by
its ``url_id()``, a digest of our ``url_identifier``: the account (service, API base,
credentials), not its targets. The ledger of one sender of that account is one entry in it,
``spend-<digest of the sender>``, read and written as a whole with the store's ``open`` and
``write`` (which installs a file by rename).

The store itself takes no lock (Apprise 1.9.1 to 2.3.0): two processes can read the same
count and both write theirs. The apprise-api's workers, or ``apprise`` runs started by cron,
share one folder, so every update here reads, changes and writes under an exclusive
``flock`` on ``spend-<digest>.lock`` next to the namespace's data, and under a lock of this
process for its threads (and gevent's greenlets, whose monkey-patched lock yields). The
critical section does no network I/O: the send itself happens between two updates.

Where the store keeps nothing on disk (no storage path, ``storage_mode=memory``, ``?store=no``,
or a folder Apprise could not create) the ledger lives in this process's memory, so the
guard holds per process. Without ``fcntl`` (Windows) the file is still shared, but only the
process lock guards it.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from ..guard import Ledger, LedgerStorage, MemoryLedgerStorage, unreadable_warning

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

T = TypeVar("T")

_PROCESS_LOCK = threading.Lock()
"""Serialises this process's updates; the file lock serialises processes."""

_IN_MEMORY: dict[tuple[str, str], MemoryLedgerStorage] = {}
"""Ledgers of stores that keep nothing on disk: (namespace, key) -> ledger, per process."""


def ledger_key(sender: str) -> str:
    """The store key of a sender's ledger (store keys take no spaces; senders may)."""
    return "spend-" + hashlib.sha256(sender.encode()).hexdigest()[:16]


def is_memory_only(store: Any) -> bool:
    """Whether the store keeps nothing on disk (its mode is an enum from 2.0, text before)."""
    mode = getattr(store.mode, "value", store.mode)
    return str(mode) == "memory" or not store.path


def ledger_storage(store: Any, namespace: str, sender: str, logger: logging.Logger) -> LedgerStorage:
    """The ledger of ``sender`` in ``store`` (a plugin's ``self.store``)."""
    key = ledger_key(sender)
    if is_memory_only(store):
        with _PROCESS_LOCK:
            return _IN_MEMORY.setdefault((namespace, key), MemoryLedgerStorage())
    return PersistentLedgerStorage(store, key, logger)


class PersistentLedgerStorage:
    """One ledger as a JSON entry of a persistent store, updated under a file lock."""

    def __init__(self, store: Any, key: str, logger: logging.Logger) -> None:
        self.store = store
        self.key = key
        self.logger = logger
        self.lock_path = os.path.join(store.path, f"{key}.lock")

    def update(self, change: Callable[[Ledger], T]) -> T:
        with _PROCESS_LOCK, self._file_lock():
            ledger = self._read()
            outcome = change(ledger)
            self._write(ledger)
            return outcome

    @contextmanager
    def _file_lock(self) -> Iterator[None]:
        if fcntl is None:
            yield
            return
        try:
            handle = os.open(self.lock_path, os.O_RDWR | os.O_CREAT, 0o660)
        except OSError as err:
            self.logger.warning(
                "The spend guard could not lock %s (%s); it counts for this process only", self.lock_path, err
            )
            yield
            return
        try:
            fcntl.flock(handle, fcntl.LOCK_EX)
            yield
        finally:
            os.close(handle)  # closing releases the lock

    def _read(self) -> Ledger:
        try:
            with self.store.open(self.key, mode="rb") as stored:
                raw = stored.read()
            return Ledger.from_data(json.loads(raw))
        except FileNotFoundError:  # nothing stored yet (Apprise wraps it in AppriseFileNotFound)
            return Ledger()
        except Exception as err:  # whatever makes it unreadable, sending goes on
            self.logger.warning(unreadable_warning(f"{self.store.path} {self.key}", _reason(err)))
            return Ledger()

    def _write(self, ledger: Ledger) -> None:
        data = json.dumps(ledger.to_data(), separators=(",", ":"))
        if not self.store.write(data, key=self.key, compress=False):
            self.logger.warning(
                "The spend guard could not save its count in %s; until it can, the daily limit does not hold "
                "(every send counts from the count last saved)",
                self.store.path,
            )


def _reason(err: Exception) -> str:
    """An exception in a few words, without a traceback (and never a number: there are none here)."""
    return f"{type(err).__name__}: {err}"[:200]


def clear_memory() -> None:
    """Forget every in-memory ledger (tests: a new process)."""
    with _PROCESS_LOCK:
        _IN_MEMORY.clear()


__all__ = ["PersistentLedgerStorage", "clear_memory", "is_memory_only", "ledger_key", "ledger_storage"]
