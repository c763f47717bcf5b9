"""What a SEC modification is: the content model, validated by pydantic.

Authors write one folder per modification under ``content/``; each YAML file there validates
against one ``*File`` model below, and ``Modification`` joins them. Unknown keys are errors, so a
misspelt field never disappears silently. Prose fields hold Markdown, in which ``{{ ... }}``
expressions may refer to rule parameters and derived facts (see ``generator.render.context``).

Every field carries its description here, once: ``secmod schema`` (JSON Schema for editors) and
the Content reference page are generated from them.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
    model_validator,
)

from generator.folders import ID_PATTERN, ID_RULE
from generator.links import link_problem
from generator.rules import RULE_SETS
from generator.rules.assessment_types import Assessment, Role
from generator.rules.consultation import Category, Position
from generator.rules.governance import GovernancePath, PathRules, path_rules

__all__ = [
    "ID_PATTERN",
    "ID_RULE",
    "RESPONDENT_FIELDS",
    "Answer",
    "Attachment",
    "AudienceText",
    "Clause",
    "Consultation",
    "ConsultationKind",
    "ExampleRow",
    "ExampleTable",
    "ExamplesFile",
    "FixedDateImplementation",
    "GovernancePath",
    "Guidance",
    "Implementation",
    "LegalTextFile",
    "Modification",
    "ModificationFile",
    "NextReleaseImplementation",
    "Objective",
    "ObjectivesFile",
    "Paper",
    "PositionSummary",
    "Question",
    "QuestionKind",
    "Release",
    "ReleaseImplementation",
    "ReleasesFile",
    "ResponseRecord",
    "ResponseSource",
    "ResponsesFile",
    "Source",
    "Tie",
    "Timetable",
    "WorkingDaysImplementation",
]


def _check_id(value: str) -> str:
    if not ID_PATTERN.fullmatch(value):
        raise ValueError(ID_RULE)
    return value


def _check_rule_set(value: str) -> str:
    known = [r.id for r in RULE_SETS]
    if value not in known:
        raise ValueError(f"unknown rule set {value}; the rule sets are {', '.join(known)}")
    return value


def _check_text(value: str) -> str:
    if not value.strip():
        raise ValueError("must not be empty")
    return value


#: Opens the message of a prose expression whose form is wrong; the loader locates it at the
#: expression (``generator.load``).
PROSE_FORM = "prose: "


def _check_prose(value: str, info: ValidationInfo) -> str:
    """Links a document may carry; and, when the loader asks (``{"prose_form": True}``, on a
    file that has other problems), expressions that compile, so that a mistake in one is
    reported with the file's other problems rather than in a later run. A file that is
    otherwise valid has its expressions checked when they are rendered."""
    if (wrong := link_problem(value)) is not None:
        raise ValueError(wrong[1])
    if "{" in value and (info.context or {}).get("prose_form"):
        from generator.errors import Location
        from generator.render.templating import prose_form_problem

        if (problem := prose_form_problem(value, Location(""), "")) is not None:
            raise ValueError(f"{PROSE_FORM}{problem.message}")
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


ModificationId = Annotated[
    str,
    AfterValidator(_check_id),
    WithJsonSchema({"type": "string", "pattern": ID_PATTERN.pattern}),
]
#: The id of a rule set declared in ``generator.rules`` (e.g. SECMP0059).
RuleSetId = Annotated[
    str,
    AfterValidator(_check_rule_set),
    WithJsonSchema({"type": "string", "enum": [r.id for r in RULE_SETS]}),
]
Text = Annotated[str, AfterValidator(_check_text)]
#: Markdown prose; ``{{ ... }}`` expressions refer to parameters and facts.
Markdown = Annotated[str, AfterValidator(_check_text), AfterValidator(_check_prose)]
ObjectiveLetter = Annotated[
    str, AfterValidator(_check_letter), Field(json_schema_extra={"pattern": "^[a-z]$"})
]
Count = Annotated[int, Field(strict=True, ge=0)]
PositiveCount = Annotated[int, Field(strict=True, ge=1, le=1000)]
Slug = Annotated[str, Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Objective(_Model):
    """One of the SEC General Objectives (SEC Section C1), in its official wording."""

    letter: ObjectiveLetter = Field(description="The objective's letter, a to g.", examples=["a"])
    text: Text = Field(
        examples=[
            "To facilitate the efficient and transparent administration and implementation of "
            "this Code."
        ],
        description="The objective as the Code words it (shown as a footnote).",
    )


class ObjectivesFile(_Model):
    """``content/objectives.yaml``: the catalogue of SEC General Objectives."""

    objectives: list[Objective] = Field(
        min_length=1, description="Every SEC General Objective, in the Code's order."
    )


class AudienceText(_Model):
    """A passage of prose, for one audience when a modification addresses several."""

    audience: Text | None = Field(
        examples=["Non-Domestic Suppliers"],
        default=None,
        description=(
            "Who the passage is for, e.g. Non-Domestic Suppliers; printed as a sub-heading. "
            "Leave it out when the modification has one passage for everyone."
        ),
    )
    text: Markdown = Field(
        examples=["The Code does not say which assessment a Supplier needs after its first year."],
        description="The passage (Markdown; may use {{ ... }} expressions).",
    )
    schedule: Role | None = Field(
        default=None,
        description=(
            "Follow the passage with this role's assessment cycle, year by year, as the rules "
            "read once the modification applies: supplier or other."
        ),
    )


class ConsultationKind(StrEnum):
    """The consultations of the modification process (SEC Sections D6 and D7)."""

    WORKING_GROUP = "Working Group Consultation"
    REFINEMENT = "Refinement Consultation"
    MODIFICATION_REPORT = "Modification Report Consultation"

    @property
    def slug(self) -> str:
        """The default key: "working-group", "refinement", "modification-report"."""
        return self.value.removesuffix(" Consultation").lower().replace(" ", "-")


class PositionSummary(_Model):
    """What the respondents who took each position said in common."""

    approve: Markdown | None = Field(
        examples=["They agreed that the change would make assessments proportionate."],
        default=None,
        description="What the supporters said in common.",
    )
    reject: Markdown | None = Field(
        examples=["They thought the cost outweighed the benefit."],
        default=None,
        description="What the objectors said in common.",
    )
    neutral: Markdown | None = Field(
        examples=["They asked for more detail on the transition."],
        default=None,
        description="What the neutral respondents said in common.",
    )


class QuestionKind(StrEnum):
    """What a consultation question asks for, and so what its answer area on the form holds."""

    POSITION = "position-with-reasons"
    OBJECTIVES = "objectives-with-reasons"
    FREE_TEXT = "free-text"
    YES_NO = "yes-no-with-reasons"

    @property
    def parts(self) -> tuple[str, ...]:
        """The parts of an answer, as named in tags and spreadsheet columns (``q3.position``):
        position, better and against (objectives better or not better facilitated), choice
        (yes or no), text (the reasons, or the free text)."""
        return _ANSWER_PARTS[self]


_ANSWER_PARTS: dict[QuestionKind, tuple[str, ...]] = {
    QuestionKind.POSITION: ("position", "text"),
    QuestionKind.OBJECTIVES: ("better", "against", "text"),
    QuestionKind.FREE_TEXT: ("text",),
    QuestionKind.YES_NO: ("choice", "text"),
}

#: The respondent's details every response form and spreadsheet import collects.
RESPONDENT_FIELDS = ("respondent", "organisation", "category", "contact", "confidential")


ColumnField = Annotated[
    str,
    Field(
        pattern=(
            r"^(respondent|organisation|category|contact|confidential"
            r"|q[0-9]+\.(position|better|against|choice|text))$"
        )
    ),
]


class Question(_Model):
    """A numbered question of a consultation, as the consultation document asks it."""

    id: PositiveCount = Field(
        description="The question's number in the consultation document.", examples=[1]
    )
    text: Text = Field(
        examples=["Do you believe that SECMP0059 should be approved?"],
        description="The question, as asked (plain text).",
    )
    kind: QuestionKind = Field(
        description=(
            "What it asks for: position-with-reasons (approve, reject or neutral: the "
            "response's position), objectives-with-reasons (the SEC Objectives better or not "
            "better facilitated: the response's objectives), yes-no-with-reasons, or free-text."
        )
    )
    required: bool = Field(
        default=True, description="Whether every response must answer it (default: true)."
    )


class Consultation(_Model):
    """A consultation on the modification: its kind, its window and what respondents said."""

    key: Slug | None = Field(
        default=None,
        description=(
            "A short name for the consultation, used in file names and in responses.yaml "
            "(default: from its kind, e.g. modification-report)."
        ),
        examples=["modification-report"],
    )
    kind: ConsultationKind = Field(
        default=ConsultationKind.MODIFICATION_REPORT,
        description="Which consultation of the process it is.",
    )
    opens: dt.date | None = Field(default=None, description="The day the consultation opened.")
    closes: dt.date | None = Field(default=None, description="The day the consultation closed.")
    summary: PositionSummary = Field(
        default=PositionSummary(),
        description=(
            "What the respondents of each position said in common, printed after the sentence "
            "that counts them."
        ),
    )
    objective_reasons: dict[ObjectiveLetter, Markdown] = Field(
        examples=[{"g": "as it would make the Code easier to administer"}],
        default_factory=dict,
        description=(
            "Why supporters cited an objective beyond the Proposer's, by objective letter; "
            "printed after the sentence that reports it (e.g. 'as it would ...')."
        ),
    )

    questions: list[Question] = Field(
        default_factory=list,
        description=(
            "The numbered questions respondents answer; with questions, `secmod build` writes "
            "the consultation's response form and `secmod responses import` reads it back. "
            "One question is position-with-reasons."
        ),
    )
    columns: dict[ColumnField, Text] = Field(
        default_factory=dict,
        description=(
            "For a spreadsheet of responses (XLSX or CSV): the heading of the column that "
            "holds each field, by field: respondent, organisation, category, contact, "
            "confidential, and for question N qN.position, qN.better and qN.against "
            "(objective letters), qN.choice (yes or no), qN.text. A field not listed is "
            "read from the column headed by its own name (e.g. q1.position)."
        ),
        examples=[{"respondent": "Name", "q1.position": "Q1 Do you support it?"}],
    )

    @model_validator(mode="after")
    def _questions(self) -> Consultation:
        ids = [q.id for q in self.questions]
        twice = sorted({i for i in ids if ids.count(i) > 1})
        if twice:
            raise ValueError(f"questions: question {twice[0]} is listed twice")
        kinds = [q.kind for q in self.questions]
        if self.questions and kinds.count(QuestionKind.POSITION) != 1:
            raise ValueError(
                "questions: exactly one question must be position-with-reasons (it gives each "
                f"response its position); found {kinds.count(QuestionKind.POSITION)}"
            )
        if kinds.count(QuestionKind.OBJECTIVES) > 1:
            raise ValueError("questions: at most one question may be objectives-with-reasons")
        known = self.fields()
        for key in self.columns:
            if key not in known:
                raise ValueError(
                    f"columns: unknown field {key!r}; the fields are {', '.join(known)}"
                )
        return self

    def fields(self) -> tuple[str, ...]:
        """The fields a response to this consultation has: the respondent's details, then each
        question's parts (``q1.position``, ``q1.text``, ...)."""
        parts = [f"q{q.id}.{part}" for q in self.questions for part in q.kind.parts]
        return (*RESPONDENT_FIELDS, *parts)

    def question(self, kind: QuestionKind) -> Question | None:
        """The first question of ``kind``, if any."""
        return next((q for q in self.questions if q.kind is kind), None)

    @property
    def name(self) -> str:
        """The consultation's name, e.g. "Modification Report Consultation"."""
        return self.kind.value

    @property
    def id(self) -> str:
        """The consultation's key, from its kind when none is given."""
        return self.key or self.kind.slug


class Timetable(_Model):
    """The dates of the modification's decision, where known."""

    change_board: dt.date | None = Field(
        default=None, description="The day the Change Board meets to vote on the modification."
    )
    decision: dt.date | None = Field(
        default=None,
        description=(
            "The day of the decision (for a path the Authority decides, the Authority's "
            "decision, expected or made); default: the Change Board's meeting."
        ),
    )


class ReleaseImplementation(_Model):
    """Implementation in a SEC Release when approved by a cutoff, else some Working Days after
    approval."""

    approach: Literal["release"] = Field(description="release")
    release: Text = Field(description="The release's name.", examples=["February 2019 SEC Release"])
    release_date: dt.date = Field(description="The day of the release.")
    cutoff: dt.date = Field(description="The last day a decision to approve makes the release.")
    fallback_working_days: PositiveCount = Field(
        examples=[10],
        description="Working Days after approval when the decision comes after the cutoff.",
    )


class WorkingDaysImplementation(_Model):
    """Implementation a number of Working Days after the decision."""

    approach: Literal["working-days"] = Field(description="working-days")
    working_days: PositiveCount = Field(
        examples=[10],
        description="Working Days after the decision (once final) on which it is implemented.",
    )


class FixedDateImplementation(_Model):
    """Implementation on a fixed date."""

    approach: Literal["fixed-date"] = Field(description="fixed-date")
    date: dt.date = Field(description="The day the modification is implemented.")


class NextReleaseImplementation(_Model):
    """Implementation in the next scheduled SEC Release after the decision (from
    ``content/releases.yaml``)."""

    approach: Literal["next-release"] = Field(description="next-release")


Implementation = Annotated[
    ReleaseImplementation
    | WorkingDaysImplementation
    | FixedDateImplementation
    | NextReleaseImplementation,
    Field(discriminator="approach"),
]


class Release(_Model):
    """A scheduled SEC Release."""

    name: Text = Field(description="The release's name.", examples=["November 2020 SEC Release"])
    date: dt.date = Field(description="The day of the release.")
    cutoff: dt.date | None = Field(
        default=None, description="The last day a decision makes this release (default: its date)."
    )


class ReleasesFile(_Model):
    """``content/releases.yaml``: the calendar of scheduled SEC Releases."""

    releases: list[Release] = Field(default_factory=list, description="Releases, in any order.")


class Source(_Model):
    """A document the modification's facts come from."""

    title: Text = Field(
        examples=["SECMP0059 Change Board paper"],
        description="The document, e.g. the Change Board paper.",
    )
    date: dt.date | None = Field(default=None, description="The document's date.")
    url: Annotated[str, Field(pattern=r"^https?://\S+$")] | None = Field(
        examples=["https://www.example.org/secmp0059-change-board-paper.pdf"],
        default=None,
        description="Where it is published.",
    )


class Attachment(_Model):
    """An attachment of the paper; attachments nest (an Appendix holds Annexes)."""

    label: Text | None = Field(
        examples=["Appendix A"], default=None, description="Its label, e.g. Appendix A."
    )
    title: Text = Field(examples=["SECMP0059 Modification Report"], description="Its title.")
    key: Annotated[str, Field(pattern=r"^[a-z0-9-]+$")] | None = Field(
        examples=["modification-report"],
        default=None,
        description=(
            "A name the paper refers to it by: modification-report, consultation-responses, "
            "legal-text."
        ),
    )
    attachments: list[Attachment] = Field(
        default_factory=list, description="The attachments it holds."
    )


class Paper(_Model):
    """The Change Board paper's own facts."""

    author: Text = Field(examples=["Jane Smith"], description="Who wrote the paper.")
    team: Text = Field(description="The author's team.", examples=["SECAS Team"])
    date: dt.date = Field(description="The paper's date.")
    consultation: Slug | None = Field(
        examples=["modification-report"],
        default=None,
        description=(
            "The key of the consultation the paper summarises (default: the last one listed)."
        ),
    )
    recommendations: list[Markdown] | None = Field(
        examples=[["**AGREE** that SECMP0059 should proceed to vote;"]],
        default=None,
        min_length=1,
        description=(
            "What the Change Board is asked to do; default: the recommendations of the "
            "governance path."
        ),
    )


Version = Annotated[str, Field(pattern=r"^[0-9]+(\.[0-9]+)*$")]


class GuidanceSection(_Model):
    """A section of a guidance update that the author writes."""

    heading: Text = Field(
        examples=["Counting Non-Domestic Premises"], description="The section's heading."
    )
    text: Markdown = Field(
        examples=["The thresholds count premises, not meters."],
        description="The section (Markdown; may use {{ ... }} expressions).",
    )


class Guidance(_Model):
    """``content/<ID>/guidance.yaml``: the guidance SECAS updates once the modification is
    approved (e.g. the SCF).

    The Security Controls Framework is the SSC's methodology for User Security Assessments
    (SEC Section G8); SECAS publishes a new version of the section the modification changes.
    """

    document: Text = Field(
        examples=["Security Controls Framework"], description="The guidance document's name."
    )
    abbreviation: Text | None = Field(
        examples=["SCF"], default=None, description="Its abbreviation, e.g. SCF."
    )
    publisher: Text = Field(examples=["SECAS"], default="SECAS", description="Who publishes it.")
    section: Text = Field(
        examples=["User Security Assessments"], description="The section the update changes."
    )
    version_before: Version = Field(description="The version today.", examples=["1.15"])
    version_after: Version = Field(examples=["1.16"], description="The version after the update.")
    effective: dt.date | None = Field(
        default=None, description="When the new version applies (default: the implementation date)."
    )
    summary: Markdown | None = Field(
        examples=[
            "A Supplier's cycle of assessments now also depends on its Non-Domestic Premises."
        ],
        default=None,
        description="What the update changes, in brief.",
    )
    sections: list[GuidanceSection] = Field(
        default_factory=list,
        description=(
            "The update's own sections, in order, written by the author (for SECMP0059: "
            "counting premises, Shared Resource Providers); printed after what the rules give "
            "when the modification changes a rule set, else after the summary."
        ),
    )

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
    """``content/<ID>/modification.yaml``: the modification, its governance path, timetable,
    consultations, implementation approach and paper."""

    id: ModificationId = Field(description="The id, the folder's name.", examples=["SECMP0059"])
    title: Text = Field(
        examples=["Amendments to SEC Security Assessments"], description="The modification's title."
    )
    status: Text = Field(
        examples=["Change Board vote"], description="Where it stands, e.g. Change Board vote."
    )
    proposer: Text | None = Field(
        examples=["Gordon Hextall"],
        default=None,
        description="Who raised it (left out when the sources do not say).",
    )
    raised: dt.date | None = Field(default=None, description="The day it was raised.")
    governance: GovernancePath = Field(
        description=(
            "The governance path (SEC Section D2); who decides, what the Change Board's vote is "
            "and whether an objection period follows all come from it."
        )
    )
    sections: list[Annotated[str, Field(pattern=r"^[A-Z]{1,2}$")]] = Field(
        min_length=1, description="The SEC Sections it changes, by letter.", examples=[["G"]]
    )
    proposer_objectives: list[ObjectiveLetter] = Field(
        examples=[["a", "f"]],
        default_factory=list,
        description="The SEC Objectives the Proposer believes it better facilitates.",
    )
    issue: list[AudienceText] = Field(min_length=1, description="What the issue is.")
    solution: list[AudienceText] = Field(min_length=1, description="The Proposed Solution.")
    consultations: list[Consultation] = Field(
        default_factory=list, description="The consultations held, in order."
    )
    timetable: Timetable = Field(
        default=Timetable(), description="Dates of the decision, where known."
    )
    implementation: Implementation = Field(
        description=(
            "The implementation approach the Panel agreed; its approach is release, "
            "working-days, fixed-date or next-release."
        )
    )
    paper: Paper = Field(description="The Change Board paper's own facts.")
    attachments: list[Attachment] = Field(
        default_factory=list, description="The paper's attachments (appendices, annexes)."
    )
    rule_sets: list[RuleSetId] = Field(
        default_factory=list,
        description=(
            "The rule sets (generator/rules/declarations.toml) it introduces or changes: the "
            "ones `secmod check --coverage` asks its examples to cover."
        ),
        examples=[["SECMP0059"]],
    )
    sources: list[Source] = Field(
        default_factory=list, description="The documents the facts come from."
    )
    illustrative: Markdown | None = Field(
        examples=["The respondents' names and comments were written for the example."],
        default=None,
        description=(
            "What in this folder was written for illustration rather than taken from a "
            "source (shown on the site)."
        ),
    )

    @model_validator(mode="after")
    def _audiences(self) -> ModificationFile:
        for name in ("issue", "solution"):
            passages: list[AudienceText] = getattr(self, name)
            if len(passages) > 1 and any(p.audience is None for p in passages):
                raise ValueError(
                    f"{name}: with more than one passage, each needs an audience (its sub-heading)"
                )
        return self

    @property
    def path(self) -> PathRules:
        """The rules of the modification's governance path."""
        return path_rules(self.governance)

    def consultation(self, key: str | None = None) -> Consultation | None:
        """The consultation ``key`` (default: the paper's, else the last one), if any."""
        wanted = key or self.paper.consultation
        if wanted is None:
            return self.consultations[-1] if self.consultations else None
        return next((c for c in self.consultations if c.id == wanted), None)


class Answer(_Model):
    """A respondent's answer to one question, in their words.

    The answer to the position-with-reasons question gives the response's ``position``, and
    the answer to the objectives-with-reasons question its ``objectives`` and
    ``objectives_against``; their reasons are kept here.
    """

    question: PositiveCount = Field(
        examples=[1], description="The number of the question answered."
    )
    choice: Literal["yes", "no"] | None = Field(
        default=None, description="The answer to a yes-no-with-reasons question: yes or no."
    )
    text: Text | None = Field(
        examples=["We support it: the assessments would match the risk."],
        default=None,
        description="The reasons given, or the answer to a free-text question.",
    )


class ResponseSource(_Model):
    """Where an imported response was read from (written by `secmod responses import`)."""

    file: Text = Field(
        examples=["example-energy.docx"], description="The name of the filled form or spreadsheet."
    )
    sha256: Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")] = Field(
        examples=["e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"],
        description="The SHA-256 of the file, in hexadecimal.",
    )
    row: PositiveCount | None = Field(
        examples=[2],
        default=None,
        description="For a spreadsheet: the row the response was read from.",
    )


class ResponseRecord(_Model):
    """One respondent's response to a consultation."""

    respondent: Text = Field(
        examples=["Example Energy Ltd"], description="Who responded (an organisation or a person)."
    )
    category: Category = Field(description="The respondent's Party category.")
    position: Position = Field(description="Their view: approve, reject or neutral.")
    consultation: Slug | None = Field(
        examples=["modification-report"],
        default=None,
        description=("The key of the consultation answered (default: the paper's consultation)."),
    )
    objectives: list[ObjectiveLetter] = Field(
        examples=[["a", "f"]],
        default_factory=list,
        description="The SEC Objectives they believe the modification better facilitates.",
    )
    objectives_against: list[ObjectiveLetter] = Field(
        examples=[["d"]],
        default_factory=list,
        description="The SEC Objectives they believe it would not better facilitate.",
    )
    comments: Markdown = Field(
        examples=["We support the change: it makes assessments proportionate."],
        description="Their comments, in their words or summarised.",
    )
    discussed: bool = Field(
        default=False,
        description="Whether the paper discusses this response on its own, beyond the counts.",
    )
    discussion: Markdown | None = Field(
        examples=["was concerned that the change would delay assessments"],
        default=None,
        description=(
            "How the paper reports this response when discussed: words that follow the "
            "lead-in naming the respondent, e.g. 'commented that ...' (default: their "
            "comments, quoted)."
        ),
    )
    secas_response: Markdown | None = Field(
        examples=["The Working Group considered this; the timetable is unchanged."],
        default=None,
        description="SECAS's reply to the response, printed after it when discussed.",
    )
    organisation: Text | None = Field(
        examples=["Example Energy Ltd"],
        default=None,
        description="The organisation the respondent responds for, if named.",
    )
    contact: Text | None = Field(
        examples=["jane.smith@example.org"],
        default=None,
        description="How to contact the respondent (never published: not on the site, not in "
        "any document).",
    )
    confidential: bool = Field(
        default=False,
        description=(
            "Whether the response is confidential: counted in the paper's tallies, never "
            "published (not in the responses appendix, not on the site)."
        ),
    )
    answers: list[Answer] = Field(
        default_factory=list, description="The answers to the consultation's questions."
    )
    source: ResponseSource | None = Field(
        default=None,
        description="The form or spreadsheet the response was imported from, and its hash.",
    )

    @model_validator(mode="after")
    def _private(self) -> ResponseRecord:
        if self.confidential and self.discussed:
            raise ValueError(
                "discussed: a confidential response is counted but never published, so the "
                "paper cannot discuss it"
            )
        numbers = [a.question for a in self.answers]
        twice = sorted({n for n in numbers if numbers.count(n) > 1})
        if twice:
            raise ValueError(f"answers: question {twice[0]} is answered twice")
        return self


class ResponsesFile(_Model):
    """``content/<ID>/responses.yaml``: the responses to the modification's consultations."""

    responses: list[ResponseRecord] = Field(
        default_factory=list, description="One record per respondent and consultation."
    )


class ExampleRow(_Model):
    """One worked example: a portfolio and the assessments the text says it schedules."""

    role: Role = Field(description="The User's role: supplier or other.")
    domestic: Count = Field(examples=[1200], default=0, description="Domestic Premises supplied.")
    non_domestic: Count = Field(
        examples=[40], default=0, description="Non-Domestic Premises supplied."
    )
    on: dt.date | None = Field(
        default=None, description="The day the rules are read (default: table's)."
    )
    expect: list[Assessment] = Field(
        min_length=1,
        description="The assessment of each year from year 1: full, verification, "
        "self or unspecified.",
    )
    note: Text | None = Field(
        examples=["Below both thresholds"], default=None, description="A note shown beside the row."
    )


class ExampleTable(_Model):
    """A decision table of worked examples, read on one date unless a row says otherwise."""

    title: Text = Field(
        examples=["Suppliers with Non-Domestic Premises"], description="The table's title."
    )
    description: Markdown | None = Field(
        examples=["Which assessment a Supplier needs in each of its first three years."],
        default=None,
        description="What the table shows.",
    )
    on: dt.date = Field(description="The day the rules are read.")
    rows: list[ExampleRow] = Field(min_length=1, description="The examples.")


class ExamplesFile(_Model):
    """``content/<ID>/examples.yaml``: worked examples, run as tests against the rules."""

    examples: list[ExampleTable] = Field(default_factory=list, description="Decision tables.")


class Tie(_Model):
    """A phrase of a clause that states a rule parameter (checked by
    ``generator.checks.legal_text``).

    ``text`` is copied from the clause. A number parameter is stated in words then figures
    ("fifty thousand (50,000)"); a cycle parameter with ``year`` names that year and its
    assessment ("Verification User Security Assessment in the second year"); without ``year``
    it states the cycle's length ("three years").
    """

    parameter: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")] = Field(
        description="The rule parameter stated.", examples=["non_domestic_threshold"]
    )
    text: Text = Field(
        examples=["a second Full User Security Assessment"],
        description="The phrase of the clause that states it.",
    )
    year: PositiveCount | None = Field(
        examples=[2], default=None, description="For a cycle: the year it names."
    )


class Clause(_Model):
    """A clause of the Code as it reads before and after the modification, or unchanged.

    ``before`` is None for an inserted clause, ``after`` None for a deleted one; ``unchanged``
    gives the text of a clause shown for context only (the lead-in of a list, say).
    """

    clause: Annotated[str, Field(pattern=r"^[A-Z][0-9]+(\.[0-9]+[A-Z]?)?(\([a-z0-9]+\))*$")] = (
        Field(description="The clause's number.", examples=["G8.46A(a)"])
    )
    heading: Text | None = Field(
        examples=["User Security Assessments"],
        default=None,
        description="The clause's heading, if it has one.",
    )
    before: Text | None = Field(
        examples=["Each User shall undergo a User Security Assessment."],
        default=None,
        description="The clause as the Code reads today.",
    )
    after: Text | None = Field(
        examples=["Each User shall undergo a User Security Assessment, as set out below."],
        default=None,
        description="The clause as modified.",
    )
    unchanged: Text | None = Field(
        examples=["The following provisions apply:"],
        default=None,
        description="The text of a clause the modification leaves as it is (context).",
    )
    states: list[Tie] = Field(
        default_factory=list, description="The rule parameters the after-text states."
    )
    states_before: list[Tie] = Field(
        default_factory=list, description="The rule parameters the before-text states."
    )

    @model_validator(mode="after")
    def _has_text(self) -> Clause:
        if self.unchanged is not None:
            if self.before is not None or self.after is not None:
                raise ValueError("an unchanged clause has no before or after")
            return self
        if self.before is None and self.after is None:
            raise ValueError(
                "a clause needs before (the Code today), after (as modified) or both, or "
                "unchanged (its text, shown for context)"
            )
        return self

    @property
    def change(self) -> str:
        """How the modification changes the clause: inserted, deleted, amended or unchanged."""
        if self.unchanged is not None:
            return "unchanged"
        if self.before is None:
            return "inserted"
        return "deleted" if self.after is None else "amended"


class LegalTextFile(_Model):
    """``content/<ID>/legal-text.yaml``: the clauses the modification changes."""

    section: Annotated[str, Field(pattern=r"^[A-Z]{1,2}$")] = Field(
        description="The SEC Section the clauses belong to, by letter.", examples=["G"]
    )
    section_title: Text | None = Field(
        examples=["Security"], default=None, description="The Section's title."
    )
    note: Markdown | None = Field(
        examples=["Inserted text is underlined; deleted text is struck through."],
        default=None,
        description="A note printed before the clauses.",
    )
    clauses: list[Clause] = Field(min_length=1, description="The clauses, in the Code's order.")


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

    def responses_to(self, consultation: Consultation | None) -> list[ResponseRecord]:
        """The responses to ``consultation`` (a response naming none answered the paper's)."""
        if consultation is None:
            return []
        paper = self.modification.consultation()
        return [
            r
            for r in self.responses
            if r.consultation == consultation.id
            or (r.consultation is None and paper is not None and paper.id == consultation.id)
        ]
