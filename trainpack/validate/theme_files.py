"""A theme's files: inside the course (or our shipped folders), and usable.

Split from ``theme.py`` (its models and colours): where the master, logo and fonts may
be, and whether a font or logo file can be opened, judged without decoding it.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from trainpack.core.errors import BuildError, Problem, problem
from trainpack.core.resources import FONTS, TEMPLATES, THEMES
from trainpack.load.assets import inside, picture_problem

if TYPE_CHECKING:
    from trainpack.validate.theme import Theme


def check_inside(
    folder: Path, named: dict[str, str | None], lines: dict[str, int], path: Path
) -> None:
    """A theme's files stay in the course folder (a course theme) or in ours (a shipped one)."""
    roots = [THEMES, TEMPLATES]
    if folder.resolve().parent != THEMES.resolve():
        roots.append(folder.parent.parent)  # <course>/themes/<id> -> the course folder
    bad = [
        problem(
            path,
            lines.get(key),
            None,
            f"the theme's {key} '{value}' is outside the course folder",
            "copy the file into the theme's folder and name it relative to theme.yaml",
        )
        for key, value in named.items()
        if value and not inside(folder / value, roots) and not inside(FONTS / value, [FONTS])
    ]
    if bad:
        raise BuildError(bad)


def check_file(theme: Theme, key: str, path: Path, what: str) -> list[Problem]:
    if not path.is_file():
        return [
            Problem(
                theme.where(key),
                f"the theme's {what} {path.name} does not exist",
                f"looked for {path}; paths are relative to {theme.folder}",
            )
        ]
    if what == "font":
        from fontTools.ttLib import TTFont

        try:
            with TTFont(str(path), lazy=True) as font:
                font.getBestCmap()
        except Exception as exc:  # fontTools raises many kinds for a damaged font
            return [
                Problem(
                    theme.where(key),
                    f"{path.name} is not a TrueType/OpenType font ({exc})",
                    "use the .ttf file of the font",
                )
            ]
    elif picture_problem(path):
        return [
            Problem(
                theme.where(key),
                f"the logo cannot be used: {picture_problem(path)}",
                "export the logo as a PNG of a sensible size (e.g. 600 x 200 pixels)",
            )
        ]
    elif path.suffix.lower() not in (".png", ".jpg", ".jpeg"):
        return [
            Problem(
                theme.where(key),
                f"the logo {path.name} is not a PNG or JPEG",
                "export the logo as PNG (transparent background)",
            )
        ]
    return []
