"""The build, stage by stage: tailor -> render everything -> write into staging -> publish.

Everything is rendered before the first byte is written, so a template error
never leaves a half-built pack; the engines are imported only for the formats
asked for.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from trainpack.core.errors import Problem, problem
from trainpack.core.model import Course
from trainpack.pipeline.job_kinds import check_decks, deck_depends, deck_setup, pdf_job
from trainpack.pipeline.jobs import (
    Job,
    Written,
    lay_out,
    run_jobs,
    seal_all,
    write_job,
)
from trainpack.publish.failures import output_error
from trainpack.publish.outputs import LOG, OutputFile, read_manifest, staging
from trainpack.render.printed import BY_FILE as PRINTED
from trainpack.render.printed import printed_pieces
from trainpack.render.renderer import Renderer
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
    participants: tuple[str, ...] = ()  # names for certificates and the sign-in sheet
    # False: only the files an author looks at while editing (each module's deck and
    # handouts); the slides PDFs, slide handouts, guide, agenda and printed pieces keep what
    # is published.  `watch` publishes these first, and everything after.
    edition_wide: bool = True
    # With edition_wide=False: only these modules (the ones whose files changed) are
    # rendered and written, in the whole edition's context (numbering, timetable).
    focus: frozenset[str] | None = None


@dataclass
class BuildResult:
    edition: Edition
    folder: Path
    files: list[OutputFile]
    slides: int = 0
    pages: int = 0
    warnings: list[Problem] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    rebuilt: int = 0  # outputs written by this build
    kept: int = 0  # outputs whose inputs were unchanged, kept from the published edition


def prepare_edition(course: Course, request: BuildRequest) -> Edition:
    """Tailor the requested edition, with its theme loaded (themes are files: I/O is here)."""
    spec = edition_spec(course, request.edition, request.audience)
    return tailor_edition(
        course, spec, request.modules, request.paper, course_theme(course, spec.theme)
    )


def build_course(
    course: Course, request: BuildRequest, progress: Reporter, jobs: int = 1, force: bool = False
) -> BuildResult:
    """Build one edition (see build_editions)."""
    return build_editions(course, [request], progress, jobs=jobs, force=force)[0]


def build_editions(
    course: Course,
    requests: list[BuildRequest],
    progress: Reporter,
    jobs: int | None = None,
    force: bool = False,
) -> list[BuildResult]:
    """Render every edition, write what changed in a pool of ``jobs`` processes (default:
    the machine's cores), keep what did not, and publish each edition atomically.

    An output is kept when its input hash equals the one the published manifest records
    for it and the published file still matches its manifest entry (``stage.keep``
    checks); ``force`` writes everything."""
    clock = time.perf_counter()
    LOG.published.clear()  # an interrupt reports what this build published, not an earlier one
    plans = [plan_edition(course, request, progress) for request in requests]
    timings = {"render": time.perf_counter() - clock}
    todo = [job for plan in plans for job in plan.jobs if force or job.relative not in plan.reuse]
    processes = jobs if jobs is not None else (os.cpu_count() or 1)
    out = Path(requests[0].out) if requests else Path("output")
    written: dict[str, Written] = {}
    try:
        # Outside the output folder: a killed build leaves nothing there but whole editions.
        scratch = Path(tempfile.mkdtemp(prefix="trainpack-"))
        try:
            progress.stage("Writing", len(todo))
            clock = time.perf_counter()

            def done(job: Job, result: Written) -> None:
                written[job.key] = result
                progress.advance(job.key)

            run_jobs(todo, scratch, processes, done, published=out)
            timings["write"] = time.perf_counter() - clock
            results = [_publish(plan, scratch, written, force, timings) for plan in plans]
        finally:
            shutil.rmtree(scratch, ignore_errors=True)
    except OSError as exc:
        error = output_error(exc, out)
        if error is None:
            raise
        raise error from None
    return results


@dataclass
class Plan:
    """One edition rendered: its jobs, and which of them the published edition already has."""

    request: BuildRequest
    edition: Edition
    jobs: list[Job]
    complete: bool
    previous: dict[str, Any]  # the published manifest's record of each output
    reuse: set[str] = field(default_factory=set)


def plan_edition(course: Course, request: BuildRequest, progress: Reporter) -> Plan:
    """Tailor and render everything (a template error stops here, before any writing)."""
    edition = prepare_edition(course, request)
    renderer = Renderer(edition)
    want_pptx, want_pdf = "pptx" in request.formats, "pdf" in request.formats
    progress.stage(f"Rendering {edition.id}", len(edition.modules))
    setup = deck_setup(edition) if want_pptx or want_pdf else None
    focus = request.focus if not request.edition_wide else None
    chosen = [m for m in edition.modules if focus is None or m.id in focus]
    decks = {module.id: renderer.deck(module) for module in chosen}
    if setup is not None:
        check_decks(edition, list(decks.values()), setup)
    jobs: list[Job] = []
    for module in chosen:
        # Laid out once, here: the PPTX, the slides PDF, the slide handout and the guide
        # show the same slides under the same numbers, however the jobs are spread.
        deck = renderer.decks[module.id] = (
            lay_out(setup, decks[module.id]) if setup else decks[module.id]
        )
        if want_pptx and setup is not None:
            jobs.append(
                Job(
                    edition.id,
                    f"slides/{module.folder}.pptx",
                    "deck",
                    module.id,
                    deck,
                    deck=setup,
                    depends=deck_depends(setup),
                )
            )
        if want_pdf:
            if request.edition_wide:
                jobs.append(pdf_job(edition, renderer, "slides-pdf", module))
                jobs.append(pdf_job(edition, renderer, "slide-handout", module))
            jobs.append(pdf_job(edition, renderer, "handout", module))
            if edition.large_print:
                jobs.append(pdf_job(edition, renderer, "handout-large-print", module))
        progress.advance(module.title)
    # The guide covers the whole edition: a --modules build keeps the one already published.
    if want_pdf and not request.modules and request.edition_wide:
        jobs.append(pdf_job(edition, renderer, "guide"))
        if edition.agenda is not None:
            jobs.append(pdf_job(edition, renderer, "agenda"))
        # Tests, evaluation form, sign-in sheet, certificates (render/printed.py).
        for file, html in printed_pieces(renderer, request.participants).items():
            jobs.append(
                pdf_job(edition, renderer, PRINTED[file].kind, printed=(PRINTED[file], html))
            )
    jobs = seal_all(jobs)
    complete = not request.modules and request.edition_wide and request.formats >= {"pptx", "pdf"}
    previous = read_manifest(Path(request.out) / edition.id)
    found = previous.get("outputs")
    record: dict[str, Any] = found if isinstance(found, dict) else {}
    sizes = {f["path"]: f["bytes"] for f in previous.get("files", [])}
    reuse = {
        job.relative
        for job in jobs
        if isinstance(record.get(job.relative), dict)
        and record[job.relative].get("inputs") == job.digest
        and _published_size(Path(request.out) / edition.id / job.relative)
        == sizes.get(job.relative)
    }
    return Plan(request, edition, jobs, complete, record, reuse)


def _published_size(path: Path) -> int | None:
    try:
        return path.stat().st_size if path.is_file() and not path.is_symlink() else None
    except OSError:
        return None


def _publish(
    plan: Plan,
    scratch: Path,
    written: dict[str, Written],
    force: bool,
    timings: dict[str, float],
) -> BuildResult:
    edition = plan.edition
    with staging(Path(plan.request.out), edition.id, _say) as stage:
        result = BuildResult(
            edition,
            stage.target,
            stage.files,
            warnings=list(edition.warnings),
            timings=dict(timings),
        )
        outputs: dict[str, Any] = {}
        for job in plan.jobs:
            made = written.get(job.key)
            if made is None and stage.keep(job.relative) is not None:
                record = plan.previous[job.relative]
                made = Written(record.get("slides", 0), record.get("pages", 0))
                result.kept += 1
            else:
                if made is None:  # the published file changed under us: write it now
                    reads = [stage.path(r) for r in job.reads]
                    made = write_job(job, stage.path(job.relative), reads)
                else:
                    shutil.move(scratch / edition.id / job.relative, stage.path(job.relative))
                stage.record(job.relative, job.kind, job.module)
                result.rebuilt += 1
                result.warnings += made.warnings
            result.slides += made.slides
            result.pages += made.pages
            writer = "pptx" if job.deck is not None else "pdf"
            result.timings[writer] = result.timings.get(writer, 0.0) + made.seconds
            outputs[job.relative] = {
                "inputs": job.digest,
                "slides": made.slides,
                "pages": made.pages,
            }
        if not plan.complete:  # a partial build: the other files keep their records
            outputs = {**{k: v for k, v in plan.previous.items() if k not in outputs}, **outputs}
        manifest = _manifest(edition, plan.request, result.folder)
        manifest["outputs"] = dict(sorted(outputs.items()))
        folder = stage.publish(manifest, plan.complete)
        result.warnings += [problem(folder, None, None, n, severity="warning") for n in stage.notes]
    result.folder = folder
    return result


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _manifest(edition: Edition, request: BuildRequest, folder: Path) -> dict:
    info = edition.course.info
    modules, minutes = [m.id for m in edition.modules], edition.duration
    if request.modules:  # a partial build: the folder keeps the other modules' files too
        kept = set(read_manifest(folder).get("modules", [])) | set(modules)
        modules = [m for m, _ in edition.route if m in kept]
        minutes = sum(n for m, n in edition.route if m in kept)
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
