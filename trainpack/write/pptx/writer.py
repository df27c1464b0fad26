"""Stage 5a: DeckSpec -> editable .pptx on the named layouts of a master template.

The only package that imports python-pptx.  Text goes into the layouts' real placeholders
(so trainers can edit it), measured (paginate, fit) so nothing overflows and nothing is
under 18 pt; tables are native tables in the theme's colours, process flows, icon grids and
timelines native shapes (draw, layouts), icons native vector shapes (icons), notes speaker
notes.  ``write`` returns the slides it drew, continuations included, so other outputs (the
slides PDF) can draw exactly the same splits.

A brand theme gives the master, the font files text is measured with, its colours and a
logo for the title slide.  A right-to-left deck (Arabic) marks every paragraph rtl and
right-aligned, tags runs with the language and a complex-script font that has the script,
isolates Latin runs, and mirrors what has an order: columns, tables, steps, grids, timelines.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, NamedTuple

from pptx import Presentation
from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.enum.text import MSO_ANCHOR
from pptx.util import Emu

from trainpack.core.docprops import DocProperties
from trainpack.core.errors import BuildError, Problem, SourceLocation
from trainpack.core.icons import ICONS
from trainpack.core.resources import THEMES
from trainpack.render.deckspec import DeckSpec, Para, Run, SlideSpec
from trainpack.write.pptx import draw, fit, layouts
from trainpack.write.pptx.measure import column_targets, heading_size
from trainpack.write.pptx.package import save_reproducible
from trainpack.write.pptx.paginate import LAYOUTS, Paginator
from trainpack.write.pptx.parts import SlideMaker
from trainpack.write.pptx.shapes import (
    Lang,
    add_logo,
    add_notes,
    add_slide_number,
    fill_paragraphs,
    mirror_layouts,
    theme_font,
)

MASTER = THEMES / "default" / "master.pptx"
CS_FONT = "Noto Sans Arabic"  # complex-script font named on runs of right-to-left decks
TITLE_TYPES = (PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE)
BODY_TYPES = (PP_PLACEHOLDER.BODY, PP_PLACEHOLDER.OBJECT, PP_PLACEHOLDER.SUBTITLE)
DEFAULT_COLORS = {  # the default theme's, for a master used without a theme
    "primary": "2F6F73",
    "primary_dark": "1F4E52",
    "accent": "E0A458",
    "text": "333333",
    "background": "FFFFFF",
    "muted": "5A6A6E",
    "tint": "EAF3F3",
    "line": "B7CFD0",
    "rule": "C3CFD1",
    "stripe": "F5F9F9",
}


@dataclass
class DeckResult:
    slides: int
    notes: int
    shrunk: int
    continued: int
    pages: list[SlideSpec] = field(default_factory=list)  # the slides drawn, in order


class PptxWriter(Paginator):
    name, suffix = "pptx", ".pptx"
    media_type = "application/vnd.openxmlformats-officedocument.presentationml.presentation"

    def __init__(
        self,
        template: Path = MASTER,
        fonts: dict[str, Path] | None = None,
        logo: Path | None = None,
        rtl: bool = False,
        colors: dict[str, str] | None = None,
        icon_dirs: tuple[Path, ...] = (ICONS,),
    ) -> None:
        """``fonts``: the theme's metric-compatible files ({'regular', 'bold', …}) that deck
        text is measured with (default Carlito, for Calibri); ``logo``: a picture for the
        title slide; ``rtl``: every deck right-to-left (a deck's own ``direction`` also
        counts); ``colors``: the theme's colour tokens (tables, panels, cards)."""
        self.template = Path(template)
        self.fonts = fit.FontSet.from_files(fonts)
        self.logo = Path(logo) if logo else None
        self.rtl = rtl
        self.colors = {**DEFAULT_COLORS, **(colors or {})}
        self.icon_dirs = icon_dirs

    def paginate(self, deck: DeckSpec) -> DeckSpec:
        """The deck as this writer lays it out (sizes chosen, long slides continued), without
        writing a file: the slides PDF, the slide handout and the guide draw these pages, so
        they number the slides as the PPTX does."""
        if deck.laid_out:
            return deck
        self._begin(deck)
        result = DeckResult(0, 0, 0, 0)
        pages = [page for spec in deck.slides for page in self._pages(spec, self._layouts, result)]
        return replace(deck, slides=pages, laid_out=True)

    def write(self, deck: DeckSpec, dest: Path) -> DeckResult:
        prs = self._begin(deck)
        layouts = self._layouts
        rtl = self._rtl
        lang = Lang(deck.language, rtl, CS_FONT if rtl else None, theme_font(prs) or "Calibri")
        if rtl:
            prs.part._element.set("rtl", "1")  # the slide sorter and panes read from the right
            mirror_layouts(prs)
        result = DeckResult(0, 0, 0, 0)
        self._maker = SlideMaker(prs)
        for spec in deck.slides:
            pages = [spec] if deck.laid_out else self._pages(spec, layouts, result)
            for page in pages:
                self._slide(prs, layouts[self.layout_name(page)], page, lang)
                result.slides += 1
                result.notes += bool(page.notes)
                result.continued += bool(page.continued) if deck.laid_out else 0
                result.pages.append(page)
        save_reproducible(prs, dest, deck.properties or DocProperties(deck.title))
        return result

    def _begin(self, deck: DeckSpec) -> Any:
        """Open the template for one deck and set the state pagination and drawing read."""
        prs = Presentation(str(self.template))
        _drop_existing_slides(prs)
        layouts = {layout.name: layout for layout in prs.slide_layouts}
        self._placeholders: dict[int, tuple] = {}  # per presentation: see _layout_parts
        self._layouts = layouts
        self._check_layouts(layouts)
        self._rtl = self.rtl or getattr(deck, "direction", "ltr") == "rtl"
        self.slide_width = int(prs.slide_width)
        self._continued = deck.continued
        self._continued_note = deck.continued_note
        return prs

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

    # -- the layouts' placeholders, looked up once per deck (python-pptx resolves an
    # inherited position by xpath through layout and master on every read) ----------------
    def _layout_parts(self, layout) -> tuple:
        """(title box, body boxes left to right, {idx: box}) of one layout."""
        key = id(layout._element)
        if key not in self._placeholders:
            boxes = [(Box.of(p), p.placeholder_format) for p in layout.placeholders]
            self._placeholders[key] = (
                next((b for b, f in boxes if f.type in TITLE_TYPES), None),
                sorted((b for b, f in boxes if f.type in BODY_TYPES), key=lambda b: b[:2]),
                {f.idx: b for b, f in boxes},
            )
        return self._placeholders[key]

    def _title(self, layout):
        return self._layout_parts(layout)[0]

    def _bodies(self, layout) -> list:
        return list(self._layout_parts(layout)[1])

    def _body_area(self, layouts: dict) -> tuple[int, int, int, int]:
        return tuple(self._bodies(layouts["Title and Content"])[0])

    # -- drawing -----------------------------------------------------------------------------
    def _targets(self, bodies: list, count: int, headed: bool) -> list:
        """(heading, body) pairs in reading order: from the right on right-to-left slides."""
        targets = column_targets(bodies, count, headed)
        return targets[::-1] if self._rtl else targets

    def _slide(self, prs, layout, spec: SlideSpec, lang: Lang) -> None:
        slide = self._maker.add_slide(layout)
        placed = self._maker.placeholders(slide)
        where = self._layout_parts(layout)[2]  # a new slide's placeholders sit where its
        self._home = {id(p._element): where.get(idx) for p, idx, _ in placed}  # layout's do
        kind_of = {id(p._element): kind for p, _, kind in placed}
        title = next((p for p, _, kind in placed if kind in TITLE_TYPES), None)
        bodies = [
            p
            for p, idx, kind in sorted(placed, key=lambda t: where.get(t[1], (0, 0))[:2])
            if kind in BODY_TYPES or kind == PP_PLACEHOLDER.PICTURE
        ]
        used: set[int] = set()
        dirs = self.icon_dirs
        title_rect = None
        if title is not None and spec.title:
            title_rect = self._place_title(title, spec, layout)
            runs = spec.title + ([Run(self._continued)] if spec.continued else [])
            fill_paragraphs(title.text_frame, [Para(runs, style="plain")], spec.title_size, lang)
            used.add(title.shape_id)
            if self.icon_in_title(spec):
                layouts.title_icon(slide, spec, title_rect, lang, dirs)
        text_bodies = [b for b in bodies if kind_of[id(b._element)] != PP_PLACEHOLDER.PICTURE]
        if spec.layout in ("title", "section", "divider"):
            if spec.subtitle and bodies:
                fill_paragraphs(
                    bodies[0].text_frame, [Para(spec.subtitle, style="plain")], None, lang
                )
                used.add(bodies[0].shape_id)
            if spec.layout != "title" and title_rect is not None:
                layouts.divider_marks(slide, spec, title_rect, lang, dirs, self.slide_width)
        elif spec.columns:
            headed = bool(spec.columns[0].heading)
            targets = self._targets(text_bodies, len(spec.columns), headed)
            boxes = self._targets(self._bodies(layout), len(spec.columns), headed)
            head_size = heading_size(spec, boxes, self.fonts)
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
            draw.draw_table(
                slide, spec, self._body_area(self._layouts), lang, self.fonts, self.colors
            )
        elif spec.steps:
            draw.draw_process(slide, spec, self._body_area(self._layouts), lang, self.fonts, dirs)
        elif spec.layout == "icon-grid":
            area = self._body_area(self._layouts)
            layouts.icon_grid(slide, spec, area, lang, self.fonts, self.colors, dirs)
        elif spec.layout == "timeline":
            area = self._body_area(self._layouts)
            layouts.timeline(slide, spec, area, lang, self.fonts, self.colors, dirs)
        elif spec.layout == "image" and spec.picture is not None:
            frame = next(
                (b for b in bodies if kind_of[id(b._element)] == PP_PLACEHOLDER.PICTURE), None
            )
            if frame is None:
                raise BuildError([Problem(SourceLocation(self.template), "no picture area")])
            draw.draw_picture(slide, spec, self._rect(frame))
            captions = [b for b in text_bodies]
            if spec.picture.caption and captions:
                fill_paragraphs(
                    captions[0].text_frame,
                    [Para([Run(spec.picture.caption)], style="plain")],
                    18.0,
                    lang,
                )
                used.add(captions[0].shape_id)
        elif spec.body and text_bodies:
            body = self._body_placeholder(spec, text_bodies)
            rect = self.body_rect(spec, layout)
            if rect != self._rect(body):
                body.left, body.top, body.width, body.height = (Emu(v) for v in rect)
            self._fill_body(slide, spec, body, rect, lang)
            used.add(body.shape_id)
        for ph, _, _ in placed:
            if ph.shape_id not in used:
                ph._element.getparent().remove(ph._element)
        if spec.layout == "title" and self.logo is not None:
            add_logo(slide, prs, self.logo, lang.rtl)
        add_slide_number(slide, prs, lang)
        if spec.notes:
            add_notes(self._maker.notes_frame(slide), spec.notes, lang)

    def _body_placeholder(self, spec: SlideSpec, text_bodies: list):
        if spec.layout == "picture" and len(text_bodies) > 1:
            return text_bodies[0] if self._rtl else text_bodies[-1]
        return text_bodies[0]

    def _fill_body(self, slide, spec: SlideSpec, body, rect, lang: Lang) -> None:
        """The body text, and the shapes a layout draws around it."""
        dirs, area = self.icon_dirs, self._body_area(self._layouts)
        frame = body.text_frame
        sizes: list[float] | None = None
        colors: list[str | None] | None = None
        if spec.layout == "statement":
            frame.vertical_anchor = MSO_ANCHOR.MIDDLE
            colors = ["tx2" for _ in spec.body]
            if spec.icon:
                layouts.statement_icon(slide, spec, area, dirs)
        elif spec.layout == "statistic":
            layouts.statistic_figure(slide, spec, area, lang, self.fonts, dirs)
            size = spec.body_size or 28.0
            sizes = [size if p.style != "source" else 18.0 for p in spec.body]
            colors = [None if p.style != "source" else self.colors["muted"] for p in spec.body]
        elif spec.layout == "case-card":
            layouts.case_panel(slide, spec, area, lang, self.colors, dirs)
        elif spec.layout == "picture" and spec.picture is not None:
            other = self._bodies(self._layouts["Two Content"])
            draw.draw_picture(slide, spec, tuple(other[-1] if self._rtl else other[0]))
        fill_paragraphs(frame, spec.body, spec.body_size, lang, sizes=sizes, colors=colors)
        if any(p.icon for p in spec.body):
            layouts.para_icons(slide, spec, rect, lang, self.fonts, dirs)

    def _place_title(self, title, spec: SlideSpec, layout) -> tuple[int, int, int, int]:
        """Give the title the box it was measured in: narrower beside a slide icon, and
        grown upwards (its bottom kept) when it takes two lines."""
        room = self.title_room(spec, layout)
        if room is None:
            return self._rect(title)
        rect, _, lines = room
        x, y, w, h = rect
        left, top, width, height = self._rect(title)
        if self._rtl and self.icon_in_title(spec):
            x = left + width - w  # the icon sits at the left end on rtl slides
        runs = spec.title + ([Run(self._continued)] if spec.continued else [])
        pieces = [fit.Piece(r.text, True) for r in runs]
        from trainpack.write.pptx.measure import INSET_X, INSET_Y

        width_pt = (w / 12700 - 2 * INSET_X) * fit.SAFETY
        count = fit.count_lines(pieces, spec.title_size, width_pt, self.fonts)
        line = spec.title_size * fit.line_of(pieces, self.fonts)
        need = int((count * line + 2 * INSET_Y + 1.0) * 12700)  # 1 pt to spare: no rounding
        if lines == 2 and count > 1 and need > height:
            top, height = top + height - min(need, h), min(need, h)
        title.left, title.top, title.width, title.height = (Emu(v) for v in (x, top, w, height))
        return (x, top, w, height)

    def _rect(self, placeholder) -> tuple[int, int, int, int]:
        """Where a new slide's placeholder sits: its layout's place, read once per deck."""
        home = self._home.get(id(placeholder._element))
        if home is not None and placeholder._element.spPr.xfrm is None:
            return tuple(home)
        return Box.of(placeholder)[:]


class Box(NamedTuple):
    """A placeholder's rectangle in EMU, read once."""

    left: int
    top: int
    width: int
    height: int

    @classmethod
    def of(cls, shape) -> Box:
        return cls(int(shape.left), int(shape.top), int(shape.width), int(shape.height))


def _drop_existing_slides(prs) -> None:
    """An organisation's template may carry sample slides; decks start empty."""
    ids = prs.slides._sldIdLst
    for sld in list(ids):
        prs.part.drop_rel(sld.rId)
        ids.remove(sld)
