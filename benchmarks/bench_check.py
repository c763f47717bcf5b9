"""Speed of `secmod check`, paired with loading the same content alone.

For 1, 100 and 300 synthetic modifications (copies of SECMP0059 under new ids), runs
`secmod check DIR` and, as its baseline in the same run, a process that only loads and validates
the same content (`load_content(DIR)`, what every command does first), alternating the two. It
reports the medians of wall-clock and CPU time (CPU time varies less on a shared machine), the
ratio of check to load, and what check adds per modification.

Target (issue 10): `secmod check` on 300 modifications within 5 s where it took 14.6 s. Absolute
times on a shared machine vary with its load, so the verdict is the CPU-time ratio to the paired
baseline on the largest count: at most 4.3, that is 5 / 14.6 of the ratio of about 12.5 measured
before the work on check (10.9 to 12.7 in four runs on a shared machine).

Run: python benchmarks/bench_check.py [--runs N] [--counts 1,100,300]
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from synthetic import ROOT, synthetic_content

RATIO_TARGET = 4.3
LOAD_ONLY = (
    "import sys; from pathlib import Path; from generator.load import load_content; "
    "load_content(Path(sys.argv[1]))"
)

Timing = tuple[float, float]
"""Wall-clock and CPU seconds of one process."""


def _run(cmd: Sequence[str]) -> Timing:
    """Wall-clock and CPU seconds (user + system) of one whole process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, cwd=str(ROOT))
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def _median(timings: list[Timing]) -> Timing:
    return (
        statistics.median(t[0] for t in timings),
        statistics.median(t[1] for t in timings),
    )


def paired(candidate: Sequence[str], baseline: Sequence[str], runs: int) -> tuple[Timing, Timing]:
    """Medians of both commands over ``runs`` alternating runs, after one warm-up each."""
    _run(candidate)
    _run(baseline)
    cand: list[Timing] = []
    base: list[Timing] = []
    for _ in range(runs):
        cand.append(_run(candidate))
        base.append(_run(baseline))
    return _median(cand), _median(base)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--counts", default="1,100,300")
    args = parser.parse_args()
    counts = [int(c) for c in args.counts.split(",")]
    ok = True
    with tempfile.TemporaryDirectory() as tmp:
        previous: tuple[int, Timing, Timing] | None = None
        for count in counts:
            content = Path(tmp) / f"content-{count}"
            synthetic_content(content, count)
            check = [sys.executable, "-m", "generator", "check", str(content)]
            load = [sys.executable, "-c", LOAD_ONLY, str(content)]
            (c_wall, c_cpu), (b_wall, b_cpu) = paired(check, load, args.runs)
            ratio = c_cpu / b_cpu
            line = (
                f"{count:4d} modification(s): check {c_wall:6.2f} s ({c_cpu:6.2f} s CPU), "
                f"load alone {b_wall:5.2f} s ({b_cpu:5.2f} s CPU), CPU ratio {ratio:4.1f}x"
            )
            if previous is not None:
                n0, (_, c0), (_, b0) = previous
                added = ((c_cpu - c0) - (b_cpu - b0)) / (count - n0)
                line += f", check adds {added * 1000:.1f} ms CPU per modification"
            if count == max(counts):
                fine = ratio <= RATIO_TARGET
                ok &= fine
                line += f" (target <= {RATIO_TARGET}x) {'OK' if fine else 'MISSED'}"
            print(line, flush=True)
            previous = (count, (c_wall, c_cpu), (b_wall, b_cpu))
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
