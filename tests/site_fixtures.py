"""Fixtures of the site tests: built sites, a local web server and headless Chromium.

Test modules load them with ``pytest_plugins = ["tests.site_fixtures"]``. Each site is built
once per test session, by ``mkdocs build --strict`` in a subprocess, into a temporary folder:

* ``built_site``: the tests' own content (tests/fixtures/content), as published;
* ``hostile_site``: a copy of the content whose consultation responses carry script, raw HTML
  and a script URL, plus a second modification (for the filter).

Browser tests use Debian's Chromium (``/usr/bin/chromium``) through Playwright's Python package,
never a downloaded browser. When either is missing they skip with the reason, or fail when
``SECMOD_REQUIRE_CLIENTS`` is set (as in CI). The site is served by ``python -m http.server`` on
127.0.0.1 and a free port.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
CONTENT = ROOT / "tests" / "fixtures" / "content"
TEMPLATES = ROOT / "templates"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = ROOT / "test-artifacts"

#: What the hostile responses say: each must be shown as text and never run.
SCRIPT_COMMENT = "<script>window.__pwned=1</script>"
IMG_COMMENT = "<img src=x onerror=window.__pwned2=1>"
LINK_COMMENT = "[click me](javascript:window.__pwned3=1)"


@dataclass(frozen=True)
class BuiltSite:
    """A site built by ``mkdocs build --strict``: where it is and what MkDocs printed."""

    site: Path
    config: Path
    content: Path
    output: str


def write_config(
    folder: Path,
    content: Path,
    *,
    templates: Path = TEMPLATES,
    site_dir: Path | None = None,
    cache_dir: str = "",
    name: str = "mkdocs.yml",
) -> Path:
    """The repository's mkdocs.yml, pointed at ``content`` and a site folder under ``folder``."""
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    config["docs_dir"] = str(ROOT / "content" / "pages")
    config["site_dir"] = str(site_dir or folder / "site")
    config["plugins"] = [
        "search",
        {"secmod": {"content": str(content), "templates": str(templates), "cache_dir": cache_dir}},
    ]
    path = folder / name
    path.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return path


def run_mkdocs(config: Path, *args: str, strict: bool = True) -> subprocess.CompletedProcess[str]:
    """``mkdocs build --strict -f config`` (``strict=False``: without ``--strict``) in a fresh
    process."""
    flags = ["--strict"] if strict else []
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", *flags, "-f", str(config), *args],
        capture_output=True,
        text=True,
        cwd=config.parent,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        timeout=300,
        check=False,
    )


def build(folder: Path, content: Path, *, strict: bool = True) -> BuiltSite:
    """Build the site of ``content`` into ``folder/site``; fail the test if MkDocs fails."""
    config = write_config(folder, content)
    if not strict:
        settings = yaml.safe_load(config.read_text(encoding="utf-8"))
        settings["strict"] = False
        config.write_text(yaml.safe_dump(settings, sort_keys=False), encoding="utf-8")
    result = run_mkdocs(config, strict=strict)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    return BuiltSite(folder / "site", config, content, output)


def add_hostile_responses(content: Path) -> None:
    """Append responses whose comments carry script and raw HTML to SECMP0059's responses."""
    responses = content / "SECMP0059" / "responses.yaml"
    data = yaml.safe_load(responses.read_text(encoding="utf-8"))
    data["responses"].append(
        {
            "respondent": "Hostile Party <b>1</b>",
            "category": "Other SEC Party",
            "position": "approve",
            "discussed": True,
            "comments": f"We tried {SCRIPT_COMMENT} and {IMG_COMMENT} and {LINK_COMMENT}.",
            "secas_response": f"<div onclick=alert(1)>noted</div> {SCRIPT_COMMENT}",
        }
    )
    responses.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), "utf-8")


def add_copy(content: Path, mod_id: str, title: str) -> None:
    """A copy of SECMP0059 as ``mod_id`` with another title."""
    folder = content / mod_id
    shutil.copytree(content / "SECMP0059", folder)
    main = folder / "modification.yaml"
    text = main.read_text(encoding="utf-8").replace("id: SECMP0059", f"id: {mod_id}", 1)
    lines = [
        f"title: {title}" if line.startswith("title: ") else line for line in text.splitlines()
    ]
    main.write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """The site of the tests' own content, built once per session."""
    return build(tmp_path_factory.mktemp("site"), CONTENT)


@pytest.fixture(scope="session")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """The site of a content copy with hostile responses and a second modification."""
    folder = tmp_path_factory.mktemp("hostile")
    content = folder / "content"
    shutil.copytree(CONTENT, content, ignore=shutil.ignore_patterns("pages"))
    add_hostile_responses(content)
    add_copy(content, "SECMP1001", "A second modification about Shared Resources")
    return build(folder, content)


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Server:
    """``python -m http.server`` serving a built site."""

    url: str
    process: subprocess.Popen[bytes]


def serve(site: Path) -> Server:
    """Serve ``site`` on 127.0.0.1; returns once the server accepts connections."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1", "-d", str(site)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return Server(f"http://127.0.0.1:{port}/", process)
        except OSError:
            if process.poll() is not None:
                break
            time.sleep(0.05)
    process.kill()
    raise AssertionError(f"http.server did not start on port {port}")


@contextmanager
def served(site: Path) -> Iterator[str]:
    """The base URL of ``site`` served on 127.0.0.1 for the ``with`` block."""
    server = serve(site)
    try:
        yield server.url
    finally:
        stop(server)


def stop(server: Server) -> None:
    """Stop the server started by :func:`serve`."""
    server.process.terminate()
    try:
        server.process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.process.kill()
        server.process.wait(timeout=10)


@pytest.fixture(scope="session")
def site_server(built_site: BuiltSite) -> Iterator[str]:
    """The base URL of the served ``built_site``."""
    with served(built_site.site) as url:
        yield url


@pytest.fixture(scope="session")
def hostile_server(hostile_site: BuiltSite) -> Iterator[str]:
    """The base URL of the served ``hostile_site``."""
    with served(hostile_site.site) as url:
        yield url


def _unavailable(reason: str) -> None:
    if os.environ.get("SECMOD_REQUIRE_CLIENTS"):
        pytest.fail(reason)
    print(f"skipping browser tests: {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Headless Debian Chromium driven by Playwright (skipped, or failed in CI, if missing)."""
    if not CHROMIUM.exists():
        _unavailable(f"{CHROMIUM} is not installed: apt-get install -y chromium")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the playwright Python package is not installed: pip install playwright")
    manager = sync_playwright().start()
    try:
        launched = manager.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
    except Exception as exc:
        manager.stop()
        _unavailable(f"Chromium did not start: {exc}")
    yield launched
    launched.close()
    manager.stop()


@dataclass
class Watched:
    """A browser page and every console error and uncaught exception it reported."""

    page: Any
    errors: list[str]


@pytest.fixture
def page(browser: Any) -> Iterator[Watched]:
    """A fresh page (own context) whose console errors and page errors are recorded."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    tab = context.new_page()
    errors: list[str] = []
    tab.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    tab.on("pageerror", lambda e: errors.append(f"uncaught: {e}"))
    yield Watched(tab, errors)
    context.close()
