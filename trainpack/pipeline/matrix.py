"""The case matrix and the quiz answer spread, printed by ``python build.py coverage``.

Case studies should be as varied as the children professionals meet: several forms of
exploitation, girls and boys, children trafficked within the country as well as from abroad,
all ages.  A quiz should not give its answers away by position or length.  These tables show
both per audience route, so an author sees what each group actually meets.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from rich.console import Console
from rich.table import Table

from trainpack.core.model import EXPLOITATION, Audience, CaseStudy, Course, Module
from trainpack.validate.review import LETTERS, SHARE, is_longest, route, route_cases

BANDS = (("<=11", 0, 11), ("12-15", 12, 15), ("16-17", 16, 17))
TARGETS = {"types": 6, "girls": 0.3, "boys": 0.3, "national": 0.3}


@dataclass
class CaseMatrix:
    """Counts over one set of case studies (distinct cases, profiles only)."""

    cases: list[CaseStudy] = field(default_factory=list)
    unprofiled: int = 0

    @property
    def types(self) -> Counter[str]:
        return Counter(t for c in self.cases if c.profile for t in c.profile.exploitation)

    def share(self, attribute: str, value: str) -> float:
        profiles = [c.profile for c in self.cases if c.profile]
        hits = sum(getattr(p, attribute) == value for p in profiles)
        return hits / len(profiles) if profiles else 0.0

    def bands(self) -> Counter[str]:
        return Counter(
            label
            for c in self.cases
            if c.profile
            for label, low, high in BANDS
            if low <= c.profile.age <= high
        )

    def gaps(self) -> list[str]:
        """Course-wide targets this set misses."""
        missing = []
        if len(self.types) < TARGETS["types"]:
            missing.append(f"{len(self.types)} exploitation types (target 6)")
        for label, attribute, value in (
            ("girls", "gender", "girl"),
            ("boys", "gender", "boy"),
            ("national", "from_", "national"),
        ):
            if self.share(attribute, value) < TARGETS[label]:
                missing.append(f"{label} {self.share(attribute, value):.0%} (target 30%)")
        absent = [label for label, _, _ in BANDS if not self.bands()[label]]
        if absent:
            missing.append("no case aged " + ", ".join(absent))
        return missing


def matrix(cases: list[tuple[Module, int, CaseStudy]]) -> CaseMatrix:
    """Each child counted once: the stages of one staged case (same module, name and age, as
    the name check treats them) are one child."""
    result = CaseMatrix()
    seen: set[tuple[str, ...]] = set()
    for module, _, case in cases:
        key: tuple[str, ...] = (module.id, case.id)
        if case.profile is not None:
            key = (module.id, case.profile.name.strip().casefold(), str(case.profile.age))
        if key in seen:
            continue
        seen.add(key)
        if case.profile is None:
            result.unprofiled += 1
        else:
            result.cases.append(case)
    return result


def course_cases(course: Course) -> list[tuple[Module, int, CaseStudy]]:
    return [(m, i, c) for m in course.modules for i, c in enumerate(m.case_studies)]


def quiz_spread(
    modules: list[Module], audience: Audience | None = None
) -> tuple[Counter, int, int]:
    """(answer position -> count, correct-is-longest count, questions) over these modules."""
    questions = [q for m in modules for q in m.quiz if audience is None or q.shown_to(audience.id)]
    return (
        Counter(q.answer for q in questions),
        sum(is_longest(q) for q in questions),
        len(questions),
    )


def print_matrix(course: Course) -> int:
    """Print both tables; 1 when the whole course misses a case target or a quiz share."""
    console = Console(highlight=False, width=150)
    table = Table(title="Case matrix (cases each route meets)", title_justify="left")
    for column in (
        "route",
        "cases",
        "no profile",
        "types",
        "girls",
        "boys",
        "national",
        *[b[0] for b in BANDS],
    ):
        table.add_column(column, justify="left" if column in ("route", "types") else "right")
    rows = [("whole course", matrix(course_cases(course)))] + [
        (a.id, matrix(list(route_cases(course, a)))) for a in course.audiences
    ]
    for label, result in rows:
        bands = result.bands()
        table.add_row(
            label,
            str(len(result.cases)),
            str(result.unprofiled),
            ", ".join(f"{t} {n}" for t, n in sorted(result.types.items())) or "-",
            f"{result.share('gender', 'girl'):.0%}",
            f"{result.share('gender', 'boy'):.0%}",
            f"{result.share('from_', 'national'):.0%}",
            *[str(bands[b[0]]) for b in BANDS],
        )
    console.print(table)
    whole = rows[0][1]
    unused = [t for t in EXPLOITATION if t not in whole.types]
    console.print(
        "Course-wide: "
        + ("; ".join(whole.gaps()) if whole.gaps() else "every case target met")
        + (f". Not yet in any case: {', '.join(unused)}" if unused else "")
    )
    spread = Table(
        title="Quiz answer spread (correct position; correct = longest)", title_justify="left"
    )
    for column in ("route", "questions", *LETTERS[:4], "longest"):
        spread.add_column(column, justify="left" if column == "route" else "right")
    quiz_rows = [("whole course", quiz_spread(course.modules))] + [
        (a.id, quiz_spread([m for m, _ in route(course, a)], a)) for a in course.audiences
    ]
    failing = bool(whole.gaps())
    for label, (positions, longest, total) in quiz_rows:
        share = [positions[p] / total if total else 0 for p in range(1, 5)]
        spread.add_row(
            label,
            str(total),
            *[f"{positions[p]} ({s:.0%})" for p, s in zip(range(1, 5), share)],
            f"{longest} ({longest / total:.0%})" if total else "-",
        )
        if label == "whole course" and total and (max(share) > SHARE or longest / total > SHARE):
            failing = True
    console.print(spread)
    return 1 if failing else 0
