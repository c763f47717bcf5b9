"""Build speed and memory of the Change Board paper pipeline, each paired with a baseline.

1. Whole process, one modification: `secmod build SECMP0059` against
   `python -c "import docx; docx.Document().save(...)"` (target: at most 1.5x).
2. Marginal time per modification when building 300 synthetic modifications in one run:
   (T(300) - T(1)) / 299, both whole-process runs of `secmod build` (target: at most 15 ms).
3. Peak memory of the 300-modification build (target: under 100 MB), as the process's maximum
   resident set size and as the Python heap peak (tracemalloc) of the build itself.

Run: python benchmarks/bench_build.py [--runs N] [--count 300]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from _paired import paired, report
from synthetic import ROOT, synthetic_content

# Two separate runs: tracemalloc's own bookkeeping would inflate the resident set size.
MEASURE = """
import json, resource, sys, tracemalloc
from pathlib import Path
traced = sys.argv[3] == "traced"
if traced:
    tracemalloc.start()
from generator.build import build_all
build_all(Path(sys.argv[1]), Path(sys.argv[2]), only=["paper"])
print(json.dumps({"maxrss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
                  "heap_peak": tracemalloc.get_traced_memory()[1] if traced else 0}))
"""


def _paper_build(content: Path, out: Path) -> list[str]:
    """`secmod build --only paper` of every modification in ``content``."""
    return [
        sys.executable,
        "-m",
        "generator",
        "build",
        "--only",
        "paper",
        "--content",
        str(content),
        "--out",
        str(out),
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--count", type=int, default=300)
    args = parser.parse_args()
    ok = True
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        candidate = [
            sys.executable,
            "-m",
            "generator",
            "build",
            "SECMP0059",
            "--only",
            "paper",
            "--out",
            str(work / "one"),
        ]
        baseline = [
            sys.executable,
            "-c",
            f"import docx; docx.Document().save({str(work / 'x.docx')!r})",
        ]
        cand, base = paired(candidate, baseline, args.runs, cwd=str(ROOT))
        ok &= report("one paper, whole process", cand, base, 1.5)

        one = work / "content-1"
        many = work / f"content-{args.count}"
        synthetic_content(one, 1)
        synthetic_content(many, args.count)
        build_one = _paper_build(one, work / "out-1")
        build_many = _paper_build(many, work / "out-many")
        t_many, t_one = paired(build_many, build_one, max(3, args.runs // 2), cwd=str(ROOT))
        marginal = (statistics.median(t_many) - statistics.median(t_one)) / (args.count - 1)
        fine = marginal <= 0.015
        ok &= fine
        print(
            f"marginal per modification ({args.count} in one run): {marginal * 1000:.1f} ms "
            f"(T({args.count}) {statistics.median(t_many):.2f} s, T(1) "
            f"{statistics.median(t_one):.2f} s; target <= 15 ms) {'OK' if fine else 'MISSED'}"
        )

        def measure(mode: str) -> dict[str, int]:
            out = subprocess.run(
                [sys.executable, "-c", MEASURE, str(many), str(work / "out-mem"), mode],
                capture_output=True,
                text=True,
                check=True,
                cwd=str(ROOT),
            )
            result: dict[str, int] = json.loads(out.stdout.strip().splitlines()[-1])
            return result

        rss = measure("plain")["maxrss_kb"] / 1024
        heap = measure("traced")["heap_peak"] / 2**20
        fine = rss < 100
        ok &= fine
        print(
            f"peak memory building {args.count}: max RSS {rss:.0f} MB, Python heap peak "
            f"{heap:.0f} MB (target < 100 MB) {'OK' if fine else 'MISSED'}"
        )
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
