"""Named placeholders in content, resolved as data and never executed.

Authors write ``${country.emergency_number}`` or ``${term.child}`` in any text; an edition's
country pack and audience terminology supply the values.  Substitution is a plain lookup
(no expressions, no templates), and any ``${`` left afterwards is an error, so an
unresolved placeholder can never reach a slide or a handout.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from trainpack.core.errors import SourceLocation

PATTERN = re.compile(r"\$\{([a-z]+)\.([a-z][a-z0-9_]*)\}")
LEFTOVER = re.compile(r"\$\{[^}\n]*\}?")
NAMESPACES = ("country", "term")


@dataclass(frozen=True)
class PlaceholderUse:
    """One ``${namespace.key}`` written somewhere in the course."""

    namespace: str
    key: str
    location: SourceLocation

    @property
    def name(self) -> str:
        return f"{self.namespace}.{self.key}"


def find(text: str) -> Iterator[tuple[str, str, int]]:
    """(namespace, key, offset) of each placeholder in ``text``."""
    for match in PATTERN.finditer(text):
        yield match.group(1), match.group(2), match.start()


def leftovers(text: str) -> list[str]:
    """Anything that looks like a placeholder but is not a well-formed one."""
    well_formed = {m.span() for m in PATTERN.finditer(text)}
    return [m.group(0) for m in LEFTOVER.finditer(text) if m.span() not in well_formed]


def substitute(text: str, values: dict[str, dict[str, str]]) -> str:
    """Replace every placeholder whose value is known; leave the rest for the final scan."""

    def one(match: re.Match[str]) -> str:
        return values.get(match.group(1), {}).get(match.group(2), match.group(0))

    return PATTERN.sub(one, text) if "${" in text else text


def map_strings(
    data: Any, fn: Callable[[tuple[Any, ...], str], str], path: tuple[Any, ...] = ()
) -> Any:
    """Apply ``fn(path, text)`` to every string in plain YAML-like data."""
    if isinstance(data, dict):
        return {k: map_strings(v, fn, path + (k,)) for k, v in data.items()}
    if isinstance(data, list):
        return [map_strings(v, fn, path + (i,)) for i, v in enumerate(data)]
    if isinstance(data, str):
        return fn(path, data)
    return data
