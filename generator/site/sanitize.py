"""The site's last line of defence: every page's HTML through an allowlist sanitizer.

The site publishes what many people wrote (titles, consultation responses, guidance), so no page
may carry markup or a script URL that came from content. :mod:`generator.site.safe_markdown`
already shows raw HTML as text while the Markdown is parsed; this module then cleans the HTML
Python-Markdown produced with `nh3` (the Ammonia sanitizer), whatever the Markdown extensions
did on the way:

* only the elements and attributes the site's Markdown extensions emit are kept (tables,
  footnotes, headings with their anchors, code highlighting, admonitions, details, the redline's
  ``<ins>``/``<del>``);
* URLs are kept only for the schemes ``http``, ``https`` and ``mailto`` or when relative, judged
  after the HTML parser has decoded entities (so ``&#x6A;avascript:`` is ``javascript:`` and is
  dropped); ``style`` keeps only ``text-align`` (table column alignment);
* comments are dropped.

Page titles are the other way content reaches a page: the theme prints ``page.meta.title`` (a
front-matter title, which the site's generated pages set from content) without escaping it.
:func:`escaped_title` makes such a title escaped markup, so the theme prints it as text and
Jinja's ``| e`` leaves it alone. The trusted widgets (the calculator's form) are inserted by the
plugin after sanitizing.
"""

from __future__ import annotations

from html import escape

import nh3
from markupsafe import Markup

__all__ = ["ALLOWED_ATTRIBUTES", "ALLOWED_TAGS", "URL_SCHEMES", "escaped_title", "sanitize_html"]

#: The elements Python-Markdown and the site's extensions emit.
ALLOWED_TAGS: frozenset[str] = frozenset(
    {
        "a", "abbr", "b", "blockquote", "br", "caption", "code", "col", "colgroup", "dd",
        "del", "details", "div", "dl", "dt", "em", "h1", "h2", "h3", "h4", "h5", "h6", "hr",
        "i", "img", "ins", "kbd", "li", "mark", "ol", "p", "pre", "s", "small", "span",
        "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead",
        "tr", "u", "ul",
    }
)  # fmt: skip

_GLOBAL = {"class", "id", "title", "lang"}

#: Attributes per element (``*``: every element).
ALLOWED_ATTRIBUTES: dict[str, set[str]] = {
    "*": _GLOBAL,
    "a": {"href"},
    "img": {"src", "alt", "width", "height"},
    "ol": {"start"},
    "td": {"style", "align", "colspan", "rowspan"},
    "th": {"style", "align", "colspan", "rowspan", "scope"},
    "details": {"open"},
}

#: URL schemes a link or image may use; relative URLs are always allowed.
URL_SCHEMES: frozenset[str] = frozenset({"http", "https", "mailto"})


def sanitize_html(html: str) -> str:
    """``html`` with every element, attribute and URL outside the allowlists removed."""
    return nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        link_rel=None,
        strip_comments=True,
        filter_style_properties={"text-align"},
    )


def escaped_title(title: object) -> Markup:
    """A page title as escaped markup: printed raw by a theme, it shows as the text it is."""
    if isinstance(title, Markup):
        return title
    return Markup(escape(str(title), quote=True))
