"""The preview: every module's slides with their speaker notes, and its handout, updated by
server-sent events when a file of the course changes (watch.py reloads the course).

When the changed course has errors, the last good slides stay on the page and each problem
takes the place of the slide it belongs to (the slide written at or above the problem's line
in the same file), so the author sees where to look."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

import anyio
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from starlette.routing import Route

from trainpack.core.errors import BuildError, Problem
from trainpack.core.resources import TEMPLATES
from trainpack.web.events import change_stream

if TYPE_CHECKING:
    from trainpack.web.app import Site

_FILE_URL = re.compile(r"file://(/[^\"')\s]+)")
FONT_TYPES = {".ttf": "font/ttf", ".otf": "font/otf", ".woff2": "font/woff2"}


class Assets:
    """Files a preview may load (stylesheets, fonts, pictures), each under an opaque key;
    only files inside the allowed folders are ever registered."""

    def __init__(self, roots: list[Path]) -> None:
        self.roots = [r.resolve() for r in roots]
        self.files: dict[str, Path] = {}

    def url(self, path: Path) -> str | None:
        try:
            resolved = Path(path).resolve()
        except OSError:
            return None
        if not resolved.is_file() or not any(r in resolved.parents for r in self.roots):
            return None
        key = hashlib.sha256(str(resolved).encode()).hexdigest()[:20] + resolved.suffix.lower()
        self.files[key] = resolved
        return f"/assets/{key}"

    def rewrite(self, html: str) -> str:
        """file: URLs (how the PDF writer finds print.css and fonts) -> our asset URLs."""
        return _FILE_URL.sub(lambda m: self.url(Path(unquote(m.group(1)))) or "about:blank", html)


def preview_routes(site: Site) -> list[Route]:
    ws = site.ws
    assets = Assets([TEMPLATES, ws.source])

    async def start(request: Request) -> Response:
        course = ws.require()
        edition = request.query_params.get("edition") or course.info.defaults.edition
        ids = [e.id for e in course.editions]
        if edition not in ids:
            edition = ids[0] if ids else None
        if edition is None:
            raise HTTPException(404)
        preview = ws.preview(edition)
        return RedirectResponse(f"/preview/{edition}/{preview.modules[0][0]}", 303)

    def _load(request: Request):
        course = ws.require()
        edition = request.path_params["edition"]
        if edition not in [e.id for e in course.editions]:
            raise HTTPException(404)
        try:
            preview = ws.preview(edition)
        except BuildError as exc:
            return edition, None, None, list(exc.problems)
        module = request.path_params["module"]
        if module not in [m[0] for m in preview.modules]:
            raise HTTPException(404)
        return edition, preview, module, []

    async def module_page(request: Request) -> Response:
        edition, preview, module, problems = _load(request)
        if preview is None:
            return site.page("broken.html.j2", 409, groups=ws.grouped(problems))
        context = await anyio.to_thread.run_sync(
            _context, site, ws, assets, preview, edition, module
        )
        part = "_slides.html.j2" if request.query_params.get("part") == "slides" else None
        return site.page(part or "preview.html.j2", **context)

    async def handout(request: Request) -> Response:
        edition, preview, module, problems = _load(request)
        if preview is None:
            raise HTTPException(409)
        try:
            html = await anyio.to_thread.run_sync(preview.handout, module)
        except BuildError as exc:
            return site.page("_problems.html.j2", groups=ws.grouped(exc.problems))
        for root in preview.roots:
            if root.resolve() not in assets.roots:
                assets.roots.append(root.resolve())
        return HTMLResponse(assets.rewrite(html))

    async def asset(request: Request) -> Response:
        path = assets.files.get(request.path_params["key"])
        if path is None:
            raise HTTPException(404)
        return FileResponse(path, media_type=FONT_TYPES.get(path.suffix.lower()))

    async def events(request: Request) -> Response:
        return change_stream(
            request,
            lambda: ws.version,
            lambda: {"version": ws.version, "broken": ws.broken, "changed": sorted(ws.changed)},
            site.stopping,
        )

    return [
        Route("/preview", start),
        Route("/preview/{edition:str}/{module:str}", module_page),
        Route("/preview/{edition:str}/{module:str}/handout", handout),
        Route("/assets/{key:str}", asset),
        Route("/events", events),
    ]


def _context(site, ws, assets: Assets, preview, edition: str, module: str) -> dict[str, Any]:
    for root in preview.roots:
        if root.resolve() not in assets.roots:
            assets.roots.append(root.resolve())
    slides, failure = [], []
    try:
        slides = preview.slides(module, assets.url)
    except BuildError as exc:
        failure = list(exc.problems)
    folder = ws.source / next(m[2] for m in preview.modules if m[0] == module)
    placed, loose = _place(ws.problems if ws.broken else [], slides, folder) if slides else ({}, [])
    fonts = _font_faces(preview.edition.theme, assets)
    return {
        "edition": edition,
        "module": module,
        "modules": preview.modules,
        "slides": slides,
        "placed": {n: ws.grouped(p) for n, p in placed.items()},
        "loose": ws.grouped(loose + failure),
        "deck_css": fonts + preview.css,
        "version": ws.version,
        "broken": ws.broken,
        "theme": getattr(preview.edition.theme, "name", "Default"),
    }


def _place(
    problems: list[Problem], slides: list, folder: Path
) -> tuple[dict[int, list[Problem]], list[Problem]]:
    """Problem -> the slide written at or just above its line in the same file."""
    placed: dict[int, list[Problem]] = {}
    loose: list[Problem] = []
    root = folder.resolve()
    for item in problems:
        path = Path(item.location.path).resolve()
        if root not in path.parents and path != root:
            if item.severity == "error":
                loose.append(item)
            continue
        candidates = [
            s
            for s in slides
            if s.path
            and Path(s.path).resolve() == path
            and (s.line or 0) <= (item.location.line or 0)
        ]
        if candidates:
            best = max(candidates, key=lambda s: (s.line or 0, -s.number))
            target = min(
                (s for s in candidates if s.line == best.line), key=lambda s: s.number
            ).number
            placed.setdefault(target, []).append(item)
        else:
            loose.append(item)
    return placed, loose


def _font_faces(theme: Any, assets: Assets) -> str:
    files = getattr(theme, "font_files", None) or {
        "regular": TEMPLATES / "fonts" / "Carlito-Regular.ttf",
        "bold": TEMPLATES / "fonts" / "Carlito-Bold.ttf",
        "italic": TEMPLATES / "fonts" / "Carlito-Italic.ttf",
    }
    family = getattr(theme, "css_family", None) or "Carlito"
    rules = []
    for kind, path in files.items():
        url = assets.url(path)
        if url is None:
            continue
        weight = 700 if kind == "bold" else 400
        style = "italic" if kind == "italic" else "normal"
        rules.append(
            f'@font-face {{ font-family: "{family}"; src: url("{url}"); '
            f"font-weight: {weight}; font-style: {style}; }}"
        )
    arabic = assets.url(TEMPLATES / "fonts" / "NotoSansArabic-Regular.ttf")
    if arabic:
        rules.append(f'@font-face {{ font-family: "Noto Sans Arabic"; src: url("{arabic}"); }}')
    return "\n".join(rules) + "\n"
