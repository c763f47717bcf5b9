"""Benchmark of the site build: the secmod plugin against a plain Material build of its pages.

For 1, 100 and 300 synthetic modifications (copies of content/SECMP0059 as SECMP1001, ...), it
times ``mkdocs build`` (a fresh process each time, as an author runs it) three ways, interleaved:

* **plugin, cold**: the secmod plugin renders every modification through the build pipeline
  (content loaded and validated, Word documents written, pages generated), cache off;
* **plugin, warm**: the same with the plugin's render cache filled by a previous build, as
  ``mkdocs serve`` rebuilds after an edit;
* **plain**: Material alone, on the very same pages written out beforehand as Markdown files
  (the plugin's output, downloads and assets included), with the same theme, nav and extensions.

Each round builds the three once, in an order that rotates from round to round; the overhead of
a round is the plugin's time over the plain build's in that round, and the overhead reported is
the median over the rounds (pairing within a round cancels the machine's drift). It also prints
the median time of each, and the 300/100 time ratio (target at most 3.3: the build grows
linearly, because modification pages are kept out of the navigation that every page carries).
The overhead target (at most 10%) is checked from 100 modifications up; with one, the fixed
cost of starting the worker and the wait for its first page (about 55 ms together, on a 0.58 s
build) are most of the difference, and it is reported only.

The sites are built in a folder on ``/dev/shm`` when there is one, so that disk writeback does
not add its noise to both sides.

Usage: ``python benchmarks/bench_site.py [--runs 5] [--sizes 1 100 300]``.
Exits 1 if a target is missed.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from generator.mkdocs_plugin import _SCRIPTS, _STYLESHEETS, ASSETS  # noqa: E402
from generator.site.dialect import site_markdown  # noqa: E402
from generator.site.pages import generate_site  # noqa: E402

sys.path.insert(0, str(Path(__file__).parent))
from synthetic import synthetic_content  # noqa: E402

OVERHEAD_TARGET = 0.10
RATIO_TARGET = 3.3


def _site_config() -> dict[str, object]:
    loaded = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    assert isinstance(loaded, dict)
    return loaded


def plugin_config(work: Path, content: Path, cache: str) -> Path:
    """The project's mkdocs.yml, pointed at ``content`` and a private output folder."""
    config = _site_config()
    config["docs_dir"] = str(ROOT / "content" / "pages")
    config["site_dir"] = str(work / "site-plugin")
    config["plugins"] = [
        "search",
        {
            "secmod": {
                "content": str(content),
                "templates": str(ROOT / "templates"),
                "cache_dir": cache,
            }
        },
    ]
    path = work / f"mkdocs-plugin-{'warm' if cache else 'cold'}.yml"
    path.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return path


def plain_config(work: Path, content: Path) -> Path:
    """A plain Material site of the plugin's pages, written out as Markdown files."""
    docs = work / "docs-plain"
    shutil.copytree(ROOT / "content" / "pages", docs)
    site = generate_site(content, ROOT / "templates")
    for page in site.pages:
        assert page.markdown is not None
        text = site_markdown(page.markdown)
        for marker, widget in page.widgets.items():
            text = text.replace(marker, widget)
        path = docs / page.uri
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    for download in site.files:
        (docs / download.uri).write_bytes(download.data)
    assets = docs / ASSETS
    assets.mkdir(parents=True)
    for name in (*_STYLESHEETS, *_SCRIPTS):
        shutil.copy(ROOT / "generator" / "site" / "assets" / name, assets / name)
    config = _site_config()
    config["docs_dir"] = str(docs)
    config["site_dir"] = str(work / "site-plain")
    config["plugins"] = ["search"]
    config["not_in_nav"] = "/modifications/*/\n"
    config["extra_css"] = [f"{ASSETS}/{n}" for n in _STYLESHEETS]
    config["extra_javascript"] = [f"{ASSETS}/{n}" for n in _SCRIPTS]
    extensions = config["markdown_extensions"]
    assert isinstance(extensions, list)
    config["markdown_extensions"] = [e for e in extensions if e != "generator.site.safe_markdown"]
    path = work / "mkdocs-plain.yml"
    path.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return path


def _build(config: Path) -> float:
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(config)],
        check=True,
        cwd=config.parent,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    return time.perf_counter() - started


def measure(count: int, runs: int, work: Path) -> tuple[dict[str, float], dict[str, float]]:
    """Median build times (seconds) of the three variants for ``count`` modifications, and the
    median over the rounds of each plugin variant's time over the plain build's."""
    content = work / "content"
    synthetic_content(content, count)
    configs = {
        "cold": plugin_config(work, content, ""),
        "warm": plugin_config(work, content, str(work / "cache")),
        "plain": plain_config(work, content),
    }
    _build(configs["warm"])  # fills the cache (and warms the file system)
    names = list(configs)
    times: dict[str, list[float]] = {name: [] for name in configs}
    for round_ in range(runs):
        for name in names[round_ % 3 :] + names[: round_ % 3]:
            times[name].append(_build(configs[name]))
    ratios = {
        name: statistics.median(t / p for t, p in zip(times[name], times["plain"], strict=True))
        for name in ("cold", "warm")
    }
    return {name: statistics.median(values) for name, values in times.items()}, ratios


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1, 100, 300])
    args = parser.parse_args()
    results: dict[int, dict[str, float]] = {}
    overheads: dict[int, dict[str, float]] = {}
    shm = Path("/dev/shm")
    where = str(shm) if shm.is_dir() and os.access(shm, os.W_OK) else None
    with tempfile.TemporaryDirectory(prefix="secmod-bench-site-", dir=where) as tmp:
        for size in args.sizes:
            results[size], overheads[size] = measure(size, args.runs, Path(tmp) / str(size))
            print(f"  measured {size} modification(s)", file=sys.stderr)
    print(f"median of {args.runs} rounds; overhead: median over rounds of plugin / plain")
    print(f"{'mods':>5} {'plain s':>8} {'cold s':>8} {'warm s':>8} {'cold +%':>8} {'warm +%':>8}")
    verdicts: dict[str, bool] = {}
    for size, r in results.items():
        cold = overheads[size]["cold"] - 1
        warm = overheads[size]["warm"] - 1
        print(
            f"{size:>5} {r['plain']:>8.2f} {r['cold']:>8.2f} {r['warm']:>8.2f} "
            f"{cold * 100:>7.1f}% {warm * 100:>7.1f}%"
        )
        if size > 1:
            verdicts[f"overhead <= {OVERHEAD_TARGET:.0%}, cold (first build), {size}"] = (
                cold <= OVERHEAD_TARGET
            )
            verdicts[f"overhead <= {OVERHEAD_TARGET:.0%}, warm (rebuild), {size}"] = (
                warm <= OVERHEAD_TARGET
            )
    if 100 in results and 300 in results:
        for name in ("plain", "cold", "warm"):
            ratio = results[300][name] / results[100][name]
            verdicts[f"300/100 ratio <= {RATIO_TARGET}, {name}: {ratio:.2f}"] = (
                ratio <= RATIO_TARGET
            )
    for target, met in verdicts.items():
        print(f"{'OK    ' if met else 'MISSED'} {target}")
    ok = all(verdicts.values())
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
