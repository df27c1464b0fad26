"""A wheel that works: built from this checkout, installed (not editable) into a fresh venv,
it builds a course kept in another folder, finding its templates, themes and fonts inside the
installed package."""

from __future__ import annotations

import os
import shutil
import site
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _run(*args: object, cwd: Path | None = None, env: dict | None = None):
    return subprocess.run(
        [str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, timeout=900
    )


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    result = _run(sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", out, ROOT)
    if result.returncode != 0:
        pytest.skip(f"pip could not build the wheel here: {result.stderr[-500:]}")
    return next(out.glob("trainpack-*.whl"))


def test_the_wheel_carries_templates_themes_fonts_and_every_package(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for needed in (
        "trainpack/templates/handout/handout.html.j2",
        "trainpack/templates/fonts/Carlito-Regular.ttf",
        "trainpack/templates/icons/lucide/LICENSE",
        "trainpack/themes/default/master.pptx",
        "trainpack/themes/default/theme.yaml",
    ):
        assert needed in names, needed
    packages = {
        str(p.parent.relative_to(ROOT)) + "/__init__.py"
        for p in (ROOT / "trainpack").rglob("__init__.py")
    }
    assert packages <= names, f"packages missing from the wheel: {sorted(packages - names)}"


def test_installed_wheel_builds_a_course_from_another_folder(wheel: Path, tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    assert _run(sys.executable, "-m", "venv", "--without-pip", venv).returncode == 0
    python = venv / "bin" / "python"
    purelib = Path(
        _run(
            python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"
        ).stdout.strip()
    )
    with zipfile.ZipFile(wheel) as archive:  # what "pip install --no-deps" unpacks
        archive.extractall(purelib)
    # The dependencies come from the test environment's site-packages, added as a plain path:
    # its .pth files (our editable install among them) are not processed, so `trainpack` can
    # only come from the unpacked wheel.
    deps = [p for p in site.getsitepackages() if Path(p).is_dir()]
    (purelib / "deps.pth").write_text("\n".join(deps) + "\n")
    work = tmp_path / "elsewhere"
    shutil.copytree(ROOT / "tests" / "fixtures" / "courses" / "full", work / "modules")
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    where = _run(python, "-c", "import trainpack; print(trainpack.__file__)", cwd=work, env=env)
    assert where.returncode == 0, where.stderr
    assert Path(where.stdout.strip()).is_relative_to(purelib), where.stdout
    result = _run(python, "-m", "trainpack", "build", "--quiet", cwd=work, env=env)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    built = sorted(p.relative_to(work / "output") for p in (work / "output").rglob("*.*"))
    assert any(p.suffix == ".pptx" for p in built), built
    assert any(p.suffix == ".pdf" for p in built), built
    assert any(p.name == "manifest.json" for p in built), built
