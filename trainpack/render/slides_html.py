"""A DeckSpec drawn as HTML: one 16:9 box per slide, in the theme's colours and type.

One renderer for every place a slide is shown as HTML: the browser preview, the slides PDF
(one page per slide), the printable slide handout (three a page) and the guide's slide
pictures.  It reads the same slide specs the PPTX writer reads, so all of them show the same
slides, titles, lists, tables and notes.  Every size is in ``em`` of the slide's own
font-size (a slide is 40em x 22.5em, 1em = 24 pt at full size = 13.333 x 7.5 in), so a
thumbnail is the same slide with a smaller font-size, and a browser scales it with
``.slide { font-size: calc(100cqw / 40) }``.  Icons are CSS backgrounds (Lucide SVG in the
theme's colour): decoration, so PDFs mark them as artifacts and screen readers skip them.
Pure: text in, text out; pictures become URLs through the ``picture`` callable the caller
passes (it decides what may be served).
"""

from __future__ import annotations

from base64 import b64encode
from collections.abc import Callable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

from markupsafe import Markup, escape

from trainpack.core.icons import icon_path
from trainpack.core.resources import TEMPLATES
from trainpack.core.slide_marks import mark_url
from trainpack.render.deckspec import Column, DeckSpec, Para, Run, SlideSpec, Table

SLIDE_WIDTH_PT = 960.0
BASE_PT = 24.0  # 1em of a full-size slide; the master's body size
BODY_PT = 24.0
DEFAULT_COLORS = {
    "primary": "2F6F73",
    "primary_dark": "1F4E52",
    "accent": "E0A458",
    "text": "333333",
    "background": "FFFFFF",
    "paper": "F4F1EA",
    "muted": "5A6A6E",
    "tint": "EAF3F3",
    "line": "B7CFD0",
    "stripe": "F5F9F9",
}
ICONS = TEMPLATES / "icons" / "lucide"
Picture = Callable[[Path], str | None]
_DIRS: list[tuple[Path, ...]] = [(ICONS,)]  # icon folders of the slide being drawn
# Layouts drawn on the primary colour (white text): openings and section breaks.
DARK = {"title", "section", "divider"}


def colors_of(theme: Any = None) -> dict[str, str]:
    return {**DEFAULT_COLORS, **(getattr(theme, "colors", None) or {})}


def deck_css(theme: Any = None, scope: str = ".deck") -> str:
    """CSS custom properties for one deck from the theme's tokens (colours, font family):
    both the print names (``--primary``) and the preview's (``--s-primary``)."""
    colors = colors_of(theme)
    family = getattr(theme, "css_family", None) or "Carlito"
    lines = [f"{scope} {{"]
    for key, value in colors.items():
        name = key.replace("_", "-")
        lines.append(f"  --{name}: #{value.lower()}; --s-{name}: #{value.lower()};")
    stack = f'"{family}", "Noto Sans Arabic", "DejaVu Sans", sans-serif'
    lines.append(f"  --font: {stack}; --s-font: {stack};")
    lines.append("}")
    return "\n".join(lines)


@lru_cache(maxsize=512)
def icon_url(name: str, color: str, dirs: tuple[Path, ...] = (ICONS,)) -> str:
    """A Lucide icon as a data: URL stroked in ``color`` (hex without #); '' if unknown."""
    path = icon_path(name, dirs) if name and "/" not in name else None
    if path is None:
        return ""
    svg = path.read_text(encoding="utf-8").replace("currentColor", f"#{color.lower()}")
    svg = svg[svg.find("<svg") :]
    return "data:image/svg+xml;base64," + b64encode(svg.encode()).decode()


def icon(name: str, color: str, cls: str = "s-icon") -> str:
    """A decorative icon (aria-hidden): a span whose background is the icon."""
    url = icon_url(name, color, _DIRS[0])
    if not url:
        return ""
    return f'<span class="{cls}" aria-hidden="true" style="background-image: url({url})"></span>'


def slide_face(
    spec: SlideSpec,
    number: int,
    direction: str = "ltr",
    picture: Picture | None = None,
    theme: Any = None,
    label: str = "Slide",
    icons: tuple[Path, ...] = (ICONS,),
) -> Markup:
    """The 16:9 face of one slide (``div.slide``), without its notes."""
    _DIRS[0] = icons
    colors = colors_of(theme)
    dark = spec.layout in DARK
    ink = "FFFFFF" if dark else colors["primary"]
    layout = str(escape(spec.layout))
    slide_icon = getattr(spec, "icon", "")
    parts: list[str] = []
    number_text = getattr(spec, "number", "")
    if number_text:
        parts.append(f'<p class="s-kicker">{escape(number_text)}</p>')
    if slide_icon and spec.layout in ("divider", "statement", "section", "title"):
        parts.append(icon(slide_icon, colors["accent"] if dark else ink, "s-icon s-hero"))
    title = _runs(spec.title)
    if title:
        lead = icon(slide_icon, ink, "s-icon s-lead") if slide_icon and not parts else ""
        parts.append(f'<h2 class="s-title">{lead}{title}</h2>')
    if spec.subtitle:
        parts.append(f'<p class="s-subtitle">{_runs(spec.subtitle)}</p>')
    parts.append(_body(spec, colors, picture))
    size = (spec.body_size or (18.0 if spec.table else BODY_PT)) / BASE_PT
    style = f"--title-size: {spec.title_size / BASE_PT:.3f}em; --body-size: {size:.3f}em"
    origin = f"{spec.origin.path}:{spec.origin.line or ''}" if spec.origin else ""
    return Markup(
        f'<div class="slide layout-{layout}" dir="{escape(direction)}" style="{style}" '
        f'data-origin="{escape(origin)}" data-number="{number}">'
        f'<div class="s-face">{"".join(parts)}</div>'
        f'<span class="s-slideno" aria-label="{escape(label)} {number}">{number}</span></div>'
    )


def slide_mark(spec: SlideSpec, number: int, place: int, label: str = "Slide") -> Markup:
    """Where slide ``number`` of the ``place``-th slides PDF goes on a printed page: the PDF
    writer puts that page here (``write/pdf/impose.py``).  Its alt is the slide's text."""
    alt = f"{label} {number}: {slide_text(spec)}"
    return Markup(
        f'<img class="slide-picture" src="{mark_url(place, number)}" alt="{escape(alt)}" '
        f'data-number="{number}">'
    )


def slide_text(spec: SlideSpec) -> str:
    """What the slide says, as one line of plain text (a picture's alt, a search)."""
    runs = [spec.title, spec.subtitle, *(p.runs for p in spec.body)]
    for column in spec.columns:
        runs += [column.heading, *(p.runs for p in column.paras)]
    if spec.table is not None:
        runs += [*spec.table.columns, *(cell for row in spec.table.rows for cell in row)]
    for item in spec.items:
        runs += [item.label, item.detail]
    parts = ["".join(r.text for r in run) for run in runs]
    parts += [spec.figure] + [f"{s.label} {s.detail}" for s in spec.steps]
    if spec.picture is not None:
        parts.append(spec.picture.caption or ("" if spec.picture.decorative else spec.picture.alt))
    return " · ".join(" ".join(p.split()) for p in parts if p and p.strip())


def slide_html(
    spec: SlideSpec,
    number: int,
    direction: str = "ltr",
    picture: Picture | None = None,
    theme: Any = None,
    notes_heading: str = "Speaker notes",
    no_notes: str = "No notes for this slide.",
) -> Markup:
    """One slide for the preview: the 16:9 face and its speaker notes (``aside.notes``)."""
    notes = "".join(f"<p>{escape(n)}</p>" for n in spec.notes) or (
        f'<p class="none">{escape(no_notes)}</p>'
    )
    return Markup(
        slide_face(spec, number, direction, picture, theme)
        + Markup(
            f'<aside class="notes" dir="{escape(direction)}"><h4>{escape(notes_heading)}</h4>'
            f"{notes}</aside>"
        )
    )


def deck_html(deck: DeckSpec, picture: Picture | None = None, theme: Any = None) -> list[Markup]:
    """Every slide of a deck, in order."""
    return [slide_html(s, n, deck.direction, picture, theme) for n, s in enumerate(deck.slides, 1)]


def _body(spec: SlideSpec, colors: dict[str, str], picture: Picture | None) -> str:
    body: list[str] = []
    figure = getattr(spec, "figure", "")
    if figure:
        body.append(f'<p class="s-figure">{escape(figure)}</p>')
    if spec.body:
        body.append(_paras(spec.body, colors))
    if spec.columns:
        columns = "".join(_column(c, colors) for c in spec.columns)
        body.append(f'<div class="s-columns">{columns}</div>')
    if spec.table is not None:
        body.append(_table(spec.table))
    if spec.steps:
        rows = "s-steps two-rows" if len(spec.steps) > 5 else "s-steps"
        items = "".join(
            f'<li><span class="s-step-number">{n}</span>'
            + icon(getattr(s, "icon", ""), colors["primary"])
            + f"<strong>{escape(s.label)}</strong>"
            + (f"<span class='s-detail'>{escape(s.detail)}</span>" if s.detail else "")
            + "</li>"
            for n, s in enumerate(spec.steps, 1)
        )
        body.append(f'<ol class="{rows}">{items}</ol>')
    if spec.items:
        kind = "s-timeline" if spec.layout == "timeline" else "s-grid"
        cells = "".join(
            "<li>"
            + icon(i.icon, colors["primary"])
            + f'<strong class="s-label">{_runs(i.label)}</strong>'
            + (f'<span class="s-detail">{_runs(i.detail)}</span>' if i.detail else "")
            + "</li>"
            for i in spec.items
        )
        body.append(f'<ul class="{kind} n{len(spec.items)}">{cells}</ul>')
    if spec.picture is not None:
        url = picture(spec.picture.path) if picture else None
        alt = "" if spec.picture.decorative else spec.picture.alt
        img = f'<img src="{escape(url)}" alt="{escape(alt)}">' if url else ""
        caption = (
            f"<figcaption>{escape(spec.picture.caption)}</figcaption>"
            if spec.picture.caption
            else ""
        )
        body.append(f'<div class="s-picture">{img}{caption}</div>')
    return f'<div class="s-body">{"".join(body)}</div>'


def _runs(runs: Sequence[Run]) -> Markup:
    out = []
    for run in runs:
        text = str(escape(run.text))
        if run.italic:
            text = f"<em>{text}</em>"
        if run.bold:
            text = f"<strong>{text}</strong>"
        out.append(text)
    return Markup("".join(out))


def _paras(paras: Sequence[Para], colors: dict[str, str]) -> str:
    """Paragraphs and list items, nested by level as the writer indents them."""
    out: list[str] = []
    for para in paras:
        style = para.style or "bullet"
        mark = icon(getattr(para, "icon", ""), colors["primary"])
        cls = f"s-para s-{escape(style)}" + (" s-has-icon" if mark else "")
        out.append(f'<p class="{cls}" style="--level: {para.level}">{mark}{_runs(para.runs)}</p>')
    return f'<div class="s-text">{"".join(out)}</div>'


def _column(column: Column, colors: dict[str, str]) -> str:
    heading = f'<p class="s-heading">{_runs(column.heading)}</p>' if column.heading else ""
    return f'<div class="s-column">{heading}{_paras(column.paras, colors)}</div>'


def _table(table: Table) -> str:
    total = sum(table.widths) or 1.0
    cols = "".join(f'<col style="width: {w / total * 100:.1f}%">' for w in table.widths)
    head = "".join(f"<th>{_runs(c)}</th>" for c in table.columns)
    rows = "".join(
        "<tr>" + "".join(f"<td>{_runs(cell)}</td>" for cell in row) + "</tr>" for row in table.rows
    )
    return (
        f'<table class="s-table"><colgroup>{cols}</colgroup>'
        f"<thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"
    )
