"""Publishing under attack: kills at every step, Ctrl-C, concurrent builds, manifest tricks,
stale staging folders, output-side OS errors and a full disk."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from tests.hostile.conftest import ROOT, assert_whole, run_cli, tree_digest

PPTX = ["--formats", "pptx", "--quiet"]


def build(course: Path, out: Path, *extra: str, case: str, kind: str = "publish", env=None):
    return run_cli("build", "--source", course, "--out", out, *extra, case=case, kind=kind, env=env)


def raw(course: Path, out: Path, *extra: str, env=None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [
            sys.executable,
            str(ROOT / "build.py"),
            "build",
            "--source",
            str(course),
            "--out",
            str(out),
            *extra,
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, **(env or {})},
    )


@pytest.fixture(scope="module")
def published(tmp_path_factory) -> Path:
    """An output folder holding one complete edition (both formats) to publish over."""
    out = tmp_path_factory.mktemp("published")
    done = raw(ROOT / "tests/fixtures/courses/full", out, "--quiet")
    assert done.returncode == 0, done.stderr
    return out


def _changed_course(course: Path) -> None:
    text = (course / "01-basics/module.yaml").read_text("utf-8")
    (course / "01-basics/module.yaml").write_text(
        text.replace("title:", "title:", 1) + "\n", "utf-8"
    )


@pytest.mark.parametrize("exchange", ["1", "0"], ids=["renameat2", "two-renames"])
def test_a_kill_at_any_publish_step_leaves_a_whole_edition(published, course, tmp_path, exchange):
    """SIGKILL after step 1, 2, … until the build completes: old or new, never a mix."""
    env = {"TRAINPACK_PUBLISH_NO_EXCHANGE": "0" if exchange == "1" else "1"}
    out = tmp_path / "out"
    shutil.copytree(published, out)
    old = tree_digest(out / "everyone")
    step, seen_new = 1, False
    while step < 40:
        killed = raw(course, out, *PPTX, env={**env, "TRAINPACK_PUBLISH_FAULT": str(step)})
        assert "Traceback" not in killed.stderr
        if killed.returncode == 0:
            break
        assert killed.returncode == -9, killed.stderr
        # A reader now sees the old edition, the new one, or (two renames, between them) a
        # previous edition set aside that the next build puts back.
        target = out / "everyone"
        if not target.exists():
            assert exchange == "0" and (out / ".previous-everyone").is_dir()
        else:
            assert_whole(target)
            now = tree_digest(target)
            seen_new = seen_new or now != old
            if now == old:
                assert not seen_new, "went back to the old edition after showing the new one"
        step += 1
    assert step > 3, "the fault hook never fired"
    # The next build recovers, cleans every leftover and publishes a whole edition.
    build(course, out, *PPTX, case=f"publish after kills ({exchange})", env=env)
    assert_whole(out / "everyone")
    assert sorted(p.name for p in out.iterdir() if p.name != ".cache") == ["everyone"]


def test_ctrl_c_during_publish_says_truthfully_what_was_kept(published, course, tmp_path):
    out = tmp_path / "out"
    shutil.copytree(published, out)
    old = tree_digest(out / "everyone")
    before = raw(course, out, *PPTX, env={"TRAINPACK_PUBLISH_FAULT": "2:interrupt"})
    assert before.returncode == 130 and "left as they were" in before.stderr
    assert tree_digest(out / "everyone") == old
    steps = 1
    while True:  # find the last step: the interrupt after the switch
        steps += 1
        done = raw(course, out, *PPTX, env={"TRAINPACK_PUBLISH_FAULT": f"{steps}:interrupt"})
        if done.returncode == 0:
            break
        assert "Traceback" not in done.stderr
        if "after publishing" in done.stderr:
            assert "complete" in done.stderr and "left as they were" not in done.stderr
            assert_whole(out / "everyone")
            assert tree_digest(out / "everyone") != old
            return
        assert "left as they were" in done.stderr
        assert tree_digest(out / "everyone") == old
    pytest.fail("no interrupt landed after the switch")


def test_two_builds_into_one_folder_are_serialised(course, tmp_path):
    out = tmp_path / "out"
    results: list[subprocess.CompletedProcess] = []
    threads = [
        threading.Thread(target=lambda: results.append(raw(course, out, *PPTX))) for _ in range(3)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert [r.returncode for r in results] == [0, 0, 0], [r.stderr for r in results]
    assert all("Traceback" not in r.stderr for r in results)
    assert_whole(out / "everyone")
    assert sorted(p.name for p in out.iterdir() if p.name != ".cache") == ["everyone"]


def test_a_waiting_build_says_another_build_is_writing(course, tmp_path):
    import fcntl

    out = tmp_path / "out"
    out.mkdir()
    fd = os.open(out, os.O_RDONLY)
    fcntl.flock(fd, fcntl.LOCK_EX)
    command = [sys.executable, str(ROOT / "build.py"), "build", "--source", str(course)]
    with subprocess.Popen(
        [*command, "--out", str(out), *PPTX], cwd=ROOT, stderr=subprocess.PIPE, text=True
    ) as child:
        try:
            line = child.stderr.readline()  # type: ignore[union-attr]
            assert "another build is writing" in line
        finally:
            os.close(fd)
        _, rest = child.communicate(timeout=300)
        assert child.returncode == 0, rest
    assert_whole(out / "everyone")


@pytest.mark.parametrize(
    "entry",
    ["../../victim.txt", "/ABS/victim.txt", "slides/../../../victim.txt", "..", "./../victim.txt"],
    ids=["dotdot", "absolute", "nested-dotdot", "bare-dotdot", "dot-dotdot"],
)
def test_a_manifest_listing_paths_outside_deletes_nothing(published, course, tmp_path, entry):
    out = tmp_path / "deep" / "out"
    shutil.copytree(published, out)
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me", "utf-8")
    manifest = json.loads((out / "everyone/manifest.json").read_text("utf-8"))
    path = entry.replace("/ABS/", str(tmp_path) + "/")
    manifest["files"].append(
        {"path": path, "kind": "deck", "module": None, "bytes": 7, "sha256": "0" * 64}
    )
    (out / "everyone/manifest.json").write_text(json.dumps(manifest), "utf-8")
    build(course, out, "--quiet", case=f"manifest {entry}", kind="manifest")
    build(course, out, *PPTX, case=f"manifest {entry} partial", kind="manifest")
    assert victim.read_text("utf-8") == "keep me"
    assert_whole(out / "everyone")


@pytest.mark.parametrize(
    "text",
    ["[1, 2, 3]", '"text"', "null", "{", '{"files": 7}', '{"files": [7, null, "x"]}', "\ufeff{}"],
    ids=["list", "string", "null", "broken", "files-number", "files-junk", "bom"],
)
def test_a_manifest_that_is_not_one_of_ours_is_not_a_traceback(published, course, tmp_path, text):
    out = tmp_path / "out"
    shutil.copytree(published, out)
    (out / "everyone/manifest.json").write_text(text, "utf-8")
    build(course, out, *PPTX, "--modules", "basics", case=f"manifest is {text!r}", kind="manifest")
    assert_whole(out / "everyone", extras=True)  # unlisted old files are kept, not deleted
    assert (out / "everyone/handouts/02-responding.pdf").is_file()


def test_a_symlink_in_the_old_edition_is_never_followed(published, course, tmp_path, outside):
    out = tmp_path / "out"
    shutil.copytree(published, out)
    handout = out / "everyone/handouts/01-basics.pdf"
    handout.unlink()
    handout.symlink_to(outside / "secret.txt")
    (out / "everyone/notes-link").symlink_to(outside)
    build(course, out, *PPTX, case="symlinked file in the old edition", kind="manifest")
    assert tree_digest(outside) == {"secret.txt": tree_digest(outside)["secret.txt"]}
    assert (outside / "secret.txt").read_text("utf-8") == "TOP-SECRET-CANARY\n"
    new = out / "everyone"
    assert not (new / "handouts/01-basics.pdf").exists()  # no longer matched its entry
    assert (new / "notes-link").is_symlink()  # the trainer's own link is kept as a link


def test_a_trainers_own_files_in_the_edition_survive_a_rebuild(published, course, tmp_path):
    out = tmp_path / "out"
    shutil.copytree(published, out)
    (out / "everyone/my-notes.txt").write_text("room booked", "utf-8")
    build(course, out, "--quiet", case="own file in the edition", kind="manifest")
    assert (out / "everyone/my-notes.txt").read_text("utf-8") == "room booked"


def test_stale_staging_folders_are_cleaned(course, tmp_path):
    out = tmp_path / "out"
    for name in (".staging-everyone-abc", ".staging-other-xyz", ".previous-police"):
        (out / name / "slides").mkdir(parents=True)
        (out / name / "slides/x.pptx").write_bytes(b"junk")
    build(course, out, *PPTX, case="stale staging folders", kind="publish")
    assert sorted(p.name for p in out.iterdir() if p.name != ".cache") == ["everyone"]


@pytest.mark.parametrize("case", ["file", "edition-file"])
def test_out_that_is_a_file_is_a_usage_error(course, tmp_path, case):
    target = tmp_path / "out"
    if case == "file":
        target.write_text("x", "utf-8")
    else:
        target.mkdir()
        (target / "everyone").write_text("x", "utf-8")
    done = build(course, target, *PPTX, case=f"--out {case}", kind="output-os")
    assert done.code == 2 and "hint:" in done.err
    assert target.is_file() or (target / "everyone").read_text("utf-8") == "x"


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write into a read-only folder")
def test_a_read_only_out_is_a_usage_error(course, tmp_path):
    out = tmp_path / "ro"
    out.mkdir()
    out.chmod(0o555)
    try:
        done = build(course, out, *PPTX, case="read-only --out", kind="output-os")
        assert done.code == 2 and "cannot write" in done.err
    finally:
        out.chmod(0o755)


def _mount_tmpfs(folder: Path, size: str) -> bool:
    folder.mkdir(parents=True, exist_ok=True)
    if os.geteuid() != 0 or not shutil.which("mount"):
        return False
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)], capture_output=True
    )
    return done.returncode == 0


def test_a_full_disk_keeps_the_old_edition(published, course, tmp_path):
    disk = tmp_path / "disk"
    # Room for the published edition and a little more, never for a second copy of it.
    used = sum(p.stat().st_size for p in (published / "everyone").rglob("*") if p.is_file())
    room = used * 13 // 10 // 1024 + 64
    if not _mount_tmpfs(disk, f"{room}k"):
        pytest.skip("needs root and tmpfs to make a small disk")
    try:
        out = disk / "out"
        shutil.copytree(published / "everyone", out / "everyone")
        old = tree_digest(out / "everyone")
        done = build(course, out, "--quiet", case="disk full", kind="output-os")
        assert done.code == 1 and "disk is full" in done.err
        assert tree_digest(out / "everyone") == old
        assert sorted(p.name for p in out.iterdir() if p.name != ".cache") == ["everyone"]
    finally:
        subprocess.run(["umount", str(disk)], capture_output=True)
