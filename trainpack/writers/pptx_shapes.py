"""Small, audited raw-XML helpers the python-pptx API lacks: paragraph styles, language
tags, alt text, slide-number fields, arrowheads.  Part of the PPTX writer."""
from __future__ import annotations

from typing import Sequence

from lxml import etree
from pptx.enum.text import MSO_AUTO_SIZE
from pptx.oxml.ns import qn
from pptx.util import Emu, Pt

from ..deckspec import Para

ACCENT, INK = "2F6F73", "333333"
TICK = "\u25a1"   # white square: present in Calibri and Carlito


def fill_paragraphs(frame, paras: Sequence[Para], size: float | None, lang: str,
                    bold: bool = False, color: str | None = None) -> None:
    """Replace a text frame's text with ``paras``, keeping the placeholder's own styles
    except where fitting chose a size or a paragraph needs its own bullet."""
    frame.word_wrap = True
    if frame._txBody.tag == qn("p:txBody"):
        # Explicitly off: the master's normAutofit would otherwise be inherited, and each
        # client would rescale text we have already measured to fit (tables have no autofit).
        frame.auto_size = MSO_AUTO_SIZE.NONE
    frame.clear()
    for index, para in enumerate(paras):
        p = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
        p.level = min(para.level, 4)
        _bullet(p, para.style)
        scale = (1.0, 0.83, 0.75)[min(para.level, 2)]
        if para.style == "center-small":
            scale = 0.75
        for run in para.runs:
            r = p.add_run()
            r.text = run.text
            if run.bold or bold:
                r.font.bold = True
            if run.italic or para.style == "quote":
                r.font.italic = True
            if size:
                r.font.size = Pt(round(size * scale * 2) / 2)
            if color:
                r.font.color.rgb = _rgb(color)
            r._r.get_or_add_rPr().set("lang", lang)
        end = p._p.get_or_add_endParaRPr()
        end.set("lang", lang)


def _bullet(p, style: str) -> None:
    ppr = p._p.get_or_add_pPr()
    if style in ("plain", "quote", "attribution", "question", "center", "center-small"):
        ppr.set("marL", "0")
        ppr.set("indent", "0")
        _child(ppr, "a:buNone")
        if style in ("center", "center-small"):
            ppr.set("algn", "ctr")
        elif style == "attribution":
            ppr.set("algn", "r")
    elif style == "tick":
        _child(ppr, "a:buFont", typeface="Calibri")
        _child(ppr, "a:buChar", char=TICK)
    elif style == "number":
        _child(ppr, "a:buAutoNum", type="arabicPeriod")
    elif style == "letters":
        ppr.set("indent", "0")
        _child(ppr, "a:buNone")


def _child(ppr, tag: str, **attrs: str) -> None:
    """Add a bullet element in schema order (bullet elements come before tabs/defRPr)."""
    element = etree.SubElement(ppr, qn(tag), **attrs)
    for later in ("a:tabLst", "a:defRPr", "a:extLst"):
        found = ppr.find(qn(later))
        if found is not None:
            found.addprevious(element)
            break


def _rgb(value: str):
    from pptx.dml.color import RGBColor

    return RGBColor.from_string(value)


def add_notes(slide, notes: Sequence[str], lang: str) -> None:
    """Facilitator notes as speaker notes, one paragraph each."""
    if not notes:
        return
    frame = slide.notes_slide.notes_text_frame
    frame.clear()
    for index, note in enumerate(notes):
        p = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
        run = p.add_run()
        run.text = note
        run._r.get_or_add_rPr().set("lang", lang)


def add_slide_number(slide, prs, lang: str) -> None:
    """A slide-number field where the master keeps its slide-number placeholder."""
    box_at = _slide_number_box(prs)
    if box_at is None:
        return
    box = slide.shapes.add_textbox(*box_at)
    box.name = "Slide number"
    box.text_frame.auto_size = MSO_AUTO_SIZE.NONE  # python-pptx's default is spAutoFit
    p = box.text_frame.paragraphs[0]
    p._p.get_or_add_pPr().set("algn", "r")
    field = etree.SubElement(p._p, qn("a:fld"), id="{B6F15528-21DE-4FAA-801E-634DDDAF4B2B}",
                             type="slidenum")
    rpr = etree.SubElement(field, qn("a:rPr"), lang=lang, sz="1200")
    fill = etree.SubElement(rpr, qn("a:solidFill"))
    etree.SubElement(fill, qn("a:srgbClr"), val="7A7A7A")
    etree.SubElement(field, qn("a:t")).text = str(len(prs.slides._sldIdLst))


def _slide_number_box(prs) -> tuple[int, int, int, int] | None:
    """Where the master keeps its slide number, looked up once per presentation."""
    cached = getattr(prs, "_trainpack_number_box", False)
    if cached is False:
        holder = next((p for p in prs.slide_master.placeholders
                       if p.placeholder_format.type is not None
                       and int(p.placeholder_format.type) == 13), None)
        cached = (holder.left, holder.top, holder.width, holder.height) if holder else None
        prs._trainpack_number_box = cached
    return cached


def set_alt_text(shape, alt: str, decorative: bool) -> None:
    """Alt text lives in cNvPr/@descr; python-pptx has no API for it."""
    cnvpr = shape._element.find(".//" + qn("p:cNvPr"))
    cnvpr.set("descr", "" if decorative else alt)
    if decorative:
        cnvpr.set("title", "Decorative")


def style_connector(line) -> None:
    """A teal connector with an arrowhead at its end."""
    line.line.color.rgb = _rgb(ACCENT)
    line.line.width = Emu(28575)
    ln = line._element.spPr.get_or_add_ln()
    etree.SubElement(ln, qn("a:tailEnd"), type="triangle", w="med", len="med")
