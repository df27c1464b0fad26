"""Two builds of the same input give the same bytes, with the course's own properties."""

from __future__ import annotations

import zipfile
from pathlib import Path

from pptx import Presentation

from trainpack.cli.main import main

ROOT = Path(__file__).resolve().parents[1]


def _build(out: Path, *extra: str) -> Path:
    args = ["build", "--source", str(ROOT / "modules"), "--out", str(out), "--quiet"]
    assert main([*args, "--modules", "welcome", *extra]) == 0
    return out / "multi-agency-england"


def test_two_builds_are_byte_identical(tmp_path: Path) -> None:
    first, second = _build(tmp_path / "a"), _build(tmp_path / "b")
    files = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
    assert files
    for rel in files:
        assert (first / rel).read_bytes() == (second / rel).read_bytes(), rel


def test_deck_properties_come_from_the_course(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01
    deck = next((_build(tmp_path / "a", "--formats", "pptx") / "slides").glob("*.pptx"))
    props = Presentation(str(deck)).core_properties
    assert props.author != "Steve Canny" and props.last_modified_by != "Steve Canny"
    assert props.created.year == 2026 and props.modified == props.created
    assert props.subject.startswith("Safeguarding children")
    assert props.language == "en-GB"
    with zipfile.ZipFile(deck) as package:
        names = package.namelist()
        assert not [n for n in names if "thumbnail" in n]
        assert {i.date_time for i in package.infolist()} == {(2026, 1, 1, 0, 0, 0)}
