"""Outputs as jobs: what each file is made from (its inputs, hashed) and how to write it.

Every output is a pure function of its inputs — the rendered deck spec or HTML, the
master, fonts, logo and pictures it uses, the templates' static files, the theme, and
the writers' own code — so two builds with the same inputs give the same bytes, and an
output whose input hash is unchanged can be kept instead of written again.  Jobs are
plain data, so a process pool can write them in any order and the bytes do not depend
on how many processes did it.  A job may read other jobs' files (a slide handout places
the pages of its slides PDF): its hash includes theirs, and its slides are placed once they
are written.
"""

from __future__ import annotations

import dataclasses
import errno
import hashlib
import json
import os
import time
from collections.abc import Callable, Iterable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import trainpack
from trainpack.core.docprops import DocProperties
from trainpack.core.errors import Problem
from trainpack.publish.outputs import published_file
from trainpack.render.deckspec import DeckSpec

# Templates, content and translations change the rendered HTML or spec itself.
_SKIP_SUFFIXES = (".j2", ".po", ".pot", ".mo", ".pyc", ".yaml", ".yml", ".md")


@dataclass(frozen=True)
class DeckSetup:
    """Everything a PptxWriter is made with (one per theme and direction)."""

    template: Path
    fonts: tuple[tuple[str, Path], ...] = ()
    logo: Path | None = None
    rtl: bool = False
    colors: tuple[tuple[str, str], ...] = ()
    icon_dirs: tuple[Path, ...] = ()


@dataclass
class Job:
    """One output file of one edition."""

    edition: str
    relative: str  # inside the edition folder
    kind: str  # deck, handout, handout-large-print, guide, agenda
    module: str | None
    payload: Any  # DeckSpec for decks, HTML for PDFs
    deck: DeckSetup | None = None
    pdf: dict[str, Any] = field(default_factory=dict)  # write_pdf keyword arguments
    depends: tuple[Path, ...] = ()  # files beyond the payload that shape the output
    # Other outputs of the same edition this one draws from (the slides PDFs whose pages the
    # slide handout and the guide place), in the order its slide marks count them.
    reads: tuple[str, ...] = ()
    digest: str = ""

    @property
    def key(self) -> str:
        return f"{self.edition}/{self.relative}"


@dataclass
class Written:
    slides: int = 0
    pages: int = 0
    warnings: list[Problem] = field(default_factory=list)
    seconds: float = 0.0  # time spent writing (for the benchmark's per-writer figures)


def seal_all(jobs: list[Job]) -> list[Job]:
    """Fill in every job's input hash, a read file's hash before its reader's."""
    digests: dict[str, str] = {}
    for job in sorted(jobs, key=lambda j: bool(j.reads)):
        seal(job, [digests[read] for read in job.reads])
        digests[job.relative] = job.digest
    return jobs


def seal(job: Job, reads: list[str] | None = None) -> Job:
    """Fill in the job's input hash (``reads``: the hashes of the files it reads)."""
    digest = hashlib.sha256()
    digest.update(f"trainpack {trainpack.__version__} {_code_digest()}\n".encode())
    digest.update(f"{job.kind} {job.relative}\n".encode())
    digest.update(_stable(job.payload).encode("utf-8"))
    digest.update(_stable(job.deck).encode("utf-8"))
    # ``sources`` only locate warnings (their text is in the HTML): named, not hashed.
    options = {k: [str(p) for p in v] if k == "sources" else v for k, v in job.pdf.items()}
    digest.update(_stable(options).encode("utf-8"))
    digest.update(files_digest(tuple(sorted(set(job.depends)))).encode())
    digest.update(" ".join(reads or []).encode())
    job.digest = digest.hexdigest()
    return job


def folder_files(*folders: Path | None) -> tuple[Path, ...]:
    """Every file under ``folders`` that can shape an output (not the templates themselves:
    a template's change shows in the HTML it renders)."""
    found: list[Path] = []
    for folder in folders:
        if folder is None or not Path(folder).is_dir():
            continue
        found += _walk(Path(folder).resolve())
    return tuple(found)


@lru_cache(maxsize=64)
def _walk(folder: Path) -> tuple[Path, ...]:
    files = []
    for base, dirs, names in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith((".", "__")))
        files += [
            Path(base) / n
            for n in sorted(names)
            if not n.startswith(".") and not n.endswith(_SKIP_SUFFIXES)
        ]
    return tuple(files)


def files_digest(paths: tuple[Path, ...]) -> str:
    """One digest for a set of files (names and bytes)."""
    key = tuple((p, _stat_key(p)) for p in paths)
    if key not in _SETS:
        digest = hashlib.sha256()
        for path in paths:
            digest.update(f"\n{path}\n{file_digest(path)}".encode())
        _SETS[key] = digest.hexdigest()
    return _SETS[key]


def _stat_key(path: Path) -> tuple[int, int]:
    try:
        info = path.stat()
    except OSError:
        return (-1, -1)
    return (info.st_size, info.st_mtime_ns)


_SETS: dict[tuple, str] = {}
_DIGESTS: dict[tuple[Path, int, int], str] = {}


def file_digest(path: Path) -> str:
    """sha256 of a file's bytes, remembered while its size and mtime stay the same."""
    try:
        info = Path(path).stat()
    except OSError:
        return "missing"
    key = (Path(path), info.st_size, info.st_mtime_ns)
    if key not in _DIGESTS:
        _DIGESTS[key] = hashlib.sha256(Path(path).read_bytes()).hexdigest()
    return _DIGESTS[key]


@lru_cache(maxsize=1)
def _code_digest() -> str:
    """The writers' and renderers' own code: a change to it rebuilds what it writes."""
    root = Path(trainpack.__file__).parent
    digest = hashlib.sha256()
    for folder in ("write", "render", "core"):
        for path in sorted((root / folder).rglob("*.py")):
            digest.update(path.read_bytes())
    return digest.hexdigest()


def _stable(value: Any) -> str:
    return json.dumps(_plain(value), sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, Path):
        return {"path": str(value), "sha256": file_digest(value) if value.is_file() else ""}
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


# -- writing --------------------------------------------------------------------------------

_WRITERS: dict[DeckSetup, Any] = {}


def write_job(job: Job, dest: Path, reads: list[Path] | None = None) -> Written:
    """Write one output to ``dest`` (in a worker process or in this one); ``reads`` are the
    files of ``job.reads``, wherever this build has them."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    clock = time.perf_counter()
    if job.deck is not None:
        written = _deck_writer(job.deck).write(job.payload, dest)
        return Written(slides=written.slides, seconds=time.perf_counter() - clock)
    from trainpack.write.pdf.writer import write_pdf

    warnings: list[Problem] = []
    pages = write_pdf(job.payload, dest, warnings=warnings, **job.pdf)
    if reads:
        from trainpack.write.pdf.impose import place_slides

        warnings += place_slides(dest, reads, job.pdf.get("template"))
    return Written(pages=pages, warnings=warnings, seconds=time.perf_counter() - clock)


def lay_out(setup: DeckSetup, deck: DeckSpec) -> DeckSpec:
    """The deck's slides as the PPTX writer will draw them (sized, long ones continued), so
    every picture of the deck (slides PDF, slide handout, guide, preview) numbers the same."""
    laid_out: DeckSpec = _deck_writer(setup).paginate(deck)
    return laid_out


def _deck_writer(setup: DeckSetup) -> Any:
    if setup not in _WRITERS:
        from trainpack.write.pptx.writer import PptxWriter

        _WRITERS[setup] = PptxWriter(
            setup.template,
            fonts=dict(setup.fonts) or None,
            logo=setup.logo,
            rtl=setup.rtl,
            colors=dict(setup.colors) or None,
            icon_dirs=setup.icon_dirs,
        )
    return _WRITERS[setup]


def _write_into(job: Job, scratch: str) -> Written:
    return write_job(job, Path(scratch) / job.edition / job.relative)


def run_jobs(
    jobs: list[Job],
    scratch: Path,
    processes: int,
    done: Callable[[Job, Written], None],
    published: Path | None = None,
) -> None:
    """Write ``jobs`` into ``scratch/<edition>/<relative>``, in a pool when it helps.

    The biggest jobs start first so the pool finishes together.  A job that places other
    jobs' slides (``reads``) is written by a worker as a frame, and this process places the
    slides once the files it reads are written (under a second for the guide), so no job
    waits to start; a file this build keeps is read from the published edition,
    ``published/<edition>/<relative>``.  ``done`` is called in this process as each output
    is complete.  Errors propagate (a worker's BuildError included)."""
    order = sorted(jobs, key=_weight, reverse=True)
    placer = _Placer(order, scratch, published or scratch, done)
    if processes <= 1 or len(order) <= 1:
        for job in order:
            placer.written(job, _write_into(job, str(scratch)))
        placer.check_empty()
        return
    _preload(order)
    context = _start_method()
    with ProcessPoolExecutor(min(processes, len(order)), mp_context=context) as pool:
        pending: dict[Future, Job] = {
            pool.submit(_write_into, job, str(scratch)): job for job in order
        }
        try:
            while pending:
                finished, _ = wait(pending, return_when=FIRST_COMPLETED)
                for future in finished:
                    placer.written(pending.pop(future), future.result())
        except BaseException:
            for future in pending:
                future.cancel()
            raise
    placer.check_empty()


class _Placer:
    """Places the slides on the frames the workers wrote, each as soon as the slides PDFs it
    reads are written; ``done`` hears of such an output only then."""

    def __init__(
        self, jobs: list[Job], scratch: Path, published: Path, done: Callable[[Job, Written], None]
    ) -> None:
        self.scratch, self.published, self.done = scratch, published, done
        self.todo = {job.key for job in jobs}
        self.finished: set[str] = set()
        self.waiting: list[tuple[Job, Written]] = []

    def written(self, job: Job, result: Written) -> None:
        self.finished.add(job.key)
        if job.reads:
            self.waiting.append((job, result))
        else:
            self.done(job, result)
        for pair in [p for p in self.waiting if self._ready(p[0])]:
            self.waiting.remove(pair)
            self.done(pair[0], self._place(*pair))

    def check_empty(self) -> None:
        if self.waiting:
            raise RuntimeError(f"{self.waiting[0][0].key} reads a file no job wrote")

    def _ready(self, job: Job) -> bool:
        keys = (f"{job.edition}/{relative}" for relative in job.reads)
        return all(key not in self.todo or key in self.finished for key in keys)

    def _place(self, job: Job, result: Written) -> Written:
        from trainpack.write.pdf.impose import place_slides

        clock = time.perf_counter()
        dest = self.scratch / job.key
        warnings = place_slides(dest, self._reads(job), job.pdf.get("template"))
        seconds = result.seconds + time.perf_counter() - clock
        return dataclasses.replace(result, warnings=result.warnings + warnings, seconds=seconds)

    def _reads(self, job: Job) -> list[Path]:
        """Where ``job``'s reads are: written by this build, or kept from the published
        edition (reached without symbolic links, as keeping it does)."""
        found = []
        for relative in job.reads:
            key = f"{job.edition}/{relative}"
            path = self.scratch / key if key in self.todo else None
            path = path or published_file(self.published / job.edition, relative)
            if path is None:
                raise FileNotFoundError(errno.ENOENT, "a file to reuse is gone", key)
            found.append(path)
        return found


def _start_method() -> Any:
    """Fork when this process runs one thread (the CLI): workers start with the engines
    loaded.  A process with other threads (the web page's server) must not fork, since a
    lock another thread holds would stay locked in the child: its workers come from a fork
    server started clean, with the engines preloaded there."""
    import multiprocessing
    import threading

    if threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["trainpack.write.pptx.writer", "trainpack.write.pdf.writer"])
    return context


def _weight(job: Job) -> int:
    """Rough cost: the guide is long; decks cost more per byte of spec than handouts."""
    size = len(_stable(job.payload)) if job.deck is not None else len(job.payload)
    return size * (3 if job.deck is not None else 1)


def _preload(jobs: Iterable[Job]) -> None:
    """Import the engines once here, so forked workers start with them loaded."""
    kinds = {job.deck is not None for job in jobs}
    if True in kinds:
        import trainpack.write.pptx.writer
    if False in kinds:
        import trainpack.write.pdf.writer  # noqa: F401


def pdf_options(
    *,
    base_dir: Path,
    allowed_roots: list[Path],
    paper: str,
    title: str,
    lang: str,
    template: Path,
    properties: DocProperties,
) -> dict[str, Any]:
    return {
        "base_dir": base_dir,
        "allowed_roots": allowed_roots,
        "paper": paper,
        "title": title,
        "lang": lang,
        "template": template,
        "properties": properties,
    }
