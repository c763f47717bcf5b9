"""``secmod check --assumptions``: every value secmod states that no source does, to confirm.

Nothing is stated as fact that no source says. Where the project had to choose a value (a rule
parameter the Code's papers do not give), read a path of the Code in more detail than its
sources, or work a date out from one that is only expected, the choice is marked assumed where
it is shown (the paper, the guidance, the calculator, the rules page, ``secmod assess``) and
listed here, one line each, so that an author can confirm it before publishing.
"""

from __future__ import annotations

from generator.lifecycle import implementation_on
from generator.load import Content
from generator.rules import parameters
from generator.rules.governance import PATHS

__all__ = ["assumptions"]


def _parameters() -> list[str]:
    lines = []
    for param in parameters.assumptions():
        values = ", ".join(
            f"{value:,}" if isinstance(value, int) else "/".join(map(str, value))
            for _, value in param.values
        )
        reason = " ".join(param.assumed.split())
        lines.append(f"rule parameter {param.name} = {values} ({param.reference}): {reason}")
    return lines


def assumptions(content: Content) -> list[str]:
    """Every assumption the content's documents rest on, one line each."""
    lines = _parameters()
    used = {mod.modification.governance for mod in content.modifications.values()}
    for path in PATHS.values():
        if path.assumed and path.path in used:
            lines.append(f"governance path {path.path.value}: {path.assumed}")
    for mod_id, mod in content.modifications.items():
        data = mod.modification
        if implementation_on(data, content.releases) is None:
            lines.append(
                f"{mod_id}: the implementation date is not known until the decision; the "
                "rules after the modification are read on the effective date of the rule "
                "sets it declares, or on the paper's date"
            )
        if data.illustrative:
            lines.append(f"{mod_id}: illustrative: {' '.join(data.illustrative.split())}")
    return lines
