"""The hostile-input corpus: every case runs the real CLI in a child process under a memory
limit and a timeout, and asserts the invariant (no traceback, nothing executed, nothing outside
touched, the edition whole).  Run it alone with ``pytest -m hostile``.

Set ``TRAINPACK_HOSTILE_LOG=FILE`` to append one JSON line per case (class, exit code,
traceback, hang) for the corpus totals.
"""

from __future__ import annotations

import hashlib
import json
import os
import resource
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
FULL = ROOT / "tests" / "fixtures" / "courses" / "full"
MEMORY_MB = 1500  # address space: WeasyPrint and its libraries map a few hundred MB
HANG_SECONDS = 120


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.hostile)


@dataclass
class Outcome:
    code: int
    out: str
    err: str
    hang: bool = False

    @property
    def text(self) -> str:
        return self.out + self.err


def _limit(memory_mb: int) -> Callable[[], None]:
    def apply() -> None:
        size = memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (size, size))

    return apply


def run_cli(
    *args: object,
    case: str,
    kind: str,
    cwd: Path | None = None,
    env: dict[str, str] | None = None,
    memory_mb: int = MEMORY_MB,
    timeout: float = HANG_SECONDS,
    allow_ok: bool = True,
) -> Outcome:
    """Run build.py under limits; assert no traceback, no hang, no internal error."""
    full_env = {**os.environ, **(env or {})}
    full_env.pop("COLUMNS", None)
    try:
        done = subprocess.run(
            [sys.executable, str(ROOT / "build.py"), *map(str, args)],
            cwd=cwd or ROOT,
            capture_output=True,
            text=True,
            timeout=timeout,
            env=full_env,
            preexec_fn=_limit(memory_mb),
        )
        outcome = Outcome(done.returncode, done.stdout, done.stderr)
    except subprocess.TimeoutExpired as exc:
        outcome = Outcome(-1, str(exc.stdout or ""), str(exc.stderr or ""), hang=True)
    _log(case, kind, outcome)
    assert not outcome.hang, f"{case}: no answer within {timeout} s"
    assert "Traceback" not in outcome.text, f"{case}: traceback\n{outcome.err}"
    assert "internal error" not in outcome.err, f"{case}: our bug\n{outcome.err}"
    assert outcome.code in ((0, 1, 2) if allow_ok else (1, 2)), (
        f"{case}: {outcome.code}\n{outcome.err}"
    )
    return outcome


def build_decks(course: Path, out: Path, **options: Any) -> Outcome:
    """``build --formats pptx --quiet`` of ``course`` into ``out`` through ``run_cli``: the
    quickest build that still renders every template and writes files."""
    return run_cli(
        "build", "--source", course, "--out", out, "--formats", "pptx", "--quiet", **options
    )


def _log(case: str, kind: str, outcome: Outcome) -> None:
    target = os.environ.get("TRAINPACK_HOSTILE_LOG")
    if not target:
        return
    record = {
        "case": case,
        "class": kind,
        "code": outcome.code,
        "traceback": "Traceback" in outcome.text,
        "hang": outcome.hang,
        "clean_error": outcome.code in (1, 2) and "error" in outcome.err,
    }
    with open(target, "a", encoding="utf-8") as handle:
        handle.write(json.dumps(record) + "\n")


def tree_digest(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` (symlinks as their target text) with its hash."""
    found = {}
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder).as_posix()
        if path.is_symlink():
            found[rel] = "link:" + os.readlink(path)
        elif path.is_file():
            found[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def assert_whole(edition: Path, extras: bool = False) -> dict:
    """The edition folder holds what its manifest lists, each file matching; with ``extras``
    other files (kept because no manifest listed them) may sit beside them."""
    manifest = json.loads((edition / "manifest.json").read_text("utf-8"))
    listed = {f["path"]: f["sha256"] for f in manifest["files"]}
    on_disk = {k: v for k, v in tree_digest(edition).items() if k != "manifest.json"}
    if extras:
        on_disk = {k: v for k, v in on_disk.items() if k in listed}
    assert on_disk == listed, f"{edition}: files do not match the manifest"
    return manifest


@pytest.fixture
def course(tmp_path: Path) -> Path:
    """A writable copy of the `full` sample course."""
    target = tmp_path / "course"
    shutil.copytree(FULL, target)
    return target


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A folder outside the course and the output, with a secret file in it."""
    folder = tmp_path / "outside"
    folder.mkdir()
    (folder / "secret.txt").write_text("TOP-SECRET-CANARY\n", "utf-8")
    return folder
