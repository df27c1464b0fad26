"""Operating-system errors on the output side, told as the user's problem with a hint.

A full disk, a read-only folder, ``--out`` naming a file or a folder deleted during
the build are not bugs: they get one line naming the path and what to do.  Choices
the user can fix on the command line (a file or an unwritable folder given as
``--out``) are usage errors (exit 2); the rest stop the build (exit 1).
"""

from __future__ import annotations

import errno
from pathlib import Path

from trainpack.core.errors import BuildError, problem

_HINTS = {
    errno.ENOSPC: ("the disk is full", "free some space (or choose another --out) and build again"),
    errno.EDQUOT: ("the disk quota is used up", "free some space and build again"),
    errno.EROFS: ("the output folder is read-only", "choose a writable folder with --out"),
    errno.EACCES: ("no permission to write here", "choose a folder you can write to with --out"),
    errno.EPERM: ("no permission to write here", "choose a folder you can write to with --out"),
    errno.ENOTDIR: (
        "a file (or a link) stands where a folder is needed",
        "point --out at a folder, or move that file away",
    ),
    errno.EEXIST: ("a file stands where a folder is needed", "point --out at a folder"),
    errno.ENOENT: (
        "the output folder vanished during the build",
        "do not move or delete the output folder while a build runs; build again",
    ),
    errno.ENAMETOOLONG: ("a path is too long", "choose a shorter --out path"),
}
_USAGE = {errno.EROFS, errno.EACCES, errno.EPERM, errno.ENOTDIR, errno.EEXIST}


_ANYWHERE = {errno.ENOSPC, errno.EDQUOT, errno.EROFS}


def output_error(exc: OSError, out: Path) -> BuildError | None:
    """The BuildError for ``exc`` met while writing into ``out``; None if not about ``out``."""
    if not _about(exc, Path(out)):
        return None
    what, hint = _HINTS.get(
        exc.errno or 0,
        (exc.strerror or "cannot write", "check the output folder and build again"),
    )
    if exc.errno == errno.ENOTDIR and exc.strerror and "edition folder" in exc.strerror:
        what = exc.strerror
    where = Path(exc.filename) if exc.filename else Path(out)
    category = "usage" if exc.errno in _USAGE else "output"
    return BuildError(
        [problem(where, None, None, f"cannot write the outputs: {what}", hint)],
        category=category,
    )


def _about(exc: OSError, out: Path) -> bool:
    if exc.errno in _ANYWHERE:
        return True
    names = [n for n in (exc.filename, exc.filename2) if n]
    if not names:
        return False
    root = Path(out).resolve()
    for name in names:
        try:
            if Path(name).resolve().is_relative_to(root):
                return True
        except (OSError, RuntimeError, ValueError):
            continue
    return False
