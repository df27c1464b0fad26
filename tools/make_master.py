"""Build a theme's PowerPoint master from its tokens: 16:9, the standard layout names.

    python tools/make_master.py                          # themes/default/master.pptx
    python tools/make_master.py --theme themes/ngo-navy  # that theme's master.pptx

The colours (theme colour scheme, title and body text, bullets, bands), the deck font
(the theme's major and minor Latin font; Arial for Arabic) and the decoration (the
theme's ``style``: ``calm`` or ``bold``) come from ``themes/<id>/theme.yaml``.  The
result is committed, so builds never depend on this script; an organisation can
replace the file with its own PowerPoint template that uses the same layout names
(``python build.py check`` reports a missing one).
"""

from __future__ import annotations

import argparse
import copy
import sys
from dataclasses import dataclass
from pathlib import Path

from lxml import etree
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_SHAPE
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.util import Emu, Inches

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
from trainpack.core.errors import BuildError, format_problem  # noqa: E402
from trainpack.validate.theme import Theme, check_theme, load_theme  # noqa: E402

A = "http://schemas.openxmlformats.org/drawingml/2006/main"
P = "http://schemas.openxmlformats.org/presentationml/2006/main"
NS = {"a": A, "p": P}
ARABIC_FONT = "Arial"  # the theme's font for Arabic script, in every master

# (left, top, width, height) in inches on a 13.333 x 7.5 in slide
TITLE = (0.6, 0.45, 12.13, 0.95)
BODY = (0.6, 1.6, 12.13, 5.2)
GEOMETRY = {
    "Title Slide": {0: (0.9, 2.0, 11.5, 1.8), 1: (0.9, 3.95, 11.5, 1.2)},
    "Title and Content": {0: TITLE, 1: BODY},
    "Section Header": {0: (0.9, 2.5, 11.5, 1.4), 1: (0.9, 4.0, 11.5, 1.0)},
    "Two Content": {0: TITLE, 1: (0.6, 1.6, 5.9, 5.2), 2: (6.83, 1.6, 5.9, 5.2)},
    "Comparison": {
        0: TITLE,
        1: (0.6, 1.6, 5.9, 0.6),
        2: (0.6, 2.3, 5.9, 4.5),
        3: (6.83, 1.6, 5.9, 0.6),
        4: (6.83, 2.3, 5.9, 4.5),
    },
    "Title Only": {0: TITLE},
    "Picture with Caption": {0: TITLE, 1: (0.6, 1.6, 8.2, 5.2), 2: (9.1, 1.6, 3.63, 5.2)},
    "Content with Caption": {
        0: (0.6, 0.45, 4.0, 1.2),
        1: (4.9, 0.45, 7.83, 6.35),
        2: (0.6, 1.8, 4.0, 5.0),
    },
}
# The bold style: titles a little higher, on an accent rule clear of the body
BOLD_TITLE = (0.6, 0.3, 12.13, 0.95)
RULE = (0.62, 1.33, 0.9, 0.06)
# The bold style's title and section slides: title above a full-width band, centred sections.
BOLD_GEOMETRY = {
    "Title Slide": {0: (0.9, 1.15, 10.6, 2.6), 1: (0.9, 4.45, 11.5, 1.5)},
    "Section Header": {0: (1.2, 2.55, 10.93, 1.5), 1: (1.2, 4.1, 10.93, 1.0)},
    # Arial is wider than Calibri: column headings get room for two lines
    "Comparison": {
        0: TITLE,
        1: (0.6, 1.6, 5.9, 0.85),
        2: (0.6, 2.55, 5.9, 4.25),
        3: (6.83, 1.6, 5.9, 0.85),
        4: (6.83, 2.55, 5.9, 4.25),
    },
}
FOOTERS = {10: (0.6, 6.95, 2.5, 0.35), 11: (3.3, 6.95, 6.7, 0.35), 12: (11.23, 6.95, 1.5, 0.35)}


@dataclass(frozen=True)
class Palette:
    primary: str
    primary_dark: str
    accent: str
    text: str
    paper: str
    background: str

    @classmethod
    def of(cls, theme: Theme) -> Palette:
        c = theme.colors
        return cls(
            c["primary"], c["primary_dark"], c["accent"], c["text"], c["paper"], c["background"]
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--theme",
        type=Path,
        default=REPO / "themes" / "default",
        help="the theme folder (default: themes/default)",
    )
    parser.add_argument("--out", type=Path, help="where to write (default: the theme's master)")
    args = parser.parse_args(argv)
    folder = args.theme.resolve()
    try:
        theme = load_theme(folder.name, [folder.parent])
    except BuildError as exc:
        print(exc, file=sys.stderr)
        return 1
    out = args.out or theme.master
    build(theme, out)
    print(f"wrote {out}")
    if args.out is None:
        problems = check_theme(theme)
        for item in problems:
            print(format_problem(item), file=sys.stderr)
        return 1 if any(p.severity == "error" for p in problems) else 0
    return 0


def build(theme: Theme, out: Path) -> None:
    colours = Palette.of(theme)
    bold = theme.style == "bold"
    prs = Presentation()
    scale = 12192000 / prs.slide_width
    prs.slide_width, prs.slide_height = Emu(12192000), Emu(6858000)
    master = prs.slide_master
    for shape in [
        *master.placeholders,
        *(p for lay in prs.slide_layouts for p in lay.placeholders),
    ]:
        shape.left, shape.width = int(shape.left * scale), int(shape.width * scale)
    title_box = BOLD_TITLE if bold else TITLE
    _place(master.placeholders, {0: title_box, 1: BODY, **FOOTERS}, by_type=True)
    geometry = {**GEOMETRY, **(BOLD_GEOMETRY if bold else {})}
    for layout in prs.slide_layouts:
        boxes = {
            k: (title_box if box == TITLE else box)
            for k, box in geometry.get(layout.name, {}).items()
        }
        _place(layout.placeholders, {**boxes, **FOOTERS})
    _theme(prs, theme, colours)
    _text_styles(master, colours, bullet=colours.accent if bold else colours.primary)
    title, section = prs.slide_layouts[0], prs.slide_layouts[2]
    if bold:
        _bold_decoration(prs, master, title, section, colours)
    else:
        _calm_decoration(prs, master, title, section, colours)
    prs.core_properties.title = f"{theme.name} master"
    prs.core_properties.author = "trainpack"
    out.parent.mkdir(parents=True, exist_ok=True)
    prs.save(out)


def _calm_decoration(prs, master, title, section, c: Palette) -> None:
    """A thin band along the top of every slide; the title slide on paper with a band on the
    left; sections on the primary colour with a short accent bar, left-aligned."""
    _band(prs, master, (0, 0, 13.333, 0.12), c.primary)
    _background(title, c.paper)
    _band(prs, title, (0, 0, 0.35, 7.5), c.primary)
    for ph in title.placeholders:
        if ph.placeholder_format.idx in (0, 1):
            is_title = ph.placeholder_format.idx == 0
            _list_style(
                ph,
                c.primary_dark if is_title else c.text,
                algn="l",
                size=4000 if is_title else 2200,
            )
    _background(section, c.primary)
    _band(prs, section, (0.9, 2.3, 1.2, 0.08), c.accent)
    for ph in section.placeholders:
        if ph.placeholder_format.idx in (0, 1):
            _list_style(
                ph, "FFFFFF", algn="l", size=3600 if ph.placeholder_format.idx == 0 else 2000
            )


def _bold_decoration(prs, master, title, section, c: Palette) -> None:
    """A dark bar down the left edge and an accent rule under every title; the title slide
    white, its title low, above a full-width band of the primary colour edged in the
    accent that holds the subtitle; sections on the dark colour, centred, with an accent
    bar above the title."""
    _band(prs, master, (0, 0, 0.16, 7.5), c.primary_dark)
    _band(prs, master, RULE, c.accent)
    for layout in prs.slide_layouts:  # titles sit on the rule, whatever their length
        if layout.name not in ("Title Slide", "Section Header"):
            for ph in layout.placeholders:
                if ph.placeholder_format.idx == 0:
                    _anchor(ph, "b")
    _background(title, c.background)
    _hide_master_shapes(title)
    _band(prs, title, (0, 4.0, 13.333, 3.5), c.primary)
    _band(prs, title, (0, 3.92, 13.333, 0.08), c.accent)
    _band(prs, title, (0, 0, 0.16, 3.92), c.primary_dark)
    for ph in title.placeholders:
        idx = ph.placeholder_format.idx
        if idx == 0:
            _list_style(ph, c.primary_dark, algn="l", size=4400)
            _anchor(ph, "b")
        elif idx == 1:
            _list_style(ph, "FFFFFF", algn="l", size=2400)
            _anchor(ph, "t")
    _background(section, c.primary_dark)
    _hide_master_shapes(section)
    _band(prs, section, (6.17, 2.3, 1.0, 0.08), c.accent)
    for ph in section.placeholders:
        idx = ph.placeholder_format.idx
        if idx in (0, 1):
            _list_style(ph, "FFFFFF", algn="ctr", size=4000 if idx == 0 else 2000)
            _anchor(ph, "t")


def _place(placeholders, geometry, by_type: bool = False) -> None:
    for index, ph in enumerate(placeholders):
        key = index if by_type else ph.placeholder_format.idx
        if by_type:
            key = {1: 0, 2: 1, 16: 10, 15: 11, 13: 12}.get(int(ph.placeholder_format.type), -1)
        if key in geometry:
            left, top, width, height = geometry[key]
            ph.left, ph.top, ph.width, ph.height = (
                Inches(left),
                Inches(top),
                Inches(width),
                Inches(height),
            )


def _theme(prs, theme: Theme, c: Palette) -> None:
    part = prs.slide_master.part.part_related_by(RT.THEME)
    root = etree.fromstring(part.blob)
    root.set("name", theme.name)
    scheme = root.find(".//a:clrScheme", NS)
    scheme.set("name", "Calm" if theme.id == "default" else theme.name)
    values = {
        "dk1": "000000",
        "lt1": "FFFFFF",
        "dk2": c.primary_dark,
        "lt2": c.paper,
        "accent1": c.primary,
        "accent2": c.accent,
        "accent3": "7A8FA6",
        "accent4": "8C6D9E",
        "accent5": "5B8C5A",
        "accent6": "B5654A",
        "hlink": c.primary,
        "folHlink": "8C6D9E",
    }
    for name, value in values.items():
        slot = scheme.find(f"a:{name}", NS)
        for child in list(slot):
            slot.remove(child)
        etree.SubElement(slot, f"{{{A}}}srgbClr", val=value)
    fonts = root.find(".//a:fontScheme", NS)
    fonts.set("name", theme.family)
    for font in ("majorFont", "minorFont"):
        root.find(f".//a:{font}/a:latin", NS).set("typeface", theme.family)
        arabic = root.find(f".//a:{font}/a:font[@script='Arab']", NS)
        if arabic is not None:
            arabic.set("typeface", ARABIC_FONT)
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _text_styles(master, c: Palette, bullet: str) -> None:
    styles = master.element.find("p:txStyles", NS)
    title = styles.find("p:titleStyle/a:lvl1pPr", NS)
    title.set("algn", "l")
    _run_props(title.find("a:defRPr", NS), 3200, c.primary_dark, bold=True)
    for level, size in ((1, 2400), (2, 2000), (3, 1800), (4, 1600)):
        ppr = styles.find(f"p:bodyStyle/a:lvl{level}pPr", NS)
        _run_props(ppr.find("a:defRPr", NS), size, c.text)
        colour = ppr.find("a:buClr", NS)
        if colour is None:
            colour = etree.Element(f"{{{A}}}buClr")
            ppr.insert(2, colour)
        for child in list(colour):
            colour.remove(child)
        etree.SubElement(colour, f"{{{A}}}srgbClr", val=bullet)


def _run_props(rpr, size: int, color: str, bold: bool = False) -> None:
    rpr.set("sz", str(size))
    if bold:
        rpr.set("b", "1")
    for fill in rpr.findall("a:solidFill", NS):
        rpr.remove(fill)
    fill = etree.Element(f"{{{A}}}solidFill")
    etree.SubElement(fill, f"{{{A}}}srgbClr", val=color)
    rpr.insert(0, fill)


def _background(layout, color: str) -> None:
    layout.background.fill.solid()
    layout.background.fill.fore_color.rgb = RGBColor.from_string(color)


def _hide_master_shapes(layout) -> None:
    """The layout draws its own decoration instead of the master's bands."""
    layout.element.set("showMasterSp", "0")


def _band(prs, owner, box, color: str) -> None:
    """Copy a plain rectangle behind the placeholders of a master or layout."""
    scratch = Presentation()
    slide = scratch.slides.add_slide(scratch.slide_layouts[6])
    left, top, width, height = (Inches(v) for v in box)
    shape = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, left, top, width, height)
    shape.fill.solid()
    shape.fill.fore_color.rgb = RGBColor.from_string(color)
    shape.line.fill.background()
    shape.shadow.inherit = False
    tree = owner.element.find("p:cSld/p:spTree", NS)
    tree.insert(2, copy.deepcopy(shape._element))


def _anchor(ph, where: str) -> None:
    """Vertical anchoring of a layout placeholder's text ('t', 'ctr', 'b')."""
    body = ph.element.find("p:txBody/a:bodyPr", NS)
    body.set("anchor", where)


def _list_style(ph, color: str, algn: str | None = None, size: int | None = None) -> None:
    """Colour, alignment and size of a layout placeholder; no bullet on titles and subtitles."""
    body = ph.element.find("p:txBody", NS)
    lst = body.find("a:lstStyle", NS)
    for child in list(lst):
        lst.remove(child)
    ppr = etree.SubElement(lst, f"{{{A}}}lvl1pPr", marL="0", indent="0")
    if algn:
        ppr.set("algn", algn)
    etree.SubElement(ppr, f"{{{A}}}buNone")
    rpr = etree.SubElement(ppr, f"{{{A}}}defRPr")
    if size:
        rpr.set("sz", str(size))
    fill = etree.SubElement(rpr, f"{{{A}}}solidFill")
    etree.SubElement(fill, f"{{{A}}}srgbClr", val=color)


if __name__ == "__main__":
    sys.exit(main())
