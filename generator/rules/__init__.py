"""The Smart Energy Code's rules as code: pure functions over dated parameters.

Nothing here reads files, renders text or knows the content model. Each function cites the SEC
provision it implements.
"""

from generator.rules.assessment_types import Assessment, Role
from generator.rules.assessments import (
    RULE_SETS,
    Branch,
    Classification,
    Portfolio,
    RuleSet,
    Schedule,
    assessment_in_year,
    classify,
    rule_set_on,
    schedule,
)

__all__ = [
    "RULE_SETS",
    "Assessment",
    "Branch",
    "Classification",
    "Portfolio",
    "Role",
    "RuleSet",
    "Schedule",
    "assessment_in_year",
    "classify",
    "rule_set_on",
    "schedule",
]
