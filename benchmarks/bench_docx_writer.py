"""Benchmark of the Markdown -> DOCX writer against the naive python-docx approach.

Renders a representative Change Board paper (about four A4 pages: ~40 paragraphs, three
footnotes, several lists, one table, a redline) ``--n`` times in one process, each time
with different content, and reports the marginal time per paper ((total - first) / (n - 1)),
the peak traced memory and the process's maximum resident set size. As a paired baseline
it renders the same content the naive way: ``docx.Document(reference)``, one
``add_heading``/``add_paragraph`` per block, ``save`` to a BytesIO.

Usage: ``python benchmarks/bench_docx_writer.py [--n 300]``. Exits 1 if the writer takes
more than 15 ms per paper or peaks above 100 MB.
"""

from __future__ import annotations

import argparse
import datetime
import gc
import io
import resource
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import docx

from generator.render.docx import DocumentProperties, markdown_to_docx
from generator.render.docx_styles import DEFAULT_REFERENCE
from generator.render.markdown import parse

TIME_LIMIT_MS = 15.0
MEMORY_LIMIT_MB = 100.0

_PROSE = (
    "The Security Sub-Committee considers that the assurance obligations of this Section no"
    " longer match the risk that a User of type {n} presents to the End-to-End Smart Metering"
    " System, and proposes that the Code set out, for every year after the first, which type of"
    " User Security Assessment applies. Parties agreed that the change is proportionate."
)


def paper(n: int) -> str:
    """A representative ~4-page paper in Markdown; ``n`` makes its content unique."""
    p = _PROSE.format(n=n)
    sections = [
        f"# Change Board paper: SECMP{n:04d} 'Amendments to Security Assessments'\n",
        "## 1. Purpose\n",
        f"This paper asks the Change Board to **approve** modification SECMP{n:04d}.[^scope]\n",
        f"{p}\n",
        "## 2. Background\n",
        f"{p}\n",
        f"{p} See the [SEC website](https://smartenergycodecompany.co.uk/modifications/).\n",
        "- Non-domestic energy Suppliers have asked which assessment follows the first.",
        "- Other Users complete a Self-Assessment in the second year.",
        "  - The SSC considers this disproportionate.",
        "  - Small Suppliers already follow a different cycle.",
        "- The proposal removes the ambiguity.\n",
        "## 3. Proposed solution\n",
        *(f"{p}\n" for _ in range(4)),
        "1. A Full User Security Assessment in year one.",
        "2. A Verification Assessment in year two.",
        "   1. Carried out by the independent assurance provider.",
        "   2. Reported to the SSC.",
        "3. A Self-Assessment in year three.\n",
        "## 4. Impacts\n",
        *(f"{p}\n" for _ in range(3)),
        "| Party category | Impact | Cost |",
        "|:---------------|:------:|-----:|",
        "| Large Suppliers | None | £0 |",
        "| Small Suppliers | Low | £0 |",
        "| Non-Domestic Suppliers | Medium | £1,500 |",
        "| Other Users | Low | £0 |",
        "| DCC | None | £0 |\n",
        "## 5. Legal text\n",
        "G8.47 The User shall undergo <del>a User Security Self-Assessment</del>"
        "<ins>a Verification User Security Assessment</ins> in the year after its first"
        " Full User Security Assessment.[^legal]\n",
        *(f"{p}\n" for _ in range(3)),
        "## 6. Consultation responses\n",
        *(f"{p}\n" for _ in range(4)),
        "- Four respondents supported the modification.",
        "- One respondent was neutral.",
        "- No respondent opposed it.\n",
        "## 7. Costs and implementation\n",
        *(f"{p}\n" for _ in range(3)),
        "The modification would be implemented in the November release.[^date]\n",
        "## 8. Recommendations\n",
        "The Change Board is invited to:\n",
        "1. **APPROVE** the modification;",
        "2. **NOTE** the consultation responses; and",
        "3. **AGREE** the implementation date.\n",
        *(f"{p}\n" for _ in range(6)),
        "[^scope]: The scope was agreed by the Change Sub-Committee in *December*.",
        "[^legal]: The full legal text is in Annex A.",
        f"[^date]: Subject to the Panel's agreement; paper {n}.",
    ]
    return "\n".join(sections) + "\n"


def properties(n: int) -> DocumentProperties:
    when = datetime.datetime(2024, 1, 16, tzinfo=datetime.UTC)
    return DocumentProperties(
        title=f"SECMP{n:04d} Change Board paper",
        subject="Change Board vote",
        author="SECAS",
        keywords=("SEC", "modification", f"SECMP{n:04d}"),
        created=when,
        modified=when,
        footer_label=f"SECMP{n:04d}",
    )


def naive(markdown: str, reference: Path) -> bytes:
    """The baseline: python-docx's own API, one call per block and per run.

    Headings, list items (by style, without restart or nesting), tables and bold/italic
    runs are written; footnotes, links and tracked changes are not, so the baseline does
    less work than the real writer.
    """
    document = docx.Document(str(reference))
    tokens = parse(markdown)
    style = "Normal"
    heading = 0
    lists: list[str] = []
    row: list[str] = []
    rows: list[list[str]] = []
    for index, token in enumerate(tokens):
        kind = token.type
        if kind == "heading_open":
            heading = int(token.tag[1:])
        elif kind in ("bullet_list_open", "ordered_list_open"):
            lists.append("List Bullet" if kind == "bullet_list_open" else "List Number")
        elif kind in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
        elif kind == "tr_close":
            rows.append(row)
            row = []
        elif kind == "table_close":
            table = document.add_table(rows=len(rows), cols=len(rows[0]))
            table.style = document.styles["Secmod Table"]
            for r, cells in enumerate(rows):
                for c, text in enumerate(cells):
                    table.cell(r, c).text = text
            rows = []
        elif kind == "inline":
            if tokens[index - 1].type in ("th_open", "td_open"):
                row.append(token.content)
                continue
            if heading:
                paragraph = document.add_heading("", level=max(heading - 1, 0))
                heading = 0
            else:
                style = lists[-1] if lists else "Normal"
                paragraph = document.add_paragraph(style=style)
            bold = italic = False
            for child in token.children or ():
                if child.type == "strong_open":
                    bold = True
                elif child.type == "strong_close":
                    bold = False
                elif child.type == "em_open":
                    italic = True
                elif child.type == "em_close":
                    italic = False
                elif child.type in ("text", "code_inline"):
                    run = paragraph.add_run(child.content)
                    run.bold = bold or None
                    run.italic = italic or None
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def measure(render: Callable[[int], bytes], n: int, traced: int) -> dict[str, float]:
    """Time ``n`` renders, then repeat the first ``traced`` under tracemalloc for the peak.

    Timing and memory tracing are separate passes because tracemalloc slows Python down
    several times over.
    """
    gc.collect()
    start = time.perf_counter()
    size = len(render(0))
    first = time.perf_counter()
    for i in range(1, n):
        size += len(render(i))
    end = time.perf_counter()
    gc.collect()
    tracemalloc.start()
    for i in range(traced):
        render(i)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {
        "first_ms": (first - start) * 1000,
        "marginal_ms": (end - first) * 1000 / max(n - 1, 1),
        "peak_mb": peak / 2**20,
        "avg_kb": size / n / 1024,
        "maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def main(argv: list[str] | None = None) -> int:
    arguments = argparse.ArgumentParser(description="Benchmark the DOCX writer.")
    arguments.add_argument("--n", type=int, default=300, help="papers per approach")
    options = arguments.parse_args(argv)
    n = max(options.n, 2)
    papers = [paper(i) for i in range(n)]
    reference = DEFAULT_REFERENCE
    results = {
        # The writer's memory is traced over every paper (a leak would show); the slow
        # baseline's over the first 50 only.
        "secmod writer": measure(lambda i: markdown_to_docx(papers[i], properties(i)), n, n),
        "naive python-docx": measure(lambda i: naive(papers[i], reference), n, min(n, 50)),
    }
    print(f"{n} papers, {len(papers[0]) / 1024:.1f} KiB of Markdown each")
    header = ("approach", "first ms", "ms/paper", "peak MB", "maxRSS MB", "KiB/docx")
    print(f"{header[0]:<20}" + "".join(f"{h:>11}" for h in header[1:]))
    for label, r in results.items():
        print(
            f"{label:<20}{r['first_ms']:>11.1f}{r['marginal_ms']:>11.2f}"
            f"{r['peak_mb']:>11.1f}{r['maxrss_mb']:>11.1f}{r['avg_kb']:>11.1f}"
        )
    writer = results["secmod writer"]
    maxrss_mb = writer["maxrss_mb"]
    speedup = results["naive python-docx"]["marginal_ms"] / writer["marginal_ms"]
    print(f"writer is {speedup:.1f}x faster than the naive approach")
    failed = False
    if writer["marginal_ms"] > TIME_LIMIT_MS:
        print(f"FAIL: {writer['marginal_ms']:.2f} ms per paper > {TIME_LIMIT_MS} ms")
        failed = True
    if writer["peak_mb"] > MEMORY_LIMIT_MB or maxrss_mb > MEMORY_LIMIT_MB:
        print(f"FAIL: peak memory above {MEMORY_LIMIT_MB} MB")
        failed = True
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
