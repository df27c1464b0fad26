"""The word budget: a content slide carries at most ``defaults.slide_words`` words (title,
slide number and notes not counted), so the room reads it at a glance; what is cut belongs
in the notes or the handout.  Counted as deck-stats counts them (runs of letters/digits),
on what the room sees: the slides the deck template generates (objectives, key messages,
the content warning, case discussions, quiz questions) and the words it adds (the warning's
opt-out line, an activity's time, quiz option letters, step numbers) count too, and so does
the slide number (a text box on the slide, which deck-stats counts), so the budget and the
measure agree."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from typing import Any

from trainpack.core.errors import Problem
from trainpack.core.model import Module
from trainpack.core.slides import Bullet
from trainpack.load.yamlsource import YamlDoc

_WORD = re.compile(r"\w+")
NOT_CONTENT = ("title", "section", "divider")
OPT_OUT = 9  # "You can step out at any time, without explaining why." under a content warning
TIME = 3  # "Time: 15 minutes" on an activity slide
NUMBER = 1  # the slide number


def _words(*texts: object) -> int:
    return sum(len(_WORD.findall(_unmarked(str(t)))) for t in texts if t)


def _unmarked(text: str) -> str:
    """``text`` without combining marks: Python's ``\\w`` stops at an Arabic vowel sign or a
    Cyrillic stress mark, so ``كِتَابٌ`` would count as three words, not one."""
    if text.isascii():
        return text
    return "".join(c for c in text if not unicodedata.category(c).startswith("M"))


def _bullets(items: list) -> int:
    total = 0
    for item in items:
        if isinstance(item, Bullet):
            total += _words(item.text, *item.sub)
        else:
            total += _words(item)
    return total


def slide_words(slide: object, module: Module) -> int | None:
    """Words the room sees on ``slide``; None for a title, section or divider slide."""
    layout = getattr(slide, "layout", "")
    if layout in NOT_CONTENT:
        return None
    s: Any = slide
    if layout == "bullets":
        return _bullets(s.bullets)
    if layout in ("two-column", "comparison"):
        return sum(_words(c.heading) + _bullets(c.bullets) for c in (s.left, s.right))
    if layout == "table":
        return _words(*s.columns, *(c for row in s.rows for c in row))
    if layout == "image":
        return _words(s.caption)
    if layout == "quote":
        return _words(s.quote, s.attribution)
    if layout == "case-study":
        case = next((c for c in module.case_studies if c.id == s.case_study), None)
        if case is None:
            return None
        name = _words(case.profile.name, case.profile.age) if case.profile else 0
        return name + (_words(*case.card) if case.card else 25)
    if layout == "process":
        return sum(_words(st.label, st.detail) + 1 for st in s.steps)  # + its number
    if layout == "checklist":
        return _words(*s.items)
    if layout == "activity":
        act = next((a for a in module.activities if a.id == s.activity), None)
        return _words(act.task) + TIME if act else 0
    if layout == "question":
        return _words(s.question, *s.prompts)
    if layout == "statement":
        return _words(s.statement)
    if layout == "statistic":
        return _words(s.figure, s.caption, s.source)
    if layout == "icon-grid":
        return sum(_words(i.label, i.detail) for i in s.items)
    if layout == "timeline":
        return sum(_words(e.when, e.text) for e in s.events)
    if layout == "picture":
        return _bullets(s.bullets)
    return None


def generated_slides(module: Module) -> list[tuple[tuple, str, int]]:
    """The slides the deck template makes from module fields: (where in module.yaml, what,
    words the room sees)."""
    found: list[tuple[tuple, str, int]] = []
    if module.content_warning:
        found.append(
            (
                ("content_warning",),
                "the content warning slide",
                _words(module.content_warning) + OPT_OUT,
            )
        )
    found.append((("objectives",), "the objectives slide", _words(*module.objectives)))
    found.append((("key_messages",), "the key messages slide", _words(*module.key_messages)))
    for index, case in enumerate(module.case_studies):
        found.append(
            (("case_studies", index, "questions"), "its discussion slide", _words(*case.questions))
        )
    for index, q in enumerate(module.quiz):  # one question per slide, options lettered
        words = _words(q.question, *q.options) + len(q.options)
        found.append((("quiz", index), "this quiz slide", words))
    return found


def over_budget(module: Module, limit: int) -> Iterator[tuple[tuple, str, int]]:
    """(where in module.yaml, what, words) for every slide of ``module`` over ``limit``
    words, the slides the deck template makes from module fields included."""
    for si, section in enumerate(module.sections):
        for index, slide in enumerate(section.slides):
            words = slide_words(slide, module)
            if words is not None and words + NUMBER > limit:
                yield ("sections", si, "slides", index), "this slide", words + NUMBER
    for loc, what, words in generated_slides(module):
        if words + NUMBER > limit:
            yield loc, what, words + NUMBER


HINT = (
    "keep what the room must read; move the rest to `notes:` or "
    "handout.md (defaults.slide_words in course.yaml sets the budget)"
)
GENERATED_HINT = (
    "the deck makes this slide from these fields; shorten them (explanations "
    "belong in `notes:`, answer_notes or handout.md)"
)


def check_budget(doc: YamlDoc, module: Module, limit: int) -> list[Problem]:
    """A warning at each content slide over the word budget, and at a title slide that
    repeats the deck's own opening (``--strict`` refuses both)."""
    found = [
        Problem(
            doc.where(loc),
            f"{what} carries {words} words, over the budget of {limit}",
            HINT if loc[0] == "sections" else GENERATED_HINT,
            "warning",
        )
        for loc, what, words in over_budget(module, limit)
    ]
    first = next((s for s in module.sections if s.slides), None)
    if first is not None and first.slides[0].layout == "title":
        si = module.sections.index(first)
        found.append(
            Problem(
                doc.where(("sections", si, "slides", 0)),
                "this title slide repeats the one every deck opens with (made from the "
                "module's title, the course and the audience)",
                "remove it, or make it a `section` divider if the part needs a heading",
                "warning",
            )
        )
    return found
