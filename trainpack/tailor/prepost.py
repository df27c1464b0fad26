"""The matched pre- and post-course test: the same items, drawn from the edition's quizzes.

A trainer measures what the course changed by asking the same questions before and after.
Items come first from questions the authors marked ``prepost: true`` (on what to do), then
from other questions tied to an objective, then from any question, taking modules in turn so
every part of the day is asked about; there are ``LOW``-``HIGH`` items when the edition's
quizzes have that many.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from trainpack.core.model import Module, QuizQuestion

LOW, HIGH = 10, 12


@dataclass(frozen=True)
class TestItem:
    module: Module
    question: QuizQuestion

    @property
    def objective(self) -> str | None:
        number = self.question.objective
        if number is None or number > len(self.module.objectives):
            return None
        return self.module.objectives[number - 1]


def prepost_items(modules: Sequence[Module], low: int = LOW, high: int = HIGH) -> list[TestItem]:
    """The test's items in course order (the same list for the pre and the post sheet)."""
    tiers = (
        [[q for q in m.quiz if q.prepost] for m in modules],
        [[q for q in m.quiz if not q.prepost and q.objective is not None] for m in modules],
        [[q for q in m.quiz if not q.prepost and q.objective is None] for m in modules],
    )
    chosen: set[int] = set()
    for number, tier in enumerate(tiers):
        limit = high if number == 0 else low
        queues = [list(qs) for qs in tier]
        while len(chosen) < limit and any(queues):
            for queue in queues:  # one from each module in turn
                if queue and len(chosen) < limit:
                    chosen.add(id(queue.pop(0)))
    return [TestItem(m, q) for m in modules for q in m.quiz if id(q) in chosen]
