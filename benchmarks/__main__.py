"""Run the benchmarks: ``python -m benchmarks [overhead|spend_guard|bulk|imports|memory|apprise_plugins ...]``."""

from __future__ import annotations

import importlib
import sys
import time

from .report import Table, environment, render, write

ORDER = ("overhead", "spend_guard", "bulk", "imports", "memory", "apprise_plugins")


def main(argv: list[str]) -> int:
    names = argv or list(ORDER)
    unknown = [name for name in names if name not in ORDER]
    if unknown:
        print(f"unknown benchmark(s): {', '.join(unknown)}; choose from {', '.join(ORDER)}", file=sys.stderr)
        return 2
    tables: list[Table] = []
    for name in names:
        started = time.perf_counter()
        print(f"running {name}...", file=sys.stderr, flush=True)
        tables += importlib.import_module(f"benchmarks.{name}").run()
        print(f"  {name} took {time.perf_counter() - started:.1f} s", file=sys.stderr, flush=True)
    env = environment()
    print(render(tables, env))
    if names == list(ORDER):
        print(f"written to {write(tables, env)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
