"""Shared fixtures: copies of the sample courses and an in-process CLI runner."""

from __future__ import annotations

import fcntl
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from trainpack.cli.main import main
from trainpack.core.model import Course
from trainpack.load.course import load_course
from trainpack.validate.course import validate_course

FIXTURES = Path(__file__).resolve().parent / "fixtures"
COURSES = FIXTURES / "courses"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "clients: tests that open output in real client programs")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Real-client tests share one LibreOffice conversion: keep them on one xdist worker."""
    for item in items:
        if item.get_closest_marker("clients"):
            item.add_marker(pytest.mark.xdist_group("clients"))


@pytest.fixture(scope="session")
def shipped_pack(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every shipped edition of the real course, both formats, built ONCE per test run: the
    first xdist worker to get here builds under a lock; the others reuse its folder."""
    base = tmp_path_factory.getbasetemp()
    # Under xdist each worker's base is popen-gwN inside this run's folder: share the parent.
    # Without xdist the base is this run's own folder (its parent holds earlier runs).
    shared = (base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base) / "shipped-pack"
    shared.mkdir(exist_ok=True)
    done = shared / "built.ok"
    with open(shared / "lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not done.exists():
            out = shared / "out"
            shutil.rmtree(out, ignore_errors=True)
            code = main(["build", "--all-editions", "--out", str(out), "--quiet"])
            assert code == 0, "building the shipped editions failed"
            done.write_text("ok")
    return shared / "out"


@pytest.fixture
def course_copy(tmp_path: Path) -> Callable[[str], Path]:
    """``course_copy("full")`` copies tests/fixtures/courses/full into tmp_path."""

    def copy(name: str) -> Path:
        target = tmp_path / name
        shutil.copytree(COURSES / name, target)
        return target

    return copy


@pytest.fixture
def run_cli(capsys: pytest.CaptureFixture[str]) -> Callable[..., tuple[int, str, str]]:
    """``run_cli("check", "--source", path)`` -> (exit code, stdout, stderr), in-process."""

    def run(*args: object) -> tuple[int, str, str]:
        capsys.readouterr()
        try:
            code = main([str(arg) for arg in args])
        except SystemExit as exc:  # argparse usage errors
            code = exc.code if isinstance(exc.code, int) else 2
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    return run


@pytest.fixture(scope="session")
def full_course() -> Course:
    course, problems = validate_course(load_course(COURSES / "full"))
    assert problems == []
    return course
