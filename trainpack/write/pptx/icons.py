"""Icons on slides as native vector shapes: one custom-geometry shape per icon, converted
from its SVG (svgpath), stroked in a theme colour, so it is crisp at any projector size,
recolours with the theme and can be edited like any shape.  Each carries alt text or is
marked decorative (PowerPoint's ``adec:decorative`` flag), so screen readers skip it."""

from __future__ import annotations

from copy import deepcopy
from pathlib import Path
from typing import Any

from lxml import etree
from pptx.enum.shapes import MSO_SHAPE
from pptx.oxml.ns import qn
from pptx.util import Emu

from trainpack.core.icons import ICONS, icon_path
from trainpack.write.pptx.shapes import colour_element, place_copy
from trainpack.write.pptx.svgpath import icon_version, read_icon

UNITS = 1000  # path coordinates per viewBox unit (DrawingML paths are integers)
DECORATIVE_URI = "{C183D7F6-B498-43B3-948B-1728B52AA6E4}"
ADEC = "http://schemas.microsoft.com/office/drawing/2017/decorative"


def add_icon(
    shapes,
    name: str,
    x: int,
    y: int,
    size: int,
    color: str = "accent1",
    alt: str = "",
    dirs: tuple[Path, ...] = (ICONS,),
):
    """Draw icon ``name`` in a ``size``-EMU square at (x, y); ``color`` is a theme colour
    name (accent1, bg1 …) or six hex digits.  No alt text: marked decorative.  Returns the
    shape, or None when the icon file is missing (names are checked before writing)."""
    path = icon_path(name, dirs)
    if path is None:
        return None
    version = icon_version(path)
    key = (version, color, alt)
    proto = _DRAWN.get(key)
    icon = read_icon(version)
    if proto is None:
        shape = _draw(shapes, icon, name, x, y, size, color, alt)
        if len(_DRAWN) < 512:  # a course uses a few dozen; the bound keeps memory flat
            _DRAWN[key] = deepcopy(shape._element)
        return shape
    sp = place_copy(shapes, proto)  # drawn before: only its id, place and size differ
    xfrm = sp.spPr.xfrm
    xfrm.off.set("x", str(int(x)))
    xfrm.off.set("y", str(int(y)))
    xfrm.ext.set("cx", str(int(size)))
    xfrm.ext.set("cy", str(int(size)))
    sp.spPr.find(qn("a:ln")).set("w", str(_stroke(icon, size)))
    return shapes._shape_factory(sp)


def _stroke(icon, size: int) -> int:
    return int(size * icon.stroke_width / max(icon.width, icon.height))


_DRAWN: dict[tuple, Any] = {}  # icon shapes drawn in this process, by look


def _draw(shapes, icon, name: str, x: int, y: int, size: int, color: str, alt: str):
    shape = shapes.add_shape(MSO_SHAPE.RECTANGLE, Emu(x), Emu(y), Emu(size), Emu(size))
    shape.name = f"Icon: {name}"
    sppr = shape._element.spPr
    prst = sppr.find(qn("a:prstGeom"))
    geometry = _geometry(icon)
    prst.addprevious(geometry)
    sppr.remove(prst)
    for old in list(sppr):
        if old.tag in (qn("a:solidFill"), qn("a:noFill"), qn("a:ln")):
            sppr.remove(old)
    filled = any(o.filled for o in icon.outlines)
    fill = colour_element(color) if filled else etree.Element(qn("a:noFill"))
    if filled:
        wrapper = etree.Element(qn("a:solidFill"))
        wrapper.append(fill)
        fill = wrapper
    sppr.append(fill)
    ln = etree.SubElement(sppr, qn("a:ln"), w=str(_stroke(icon, size)), cap="rnd")
    solid = etree.SubElement(ln, qn("a:solidFill"))
    solid.append(colour_element(color))
    etree.SubElement(ln, qn("a:round"))
    _no_style(shape)
    mark_alt(shape, alt)
    return shape


def _geometry(icon) -> etree._Element:
    geom = etree.Element(qn("a:custGeom"))
    for tag in ("a:avLst", "a:gdLst", "a:ahLst", "a:cxnLst"):
        etree.SubElement(geom, qn(tag))
    etree.SubElement(geom, qn("a:rect"), l="0", t="0", r="r", b="b")
    paths = etree.SubElement(geom, qn("a:pathLst"))
    w, h = int(icon.width * UNITS), int(icon.height * UNITS)
    for outline in icon.outlines:
        attrs = {"w": str(w), "h": str(h)}
        if not outline.filled:
            attrs["fill"] = "none"
        path = etree.SubElement(paths, qn("a:path"), attrib=attrs)
        for command in outline.commands:
            kind = command[0]
            if kind == "Z":
                etree.SubElement(path, qn("a:close"))
                continue
            tag = {"M": "a:moveTo", "L": "a:lnTo", "C": "a:cubicBezTo"}[kind]
            element = etree.SubElement(path, qn(tag))
            for px, py in command[1:]:
                etree.SubElement(element, qn("a:pt"), x=_u(px), y=_u(py))
    return geom


def _u(value: float) -> str:
    return str(round(value * UNITS))


def _no_style(shape) -> None:
    """Drop the theme's shape style (it would add a shadow or an effect); the empty text
    frame never autofits."""
    from pptx.enum.text import MSO_AUTO_SIZE

    style = shape._element.find(qn("p:style"))
    if style is not None:
        shape._element.remove(style)
    shape.text_frame.auto_size = MSO_AUTO_SIZE.NONE


def mark_alt(shape, alt: str) -> None:
    """Alt text in cNvPr/@descr, or PowerPoint's decorative flag when there is none."""
    cnvpr = shape._element.find(".//" + qn("p:cNvPr"))
    if alt:
        cnvpr.set("descr", alt)
        return
    cnvpr.set("descr", "")
    ext_lst = cnvpr.find(qn("a:extLst"))
    if ext_lst is None:
        ext_lst = etree.SubElement(cnvpr, qn("a:extLst"))
    ext = etree.SubElement(ext_lst, qn("a:ext"), uri=DECORATIVE_URI)
    etree.SubElement(ext, f"{{{ADEC}}}decorative", nsmap={"adec": ADEC}, val="1")


def is_decorative(shape) -> bool:
    cnvpr = shape._element.find(".//" + qn("p:cNvPr"))
    return cnvpr is not None and cnvpr.find(f".//{{{ADEC}}}decorative") is not None


def icon_label(name: str) -> str:
    """Alt text for an icon that stands alone: its name in words ("shield check")."""
    return name.replace("-", " ")
