"""Stage 2, review: what a safeguarding trainer would catch reading the course, as warnings.

The schema says a course is well formed; these checks say whether it teaches and assesses
well: blocks no audience can reach, quizzes whose answers show through their shape, the same
question asked twice, the same child's name twice on one route, objectives nobody can
assess, cases without a profile, and country values still to verify.  ``check`` runs them;
a build does not (they are about the course, not about one pack).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from trainpack.core.base import LEVELS, Targeted
from trainpack.core.drafts import drafts
from trainpack.core.errors import Problem, SourceLocation
from trainpack.core.model import (
    Audience,
    CaseStudy,
    CaseStudySlide,
    Course,
    Module,
    QuizQuestion,
    Section,
    walk,
)
from trainpack.load.course import RawCourse
from trainpack.load.yamlsource import YamlDoc

SHARE = 0.35  # no answer position, and no "longest is correct", above this share
MIN_QUESTIONS = 8  # below this, shares say nothing
SIMILAR = 0.6  # word overlap (Jaccard) from which two questions count as near-duplicates
VAGUE = re.compile(
    r"^\s*(?:to\s+)?(know|understand|be\s+aware|agree|learn)\b", re.IGNORECASE
)  # unassessable objective verbs
STOP = set(
    [
        "a",
        "an",
        "the",
        "of",
        "to",
        "in",
        "on",
        "for",
        "and",
        "or",
        "is",
        "are",
        "be",
        "by",
        "with",
        "what",
        "which",
        "who",
        "when",
        "how",
        "does",
        "do",
        "should",
        "would",
        "can",
        "may",
        "it",
        "its",
        "this",
        "that",
        "if",
        "at",
        "as",
        "from",
        "your",
        "you",
        "they",
        "their",
    ]
)
LETTERS = "ABCDEFGH"


@dataclass(frozen=True)
class Question:
    module: Module
    index: int
    question: QuizQuestion
    where: SourceLocation


def review_course(course: Course, raw: RawCourse) -> list[Problem]:
    """Every review warning for the course, in file order within each check."""
    docs = {m.id: rm.doc for rm, m in zip(raw.modules, course.modules)}
    questions = [
        Question(m, i, q, docs[m.id].where(("quiz", i)))
        for m in _ordered(course)
        for i, q in enumerate(m.quiz)
    ]
    found: list[Problem] = []
    found += unreachable_blocks(course, docs)
    found += quiz_shape(questions)
    found += near_duplicates(questions)
    found += repeated_case_names(course, docs)
    found += objective_verbs(course, docs)
    found += cases_without_profile(course, docs)
    found += draft_values(course)
    return found


# --- routes -------------------------------------------------------------------------------


def route(course: Course, audience: Audience) -> list[tuple[Module, list[Section]]]:
    """The modules and sections this audience receives (before any edition narrows it)."""
    excluded = set(audience.exclude_sections)
    received = []
    for module in _ordered(course):
        if audience.modules is not None and module.id not in audience.modules:
            continue
        sections = [
            s
            for s in module.sections
            if f"{module.id}/{s.id}" not in excluded
            and s.shown_to(audience.id)
            and (s.level is None or LEVELS.index(s.level) <= LEVELS.index(audience.level))
        ]
        received.append((module, sections))
    return received


def route_text(course: Course, audience: Audience) -> str:
    parts = []
    for module, sections in route(course, audience):
        left_out = [s.id for s in module.sections if s not in sections]
        parts.append(module.id + (f" (without {', '.join(left_out)})" if left_out else ""))
    return ", ".join(parts)


def unreachable_blocks(course: Course, docs: dict[str, YamlDoc]) -> list[Problem]:
    """`only:` naming an audience whose route never receives the block's module or section."""
    found = []
    audiences = {a.id: a for a in course.audiences}
    routes = {
        a.id: {m.id: [s.id for s in secs] for m, secs in route(course, a)}
        for a in audiences.values()
    }
    for module in _ordered(course):
        for obj, loc in walk(module):
            if not isinstance(obj, Targeted) or not obj.only or loc == ():
                continue
            for audience_id in obj.only:
                audience = audiences.get(audience_id)
                if audience is None:
                    continue  # an unknown id is already an error
                reason = _unreachable(module, obj, loc, audience, routes[audience_id])
                if reason:
                    found.append(
                        Problem(
                            docs[module.id].where(loc + ("only",)),
                            f"this block is only for '{audience_id}', but {reason}",
                            f"the route of '{audience_id}': "
                            f"{route_text(course, audience)}; move the block to a module "
                            "and section that audience receives, or change its route in "
                            f"audiences/{audience_id}.yaml",
                            "warning",
                        )
                    )
    return found


def _unreachable(
    module: Module, obj: Targeted, loc: tuple, audience: Audience, sections: dict[str, list[str]]
) -> str:
    if module.id not in sections:
        return f"that audience's route leaves out module '{module.id}'"
    if len(loc) >= 2 and loc[0] == "sections":
        section = module.sections[loc[1]]
        if section.id not in sections[module.id]:
            return f"that audience's route leaves out section '{module.id}/{section.id}'"
        if (
            len(loc) >= 4
            and isinstance(slide := section.slides[loc[3]], Targeted)
            and slide is not obj
            and not slide.shown_to(audience.id)
        ):
            return "the slide it sits on is not shown to that audience"
    if isinstance(obj, CaseStudy) and not any(
        isinstance(s, CaseStudySlide) and s.case_study == obj.id and s.shown_to(audience.id)
        for section in module.sections
        if section.id in sections[module.id]
        for s in section.slides
    ):
        return "no slide that audience receives shows this case study"
    return ""


# --- quizzes ------------------------------------------------------------------------------


def quiz_shape(questions: list[Question]) -> list[Problem]:
    """Answer positions or option lengths that give the answer away, course-wide."""
    if len(questions) < MIN_QUESTIONS:
        return []
    found = []
    total = len(questions)
    positions = Counter(q.question.answer for q in questions)
    spread = ", ".join(
        f"{LETTERS[p - 1]} {positions[p]}" for p in sorted(positions) if p <= len(LETTERS)
    )
    for position, count in sorted(positions.items()):
        if count / total > SHARE:
            at = [q for q in questions if q.question.answer == position]
            found.append(
                Problem(
                    _busiest(at).where,
                    f"quiz answers give themselves away: option {LETTERS[position - 1]} is "
                    f"correct in {count} of {total} questions ({count / total:.0%})",
                    f"spread the correct answers so no position is above {SHARE:.0%} "
                    f"(now {spread}); reorder the options of some questions",
                    "warning",
                )
            )
    longest = [q for q in questions if is_longest(q.question)]
    if len(longest) / total > SHARE:
        found.append(
            Problem(
                _busiest(longest).where,
                f"quiz answers give themselves away: the correct option is the longest in "
                f"{len(longest)} of {total} questions ({len(longest) / total:.0%})",
                "make the distractors as full and plausible as the answer, or the answer "
                "shorter; participants learn to pick the longest option",
                "warning",
            )
        )
    return found


def is_longest(question: QuizQuestion) -> bool:
    """The correct option is strictly longer than every other option."""
    lengths = [len(o) for o in question.options]
    answer = lengths[question.answer - 1]
    return all(answer > n for i, n in enumerate(lengths) if i != question.answer - 1)


def _busiest(questions: list[Question]) -> Question:
    """The first question of the module with most of these (where an author starts fixing)."""
    per_module = Counter(q.module.id for q in questions)
    top = max(per_module.values())
    return next(q for q in questions if per_module[q.module.id] == top)


def words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9']+", text.lower()) if w not in STOP}


def similarity(a: str, b: str) -> float:
    wa, wb = words(a), words(b)
    return len(wa & wb) / len(wa | wb) if wa and wb else 0.0


def near_duplicates(questions: list[Question]) -> list[Problem]:
    """Two questions in different modules asking nearly the same thing."""
    found = []
    for later_index, later in enumerate(questions):
        for earlier in questions[:later_index]:
            if earlier.module.id == later.module.id:
                continue
            score = similarity(earlier.question.question, later.question.question)
            if score >= SIMILAR:
                found.append(
                    Problem(
                        later.where,
                        f"this quiz question nearly repeats one in module '{earlier.module.id}' "
                        f"({score:.0%} of their words shared)",
                        f"the other is at {earlier.where}; ask about a different decision, "
                        "or keep one of the two",
                        "warning",
                    )
                )
                break
    return found


# --- cases and objectives -----------------------------------------------------------------


def route_cases(course: Course, audience: Audience) -> Iterator[tuple[Module, int, CaseStudy]]:
    """The case studies this audience meets on a slide, in course order."""
    for module, sections in route(course, audience):
        shown = {
            s.case_study
            for section in sections
            for s in section.slides
            if isinstance(s, CaseStudySlide) and s.shown_to(audience.id)
        }
        for index, case in enumerate(module.case_studies):
            if case.id in shown and case.shown_to(audience.id):
                yield module, index, case


def same_child(a: tuple[Module, int, CaseStudy], b: tuple[Module, int, CaseStudy]) -> bool:
    """Two stages of one staged case: same module, same name and age (one child, told in turns)."""
    pa, pb = a[2].profile, b[2].profile
    return (
        a[0].id == b[0].id
        and pa is not None
        and pb is not None
        and pa.name.strip().casefold() == pb.name.strip().casefold()
        and pa.age == pb.age
    )


def repeated_case_names(course: Course, docs: dict[str, YamlDoc]) -> list[Problem]:
    """The same first name for two children on one audience's route (the stages of one staged
    case, in one module with the same name and age, are one child)."""
    clashes: dict[tuple, list[str]] = defaultdict(list)
    for audience in course.audiences:
        first: dict[str, tuple[Module, int, CaseStudy]] = {}
        for module, index, case in route_cases(course, audience):
            if case.profile is None:
                continue
            name = case.profile.name.strip().casefold()
            if name in first and not same_child(first[name], (module, index, case)):
                earlier = first[name]
                clashes[(earlier[0].id, earlier[1], module.id, index)].append(audience.id)
            elif name not in first:
                first[name] = (module, index, case)
    found = []
    for (m1, i1, m2, i2), audiences in clashes.items():
        case = course.module(m2).case_studies[i2]
        assert case.profile is not None
        found.append(
            Problem(
                docs[m2].where(("case_studies", i2, "profile", "name")),
                f"the name '{case.profile.name}' is already used for another child on the "
                f"route of {', '.join(repr(a) for a in audiences)}",
                f"the other is at {docs[m1].where(('case_studies', i1, 'profile', 'name'))}; "
                "give each child on a route their own first name",
                "warning",
            )
        )
    return found


def objective_verbs(course: Course, docs: dict[str, YamlDoc]) -> list[Problem]:
    found = []
    for module in _ordered(course):
        for index, objective in enumerate(module.objectives):
            match = VAGUE.match(objective)
            if match:
                found.append(
                    Problem(
                        docs[module.id].where(("objectives", index)),
                        f"objective starts with '{match.group(1)}', which nobody can assess",
                        "use a verb whose result you can see or test: describe, identify, "
                        "explain, list, apply, decide, refer, record",
                        "warning",
                    )
                )
    return found


def cases_without_profile(course: Course, docs: dict[str, YamlDoc]) -> list[Problem]:
    return [
        Problem(
            docs[module.id].where(("case_studies", index)),
            f"case study '{case.id}' has no profile",
            "add profile: {name, age, gender, from, exploitation} so the case matrix "
            "(python build.py coverage) and the name check can count it",
            "warning",
        )
        for module in _ordered(course)
        for index, case in enumerate(module.case_studies)
        if case.profile is None
    ]


def draft_values(course: Course) -> list[Problem]:
    """Country values beginning VERIFY: (TODO is an error elsewhere)."""
    return [
        Problem(
            pack._lines[key],
            f"country pack '{pack.id}': '{key}' is a draft still to verify ({value})",
            "check it against the current position, then remove 'VERIFY:'; until then it "
            "prints without the marker and is listed in the facilitator guide's appendix",
            "warning",
        )
        for pack in course.countries
        if pack.status != "template"
        for key, value in drafts(pack)
        if key in pack._lines
    ]


def _ordered(course: Course) -> list[Module]:
    """Modules in teaching order (those not in course.yaml last)."""
    order = {m: i for i, m in enumerate(course.info.modules)}
    return sorted(course.modules, key=lambda m: order.get(m.id, len(order)))
