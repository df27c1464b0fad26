"""The top-level guard and the user's own files: our bugs are an 'internal error' (exit 3,
traceback only with --debug); a full disk while `translations` writes leaves the PO file whole."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

import trainpack.pipeline.build
from tests.hostile.conftest import ROOT, build_decks, run_cli
from trainpack.cli.main import main

EDITIONS = ROOT / "tests" / "fixtures" / "courses" / "editions"


def test_an_unexpected_exception_is_an_internal_error_not_a_traceback(
    monkeypatch, capsys, tmp_path
):
    def broken(*args, **kwargs):
        raise TypeError("an attribute went missing")

    # The command line builds through build_editions (which may use worker processes).
    monkeypatch.setattr(trainpack.pipeline.build, "build_editions", broken)
    source = ROOT / "tests" / "fixtures" / "courses" / "full"
    out = ["--out", str(tmp_path / "out")]
    assert main(["build", "--source", str(source), "--quiet", *out]) == 3
    err = capsys.readouterr().err
    assert "internal error: TypeError: an attribute went missing" in err
    assert "bug in trainpack" in err and "Traceback" not in err
    assert "template" not in err  # never dressed up as the author's mistake
    assert main(["build", "--source", str(source), "--quiet", "--debug", *out]) == 3
    assert "Traceback" in capsys.readouterr().err


def _po_files(course: Path) -> dict[Path, bytes]:
    return {p: p.read_bytes() for p in course.rglob("*.po")}


def test_translations_on_a_full_disk_leave_every_po_file_whole(tmp_path):
    disk = tmp_path / "disk"
    disk.mkdir()
    if os.geteuid() != 0 or not shutil.which("mount"):
        pytest.skip("needs root and tmpfs to make a small disk")
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(disk)]).returncode:
        pytest.skip("cannot mount a tmpfs here")
    try:
        course = disk / "course"
        shutil.copytree(EDITIONS, course)
        first = run_cli(
            "translations",
            "--source",
            course,
            "--language",
            "uk",
            case="translations on a roomy disk",
            kind="output-os",
        )
        assert first.code == 0, first.err
        before = _po_files(course)
        assert before, "the fixture has PO files to protect"
        filler = disk / "filler"
        fd = os.open(filler, os.O_WRONLY | os.O_CREAT)
        try:  # fill the disk to the last block
            while True:
                os.write(fd, b"\0" * 4096)
        except OSError:
            pass
        finally:
            os.close(fd)
        done = run_cli(
            "translations",
            "--source",
            course,
            "--language",
            "uk",
            case="translations on a full disk",
            kind="output-os",
        )
        assert done.code == 1 and "space" in done.err, done.err
        assert _po_files(course) == before
        assert not [p for p in course.rglob("*.tmp")]
    finally:
        subprocess.run(["umount", str(disk)], capture_output=True)


def test_an_output_folder_deleted_mid_build_is_a_clean_error(tmp_path, course):
    out = tmp_path / "out"
    done = build_decks(
        course,
        out,
        env={"TRAINPACK_PUBLISH_FAULT": ""},
        case="output folder vanished",
        kind="output-os",
    )
    assert done.code == 0
    shutil.rmtree(out)
    out.write_text("now a file", "utf-8")
    done = build_decks(
        course,
        out,
        case="--out replaced by a file",
        kind="output-os",
    )
    assert done.code == 2 and out.read_text("utf-8") == "now a file"
