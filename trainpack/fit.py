"""Measure text so that nothing overflows: no reliance on PowerPoint's autofit.

Text is measured with the advance widths of metric-compatible open fonts
(Carlito for Calibri) shipped in templates/fonts, wrapped greedily as
PowerPoint and LibreOffice wrap, and compared with the placeholder's box.  The
writer then keeps the template's size, shrinks down to a floor, or splits the
content onto continuation slides.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Sequence

import logging

from fontTools.ttLib import TTFont

logging.getLogger("fontTools").setLevel(logging.ERROR)  # Carlito's old head.created date is harmless

FONTS = Path(__file__).resolve().parent.parent / "templates" / "fonts"
LINE = 1.22          # Calibri/Carlito line height (win ascent + descent) per point of size
SAFETY = 0.94        # measure against a slightly smaller box: clients differ a little


class Metrics:
    """Advance widths of one font file, cached per character."""

    def __init__(self, path: Path) -> None:
        with TTFont(str(path), lazy=True) as font:  # read what we need, then close the file
            self._cmap = font.getBestCmap()
            self._hmtx = dict(font["hmtx"].metrics)
            self._upm = font["head"].unitsPerEm
        self._cache: dict[str, float] = {}
        self._fallback = self._hmtx["o"][0] if "o" in self._hmtx else self._upm / 2

    def width(self, text: str, size: float) -> float:
        """Width in points of ``text`` at ``size`` points."""
        total = 0.0
        for char in text:
            units = self._cache.get(char)
            if units is None:
                glyph = self._cmap.get(ord(char))
                units = self._hmtx[glyph][0] if glyph else self._fallback
                self._cache[char] = units
            total += units
        return total * size / self._upm


@lru_cache(maxsize=8)
def metrics(bold: bool = False, font_dir: Path = FONTS) -> Metrics:
    return Metrics(font_dir / ("Carlito-Bold.ttf" if bold else "Carlito-Regular.ttf"))


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
    indent: float = 0.0        # points taken from the line width (bullet indent)
    space_before: float = 0.2  # fraction of a line added before the paragraph


def count_lines(pieces: Sequence[Piece], size: float, width: float) -> int:
    """Greedy word wrap; a word longer than the line breaks where it must."""
    space = metrics().width(" ", size)
    lines, used = 1, 0.0
    for piece in pieces:
        font = metrics(piece.bold)
        for word in piece.text.split():
            w = font.width(word, size)
            if used and used + space + w > width:
                lines, used = lines + 1, 0.0
            if w > width:
                extra = int(w // width)
                lines += extra
                used = w - extra * width
            else:
                used = used + (space if used else 0.0) + w
    return lines


def height(blocks: Sequence[Block], size: float, width: float) -> float:
    """Height in points of the paragraphs at base ``size`` in a box ``width`` wide."""
    total = 0.0
    for index, block in enumerate(blocks):
        s = size * block.scale
        lines = count_lines(block.pieces, s, max(width - block.indent, s))
        total += lines * s * LINE + (block.space_before * s * LINE if index else 0.0)
    return total


def fits(blocks: Sequence[Block], size: float, box: tuple[float, float]) -> bool:
    width, tall = box
    return height(blocks, size, width * SAFETY) <= tall * SAFETY


def best_size(blocks: Sequence[Block], box: tuple[float, float], base: float,
              floor: float) -> float | None:
    """The largest size from ``base`` down to ``floor`` (half-point steps) that fits."""
    size = base
    while size >= floor:
        if fits(blocks, size, box):
            return size
        size -= 0.5 if size <= 14 else 1.0
    return None


def chunk(groups: Sequence[Sequence[Block]], box: tuple[float, float],
          size: float) -> list[list[Block]] | None:
    """Split groups of blocks (a bullet with its sub-bullets) into pages that fit.

    Returns None when a single group cannot fit on a page by itself.
    """
    pages: list[list[Block]] = []
    current: list[Block] = []
    for group in groups:
        trial = current + list(group)
        if fits(trial, size, box):
            current = trial
            continue
        if not fits(list(group), size, box):
            return None
        if current:
            pages.append(current)
        current = list(group)
    if current:
        pages.append(current)
    return pages
