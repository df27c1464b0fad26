"""Regenerate templates/deck/master.pptx: a calm 16:9 master with the standard layout names.

Run `python tools/make_master.py` after changing the design below.  The result is
committed, so builds never depend on this script; an organisation can replace the
file with its own PowerPoint template that uses the same layout names.
"""
from __future__ import annotations

import copy
from pathlib import Path

from lxml import etree
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_SHAPE
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.util import Emu, Inches

OUT = Path(__file__).resolve().parent.parent / "templates" / "deck" / "master.pptx"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
P = "http://schemas.openxmlformats.org/presentationml/2006/main"
NS = {"a": A, "p": P}

TEAL, TEAL_DARK, WARM, INK, PAPER = "2F6F73", "1F4E52", "E0A458", "333333", "F4F1EA"
SCHEME = {"dk1": "000000", "lt1": "FFFFFF", "dk2": TEAL_DARK, "lt2": PAPER, "accent1": TEAL,
          "accent2": WARM, "accent3": "7A8FA6", "accent4": "8C6D9E", "accent5": "5B8C5A",
          "accent6": "B5654A", "hlink": TEAL, "folHlink": "8C6D9E"}

# (left, top, width, height) in inches on a 13.333 x 7.5 in slide
TITLE = (0.6, 0.45, 12.13, 0.95)
BODY = (0.6, 1.6, 12.13, 5.2)
GEOMETRY = {
    "Title Slide": {0: (0.9, 2.0, 11.5, 1.8), 1: (0.9, 3.95, 11.5, 1.2)},
    "Title and Content": {0: TITLE, 1: BODY},
    "Section Header": {0: (0.9, 2.5, 11.5, 1.4), 1: (0.9, 4.0, 11.5, 1.0)},
    "Two Content": {0: TITLE, 1: (0.6, 1.6, 5.9, 5.2), 2: (6.83, 1.6, 5.9, 5.2)},
    "Comparison": {0: TITLE, 1: (0.6, 1.6, 5.9, 0.6), 2: (0.6, 2.3, 5.9, 4.5),
                   3: (6.83, 1.6, 5.9, 0.6), 4: (6.83, 2.3, 5.9, 4.5)},
    "Title Only": {0: TITLE},
    "Picture with Caption": {0: TITLE, 1: (0.6, 1.6, 8.2, 5.2), 2: (9.1, 1.6, 3.63, 5.2)},
    "Content with Caption": {0: (0.6, 0.45, 4.0, 1.2), 1: (4.9, 0.45, 7.83, 6.35),
                             2: (0.6, 1.8, 4.0, 5.0)},
}
FOOTERS = {10: (0.6, 6.95, 2.5, 0.35), 11: (3.3, 6.95, 6.7, 0.35), 12: (11.23, 6.95, 1.5, 0.35)}


def main() -> None:
    prs = Presentation()
    scale = 12192000 / prs.slide_width
    prs.slide_width, prs.slide_height = Emu(12192000), Emu(6858000)
    master = prs.slide_master
    for shape in [*master.placeholders, *(p for lay in prs.slide_layouts for p in lay.placeholders)]:
        shape.left, shape.width = int(shape.left * scale), int(shape.width * scale)
    _place(master.placeholders, {0: TITLE, 1: BODY, **FOOTERS}, by_type=True)
    for layout in prs.slide_layouts:
        _place(layout.placeholders, {**GEOMETRY.get(layout.name, {}), **FOOTERS})
    _theme(prs)
    _text_styles(master)
    _band(prs, master, (0, 0, 13.333, 0.12), TEAL)
    title, section = prs.slide_layouts[0], prs.slide_layouts[2]
    title.background.fill.solid()
    title.background.fill.fore_color.rgb = RGBColor.from_string(PAPER)
    _band(prs, title, (0, 0, 0.35, 7.5), TEAL)
    _align_left(title)
    section.background.fill.solid()
    section.background.fill.fore_color.rgb = RGBColor.from_string(TEAL)
    _band(prs, section, (0.9, 2.3, 1.2, 0.08), WARM)
    for ph in section.placeholders:
        if ph.placeholder_format.idx in (0, 1):
            _list_style(ph, "FFFFFF", algn="l",
                        size=3600 if ph.placeholder_format.idx == 0 else 2000)
    prs.core_properties.title = "Training module builder master"
    prs.core_properties.author = "trainpack"
    OUT.parent.mkdir(parents=True, exist_ok=True)
    prs.save(OUT)
    print(f"wrote {OUT}")


def _place(placeholders, geometry, by_type: bool = False) -> None:
    for index, ph in enumerate(placeholders):
        key = index if by_type else ph.placeholder_format.idx
        if by_type:
            key = {1: 0, 2: 1, 16: 10, 15: 11, 13: 12}.get(int(ph.placeholder_format.type), -1)
        if key in geometry:
            left, top, width, height = geometry[key]
            ph.left, ph.top, ph.width, ph.height = Inches(left), Inches(top), Inches(width), Inches(height)


def _theme(prs) -> None:
    part = prs.slide_master.part.part_related_by(RT.THEME)
    root = etree.fromstring(part.blob)
    scheme = root.find(".//a:clrScheme", NS)
    scheme.set("name", "Calm")
    for name, value in SCHEME.items():
        slot = scheme.find(f"a:{name}", NS)
        for child in list(slot):
            slot.remove(child)
        etree.SubElement(slot, f"{{{A}}}srgbClr", val=value)
    for font in ("majorFont", "minorFont"):
        root.find(f".//a:{font}/a:latin", NS).set("typeface", "Calibri")
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _text_styles(master) -> None:
    styles = master.element.find("p:txStyles", NS)
    title = styles.find("p:titleStyle/a:lvl1pPr", NS)
    title.set("algn", "l")
    _run_props(title.find("a:defRPr", NS), 3200, TEAL_DARK, bold=True)
    for level, size in ((1, 2400), (2, 2000), (3, 1800), (4, 1600)):
        ppr = styles.find(f"p:bodyStyle/a:lvl{level}pPr", NS)
        _run_props(ppr.find("a:defRPr", NS), size, INK)
        bullet = ppr.find("a:buClr", NS)
        if bullet is None:
            bullet = etree.Element(f"{{{A}}}buClr")
            ppr.insert(2, bullet)
        for child in list(bullet):
            bullet.remove(child)
        etree.SubElement(bullet, f"{{{A}}}srgbClr", val=TEAL)


def _run_props(rpr, size: int, color: str, bold: bool = False) -> None:
    rpr.set("sz", str(size))
    if bold:
        rpr.set("b", "1")
    for fill in rpr.findall("a:solidFill", NS):
        rpr.remove(fill)
    fill = etree.Element(f"{{{A}}}solidFill")
    etree.SubElement(fill, f"{{{A}}}srgbClr", val=color)
    rpr.insert(0, fill)


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


def _align_left(layout) -> None:
    for ph in layout.placeholders:
        if ph.placeholder_format.idx in (0, 1):
            is_title = ph.placeholder_format.idx == 0
            _list_style(ph, TEAL_DARK if is_title else INK, algn="l",
                        size=4000 if is_title else 2200)


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
    main()
