"""Read YAML into plain Python data while remembering where every key and value sits.

ruamel.yaml (YAML 1.2, so ``no`` stays the word "no") keeps line/column marks on
its round-trip containers; we copy them into a map keyed by the path of keys and
list indexes that pydantic also uses in its error ``loc``.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from trainpack.core.errors import BuildError, Problem, SourceLocation, problem

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


def load_yaml(path: Path) -> YamlDoc:
    """Parse one file; a syntax error becomes a BuildError at the loader's own mark."""
    yaml = YAML(typ="rt")
    try:
        text = Path(path).read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise BuildError(
            [
                problem(
                    path,
                    None,
                    None,
                    f"the file is not UTF-8 text ({exc.reason})",
                    "save the file with UTF-8 encoding",
                )
            ]
        ) from None
    try:
        raw = yaml.load(text)
    except MarkedYAMLError as exc:
        raise BuildError([_syntax_problem(Path(path), exc)]) from None
    except YAMLError as exc:
        raise BuildError([problem(path, None, None, f"YAML error: {exc}")]) from None
    doc = YamlDoc(Path(path), None)
    doc.data = _plain(raw, (), doc)
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


def _plain(node: Any, loc: Loc, doc: YamlDoc) -> Any:
    """Convert ruamel containers to dict/list/str, recording marks on the way."""
    if isinstance(node, CommentedMap):
        out: dict[str, Any] = {}
        for key, value in node.items():
            child = loc + (str(key),)
            try:
                doc.keys[child] = tuple(node.lc.key(key))
                doc.values[child] = tuple(node.lc.value(key))
            except (KeyError, TypeError):
                pass
            out[str(key)] = _plain(value, child, doc)
        if hasattr(node, "lc") and node.lc.line is not None:
            doc.values.setdefault(loc, (node.lc.line, node.lc.col))
        return out
    if isinstance(node, CommentedSeq):
        items = []
        for index, value in enumerate(node):
            child = loc + (index,)
            with contextlib.suppress(KeyError, TypeError):
                doc.values[child] = tuple(node.lc.item(index))
            items.append(_plain(value, child, doc))
        return items
    if isinstance(node, bool) or node is None:
        return node
    if isinstance(node, int):
        return int(node)
    if isinstance(node, float):
        return float(node)
    if isinstance(node, str):
        return str(node)
    return str(node)
