"""The build, stage by stage: tailor -> render everything -> write into staging -> publish.

Everything is rendered before the first byte is written, so a template error
never leaves a half-built pack; the engines are imported only for the formats
asked for.
"""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Protocol

from trainpack.core.errors import Problem, problem
from trainpack.core.model import Course
from trainpack.load.course import THEMES
from trainpack.pipeline.assets import check_deck_assets
from trainpack.publish.failures import output_error
from trainpack.publish.outputs import OutputFile, read_manifest, staging
from trainpack.render.renderer import TEMPLATES, Renderer
from trainpack.tailor.edition import Edition, edition_spec, tailor_edition
from trainpack.validate.theme import course_theme


class Reporter(Protocol):
    def stage(self, name: str, total: int) -> None: ...
    def advance(self, label: str) -> None: ...


@dataclass(frozen=True)
class BuildRequest:
    edition: str | None = None
    audience: str | None = None
    modules: list[str] | None = None
    formats: set[str] = field(default_factory=lambda: {"pptx", "pdf"})
    paper: str | None = None
    out: Path = Path("output")


@dataclass
class BuildResult:
    edition: Edition
    folder: Path
    files: list[OutputFile]
    slides: int = 0
    pages: int = 0
    warnings: list[Problem] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)


def prepare_edition(course: Course, request: BuildRequest) -> Edition:
    """Tailor the requested edition, with its theme loaded (themes are files: I/O is here)."""
    spec = edition_spec(course, request.edition, request.audience)
    return tailor_edition(
        course, spec, request.modules, request.paper, course_theme(course, spec.theme)
    )


def build_course(course: Course, request: BuildRequest, progress: Reporter) -> BuildResult:
    clock = time.perf_counter()
    edition = prepare_edition(course, request)
    renderer = Renderer(edition)
    want_pptx, want_pdf = "pptx" in request.formats, "pdf" in request.formats
    progress.stage("Rendering", len(edition.modules))
    decks, handouts, large = {}, {}, {}
    for module in edition.modules:
        decks[module.id] = renderer.deck(module)  # the PPTX, the slides PDF and the guide
        if want_pdf:
            handouts[module.id] = renderer.handout(module)
            if edition.large_print:
                large[module.id] = renderer.handout(module, large_print=True)
        progress.advance(module.title)
    # The guide covers the whole edition: a --modules build keeps the one already published.
    whole = want_pdf and not request.modules
    extras: dict[str, str] = {}
    if whole and edition.agenda is not None:
        extras["agenda.pdf"] = renderer.agenda_sheet()
    timings = {"render": time.perf_counter() - clock}
    complete = not request.modules and request.formats >= {"pptx", "pdf"}
    try:
        with staging(Path(request.out), edition.id, _say) as stage:
            result = BuildResult(
                edition, stage.target, stage.files, warnings=list(edition.warnings), timings=timings
            )
            if want_pptx:
                _write_decks(edition, decks, stage, progress, result)
            if want_pdf:
                # Drawn from the deck's final slide list, so "Slide N" matches the PPTX.
                clock = time.perf_counter()
                slide_docs = _slide_documents(renderer, edition, decks)
                if whole:
                    extras = {"facilitator-guide.pdf": renderer.guide(decks), **extras}
                result.timings["render"] += time.perf_counter() - clock
                _write_pdfs(
                    renderer, edition, handouts, large, extras, slide_docs, stage, progress, result
                )
            folder = stage.publish(_manifest(course, edition, request, result), complete)
            result.warnings += [
                problem(folder, None, None, n, severity="warning") for n in stage.notes
            ]
    except OSError as exc:
        error = output_error(exc, Path(request.out))
        if error is None:
            raise
        raise error from None
    result.folder = folder
    return result


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _write_decks(
    edition: Edition, decks: dict, stage, progress: Reporter, result: BuildResult
) -> None:
    from trainpack.core.icons import icon_dirs
    from trainpack.render.vocabulary import check_layouts
    from trainpack.write.pptx.writer import LAYOUTS, PptxWriter

    check_layouts(decks.values(), LAYOUTS, _template_dirs(edition))
    theme = edition.theme
    master = _deck_template(edition, theme.master if theme else None)
    check_deck_assets(
        edition.course.root, decks.values(), master, theme.pack_logo if theme else None
    )

    clock = time.perf_counter()
    theme = edition.theme
    icons = icon_dirs(edition.course.root)
    if theme is None:
        writer = PptxWriter(_deck_template(edition), icon_dirs=icons)
    else:
        writer = PptxWriter(
            _deck_template(edition, theme.master),
            fonts=theme.font_files,
            logo=theme.pack_logo,
            rtl=edition.direction == "rtl",
            colors=theme.colors,
            icon_dirs=icons,
        )
    progress.stage("Writing slides", len(decks))
    for module in edition.modules:
        relative = f"slides/{module.folder}.pptx"
        written = writer.write(decks[module.id], stage.path(relative))
        if written.pages:  # continuations included: the slides PDF and guide match the PPTX
            decks[module.id] = replace(decks[module.id], slides=list(written.pages))
        result.slides += written.slides
        stage.record(relative, "deck", module.id)
        progress.advance(relative)
    result.timings["pptx"] = time.perf_counter() - clock


def _slide_documents(renderer: Renderer, edition: Edition, decks: dict) -> list[tuple]:
    """Per module: its slides as a PDF (one 16:9 page a slide) and its slide handout."""
    docs = []
    course = edition.course.info.title
    for m in edition.modules:
        deck = decks[m.id]
        title = f"{course}: {m.title}"
        docs.append(
            (
                f"slides/{m.folder}.pdf",
                renderer.slides_document(m, deck, title),
                "slides-pdf",
                m.id,
                m.title,
                "slides/slides.html.j2",
            )
        )
        title = f"{m.title}: {renderer.gettext('Slides and notes')}"
        docs.append(
            (
                f"handouts/slides/{m.folder}.pdf",
                renderer.slide_handout(m, deck, title),
                "slide-handout",
                m.id,
                title,
                "slides/handout.html.j2",
            )
        )
    return docs


def _write_pdfs(
    renderer: Renderer,
    edition: Edition,
    handouts: dict,
    large: dict,
    extras: dict,
    slide_docs: list[tuple],
    stage,
    progress: Reporter,
    result: BuildResult,
) -> None:
    from trainpack.write.pdf.writer import write_pdf

    clock = time.perf_counter()
    root = Path(edition.course.root)
    roots = [TEMPLATES, root] + ([edition.theme.folder] if edition.theme else [])
    # Handouts resolve relative pictures from their module's folder.
    handout = "handout/handout.html.j2"
    jobs: list[tuple[str, str, str, str | None, str, Path, str]] = [
        (
            f"handouts/{m.folder}.pdf",
            handouts[m.id],
            "handout",
            m.id,
            m.title,
            root / m.folder,
            handout,
        )
        for m in edition.modules
    ]
    jobs += [
        (
            f"handouts/large-print/{m.folder}.pdf",
            large[m.id],
            "handout-large-print",
            m.id,
            m.title,
            root / m.folder,
            handout,
        )
        for m in edition.modules
        if m.id in large
    ]
    for relative, html in extras.items():
        kind = relative.removesuffix(".pdf").removeprefix("facilitator-")
        jobs.append(
            (
                relative,
                html,
                kind,
                None,
                renderer.gettext({"guide": "Facilitator guide"}.get(kind, "Agenda")),
                root,
                f"{kind}/{kind}.html.j2",
            )
        )
    jobs += [
        (relative, html, kind, module_id, title, root, template)
        for relative, html, kind, module_id, title, template in slide_docs
    ]
    progress.stage("Writing PDFs", len(jobs))
    for relative, html, kind, module_id, title, base, template in jobs:
        result.pages += write_pdf(
            html,
            stage.path(relative),
            base_dir=base,
            allowed_roots=roots,
            paper=edition.paper,
            title=f"{edition.course.info.title}: {title}",
            lang=edition.lang,
            template=TEMPLATES / template,
            warnings=result.warnings,
            properties=renderer.properties(f"{edition.course.info.title}: {title}"),
            sources=_markdown_files(root, base, edition),
        )
        stage.record(relative, kind, module_id)
        progress.advance(relative)
    result.timings["pdf"] = time.perf_counter() - clock


def _markdown_files(root: Path, base: Path, edition: Edition) -> list[Path]:
    """The prose files a PDF's warnings may point at: its module's, or every module's."""
    folders = [base] if base != root else [root / m.folder for m in edition.modules]
    return [f / name for f in folders for name in ("handout.md", "facilitator.md")]


def _template_dirs(edition: Edition) -> list[Path]:
    return [d for d in (Path(edition.course.root) / "templates", TEMPLATES) if d.is_dir()]


def _deck_template(edition: Edition, theme_master: Path | None = None) -> Path:
    """A course folder's own master (templates/deck/master.pptx) wins, then the theme's."""
    own = Path(edition.course.root) / "templates" / "deck" / "master.pptx"
    if own.is_file():
        return own
    return theme_master or THEMES / "default" / "master.pptx"


def _manifest(course: Course, edition: Edition, request: BuildRequest, result: BuildResult) -> dict:
    info = edition.course.info
    modules, minutes = [m.id for m in edition.modules], edition.duration
    if request.modules:  # a partial build: the folder keeps the other modules' files too
        whole = prepare_edition(
            course,
            BuildRequest(request.edition, request.audience, None, request.formats, request.paper),
        )
        kept = set(read_manifest(result.folder).get("modules", [])) | set(modules)
        modules = [m.id for m in whole.modules if m.id in kept]
        minutes = sum(m.duration for m in whole.modules if m.id in kept)
    return {
        "edition": edition.id,
        "name": edition.name,
        "audience": edition.audience.id,
        "country": edition.country.id if edition.country else None,
        "language": edition.lang,
        "theme": edition.theme.id if edition.theme else None,
        "course": info.title,
        "version": info.version,
        "paper": edition.paper,
        "modules": modules,
        "minutes": minutes,
        "dropped_sections": [f"{m.id}/{s.id}" for m, s in edition.agenda.dropped]
        if edition.agenda
        else [],
    }
