"""One translated text from a PO catalogue: what the course carries between stages."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Entry:
    msgid: str
    msgstr: str
    fuzzy: bool
    line: int | None = None  # of the entry in its .po file, for problems found in it
