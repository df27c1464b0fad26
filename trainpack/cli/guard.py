"""The top-level guard: an unexpected exception is our bug, told as such, exit 3.

A user's mistake is a ``BuildError`` with file:line and a hint; anything else that
escapes the pipeline must not look like one, and must not bury the terminal in a
traceback either.  ``--debug`` shows the traceback for the bug report.
"""

from __future__ import annotations

import sys
import traceback

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
