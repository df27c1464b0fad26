"""Turn pydantic's validation errors into problems a trainer can act on.

Pydantic reports a ``loc`` path, an error ``type`` and context; we find the YAML
line for the path and choose a hint by type (did-you-mean for unknown keys and
layouts, the allowed values for choices, an example for missing keys).
"""

from __future__ import annotations

import difflib
import re
import types
import typing
from collections.abc import Mapping, Sequence
from typing import Any

from pydantic import BaseModel, ValidationError

from trainpack.core.errors import Problem, did_you_mean
from trainpack.core.model import LAYOUTS
from trainpack.load.yamlsource import Loc, YamlDoc

_EXAMPLES = {
    "title": "title: A short title",
    "duration": "duration: 20   # minutes",
    "id": "id: a-short-id",
    "layout": "layout: bullets",
    "bullets": "bullets: [First point]",
    "objectives": "objectives: [Describe …]",
    "summary": "summary: One sentence",
    "options": "options: [First, Second]",
    "answer": "answer: 1",
    "task": "task: What to do…",
    "story": "story: |",
    "questions": "questions: [A question?]",
}
_TYPE_WORDS = {
    "list_type": "a list (one '- item' per line, or [a, b])",
    "dict_type": "a group of 'key: value' lines",
    "model_type": "a group of 'key: value' lines",
    "model_attributes_type": "a group of 'key: value' lines",
    "string_type": "text",
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "int_from_float": "a whole number",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "float_parsing": "a number",
    "float_type": "a number",
}
_BOUNDS = {
    "greater_than": ("greater than", "gt"),
    "greater_than_equal": ("at least", "ge"),
    "less_than": ("less than", "lt"),
    "less_than_equal": ("at most", "le"),
}
# Checks that look at a whole block (model validators) are reported on the key they are about.
_VALUE_ERROR_KEYS: list[tuple[re.Pattern[str], Any]] = [
    (re.compile(r"^row (\d+) has"), lambda m: ("rows", int(m[1]) - 1)),
    (re.compile(r"^widths has"), lambda m: ("widths",)),
    (re.compile(r"^answer is"), lambda m: ("answer",)),
    (re.compile(r"^this image has no alt text"), lambda m: ("image",)),
]


def problems_from_validation(
    exc: ValidationError, doc: YamlDoc, model: type[BaseModel], base: Loc = ()
) -> list[Problem]:
    """One problem per pydantic error, located in ``doc`` and given a hint.

    A misspelt key (``titel``) is also a missing one (``title``): only the unknown
    key is reported, with its did-you-mean, so one mistake gives one problem.
    """
    found: list[Problem] = []
    seen: set[tuple[Any, ...]] = set()
    located = [(error, _data_loc(base + tuple(error["loc"]), doc.data)) for error in exc.errors()]
    misspelt = _misspelt_keys(located)
    for error, loc in located:
        if error["type"] == "missing" and loc and (loc[:-1], str(loc[-1])) in misspelt:
            continue
        item = _problem(error, loc, doc, model)
        key = (item.location, item.message)
        if key not in seen:
            seen.add(key)
            found.append(item)
    return found


def _misspelt_keys(located: Sequence[tuple[Mapping[str, Any], Loc]]) -> set[tuple[Loc, str]]:
    """(block, key) pairs whose missing key sits in the block under a close misspelling."""
    missing: dict[Loc, list[str]] = {}
    for error, loc in located:
        if error["type"] == "missing" and loc:
            missing.setdefault(loc[:-1], []).append(str(loc[-1]))
    found: set[tuple[Loc, str]] = set()
    for error, loc in located:
        if error["type"] == "extra_forbidden" and loc and loc[:-1] in missing:
            close = difflib.get_close_matches(str(loc[-1]), missing[loc[:-1]], n=1, cutoff=0.6)
            found.update((loc[:-1], name) for name in close)
    return found


def _problem(error: Mapping[str, Any], loc: Loc, doc: YamlDoc, model: type[BaseModel]) -> Problem:
    kind, ctx = error["type"], error.get("ctx") or {}
    value = error.get("input")
    name = str(loc[-1]) if loc else "file"
    if kind == "missing":
        example = _EXAMPLES.get(name, f"{name}: …")
        return Problem(
            doc.where(loc[:-1]), f"missing required key '{name}'", f"add `{example}` to this block"
        )
    if kind == "extra_forbidden":
        allowed = _allowed_keys(model, loc[:-1], doc.data)
        return Problem(
            doc.where(loc, at_key=True), f"unknown key '{name}'", did_you_mean(name, allowed)
        )
    if kind == "union_tag_invalid":
        return Problem(
            doc.where(loc + ("layout",)),
            f"unknown slide layout '{ctx.get('tag')}'",
            did_you_mean(str(ctx.get("tag")), LAYOUTS),
        )
    if kind == "union_tag_not_found":
        return Problem(
            doc.where(loc),
            "this slide has no 'layout:'",
            f"add `layout: bullets` (one of: {', '.join(LAYOUTS)})",
        )
    if kind == "literal_error":
        choices = re.findall(r"'([^']*)'", str(ctx.get("expected", "")))
        return Problem(
            doc.where(loc),
            f"'{value}' is not allowed for '{name}'",
            did_you_mean(str(value), choices),
        )
    if kind == "string_pattern_mismatch":
        return _pattern_problem(loc, doc, name, value)
    if kind == "string_too_short":
        return Problem(doc.where(loc), f"'{name}' is empty", "write the text, or remove the key")
    if kind in ("too_short", "too_long"):
        return _length_problem(kind, ctx, loc, doc, name, value)
    if kind in _BOUNDS:
        word, key = _BOUNDS[kind]
        return Problem(
            doc.where(loc),
            f"'{name}' is {_shown(value)} but must be {word} {ctx.get(key)}",
            f"change `{name}:` to a value {word} {ctx.get(key)}",
        )
    if kind in _TYPE_WORDS:
        return Problem(
            doc.where(loc),
            f"'{name}' should be {_TYPE_WORDS[kind]}, not {_shown(value)}",
            _type_hint(kind, name),
        )
    if kind == "value_error":
        message, _, hint = str(ctx.get("error", error["msg"])).partition("\n")
        return Problem(doc.where(loc + _value_error_key(message)), message, hint)
    # Our own words for anything else: pydantic's wording never reaches the user.
    return Problem(
        doc.where(loc),
        f"'{name}' cannot be {_shown(value)}",
        "see docs/keys.md for what this key accepts",
    )


def _length_problem(
    kind: str, ctx: dict[str, Any], loc: Loc, doc: YamlDoc, name: str, value: Any
) -> Problem:
    """'steps' has 7 items (at most 6): counted in the author's terms, not pydantic's."""
    count = len(value) if isinstance(value, (list, dict, str)) else None
    unit = "characters" if isinstance(value, str) else "items"
    if kind == "too_long":
        limit = ctx.get("max_length")
        message = f"'{name}' has {count} {unit}; at most {limit} are allowed"
        hint = f"shorten '{name}' to {limit} {unit} or fewer (split it across two blocks)"
    else:
        limit = ctx.get("min_length")
        message = f"'{name}' has {count or 'no'} {unit}; it needs at least {limit}"
        hint = f"add {unit} to '{name}' until it has {limit}"
    return Problem(doc.where(loc), message, hint)


def _value_error_key(message: str) -> Loc:
    for pattern, key in _VALUE_ERROR_KEYS:
        match = pattern.match(message)
        if match:
            return tuple(key(match))
    return ()


def _pattern_problem(loc: Loc, doc: YamlDoc, name: str, value: Any) -> Problem:
    parent = str(loc[-2]) if len(loc) > 1 and isinstance(loc[-1], int) else name
    if parent == "cites" or (doc.path.parent.name == "sources" and loc[:1] == ("sections",)):
        return Problem(
            doc.where(loc),
            f"'{value}' is not a section id",
            "a section id is a short word without spaces, as its source declares it "
            f"(e.g. S1, 4.2, A-3, G7.2), in {doc.path.parent.parent / 'sources'}",
        )
    suggestion = re.sub(r"[^a-z0-9]+", "-", str(value).lower()).strip("-") or "my-id"
    return Problem(
        doc.where(loc),
        f"'{value}' is not a valid id",
        f"ids use lower-case letters, digits and hyphens, e.g. '{suggestion}'",
    )


def _type_hint(kind: str, name: str) -> str:
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return f"write a whole number, e.g. `{name}: 20`"
    if kind in ("list_type",):
        return f"write `{name}:` and then one `- item` per line"
    if kind in ("bool_type", "bool_parsing"):
        return f"write `{name}: true` or `{name}: false`"
    if kind == "string_type":
        return "put the text in double quotes"
    return "see docs/authoring.md for this block's keys"


def _shown(value: Any) -> str:
    if isinstance(value, dict):
        return "a group of keys"
    if isinstance(value, list):
        return "a list"
    text = repr(value)
    return text if len(text) < 40 else text[:37] + "…"


def _data_loc(loc: Loc, data: Any) -> Loc:
    """Drop pydantic's union tags (e.g. 'bullets', 'str') that have no place in the YAML.

    A slide's layout tag follows its list index and may equal one of its keys (a
    ``bullets`` slide has a ``bullets`` key), so it is recognised by position first.
    """
    out: list[Any] = []
    current = data
    previous: Any = None
    for index, part in enumerate(loc):
        last = index == len(loc) - 1
        is_tag = (
            isinstance(previous, int)
            and isinstance(current, dict)
            and isinstance(part, str)
            and current.get("layout") == part
        )
        previous = part
        if is_tag:
            continue
        if _steps_into(current, part):
            out.append(part)
            current = current[part]
        elif last and isinstance(current, dict):
            out.append(part)
        elif isinstance(current, (dict, list)):
            continue
    return tuple(out)


def _steps_into(current: Any, part: Any) -> bool:
    """Whether ``part`` (a list index or a key) exists in ``current``."""
    if isinstance(current, list):
        return isinstance(part, int) and part < len(current)
    return isinstance(current, dict) and isinstance(part, str) and part in current


def _allowed_keys(model: type[BaseModel], loc: Loc, data: Any) -> list[str]:
    """The keys the model accepts at ``loc``, following lists and the slide union."""
    current: Any = model
    for part in loc:
        if isinstance(data, (list, dict)):
            try:
                data = data[part]
            except (KeyError, IndexError, TypeError):
                data = None
        if isinstance(part, int):
            current = _item_type(current)
        elif isinstance(current, type) and issubclass(current, BaseModel):
            field = _field_by_key(current, part)
            current = field.annotation if field else None
        current = _resolve(current, data)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return [f.alias or k for k, f in current.model_fields.items() if not f.exclude]
    return []


def _field_by_key(model: type[BaseModel], key: str) -> Any:
    for name, field in model.model_fields.items():
        if key in (name, field.alias):
            return field
    return None


def _item_type(tp: Any) -> Any:
    args = typing.get_args(tp)
    return args[0] if args else None


def _resolve(tp: Any, data: Any) -> Any:
    """Unwrap Annotated/Optional/Union down to the model the data is meant to be."""
    while True:
        origin = typing.get_origin(tp)
        if origin is typing.Annotated:
            tp = typing.get_args(tp)[0]
        elif origin in (typing.Union, types.UnionType):
            models = [
                a for a in typing.get_args(tp) if isinstance(a, type) and issubclass(a, BaseModel)
            ]
            others = [a for a in typing.get_args(tp) if a is not type(None)]
            if isinstance(data, dict) and "layout" in data:
                models = [m for m in models if data["layout"] in _layout_values(m)] or models
            tp = models[0] if models else (others[0] if others else None)
            if not models:
                return tp
        else:
            return tp


def _layout_values(model: type[BaseModel]) -> tuple[str, ...]:
    field = model.model_fields.get("layout")
    return typing.get_args(field.annotation) if field else ()
