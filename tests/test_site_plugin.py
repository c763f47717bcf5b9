"""The MkDocs plugin: its options, its cache, and ``mkdocs serve`` rebuilding on a content edit."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

pytest.register_assert_rewrite("tests.site_fixtures")

from generator.load import load_content  # noqa: E402
from generator.mkdocs_plugin import SecmodPlugin  # noqa: E402
from generator.site import pages  # noqa: E402
from generator.site.cache import RenderCache  # noqa: E402
from generator.site.pages import generate_site, modification_site  # noqa: E402
from tests.site_fixtures import (  # noqa: E402
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


def test_generated_pages_equal_rendered_pages_and_cache_replays_them(tmp_path: Path) -> None:
    content_dir = _copy(tmp_path)
    cache = RenderCache(tmp_path / "cache")
    first = generate_site(content_dir, TEMPLATES, cache=cache)
    assert (cache.hits, cache.misses) == (0, 1)
    cache.new_build()
    again = generate_site(content_dir, TEMPLATES, cache=cache)
    assert (cache.hits, cache.misses) == (1, 0)
    assert again == first
    plain = generate_site(content_dir, TEMPLATES)
    assert plain == first
    content = load_content(content_dir)
    alone = modification_site(content, content.modifications["SECMP0059"], TEMPLATES)
    assert {p.uri for p in alone.pages} <= {p.uri for p in first.pages}
    assert alone.files == first.files


def test_a_cached_modification_is_not_loaded_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    content_dir = _copy(tmp_path)
    cache = RenderCache(tmp_path / "cache")
    first = generate_site(content_dir, TEMPLATES, cache=cache)

    def no_loading(*args: object) -> None:
        raise AssertionError(f"content loaded again: {args}")

    monkeypatch.setattr(pages, "load_content", no_loading)
    cache.new_build()
    assert generate_site(content_dir, TEMPLATES, cache=cache) == first


def test_an_edit_invalidates_the_cached_modification(tmp_path: Path) -> None:
    content_dir = _copy(tmp_path)
    cache = RenderCache(tmp_path / "cache")
    generate_site(content_dir, TEMPLATES, cache=cache)
    main = content_dir / "SECMP0059" / "modification.yaml"
    main.write_text(
        main.read_text("utf-8").replace("status: Change Board vote", "status: Approved")
    )
    cache.new_build()
    site = generate_site(content_dir, TEMPLATES, cache=cache)
    assert (cache.hits, cache.misses) == (0, 1)
    overview = next(p for p in site.pages if p.uri == "modifications/SECMP0059/index.md")
    assert "| Status | Approved |" in overview.markdown
    assert cache.prune() == 1
    assert len(list((tmp_path / "cache").glob("*.json"))) == 1


def test_a_corrupt_cache_entry_is_rendered_again(tmp_path: Path) -> None:
    content_dir = _copy(tmp_path)
    cache = RenderCache(tmp_path / "cache")
    first = generate_site(content_dir, TEMPLATES, cache=cache)
    for entry in (tmp_path / "cache").glob("*.json"):
        entry.write_text("{not json", encoding="utf-8")
    cache.new_build()
    assert generate_site(content_dir, TEMPLATES, cache=cache) == first
    assert cache.misses == 1


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


def test_parallel_rendering_gives_the_same_site(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sys.path.insert(0, str(Path(__file__).parents[1] / "benchmarks"))
    from synthetic import synthetic_content

    synthetic_content(tmp_path / "content", 3)
    content = load_content(tmp_path / "content")
    sequential = pages.render_sites(content, TEMPLATES)
    monkeypatch.setattr(pages, "PARALLEL_FROM", 2)
    monkeypatch.setattr(pages.os, "cpu_count", lambda: 2)
    parallel = pages.render_sites(content, TEMPLATES)
    assert list(parallel) == list(sequential) == ["SECMP1000", "SECMP1001", "SECMP1002"]
    assert parallel == sequential
