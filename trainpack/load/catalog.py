"""Module text in other languages: gettext PO overlays keyed by the content's own ids.

Each module folder may hold ``locales/<lang>.po`` (and the course folder ``locales/<lang>.po``
for course-wide text).  An entry's context is the text's place in the module, written with
ids where the content has them (``sections.indicators.slides.2.title``); its msgid is the
English it was translated from.  When the English changes, the entry is *stale*: the build
falls back to English with a warning until a translator updates it.  PO is what translators'
tools (Poedit, Weblate, Crowdin) read, and Babel reads and writes it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path
from typing import Any

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

from trainpack.core.atomic import replace_file
from trainpack.core.errors import Problem, SourceLocation, command
from trainpack.core.translation import Entry
from trainpack.load.safe_files import po_bytes

SKIP = {
    "id",
    "layout",
    "only",
    "except",
    "cites",
    "activity",
    "case_study",
    "image",
    "type",
    "method",
    "level",
    "section",
    "version",
    "defaults",
    "modules",
    "exclude_sections",
    "status",
    "paper",
    "icon",
    "as_of",
    "gender",
    "from",
    "exploitation",
}  # ids and settings, not text (icon names, case profiles' fixed vocabulary)
PROSE = ("handout", "facilitator")


@dataclass
class Coverage:
    """What a language still lacks: (context, where) pairs."""

    missing: list[tuple[str, SourceLocation]] = field(default_factory=list)
    stale: list[tuple[str, SourceLocation]] = field(default_factory=list)
    translated: int = 0


def texts(data: Any, path: tuple[Any, ...] = (), key: str = "") -> Iterator[tuple[str, tuple, str]]:
    """(context, data path, text) for every translatable string, in document order."""
    if isinstance(data, dict):
        for name, value in data.items():
            if name not in SKIP:
                part = name
                yield from texts(value, path + (name,), f"{key}.{part}" if key else part)
    elif isinstance(data, list):
        for index, value in enumerate(data):
            label = value.get("id") if isinstance(value, dict) and value.get("id") else index
            yield from texts(value, path + (index,), f"{key}.{label}")
    elif isinstance(data, str) and data.strip():
        yield key, path, data


def prose_texts(parts: list[Any], name: str) -> Iterator[tuple[str, int, str, str]]:
    """(context, index, field, text) for handout.md / facilitator.md parts."""
    for index, part in enumerate(parts):
        label = part.section or f"part{index}"
        if part.heading:
            yield f"{name}.{label}.{index}.heading", index, "heading", part.heading
        yield f"{name}.{label}.{index}.text", index, "markdown", part.markdown


_READ: dict[Path, tuple[bytes, dict[str, Entry]]] = {}  # unchanged files are not parsed again


def read_catalog(path: Path) -> dict[str, Entry]:
    if not path.is_file():
        return {}
    data = po_bytes(path)
    known = _READ.get(path)
    if known is not None and known[0] == data:
        return dict(known[1])
    catalog = read_po(BytesIO(data))
    entries = {
        str(m.context): Entry(str(m.id), str(m.string or ""), m.fuzzy, m.lineno)
        for m in catalog
        if m.id and m.context
    }
    if len(_READ) > 500:
        _READ.clear()
    _READ[path] = (data, entries)
    return dict(entries)


def lookup(
    catalog: dict[str, Entry], context: str, text: str, where: SourceLocation, coverage: Coverage
) -> str:
    """The translation of ``text`` at ``context``, or the English with the gap recorded."""
    entry = catalog.get(context)
    if entry is None or not entry.msgstr:
        coverage.missing.append((context, where))
        return text
    if entry.msgid != text or entry.fuzzy:
        coverage.stale.append((context, where))
        return text
    coverage.translated += 1
    return entry.msgstr


def update_catalog(
    path: Path, language: str, entries: list[tuple[str, str]], project: str
) -> tuple[int, int]:
    """Write ``path`` with every current (context, text); keep translations, flag changes.

    Returns (new entries, entries marked fuzzy because their English changed).
    """
    old = read_catalog(path)
    catalog = Catalog(locale=language.replace("-", "_"), project=project, fuzzy=False)
    if path.is_file():  # keep the translators' header comment (e.g. "draft, awaiting review")
        catalog.header_comment = read_po(BytesIO(po_bytes(path))).header_comment
    added = changed = 0
    for context, text in entries:
        entry = old.get(context)
        if entry is None:
            catalog.add(text, "", context=context)
            added += 1
        elif entry.msgid == text:
            catalog.add(
                text, entry.msgstr, context=context, flags=("fuzzy",) if entry.fuzzy else ()
            )
        else:
            catalog.add(
                text, entry.msgstr, context=context, flags=("fuzzy",), previous_id=entry.msgid
            )
            changed += 1
    buffer = BytesIO()
    write_po(buffer, catalog, width=0, include_previous=True, omit_header=False)
    replace_file(path, buffer.getvalue())  # never a half-written translator's file
    return added, changed


def coverage_problems(
    coverage: Coverage,
    language: str,
    label: str,
    severity: str = "warning",
    source: Path | str | None = None,
) -> list[Problem]:
    """One summarised problem per kind, pointing at the first place concerned."""
    found = []
    for kind, items, hint in (
        (
            "missing",
            coverage.missing,
            f"run `{command(f'translations --language {language}', source)}` to add the "
            "entries, then translate them",
        ),
        (
            "stale",
            coverage.stale,
            "the English changed since it was translated: update the "
            "translation and remove its 'fuzzy' flag",
        ),
    ):
        if items:
            context, where = items[0]
            more = (
                f" (first: {context}; {len(items) - 1} more)" if len(items) > 1 else f" ({context})"
            )
            found.append(
                Problem(
                    where,
                    f"{label}: {len(items)} {kind} {language} translation(s){more}",
                    hint,
                    severity,
                )
            )
    return found
