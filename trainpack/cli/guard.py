"""The top-level guard: an unexpected exception is our bug, told as such, exit 3.

A user's mistake is a ``BuildError`` with file:line and a hint; anything else that
escapes the pipeline must not look like one, and must not bury the terminal in a
traceback either.  ``--debug`` shows the traceback for the bug report.
"""

from __future__ import annotations

import errno
import sys
import traceback
from pathlib import Path

from trainpack.core.errors import BuildError, problem

BUG_REPORT = (
    "please report it (the command you ran, and the output of the same command with --debug)"
)


def internal_error(exc: BaseException, debug: bool) -> int:
    """Print a short 'internal error' line (or the traceback with --debug); return 3."""
    if debug:
        traceback.print_exception(type(exc), exc, exc.__traceback__, file=sys.stderr)
    what = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
    if len(what) > 300:
        what = what[:300] + "…"
    print(f"internal error: {what}", file=sys.stderr)
    print(f"  hint: this is a bug in trainpack, not in your course; {BUG_REPORT}", file=sys.stderr)
    return 3


def system_error(exc: OSError) -> BuildError:
    """An operating-system error outside a build's output (e.g. writing a PO file)."""
    where = Path(exc.filename) if exc.filename else Path(".")
    what = (exc.strerror or str(exc) or type(exc).__name__).lower()
    usage = exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS, errno.ENOTDIR, errno.EISDIR)
    hint = (
        "free some space and run the command again; the file was left as it was"
        if exc.errno in (errno.ENOSPC, errno.EDQUOT)
        else "check the path and its permissions, then run the command again"
    )
    return BuildError(
        [problem(where, None, None, f"cannot read or write this file: {what}", hint)],
        category="usage" if usage else "content",
    )
