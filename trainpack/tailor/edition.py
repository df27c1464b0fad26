"""Stage 3: the course as one edition receives it — a pure function, no I/O.

In order: choose the modules (edition ∩ audience ∩ --modules), put them into the edition's
language and fill ``${country.…}``/``${term.…}`` placeholders, keep the blocks this audience
receives (``only``/``except``, excluded sections, depth level), then lay the result onto the
edition's schedule.  Unknown names fail loudly with a did-you-mean, and no unresolved
placeholder or unfilled TODO can pass.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from trainpack.core.drafts import placeholder_values
from trainpack.core.errors import BuildError, Problem, did_you_mean, problem
from trainpack.core.model import (
    LEVELS,
    ActivitySlide,
    Audience,
    CaseStudySlide,
    Course,
    Module,
    Section,
    Targeted,
    walk,
)
from trainpack.core.model_editions import CountryPack, EditionSpec, Language
from trainpack.core.placeholders import LEFTOVER, map_strings
from trainpack.core.theme import Theme
from trainpack.load.catalog import Coverage, coverage_problems
from trainpack.tailor.localise import localise, localise_module, origin_of
from trainpack.tailor.timetable import Agenda, DoesNotFit, plan

TAGS = {"en": "en-GB", "uk": "uk-UA", "ar": "ar-SA"}


@dataclass(frozen=True)
class Edition:
    """One pack to build: the tailored course plus how it is printed."""

    id: str
    course: Course
    audience: Audience
    paper: str
    name: str = ""
    country: CountryPack | None = None
    language: Language | None = None  # None: the course's source language
    theme: Theme | None = None  # loaded by the pipeline (themes are files)
    agenda: Agenda | None = None
    large_print: bool = False
    venue: str | None = None
    trainer: str | None = None  # printed on certificates and the sign-in sheet
    organisation: str | None = None
    warnings: tuple[Problem, ...] = field(default=())
    # Every module of the edition's whole route with its minutes: a --modules build covers
    # part of the route, and the manifest still describes the whole published folder.
    route: tuple[tuple[str, int], ...] = ()

    @property
    def modules(self) -> list[Module]:
        return self.course.modules

    @property
    def duration(self) -> int:
        return sum(m.duration for m in self.modules)

    @property
    def lang(self) -> str:
        code = self.language.code if self.language else "en"
        return code if "-" in code else TAGS.get(code, code)

    @property
    def direction(self) -> str:
        return self.language.direction if self.language else "ltr"


def edition_spec(
    course: Course, edition_id: str | None = None, audience_id: str | None = None
) -> EditionSpec:
    """The named edition, or an ad-hoc one for ``--audience`` (default country, source language)."""
    if edition_id or (audience_id is None and course.info.defaults.edition):
        wanted = edition_id or course.info.defaults.edition
        known = [e.id for e in course.editions]
        if wanted not in known:
            raise _usage(course, f"unknown edition '{wanted}'", did_you_mean(str(wanted), known))
        return next(e for e in course.editions if e.id == wanted)
    audience_id = audience_id or course.info.defaults.audience
    audiences = [a.id for a in course.audiences]
    if audience_id not in audiences:  # before it becomes an edition (and a folder) name
        raise _usage(
            course, f"unknown audience '{audience_id}'", did_you_mean(str(audience_id), audiences)
        )
    return EditionSpec(
        id=audience_id,
        name=audience_id,
        audience=audience_id,
        country=course.info.defaults.country,
        language=course.language_codes()[0],
    )


def tailor_course(
    course: Course,
    audience_id: str | None = None,
    module_ids: Sequence[str] | None = None,
    paper: str | None = None,
) -> Edition:
    return tailor_edition(course, edition_spec(course, None, audience_id), module_ids, paper)


def tailor_edition(
    course: Course,
    spec: EditionSpec,
    module_ids: Sequence[str] | None = None,
    paper: str | None = None,
    theme: Theme | None = None,
) -> Edition:
    known = [a.id for a in course.audiences]
    if spec.audience not in known:
        raise _usage(
            course, f"unknown audience '{spec.audience}'", did_you_mean(spec.audience, known)
        )
    audience = course.audience(spec.audience)
    country = next((c for c in course.countries if c.id == spec.country), None)
    if course.countries and country is None:
        raise _usage(
            course,
            f"unknown country pack '{spec.country}'",
            did_you_mean(spec.country, [c.id for c in course.countries]),
        )
    source = course.language_codes()[0]
    language = (
        None
        if spec.language == source
        else next((lang for lang in course.languages.languages if lang.code == spec.language), None)
        if course.languages
        else None
    )
    if spec.language != source and language is None:
        raise _usage(
            course,
            f"unknown language '{spec.language}'",
            did_you_mean(spec.language, course.language_codes()),
        )
    chosen = _choose(course, audience, spec, module_ids)
    catalogs = course.catalogs.get(spec.language, {}) if language else {}
    shared = catalogs.get("", {}) if language else None
    coverage = Coverage()
    if country is not None and language is not None:  # a pack's values read in the language too
        lines = country._lines
        country = localise(country, shared, {}, coverage, f"countries.{country.id}.")
        country._lines = lines
    countries = {"country": placeholder_values(country, spec.language) if country else {}}
    # Course-wide text and the audience (with its terminology) in the edition's language.
    info = localise(course.info, shared, countries, coverage, "course.")
    audience = localise(audience, shared, countries, coverage, f"audiences.{audience.id}.")
    sources = [
        localise(src, shared, countries, coverage, f"sources.{src.id}.") for src in course.sources
    ]
    values = {**countries, "term": {**info.terms, **audience.terms}}
    excluded = set(audience.exclude_sections) | set(spec.exclude_sections)
    modules = [
        _tailor_module(
            localise_module(
                course.module(m), catalogs.get(m, {}) if language else None, values, coverage
            ),
            audience,
            excluded,
        )
        for m in chosen
    ]
    agenda = None
    if spec.schedule:
        agenda = _schedule(course, spec, modules)
        dropped = {(m.id, s.id) for m, s in agenda.dropped}
        localised, modules = modules, [_without(m, dropped) for m in modules]
        agenda = plan(modules, spec.schedule)
        agenda.dropped = [
            (m, s) for m in localised for s in m.sections if (m.id, s.id) in dropped
        ]  # titles in the edition's language
    tailored = course.model_copy(
        update={"modules": modules, "info": info, "audiences": [audience], "sources": sources}
    )
    _check_resolved(tailored, country, values)
    warnings = tuple(
        coverage_problems(coverage, spec.language, f"edition '{spec.id}'", source=course.root)
        if language
        else ()
    )
    default_paper = spec.paper if spec.origin else course.info.defaults.paper  # file or ad hoc
    return Edition(
        id=spec.id,
        course=tailored,
        audience=audience,
        paper=paper or default_paper,
        name=spec.name,
        country=country,
        language=language,
        theme=theme,
        agenda=agenda,
        large_print=spec.large_print,
        venue=spec.venue,
        trainer=spec.trainer,
        organisation=spec.organisation or course.info.organisation,
        warnings=warnings,
        route=_route(course, audience, spec, excluded, modules),
    )


def _route(
    course: Course,
    audience: Audience,
    spec: EditionSpec,
    excluded: set[str],
    tailored: list[Module],
) -> tuple[tuple[str, int], ...]:
    """The whole route's modules and minutes; those tailored here count as tailored (a
    schedule may have dropped sections), the others as the audience receives them."""
    minutes = {m.id: m.duration for m in tailored}
    return tuple(
        (
            m,
            minutes[m]
            if m in minutes
            else _tailor_module(course.module(m), audience, excluded).duration,
        )
        for m in _choose(course, audience, spec, None)
    )


def _choose(
    course: Course, audience: Audience, spec: EditionSpec, module_ids: Sequence[str] | None
) -> list[str]:
    all_ids = course.info.modules
    for module_id in module_ids or []:
        if module_id not in all_ids:
            raise _usage(course, f"unknown module '{module_id}'", did_you_mean(module_id, all_ids))
    chosen = [
        m
        for m in all_ids
        if (audience.modules is None or m in audience.modules)
        and (spec.modules is None or m in spec.modules)
        and (not module_ids or m in module_ids)
    ]
    if not chosen:
        raise _usage(
            course,
            f"edition '{spec.id}' receives none of the modules asked for",
            f"its modules are: {', '.join(spec.modules or audience.modules or all_ids)}",
        )
    return chosen


def _schedule(course: Course, spec: EditionSpec, modules: list[Module]) -> Agenda:
    try:
        return plan(modules, spec.schedule)
    except DoesNotFit as exc:
        dropped = ", ".join(f"{m.id}/{s.id}" for m, s in exc.dropped) or "none"
        where = spec.origin.path if spec.origin else Path(course.root)
        raise BuildError(
            [
                problem(
                    where,
                    spec.origin.line if spec.origin else None,
                    None,
                    f"edition '{spec.id}': the content does not fit the schedule; "
                    + (
                        f"it needs {exc.over} minutes more than the days allow"
                        if exc.over
                        else f"{exc.left} minutes of sections do not "
                        "fit between the breaks and the end of the day"
                    )
                    + f" (optional sections already dropped: {dropped})",
                    "lengthen the day, add a day, or choose fewer modules or "
                    "sections (modules:, exclude_sections:)",
                )
            ]
        ) from None


def _without(module: Module, dropped: set[tuple[str, str]]) -> Module:
    sections = [s for s in module.sections if (module.id, s.id) not in dropped]
    if len(sections) == len(module.sections):
        return module
    return module.model_copy(
        update={"sections": sections, "duration": sum(s.duration for s in sections)}
    )


def _check_resolved(
    course: Course, country: CountryPack | None, values: dict[str, dict[str, str]]
) -> None:
    """No ${…} and no TODO value may reach an output."""
    found: list[Problem] = []
    for module in course.modules:
        origins = {loc: o.origin for o, loc in walk(module)}

        def scan(path: tuple, text: str, origins: dict = origins) -> str:
            for left in LEFTOVER.findall(text):
                found.append(
                    Problem(
                        origin_of(origins, path),
                        f"unresolved placeholder '{left}'",
                        "give it a value in the country pack or under terms: in course.yaml",
                    )
                )
            return text

        map_strings(module.model_dump(by_alias=True), scan)
        map_strings([p.markdown + p.heading for p in module.handout + module.facilitator], scan)
    if country is not None and country.status != "template":
        for key in country.todo():
            used = [u for u in course.placeholders if u.namespace == "country" and u.key == key]
            if used:
                found.append(
                    Problem(
                        country._lines[key],
                        f"country pack '{country.id}': '{key}' is still TODO",
                        f"fill it in before delivering (used at {used[0].location})",
                    )
                )
    if found:
        raise BuildError(found)


def _usage(course: Course, message: str, hint: str) -> BuildError:
    return BuildError([problem(Path(course.root), None, None, message, hint)], category="usage")


def _keep(items: list, audience: Audience) -> list:
    return [item for item in items if _receives(item, audience)]


def _receives(item: Any, audience: Audience) -> bool:
    """Shown to this audience, and not deeper than its level (sections may set a level)."""
    if isinstance(item, Targeted) and not item.shown_to(audience.id):
        return False
    level = item.level if isinstance(item, Section) else None
    return level is None or LEVELS.index(level) <= LEVELS.index(audience.level)


def _tailor_module(module: Module, audience: Audience, excluded_refs: set[str]) -> Module:
    excluded = {ref.split("/", 1)[1] for ref in excluded_refs if ref.split("/", 1)[0] == module.id}
    activities = _keep(module.activities, audience)
    cases = _keep(module.case_studies, audience)
    activity_ids = {a.id for a in activities}
    case_ids = {c.id for c in cases}
    sections = []
    for section in _keep(module.sections, audience):
        if section.id in excluded:
            continue
        slides = [
            s
            for s in _keep(section.slides, audience)
            if not (isinstance(s, ActivitySlide) and s.activity not in activity_ids)
            and not (isinstance(s, CaseStudySlide) and s.case_study not in case_ids)
        ]
        sections.append(section.model_copy(update={"slides": slides}))
    kept = {s.id for s in sections}
    shown = [slide for section in sections for slide in section.slides]
    used = {getattr(s, "activity", None) for s in shown} | {
        getattr(s, "case_study", None) for s in shown
    }
    return module.model_copy(
        update={
            "sections": sections,
            "activities": [a for a in activities if a.id in used],
            "case_studies": [c for c in cases if c.id in used],
            "quiz": _keep(module.quiz, audience),
            "duration": sum(s.duration for s in sections),
            "handout": [p for p in module.handout if p.section is None or p.section in kept],
            "facilitator": [
                p for p in module.facilitator if p.section is None or p.section in kept
            ],
        }
    )
