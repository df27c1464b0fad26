"""Slide pictures on printed pages: each slides PDF page placed where its mark was drawn.

Why: WeasyPrint spends about as long drawing a slide at thumbnail size as at full size, and
the slide handout and the guide show every slide again.  Drawn once, in the deck's slides
PDF, and placed as a form XObject (a page reused as a picture, vector and text intact), a
slide handout costs its frame, not its slides.  The only module that imports pikepdf.

The frame's ``<img>`` mark is a Figure in the tagged PDF, with the slide's text as its alt;
the placed page keeps its drawing and text but not its own marked content, since a slide on
a handout is one figure, not a second copy of the slides PDF's structure.
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import ExitStack
from io import BytesIO
from pathlib import Path

import pikepdf

from trainpack.core.errors import Problem, problem
from trainpack.core.slide_marks import WIDTH, read_mark

_MARKS = {"BDC", "BMC", "EMC", "MP", "DP"}  # marked-content operators


def place_slides(path: Path, decks: Sequence[Path], template: Path | None = None) -> list[Problem]:
    """Put the slides on the frame PDF at ``path``, in place; a warning (at ``template``)
    for each mark that names a slide no deck has."""
    return [
        problem(
            Path(template) if template else Path("templates"),
            None,
            None,
            f"PDF '{path.name}': a slide picture names {slide}, which no slides PDF "
            "has; it is left blank",
            "show slides with the `faces` the template is given, not a copied picture",
            severity="warning",
        )
        for slide in impose(path.read_bytes(), decks, path)
    ]


def impose(frame: bytes, decks: Sequence[Path], dest: Path) -> list[str]:
    """Write ``frame`` (a PDF) to ``dest`` with every slide mark replaced by its slide from
    ``decks`` (the slides PDFs, in the order the marks count them).  Returns what could not
    be placed: a mark naming a slide no deck has (only a hand-made mark in a course's own
    template can) stays a blank box."""
    missing: list[str] = []
    with ExitStack() as stack:
        pdf = stack.enter_context(pikepdf.open(BytesIO(frame)))
        opened: dict[int, pikepdf.Pdf] = {}
        forms: dict[tuple[int, int], pikepdf.Object | None] = {}

        def form(deck: int, number: int) -> pikepdf.Object | None:
            if (deck, number) not in forms:
                if 1 <= deck <= len(decks) and deck not in opened:
                    opened[deck] = stack.enter_context(pikepdf.open(decks[deck - 1]))
                source = opened.get(deck)
                if source is not None and 1 <= number <= len(source.pages):
                    forms[deck, number] = _as_form(pdf, source.pages[number - 1])
                else:
                    forms[deck, number] = None
                    missing.append(f"slide {number} of deck {deck} ({len(decks)} decks)")
            return forms[deck, number]

        for page in pdf.pages:
            resources = page.obj.get("/Resources")
            xobjects = resources.get("/XObject") if resources is not None else None
            if xobjects is None:
                continue
            for name in list(xobjects.keys()):
                mark = _mark(xobjects[name])
                slide = form(*mark) if mark is not None else None
                if slide is not None:
                    xobjects[name] = slide
        # The marks' images are no longer referenced: saving writes only what is reachable.
        pdf.save(dest, deterministic_id=True)
    return missing


def _mark(xobject: pikepdf.Object) -> tuple[int, int] | None:
    """The slide a mark stands for; None for every other picture (checked cheaply first)."""
    if (
        not isinstance(xobject, pikepdf.Stream)
        or xobject.get("/Subtype") != "/Image"
        or xobject.get("/Width") != WIDTH
        or xobject.get("/Height") != 1
    ):
        return None
    try:
        return read_mark(pikepdf.PdfImage(xobject).read_bytes())
    except (pikepdf.PdfError, NotImplementedError, ValueError):
        return None


def _as_form(pdf: pikepdf.Pdf, page: pikepdf.Page) -> pikepdf.Object:
    """``page`` as a form XObject of ``pdf`` that fills the unit square, as an image does:
    the mark's placement (its ``cm`` and clip) then puts it in the mark's box."""
    x0, y0, x1, y1 = (float(v) for v in page.mediabox)
    width, height = x1 - x0, y1 - y0
    drawing = [
        item for item in pikepdf.parse_content_stream(page) if str(item.operator) not in _MARKS
    ]
    form = pikepdf.Stream(pdf, pikepdf.unparse_content_stream(drawing))
    form.Type = pikepdf.Name.XObject
    form.Subtype = pikepdf.Name.Form
    form.BBox = [x0, y0, x1, y1]
    form.Matrix = [1 / width, 0, 0, 1 / height, -x0 / width, -y0 / height]
    form.Resources = pdf.copy_foreign(page.obj.get("/Resources", pikepdf.Dictionary()))
    if "/Group" in page.obj:
        form.Group = pdf.copy_foreign(page.obj.Group)
    return pdf.make_indirect(form)
