"""Reading a Markdown redline back as a parser sees it: the accepted and the rejected text."""

from __future__ import annotations

from generator.render.markdown import parse

__all__ = ["paragraph_versions"]


def paragraph_versions(markdown: str, *, strict: bool = False) -> list[tuple[str, str]]:
    """(accepted, rejected) text of each paragraph of ``markdown``.

    Text inside ``<ins>`` is left out of the rejected version, text inside ``<del>`` out of the
    accepted one. With ``strict``, any token other than text, a soft break or an ins/del tag
    fails the test (escaped clause text must not turn into Markdown syntax).
    """
    result = []
    for token in parse(markdown):
        if token.type != "inline":
            continue
        accepted: list[str] = []
        rejected: list[str] = []
        state = ""
        for child in token.children or []:
            if child.type == "html_inline" and child.content in ("<ins>", "<del>"):
                state = child.content[1:4]
            elif child.type == "html_inline" and (
                not strict or child.content in ("</ins>", "</del>")
            ):
                state = ""
            elif child.type in ("text", "softbreak"):
                text = child.content if child.type == "text" else " "
                if state != "del":
                    accepted.append(text)
                if state != "ins":
                    rejected.append(text)
            elif strict:
                raise AssertionError(f"escaped text produced Markdown syntax: {child.type}")
        result.append(("".join(accepted), "".join(rejected)))
    return result
