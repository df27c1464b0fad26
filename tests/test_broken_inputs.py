"""Each author mistake in fixtures/broken gives one error, at its line, with a hint."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

BROKEN = Path(__file__).resolve().parent / "fixtures" / "broken"
CASES = sorted(p for p in BROKEN.iterdir() if p.is_dir())
FIRST = re.compile(r"^(?P<path>[^:]+):(?P<line>\d+)(:(?P<col>\d+))?: (error|warning): ")


def test_enough_cases() -> None:
    assert len(CASES) >= 14
    assert all((case / "expected.txt").is_file() for case in CASES)


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.name)
def test_broken_input(case: Path, run_cli, monkeypatch: pytest.MonkeyPatch) -> None:
    first, hint, count = (case / "expected.txt").read_text(encoding="utf-8").splitlines()
    monkeypatch.chdir(case)  # paths print relative to the case folder

    code, out, err = run_cli("check", "--source", ".")

    assert "Traceback" not in out + err
    lines = err.splitlines()
    assert first in lines  # problems come sorted by file and line, warnings among them
    lines = lines[lines.index(first) :]
    assert hint in [line.strip() for line in lines]
    assert count in lines
    if " warning: " in first:  # a review case: reported, but only --strict refuses it
        assert code == 0, err
        assert count.startswith("0 error(s), 1 warning(s)")
        assert run_cli("check", "--source", ".", "--strict")[0] == 1
    else:
        assert code == 1, err
        assert count.startswith("1 error(s),")
        assert sum(": error: " in line for line in lines) == 1

    # The offending line is echoed under the message, with a caret under the column.
    where = FIRST.match(lines[0])
    assert where, lines[0]
    source = (case / where["path"]).read_text(encoding="utf-8").splitlines()
    assert lines[1] == "    " + source[int(where["line"]) - 1].replace("\t", " ")
    if where["col"]:
        assert lines[2] == "    " + " " * (int(where["col"]) - 1) + "^"
