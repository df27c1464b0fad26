"""The deck HTML vocabulary: a slide's ``data-layout`` must be one the writer draws.

A course's own deck template may name any layout; an unknown one is the template's
mistake, reported at the template line that writes it (not a KeyError in the writer).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from trainpack.core.errors import BuildError, did_you_mean, problem
from trainpack.render.deckspec import DeckSpec


def check_layouts(decks: Iterable[DeckSpec], known: Iterable[str], dirs: list[Path]) -> None:
    """Raise a BuildError naming each unknown ``data-layout`` at its template line."""
    names = set(known)
    unknown = sorted({s.layout for d in decks for s in d.slides if s.layout not in names})
    if not unknown:
        return
    problems = []
    for layout in unknown:
        path, line = _written_at(layout, dirs)
        problems.append(
            problem(
                path,
                line,
                None,
                f'unknown slide layout data-layout="{layout}" in the deck HTML',
                did_you_mean(layout, names),
            )
        )
    raise BuildError(problems, category="template")


def _written_at(layout: str, dirs: list[Path]) -> tuple[Path, int | None]:
    pattern = re.compile(r"data-layout\s*=\s*[\"']?" + re.escape(layout) + r"\b")
    for folder in dirs:
        for path in sorted((folder / "deck").glob("*.j2")):
            try:
                lines = path.read_text("utf-8", errors="replace").splitlines()
            except OSError:
                continue
            for number, text in enumerate(lines, 1):
                if pattern.search(text):
                    return path, number
    return (dirs[0] / "deck" / "deck.html.j2") if dirs else Path("templates"), None
