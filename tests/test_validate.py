"""Unit tests of loading and validation: warnings, --strict, many problems at once, origins."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from trainpack.core.errors import BuildError
from trainpack.core.model import BulletsSlide, ImageSlide, QuestionSlide
from trainpack.load.course import load_course
from trainpack.load.yamlsource import load_yaml
from trainpack.validate.course import validate_course

ROOT = Path(__file__).resolve().parent.parent
FULL = ROOT / "tests" / "fixtures" / "courses" / "full"


def edit(path: Path, old: str, new: str) -> None:
    """Replace exactly one occurrence of ``old`` in a copied fixture file."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def errors_of(root: Path) -> list:
    with pytest.raises(BuildError) as caught:
        validate_course(load_course(root))
    return [p for p in caught.value.problems if p.severity == "error"]


# --- the valid sample --------------------------------------------------------------------


def test_full_fixture_has_no_problems() -> None:
    course, problems = validate_course(load_course(FULL))
    assert problems == []
    assert [m.id for m in course.modules] == ["basics", "responding"]


def test_check_full_fixture_exits_0(run_cli) -> None:
    code, out, err = run_cli("check", "--source", FULL)
    assert code == 0, err
    assert "no errors, 0 warning(s)" in out
    assert err == ""


# --- warnings and --strict ---------------------------------------------------------------


def test_slide_without_notes_is_a_warning_that_strict_makes_an_error(
    course_copy, run_cli, monkeypatch
) -> None:
    root = course_copy("full")
    edit(root / "02-responding" / "module.yaml", "        notes: Close warmly.\n", "")
    monkeypatch.chdir(root)

    code, out, err = run_cli("check", "--source", ".")
    assert code == 0, err
    assert err.splitlines()[0] == (
        "02-responding/module.yaml:25:9: warning: this content slide has no facilitator notes"
    )
    assert "  hint: add `notes:` saying what to say, what to ask and how long" in err
    assert "0 error(s), 1 warning(s)" in err
    assert "no errors, 1 warning(s)" in out

    code, out, err = run_cli("check", "--source", ".", "--strict")
    assert code == 1
    assert err.splitlines()[0] == (
        "02-responding/module.yaml:25:9: error: this content slide has no facilitator notes"
    )
    assert "1 error(s), 0 warning(s)" in err
    assert out == ""


def test_title_and_section_slides_need_no_notes(full_course) -> None:
    # The full fixture's section slide has no notes, yet the course has no warnings.
    first = full_course.module("basics").sections[0].slides[0]
    assert first.layout == "section" and first.notes == []


# --- every problem in one run ------------------------------------------------------------


def test_schema_mistakes_in_two_files_are_both_reported(course_copy, run_cli, monkeypatch) -> None:
    root = course_copy("full")
    edit(
        root / "01-basics" / "module.yaml",
        "        title: Before you act\n",
        "        titel: Before you act\n",
    )
    edit(root / "02-responding" / "module.yaml", "duration: 20\n", "duration: twenty\n")
    monkeypatch.chdir(root)

    code, _, err = run_cli("check", "--source", ".")
    assert code == 1
    lines = err.splitlines()
    assert "01-basics/module.yaml:74:9: error: unknown key 'titel'" in lines
    assert (
        "02-responding/module.yaml:4:11: error: 'duration' should be a whole number, not 'twenty'"
    ) in lines
    assert "2 error(s), 0 warning(s)" in lines


def test_syntax_error_does_not_hide_mistakes_in_other_files(course_copy) -> None:
    root = course_copy("full")
    edit(root / "audiences" / "police.yaml", "name: Police\n", "name: Police: all ranks\n")
    edit(root / "02-responding" / "module.yaml", "layout: process", "layout: proces")
    errors = errors_of(root)
    assert sorted((p.location.path.name, p.location.line) for p in errors) == [
        ("module.yaml", 13),
        ("police.yaml", 2),
    ]


def test_cross_reference_mistakes_in_two_files_are_both_reported(course_copy) -> None:
    root = course_copy("full")
    edit(root / "course.yaml", "audience: everyone", "audience: everybody")
    edit(
        root / "02-responding" / "module.yaml",
        "cites: [G8.1]\n  - id: close",
        "cites: [G8.3]\n  - id: close",
    )
    messages = sorted(p.message for p in errors_of(root))
    assert messages == ["'G8.3' is not a section of the source", "unknown audience 'everybody'"]


# --- origins -----------------------------------------------------------------------------


def test_validated_objects_remember_file_and_line(full_course) -> None:
    basics = full_course.module("basics")
    definition = basics.sections[0].slides[1]
    assert isinstance(definition, BulletsSlide)
    assert definition.origin.path == FULL / "01-basics" / "module.yaml"
    assert (definition.origin.line, definition.origin.column) == (21, 9)  # `- layout: bullets`
    image = basics.sections[1].slides[1]
    assert isinstance(image, ImageSlide) and image.origin.line == 56
    assert basics.origin.line == 1
    assert basics.sections[1].origin.line == 41
    assert basics.quiz[1].origin.line == 103
    process = full_course.module("responding").sections[0].slides[0]
    assert process.origin.path == FULL / "02-responding" / "module.yaml"
    assert process.origin.line == 13


def test_every_object_carries_its_line_in_english_and_in_translation() -> None:
    """Origins travel through validation (and through re-validation after translation):
    every model object of the shipped course knows its own file and line."""
    from trainpack.core.model import walk
    from trainpack.tailor.edition import edition_spec, tailor_edition

    course = validate_course(load_course(ROOT / "modules"))[0]
    ukrainian = tailor_edition(course, edition_spec(course, "foster-carers-ukrainian"))
    for label, modules in (("en", course.modules), ("uk", ukrainian.modules)):
        for module in modules:
            own = ROOT / "modules" / module.folder / "module.yaml"
            for obj, loc in walk(module):
                assert obj.origin is not None, (label, module.id, loc)
                assert obj.origin.path == own and obj.origin.line >= 1, (label, loc)
        lines = [obj.origin.line for obj, _ in walk(modules[0])]
        assert len(set(lines)) > 20  # each object its own line, not the module's first


# --- check stays light -------------------------------------------------------------------


def test_check_never_imports_weasyprint_or_pptx() -> None:
    code = (
        "import sys; from trainpack.cli.main import main; "
        f"code = main(['check', '--source', {str(FULL)!r}]); "
        "print(code, 'weasyprint' in sys.modules, 'pptx' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert result.stdout.splitlines()[-1] == "0 False False"


# --- YAML 1.2 and text -------------------------------------------------------------------


def test_yaml_1_2_words_stay_strings(tmp_path: Path) -> None:
    path = tmp_path / "words.yaml"
    path.write_text("answer: no\nlist: [yes, no, on, off, Yes, NO]\nflag: true\n", encoding="utf-8")
    data = load_yaml(path).data
    assert data == {"answer": "no", "list": ["yes", "no", "on", "off", "Yes", "NO"], "flag": True}


def test_yes_and_no_as_quiz_options_and_list_items(course_copy) -> None:
    root = course_copy("full")
    edit(root / "01-basics" / "module.yaml", "options: [Yes, No]", "options: [yes, no]")
    edit(
        root / "02-responding" / "module.yaml",
        "key_messages: [Share a concern the same day]",
        "key_messages:\n  - no\n  - Share a concern the same day",
    )
    course, problems = validate_course(load_course(root))
    assert problems == []
    assert course.module("basics").quiz[1].options == ["yes", "no"]
    assert course.module("responding").key_messages[0] == "no"


def test_non_latin_text_and_apostrophes_validate(course_copy) -> None:
    root = course_copy("full")
    module = root / "01-basics" / "module.yaml"
    edit(module, "title: What child trafficking is", "title: Захист дітей від торгівлі людьми")
    edit(module, "summary: Definitions and why they matter.", "summary: حماية الأطفال من الاتجار")
    edit(module, "title: A young person's words", "title: It's a child's journey, isn't it")
    edit(module, "question: What would you do first?", "question: Що ви зробите спочатку?")
    edit(
        root / "01-basics" / "handout.md",
        "## What trafficking means {#intro}",
        "## Що означає торгівля дітьми {#intro}",
    )
    course, problems = validate_course(load_course(root))
    assert problems == []
    basics = course.module("basics")
    assert basics.title == "Захист дітей від торгівлі людьми"
    assert basics.summary == "حماية الأطفال من الاتجار"
    assert basics.sections[0].slides[3].title == "It's a child's journey, isn't it"
    assert isinstance(basics.sections[1].slides[4], QuestionSlide)
    assert basics.sections[1].slides[4].question == "Що ви зробите спочатку?"
    assert basics.handout[0].heading == "Що означає торгівля дітьми"
    assert basics.handout[0].section == "intro"


# --- hints found while writing the broken-input suite ------------------------------------


def test_missing_image_in_a_folder_without_pictures(course_copy) -> None:
    root = course_copy("full")
    (root / "01-basics" / "images" / "sample.png").unlink()
    [error] = errors_of(root)
    assert error.message == "image file 'images/sample.png' not found"
    assert error.hint == "put the file in the module folder; it has no pictures yet"
    assert error.location.line == 58


def test_tag_named_like_a_key_does_not_misplace_errors(course_copy) -> None:
    # A `bullets` slide has a `bullets` key: pydantic's union tag must not be taken for it.
    root = course_copy("full")
    edit(
        root / "02-responding" / "module.yaml",
        "        bullets: [Act the same day]\n",
        "        bullets: [Act the same day]\n        colour: red\n",
    )
    [error] = errors_of(root)
    assert error.message == "unknown key 'colour'"
    assert (error.location.line, error.location.column) == (28, 9)
