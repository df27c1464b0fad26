"""Part of stage 3: put a module (or course-wide text) into the edition's language and fill
its placeholders — on plain data, then validated again, so the result is as typed and as
well located (origins kept) as the English."""

from __future__ import annotations

from pathlib import Path
from typing import Any, TypeVar

from trainpack.core.base import validate_located
from trainpack.core.errors import SourceLocation
from trainpack.core.model import Base, Module, ProsePart, walk
from trainpack.core.placeholders import map_strings, substitute
from trainpack.load.catalog import Coverage, Entry, lookup, prose_texts, texts

T = TypeVar("T", bound=Base)
Values = dict[str, dict[str, str]]


def localise(
    obj: T, catalog: dict[str, Entry] | None, values: Values, coverage: Coverage, prefix: str = ""
) -> T:
    """``obj`` with its text translated (where ``catalog`` has it) and placeholders filled.

    ``prefix`` keeps contexts apart when one catalogue serves several objects (course-wide
    text and each audience share the course's catalogue)."""
    data = obj.model_dump(by_alias=True)
    origins = {loc: o.origin for o, loc in walk(obj) if o.origin is not None}
    contexts = {path: prefix + context for context, path, _ in texts(data)}

    def one(path: tuple, text: str) -> str:
        if catalog is not None and path in contexts:
            text = lookup(catalog, contexts[path], text, origin_of(origins, path), coverage)
        return substitute(text, values)

    return validate_located(type(obj), map_strings(data, one), origins.get)


def localise_module(
    module: Module, catalog: dict[str, Entry] | None, values: Values, coverage: Coverage
) -> Module:
    new = localise(module, catalog, values, coverage)
    prose: dict[str, list[ProsePart]] = {}
    for name in ("handout", "facilitator"):
        parts: list[dict[str, Any]] = [p.model_dump() for p in getattr(module, name)]
        where = SourceLocation(module.origin.path.parent / f"{name}.md") if module.origin else None
        for context, index, field, text in prose_texts(getattr(module, name), name):
            if catalog is not None and where is not None:
                text = lookup(
                    catalog,
                    context,
                    text,
                    SourceLocation(where.path, parts[index]["line"]),
                    coverage,
                )
            parts[index][field] = text
        prose[name] = [
            ProsePart.model_validate(
                {k: substitute(v, values) if isinstance(v, str) else v for k, v in part.items()}
            )
            for part in parts
        ]
    return new.model_copy(update={**prose, "folder": module.folder})  # keeps its origin


def origin_of(origins: dict[tuple, SourceLocation], path: tuple) -> SourceLocation:
    """The location of the nearest object that encloses ``path``."""
    for cut in range(len(path), -1, -1):
        origin = origins.get(tuple(path[:cut]))
        if origin is not None:
            return origin
    return SourceLocation(next(iter(origins.values())).path if origins else Path("module.yaml"))
