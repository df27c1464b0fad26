"""White space as HTML and the slide clients treat it: spaces, tabs and line breaks fold and
break lines; a no-break space (before a spaced dash, a French colon) does neither.

Python's ``str.split()`` treats U+00A0 and U+202F as white space, which would undo the
typography pass wherever text is folded or measured.
"""

from __future__ import annotations

import re

_SPACE = re.compile(r"[ \t\n\r\f]+")
SPACES = " \t\n\r\f"


def words(text: str) -> list[str]:
    """The pieces a line may break between."""
    return [w for w in _SPACE.split(text) if w]


def fold(text: str) -> str:
    """Runs of white space to one space, trimmed."""
    return " ".join(words(text))
