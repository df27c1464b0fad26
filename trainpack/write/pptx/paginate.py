"""Pagination: choose every slide's title and body sizes, or continue it on more slides,
so that nothing overflows and nothing the room reads is under 18 pt (titles 28 pt).

Part of the PPTX writer: a mixin of PptxWriter, which supplies the layouts' boxes.
"""

from __future__ import annotations

import copy
from typing import Any

from trainpack.render.deckspec import Para, Run, SlideSpec
from trainpack.write.pptx import fit
from trainpack.write.pptx.geometry import Rect, text_rect
from trainpack.write.pptx.measure import (
    BASE,
    BODY,
    INSET_X,
    INSET_Y,
    TABLE,
    TABLE_FLOOR,
    TITLE_SIZE,
    blocks,
    box_of,
    column_widths,
    floor_for,
    heading_size,
    overflow,
    row_height,
    split_rows,
    title_fit,
)

LAYOUTS = {  # our layout -> the standard PowerPoint layout name it is drawn on
    "title": "Title Slide",
    "section": "Section Header",
    "divider": "Section Header",
    "bullets": "Title and Content",
    "checklist": "Title and Content",
    "question": "Title and Content",
    "activity": "Title and Content",
    "quote": "Title and Content",
    "case-study": "Title and Content",
    "case-card": "Title and Content",
    "quiz": "Title and Content",
    "statement": "Title and Content",
    "statistic": "Title and Content",
    "two-column": "Two Content",
    "comparison": "Comparison",
    "picture": "Two Content",
    "table": "Title Only",
    "process": "Title Only",
    "icon-grid": "Title Only",
    "timeline": "Title Only",
    "image": "Picture with Caption",
}
NO_TITLE_ICON = ("title", "section", "divider", "statement", "statistic", "case-card")
EMU_PT = 12700
INCH = 914400
FIXED = ("title", "section", "divider", "image", "icon-grid", "timeline")  # no body to fit


def rect_box(rect: Rect) -> tuple[float, float]:
    """A text rectangle's measurable box in points (insets taken off)."""
    return (rect[2] / EMU_PT - 2 * INSET_X, rect[3] / EMU_PT - 2 * INSET_Y)


class Paginator:
    """Fits titles and bodies; needs ``fonts``, ``_continued``, ``_continued_note`` and the
    layout lookups of PptxWriter."""

    fonts: fit.FontSet
    _continued: str
    _continued_note: str
    _rtl: bool
    slide_width: int

    # the layouts' placeholders: PptxWriter looks them up
    def _title(self, layout: Any) -> Any:
        raise NotImplementedError

    def _bodies(self, layout: Any) -> list:
        raise NotImplementedError

    def _body_area(self, layouts: dict) -> tuple[int, int, int, int]:
        raise NotImplementedError

    def _targets(self, bodies: list, count: int, headed: bool) -> list:
        raise NotImplementedError

    @staticmethod
    def layout_name(spec: SlideSpec) -> str:
        return LAYOUTS.get(spec.layout, "Title and Content")

    def icon_in_title(self, spec: SlideSpec) -> bool:
        return bool(spec.icon) and spec.layout not in NO_TITLE_ICON

    def _pages(self, spec: SlideSpec, layouts: dict, result) -> list[SlideSpec]:
        spec = copy.copy(spec)  # sizes are the writer's: the DeckSpec is never changed
        pages = self._split(spec, layouts, result)
        if len(pages) > 1:  # continued titles get " (continued)": measure that too
            fitted = self._title_size(spec, layouts, [*spec.title, Run(self._continued)])
            if fitted is None:
                raise overflow(
                    spec,
                    "the title is too long for a continued slide",
                    "shorten the title to about 50 characters",
                )
            for page in pages:
                page.title_size = min(page.title_size, fitted)
        return pages

    def title_room(self, spec: SlideSpec, layout) -> tuple[Rect, float, int] | None:
        """(title rectangle, room in points, most lines) for a slide's title: a one-line
        title box grows upwards to take a second line (its bottom stays on the rule)."""
        ph = self._title(layout)
        if ph is None:
            return None
        left, top, width, height = int(ph.left), int(ph.top), int(ph.width), int(ph.height)
        if self.icon_in_title(spec):
            width -= int(ICON_ROOM)
        if height >= int(1.3 * INCH):
            return (left, top, width, height), height / EMU_PT, 3
        bottom = top + height
        highest = min(top, int(0.12 * INCH))
        return (left, highest, width, bottom - highest), (bottom - highest) / EMU_PT, 2

    def _title_size(self, spec: SlideSpec, layouts: dict, runs: list[Run]) -> float | None:
        room = self.title_room(spec, layouts[self.layout_name(spec)])
        if room is None or not runs:
            return TITLE_SIZE.get(spec.layout, 32.0)
        rect, height, lines = room
        fitted = title_fit(
            runs,
            rect[2] / EMU_PT - 2 * INSET_X,
            height,
            TITLE_SIZE.get(spec.layout, 32.0),
            self.fonts,
            lines,
        )
        return fitted[0] if fitted else None

    def _split(self, spec: SlideSpec, layouts: dict, result) -> list[SlideSpec]:
        layout = layouts[self.layout_name(spec)]
        size = self._title_size(spec, layouts, spec.title)
        if size is None:
            raise overflow(
                spec,
                "the title does not fit on two lines even at 28 pt",
                "shorten the title to about 60 characters",
            )
        spec.title_size = size
        if spec.table is not None:
            return self._table_pages(spec, self._body_area(layouts), result)
        if spec.columns:
            return self._column_pages(spec, layout, result)
        if not spec.body or spec.layout in FIXED:
            return [spec]
        rect = self.body_rect(spec, layout)
        box = rect_box(rect)
        base = BASE.get(spec.layout, BODY)
        floor = floor_for(spec.body, 28.0 if spec.layout in ("statement", "statistic") else 18.0)
        body = blocks(spec.body)
        if spec.layout == "statistic":  # the source line is drawn at 18 pt
            body = [fit.Block(b.pieces, 18.0 / base if i else 1.0) for i, b in enumerate(body)]
        size = fit.best_size(body, box, base, min(floor, base), self.fonts)
        if size is not None:
            spec.body_size = size
            result.shrunk += size < base
            return [spec]
        if spec.layout in ("statement", "statistic", "picture"):
            raise overflow(
                spec,
                f"the {spec.layout} text does not fit on its slide",
                "shorten it: a statement or caption of about 15 words, 1-5 short bullets",
            )
        return self._continue(spec, box, floor, result)

    def _column_pages(self, spec: SlideSpec, layout, result) -> list[SlideSpec]:
        targets = self._targets(
            self._bodies(layout), len(spec.columns), bool(spec.columns[0].heading)
        )
        boxes = [box_of(body) for _, body in targets]
        sizes = [
            fit.best_size(blocks(c.paras), b, BODY, floor_for(c.paras), self.fonts)
            for c, b in zip(spec.columns, boxes)
        ]
        if any(s is None for s in sizes):
            raise overflow(
                spec,
                "a column does not fit on the slide even at 18 pt",
                "shorten the bullets or move some to the notes",
            )
        spec.body_size = min(s for s in sizes if s is not None)
        result.shrunk += spec.body_size < BODY
        if heading_size(spec, targets, self.fonts) == 0.0:
            raise overflow(
                spec,
                "a column heading does not fit above its column even at 18 pt",
                "shorten the heading to about 30 characters",
            )
        return [spec]

    def body_rect(self, spec: SlideSpec, layout) -> Rect:
        """Where a slide's body text goes (its layout's body, moved for icons and panels)."""
        bodies = self._bodies(layout)
        # the picture layout's bullets sit in the second column (the left one when rtl)
        body = bodies[-1] if spec.layout == "picture" and not self._rtl else bodies[0]
        area = (int(body.left), int(body.top), int(body.width), int(body.height))
        return text_rect(spec, area, self._rtl, self.slide_width)

    def _continue(
        self, spec: SlideSpec, box: tuple[float, float], floor: float, result
    ) -> list[SlideSpec]:
        groups: list[list[Para]] = []
        for para in spec.body:
            if para.level == 0 or not groups:
                groups.append([para])
            else:
                groups[-1].append(para)
        base = BASE.get(spec.layout, BODY)
        for size in (max(base - 4, floor), floor):
            pages = fit.chunk([blocks(g) for g in groups], box, size, self.fonts)
            if pages is not None:
                break
        else:
            raise overflow(
                spec,
                "one bullet is too long for a slide even at 18 pt",
                "split the bullet into shorter ones, or move detail to the notes",
            )
        out, index = [], 0
        for number, page in enumerate(pages):
            paras = spec.body[index : index + len(page)]
            index += len(page)
            part = copy.copy(spec)
            part.body, part.body_size, part.continued = paras, size, number > 0
            if number:
                part.notes = [self._continued_note]
            out.append(part)
        result.continued += len(out) - 1
        return out

    def _table_pages(
        self, spec: SlideSpec, area: tuple[int, int, int, int], result
    ) -> list[SlideSpec]:
        table = spec.table
        assert table is not None
        _, _, width, tall = area
        widths = column_widths(table.widths, width)
        limit = tall / EMU_PT * fit.SAFETY
        sizes = (TABLE, 19.0, TABLE_FLOOR)
        for size in sizes:
            heights = [
                row_height(cells, widths, size, self.fonts)
                for cells in [table.columns, *table.rows]
            ]
            if sum(heights) <= limit:
                spec.body_size = size
                result.shrunk += size < TABLE
                return [spec]
        # Too long for one slide: continue at the largest size at which every row fits
        # under the header.
        for size in sizes:
            heights = [
                row_height(cells, widths, size, self.fonts)
                for cells in [table.columns, *table.rows]
            ]
            if all(heights[0] + h <= limit for h in heights[1:]):
                break
        else:
            raise overflow(
                spec,
                "a table row is too tall for a slide at 18 pt",
                "shorten the cell text; detail belongs in the handout",
            )
        pages = split_rows(table.rows, heights, limit)
        even = heights[0] + sum(heights[1:]) / len(pages)  # fill evenly: 5/5/4, not 6/7/1
        while even < limit:
            balanced = split_rows(table.rows, heights, even)
            if len(balanced) <= len(pages):
                pages = balanced
                break
            even += 2.0
        out = []
        for number, rows in enumerate(pages):
            part = copy.copy(spec)
            part.table = copy.copy(table)
            part.table.rows, part.body_size, part.continued = rows, size, number > 0
            out.append(part)
        result.continued += len(out) - 1
        return out


ICON_ROOM = 1.0 * INCH  # title width given up to a slide icon in the title row
