"""Brand themes: tokens read and checked without python-pptx (contrast, layouts, files), the
CSS handed to the PDFs, and decks drawn on a theme's master with its fonts and logo."""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

import pytest
from lxml import etree
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pptx.oxml.ns import qn

from trainpack.core.errors import BuildError
from trainpack.render.deckspec import DeckSpec, Para, Run, SlideSpec
from trainpack.render.theme_css import theme_css
from trainpack.validate.theme import (
    REQUIRED_LAYOUTS,
    THEMES,
    check_theme,
    contrast,
    layout_names,
    load_theme,
)
from trainpack.write.pptx import fit
from trainpack.write.pptx.writer import PptxWriter

SHIPPED = ("default", "ngo-navy")
A = "http://schemas.openxmlformats.org/drawingml/2006/main"


def copy_theme(tmp_path: Path, source: str, new_id: str, **colours: str) -> Path:
    """themes/<source> copied to tmp_path/themes/<new_id>, with some colours changed."""
    folder = tmp_path / "themes" / new_id
    shutil.copytree(THEMES / source, folder)
    text = (folder / "theme.yaml").read_text("utf-8")
    text = re.sub(r"^id: .*$", f"id: {new_id}", text, flags=re.MULTILINE)
    for name, value in colours.items():
        text = re.sub(
            rf'^(  {name}: )"[0-9A-Fa-f]{{6}}"', rf'\g<1>"{value}"', text, flags=re.MULTILINE
        )
    (folder / "theme.yaml").write_text(text, "utf-8")
    return folder


def line_of(path: Path, starts: str) -> int:
    return next(
        n
        for n, line in enumerate(path.read_text("utf-8").splitlines(), 1)
        if line.startswith(starts)
    )


# --- loading and checking ----------------------------------------------------------------


@pytest.mark.parametrize("theme_id", SHIPPED)
def test_shipped_themes_pass_their_checks(theme_id: str) -> None:
    theme = load_theme(theme_id, [THEMES])
    assert check_theme(theme) == []
    assert theme.master.is_file() and set(REQUIRED_LAYOUTS) <= set(layout_names(theme.master))
    assert {"regular", "bold", "italic"} <= set(theme.font_files)
    assert all(path.is_file() for path in theme.font_files.values())
    assert all(re.fullmatch(r"[0-9A-F]{6}", value) for value in theme.colors.values())


def test_the_two_shipped_themes_are_clearly_different() -> None:
    default, ngo = (load_theme(t, [THEMES]) for t in SHIPPED)
    assert (default.family, ngo.family) == ("Calibri", "Arial")
    assert (default.css_family, ngo.css_family) == ("Carlito", "Liberation Sans")
    assert default.colors["primary"] != ngo.colors["primary"]
    # the navy theme's "Example Org" logo is a sample: no shipped pack names it
    assert default.logo is None and ngo.logo is None
    assert (ngo.folder / "logo.png").is_file()
    assert default.style != ngo.style


def test_a_course_theme_is_found_before_ours(tmp_path: Path) -> None:
    copy_theme(tmp_path, "default", "default", primary="123456")
    theme = load_theme("default", [tmp_path / "themes", THEMES])
    assert theme.colors["primary"] == "123456"
    assert theme.folder == tmp_path / "themes" / "default"
    # a bare font file name not in the theme folder comes from templates/fonts
    assert theme.font_files["regular"] == fit.FONTS / "Carlito-Regular.ttf"


def test_an_unknown_theme_is_an_error_with_a_did_you_mean() -> None:
    with pytest.raises(BuildError) as caught:
        load_theme("ngo-nave", [THEMES])
    (problem,) = caught.value.problems
    assert problem.message == "unknown theme 'ngo-nave'"
    assert problem.hint.startswith("did you mean 'ngo-navy'?")
    assert "default" in problem.hint


def test_a_misspelt_key_is_reported_at_its_line(tmp_path: Path) -> None:
    folder = copy_theme(tmp_path, "default", "typo")
    path = folder / "theme.yaml"
    path.write_text(path.read_text("utf-8").replace("  muted:", "  mutted:"), "utf-8")
    with pytest.raises(BuildError) as caught:
        load_theme("typo", [tmp_path / "themes"])
    (problem,) = caught.value.problems
    assert problem.message == "unknown key 'mutted'"
    assert problem.location.path == path
    assert problem.location.line == line_of(path, "  mutted:")
    assert "muted" in problem.hint


def test_a_colour_yaml_reads_as_a_number_asks_for_quotes(tmp_path: Path) -> None:
    folder = copy_theme(tmp_path, "default", "digits")
    path = folder / "theme.yaml"
    path.write_text(path.read_text("utf-8").replace('text: "333333"', "text: 333333"), "utf-8")
    with pytest.raises(BuildError) as caught:
        load_theme("digits", [tmp_path / "themes"])
    (problem,) = caught.value.problems
    assert problem.message == "write the colour in double quotes"
    assert problem.location.line == line_of(path, "  text:")


def test_the_theme_id_must_be_its_folder_name(tmp_path: Path) -> None:
    folder = copy_theme(tmp_path, "default", "mine")
    path = folder / "theme.yaml"
    path.write_text(path.read_text("utf-8").replace("id: mine", "id: yours"), "utf-8")
    with pytest.raises(BuildError, match="says id: yours"):
        load_theme("mine", [tmp_path / "themes"])


def test_pale_text_on_the_background_is_an_error_naming_the_ratio(tmp_path: Path) -> None:
    folder = copy_theme(tmp_path, "default", "pale", text="999999")
    theme = load_theme("pale", [tmp_path / "themes"])
    ratio = contrast("999999", "FFFFFF")
    assert ratio < 4.5
    problems = [p for p in check_theme(theme) if "text #999999 on background" in p.message]
    assert len(problems) == 1
    problem = problems[0]
    assert problem.severity == "error"
    assert problem.message == (
        f"text #999999 on background #FFFFFF has a contrast of "
        f"{ratio:.2f}:1, below 4.5:1 (body text on slides and pages)"
    )
    assert f"{ratio:.2f}:1" == "2.85:1"
    assert problem.location.line == line_of(folder / "theme.yaml", "  text:")
    suggested = re.search(r'"([0-9A-F]{6})"', problem.hint)
    assert problem.hint.startswith("use a darker text") and suggested
    assert contrast(suggested[1], "FFFFFF") >= 4.5


def test_white_on_a_light_primary_suggests_a_darker_primary(tmp_path: Path) -> None:
    copy_theme(tmp_path, "default", "light", primary="7FB8BC")
    problems = check_theme(load_theme("light", [tmp_path / "themes"]))
    white = next(p for p in problems if p.message.startswith("white #FFFFFF on primary #7FB8BC"))
    assert "section slides, table headers and process boxes" in white.message
    suggested = re.search(r'"([0-9A-F]{6})"', white.hint)
    assert white.hint.startswith("use a darker primary")
    assert contrast("FFFFFF", suggested[1]) >= 4.5


def test_wcag_contrast_ratios() -> None:
    assert contrast("000000", "FFFFFF") == pytest.approx(21.0)
    assert contrast("FFFFFF", "FFFFFF") == pytest.approx(1.0)
    assert contrast("767676", "FFFFFF") == pytest.approx(4.54, abs=0.01)


def _rename_layout(source: Path, dest: Path, old: str, new: str) -> None:
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as out:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename.startswith("ppt/slideLayouts/slideLayout") and item.filename.endswith(
                ".xml"
            ):
                root = etree.fromstring(data)
                csld = root.find(qn("p:cSld"))
                if csld.get("name") == old:
                    csld.set("name", new)
                    data = etree.tostring(
                        root, xml_declaration=True, encoding="UTF-8", standalone=True
                    )
            out.writestr(item, data)


def test_a_master_without_comparison_is_an_error_listing_its_layouts(tmp_path: Path) -> None:
    folder = copy_theme(tmp_path, "default", "broken")
    _rename_layout(
        THEMES / "default" / "master.pptx", folder / "master.pptx", "Comparison", "Side by side"
    )
    theme = load_theme("broken", [tmp_path / "themes"])
    names = layout_names(theme.master)
    assert "Comparison" not in names and "Side by side" in names
    (problem,) = check_theme(theme)
    assert problem.message == "the master master.pptx has no layout named 'Comparison'"
    assert problem.hint.startswith("its layouts are: Title Slide, Title and Content, ")
    assert "Side by side" in problem.hint
    assert problem.location.line == line_of(folder / "theme.yaml", "master:")


def test_missing_files_are_reported(tmp_path: Path) -> None:
    folder = copy_theme(tmp_path, "ngo-navy", "lost")
    (folder / "logo.png").unlink()
    (folder / "master.pptx").unlink()
    path = folder / "theme.yaml"
    path.write_text(
        path.read_text("utf-8").replace("LiberationSans-Bold.ttf", "Nope-Bold.ttf")
        + "logo: logo.png\n",
        "utf-8",
    )
    messages = [p.message for p in check_theme(load_theme("lost", [tmp_path / "themes"]))]
    assert "the theme's master master.pptx does not exist" in messages
    assert "the theme's font Nope-Bold.ttf does not exist" in messages
    assert "the theme's logo logo.png does not exist" in messages


# --- PDFs ------------------------------------------------------------------------------------


def test_theme_css_overrides_print_css_variables_and_declares_the_fonts() -> None:
    theme = load_theme("ngo-navy", [THEMES])
    css = theme_css(theme)
    print_css = (fit.FONTS.parent / "print.css").read_text("utf-8")
    root = re.search(r":root \{(.*?)\}", print_css, re.DOTALL)[1]
    declared = set(re.findall(r"(--[a-z-]+):", root))
    for name, value in theme.colors.items():
        variable = "--" + name.replace("_", "-")
        assert f"{variable}: #{value.lower()};" in css
        assert variable in declared, f"print.css does not use {variable}"
    for path in theme.font_files.values():
        assert f'src: url("{path.as_uri()}")' in css
    assert css.count('@font-face { font-family: "Liberation Sans"') == 3
    assert '--font: "Liberation Sans", "Noto Sans Arabic"' in css
    assert "html { font-family: var(--font); }" in css
    assert "<" not in css  # goes into a <style> element verbatim


def test_print_css_alone_keeps_the_default_theme_colours() -> None:
    theme = load_theme("default", [THEMES])
    print_css = (fit.FONTS.parent / "print.css").read_text("utf-8")
    root = re.search(r":root \{(.*?)\}", print_css, re.DOTALL)[1]
    for name, value in theme.colors.items():
        assert f"--{name.replace('_', '-')}: #{value.lower()};" in root
    assert "NotoSansArabic-Regular.ttf" in print_css and '[dir="rtl"]' in print_css


# --- decks -----------------------------------------------------------------------------------


def _deck() -> DeckSpec:
    return DeckSpec(
        "demo",
        "Demo",
        [
            SlideSpec(
                "title",
                [Run("Safeguarding children who may have been trafficked")],
                [Run("Multi-agency course")],
            ),
            SlideSpec(
                "bullets",
                [Run("What you do first")],
                body=[
                    Para([Run("Listen calmly and do not promise secrecy")]),
                    Para([Run("Tell your safeguarding lead the same day")]),
                ],
            ),
            SlideSpec(
                "checklist",
                [Run("What a good referral includes")],
                body=[Para([Run("The child's name")], style="tick")],
            ),
        ],
    )


def _tick_fonts(prs) -> set[str]:
    return {
        font.get("typeface") for slide in prs.slides for font in slide._element.iter(qn("a:buFont"))
    }


def _theme_fonts(path: Path) -> set[str]:
    with zipfile.ZipFile(path) as archive:
        themes = [n for n in archive.namelist() if re.fullmatch(r"ppt/theme/theme\d+\.xml", n)]
        master_rels = archive.read("ppt/slideMasters/_rels/slideMaster1.xml.rels").decode()
        used = next(n for n in themes if n.rsplit("/", 1)[1] in master_rels)
        root = etree.fromstring(archive.read(used))
    return {
        root.find(f".//{{{A}}}{kind}/{{{A}}}latin").get("typeface")
        for kind in ("majorFont", "minorFont")
    }


def test_a_deck_on_the_ngo_theme_uses_arial_and_shows_the_logo(tmp_path: Path) -> None:
    theme = load_theme("ngo-navy", [THEMES])
    writer = PptxWriter(theme.master, fonts=theme.font_files, logo=theme.folder / "logo.png")
    dest = tmp_path / "ngo.pptx"
    writer.write(_deck(), dest)
    assert _theme_fonts(dest) == {"Arial"}
    prs = Presentation(str(dest))
    first, second, _ = prs.slides
    logos = [s for s in first.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]
    assert len(logos) == 1
    logo = logos[0]
    assert logo._element.find(".//" + qn("p:cNvPr")).get("descr") == "Logo"
    assert logo.left >= 0 and logo.left + logo.width <= prs.slide_width
    assert logo.top >= 0 and logo.top + logo.height <= prs.slide_height
    assert logo.left > prs.slide_width / 2 and logo.top < prs.slide_height / 4  # top right
    assert logo.height <= 0.75 * 914400  # small
    assert not [s for s in second.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]
    assert _tick_fonts(prs) == {"Arial"}  # the tick-box bullet is drawn in the deck's font
    assert writer.fonts.regular.name == "LiberationSans-Regular.ttf"  # and measured with it


def test_the_default_theme_deck_keeps_calibri_and_has_no_logo(tmp_path: Path) -> None:
    theme = load_theme("default", [THEMES])
    dest = tmp_path / "default.pptx"
    PptxWriter(theme.master, fonts=theme.font_files, logo=theme.logo).write(_deck(), dest)
    assert _theme_fonts(dest) == {"Calibri"}
    prs = Presentation(str(dest))
    assert not [s for s in prs.slides[0].shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]
    assert _tick_fonts(prs) == {"Calibri"}


def test_text_is_measured_with_the_theme_fonts() -> None:
    liberation = load_theme("ngo-navy", [THEMES]).font_files
    arial, calibri = fit.FontSet.from_files(liberation), fit.FontSet.from_files(None)
    text = "Tell your safeguarding lead the same day"
    assert arial.metrics().width(text, 24) > calibri.metrics().width(text, 24) * 1.08
    assert calibri is fit.DEFAULT and calibri.line == fit.LINE
    assert arial.line == pytest.approx(1.15, abs=0.01)  # Arial's (Liberation Sans's) line height
    # a narrow box holds the text on fewer lines in Calibri than in Arial
    assert (
        fit.count_lines([fit.Piece(text)], 24, 420, arial)
        > fit.count_lines([fit.Piece(text)], 24, 420, calibri)
        == 1
    )


def test_reading_and_checking_a_theme_needs_neither_engine() -> None:
    import subprocess
    import sys

    code = (
        "import sys, trainpack.validate.theme as t; th = t.load_theme('ngo-navy', [t.THEMES]); "
        "assert t.check_theme(th) == []; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('pptx', 'weasyprint')))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=fit.FONTS.parent.parent,
        check=True,
    ).stdout
    assert out.strip() == "[]"
