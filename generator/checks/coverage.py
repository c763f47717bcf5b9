"""Rule coverage: which cases of the rules the documented examples exercise.

The cases are, for every rule set in ``generator.rules.RULE_SETS``:

* every rule branch (``generator.rules.Branch``: rule set, role, rule) in every year of the
  cycle: years 1, 2 and 3, and a repeat year 4 or later;
* every threshold edge of that rule set, just below, at and just above (threshold - 1,
  threshold, threshold + 1): the Non-Domestic threshold (SEC G8.46A(a)) and the weighted sum
  against the combined threshold with the Non-Domestic threshold not exceeded (G8.46A(b)) under
  SECMP0059; Domestic Premises against the Domestic threshold (G8.46) before it.

An example row exercises a branch-year when the rules put its portfolio under that branch and
the row states that year; it exercises an edge when its portfolio sits on it. The examples that
count are the decision tables a modification documents (``content/<ID>/examples.yaml``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from generator.checks.examples import ExecutableExample
from generator.errors import Location, Problem
from generator.rules import RULE_SETS, Branch, Portfolio, Role, classify, parameters, rule_set_on

__all__ = [
    "EDGES",
    "YEAR_SLOTS",
    "CoverageReport",
    "Edge",
    "Target",
    "coverage",
    "exercised",
    "targets",
]

#: The years of the cycle a branch is checked in; "4+" is any year after the first cycle.
YEAR_SLOTS: tuple[str, ...] = ("1", "2", "3", "4+")
_RELATIONS = {-1: "just below", 0: "at", 1: "just above"}


@dataclass(frozen=True, slots=True)
class Edge:
    """A threshold of a rule set and the quantity of a portfolio compared with it."""

    rule_set: str
    name: str
    reference: str
    #: (portfolio, date) -> (quantity, threshold), or None when the comparison is not reached.
    measure: Callable[[Portfolio, object], tuple[int, int] | None]


def _non_domestic(portfolio: Portfolio, on: object) -> tuple[int, int] | None:
    if portfolio.role is not Role.SUPPLIER:
        return None
    return portfolio.non_domestic, parameters.NON_DOMESTIC_THRESHOLD.at(on)  # type: ignore[arg-type]


def _combined(portfolio: Portfolio, on: object) -> tuple[int, int] | None:
    if portfolio.role is not Role.SUPPLIER:
        return None
    if portfolio.non_domestic > parameters.NON_DOMESTIC_THRESHOLD.at(on):  # type: ignore[arg-type]
        return None  # G8.46A(a) already decides: the sum is never compared
    weight = parameters.NON_DOMESTIC_WEIGHT.at(on)  # type: ignore[arg-type]
    total = portfolio.domestic + weight * portfolio.non_domestic
    return total, parameters.COMBINED_THRESHOLD.at(on)  # type: ignore[arg-type]


def _domestic(portfolio: Portfolio, on: object) -> tuple[int, int] | None:
    if portfolio.role is not Role.SUPPLIER:
        return None
    return portfolio.domestic, parameters.DOMESTIC_THRESHOLD.at(on)  # type: ignore[arg-type]


#: Every threshold edge, by rule set.
EDGES: tuple[Edge, ...] = (
    Edge("SECMP0059", "non-domestic threshold", "G8.46A(a)", _non_domestic),
    Edge("SECMP0059", "combined threshold", "G8.46A(b)", _combined),
    Edge("SEC-G8-2018", "domestic threshold", "G8.46", _domestic),
)


@dataclass(frozen=True, slots=True)
class Target:
    """A case of the rules an example should exercise."""

    id: str
    kind: str
    description: str


def targets() -> list[Target]:
    """Every case: each branch in each year slot, each edge just below, at and just above."""
    found: list[Target] = []
    for rule_set in RULE_SETS:
        for branch in Branch:
            if branch.rule_set != rule_set.id:
                continue
            for slot in YEAR_SLOTS:
                found.append(
                    Target(
                        f"{branch.value} year {slot}",
                        "branch",
                        f"{branch.value}, year {slot}",
                    )
                )
        for edge in EDGES:
            if edge.rule_set != rule_set.id:
                continue
            for relation in _RELATIONS.values():
                found.append(
                    Target(
                        f"{edge.rule_set} {edge.name} {relation}",
                        "edge",
                        f"{edge.rule_set}: {relation} the {edge.name} ({edge.reference})",
                    )
                )
    return found


def exercised(row: ExecutableExample) -> set[str]:
    """The ids of the targets ``row`` exercises."""
    hit: set[str] = set()
    try:
        classification = classify(row.portfolio, row.on)
    except ValueError:
        return hit
    stated = [year for year, want in enumerate(row.expect, start=1) if want is not None]
    for year in stated:
        slot = str(year) if year <= 3 else "4+"
        hit.add(f"{classification.branch.value} year {slot}")
    rule_set = rule_set_on(row.on).id
    for edge in EDGES:
        if edge.rule_set != rule_set:
            continue
        try:
            measured = edge.measure(row.portfolio, row.on)
        except ValueError:
            continue
        if measured is None:
            continue
        quantity, threshold = measured
        relation = _RELATIONS.get(quantity - threshold)
        if relation:
            hit.add(f"{edge.rule_set} {edge.name} {relation}")
    return hit


@dataclass
class CoverageReport:
    """Which targets the examples of one modification exercise, and where."""

    name: str
    file: str
    targets: list[Target]
    covered_by: dict[str, list[Location]] = field(default_factory=dict)

    @property
    def uncovered(self) -> list[Target]:
        """The targets no example exercises."""
        return [t for t in self.targets if not self.covered_by.get(t.id)]

    @property
    def ok(self) -> bool:
        """Whether every target is exercised."""
        return not self.uncovered

    def summary(self) -> str:
        """One line: how many cases are covered."""
        covered = len(self.targets) - len(self.uncovered)
        return f"{self.name}: rule coverage {covered}/{len(self.targets)} cases exercised"

    def lines(self) -> list[str]:
        """The summary, then one line per target with the first example that exercises it."""
        out = [self.summary()]
        width = max((len(t.description) for t in self.targets), default=0)
        for target in self.targets:
            where = self.covered_by.get(target.id) or []
            if where:
                more = f" (+{len(where) - 1} more)" if len(where) > 1 else ""
                out.append(f"  covered    {target.description:<{width}}  {where[0]}{more}")
            else:
                out.append(f"  UNCOVERED  {target.description}")
        return out

    def problems(self) -> list[Problem]:
        """One located problem per uncovered target."""
        return [
            Problem(
                Location(self.file),
                "examples",
                f"no example exercises {t.description}: add a row that does",
            )
            for t in self.uncovered
        ]


def coverage(
    name: str, file: str, rows: Sequence[ExecutableExample] | Iterable[ExecutableExample]
) -> CoverageReport:
    """The coverage of the rules by ``rows`` (the examples of ``name``, written in ``file``)."""
    report = CoverageReport(name, file, targets())
    for row in rows:
        for target in exercised(row):
            report.covered_by.setdefault(target, []).append(row.location)
    return report
