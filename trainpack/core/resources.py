"""Where the shipped templates, themes and fonts are, in a checkout and in an installed wheel.

The wheel maps ``templates/`` and ``themes/`` into the package (``trainpack/templates``,
``trainpack/themes``); a checkout or an editable install keeps them at the top level.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def _shipped(name: str) -> Path:
    inside = Path(str(resources.files("trainpack"))) / name
    if inside.is_dir():
        return inside
    return Path(__file__).resolve().parents[2] / name


TEMPLATES = _shipped("templates")
THEMES = _shipped("themes")
FONTS = TEMPLATES / "fonts"
