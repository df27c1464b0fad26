"""Stage 5a: DeckSpec -> editable .pptx on the named layouts of a master template.

The only module that imports python-pptx.  Text goes into the layouts' real
placeholders (so trainers can edit it), is measured with fit.py and shrunk or
continued on another slide when it would overflow; tables are native tables,
process flows native shapes with connectors, notes become speaker notes.

A brand theme gives the master, the font files text is measured with and a logo
for the title slide.  A right-to-left deck (Arabic) marks every paragraph rtl and
right-aligned, tags runs with the language and a complex-script font, and mirrors
what has an order: columns, table columns and process steps run from the right.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from pathlib import Path

from pptx import Presentation
from pptx.enum.shapes import MSO_CONNECTOR, MSO_SHAPE, PP_PLACEHOLDER
from pptx.enum.text import MSO_ANCHOR
from pptx.util import Emu

from trainpack.core.docprops import DocProperties
from trainpack.core.errors import BuildError, Problem, SourceLocation
from trainpack.core.resources import THEMES
from trainpack.render.deckspec import DeckSpec, Para, Run, SlideSpec
from trainpack.write.pptx import fit
from trainpack.write.pptx.measure import (
    BODY,
    BODY_FLOOR,
    INSET_X,
    INSET_Y,
    TABLE,
    TABLE_FLOOR,
    TITLE_SIZE,
    block,
    blocks,
    box_of,
    column_targets,
    column_widths,
    heading_size,
    overflow,
    round_rect_inset,
    row_height,
    split_rows,
    step_size,
)
from trainpack.write.pptx.package import save_reproducible
from trainpack.write.pptx.shapes import (
    Lang,
    add_logo,
    add_notes,
    add_slide_number,
    fill_paragraphs,
    mirror_layouts,
    set_alt_text,
    solid_accent,
    style_connector,
    theme_font,
)

MASTER = THEMES / "default" / "master.pptx"
CS_FONT = "Arial"  # complex-script (Arabic) font named on runs of right-to-left decks
LAYOUTS = {  # our layout -> the standard PowerPoint layout name it is drawn on
    "title": "Title Slide",
    "section": "Section Header",
    "bullets": "Title and Content",
    "checklist": "Title and Content",
    "question": "Title and Content",
    "activity": "Title and Content",
    "quote": "Title and Content",
    "case-study": "Title and Content",
    "two-column": "Two Content",
    "comparison": "Comparison",
    "table": "Title Only",
    "process": "Title Only",
    "image": "Picture with Caption",
}
TITLE_TYPES = (PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE)
BODY_TYPES = (PP_PLACEHOLDER.BODY, PP_PLACEHOLDER.OBJECT, PP_PLACEHOLDER.SUBTITLE)


@dataclass
class DeckResult:
    slides: int
    notes: int
    shrunk: int
    continued: int


class PptxWriter:
    name, suffix = "pptx", ".pptx"
    media_type = "application/vnd.openxmlformats-officedocument.presentationml.presentation"

    def __init__(
        self,
        template: Path = MASTER,
        fonts: dict[str, Path] | None = None,
        logo: Path | None = None,
        rtl: bool = False,
    ) -> None:
        """``fonts``: the theme's metric-compatible files ({'regular', 'bold', …}) that deck
        text is measured with (default Carlito, for Calibri); ``logo``: a picture for the
        title slide; ``rtl``: every deck right-to-left (a deck's own ``direction`` also
        counts)."""
        self.template = Path(template)
        self.fonts = fit.FontSet.from_files(fonts)
        self.logo = Path(logo) if logo else None
        self.rtl = rtl

    def write(self, deck: DeckSpec, dest: Path) -> DeckResult:
        prs = Presentation(str(self.template))
        _drop_existing_slides(prs)
        layouts = {layout.name: layout for layout in prs.slide_layouts}
        self._placeholders: dict[int, tuple] = {}  # per presentation: see _layout_parts
        self._layouts = layouts
        self._check_layouts(layouts)
        rtl = self.rtl or getattr(deck, "direction", "ltr") == "rtl"
        self._rtl = rtl
        self._continued = deck.continued
        lang = Lang(deck.language, rtl, CS_FONT if rtl else None, theme_font(prs) or "Calibri")
        if rtl:
            prs.part._element.set("rtl", "1")  # the slide sorter and panes read from the right
            mirror_layouts(prs)
        result = DeckResult(0, 0, 0, 0)
        for spec in deck.slides:
            for page in self._pages(spec, layouts, result):
                self._slide(prs, layouts[LAYOUTS[page.layout]], page, lang)
                result.slides += 1
                result.notes += bool(page.notes)
        save_reproducible(prs, dest, deck.properties or DocProperties(deck.title))
        return result

    def _check_layouts(self, layouts: dict) -> None:
        missing = sorted(set(LAYOUTS.values()) - set(layouts))
        if missing:
            raise BuildError(
                [
                    Problem(
                        SourceLocation(self.template),
                        f"the slide template has no layout named {', '.join(missing)}",
                        f"its layouts are: {', '.join(layouts)}; rename a layout "
                        "in PowerPoint (View > Slide Master) to the missing name",
                    )
                ],
                category="template",
            )

    # -- pagination: shrink or continue so nothing overflows ------------------------------
    def _pages(self, spec: SlideSpec, layouts: dict, result: DeckResult) -> list[SlideSpec]:
        pages = self._split(spec, layouts, result)
        if len(pages) > 1:  # continued titles get " (continued)": measure that too
            size = fit.best_size(
                [block([*spec.title, Run(self._continued)], bold=True)],
                box_of(self._title(layouts[LAYOUTS[spec.layout]])),
                TITLE_SIZE.get(spec.layout, 32.0),
                20.0,
                self.fonts,
            )
            if size is None:
                raise overflow(
                    spec,
                    "the title is too long for a continued slide",
                    "shorten the title to about 50 characters",
                )
            for page in pages:
                page.title_size = min(page.title_size, size)
        return pages

    def _split(self, spec: SlideSpec, layouts: dict, result: DeckResult) -> list[SlideSpec]:
        layout = layouts[LAYOUTS[spec.layout]]
        title_box = box_of(self._title(layout))
        size = fit.best_size(
            [block(spec.title, bold=True)],
            title_box,
            TITLE_SIZE.get(spec.layout, 32.0),
            20.0,
            self.fonts,
        )
        if size is None:
            raise overflow(
                spec,
                "the title is too long for one slide",
                "shorten the title to about 60 characters",
            )
        spec.title_size = size
        if spec.table is not None:
            return self._table_pages(spec, self._body_area(layouts), result)
        if spec.columns:
            targets = self._targets(
                self._bodies(layout), len(spec.columns), bool(spec.columns[0].heading)
            )
            boxes = [box_of(body) for _, body in targets]
            sizes = [
                fit.best_size(blocks(c.paras), b, BODY, BODY_FLOOR, self.fonts)
                for c, b in zip(spec.columns, boxes)
            ]
            if any(s is None for s in sizes):
                raise overflow(
                    spec,
                    "a column does not fit on the slide even at 16 pt",
                    "shorten the bullets or move some to another slide",
                )
            spec.body_size = min(s for s in sizes if s is not None)
            result.shrunk += spec.body_size < BODY
            if heading_size(spec, targets, self.fonts) == 0.0:
                raise overflow(
                    spec,
                    "a column heading does not fit above its column even at 16 pt",
                    "shorten the heading to about 30 characters",
                )
            return [spec]
        if not spec.body or spec.layout in ("title", "section", "image"):
            return [spec]
        box = box_of(self._bodies(layout)[0])
        size = fit.best_size(blocks(spec.body), box, BODY, BODY_FLOOR, self.fonts)
        if size is not None:
            spec.body_size = size
            result.shrunk += size < BODY
            return [spec]
        return self._continue(spec, box, result)

    def _continue(
        self, spec: SlideSpec, box: tuple[float, float], result: DeckResult
    ) -> list[SlideSpec]:
        groups: list[list[Para]] = []
        for para in spec.body:
            if para.level == 0 or not groups:
                groups.append([para])
            else:
                groups[-1].append(para)
        for size in (BODY - 4, BODY_FLOOR):
            pages = fit.chunk([blocks(g) for g in groups], box, size, self.fonts)
            if pages is not None:
                break
        else:
            raise overflow(
                spec,
                "one bullet is too long for a slide even at 16 pt",
                "split the bullet into shorter ones, or move detail to the notes",
            )
        out, index = [], 0
        for number, page in enumerate(pages):
            paras = spec.body[index : index + len(page)]
            index += len(page)
            part = copy.copy(spec)
            part.body, part.body_size, part.continued = paras, size, number > 0
            if number:
                part.notes = ["Continued from the previous slide."]
            out.append(part)
        result.continued += len(out) - 1
        return out

    def _table_pages(
        self, spec: SlideSpec, area: tuple[int, int, int, int], result: DeckResult
    ) -> list[SlideSpec]:
        table = spec.table
        assert table is not None
        _, _, width, tall = area
        widths = column_widths(table.widths, width)
        limit = tall / 12700 * fit.SAFETY
        sizes = (TABLE, 16.0, 14.0, 12.0, TABLE_FLOOR)
        for size in sizes:
            heights = [
                row_height(cells, widths, size, self.fonts)
                for cells in [table.columns, *table.rows]
            ]
            if sum(heights) <= limit:
                spec.body_size = size
                result.shrunk += size < TABLE
                return [spec]
        # Too long for one slide even at the floor: continue at the largest size at which
        # every row fits under the header, not at the floor (11 pt is unreadable projected).
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
                "a table row is too tall for a slide",
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

    # -- the layouts' placeholders, looked up once per deck (python-pptx's xpath is slow) ----
    def _layout_parts(self, layout) -> tuple:
        key = id(layout._element)
        if key not in self._placeholders:
            formats = [(p, p.placeholder_format) for p in layout.placeholders]
            where = {f.idx: (p.left, p.top) for p, f in formats}
            self._placeholders[key] = (
                next((p for p, f in formats if f.type in TITLE_TYPES), None),
                sorted(
                    (p for p, f in formats if f.type in BODY_TYPES), key=lambda p: (p.left, p.top)
                ),
                where,
            )
        return self._placeholders[key]

    def _title(self, layout):
        return self._layout_parts(layout)[0]

    def _bodies(self, layout) -> list:
        return list(self._layout_parts(layout)[1])

    def _body_area(self, layouts: dict) -> tuple[int, int, int, int]:
        body = self._bodies(layouts["Title and Content"])[0]
        return body.left, body.top, body.width, body.height

    # -- drawing -----------------------------------------------------------------------------
    def _targets(self, bodies: list, count: int, headed: bool) -> list:
        """(heading, body) pairs in reading order: from the right on right-to-left slides."""
        targets = column_targets(bodies, count, headed)
        return targets[::-1] if self._rtl else targets

    def _slide(self, prs, layout, spec: SlideSpec, lang: Lang) -> None:
        slide = prs.slides.add_slide(layout)
        formats = [(p, p.placeholder_format) for p in slide.placeholders]  # one xpath each
        typed = [(p, f.type) for p, f in formats]
        where = self._layout_parts(layout)[2]  # a new slide's placeholders sit where its
        title = next((p for p, kind in typed if kind in TITLE_TYPES), None)  # layout's do
        bodies = [
            p
            for p, f in sorted(formats, key=lambda pf: where.get(pf[1].idx, (0, 0)))
            if f.type in BODY_TYPES or f.type == PP_PLACEHOLDER.PICTURE
        ]
        used = set()
        if title is not None:
            runs = spec.title + ([Run(self._continued)] if spec.continued else [])
            fill_paragraphs(title.text_frame, [Para(runs, style="plain")], spec.title_size, lang)
            used.add(title.shape_id)
        if spec.layout in ("title", "section") and spec.subtitle and bodies:
            fill_paragraphs(bodies[0].text_frame, [Para(spec.subtitle, style="plain")], None, lang)
            used.add(bodies[0].shape_id)
        elif spec.columns:
            text_bodies = [b for b in bodies if b.placeholder_format.type != PP_PLACEHOLDER.PICTURE]
            targets = self._targets(text_bodies, len(spec.columns), bool(spec.columns[0].heading))
            head_size = heading_size(spec, targets, self.fonts)
            for column, (head, body) in zip(spec.columns, targets):
                if head is not None:
                    fill_paragraphs(
                        head.text_frame,
                        [Para(column.heading, style="plain")],
                        head_size,
                        lang,
                        bold=True,
                    )
                    used.add(head.shape_id)
                fill_paragraphs(body.text_frame, column.paras, spec.body_size, lang)
                used.add(body.shape_id)
        elif spec.table is not None:
            self._table(slide, spec, self._body_area(self._layouts), lang)
        elif spec.steps:
            self._process(slide, spec, self._body_area(self._layouts), lang)
        elif spec.picture is not None:
            used |= self._picture(slide, spec, bodies, lang)
        elif spec.body and bodies:
            fill_paragraphs(bodies[0].text_frame, spec.body, spec.body_size, lang)
            used.add(bodies[0].shape_id)
        for ph, _ in typed:
            if ph.shape_id not in used:
                ph._element.getparent().remove(ph._element)
        if spec.layout == "title" and self.logo is not None:
            add_logo(slide, prs, self.logo, lang.rtl)
        add_slide_number(slide, prs, lang)
        add_notes(slide, spec.notes, lang)

    def _table(self, slide, spec: SlideSpec, area, lang: Lang) -> None:
        table = spec.table
        assert table is not None
        left, top, width, _ = area
        assert spec.body_size is not None
        widths = column_widths(table.widths, width)
        heights = [
            row_height(c, widths, spec.body_size, self.fonts) for c in [table.columns, *table.rows]
        ]
        shape = slide.shapes.add_table(
            len(table.rows) + 1,
            len(table.columns),
            left,
            top,
            width,
            Emu(int(sum(heights) * 12700)),
        )
        grid = shape.table
        if lang.rtl:  # the first column on the right
            grid._tbl.tblPr.set("rtl", "1")
        for index, w in enumerate(widths):
            grid.columns[index].width = Emu(int(w * 12700))
        for r, cells in enumerate([table.columns, *table.rows]):
            grid.rows[r].height = Emu(int(heights[r] * 12700))
            for c, runs in enumerate(cells):
                cell = grid.cell(r, c)
                cell.margin_left = cell.margin_right = Emu(int(INSET_X * 12700))
                fill_paragraphs(
                    cell.text_frame, [Para(runs, style="plain")], spec.body_size, lang, bold=r == 0
                )

    def _process(self, slide, spec: SlideSpec, area, lang: Lang) -> None:
        left, top, width, tall = area
        n, gap = len(spec.steps), Emu(int(0.45 * 914400))
        box_w = int((width - gap * (n - 1)) / n)
        box_h = min(int(tall * 0.6), Emu(int(2.6 * 914400)))
        y = top + int((tall - box_h) / 2)
        corner = round_rect_inset(box_w, box_h)
        label_box = (box_w / 12700 - 2 * (INSET_X + corner), box_h / 12700 - 2 * (INSET_Y + corner))
        step_blocks = [
            [fit.Block((fit.Piece(s.label, True),)), fit.Block((fit.Piece(s.detail),), 0.75)]
            for s in spec.steps
        ]
        size = step_size(step_blocks, label_box, self.fonts)
        if not size:
            raise overflow(
                spec,
                "a process step does not fit in its box",
                "shorten the step's label or detail (labels ≤ 25, details ≤ 60 characters)",
            )
        shapes = []
        for index, step in enumerate(spec.steps):
            slot = n - 1 - index if lang.rtl else index  # step 1 on the right when rtl
            x = left + slot * (box_w + gap)
            shape = slide.shapes.add_shape(MSO_SHAPE.ROUNDED_RECTANGLE, x, y, box_w, box_h)
            shape.name = f"Step {index + 1}"
            solid_accent(shape)
            frame = shape.text_frame
            frame.word_wrap, frame.vertical_anchor = True, MSO_ANCHOR.MIDDLE
            paras = [Para([Run(step.label, bold=True)], style="center")]
            if step.detail:
                paras.append(Para([Run(step.detail)], style="center-small"))
            fill_paragraphs(frame, paras, size, lang, color="FFFFFF")
            shapes.append(shape)
        for first, second in zip(shapes, shapes[1:]):
            line = slide.shapes.add_connector(MSO_CONNECTOR.STRAIGHT, 0, 0, 0, 0)
            # connection sites: 1 left, 3 right; the arrow runs the way the steps read
            line.begin_connect(first, 1 if lang.rtl else 3)
            line.end_connect(second, 3 if lang.rtl else 1)
            style_connector(line)

    def _picture(self, slide, spec: SlideSpec, bodies, lang: Lang) -> set[int]:
        picture = spec.picture
        assert picture is not None
        frame = next(
            (b for b in bodies if b.placeholder_format.type == PP_PLACEHOLDER.PICTURE),
            bodies[0] if bodies else None,
        )
        if frame is None:
            raise overflow(spec, "the image layout has no picture area", "check the template")
        from PIL import Image

        with Image.open(picture.path) as image:
            px_w, px_h = image.size
        scale = min(frame.width / px_w, frame.height / px_h)
        w, h = int(px_w * scale), int(px_h * scale)
        captions = [b for b in bodies if b is not frame]
        shape = slide.shapes.add_picture(
            str(picture.path),
            frame.left + (frame.width - w) // 2,
            frame.top + (frame.height - h) // 2,
            w,
            h,
        )
        set_alt_text(shape, picture.alt, picture.decorative)
        used = set()
        if picture.caption and captions:
            fill_paragraphs(
                captions[0].text_frame, [Para([Run(picture.caption)], style="plain")], 18.0, lang
            )
            used.add(captions[0].shape_id)
        return used


def _drop_existing_slides(prs) -> None:
    """An organisation's template may carry sample slides; decks start empty."""
    ids = prs.slides._sldIdLst
    for sld in list(ids):
        prs.part.drop_rel(sld.rId)
        ids.remove(sld)
