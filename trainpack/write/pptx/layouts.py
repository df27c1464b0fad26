"""The designed layouts' shapes around the placeholders: section numbers, icons beside
titles and bullets, a statistic's figure, a case card's panel, icon grids and timelines.
Part of the PPTX writer; positions come from geometry, sizes are measured with fit."""

from __future__ import annotations

from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR
from pptx.util import Emu

from trainpack.render.deckspec import Para, Run, SlideSpec
from trainpack.write.pptx import fit
from trainpack.write.pptx.geometry import (
    INCH,
    PARA_ICON,
    STATEMENT_ICON,
    Rect,
    grid_cells,
    mirror,
    panel_rect,
    timeline_slots,
)
from trainpack.write.pptx.icons import add_icon, icon_label
from trainpack.write.pptx.measure import INSET_X, INSET_Y, MIN_TEXT, blocks, overflow, words_fit
from trainpack.write.pptx.shapes import Lang, fill_paragraphs

EMU_PT = 12700
TITLE_ICON = int(0.75 * INCH)


def title_icon(slide, spec: SlideSpec, title: Rect, lang: Lang, dirs) -> None:
    """A slide's icon at the end of its title row (the left end when rtl), decorative."""
    x, y, w, h = title
    size = min(TITLE_ICON, h)
    left = x - int(0.25 * INCH) - size if lang.rtl else x + w + int(0.25 * INCH)
    add_icon(slide.shapes, spec.icon, left, y + h - size - int(0.08 * INCH), size, dirs=dirs)


def para_icons(slide, spec: SlideSpec, text: Rect, lang: Lang, fonts, dirs) -> None:
    """Each bullet's icon in the column beside its first line, where fit.height puts it."""
    x, y, w, h = text
    size_pt = spec.body_size or 24.0
    width = w / EMU_PT - 2 * INSET_X
    body = blocks(spec.body)
    for index, para in enumerate(spec.body):
        if not para.icon:
            continue
        above = fit.height(body[:index], size_pt, width, fonts) if index else 0.0
        s = size_pt * body[index].scale
        line = s * fit.line_of(body[index].pieces, fonts)
        if index:
            above += body[index].space_before * line
        icon = int(min(line * 0.95, 30.0) * EMU_PT)
        top = y + int((INSET_Y + above + (line - icon / EMU_PT) / 2) * EMU_PT)
        left = x + w + int(0.15 * INCH) if lang.rtl else x - PARA_ICON + int(0.1 * INCH)
        add_icon(slide.shapes, para.icon, left, top, icon, dirs=dirs)


def divider_marks(slide, spec: SlideSpec, title: Rect, lang: Lang, dirs, width: int) -> None:
    """A divider's section number and icon above its title, in the background colour (the
    section layouts put light text on the theme's dark colour)."""
    x, y, w, h = title
    size = int(1.1 * INCH)
    top = max(int(0.5 * INCH), y - size - int(0.45 * INCH))
    left = x
    if spec.icon:
        ix, iy, _, _ = mirror((left, top, size, size), lang.rtl, width)
        add_icon(slide.shapes, spec.icon, ix, iy, size, "bg1", dirs=dirs)
        left += size + int(0.3 * INCH)
    if spec.number:
        box_rect = mirror((left, top, int(2.0 * INCH), size), lang.rtl, width)
        box = slide.shapes.add_textbox(*box_rect)
        box.name = "Section number"
        frame = box.text_frame
        frame.vertical_anchor = MSO_ANCHOR.MIDDLE
        fill_paragraphs(frame, [Para([Run(spec.number, bold=True)], style="plain")], 54.0, lang)
        for run in frame.paragraphs[0].runs:
            from pptx.enum.dml import MSO_THEME_COLOR

            run.font.color.theme_color = MSO_THEME_COLOR.BACKGROUND_1


def statement_icon(slide, spec: SlideSpec, area: Rect, dirs) -> None:
    x, y, w, _ = area
    add_icon(
        slide.shapes,
        spec.icon,
        x + (w - STATEMENT_ICON) // 2,
        y,
        STATEMENT_ICON,
        alt=icon_label(spec.icon),
        dirs=dirs,
    )


def statistic_figure(slide, spec: SlideSpec, area: Rect, lang: Lang, fonts, dirs) -> None:
    """The figure as big as fits (up to 96 pt) in the primary colour, an icon beside it."""
    x, y, w, _ = area
    from trainpack.write.pptx.geometry import FIGURE_HEIGHT

    icon = int(1.2 * INCH) if spec.icon else 0
    room = (w - icon * 1.3) / EMU_PT - 2 * INSET_X
    size = 96.0
    metrics = fonts.metrics(True)
    while size > 40 and metrics.width(spec.figure, size) > room * fit.SAFETY:
        size -= 4
    text_w = int((metrics.width(spec.figure, size) / fit.SAFETY + 2 * INSET_X) * EMU_PT)
    group_w = text_w + (int(icon * 1.3) if icon else 0)
    start = x + (w - group_w) // 2
    if icon:
        ix = start + group_w - icon if lang.rtl else start
        add_icon(slide.shapes, spec.icon, ix, y + (FIGURE_HEIGHT - icon) // 2, icon, dirs=dirs)
    tx = start if lang.rtl else start + group_w - text_w
    box = slide.shapes.add_textbox(tx, y, text_w, FIGURE_HEIGHT)
    box.name = "Figure"
    frame = box.text_frame
    frame.word_wrap, frame.vertical_anchor = False, MSO_ANCHOR.MIDDLE
    fill_paragraphs(
        frame, [Para([Run(spec.figure, bold=True)], style="center")], size, lang, color="accent1"
    )


def case_panel(slide, spec: SlideSpec, area: Rect, lang: Lang, colors: dict, dirs) -> None:
    """A case card's panel: a large icon (the case's, else a person) over name and age."""
    x, y, w, h = panel_rect(area, lang.rtl)
    panel = slide.shapes.add_shape(MSO_SHAPE.ROUNDED_RECTANGLE, x, y, w, h)
    panel.name = "Case card"
    panel.adjustments[0] = 0.06
    plain(panel, colors["tint"])
    size = int(1.6 * INCH)
    add_icon(
        slide.shapes,
        spec.icon or "user",
        x + (w - size) // 2,
        y + int(0.5 * INCH),
        size,
        alt="",
        dirs=dirs,
    )
    if spec.subtitle:
        frame = panel.text_frame
        frame.word_wrap, frame.vertical_anchor = True, MSO_ANCHOR.BOTTOM
        frame.margin_bottom = Emu(int(0.5 * INCH))
        fill_paragraphs(
            frame,
            [Para(spec.subtitle, style="center")],
            28.0,
            lang,
            bold=True,
            color=colors["primary_dark"],
        )


def icon_grid(slide, spec: SlideSpec, area: Rect, lang: Lang, fonts, colors: dict, dirs) -> None:
    """Three to six cards, each an icon over its label and detail, all at one size."""
    cells = grid_cells(area, len(spec.items), lang.rtl)
    icon = int(min(1.0 * INCH, cells[0][3] * 0.3))
    pad = icon + int(0.35 * INCH)
    box = (cells[0][2] / EMU_PT - 2 * INSET_X - 8, (cells[0][3] - pad) / EMU_PT - 2 * INSET_Y - 8)
    label, detail = _item_sizes(spec, box, fonts, 26.0)
    for item, (x, y, w, h) in zip(spec.items, cells):
        card = slide.shapes.add_shape(MSO_SHAPE.ROUNDED_RECTANGLE, x, y, w, h)
        card.name = f"Item: {''.join(r.text for r in item.label)[:40]}"
        card.adjustments[0] = 0.08
        plain(card, colors["tint"])
        frame = card.text_frame
        frame.word_wrap, frame.vertical_anchor = True, MSO_ANCHOR.TOP
        frame.margin_top = Emu(pad)
        paras, sizes = [Para(item.label, style="center")], [label]
        if item.detail:
            paras.append(Para(item.detail, style="center"))
            sizes.append(detail)
        fill_paragraphs(
            frame,
            paras,
            label,
            lang,
            sizes=sizes,
            colors=[colors["primary_dark"], colors["text"]],
        )
        for run in frame.paragraphs[0].runs:
            run.font.bold = True
        add_icon(slide.shapes, item.icon, x + (w - icon) // 2, y + int(0.2 * INCH), icon, dirs=dirs)


def timeline(slide, spec: SlideSpec, area: Rect, lang: Lang, fonts, colors: dict, dirs) -> None:
    """Events along a line: a disc (with the event's icon) on the line, the date above it
    and what happened below it, reading from the right on right-to-left slides."""
    x, y, w, h = area
    slots = timeline_slots(area, len(spec.items), lang.rtl)
    disc = int(0.85 * INCH)
    line_y = y + int(1.35 * INCH)
    bar = slide.shapes.add_shape(
        MSO_SHAPE.RECTANGLE, x, line_y - int(0.03 * INCH), w, int(0.06 * INCH)
    )
    bar.name = "Timeline"
    plain(bar, colors["line"])
    when_box = (slots[0][2] / EMU_PT - 2 * INSET_X, (line_y - disc // 2 - y) / EMU_PT - 10)
    text_h = y + h - (line_y + disc // 2 + int(0.2 * INCH))
    text_box = (slots[0][2] / EMU_PT - 2 * INSET_X - 6, text_h / EMU_PT - 2 * INSET_Y)
    when = _fit_one([i.label for i in spec.items], when_box, fonts, 26.0, True, spec)
    text = _fit_one([i.detail for i in spec.items], text_box, fonts, 22.0, False, spec)
    for item, (sx, _, sw, _) in zip(spec.items, slots):
        cx = sx + sw // 2
        dot = slide.shapes.add_shape(MSO_SHAPE.OVAL, cx - disc // 2, line_y - disc // 2, disc, disc)
        dot.name = "Event marker"
        plain(dot)
        from pptx.enum.dml import MSO_THEME_COLOR

        dot.fill.solid()
        dot.fill.fore_color.theme_color = MSO_THEME_COLOR.ACCENT_1
        if item.icon:
            size = int(disc * 0.58)
            add_icon(
                slide.shapes,
                item.icon,
                cx - size // 2,
                line_y - size // 2,
                size,
                "FFFFFF",
                dirs=dirs,
            )
        top_box = slide.shapes.add_textbox(sx, y, sw, line_y - disc // 2 - y - int(0.05 * INCH))
        top_box.name = "Event date"
        top_box.text_frame.word_wrap = True
        top_box.text_frame.vertical_anchor = MSO_ANCHOR.BOTTOM
        fill_paragraphs(
            top_box.text_frame,
            [Para(item.label, style="center")],
            when,
            lang,
            bold=True,
            color=colors["primary_dark"],
        )
        below = line_y + disc // 2 + int(0.2 * INCH)
        bottom_box = slide.shapes.add_textbox(sx, below, sw, text_h)
        bottom_box.name = "Event"
        bottom_box.text_frame.word_wrap = True
        fill_paragraphs(
            bottom_box.text_frame,
            [Para(item.detail, style="center")],
            text,
            lang,
            color=colors["text"],
        )


def _fit_one(
    texts: list[list[Run]], box: tuple[float, float], fonts, top: float, bold: bool, spec
) -> float:
    """One size (``top`` down to 18 pt) at which every text fits its box, whole words."""
    size = top
    while size >= MIN_TEXT:
        found = [
            fit.Block(tuple(fit.Piece(r.text, bold or r.bold) for r in runs)) for runs in texts
        ]
        if all(
            fit.fits([b], size, box, fonts) and words_fit([b], size, box[0], fonts) for b in found
        ):
            return size
        size -= 1.0
    raise overflow(
        spec,
        "a timeline event does not fit its column at 18 pt",
        "keep each event to about 8 words (a date and a short phrase)",
    )


def _item_sizes(spec: SlideSpec, box, fonts, top: float) -> tuple[float, float]:
    size = top
    while size >= 20.0:
        detail = max(MIN_TEXT, size - 4)
        found = [
            [
                fit.Block(tuple(fit.Piece(r.text, True) for r in item.label)),
                *(
                    [
                        fit.Block(
                            tuple(fit.Piece(r.text, r.bold) for r in item.detail), detail / size
                        )
                    ]
                    if item.detail
                    else []
                ),
            ]
            for item in spec.items
        ]
        if all(fit.fits(b, size, box, fonts) and words_fit(b, size, box[0], fonts) for b in found):
            return size, detail
        size -= 1.0
    raise overflow(
        spec,
        "an icon-grid item does not fit its card at 18 pt",
        "keep labels to 2-4 words and details to about 10 words",
    )


def plain(shape, colour: str | None = None) -> None:
    """A flat shape: one fill (hex or none), no outline, no shadow, no autofit."""
    from pptx.enum.text import MSO_AUTO_SIZE

    if colour:
        shape.fill.solid()
        shape.fill.fore_color.rgb = _rgb(colour)
    shape.line.fill.background()
    shape.shadow.inherit = False
    shape.text_frame.auto_size = MSO_AUTO_SIZE.NONE


def _rgb(value: str):
    from pptx.dml.color import RGBColor

    return RGBColor.from_string(value)
