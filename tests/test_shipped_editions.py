"""Every shipped edition builds, differs from the others exactly as its file says, and lets
no placeholder or TODO reach a slide or a page."""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import pytest
from pptx import Presentation
from pypdf import PdfReader
from shipped import ALL_MODULES

from trainpack.load.course import load_course
from trainpack.tailor.edition import TAGS
from trainpack.validate.course import validate_course

COURSE = Path(__file__).resolve().parent.parent / "modules"
PAPER = {"a4": (595, 842), "letter": (612, 792)}
# What each shipped edition teaches, written out (not recomputed from the edition and
# audience files, which would make the code its own oracle).
MODULES = {
    "multi-agency-england": ALL_MODULES,
    "police-england-halfday": ["what-is-trafficking", "recognising", "acting-on-concern"],
    "foster-carers-ukrainian": [
        "welcome",
        "what-is-trafficking",
        "recognising",
        "acting-on-concern",
    ],
    "community-arabic": ["welcome", "acting-on-concern"],
}


@pytest.fixture(scope="module")
def course():
    return validate_course(load_course(COURSE))[0]


@pytest.fixture(scope="module")
def built(course, shipped_pack):
    if len(course.editions) < 3:
        pytest.skip("fewer than three editions shipped")
    return shipped_pack


def pptx_texts(path: Path) -> list[str]:
    texts = []
    for slide in Presentation(str(path)).slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                texts.append(shape.text_frame.text)
            if getattr(shape, "has_table", False) and shape.has_table:
                texts += [c.text for row in shape.table.rows for c in row.cells]
        if slide.has_notes_slide:
            texts.append(slide.notes_slide.notes_text_frame.text)
    return texts


def test_three_editions_differ_in_audience_country_language_and_theme(course):
    specs = course.editions
    for field in ("audience", "country", "language", "theme"):
        assert len({getattr(s, field) for s in specs}) >= 2, field


def test_no_placeholder_or_todo_reaches_any_output(course, built):
    for spec in course.editions:
        folder = built / spec.id
        for deck in folder.glob("slides/*.pptx"):
            text = "\n".join(pptx_texts(deck))
            assert "${" not in text, deck
            assert not re.search(r"\bTODO\b", text), deck
        for pdf in folder.rglob("*.pdf"):
            text = "\n".join(page.extract_text() or "" for page in PdfReader(str(pdf)).pages)
            assert "${" not in text, pdf
            assert not re.search(r"\bTODO\b", text), pdf


def test_each_edition_is_built_as_configured(course, built):
    for spec in course.editions:
        folder = built / spec.id
        manifest = json.loads((folder / "manifest.json").read_text("utf-8"))
        tag = spec.language if "-" in spec.language else TAGS.get(spec.language, spec.language)
        assert (
            manifest["audience"],
            manifest["country"],
            manifest["language"],
            manifest["theme"],
            manifest["paper"],
        ) == (spec.audience, spec.country, tag, spec.theme, spec.paper)
        expected = MODULES[spec.id]
        assert manifest["modules"] == expected
        decks = sorted(p.name for p in folder.glob("slides/*.pptx"))
        assert len(decks) == len(expected)
        run = (
            Presentation(str(folder / "slides" / decks[0]))
            .slides[0]
            .shapes.title.text_frame.paragraphs[0]
            .runs[0]
            ._r.get_or_add_rPr()
        )
        assert run.get("lang") == tag
        width, height = PAPER[spec.paper]
        box = PdfReader(str(folder / "facilitator-guide.pdf")).pages[0].mediabox
        assert abs(float(box.width) - width) < 1 and abs(float(box.height) - height) < 1
        assert (folder / "handouts" / "large-print").is_dir() == spec.large_print
        for large in (folder / "handouts" / "large-print").glob("*.pdf"):
            normal = folder / "handouts" / large.name
            assert len(PdfReader(str(large)).pages) > len(PdfReader(str(normal)).pages)
        assert (folder / "agenda.pdf").is_file() == bool(spec.schedule)
        if spec.schedule:
            assert len(PdfReader(str(folder / "agenda.pdf")).pages) == 1
            first = Presentation(str(folder / "slides" / decks[0]))
            tables = [
                shape
                for slide in first.slides
                for shape in slide.shapes
                if getattr(shape, "has_table", False) and shape.has_table
            ]
            assert any(
                spec.schedule[0].start in c.text
                for t in tables
                for row in t.table.rows
                for c in row.cells
            ), "no agenda slide"
        with zipfile.ZipFile(folder / "slides" / decks[0]) as deck:
            theme_xml = deck.read("ppt/theme/theme1.xml").decode("utf-8")
        family = _theme_family(spec.theme)
        assert f'typeface="{family}"' in theme_xml


def test_translated_editions_are_in_their_language(course, built):
    for spec in course.editions:
        if spec.language == "en":
            continue
        folder = built / spec.id
        handout = next(folder.glob("handouts/*.pdf"))
        text = "".join(page.extract_text() or "" for page in PdfReader(str(handout)).pages)
        script = {"uk": r"[\u0400-\u04FF]", "ar": r"[\u0600-\u06FF]"}[spec.language]
        assert len(re.findall(script, text)) > 200, spec.id
        if spec.language == "ar":
            deck = next(folder.glob("slides/*.pptx"))
            for slide in Presentation(str(deck)).slides:
                for shape in slide.placeholders:
                    for para in shape.text_frame.paragraphs:
                        if para.runs:
                            assert para._p.pPr.get("rtl") == "1"
            fonts = {
                str(f.get("/BaseFont"))
                for page in PdfReader(str(handout)).pages
                for f in _fonts(page)
            }
            assert any("notosansarabic" in re.sub(r"[^a-z]", "", f.lower()) for f in fonts), fonts


def _fonts(page):
    resources = page.get("/Resources") or {}
    fonts = resources.get("/Font") or {}
    return [fonts[name].get_object() for name in fonts]


def _theme_family(theme_id: str) -> str:
    text = (COURSE.parent / "themes" / theme_id / "theme.yaml").read_text("utf-8")
    return re.search(r"^\s*family:\s*\"?([^\"\n]+)", text, re.M).group(1).strip()


def test_guide_labels_in_capitals_are_never_split_mid_word(built) -> None:
    """Labels drawn in capitals (TYPE, MATERIALS, PURPOSE) are measured before the
    transform: beside a long value, the label column must not break them ("MATERIA / LS")."""
    from pypdf import PdfReader

    guide = built / "multi-agency-england" / "facilitator-guide.pdf"
    text = "\n".join(p.extract_text() or "" for p in PdfReader(guide).pages)
    assert "MATERIALS" in text and "PURPOSE" in text
    assert not re.search(r"\b(MATERIA|PURPOS|GROUP)\s+(LS|E|S)\b", text)
