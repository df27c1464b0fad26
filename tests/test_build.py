"""End-to-end builds of the `full` fixture through the command line: files, manifest, PDF paper
sizes and contents (what participants must and must not see), partial builds, audiences,
atomic publishing, template errors and --help."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from pptx import Presentation
from pypdf import PdfReader

import trainpack.write.pdf.writer
from trainpack.cli.main import main

ROOT = Path(__file__).resolve().parent.parent
FULL = ROOT / "tests" / "fixtures" / "courses" / "full"
EXPECTED = [
    "certificates.pdf",
    "evaluation-form.pdf",
    "facilitator-guide.pdf",
    "handouts/01-basics.pdf",
    "handouts/02-responding.pdf",
    "handouts/slides/01-basics.pdf",
    "handouts/slides/02-responding.pdf",
    "manifest.json",
    "post-course-test.pdf",
    "pre-course-test.pdf",
    "sign-in-sheet.pdf",
    "slides/01-basics.pdf",
    "slides/01-basics.pptx",
    "slides/02-responding.pdf",
    "slides/02-responding.pptx",
]
A4, LETTER = (595.28, 841.89), (612.0, 792.0)
OBJECTIVES = ["Explain the act and purpose elements", "Tell trafficking apart from smuggling"]
STORY = "Sam arrived with an adult who said he was an uncle."
TRAINER_ONLY = [
    "Explain each element.",  # facilitator notes
    "Means are not needed for under-18s.",  # a quiz explanation
    "The adult controls Sam's documents.",
]  # case-study answer notes


def cli(*args: object, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(ROOT / "build.py"), *map(str, args)],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
    )


def files_under(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


def snapshot(folder: Path) -> dict[str, bytes]:
    return {name: (folder / name).read_bytes() for name in files_under(folder)}


def pdf_text(path: Path) -> str:
    """Text of every page, whitespace folded and typographic apostrophes made plain."""
    text = " ".join(page.extract_text() or "" for page in PdfReader(str(path)).pages)
    return " ".join(text.replace("\u2019", "'").split())


def page_sizes(path: Path) -> set[tuple[float, float]]:
    return {
        (round(float(p.mediabox.width), 2), round(float(p.mediabox.height), 2))
        for p in PdfReader(str(path)).pages
    }


def assert_paper(path: Path, paper: tuple[float, float]) -> None:
    for width, height in page_sizes(path):
        assert abs(width - paper[0]) <= 1 and abs(height - paper[1]) <= 1, (
            f"{path.name}: page {width} x {height}, expected {paper}"
        )


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, subprocess.CompletedProcess]:
    """The full fixture built once through build.py, both formats, default audience."""
    out = tmp_path_factory.mktemp("build-full")
    result = cli("build", "--source", FULL, "--out", out)
    return out, result


@pytest.fixture
def edition(built) -> Path:
    out, result = built
    assert result.returncode == 0, result.stderr
    return out / "everyone"


# --- a complete build ----------------------------------------------------------------------


def test_build_exits_0_and_reports_what_it_wrote(built) -> None:
    out, result = built
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert "14 files" in result.stdout


def test_build_writes_exactly_the_expected_files(built, edition) -> None:
    out, _ = built
    assert files_under(edition) == EXPECTED
    assert sorted(p.name for p in out.iterdir() if p.name != ".cache") == [
        "everyone"
    ]  # no staging folder left


def test_manifest_lists_every_file_with_kind_module_size_and_hash(edition) -> None:
    manifest = json.loads((edition / "manifest.json").read_text("utf-8"))
    assert manifest["edition"] == manifest["audience"] == "everyone"
    assert manifest["course"] == "Sample safeguarding course"
    assert manifest["version"] == "test-1" and manifest["paper"] == "a4"
    assert manifest["modules"] == ["basics", "responding"] and manifest["minutes"] == 60
    entries = {f["path"]: f for f in manifest["files"]}
    assert sorted(entries) == [f for f in EXPECTED if f != "manifest.json"]
    kinds = {
        "handouts/slides/": "slide-handout",
        "slides/*.pdf": "slides-pdf",
        "slides/": "deck",
        "handouts/": "handout",
        "facilitator-guide.pdf": "guide",
        "certificates.pdf": "certificate",
        "evaluation-form.pdf": "evaluation-form",
        "post-course-test.pdf": "post-course-test",
        "pre-course-test.pdf": "pre-course-test",
        "sign-in-sheet.pdf": "sign-in-sheet",
    }
    for path, entry in entries.items():
        assert set(entry) == {"path", "kind", "module", "bytes", "sha256"}
        data = (edition / path).read_bytes()
        assert entry["bytes"] == len(data), path
        assert entry["sha256"] == hashlib.sha256(data).hexdigest(), path
        assert entry["kind"] == next(
            k
            for prefix, k in kinds.items()
            if path.startswith(prefix.split("*")[0]) and path.endswith(prefix.partition("*")[2])
        )
    assert entries["slides/01-basics.pptx"]["module"] == "basics"
    assert entries["handouts/02-responding.pdf"]["module"] == "responding"
    assert entries["facilitator-guide.pdf"]["module"] is None


def test_pdfs_are_a4_by_default(edition) -> None:
    for name in ("handouts/01-basics.pdf", "handouts/02-responding.pdf", "facilitator-guide.pdf"):
        assert_paper(edition / name, A4)


def test_letter_paper_on_request(tmp_path: Path) -> None:
    result = cli(
        "build",
        "--source",
        FULL,
        "--out",
        tmp_path,
        "--formats",
        "pdf",
        "--paper",
        "letter",
        "--quiet",
    )
    assert result.returncode == 0, result.stderr
    folder = tmp_path / "everyone"
    for name in ("handouts/01-basics.pdf", "handouts/02-responding.pdf", "facilitator-guide.pdf"):
        assert_paper(folder / name, LETTER)
    assert json.loads((folder / "manifest.json").read_text("utf-8"))["paper"] == "letter"


def test_handout_has_objectives_and_story_but_nothing_for_trainers_only(edition) -> None:
    text = pdf_text(edition / "handouts" / "01-basics.pdf")
    for wanted in [*OBJECTIVES, STORY]:
        assert wanted in text
    for secret in TRAINER_ONLY:
        assert secret not in text, f"the participant handout shows {secret!r}"
    assert "A child cannot consent to their own exploitation." not in text  # quiz explanation


def test_facilitator_guide_has_the_trainer_only_text(edition) -> None:
    text = pdf_text(edition / "facilitator-guide.pdf")
    for wanted in [*TRAINER_ONLY, *OBJECTIVES, STORY]:
        assert wanted in text


def test_template_syntax_in_content_is_printed_literally(edition) -> None:
    text = pdf_text(edition / "handouts" / "01-basics.pdf")
    assert "{{ 7*7 }}" in text
    assert "Text like 49" not in text


def test_facilitator_guide_has_bookmarks(edition) -> None:
    outline = PdfReader(str(edition / "facilitator-guide.pdf")).outline
    titles = [item.title for item in outline if not isinstance(item, list)]
    for module in ("What child trafficking is", "Responding to a concern"):
        assert any(module in title for title in titles), titles


# --- partial builds and audiences -----------------------------------------------------------


def test_modules_option_rebuilds_only_that_module_and_keeps_the_rest(edition, tmp_path) -> None:
    out = tmp_path / "out"
    shutil.copytree(edition, out / "everyone")
    before = snapshot(out / "everyone")
    result = cli("build", "--source", FULL, "--out", out, "--modules", "basics", "--quiet")
    assert result.returncode == 0, result.stderr
    after = snapshot(out / "everyone")
    assert sorted(after) == EXPECTED
    kept = ["facilitator-guide.pdf", "handouts/02-responding.pdf", "slides/02-responding.pptx"]
    for name in kept:
        assert after[name] == before[name], f"{name} changed in a --modules basics build"
    manifest = json.loads(after["manifest.json"])
    entries = {f["path"]: f for f in manifest["files"]}
    assert sorted(entries) == [f for f in EXPECTED if f != "manifest.json"]
    for name, entry in entries.items():
        assert entry["sha256"] == hashlib.sha256(after[name]).hexdigest(), name
    assert manifest["modules"] == ["basics", "responding"] and manifest["minutes"] == 60
    assert not list(out.glob(".staging-*"))


def test_audience_police_omits_the_excluded_section(tmp_path: Path) -> None:
    result = cli(
        "build",
        "--source",
        FULL,
        "--out",
        tmp_path,
        "--audience",
        "police",
        "--formats",
        "pptx",
        "--quiet",
    )
    assert result.returncode == 0, result.stderr
    slides = tmp_path / "police" / "slides"
    titles = {
        path.name: [s.shapes.title.text_frame.text for s in Presentation(str(path)).slides]
        for path in slides.glob("*.pptx")
    }
    assert "From concern to referral" not in titles["02-responding.pptx"]  # responding/pathway
    assert "Remember" in titles["02-responding.pptx"]  # responding/close
    assert "Discussion" in titles["01-basics.pptx"]  # only: [police]
    assert not (tmp_path / "everyone").exists()


# --- atomic publishing ---------------------------------------------------------------------


def failing_after_first(monkeypatch: pytest.MonkeyPatch, error: BaseException) -> list[Path]:
    """Make trainpack.write.pdf.writer.write_pdf write one file, then raise ``error``."""
    real, written = trainpack.write.pdf.writer.write_pdf, []

    def write_pdf(html, dest, **kwargs):
        if written:
            raise error
        written.append(Path(dest))
        return real(html, dest, **kwargs)

    monkeypatch.setattr(trainpack.write.pdf.writer, "write_pdf", write_pdf)
    return written


@pytest.mark.parametrize(
    "error", [RuntimeError("disk on fire"), KeyboardInterrupt()], ids=["crash", "interrupt"]
)
def test_a_build_failing_midway_leaves_the_previous_outputs_untouched(
    edition, tmp_path, monkeypatch, capsys, error
) -> None:
    out = tmp_path / "out"
    shutil.copytree(edition, out / "everyone")
    before = snapshot(out / "everyone")
    written = failing_after_first(monkeypatch, error)
    # --force: the copied edition is up to date, so nothing would be written at all.
    args = ["build", "--source", str(FULL), "--out", str(out), "--quiet", "--force", "--jobs", "1"]
    if isinstance(error, KeyboardInterrupt):
        assert main(args) == 130
        assert "previous outputs were left as they were" in capsys.readouterr().err
    else:  # our bug: a short internal error (exit 3), never a traceback
        assert main(args) == 3
        err = capsys.readouterr().err
        assert "internal error: RuntimeError: disk on fire" in err and "Traceback" not in err
    assert len(written) == 1 and out not in written[0].parents  # halfway, outside the edition
    assert snapshot(out / "everyone") == before
    assert sorted(p.name for p in out.iterdir() if p.name != ".cache") == ["everyone"]


def test_a_failed_first_build_publishes_nothing(tmp_path, monkeypatch) -> None:
    failing_after_first(monkeypatch, RuntimeError("disk on fire"))
    assert main(["build", "--source", str(FULL), "--out", str(tmp_path), "--quiet"]) == 3
    assert list(tmp_path.iterdir()) == []


# --- errors and help -----------------------------------------------------------------------


def test_template_error_names_the_template_and_line_without_a_traceback(tmp_path) -> None:
    root = tmp_path / "course"
    shutil.copytree(FULL, root)
    override = root / "templates" / "deck" / "deck.html.j2"
    override.parent.mkdir(parents=True)
    override.write_text(
        '<section data-layout="title">\n  <h1>{{ module.title }}</h1>\n'
        "  <p>{{ nosuchvar }}</p>\n</section>\n",
        "utf-8",
    )
    out = tmp_path / "out"
    result = cli("build", "--source", ".", "--out", out, cwd=root)
    assert result.returncode == 1, result.stderr
    located = [
        line
        for line in result.stderr.splitlines()
        if line.startswith("templates/deck/deck.html.j2:3: error: ")
    ]
    assert len(located) == 1, result.stderr
    assert "'nosuchvar' is undefined" in located[0]
    assert "    <p>{{ nosuchvar }}</p>" in result.stderr  # the offending line is quoted
    assert "hint:" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert not out.exists() or list(out.iterdir()) == []


def test_help_works() -> None:
    result = cli("--help")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("usage: build.py")
    for command in ("build", "check", "list", "coverage"):
        assert command in result.stdout
    result = cli("build", "--help")
    assert result.returncode == 0
    for option in (
        "--source",
        "--out",
        "--audience",
        "--modules",
        "--formats",
        "--paper",
        "--quiet",
    ):
        assert option in result.stdout
