"""What a page that composes editions needs from the stages: load the course (optionally with
an unsaved edition file laid over it), check an edition as ``check --edition`` does, lay it
onto its schedule, and save it into the course folder.

An unsaved edition is validated exactly as a file in ``editions/`` is (same models, same
cross-checks, same messages), because it *is* such a file: a draft written elsewhere.
"""

from __future__ import annotations

import os
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from trainpack.core.errors import BuildError, Problem, problem
from trainpack.core.model import Course
from trainpack.core.model_editions import EditionSpec, clock
from trainpack.load.course import load_course
from trainpack.load.yamlsource import load_yaml
from trainpack.pipeline.check import check_edition, check_themes
from trainpack.tailor.edition import edition_spec, tailor_course, tailor_edition
from trainpack.tailor.timetable import DoesNotFit, plan
from trainpack.validate.course import validate_course
from trainpack.validate.theme import course_theme


def load_checked(source: Path, draft: Path | None = None) -> tuple[Course, list[Problem]]:
    """Load and validate the course; ``draft`` (an edition YAML file kept elsewhere) replaces
    the edition of the same file name, or joins the others.  Raises BuildError on errors."""
    raw = load_course(Path(source))
    if draft is not None:
        raw.editions = [d for d in raw.editions if d.path.stem != draft.stem]
        try:
            raw.editions.append(load_yaml(draft))
        except BuildError as exc:
            raw.problems.extend(exc.problems)
    return validate_course(raw)


def check_all(course: Course, problems: list[Problem], edition_id: str | None) -> list[Problem]:
    """Everything ``build.py check --edition ID`` reports, in the same order."""
    found = list(problems) + check_themes(course)
    if edition_id:
        found += [p for p in check_edition(course, edition_id) if p not in found]
    return found


def find_spec(course: Course, edition_id: str | None) -> EditionSpec:
    return edition_spec(course, edition_id)


@dataclass
class Row:
    start: str
    end: str
    kind: str  # "section" or "break"
    label: str
    module: str = ""


@dataclass
class Timetable:
    """The schedule as the build will lay it out, or why it cannot."""

    days: list[tuple[str, list[Row]]] = field(default_factory=list)
    dropped: list[tuple[str, str, int]] = field(default_factory=list)  # module, section, min
    over: int = 0  # minutes the core needs beyond the days
    left: int = 0  # minutes of sections that found no place
    minutes: int = 0  # content minutes after tailoring

    @property
    def fits(self) -> bool:
        return self.over == 0 and self.left == 0


def timetable(course: Course, edition_id: str) -> Timetable | None:
    """None for an edition without a schedule.  Raises BuildError for unknown names."""
    spec = edition_spec(course, edition_id)
    if not spec.schedule:
        return None
    loose = tailor_edition(course, spec.model_copy(update={"schedule": []}))
    result = Timetable(minutes=loose.duration)
    try:
        agenda = plan(loose.modules, spec.schedule)
    except DoesNotFit as exc:
        result.over, result.left = exc.over, exc.left
        result.dropped = [(m.title, s.title, s.duration) for m, s in exc.dropped]
        return result
    result.dropped = [(m.title, s.title, s.duration) for m, s in agenda.dropped]
    for day_plan in agenda.days:
        rows = [
            Row(
                clock(s.start),
                clock(s.end),
                s.kind,
                s.label,
                s.module.title if s.module is not None else "",
            )
            for s in day_plan.slots
        ]
        result.days.append((day_plan.label, rows))
    return result


def audience_minutes(course: Course) -> dict[str, dict[str, int]]:
    """audience id -> module id -> minutes that audience receives (0: not at all)."""
    table: dict[str, dict[str, int]] = {}
    for audience in course.audiences:
        try:
            edition = tailor_course(course, audience.id)
        except BuildError:
            table[audience.id] = {}
            continue
        table[audience.id] = {m.id: m.duration for m in edition.modules}
    return table


def theme_of(course: Course, theme_id: str):  # -> theme.Theme | None
    """The theme's tokens (colours, fonts), as the decks and PDFs use them."""
    return course_theme(course, theme_id)


def save_edition(course_root: Path, edition_id: str, text: str, overwrite: bool = False) -> Path:
    """Write ``editions/<id>.yaml`` atomically; refuses to replace a file unless asked.

    The caller validated ``text`` (load_checked with it as a draft); the id is re-checked
    here so that no other path can be written."""
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]{0,59}", edition_id):
        raise BuildError(
            [problem(Path(course_root), None, None, f"'{edition_id}' is not an edition id")],
            category="usage",
        )
    folder = Path(course_root) / "editions"
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{edition_id}.yaml"
    if target.exists() and not overwrite:
        raise FileExistsError(target)
    handle, temporary = tempfile.mkstemp(prefix=f".{edition_id}-", suffix=".yaml", dir=folder)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        os.replace(temporary, target)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
    return target
