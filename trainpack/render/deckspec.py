"""The deck as plain data: what the deck template says, in a form any writer can use.

The deck template renders a small HTML vocabulary, one ``<section
data-layout="…">`` per slide (``h1`` title, ``p.subtitle``, ``ul``/``ol`` body,
``div.column``, ``table``, ``img``, ``ol.steps``, ``ul.items`` (icon grid, timeline),
``p.figure`` (statistic), ``p.number`` (divider), ``aside.notes``); ``data-icon`` on a
section, ``li`` or step names an icon.  Parsing it
here keeps python-pptx out of rendering and lets the same deck feed other outputs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import lxml.html

from trainpack.core.docprops import DocProperties
from trainpack.core.errors import BuildError, SourceLocation, problem
from trainpack.core.model import Module
from trainpack.core.spacing import SPACES, fold


@dataclass
class Run:
    text: str
    bold: bool = False
    italic: bool = False


@dataclass
class Para:
    runs: list[Run]
    level: int = 0
    # "", "tick" (checklist), "number", "quote", "attribution", "plain", "statement",
    # "caption", "source", "question", "option", "fact"
    style: str = ""
    icon: str = ""  # an icon name drawn before the paragraph ("" none)

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)


@dataclass
class Column:
    heading: list[Run]
    paras: list[Para]


@dataclass
class Table:
    columns: list[list[Run]]
    rows: list[list[list[Run]]]
    widths: list[float]


@dataclass
class Picture:
    path: Path
    alt: str
    decorative: bool
    caption: str


@dataclass
class Step:
    label: str
    detail: str
    icon: str = ""


@dataclass
class Item:
    """An icon-grid item (label, detail) or a timeline event (label = when, detail = text)."""

    label: list[Run]
    detail: list[Run]
    icon: str = ""


@dataclass
class SlideSpec:
    layout: str
    title: list[Run] = field(default_factory=list)
    subtitle: list[Run] = field(default_factory=list)
    body: list[Para] = field(default_factory=list)
    columns: list[Column] = field(default_factory=list)
    table: Table | None = None
    picture: Picture | None = None
    steps: list[Step] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)
    icon: str = ""  # the slide's icon name ("" none)
    figure: str = ""  # a statistic's big figure
    number: str = ""  # a divider's section number
    notes: list[str] = field(default_factory=list)
    origin: SourceLocation | None = None
    continued: bool = False
    title_size: float = 32.0  # chosen by the writer's fitting
    body_size: float | None = None  # None: the template's own size

    @property
    def title_text(self) -> str:
        return "".join(r.text for r in self.title)


@dataclass
class DeckSpec:
    module_id: str
    title: str
    slides: list[SlideSpec]
    language: str = "en-GB"
    direction: str = "ltr"
    continued: str = " (continued)"  # appended to titles of continuation slides
    continued_note: str = "Continued from the previous slide."  # their speaker notes
    properties: DocProperties | None = None  # None: the title alone, the fallback date
    # True once the PPTX writer's pagination has sized and continued every slide: the PPTX,
    # the slides PDF, the slide handout and the guide then show the very same slides.
    laid_out: bool = False


def parse_deck(html: str, module: Module, folder: Path) -> DeckSpec:
    """Read the rendered deck HTML into slides; origins point back at module.yaml lines."""
    root = lxml.html.fromstring(f"<div>{html}</div>")
    slides = [_slide(node, folder) for node in root.iter("section")]
    if not slides:
        raise BuildError(
            [
                problem(
                    Path("templates/deck/deck.html.j2"),
                    None,
                    None,
                    f"the deck template produced no slides for '{module.id}'",
                    "each slide is a <section data-layout=…> element",
                )
            ]
        )
    return DeckSpec(module.id, module.title, slides, root.get("lang") or "en-GB")


def _slide(node: lxml.html.HtmlElement, folder: Path) -> SlideSpec:
    spec = SlideSpec(
        layout=node.get("data-layout", "bullets"),
        origin=_origin(node),
        icon=node.get("data-icon", ""),
    )
    for child in node:
        tag, cls = child.tag, (child.get("class") or "").split()
        if tag == "h1":
            spec.title = runs(child)
        elif tag == "p" and "subtitle" in cls:
            spec.subtitle = runs(child)
        elif tag == "aside" and "notes" in cls:
            spec.notes = [_text(p) for p in child if _text(p)] or (
                [_text(child)] if _text(child) else []
            )
        elif tag in ("ul", "ol") and "steps" in cls:
            spec.steps = [
                Step(
                    _text(li.find("strong")) if li.find("strong") is not None else _text(li),
                    _text(li.find("span")) if li.find("span") is not None else "",
                    li.get("data-icon", ""),
                )
                for li in child.iter("li")
            ]
        elif tag in ("ul", "ol") and "items" in cls:
            spec.items = [
                Item(runs(li.find("strong")), runs(li.find("span")), li.get("data-icon", ""))
                for li in child.iter("li")
            ]
        elif tag in ("ul", "ol"):
            spec.body += _list(child, 0)
        elif tag == "div" and "column" in cls:
            heading = child.find("h2")
            paras = [p for sub in child if sub.tag in ("ul", "ol") for p in _list(sub, 0)]
            spec.columns.append(Column(runs(heading) if heading is not None else [], paras))
        elif tag == "table":
            spec.table = _table(child)
        elif tag == "img":
            spec.picture = Picture(
                folder / child.get("src", ""),
                child.get("alt", ""),
                child.get("data-decorative") == "true",
                child.get("data-caption", ""),
            )
        elif tag == "blockquote":
            spec.body.append(Para(runs(child), style="quote"))
        elif tag == "p" and "figure" in cls:
            spec.figure = _text(child)
        elif tag == "p" and "number" in cls:
            spec.number = _text(child)
        elif tag == "p":
            style = child.get("class", "") or "plain"
            spec.body.append(Para(runs(child), style=style, icon=child.get("data-icon", "")))
    return spec


def _origin(node: lxml.html.HtmlElement) -> SourceLocation | None:
    raw = node.get("data-origin")
    if not raw:
        return None
    path, _, line = raw.rpartition(":")
    return SourceLocation(Path(path), int(line) if line.isascii() and line.isdigit() else None)


def _list(node: lxml.html.HtmlElement, level: int) -> list[Para]:
    style = (node.get("class") or "").strip() or ("number" if node.tag == "ol" else "")
    paras: list[Para] = []
    for li in node:
        if li.tag != "li":
            continue
        nested = [sub for sub in li if sub.tag in ("ul", "ol")]
        paras.append(Para(runs(li, skip=("ul", "ol")), level, style, li.get("data-icon", "")))
        for sub in nested:
            paras += _list(sub, level + 1)
    return paras


def _table(node: lxml.html.HtmlElement) -> Table:
    head = [runs(th) for th in node.iter("th")]
    rows = [[runs(td) for td in tr.findall("td")] for tr in node.iter("tr") if tr.findall("td")]
    widths = [float(w) for w in (node.get("data-widths") or "").split()] or [1.0] * len(head)
    return Table(head, rows, widths)


def runs(
    node: lxml.html.HtmlElement | None,
    skip: tuple[str, ...] = (),
    bold: bool = False,
    italic: bool = False,
) -> list[Run]:
    """Inline text with bold/italic kept; whitespace folded as HTML does."""
    if node is None:
        return []
    out: list[Run] = []
    _collect(node, skip, bold, italic, out)
    merged: list[Run] = []
    for run in out:
        if merged and (merged[-1].bold, merged[-1].italic) == (run.bold, run.italic):
            merged[-1].text += run.text
        else:
            merged.append(run)
    text = "".join(r.text for r in merged)
    if merged:
        merged[0].text = merged[0].text.lstrip()
        merged[-1].text = merged[-1].text.rstrip()
    return [r for r in merged if r.text] if text.strip() else []


def _collect(
    node: lxml.html.HtmlElement, skip: tuple[str, ...], bold: bool, italic: bool, out: list[Run]
) -> None:
    if node.text:
        out.append(Run(_fold(node.text), bold, italic))
    for child in node:
        if child.tag in skip or not isinstance(child.tag, str):
            if child.tail:
                out.append(Run(_fold(child.tail), bold, italic))
            continue
        _collect(
            child,
            skip,
            bold or child.tag in ("strong", "b"),
            italic or child.tag in ("em", "i"),
            out,
        )
        if child.tail:
            out.append(Run(_fold(child.tail), bold, italic))


def _fold(text: str) -> str:
    """Fold whitespace as HTML does, keeping one space at either edge."""
    core = fold(text)
    if not core:
        return " " if text else ""
    return (" " if text[0] in SPACES else "") + core + (" " if text[-1] in SPACES else "")


def _text(node: lxml.html.HtmlElement | None) -> str:
    return fold(node.text_content()) if node is not None else ""
