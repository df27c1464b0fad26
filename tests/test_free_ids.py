"""A source declares its own section ids (S1, 4.2, A-3, §12): citations are checked against
them with a did-you-mean, and the shipped course's G-ids keep working."""

from __future__ import annotations

import re
from pathlib import Path

from trainpack.load.course import load_course
from trainpack.validate.course import validate_course

IDS = {"G1": "S1", "G2": "4.2", "G7": "A-3", "G7.2": "§12", "G8": "S5", "G8.1": "S6", "G12": "S8"}


def _rename(root: Path) -> None:
    for path in [root / "sources" / "guidance.yaml", *root.glob("*/module.yaml")]:
        text = path.read_text("utf-8")
        text = re.sub(r"\bG\d+(\.\d+)?\b", lambda m: IDS[m.group(0)], text)
        path.write_text(text, "utf-8")


def test_a_course_with_its_own_section_ids_checks_and_builds(
    course_copy, run_cli, tmp_path: Path
) -> None:
    root = course_copy("full")
    _rename(root)
    course, problems = validate_course(load_course(root))
    assert not [p for p in problems if p.severity == "error"]
    assert set(course.source_sections()) == set(IDS.values())
    code, _, err = run_cli(
        "build", "--source", root, "--out", tmp_path / "out", "--quiet", "--formats", "pdf"
    )
    assert code == 0, err
    assert "4.2" in str(course.modules[0].cites)


def test_a_miscited_free_id_gets_a_did_you_mean(course_copy, run_cli, monkeypatch) -> None:
    root = course_copy("full")
    _rename(root)
    module = root / "01-basics" / "module.yaml"
    module.write_text(module.read_text("utf-8").replace("cites: [S1, 4.2]", "cites: [S1, s1]"))
    monkeypatch.chdir(root)
    code, _, err = run_cli("check", "--source", ".")
    assert code == 1
    assert "'s1' is not a section of the source" in err
    assert "did you mean 'S1'?" in err
    assert "sources/guidance.yaml" in err


def test_a_section_id_with_a_space_is_refused(course_copy, run_cli, monkeypatch) -> None:
    root = course_copy("full")
    source = root / "sources" / "guidance.yaml"
    source.write_text(source.read_text("utf-8").replace("{id: G12,", '{id: "G 12",'))
    monkeypatch.chdir(root)
    code, _, err = run_cli("check", "--source", ".")
    assert code == 1
    assert "'G 12' is not a section id" in err and "without spaces" in err
