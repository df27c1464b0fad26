"""What one running server knows: the course folder, the output folder, the last good course,
the problems of the last reload, and a version number the pages watch for changes.

The course is reloaded when a file changes (see watch.py), never per request: pages read the
last loaded course, which is immutable, so a build started earlier keeps its own copy."""

from __future__ import annotations

import shutil
import tempfile
import threading
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from trainpack.core.errors import BuildError, Problem, format_problem
from trainpack.core.model import Course
from trainpack.pipeline.compose import load_checked
from trainpack.pipeline.preview import Preview


@dataclass
class Workspace:
    source: Path
    out: Path
    course: Course | None = None
    problems: list[Problem] = field(default_factory=list)  # warnings, or errors if no course
    broken: bool = False  # the last reload failed: `course` is the one before
    version: int = 0
    changed: set[str] = field(default_factory=set)  # module folders changed in the last reload
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _previews: dict[tuple[int, str | None], Preview] = field(default_factory=dict, repr=False)
    _drafts: Path | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        self.source, self.out = Path(self.source).resolve(), Path(self.out).resolve()

    def reload(self, changed: set[str] | None = None) -> None:
        """Load the course again; on errors keep the last good course and show the errors."""
        with self._lock:
            try:
                course, problems = load_checked(self.source)
            except BuildError as exc:
                self.problems, self.broken = list(exc.problems), True
            else:
                self.course, self.problems, self.broken = course, problems, False
                self._previews.clear()
            self.changed = set(changed or ())
            self.version += 1

    def require(self) -> Course:
        """The loaded course, loading it the first time."""
        if self.course is None:
            self.reload()
        if self.course is None:
            raise BuildError(self.problems)
        return self.course

    def preview(self, edition_id: str | None) -> Preview:
        course = self.require()
        key = (self.version, edition_id)
        with self._lock:
            found = self._previews.get(key)
        if found is None:
            found = Preview(course, edition_id)
            with self._lock:
                self._previews[key] = found
        return found

    # Unsaved editions from the form are files too, kept out of the course folder.

    def draft_file(self, edition_id: str) -> Path:
        if self._drafts is None:
            self._drafts = Path(tempfile.mkdtemp(prefix="trainpack-drafts-"))
        folder = self._drafts / uuid.uuid4().hex / "editions"
        folder.mkdir(parents=True)
        return folder / f"{edition_id}.yaml"

    def show(self, item: Problem) -> str:
        """format_problem, with a draft's temporary folder shown as '(unsaved)'."""
        text = format_problem(item)
        if self._drafts is not None:
            for prefix in (str(self._drafts.resolve()), str(self._drafts)):
                if prefix in text:
                    head, _, rest = text.partition(prefix + "/")
                    text = head + "(unsaved) " + rest.split("/", 1)[-1]
        return text

    def grouped(self, problems: list[Problem]) -> list[tuple[str, list[tuple[str, str]]]]:
        """Formatted problems grouped by file, files in the order they first appear."""
        groups: dict[str, list[tuple[str, str]]] = {}
        for item in problems:
            text = self.show(item)
            groups.setdefault(text.split(":", 1)[0], []).append((item.severity, text))
        return list(groups.items())

    def close(self) -> None:
        if self._drafts is not None:
            shutil.rmtree(self._drafts, ignore_errors=True)
