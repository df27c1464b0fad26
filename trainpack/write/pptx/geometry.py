"""Where things go on the new layouts, in EMU (pure: measured and drawn from the same
numbers).  Rectangles are (left, top, width, height); right-to-left slides mirror them."""

from __future__ import annotations

from trainpack.render.deckspec import SlideSpec

Rect = tuple[int, int, int, int]
INCH = 914400
PARA_ICON = int(0.75 * INCH)  # the column bullet icons take at the left of the text
PANEL = int(3.4 * INCH)  # a case card's panel (icon, name and age)
PANEL_GAP = int(0.35 * INCH)
STATEMENT_ICON = int(1.3 * INCH)
FIGURE_HEIGHT = int(1.9 * INCH)  # a statistic's big figure


def mirror(rect: Rect, rtl: bool, slide_width: int) -> Rect:
    """A rectangle on a right-to-left slide: reflected about the slide's centre line."""
    if not rtl:
        return rect
    x, y, w, h = rect
    return (slide_width - x - w, y, w, h)


def text_rect(spec: SlideSpec, area: Rect, rtl: bool, slide_width: int) -> Rect:
    """The body text's rectangle, given the layout's body placeholder ``area``: narrowed for
    bullet icons and a case card's panel, lowered under a statement's icon or a figure."""
    x, y, w, h = area
    if spec.layout == "case-card":
        shift = PANEL + PANEL_GAP
        return _side(area, shift, rtl)
    if spec.layout == "statement" and spec.icon:
        return (x, y + STATEMENT_ICON + int(0.2 * INCH), w, h - STATEMENT_ICON - int(0.2 * INCH))
    if spec.layout == "statistic":
        top = FIGURE_HEIGHT + int(0.15 * INCH)
        return (x, y + top, w, h - top)
    if any(p.icon for p in spec.body):
        return _side(area, PARA_ICON, rtl)
    return area


def _side(area: Rect, shift: int, rtl: bool) -> Rect:
    """``area`` less ``shift`` at its reading start (the left; the right when rtl)."""
    x, y, w, h = area
    return (x, y, w - shift, h) if rtl else (x + shift, y, w - shift, h)


def panel_rect(area: Rect, rtl: bool) -> Rect:
    """A case card's panel: the reading start of the body area, full height."""
    x, y, w, h = area
    return (x + w - PANEL, y, PANEL, h) if rtl else (x, y, PANEL, h)


def grid_cells(area: Rect, count: int, rtl: bool) -> list[Rect]:
    """Icon-grid cells in reading order: one row of up to four, else rows of three."""
    x, y, w, h = area
    per_row = count if count <= 4 else 3
    rows = -(-count // per_row)
    gap = int(0.3 * INCH)
    cell_w = (w - gap * (per_row - 1)) // per_row
    cell_h = min((h - gap * (rows - 1)) // rows, int(3.6 * INCH))
    top = y + (h - rows * cell_h - (rows - 1) * gap) // 2
    cells = []
    for index in range(count):
        row, col = divmod(index, per_row)
        in_row = min(per_row, count - row * per_row)
        offset = (w - in_row * cell_w - (in_row - 1) * gap) // 2  # a short last row centred
        slot = in_row - 1 - col if rtl else col
        cells.append(
            (x + offset + slot * (cell_w + gap), top + row * (cell_h + gap), cell_w, cell_h)
        )
    return cells


def step_cells(area: Rect, count: int, rtl: bool, rows: int = 0) -> list[Rect]:
    """Process boxes in reading order: one row up to five, else (or if ``rows`` is 2) two."""
    x, y, w, h = area
    rows = rows or (1 if count <= 5 else 2)
    per_row = -(-count // rows)
    rows = -(-count // per_row)
    gap = int(0.45 * INCH)
    cell_w = (w - gap * (per_row - 1)) // per_row
    row_gap = int(0.4 * INCH)
    cell_h = min((h - row_gap * (rows - 1)) // rows, int(3.4 * INCH))
    top = y + (h - rows * cell_h - (rows - 1) * row_gap) // 2
    cells = []
    for index in range(count):
        row, col = divmod(index, per_row)
        slot = per_row - 1 - col if rtl else col
        cells.append((x + slot * (cell_w + gap), top + row * (cell_h + row_gap), cell_w, cell_h))
    return cells


def timeline_slots(area: Rect, count: int, rtl: bool) -> list[Rect]:
    """Timeline columns in reading order (from the right when rtl)."""
    x, y, w, h = area
    col_w = w // count
    return [(x + (count - 1 - i if rtl else i) * col_w, y, col_w, h) for i in range(count)]
