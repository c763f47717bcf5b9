"""The Smart Energy Code's rules as code: pure functions over dated parameters.

Nothing here reads files, renders text or knows the content model. Each function cites the SEC
provision it implements. The rule sets and their parameters are declared once, in
:mod:`generator.rules.parameters`; :func:`assumptions` lists the values no source states.
"""

from generator.rules.assessment_types import Assessment, Role
from generator.rules.assessments import (
    Classification,
    Comparison,
    Portfolio,
    Schedule,
    assessment_in_year,
    branch_named,
    classify,
    rule_set_on,
    schedule,
)
from generator.rules.declaration import Branch, RuleSet
from generator.rules.parameters import RULE_SETS, assumptions

__all__ = [
    "RULE_SETS",
    "Assessment",
    "Branch",
    "Classification",
    "Comparison",
    "Portfolio",
    "Role",
    "RuleSet",
    "Schedule",
    "assessment_in_year",
    "assumptions",
    "branch_named",
    "classify",
    "rule_set_on",
    "schedule",
]
