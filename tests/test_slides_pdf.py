"""Slides as PDF, slide handouts, the guide that walks the deck, PDF/UA and finished typography,
on the `full` fixture built once (both formats)."""

from __future__ import annotations

import math
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path
from types import SimpleNamespace

import pytest
from pptx import Presentation
from pypdf import PdfReader

from trainpack.render.deckspec import Para, Run, SlideSpec, Step
from trainpack.render.slides_html import slide_face
from trainpack.render.typography import typeset_html
from trainpack.write.pdf.writer import write_pdf

ROOT = Path(__file__).resolve().parent.parent
FULL = ROOT / "tests" / "fixtures" / "courses" / "full"
TEMPLATES = ROOT / "templates"
LAYOUT_NAMES = re.compile(r"\b(bullets|title slide|section divider|two-column)\b")


@pytest.fixture(scope="module")
def edition(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("slides-pdf")
    # In a fresh process: the CLI keeps a per-process log of what it published.
    done = subprocess.run(
        [sys.executable, str(ROOT / "build.py"), "build", "--source", str(FULL), "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    return out / "everyone"


def text_of(path: Path) -> str:
    return " ".join(" ".join((p.extract_text() or "").split()) for p in PdfReader(path).pages)


def slide_count(deck: Path) -> int:
    return len(Presentation(str(deck)).slides)


def test_slides_pdf_has_one_16_9_page_per_slide(edition: Path) -> None:
    for deck in sorted((edition / "slides").glob("*.pptx")):
        pdf = PdfReader(deck.with_suffix(".pdf"))
        assert len(pdf.pages) == slide_count(deck), deck.name
        for page in pdf.pages:
            width, height = float(page.mediabox.width), float(page.mediabox.height)
            assert abs(width / height - 16 / 9) < 0.01 and abs(width - 960) < 1


def test_slides_pdf_shows_the_slide_titles_in_order(edition: Path) -> None:
    deck = edition / "slides" / "01-basics.pptx"
    titles = [s.shapes.title.text for s in Presentation(str(deck)).slides if s.shapes.title]
    pages = [
        " ".join((p.extract_text() or "").split())
        for p in PdfReader(deck.with_suffix(".pdf")).pages
    ]
    for title, page in zip(titles, pages, strict=False):
        assert " ".join(title.split())[:20] in page


def test_slide_handout_has_three_slides_a_page_with_lines_for_notes(edition: Path) -> None:
    for deck in sorted((edition / "slides").glob("*.pptx")):
        handout = PdfReader(edition / "handouts" / "slides" / deck.with_suffix(".pdf").name)
        assert len(handout.pages) == math.ceil(slide_count(deck) / 3), deck.name
        width = float(handout.pages[0].mediabox.width)
        assert abs(width - 595.28) < 1  # A4, the edition's paper


def test_guide_walks_the_deck_slide_by_slide(edition: Path) -> None:
    text = text_of(edition / "facilitator-guide.pdf")
    total = sum(slide_count(d) for d in (edition / "slides").glob("*.pptx"))
    mentioned = len(re.findall(r"\bSlides? \d+", text))
    assert mentioned >= 0.8 * (total - 2 * len(list((edition / "slides").glob("*.pptx"))))
    assert "Slide 1" in text and "Opening the module" in text
    assert not LAYOUT_NAMES.search(text.split("Delivering the module", 1)[1])


def test_every_pdf_declares_pdf_ua_1_with_tags_language_and_title(edition: Path) -> None:
    for path in sorted(edition.rglob("*.pdf")):
        reader = PdfReader(path)
        root = reader.trailer["/Root"]
        xmp = root["/Metadata"].get_object().get_data().decode()
        assert 'pdfuaid:part="1"' in xmp or "<pdfuaid:part>1<" in xmp, path.name
        assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"], path.name
        assert str(root["/Lang"]).startswith("en"), path.name
        assert root["/ViewerPreferences"]["/DisplayDocTitle"] and reader.metadata.title


def test_no_straight_quotes_or_spaced_hyphens_in_any_output(edition: Path) -> None:
    texts = {p.name: text_of(p) for p in edition.rglob("*.pdf")}
    for deck in edition.rglob("*.pptx"):
        with zipfile.ZipFile(deck) as z:
            texts[deck.name] = " ".join(
                re.sub(r"<[^>]+>", " ", z.read(n).decode()).replace("&quot;", '"')
                for n in z.namelist()
                if re.match(r"ppt/(slides|notesSlides)/\w+\.xml$", n)
            )
    for name, text in texts.items():
        assert '"' not in text, (name, text[max(0, text.find('"') - 60) : text.find('"') + 60])
        assert not re.search(r"\s-\s", text), name


def test_icons_and_new_layouts_draw_as_decoration_in_the_theme_colour() -> None:
    # The decks helper's SlideSpec fields (items, icons), set here as attributes.
    spec = SlideSpec(layout="icon-grid", title=[Run("Who may notice")])
    item = SimpleNamespace(label=[Run("Schools")], detail=[Run("Every day")], icon="school")
    step, para = Step("Notice", "A sign"), Para([Run("Ask")])
    step.icon, para.icon = "eye", "message-circle"  # type: ignore[attr-defined]
    spec.items, spec.steps, spec.body = [item], [step], [para]  # type: ignore[attr-defined]
    face = str(slide_face(spec, 3))
    assert face.count('aria-hidden="true"') == 3 and "data:image/svg+xml;base64," in face
    assert "Schools" in face and "layout-icon-grid" in face
    assert "<svg" not in face and "<img" not in face  # backgrounds: artifacts in the PDF


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler's pdftotext is absent")
def test_latin_runs_keep_their_order_in_right_to_left_pdfs(tmp_path: Path) -> None:
    html = typeset_html(
        '<html lang="ar" dir="rtl"><head><link rel="stylesheet" href="print.css"></head><body>'
        "<p>المصدر: Safeguarding children (Home Office, 2011)، ص. 4 في 09:00-09:50</p>"
        "</body></html>",
        "ar",
    )
    dest = tmp_path / "rtl.pdf"
    write_pdf(
        html, dest, base_dir=TEMPLATES, allowed_roots=[TEMPLATES], paper="a4", title="t", lang="ar"
    )
    words = subprocess.run(
        ["pdftotext", "-bbox", str(dest), "-"], capture_output=True, text=True, check=True
    ).stdout
    boxes = re.findall(r'xMin="([\d.]+)"[^>]*>([^<]+)<', words)

    def x(word: str) -> float:
        return next(float(left) for left, text in boxes if word in text)

    assert x("Safeguarding") < x("children") < x("(Home") < x("2011")
    assert "09:00\u201309:50" in words


def test_continued_slides_number_the_same_in_the_deck_the_pdf_and_the_guide(
    tmp_path: Path,
) -> None:
    """A slide the PPTX writer continues on more slides is laid out once, before the jobs
    are shared out: the slides PDF has the same pages, the guide the same numbers."""
    out = tmp_path / "out"
    source = ROOT / "tests" / "fixtures" / "courses" / "long-text"
    done = subprocess.run(
        [sys.executable, str(ROOT / "build.py"), "build", "--source", str(source)]
        + ["--out", str(out), "--jobs", "2", "--quiet"],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    edition = next(p for p in out.iterdir() if p.is_dir() and not p.name.startswith("."))
    deck = edition / "slides" / "01-overflow.pptx"
    titles = [s.shapes.title.text for s in Presentation(str(deck)).slides if s.shapes.title]
    continued = [n for n, t in enumerate(titles, 1) if t.endswith("(continued)")]
    assert continued, "the fixture should continue some slides"
    pages = [
        " ".join((p.extract_text() or "").split())
        for p in PdfReader(deck.with_suffix(".pdf")).pages
    ]
    assert len(pages) == len(titles)
    for number in continued:
        assert "(continued)" in pages[number - 1], number
    guide = text_of(edition / "facilitator-guide.pdf")
    runs = re.findall(r"Slides (\d+)\W(\d+)", guide)  # "Slides 3–5": one slide, continued
    shown = {n for a, b in runs for n in range(int(a) + 1, int(b) + 1)}
    assert set(continued) <= shown, (continued, runs)
