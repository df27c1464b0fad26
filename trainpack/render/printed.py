"""The rest of the pack a trainer prints: pre- and post-course test, evaluation form,
sign-in sheet and certificates of attendance, rendered like the agenda (HTML for the PDF
writer), in the edition's language and theme.

Each piece has its own file, manifest kind and template under templates/printed/.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from trainpack.core.drafts import drafts
from trainpack.tailor.edition import Edition
from trainpack.tailor.prepost import TestItem, prepost_items


@dataclass(frozen=True)
class Piece:
    file: str
    kind: str
    title: str  # English, for the PDF's title property
    template: str


PIECES = (
    Piece("pre-course-test.pdf", "pre-course-test", "Pre-course test", "printed/test.html.j2"),
    Piece("post-course-test.pdf", "post-course-test", "Post-course test", "printed/test.html.j2"),
    Piece(
        "evaluation-form.pdf", "evaluation-form", "Evaluation form", "printed/evaluation.html.j2"
    ),
    Piece("sign-in-sheet.pdf", "sign-in-sheet", "Sign-in sheet", "printed/sign-in.html.j2"),
    Piece(
        "certificates.pdf",
        "certificate",
        "Certificates of attendance",
        "printed/certificate.html.j2",
    ),
)
BY_FILE = {p.file: p for p in PIECES}
GENERIC_DAY = re.compile(r"^\s*(day|день|اليوم)\s*\d+\s*$", re.IGNORECASE)


def printed_context(edition: Edition) -> dict[str, object]:
    """Template globals the printed pieces and the guide's appendix share."""
    return {
        "prepost": prepost_items(edition.modules),
        "country_drafts": drafts(edition.country) if edition.country else [],
        "course_dates": course_dates(edition),
    }


def course_dates(edition: Edition) -> list[str]:
    """The days' dates as written in the edition, unless they are only 'Day 1', 'Day 2'."""
    days = edition.agenda.days if edition.agenda else []
    dates = [d.day.date for d in days if d.day.date]
    return [] if not dates or any(GENERIC_DAY.match(d) for d in dates) else dates


def printed_pieces(renderer, participants: Sequence[str] | None = None) -> dict[str, str]:
    """file name -> HTML for every printed piece (``renderer`` is a render.Renderer)."""
    names = [n for n in (participants or []) if n.strip()]
    html = {}
    for piece in PIECES:
        context: dict[str, object] = {"piece": piece.kind}
        if piece.kind == "certificate":
            context["names"] = names or [""]
        if piece.kind == "sign-in-sheet":
            context["names"] = names
        html[piece.file] = renderer._render(piece.template, f"the {piece.title.lower()}", **context)
    return html


__all__ = ["PIECES", "BY_FILE", "TestItem", "printed_context", "printed_pieces", "course_dates"]
