"""What no other test reached: the `list` and `coverage` reports, `build --strict`, stale
files removed by a full rebuild, multi-day timetables and a break that does not fit, and HTML
typed into content printed as written."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pptx import Presentation
from pypdf import PdfReader

from trainpack.core.model import Module
from trainpack.core.model_editions import Break, Day
from trainpack.tailor.timetable import DoesNotFit, plan


@pytest.fixture
def full(course_copy) -> Path:
    return course_copy("full")


def test_list_shows_modules_with_minutes_and_every_audience(full, run_cli) -> None:
    code, out, _ = run_cli("list", "--source", full)
    assert code == 0
    for expected in ("basics", "What child trafficking is", "40", "responding", "20"):
        assert expected in out
    assert "everyone" in out and "police" in out


def test_coverage_names_the_confirmed_section_no_module_cites(full, run_cli) -> None:
    code, out, _ = run_cli("coverage", "--source", full)
    assert code == 1  # a confirmed section nobody teaches fails the report (usable in CI)
    g7 = next(line for line in out.splitlines() if "│ G7 " in line)
    assert "NOT COVERED" in g7
    assert "confirmed but not covered: G7" in out
    module = full / "01-basics" / "module.yaml"
    module.write_text(module.read_text("utf-8").replace("cites: [G1, G2]", "cites: [G1, G2, G7]"))
    code, out, _ = run_cli("coverage", "--source", full)
    assert code == 0
    assert "confirmed but not covered: G7" not in out


def test_build_strict_refuses_a_warning_that_plain_build_accepts(full, run_cli, tmp_path) -> None:
    module = full / "01-basics" / "module.yaml"
    text = module.read_text("utf-8")
    module.write_text(text.replace("        notes: Compare the two columns.\n", ""), "utf-8")
    args = ("build", "--source", full, "--formats", "pptx", "--quiet")
    code, _, err = run_cli(*args, "--strict", "--out", tmp_path / "strict")
    assert code == 1
    assert "no facilitator notes" in err
    assert not (tmp_path / "strict" / "everyone").exists()
    code, _, err = run_cli(*args, "--out", tmp_path / "plain")
    assert code == 0
    assert "no facilitator notes" in err
    assert list((tmp_path / "plain" / "everyone" / "slides").glob("*.pptx"))


def test_a_full_rebuild_removes_the_files_of_a_module_no_longer_built(
    full, run_cli, tmp_path
) -> None:
    out = tmp_path / "out"
    args = ("build", "--source", full, "--out", out, "--quiet")
    assert run_cli(*args)[0] == 0
    slides = out / "everyone" / "slides"
    assert sorted(p.name for p in slides.glob("*.pptx")) == ["01-basics.pptx", "02-responding.pptx"]
    course = full / "course.yaml"
    course.write_text(
        course.read_text("utf-8").replace("modules: [basics, responding]", "modules: [basics]")
    )
    code, _, err = run_cli(*args)
    assert code == 0, err
    assert sorted(p.name for p in slides.glob("*.pptx")) == ["01-basics.pptx"]
    manifest = json.loads((out / "everyone" / "manifest.json").read_text("utf-8"))
    assert all("responding" not in entry["path"] for entry in manifest["files"])
    assert not list((out / "everyone" / "handouts").glob("02-*.pdf"))


def test_html_typed_into_content_is_printed_as_written(full, run_cli, tmp_path) -> None:
    typed = "Type <b>bold</b> & <script>alert(1)</script> here"
    module = full / "01-basics" / "module.yaml"
    module.write_text(
        module.read_text("utf-8")
        .replace('"**Act**: recruiting, moving or receiving a child"', json.dumps(typed))
        .replace(
            "  - For a child, only the act and the purpose need to be shown",
            f"  - {json.dumps(typed)}",
        ),
        "utf-8",
    )
    out = tmp_path / "out"
    code, _, err = run_cli("build", "--source", full, "--out", out, "--quiet")
    assert code == 0, err
    deck = Presentation(str(out / "everyone" / "slides" / "01-basics.pptx"))
    texts = [s.text_frame.text for slide in deck.slides for s in slide.shapes if s.has_text_frame]
    assert any("<script>alert(1)</script>" in t and "<b>bold</b>" in t for t in texts)
    for pdf in ("facilitator-guide.pdf", "handouts/01-basics.pdf"):
        text = "".join(page.extract_text() for page in PdfReader(out / "everyone" / pdf).pages)
        assert "<script>alert(1)</script>" in text.replace("\n", " "), pdf


def _module(module_id: str, *durations: int) -> Module:
    return Module.model_validate(
        {
            "id": module_id,
            "title": module_id.title(),
            "summary": "s",
            "duration": sum(durations),
            "objectives": ["Describe it"],
            "key_messages": ["k"],
            "sections": [
                {"id": f"s{n}", "title": f"Part {n}", "duration": d}
                for n, d in enumerate(durations)
            ],
        }
    )


def test_content_longer_than_a_day_continues_on_the_next_day_in_order() -> None:
    modules = [_module("one", 60, 60), _module("two", 60, 60)]
    days = [Day(start="09:00", end="11:00"), Day(start="09:00", end="11:00")]
    agenda = plan(modules, days)
    taught = [
        [(s.module.id, s.section.id) for s in day.slots if s.kind == "section" and s.module]
        for day in agenda.days
    ]
    assert [pair for day in taught for pair in day] == [
        ("one", "s0"),
        ("one", "s1"),
        ("two", "s0"),
        ("two", "s1"),
    ]
    assert taught[0] and taught[1], "both days teach"
    assert all(slot.end <= 11 * 60 for day in agenda.days for slot in day.slots), (
        "no day runs past its end"
    )


def test_a_break_that_leaves_no_room_for_the_content_is_reported_by_minutes() -> None:
    modules = [_module("one", 60, 60)]
    days = [Day(start="09:00", end="11:00", breaks=[Break(at="10:00", minutes=30)])]
    with pytest.raises(DoesNotFit) as caught:
        plan(modules, days)
    assert caught.value.over == 30
