"""Stage 2: RawCourse -> Course, or every problem found, each at its file and line.

Schema errors come from pydantic (see schema_errors); cross-references (module,
audience, citation, activity, case study and image names) and timing are checked
here.  Nothing stops at the first problem: the author gets the whole list.
"""

from __future__ import annotations

from collections import Counter
from typing import TypeVar

from pydantic import ValidationError

from trainpack.core.base import validate_located
from trainpack.core.errors import BuildError, Problem, did_you_mean, display_path, problem
from trainpack.core.icons import icon_dirs, icon_names
from trainpack.core.model import (
    ActivitySlide,
    Audience,
    Base,
    CaseStudySlide,
    Course,
    CourseInfo,
    Defaults,
    ImageSlide,
    Module,
    PictureSlide,
    ProsePart,
    SectionSlide,
    Source,
    Targeted,
    TitleSlide,
    walk,
)
from trainpack.load.course import RawCourse, RawModule
from trainpack.load.yamlsource import Loc, YamlDoc
from trainpack.validate.budget import check_budget
from trainpack.validate.images import check_image
from trainpack.validate.known import Known, paired, route_problems
from trainpack.validate.known import at as _at
from trainpack.validate.packs import validate_packs
from trainpack.validate.schema_errors import problems_from_validation

M = TypeVar("M", bound=Base)
_LOADER_FIELDS = ("handout", "facilitator", "folder")


def validate_course(raw: RawCourse) -> tuple[Course, list[Problem]]:
    """Return the course and its warnings; raise BuildError listing all errors."""
    problems = list(raw.problems)
    info = _validate(raw.course, CourseInfo, problems) if raw.course else None
    sources = [s for s in (_validate(d, Source, problems) for d in raw.sources) if s]
    audiences = [a for a in (_validate(d, Audience, problems) for d in raw.audiences) if a]
    modules = [m for m in (_validate_module(rm, problems) for rm in raw.modules) if m]
    # Every later check runs on whatever validated, so one run reports every mistake.
    known = Known.of(raw, [m.id for m in modules])
    course = Course(
        info=info or _stand_in(known),
        modules=modules,
        audiences=audiences,
        sources=sources,
        root=str(raw.root),
    )
    problems += _cross_check(course, raw, known, info is not None)
    course = validate_packs(raw, course, _validate, problems, known, info is not None)
    problems.sort(key=_order)
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise BuildError(problems)
    return course, problems


def _order(item: Problem) -> tuple:
    """By file, then line: the order an author fixes them in."""
    loc = item.location
    return (str(loc.path), loc.line or 0, loc.column or 0)


def _stand_in(known: Known) -> CourseInfo:
    """course.yaml failed (reported): the other files are still checked against each other."""
    return CourseInfo.model_construct(
        title="",
        modules=known.modules,
        defaults=Defaults.model_construct(audience=(known.audiences or [""])[0]),
        terms={},
    )


def _validate(doc: YamlDoc | None, model: type[M], problems: list[Problem]) -> M | None:
    if doc is None:
        return None
    if not isinstance(doc.data, dict):
        problems.append(
            problem(
                doc.path,
                1,
                1,
                "the file is empty or is not a group of 'key: value' lines",
                "see docs/authoring.md for an example",
            )
        )
        return None
    try:
        return validate_located(model, doc.data, doc.where)
    except ValidationError as exc:
        problems.extend(problems_from_validation(exc, doc, model))
        return None


def _validate_module(raw: RawModule, problems: list[Problem]) -> Module | None:
    for key in _LOADER_FIELDS:
        if isinstance(raw.doc.data, dict) and key in raw.doc.data:
            problems.append(
                _at(
                    raw.doc,
                    (key,),
                    f"'{key}' cannot be set in module.yaml",
                    "handout prose goes in handout.md, trainer prose in "
                    "facilitator.md, next to module.yaml",
                    at_key=True,
                )
            )
            raw.doc.data.pop(key)
    module = _validate(raw.doc, Module, problems)
    if module is None:
        return None
    prose = {
        name: [
            ProsePart(heading=p.heading, section=p.section, markdown=p.markdown, line=p.line)
            for p in getattr(raw, name)
        ]
        for name in ("handout", "facilitator")
    }
    return module.model_copy(update={**prose, "folder": raw.folder.name})  # keeps its origin


def _cross_check(course: Course, raw: RawCourse, known: Known, course_ok: bool) -> list[Problem]:
    found: list[Problem] = []
    module_ids = known.modules
    audience_ids = known.audiences
    cite_ids = known.citations
    found += _duplicates(
        [m.id for m in course.modules],
        [d for d, _ in paired([rm.doc for rm in raw.modules], course.modules)],
        ("id",),
        "module id",
    )
    found += _duplicates(
        [a.id for a in course.audiences],
        [d for d, _ in paired(raw.audiences, course.audiences)],
        ("id",),
        "audience id",
    )
    for doc, audience in paired(raw.audiences, course.audiences):
        found += _check_audience(doc, audience, course, known)
    icons = icon_names(icon_dirs(raw.root))
    defaults = getattr(getattr(course, "info", None), "defaults", None)
    budget = getattr(defaults, "slide_words", 40)
    for rm in raw.modules:
        module = next((m for m in course.modules if m.folder == rm.folder.name), None)
        if module is not None:
            found += _check_module(rm, module, audience_ids, cite_ids, _sources_hint(raw), icons)
            found += check_budget(rm.doc, module, budget)
    if not course_ok or raw.course is None:
        return found
    for index, module_id in enumerate(course.info.modules):
        if module_id not in module_ids:
            found.append(
                _at(
                    raw.course,
                    ("modules", index),
                    f"no module has id '{module_id}'",
                    did_you_mean(module_id, module_ids),
                )
            )
    for rm in raw.modules:
        listed = rm.doc.data.get("id") if isinstance(rm.doc.data, dict) else None
        if listed and listed not in course.info.modules:
            found.append(
                _at(
                    rm.doc,
                    ("id",),
                    f"module '{listed}' is not listed in course.yaml",
                    "add it to `modules:` in course.yaml, or it is never built",
                    severity="warning",
                )
            )
    if course.info.defaults.audience not in audience_ids:
        found.append(
            _at(
                raw.course,
                ("defaults", "audience"),
                f"unknown audience '{course.info.defaults.audience}'",
                did_you_mean(course.info.defaults.audience, audience_ids),
            )
        )
    return found


def _sources_hint(raw: RawCourse) -> str:
    files = [display_path(d.path) for d in raw.sources] or [display_path(raw.root / "sources")]
    return "section ids are declared in " + ", ".join(files)


def _duplicates(ids: list[str], docs: list[YamlDoc], loc: Loc, what: str) -> list[Problem]:
    counts = Counter(ids)
    return [
        _at(doc, loc, f"{what} '{value}' is used more than once", "give each one its own id")
        for doc, value in zip(docs, ids)
        if counts[value] > 1
    ]


def _check_audience(
    doc: YamlDoc, audience: Audience, course: Course, known: Known
) -> list[Problem]:
    sections = {f"{m.id}/{s.id}" for m in course.modules for s in m.sections}
    return route_problems(doc, audience.modules, audience.exclude_sections, known, sections)


def _check_module(
    rm: RawModule,
    module: Module,
    audience_ids: list[str],
    cite_ids: list[str],
    sources: str,
    icons: frozenset[str] = frozenset(),
) -> list[Problem]:
    doc = rm.doc
    found: list[Problem] = []
    total = sum(s.duration for s in module.sections)
    if total != module.duration:
        found.append(
            _at(
                doc,
                ("duration",),
                f"the module lasts {module.duration} minutes but its sections add up to {total}",
                f"set duration: {total}, or change the section durations",
            )
        )
    activities = {a.id for a in module.activities}
    cases = {c.id for c in module.case_studies}
    used: set[str] = set()
    for obj, loc in walk(module):
        found += _check_refs(doc, obj, loc, audience_ids, cite_ids, sources)
        icon = getattr(obj, "icon", None)
        if icon and icon not in icons:
            found.append(
                _at(
                    doc,
                    loc + ("icon",),
                    f"unknown icon '{icon}'",
                    did_you_mean(icon, icons) + " (the files in templates/icons/lucide)",
                )
            )
        if isinstance(obj, ActivitySlide):
            used.add(obj.activity)
            if obj.activity not in activities:
                found.append(
                    _at(
                        doc,
                        loc + ("activity",),
                        f"no activity '{obj.activity}' in this module",
                        did_you_mean(obj.activity, activities),
                    )
                )
        if isinstance(obj, CaseStudySlide):
            used.add(obj.case_study)
            if obj.case_study not in cases:
                found.append(
                    _at(
                        doc,
                        loc + ("case_study",),
                        f"no case study '{obj.case_study}' in this module",
                        did_you_mean(obj.case_study, cases),
                    )
                )
        if isinstance(obj, (ImageSlide, PictureSlide)):
            found += check_image(doc, rm.folder, obj, loc)
        if (
            len(loc) == 4
            and loc[2] == "slides"
            and not obj.notes  # type: ignore[attr-defined]
            and not isinstance(obj, (TitleSlide, SectionSlide))
        ):
            found.append(
                _at(
                    doc,
                    loc,
                    "this content slide has no facilitator notes",
                    "add `notes:` saying what to say, what to ask and how long",
                    severity="warning",
                )
            )
    for kind, _ids, field in (
        ("activity", activities, "activities"),
        ("case study", cases, "case_studies"),
    ):
        for index, item_id in enumerate(i.id for i in getattr(module, field)):
            if item_id not in used:
                found.append(
                    _at(
                        doc,
                        (field, index),
                        f"{kind} '{item_id}' is not shown on any slide",
                        f"add a slide with `layout: {kind.replace(' ', '-')}`",
                        severity="warning",
                    )
                )
    for field in ("sections", "activities", "case_studies"):
        found += _duplicates(
            [i.id for i in getattr(module, field)],
            [doc] * len(getattr(module, field)),
            ("id",),
            f"{field[:-1]} id",
        )
    found += _check_prose(rm, module)
    return found


def _check_refs(
    doc: YamlDoc,
    obj: Base,
    loc: Loc,
    audience_ids: list[str],
    cite_ids: list[str],
    sources: str = "",
) -> list[Problem]:
    found = []
    if isinstance(obj, Targeted):
        for key, values in (("only", obj.only), ("except", obj.except_)):
            for index, value in enumerate(values):
                if value not in audience_ids:
                    found.append(
                        _at(
                            doc,
                            loc + (key, index),
                            f"unknown audience '{value}'",
                            did_you_mean(value, audience_ids),
                        )
                    )
    for index, cite in enumerate(getattr(obj, "cites", []) or []):
        if cite not in cite_ids:
            found.append(
                _at(
                    doc,
                    loc + ("cites", index),
                    f"'{cite}' is not a section of the source",
                    did_you_mean(cite, cite_ids) + (f"; {sources}" if sources else ""),
                )
            )
    return found


def _check_prose(rm: RawModule, module: Module) -> list[Problem]:
    sections = [s.id for s in module.sections]
    found = []
    for name in ("handout", "facilitator"):
        for part in getattr(rm, name):
            if part.section and part.section not in sections:
                found.append(
                    problem(
                        rm.folder / f"{name}.md",
                        part.line,
                        part.column,
                        f"no section '{part.section}' in this module",
                        "end the heading with {#section-id}; "
                        + did_you_mean(part.section, sections),
                    )
                )
    return found
