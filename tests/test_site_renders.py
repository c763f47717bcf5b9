"""The site's plan (from folder listings) and the worker that renders the site as MkDocs reads."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytest.register_assert_rewrite("tests.site_fixtures")

from generator.errors import BuildError, ContentError, SecmodError  # noqa: E402
from generator.site import pages  # noqa: E402
from generator.site.pages import generate_site  # noqa: E402
from generator.site.plan import ModificationPlan, site_plan  # noqa: E402
from generator.site.renders import Renders, has_spare_core, start_method  # noqa: E402
from tests.site_fixtures import CONTENT, ROOT, TEMPLATES, run_mkdocs, write_config  # noqa: E402

needs_worker = pytest.mark.skipif(
    not has_spare_core(), reason="a single core: the plugin renders in-process, no worker"
)


def _modifications(folder: Path, count: int = 3) -> Path:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from synthetic import synthetic_content

    synthetic_content(folder / "content", count)
    return folder / "content"


def _varied(tmp_path: Path) -> Path:
    """Three modifications with different files: all of them, no guidance or legal text, and a
    new one (``secmod new``: no responses recorded yet)."""
    from generator.scaffold import scaffold

    content = _modifications(tmp_path, 2)
    (content / "SECMP1001" / "guidance.yaml").unlink()
    (content / "SECMP1001" / "legal-text.yaml").unlink()
    scaffold(content, "MP123", "A new modification")
    return content


def test_the_plan_names_exactly_what_the_pipeline_publishes(tmp_path: Path) -> None:
    content = _varied(tmp_path)
    plan = site_plan(content)
    site = generate_site(content, TEMPLATES)
    planned_pages = [u for p in plan.modifications.values() for u in p.pages]
    planned_pages += [p.uri for p in plan.sections]
    assert [p.uri for p in site.pages] == planned_pages
    assert [f.uri for f in site.files] == [u for p in plan.modifications.values() for u in p.files]
    assert [p.in_nav for p in site.pages if p.uri in {s.uri for s in plan.sections}] == [
        s.in_nav for s in plan.sections
    ]
    assert plan.modifications["SECMP1001"] == ModificationPlan(
        [
            "modifications/SECMP1001/change-board-paper.md",
            "modifications/SECMP1001/responses-modification-report.md",
            "modifications/SECMP1001/index.md",
            "modifications/SECMP1001/responses.md",
        ],
        [
            "modifications/SECMP1001/SECMP1001-change-board-paper.docx",
            "modifications/SECMP1001/SECMP1001-modification-report-response-form.docx",
            "modifications/SECMP1001/SECMP1001-modification-report-responses.docx",
        ],
    )
    assert "modifications/MP123/responses.md" in plan.modifications["MP123"].pages
    new = next(p for p in site.pages if p.uri == "modifications/MP123/responses.md")
    assert "No responses to the" in new.markdown
    assert "| Respondent |" not in new.markdown


def test_a_site_that_differs_from_its_plan_is_an_error() -> None:
    planned = ModificationPlan(["m/a.md"], [])
    with pytest.raises(BuildError, match="planned"):
        pages.same_plan(
            planned, pages.ModificationSite([pages.SitePage("m/b.md", "# B")], [], {}, None)
        )
    pages.same_plan(
        planned, pages.ModificationSite([pages.SitePage("m/a.md", "# A")], [], {}, None)
    )


@needs_worker
@pytest.mark.parametrize("method", ["fork", "spawn"])
def test_the_worker_makes_the_same_site_and_fills_the_cache(tmp_path: Path, method: str) -> None:
    """Forked or spawned (a fresh interpreter, given only its arguments), the same site."""
    import multiprocessing

    if method not in multiprocessing.get_all_start_methods():
        pytest.skip(f"this platform cannot {method} a process")
    content = _varied(tmp_path)
    expected = generate_site(content, TEMPLATES)
    cache = tmp_path / "cache"
    for hits_misses in ((0, 3), (3, 0)):  # the second run replays the cache
        renders = Renders(content, TEMPLATES, cache, site_plan(content), method=method)
        try:
            for page in expected.pages:
                assert renders.page(page.uri) == page, page.uri
            for file in expected.files:
                assert renders.file(file.uri) == file.data, file.uri
            assert renders.finish() == hits_misses
        finally:
            renders.close()
        assert len(list(cache.glob("*.json"))) == 3


@needs_worker
def test_pages_asked_for_out_of_order_still_come(tmp_path: Path) -> None:
    content = _modifications(tmp_path)
    expected = {p.uri: p for p in generate_site(content, TEMPLATES).pages}
    renders = Renders(content, TEMPLATES, None, site_plan(content))
    try:
        for uri in reversed(list(expected)):
            assert renders.page(uri) == expected[uri]
        with pytest.raises(KeyError):
            renders.page("modifications/SECMP9999/index.md")
    finally:
        renders.close()


@needs_worker
def test_a_template_error_in_the_worker_is_located(tmp_path: Path) -> None:
    content = _modifications(tmp_path)
    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES, templates)
    paper = templates / "change-board-paper.md.j2"
    paper.write_text("{{ no_such_name }}\n" + paper.read_text(encoding="utf-8"), encoding="utf-8")
    plan = site_plan(content)
    renders = Renders(content, templates, None, plan)
    try:
        with pytest.raises(SecmodError, match=r"change-board-paper\.md\.j2:1: .*no_such_name"):
            renders.page(plan.modifications["SECMP1000"].pages[0])
    finally:
        renders.close()


@needs_worker
def test_a_content_error_lists_every_problem_left(tmp_path: Path) -> None:
    """The worker loads one modification at a time; the first problem it meets makes it load
    all the rest, so the error lists every broken modification, not only the first."""
    content = _modifications(tmp_path)
    for mod_id in ("SECMP1001", "SECMP1002"):
        path = content / mod_id / "responses.yaml"
        path.write_text(
            path.read_text("utf-8").replace("position: approve", "position: maybe", 1), "utf-8"
        )
    plan = site_plan(content)
    renders = Renders(content, TEMPLATES, None, plan)
    try:
        assert renders.page(plan.modifications["SECMP1000"].pages[0]).markdown
        with pytest.raises(ContentError) as caught:
            renders.page(plan.modifications["SECMP1001"].pages[0])
    finally:
        renders.close()
    with pytest.raises(ContentError) as in_process:
        generate_site(content, TEMPLATES)
    assert caught.value.lines() == in_process.value.lines()
    files = {p.location.file.split("/")[-2] for p in caught.value.problems}
    assert files == {"SECMP1001", "SECMP1002"}


@needs_worker
def test_mkdocs_main_process_never_loads_the_pipeline(tmp_path: Path) -> None:
    """The plugin lists the files from the plan and leaves loading and rendering to the worker:
    MkDocs' own process imports neither pydantic nor the loader, and the site is complete."""
    content = _modifications(tmp_path, 2)
    config = write_config(tmp_path, content)
    script = (
        "import json, sys\n"
        "from mkdocs.commands.build import build\n"
        "from mkdocs.config import load_config\n"
        f"build(load_config({str(config)!r}))\n"
        "print(json.dumps(sorted(m for m in sys.modules\n"
        "    if m.split('.')[0] in ('pydantic', 'docx', 'lxml') or m.startswith('generator.'))))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=300,
        check=False,
        env={"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin"},
    )
    assert done.returncode == 0, done.stderr
    imported = json.loads(done.stdout.strip().splitlines()[-1])
    heavy = [m for m in imported if m.split(".")[0] in ("pydantic", "docx", "lxml")]
    assert not heavy, heavy
    assert "generator.load" not in imported and "generator.site.pages" not in imported
    site = tmp_path / "site" / "modifications"
    for mod_id in ("SECMP1000", "SECMP1001"):
        docx = site / mod_id / f"{mod_id}-change-board-paper.docx"
        assert docx.read_bytes().startswith(b"PK")
        html = (site / mod_id / "change-board-paper" / "index.html").read_text("utf-8")
        assert "Eight respondents (five Large Suppliers" in html
    home = (tmp_path / "site" / "index.html").read_text("utf-8")
    assert "SECMP1001" in home


def test_without_a_worker_the_plugin_generates_the_site_itself(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    from generator import mkdocs_plugin

    content = _modifications(tmp_path, 2)
    monkeypatch.setattr(mkdocs_plugin, "has_spare_core", lambda: False)
    monkeypatch.chdir(tmp_path)
    mkdocs_build(load_config(str(write_config(tmp_path, content))))
    expected = generate_site(content, TEMPLATES)
    for file in expected.files:
        assert (tmp_path / "site" / file.uri).read_bytes() == file.data, file.uri
    calculator = (tmp_path / "site" / "calculator" / "index.html").read_text("utf-8")
    assert "secmod-widget-" not in calculator and "<form" in calculator


def test_a_worker_is_forked_only_from_a_process_without_other_threads() -> None:
    import threading

    alone = threading.active_count() == 1  # other tests may have left a thread behind
    assert start_method() == ("fork" if sys.platform == "linux" and alone else "spawn")
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert start_method() == "spawn"
    finally:
        stop.set()
        other.join()


def test_the_bundled_content_plans_every_document() -> None:
    plan = site_plan(CONTENT)
    assert plan.modifications["SECMP0059"].files == [
        "modifications/SECMP0059/SECMP0059-change-board-paper.docx",
        "modifications/SECMP0059/SECMP0059-annex-a-legal-text.docx",
        "modifications/SECMP0059/SECMP0059-annex-a-legal-text-clean.docx",
        "modifications/SECMP0059/SECMP0059-modification-report-response-form.docx",
        "modifications/SECMP0059/SECMP0059-modification-report-responses.docx",
    ]


@needs_worker
def test_a_worker_that_dies_is_an_error_not_a_hang(tmp_path: Path) -> None:
    import os
    import signal

    content = _modifications(tmp_path, 4)
    plan = site_plan(content)
    renders = Renders(content, TEMPLATES, None, plan)
    try:
        assert renders.page(plan.modifications["SECMP1000"].pages[0]).markdown
        # Killed as the out-of-memory killer would, while it renders the next modification
        # (rendering all the rest takes it far longer than this line does).
        os.kill(renders._worker.pid, signal.SIGKILL)
        with pytest.raises(
            BuildError, match=r"stopped unexpectedly \(exit code -9; killed by a signal"
        ):
            for planned in plan.modifications.values():
                for uri in planned.pages:
                    renders.page(uri)
                for uri in planned.files:
                    renders.file(uri)
            renders.finish()
    finally:
        renders.close()


@needs_worker
def test_a_download_the_worker_cannot_make_stops_the_build_located(tmp_path: Path) -> None:
    """The page shows the Markdown, but its Word file cannot hold a control character: the
    error comes when MkDocs copies the download, located in the template, without a traceback."""
    content = _modifications(tmp_path, 1)
    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES, templates)
    paper = templates / "change-board-paper.md.j2"
    lines = paper.read_text(encoding="utf-8").splitlines(keepends=True)
    lines.insert(11, "A bell \x07 rings.\n")
    paper.write_text("".join(lines), encoding="utf-8")
    done = run_mkdocs(write_config(tmp_path, content, templates=templates))
    assert done.returncode != 0
    assert re.search(r"change-board-paper\.md\.j2:\d+:\d+: .*U\+0007", done.stderr), done.stderr
    assert "Traceback" not in done.stderr


@needs_worker
def test_downloads_are_written_after_the_pages_are_built(tmp_path: Path) -> None:
    """MkDocs copies static files before it builds the pages' HTML; the worker's downloads are
    written at the end instead (so MkDocs never waits for them), and are the pipeline's own."""
    content = _modifications(tmp_path, 2)
    config = write_config(tmp_path, content)
    seen = tmp_path / "seen.json"
    hook = tmp_path / "hook.py"
    hook.write_text(
        "import json, pathlib\n"
        "def on_post_page(output, page, config):\n"
        "    site = pathlib.Path(config.site_dir)\n"
        f"    pathlib.Path({str(seen)!r}).write_text(json.dumps(\n"
        "        [page.file.src_uri, sorted(p.name for p in site.rglob('*.docx'))]))\n"
        "    return output\n",
        encoding="utf-8",
    )
    text = config.read_text(encoding="utf-8") + f"hooks:\n- {hook}\n"
    config.write_text(text, encoding="utf-8")
    done = run_mkdocs(config)
    assert done.returncode == 0, done.stderr
    last_page, downloads_then = json.loads(seen.read_text(encoding="utf-8"))
    assert last_page.endswith(".md") and downloads_then == []
    expected = generate_site(content, TEMPLATES)
    for download in expected.files:
        assert (tmp_path / "site" / download.uri).read_bytes() == download.data, download.uri
    assert len(expected.files) == 10  # per modification: paper, Annex A twice, form, appendix


@needs_worker
def test_a_forked_worker_skips_what_it_inherits_in_its_collections(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The objects a forked worker inherits are frozen there (its garbage collections leave
    them alone, so their memory stays shared), and unfrozen again in the parent at once."""
    import gc
    import multiprocessing

    from generator.site import renders as module

    if "fork" not in multiprocessing.get_all_start_methods():
        pytest.skip("this platform cannot fork a process")
    seen = tmp_path / "seen.json"
    original = module._start

    def start(*args: object) -> None:
        frozen, during, make = gc.get_freeze_count(), [], module._Worker

        def worker(*args: object) -> object:  # in the forked worker only
            during.append(gc.isenabled())
            return make(*args)

        module._Worker = worker
        original(*args)
        seen.write_text(json.dumps([frozen, during, gc.isenabled()]), encoding="utf-8")

    monkeypatch.setattr(module, "_start", start)
    content = _modifications(tmp_path, 1)
    assert gc.get_freeze_count() == 0
    renders = Renders(content, TEMPLATES, None, site_plan(content), method="fork")
    try:
        assert gc.get_freeze_count() == 0 and gc.isenabled()
        assert renders.finish() == (0, 0)
    finally:
        renders.close()
    frozen, during, after = json.loads(seen.read_text(encoding="utf-8"))
    assert frozen > 1000
    assert during == [False] and after  # off while the pipeline is imported, then on again
