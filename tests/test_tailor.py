"""Tailoring the course for one audience: sections, only/except blocks, durations, bad names."""

from __future__ import annotations

from pathlib import Path

import pytest

from trainpack.core.errors import BuildError
from trainpack.core.model import QuestionSlide
from trainpack.tailor.edition import tailor_course

FULL = Path(__file__).resolve().parent / "fixtures" / "courses" / "full"


def slides_of(edition, module_id: str) -> list:
    module = next(m for m in edition.modules if m.id == module_id)
    return [slide for section in module.sections for slide in section.slides]


def test_police_lose_the_excluded_section_and_its_minutes(full_course) -> None:
    edition = tailor_course(full_course, "police", None)
    responding = next(m for m in edition.modules if m.id == "responding")
    assert [s.id for s in responding.sections] == ["close"]
    assert responding.duration == 10
    assert edition.duration == 40 + 10


def test_everyone_receives_every_section(full_course) -> None:
    edition = tailor_course(full_course, "everyone", None)
    assert [m.id for m in edition.modules] == ["basics", "responding"]
    assert [s.id for s in edition.modules[1].sections] == ["pathway", "close"]
    assert edition.duration == 60


def test_tailoring_leaves_the_course_unchanged(full_course) -> None:
    tailor_course(full_course, "police", None)
    assert [s.id for s in full_course.module("responding").sections] == ["pathway", "close"]
    assert full_course.module("responding").duration == 20


def test_only_police_slide_is_shown_only_to_police(full_course) -> None:
    def questions(audience: str) -> list[str]:
        edition = tailor_course(full_course, audience, None)
        return [s.question for s in slides_of(edition, "basics") if isinstance(s, QuestionSlide)]

    assert questions("police") == ["What would you do first?"]
    assert questions("everyone") == []


def test_default_audience_comes_from_course_yaml(full_course) -> None:
    assert tailor_course(full_course, None, None).audience.id == "everyone"


def test_module_selection(full_course) -> None:
    edition = tailor_course(full_course, "police", ["responding"])
    assert [m.id for m in edition.modules] == ["responding"]
    assert edition.duration == 10


def test_unknown_audience_is_a_usage_error_with_did_you_mean(full_course) -> None:
    with pytest.raises(BuildError) as caught:
        tailor_course(full_course, "polise", None)
    assert caught.value.category == "usage"
    [problem] = caught.value.problems
    assert problem.message == "unknown audience 'polise'"
    assert problem.hint == "did you mean 'police'? (use one of: everyone, police)"


def test_unknown_module_is_a_usage_error_with_did_you_mean(full_course) -> None:
    with pytest.raises(BuildError) as caught:
        tailor_course(full_course, "police", ["basics", "respondng"])
    assert caught.value.category == "usage"
    [problem] = caught.value.problems
    assert problem.message == "unknown module 'respondng'"
    assert problem.hint == "did you mean 'responding'? (use one of: basics, responding)"


@pytest.mark.parametrize(
    "option, value, message",
    [
        ("--audience", "polise", "error: unknown audience 'polise'"),
        ("--modules", "basics,respondng", "error: unknown module 'respondng'"),
    ],
)
def test_build_with_unknown_name_exits_2_before_writing(
    run_cli, tmp_path, option, value, message
) -> None:
    out = tmp_path / "output"
    code, _, err = run_cli("build", "--source", FULL, option, value, "--out", out, "--quiet")
    assert code == 2
    assert message in err
    assert "  hint: did you mean '" in err
    assert "Traceback" not in err
    assert not out.exists()
