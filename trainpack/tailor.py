"""Stage 3: the course as one audience receives it — a pure function, no I/O.

Blocks marked ``only:``/``except:`` and sections an audience excludes are removed,
module durations are recomputed from what remains, and prose tied to a removed
section goes with it.  Unknown names fail loudly with a did-you-mean.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from .errors import BuildError, did_you_mean, problem
from .model import ActivitySlide, Audience, CaseStudySlide, Course, Module, Targeted


@dataclass(frozen=True)
class Edition:
    """One pack to build: the tailored course plus how it is printed."""

    id: str
    course: Course
    audience: Audience
    paper: str

    @property
    def modules(self) -> list[Module]:
        return self.course.modules

    @property
    def duration(self) -> int:
        return sum(m.duration for m in self.modules)


def tailor_course(course: Course, audience_id: str | None = None,
                  module_ids: Sequence[str] | None = None, paper: str | None = None) -> Edition:
    audience_id = audience_id or course.info.defaults.audience
    known = [a.id for a in course.audiences]
    if audience_id not in known:
        raise _usage(course, f"unknown audience '{audience_id}'", did_you_mean(audience_id, known))
    audience = course.audience(audience_id)
    chosen = [m for m in course.info.modules if audience.modules is None or m in audience.modules]
    if module_ids:
        all_ids = course.info.modules
        for module_id in module_ids:
            if module_id not in all_ids:
                raise _usage(course, f"unknown module '{module_id}'",
                             did_you_mean(module_id, all_ids))
        chosen = [m for m in chosen if m in module_ids]
        if not chosen:
            raise _usage(course, f"audience '{audience_id}' receives none of the modules asked "
                         f"for ({', '.join(module_ids)})",
                         f"its modules are: {', '.join(audience.modules or all_ids)}")
    modules = [_tailor_module(course.module(m), audience) for m in chosen]
    tailored = course.model_copy(update={"modules": modules})
    return Edition(id=audience.id, course=tailored, audience=audience,
                   paper=paper or course.info.defaults.paper)


def _usage(course: Course, message: str, hint: str) -> BuildError:
    return BuildError([problem(Path(course.root), None, None, message, hint)], category="usage")


def _keep(items: list, audience: Audience) -> list:
    return [item for item in items if not isinstance(item, Targeted) or item.shown_to(audience.id)]


def _tailor_module(module: Module, audience: Audience) -> Module:
    excluded = {ref.split("/", 1)[1] for ref in audience.exclude_sections
                if ref.split("/", 1)[0] == module.id}
    activities = _keep(module.activities, audience)
    cases = _keep(module.case_studies, audience)
    activity_ids = {a.id for a in activities}
    case_ids = {c.id for c in cases}
    sections = []
    for section in _keep(module.sections, audience):
        if section.id in excluded:
            continue
        slides = [s for s in _keep(section.slides, audience)
                  if not (isinstance(s, ActivitySlide) and s.activity not in activity_ids)
                  and not (isinstance(s, CaseStudySlide) and s.case_study not in case_ids)]
        sections.append(section.model_copy(update={"slides": slides}))
    kept = {s.id for s in sections}
    shown = [slide for section in sections for slide in section.slides]
    used = {getattr(s, "activity", None) for s in shown} | {getattr(s, "case_study", None)
                                                             for s in shown}
    return module.model_copy(update={
        "sections": sections,
        "activities": [a for a in activities if a.id in used],
        "case_studies": [c for c in cases if c.id in used],
        "quiz": _keep(module.quiz, audience),
        "duration": sum(s.duration for s in sections),
        "handout": [p for p in module.handout if p.section is None or p.section in kept],
        "facilitator": [p for p in module.facilitator if p.section is None or p.section in kept],
    })
