"""The published site, built by ``mkdocs build --strict`` with the secmod plugin (no browser).

The site is built once per session (``tests/site_fixtures.py``); these tests read its files.
"""

from __future__ import annotations

import io
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urldefrag, urlsplit

import docx
import pytest

from generator.build import render_modification
from generator.load import load_content
from tests.site_fixtures import (
    CONTENT,
    ROOT,
    TEMPLATES,
    BuiltSite,
    build,
    run_mkdocs,
    write_config,
)

pytest_plugins = ["tests.site_fixtures"]


def _html(site: BuiltSite, path: str) -> str:
    return (site.site / path).read_text(encoding="utf-8")


def _outputs() -> dict[str, object]:
    content = load_content(CONTENT)
    rendered = render_modification(content, content.modifications["SECMP0059"])
    return {o.key: o for o in rendered.outputs}


def test_the_strict_build_prints_no_warning(built_site: BuiltSite) -> None:
    assert "WARNING" not in built_site.output
    assert "Documentation built" in built_site.output


@pytest.mark.parametrize(
    "page",
    [
        "index.html",
        "calculator/index.html",
        "rules/index.html",
        "modifications/index.html",
        "modifications/SECMP0059/index.html",
        "modifications/SECMP0059/change-board-paper/index.html",
        "modifications/SECMP0059/responses/index.html",
        "authors/index.html",
        "authors/new-modification/index.html",
        "authors/doc-tests/index.html",
    ],
)
def test_every_expected_page_is_built(built_site: BuiltSite, page: str) -> None:
    assert "<article" in _html(built_site, page)


def test_every_output_of_the_pipeline_is_published(built_site: BuiltSite) -> None:
    folder = built_site.site / "modifications" / "SECMP0059"
    for key, output in _outputs().items():
        filename = output.filename  # type: ignore[attr-defined]
        if filename.endswith(".md"):
            assert (folder / key / "index.html").is_file(), key
        else:
            published = folder / filename
            assert published.read_bytes() == output.content(), filename  # type: ignore[attr-defined]


def test_the_docx_download_opens_with_python_docx(built_site: BuiltSite) -> None:
    data = (
        built_site.site / "modifications/SECMP0059/SECMP0059-change-board-paper.docx"
    ).read_bytes()
    document = docx.Document(io.BytesIO(data))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "SECMP0059 Change Board vote" in text
    overview = _html(built_site, "modifications/SECMP0059/index.html")
    assert 'href="SECMP0059-change-board-paper.docx"' in overview


def test_the_paper_page_is_the_papers_markdown_with_footnotes(built_site: BuiltSite) -> None:
    html = _html(built_site, "modifications/SECMP0059/change-board-paper/index.html")
    assert '<div class="footnote">' in html
    assert html.count('class="footnote-ref"') >= 3
    assert "To facilitate the efficient provision" in html  # objective (a), footnoted
    # The attachments are a nested list (Annexes under Appendix A), as in the Word paper, and
    # each attachment that has a page here links to it.
    assert re.search(
        r"Appendix A: SECMP0059 Modification Report\s*<ul>\s*"
        r'<li><a href="\.\./legal-text/">Annex A: Legal Text</a>',
        html,
    )
    assert (
        '<a href="../responses-modification-report/">Appendix B: SECMP0059 Modification Report '
        "Consultation" in html
    )
    # The signature: author, team and date, each a line of its own (one paragraph).
    assert re.search(r"<p>Joe Hehir<br\s*/?>\s*SECAS Team<br\s*/?>\s*\d+ \w+ \d{4}</p>", html)


def test_the_legal_text_keeps_its_redline(built_site: BuiltSite) -> None:
    html = _html(built_site, "modifications/SECMP0059/legal-text/index.html")
    assert "<ins>" in html and "<del>" in html
    css = (built_site.site / "assets/secmod/secmod.css").read_text(encoding="utf-8")
    assert ".md-typeset ins" in css and ".md-typeset del" in css


def test_the_responses_page_is_a_table_of_every_response(built_site: BuiltSite) -> None:
    html = _html(built_site, "modifications/SECMP0059/responses/index.html")
    content = load_content(CONTENT)
    responses = content.modifications["SECMP0059"].responses
    rows = re.findall(r"<tr>\s*<td>", html)
    assert len(rows) == len(responses)
    text = " ".join(re.sub(r"<[^>]+>", " ", html).split())
    for response in responses:
        assert f"<td>{response.respondent}</td>" in html
        # each row is the respondent's own comments, never the paper's prose about them
        assert " ".join(response.comments.split())[:60] in text
        if response.discussion:
            assert " ".join(response.discussion.split())[:60] not in text
    assert any(r.discussion for r in responses)


def test_the_home_page_lists_each_modification_with_its_stage(built_site: BuiltSite) -> None:
    html = _html(built_site, "index.html")
    assert 'href="modifications/SECMP0059/"' in html
    assert "<td>Implementation</td>" in html  # SECMP0059's last step, long past
    assert "<title>Smart Energy Code modifications</title>" in html


def test_the_rules_reference_states_each_rule_in_a_sentence(built_site: BuiltSite) -> None:
    from generator.rules.parameters import PARAMETERS

    html = _html(built_site, "rules/index.html")
    text = re.sub(r"<[^>]+>", " ", html[html.index("<article") : html.index("</article>")])
    for name, parameter in PARAMETERS.items():
        assert parameter.label in text
        assert name not in text, name
    assert "{" not in text
    assert (
        "Otherwise, a Supplier Party whose Domestic Premises plus 5 times its Non-Domestic "
        "Premises exceed 250,000 has a Full User Security Assessment every year (G8.46A(b))."
    ) in " ".join(text.split())
    assert "is assumed: no source states it" in text
    assert "SECMP0059.supplier.combined-above-threshold" in html  # the rule of an example row
    assert "Supplier Parties under SECMP0059, at the combined threshold" in html


def _primary_nav(html: str) -> str:
    start = html.index('<nav class="md-nav md-nav--primary"')
    return html[start : html.index("</nav>", start)]


def test_modification_pages_stay_out_of_the_global_nav(built_site: BuiltSite) -> None:
    for page in ("index.html", "modifications/SECMP0059/change-board-paper/index.html"):
        nav = _primary_nav(_html(built_site, page))
        assert "SECMP0059" not in nav, page
        assert "Modifications" in nav


def test_the_calculator_data_is_the_rules_declaration(built_site: BuiltSite) -> None:
    import json

    from generator.rules import RULE_SETS
    from generator.rules.parameters import PARAMETERS

    html = _html(built_site, "calculator/index.html")
    match = re.search(
        r'<script type="application/json" id="secmod-calculator-data">(.*?)</script>', html, re.S
    )
    assert match
    data = json.loads(match.group(1))
    assert [r["id"] for r in data["rule_sets"]] == [r.id for r in RULE_SETS]
    declared = [b.value for r in RULE_SETS for b in r.branches]
    assert [b["id"] for r in data["rule_sets"] for b in r["branches"]] == declared
    threshold = PARAMETERS["non_domestic_threshold"].values
    assert [
        (v["from"], v["value"]) for v in data["parameters"]["non_domestic_threshold"]["values"]
    ] == [(d.isoformat(), v) for d, v in threshold]
    assert data["parameters"]["non_domestic_weight"]["assumed"]
    assert "<noscript>" in html and 'href="../rules/"' in html


def test_the_calculator_script_types_no_number() -> None:
    script = (ROOT / "generator/site/assets/calculator.js").read_text(encoding="utf-8")
    code = re.sub(r"/\*.*?\*/", "", script, flags=re.S)
    code = code.replace(r"/\B(?=(\d{3})+(?!\d))/g", "")  # thousands grouping, not a rule
    numbers = set(re.findall(r"(?<![\w.])\d+(?:\.\d+)?n?", code))
    assert numbers <= {"0", "0n", "1", "1n"}, numbers


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name == "id" and value:
                self.ids.add(value)
            if name in ("href", "src") and value:
                self.links.append(value)


def _parse(path: Path) -> _Links:
    parser = _Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def test_no_internal_link_is_broken(built_site: BuiltSite) -> None:
    site = built_site.site.resolve()
    parsed = {p: _parse(p) for p in site.rglob("*.html")}
    broken = []
    checked = 0
    for page, links in parsed.items():
        for link in links.links:
            if urlsplit(link).scheme or link.startswith("//") or link.startswith("mailto:"):
                continue
            target_url, anchor = urldefrag(link)
            if target_url.startswith("/"):  # 404.html links from the site's root
                target = (site / unquote(target_url).lstrip("/")).resolve()
            elif target_url:
                target = (page.parent / unquote(target_url)).resolve()
            else:
                target = page
            if target.is_dir():
                target = target / "index.html"
            checked += 1
            if not target.is_file() or site.resolve() not in target.parents:
                broken.append(f"{page.relative_to(site)}: {link}")
                continue
            if anchor and target.suffix == ".html":
                ids = parsed[target].ids if target in parsed else _parse(target).ids
                if unquote(anchor) not in ids:
                    broken.append(f"{page.relative_to(site)}: {link} (no #{anchor})")
    assert checked > 100
    assert broken == []


def test_nothing_is_generated_into_the_source_tree(built_site: BuiltSite) -> None:
    for folder in (CONTENT, TEMPLATES):
        for path in folder.rglob("*"):
            assert path.suffix not in (".html", ".docx") or path.name == "reference.docx", path
    assert not (CONTENT / "pages" / "index.md").exists()
    assert not (CONTENT / "pages" / "modifications").exists()


def test_a_content_error_stops_the_build_naming_the_file(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content, ignore=shutil.ignore_patterns("pages"))
    responses = content / "SECMP0059" / "responses.yaml"
    text = responses.read_text(encoding="utf-8")
    responses.write_text(text.replace("position: neutral", "position: undecided", 1), "utf-8")
    result = run_mkdocs(write_config(tmp_path, content))
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert re.search(r"responses\.yaml:\d+:\d+: responses\[\d+\]\.position: must be one of", output)
    assert "Traceback" not in output


def test_a_new_modification_with_no_consultation_publishes(tmp_path: Path) -> None:
    """What ``secmod new`` writes, with the Proposer's objectives filled in and no consultation,
    builds a strict site: no footnote without a reference, no page of zero responses."""
    from generator.scaffold import scaffold

    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    folder = scaffold(content, "MP300", "A new modification", governance="Urgent")
    main = folder / "modification.yaml"
    text = main.read_text(encoding="utf-8")
    main.write_text(text.replace("proposer_objectives: []", "proposer_objectives: [a, f]"), "utf-8")
    site = build(tmp_path, content).site / "modifications" / "MP300"
    assert (site / "change-board-paper" / "index.html").is_file()
    assert not (site / "responses").exists()
    assert "responses" not in (site / "index.html").read_text(encoding="utf-8").lower()


def test_a_template_error_stops_the_build_naming_the_template(tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES, templates)
    home = templates / "site" / "home.md.j2"
    home.write_text(home.read_text(encoding="utf-8") + "\n{{ no_such_value }}\n", "utf-8")
    config = write_config(tmp_path, CONTENT, templates=templates)
    result = run_mkdocs(config)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert re.search(r"home\.md\.j2:\d+: template error: .*no_such_value", output)
    assert "Traceback" not in output


def test_the_sitemap_lists_every_page(built_site: BuiltSite) -> None:
    sitemap = (built_site.site / "sitemap.xml").read_text(encoding="utf-8")
    listed = set(re.findall(r"<loc>([^<]+)</loc>", sitemap))
    pages = {
        "https://secmod.example.org/"
        + p.relative_to(built_site.site).as_posix()[: -len("index.html")]
        for p in built_site.site.rglob("index.html")
    }
    assert len(pages) >= 10
    assert listed == pages


def test_the_site_refuses_to_publish_what_secmod_check_refuses(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    main = content / "SECMP0059" / "modification.yaml"
    text = main.read_text(encoding="utf-8")
    typed = "title: A title about more than 50000 Non-Domestic Premises"
    main.write_text(re.sub(r"^title: .*$", typed, text, count=1, flags=re.M), encoding="utf-8")
    result = run_mkdocs(write_config(tmp_path, content))
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert re.search(r"SECMP0059/modification\.yaml:\d+:\d+: .*typed number", output), output
    assert "Traceback" not in output
