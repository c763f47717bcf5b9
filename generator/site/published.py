"""What the site publishes: a generated page and a generated download.

Kept apart from :mod:`generator.site.pages` (and importing nothing heavy) because the worker
process sends these to MkDocs' process, which must unpickle them without loading the pipeline.
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["SiteFile", "SitePage"]


@dataclass(frozen=True)
class SitePage:
    """A generated page: where it goes, its Markdown, and whether the global nav lists it.

    ``widgets`` maps a marker paragraph (:func:`generator.site.plan.widget_marker`) to the
    trusted HTML that replaces it once the Markdown is converted.
    """

    uri: str
    markdown: str
    in_nav: bool = False
    widgets: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class SiteFile:
    """A generated download (e.g. a DOCX), published at ``uri`` as is.

    ``data`` is None when the caller asked for the pages only (the downloads are then made
    later, from the outputs it kept).
    """

    uri: str
    data: bytes | None
