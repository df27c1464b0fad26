"""The trainer's review: draft country values, quiz shape, near-duplicates, routes, cases.

Each check has a broken fixture (tests/fixtures/broken, run by test_broken_inputs); here are
the rules behind them and what they measure on the shipped course."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from trainpack.core.drafts import as_of_text, drafts, is_draft, placeholder_values, unmarked
from trainpack.core.model import QuizQuestion
from trainpack.core.model_editions import CountryPack
from trainpack.load.course import load_course
from trainpack.validate.course import validate_course
from trainpack.validate.review import is_longest, review_course, route, similarity

COURSE = Path(__file__).resolve().parents[1] / "modules"


@pytest.fixture(scope="module")
def shipped():
    raw = load_course(COURSE)
    course, _ = validate_course(raw)
    return course, raw


def pack(**values: str) -> CountryPack:
    return CountryPack(id="x", name="X", as_of="2026-12", values=values)


def test_a_draft_prints_without_its_marker_and_as_of_reads_as_words() -> None:
    country = pack(recovery_period="VERIFY: at least 30 days", emergency_number="999")
    assert is_draft(country.values["recovery_period"])
    assert drafts(country) == [("recovery_period", "at least 30 days")]
    values = placeholder_values(country)
    assert values["recovery_period"] == "at least 30 days"
    assert values["as_of"] == "December 2026"
    assert placeholder_values(country, "uk")["as_of"] == "грудень 2026"
    assert as_of_text("2011") == "2011"


@given(st.text())
def test_unmarking_never_leaves_the_marker_at_the_start(text: str) -> None:
    assert not unmarked("VERIFY: " + text).startswith("VERIFY: ") or text.startswith("VERIFY: ")


def question(options: list[str], answer: int) -> QuizQuestion:
    return QuizQuestion(question="What now?", options=options, answer=answer, explanation="x")


def test_longest_means_strictly_longer_than_every_other_option() -> None:
    assert is_longest(question(["No", "Call the police now", "Wait"], 2))
    assert not is_longest(question(["Same", "Same"], 1))
    assert not is_longest(question(["A much longer wrong option", "Right"], 2))


def test_similarity_ignores_small_words_and_case() -> None:
    assert similarity("Can a child consent?", "can the CHILD consent") == 1.0
    assert similarity("Who do you call?", "What form starts a referral?") < 0.3


def test_every_shipped_draft_is_a_review_warning_at_its_line(shipped) -> None:
    course, raw = shipped
    warnings = [p for p in review_course(course, raw) if "draft still to verify" in p.message]
    expected = {
        (c.id, key) for c in course.countries if c.status != "template" for key, _ in drafts(c)
    }
    assert len(warnings) == len(expected) >= 1
    for problem in warnings:
        assert problem.location.path.name.endswith(".yaml") and problem.location.line


def test_the_current_england_pack_is_dated_and_has_every_2011_key(shipped) -> None:
    course, _ = shipped
    packs = {c.id: c for c in course.countries}
    current, old = packs["england-current"], packs["england-2011"]
    assert current.as_of == "2026-12"
    assert set(old.values) <= set(current.values)
    assert set(current.values) == set(old.values) == set(packs["international"].values)
    defaults = {e.id: e.country for e in course.editions}
    assert defaults["multi-agency-england"] == defaults["police-england-halfday"] == current.id
    # Today's facts, not the 2011 ones.
    assert "Single Competent Authority" in current.values["nrm_decision_makers"]
    assert "integrated care board" in current.values["health_partner"]
    assert "72 hours" in current.values["missing_return_interview"]
    assert "not schools or NHS" in current.values["duty_to_notify"]
    assert "direct consequence" in current.values["victim_defence_children"]
    assert "compelled" not in current.values["victim_defence"]


def test_the_international_pack_names_no_country(shipped) -> None:
    course, _ = shipped
    international = next(c for c in course.countries if c.id == "international")
    for key, value in international.values.items():
        assert "(your country)" not in value
        if key == "guidance_name":
            continue  # names the course's source: "the 2011 guidance for England"
        for country in ("England", "the UK", "Britain", "Wales"):
            assert country not in value


def test_routes_follow_the_audience_files(shipped) -> None:
    course, _ = shipped
    for audience in course.audiences:
        modules = [m.id for m, _ in route(course, audience)]
        wanted = audience.modules
        assert modules == [m for m in course.info.modules if wanted is None or m in wanted]


def test_every_route_and_every_shipped_edition_teaches_what_to_do_on_a_concern(shipped) -> None:
    course, _ = shipped
    for audience in course.audiences:
        assert "acting-on-concern" in [m.id for m, _ in route(course, audience)], audience.id
    for edition in course.editions:
        assert edition.modules is None or "acting-on-concern" in edition.modules, edition.id


def test_england_editions_print_on_a4(shipped) -> None:
    course, _ = shipped
    for edition in course.editions:
        if edition.country.startswith("england"):
            assert edition.paper == "a4", edition.id


def test_the_stages_of_one_staged_case_are_one_child_but_a_second_child_is_not(shipped) -> None:
    course, raw = shipped
    problems = [
        p for p in review_course(course, raw) if "already used for another child" in p.message
    ]
    assert not any("Nadia" in p.message for p in problems)
    module = course.module("bringing-it-together")
    staged = [c for c in module.case_studies if c.profile and c.profile.name == "Nadia"]
    assert len(staged) == 3 and len({c.profile.age for c in staged if c.profile}) == 1


def test_the_shipped_course_passes_the_review_but_for_drafts_to_verify(shipped) -> None:
    """Issue 8's figures: 0 unreachable only: blocks, no quiz position or longest option
    above 35 %, no near-duplicate questions, no name twice on a route, assessable
    objectives, every case profiled; only country facts still to verify remain."""
    course, raw = shipped
    left = [str(p) for p in review_course(course, raw) if "draft still to verify" not in p.message]
    assert left == []
