"""Small, audited raw-XML helpers the python-pptx API lacks: paragraph styles, language
tags, right-to-left paragraphs, alt text, slide-number fields, arrowheads.  Part of the
PPTX writer."""

from __future__ import annotations

import re
from collections.abc import Sequence
from copy import deepcopy
from dataclasses import dataclass

from lxml import etree
from pptx.enum.text import MSO_AUTO_SIZE
from pptx.oxml.ns import qn
from pptx.util import Emu, Pt

from trainpack.render.deckspec import Para
from trainpack.write.pptx.measure import CENTRED, LEVEL_SCALE, PLAIN

TICK = "\u25a1"  # white square: present in Calibri, Carlito, Arial and Liberation Sans


@dataclass(frozen=True)
class Lang:
    """How a deck's text is tagged: language, direction, complex-script font, bullet font."""

    tag: str = "en-GB"
    rtl: bool = False
    cs: str | None = None  # complex-script typeface on every run (Arabic: Arial)
    bullet_font: str = "Calibri"  # the deck's font, for the tick-box bullet character


def as_lang(lang: Lang | str) -> Lang:
    return lang if isinstance(lang, Lang) else Lang(lang)


def fill_paragraphs(
    frame,
    paras: Sequence[Para],
    size: float | None,
    lang: Lang | str,
    bold: bool = False,
    color: str | None = None,
    sizes: Sequence[float] | None = None,
    colors: Sequence[str | None] | None = None,
) -> None:
    """Replace a text frame's text with ``paras``, keeping the placeholder's own styles
    except where fitting chose a size or a paragraph needs its own bullet; ``sizes`` and
    ``colors`` set single paragraphs' size and colour (theme name or hex).

    The paragraphs are written as XML directly: the XML python-pptx's paragraph and run
    objects would write, at a fraction of their cost (most of a deck is text)."""
    lang = as_lang(lang)
    frame.word_wrap = True
    body = frame._txBody
    if body.tag == P_TXBODY:
        # Explicitly off: the master's normAutofit would otherwise be inherited, and each
        # client would rescale text we have already measured to fit (tables have no autofit).
        frame.auto_size = MSO_AUTO_SIZE.NONE
    frame.clear()
    first = body.find(A_P)
    iconic = any(para.icon for para in paras)  # icons stand in for bullets: all aligned
    for index, para in enumerate(paras):
        p = first if index == 0 else etree.SubElement(body, A_P)
        end = p.find(A_END)
        if end is not None:
            p.remove(end)  # runs go before it; put back last
        ppr = _ppr(p)
        if para.level > 0:
            ppr.set("lvl", str(min(para.level, 4)))
        elif "lvl" in ppr.attrib:
            del ppr.attrib["lvl"]
        _bullet(ppr, "plain" if iconic else para.style, lang)
        direction(p, para.style, lang)
        scale = LEVEL_SCALE[min(para.level, 2)]
        run_size = sizes[index] if sizes else (size * scale if size else None)
        run_colour = (colors[index] if colors else None) or color
        for run in isolate(para.runs, lang.rtl):
            r, rpr = _run(run.text)
            p.append(r)
            if run.bold or bold or para.style in ("question", "statement"):
                rpr.set("b", "1")
            if run.italic or para.style == "quote":
                rpr.set("i", "1")
            if run_size:
                rpr.set("sz", str(Pt(round(run_size * 2) / 2).centipoints))
            if run_colour:
                etree.SubElement(rpr, A_SOLID).append(colour_element(run_colour))
            tag_run(rpr, lang)
        if end is None:
            end = etree.Element(A_END)
        p.append(end)
        tag_run(end, lang)


P_TXBODY, A_P, A_PPR, A_R, A_RPR, A_T = (
    qn(t) for t in ("p:txBody", "a:p", "a:pPr", "a:r", "a:rPr", "a:t")
)
A_END, A_SOLID = qn("a:endParaRPr"), qn("a:solidFill")
_CONTROL = re.compile(r"([\x00-\x08\x0B-\x1F])")  # escaped as python-pptx does: _x0007_


def _escape(match: re.Match) -> str:
    return f"_x{ord(match.group(1)):04X}_"


def _run(text: str):
    """A new a:r with its a:rPr (for the caller to fill) and its text, control characters
    escaped as python-pptx escapes them."""
    r = etree.Element(A_R)
    rpr = etree.SubElement(r, A_RPR)
    etree.SubElement(r, A_T).text = _CONTROL.sub(_escape, text)
    return r, rpr


def place_copy(shapes, proto):
    """A copy of shape ``proto`` added to ``shapes`` under a shape id of its own: shapes the
    writer draws many times alike are drawn once and copied."""
    sp = deepcopy(proto)
    sp.nvSpPr.cNvPr.set("id", str(shapes._next_shape_id))
    shapes._spTree.insert_element_before(sp, "p:extLst")
    return sp


def _ppr(p):
    """A paragraph's a:pPr, which comes first in it."""
    ppr = p.find(A_PPR)
    if ppr is None:
        ppr = etree.Element(A_PPR)
        p.insert(0, ppr)
    return ppr


def colour_element(colour: str):
    """a:srgbClr for six hex digits, else a:schemeClr (accent1, tx1 …: follows the theme)."""
    if len(colour) == 6 and all(c in "0123456789abcdefABCDEF" for c in colour):
        return etree.Element(qn("a:srgbClr"), val=colour.upper())
    return etree.Element(qn("a:schemeClr"), val=colour)


def direction(p_element, style: str, lang: Lang) -> None:
    """Right-to-left paragraphs read and align from the right: rtl="1" algn="r" (centred
    text stays centred; an attribution, at the end of the line, goes to the left)."""
    if not lang.rtl:
        return
    ppr = _ppr(p_element)
    ppr.set("rtl", "1")
    ppr.set("algn", "ctr" if style in CENTRED else "l" if style == "attribution" else "r")


LRI, PDI = "\u2066", "\u2069"  # left-to-right isolate ... pop directional isolate


def isolate(runs, rtl: bool) -> list:
    """In a right-to-left paragraph, wrap each stretch of Latin text (a citation such as
    "G7.2", a number, a URL) in LRI…PDI so the bidi algorithm keeps its own order and does
    not pull neighbouring punctuation into it; Arabic runs are left as written."""
    if not rtl:
        return list(runs)
    from dataclasses import replace

    return [replace(run, text=isolate_text(run.text)) for run in runs]


def isolate_text(text: str) -> str:
    if LRI in text:
        return text
    return _LATIN.sub(lambda m: LRI + m.group(0) + PDI, text)


_LATIN_CHARS = r"A-Za-z0-9\u00C0-\u024F"
_LATIN = re.compile(rf"[{_LATIN_CHARS}](?:[{_LATIN_CHARS}.,:/%&+\-–—' ]*[{_LATIN_CHARS}%])?")


def tag_run(rpr, lang: Lang) -> None:
    """Language of a run (or end-of-paragraph mark) and, for Arabic, its complex-script font."""
    rpr.set("lang", lang.tag)
    if not lang.cs:
        return
    for old in rpr.findall(qn("a:cs")):
        rpr.remove(old)
    cs = etree.Element(qn("a:cs"), typeface=lang.cs)
    for later in ("a:sym", "a:hlinkClick", "a:hlinkMouseOver", "a:rtl", "a:extLst"):
        found = rpr.find(qn(later))
        if found is not None:
            found.addprevious(cs)
            return
    rpr.append(cs)


def _bullet(ppr, style: str, lang: Lang) -> None:
    if style in PLAIN:
        ppr.set("marL", "0")
        ppr.set("indent", "0")
        _child(ppr, "a:buNone")
        if style in CENTRED:
            ppr.set("algn", "ctr")
        elif style == "attribution":
            ppr.set("algn", "r")
    elif style == "tick":
        _child(ppr, "a:buFont", typeface=lang.bullet_font)
        _child(ppr, "a:buChar", char=TICK)
    elif style == "number":
        _child(ppr, "a:buAutoNum", type="arabicPeriod")
    elif style == "letters":
        ppr.set("indent", "0")
        _child(ppr, "a:buNone")


def _child(ppr, tag: str, **attrs: str) -> None:
    """Add a bullet element in schema order (bullet elements come before tabs/defRPr)."""
    element = etree.SubElement(ppr, qn(tag), attrib=attrs)
    for later in ("a:tabLst", "a:defRPr", "a:extLst"):
        found = ppr.find(qn(later))
        if found is not None:
            found.addprevious(element)
            break


def _rgb(value: str):
    from pptx.dml.color import RGBColor

    return RGBColor.from_string(value)


def add_notes(frame, notes: Sequence[str], lang: Lang | str) -> None:
    """Facilitator notes as speaker notes (into a notes page's text frame), one paragraph
    each, written as XML directly (as fill_paragraphs is)."""
    lang = as_lang(lang)
    frame.clear()
    body = frame._txBody
    first = body.find(A_P)
    for index, note in enumerate(notes):
        p = first if index == 0 else etree.SubElement(body, A_P)
        direction(p, "", lang)
        r, rpr = _run(note)
        tag_run(rpr, lang)
        end = p.find(A_END)
        if end is None:
            p.append(r)
        else:
            end.addprevious(r)


def add_slide_number(slide, prs, lang: Lang | str) -> None:
    """A slide-number field where the master keeps its slide-number placeholder: drawn
    once per deck, copied after with its own shape id and number."""
    number = str(len(prs.slides._sldIdLst))
    proto = getattr(prs, "_trainpack_number_sp", None)
    if proto is not None:
        place_copy(slide.shapes, proto).find(".//" + qn("a:fld")).find(A_T).text = number
        return
    box_at = _slide_number_box(prs)
    if box_at is None:
        return
    box = slide.shapes.add_textbox(*box_at)
    box.name = "Slide number"
    box.text_frame.auto_size = MSO_AUTO_SIZE.NONE  # python-pptx's default is spAutoFit
    p = box.text_frame.paragraphs[0]
    lang = as_lang(lang)
    p._p.get_or_add_pPr().set("algn", "r")
    if lang.rtl:
        p._p.get_or_add_pPr().set("rtl", "1")
    field = etree.SubElement(
        p._p, qn("a:fld"), id="{B6F15528-21DE-4FAA-801E-634DDDAF4B2B}", type="slidenum"
    )
    rpr = etree.SubElement(field, qn("a:rPr"), lang=lang.tag, sz="1200")
    fill = etree.SubElement(rpr, qn("a:solidFill"))
    etree.SubElement(fill, qn("a:srgbClr"), val="7A7A7A")
    etree.SubElement(field, qn("a:t")).text = number
    prs._trainpack_number_sp = deepcopy(box._element)


def _slide_number_box(prs) -> tuple[int, int, int, int] | None:
    """Where the master keeps its slide number, looked up once per presentation."""
    cached = getattr(prs, "_trainpack_number_box", False)
    if cached is False:
        holder = next(
            (
                p
                for p in prs.slide_master.placeholders
                if p.placeholder_format.type is not None and int(p.placeholder_format.type) == 13
            ),
            None,
        )
        cached = (holder.left, holder.top, holder.width, holder.height) if holder else None
        prs._trainpack_number_box = cached
    return cached if isinstance(cached, tuple) else None


def set_alt_text(shape, alt: str, decorative: bool) -> None:
    """Alt text lives in cNvPr/@descr; python-pptx has no API for it."""
    cnvpr = shape._element.find(".//" + qn("p:cNvPr"))
    cnvpr.set("descr", "" if decorative else alt)
    if decorative:
        cnvpr.set("title", "Decorative")


def style_connector(line) -> None:
    """A connector in the theme's first accent colour (the process boxes' fill, teal in the
    default theme) with an arrowhead at its end."""
    line.line.width = Emu(28575)
    ln = line._element.spPr.get_or_add_ln()
    fill = etree.SubElement(ln, qn("a:solidFill"))
    etree.SubElement(fill, qn("a:schemeClr"), val="accent1")
    etree.SubElement(ln, qn("a:tailEnd"), type="triangle", w="med", len="med")


def add_logo(slide, prs, path, rtl: bool = False) -> None:
    """The theme's logo, small, in the top corner where the reading starts' opposite
    (top-right; top-left on right-to-left slides), inside the slide, alt text "Logo"."""
    from PIL import Image

    with Image.open(path) as image:
        px_w, px_h = image.size
    max_w, max_h, margin = Emu(int(2.4 * 914400)), Emu(int(0.7 * 914400)), Emu(int(0.4 * 914400))
    scale = min(max_w / px_w, max_h / px_h)
    w, h = int(px_w * scale), int(px_h * scale)
    x = margin if rtl else prs.slide_width - margin - w
    shape = slide.shapes.add_picture(str(path), x, Emu(int(0.32 * 914400)), w, h)
    shape.name = "Logo"
    set_alt_text(shape, "Logo", False)


def theme_font(prs) -> str | None:
    """The master theme's body (minor) Latin font, e.g. Calibri or Arial."""
    from pptx.opc.constants import RELATIONSHIP_TYPE as RT

    try:
        root = etree.fromstring(prs.slide_master.part.part_related_by(RT.THEME).blob)
    except (KeyError, etree.XMLSyntaxError):
        return None
    latin = root.find(".//" + qn("a:minorFont") + "/" + qn("a:latin"))
    return latin.get("typeface") if latin is not None and latin.get("typeface") else None


def solid_accent(shape) -> None:
    """A flat fill in the theme's first accent colour, without the theme's default
    gradient and shadow (process boxes)."""
    from pptx.enum.dml import MSO_THEME_COLOR

    shape.fill.solid()
    shape.fill.fore_color.theme_color = MSO_THEME_COLOR.ACCENT_1
    shape.line.fill.background()
    shape.shadow.inherit = False


def mirror_layouts(prs) -> None:
    """Right-to-left decks on a left-to-right master: every shape and placeholder of the
    master and its layouts is reflected about the slide's vertical centre line, so edge
    bands, title rules, the picture and its caption, and text boxes change sides.  The
    sizes do not change, so text measured against them still fits."""
    width = int(prs.slide_width)
    owners = [prs.slide_master, *prs.slide_layouts]
    for owner in owners:
        tree = owner.element.find(qn("p:cSld") + "/" + qn("p:spTree"))
        for shape in tree:
            xfrm = next((x for x in shape.iter(qn("a:xfrm"), qn("p:xfrm"))), None)
            if xfrm is None:
                continue  # inherits its position from the master: mirrored there
            off, ext = xfrm.find(qn("a:off")), xfrm.find(qn("a:ext"))
            if off is None or ext is None:
                continue
            off.set("x", str(width - int(off.get("x")) - int(ext.get("cx"))))
