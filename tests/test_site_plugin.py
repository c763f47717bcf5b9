"""The MkDocs plugin: its options, its content-addressed cache, and ``mkdocs serve`` rebuilding."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from generator.mkdocs_plugin import SecmodPlugin
from generator.site import cache as cache_module
from generator.site import pages
from generator.site.cache import RenderCache
from generator.site.pages import generate_site
from tests.site_fixtures import (
    CONTENT,
    ROOT,
    TEMPLATES,
    free_port,
    run_mkdocs,
    write_config,
)


def _copy(tmp_path: Path) -> Path:
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content, ignore=shutil.ignore_patterns("pages"))
    return content


def test_the_plugin_is_registered_under_its_entry_point() -> None:
    from importlib.metadata import entry_points

    (entry,) = [e for e in entry_points(group="mkdocs.plugins") if e.name == "secmod"]
    assert entry.load() is SecmodPlugin


def test_the_options_have_defaults_and_an_enabled_flag() -> None:
    plugin = SecmodPlugin()
    errors, warnings = plugin.load_config({})
    assert errors == [] and warnings == []
    assert plugin.config.enabled is True
    assert plugin.config.content == "content"
    assert plugin.config.templates == "templates"
    errors, _ = SecmodPlugin().load_config({"enabled": "yes please"})
    assert errors


class _Server:
    def __init__(self) -> None:
        self.watched: list[str] = []

    def watch(self, path: str) -> None:
        self.watched.append(path)


def test_serve_watches_the_content_and_templates_folders(tmp_path: Path) -> None:
    plugin = SecmodPlugin()
    plugin.load_config({"content": str(tmp_path / "c"), "templates": str(tmp_path / "t")})
    server = _Server()
    plugin.on_serve(server, config=None, builder=None)  # type: ignore[arg-type]
    assert server.watched == [str(tmp_path / "c"), str(tmp_path / "t")]


TODAY = dt.date(2024, 1, 1)


def _count(content_dir: Path) -> int:
    return len([f for f in content_dir.iterdir() if (f / "modification.yaml").is_file()])


def _cache(tmp_path: Path, content_dir: Path, folder: str | None = "cache") -> RenderCache:
    return RenderCache(tmp_path / folder if folder else None, content_dir, TEMPLATES, TODAY)


def test_the_cache_replays_a_modification_from_memory_and_from_disk(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    content_dir = _copy(tmp_path)
    first_cache = _cache(tmp_path, content_dir)
    first = generate_site(content_dir, TEMPLATES, first_cache)
    count = _count(content_dir)
    assert (first_cache.hits, first_cache.misses) == (0, count)
    again = _cache(tmp_path, content_dir)
    assert generate_site(content_dir, TEMPLATES, again) == first
    assert (again.hits, again.misses) == (count, 0)
    cache_module._MEMORY.clear()  # a new process: only the disk copy is left

    def no_loading(*args: object) -> None:
        raise AssertionError(f"content loaded again: {args}")

    monkeypatch.setattr(pages, "validate", no_loading)
    from_disk = _cache(tmp_path, content_dir)
    assert generate_site(content_dir, TEMPLATES, from_disk) == first
    assert from_disk.hits == count


def test_cached_and_uncached_sites_are_the_same(tmp_path: Path) -> None:
    content_dir = _copy(tmp_path)
    cache_module._MEMORY.clear()
    plain = generate_site(content_dir, TEMPLATES, _cache(tmp_path, content_dir, None))
    cache_module._MEMORY.clear()
    cached = generate_site(content_dir, TEMPLATES, _cache(tmp_path, content_dir))
    assert plain == cached
    uris = [p.uri for p in plain[0] if p.uri.startswith("modifications/SECMP0059/")]
    assert uris == [
        "modifications/SECMP0059/change-board-paper.md",
        "modifications/SECMP0059/scf-guidance.md",
        "modifications/SECMP0059/legal-text.md",
        "modifications/SECMP0059/responses-modification-report.md",
        "modifications/SECMP0059/index.md",
        "modifications/SECMP0059/responses.md",
    ]
    assert [f.uri for f in plain[1] if f.uri.startswith("modifications/SECMP0059/")] == [
        "modifications/SECMP0059/SECMP0059-change-board-paper.docx",
        "modifications/SECMP0059/SECMP0059-annex-a-legal-text.docx",
        "modifications/SECMP0059/SECMP0059-annex-a-legal-text-clean.docx",
        "modifications/SECMP0059/SECMP0059-modification-report-response-form.docx",
        "modifications/SECMP0059/SECMP0059-modification-report-responses.docx",
    ]


def test_an_edit_the_templates_or_the_date_invalidate_the_cached_modification(
    tmp_path: Path,
) -> None:
    content_dir = _copy(tmp_path)
    generate_site(content_dir, TEMPLATES, _cache(tmp_path, content_dir))
    main = content_dir / "SECMP0059" / "modification.yaml"
    main.write_text(
        main.read_text("utf-8").replace("status: Change Board vote", "status: Approved")
    )
    cache = _cache(tmp_path, content_dir)
    site, _ = generate_site(content_dir, TEMPLATES, cache)
    assert (cache.hits, cache.misses) == (_count(content_dir) - 1, 1)
    overview = next(p for p in site if p.uri == "modifications/SECMP0059/index.md")
    assert "- **Status:** Approved" in overview.markdown
    assert cache.prune() == 1
    assert len(list((tmp_path / "cache").glob("*.json"))) == _count(content_dir)
    later = RenderCache(tmp_path / "cache", content_dir, TEMPLATES, TODAY + dt.timedelta(days=1))
    assert later.key("SECMP0059") != cache.key("SECMP0059")
    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES, templates)
    (templates / "site" / "home.md.j2").write_text("# Home\n", encoding="utf-8")
    edited = RenderCache(tmp_path / "cache", content_dir, templates, TODAY)
    assert edited.key("SECMP0059") != cache.key("SECMP0059")


def test_a_corrupt_cache_entry_is_rendered_again(tmp_path: Path) -> None:
    content_dir = _copy(tmp_path)
    first = generate_site(content_dir, TEMPLATES, _cache(tmp_path, content_dir))
    cache_module._MEMORY.clear()
    for entry in (tmp_path / "cache").glob("*.json"):
        entry.write_text("{not json", encoding="utf-8")
    cache = _cache(tmp_path, content_dir)
    assert generate_site(content_dir, TEMPLATES, cache) == first
    assert cache.misses == _count(content_dir)


def test_a_page_in_the_docs_folder_may_not_shadow_a_generated_one(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    shutil.copytree(ROOT / "content" / "pages", docs)
    (docs / "index.md").write_text("# Mine\n", encoding="utf-8")
    config = write_config(tmp_path, CONTENT)
    text = config.read_text(encoding="utf-8").replace(str(ROOT / "content" / "pages"), str(docs))
    config.write_text(text, encoding="utf-8")
    result = run_mkdocs(config)
    assert result.returncode != 0
    assert "generated page index.md clashes with" in result.stdout + result.stderr


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:
        return str(response.read().decode("utf-8"))


def test_mkdocs_serve_rebuilds_when_content_or_templates_change(tmp_path: Path) -> None:
    content = _copy(tmp_path)
    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES, templates)
    config = write_config(tmp_path, content, templates=templates)
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-f", str(config), "-a", f"127.0.0.1:{port}"],
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    url = f"http://127.0.0.1:{port}/modifications/SECMP0059/"
    try:
        page = _wait_for(url, lambda html: "Change Board vote" in html)
        assert "Approved by the Change Board" not in page
        main = content / "SECMP0059" / "modification.yaml"
        text = main.read_text("utf-8")
        main.write_text(
            text.replace("status: Change Board vote", "status: Approved by the Change Board")
        )
        _wait_for(url, lambda html: "Approved by the Change Board" in html)
        overview = templates / "site" / "modification.md.j2"
        overview.write_text(overview.read_text("utf-8") + "\nEdited template marker.\n")
        _wait_for(url, lambda html: "Edited template marker." in html)
    finally:
        server.terminate()
        server.wait(timeout=20)


def _wait_for(url: str, ready: object, timeout: float = 60) -> str:
    deadline = time.monotonic() + timeout
    last = ""
    while time.monotonic() < deadline:
        try:
            last = _get(url)
            if ready(last):  # type: ignore[operator]
                return last
        except OSError:
            pass
        time.sleep(0.3)
    raise AssertionError(
        f"{url} did not become ready; last page:\n{re.sub(r'<[^>]+>', ' ', last)[:500]}"
    )


def test_a_dirty_rebuild_writes_only_the_generated_files_that_changed(tmp_path: Path) -> None:
    """What ``mkdocs serve --dirty`` relies on: in one process, a second dirty build rewrites the
    edited modification's overview and the lists of modifications, and nothing else of it."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    content = _copy(tmp_path)
    config = write_config(tmp_path, content)
    build(load_config(str(config), strict=False), dirty=True)
    folder = tmp_path / "site" / "modifications" / "SECMP0059"
    pages = {
        name: folder / name / "index.html" for name in ("change-board-paper", "legal-text", ".")
    }
    docx = folder / "SECMP0059-change-board-paper.docx"
    listing = tmp_path / "site" / "modifications" / "index.html"
    before = {path: path.stat().st_mtime_ns for path in [*pages.values(), docx, listing]}
    main = content / "SECMP0059" / "modification.yaml"
    main.write_text(main.read_text("utf-8").replace("status: Change Board vote", "status: Dirty"))
    time.sleep(0.05)
    build(load_config(str(config), strict=False), dirty=True)
    after = {path: path.stat().st_mtime_ns for path in before}
    assert after[pages["change-board-paper"]] == before[pages["change-board-paper"]]
    assert after[pages["legal-text"]] == before[pages["legal-text"]]
    assert after[docx] == before[docx]
    assert after[pages["."]] > before[pages["."]] and after[listing] > before[listing]
    assert "Dirty" in pages["."].read_text(encoding="utf-8")
