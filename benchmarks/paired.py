"""Timing several ways of doing the same send, side by side, on a noisy machine.

The ways take turns call by call, each round in a rotated order so that none always
follows the same one, and every call is timed on its own; each way's median is kept.
A difference of a few microseconds in a loopback send of a few hundred survives other
work on the machine that way: whatever slows the machine slows every way alike, and
the median ignores the calls that a pause elsewhere happened to hit. The best of
rounds of many calls does not: one lucky round decides it, and a round is long enough
for the machine to change speed within it.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Awaitable, Callable, Iterator, Mapping

WARM_UP = 100
"""Untimed rounds first: connections made, caches and the interpreter's specialisations warm."""


def _turns(names: list[str], rounds: int) -> Iterator[str]:
    """Whose turn it is, call by call: WARM_UP rounds, then ``rounds`` in rotated orders."""
    orders = [names[shift:] + names[:shift] for shift in range(len(names))]
    for index in range(WARM_UP + rounds):
        yield from orders[index % len(orders)]


def _medians(times: dict[str, list[float]]) -> dict[str, float]:
    return {name: statistics.median(values[WARM_UP:]) for name, values in times.items()}


def medians(ways: Mapping[str, Callable[[], object]], rounds: int) -> dict[str, float]:
    """Median seconds per call of each way, the ways taking turns call by call."""
    times: dict[str, list[float]] = {name: [] for name in ways}
    clock = time.perf_counter
    for name in _turns(list(ways), rounds):
        started = clock()
        ways[name]()
        times[name].append(clock() - started)
    return _medians(times)


async def amedians(ways: Mapping[str, Callable[[], Awaitable[object]]], rounds: int) -> dict[str, float]:
    """:func:`medians` for coroutines."""
    times: dict[str, list[float]] = {name: [] for name in ways}
    clock = time.perf_counter
    for name in _turns(list(ways), rounds):
        started = clock()
        await ways[name]()
        times[name].append(clock() - started)
    return _medians(times)
