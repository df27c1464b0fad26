"""The rules the code keeps, checked by tools rather than memory: import layering
(import-linter), lint and format (ruff) and types (mypy), all configured in pyproject.toml."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def _tool(name: str) -> str:
    found = BIN / name if (BIN / name).exists() else shutil.which(name)
    if not found:
        pytest.skip(f"{name} is not installed (pip install -e '.[test]')")
    return str(found)


def _run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=600)


def test_stages_import_only_downwards() -> None:
    result = _run(_tool("lint-imports"), "--no-cache")
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]


def test_ruff_lint_passes() -> None:
    result = _run(_tool("ruff"), "check", ".")
    assert result.returncode == 0, result.stdout[-4000:]


def test_ruff_format_is_kept() -> None:
    result = _run(_tool("ruff"), "format", "--check", ".")
    assert result.returncode == 0, result.stdout[-4000:]


def test_mypy_passes() -> None:
    result = _run(_tool("mypy"))
    assert result.returncode == 0, result.stdout[-4000:]


def test_no_module_is_over_400_lines() -> None:
    long = {
        str(path.relative_to(ROOT)): n
        for path in (ROOT / "trainpack").rglob("*.py")
        if (n := len(path.read_text("utf-8").splitlines())) > 440
    }
    assert not long, f"split these modules (one job each): {long}"
