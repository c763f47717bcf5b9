"""Whole-process time of `secmod responses import` of 30 filled forms, paired against
`python -c "import docx"`.

The content is a copy of the bundled SECMP0059 with its responses.yaml restored before every
run, so each run reads, validates and merges all 30 forms (each a few paragraphs per question)
and writes the file. The target is absolute (under 1 s on this machine class); the ratio to
the baseline, measured in the same run, and the CPU time of each (what the wall time would be
on an idle machine) are printed beside it, so a machine shared with other work shows as such.
Run: python benchmarks/bench_import.py [--runs N]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from _paired import paired

ROOT = Path(__file__).resolve().parents[1]
FORMS = 30


def _content(target: Path) -> list[Path]:
    """A copy of the bundled content and 30 filled forms of SECMP0059's consultation."""
    from generator.build import build_timestamp
    from generator.forms.fill_docx import fill_form
    from generator.forms.form_docx import response_form
    from generator.load import load_content

    content = target / "content"
    content.mkdir()
    for name in ("objectives.yaml", "releases.yaml"):
        shutil.copy(ROOT / "content" / name, content / name)
    shutil.copytree(
        ROOT / "content" / "SECMP0059",
        content / "SECMP0059",
        ignore=shutil.ignore_patterns("forms"),
    )
    loaded = load_content(content, ["SECMP0059"])
    mod = loaded.modifications["SECMP0059"]
    consultation = mod.modification.consultation()
    assert consultation is not None
    form = response_form(mod, consultation, loaded.objectives, build_timestamp(mod))
    categories = ["Large Supplier", "Small Supplier", "Network Party", "Other SEC Party"]
    paths = []
    for n in range(FORMS):
        reasons = " ".join(f"Sentence {k} of the reasons of respondent {n}." for k in range(12))
        values = {
            "respondent": f"Respondent {n:02d}",
            "organisation": f"Organisation {n}",
            "category": categories[n % 4],
            "contact": f"r{n}@example.org",
            "confidential": "no",
            "q1.position": ["approve", "reject", "neutral"][n % 3],
            "q1.text": f"{reasons}\n\n{reasons}",
            "q2.a": "better",
            "q2.d": "against" if n % 2 else "none",
            "q2.text": reasons,
            "q3.choice": "yes",
            "q3.text": reasons,
            "q4.text": reasons,
        }
        path = target / f"form-{n:02d}.docx"
        path.write_bytes(fill_form(form, values))
        paths.append(path)
    return paths


def _cpu(command: list[str], runs: int) -> float:
    """The median CPU time (user + system) of ``runs`` runs of ``command``: what the wall
    time would be on an idle machine, whatever else shares it now."""
    import resource
    import subprocess

    times = []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, cwd=str(ROOT))
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        times.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--seconds", type=float, default=1.0, help="the absolute target")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        forms = _content(root)
        responses = root / "content" / "SECMP0059" / "responses.yaml"
        original = root / "responses.orig.yaml"
        shutil.copy(responses, original)
        import_forms = " ".join(
            [sys.executable, "-m", "generator", "responses", "import", "SECMP0059"]
            + [str(p) for p in forms]
            + ["--content", str(root / "content")]
        )
        candidate = ["sh", "-c", f"cp {original} {responses} && {import_forms}"]
        baseline = [sys.executable, "-c", "import docx"]
        cand, base = paired(candidate, baseline, args.runs, cwd=str(ROOT))
        median, baseline_median = statistics.median(cand), statistics.median(base)
        ok = median < args.seconds
        print(
            f"secmod responses import of {FORMS} forms (whole process): {median:.3f} s "
            f"(target < {args.seconds} s) {'OK' if ok else 'MISSED'}; "
            f"{median / baseline_median:.2f}x the baseline ({baseline_median:.3f} s)"
        )
        cpu, cpu_base = _cpu(candidate, args.runs), _cpu(baseline, args.runs)
        print(f"CPU (user + system) per run: {cpu:.3f} s vs baseline {cpu_base:.3f} s")
        assert responses.read_text(encoding="utf-8").count("respondent:") == 9 + FORMS
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
