"""Checks of the answers recorded in ``responses.yaml`` against the consultation's questions
(run by the loader, so a hand-edited file is held to what an import writes)."""

from __future__ import annotations

from collections.abc import Iterator

from generator.errors import Problem
from generator.model import Modification, QuestionKind
from generator.source import SourceFile

__all__ = ["recorded_answer_problems"]


def recorded_answer_problems(mod: Modification, src: SourceFile) -> Iterator[Problem]:
    """Each answer names a question of its response's consultation, and only the answer to a
    yes-no-with-reasons question has a ``choice``."""
    data = mod.modification
    for i, response in enumerate(mod.responses):
        consultation = data.consultation(response.consultation)
        if consultation is None or not response.answers:
            continue
        questions = {q.id: q for q in consultation.questions}
        listed = ", ".join(str(q) for q in questions) or "none"
        for j, answer in enumerate(response.answers):
            here = ("responses", i, "answers", j)
            question = questions.get(answer.question)
            if question is None:
                yield src.problem(
                    (*here, "question"),
                    f"the {consultation.name} has no question {answer.question} "
                    f"(its questions: {listed})",
                )
            elif answer.choice is not None and question.kind is not QuestionKind.YES_NO:
                yield src.problem(
                    (*here, "choice"),
                    f"question {question.id} is {question.kind.value}: only a "
                    "yes-no-with-reasons question has a choice",
                )
