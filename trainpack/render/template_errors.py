"""Which exceptions raised while rendering are a template's fault, and where.

A template error (bad syntax, an undefined name, ``1/0``, a refused escape, a
loop that never ends) is reported at the template's file:line, exit 1.  An
exception raised inside our own Python code while one of OUR templates runs is
our bug: it is not dressed up as the author's mistake (the top-level guard
reports it as an internal error).
"""

from __future__ import annotations

import traceback
from pathlib import Path

import jinja2
from jinja2.exceptions import SecurityError

from trainpack.core.errors import BuildError, problem

_JINJA = str(Path(jinja2.__file__).resolve().parent)


def template_error(
    exc: BaseException, name: str, what: str, dirs: list[Path], own: Path | None
) -> BuildError | None:
    """The BuildError for ``exc`` raised rendering ``name``; None when it is our bug."""
    if isinstance(exc, jinja2.TemplateSyntaxError):
        return _error(
            Path(exc.filename or name),
            exc.lineno,
            f"template syntax: {exc.message}",
            "fix the Jinja syntax in this template",
        )
    if isinstance(exc, jinja2.TemplateNotFound):
        path, line = template_frame(exc, dirs)
        return _error(
            path if line else Path(name),
            line,
            f"template not found: {exc.name}",
            "templates can only include templates from the course's templates/ folder or ours; "
            "searched: " + ", ".join(map(str, dirs)),
        )
    path, line = template_frame(exc, dirs)
    message = _one_line(exc)
    if isinstance(exc, SecurityError):
        return _error(
            path,
            line,
            f"template refused while rendering {what}: {message}",
            "templates may only show the data they are given: no internals, no files, "
            "no unbounded loops or sizes",
        )
    if isinstance(exc, jinja2.UndefinedError):
        return _error(
            path,
            line,
            f"template error while rendering {what}: {message}",
            "a template uses a name the content does not define; "
            "check the spelling against docs/authoring.md",
        )
    if isinstance(exc, jinja2.TemplateError) or line is None and isinstance(exc, RecursionError):
        return _error(path, line, f"template error while rendering {what}: {message}", "")
    if line is None:
        return None  # not raised while a template ran: our bug
    deepest = traceback.extract_tb(exc.__traceback__)[-1].filename
    in_template = any(_inside(deepest, d) for d in dirs) or deepest.startswith(_JINJA)
    course_template = own is not None and _inside(str(path), own)
    if not (in_template or course_template or isinstance(exc, RecursionError)):
        return None  # our Python code failed under our own template: a bug
    return _error(
        path,
        line,
        f"template error while rendering {what}: {type(exc).__name__}: {message}",
        "fix the expression on this template line",
    )


def template_frame(exc: BaseException, dirs: list[Path]) -> tuple[Path, int | None]:
    """Jinja rewrites tracebacks so template frames carry the template's file and line."""
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        if any(_inside(frame.filename, d) for d in dirs):
            return Path(frame.filename), frame.lineno
    return Path("templates"), None


def _inside(filename: str, folder: Path) -> bool:
    try:
        return Path(filename).resolve().is_relative_to(folder.resolve())
    except (OSError, ValueError, RuntimeError):
        return False


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text if len(text) <= 300 else text[:300] + "…"


def _error(path: Path, line: int | None, message: str, hint: str) -> BuildError:
    return BuildError([problem(path, line, None, message, hint)], category="template")
