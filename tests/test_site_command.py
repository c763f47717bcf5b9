"""``secmod site``: the content checked, the site built by MkDocs into a staging folder and
swapped in only when complete; reproducible with ``SOURCE_DATE_EPOCH``."""

from __future__ import annotations

import datetime as dt
import gzip
import shutil
import struct
from pathlib import Path

import yaml

from tests.conftest import ROOT
from tests.hostile import edit_yaml, located, secmod, snapshot
from tests.site_fixtures import write_config

MOD = "SECMP0059"
EPOCH = 1_551_312_000  # 28 February 2019, 00:00 UTC


def site(project: Path, *args: str, env: dict[str, str] | None = None) -> tuple[int, str]:
    result = secmod("site", "-f", "mkdocs.yml", *args, cwd=project, timeout=300, env=env)
    return result.returncode, result.stderr


def project_with_pages(content: Path) -> Path:
    """A project whose mkdocs.yml builds ``content`` and a copy of the hand-written pages."""
    project = content.parent
    config = write_config(project, content, site_dir=project / "site")
    pages = project / "pages"
    shutil.copytree(ROOT / "content" / "pages", pages)
    data = yaml.safe_load(config.read_text(encoding="utf-8"))
    data["docs_dir"] = str(pages)
    data["site_url"] = "https://example.org/sec/"  # so that the sitemap lists pages and dates
    config.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return project


def test_site_builds_the_site_in_place(content_copy: Path) -> None:
    project = project_with_pages(content_copy)
    code, stderr = site(project)
    assert code == 0, stderr
    assert (project / "site" / "index.html").is_file()
    assert (project / "site" / "modifications" / MOD / "index.html").is_file()
    assert sorted(p.name for p in project.iterdir() if p.name.startswith(".")) in ([], [".cache"])


def test_a_failed_site_build_leaves_the_previous_site(content_copy: Path) -> None:
    project = project_with_pages(content_copy)
    assert site(project)[0] == 0
    before = snapshot(project / "site")
    edit_yaml(content_copy / MOD / "responses.yaml", ("responses", 0, "comments"), "{{ nope }}")
    code, stderr = site(project)
    assert code == 2
    (line,) = located(stderr)
    assert f"content/{MOD}/responses.yaml:" in line and "nope" in line
    assert snapshot(project / "site") == before


def test_a_site_mkdocs_rejects_leaves_the_previous_site(content_copy: Path) -> None:
    """A broken link in a hand-written page: MkDocs (strict) refuses it, after the check."""
    project = project_with_pages(content_copy)
    assert site(project)[0] == 0
    before = snapshot(project / "site")
    page = next((project / "pages").rglob("*.md"))
    page.write_text(page.read_text(encoding="utf-8") + "\n[gone](no-such-page.md)\n")
    code, stderr = site(project)
    assert code == 2
    assert "no-such-page.md" in stderr
    assert "Traceback" not in stderr
    assert snapshot(project / "site") == before
    assert [p for p in project.iterdir() if ".secmod-" in p.name] == []


def test_the_sitemap_carries_source_date_epoch_not_the_build_day(content_copy: Path) -> None:
    project = project_with_pages(content_copy)
    env = {"SOURCE_DATE_EPOCH": str(EPOCH)}
    assert site(project, env=env)[0] == 0
    first = snapshot(project / "site")
    assert site(project, env=env)[0] == 0
    second = snapshot(project / "site")
    compressed = first["sitemap.xml.gz"]
    assert struct.unpack("<I", compressed[4:8])[0] == EPOCH  # the gzip header's time
    sitemap = gzip.decompress(compressed).decode("utf-8")
    day = dt.datetime.fromtimestamp(EPOCH, dt.UTC).date().isoformat()
    assert f"<lastmod>{day}</lastmod>" in sitemap
    assert dt.date.today().isoformat() not in sitemap
    assert first["sitemap.xml.gz"] == second["sitemap.xml.gz"]
    assert first == second


def test_the_readme_builds_the_site_with_secmod_site() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "`secmod site" in readme
    assert "SOURCE_DATE_EPOCH" in readme
    assert "mkdocs build --strict` /" not in readme
