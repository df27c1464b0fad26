"""The build, stage by stage: tailor -> render everything -> write into staging -> publish.

Everything is rendered before the first byte is written, so a template error
never leaves a half-built pack; the engines are imported only for the formats
asked for.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from .errors import Problem
from .model import Course
from .outputs import OutputFile, read_manifest, staging
from .render import TEMPLATES, Renderer
from .tailor import Edition, tailor_course


class Reporter(Protocol):
    def stage(self, name: str, total: int) -> None: ...
    def advance(self, label: str) -> None: ...


@dataclass(frozen=True)
class BuildRequest:
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


def build_course(course: Course, request: BuildRequest, progress: Reporter) -> BuildResult:
    clock = time.perf_counter()
    edition = tailor_course(course, request.audience, request.modules, request.paper)
    renderer = Renderer(edition)
    want_pptx, want_pdf = "pptx" in request.formats, "pdf" in request.formats
    progress.stage("Rendering", len(edition.modules))
    decks, handouts = {}, {}
    for module in edition.modules:
        if want_pptx:
            decks[module.id] = renderer.deck(module)
        if want_pdf:
            handouts[module.id] = renderer.handout(module)
        progress.advance(module.title)
    # The guide covers the whole edition: a --modules build keeps the one already published.
    guide = renderer.guide() if want_pdf and not request.modules else None
    timings = {"render": time.perf_counter() - clock}
    complete = not request.modules and request.formats >= {"pptx", "pdf"}
    with staging(Path(request.out), edition.id) as stage:
        result = BuildResult(edition, stage.target, stage.files, timings=timings)
        if want_pptx:
            _write_decks(edition, decks, stage, progress, result)
        if want_pdf:
            _write_pdfs(edition, handouts, guide, stage, progress, result)
        folder = stage.publish(_manifest(course, edition, request, result), complete)
    result.folder = folder
    return result


def _write_decks(edition: Edition, decks: dict, stage, progress: Reporter,
                 result: BuildResult) -> None:
    from .writers.pptx import PptxWriter

    clock = time.perf_counter()
    writer = PptxWriter(_deck_template(edition))
    progress.stage("Writing slides", len(decks))
    for module in edition.modules:
        relative = f"slides/{module.folder}.pptx"
        written = writer.write(decks[module.id], stage.path(relative))
        result.slides += written.slides
        stage.record(relative, "deck", module.id)
        progress.advance(relative)
    result.timings["pptx"] = time.perf_counter() - clock


def _write_pdfs(edition: Edition, handouts: dict, guide: str | None, stage, progress: Reporter,
                result: BuildResult) -> None:
    from .writers.pdf import write_pdf

    clock = time.perf_counter()
    root = Path(edition.course.root)
    roots = [TEMPLATES, root]
    # Handouts resolve relative pictures from their module's folder.
    jobs = [(f"handouts/{m.folder}.pdf", handouts[m.id], "handout", m.id, m.title,
             root / m.folder, "handout/handout.html.j2") for m in edition.modules]
    if guide is not None:
        jobs.append(("facilitator-guide.pdf", guide, "guide", None, "Facilitator guide", root,
                     "guide/guide.html.j2"))
    progress.stage("Writing PDFs", len(jobs))
    for relative, html, kind, module_id, title, base, template in jobs:
        result.pages += write_pdf(html, stage.path(relative), base_dir=base,
                                  allowed_roots=roots, paper=edition.paper,
                                  title=f"{edition.course.info.title}: {title}",
                                  template=TEMPLATES / template, warnings=result.warnings)
        stage.record(relative, kind, module_id)
        progress.advance(relative)
    result.timings["pdf"] = time.perf_counter() - clock


def _deck_template(edition: Edition) -> Path:
    """A course folder may ship its own master (templates/deck/master.pptx)."""
    own = Path(edition.course.root) / "templates" / "deck" / "master.pptx"
    return own if own.is_file() else TEMPLATES / "deck" / "master.pptx"


def _manifest(course: Course, edition: Edition, request: BuildRequest,
              result: BuildResult) -> dict:
    info = edition.course.info
    modules, minutes = [m.id for m in edition.modules], edition.duration
    if request.modules:  # a partial build: the folder keeps the other modules' files too
        whole = tailor_course(course, request.audience, None, request.paper)
        kept = set(read_manifest(result.folder).get("modules", [])) | set(modules)
        modules = [m.id for m in whole.modules if m.id in kept]
        minutes = sum(m.duration for m in whole.modules if m.id in kept)
    return {"edition": edition.id, "audience": edition.audience.id, "course": info.title,
            "version": info.version, "paper": edition.paper, "modules": modules,
            "minutes": minutes}
