"""New slides and notes pages made from a prototype per layout.  Part of the PPTX writer.

python-pptx builds each new slide by re-reading its layout's placeholders, and each notes
page by cloning the notes master and walking every part of the package for a free name:
about two thirds of a deck's writing time.  The result for a given layout is always the
same XML, so the first slide of each layout (and the first notes page) is made by
python-pptx and later ones are deep copies of it, with the same shape ids and names.
"""

from __future__ import annotations

from copy import deepcopy
from typing import Any

from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.opc.constants import CONTENT_TYPE as CT
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.opc.packuri import PackURI
from pptx.oxml.ns import qn
from pptx.parts.slide import NotesSlidePart
from pptx.shapes.placeholder import PicturePlaceholder, SlidePlaceholder

NOTES_NAME = "/ppt/notesSlides/notesSlide%d.xml"
P_SP = qn("p:sp")
PH = "/".join((".", qn("p:nvSpPr"), qn("p:nvPr"), qn("p:ph")))
PICTURES = (PP_PLACEHOLDER.PICTURE, PP_PLACEHOLDER.BITMAP)


class SlideMaker:
    """Adds slides and notes pages to one presentation."""

    def __init__(self, prs: Any) -> None:
        self._prs = prs
        self._package = prs.part.package
        self._names = {str(part.partname) for part in self._package.iter_parts()}
        self._slide_shapes: dict[int, list] = {}  # layout element id -> cloned placeholders
        self._notes: Any = None  # a fresh notes page's XML, and its master's part
        self._last: dict[str, int] = {}  # the last number given per part-name template

    def add_slide(self, layout: Any) -> Any:
        """A slide with its layout's placeholders, as python-pptx's add_slide makes it."""
        key = id(layout._element)
        proto = self._slide_shapes.get(key)
        if proto is None:
            slide = self._prs.slides.add_slide(layout)
            self._slide_shapes[key] = [deepcopy(sp) for sp in _placeholders(slide)]
            slide.shapes.turbo_add_enabled = True  # later shape ids counted, not searched
            return slide
        slides = self._prs.slides
        rid, slide = slides.part.add_slide(layout)
        tree = slide.shapes._spTree
        for sp in proto:
            tree.append(deepcopy(sp))
        slides._sldIdLst.add_sldId(rid)
        slide.shapes.turbo_add_enabled = True
        return slide

    @staticmethod
    def placeholders(slide: Any) -> list[tuple[Any, int, Any]]:
        """(placeholder, idx, type) of a new slide's placeholders, in order: read with one
        lookup each (python-pptx repeats an xpath query for every property read)."""
        found = []
        for sp in slide.shapes._spTree.iterchildren(P_SP):
            ph = sp.find(PH)
            if ph is not None:
                kind = ph.type
                proxy = PicturePlaceholder if kind in PICTURES else SlidePlaceholder
                found.append((proxy(sp, slide.shapes), ph.idx, kind))
        return found

    def notes_frame(self, slide: Any) -> Any:
        """The notes text frame of a new slide, creating its notes page."""
        if self._notes is None:
            notes = slide.notes_slide  # the first through python-pptx
            self._names.add(str(notes.part.partname))
            master = notes.part.part_related_by(RT.NOTES_MASTER)
            self._notes = (deepcopy(notes._element), master)
            return notes.notes_text_frame
        element, master = self._notes
        part = NotesSlidePart(
            PackURI(self._free(NOTES_NAME)), CT.PML_NOTES_SLIDE, self._package, deepcopy(element)
        )
        part.relate_to(master, RT.NOTES_MASTER)
        part.relate_to(slide.part, RT.SLIDE)
        slide.part.relate_to(part, RT.NOTES_SLIDE)
        return part.notes_slide.notes_text_frame

    def _free(self, template: str) -> str:
        number = self._last.get(template, 0) + 1
        while template % number in self._names:
            number += 1
        name = template % number
        self._names.add(name)
        self._last[template] = number
        return name


def _placeholders(slide: Any) -> list:
    return [sp for sp in slide.shapes._spTree.iter_shape_elms() if sp.has_ph_elm]
