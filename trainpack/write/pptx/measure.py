"""How big things are on a layout: text sizes and floors, placeholder boxes, table rows,
process steps — the measuring half of the PPTX writer (pure: no python-pptx import)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from trainpack.core.errors import BuildError, Problem, SourceLocation
from trainpack.render.deckspec import Para, Run, SlideSpec
from trainpack.write.pptx import fit

TITLE_SIZE = {"title": 40.0, "section": 36.0}
BODY, BODY_FLOOR, TABLE, TABLE_FLOOR = 24.0, 16.0, 18.0, 11.0
HEADING = 24.0  # the Comparison layout's column-heading size
LEVEL_SCALE = (1.0, 0.83, 0.75)
LEVEL_INDENT = (27.0, 58.5, 90.0)  # points taken by the bullet at each level
INSET_X, INSET_Y = 7.2, 3.6  # PowerPoint's default text insets, in points


def round_rect_inset(width: int, height: int) -> float:
    """Points by which a rounded rectangle's text area is inset on each side (the corner
    radius, 1/6 of the shorter side by default, times 1 - cos 45°)."""
    return min(width, height) / 12700 * 0.16667 * 0.29289


def step_size(
    blocks: list[list[fit.Block]], box: tuple[float, float], fonts: fit.FontSet | None = None
) -> float:
    """One size for every process step (20 down to 11 pt) at which each step fits its box
    and no word is wider than the box: clients would break such a word mid-word."""
    size = 20.0
    while size >= 11.0:
        if all(fit.fits(b, size, box, fonts) and words_fit(b, size, box[0], fonts) for b in blocks):
            return size
        size -= 0.5 if size <= 14 else 1.0
    return 0.0


def words_fit(
    blocks: list[fit.Block], size: float, width: float, fonts: fit.FontSet | None = None
) -> bool:
    fonts = fonts or fit.DEFAULT
    return all(
        fonts.metrics(piece.bold).width(word, size * block.scale)
        <= (width - block.indent) * fit.SAFETY
        for block in blocks
        for piece in block.pieces
        for word in piece.text.split()
    )


def split_rows(rows: list, heights: list[float], limit: float) -> list[list]:
    """Rows onto pages of at most ``limit`` points, each page under a repeated header."""
    pages: list[list] = []
    current: list = []
    used = heights[0]
    for row, h in zip(rows, heights[1:]):
        if current and used + h > limit:
            pages.append(current)
            current, used = [], heights[0]
        current.append(row)
        used += h
    return pages + [current]


def box_of(shape) -> tuple[float, float]:
    return (shape.width / 12700 - 2 * INSET_X, shape.height / 12700 - 2 * INSET_Y)


def column_targets(bodies: list, count: int, headed: bool) -> list:
    """(heading, body) placeholder pairs, left to right."""
    if headed and len(bodies) >= 4:
        return [(bodies[0], bodies[1]), (bodies[2], bodies[3])]
    return [(None, b) for b in bodies[-count:]]


def heading_size(spec: SlideSpec, targets: list, fonts: fit.FontSet | None = None) -> float | None:
    """One size for both column headings, shrunk from HEADING to 16 pt to fit their boxes;
    None when there are no headings, 0.0 when they do not fit."""
    heads = [
        (column.heading, head)
        for column, (head, _) in zip(spec.columns, targets)
        if head is not None and column.heading
    ]
    if not heads:
        return None
    sizes = [
        fit.best_size([block(text, bold=True)], box_of(head), HEADING, BODY_FLOOR, fonts)
        for text, head in heads
    ]
    return min(sizes) if all(sizes) else 0.0  # type: ignore[type-var]


def block(runs: Sequence[Run], bold: bool = False, level: int = 0, plain: bool = True) -> fit.Block:
    pieces = tuple(fit.Piece(r.text, bold or r.bold) for r in runs)
    indent = 0.0 if plain else LEVEL_INDENT[min(level, 2)]
    return fit.Block(pieces, LEVEL_SCALE[min(level, 2)], indent)


def blocks(paras: Iterable[Para]) -> list[fit.Block]:
    return [
        block(p.runs, level=p.level, plain=p.style in ("plain", "quote", "attribution", "question"))
        for p in paras
    ]


def column_widths(weights: list[float], width: int) -> list[float]:
    total = sum(weights) or 1.0
    return [width / 12700 * w / total for w in weights]


def row_height(
    cells: list[list[Run]], widths: list[float], size: float, fonts: fit.FontSet | None = None
) -> float:
    """A row as tall as its tallest cell (Arabic cells have taller lines)."""
    need = 0.0
    for cell, w in zip(cells, widths):
        pieces = [fit.Piece(r.text, r.bold) for r in cell]
        lines = fit.count_lines(pieces, size, w - 2 * INSET_X, fonts)
        need = max(need, lines * size * fit.line_of(pieces, fonts))
    return need + 2 * INSET_Y + 4


def overflow(spec: SlideSpec, message: str, hint: str) -> BuildError:
    where = spec.origin or SourceLocation(Path("module.yaml"))
    return BuildError([Problem(where, f"slide '{spec.title_text}': {message}", hint)])
