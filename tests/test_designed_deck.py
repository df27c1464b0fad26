"""The designed deck: the word budget, icon names, the six new layouts, case cards, one quiz
question per slide, icons as native vector shapes, tables in the theme's colours and Latin
runs isolated in right-to-left text — read back with python-pptx from the `designed` fixture.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE, PP_PLACEHOLDER
from pptx.oxml.ns import qn

from trainpack.cli.main import main
from trainpack.render.deckspec import DeckSpec, Para, Run, SlideSpec
from trainpack.write.pptx.icons import is_decorative
from trainpack.write.pptx.shapes import LRI, PDI
from trainpack.write.pptx.svgpath import parse_path
from trainpack.write.pptx.writer import PptxWriter

ROOT = Path(__file__).resolve().parent.parent
DESIGNED = ROOT / "tests" / "fixtures" / "courses" / "designed"
TITLES = (PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE)


@pytest.fixture(scope="module")
def deck(tmp_path_factory: pytest.TempPathFactory) -> list:
    out = tmp_path_factory.mktemp("designed")
    code = main(["build", "--source", str(DESIGNED), "--out", str(out), "--formats", "pptx"])
    assert code == 0
    return list(Presentation(str(out / "everyone" / "slides" / "01-designed.pptx")).slides)


def by_title(slides: list, title: str):
    return next(s for s in slides if title_of(s) == title)


def title_of(slide) -> str:
    ph = next((p for p in slide.placeholders if p.placeholder_format.type in TITLES), None)
    return ph.text_frame.text if ph is not None else ""


def body_of(slide) -> list[str]:
    return [
        p.text
        for ph in slide.placeholders
        if ph.placeholder_format.type not in TITLES
        for p in ph.text_frame.paragraphs
    ]


def icons_of(slide) -> list:
    return [s for s in slide.shapes if s.name.startswith("Icon: ")]


def named(slide, prefix: str) -> list:
    return [s for s in slide.shapes if s.name.startswith(prefix)]


# --- check: the word budget and icon names -------------------------------------------------


def test_a_slide_over_the_word_budget_warns_at_its_line_and_strict_refuses(
    course_copy, run_cli
) -> None:
    root = course_copy("designed")
    course = root / "course.yaml"
    course.write_text(course.read_text().replace("slide_words: 40", "slide_words: 10"))
    module = root / "01-designed" / "module.yaml"
    line = module.read_text().splitlines().index("      - layout: bullets") + 1
    code, out, err = run_cli("check", "--source", root)
    assert code == 0, err
    # 13 words of bullets and the slide number, which the room sees (and deck-stats counts)
    expected = f"01-designed/module.yaml:{line}:9: warning: this slide carries 14 words, over "
    assert any(expected in row for row in err.splitlines()), err
    assert "move the rest to `notes:`" in err
    code, _, err = run_cli("check", "--source", root, "--strict")
    assert code == 1
    assert f"01-designed/module.yaml:{line}:9: error: this slide carries 14 words" in err


def test_the_generated_slides_count_against_the_budget(course_copy, run_cli) -> None:
    """Objectives, key messages and quiz slides are made by the deck template from module
    fields: their words are what the room reads, so they warn at those fields."""
    root = course_copy("designed")
    module = root / "01-designed" / "module.yaml"
    text = module.read_text().replace("layouts]", "layouts, icons and type sizes]")
    module.write_text(text)
    lines = text.splitlines()
    objectives = next(i for i, t in enumerate(lines) if t.startswith("objectives:")) + 1
    question = next(i for i, t in enumerate(lines) if t.startswith("  - question:")) + 1
    (root / "course.yaml").write_text(
        (root / "course.yaml").read_text().replace("slide_words: 40", "slide_words: 5")
    )
    code, _, err = run_cli("check", "--source", root)
    assert code == 0, err
    rows = err.splitlines()
    assert any(
        f"module.yaml:{objectives}:" in r and "the objectives slide carries" in r for r in rows
    ), err
    assert f"module.yaml:{question}:5: warning: this quiz slide carries" in err


def test_the_designed_fixture_is_within_budget(run_cli) -> None:
    code, out, _ = run_cli("check", "--source", DESIGNED)
    assert code == 0 and "no errors, 0 warning(s)" in out


def test_a_misspelt_icon_is_an_error_with_a_did_you_mean(course_copy, run_cli) -> None:
    root = course_copy("designed")
    module = root / "01-designed" / "module.yaml"
    text = module.read_text()
    module.write_text(text.replace("icon: lightbulb", "icon: lightbulp"))
    line = text.splitlines().index("        icon: lightbulb") + 1
    code, _, err = run_cli("check", "--source", root)
    assert code == 1
    assert f"module.yaml:{line}:15: error: unknown icon 'lightbulp'" in err
    assert "did you mean 'lightbulb'?" in err
    assert "Traceback" not in err


# --- the SVG converter -------------------------------------------------------------------


def test_svg_arcs_with_packed_flags_become_cubic_curves() -> None:
    commands = parse_path("M19 21V5a2 2 0 00-2-2H7")
    assert [c[0] for c in commands] == ["M", "L", "C", "L"]
    assert commands[2][-1] == pytest.approx((17.0, 3.0))  # the arc ends where SVG says
    assert commands[-1][1] == pytest.approx((7.0, 3.0))
    relative = parse_path("m2 2h4v4z")
    assert [c[1] for c in relative if c[0] != "Z"] == [(2, 2), (6, 2), (6, 6)]


# --- the new layouts ---------------------------------------------------------------------


def test_divider_shows_its_section_number_and_icon(deck) -> None:
    slide = by_title(deck, "Noticing")
    assert slide.slide_layout.name == "Section Header"
    assert [s.text_frame.text for s in named(slide, "Section number")] == ["1"]
    assert [s.name for s in icons_of(slide)] == ["Icon: shield-check"]  # the section's icon
    assert body_of(slide) == ["What a concern can look like"]


def test_statement_is_one_message_in_big_type(deck) -> None:
    slide = by_title(deck, "The key message")
    body = next(p for p in slide.placeholders if p.placeholder_format.type not in TITLES)
    assert body.text_frame.text == "An indicator is a reason to ask, not proof"
    assert all(r.font.size.pt >= 28 for p in body.text_frame.paragraphs for r in p.runs)
    (icon,) = icons_of(slide)
    assert icon._element.find(".//" + qn("p:cNvPr")).get("descr") == "lightbulb"


def test_statistic_has_its_figure_caption_and_dated_source(deck) -> None:
    slide = by_title(deck, "How many are found")
    (figure,) = named(slide, "Figure")
    assert figure.text_frame.text == "5,000+"
    assert figure.text_frame.paragraphs[0].runs[0].font.size.pt >= 60
    assert body_of(slide) == ["children referred in one year", "Example source, 2024"]


def test_icon_grid_draws_one_card_and_one_icon_per_item(deck) -> None:
    slide = by_title(deck, "Groups of indicators")
    assert slide.slide_layout.name == "Title Only"
    cards = named(slide, "Item: ")
    assert [c.text_frame.text.split("\n")[0] for c in cards] == [
        "At home",
        "At school",
        "Online",
        "Money",
        "Travel",
    ]
    assert [i.name for i in icons_of(slide)] == [
        "Icon: house",
        "Icon: school",
        "Icon: smartphone",
        "Icon: coins",
        "Icon: route",
    ]
    assert all(is_decorative(i) for i in icons_of(slide))  # the label says it already
    # five items: a row of three over a centred row of two
    tops = sorted({c.top for c in cards})
    assert len(tops) == 2


def test_timeline_reads_in_date_order(deck) -> None:
    slide = by_title(deck, "What changed")
    dates = [s.text_frame.text for s in named(slide, "Event date")]
    assert dates == ["2011", "2015", "2017", "2024"]
    lefts = [s.left for s in named(slide, "Event date")]
    assert lefts == sorted(lefts)
    assert [s.text_frame.text for s in slide.shapes if s.name == "Event"][0] == (
        "Practice guidance published"
    )


def test_picture_slide_has_the_picture_with_alt_text_and_bullets(deck) -> None:
    slide = by_title(deck, "A drawn scene")
    pictures = [s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]
    assert len(pictures) == 1
    descr = pictures[0]._element.find(".//" + qn("p:cNvPr")).get("descr")
    assert descr == "A drawing of a youth worker talking with a teenager"
    assert body_of(slide) == ["Listen first", "Write it down", "Share the same day"]
    assert len(icons_of(slide)) == 2  # the two bullets that name an icon


def test_case_study_becomes_a_case_card_with_the_story_in_the_notes(deck) -> None:
    slide = by_title(deck, "Amir, 16 (fictional)")
    assert body_of(slide) == [
        "Lives with his mum in a northern town",
        "Missing three times since June",
        "New trainers and two phones",
        "Found 200 miles from home",
    ]
    assert [i.name for i in icons_of(slide)] == ["Icon: backpack"]
    notes = slide.notes_slide.notes_text_frame.text
    assert "Since June he has been reported missing three times." in notes


def test_six_steps_are_numbered_on_two_rows(deck) -> None:
    slide = by_title(deck, "Six steps from concern to support")
    boxes = [s for s in slide.shapes if s.name.startswith("Step ") and "number" not in s.name]
    assert len(boxes) == 6
    assert len({b.top for b in boxes}) == 2
    numbers = [s.text_frame.text for s in named(slide, "Step number")]
    assert numbers == ["1", "2", "3", "4", "5", "6"]
    sizes = {r.font.size.pt for b in boxes for p in b.text_frame.paragraphs for r in p.runs}
    assert min(sizes) >= 18


def test_one_quiz_question_per_slide_with_numbered_answers(deck) -> None:
    first = by_title(deck, "Check your understanding (1/2)")
    second = by_title(deck, "Check your understanding (2/2)")
    assert body_of(first) == [
        "What is an indicator?",
        "A. Proof of trafficking.",
        "B. A reason to ask.",
        "C. Nothing to act on.",
    ]
    sizes = [
        r.font.size.pt
        for ph in first.placeholders
        if ph.placeholder_format.type not in TITLES
        for p in ph.text_frame.paragraphs
        for r in p.runs
    ]
    assert min(sizes) >= 24  # options in big type
    notes = first.notes_slide.notes_text_frame.text
    assert notes.startswith(
        "Question 1\u00a0– answer: B\u00a0– A reason to ask. It is a reason to ask"
    )
    assert ".." not in notes
    assert second.notes_slide.notes_text_frame.text.startswith("Question 2\u00a0– answer: B")


def test_icons_are_native_vector_shapes_in_theme_colours(deck) -> None:
    icons = [i for s in deck for i in icons_of(s)]
    assert len(icons) >= 20
    for icon in icons:
        sp_pr = icon._element.spPr
        assert sp_pr.find(qn("a:custGeom")) is not None, icon.name
        assert sp_pr.find(qn("a:custGeom")).findall(".//" + qn("a:path"))
        ln = sp_pr.find(qn("a:ln"))
        colour = ln.find(".//" + qn("a:schemeClr"))
        colour = colour if colour is not None else ln.find(".//" + qn("a:srgbClr"))
        assert colour is not None, icon.name
        descr = icon._element.find(".//" + qn("p:cNvPr")).get("descr")
        assert descr or is_decorative(icon), icon.name


def test_tables_take_the_theme_colours_not_a_built_in_style(deck) -> None:
    slide = by_title(deck, "Who to call")
    (frame,) = [s for s in slide.shapes if s.has_table]
    table = frame.table
    assert table._tbl.tblPr.find(qn("a:tableStyleId")) is None
    fills = [str(table.cell(r, 0).fill.fore_color.rgb) for r in range(len(table.rows))]
    # header in the default theme's primary, then background and stripe alternately
    assert fills == ["2F6F73", "FFFFFF", "F5F9F9", "FFFFFF"]


def test_quote_has_no_space_before_its_closing_mark(deck) -> None:
    slide = by_title(deck, "In their words")
    assert body_of(slide)[0] == "“Nobody asked me why I was there”"


# --- right to left -------------------------------------------------------------------------


def rtl_deck(tmp_path: Path) -> list:
    spec = SlideSpec(
        "bullets",
        title=[Run("مصادر")],
        body=[Para([Run("المصدر: G7.2 المؤشرات، الصفحة 19")], style="plain")],
        notes=["ملاحظة"],
    )
    dest = tmp_path / "rtl.pptx"
    PptxWriter(rtl=True).write(DeckSpec("m", "t", [spec], "ar-SA", "rtl"), dest)
    return list(Presentation(str(dest)).slides)


def test_latin_runs_in_right_to_left_paragraphs_are_isolated(tmp_path: Path) -> None:
    (slide,) = rtl_deck(tmp_path)
    body = next(p for p in slide.placeholders if p.placeholder_format.type not in TITLES)
    text = body.text_frame.text
    assert f"{LRI}G7.2{PDI}" in text and f"{LRI}19{PDI}" in text
    ppr = body.text_frame.paragraphs[0]._p.pPr
    assert ppr.get("rtl") == "1"
    cs = body.text_frame.paragraphs[0].runs[0]._r.rPr.find(qn("a:cs"))
    assert cs.get("typeface") == "Noto Sans Arabic"  # a complex-script font with Arabic


def test_writer_returns_the_slides_it_drew(tmp_path: Path) -> None:
    spec = SlideSpec(
        "bullets",
        title=[Run("Many")],
        body=[
            Para([Run(f"Bullet number {n} with a few more words to fill the line")])
            for n in range(24)
        ],
    )
    result = PptxWriter().write(DeckSpec("m", "t", [spec]), tmp_path / "d.pptx")
    assert len(result.pages) == result.slides > 1
    assert [p.continued for p in result.pages] == [False] + [True] * (result.slides - 1)
    assert sum(len(p.body) for p in result.pages) == 24
    assert result.pages[1].notes == ["Continued from the previous slide."]


# --- the sample logo ---------------------------------------------------------------------


def test_a_sample_logo_is_a_warning_and_never_reaches_a_pack(tmp_path: Path) -> None:
    import shutil

    from trainpack.core.resources import THEMES
    from trainpack.validate.theme import check_theme, load_theme

    shutil.copytree(THEMES / "ngo-navy", tmp_path / "ngo-navy")
    yaml = tmp_path / "ngo-navy" / "theme.yaml"
    yaml.write_text(yaml.read_text() + "logo: {file: logo.png, sample: true}\n")
    assert load_theme("ngo-navy", [THEMES]).logo is None  # the shipped theme names none
    navy = load_theme("ngo-navy", [tmp_path])
    assert navy.logo is not None and navy.logo_sample
    assert navy.pack_logo is None
    warnings = [p for p in check_theme(navy) if "is a sample" in p.message]
    assert [p.severity for p in warnings] == ["warning"]
    assert warnings[0].location.line is not None


def test_generated_slides_carry_a_decorative_icon(deck) -> None:
    """The slides the template makes (objectives, quiz, case discussion, key messages) have a
    visual too: an icon in the theme's colour, marked decorative."""
    titles = [title_of(s) for s in deck]
    generated = [
        by_title(deck, "Learning objectives"),
        by_title(deck, "Key messages"),
        next(s for s in deck if title_of(s).startswith("Check your understanding")),
        next(s for s in deck if title_of(s).startswith("Discussing: ")),
    ]
    for slide in generated:
        found = icons_of(slide)
        assert len(found) == 1, titles
        assert is_decorative(found[0])
    assert not any("By the end of this module" in t for s in deck for t in body_of(s))
