"""The PowerPoint writer, read back with python-pptx: layouts, placeholders, native tables and
connectors, alt text, speaker notes, slide bounds, no autofit, and text measured to fit.

Decks are built once per session (pptx only) from the `full` and `long-text` fixtures and from
the real course in modules/; `too-long` must fail with a located error.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import independent_measure as independent
import pytest
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE, PP_PLACEHOLDER
from pptx.oxml.ns import qn

from trainpack.cli.main import main
from trainpack.render.typography import typeset_text

ROOT = Path(__file__).resolve().parent.parent
COURSES = ROOT / "tests" / "fixtures" / "courses"
SOURCES = {
    "full": COURSES / "full",
    "long-text": COURSES / "long-text",
    "designed": COURSES / "designed",
    "modules": ROOT / "modules",
}
EDITIONS = {
    "full": "everyone",
    "long-text": "everyone",
    "designed": "everyone",
    "modules": "multi-agency-england",
}
WIDE, HIGH = 12192000, 6858000
EMU_PT = 12700
STANDARD_LAYOUTS = {
    "Title Slide",
    "Title and Content",
    "Section Header",
    "Two Content",
    "Comparison",
    "Title Only",
    "Blank",
    "Content with Caption",
    "Picture with Caption",
    "Title and Vertical Text",
    "Vertical Title and Text",
}
TITLES = (PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE)
BODIES = (PP_PLACEHOLDER.BODY, PP_PLACEHOLDER.OBJECT)
LEVEL_SCALE = (1.0, 0.83, 0.75)
BODY_FLOOR = 18.0
CONTINUED = " (continued)"


# --- building ----------------------------------------------------------------------------


@pytest.fixture(scope="session")
def decks(
    tmp_path_factory: pytest.TempPathFactory, shipped_pack: Path
) -> Callable[[str], dict[str, Path]]:
    """``decks("full")`` -> {file name: path}; each course is built once per session (the
    real course's default edition comes from the shared ``shipped_pack``)."""
    built: dict[str, dict[str, Path]] = {}

    def build(name: str) -> dict[str, Path]:
        if name == "modules" and name not in built:
            folder = shipped_pack / EDITIONS[name] / "slides"
            built[name] = {p.name: p for p in sorted(folder.glob("*.pptx"))}
        if name not in built:
            out = tmp_path_factory.mktemp(f"pptx-{name}")
            code = main(
                [
                    "build",
                    "--source",
                    str(SOURCES[name]),
                    "--out",
                    str(out),
                    "--formats",
                    "pptx",
                    "--quiet",
                ]
            )
            assert code == 0, f"building {name} failed"
            folder = out / EDITIONS[name] / "slides"
            built[name] = {p.name: p for p in sorted(folder.glob("*.pptx"))}
            assert built[name], f"no decks in {folder}"
        return built[name]

    return build


def slides_of(path: Path) -> list:
    return list(Presentation(str(path)).slides)


def title_of(slide) -> str:
    holder = next((p for p in slide.placeholders if p.placeholder_format.type in TITLES), None)
    return holder.text_frame.text if holder is not None else ""


def notes_of(slide) -> str:
    return slide.notes_slide.notes_text_frame.text if slide.has_notes_slide else ""


def body_text(slide) -> str:
    return "\n".join(
        sh.text_frame.text
        for sh in slide.shapes
        if sh.has_text_frame
        and sh.name != "Slide number"
        and not (sh.is_placeholder and sh.placeholder_format.type in TITLES)
    )


def all_decks(decks) -> list[tuple[str, Path]]:
    return [(f"{name}/{file}", path) for name in SOURCES for file, path in decks(name).items()]


# --- the full fixture: one slide per layout ------------------------------------------------

BASICS = [
    ("Title Slide", "What child trafficking is"),
    ("Title and Content", "Before we begin"),
    ("Title and Content", "Learning objectives"),
    ("Section Header", "Definitions"),
    ("Title and Content", "The definition: act and purpose"),
    ("Comparison", "Trafficking and smuggling"),
    ("Title and Content", "A young person’s words"),
    ("Title Only", "Indicators at a glance"),
    ("Picture with Caption", "A calm picture"),
    ("Title and Content", "Activity: Sorting cards"),
    ("Title and Content", "Sam, 14 (fictional)"),
    ("Title and Content", "Discussing: Sam, 14 (fictional)"),
    ("Title and Content", "Before you act"),
    ("Title and Content", "Check your understanding (1/2)"),
    ("Title and Content", "Check your understanding (2/2)"),
    ("Title and Content", "Key messages"),
]
RESPONDING = [
    ("Title Slide", "Responding to a concern"),
    ("Title and Content", "Learning objectives"),
    ("Title Only", "From concern to referral"),
    ("Title and Content", "Remember"),
    ("Title and Content", "Check your understanding"),
    ("Title and Content", "Key messages"),
]


def test_full_builds_one_deck_per_module(decks) -> None:
    assert sorted(decks("full")) == ["01-basics.pptx", "02-responding.pptx"]


@pytest.mark.parametrize(
    "deck, expected", [("01-basics.pptx", BASICS), ("02-responding.pptx", RESPONDING)]
)
def test_layouts_and_titles_slide_by_slide(decks, deck, expected) -> None:
    slides = slides_of(decks("full")[deck])
    assert [(s.slide_layout.name, title_of(s)) for s in slides] == expected


def test_slides_are_16_by_9(decks) -> None:
    for label, path in all_decks(decks):
        prs = Presentation(str(path))
        assert (prs.slide_width, prs.slide_height) == (WIDE, HIGH), label


def test_every_layout_is_a_standard_powerpoint_layout(decks) -> None:
    for label, path in all_decks(decks):
        for number, slide in enumerate(slides_of(path), 1):
            assert slide.slide_layout.name in STANDARD_LAYOUTS, f"{label} slide {number}"
        assert slides_of(path)[0].slide_layout.name == "Title Slide", label


DESIGNED_TEXT = ("Slide number", "Section number", "Figure", "Event date", "Event")


def test_titles_and_text_are_in_placeholders(decks) -> None:
    """Trainers edit text in the layout's own placeholders; the only free text boxes are the
    slide number and the designed layouts' own labels (a section number, a statistic's
    figure, timeline dates), and nothing is left as an empty 'Click to add text' placeholder."""
    for label, path in all_decks(decks):
        for number, slide in enumerate(slides_of(path), 1):
            where = f"{label} slide {number}"
            titles = [p for p in slide.placeholders if p.placeholder_format.type in TITLES]
            assert len(titles) == 1 and titles[0].text_frame.text.strip(), where
            for shape in slide.shapes:
                if shape.shape_type == MSO_SHAPE_TYPE.TEXT_BOX:
                    assert shape.name in DESIGNED_TEXT, where
                if shape.is_placeholder and shape.has_text_frame:
                    assert shape.text_frame.text.strip(), f"{where}: empty {shape.name}"


def test_bullets_sit_in_the_body_placeholder(decks) -> None:
    slide = slides_of(decks("full")["01-basics.pptx"])[4]
    body = next(p for p in slide.placeholders if p.placeholder_format.type in BODIES)
    paras = [(p.level, "".join(r.text for r in p.runs)) for p in body.text_frame.paragraphs]
    assert paras == [
        (0, "Act: recruiting, moving or receiving a child"),
        (0, "Purpose: exploitation"),
        (1, "Sexual exploitation"),
        (1, "Forced labour"),
        (1, "Criminal exploitation"),
        (0, "Text with {{ 7*7 }} and {% if x %} stays literal"),
    ]
    bold = [r.text for p in body.text_frame.paragraphs for r in p.runs if r.font.bold]
    assert bold == ["Act", "Purpose"]


def test_template_syntax_in_content_is_shown_verbatim(decks) -> None:
    text = body_text(slides_of(decks("full")["01-basics.pptx"])[4])
    assert "{{ 7*7 }}" in text and "{% if x %}" in text
    assert "49" not in text


def test_comparison_headings_and_columns_use_the_comparison_placeholders(decks) -> None:
    slide = slides_of(decks("full")["01-basics.pptx"])[5]
    assert slide.slide_layout.name == "Comparison"
    bodies = sorted(
        (p for p in slide.placeholders if p.placeholder_format.type in BODIES),
        key=lambda p: (p.left, p.top),
    )
    assert [b.text_frame.text for b in bodies] == [
        "Trafficking",
        "Exploitation is the purpose\nControl continues",
        "Smuggling",
        "Paid crossing of a border\nRelationship ends",
    ]


def test_two_columns_without_headings_use_two_content(decks) -> None:
    slide = next(
        s
        for s in slides_of(decks("long-text")["01-overflow.pptx"])
        if title_of(s).startswith("What the child may say")
    )
    assert slide.slide_layout.name == "Two Content"
    bodies = [p for p in slide.placeholders if p.placeholder_format.type in BODIES]
    assert len(bodies) == 2
    assert all(len(b.text_frame.paragraphs) == 3 for b in bodies)


def test_table_is_a_native_table_on_title_only(decks) -> None:
    slide = slides_of(decks("full")["01-basics.pptx"])[7]
    assert slide.slide_layout.name == "Title Only"
    tables = [s for s in slide.shapes if s.has_table]
    assert len(tables) == 1
    grid = tables[0].table
    cells = [[c.text for c in row.cells] for row in grid.rows]
    assert cells == [
        ["Area", "Possible indicator"],
        ["Documents", "Someone else holds the passport"],
        ["Home", "Lives at the workplace"],
    ]
    widths = [c.width for c in grid.columns]
    assert widths[1] == pytest.approx(2 * widths[0], rel=0.01)  # widths: [1, 2]
    assert all(r.font.bold for p in grid.cell(0, 0).text_frame.paragraphs for r in p.runs)


def test_process_is_native_shapes_joined_by_connected_connectors(decks) -> None:
    slide = slides_of(decks("full")["02-responding.pptx"])[2]
    assert slide.slide_layout.name == "Title Only"
    boxes = [
        s
        for s in slide.shapes
        if s.shape_type == MSO_SHAPE_TYPE.AUTO_SHAPE and re.fullmatch(r"Step \d+", s.name)
    ]
    assert [b.text_frame.text for b in boxes] == [
        "Notice\nSomething is not right",
        "Record\nWrite down what you saw",
        "Refer\nCall children’s social care",
    ]
    lines = [s for s in slide.shapes if s._element.tag == qn("p:cxnSp")]
    assert len(lines) == len(boxes) - 1
    for line, (first, second) in zip(lines, zip(boxes, boxes[1:])):
        start = line._element.find(".//" + qn("a:stCxn"))
        end = line._element.find(".//" + qn("a:endCxn"))
        assert start is not None and end is not None, "connector is not glued to the boxes"
        assert int(start.get("id")) == first.shape_id
        assert int(end.get("id")) == second.shape_id
        assert line.begin_x == first.left + first.width
        assert line.end_x == second.left
        assert line.begin_y == line.end_y == first.top + first.height // 2
        assert line._element.find(".//" + qn("a:tailEnd")) is not None  # an arrowhead


def test_picture_has_the_yaml_alt_text(decks, full_course) -> None:
    slide = slides_of(decks("full")["01-basics.pptx"])[8]
    assert slide.slide_layout.name == "Picture with Caption"
    pictures = [s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]
    assert len(pictures) == 1
    authored = next(
        s
        for m in full_course.modules
        for sec in m.sections
        for s in sec.slides
        if s.layout == "image"
    )
    assert authored.alt == "A bar chart showing three groups of indicators"
    descr = pictures[0]._element.find(".//" + qn("p:cNvPr")).get("descr")
    assert descr == authored.alt
    assert "Illustration" in body_text(slide)  # the caption, in the caption placeholder


def test_every_content_slide_has_speaker_notes(decks) -> None:
    for label, path in all_decks(decks):
        for number, slide in enumerate(slides_of(path), 1):
            if slide.slide_layout.name in ("Title Slide", "Section Header"):
                continue
            assert notes_of(slide).strip(), f"{label} slide {number} has no speaker notes"


def test_notes_carry_facilitator_notes_quiz_answers_and_answer_notes(decks) -> None:
    basics = slides_of(decks("full")["01-basics.pptx"])
    assert notes_of(basics[4]).splitlines()[:2] == [
        "Explain each element.",
        "Ask: what surprised you?",
    ]
    first, second = notes_of(basics[13]), notes_of(basics[14])
    assert (
        "Question 1\u00a0– answer: B\u00a0– Act and purpose. Means are not needed for under-18s. (G2)"
        in first
    )
    # numbered per question, one question per slide, and no doubled full stop
    assert (
        "Question 2\u00a0– answer: B\u00a0– No. A child cannot consent to their own exploitation."
        in (second)
    )
    assert ".." not in first + second
    assert "The adult controls Sam’s documents." in notes_of(basics[11])
    # answers never show on the slide itself
    assert "Means are not needed" not in body_text(basics[13])
    responding = slides_of(decks("full")["02-responding.pptx"])
    assert (
        "Question 1\u00a0– answer: B\u00a0– The same day. Delay can leave a child at risk."
        in notes_of(responding[4])
    )


# --- geometry and fitting (every deck, the real course included) ---------------------------


def test_every_shape_lies_inside_the_slide(decks) -> None:
    outside = []
    for label, path in all_decks(decks):
        for number, slide in enumerate(slides_of(path), 1):
            for shape in slide.shapes:
                box = (shape.left, shape.top, shape.width, shape.height)
                if (
                    None in box
                    or box[0] < 0
                    or box[1] < 0
                    or box[0] + box[2] > WIDE
                    or box[1] + box[3] > HIGH
                ):
                    outside.append(f"{label} slide {number}: {shape.name} {box}")
    assert outside == []


def test_no_text_frame_relies_on_autofit(decks) -> None:
    """Text is measured to fit, so clients must not rescale it: no autofit on the slides, and
    every filled placeholder switches off the normAutofit it would inherit from the master."""
    for label, path in all_decks(decks):
        for number, slide in enumerate(slides_of(path), 1):
            xml = slide._element.xml
            assert "normAutofit" not in xml and "spAutoFit" not in xml, f"{label} slide {number}"
            for shape in slide.shapes:
                if shape.has_text_frame:
                    body_pr = shape.text_frame._txBody.find(qn("a:bodyPr"))
                    assert body_pr.find(qn("a:noAutofit")) is not None, (
                        f"{label} slide {number}: {shape.name} inherits the master's autofit"
                    )


def test_measured_text_fits_every_text_frame(decks) -> None:
    """Re-measure every title, body, caption and process box independently at the sizes
    the writer chose, against the real box (no safety margin): nothing may overflow."""
    over = []
    for label, path in all_decks(decks):
        prs = Presentation(str(path))
        for number, slide in enumerate(prs.slides, 1):
            for shape in slide.shapes:
                if not shape.has_text_frame or shape.name == "Slide number":
                    continue
                if not shape.text_frame.text.strip():
                    continue  # a bar, a disc or an icon: no text to fit
                need, room = measure(shape, prs)
                if need > room:
                    over.append(
                        f"{label} slide {number} {shape.name!r}: {need:.1f} pt of text "
                        f"in {room:.1f} pt ({shape.text_frame.text[:40]!r})"
                    )
                for line in over_wide_table_cells(shape):
                    over.append(f"{label} slide {number}: {line}")
    assert over == []


def test_no_word_is_wider_than_its_line(decks) -> None:
    """A word wider than its box is broken mid-word by every client ('Informatio' / 'n')."""
    broken = []
    for label, path in all_decks(decks):
        prs = Presentation(str(path))
        for number, slide in enumerate(prs.slides, 1):
            for shape in slide.shapes:
                if shape.has_text_frame and shape.name != "Slide number":
                    width = text_width(shape)
                    for para in shape.text_frame.paragraphs:
                        for run in para.runs:
                            style = effective(shape, prs, para, run)
                            for word in too_wide(
                                run.text, style["size"], style["bold"], width - style["margin"]
                            ):
                                broken.append(f"{label} slide {number} {shape.name}: {word!r}")
                if shape.has_table:
                    grid = shape.table
                    for row in grid.rows:
                        for c, cell in enumerate(row.cells):
                            width = (
                                grid.columns[c].width - cell.margin_left - cell.margin_right
                            ) / EMU_PT
                            for para in cell.text_frame.paragraphs:
                                for run in para.runs:
                                    size = run.font.size.pt if run.font.size else 18.0
                                    for word in too_wide(
                                        run.text, size, bool(run.font.bold), width
                                    ):
                                        broken.append(f"{label} slide {number} table: {word!r}")
    assert broken == []


def _runs(slide):
    """(shape, paragraph, run) for every run the room sees: text frames, groups, tables."""
    for shape in slide.shapes:
        if shape.name == "Slide number":
            continue
        if shape.has_text_frame:
            for para in shape.text_frame.paragraphs:
                for run in para.runs:
                    yield shape, para, run
        if getattr(shape, "has_table", False) and shape.has_table:
            for row in shape.table.rows:
                for cell in row.cells:
                    for para in cell.text_frame.paragraphs:
                        for run in para.runs:
                            yield shape, para, run


def test_no_text_under_18pt_and_no_title_under_28pt(decks) -> None:
    """As drawn: every run on a slide at least 18 pt, every title at least 28 pt."""
    small = []
    for label, path in all_decks(decks):
        prs = Presentation(str(path))
        for number, slide in enumerate(prs.slides, 1):
            for shape, para, run in _runs(slide):
                if not run.text.strip():
                    continue
                if shape.is_placeholder:
                    size = effective(shape, prs, para, run)["size"]
                else:
                    size = run.font.size.pt if run.font.size else 18.0
                title = shape.is_placeholder and shape.placeholder_format.type in TITLES
                if size < (28.0 if title else 18.0):
                    small.append(f"{label} slide {number}: {size} pt {run.text[:30]!r}")
    assert small == []


# --- overflow pressure: the long-text fixture ---------------------------------------------


def long_slides(decks) -> list:
    return slides_of(decks("long-text")["01-overflow.pptx"])


def test_fourteen_long_bullets_continue_on_more_slides_in_order(decks) -> None:
    title = "Possible indicators that a child may have been trafficked into or within the country"
    parts = [s for s in long_slides(decks) if title_of(s).startswith(title)]
    assert len(parts) >= 2
    assert title_of(parts[0]) == title
    assert all(title_of(p) == title + CONTINUED for p in parts[1:])
    bullets = [
        para.text
        for p in parts
        for para in next(
            h for h in p.placeholders if h.placeholder_format.type in BODIES
        ).text_frame.paragraphs
    ]
    source = (COURSES / "long-text" / "01-overflow" / "module.yaml").read_text("utf-8")
    authored = re.findall(r"^          - (The child.*)$", source, re.M)
    assert len(authored) == 14
    assert bullets == [typeset_text(b) for b in authored]  # all 14, once each, in order
    assert all(notes_of(p).strip() for p in parts)  # continued slides have notes too


def test_a_very_long_title_shrinks_but_stays_readable(decks) -> None:
    slide = long_slides(decks)[2]
    title = next(p for p in slide.placeholders if p.placeholder_format.type in TITLES)
    assert len(title.text_frame.text) > 80
    sizes = {r.font.size.pt for p in title.text_frame.paragraphs for r in p.runs}
    # it wraps onto a second line before it shrinks, and never goes under 28 pt
    assert len(sizes) == 1 and 28.0 <= sizes.pop() <= 32.0
    assert title.height > int(0.95 * 914400)


def test_a_fourteen_row_table_continues_with_its_header_at_a_readable_size(decks) -> None:
    title = "Who does what when there is a concern"
    parts = [s for s in long_slides(decks) if title_of(s).startswith(title)]
    assert len(parts) >= 2
    assert [title_of(p) for p in parts] == [title] + [title + CONTINUED] * (len(parts) - 1)
    rows = []
    for part in parts:
        grid = next(s for s in part.shapes if s.has_table).table
        cells = [[c.text for c in row.cells] for row in grid.rows]
        assert cells[0] == ["Agency", "What they do"]  # the header repeats on every part
        rows += cells[1:]
        sizes = {
            r.font.size.pt
            for row in grid.rows
            for c in row.cells
            for p in c.text_frame.paragraphs
            for r in p.runs
        }
        assert min(sizes) >= 16.0, f"a continued table shrank to {min(sizes)} pt"
    assert len(rows) == 14
    assert rows[0][0] == "Police" and rows[-1][0] == "Single competent authority"


def test_ukrainian_and_apostrophes_come_out_typeset(decks) -> None:
    """Every letter survives; straight quotes become curly ones and a spaced dash an en
    dash held to the word before it (the typography pass, applied once for every output)."""
    slides = long_slides(decks)
    text = "\n".join(title_of(s) + "\n" + body_text(s) for s in slides)
    assert "Ознаки того, що дитина могла стати жертвою торгівлі людьми" in text
    assert "Пам’ятайте: одна ознака\u00a0– це привід запитати, а не доказ" in text
    assert (
        "Sam’s ‘uncle’ didn’t let him speak, wouldn’t say where they’d "
        "come from, and couldn’t name Sam’s school\u00a0– that’s the "
        "child’s story we’d missed"
    ) in text
    assert (
        "Don’t assume; ask: ‘What’s happened?’, ‘Who’s looking "
        "after you?’, ‘Where’ve you been staying?’" in text
    )
    assert "It’s what they don’t say" in text
    assert "'" not in text and '"' not in text


def test_one_absurdly_long_bullet_fails_with_its_file_and_line(tmp_path: Path) -> None:
    source = COURSES / "too-long"
    module = source / "01-wall" / "module.yaml"
    line = module.read_text("utf-8").splitlines().index("      - layout: bullets") + 1
    out = tmp_path / "out"
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "build.py"),
            "build",
            "--source",
            str(source),
            "--out",
            str(out),
            "--formats",
            "pptx",
            "--quiet",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1, result.stderr
    # the word budget warns first (check runs before the build); the error follows
    first = next(r for r in result.stderr.splitlines() if ": error: " in r)
    assert first == (
        f"tests/fixtures/courses/too-long/01-wall/module.yaml:{line}: error: "
        "slide 'Everything at once': one bullet is too long for a slide even at "
        "18 pt"
    )
    assert "\n  hint: " in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert not (out / "everyone").exists()
    assert not list(out.glob(".staging-*"))


# --- measuring what the writer wrote --------------------------------------------------------


def text_area(shape) -> tuple[float, float]:
    """(width, height) in points inside the shape's insets (and a rounded rectangle's corners)."""
    insets = _insets(shape)
    width = shape.width / EMU_PT - insets[0] - insets[2]
    room = shape.height / EMU_PT - insets[1] - insets[3]
    if shape.shape_type == MSO_SHAPE_TYPE.AUTO_SHAPE:
        # a rounded rectangle's text area is inset by part of its corner radius
        inset = 0.29289 * 0.16667 * min(shape.width, shape.height) / EMU_PT
        width, room = width - 2 * inset, room - 2 * inset
    return width, room


def text_width(shape) -> float:
    return text_area(shape)[0]


def too_wide(text: str, size: float, bold: bool, width: float) -> list[str]:
    return [word for word in text.split() if independent.width(word, size, bool(bold)) > width]


def measure(shape, prs) -> tuple[float, float]:
    """(height the text needs, height available) in points, measured independently of the
    writer's fit engine (FreeType widths, the fonts' own line metrics)."""
    width, room = text_area(shape)
    need = 0.0
    for index, para in enumerate(shape.text_frame.paragraphs):
        runs = para.runs
        style = effective(shape, prs, para, runs[0] if runs else None)
        size = max([effective(shape, prs, para, r)["size"] for r in runs] or [style["size"]])
        pieces = [(r.text, bool(effective(shape, prs, para, r)["bold"])) for r in runs]
        lines = independent.lines(pieces, size, max(width - style["margin"], size))
        line = independent.paragraph_line(pieces)
        need += lines * size * line + (style["space"] * size * line if index else 0.0)
    return need, room


def over_wide_table_cells(shape) -> list[str]:
    """Cells whose text needs more lines than their row was given."""
    if not shape.has_table:
        return []
    bad = []
    grid = shape.table
    for r, row in enumerate(grid.rows):
        for c, cell in enumerate(row.cells):
            width = grid.columns[c].width / EMU_PT - (cell.margin_left + cell.margin_right) / EMU_PT
            need = 0.0
            for para in cell.text_frame.paragraphs:
                size = max((run.font.size.pt for run in para.runs if run.font.size), default=18.0)
                pieces = [(run.text, bool(run.font.bold)) for run in para.runs]
                need += (
                    independent.lines(pieces, size, width)
                    * size
                    * independent.paragraph_line(pieces)
                )
            room = row.height / EMU_PT - (cell.margin_top + cell.margin_bottom) / EMU_PT
            if need > room:
                bad.append(f"table cell ({r}, {c}) needs {need:.1f} pt, row gives {room:.1f}")
    return bad


def _chain(shape, prs) -> list:
    """Where a paragraph's style comes from, nearest first: the shape, its layout and master
    placeholders (their lstStyle), then the master's title or body text style."""
    styles, node = [], shape
    while node is not None:
        lst = node._element.find(".//" + qn("a:lstStyle"))
        if lst is not None:
            styles.append(lst)
        node = getattr(node, "_base_placeholder", None) if node.is_placeholder else None
    master = prs.slide_master._element.find(qn("p:txStyles"))
    if shape.is_placeholder:
        kind = "p:titleStyle" if shape.placeholder_format.type in TITLES else "p:bodyStyle"
    else:
        kind = "p:otherStyle"
    styles.append(master.find(qn(kind)))
    return styles


def effective(shape, prs, para, run) -> dict:
    """Size, bold, left margin and space before of a run, following the inheritance chain."""
    level = f"a:lvl{min(para.level, 8) + 1}pPr"
    levels = [lst.find(qn(level)) for lst in _chain(shape, prs)]
    levels = [node for node in levels if node is not None]
    ppr = para._p.find(qn("a:pPr"))
    rpr = run._r.find(qn("a:rPr")) if run is not None else None

    def first(getter, default):
        for node in [rpr, *[lvl.find(qn("a:defRPr")) for lvl in levels]]:
            value = getter(node) if node is not None else None
            if value is not None:
                return value
        return default

    size = first(lambda n: n.get("sz") and int(n.get("sz")) / 100, 18.0)
    bold = first(lambda n: n.get("b") and n.get("b") in ("1", "true"), False)
    margin, space = None, None
    for node in [ppr, *levels]:
        if node is None:
            continue
        if margin is None and node.get("marL") is not None:
            margin = int(node.get("marL")) / EMU_PT
        pct = node.find(qn("a:spcBef") + "/" + qn("a:spcPct"))
        if space is None and pct is not None:
            space = int(pct.get("val")) / 100000
    return {"size": size, "bold": bold, "margin": margin or 0.0, "space": space or 0.0}


def _insets(shape) -> tuple[float, float, float, float]:
    body = shape.text_frame._txBody.find(qn("a:bodyPr"))
    default = {"lIns": 91440, "tIns": 45720, "rIns": 91440, "bIns": 45720}
    return tuple(int(body.get(k, v)) / EMU_PT for k, v in default.items())  # type: ignore


def test_a_column_heading_too_long_even_at_18pt_fails_at_its_slide(
    course_copy, run_cli, tmp_path
) -> None:
    root = course_copy("full")
    module = root / "01-basics" / "module.yaml"
    text = module.read_text("utf-8")
    old = "left: {heading: Trafficking,"
    assert text.count(old) == 1
    module.write_text(
        text.replace(
            old,
            "left: {heading: " + "Trafficking and exploitation "
            "of children moved within the country or across borders,",
        ),
        "utf-8",
    )
    line = module.read_text("utf-8").splitlines().index("      - layout: two-column") + 1
    code, _, err = run_cli(
        "build", "--source", root, "--out", tmp_path / "out", "--formats", "pptx", "--quiet"
    )
    assert code == 1
    assert (
        f"module.yaml:{line}: error: slide 'Trafficking and smuggling': a column heading "
        "does not fit above its column even at 18 pt" in err
    )
    assert "hint: shorten the heading" in err


def test_every_notes_page_is_its_own_part_and_points_back_at_its_slide(decks) -> None:
    """Slides and notes pages are copied from a prototype after the first of each kind: each
    copy must still be a part of its own, related both ways, with unique shape ids."""
    import zipfile

    for label, path in all_decks(decks):
        prs = Presentation(str(path))
        names = set()
        for number, slide in enumerate(prs.slides, 1):
            ids = [int(i) for i in slide.shapes._spTree.xpath("//p:cNvPr/@id")]
            assert len(ids) == len(set(ids)), f"{label} slide {number}: repeated shape ids"
            if not slide.has_notes_slide:
                continue
            notes = slide.notes_slide
            assert (
                notes.part.part_related_by(
                    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/slide"
                )
                is slide.part
            ), f"{label} slide {number}: its notes page points elsewhere"
            names.add(str(notes.part.partname))
        with zipfile.ZipFile(path) as package:
            stored = {f"/{n}" for n in package.namelist() if n.startswith("ppt/notesSlides/n")}
        assert names == stored, label


def test_an_edited_icon_is_drawn_afresh_in_the_same_process(tmp_path: Path) -> None:
    """Icon shapes are drawn once per process and copied after; a changed file (a course
    being watched) must not be served from that copy."""
    from pptx import Presentation as New

    from trainpack.write.pptx.icons import add_icon

    folder = tmp_path / "icons"
    folder.mkdir()
    svg = folder / "mark.svg"
    svg.write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><path d="M2 2 L22 22"/></svg>'
    )
    prs = New()
    slide = prs.slides.add_slide(prs.slide_layouts[6])

    def points(shape) -> int:
        return len(shape._element.findall(".//" + qn("a:pt")))

    first = add_icon(slide.shapes, "mark", 0, 0, 914400, dirs=(folder,))
    again = add_icon(slide.shapes, "mark", 914400, 0, 457200, dirs=(folder,))
    assert points(first) == points(again) == 2
    assert int(again.left) == 914400 and int(again.width) == 457200
    assert again.shape_id != first.shape_id
    svg.write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24">'
        '<path d="M2 2 L22 22 L2 22"/></svg>'
    )
    import os

    os.utime(svg, ns=(1, 10**18))  # a different time, whatever the clock's resolution
    edited = add_icon(slide.shapes, "mark", 0, 914400, 914400, dirs=(folder,))
    assert points(edited) == 3
