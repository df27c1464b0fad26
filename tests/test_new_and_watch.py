"""`new` makes courses and parts that check clean and build, never overwriting; `watch`
rebuilds an edited module and keeps going after a content error."""

from __future__ import annotations

import argparse
import threading
import time
from pathlib import Path

from trainpack.cli.main import main


def test_new_course_and_module_check_clean_and_build(tmp_path: Path, run_cli) -> None:
    course = tmp_path / "course"
    assert run_cli("new", "course", course)[0] == 0
    assert run_cli("new", "module", "second-module", "--source", course)[0] == 0
    assert "second-module" in (course / "course.yaml").read_text("utf-8")
    first = (course / "course.yaml").read_text("utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=schemas/course.schema.json"
    assert (course / "schemas" / "module.schema.json").is_file()
    code, out, err = run_cli("check", "--source", course)
    assert code == 0, err
    assert "no errors, 0 warning(s)" in out
    code, _, err = run_cli("build", "--source", course, "--out", tmp_path / "out", "--quiet")
    assert code == 0, err
    edition = tmp_path / "out" / "first-edition"
    assert sorted(p.name for p in (edition / "slides").iterdir()) == [
        "01-first-module.pdf",  # the deck as a PDF, for a room with no PowerPoint
        "01-first-module.pptx",
        "02-second-module.pdf",
        "02-second-module.pptx",
    ]


def test_new_parts_check_clean(tmp_path: Path, run_cli) -> None:
    course = tmp_path / "course"
    run_cli("new", "course", course)
    for kind, name in (
        ("audience", "managers"),
        ("edition", "managers-short"),
        ("theme", "our-brand"),
        ("language", "fr"),
    ):
        code, _, err = run_cli("new", kind, name, "--source", course)
        assert code == 0, (kind, err)
    assert (course / "themes" / "our-brand" / "master.pptx").is_file()
    assert (course / "01-first-module" / "locales" / "fr.po").is_file()
    assert (course / "templates" / "locales" / "fr" / "LC_MESSAGES" / "messages.po").is_file()
    code, _, err = run_cli("check", "--source", course)
    assert code == 0, err


def test_new_never_overwrites(tmp_path: Path, run_cli) -> None:
    course = tmp_path / "course"
    run_cli("new", "course", course)
    before = (course / "course.yaml").read_text("utf-8")
    code, _, err = run_cli("new", "course", course)
    assert code == 2 and "already exists" in err
    for kind, name in (
        ("module", "first-module"),
        ("audience", "everyone"),
        ("edition", "first-edition"),
        ("theme", "default"),
    ):
        if kind == "theme":
            run_cli("new", "theme", "default", "--source", course)
        code, _, err = run_cli("new", kind, name, "--source", course)
        assert code == 2 and "already exists" in err, (kind, err)
    assert (course / "course.yaml").read_text("utf-8") == before
    code, _, err = run_cli("new", "module", "Bad Name", "--source", course)
    assert code == 2 and "not a valid module id" in err


def test_watch_rebuilds_an_edit_and_survives_a_mistake(tmp_path: Path, capfd) -> None:
    course, out, stop, thread = _watching(tmp_path, "pdf")
    handout = out / "first-edition" / "handouts" / "01-first-module.pdf"
    try:
        _wait(lambda: handout.is_file(), 120)
        first = handout.stat().st_ino
        module = course / "01-first-module" / "module.yaml"
        text = module.read_text("utf-8")
        time.sleep(0.5)
        module.write_text(text.replace("duration: 30", "duration: 31"))  # a content mistake
        _wait(lambda: "not built" in capfd.readouterr().err, 60)
        prose = course / "01-first-module" / "handout.md"
        module.write_text(text)
        prose.write_text(prose.read_text("utf-8").replace("Notice", "Notice it"))
        _wait(lambda: handout.stat().st_ino != first, 60)
    finally:
        stop.set()
        thread.join(10)
    assert not thread.is_alive()


def _watching(tmp_path: Path, formats: str):
    """A new course, and `watch` running on it in a thread: (course, out, stop, thread)."""
    from trainpack.cli.watch import run

    course = tmp_path / "course"
    assert main(["new", "course", str(course)]) == 0
    out = tmp_path / "out"
    args = argparse.Namespace(
        source=course,
        edition=None,
        out=out,
        formats=formats,
        jobs=1,
        force=False,
        quiet=True,
        strict=False,
    )
    stop = threading.Event()
    thread = threading.Thread(target=run, args=(args, stop), daemon=True)
    thread.start()
    return course, out, stop, thread


def _wait(condition, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError("timed out")


def test_a_title_slide_that_repeats_the_decks_opening_is_a_warning(tmp_path: Path, run_cli):
    """Every deck opens with a title slide made from the module: one written into the first
    section would show the title twice, so check says where it is."""
    course = tmp_path / "course"
    assert run_cli("new", "course", course)[0] == 0
    module = course / "01-first-module" / "module.yaml"
    text = module.read_text("utf-8")
    assert "layout: title" not in text  # the scaffold does not repeat it
    marker = "    slides:"
    at = text.index(marker) + text[text.index(marker) :].index("\n") + 1
    module.write_text(
        text[:at] + "      - layout: title\n        title: A first module\n" + text[at:], "utf-8"
    )
    line = text[:at].count("\n") + 1
    code, _, err = run_cli("check", "--source", course)
    assert code == 0 and "Traceback" not in err
    assert f"01-first-module/module.yaml:{line}:" in err
    assert "repeats the one every deck opens with" in err
    code, _, err = run_cli("check", "--source", course, "--strict")
    assert code == 1


def test_check_warns_when_template_labels_would_print_in_english(tmp_path: Path, run_cli):
    """A new language starts with an untranslated template catalogue: check says how many
    labels would print in English, and names the file; with no catalogue at all, it says so."""
    course = tmp_path / "course"
    run_cli("new", "course", course)
    assert run_cli("new", "language", "fr", "--source", course)[0] == 0
    catalogue = course / "templates" / "locales" / "fr" / "LC_MESSAGES" / "messages.po"
    code, _, err = run_cli("check", "--source", course)
    assert code == 0 and "Traceback" not in err
    assert "not translated into 'fr'" in err and "messages.po" in err
    catalogue.unlink()
    code, _, err = run_cli("check", "--source", course)
    assert "no template translations for 'fr'" in err


def test_watch_publishes_an_edited_slide_before_the_guide(tmp_path: Path, capfd) -> None:
    """A slide edit shows in the module's deck first; its slides PDF and slide handout and
    the guide, which take longest, are published after, by a second atomic publish."""
    course, out, stop, thread = _watching(tmp_path, "pptx,pdf")
    edition = out / "first-edition"
    guide = edition / "facilitator-guide.pdf"
    log: list[str] = []

    def built_lines() -> list[str]:
        log.append(capfd.readouterr().err)
        return [line for line in "".join(log).splitlines() if line.startswith("built ")]

    try:
        _wait(lambda: len(built_lines()) >= 2, 180)
        assert "follow" in built_lines()[0] and "follow" not in built_lines()[1]
        first_guide = guide.stat().st_ino
        module = course / "01-first-module" / "module.yaml"
        time.sleep(0.5)
        module.write_text(
            module.read_text("utf-8").replace("What this session covers", "What we will cover")
        )
        _wait(lambda: len(built_lines()) >= 4, 180)
    finally:
        stop.set()
        thread.join(10)
    assert not thread.is_alive()
    module_files, whole_edition = built_lines()[2:4]
    assert "slides PDFs, the guide and printed pieces follow" in module_files
    assert "1 rebuilt" in module_files  # the edited module's deck
    assert "3 rebuilt" in whole_edition  # its slides PDF and slide handout, and the guide
    assert guide.stat().st_ino != first_guide


def test_a_module_files_build_leaves_the_whole_edition_pieces_out() -> None:
    from trainpack.load.course import load_course
    from trainpack.pipeline.build import BuildRequest, plan_edition
    from trainpack.validate.course import validate_course

    class Quiet:
        def stage(self, name: str, total: int) -> None: ...
        def advance(self, label: str) -> None: ...

    course, _ = validate_course(load_course(Path(__file__).parent.parent / "modules"))
    request = BuildRequest(edition="police-england-halfday", edition_wide=False)
    plan = plan_edition(course, request, Quiet())
    kinds = {job.kind for job in plan.jobs}
    assert kinds == {"deck", "handout"}  # what an author opens while editing
    assert not plan.complete  # the published guide and printed pieces are kept
    focused = plan_edition(
        course,
        BuildRequest(
            edition="police-england-halfday", edition_wide=False, focus=frozenset({"recognising"})
        ),
        Quiet(),
    )
    assert {job.relative for job in focused.jobs} == {
        "slides/05-recognising.pptx",
        "handouts/05-recognising.pdf",
    }
    # the same bytes as the whole edition's plan gives that module: numbered and timed in
    # the edition's context, not as a course of one
    same = {job.relative: job.digest for job in plan.jobs}
    assert all(same[job.relative] == job.digest for job in focused.jobs)
    whole = plan_edition(course, BuildRequest(edition="police-england-halfday"), Quiet())
    assert {"guide", "evaluation-form", "certificate"} <= {job.kind for job in whole.jobs}
