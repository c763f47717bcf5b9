"""The site's Markdown: the dialect adapter and the extension that shows raw HTML as text."""

from __future__ import annotations

import re

import markdown
import pytest

from generator.site.dialect import markdown_literal, site_markdown, table_cell
from generator.site.safe_markdown import SafeMarkdownExtension, is_unsafe_url

EXTENSIONS = ["tables", "footnotes", "sane_lists", "pymdownx.superfences"]


def safe(text: str) -> str:
    return markdown.markdown(text, extensions=[*EXTENSIONS, SafeMarkdownExtension()])


def site(text: str) -> str:
    return safe(site_markdown(text))


@pytest.mark.parametrize(
    ("source", "shown"),
    [
        ("<script>window.x=1</script>", "&lt;script&gt;window.x=1&lt;/script&gt;"),
        ("<img src=x onerror=alert(1)>", "&lt;img src=x onerror=alert(1)&gt;"),
        ("<div onclick=alert(1)>\nblock\n</div>", "&lt;div onclick=alert(1)&gt;"),
        ("\\`<script>a()</script>`", "&lt;script&gt;a()&lt;/script&gt;"),
        ("<SCRIPT>a()</SCRIPT>", "&lt;SCRIPT&gt;a()&lt;/SCRIPT&gt;"),
        ("<svg/onload=alert(1)>", "&lt;svg/onload=alert(1)&gt;"),
    ],
)
def test_raw_html_is_shown_as_text(source: str, shown: str) -> None:
    html = safe(source)
    assert shown in html
    assert "<script" not in html.lower().replace("&lt;script", "")
    assert "onerror=" not in html.replace("&lt;img src=x onerror=", "")


def test_code_spans_keep_their_text() -> None:
    assert "<code>&lt;b&gt;</code>" in safe("Use `<b>` for bold.")


def test_the_redline_tags_are_kept() -> None:
    html = safe("A <ins>new</ins> and <del>old</del> clause.")
    assert "<ins>new</ins>" in html and "<del>old</del>" in html


def test_redline_tags_with_attributes_are_not() -> None:
    assert "&lt;ins onclick=x&gt;" in safe("<ins onclick=x>new</ins>")


def test_comments_are_dropped() -> None:
    html = safe("<!-- secmod:examples on=2019-03-01 -->\n\ntext <!-- note --> here")
    assert "secmod:examples" not in html and "note" not in html
    assert "text  here" in html


@pytest.mark.parametrize(
    "url",
    ["javascript:alert(1)", " JavaScript:x", "java\tscript:x", "vbscript:x", "data:text/html,x"],
)
def test_script_urls_are_unsafe(url: str) -> None:
    assert is_unsafe_url(url)


@pytest.mark.parametrize(
    "url", ["https://example.org", "page.md#x", "#top", "mailto:a@b.c", "file.docx"]
)
def test_ordinary_urls_are_safe(url: str) -> None:
    assert not is_unsafe_url(url)


def test_script_links_and_images_become_text() -> None:
    html = safe("[click](javascript:alert(1)) and ![pic](data:image/png;base64,AA) [ok](a.md)")
    assert "<span>click</span>" in html and "<span>pic</span>" in html
    assert 'href="a.md"' in html
    assert "javascript" not in html and "data:" not in html


def test_nested_lists_nest() -> None:
    html = site("- Appendix A\n  - Annex A\n  - Annex B\n- Appendix B\n")
    assert html.count("<ul>") == 2
    assert "Appendix A<ul>" in html.replace("\n", "")


def test_ordered_lists_nest_under_their_content_column() -> None:
    html = site("1. one\n   - sub\n2. two\n")
    assert "<ol>" in html and html.count("<li>") == 3
    assert "one<ul>" in html.replace("\n", "")


def test_loose_list_items_stay_separate() -> None:
    html = site("1. one\n   more\n\n   para\n2. two\n")
    assert html.count("<li>") == 2
    assert "2. two" not in html


def test_a_list_or_table_after_a_paragraph_is_recognised() -> None:
    assert "<li>item</li>" in site("Intro:\n- item\n")
    assert "<table>" in site("Intro:\n| a | b |\n| --- | --- |\n| 1 | 2 |\n")


def test_backslash_line_breaks_become_line_breaks() -> None:
    html = site("Joe Hehir\\\nSECAS Team\\\n16 January 2019\n")
    assert html.count("<br />") == 2
    assert "\\" not in html


def test_code_blocks_are_left_alone() -> None:
    source = "```\n- a\n  - b\nline\\\n```\n"
    assert site_markdown(source) == source


def test_the_adapter_changes_nothing_else() -> None:
    source = "# Title\n\nA paragraph with *emphasis*.[^a]\n\n[^a]: A note.\n"
    assert site_markdown(source) == source


def test_plain_text_is_escaped_for_markdown() -> None:
    html = safe(markdown_literal("A *title* with <b>tags</b> & [brackets]\nand a | pipe"))
    assert "A *title* with &lt;b&gt;tags&lt;/b&gt; &amp; [brackets] and a | pipe" in html


def test_a_table_cell_is_one_line_with_escaped_pipes() -> None:
    cell = table_cell("First | second\n\nnew paragraph")
    assert cell == "First \\| second new paragraph"
    html = safe(f"| a |\n| --- |\n| {cell} |\n")
    assert "<td>First | second new paragraph</td>" in html


def _reads_alike(html: str, other: str) -> bool:
    """The same HTML but for the indentation of text lines (which browsers collapse) outside
    preformatted blocks (compared exactly)."""
    pre = re.compile(r"<pre\b.*?</pre>", re.S)

    def text_of(page: str) -> str:
        return re.sub(r"\n[ \t]+", "\n", pre.sub("<pre/>", page))

    return pre.findall(html) == pre.findall(other) and text_of(html) == text_of(other)


def test_the_fast_path_reads_as_the_parser_based_rewrite() -> None:
    """Text the fast path passes through unchanged renders as its rewrite does."""
    from generator.build import render_modification
    from generator.load import load_content
    from generator.site.dialect import _fits_already, reshape
    from tests.conftest import CONTENT

    content = load_content(CONTENT)
    texts = [
        o.markdown
        for mod in content.modifications.values()
        for o in render_modification(content, mod).outputs
        if o.markdown
    ]
    texts += [p.read_text(encoding="utf-8") for p in (CONTENT / "pages").rglob("*.md")]
    tricky = [
        "- a\n  continued\n- b\n   also continued\n\nAfter.",
        "1. one\n   continued\n2. two\n\n- x\n    - nested\n      continued\n- y",
        "- a\n      deeply continued\n",
        "- a\n  - not nested enough",
        "- a\n  continued\n    - nested after a continuation",
        "- a\n  | a table? |\n",
        "- a\n  ```\n  code\n  ```",
        "- a\n  # heading?",
        "text\n  indented after text",
        "Intro\n\n| a |\n| --- |\n| 1 |\nafter",
    ]
    fast = [t for t in [*texts, *tricky] if _fits_already(t)]
    assert len(fast) >= 7, "the fast path should serve the documents and the authors' pages"
    for text in fast:
        assert _reads_alike(safe(text), safe(reshape(text))), text
    for text in tricky[3:9]:
        assert not _fits_already(text), text
    assert _fits_already(tricky[0]) and _fits_already(tricky[1])
    assert not _fits_already("Intro\n- item")
    assert not _fits_already("- a\n  - nested")
    assert _fits_already("- a\n    - nested\n- b")
    assert not _fits_already("text\n\n    - looks nested but is code")
    assert not _fits_already("line\\\nnext")
    assert _fits_already("Intro\n\n- a\n- b\n\n| x |\n| --- |\n| 1 |\n")
