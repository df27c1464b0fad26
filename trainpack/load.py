"""Stage 1: find the course's files and read them, reporting syntax errors only.

The result is a ``RawCourse``: plain data with line maps, not yet checked for
meaning.  Nothing here knows about templates or output formats.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from .errors import BuildError, Problem, problem
from .yamlsource import YamlDoc, load_yaml

_HEADING = re.compile(r"^##\s+(?P<title>.*?)\s*(\{#(?P<id>[a-z0-9-]+)\})?\s*$")
_FENCE = re.compile(r"^\s*(```|~~~)")


@dataclass
class RawProse:
    """One level-2 part of a module's Markdown file."""

    heading: str
    section: str | None
    markdown: str
    line: int
    column: int | None = None  # of the heading's {#section-id}, if it has one


@dataclass
class RawModule:
    folder: Path
    doc: YamlDoc
    handout: list[RawProse] = field(default_factory=list)
    facilitator: list[RawProse] = field(default_factory=list)


@dataclass
class RawCourse:
    root: Path
    course: YamlDoc | None = None
    sources: list[YamlDoc] = field(default_factory=list)
    audiences: list[YamlDoc] = field(default_factory=list)
    modules: list[RawModule] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def load_course(root: Path) -> RawCourse:
    """Read every file of the course folder; keep going after a bad file."""
    root = Path(root)
    raw = RawCourse(root)
    course_file = root / "course.yaml"
    if not course_file.is_file():
        raise BuildError([problem(course_file, None, None, "no course.yaml in the course folder",
                                  f"is '{root}' the course folder? It must hold course.yaml, "
                                  "sources/, audiences/ and one NN-name/ folder per module")],
                         category="usage")
    raw.course = _read(course_file, raw)
    raw.sources = [d for d in (_read(p, raw) for p in sorted((root / "sources").glob("*.yaml"))) if d]
    raw.audiences = [d for d in (_read(p, raw) for p in sorted((root / "audiences").glob("*.yaml")))
                     if d]
    for folder in sorted(p for p in root.iterdir() if p.is_dir() and (p / "module.yaml").exists()):
        doc = _read(folder / "module.yaml", raw)
        if doc is None:
            continue
        raw.modules.append(RawModule(folder, doc, _read_prose(folder / "handout.md"),
                                     _read_prose(folder / "facilitator.md")))
    return raw


def _read(path: Path, raw: RawCourse) -> YamlDoc | None:
    try:
        return load_yaml(path)
    except BuildError as exc:
        raw.problems.extend(exc.problems)
        return None


def _read_prose(path: Path) -> list[RawProse]:
    """Split Markdown at level-2 headings; ``{#id}`` ties a part to a section."""
    if not path.is_file():
        return []
    parts: list[RawProse] = []
    current: RawProse | None = None
    in_fence = False
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if _FENCE.match(line):
            in_fence = not in_fence
        match = None if in_fence else _HEADING.match(line)
        if match:
            current = RawProse(match["title"], match["id"], "", number,
                               match.start(2) + 1 if match["id"] else None)
            parts.append(current)
            continue
        if current is None:
            if not line.strip():
                continue
            current = RawProse("", None, "", number)
            parts.append(current)
        current.markdown += line + "\n"
    for part in parts:
        part.markdown = part.markdown.strip() + "\n"
    return parts
