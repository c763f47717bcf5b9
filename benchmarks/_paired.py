"""Paired timing of whole processes: candidate and baseline alternate in one run.

These machines are noisy, so every figure is a median over interleaved runs, and targets are
ratios to a baseline measured in the same run rather than absolute times.
"""

from __future__ import annotations

import statistics
import subprocess
import time
from collections.abc import Sequence

__all__ = ["paired", "report"]


def _time(cmd: Sequence[str], cwd: str | None) -> float:
    started = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, cwd=cwd)
    return time.perf_counter() - started


def paired(
    candidate: Sequence[str], baseline: Sequence[str], runs: int = 15, cwd: str | None = None
) -> tuple[list[float], list[float]]:
    """Run both commands ``runs`` times, alternating, after one warm-up each."""
    _time(candidate, cwd)
    _time(baseline, cwd)
    cand: list[float] = []
    base: list[float] = []
    for _ in range(runs):
        cand.append(_time(candidate, cwd))
        base.append(_time(baseline, cwd))
    return cand, base


def report(name: str, cand: list[float], base: list[float], target: float) -> bool:
    """Print medians and the ratio; return whether the ratio meets ``target``."""
    c, b = statistics.median(cand), statistics.median(base)
    ratio = c / b
    ok = ratio <= target
    print(
        f"{name}: {c * 1000:.0f} ms vs baseline {b * 1000:.0f} ms = {ratio:.2f}x "
        f"(target <= {target}x) {'OK' if ok else 'MISSED'}"
    )
    return ok
