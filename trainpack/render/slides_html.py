"""A DeckSpec drawn as HTML: one 16:9 box per slide, in the theme's colours and type.

The browser preview uses it (and a slides PDF could): it reads the same slide specs the PPTX
writer reads, so a preview shows the same slides, titles, lists, tables and notes.  Sizes
are in container units of the slide's width (a slide is 13.333 in = 960 pt wide), so a
32 pt title is 32/960 of the slide's width at any zoom.  Pure: text in, text out; pictures
become URLs through the ``picture_url`` the caller passes (it decides what may be served).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from markupsafe import Markup, escape

from trainpack.core.icons import icon_path
from trainpack.render.deckspec import Column, DeckSpec, Item, Para, Run, SlideSpec, Table

SLIDE_WIDTH_PT = 960.0
BODY_PT = 24.0  # the master's body size; the writer may shrink to fit
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
Picture = Callable[[Path], str | None]


def deck_css(theme: Any = None, scope: str = ".deck") -> str:
    """CSS custom properties for one deck from the theme's tokens (colours, font family)."""
    colors = {**DEFAULT_COLORS, **(getattr(theme, "colors", None) or {})}
    family = getattr(theme, "css_family", None) or "Carlito"
    lines = [f"{scope} {{"]
    lines += [f"  --s-{k.replace('_', '-')}: #{v.lower()};" for k, v in colors.items()]
    lines.append(f'  --s-font: "{family}", "Noto Sans Arabic", "DejaVu Sans", sans-serif;')
    lines.append("}")
    return "\n".join(lines)


def slide_html(
    spec: SlideSpec, number: int, direction: str = "ltr", picture: Picture | None = None
) -> Markup:
    """One slide: the 16:9 face (``div.slide``) and its speaker notes (``aside.notes``)."""
    title = _runs(spec.title)
    body: list[str] = []
    divider = f'<p class="s-divider-number">{escape(spec.number)}</p>' if spec.number else ""
    if spec.figure:
        body.append(f'<p class="s-figure">{escape(spec.figure)}</p>')
    if spec.subtitle:
        body.append(f'<p class="s-subtitle">{_runs(spec.subtitle)}</p>')
    if spec.body:
        body.append(_paras(spec.body, picture))
    if spec.items:
        body.append(_items(spec.items, picture))
    if spec.columns:
        body.append(
            '<div class="s-columns">' + "".join(_column(c) for c in spec.columns) + "</div>"
        )
    if spec.table is not None:
        body.append(_table(spec.table))
    if spec.steps:
        items = "".join(
            f"<li>{_icon(s.icon, picture)}<strong>{escape(s.label)}</strong>"
            + (f"<span>{escape(s.detail)}</span>" if s.detail else "")
            + "</li>"
            for s in spec.steps
        )
        body.append(f'<ol class="s-steps">{items}</ol>')
    if spec.picture is not None:
        url = picture(spec.picture.path) if picture else None
        alt = "" if spec.picture.decorative else spec.picture.alt
        figure = f'<img src="{escape(url)}" alt="{escape(alt)}">' if url else ""
        if spec.picture.caption:
            figure += f"<figcaption>{escape(spec.picture.caption)}</figcaption>"
        body.append(f"<figure>{figure}</figure>")
    size = spec.body_size or BODY_PT
    style = (
        f"--title-size: {spec.title_size / SLIDE_WIDTH_PT * 100:.3f}cqw; "
        f"--body-size: {size / SLIDE_WIDTH_PT * 100:.3f}cqw"
    )
    notes = "".join(f"<p>{escape(n)}</p>" for n in spec.notes) or (
        '<p class="none">No notes for this slide.</p>'
    )
    origin = f"{spec.origin.path}:{spec.origin.line or ''}" if spec.origin else ""
    return Markup(
        f'<div class="slide layout-{escape(spec.layout)}" dir="{escape(direction)}" '
        f'style="{style}" data-origin="{escape(origin)}" role="img" '
        f'aria-label="Slide {number}: {escape(spec.title_text)}">'
        f'<div class="s-face">{_icon(spec.icon, picture, "s-slide-icon")}{divider}'
        f'<h3 class="s-title">{title}</h3>'
        f'<div class="s-body">{"".join(body)}</div>'
        f'<span class="s-number">{number}</span></div></div>'
        f'<aside class="notes" dir="{escape(direction)}"><h4>Speaker notes</h4>'
        f"{notes}</aside>"
    )


def deck_html(deck: DeckSpec, picture: Picture | None = None) -> list[Markup]:
    """Every slide of a deck, in order."""
    return [slide_html(s, n, deck.direction, picture) for n, s in enumerate(deck.slides, 1)]


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


def _icon(name: str, picture: Picture | None, cls: str = "s-icon") -> str:
    """A shipped (or the course's) icon as a picture; nothing if it cannot be shown."""
    path = icon_path(name) if name and picture else None
    url = picture(path) if path is not None and picture else None
    return f'<img class="{cls}" src="{escape(url)}" alt="">' if url else ""


def _paras(paras: Sequence[Para], picture: Picture | None = None) -> str:
    """Paragraphs and list items, nested by level as the writer indents them."""
    out: list[str] = []
    for para in paras:
        style = "icon" if para.icon else para.style or "bullet"
        out.append(
            f'<p class="s-para s-{escape(style)}" style="--level: {para.level}">'
            f"{_icon(para.icon, picture)}{_runs(para.runs)}</p>"
        )
    return f'<div class="s-text">{"".join(out)}</div>'


def _items(items: Sequence[Item], picture: Picture | None) -> str:
    """Cards of an icon grid, a timeline or a case card: icon, label, detail."""
    cards = "".join(
        f"<li>{_icon(item.icon, picture)}<strong>{_runs(item.label)}</strong>"
        + (f"<span>{_runs(item.detail)}</span>" if item.detail else "")
        + "</li>"
        for item in items
    )
    return f'<ul class="s-items">{cards}</ul>'


def _column(column: Column) -> str:
    heading = f"<h4>{_runs(column.heading)}</h4>" if column.heading else ""
    return f'<div class="s-column">{heading}{_paras(column.paras)}</div>'


def _table(table: Table) -> str:
    total = sum(table.widths) or 1.0
    cols = "".join(f'<col style="width: {w / total * 100:.1f}%">' for w in table.widths)
    head = "".join(f"<th>{_runs(c)}</th>" for c in table.columns)
    rows = "".join(
        "<tr>" + "".join(f"<td>{_runs(cell)}</td>" for cell in row) + "</tr>" for row in table.rows
    )
    return f'<table class="s-table"><colgroup>{cols}</colgroup><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>'
