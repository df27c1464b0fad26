"""Builds in the background: one thread per build, progress the page can follow, and one lock
per output folder so that two trainers pressing Build at once get two whole, consistent packs
(one after the other) and a download never mixes files of two builds.

The build itself is the CLI's: pipeline.build.build_course, with its staging folder and
atomic publish, so a failed build leaves the previous pack as it was."""

from __future__ import annotations

import io
import json
import logging
import os
import threading
import time
import uuid
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from trainpack.core.errors import BuildError
from trainpack.core.model import Course
from trainpack.pipeline.build import BuildRequest, build_course

log = logging.getLogger("trainpack.web")
MAX_JOBS = 50  # finished jobs kept for their pages


@dataclass
class Stage:
    name: str
    total: int
    done: int = 0


@dataclass
class Job:
    """One build, as the page shows it."""

    id: str
    edition: str
    status: str = "waiting"  # waiting, running, done, failed
    stages: list[Stage] = field(default_factory=list)
    label: str = ""
    problems: list[str] = field(default_factory=list)  # formatted, as the CLI prints them
    warnings: list[str] = field(default_factory=list)
    files: list[dict[str, Any]] = field(default_factory=list)
    slides: int = 0
    pages: int = 0
    rebuilt: int = 0
    kept: int = 0  # unchanged since the last build, kept as published
    started: float = 0.0
    seconds: float = 0.0
    version: int = 0  # bumped on every change, for the live page

    # The pipeline's Reporter protocol:
    def stage(self, name: str, total: int) -> None:
        self.stages.append(Stage(name, total))
        self.version += 1

    def advance(self, label: str) -> None:
        if self.stages:
            self.stages[-1].done += 1
        self.label = label
        self.version += 1

    @property
    def finished(self) -> bool:
        return self.status in ("done", "failed")

    def state(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "edition": self.edition,
            "status": self.status,
            "stages": [{"name": s.name, "total": s.total, "done": s.done} for s in self.stages],
            "label": self.label,
            "percent": self.percent,
            "seconds": round(
                self.seconds or (time.time() - self.started if self.started else 0), 1
            ),
        }

    @property
    def percent(self) -> int:
        """Rendering weighs 1 and writing 6 (roughly their shares of a full build)."""
        if self.status == "done":
            return 100
        done = total = 0.0
        for name, share in (("Rendering", 1), ("Writing", 6)):
            total += share
            stage = next((s for s in self.stages if s.name.startswith(name)), None)
            if stage is not None:
                done += share * (stage.done / stage.total if stage.total else 1)
        return min(99, int(done / total * 100))


class Builder:
    """Starts builds and remembers them; one lock per edition folder."""

    def __init__(self, out: Path, show) -> None:  # show: Problem -> str
        self.out = out
        self.show = show
        self.jobs: dict[str, Job] = {}
        self._locks: dict[str, threading.Lock] = {}
        self._guard = threading.Lock()

    def lock(self, edition: str) -> threading.Lock:
        with self._guard:
            return self._locks.setdefault(edition, threading.Lock())

    def start(self, course: Course, edition: str, draft: bool) -> Job:
        job = Job(uuid.uuid4().hex[:16], edition)
        with self._guard:
            self.jobs[job.id] = job
            for old in [j for j in self.jobs.values() if j.finished][:-MAX_JOBS]:
                self.jobs.pop(old.id, None)
        thread = threading.Thread(
            target=self._run, args=(job, course), name=f"build-{edition}", daemon=True
        )
        thread.start()
        return job

    def _run(self, job: Job, course: Course) -> None:
        with self.lock(job.edition):
            job.status, job.started = "running", time.time()
            job.version += 1
            try:
                # A pool of the machine's cores, as the CLI uses (started by a fork server:
                # the page's server runs threads, see pipeline.jobs._start_method).
                result = build_course(
                    course,
                    BuildRequest(edition=job.edition, out=self.out),
                    job,
                    jobs=os.cpu_count() or 1,
                )
            except BuildError as exc:
                job.problems = [self.show(p) for p in exc.problems]
                job.status = "failed"
            except Exception:  # our bug: keep serving, say so, log the traceback
                log.exception("build of %s failed", job.edition)
                job.problems = [
                    "internal error: the build stopped because of a fault in trainpack, "
                    "not in your course. The previous pack is unchanged; the server's "
                    "console has the details."
                ]
                job.status = "failed"
            else:
                job.files = [
                    {"path": f.path, "kind": f.kind, "bytes": f.bytes} for f in result.files
                ]
                job.warnings = [self.show(p) for p in result.warnings]
                job.slides, job.pages = result.slides, result.pages
                job.rebuilt, job.kept = result.rebuilt, result.kept
                job.status = "done"
            job.seconds = time.time() - job.started
            job.version += 1

    def zip_pack(self, edition: str) -> bytes | None:
        """The edition folder as one zip: every file the manifest lists, and the manifest.
        Taken under the edition's lock, so never half of one build and half of another."""
        folder = self.out / edition
        buffer = io.BytesIO()
        with self.lock(edition):
            manifest = read_pack(folder)
            if manifest is None:
                return None
            with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
                self._fill(archive, folder, edition, manifest)
        return buffer.getvalue()

    @staticmethod
    def _fill(archive: zipfile.ZipFile, folder: Path, edition: str, manifest: dict) -> None:
        for item in manifest.get("files", []):
            path = safe_member(folder, item.get("path", ""))
            if path is not None:
                archive.write(path, f"{edition}/{item['path']}")
        archive.write(folder / "manifest.json", f"{edition}/manifest.json")


def read_pack(folder: Path) -> dict | None:
    """The manifest of a published pack, or None where there is none."""
    try:
        data = json.loads((folder / "manifest.json").read_text("utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def safe_member(folder: Path, relative: str) -> Path | None:
    """``folder/relative`` if it is a file inside ``folder``; None for anything else."""
    if not relative or relative.startswith("/") or "\\" in relative or "\0" in relative:
        return None
    path = (folder / relative).resolve()
    root = folder.resolve()
    if root not in path.parents or not path.is_file():
        return None
    return path
