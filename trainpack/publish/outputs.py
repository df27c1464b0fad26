"""Stage 6: publish an edition atomically as a whole, with a manifest of every file.

Readers of ``<out>/<edition>/`` see the complete old edition or the complete new
one, never a mix, whenever a kill or Ctrl-C comes.  The edition's
``manifest.json``, published in the same step as the files, is the single record
of what the edition holds.

API (used by ``pipeline.build`` and the incremental cache)::

    with staging(out, edition_id, on_wait=print) as stage:
        dest = stage.path("slides/01-x.pptx")        # write the file here
        stage.record("slides/01-x.pptx", "deck", "x")  # -> OutputFile (size, sha256)
        stage.keep("handouts/01-x.pdf")              # unchanged: bring the published
                                                     # file over (hard link, else copy)
        stage.previous                               # verified entries of the old edition
        folder = stage.publish(manifest, complete)   # switch in one step

- ``staging()`` takes a lock on the output folder (a second build waits and says
  so), restores an edition a killed two-rename switch left aside, removes stale
  ``.staging-*`` folders, and builds the new edition whole in a staging folder
  beside the old one.
- ``keep(rel)`` returns the kept file's ``OutputFile``, or None when the published
  file is missing or no longer matches its manifest entry (then rebuild it).
- ``publish(manifest, complete)``: a partial build (``complete=False``) also brings
  over every other file of the old edition that still matches its manifest; a
  complete build drops the files it no longer makes.  Files the old edition holds
  that no manifest lists (a trainer's own notes) are carried over, never deleted.
  The previous manifest is data to verify, never a list of paths to delete: only
  the whole old edition folder, after the switch, is removed.
- Paths are checked: ``rel`` must be a plain relative path inside the edition.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import re
import shutil
import stat
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from trainpack.publish.swap import (
    STAGING_PREFIX,
    FaultCounter,
    clean_stale,
    deferred_interrupt,
    folder_lock,
    recover,
    remove_tree,
    switch,
)

MANIFEST = "manifest.json"
MANIFEST_LIMIT = 16 * 1024 * 1024  # a manifest larger than this is not one of ours
_EDITION_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,99}$")


@dataclass(frozen=True)
class OutputFile:
    path: str  # relative to the edition folder
    kind: str  # deck, handout, guide
    module: str | None
    bytes: int
    sha256: str


@dataclass
class PublishLog:
    """What this process published, so an interrupt can say truthfully what was kept."""

    published: list[Path] = field(default_factory=list)
    current: Path | None = None
    switched: bool = False


LOG = PublishLog()


def interrupted_message() -> str:
    """The Ctrl-C message: which editions are new, and that the others were left alone."""
    done = ", ".join(f"'{p}'" for p in LOG.published)
    if LOG.current is not None and LOG.switched:
        return (
            f"interrupted after publishing '{LOG.current}': the new edition is complete; "
            "leftover temporary folders are removed by the next build"
            + (f"; also published: {done}" if done else "")
        )
    if LOG.current is not None:
        return f"interrupted: previous outputs were left as they were ('{LOG.current}')" + (
            f"; already published: {done}" if done else ""
        )
    if done:
        return f"interrupted after publishing {done}: each is a complete new edition"
    return "interrupted: previous outputs were left as they were"


def safe_relative(rel: object) -> str | None:
    """``rel`` as a clean POSIX path inside an edition, or None if it could leave it."""
    if not isinstance(rel, str) or not rel or "\x00" in rel or "\\" in rel or len(rel) > 500:
        return None
    pure = PurePosixPath(rel)
    if pure.is_absolute() or any(part in ("", ".", "..") for part in rel.split("/")):
        return None
    if pure.parts[0].startswith(".") or str(pure) == MANIFEST:
        return None
    return str(pure)


class Staging:
    """The new edition, built whole beside the published one (lock held by ``staging``)."""

    def __init__(self, root: Path, edition: str, fault: FaultCounter | None = None) -> None:
        if not _EDITION_NAME.match(edition):
            raise ValueError(f"not a valid edition folder name: {edition!r}")
        self.root = root
        self.target = root / edition
        self.fault = fault or FaultCounter()
        self.dir = Path(tempfile.mkdtemp(prefix=f"{STAGING_PREFIX}{edition}-", dir=root))
        self.files: list[OutputFile] = []
        self.notes: list[str] = []  # what publishing could not carry over, for the report
        old = read_manifest(self.target)
        self.previous: dict[str, OutputFile] = _entries(old)
        if self.target.is_dir() and not old:
            self.notes.append(
                f"'{self.target / MANIFEST}' is missing or unreadable: files already in the "
                "edition folder were kept as they were, none deleted"
            )
        self._manifest_paths = set(self.previous)  # listed by the old manifest, verified or not
        self._done: set[str] = set()

    def path(self, relative: str) -> Path:
        """Where to write ``relative`` (its folder is created)."""
        dest = self.dir / _checked(relative)
        dest.parent.mkdir(parents=True, exist_ok=True)
        return dest

    def record(self, relative: str, kind: str, module: str | None = None) -> OutputFile:
        """Note a file written at ``path(relative)``: its size and hash go into the manifest."""
        relative = _checked(relative)
        digest, size = _hash(self.dir / relative)
        item = OutputFile(relative, kind, module, size, digest)
        self._add(item)
        self.fault.step(f"wrote {relative}")
        return item

    def keep(self, relative: str) -> OutputFile | None:
        """Bring the published ``relative`` into the new edition if it still matches its entry."""
        relative = _checked(relative)
        entry = self.previous.get(relative)
        source = self._published_file(relative)
        if entry is None or source is None:
            return None
        dest = self.path(relative)
        _link_or_copy(source, dest)
        digest, size = _hash(dest)
        if (digest, size) != (entry.sha256, entry.bytes):
            dest.unlink(missing_ok=True)
            return None
        self._add(entry)
        self.fault.step(f"kept {relative}")
        return entry

    def publish(self, manifest: dict, complete: bool) -> Path:
        """Complete the staged edition and switch it into place in one step."""
        if not complete:
            for relative in sorted(set(self.previous) - self._done):
                if self.keep(relative) is None:
                    self.notes.append(
                        f"'{self.target / relative}' no longer matches the previous manifest; "
                        "it was left out of the edition (rebuild the whole edition to remake it)"
                    )
        self._carry_unlisted()
        files = sorted((asdict(f) for f in self.files), key=lambda f: f["path"])
        text = json.dumps({**manifest, "files": files}, indent=2, ensure_ascii=False) + "\n"
        _write_synced(self.dir / MANIFEST, text.encode("utf-8"))
        self.fault.step("wrote manifest.json")
        LOG.current = self.target
        with deferred_interrupt():
            old = switch(self.dir, self.target, self.fault)
            LOG.switched = True
        _sync_folder(self.root)
        if old is not None:
            remove_tree(old)
            self.fault.step("removed the old edition")
        LOG.published.append(self.target)
        LOG.current, LOG.switched = None, False
        return self.target

    def discard(self) -> None:
        remove_tree(self.dir)

    # --- helpers ---------------------------------------------------------------------------

    def _add(self, item: OutputFile) -> None:
        self.files[:] = [f for f in self.files if f.path != item.path] + [item]  # callers hold it
        self._done.add(item.path)

    def _published_file(self, relative: str) -> Path | None:
        return published_file(self.target, relative)

    def _carry_unlisted(self) -> None:
        """Keep what a trainer put in the edition folder themselves: no manifest lists it."""
        if not self.target.is_dir() or self.target.is_symlink():
            return
        for folder, dirs, names in os.walk(self.target):
            base = Path(folder)
            rel_base = base.relative_to(self.target)
            for name in [*names, *[d for d in dirs if (base / d).is_symlink()]]:
                relative = (rel_base / name).as_posix()
                if relative == MANIFEST or relative in self._manifest_paths:
                    continue
                if relative in self._done or (self.dir / relative).exists():
                    continue
                source, dest = base / name, self.dir / relative
                dest.parent.mkdir(parents=True, exist_ok=True)
                if source.is_symlink():
                    os.symlink(os.readlink(source), dest)
                elif source.is_file():
                    _link_or_copy(source, dest)
                else:
                    continue
                self.fault.step(f"carried {relative}")


def published_file(edition: Path, relative: str) -> Path | None:
    """The published edition's regular file at ``relative``, reached without symbolic links."""
    current = edition
    if current.is_symlink():
        return None
    mode = 0
    for part in PurePosixPath(relative).parts:
        current = current / part
        try:
            mode = os.lstat(current).st_mode
        except OSError:
            return None
        if stat.S_ISLNK(mode):
            return None
    return current if stat.S_ISREG(mode) else None


@contextmanager
def staging(
    root: Path, edition: str, on_wait: Callable[[str], None] | None = None
) -> Iterator[Staging]:
    """Lock ``root``, tidy what a killed build left, and stage ``edition`` beside the old one."""
    root = Path(root)
    if root.exists() and not root.is_dir():
        raise NotADirectoryError(errno.ENOTDIR, "the output folder is a file", str(root))
    root.mkdir(parents=True, exist_ok=True)
    target = root / edition
    if target.is_symlink() or (target.exists() and not target.is_dir()):
        what = "a symbolic link" if target.is_symlink() else "a file"
        raise NotADirectoryError(errno.ENOTDIR, f"the edition folder is {what}", str(target))
    fault = FaultCounter()
    with folder_lock(root, on_wait):
        fault.step("locked the output folder")
        recover(root, edition)
        clean_stale(root)
        LOG.current, LOG.switched = None, False
        stage = Staging(root, edition, fault)
        try:
            yield stage
        finally:
            stage.discard()  # LOG stays as it is: an interrupt reports from it


def read_manifest(folder: Path) -> dict[str, Any]:
    """The edition's manifest as data; anything that is not a sound manifest reads as {}."""
    path = Path(folder) / MANIFEST
    try:
        if path.is_symlink() or path.stat().st_size > MANIFEST_LIMIT:
            return {}
        data = json.loads(path.read_text("utf-8-sig"))
    except (OSError, ValueError, RecursionError):
        return {}
    if not isinstance(data, dict):
        return {}
    modules = data.get("modules")
    if not isinstance(modules, list) or not all(isinstance(m, str) for m in modules):
        data["modules"] = []
    data["files"] = [asdict(f) for f in _entries(data).values()]
    return data


def _entries(manifest: dict) -> dict[str, OutputFile]:
    """The manifest's file entries that are well-formed and stay inside the edition."""
    found: dict[str, OutputFile] = {}
    files = manifest.get("files")
    for item in files if isinstance(files, list) else []:
        if not isinstance(item, dict):
            continue
        relative = safe_relative(item.get("path"))
        size, digest = item.get("bytes"), item.get("sha256")
        kind, module = item.get("kind"), item.get("module")
        if relative is None or not isinstance(size, int) or isinstance(size, bool):
            continue
        if not isinstance(digest, str) or not re.fullmatch(r"[0-9a-f]{64}", digest):
            continue
        if not isinstance(kind, str) or not (module is None or isinstance(module, str)):
            continue
        found[relative] = OutputFile(relative, kind, module, size, digest)
    return found


def _checked(relative: str) -> str:
    clean = safe_relative(relative)
    if clean is None:
        raise ValueError(f"not a path inside the edition: {relative!r}")
    return clean


def _hash(path: Path) -> tuple[str, int]:
    digest, size = hashlib.sha256(), 0
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
            size += len(block)
    return digest.hexdigest(), size


def _link_or_copy(source: Path, dest: Path) -> None:
    dest.unlink(missing_ok=True)
    try:
        os.link(source, dest, follow_symlinks=False)
    except OSError:
        shutil.copyfile(source, dest, follow_symlinks=False)


def _write_synced(path: Path, data: bytes) -> None:
    with open(path, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())


def _sync_folder(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
