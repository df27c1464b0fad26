"""SVG icon -> straight lines and cubic Béziers, the vocabulary DrawingML's custom geometry
speaks, so an icon can be drawn as one native, editable, crisp vector shape.

Pure (no python-pptx): reads the shapes Lucide uses (path, circle, ellipse, rect, line,
polyline, polygon), makes every coordinate absolute and turns arcs, circles and quadratic
curves into cubic curves.  Icons are stroked outlines (``fill="none"``); what is filled is
reported so the writer can fill it.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from lxml import etree

Point = tuple[float, float]
# ("M", (x, y)) | ("L", (x, y)) | ("C", (x1, y1), (x2, y2), (x, y)) | ("Z",)
Command = tuple


@dataclass(frozen=True)
class Outline:
    """One SVG element's outline: its commands in viewBox units."""

    commands: tuple[Command, ...]
    filled: bool = False


@dataclass(frozen=True)
class Icon:
    width: float
    height: float
    stroke_width: float
    outlines: tuple[Outline, ...] = field(default_factory=tuple)


_NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
_ARGS = {"M": 2, "L": 2, "H": 1, "V": 1, "C": 6, "S": 4, "Q": 4, "T": 2, "A": 7, "Z": 0}
KAPPA = 0.5522847498  # control-point distance of a quarter circle drawn as one cubic


def icon_version(path: Path) -> tuple[Path, int, int]:
    """A key that changes when the file does (a watched course's icon can be edited)."""
    stat = path.stat()
    return (path, stat.st_mtime_ns, stat.st_size)


def read_icon(path: Path | tuple[Path, int, int]) -> Icon:
    """Parse an SVG file (or the version of one ``icon_version`` gave) into outlines,
    cached: a deck draws the same icons many times."""
    return _read_icon(path if isinstance(path, tuple) else icon_version(path))


@lru_cache(maxsize=256)
def _read_icon(version: tuple[Path, int, int]) -> Icon:
    root = etree.parse(str(version[0])).getroot()
    box = [float(v) for v in _NUMBER.findall(root.get("viewBox", "0 0 24 24"))]
    stroke = float(root.get("stroke-width", "2"))
    outlines = []
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        tag = etree.QName(element).localname
        commands = _element(tag, element)
        if commands:
            fill = element.get("fill", root.get("fill", "none"))
            outlines.append(Outline(tuple(commands), fill not in ("none", "")))
    return Icon(box[2], box[3], stroke, tuple(outlines))


def _f(element, name: str, default: float = 0.0) -> float:
    match = _NUMBER.match(element.get(name) or "")
    return float(match.group()) if match else default


def _element(tag: str, e) -> list[Command]:
    if tag == "path":
        return parse_path(e.get("d", ""))
    if tag == "circle":
        return ellipse(_f(e, "cx"), _f(e, "cy"), _f(e, "r"), _f(e, "r"))
    if tag == "ellipse":
        return ellipse(_f(e, "cx"), _f(e, "cy"), _f(e, "rx"), _f(e, "ry"))
    if tag == "line":
        return [("M", (_f(e, "x1"), _f(e, "y1"))), ("L", (_f(e, "x2"), _f(e, "y2")))]
    if tag in ("polyline", "polygon"):
        values = [float(v) for v in _NUMBER.findall(e.get("points", ""))]
        points = list(zip(values[::2], values[1::2]))
        if not points:
            return []
        out: list[Command] = [("M", points[0])] + [("L", p) for p in points[1:]]
        return out + [("Z",)] if tag == "polygon" else out
    if tag == "rect":
        return rect(
            _f(e, "x"),
            _f(e, "y"),
            _f(e, "width"),
            _f(e, "height"),
            _f(e, "rx", _f(e, "ry")),
            _f(e, "ry", _f(e, "rx")),
        )
    return []


def ellipse(cx: float, cy: float, rx: float, ry: float) -> list[Command]:
    """Four cubic quarter arcs, clockwise from the rightmost point."""
    kx, ky = rx * KAPPA, ry * KAPPA
    return [
        ("M", (cx + rx, cy)),
        ("C", (cx + rx, cy + ky), (cx + kx, cy + ry), (cx, cy + ry)),
        ("C", (cx - kx, cy + ry), (cx - rx, cy + ky), (cx - rx, cy)),
        ("C", (cx - rx, cy - ky), (cx - kx, cy - ry), (cx, cy - ry)),
        ("C", (cx + kx, cy - ry), (cx + rx, cy - ky), (cx + rx, cy)),
        ("Z",),
    ]


def rect(x: float, y: float, w: float, h: float, rx: float, ry: float) -> list[Command]:
    rx, ry = min(rx, w / 2), min(ry, h / 2)
    if rx <= 0 or ry <= 0:
        return [("M", (x, y)), ("L", (x + w, y)), ("L", (x + w, y + h)), ("L", (x, y + h)), ("Z",)]
    kx, ky = rx * (1 - KAPPA), ry * (1 - KAPPA)
    return [
        ("M", (x + rx, y)),
        ("L", (x + w - rx, y)),
        ("C", (x + w - kx, y), (x + w, y + ky), (x + w, y + ry)),
        ("L", (x + w, y + h - ry)),
        ("C", (x + w, y + h - ky), (x + w - kx, y + h), (x + w - rx, y + h)),
        ("L", (x + rx, y + h)),
        ("C", (x + kx, y + h), (x, y + h - ky), (x, y + h - ry)),
        ("L", (x, y + ry)),
        ("C", (x, y + ky), (x + kx, y), (x + rx, y)),
        ("Z",),
    ]


def _tokens(d: str) -> list[str]:
    """Commands and numbers; an arc's two flags are single digits that may be written
    without separators ("a2 2 0 00-2-2"), so they are read one character each."""
    out: list[str] = []
    pos, cmd, index = 0, "", 0
    while pos < len(d):
        char = d[pos]
        if char in " ,\t\r\n":
            pos += 1
            continue
        if char.isalpha():
            out.append(char)
            cmd, index, pos = char.upper(), 0, pos + 1
            continue
        if cmd == "A" and index % 7 in (3, 4) and char in "01":
            out.append(char)
            pos, index = pos + 1, index + 1
            continue
        match = _NUMBER.match(d, pos)
        if not match:
            pos += 1
            continue
        out.append(match.group())
        pos, index = match.end(), index + 1
    return out


def parse_path(d: str) -> list[Command]:
    """Path data -> absolute M/L/C/Z commands (H, V, S, Q, T and A converted)."""
    tokens = _tokens(d)
    out: list[Command] = []
    i, cmd = 0, ""
    cur: Point = (0.0, 0.0)
    start: Point = (0.0, 0.0)
    last_ctrl: Point | None = None  # for S (cubic) and T (quadratic) reflections
    last_quad: Point | None = None
    while i < len(tokens):
        if tokens[i].isalpha():
            cmd = tokens[i]
            i += 1
            if cmd in "Zz":
                out.append(("Z",))
                cur, last_ctrl, last_quad = start, None, None
                continue
        elif not cmd:
            break
        n = _ARGS[cmd.upper()]
        if i + n > len(tokens) or any(t.isalpha() for t in tokens[i : i + n]):
            break  # malformed: keep what was read
        a = [float(t) for t in tokens[i : i + n]]
        i += n
        rel = cmd.islower()
        ox, oy = cur if rel else (0.0, 0.0)
        up = cmd.upper()
        ctrl, quad = None, None
        if up == "M":
            cur = (a[0] + ox, a[1] + oy)
            start = cur
            out.append(("M", cur))
            cmd = "l" if rel else "L"  # further pairs are line-tos
        elif up == "L":
            cur = (a[0] + ox, a[1] + oy)
            out.append(("L", cur))
        elif up == "H":
            cur = (a[0] + ox, cur[1])
            out.append(("L", cur))
        elif up == "V":
            cur = (cur[0], a[0] + (cur[1] if rel else 0.0))
            out.append(("L", cur))
        elif up == "C":
            c1, c2, end = (a[0] + ox, a[1] + oy), (a[2] + ox, a[3] + oy), (a[4] + ox, a[5] + oy)
            out.append(("C", c1, c2, end))
            cur, ctrl = end, c2
        elif up == "S":
            c1 = _reflect(last_ctrl, cur)
            c2, end = (a[0] + ox, a[1] + oy), (a[2] + ox, a[3] + oy)
            out.append(("C", c1, c2, end))
            cur, ctrl = end, c2
        elif up in ("Q", "T"):
            if up == "Q":
                q, end = (a[0] + ox, a[1] + oy), (a[2] + ox, a[3] + oy)
            else:
                q, end = _reflect(last_quad, cur), (a[0] + ox, a[1] + oy)
            out.append(("C", _lerp(cur, q, 2 / 3), _lerp(end, q, 2 / 3), end))
            cur, quad = end, q
        elif up == "A":
            end = (a[5] + ox, a[6] + oy)
            out += arc(cur, a[0], a[1], a[2], bool(a[3]), bool(a[4]), end)
            cur = end
        last_ctrl, last_quad = ctrl, quad
    return out


def _reflect(ctrl: Point | None, cur: Point) -> Point:
    return (2 * cur[0] - ctrl[0], 2 * cur[1] - ctrl[1]) if ctrl else cur


def _lerp(a: Point, b: Point, t: float) -> Point:
    return (a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t)


def arc(
    p0: Point, rx: float, ry: float, angle: float, large: bool, sweep: bool, p1: Point
) -> list[Command]:
    """An SVG elliptical arc as cubic curves of at most 90° each (SVG 1.1, appendix F.6)."""
    if p0 == p1:
        return []
    rx, ry = abs(rx), abs(ry)
    if rx == 0 or ry == 0:
        return [("L", p1)]
    phi = math.radians(angle % 360)
    cos, sin = math.cos(phi), math.sin(phi)
    dx, dy = (p0[0] - p1[0]) / 2, (p0[1] - p1[1]) / 2
    x1, y1 = cos * dx + sin * dy, -sin * dx + cos * dy
    scale = (x1 * x1) / (rx * rx) + (y1 * y1) / (ry * ry)
    if scale > 1:  # radii too small for the end points: scale up as SVG says
        rx, ry = rx * math.sqrt(scale), ry * math.sqrt(scale)
    num = rx * rx * ry * ry - rx * rx * y1 * y1 - ry * ry * x1 * x1
    den = rx * rx * y1 * y1 + ry * ry * x1 * x1
    co = math.sqrt(max(0.0, num / den)) if den else 0.0
    if large == sweep:
        co = -co
    cx1, cy1 = co * rx * y1 / ry, -co * ry * x1 / rx
    cx = cos * cx1 - sin * cy1 + (p0[0] + p1[0]) / 2
    cy = sin * cx1 + cos * cy1 + (p0[1] + p1[1]) / 2
    theta = _angle(1, 0, (x1 - cx1) / rx, (y1 - cy1) / ry)
    delta = _angle((x1 - cx1) / rx, (y1 - cy1) / ry, (-x1 - cx1) / rx, (-y1 - cy1) / ry)
    if not sweep and delta > 0:
        delta -= 2 * math.pi
    elif sweep and delta < 0:
        delta += 2 * math.pi
    parts = max(1, math.ceil(abs(delta) / (math.pi / 2) - 1e-9))
    step = delta / parts
    k = 4 / 3 * math.tan(step / 4)
    out: list[Command] = []

    def point(t: float, along: float = 0.0, derivative: bool = False) -> Point:
        ex, ey = (-math.sin(t), math.cos(t)) if derivative else (math.cos(t), math.sin(t))
        x, y = rx * ex, ry * ey
        return (cos * x - sin * y, sin * x + cos * y)

    t = theta
    for index in range(parts):
        a0, a1 = t, t + step
        s0, s1 = point(a0), point(a1)
        d0, d1 = point(a0, derivative=True), point(a1, derivative=True)
        start = (cx + s0[0], cy + s0[1])
        end = p1 if index == parts - 1 else (cx + s1[0], cy + s1[1])
        c1 = (start[0] + k * d0[0], start[1] + k * d0[1])
        c2 = (cx + s1[0] - k * d1[0], cy + s1[1] - k * d1[1])
        out.append(("C", c1, c2, end))
        t = a1
    return out


def _angle(ux: float, uy: float, vx: float, vy: float) -> float:
    return math.atan2(ux * vy - uy * vx, ux * vx + uy * vy)
