"""Rendering of secmod documents: Markdown parsing and the output writers (Word, HTML)."""

__all__: list[str] = []
