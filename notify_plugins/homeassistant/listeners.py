"""Callbacks kept in a plain list, the way Home Assistant's ``async_add_listener`` hands back
the function that removes one again."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

L = TypeVar("L")


def subscribe(listeners: list[L], listener: L) -> Callable[[], None]:
    """Add ``listener`` to ``listeners``; returns the function that takes it out (a second call
    does nothing, as an entity's removal and its entry's unload may both make it)."""
    listeners.append(listener)

    def remove() -> None:
        if listener in listeners:
            listeners.remove(listener)

    return remove


__all__ = ["subscribe"]
