"""Templates only format: the context decides (no string surgery, no path tests, no arithmetic).

Every decision a document makes (who decides, how many respondents, which year) is computed in
the template context (generator/render/context.py and its helpers), where it is typed and
tested; a template that re-implements one would drift from it. This test reads every template's
syntax tree and fails on the three kinds of decision that have crept into templates before.
"""

from __future__ import annotations

from pathlib import Path

import jinja2
import pytest
from jinja2 import nodes

from generator.rules.governance import GovernancePath

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"
PATHS = {p.value for p in GovernancePath}
_ARITHMETIC = (nodes.Add, nodes.Sub, nodes.Mul, nodes.Div, nodes.FloorDiv, nodes.Mod, nodes.Pow)


def _decisions(tree: nodes.Template) -> list[str]:
    found: list[str] = []
    for node in tree.find_all((nodes.Call, nodes.Filter, nodes.Compare, *_ARITHMETIC, nodes.Neg)):
        if isinstance(node, nodes.Filter) and node.name == "replace":
            found.append(f"line {node.lineno}: the replace filter")
        elif (
            isinstance(node, nodes.Call)
            and isinstance(node.node, nodes.Getattr)
            and node.node.attr == "replace"
        ):
            found.append(f"line {node.lineno}: .replace(")
        elif isinstance(node, nodes.Compare):
            consts = [
                c.value
                for c in (node.expr, *(op.expr for op in node.ops))
                if isinstance(c, nodes.Const)
            ]
            if any(c in PATHS for c in consts):
                found.append(f"line {node.lineno}: a comparison with a governance path")
        elif isinstance(node, (*_ARITHMETIC, nodes.Neg)):
            found.append(f"line {node.lineno}: arithmetic ({type(node).__name__})")
    return found


TEMPLATE_FILES = sorted(TEMPLATES.rglob("*.j2"))


@pytest.mark.parametrize("path", TEMPLATE_FILES, ids=lambda p: str(p.relative_to(TEMPLATES)))
def test_the_template_only_formats(path: Path) -> None:
    tree = jinja2.Environment().parse(path.read_text(encoding="utf-8"))
    assert _decisions(tree) == []


@pytest.mark.parametrize(
    ("source", "found"),
    [
        ("{{ x | replace('a', 'b') }}", "replace filter"),
        ("{{ x.replace('a', 'b') }}", ".replace("),
        ("{% if mod.governance == 'Authority Determination' %}x{% endif %}", "governance path"),
        ("{{ a + 1 }}", "Add"),
        ("{{ '  ' * depth }}", "Mul"),
        ("{{ n // 2 }}", "FloorDiv"),
    ],
)
def test_each_kind_of_decision_is_caught(source: str, found: str) -> None:
    (message,) = _decisions(jinja2.Environment().parse(source))
    assert found in message


def test_there_are_templates_to_check() -> None:
    assert any(p.name == "change-board-paper.md.j2" for p in TEMPLATE_FILES)
