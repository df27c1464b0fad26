"""Country-pack values as content sees them: drafts unmarked, the "as of" date in words.

A value beginning ``VERIFY:`` is a draft a trainer must still check.  ``check`` warns about
it and the facilitator guide lists it, but a slide or handout never shows the marker, so the
value is printed without it.  ``${country.as_of}`` is the pack's ``as_of`` date in words.
"""

from __future__ import annotations

import re

from trainpack.core.model_editions import CountryPack

MARKER = re.compile(r"^\s*VERIFY:\s*")

MONTHS = {
    "en": "January February March April May June July August September October November December",
    "uk": "січень лютий березень квітень травень червень липень серпень вересень жовтень "
    "листопад грудень",
    "ar": "يناير فبراير مارس أبريل مايو يونيو يوليو أغسطس سبتمبر أكتوبر نوفمبر ديسمبر",
}


def is_draft(value: str) -> bool:
    return bool(MARKER.match(value))


def unmarked(value: str) -> str:
    """The value without its VERIFY marker (what is printed)."""
    return MARKER.sub("", value, count=1)


def drafts(pack: CountryPack) -> list[tuple[str, str]]:
    """(key, value without marker) for every draft value, in the pack's order."""
    return [(k, unmarked(v)) for k, v in pack.values.items() if is_draft(v)]


def as_of_text(as_of: str, language: str = "en") -> str:
    """'2026-12' -> 'December 2026' (in the language, where its month names are known)."""
    match = re.fullmatch(r"(\d{4})-(\d{2})", as_of.strip())
    if not match or not 1 <= int(match.group(2)) <= 12:
        return as_of
    names = MONTHS.get(language.split("-")[0], MONTHS["en"]).split()
    return f"{names[int(match.group(2)) - 1]} {match.group(1)}"


def placeholder_values(pack: CountryPack, language: str = "en") -> dict[str, str]:
    """The values ``${country.key}`` resolves to, including ``as_of``."""
    values = {k: unmarked(v) for k, v in pack.values.items()}
    if pack.as_of:
        values.setdefault("as_of", as_of_text(pack.as_of, language))
    return values
