"""Every problem in one run: five mistakes in five files come out of one `check`, sorted
by file and line; `build` refuses what `check` finds errors in, contrast included; a theme
master out of step with theme.yaml is reported with the command that regenerates it."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LOCATED = re.compile(r"^(?P<path>[^:\s]+):(?P<line>\d+)(:\d+)?: error: ")


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), "utf-8")


@pytest.fixture
def course(tmp_path: Path) -> Path:
    target = tmp_path / "course"
    shutil.copytree(ROOT / "modules", target)
    return target


def _own_theme(course: Path, theme: str = "ngo-navy") -> Path:
    folder = course / "themes" / theme
    shutil.copytree(ROOT / "themes" / theme, folder)
    return folder


def test_five_mistakes_in_five_files_in_one_check(course: Path, run_cli, monkeypatch) -> None:
    edit(course / "01-welcome" / "module.yaml", "\nsummary:", "\nsumary:")
    edit(
        course / "02-what-is-trafficking" / "module.yaml",
        "[border-immigration, police]",
        "[border-immigration, polcie]",
    )
    edit(course / "03-how-and-why" / "module.yaml", "cites: [G", "cites: [G99, G")
    edit(
        course / "04-impact" / "module.yaml",
        "\nsummary: ",
        "\nsummary: Call ${country.nrm_contakt}. ",
    )
    theme = _own_theme(course)
    edit(theme / "theme.yaml", 'muted: "586174"', 'muted: "C8CCD2"')
    monkeypatch.chdir(course)

    code, _, err = run_cli("check", "--source", ".")

    assert code == 1 and "Traceback" not in err
    located = [m for m in map(LOCATED.match, err.splitlines()) if m]
    files = {m["path"] for m in located}
    assert "01-welcome/module.yaml" in files  # unknown key 'sumary'
    assert "02-what-is-trafficking/module.yaml" in files  # unknown audience
    assert "03-how-and-why/module.yaml" in files  # citation
    assert any(f.startswith("countries/") for f in files)  # no value for nrm_contakt
    assert "themes/ngo-navy/theme.yaml" in files  # contrast
    assert "unknown key 'sumary'" in err and "unknown audience 'polcie'" in err
    assert "'G99' is not a section of the source" in err and "nrm_contakt" in err
    assert "contrast" in err
    keys = [(m["path"], int(m["line"])) for m in located]
    assert keys == sorted(keys)  # by file, then line


def test_build_refuses_a_contrast_error(course: Path, run_cli, tmp_path: Path) -> None:
    theme = _own_theme(course, "default")
    edit(theme / "theme.yaml", 'muted: "5A6A6E"', 'muted: "DDDDDD"')
    out = tmp_path / "out"
    code, _, err = run_cli("build", "--source", course, "--out", out, "--quiet")
    assert code == 1, err
    assert "muted #DDDDDD on background" in err and "contrast" in err
    assert not (out / "multi-agency-england").exists()


def test_a_stale_master_is_reported_with_the_regenerate_command(
    course: Path, run_cli, monkeypatch
) -> None:
    theme = _own_theme(course)
    text = (theme / "theme.yaml").read_text("utf-8")
    primary = re.search(r'\n  primary: "([0-9A-Fa-f]{6})"', text)
    assert primary
    edit(theme / "theme.yaml", f'primary: "{primary[1]}"', 'primary: "5B2A6E"')
    monkeypatch.chdir(course)
    code, _, err = run_cli("check", "--source", ".")
    assert code == 1
    assert "does not match theme.yaml" in err and "colors.primary" in err
    assert "python tools/make_master.py --theme themes/ngo-navy" in err


def test_pydantic_wording_never_reaches_the_user(course: Path, run_cli, monkeypatch) -> None:
    module = course / "08-nrm" / "module.yaml"
    text = module.read_text("utf-8")
    assert "layout: process" in text
    monkeypatch.chdir(course)
    edit(module, "duration:", "duration: 9999\nold_duration:")
    code, _, err = run_cli("check", "--source", ".")
    assert code == 1
    assert "should have" not in err and "Input should" not in err
    assert "'duration' is 9999 but must be at most 600" in err


def test_a_mistake_in_a_translation_points_at_the_po_line(
    course: Path, run_cli, monkeypatch
) -> None:
    po = course / "01-welcome" / "locales" / "ar.po"
    lines = po.read_text("utf-8").splitlines()
    number = next(
        i
        for i, line in enumerate(lines, 1)
        if "${country.advice_line})" in line and line.startswith("msgstr")
    )
    lines[number - 1] = lines[number - 1].replace("advice_line", "advise_line")
    po.write_text("\n".join(lines) + "\n", "utf-8")
    monkeypatch.chdir(course)
    code, _, err = run_cli("check", "--source", ".")
    assert code == 1
    assert f"01-welcome/locales/ar.po:{number}: error:" in err
    assert "did you mean '${country.advice_line}'?" in err


def test_hints_name_the_source_the_user_ran_with(course: Path, run_cli, tmp_path) -> None:
    from trainpack.core.errors import command

    assert command("translations --language fr", course).endswith(f"--source {course}")
    assert command("translations --language fr", Path("modules")).endswith("--language fr")
