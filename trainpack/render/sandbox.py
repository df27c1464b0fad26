"""The Jinja sandbox every template runs in, ours and a course's own.

A course folder may carry ``templates/`` that replace ours, so a template is
untrusted code.  It runs in an immutable sandbox: no ``_`` attributes (so no
``__globals__``, ``__mro__``, ``__subclasses__``), no method that changes the data
it is given, no file access through ``Path`` objects, no pydantic model plumbing,
no ``lipsum``.  Lists and dicts a template makes itself (``{% set seen = [] %}``)
stay writable, so templates can still collect things.

Resources are bounded too: a string or list may not grow beyond ``MAX_ITEMS``,
``range`` shares an iteration budget per render, ``**`` refuses huge exponents,
the rendered output is capped and a render that takes longer than ``SECONDS``
(main thread) stops.  Every refusal is a ``SecurityError`` the renderer reports at
the template's file:line.
"""

from __future__ import annotations

import os
import re
import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import PurePath
from types import FunctionType, ModuleType
from typing import Any

from jinja2 import nodes
from jinja2.compiler import CodeGenerator, Frame
from jinja2.exceptions import SecurityError
from jinja2.sandbox import ImmutableSandboxedEnvironment

MAX_ITEMS = 2_000_000  # characters of one string, items of one list
MAX_OUTPUT = 40_000_000  # characters of one rendered document
RANGE_BUDGET = 2_000_000  # range() items per render
SECONDS = float(os.environ.get("TRAINPACK_TEMPLATE_SECONDS", "120"))
_PATH_OK = {"name", "stem", "suffix", "suffixes", "as_posix", "parts"}
_WIDE_FORMAT = re.compile(r"%[-#0 +]*(\*|\d{5,})|\{[^{}]*:[^{}]*\d{5,}[^{}]*\}")


class ScratchList(list):
    """A list a template made itself: writable, but never longer than MAX_ITEMS."""

    def append(self, item: Any) -> None:
        _room(len(self) + 1)
        super().append(item)

    def extend(self, items: Any) -> None:
        items = list(items)
        _room(len(self) + len(items))
        super().extend(items)

    def insert(self, index: Any, item: Any) -> None:
        _room(len(self) + 1)
        super().insert(index, item)


class ScratchDict(dict):
    """A dict a template made itself: writable, but never larger than MAX_ITEMS."""

    def update(self, *args: Any, **kwargs: Any) -> None:
        super().update(*args, **kwargs)
        _room(len(self))

    def setdefault(self, key: Any, default: Any = None) -> Any:
        _room(len(self) + 1)
        return super().setdefault(key, default)


def _room(size: int) -> None:
    if size > MAX_ITEMS:
        raise SecurityError(f"a template made a list or text longer than {MAX_ITEMS} items")


def _sized(value: Any) -> Any:
    if isinstance(value, (str, list, tuple, dict)) and len(value) > MAX_ITEMS:
        _room(len(value))
    return value


class _Generator(CodeGenerator):
    """Literal lists and dicts become scratch objects; ``~`` results are size-checked."""

    def visit_List(self, node: nodes.List, frame: Frame) -> None:
        self.write("environment.scratch_list(")
        super().visit_List(node, frame)
        self.write(")")

    def visit_Dict(self, node: nodes.Dict, frame: Frame) -> None:
        self.write("environment.scratch_dict(")
        super().visit_Dict(node, frame)
        self.write(")")

    def visit_Concat(self, node: nodes.Concat, frame: Frame) -> None:
        self.write("environment.sized(")
        super().visit_Concat(node, frame)
        self.write(")")


class TemplateSandbox(ImmutableSandboxedEnvironment):
    """ImmutableSandboxedEnvironment with our resource bounds and data rules."""

    code_generator_class = _Generator
    intercepted_binops = frozenset({"*", "**", "+", "%"})

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.globals.pop("lipsum", None)
        self.globals["range"] = self._range
        self.budget = RANGE_BUDGET
        for name in list(self.filters):
            self.filters[name] = _bounded_filter(name, self.filters[name])

    # --- called by compiled templates --------------------------------------------------------

    @staticmethod
    def scratch_list(items: list) -> ScratchList:
        return ScratchList(items)

    @staticmethod
    def scratch_dict(items: dict) -> ScratchDict:
        return ScratchDict(items)

    @staticmethod
    def sized(value: Any) -> Any:
        return _sized(value)

    def _range(self, *args: int) -> range:
        numbers = range(*args)
        self.budget -= len(numbers)
        if self.budget < 0:
            raise SecurityError("a template loops too many times (range budget used up)")
        return numbers

    # --- the rules ---------------------------------------------------------------------------

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        if isinstance(obj, (ScratchList, ScratchDict)):
            return not (attr.startswith("_") or attr in ("clear",))
        if not super().is_safe_attribute(obj, attr, value):
            return False
        if isinstance(obj, PurePath):
            return attr in _PATH_OK
        if isinstance(value, (ModuleType, type)):
            return False
        if _is_model(obj) and attr.startswith(("model_", "schema", "parse_", "construct")):
            return False
        if _is_model(obj) and attr in ("dict", "json", "copy", "validate"):
            return False
        return not (isinstance(value, FunctionType) and value.__module__ in ("os", "io"))

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        if getattr(__obj, "__self__", None).__class__ in (str,) and getattr(
            __obj, "__name__", ""
        ) in ("format", "format_map", "center", "ljust", "rjust", "zfill", "expandtabs"):
            text = __obj.__self__
            if _WIDE_FORMAT.search(text) or any(_number(a) and abs(a) > 100_000 for a in args):
                raise SecurityError("a template formats with a huge width")
        return super().call(__context, __obj, *args, **kwargs)

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "**" and _number(left) and _number(right):
            if abs(right) > 256 and abs(left) > 1:
                raise SecurityError("a template raises a number to a huge power")
        if operator == "*":
            for seq, count in ((left, right), (right, left)):
                if isinstance(seq, (str, list, tuple)) and isinstance(count, int):
                    _room(len(seq) * max(count, 0))
        if operator == "+" and isinstance(left, (str, list, tuple)):
            if isinstance(right, (str, list, tuple)):
                _room(len(left) + len(right))
        if operator == "%" and isinstance(left, str) and _WIDE_FORMAT.search(left):
            raise SecurityError("a template formats with a huge width")
        return super().call_binop(context, operator, left, right)


def _number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _is_model(obj: Any) -> bool:
    return hasattr(type(obj), "model_fields")


_SIZING_FILTERS = {"center", "indent", "wordwrap", "truncate", "batch", "slice", "replace"}


def _bounded_filter(name: str, func: Callable[..., Any]) -> Callable[..., Any]:
    """Check widths and counts a filter is given before it runs, and its result after."""

    def bounded(*args: Any, **kwargs: Any) -> Any:
        values = [*args[1:], *kwargs.values()]
        if name in _SIZING_FILTERS and any(_number(v) and abs(v) > 100_000 for v in values):
            raise SecurityError(f"a template passes the '{name}' filter a huge number")
        if name == "format" and any(isinstance(v, str) and _WIDE_FORMAT.search(v) for v in args):
            raise SecurityError("a template formats with a huge width")
        if name == "replace" and len(args) >= 3 and all(isinstance(a, str) for a in args[-3:]):
            text, old, new = args[-3:]
            _room(len(text) + text.count(old) * len(new) if old else len(text) * (len(new) + 1))
        return _sized(func(*args, **kwargs))

    for attribute in ("jinja_pass_arg", "__name__", "__doc__"):
        if hasattr(func, attribute):
            setattr(bounded, attribute, getattr(func, attribute))
    return bounded


def render_bounded(template: Any, env: TemplateSandbox, context: dict[str, Any]) -> str:
    """Render with the per-render budget reset, the output capped and a time limit."""
    env.budget = RANGE_BUDGET
    parts, size = [], 0
    with _time_limit(SECONDS):
        for chunk in template.generate(**context):
            size += len(chunk)
            if size > MAX_OUTPUT:
                raise SecurityError(f"a template wrote more than {MAX_OUTPUT} characters")
            parts.append(chunk)
    return "".join(parts)


class TemplateTimeout(SecurityError):
    """A render ran past its time limit."""


@contextmanager
def _time_limit(seconds: float) -> Iterator[None]:
    if threading.current_thread() is not threading.main_thread() or seconds <= 0:
        yield
        return

    def expired(signum: int, frame: Any) -> None:
        raise TemplateTimeout(f"a template ran for more than {seconds:g} s")

    try:
        previous = signal.signal(signal.SIGALRM, expired)
    except ValueError:
        yield
        return
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
