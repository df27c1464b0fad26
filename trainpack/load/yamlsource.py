"""Read YAML into plain Python data while remembering where every key and value sits.

ruamel.yaml (YAML 1.2, so ``no`` stays the word "no") keeps line/column marks on
its round-trip containers; we copy them into a map keyed by the path of keys and
list indexes that pydantic also uses in its error ``loc``.
"""

from __future__ import annotations

import contextlib
import datetime
import hashlib
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import (
    CommentedMap,
    CommentedOrderedMap,
    CommentedSeq,
    CommentedSet,
    TaggedScalar,
)
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from trainpack.core.errors import BuildError, Problem, SourceLocation, problem
from trainpack.core.limits import MAX_ALIAS_USES, MAX_NESTING, MAX_SCALAR, MAX_YAML_NODES
from trainpack.load.safe_files import read_text

Loc = tuple[Any, ...]

_SYNTAX_HINTS = [
    (
        "mapping values are not allowed",
        "text containing ': ' must be quoted: put the whole text in double quotes "
        '("…"), or write `key: |` and put the text on the next lines, indented',
    ),
    ("found character '\\t'", "YAML does not allow tabs for indentation: use spaces"),
    (
        "found undefined alias",
        "text starting with '*' or '&' must be quoted: put it in double quotes",
    ),
    (
        "expected alphabetic or numeric character",
        "text starting with '*' or '&' must be quoted: put it in double quotes",
    ),
    ("found unexpected end of stream", "a quote is not closed: add the closing quote mark"),
    (
        "while scanning a quoted scalar",
        "a quote is not closed: add the closing quote mark, "
        "or put text that contains an apostrophe in double quotes",
    ),
    ("found duplicate key", "each key may appear once in a mapping: remove or rename one"),
    (
        "expected <block end>",
        "check the indentation: items of one list or mapping must line "
        "up, and text with an apostrophe at the start must be in double quotes",
    ),
    ("did not find expected key", "check the indentation and quoting of the line above"),
    ("could not find expected ':'", "a key needs a colon, or a quoted text is not closed"),
    ("did not find expected '-' indicator", "list items must line up under each other"),
    ("found a tab character", "YAML does not allow tabs for indentation: use spaces"),
]


@dataclass
class YamlDoc:
    """A loaded YAML file: plain data plus the position of each key and value."""

    path: Path
    data: Any
    values: dict[Loc, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Loc, tuple[int, int]] = field(default_factory=dict)

    def where(self, loc: Loc, at_key: bool = False) -> SourceLocation:
        """Location of ``loc``, or of its nearest ancestor the file has."""
        for cut in range(len(loc), -1, -1):
            prefix = tuple(loc[:cut])
            table = self.keys if at_key and cut == len(loc) else self.values
            if prefix in table:
                line, col = table[prefix]
                return SourceLocation(self.path, line + 1, col + 1)
        return SourceLocation(self.path, 1, 1)


_CACHE_LIMIT = 1 << 20
_FORMAT = b"trainpack parsed yaml 2\0"  # change when YamlDoc's shape changes
_PARSED: dict[tuple[str, str], str] = {}  # (path, sha256) -> the parse, as JSON text
_PENDING: dict[str, str] = {}  # sha256 -> JSON text not yet written to the cache folder
_CACHE: list[Path] = []  # a folder that keeps parses between runs (under the output folder)


def use_parse_cache(folder: Path | None) -> None:
    """Keep parsed files in ``folder`` (keyed by their bytes), so an unchanged course is not
    parsed again by the next build: ruamel's round-trip parser is most of a check's time."""
    _CACHE[:] = [Path(folder)] if folder is not None else []


def load_yaml(path: Path) -> YamlDoc:
    """Parse one file; a syntax error becomes a BuildError at the loader's own mark.

    Parses are cached as JSON text, never as live objects or pickles: every caller gets
    its own copy to change, and a cache file planted in an output folder is only data."""
    try:  # a file too large to cache is left to _parse, which refuses it clearly
        raw = Path(path).read_bytes() if Path(path).stat().st_size <= _CACHE_LIMIT else None
    except OSError:
        raw = None
    key = (str(path), hashlib.sha256(_FORMAT + raw).hexdigest()) if raw is not None else None
    cached = _from_json(Path(path), _cached(key)) if key else None
    if cached is not None:
        return cached
    doc = _parse(path)
    if key is not None:
        _PARSED[key] = _PENDING[key[1]] = _to_json(doc)
    return doc


def _to_json(doc: YamlDoc) -> str:
    def marks(table: dict[Loc, tuple[int, int]]) -> list[list[Any]]:
        return [[list(loc), line, col] for loc, (line, col) in table.items()]

    return json.dumps({"data": doc.data, "values": marks(doc.values), "keys": marks(doc.keys)})


def _from_json(path: Path, text: str | None) -> YamlDoc | None:
    """A cached parse, or None when there is none or it is not one this version wrote."""
    if text is None:
        return None
    try:
        found = json.loads(text)
        doc = YamlDoc(path, found["data"])
        for table, name in ((doc.values, "values"), (doc.keys, "keys")):
            for loc, line, col in found[name]:
                table[tuple(loc)] = (int(line), int(col))
    except (ValueError, TypeError, KeyError, AttributeError, RecursionError):
        return None
    return doc


def _cached(key: tuple[str, str]) -> str | None:
    if key in _PARSED:
        return _PARSED[key]
    for folder in _CACHE:
        file = folder / f"{key[1]}.json"
        try:  # a parse is a few times its source; anything far larger was not written here
            if file.stat().st_size > 16 * _CACHE_LIMIT:
                continue
            text = file.read_text("utf-8")
        except (OSError, UnicodeError):
            continue
        _PARSED[key] = text
        return text
    return None


def save_parse_cache() -> None:
    """Write the parses made since the last save (after a build succeeded: a refused build
    leaves no output folder behind)."""
    for folder in _CACHE:
        for name, text in _PENDING.items():
            try:
                folder.mkdir(parents=True, exist_ok=True)
                temporary = folder / f".{name}.{os.getpid()}.tmp"
                temporary.write_text(text, "utf-8")
                os.replace(temporary, folder / f"{name}.json")
            except OSError:
                break  # a cache that cannot be written is only slower
    _PENDING.clear()


def _parse(path: Path) -> YamlDoc:
    """Parse one file; a syntax error becomes a BuildError at the loader's own mark.

    The file is size-checked and decoded by ``safe_files.read_text`` (BOMs, UTF-16,
    a clear error for other encodings); aliases, nesting and tags are bounded while
    converting (see ``_Budget``), so an alias bomb or a ``!!python/…`` tag is an error.
    """
    yaml = YAML(typ="rt")
    text = read_text(Path(path))
    deep = _nesting_line(text)
    if deep:
        raise BuildError([_too_deep(Path(path), SourceLocation(Path(path), deep))])
    try:
        raw = yaml.load(text)
    except MarkedYAMLError as exc:
        raise BuildError([_syntax_problem(Path(path), exc)]) from None
    except YAMLError as exc:
        raise BuildError([problem(path, None, None, f"YAML error: {exc}")]) from None
    except RecursionError:
        raise BuildError([_too_deep(Path(path), SourceLocation(Path(path)))]) from None
    doc = YamlDoc(Path(path), None)
    try:
        doc.data = _plain(raw, (), doc, _Budget())
    except RecursionError:
        raise BuildError([_too_deep(Path(path), SourceLocation(Path(path)))]) from None
    doc.values.setdefault((), (0, 0))
    return doc


def _syntax_problem(path: Path, exc: MarkedYAMLError) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    if exc.context_mark and "end of stream" in (exc.problem or ""):
        # The end of the file says nothing; where the unclosed quote (the context) began does.
        mark = exc.context_mark
    what = exc.problem or exc.context or "YAML syntax error"
    context = f" ({exc.context})" if exc.context and exc.problem else ""
    text = f"{what}{context}"
    hint = next(
        (h for key, h in _SYNTAX_HINTS if key in text), "check the YAML syntax on this line"
    )
    line = mark.line + 1 if mark else None
    column = mark.column + 1 if mark else None
    # A colon inside unquoted text is reported on the colon; the echoed line shows it.
    return problem(path, line, column, f"YAML syntax: {text}", hint)


_STANDARD_TAGS = {f"tag:yaml.org,2002:{t}" for t in ("str", "int", "float", "bool", "null")}


class _Budget:
    """Counts values and alias uses while converting one file."""

    def __init__(self) -> None:
        self.nodes = 0
        self.seen: dict[int, int] = {}  # id of a container -> times reached (aliases reuse it)
        self.path: set[int] = set()  # containers on the way down (a cycle is a self-alias)


def _limit(doc: YamlDoc, loc: Loc, message: str, hint: str) -> BuildError:
    return BuildError([Problem(doc.where(loc), message, hint)])


_QUOTED = re.compile(r'"(?:[^"\\\n]|\\.)*"|\'[^\'\n]*\'|#.*')


def _nesting_line(text: str) -> int | None:
    """The line where nesting passes MAX_NESTING, found before the parser recurses into it."""
    if text.count("[") + text.count("{") + text.count("- ") <= MAX_NESTING:
        return None
    depth = 0
    for number, line in enumerate(text.splitlines(), 1):
        plain = _QUOTED.sub("", line)
        stripped = plain.lstrip(" -")
        if (len(plain) - len(stripped)) > 2 * MAX_NESTING + 8:
            return number  # block nesting: indentation or "- - - -"
        for char in plain:
            if char in "[{":
                depth += 1
                if depth > MAX_NESTING:
                    return number
            elif char in "]}":
                depth = max(depth - 1, 0)
    return None


def _too_deep(path: Path, where: SourceLocation) -> Problem:
    return Problem(
        where,
        f"the YAML is nested too deeply (more than {MAX_NESTING} levels)",
        "flatten the structure: course files need only a few levels of lists and mappings",
    )


def _enter(node: Any, loc: Loc, doc: YamlDoc, budget: _Budget) -> None:
    budget.nodes += 1
    if budget.nodes > MAX_YAML_NODES:
        raise _limit(
            doc,
            loc,
            f"the file has too many values (over {MAX_YAML_NODES} after expanding aliases)",
            "aliases (*name) that repeat large parts multiply the file; write the values out",
        )
    if len(loc) > MAX_NESTING:
        raise BuildError([_too_deep(doc.path, doc.where(loc))])
    if isinstance(node, (CommentedMap, CommentedSeq)):
        key = id(node)
        if key in budget.path:
            raise _limit(
                doc, loc, "a YAML alias refers to itself", "remove the alias (*name) that loops"
            )
        budget.seen[key] = budget.seen.get(key, 0) + 1
        if budget.seen[key] > 1 and sum(n - 1 for n in budget.seen.values()) > MAX_ALIAS_USES:
            raise _limit(
                doc,
                loc,
                f"too many uses of YAML aliases (over {MAX_ALIAS_USES})",
                "write the repeated values out instead of using anchors (&name) and aliases",
            )
    tag = getattr(getattr(node, "tag", None), "value", None)
    if tag and tag not in _STANDARD_TAGS:
        raise _tag_error(doc, loc, str(tag))


def _tag_error(doc: YamlDoc, loc: Loc, tag: str) -> BuildError:
    return _limit(
        doc,
        loc,
        f"YAML tag '{tag}' is not supported",
        "course files use plain text, numbers, lists and mappings: remove the tag "
        "(or put the value in quotes if it is text)",
    )


def _plain(node: Any, loc: Loc, doc: YamlDoc, budget: _Budget) -> Any:
    """Convert ruamel containers to dict/list/str, recording marks on the way."""
    _enter(node, loc, doc, budget)
    if isinstance(node, CommentedMap):
        budget.path.add(id(node))
        out: dict[str, Any] = {}
        for key, value in node.items():
            child = loc + (str(key),)
            try:
                doc.keys[child] = tuple(node.lc.key(key))
                doc.values[child] = tuple(node.lc.value(key))
            except (KeyError, TypeError):
                pass
            if not isinstance(key, (str, int, float, bool)) and key is not None:
                raise _limit(doc, child, "a mapping key must be plain text", "quote the key")
            out[str(key)] = _plain(value, child, doc, budget)
        if hasattr(node, "lc") and node.lc.line is not None:
            doc.values.setdefault(loc, (node.lc.line, node.lc.col))
        budget.path.discard(id(node))
        return out
    if isinstance(node, CommentedSeq):
        budget.path.add(id(node))
        items = []
        for index, value in enumerate(node):
            child = loc + (index,)
            with contextlib.suppress(KeyError, TypeError):
                doc.values[child] = tuple(node.lc.item(index))
            items.append(_plain(value, child, doc, budget))
        budget.path.discard(id(node))
        return items
    if isinstance(node, bool) or node is None:
        return node
    if isinstance(node, int):
        return int(node)
    if isinstance(node, float):
        return float(node)
    if isinstance(node, str):
        if len(node) > MAX_SCALAR:
            raise _limit(
                doc,
                loc,
                f"this text is too long ({len(node)} characters; the limit is {MAX_SCALAR})",
                "split it up, or move long prose into handout.md",
            )
        return str(node)
    if isinstance(node, TaggedScalar):
        return _plain(node.value, loc, doc, budget)  # a standard tag such as !!str
    if isinstance(node, (datetime.date, datetime.datetime)):
        return str(node)
    tags: dict[type, str] = {
        bytes: "!!binary",
        CommentedSet: "!!set",
        CommentedOrderedMap: "!!omap",
    }
    kind = tags.get(type(node), type(node).__name__)
    raise _tag_error(doc, loc, kind)
