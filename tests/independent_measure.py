"""An independent measure of text, for tests that check the writer's fit: FreeType (through
Pillow) widths and the font files' own Windows line metrics, read here, never through
trainpack's fit engine, so a bug in the engine cannot hide behind itself."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

from fontTools.ttLib import TTFont
from PIL import ImageFont

FONTS = Path(__file__).resolve().parent.parent / "templates" / "fonts"
LATIN = {False: FONTS / "Carlito-Regular.ttf", True: FONTS / "Carlito-Bold.ttf"}
ARABIC = {False: FONTS / "NotoSansArabic-Regular.ttf", True: FONTS / "NotoSansArabic-Bold.ttf"}
_ARABIC_CHARS = re.compile("[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")
_PRECISION = 10  # measure at 10x the size for sub-point precision


@lru_cache(maxsize=64)
def _font(path: Path, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(path), size=size)


@lru_cache(maxsize=8)
def line_height(path: Path) -> float:
    """Line height per point of size from the font's OS/2 Windows metrics (what PowerPoint
    and LibreOffice use for single spacing)."""
    with TTFont(str(path), lazy=True) as font:
        os2 = font["OS/2"]
        return float(os2.usWinAscent + os2.usWinDescent) / font["head"].unitsPerEm


def _path(text: str, bold: bool) -> Path:
    return (ARABIC if _ARABIC_CHARS.search(text) else LATIN)[bold]


def width(text: str, size: float, bold: bool = False) -> float:
    font = _font(_path(text, bold), max(1, round(size * _PRECISION)))
    return float(font.getlength(text)) / _PRECISION


def lines(pieces: Sequence[tuple[str, bool]], size: float, room: float) -> int:
    """Greedy word wrap of (text, bold) pieces in a line ``room`` points wide."""
    count, used = 1, 0.0
    space = width(" ", size)
    for text, bold in pieces:
        for word in text.split():
            w = width(word, size, bold)
            if used and used + space + w > room:
                count, used = count + 1, 0.0
            used = used + (space if used else 0.0) + w
            while used > room and room > 0:  # a word longer than the line breaks where it must
                count, used = count + 1, used - room
    return count


def paragraph_line(pieces: Sequence[tuple[str, bool]]) -> float:
    text = "".join(t for t, _ in pieces)
    latin = line_height(LATIN[False])
    return max(latin, line_height(ARABIC[False])) if _ARABIC_CHARS.search(text) else latin
