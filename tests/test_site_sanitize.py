"""The allowlist sanitizer and the escaping of page titles (generator.site.sanitize)."""

from __future__ import annotations

import pytest
from jinja2 import Environment

from generator.site.safe_markdown import is_unsafe_url
from generator.site.sanitize import escaped_title, sanitize_html

SCRIPT_URLS = [
    "javascript:alert(1)",
    "&#x6A;avascript:alert(1)",
    "java&#115;cript:alert(1)",
    "javascript&colon;alert(1)",
    "jav&Tab;ascript:alert(1)",
    "&amp;#x6A;avascript:alert(1)",
    " JaVaScRiPt:alert(1)",
    "data:text/html;base64,PHNjcmlwdD4=",
    "vbscript:msgbox(1)",
]


@pytest.mark.parametrize("url", SCRIPT_URLS)
def test_script_urls_are_unsafe_however_encoded(url: str) -> None:
    assert is_unsafe_url(url)


@pytest.mark.parametrize(
    "url", ["https://smartenergycodecompany.co.uk/", "../paper/", "#a", "x.docx"]
)
def test_ordinary_urls_are_safe(url: str) -> None:
    assert not is_unsafe_url(url)


@pytest.mark.parametrize("url", [u for u in SCRIPT_URLS if not u.startswith("&amp;")])
def test_the_sanitizer_drops_script_urls_after_decoding_entities(url: str) -> None:
    cleaned = sanitize_html(f'<p><a href="{url}">x</a><img src="{url}" alt="y"></p>')
    assert "href" not in cleaned and "src" not in cleaned
    assert ">x</a>" in cleaned


def test_the_sanitizer_keeps_what_the_site_markdown_makes() -> None:
    html = (
        '<h2 id="a">A<a class="headerlink" href="#a" title="Permanent link">&para;</a></h2>'
        '<table><thead><tr><th style="text-align: right;">N</th></tr></thead>'
        '<tbody><tr><td style="text-align: right;">1</td></tr></tbody></table>'
        '<p><ins>new</ins> <del>old</del><sup id="fnref:a"><a class="footnote-ref" '
        'href="#fn:a">1</a></sup> <a href="../x/">rel</a> <a href="mailto:a@b.c">m</a></p>'
        '<div class="admonition note"><p class="admonition-title">Note</p></div>'
    )
    cleaned = sanitize_html(html)
    for kept in ('id="a"', 'class="headerlink"', "text-align:right", "<ins>new</ins>",
                 "<del>old</del>", 'href="#fn:a"', 'href="../x/"', 'href="mailto:a@b.c"',
                 'class="admonition note"'):  # fmt: skip
        assert kept in cleaned, kept


@pytest.mark.parametrize(
    "markup",
    [
        "<script>alert(1)</script>",
        '<img src=x onerror="alert(1)">',
        "<svg onload=alert(1)>",
        '<iframe src="https://example.org"></iframe>',
        '<p onmouseover="alert(1)" style="color: red; background: url(javascript:1)">p</p>',
        '<form action="x"><input autofocus onfocus="alert(1)"></form>',
    ],
)
def test_the_sanitizer_removes_active_markup(markup: str) -> None:
    cleaned = sanitize_html(markup).lower()
    for word in ("<script", "onerror", "onload", "<iframe", "onmouseover", "onfocus", "<form",
                 "javascript", "color"):  # fmt: skip
        assert word not in cleaned, (word, cleaned)


def test_a_title_printed_raw_by_a_theme_shows_as_text() -> None:
    title = escaped_title('SCF<img src=x onerror=alert(1)> & "Co"')
    raw = Environment(autoescape=False).from_string("<title>{{ t }}</title>").render(t=title)
    escaped = Environment(autoescape=True).from_string("<h1>{{ t | e }}</h1>").render(t=title)
    assert "<img" not in raw and "&lt;img" in raw and "&amp;" in raw
    assert "&amp;lt;" not in escaped  # escaped once, not twice
    assert escaped_title(title) is title
