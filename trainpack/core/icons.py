"""The icon set content chooses from by name: Lucide's SVG files (ISC licence, shipped in
templates/icons/lucide); a course folder may add its own in templates/icons/*.svg.

Names are checked in the validate stage; writers draw the files (PPTX as native shapes)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from trainpack.core.resources import TEMPLATES

ICONS = TEMPLATES / "icons" / "lucide"


def icon_dirs(course_root: Path | str | None = None) -> tuple[Path, ...]:
    """Where icons are looked up, a course's own folder first."""
    own = Path(course_root) / "templates" / "icons" if course_root else None
    return tuple(d for d in (own, ICONS) if d is not None and d.is_dir())


@lru_cache(maxsize=8)
def icon_names(dirs: tuple[Path, ...] = (ICONS,)) -> frozenset[str]:
    """Every icon name available (file names without .svg)."""
    return frozenset(p.stem for d in dirs for p in d.glob("*.svg"))


def icon_path(name: str, dirs: tuple[Path, ...] = (ICONS,)) -> Path | None:
    """The SVG file of an icon, or None when no folder has it."""
    for folder in dirs:
        path = folder / f"{name}.svg"
        if path.is_file():
            return path
    return None
