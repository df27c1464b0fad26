"""Slides drawn once: the slide handout and the guide place the slides PDF's pages where their
HTML holds a mark, and tag each as a Figure with the slide's text as its alt."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from pptx import Presentation
from pypdf import PdfReader
from pypdf.generic import DictionaryObject

from trainpack.core.slide_marks import WIDTH, mark_url, read_mark
from trainpack.render.deckspec import Run, SlideSpec
from trainpack.render.slides_html import slide_mark
from trainpack.write.pdf.impose import place_slides
from trainpack.write.pdf.writer import write_pdf

ROOT = Path(__file__).resolve().parent.parent
FULL = ROOT / "tests" / "fixtures" / "courses" / "full"
TEMPLATES = ROOT / "templates"


def build(source: Path, out: Path) -> str:
    done = subprocess.run(
        [sys.executable, str(ROOT / "build.py"), "build", "--source", str(source)]
        + ["--out", str(out), "--jobs", "2"],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout + done.stderr


@pytest.fixture(scope="module")
def course(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, str]:
    """A copy of the `full` fixture, built once: (course, edition folder, build report)."""
    root = tmp_path_factory.mktemp("pictures")
    shutil.copytree(FULL, root / "full")
    report = build(root / "full", root / "out")
    return root / "full", root / "out" / "everyone", report


def figures(path: Path) -> list[str]:
    """The alt text of every Figure in the PDF's structure tree, in tree order."""
    found: list[str] = []

    def walk(node: object) -> None:
        node = node.get_object() if hasattr(node, "get_object") else node
        if isinstance(node, list):
            for kid in node:
                walk(kid)
        elif isinstance(node, DictionaryObject):
            if node.get("/S") == "/Figure":
                found.append(str(node.get("/Alt", "")))
            if "/K" in node:
                walk(node["/K"])

    walk(PdfReader(path).trailer["/Root"]["/StructTreeRoot"])
    return found


def pictures(path: Path) -> tuple[int, int]:
    """(slide marks left, form XObjects placed) over the document's pages."""
    marks = forms = 0
    for page in PdfReader(path).pages:
        xobjects = page.get("/Resources", {}).get("/XObject", {})
        for ref in xobjects.values():
            obj = ref.get_object()
            if obj.get("/Subtype") == "/Image" and obj.get("/Width") == WIDTH:
                marks += read_mark(obj.get_data()) is not None
            forms += obj.get("/Subtype") == "/Form"
    return marks, forms


def titles(deck: Path) -> list[str]:
    return [" ".join(s.shapes.title.text.split()) for s in Presentation(str(deck)).slides]


def test_the_slide_handout_places_every_slide_as_a_figure_with_its_text(course) -> None:
    _, edition, _ = course
    for deck in sorted((edition / "slides").glob("*.pptx")):
        handout = edition / "handouts" / "slides" / deck.with_suffix(".pdf").name
        alts = figures(handout)
        names = titles(deck)
        assert [a.split(":")[0] for a in alts] == [f"Slide {n}" for n in range(1, len(names) + 1)]
        for alt, title in zip(alts, names, strict=True):
            assert title[:25] in " ".join(alt.split()), (alt, title)
        marks, forms = pictures(handout)
        assert marks == 0 and forms >= len(names)
        text = " ".join(
            " ".join((p.extract_text() or "").split()) for p in PdfReader(handout).pages
        )
        for title in names:  # the placed pages keep their text: found, copied, read aloud
            assert title[:25] in text, title


def test_the_guide_places_slides_from_every_deck(course) -> None:
    _, edition, _ = course
    guide = edition / "facilitator-guide.pdf"
    alts = figures(guide)
    total = sum(len(titles(d)) for d in (edition / "slides").glob("*.pptx"))
    slide_alts = [a for a in alts if re.match(r"Slide \d+: ", a)]
    assert len(slide_alts) >= 0.8 * total
    assert pictures(guide)[0] == 0


def test_a_handout_change_keeps_the_slides_pdf_and_places_its_pages(course, tmp_path) -> None:
    """The slide handout reads its slides PDF: rebuilt alone, it reads the published one."""
    root, edition, _ = course
    own = root / "templates" / "slides"
    own.mkdir(parents=True)
    template = (TEMPLATES / "slides" / "handout.html.j2").read_text("utf-8")
    (own / "handout.html.j2").write_text(
        template.replace('<div class="thumb">', '<div class="thumb own">'), "utf-8"
    )
    slides_pdf = edition / "slides" / "01-basics.pdf"
    before = slides_pdf.stat().st_mtime_ns, slides_pdf.read_bytes()
    try:
        report = build(root, edition.parent)
    finally:
        shutil.rmtree(root / "templates")
    assert slides_pdf.read_bytes() == before[1]
    decks = len(list((edition / "slides").glob("*.pptx")))
    assert re.search(rf"\b{decks} rebuilt, \d+ kept", report), report[-300:]  # the handouts
    handout = edition / "handouts" / "slides" / "01-basics.pdf"
    assert pictures(handout)[0] == 0
    assert len(figures(handout)) == len(titles(edition / "slides" / "01-basics.pptx"))


def test_a_mark_is_read_back_and_nothing_else_is() -> None:
    from base64 import b64decode
    from io import BytesIO

    from PIL import Image

    png = b64decode(mark_url(3, 17).split(",", 1)[1])
    image = Image.open(BytesIO(png))
    assert image.size == (WIDTH, 1)
    assert read_mark(image.tobytes()) == (3, 17)
    assert read_mark(bytes(WIDTH)) is None
    assert read_mark(b"trainpk\x01" + bytes(4)) is None  # too short


def test_a_mark_for_a_slide_no_deck_has_stays_blank_with_a_warning(tmp_path: Path) -> None:
    """Only a hand-made mark in a course's own template can name a missing slide: the build
    goes on, reports it at the template, and places every slide that exists."""
    spec = SlideSpec("bullets", title=[Run("Only slide")])
    one = tmp_path / "one.pdf"
    html = '<html lang="en"><body><p>One slide</p></body></html>'
    options = {"base_dir": tmp_path, "allowed_roots": [TEMPLATES], "paper": "a4", "title": "t"}
    write_pdf(html, one, **options)
    page = f'<html lang="en"><body>{slide_mark(spec, 1, 1)}{slide_mark(spec, 2, 1)}</body></html>'
    placed = tmp_path / "placed.pdf"
    template = tmp_path / "handout.html.j2"
    write_pdf(page, placed, template=template, **options)
    warnings = place_slides(placed, [one], template)
    assert [str(w.location.path) for w in warnings] == [str(template)]
    assert "names slide 2 of deck 1" in warnings[0].message
    assert figures(placed) == ["Slide 1: Only slide", "Slide 2: Only slide"]
    assert pictures(placed) == (1, pictures(placed)[1])  # the missing one's mark is left
    assert "One slide" in (PdfReader(placed).pages[0].extract_text() or "")
