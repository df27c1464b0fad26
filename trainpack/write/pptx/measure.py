"""How big things are on a layout: text sizes and floors, placeholder boxes, table rows,
process steps — the measuring half of the PPTX writer (pure: no python-pptx import)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from trainpack.core.errors import BuildError, Problem, SourceLocation
from trainpack.core.spacing import words
from trainpack.render.deckspec import Para, Run, SlideSpec
from trainpack.write.pptx import fit

TITLE_SIZE = {"title": 40.0, "section": 36.0, "divider": 40.0}
TITLE_FLOOR = 28.0  # titles wrap onto a second line before they shrink, never below this
MIN_TEXT = 18.0  # no text the room sees is smaller than this, as rendered
BODY, BODY_FLOOR, TABLE, TABLE_FLOOR = 24.0, 18.0, 20.0, 18.0
BASE = {"quiz": 28.0, "statement": 40.0, "statistic": 28.0}  # body sizes of some layouts
HEADING = 24.0  # the Comparison layout's column-heading size
LEVEL_SCALE = (1.0, 0.83, 0.75)
LEVEL_INDENT = (27.0, 58.5, 90.0)  # points taken by the bullet at each level
INSET_X, INSET_Y = 7.2, 3.6  # PowerPoint's default text insets, in points
# paragraph styles drawn without a bullet or indent (the rest are list items)
PLAIN = (
    "plain",
    "quote",
    "attribution",
    "question",
    "center",
    "center-small",
    "statement",
    "caption",
    "source",
    "option",
)
CENTRED = ("center", "center-small", "statement", "caption", "source")


def round_rect_inset(width: int, height: int) -> float:
    """Points by which a rounded rectangle's text area is inset on each side (the corner
    radius, 1/6 of the shorter side by default, times 1 - cos 45°)."""
    return min(width, height) / 12700 * 0.16667 * 0.29289


def floor_for(paras: Iterable[Para], floor: float = BODY_FLOOR) -> float:
    """The smallest base size at which every paragraph (sub-bullets are drawn smaller)
    is still at least MIN_TEXT points, rounded up to a half point."""
    scales = [LEVEL_SCALE[min(p.level, 2)] for p in paras] or [1.0]
    need = MIN_TEXT / min(scales)
    return max(floor, -(-need * 2 // 1) / 2)


def step_size(
    blocks: list[list[fit.Block]],
    box: tuple[float, float],
    fonts: fit.FontSet | None = None,
    top: float = 24.0,
    floor: float = 20.0,
) -> float:
    """One size for every step's label (``top`` down to ``floor``) at which each step fits
    its box and no word is wider than the box: clients would break such a word mid-word."""
    size = top
    while size >= floor:
        if all(fit.fits(b, size, box, fonts) and words_fit(b, size, box[0], fonts) for b in blocks):
            return size
        size -= 1.0
    return 0.0


def title_fit(
    runs: Sequence[Run],
    width: float,
    room: float,
    base: float,
    fonts: fit.FontSet | None = None,
    lines: int = 2,
) -> tuple[float, int] | None:
    """(size, lines) for a title: the base size on up to ``lines`` lines (wrapping before
    shrinking), else shrunk in 1 pt steps to TITLE_FLOOR; ``room`` is the height in points
    the title may take.  None when even the floor does not fit."""
    pieces = [fit.Piece(r.text, True) for r in runs]
    size = base
    while size >= TITLE_FLOOR:
        count = fit.count_lines(pieces, size, width * fit.SAFETY, fonts)
        need = count * size * fit.line_of(pieces, fonts) + 2 * INSET_Y
        if (
            count <= lines
            and need <= room
            and words_fit([fit.Block(tuple(pieces))], size, width, fonts)
        ):
            return size, count
        size -= 1.0
    return None


def words_fit(
    blocks: list[fit.Block], size: float, width: float, fonts: fit.FontSet | None = None
) -> bool:
    """No word is wider than the line (a client would break it mid-word); a link counts by
    the parts it breaks into."""
    fonts = fonts or fit.DEFAULT
    return all(
        fonts.metrics(piece.bold).width(part, size * block.scale)
        <= (width - block.indent) * fit.SAFETY
        for block in blocks
        for piece in block.pieces
        for word in words(piece.text)
        for part in fit.link_parts(word)
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
    paras = list(paras)
    iconic = any(p.icon for p in paras)  # bullets with icons are drawn without indents
    return [block(p.runs, level=p.level, plain=p.style in PLAIN or iconic) for p in paras]


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
