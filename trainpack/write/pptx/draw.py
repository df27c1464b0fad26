"""Drawing the shape-built layouts: native tables in the theme's colours, process flows
(numbered, aligned boxes; two rows past five steps) and pictures.  Part of the PPTX writer."""

from __future__ import annotations

from lxml import etree
from pptx.enum.shapes import MSO_CONNECTOR, MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR
from pptx.oxml.ns import qn
from pptx.util import Emu, Pt

from trainpack.render.deckspec import Para, Run, SlideSpec
from trainpack.write.pptx import fit
from trainpack.write.pptx.geometry import INCH, Rect, step_cells
from trainpack.write.pptx.icons import add_icon
from trainpack.write.pptx.measure import (
    INSET_X,
    INSET_Y,
    MIN_TEXT,
    column_widths,
    overflow,
    round_rect_inset,
    row_height,
    step_size,
)
from trainpack.write.pptx.shapes import (
    Lang,
    fill_paragraphs,
    set_alt_text,
    solid_accent,
    style_connector,
)

EMU_PT = 12700
BADGE = int(0.5 * INCH)  # a step's number disc
STEP_ICON = int(0.55 * INCH)


def draw_table(slide, spec: SlideSpec, area: Rect, lang: Lang, fonts, colors: dict) -> None:
    """A native table coloured from the theme (header in the primary colour, alternate rows
    in the stripe colour, rules in the rule colour), not PowerPoint's built-in style, so
    every client shows the theme's colours."""
    table = spec.table
    assert table is not None
    left, top, width, _ = area
    assert spec.body_size is not None
    widths = column_widths(table.widths, width)
    heights = [row_height(c, widths, spec.body_size, fonts) for c in [table.columns, *table.rows]]
    shape = slide.shapes.add_table(
        len(table.rows) + 1,
        len(table.columns),
        left,
        top,
        width,
        Emu(int(sum(heights) * EMU_PT)),
    )
    grid = shape.table
    tbl_pr = grid._tbl.tblPr
    style = tbl_pr.find(qn("a:tableStyleId"))
    if style is not None:  # the built-in style would paint grey bands in LibreOffice
        tbl_pr.remove(style)
    if lang.rtl:  # the first column on the right
        tbl_pr.set("rtl", "1")
    for index, w in enumerate(widths):
        grid.columns[index].width = Emu(int(w * EMU_PT))
    for r, cells in enumerate([table.columns, *table.rows]):
        grid.rows[r].height = Emu(int(heights[r] * EMU_PT))
        fill = colors["primary"] if r == 0 else colors["stripe" if r % 2 == 0 else "background"]
        for c, runs in enumerate(cells):
            cell = grid.cell(r, c)
            cell.margin_left = cell.margin_right = Emu(int(INSET_X * EMU_PT))
            cell.fill.solid()
            cell.fill.fore_color.rgb = _rgb(fill)
            _rule_below(cell, colors["line" if r == 0 else "rule"])
            fill_paragraphs(
                cell.text_frame,
                [Para(runs, style="plain")],
                spec.body_size,
                lang,
                bold=r == 0,
                color="FFFFFF" if r == 0 else colors["text"],
            )


def _rgb(value: str):
    from pptx.dml.color import RGBColor

    return RGBColor.from_string(value)


def _rule_below(cell, colour: str) -> None:
    tc_pr = cell._tc.get_or_add_tcPr()
    ln = etree.Element(qn("a:lnB"), w="9525")
    solid = etree.SubElement(ln, qn("a:solidFill"))
    etree.SubElement(solid, qn("a:srgbClr"), val=colour)
    tc_pr.insert(0, ln)


def draw_process(slide, spec: SlideSpec, area: Rect, lang: Lang, fonts, icon_dirs) -> None:
    """Numbered boxes, headings aligned at the top, details under them, joined by arrows;
    more than five steps go onto two rows (the arrow turns down between them), and so do
    fewer when their words need the wider boxes."""
    has_icon = any(s.icon for s in spec.steps)
    # the number disc sits across each box's top edge; the icon under it
    pad_top = BADGE // 2 + int(0.1 * INCH) + (STEP_ICON + int(0.05 * INCH) if has_icon else 0)
    x0, y0, w0, h0 = area
    area = (x0, y0 + BADGE // 2, w0, h0 - BADGE // 2)
    first = 1 if len(spec.steps) <= 5 else 2
    for rows in range(first, 3 if len(spec.steps) > 2 else 2):
        cells = step_cells(area, len(spec.steps), lang.rtl, rows)
        box_w, box_h = cells[0][2], cells[0][3]
        corner = round_rect_inset(box_w, box_h)
        text_box = (
            box_w / EMU_PT - 2 * (INSET_X + corner),
            (box_h - pad_top) / EMU_PT - INSET_Y - corner,
        )
        fitted = _step_sizes(spec, text_box, fonts)
        if fitted:
            break
    else:
        raise overflow(
            spec,
            "a process step does not fit in its box at 18 pt",
            "keep step labels to 2-4 words and details to 8 words or fewer",
        )
    label, detail = fitted
    shapes = []
    for index, (step, (x, y, w, h)) in enumerate(zip(spec.steps, cells)):
        shape = slide.shapes.add_shape(MSO_SHAPE.ROUNDED_RECTANGLE, x, y, w, h)
        shape.name = f"Step {index + 1}"
        solid_accent(shape)
        frame = shape.text_frame
        frame.word_wrap, frame.vertical_anchor = True, MSO_ANCHOR.TOP
        frame.margin_top = Emu(pad_top)
        paras = [Para([Run(step.label, bold=True)], style="center")]
        sizes = [label]
        if step.detail:
            paras.append(Para([Run(step.detail)], style="center"))
            sizes.append(detail)
        fill_paragraphs(frame, paras, label, lang, color="FFFFFF", sizes=sizes)
        shapes.append(shape)
        _badge(slide, index + 1, x + (w - BADGE) // 2, y - BADGE // 2, lang)
        if step.icon:
            add_icon(
                slide.shapes,
                step.icon,
                x + (w - STEP_ICON) // 2,
                y + BADGE // 2 + int(0.08 * INCH),
                STEP_ICON,
                "FFFFFF",
                dirs=icon_dirs,
            )
    for number, (first, second) in enumerate(zip(shapes, shapes[1:])):
        same_row = cells[number][1] == cells[number + 1][1]
        kind = MSO_CONNECTOR.STRAIGHT if same_row else MSO_CONNECTOR.ELBOW
        line = slide.shapes.add_connector(kind, 0, 0, 0, 0)
        # connection sites: 0 top, 1 left, 2 bottom, 3 right; arrows run the way steps read
        if same_row:
            line.begin_connect(first, 1 if lang.rtl else 3)
            line.end_connect(second, 3 if lang.rtl else 1)
        else:
            line.begin_connect(first, 2)
            line.end_connect(second, 0)
        style_connector(line)


def _step_sizes(spec: SlideSpec, box: tuple[float, float], fonts) -> tuple[float, float] | None:
    """Label size (24 down to 20 pt) and detail size (4 pt smaller, never under 18)."""
    for top in (24.0, 23.0, 22.0, 21.0, 20.0):
        detail = max(MIN_TEXT, top - 4)
        blocks = [
            [
                fit.Block((fit.Piece(s.label, True),)),
                *([fit.Block((fit.Piece(s.detail),), detail / top)] if s.detail else []),
            ]
            for s in spec.steps
        ]
        if step_size(blocks, box, fonts, top, top):
            return top, detail
    return None


def _badge(slide, number: int, x: int, y: int, lang: Lang) -> None:
    """The step's number in a white disc with an outline, across the box's top edge."""
    disc = slide.shapes.add_shape(MSO_SHAPE.OVAL, x, y, BADGE, BADGE)
    disc.name = f"Step number {number}"
    disc.fill.solid()
    from pptx.enum.dml import MSO_THEME_COLOR

    disc.fill.fore_color.theme_color = MSO_THEME_COLOR.BACKGROUND_1
    disc.line.color.theme_color = MSO_THEME_COLOR.ACCENT_1
    disc.line.width = Pt(2)
    disc.shadow.inherit = False
    frame = disc.text_frame
    frame.margin_left = frame.margin_right = frame.margin_top = frame.margin_bottom = 0
    frame.vertical_anchor = MSO_ANCHOR.MIDDLE
    fill_paragraphs(frame, [Para([Run(str(number), bold=True)], style="center")], 20.0, lang)
    for run in frame.paragraphs[0].runs:
        run.font.size = Pt(20)
        from pptx.enum.dml import MSO_THEME_COLOR as C

        run.font.color.theme_color = C.ACCENT_1


def draw_picture(slide, spec: SlideSpec, frame_rect: Rect) -> None:
    """The picture scaled into its frame, centred, with its alt text (or decorative)."""
    picture = spec.picture
    assert picture is not None
    from PIL import Image

    with Image.open(picture.path) as image:
        px_w, px_h = image.size
    fx, fy, fw, fh = frame_rect
    scale = min(fw / px_w, fh / px_h)
    w, h = int(px_w * scale), int(px_h * scale)
    shape = slide.shapes.add_picture(
        str(picture.path), fx + (fw - w) // 2, fy + (fh - h) // 2, w, h
    )
    set_alt_text(shape, picture.alt, picture.decorative)
