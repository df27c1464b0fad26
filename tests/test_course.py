"""The shipped course in modules/ keeps its promises: coverage of the guidance, completeness
of every module, audiences that build, a one-day route, and honest, child-centred wording."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from shipped import ALL_MODULES

from trainpack.cli.main import main
from trainpack.core.model import SectionSlide, TitleSlide
from trainpack.load.course import load_course
from trainpack.pipeline.reports import coverage
from trainpack.tailor.edition import tailor_course
from trainpack.validate.course import validate_course

COURSE = Path(__file__).resolve().parent.parent / "modules"
REQUIRED_AUDIENCES = {
    "multi-agency",
    "social-care",
    "police",
    "education",
    "health",
    "border-immigration",
    "foster-residential",
    "community-ngo",
}


@pytest.fixture(scope="module")
def course():
    validated, problems = validate_course(load_course(COURSE))
    assert problems == [], [str(p) for p in problems]
    return validated


def test_check_passes_on_the_shipped_course_with_review_warnings_only(capsys):
    """--strict would pass but for the review (drafts still to verify, quiz shape, routes),
    which the trainers' review of issue 8 works through.  Every slide, generated ones
    included, is within the word budget (issue 7): no budget warning is tolerated."""
    from trainpack.load.course import load_course as load
    from trainpack.pipeline.check import check_course
    from trainpack.validate.review import review_course

    assert main(["check", "--source", str(COURSE)]) == 0
    checked, problems = check_course(COURSE)
    assert checked is not None
    review = review_course(checked, load(COURSE))
    left = [str(p) for p in problems if p.severity != "note" and p not in review]
    assert left == []


def test_every_confirmed_section_of_the_guidance_is_cited(course):
    sections = course.source_sections()
    missing = [
        sid for sid, modules in coverage(course).items() if not modules and sections[sid].confirmed
    ]
    assert missing == []
    assert {"G1", "G2", "G3.5a", "G6.12", "G7.2", "G8.6", "G9.4", "G10.1", "G11"} <= set(sections)


def test_every_citation_points_at_a_declared_section(course):
    declared = set(course.source_sections())
    assert set(coverage(course)) == declared


@pytest.mark.parametrize("module_id", ALL_MODULES)
def test_module_is_complete(course, module_id):
    module = course.module(module_id)
    assert 3 <= len(module.objectives) <= 5
    assert len(module.key_messages) >= 3
    assert module.activities and module.case_studies
    assert 4 <= len(module.quiz) <= 6
    assert all(case.fictional and "fictional" in case.title.lower() for case in module.case_studies)
    assert all(case.answer_notes for case in module.case_studies)
    assert all(a.debrief and a.instructions and a.materials for a in module.activities)
    assert sum(s.duration for s in module.sections) == module.duration
    for section in module.sections:
        for slide in section.slides:
            if not isinstance(slide, (TitleSlide, SectionSlide)):
                assert slide.notes, f"{module_id}: slide without notes at {slide.origin}"
    assert module.handout, f"{module_id} has no handout prose"


def test_content_slides_and_handout_parts_cite_the_guidance(course):
    for module in course.modules:
        for section in module.sections:
            for slide in section.slides:
                if slide.layout not in ("title", "section", "activity", "case-study"):
                    assert slide.cites or module.cites, f"uncited slide at {slide.origin}"


def test_required_audiences_exist_and_every_one_builds_a_plan(course):
    assert {a.id for a in course.audiences} >= REQUIRED_AUDIENCES
    for audience in course.audiences:
        edition = tailor_course(course, audience.id)
        assert edition.modules, audience.id
        for module in edition.modules:
            slides = sum(len(s.slides) for s in module.sections)
            assert 6 <= slides <= 20, (audience.id, module.id, slides)


def test_two_day_programme_and_one_day_route(course):
    full = tailor_course(course, course.info.defaults.audience)
    assert 600 <= full.duration <= 2 * 6 * 60  # two teaching days
    one_day = [a.id for a in course.audiences if tailor_course(course, a.id).duration <= 360]
    assert one_day, "no audience follows a one-day route"


def test_changes_since_2011_are_taught(course):
    nrm = course.module("nrm")
    assert any(s.id == "changes-since-2011" for s in nrm.sections)
    text = (COURSE / "08-nrm" / "module.yaml").read_text("utf-8")
    for change in ("Modern Slavery Act 2015", "2013", "National Crime Agency"):
        assert change in text


BLAMING = re.compile(
    r"child prostitut|teenage prostitut|rent boy|child sex worker|"
    r"put (him|her)self at risk|consensual",
    re.I,
)
PHONE = re.compile(r"\b0\d{3}[ -]?\d{3}[ -]?\d{4}\b|\b\d{3}[ -]\d{3}[ -]\d{4}\b")


def test_wording_is_child_centred_and_invents_no_contact_numbers():
    for path in COURSE.rglob("*"):
        if path.suffix in (".yaml", ".md"):
            text = path.read_text("utf-8")
            assert not BLAMING.search(text), f"{path}: {BLAMING.search(text).group(0)}"
            assert not PHONE.search(text), f"{path}: {PHONE.search(text).group(0)}"
