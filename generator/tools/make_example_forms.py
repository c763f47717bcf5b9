"""Write the filled response forms of the bundled SECMP0059 example, illustrative answers and all.

Run ``python -m generator.tools.make_example_forms`` to (re)generate
``content/SECMP0059/forms/*.docx``, then import them with
``secmod responses import SECMP0059 content/SECMP0059/forms/*.docx``.

The Change Board paper of SECMP0059 gives the counts, categories and positions of its nine
responses and the points it discusses, not the responses themselves. Each form here is the
project's own response form (:mod:`generator.forms.form_docx`), filled programmatically
(:mod:`generator.forms.fill_docx`) for one respondent of ``responses.yaml``: its category,
position and objectives as recorded there, its comments as its reasons, and the illustrative
answers below for the other questions. Forms and answers are ILLUSTRATIVE, and said so in the
modification's ``illustrative`` note. The same content gives the same bytes, so regenerating
changes nothing that the import recorded (each form's SHA-256).
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
from collections.abc import Mapping, Sequence
from pathlib import Path

from generator.atomic import StagedFiles
from generator.forms.fill_docx import fill_form
from generator.forms.form_docx import response_form
from generator.load import load_content
from generator.model import Modification, QuestionKind, ResponseRecord

__all__ = ["ANSWERS", "filled_forms", "main"]

_IMPLEMENTATION = "The February 2019 SEC Release leaves enough time to prepare."

#: Illustrative answers to the questions the records do not hold, by respondent: the reasons
#: for the view of the SEC Objectives (question 2), the implementation approach (question 3)
#: and other comments (question 4).
ANSWERS: Mapping[str, Mapping[str, str]] = {
    "Large Supplier 1": {
        "q2.text": "Clear assessment rules help Parties plan (a) and strengthen security (f).",
        "q3.text": _IMPLEMENTATION,
    },
    "Large Supplier 2": {
        "q2.text": "It also makes the obligations on Security Assurance Assessments clear for "
        "all Users, which supports the efficient administration of the Code (g).",
        "q3.text": _IMPLEMENTATION,
    },
    "Large Supplier 3": {"q2.text": "A stronger assessment regime supports (a) and (f)."},
    "Large Supplier 4": {
        "q2.text": "We have no view on the SEC Objectives.",
        "q3.text": "No changes to our systems are needed.",
    },
    "Large Supplier 5": {
        "q2.text": "Clarity for Other Users as well as Supplier Parties supports (g).",
        "q3.text": _IMPLEMENTATION,
        "q4.text": "We would welcome the updated SCF as soon as the modification is approved.",
    },
    "Small Supplier 1": {
        "q2.text": "We agree with the Proposer's view of (a) and (f), with the reservations "
        "about the threshold given under question 1.",
        "q3.text": "Provided the SCF guidance explains how to count Non-Domestic Premises.",
    },
    "Small Supplier 2": {
        "q2.text": "Clear rules for Supplier Parties support (a) and (f).",
        "q3.text": _IMPLEMENTATION,
        "q4.text": "Please update the SCF for Shared Resource Providers once it is approved.",
    },
    "Other SEC Party 1": {
        "q2.text": "We have no view on the SEC Objectives.",
        "q3.text": _IMPLEMENTATION,
    },
    "Other SEC Party 2": {
        "q2.text": "We take no view on the SEC Objectives while the Other User solution stands.",
        "q4.text": "A protection like the Denial of Service protection of the DCC interfaces "
        "would serve the Ecosystem better in the long run.",
    },
}


def _unwrapped(text: str) -> str:
    """Author's YAML prose as a respondent types it: one line per paragraph."""
    return "\n\n".join(" ".join(p.split()) for p in re.split(r"\n\s*\n", text.strip()))


def _values(mod: Modification, record: ResponseRecord) -> dict[str, str]:
    consultation = mod.modification.consultation()
    assert consultation is not None
    values = {
        "respondent": record.respondent,
        "category": record.category.value,
        "confidential": "no",
    }
    for question in consultation.questions:
        n = question.id
        if question.kind is QuestionKind.POSITION:
            values[f"q{n}.position"] = record.position.value
            values[f"q{n}.text"] = _unwrapped(record.comments)
        elif question.kind is QuestionKind.OBJECTIVES:
            for letter in "abcdefg":
                view = "better" if letter in record.objectives else "none"
                values[f"q{n}.{letter}"] = (
                    "against" if letter in record.objectives_against else view
                )
        elif question.kind is QuestionKind.YES_NO:
            values[f"q{n}.choice"] = "yes"
    given = ANSWERS.get(record.respondent, {})
    values.update(given)
    return values


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.casefold()).strip("-")


def filled_forms(content_dir: Path, mod_id: str = "SECMP0059") -> dict[str, bytes]:
    """The filled form of each response of ``mod_id``, by file name."""
    content = load_content(content_dir, [mod_id])
    mod = content.modifications[mod_id]
    consultation = mod.modification.consultation()
    assert consultation is not None and consultation.questions, "no questions to answer"
    # Dated by the paper, never by SOURCE_DATE_EPOCH: the forms are content, not a build.
    dated = dt.datetime.combine(mod.modification.paper.date, dt.time(), tzinfo=dt.UTC)
    form = response_form(mod, consultation, content.objectives, dated)
    return {
        f"{_slug(r.respondent)}.docx": fill_form(form, _values(mod, r))
        for r in mod.responses_to(consultation)
    }


def main(argv: Sequence[str] | None = None) -> None:
    """Write the filled forms into ``<content>/<ID>/forms/``."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--content", type=Path, default=Path("content"))
    parser.add_argument("--id", default="SECMP0059")
    args = parser.parse_args(argv)
    folder = args.content / args.id / "forms"
    with StagedFiles() as staged:  # every form or none
        for name, data in filled_forms(args.content, args.id).items():
            staged.add(folder / name, data)
        for path in staged.commit():
            print(f"wrote {path}")


if __name__ == "__main__":
    main()
