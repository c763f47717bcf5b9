"""Benchmark of the site build: the secmod plugin against plain Material on the same pages.

Every figure is paired with plain Material in the same run, in wall time **and CPU time** (user
plus system of the build process and its children): the plugin renders in MkDocs' own process,
so CPU time is what it really costs, whatever the other core is doing.

* **cold build** at 1, 100 and 300 synthetic modifications (copies of content/SECMP0059): a
  fresh ``mkdocs build`` with the render cache off, so every modification is loaded, validated
  and rendered (Word documents included), against plain Material building the very same pages,
  written out beforehand as Markdown files (downloads and assets included) with the same theme,
  navigation and extensions. Each round builds both, in alternating order; the overhead is the
  median over the rounds of plugin / plain. Targets: CPU overhead at most 15% from 100
  modifications up, and a 300/100 time ratio of at most 3.3 (the build grows linearly);
* **rebuild after one edit** at 300: ``mkdocs build`` with the disk cache filled by a previous
  build, after one modification's status changed (reported, against the plain build);
* **edit to preview** at 300: ``mkdocs serve --dirty --no-strict`` on 127.0.0.1; the time from
  writing the edit to the file until the server returns the page with the new text (target: at
  most 2 s).
  MkDocs waits a moment for more changes before it rebuilds, and that wait is included.

The sites are built in a folder on ``/dev/shm`` when there is one, so that disk writeback does
not add its noise to both sides.

Usage: ``python benchmarks/bench_site.py [--runs 3] [--sizes 1 100 300] [--edits 5]``.
Exits 1 if a target is missed.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import yaml
from mkdocs.utils.yaml import yaml_load

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).parent))

from synthetic import synthetic_content  # noqa: E402

from generator.mkdocs_plugin import ASSETS, SCRIPTS, STYLESHEETS  # noqa: E402
from generator.site.cache import RenderCache  # noqa: E402
from generator.site.pages import generate_site  # noqa: E402
from generator.site.timeline import build_date  # noqa: E402

CPU_TARGET = 0.15
RATIO_TARGET = 3.3
PREVIEW_TARGET = 2.0
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


@dataclass(frozen=True)
class Timing:
    """One build: wall-clock seconds and CPU seconds (user + system, children included)."""

    wall: float
    cpu: float


def _site_config() -> dict[str, object]:
    loaded = yaml_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    assert isinstance(loaded, dict)
    return loaded


def plugin_config(work: Path, content: Path, cache: str, name: str) -> Path:
    """The project's mkdocs.yml, pointed at ``content`` and a private output folder."""
    config = _site_config()
    config["docs_dir"] = str(ROOT / "content" / "pages")
    config["site_dir"] = str(work / f"site-{name}")
    options = {"content": str(content), "templates": str(ROOT / "templates"), "cache_dir": cache}
    config["plugins"] = ["search", {"secmod": options}]
    path = work / f"mkdocs-{name}.yml"
    path.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return path


def plain_config(work: Path, content: Path) -> Path:
    """A plain Material site of the plugin's pages, written out as Markdown files."""
    docs = work / "docs-plain"
    shutil.copytree(ROOT / "content" / "pages", docs)
    cache = RenderCache(None, content, ROOT / "templates", build_date())
    pages, downloads = generate_site(content, ROOT / "templates", cache)
    for page in pages:
        text = page.markdown
        for marker, widget in page.widgets.items():
            text = text.replace(marker, widget)
        path = docs / page.uri
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    for download in downloads:
        (docs / download.uri).write_bytes(download.data)
    assets = docs / ASSETS
    assets.mkdir(parents=True)
    for name in (*STYLESHEETS, *SCRIPTS):
        shutil.copy(ROOT / "generator" / "site" / "assets" / name, assets / name)
    config = _site_config()
    config["docs_dir"] = str(docs)
    config["site_dir"] = str(work / "site-plain")
    config["plugins"] = ["search"]
    config["not_in_nav"] = "/modifications/*/\n"
    config["extra_css"] = [f"{ASSETS}/{n}" for n in STYLESHEETS]
    config["extra_javascript"] = [f"{ASSETS}/{n}" for n in SCRIPTS]
    extensions = config["markdown_extensions"]
    assert isinstance(extensions, list)
    config["markdown_extensions"] = [e for e in extensions if e != "generator.site.safe_markdown"]
    path = work / "mkdocs-plain.yml"
    path.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return path


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def build(config: Path) -> Timing:
    """``mkdocs build`` of ``config`` in a fresh process."""
    cpu, started = _cpu(), time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(config)],
        check=True,
        cwd=config.parent,
        env=ENV,
    )
    return Timing(time.perf_counter() - started, _cpu() - cpu)


def _median_ratio(cand: list[Timing], base: list[Timing], field: str) -> float:
    pairs = zip(cand, base, strict=True)
    return statistics.median(getattr(c, field) / getattr(b, field) for c, b in pairs)


def _edit(content: Path, mod_id: str, status: str) -> None:
    main = content / mod_id / "modification.yaml"
    lines = main.read_text(encoding="utf-8").splitlines()
    lines = [f"status: {status}" if line.startswith("status: ") else line for line in lines]
    main.write_text("\n".join(lines) + "\n", encoding="utf-8")


def cold(count: int, runs: int, work: Path) -> dict[str, list[Timing]]:
    """Interleaved cold plugin builds and plain builds of ``count`` modifications."""
    content = work / "content"
    synthetic_content(content, count)
    configs = {
        "plugin": plugin_config(work, content, "", "cold"),
        "plain": plain_config(work, content),
    }
    build(configs["plain"])  # warms the file system and the interpreter's caches
    times: dict[str, list[Timing]] = {name: [] for name in configs}
    for round_ in range(runs):
        order = list(configs) if round_ % 2 == 0 else list(reversed(configs))
        for name in order:
            times[name].append(build(configs[name]))
    return times


def rebuild(work: Path, runs: int) -> list[Timing]:
    """Builds with a warm disk cache after one modification of the content changed."""
    content = work / "content"
    config = plugin_config(work, content, str(work / "cache"), "warm")
    build(config)
    timings = []
    for run in range(runs):
        _edit(content, "SECMP1000", f"Edited {run}")
        timings.append(build(config))
    return timings


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _page(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return str(response.read().decode("utf-8"))
    except OSError:
        return ""


def _wait(url: str, text: str, timeout: float) -> float:
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        if text in _page(url):
            return time.perf_counter()
        time.sleep(0.02)
    raise TimeoutError(f"{url} never showed {text!r}")


def preview(work: Path, edits: int) -> list[float]:
    """Seconds from an edit's write to the served page showing it, under ``serve --dirty``."""
    content = work / "content"
    config = plugin_config(work, content, "", "serve")
    port = _free_port()
    # --no-strict: MkDocs warns of every dirty build, which strict mode would make an error
    command = [sys.executable, "-m", "mkdocs", "serve", "--dirty", "--no-strict", "-f", str(config)]
    server = subprocess.Popen(
        [*command, "-a", f"127.0.0.1:{port}"],
        cwd=work,
        env=ENV,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/modifications/SECMP1150/"
    try:
        _wait(url, "SECMP1150", timeout=900)
        seconds = []
        for n in range(edits):
            status = f"Previewed edit {n}"
            written = time.perf_counter()
            _edit(content, "SECMP1150", status)
            seconds.append(_wait(url, status, timeout=300) - written)
            time.sleep(1)
        return seconds
    finally:
        server.terminate()
        server.wait(timeout=30)


def _row(name: str, plugin: list[Timing], plain: list[Timing]) -> tuple[float, float]:
    wall = _median_ratio(plugin, plain, "wall") - 1
    cpu = _median_ratio(plugin, plain, "cpu") - 1
    med = {k: statistics.median(getattr(t, k) for t in plugin) for k in ("wall", "cpu")}
    base = {k: statistics.median(getattr(t, k) for t in plain) for k in ("wall", "cpu")}
    print(
        f"{name:<24} {base['wall']:>7.2f} {med['wall']:>7.2f} {wall * 100:>+7.1f}%"
        f" {base['cpu']:>7.2f} {med['cpu']:>7.2f} {cpu * 100:>+7.1f}%"
    )
    return wall, cpu


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1, 100, 300])
    parser.add_argument("--edits", type=int, default=5)
    args = parser.parse_args()
    shm = Path("/dev/shm")
    where = str(shm) if shm.is_dir() and os.access(shm, os.W_OK) else None
    results: dict[int, dict[str, list[Timing]]] = {}
    verdicts: dict[str, bool] = {}
    with tempfile.TemporaryDirectory(prefix="secmod-bench-site-", dir=where) as tmp:
        for size in args.sizes:
            results[size] = cold(size, args.runs, Path(tmp) / str(size))
            print(f"  measured {size} modification(s), cold", file=sys.stderr)
        largest = Path(tmp) / str(max(args.sizes))
        rebuilt = rebuild(largest, args.runs)
        previews = preview(largest, args.edits) if max(args.sizes) >= 300 else []
    print(f"median of {args.runs} rounds; overhead: median over rounds of plugin / plain")
    print(f"{'':<24} {'plain':>7} {'plugin':>7} {'wall':>8} {'plain':>7} {'plugin':>7} {'CPU':>8}")
    print(f"{'':<24} {'wall s':>7} {'wall s':>7} {'':>8} {'CPU s':>7} {'CPU s':>7}")
    for size, times in results.items():
        _, cpu = _row(f"cold, {size} mods", times["plugin"], times["plain"])
        if size >= 100:
            verdicts[f"CPU overhead <= {CPU_TARGET:.0%}, cold, {size}: {cpu:+.1%}"] = (
                cpu <= CPU_TARGET
            )
    biggest = max(args.sizes)
    _row(f"rebuild, 1 of {biggest} edited", rebuilt, results[biggest]["plain"])
    if 100 in results and 300 in results:
        for kind in ("wall", "cpu"):
            ratio = statistics.median(getattr(t, kind) for t in results[300]["plugin"]) / (
                statistics.median(getattr(t, kind) for t in results[100]["plugin"])
            )
            verdicts[f"300/100 {kind} ratio <= {RATIO_TARGET}: {ratio:.2f}"] = ratio <= RATIO_TARGET
    if previews:
        middle = statistics.median(previews)
        print(
            f"edit to preview, serve --dirty, {biggest} mods: median {middle:.2f} s, "
            f"max {max(previews):.2f} s over {len(previews)} edits"
        )
        verdicts[f"edit to preview <= {PREVIEW_TARGET} s: {middle:.2f} s"] = (
            middle <= PREVIEW_TARGET
        )
    for target, met in verdicts.items():
        print(f"{'OK    ' if met else 'MISSED'} {target}")
    return 0 if all(verdicts.values()) else 1


if __name__ == "__main__":
    raise SystemExit(main())
