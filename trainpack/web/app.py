"""The page: a course, its editions, a form to compose one, Check, Build pack, Save as edition.

Routes name what they do; every path parameter is checked against a known list (edition ids,
manifest entries, registered assets, our static files) before anything touches the disk.
"""

from __future__ import annotations

import contextlib
import logging
import secrets
import threading
from pathlib import Path
from typing import Any

import anyio
import jinja2
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import (
    FileResponse,
    HTMLResponse,
    JSONResponse,
    RedirectResponse,
    Response,
)
from starlette.routing import Route

from trainpack.core.errors import BuildError, Problem
from trainpack.core.resources import TEMPLATES
from trainpack.pipeline.compose import audience_minutes, check_all, timetable
from trainpack.web import forms
from trainpack.web.compose import Composed, compose
from trainpack.web.jobs import Builder, read_pack, safe_member
from trainpack.web.security import Guard, csrf_ok
from trainpack.web.workspace import Workspace

log = logging.getLogger("trainpack.web")
WEB = TEMPLATES / "web"
STATIC = {"app.css": "text/css", "app.js": "text/javascript", "slides.css": "text/css"}


class Site:
    """Everything the routes share: workspace, builder, templates, the CSRF token."""

    def __init__(self, workspace: Workspace) -> None:
        self.ws = workspace
        self.builder = Builder(workspace.out, workspace.show)
        self.csrf = secrets.token_urlsafe(32)
        self.stopping = threading.Event()
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(str(WEB)),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self.env.filters["size"] = _size

    def page(self, name: str, status: int = 200, **context: Any) -> HTMLResponse:
        html = self.env.get_template(name).render(csrf=self.csrf, ws=self.ws, **context)
        return HTMLResponse(html, status)

    def grouped(self, problems: list[Problem]) -> list[tuple[str, list[tuple[str, str]]]]:
        return self.ws.grouped(problems)


def create_app(
    workspace: Workspace,
    hosts: list[str] | None = None,
    token: str | None = None,
    watch: bool = False,
):
    """The ASGI app; ``watch`` follows the course folder for the preview (serve turns it on)."""
    site = Site(workspace)

    async def home(request: Request) -> Response:
        chosen = request.query_params.get("edition")
        return await anyio.to_thread.run_sync(_home, site, request, chosen)

    async def check(request: Request) -> Response:
        form, composed = await _posted(site, request)
        if isinstance(composed, Response):
            return composed
        found, table = await anyio.to_thread.run_sync(_check, site, composed)
        context = {"groups": site.grouped(found), "counts": _counts(found), "timetable": table}
        context["edition_id"] = composed.edition_id
        return _answer(site, request, "_check.html.j2", form, context)

    async def build(request: Request) -> Response:
        form, composed = await _posted(site, request)
        if isinstance(composed, Response):
            return composed
        if composed.problems_only:
            context: dict[str, Any] = {
                "groups": site.grouped(composed.errors),
                "counts": _counts(composed.errors),
                "edition_id": composed.edition_id,
                "timetable": None,
            }
            return _answer(site, request, "_check.html.j2", form, context, status=422)
        assert composed.course is not None
        job = site.builder.start(composed.course, composed.edition_id, composed.draft is not None)
        if _wants_fragment(request):
            return JSONResponse({"job": job.id, "url": f"/jobs/{job.id}"})
        return RedirectResponse(f"/jobs/{job.id}", 303)

    async def save(request: Request) -> Response:
        form, composed = await _posted(site, request, for_save=True)
        if isinstance(composed, Response):
            return composed
        from trainpack.web.compose import save_edition

        context = await anyio.to_thread.run_sync(save_edition, site.ws, composed, form, request)
        return _answer(site, request, "_saved.html.j2", form, context)

    async def job_page(request: Request) -> Response:
        job = site.builder.jobs.get(request.path_params["job"])
        if job is None:
            raise HTTPException(404)
        if request.query_params.get("part") == "fragment":
            return site.page("_job.html.j2", job=job)
        if request.query_params.get("part") == "state":
            return JSONResponse(job.state())
        return site.page("job.html.j2", job=job)

    async def job_events(request: Request) -> Response:
        from trainpack.web.events import job_stream

        job = site.builder.jobs.get(request.path_params["job"])
        if job is None:
            raise HTTPException(404)
        return job_stream(request, job)

    async def pack_zip(request: Request) -> Response:
        edition = _known_edition(site, request.path_params["edition"])
        data = await anyio.to_thread.run_sync(site.builder.zip_pack, edition)
        if data is None:
            raise HTTPException(404)
        return Response(
            data,
            media_type="application/zip",
            headers={"content-disposition": f'attachment; filename="{edition}.zip"'},
        )

    async def pack_file(request: Request) -> Response:
        edition = _known_edition(site, request.path_params["edition"])
        folder = site.ws.out / edition
        manifest = read_pack(folder) or {}
        relative = request.path_params["path"]
        listed = {f.get("path") for f in manifest.get("files", [])} | {"manifest.json"}
        path = safe_member(folder, relative) if relative in listed else None
        if path is None:
            raise HTTPException(404)
        return FileResponse(path)

    async def pack_page(request: Request) -> Response:
        edition = _known_edition(site, request.path_params["edition"])
        manifest = read_pack(site.ws.out / edition)
        if manifest is None:
            raise HTTPException(404)
        return site.page("pack.html.j2", edition=edition, manifest=manifest)

    async def static(request: Request) -> Response:
        name = request.path_params["name"]
        if name not in STATIC:
            raise HTTPException(404)
        folder = TEMPLATES / "slides" if name == "slides.css" else WEB / "static"
        return FileResponse(folder / name, media_type=STATIC[name])

    from trainpack.web.previews import preview_routes

    routes = [
        Route("/", home),
        Route("/check", check, methods=["POST"]),
        Route("/build", build, methods=["POST"]),
        Route("/save", save, methods=["POST"]),
        Route("/jobs/{job:str}", job_page),
        Route("/jobs/{job:str}/events", job_events),
        Route("/packs/{edition:str}.zip", pack_zip),
        Route("/packs/{edition:str}/", pack_page),
        Route("/packs/{edition:str}/{path:path}", pack_file),
        Route("/static/{name:str}", static),
        *preview_routes(site),
    ]

    async def not_found(request: Request, exc: Exception) -> Response:
        status = getattr(exc, "status_code", 404)
        return site.page("error.html.j2", status, code=status, problems=[])

    async def failure(request: Request, exc: Exception) -> Response:
        log.exception("error while answering %s", request.url.path, exc_info=exc)
        return site.page("error.html.j2", 500, code=500, problems=[])

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette):
        import anyio

        async with anyio.create_task_group() as group:
            if watch:
                from trainpack.web.watch import watch as follow

                group.start_soon(follow, site.ws, site.stopping)
            try:
                yield
            finally:
                site.stopping.set()
        site.ws.close()

    app = Starlette(
        routes=routes,
        exception_handlers={HTTPException: not_found, Exception: failure},
        lifespan=lifespan,
    )
    app.state.site = site
    allowed = hosts or ["127.0.0.1", "localhost", "::1"]
    return Guard(app, allowed, token)


def _home(site: Site, request: Request, chosen: str | None) -> Response:
    try:
        course = site.ws.require()
    except BuildError as exc:
        return site.page("broken.html.j2", groups=site.grouped(exc.problems))
    ids = [e.id for e in course.editions]
    if chosen == forms.NEW:
        form = forms.EditionForm(
            audience=course.info.defaults.audience,
            country=course.info.defaults.country,
            modules=list(course.info.modules),
            paper=course.info.defaults.paper,
        )
    else:
        chosen = (
            chosen if chosen in ids else course.info.defaults.edition or (ids[0] if ids else None)
        )
        spec = next((e for e in course.editions if e.id == chosen), None)
        form = (
            forms.from_spec(spec, list(course.info.modules))
            if spec is not None
            else forms.EditionForm(audience=course.info.defaults.audience)
        )
    return site.page("home.html.j2", **_home_context(site, course, form))


def _home_context(site: Site, course, form: forms.EditionForm) -> dict[str, Any]:
    minutes = audience_minutes(course)
    built = {e.id: read_pack(site.ws.out / e.id) is not None for e in course.editions}
    languages = [("en", "English")] + (
        [(lang.code, lang.name) for lang in course.languages.languages] if course.languages else []
    )
    days = form.days + [forms.DayRow()]
    got = minutes.get(form.audience, {})
    receivers = {m: [a for a, table in minutes.items() if m in table] for m in course.info.modules}
    return {
        "course": course,
        "form": form,
        "minutes": minutes,
        "built": built,
        "languages": languages,
        "days": days,
        "max_breaks": forms.MAX_BREAKS,
        "new": forms.NEW,
        "module_list": [course.module(m) for m in course.info.modules],
        "total": sum(got.get(m, 0) for m in form.modules),
        "receivers": receivers,
    }


async def _posted(site: Site, request: Request, for_save: bool = False):
    data = await request.form()
    given = data.get("csrf")
    if not csrf_ok(request, given if isinstance(given, str) else None, site.csrf):
        return None, site.page("error.html.j2", 403, code=403, problems=[])
    try:
        course = site.ws.require()
    except BuildError as exc:
        return None, site.page("broken.html.j2", 409, groups=site.grouped(exc.problems))
    form = forms.from_post(data, list(course.info.modules))
    if form.base == forms.NEW and not form.id and not for_save:
        form.id = "new-edition"
    return form, await anyio.to_thread.run_sync(compose, site.ws, course, form)


def _check(site: Site, composed: Composed) -> tuple[list[Problem], Any]:
    if composed.problems_only:
        return composed.errors, None
    course = composed.course
    assert course is not None
    try:
        found = check_all(course, composed.warnings, composed.edition_id)
    except BuildError as exc:
        found = list(composed.warnings) + exc.problems
    try:
        table = timetable(course, composed.edition_id)
    except BuildError as exc:
        found += [p for p in exc.problems if p not in found]
        table = None
    return found, table


def _answer(
    site: Site,
    request: Request,
    fragment: str,
    form: forms.EditionForm,
    context: dict[str, Any],
    status: int = 200,
) -> Response:
    """A fragment for the page's script, or the whole page (no script) with it inside."""
    if _wants_fragment(request):
        return site.page(fragment, status, **context)
    course = site.ws.require()
    return site.page(
        "home.html.j2", status, result=fragment, **context, **_home_context(site, course, form)
    )


def _wants_fragment(request: Request) -> bool:
    return request.headers.get("x-requested-with") == "trainpack"


def _known_edition(site: Site, name: str) -> str:
    """Only an edition the course has, or one built into the output folder, by its id."""
    course = site.ws.course
    known = {e.id for e in course.editions} if course else set()
    if name not in known and not forms.is_id(name):
        raise HTTPException(404)
    if name not in known and not (site.ws.out / name / "manifest.json").is_file():
        raise HTTPException(404)
    return name


def _counts(problems: list[Problem]) -> dict[str, int]:
    counts = {"error": 0, "warning": 0, "note": 0}
    for item in problems:
        counts[item.severity] = counts.get(item.severity, 0) + 1
    return counts


def _size(count: int) -> str:
    if count < 1024:
        return f"{count} B"
    if count < 1024 * 1024:
        return f"{count / 1024:.0f} KB"
    return f"{count / 1024 / 1024:.1f} MB"


def static_path(name: str) -> Path:
    return WEB / "static" / name
