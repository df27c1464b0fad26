"""Stage 6: publish outputs atomically, with a manifest of every file.

Files are written into a staging folder next to the edition folder; only when
every file of the build is complete are they moved into place, each with
``os.replace`` (atomic on one filesystem).  A failed or interrupted build leaves
the previous outputs untouched and removes its staging folder.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class OutputFile:
    path: str  # relative to the edition folder
    kind: str  # deck, handout, guide
    module: str | None
    bytes: int
    sha256: str


class Staging:
    """A folder to write one edition into before it is published."""

    def __init__(self, root: Path, edition: str) -> None:
        self.target = root / edition
        self.dir = Path(tempfile.mkdtemp(prefix=f".staging-{edition}-", dir=root))
        self.files: list[OutputFile] = []

    def path(self, relative: str) -> Path:
        dest = self.dir / relative
        dest.parent.mkdir(parents=True, exist_ok=True)
        return dest

    def record(self, relative: str, kind: str, module: str | None = None) -> OutputFile:
        data = (self.dir / relative).read_bytes()
        item = OutputFile(relative, kind, module, len(data), hashlib.sha256(data).hexdigest())
        self.files.append(item)
        return item

    def publish(self, manifest: dict, complete: bool) -> Path:
        """Move staged files into place; a complete build also drops files it no longer makes."""
        self.target.mkdir(parents=True, exist_ok=True)
        old = read_manifest(self.target)
        for item in self.files:
            dest = self.target / item.path
            dest.parent.mkdir(parents=True, exist_ok=True)
            os.replace(self.dir / item.path, dest)
        written = {f.path for f in self.files}
        entries = {f["path"]: f for f in old.get("files", [])} if not complete else {}
        entries.update({f.path: asdict(f) for f in self.files})
        if complete:
            for stale in {f["path"] for f in old.get("files", [])} - written:
                (self.target / stale).unlink(missing_ok=True)
        manifest = {**manifest, "files": sorted(entries.values(), key=lambda f: f["path"])}
        staged = self.dir / "manifest.json"
        staged.write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", "utf-8")
        os.replace(staged, self.target / "manifest.json")
        return self.target

    def discard(self) -> None:
        shutil.rmtree(self.dir, ignore_errors=True)


@contextmanager
def staging(root: Path, edition: str) -> Iterator[Staging]:
    root.mkdir(parents=True, exist_ok=True)
    stage = Staging(root, edition)
    try:
        yield stage
    finally:
        stage.discard()


def read_manifest(folder: Path) -> dict[str, Any]:
    try:
        data = json.loads((folder / "manifest.json").read_text("utf-8"))
        return data if isinstance(data, dict) else {}
    except (OSError, ValueError):
        return {}
