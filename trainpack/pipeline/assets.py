"""Before decks are written: the master, the logo and every picture a deck names must be
inside the course folder (or our shipped files) and safe to open.

Deck pictures come from the rendered deck HTML, after placeholders are filled and
after a course's own template had its say, so they are checked here, at the last
moment, not only when the content is validated.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from trainpack.core.errors import BuildError, Problem, SourceLocation, problem
from trainpack.core.resources import TEMPLATES, THEMES
from trainpack.load.assets import inside, master_problem, picture_problem
from trainpack.render.deckspec import DeckSpec


def check_deck_assets(
    course_root: Path, decks: Iterable[DeckSpec], master: Path, logo: Path | None
) -> None:
    """Raise one BuildError listing every file a deck may not use, and why."""
    roots = [Path(course_root), TEMPLATES, THEMES]
    found: list[Problem] = []
    if not inside(master, roots):
        found.append(problem(master, None, None, "the master is outside the course folder"))
    else:
        reason = master_problem(master)
        if reason:
            found.append(
                problem(
                    master,
                    None,
                    None,
                    f"the master cannot be used: {reason}",
                    "save it from PowerPoint as a plain .pptx (no macros), or use a shipped theme",
                )
            )
    if logo is not None:
        reason = None if inside(logo, roots) else "it is outside the course folder"
        reason = reason or picture_problem(logo)
        if reason:
            found.append(problem(logo, None, None, f"the logo cannot be used: {reason}"))
    seen: set[Path] = set()
    for deck in decks:
        for slide in deck.slides:
            picture = slide.picture
            if picture is None or picture.path in seen:
                continue
            seen.add(picture.path)
            reason = None if inside(picture.path, roots) else "it is outside the course folder"
            reason = reason or picture_problem(picture.path)
            if reason:
                where = slide.origin or SourceLocation(Path(course_root))
                found.append(
                    Problem(
                        where,
                        f"picture '{picture.path.name}' cannot be used: {reason}",
                        "pictures must be PNG or JPEG files inside the module folder",
                    )
                )
    if found:
        raise BuildError(found)
