"""Previews of one edition, module by module: the slides (drawn from the same DeckSpec and
theme the PPTX writer uses, by render.slides_html) with their notes, and the handout HTML
the PDF writer would print.  Nothing is written to disk."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup

from trainpack.core.model import Course
from trainpack.pipeline.build import BuildRequest, prepare_edition
from trainpack.render.renderer import Renderer
from trainpack.render.slides_html import Picture, deck_css, slide_html


@dataclass(frozen=True)
class SlidePreview:
    number: int
    title: str
    html: Markup
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
        return [
            SlidePreview(
                number,
                spec.title_text,
                slide_html(spec, number, deck.direction, picture),
                str(spec.origin.path) if spec.origin else "",
                spec.origin.line if spec.origin else None,
            )
            for number, spec in enumerate(deck.slides, 1)
        ]

    def handout(self, module_id: str) -> str:
        module = next(m for m in self.edition.modules if m.id == module_id)
        return self.renderer.handout(module)
