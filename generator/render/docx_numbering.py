"""Numbering: Markdown lists become Word lists (``w:numPr`` on List Bullet / List Number).

The level of an item is its nesting depth (Word has levels 0 to 8). Every bulleted list uses
the reference's bullet ``w:num``; every numbered list gets its own ``w:num`` over the
reference's numbered ``w:abstractNum``, with a ``w:startOverride`` so that it restarts at its
Markdown start number. An item's first paragraph carries the number; its further paragraphs
use List Continue (2, 3) by depth, without one.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.render.docx_styles import Reference

__all__ = ["ListItem", "Numbering"]

_MAX_LEVEL = 8


@dataclass(slots=True)
class ListItem:
    """An open list item: its list's numbering and whether its numbered paragraph exists."""

    num_id: int
    level: int
    style: str
    continue_style: str
    started: bool = False

    def paragraph_style(self) -> tuple[str, str]:
        """Style and ``w:numPr`` of the item's next paragraph: the first one is numbered."""
        if self.started:
            return self.continue_style, ""
        self.started = True
        return self.style, (
            f'<w:numPr><w:ilvl w:val="{self.level}"/><w:numId w:val="{self.num_id}"/></w:numPr>'
        )


class Numbering:
    """The lists of one document: those open now, and the ``w:num`` instances made so far."""

    def __init__(self, reference: Reference) -> None:
        self.styles = reference.styles
        self.abstract_id = reference.number_abstract_id
        self.bullet_num_id = reference.bullet_num_id
        self.next_num_id = reference.first_free_num_id
        self.instances: list[str] = []
        self.open_lists: list[tuple[int, str]] = []  # (numId, paragraph style) per open list

    def open_list(self, *, ordered: bool, start: int) -> None:
        """A list begins inside the open ones; a numbered list starts at ``start``."""
        if not ordered:
            self.open_lists.append((self.bullet_num_id, self.styles["list_bullet"]))
            return
        level = min(len(self.open_lists), _MAX_LEVEL)
        num_id = self.next_num_id
        self.next_num_id += 1
        self.instances.append(
            f'<w:num w:numId="{num_id}"><w:abstractNumId w:val="{self.abstract_id}"/>'
            f'<w:lvlOverride w:ilvl="{level}"><w:startOverride w:val="{start}"/>'
            "</w:lvlOverride></w:num>"
        )
        self.open_lists.append((num_id, self.styles["list_number"]))

    def close_list(self) -> None:
        self.open_lists.pop()

    def item(self) -> ListItem:
        """A new item of the innermost open list."""
        num_id, style = self.open_lists[-1]
        level = min(len(self.open_lists) - 1, _MAX_LEVEL)
        continue_style = self.styles[f"list_continue{min(level + 1, 3)}"]
        return ListItem(num_id, level, style, continue_style)

    def xml(self) -> str:
        """The ``w:num`` elements to append to the reference's numbering part."""
        return "".join(self.instances)
