"""What a SEC modification is: the content model, validated by pydantic.

Authors write one folder per modification under ``content/``; each YAML file there validates
against one ``*File`` model below, and ``Modification`` joins them. Unknown keys are errors, so a
misspelt field never disappears silently. Prose fields hold Markdown, in which ``{{ ... }}``
expressions may refer to rule parameters and derived facts (see ``generator.render.context``).
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)

from generator.folders import ID_PATTERN, ID_RULE
from generator.links import link_problem
from generator.rules.assessment_types import Assessment, Role
from generator.rules.consultation import Category, Position

__all__ = [
    "ID_PATTERN",
    "ID_RULE",
    "Attachment",
    "AudienceText",
    "Clause",
    "Consultation",
    "Determination",
    "ExampleRow",
    "ExampleTable",
    "ExamplesFile",
    "GovernancePath",
    "Guidance",
    "Implementation",
    "LegalTextFile",
    "Modification",
    "ModificationFile",
    "Objective",
    "ObjectivesFile",
    "Paper",
    "ResponseRecord",
    "ResponsesFile",
    "Tie",
]


def _check_id(value: str) -> str:
    if not ID_PATTERN.fullmatch(value):
        raise ValueError(ID_RULE)
    return value


def _check_text(value: str) -> str:
    if not value.strip():
        raise ValueError("must not be empty")
    return value


def _check_prose(value: str) -> str:
    if (wrong := link_problem(value)) is not None:
        raise ValueError(wrong[1])
    return value


def _check_letter(value: str, info: ValidationInfo) -> str:
    """An objective letter, checked against the catalogue when the loader passes it as the
    validation context (``{"objectives": ...}``), so every unknown letter is reported with the
    file's other problems."""
    known = sorted((info.context or {}).get("objectives") or ())
    span = f"{known[0]} to {known[-1]}" if known else "a to z"
    if len(value) != 1 or not "a" <= value <= "z":
        raise ValueError(f"must be an objective letter {span}, without brackets (not {value!r})")
    if known and value not in known:
        raise ValueError(f"unknown SEC Objective ({value}); an objective letter {span}")
    return value


ModificationId = Annotated[str, AfterValidator(_check_id)]
Text = Annotated[str, AfterValidator(_check_text)]
#: Markdown prose; ``{{ ... }}`` expressions refer to parameters and facts.
Markdown = Annotated[str, AfterValidator(_check_text), AfterValidator(_check_prose)]
ObjectiveLetter = Annotated[
    str, AfterValidator(_check_letter), Field(json_schema_extra={"pattern": "^[a-z]$"})
]
Count = Annotated[int, Field(strict=True, ge=0)]
PositiveCount = Annotated[int, Field(strict=True, ge=1)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class GovernancePath(StrEnum):
    """How a modification is decided (SEC Section D)."""

    SELF_GOVERNANCE = "Self-Governance"
    FAST_TRACK = "Fast-Track Self-Governance"
    AUTHORITY_DETERMINATION = "Authority Determination"


class Objective(_Model):
    """One of the SEC General Objectives (SEC Section C1), in its official wording."""

    letter: ObjectiveLetter
    text: Text


class ObjectivesFile(_Model):
    """``content/objectives.yaml``: the catalogue of SEC General Objectives."""

    objectives: list[Objective] = Field(min_length=1)


class AudienceText(_Model):
    """A passage of prose addressed to one audience, e.g. Non-Domestic Suppliers."""

    audience: Text
    text: Markdown
    #: Show this role's cycle, year by year, as the rules read once the modification applies.
    schedule: Role | None = None


class Consultation(_Model):
    """The consultation the paper reports on, and what supporters said in common."""

    name: Text = "Modification Report Consultation"
    closed: dt.date | None = None
    #: What the supporting respondents said in common (follows the sentence that counts them).
    supporters_said: Markdown | None = None
    #: Why respondents cited an objective beyond the Proposer's, by objective letter.
    objective_reasons: dict[ObjectiveLetter, Markdown] = Field(default_factory=dict)


class Determination(_Model):
    """Who decides, and how the decision becomes final."""

    decided_by: Text = "Change Board"
    #: None means the Code's objection period (a rule parameter) applies.
    objection_period_working_days: PositiveCount | None = None


class Implementation(_Model):
    """The implementation approach the Panel agreed."""

    release: Text
    release_date: dt.date
    cutoff: dt.date
    fallback_working_days: PositiveCount


class Attachment(_Model):
    """An attachment of the paper; attachments nest (an Appendix holds Annexes)."""

    label: Text | None = None
    title: Text
    key: Annotated[str, Field(pattern=r"^[a-z0-9-]+$")] | None = None
    attachments: list[Attachment] = Field(default_factory=list)


class Paper(_Model):
    """The Change Board paper's own facts."""

    author: Text
    team: Text
    date: dt.date
    recommendations: list[Markdown] = Field(min_length=1)


Version = Annotated[str, Field(pattern=r"^[0-9]+(\.[0-9]+)*$")]


class Guidance(_Model):
    """``content/<ID>/guidance.yaml``: the guidance SECAS updates once the modification is
    approved (e.g. the SCF).

    The Security Controls Framework is the SSC's methodology for User Security Assessments
    (SEC Section G8); SECAS publishes a new version of the section the modification changes.
    """

    document: Text
    abbreviation: Text | None = None
    publisher: Text = "SECAS"
    section: Text
    version_before: Version
    version_after: Version
    #: When the new version applies; None means the implementation release date.
    effective: dt.date | None = None
    summary: Markdown | None = None
    #: How a User counts the premises the thresholds look at.
    counting_premises: Markdown | None = None
    #: What the update means for Users relying on a Shared Resource Provider.
    shared_resources: Markdown | None = None

    @field_validator("version_after")
    @classmethod
    def _newer(cls, after: str, info: ValidationInfo) -> str:
        before = info.data.get("version_before")

        def key(version: str) -> tuple[int, ...]:
            return tuple(int(part) for part in version.split("."))

        if before is not None and key(after) <= key(before):
            raise ValueError(f"must be later than version_before ({before}), not {after}")
        return after


class ModificationFile(_Model):
    """``content/<ID>/modification.yaml``."""

    id: ModificationId
    title: Text
    status: Text
    proposer: Text
    raised: dt.date | None = None
    governance: GovernancePath
    sections: list[Annotated[str, Field(pattern=r"^[A-Z]{1,2}$")]] = Field(min_length=1)
    proposer_objectives: list[ObjectiveLetter] = Field(default_factory=list)
    issue: list[AudienceText] = Field(min_length=1)
    solution: list[AudienceText] = Field(min_length=1)
    consultation: Consultation = Field(default_factory=Consultation)
    determination: Determination
    implementation: Implementation
    paper: Paper
    attachments: list[Attachment] = Field(default_factory=list)


class ResponseRecord(_Model):
    """One respondent's response to the consultation."""

    respondent: Text
    category: Category
    position: Position
    objectives: list[ObjectiveLetter] = Field(default_factory=list)
    comments: Markdown
    secas_response: Markdown | None = None
    #: Whether the paper discusses this response on its own, beyond the tallies.
    discussed: bool = False


class ResponsesFile(_Model):
    """``content/<ID>/responses.yaml``."""

    responses: list[ResponseRecord] = Field(default_factory=list)


class ExampleRow(_Model):
    """One worked example: a portfolio and the assessments the text says it schedules."""

    role: Role
    domestic: Count = 0
    non_domestic: Count = 0
    on: dt.date | None = None
    expect: list[Assessment] = Field(min_length=1)
    note: Text | None = None


class ExampleTable(_Model):
    """A decision table of worked examples, read on one date unless a row says otherwise."""

    title: Text
    description: Markdown | None = None
    on: dt.date
    rows: list[ExampleRow] = Field(min_length=1)


class ExamplesFile(_Model):
    """``content/<ID>/examples.yaml``."""

    examples: list[ExampleTable] = Field(default_factory=list)


class Tie(_Model):
    """A phrase of a clause that states a rule parameter (checked by
    ``generator.checks.legal_text``).

    ``text`` is copied from the clause. A number parameter is stated in words then figures
    ("fifty thousand (50,000)"); a cycle parameter with ``year`` names that year and its
    assessment ("Verification User Security Assessment in the second year"); without ``year``
    it states the cycle's length ("three years").
    """

    parameter: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")]
    text: Text
    year: PositiveCount | None = None


class Clause(_Model):
    """A clause of the Code as it reads before and after the modification.

    ``before`` is None for an inserted clause, ``after`` None for a deleted one. ``states`` ties
    the rule parameters the after-text states, ``states_before`` those the before-text states.
    """

    clause: Annotated[str, Field(pattern=r"^[A-Z][0-9]+(\.[0-9]+[A-Z]?)?(\([a-z0-9]+\))*$")]
    heading: Text | None = None
    before: Text | None = None
    after: Text | None = None
    states: list[Tie] = Field(default_factory=list)
    states_before: list[Tie] = Field(default_factory=list)

    @model_validator(mode="after")
    def _has_text(self) -> Clause:
        if self.before is None and self.after is None:
            raise ValueError("a clause needs before (the Code today), after (as modified) or both")
        return self


class LegalTextFile(_Model):
    """``content/<ID>/legal-text.yaml``: the clauses the modification changes."""

    section: Annotated[str, Field(pattern=r"^[A-Z]{1,2}$")]
    section_title: Text | None = None
    note: Markdown
    clauses: list[Clause] = Field(min_length=1)


class Modification(_Model):
    """A whole modification: its own file joined with its other files (responses, examples...)."""

    modification: ModificationFile
    responses: list[ResponseRecord] = Field(default_factory=list)
    examples: list[ExampleTable] = Field(default_factory=list)
    guidance: Guidance | None = None
    legal_text: LegalTextFile | None = None

    @property
    def id(self) -> str:
        """The modification's id, e.g. SECMP0059."""
        return self.modification.id
