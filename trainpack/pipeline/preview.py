"""Previews of one edition, module by module: the slides with their notes, and the handout
HTML the PDF writer would print.

The slides are the PPTX writer's own pages: its pagination (the same continuation slides,
the same title and body sizes, as a build lays them out) drawn as HTML by
render.slides_html.  Nothing is written anywhere."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup

from trainpack.core.model import Course
from trainpack.pipeline.build import BuildRequest, prepare_edition
from trainpack.pipeline.job_kinds import deck_setup
from trainpack.pipeline.jobs import lay_out
from trainpack.render.deckspec import DeckSpec, SlideSpec
from trainpack.render.renderer import Renderer
from trainpack.render.slides_html import Picture, deck_css, slide_face

_WRITING = threading.Lock()  # the writers are cached per theme and keep per-deck state
_LAID_OUT: dict[tuple, list[SlideSpec]] = {}


@dataclass(frozen=True)
class SlidePreview:
    number: int
    title: str
    html: Markup  # the slide's face
    notes: tuple[str, ...]
    path: str  # the file the slide was written in (module.yaml), "" if unknown
    line: int | None


class Preview:
    """One edition ready to show; build a new one when the course changes."""

    def __init__(self, course: Course, edition_id: str | None) -> None:
        self.edition = prepare_edition(course, BuildRequest(edition=edition_id))
        self.renderer = Renderer(self.edition)

    @property
    def modules(self) -> list[tuple[str, str, str]]:
        """(id, title, folder) of each module, in teaching order."""
        return [(m.id, m.title, m.folder) for m in self.edition.modules]

    @property
    def css(self) -> str:
        return deck_css(self.edition.theme)

    @property
    def roots(self) -> list[Path]:
        """Folders a preview may load pictures, stylesheets and fonts from."""
        theme = self.edition.theme
        return [Path(self.edition.course.root), *([theme.folder] if theme else [])]

    def slides(self, module_id: str, picture: Picture | None = None) -> list[SlidePreview]:
        module = next(m for m in self.edition.modules if m.id == module_id)
        deck = self.renderer.deck(module)
        pages = self._pages(deck)
        return [
            SlidePreview(
                number,
                spec.title_text,
                slide_face(spec, number, deck.direction, picture, self.edition.theme),
                tuple(spec.notes),
                str(spec.origin.path) if spec.origin else "",
                spec.origin.line if spec.origin else None,
            )
            for number, spec in enumerate(pages, 1)
        ]

    def _pages(self, deck: DeckSpec) -> list[SlideSpec]:
        """The slides as the PPTX writer lays them out (raises its BuildError on overflow);
        a deck whose specs did not change is not laid out again."""
        setup = deck_setup(self.edition)
        key = (setup, repr(deck))
        with _WRITING:
            if key not in _LAID_OUT:
                if len(_LAID_OUT) > 200:
                    _LAID_OUT.clear()
                _LAID_OUT[key] = list(lay_out(setup, deck).slides)
            return _LAID_OUT[key]

    def handout(self, module_id: str) -> str:
        module = next(m for m in self.edition.modules if m.id == module_id)
        return self.renderer.handout(module)
