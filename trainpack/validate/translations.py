"""Translations are content too: a mistake in a .po entry is reported at that entry.

A translator may misspell a placeholder (``${country.nrm_contakt}``) or drop one; that is
found here, at the .po file and line, rather than later at the English YAML it came from.
"""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

from babel.messages.pofile import read_po

from trainpack.core.errors import BuildError, Problem, did_you_mean, problem
from trainpack.core.model_editions import Languages
from trainpack.core.placeholders import find, leftovers
from trainpack.core.resources import TEMPLATES
from trainpack.core.translation import Entry
from trainpack.load.course import RawCourse
from trainpack.load.safe_files import po_bytes


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
                    msgstr_line(path, entry.line),
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
                msgstr_line(path, entry.line),
                None,
                f"malformed placeholder '{bad}' in the translation of '{context}'",
                "copy the placeholder from the msgid exactly, e.g. ${country.key}",
            )
        )
    return found


def msgstr_line(path: Path, msgid_line: int | None) -> int | None:
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


def template_gaps(root: Path, languages: Languages | None, declared: Path) -> list[Problem]:
    """A warning for each edition language whose template catalogue lacks labels the
    templates print (headings, "Page N of M", the agenda): those come out in English."""
    if languages is None:
        return []
    wanted = _messages(TEMPLATES / "locales" / "messages.pot", translated=False)
    found: list[Problem] = []
    for language in languages.languages:
        own = root / "templates" / "locales" / language.code / "LC_MESSAGES" / "messages.po"
        shipped = TEMPLATES / "locales" / language.code / "LC_MESSAGES" / "messages.po"
        path = own if own.is_file() else shipped
        if not path.is_file():
            found.append(
                problem(
                    declared,
                    None,
                    None,
                    f"no template translations for '{language.code}': headings and labels "
                    "of its editions print in English",
                    f"run `python build.py new language {language.code}` and translate "
                    "templates/locales (docs/translating.md)",
                    severity="warning",
                )
            )
            continue
        done = set(_messages(path, translated=True))
        missing = [m for m in wanted if m not in done]
        if missing:
            found.append(
                problem(
                    path,
                    None,
                    None,
                    f"{len(missing)} template string(s) not translated into "
                    f"'{language.code}' (first: '{missing[0][:60]}'): they print in English",
                    "update the catalogue from templates/locales/messages.pot and translate "
                    "the new entries (docs/translating.md: pybabel update)",
                    severity="warning",
                )
            )
    return found


def _messages(path: Path, translated: bool) -> list[str]:
    """The message ids of a catalogue (only those translated and not fuzzy, if asked)."""
    try:
        catalog = read_po(BytesIO(po_bytes(path)))
    except BuildError:
        raise
    except Exception:  # a malformed catalogue is reported where the build reads it
        return []
    return [
        m.id if isinstance(m.id, str) else m.id[0]
        for m in catalog
        if m.id and (not translated or (m.string and not m.fuzzy))
    ]
