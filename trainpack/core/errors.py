"""User-facing problems: where they are, what is wrong, how to fix it.

Two families never mix: a ``Problem`` (or a ``BuildError`` carrying problems)
is the author's mistake and is shown as a compiler-style message without a
traceback; any other exception is our bug.  Formatting happens only here.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class SourceLocation:
    """A place in a content or template file (1-based line and column)."""

    path: Path
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        text = _display_path(self.path)
        if self.line:
            text += f":{self.line}"
            if self.column:
                text += f":{self.column}"
        return text


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the course: an error, or a warning that --strict promotes."""

    location: SourceLocation
    message: str
    hint: str = ""
    severity: str = "error"

    def as_error(self) -> Problem:
        """--strict: a warning becomes an error; a note (information) stays a note."""
        if self.severity != "warning":
            return self
        return Problem(self.location, self.message, self.hint, "error")


@dataclass
class BuildError(Exception):
    """Stops a build because of the author's input; carries every problem found."""

    problems: list[Problem] = field(default_factory=list)
    category: str = "content"

    def __str__(self) -> str:
        return "\n".join(format_problem(p) for p in self.problems)


def problem(
    path: Path,
    line: int | None,
    column: int | None,
    message: str,
    hint: str = "",
    severity: str = "error",
) -> Problem:
    return Problem(SourceLocation(Path(path), line, column), message, hint, severity)


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """A hint listing the valid choices, with the closest spelling first."""
    options = sorted(set(choices))
    folded = {o.casefold(): o for o in options}  # 's1' is close to 'S1'
    close = [folded[c] for c in difflib.get_close_matches(str(word).casefold(), folded, 1, 0.6)]
    listing = ", ".join(options) if len(options) <= 12 else ", ".join(options[:12]) + ", …"
    text = f"use one of: {listing}" if options else "none are declared"
    return f"did you mean '{close[0]}'? ({text})" if close else text


def command(words: str, source: Path | str | None = None) -> str:
    """A command to suggest, with the --source the user is working on (not the shipped one).

    ``source`` is the course folder; the default ``modules`` next to the working directory
    needs no option."""
    text = f"python build.py {words}"
    if source is not None:
        folder = Path(source)
        if folder.resolve() != (Path.cwd() / "modules").resolve():
            text += f" --source {_display_path(folder)}"
    return text


def format_problem(p: Problem) -> str:
    """path:line:col: severity: message, the offending line with a caret, then the hint."""
    lines = [f"{p.location}: {p.severity}: {p.message}"]
    source = _source_line(p.location)
    if source is not None:
        text = source.rstrip("\n").replace("\t", " ")
        lines.append("    " + (text if len(text) <= 200 else text[:200] + " …"))
        if p.location.column and p.location.column <= 200:
            lines.append("    " + " " * (p.location.column - 1) + "^")
    if p.hint:
        lines.append(f"  hint: {p.hint}")
    return "\n".join(lines)


def _source_line(loc: SourceLocation) -> str | None:
    if not loc.line:
        return None
    try:
        with open(loc.path, encoding="utf-8", errors="replace") as handle:
            for number, text in enumerate(handle, 1):
                if number == loc.line:
                    return text
    except OSError:
        return None
    return None


def display_path(path: Path | str) -> str:
    """A path as the user would type it from where they ran the command."""
    return _display_path(Path(path))


def _display_path(path: Path) -> str:
    """Paths relative to the working directory read better in a terminal and in CI."""
    try:
        return str(Path(path).resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)
