"""Which deck slides show which content slide: the facilitator guide walks the deck with it.

Every slide in the deck HTML carries ``data-origin`` (the module.yaml line it came from), so
the final slide list (continuations included) maps back onto the module's slides: slides the
deck template adds (title, content warning, objectives, agenda) open the module, the quiz and
key messages close it, and each content slide gets the numbers of the slides that show it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup

from trainpack.core.model import Module
from trainpack.render.deckspec import DeckSpec, SlideSpec


@dataclass(frozen=True)
class SlideRef:
    number: int
    face: Markup
    spec: SlideSpec


@dataclass
class DeckWalk:
    opening: list[SlideRef] = field(default_factory=list)
    closing: list[SlideRef] = field(default_factory=list)
    shown: dict[str, list[SlideRef]] = field(default_factory=dict)
    total: int = 0

    def of(self, slide: Any) -> list[SlideRef]:
        """The deck slides that show a content slide (none if it was left out)."""
        return self.shown.get(_key(getattr(slide, "origin", None)), [])


def _key(origin: Any) -> str:
    return f"{origin.path}:{origin.line or ''}" if origin else ""


def walk_deck(module: Module, deck: DeckSpec, faces: list[Markup]) -> DeckWalk:
    content = {
        _key(getattr(s, "origin", None)) for section in module.sections for s in section.slides
    }
    content.discard("")
    walk = DeckWalk(total=len(deck.slides))
    started = False
    for number, (spec, face) in enumerate(zip(deck.slides, faces, strict=True), 1):
        key = _key(spec.origin)
        ref = SlideRef(number, face, spec)
        if key in content:
            started = True
            walk.shown.setdefault(key, []).append(ref)
        elif started:
            walk.closing.append(ref)
        else:
            walk.opening.append(ref)
    return walk
