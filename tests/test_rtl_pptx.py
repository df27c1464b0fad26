"""Right-to-left (Arabic) decks: every paragraph rtl and right-aligned, runs tagged with the
language and a complex-script font, columns, table columns and process steps read from the
right, the master's decoration mirrored, Arabic measured with Noto Sans Arabic metrics."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE, PP_PLACEHOLDER
from pptx.oxml.ns import qn

from trainpack.render.deckspec import Column, DeckSpec, Para, Run, SlideSpec, Step, Table
from trainpack.validate.theme import THEMES, load_theme
from trainpack.write.pptx import fit
from trainpack.write.pptx.writer import PptxWriter

TITLES = (PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE)
BULLETS = [
    "استمع بهدوء ولا تعد بالسرية",
    "سجّل الحقائق وكلمات الطفل نفسه",
    "أبلغ مسؤول الحماية في اليوم نفسه",
]
NOTES = ["اقرأ الشريحة بصوت عالٍ ثم اطرح السؤال.", "امنح المشاركين دقيقتين للتفكير."]


def runs(text: str) -> list[Run]:
    return [Run(text)]


def arabic_deck(direction: str | None = "rtl") -> DeckSpec:
    deck = DeckSpec(
        "arabic",
        "حماية الأطفال",
        [
            SlideSpec(
                "title",
                runs("حماية الأطفال الذين ربما تعرضوا للاتجار"),
                runs("دورة تدريبية متعددة الوكالات"),
                notes=NOTES,
            ),
            SlideSpec(
                "bullets",
                runs("ماذا تفعل أولاً"),
                body=[
                    Para(runs(BULLETS[0])),
                    Para(runs("اكتب التاريخ والوقت"), 1),
                    *[Para(runs(b)) for b in BULLETS[1:]],
                ],
                notes=NOTES,
            ),
            SlideSpec(
                "checklist",
                runs("ما تتضمنه الإحالة"),
                body=[Para(runs(b), style="tick") for b in BULLETS],
            ),
            SlideSpec(
                "comparison",
                runs("ما تفعله أنت وما تفعله الرعاية الاجتماعية"),
                columns=[
                    Column(
                        runs("العاملون في الخطوط الأمامية"), [Para(runs(b)) for b in BULLETS[:2]]
                    ),
                    Column(runs("الرعاية الاجتماعية"), [Para(runs(BULLETS[2]))]),
                ],
            ),
            SlideSpec(
                "table",
                runs("من يفعل ماذا"),
                table=Table(
                    [runs("الجهة"), runs("الخطوة الأولى")],
                    [
                        [runs("المدرسة"), runs("أبلغ مسؤول الحماية")],
                        [runs("الشرطة"), runs("تصرّف الآن إذا كان في خطر")],
                    ],
                    [1.0, 2.0],
                ),
            ),
            SlideSpec(
                "process",
                runs("مسار الإحالة"),
                steps=[
                    Step("لاحظ وسجّل", "اكتب ما رأيته"),
                    Step("استشر المسؤول", "في اليوم نفسه"),
                    Step("أحِل", "إلى الرعاية الاجتماعية"),
                ],
            ),
            SlideSpec(
                "quote", runs("تذكّر"), body=[Para(runs("إشارة واحدة هي سبب للسؤال"), style="quote")]
            ),
        ],
        language="ar-SA",
    )
    if direction is not None:
        deck.direction = direction  # works with and without DeckSpec.direction
    return deck


@pytest.fixture(scope="module")
def rtl_deck(tmp_path_factory: pytest.TempPathFactory) -> Presentation:
    dest = tmp_path_factory.mktemp("rtl") / "arabic.pptx"
    PptxWriter().write(arabic_deck(), dest)
    return Presentation(str(dest))


def paragraphs(prs, *, notes: bool = False):
    """(slide number, shape name, a:p) for every paragraph on the slides (and notes)."""
    for number, slide in enumerate(prs.slides, 1):
        for shape in slide.shapes:
            if shape.name == "Slide number":
                continue
            for p in shape._element.iter(qn("a:p")):
                yield number, shape.name, p
        if notes and slide.has_notes_slide:
            for p in slide.notes_slide.notes_text_frame._txBody.iter(qn("a:p")):
                yield number, "notes", p


def test_every_paragraph_is_right_to_left_and_right_aligned(rtl_deck) -> None:
    seen = 0
    for number, name, p in paragraphs(rtl_deck, notes=True):
        ppr = p.find(qn("a:pPr"))
        where = f"slide {number}, {name}: {''.join(t.text or '' for t in p.iter(qn('a:t')))}"
        assert ppr is not None and ppr.get("rtl") == "1", where
        centred = name.startswith("Step ")  # process boxes keep their text centred
        assert ppr.get("algn") == ("ctr" if centred else "r"), where
        seen += 1
    assert seen > 30


def test_every_body_paragraph_of_the_bullet_slide_is_rtl(rtl_deck) -> None:
    slide = rtl_deck.slides[1]
    body = next(s for s in slide.placeholders if s.placeholder_format.type not in TITLES)
    ps = body.text_frame.paragraphs
    assert [p.text for p in ps] == [BULLETS[0], "اكتب التاريخ والوقت", *BULLETS[1:]]
    for p in ps:
        assert (p._p.pPr.get("rtl"), p._p.pPr.get("algn")) == ("1", "r")


def test_runs_carry_the_language_and_a_complex_script_font(rtl_deck) -> None:
    runs_seen = 0
    for _, _, p in paragraphs(rtl_deck, notes=True):
        for r in p.iter(qn("a:r")):
            rpr = r.find(qn("a:rPr"))
            assert rpr.get("lang") == "ar-SA"
            cs = rpr.find(qn("a:cs"))
            assert cs is not None and cs.get("typeface") == "Noto Sans Arabic"
            # schema order: the complex-script font comes after fills and the latin font
            children = [c.tag for c in rpr]
            assert children.index(qn("a:cs")) == len(children) - 1
            runs_seen += 1
    assert runs_seen > 30


def test_notes_are_right_to_left(rtl_deck) -> None:
    notes = rtl_deck.slides[0].notes_slide.notes_text_frame
    assert [p.text for p in notes.paragraphs] == NOTES
    for p in notes.paragraphs:
        assert p._p.pPr.get("rtl") == "1" and p._p.pPr.get("algn") == "r"
        assert p.runs[0]._r.rPr.get("lang") == "ar-SA"


def test_columns_table_and_steps_read_from_the_right(rtl_deck) -> None:
    comparison, table, process = rtl_deck.slides[3], rtl_deck.slides[4], rtl_deck.slides[5]
    heads = {
        s.text_frame.text: s.left
        for s in comparison.placeholders
        if s.text_frame.text in ("العاملون في الخطوط الأمامية", "الرعاية الاجتماعية")
    }
    assert heads["العاملون في الخطوط الأمامية"] > heads["الرعاية الاجتماعية"]  # first on the right
    grid = next(s for s in table.shapes if s.has_table)
    assert grid._element.find(".//" + qn("a:tblPr")).get("rtl") == "1"
    steps = sorted(
        (s for s in process.shapes if re.fullmatch(r"Step \d+", s.name)), key=lambda s: s.name
    )
    assert [s.text_frame.paragraphs[0].text for s in steps] == ["لاحظ وسجّل", "استشر المسؤول", "أحِل"]
    assert steps[0].left > steps[1].left > steps[2].left
    lines = [s for s in process.shapes if s._element.tag == qn("p:cxnSp")]
    assert len(lines) == 2
    for line in lines:
        start = line._element.find(".//" + qn("a:stCxn"))
        end = line._element.find(".//" + qn("a:endCxn"))
        assert (start.get("idx"), end.get("idx")) == ("1", "3")  # leaves left, enters right


def test_the_presentation_and_its_master_are_mirrored(rtl_deck) -> None:
    assert rtl_deck.part._element.get("rtl") == "1"
    title_slide = rtl_deck.slides[0].slide_layout
    band = next(s for s in title_slide.shapes if not s.is_placeholder)  # the default's left band
    assert band.left + band.width == rtl_deck.slide_width and band.left > 0


def test_a_left_to_right_deck_has_no_rtl_marks(tmp_path: Path) -> None:
    dest = tmp_path / "english.pptx"
    deck = arabic_deck(direction=None)
    deck.language = "en-GB"
    PptxWriter().write(deck, dest)
    prs = Presentation(str(dest))
    for _, _, p in paragraphs(prs, notes=True):
        ppr = p.find(qn("a:pPr"))
        assert ppr is None or ppr.get("rtl") is None
        assert not list(p.iter(qn("a:cs")))
    assert prs.part._element.get("rtl") is None
    steps = sorted(
        (s for s in prs.slides[5].shapes if s.name.startswith("Step ")), key=lambda s: s.name
    )
    assert steps[0].left < steps[1].left < steps[2].left


def test_the_writer_flag_makes_every_deck_rtl(tmp_path: Path) -> None:
    theme = load_theme("ngo-navy", [THEMES])
    dest = tmp_path / "flag.pptx"
    deck = arabic_deck(direction=None)
    logo = theme.folder / "logo.png"
    PptxWriter(theme.master, fonts=theme.font_files, logo=logo, rtl=True).write(deck, dest)
    prs = Presentation(str(dest))
    body = next(s for s in prs.slides[1].placeholders if s.placeholder_format.type not in TITLES)
    assert {p._p.pPr.get("rtl") for p in body.text_frame.paragraphs} == {"1"}
    logo = next(s for s in prs.slides[0].shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE)
    assert 0 < logo.left < prs.slide_width / 2  # the logo moves to the top left
    assert logo.left + logo.width <= prs.slide_width


def test_arabic_is_measured_with_noto_sans_arabic() -> None:
    text = BULLETS[0]
    regular = fit.DEFAULT.metrics()
    assert regular.uses_fallback(text) and not regular.uses_fallback("Listen calmly")
    # each Arabic letter has its own width, not Carlito's stand-in for a missing glyph
    assert len({regular.width(c, 24) for c in "ابتثجحخدذرزسشصضطظعغفقكلمنهوي"}) > 5
    assert regular.width("م", 24) != regular.width("x", 24)
    # Arabic lines are taller, so the same box holds fewer of them
    arabic = fit.Block((fit.Piece(text),))
    latin = fit.Block((fit.Piece("x" * len(text)),))
    assert fit.height([arabic], 24, 2000) > fit.height([latin], 24, 2000)
    liberation = fit.FontSet.from_files(load_theme("ngo-navy", [THEMES]).font_files)
    assert liberation.metrics().uses_fallback(text)  # Liberation Sans has no Arabic either
