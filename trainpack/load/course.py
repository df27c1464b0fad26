"""Stage 1: find the course's files and read them, reporting syntax errors only.

The result is a ``RawCourse``: plain data with line maps, not yet checked for
meaning.  Nothing here knows about templates or output formats.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from trainpack.core.errors import BuildError, Problem, problem
from trainpack.core.resources import THEMES
from trainpack.load.catalog import Entry, read_catalog
from trainpack.load.safe_files import read_text
from trainpack.load.yamlsource import YamlDoc, load_yaml

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
    body_line: int = 0  # line of the first non-blank line of the part's text


@dataclass
class RawModule:
    folder: Path
    doc: YamlDoc
    handout: list[RawProse] = field(default_factory=list)
    facilitator: list[RawProse] = field(default_factory=list)
    catalogs: dict[str, dict[str, Entry]] = field(default_factory=dict)  # language -> PO


@dataclass
class RawCourse:
    root: Path
    course: YamlDoc | None = None
    sources: list[YamlDoc] = field(default_factory=list)
    audiences: list[YamlDoc] = field(default_factory=list)
    modules: list[RawModule] = field(default_factory=list)
    editions: list[YamlDoc] = field(default_factory=list)
    countries: list[YamlDoc] = field(default_factory=list)
    languages: YamlDoc | None = None
    catalogs: dict[str, dict[str, Entry]] = field(default_factory=dict)  # course-wide text
    theme_ids: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def load_course(root: Path) -> RawCourse:
    """Read every file of the course folder; keep going after a bad file."""
    root = Path(root)
    raw = RawCourse(root)
    course_file = root / "course.yaml"
    if not course_file.is_file():
        raise BuildError(
            [
                problem(
                    course_file,
                    None,
                    None,
                    "no course.yaml in the course folder",
                    f"is '{root}' the course folder? It must hold course.yaml, "
                    "sources/, audiences/ and one NN-name/ folder per module",
                )
            ],
            category="usage",
        )
    raw.course = _read(course_file, raw)
    raw.sources = [
        d for d in (_read(p, raw) for p in sorted((root / "sources").glob("*.yaml"))) if d
    ]
    raw.audiences = _read_all(root / "audiences", raw)
    raw.editions = _read_all(root / "editions", raw)
    raw.countries = _read_all(root / "countries", raw)
    if (root / "languages.yaml").is_file():
        raw.languages = _read(root / "languages.yaml", raw)
    raw.catalogs = _read_catalogs(root / "locales", raw)
    raw.theme_ids = sorted(
        {p.parent.name for d in (root / "themes", THEMES) for p in d.glob("*/theme.yaml")}
    )
    for folder in sorted(p for p in root.iterdir() if p.is_dir() and (p / "module.yaml").exists()):
        doc = _read(folder / "module.yaml", raw)
        if doc is None:
            continue
        raw.modules.append(
            RawModule(
                folder,
                doc,
                _read_prose(folder / "handout.md", raw),
                _read_prose(folder / "facilitator.md", raw),
                _read_catalogs(folder / "locales", raw),
            )
        )
    return raw


def _read_all(folder: Path, raw: RawCourse) -> list[YamlDoc]:
    return [d for d in (_read(p, raw) for p in sorted(folder.glob("*.yaml"))) if d]


def _read_catalogs(folder: Path, raw: RawCourse) -> dict[str, dict[str, Entry]]:
    """Translations of content: locales/<language>.po."""
    found = {}
    for path in sorted(folder.glob("*.po")):
        try:
            found[path.stem] = read_catalog(path)
        except BuildError as exc:  # too large, not UTF-8
            raw.problems.extend(exc.problems)
        except Exception as exc:  # Babel raises several kinds for a malformed PO file
            raw.problems.append(
                problem(
                    path,
                    getattr(exc, "lineno", None),
                    None,
                    f"cannot read this translation file: {exc}",
                    "check the PO syntax (msgctxt, msgid, msgstr), e.g. with `msgfmt --check`",
                )
            )
    return found


def _read(path: Path, raw: RawCourse) -> YamlDoc | None:
    try:
        return load_yaml(path)
    except BuildError as exc:
        raw.problems.extend(exc.problems)
        return None


def _read_prose(path: Path, raw: RawCourse) -> list[RawProse]:
    """Split Markdown at level-2 headings; ``{#id}`` ties a part to a section."""
    if not path.is_file():
        return []
    try:
        text = read_text(path)  # size-checked; a BOM dropped; not UTF-8 is an error
    except BuildError as exc:
        raw.problems.extend(exc.problems)
        return []
    parts: list[RawProse] = []
    current: RawProse | None = None
    in_fence = False
    for number, line in enumerate(text.splitlines(), 1):
        if _FENCE.match(line):
            in_fence = not in_fence
        match = None if in_fence else _HEADING.match(line)
        if match:
            current = RawProse(
                match["title"], match["id"], "", number, match.start(2) + 1 if match["id"] else None
            )
            parts.append(current)
            continue
        if current is None:
            if not line.strip():
                continue
            current = RawProse("", None, "", number)
            parts.append(current)
        if line.strip() and not current.body_line:
            current.body_line = number
        current.markdown += line + "\n"
    for part in parts:
        part.markdown = part.markdown.strip() + "\n"
    return parts
