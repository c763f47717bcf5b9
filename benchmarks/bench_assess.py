"""Whole-process time of `secmod assess`, paired against `python -c pass`.

`secmod assess` must start fast: it imports the rules module only (no content model, no Jinja,
no python-docx, no MkDocs). Run: python benchmarks/bench_assess.py [--runs N]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from _paired import paired, report


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument(
        "--target", type=float, default=4.0, help="largest acceptable ratio to the bare interpreter"
    )
    args = parser.parse_args()
    candidate = [
        sys.executable,
        "-m",
        "generator",
        "assess",
        "--role",
        "supplier",
        "--domestic",
        "100000",
        "--non-domestic",
        "30001",
        "--json",
    ]
    baseline = [sys.executable, "-c", "pass"]
    cand, base = paired(candidate, baseline, args.runs, cwd=str(Path(__file__).parents[1]))
    ok = report("secmod assess (whole process)", cand, base, args.target)
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
