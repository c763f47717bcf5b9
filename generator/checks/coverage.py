"""Rule coverage: which cases of the rules a modification's documented examples exercise.

A modification declares the rule sets it introduces or changes (``rule_sets`` in its
``modification.yaml``); only those are covered, and a modification that changes no rule set
has nothing to cover. The cases of a rule set are read from its declaration
(:mod:`generator.rules.parameters`):

* every branch (rule set, role, rule) in every year of the cycle: years 1, 2 and 3, and a
  repeat year 4 or later;
* every threshold its tests compare with, just below, at and just above (threshold - 1,
  threshold, threshold + 1), counted only where the rules reach that comparison (the combined
  sum of G8.46A(b) is not compared once G8.46A(a) has decided).

An example row exercises a branch-year when the rules put its portfolio under that branch and
the row states that year; it exercises an edge when the quantity compared sits on it. The
examples that count are the decision tables a modification documents
(``content/<ID>/examples.yaml``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from generator.checks.examples import ExecutableExample
from generator.errors import Location, Problem, RuleError
from generator.rules import RuleSet, classify, parameters

__all__ = ["YEAR_SLOTS", "CoverageReport", "Target", "coverage", "exercised", "targets"]

#: The years of the cycle a branch is checked in; "4+" is any year after the first cycle.
YEAR_SLOTS: tuple[str, ...] = ("1", "2", "3", "4+")
_RELATIONS = {-1: "just below", 0: "at", 1: "just above"}


@dataclass(frozen=True, slots=True)
class Target:
    """A case of the rules an example should exercise."""

    id: str
    kind: str
    description: str


def _edge_id(rule_set: str, threshold: str, relation: str) -> str:
    return f"{rule_set} {parameters.PARAMETERS[threshold].title.lower()} {relation}"


def _clause(rule_set: RuleSet, threshold: str) -> str:
    return next(b.clause for b in rule_set.branches for t in b.when if t.threshold == threshold)


def _rule_sets(ids: Iterable[str] | None) -> list[RuleSet]:
    wanted = None if ids is None else set(ids)
    return [r for r in parameters.RULE_SETS if wanted is None or r.id in wanted]


def targets(rule_sets: Iterable[str] | None = None) -> list[Target]:
    """Every case of the rule sets ``rule_sets`` (ids; default all): each branch in each year
    slot, each threshold just below, at and just above."""
    found: list[Target] = []
    for rule_set in _rule_sets(rule_sets):
        for branch in rule_set.branches:
            found.extend(
                Target(f"{branch.value} year {s}", "branch", f"{branch.value}, year {s}")
                for s in YEAR_SLOTS
            )
        for threshold in rule_set.thresholds:
            label = parameters.PARAMETERS[threshold].title.lower()
            found.extend(
                Target(
                    _edge_id(rule_set.id, threshold, relation),
                    "edge",
                    f"{rule_set.id}: {relation} the {label} ({_clause(rule_set, threshold)})",
                )
                for relation in _RELATIONS.values()
            )
    return found


def exercised(row: ExecutableExample) -> set[str]:
    """The ids of the targets ``row`` exercises (of any rule set)."""
    try:
        classification = classify(row.portfolio, row.on)
    except RuleError:
        return set()
    hit: set[str] = set()
    for year, want in enumerate(row.expect, start=1):
        if want is not None:
            hit.add(f"{classification.branch.value} year {year if year <= 3 else '4+'}")
    for compared in classification.compared:
        relation = _RELATIONS.get(compared.quantity - compared.value)
        if relation:
            hit.add(_edge_id(classification.rule_set.id, compared.threshold, relation))
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
        if not self.targets:
            return f"{self.name}: rule coverage: changes no rule set, nothing to cover"
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
    name: str,
    file: str,
    rows: Sequence[ExecutableExample] | Iterable[ExecutableExample],
    rule_sets: Iterable[str] | None = None,
) -> CoverageReport:
    """The coverage by ``rows`` (the examples of ``name``, written in ``file``) of the rule sets
    ``rule_sets`` (ids; default all)."""
    report = CoverageReport(name, file, targets(rule_sets))
    for row in rows:
        for target in exercised(row):
            report.covered_by.setdefault(target, []).append(row.location)
    return report
