"""Translations are content too: a mistake in a .po entry is reported at that entry.

A translator may misspell a placeholder (``${country.nrm_contakt}``) or drop one; that is
found here, at the .po file and line, rather than later at the English YAML it came from.
"""

from __future__ import annotations

from pathlib import Path

from trainpack.core.errors import Problem, did_you_mean, problem
from trainpack.core.placeholders import find, leftovers
from trainpack.core.translation import Entry
from trainpack.load.course import RawCourse


def translation_problems(raw: RawCourse) -> list[Problem]:
    """Placeholders a translation adds, misspells or malforms, at the .po entry's line."""
    found: list[Problem] = []
    catalogues: list[tuple[Path, dict[str, Entry]]] = [
        (raw.root / "locales" / f"{lang}.po", entries) for lang, entries in raw.catalogs.items()
    ]
    for module in raw.modules:
        catalogues += [
            (module.folder / "locales" / f"{lang}.po", entries)
            for lang, entries in module.catalogs.items()
        ]
    for path, entries in catalogues:
        for context, entry in entries.items():
            if entry.msgstr:
                found += _entry_problems(path, context, entry)
    return found


def _entry_problems(path: Path, context: str, entry: Entry) -> list[Problem]:
    english = {f"${{{ns}.{key}}}" for ns, key, _ in find(entry.msgid)}
    found = []
    for ns, key, _ in find(entry.msgstr):
        name = f"${{{ns}.{key}}}"
        if name not in english:
            found.append(
                problem(
                    path,
                    _msgstr_line(path, entry.line),
                    None,
                    f"the translation of '{context}' uses {name}, which its English does not",
                    "copy placeholders from the msgid exactly; "
                    + did_you_mean(name, english)
                    + " (placeholders are never translated)",
                )
            )
    for bad in leftovers(entry.msgstr):
        found.append(
            problem(
                path,
                _msgstr_line(path, entry.line),
                None,
                f"malformed placeholder '{bad}' in the translation of '{context}'",
                "copy the placeholder from the msgid exactly, e.g. ${country.key}",
            )
        )
    return found


def _msgstr_line(path: Path, msgid_line: int | None) -> int | None:
    """The msgstr line of the entry whose msgid starts at ``msgid_line``."""
    if not msgid_line:
        return None
    try:
        lines = path.read_text("utf-8").splitlines()
    except OSError:
        return msgid_line
    for number in range(msgid_line, min(len(lines), msgid_line + 40) + 1):
        if lines[number - 1].startswith("msgstr"):
            return number
    return msgid_line
