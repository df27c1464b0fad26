"""Stage 4: tailored course -> deck HTML (parsed into DeckSpec) and handout/guide HTML.

One Jinja environment with StrictUndefined and autoescape.  Content is passed to
templates as data and turned into markup only by our Markdown filters, so text
like ``{{ 7*7 }}`` in a module is printed literally.  A course folder may hold a
``templates/`` folder whose files override ours one by one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2
import jinja2.bccache
from markdown_it import MarkdownIt
from markupsafe import Markup

from trainpack.core.docprops import DocProperties, course_date
from trainpack.core.icons import icon_dirs
from trainpack.core.model import ActivitySlide, Course, Module
from trainpack.core.resources import TEMPLATES
from trainpack.render.deckspec import DeckSpec, Run, SlideSpec, parse_deck
from trainpack.render.i18n import template_translations
from trainpack.render.printed import printed_context
from trainpack.render.sandbox import TemplateSandbox, render_bounded
from trainpack.render.slides_html import slide_face, slide_mark
from trainpack.render.template_errors import template_error
from trainpack.render.typography import typeset_html, typeset_text
from trainpack.render.walk import walk_deck
from trainpack.tailor.edition import Edition

_TAG_OR_TEXT = re.compile(r"(<[^>]*>)")
_LONG_TOKEN = re.compile(r"[^\s<>]{30,}")
_BREAK_AFTER = re.compile(r"(?<=[/?=_.\-])(?=[^\s/?=_.\-])")


def breakable(html: str) -> str:
    """Offer a line break (``<wbr>``) after / ? = _ . - inside long tokens such as URLs."""
    if not _LONG_TOKEN.search(html):
        return html
    parts = _TAG_OR_TEXT.split(html)
    for index in range(0, len(parts), 2):  # even parts are text, odd parts are tags
        parts[index] = _LONG_TOKEN.sub(lambda m: _BREAK_AFTER.sub("<wbr>", m[0]), parts[index])
    return "".join(parts)


@lru_cache(maxsize=1)
def _markdown() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": False, "typographer": False}).enable("table")


def markdown_block(text: str) -> Markup:
    """Handout prose: full Markdown, raw HTML switched off (it shows as text)."""
    return Markup(breakable(_markdown().render(text or "")))


def markdown_inline(text: str) -> Markup:
    """Slide and list text: **bold**, *italic*, `code`, links."""
    return Markup(_markdown().renderInline(text or ""))  # also slides: no <wbr> there


class _DeferredBytecode(jinja2.FileSystemBytecodeCache):
    """Compiled templates are read from ``folder`` and written there only by ``save()``."""

    def __init__(self, folder: Path) -> None:
        super().__init__(str(folder))
        self.folder = Path(folder)
        self.pending: list[jinja2.bccache.Bucket] = []

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if self.folder.is_dir():
            super().load_bytecode(bucket)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.pending.append(bucket)

    def save(self) -> None:
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            for bucket in self.pending:
                super().dump_bytecode(bucket)
        except OSError:
            pass  # a cache that cannot be written is only slower
        self.pending.clear()


_BYTECODE: list[_DeferredBytecode] = []


def use_bytecode_cache(folder: Path | None) -> None:
    """Keep compiled templates in ``folder`` (checked against each template's source), so a
    build with nothing to write does not spend its time compiling Jinja."""
    _BYTECODE[:] = [_DeferredBytecode(Path(folder))] if folder is not None else []


def save_bytecode_cache() -> None:
    for cache in _BYTECODE:
        cache.save()


@dataclass(frozen=True)
class PlanRow:
    """One row of a module's timed session plan."""

    start: int
    section: Any
    activities: list[Any]


def session_plan(module: Module) -> list[PlanRow]:
    """Sections with their start offsets (minutes from the module's start)."""
    rows, start = [], 0
    by_id = {a.id: a for a in module.activities}
    for section in module.sections:
        used = [
            by_id[s.activity]
            for s in section.slides
            if isinstance(s, ActivitySlide) and s.activity in by_id
        ]
        rows.append(PlanRow(start, section, used))
        start += section.duration
    return rows


def where(obj: Any) -> str:
    """``path:line`` of a content object, for data-origin attributes in the deck HTML."""
    origin = getattr(obj, "origin", None)
    return f"{origin.path}:{origin.line or ''}" if origin else ""


def first_sentences(text: str, words: int = 25) -> str:
    """A case card's fallback when it has no ``card:``: whole sentences from the story's
    start, up to about ``words`` words (the first sentence cut with … if it is longer)."""
    sentences = re.split(r"(?<=[.!?])\s+", " ".join((text or "").split()))
    out: list[str] = []
    for sentence in sentences:
        if out and len(" ".join([*out, sentence]).split()) > words:
            break
        out.append(sentence)
    short = " ".join(out).split()
    return " ".join(short[:words]) + ("…" if len(short) > words else "")


def hhmm(minutes: int) -> str:
    return f"{minutes // 60}:{minutes % 60:02d}"


def source_refs(course: Course, cites: list[str]) -> list[dict[str, Any]]:
    """Citations in source order with their headings and pages."""
    sections = course.source_sections()
    order = list(sections)
    return [
        {
            "id": c,
            "heading": sections[c].heading,
            "page": sections[c].page,
            "note": sections[c].note or ("" if sections[c].confirmed else "not confirmed"),
        }
        for c in sorted(set(cites), key=lambda c: order.index(c) if c in order else 999)
        if c in sections
    ]


def _continued(spec: SlideSpec, suffix: str) -> SlideSpec:
    """A continuation slide shows its title with "(continued)", as the PPTX does."""
    if not spec.continued or not suffix.strip() or suffix.strip() in spec.title_text:
        return spec
    return replace(spec, title=[*spec.title, Run(suffix)])


def _file_url(path: Path) -> str | None:
    """A slide's picture for the PDF writer (its sandbox decides what may be read)."""
    return path.resolve().as_uri() if path.is_file() else None


class Renderer:
    """Renders one edition through the template chain (course overrides, then ours)."""

    def __init__(self, edition: Edition, extra_dirs: list[Path] | None = None) -> None:
        self.edition = edition
        self._faces: dict[int, list[Markup]] = {}
        self.decks: dict[str, DeckSpec] = {}
        dirs = [*(extra_dirs or []), Path(edition.course.root) / "templates", TEMPLATES]
        self.dirs = [d for d in dirs if d.is_dir()]
        self.env = TemplateSandbox(
            loader=jinja2.FileSystemLoader([str(d) for d in self.dirs]),
            undefined=jinja2.StrictUndefined,
            autoescape=True,
            trim_blocks=True,
            lstrip_blocks=True,
            extensions=["jinja2.ext.i18n"],
            bytecode_cache=_BYTECODE[0] if _BYTECODE else None,
        )
        language = edition.language.code if edition.language else ""
        translations = template_translations(language, self.dirs)
        self._gettext = translations.gettext
        self.env.install_gettext_translations(translations, newstyle=True)  # type: ignore
        self.env.filters.update(
            md=markdown_block,
            inline=markdown_inline,
            hhmm=hhmm,
            where=where,
            first_sentences=first_sentences,
        )
        course = edition.course
        self.env.globals.update(
            course=course,
            info=course.info,
            edition=edition,
            audience=edition.audience,
            source=course.sources[0] if course.sources else None,
            session_plan=session_plan,
            module_cites=Module.all_cites,
            refs=lambda cites: source_refs(course, cites),
            letters=translations.gettext("ABCDEFGH"),
            asset=self.asset,
            lang=edition.lang,
            dir=edition.direction,
            agenda=edition.agenda,
            country=edition.country,
            clock_of=self.clock_of,
            breaks_after=self.breaks_after,
            **printed_context(edition),  # pre/post items, drafts, dates (render/printed.py)
            theme_css=self._theme_css(),
            large_print=False,
            sources_appendix=False,
        )

    def _theme_css(self) -> Markup:
        """CSS from the edition's theme tokens, placed after print.css in every PDF."""
        if self.edition.theme is None:
            return Markup("")
        from trainpack.render.theme_css import theme_css

        return Markup(theme_css(self.edition.theme))

    def clock_of(self, module: Module, section: Any) -> str:
        """The section's clock time on the edition's schedule, or '' without one."""
        agenda = self.edition.agenda
        slot = agenda.start_of(module, section) if agenda else None
        return slot.start_text if slot else ""

    def breaks_after(self, module: Module, section: Any) -> list[Any]:
        """The breaks (and lunch) that follow a section on the schedule: rows in its plan."""
        agenda = self.edition.agenda
        if agenda is None:
            return []
        for day in agenda.days:
            slots = day.slots
            for i, slot in enumerate(slots):
                if (
                    slot.module is not None
                    and slot.module.id == module.id
                    and (slot.section is not None and slot.section.id == section.id)
                ):
                    found = []
                    for later in slots[i + 1 :]:
                        if later.kind != "break":
                            break
                        found.append(later)
                    return found
        return []

    def asset(self, name: str) -> str:
        """file: URL of a template asset (print.css, fonts/…), course overrides first."""
        for folder in self.dirs:
            path = (folder / str(name)).resolve()
            if path.is_relative_to(folder.resolve()) and path.is_file():
                return path.as_uri()
        raise jinja2.TemplateRuntimeError(f"template asset not found: {name}")

    def deck(self, module: Module) -> DeckSpec:
        html = self._render("deck/deck.html.j2", f"the deck of module '{module.id}'", module=module)
        deck = parse_deck(html, module, Path(self.edition.course.root) / module.folder)
        deck.language, deck.direction = self.edition.lang, self.edition.direction
        deck.continued = self._gettext("%(title)s (continued)") % {"title": ""}
        deck.continued_note = self._gettext("Continued from the previous slide.")
        deck.properties = self.properties(module.title)
        self.decks[module.id] = deck  # the guide walks them
        return deck

    def properties(self, title: str) -> DocProperties:
        """File properties from course.yaml: never the clock, never a library's defaults."""
        info = self.edition.course.info
        return DocProperties(
            title=title,
            subject=info.title,
            author=info.author or info.organisation or "",
            organisation=info.organisation or "",
            language=self.edition.lang,
            date=course_date(info.date, info.version),
            keywords=self.edition.id,
        )

    def handout(self, module: Module, large_print: bool = False) -> str:
        return self._render(
            "handout/handout.html.j2",
            f"the handout of module '{module.id}'",
            module=module,
            large_print=large_print,
        )

    def agenda_sheet(self) -> str:
        return self._render("agenda/agenda.html.j2", "the agenda")

    def guide(self, decks: dict[str, DeckSpec] | None = None) -> str:
        """The guide; with the decks, "Delivering the module" walks them slide by slide."""
        decks = decks if decks is not None else self.decks
        walks = {
            m.id: walk_deck(m, decks[m.id], self.slide_pictures(decks[m.id], place))
            for place, m in enumerate(self.walked_modules(decks), 1)
        }
        return self._render(
            "guide/guide.html.j2", "the facilitator guide", walks=walks, sources_appendix=True
        )

    def gettext(self, message: str) -> str:
        """A template string in the edition's language (PDF titles, labels)."""
        return typeset_text(self._gettext(message), self.edition.lang)

    def walked_modules(self, decks: dict[str, DeckSpec] | None = None) -> list[Module]:
        """The modules whose decks the guide walks, in order: its slide marks count their
        slides PDFs in this order."""
        decks = decks if decks is not None else self.decks
        return [m for m in self.edition.modules if m.id in decks]

    def slide_pictures(self, deck: DeckSpec, place: int = 1) -> list[Markup]:
        """A mark for each slide where a printed page shows it: the PDF writer places the
        ``place``-th slides PDF's pages there, so a slide is drawn once, not once a page."""
        label = self._gettext("Slide")
        return [
            slide_mark(_continued(s, deck.continued), n, place, label)
            for n, s in enumerate(deck.slides, 1)
        ]

    def faces(self, deck: DeckSpec) -> list[Markup]:
        """Every slide of a deck drawn as HTML, for its slides PDF (cached)."""
        key = id(deck)
        if key not in self._faces:
            label = self._gettext("Slide")
            self._faces[key] = [
                slide_face(
                    _continued(s, deck.continued),
                    n,
                    deck.direction,
                    _file_url,
                    self.edition.theme,
                    label,
                    icon_dirs(self.edition.course.root),
                )
                for n, s in enumerate(deck.slides, 1)
            ]
        return self._faces[key]

    def slide_pages(self, module: Module, deck: DeckSpec, title: str, template: str) -> str:
        """The deck's slides through ``template``: ``slides/slides.html.j2`` (the slides PDF,
        one 16:9 page per slide, drawn) or ``slides/handout.html.j2`` (three slides a page,
        each with lines for notes: marks where the slides PDF's pages go)."""
        handout = template.endswith("handout.html.j2")
        return self._render(
            template,
            f"the {'slide handout' if handout else 'slides PDF'} of module '{module.id}'",
            module=module,
            faces=self.slide_pictures(deck) if handout else self.faces(deck),
            title=title,
        )

    def _render(self, name: str, what: str, **context: Any) -> str:
        """Render in the sandbox; a template's mistake is reported at its file:line."""
        try:
            html = render_bounded(self.env.get_template(name), self.env, context)
        except Exception as exc:
            own = Path(self.edition.course.root) / "templates"
            error = template_error(exc, name, what, self.dirs, own)
            if error is None:
                raise
            raise error from None
        return typeset_html(html, self.edition.lang)
