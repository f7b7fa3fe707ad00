"""Peak memory of a large send, sans-IO, per provider: does it grow with the recipient count?

Each run is a fresh interpreter that imports everything, builds the recipient list,
records its peak RSS, then drives :class:`~notify_plugins.sending.SendOperation` over the
provider's batches, answering each with the provider's documented success body
(:mod:`.canned`), and records the peak RSS again. Running 1,000 and 10,000 recipients
gives the growth per recipient; what must grow is one ``RecipientResult`` each (and
the batch responses), nothing that scales worse.

Run a single measurement with ``python -m benchmarks.memory VARIANT COUNT``.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time
import tracemalloc

from .canned import VARIANTS
from .report import Table

SIZES = (1_000, 10_000)


def _status_kib(field: str) -> int | None:
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return None


def _reset_peak() -> int:
    """Start a new high-water mark at the current RSS (Linux ``clear_refs``); return it in KiB.

    Without this, the peak reached while importing (and since freed) would hide the send's.
    Elsewhere the process's lifetime peak is all there is, and growth may read as zero.
    """
    try:
        with open("/proc/self/clear_refs", "w") as refs:
            refs.write("5")
    except OSError:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return _status_kib("VmRSS") or 0


def _peak_kib() -> int:
    return _status_kib("VmHWM") or resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def measure(variant: str, count: int, trace: bool) -> dict[str, float]:
    """In this process: send to ``count`` recipients and report memory and request counts."""
    from notify_plugins.message import Message
    from notify_plugins.sending import SendOperation

    from .canned import make_provider, numbers, provider_key, success

    provider = make_provider(variant, "http://127.0.0.1:9/" + provider_key(variant))
    recipients = numbers(count)
    before = _reset_peak()
    if trace:
        tracemalloc.start()
    started = time.perf_counter()
    message = Message.create("Door open at the back entrance", recipients, "HomeAlarm")
    operation = SendOperation(provider, message)
    requests = 0
    for batch in operation.batches():
        requests += 1
        operation.record_response(batch, success(variant, batch.recipients))
    result = operation.result()
    elapsed = time.perf_counter() - started
    traced_peak = tracemalloc.get_traced_memory()[1] if trace else 0
    accepted = len(result.accepted)
    assert accepted == count, f"{variant}: {accepted} of {count} accepted: {result.summary()[:300]}"
    return {
        "rss_before_kib": before,
        "rss_peak_kib": _peak_kib(),
        "traced_peak_bytes": traced_peak,
        "requests": requests,
        "seconds": elapsed,
    }


def _child(variant: str, count: int, trace: bool) -> dict[str, float]:
    args = [sys.executable, "-m", "benchmarks.memory", variant, str(count)] + (["--trace"] if trace else [])
    done = subprocess.run(args, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"memory run {variant} x{count} failed: {done.stderr.strip()[-500:]}")
    data: dict[str, float] = json.loads(done.stdout)
    return data


def run(variants: tuple[str, ...] = VARIANTS) -> list[Table]:
    small, large = SIZES
    table = Table(
        f"Memory of one send, sans-IO with canned success responses ({small:,} vs {large:,} recipients)",
        [
            "provider",
            "requests",
            f"RSS growth {small:,} (MiB)",
            f"RSS growth {large:,} (MiB)",
            "RSS bytes / extra recipient",
            "traced peak bytes / recipient",
            f"time {large:,} (s)",
        ],
    )
    for variant in variants:
        try:
            runs = {count: _child(variant, count, trace=False) for count in SIZES}
            traced = _child(variant, large, trace=True)
        except RuntimeError as err:
            table.notes.append(f"{variant}: skipped ({err})")
            continue
        growth = {c: (r["rss_peak_kib"] - r["rss_before_kib"]) * 1024 for c, r in runs.items()}
        per_recipient = (growth[large] - growth[small]) / (large - small)
        table.rows.append(
            [
                variant,
                int(runs[large]["requests"]),
                growth[small] / 2**20,
                growth[large] / 2**20,
                round(max(per_recipient, 0.0)),
                round(traced["traced_peak_bytes"] / large),
                runs[large]["seconds"],
            ]
        )
    table.notes.append(
        "RSS growth is the peak resident set during the send (VmHWM, reset once the recipient list "
        "is built) minus the resident set at that point; "
        "traced peak is tracemalloc's peak of Python allocations during the send."
    )
    return [table]


if __name__ == "__main__":
    print(json.dumps(measure(sys.argv[1], int(sys.argv[2]), trace="--trace" in sys.argv)))
