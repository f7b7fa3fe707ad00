"""Performance evidence for notify-plugins: ``python -m benchmarks`` (or ``make bench``).

One module per benchmark, each returning :class:`~benchmarks.report.Table` values:
:mod:`.overhead` (per-message client cost against a bare HTTP call), :mod:`.bulk`
(1,000 recipients per provider through the sandbox), :mod:`.imports` (import time of
every entry point) and :mod:`.memory` (peak memory of large sends). Results are printed
and written to ``benchmarks/results/latest.md`` and ``latest.json``.
"""
