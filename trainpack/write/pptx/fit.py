"""Measure text so that nothing overflows: no reliance on PowerPoint's autofit.

Text is measured with metric-compatible open fonts shipped in templates/fonts
(Carlito for Calibri by default; a theme names its own, e.g. Liberation Sans for
Arial), shaped as clients shape it (Pillow's raqm layout: kerning, Arabic joining
forms), wrapped greedily as PowerPoint and LibreOffice wrap, and compared with the
placeholder's box.  A character the main font lacks (Arabic, say) is measured with
Noto Sans Arabic, the complex-script font the decks name.  Without raqm, advance
widths are summed per character (wider than shaped text: safe, not tight).  The
writer then keeps the template's size, shrinks down to a floor, or splits the
content onto continuation slides.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from fontTools.ttLib import TTFont
from PIL import ImageFont, features

logging.getLogger("fontTools").setLevel(
    logging.ERROR
)  # Carlito's old head.created date is harmless

from trainpack.core.resources import FONTS  # noqa: E402
from trainpack.core.spacing import words  # noqa: E402

LINE = 1.22  # Calibri/Carlito line height (win ascent + descent) per point of size
SAFETY = 0.94  # measure against a slightly smaller box: clients differ a little
ARABIC = (FONTS / "NotoSansArabic-Regular.ttf", FONTS / "NotoSansArabic-Bold.ttf")
# A paragraph that holds fallback (Arabic) glyphs is measured at this line height: Arial's
# own is 1.15 (PowerPoint draws Arabic with it) and LibreOffice, drawing Arabic with a
# fallback font, was measured at 1.12-1.17; a little more covers the taller marks.
ARABIC_LINE = 1.25
SHAPED = bool(features.check("raqm"))  # shape with raqm (HarfBuzz) when Pillow has it
_UNITS = 2048  # shape at this many pixels per em: widths to 1/2048 em


@lru_cache(maxsize=16)
def _shaper(path: Path) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(path), size=_UNITS, layout_engine=ImageFont.Layout.RAQM)


class Metrics:
    """Advance widths of one font file (and a fallback font for the characters it lacks),
    cached per character as a fraction of the em."""

    def __init__(self, path: Path, fallback: Path | None = None, shaped: bool = SHAPED) -> None:
        self._cmap, self._hmtx, self._upm = _read(path)
        self._fallback_font = _read(fallback) if fallback is not None else None
        self._paths = (path, fallback)
        self.shaped = shaped
        self._cache: dict[str, float] = {}
        self._words: dict[str, float] = {}  # shaped width of each word (in ems)
        self._missing = (self._hmtx["o"][0] if "o" in self._hmtx else self._upm / 2) / self._upm
        self.falls_back: set[str] = set()  # characters measured with the fallback font

    def em(self, char: str) -> float:
        units = self._cache.get(char)
        if units is None:
            glyph = self._cmap.get(ord(char))
            if unicodedata.category(char) == "Cf":  # bidi isolates and marks: no width
                units = 0.0
            elif glyph:
                units = self._hmtx[glyph][0] / self._upm
            elif self._fallback_font is not None and ord(char) in self._fallback_font[0]:
                cmap, hmtx, upm = self._fallback_font
                units = hmtx[cmap[ord(char)]][0] / upm
                self.falls_back.add(char)
            else:
                units = self._missing
            self._cache[char] = units
        return units

    def width(self, text: str, size: float) -> float:
        """Width in points of ``text`` at ``size`` points (shaped, cached per text: the
        fit engine asks for the same words again and again)."""
        ems = self._words.get(text)
        if ems is None:
            shaped = self._shape(text) if self.shaped else sum(self.em(c) for c in text)
            ems = self._words[text] = shaped
        return ems * size

    def _shape(self, text: str) -> float:
        """Ems of ``text``: each stretch drawn from one font shaped with it (kerning,
        joining forms); characters neither font has count as the main font's 'o'."""
        total, run, face = 0.0, "", 0
        for char in text:
            self.em(char)  # classifies the character (and records fallback use)
            if unicodedata.category(char) == "Cf":
                continue  # bidi isolates and marks: no width
            glyph = self._cmap.get(ord(char))
            which = 0 if glyph else 1 if char in self.falls_back else 2
            if which != face and run:
                total += self._run(run, face)
                run = ""
            run, face = run + char, which
        return total + (self._run(run, face) if run else 0.0)

    def _run(self, text: str, face: int) -> float:
        path = self._paths[face] if face < 2 else None
        if path is None:
            return len(text) * self._missing
        return float(_shaper(path).getlength(text)) / _UNITS

    def uses_fallback(self, text: str) -> bool:
        """Whether any character of ``text`` is drawn from the fallback font."""
        for char in text:
            self.em(char)
        return any(char in self.falls_back for char in text)


def _read(path: Path) -> tuple[dict[int, str], dict[str, tuple[int, int]], int]:
    with TTFont(str(path), lazy=True) as font:  # read what we need, then close the file
        return font.getBestCmap(), dict(font["hmtx"].metrics), font["head"].unitsPerEm


def line_height(path: Path) -> float:
    """A font's single line height per point of size, as clients lay lines out (the larger
    of the Windows and the hhea metrics)."""
    with TTFont(str(path), lazy=True) as font:
        upm, os2, hhea = font["head"].unitsPerEm, font["OS/2"], font["hhea"]
        return float(
            max(os2.usWinAscent + os2.usWinDescent, hhea.ascent - hhea.descent + hhea.lineGap) / upm
        )


@lru_cache(maxsize=16)
def _metrics(path: Path, fallback: Path | None) -> Metrics:
    return Metrics(path, fallback)


@dataclass(frozen=True)
class FontSet:
    """The font files text is measured with: a theme's regular and bold faces, the line
    height they give, and the fallback faces for characters they lack."""

    regular: Path = FONTS / "Carlito-Regular.ttf"
    bold: Path = FONTS / "Carlito-Bold.ttf"
    line: float = LINE
    fallback: tuple[Path, Path] | None = ARABIC
    fallback_line: float = ARABIC_LINE

    def metrics(self, bold: bool = False) -> Metrics:
        face = self.bold if bold else self.regular
        return _metrics(face, self.fallback[bool(bold)] if self.fallback else None)

    @classmethod
    def from_files(cls, files: Mapping[str, Path] | None) -> FontSet:
        """The set for a theme's font files ({'regular': …, 'bold': …}); None: Carlito."""
        if not files:
            return DEFAULT
        regular = Path(files["regular"])
        bold = Path(files.get("bold") or regular)
        if (regular, bold) == (DEFAULT.regular, DEFAULT.bold):
            return DEFAULT
        return cls(regular, bold, max(line_height(regular), line_height(bold)))


DEFAULT = FontSet()


def metrics(bold: bool = False, font_dir: Path = FONTS) -> Metrics:
    """Metrics of Carlito (or of the Carlito files in ``font_dir``), with the Arabic fallback."""
    if Path(font_dir) == FONTS:
        return DEFAULT.metrics(bold)
    return FontSet(
        Path(font_dir) / "Carlito-Regular.ttf", Path(font_dir) / "Carlito-Bold.ttf"
    ).metrics(bold)


@dataclass(frozen=True)
class Piece:
    """A stretch of text in one weight (from a run)."""

    text: str
    bold: bool = False


@dataclass(frozen=True)
class Block:
    """A paragraph to measure: its pieces, relative size, left indent and space before."""

    pieces: tuple[Piece, ...]
    scale: float = 1.0
    indent: float = 0.0  # points taken from the line width (bullet indent)
    space_before: float = 0.2  # fraction of a line added before the paragraph


def count_lines(
    pieces: Sequence[Piece], size: float, width: float, fonts: FontSet | None = None
) -> int:
    """Greedy word wrap; a word longer than the line breaks where it must."""
    fonts = fonts or DEFAULT
    space = fonts.metrics().width(" ", size)
    lines, used = 1, 0.0
    for piece in pieces:
        font = fonts.metrics(piece.bold)
        for word in words(piece.text):
            for index, part in enumerate(link_parts(word)):
                w = font.width(part, size)
                gap = space if used and index == 0 else 0.0
                if used and used + gap + w > width:
                    lines, used, gap = lines + 1, 0.0, 0.0
                if w > width:
                    extra = int(w // width)
                    lines += extra
                    used = w - extra * width
                else:
                    used = used + gap + w
    return lines


_LINK = re.compile(r"://|^www\.|\w/\w|@\w")
_LINK_BREAK = re.compile(r"(?<=[/?&=_.\-])")


def link_parts(word: str) -> list[str]:
    """The parts of ``word`` a client keeps on one line: a link (URL, path, e-mail) breaks
    after its separators, as LibreOffice and PowerPoint break it; any other word is whole."""
    return [p for p in _LINK_BREAK.split(word) if p] if _LINK.search(word) else [word]


def line_of(pieces: Sequence[Piece], fonts: FontSet | None = None) -> float:
    """Line height per point for a paragraph: taller when it holds fallback (Arabic) glyphs."""
    fonts = fonts or DEFAULT
    if fonts.fallback and any(fonts.metrics(p.bold).uses_fallback(p.text) for p in pieces):
        return max(fonts.line, fonts.fallback_line)
    return fonts.line


def height(
    blocks: Sequence[Block], size: float, width: float, fonts: FontSet | None = None
) -> float:
    """Height in points of the paragraphs at base ``size`` in a box ``width`` wide."""
    total = 0.0
    for index, block in enumerate(blocks):
        s = size * block.scale
        lines = count_lines(block.pieces, s, max(width - block.indent, s), fonts)
        line = line_of(block.pieces, fonts)
        total += lines * s * line + (block.space_before * s * line if index else 0.0)
    return total


def fits(
    blocks: Sequence[Block], size: float, box: tuple[float, float], fonts: FontSet | None = None
) -> bool:
    width, tall = box
    return height(blocks, size, width * SAFETY, fonts) <= tall * SAFETY


def best_size(
    blocks: Sequence[Block],
    box: tuple[float, float],
    base: float,
    floor: float,
    fonts: FontSet | None = None,
) -> float | None:
    """The largest size from ``base`` down to ``floor`` (half-point steps) that fits."""
    size = base
    while size >= floor:
        if fits(blocks, size, box, fonts):
            return size
        size -= 0.5 if size <= 14 else 1.0
    return None


def chunk(
    groups: Sequence[Sequence[Block]],
    box: tuple[float, float],
    size: float,
    fonts: FontSet | None = None,
) -> list[list[Block]] | None:
    """Split groups of blocks (a bullet with its sub-bullets) into pages that fit.

    Returns None when a single group cannot fit on a page by itself.
    """
    pages: list[list[Block]] = []
    current: list[Block] = []
    for group in groups:
        trial = current + list(group)
        if fits(trial, size, box, fonts):
            current = trial
            continue
        if not fits(list(group), size, box, fonts):
            return None
        if current:
            pages.append(current)
        current = list(group)
    if current:
        pages.append(current)
    return _balance(groups, pages, box, size, fonts) if len(pages) > 1 else pages


def _balance(
    groups: Sequence[Sequence[Block]],
    pages: list[list[Block]],
    box: tuple[float, float],
    size: float,
    fonts: FontSet | None,
) -> list[list[Block]]:
    """Same number of pages, filled evenly (14 bullets: 5/5/4, not 6/6/2).

    Greedy filling with a lower height limit, tightened while it still needs no more pages.
    """
    width, tall = box
    best, low, high = pages, 0.0, tall
    for _ in range(12):
        limit = (low + high) / 2
        trial = _fill(groups, (width, limit), size, fonts)
        if trial is not None and len(trial) <= len(pages):
            best, high = trial, limit
        else:
            low = limit
    return best


def _fill(
    groups: Sequence[Sequence[Block]], box: tuple[float, float], size: float, fonts: FontSet | None
) -> list[list[Block]] | None:
    pages: list[list[Block]] = []
    current: list[Block] = []
    for group in groups:
        if fits(current + list(group), size, box, fonts):
            current += list(group)
        elif current and fits(list(group), size, box, fonts):
            pages.append(current)
            current = list(group)
        else:
            return None
    return pages + [current] if current else pages
