"""Document properties every output carries, taken from the course and never from a library.

Two builds of the same input must give the same bytes, so the date written into decks,
PDFs and zip entries is the course's own (``date:`` in course.yaml, else a version that
starts with a year, e.g. ``2026.1``) or ``SOURCE_DATE_EPOCH`` when a packager sets it —
never the clock.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import datetime, timezone

FALLBACK_DATE = datetime(2000, 1, 1, tzinfo=timezone.utc)


@dataclass(frozen=True)
class DocProperties:
    """What a deck or PDF says about itself (File > Properties)."""

    title: str
    subject: str = ""
    author: str = ""
    organisation: str = ""
    language: str = "en-GB"
    date: datetime = FALLBACK_DATE
    keywords: str = ""


def course_date(date: str | None, version: str | None) -> datetime:
    """SOURCE_DATE_EPOCH wins; then course.yaml's date; then a version like 2026.1."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), timezone.utc)
    for text in (date, version):
        found = re.match(r"^(\d{4})(?:[-.](\d{1,2}))?(?:[-.](\d{1,2}))?", str(text or ""))
        if found:
            year, month, day = (int(g) if g else 1 for g in found.groups())
            try:
                return datetime(year, max(1, min(month, 12)), day, tzinfo=timezone.utc)
            except ValueError:
                return datetime(year, max(1, min(month, 12)), 1, tzinfo=timezone.utc)
    return FALLBACK_DATE
