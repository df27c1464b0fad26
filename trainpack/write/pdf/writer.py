"""Stage 5 (print): handout / guide HTML -> PDF with WeasyPrint.

The only module that imports WeasyPrint.  Rendering is sandboxed: the fetcher
serves ``file:`` URLs inside the allowed roots (templates, fonts, the course
folder) and refuses everything else, so a Markdown image pointing at the network
or at ``/etc`` never leaves the machine or leaks a file into a handout.
WeasyPrint's own log messages (bad CSS, missing images, fonts that failed to
load) are turned into ``Problem`` warnings the caller can report.
"""

from __future__ import annotations

import logging
from base64 import b64decode
from functools import lru_cache
from io import BytesIO
from pathlib import Path
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

from weasyprint import CSS, HTML
from weasyprint.logger import LOGGER
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

from trainpack.core.docprops import DocProperties
from trainpack.core.errors import Problem, problem
from trainpack.core.limits import MAX_BINARY_FILE
from trainpack.load.assets import picture_problem

PAPER_SIZES = {"a4": "A4", "letter": "letter"}
_BLOCKED = "blocked by trainpack"


@lru_cache(maxsize=1)
def font_config() -> FontConfiguration:
    """One Fontconfig set-up per process: building it costs far more than a page."""
    return FontConfiguration()


class BlockedURL(ValueError):
    """A document asked for something outside the allowed folders."""


class SandboxFetcher(URLFetcher):
    """Serve ``file:`` URLs under ``roots``; refuse the network and every other file."""

    def __init__(self, roots: list[Path], blocked: list[tuple[str, str]]) -> None:
        super().__init__(allowed_protocols=("file",), allow_redirects=False)
        self.roots = [Path(r).resolve() for r in roots]
        self.blocked = blocked

    def fetch(self, url: str, headers: dict | None = None) -> URLFetcherResponse:
        if url[:5].lower() == "data:" and len(url) <= 65536 and "ENTITY" not in url:
            return _data_url(url)  # small inline bytes (our icons): nothing is read or fetched
        path, reason = self.local_path(url)
        if path is None:
            self.blocked.append((url, reason))
            raise BlockedURL(f"{_BLOCKED}: {reason}: {url}")
        # Open the checked path ourselves rather than handing the URL back to urllib.
        return URLFetcherResponse(path.as_uri(), path.open("rb"), _content_type(path))

    def local_path(self, url: str) -> tuple[Path | None, str]:
        """The file a URL names if it may be read, else None and why not."""
        parts = urlsplit(url)
        if parts.scheme.lower() != "file" or parts.netloc not in ("", "localhost"):
            return None, "refused to load"
        try:
            path = Path(url2pathname(parts.path))  # url2pathname unquotes once.resolve()
        except (OSError, RuntimeError, ValueError):
            return None, "refused to load"
        if not any(path.is_relative_to(root) for root in self.roots):
            return None, "refused to load"
        if not path.is_file():
            return None, "cannot find"
        kind = _content_type(path).get("Content-Type", "")
        reason = picture_problem(path, allow_svg=True) if kind.startswith("image/") else None
        if reason is None and path.stat().st_size > MAX_BINARY_FILE:
            reason = f"{path.name} is too large"
        if reason:
            return None, f"refused a picture ({reason}):"
        return path, ""


def _data_url(url: str) -> URLFetcherResponse:
    """Decode a ``data:`` URL (base64 or percent-encoded) without touching the network."""
    head, _, payload = url[5:].partition(",")
    kind = head.split(";")[0] or "text/plain"
    body = b64decode(payload) if head.endswith(";base64") else unquote(payload).encode()
    return URLFetcherResponse(url, BytesIO(body), {"Content-Type": kind})


def _content_type(path: Path) -> dict[str, str]:
    types = {
        ".css": "text/css",
        ".png": "image/png",
        ".jpg": "image/jpeg",
        ".jpeg": "image/jpeg",
        ".gif": "image/gif",
        ".svg": "image/svg+xml",
        ".webp": "image/webp",
        ".ttf": "font/ttf",
        ".otf": "font/otf",
        ".woff": "font/woff",
        ".woff2": "font/woff2",
    }
    kind = types.get(path.suffix.lower())
    return {"Content-Type": kind} if kind else {}


def _describe(metadata, props: DocProperties) -> None:
    """The course's properties and date, so two builds give the same bytes."""
    stamp = props.date.strftime("%Y-%m-%dT%H:%M:%SZ")
    metadata.authors = [a for a in (props.author, props.organisation) if a][:1]
    metadata.description = props.subject or None
    metadata.keywords = [props.keywords] if props.keywords else []
    metadata.generator = "trainpack"
    metadata.created = metadata.modified = stamp


class _Collector(logging.Handler):
    """Keeps WeasyPrint's warnings (and its quiet font-loading failures) for the caller."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.name != LOGGER.name:
            return  # the progress logger's "Step 1 …" chatter
        try:
            message = record.getMessage()
        except Exception:  # a malformed log call must not break the build
            message = str(record.msg)
        if _BLOCKED in message:
            return  # reported once, more clearly, from the fetcher's own list
        if record.levelno >= logging.WARNING or (
            record.levelno == logging.DEBUG and message.startswith("Failed to")
        ):
            if message not in self.messages:
                self.messages.append(message)


def write_pdf(
    html: str,
    dest: Path,
    *,
    base_dir: Path,
    allowed_roots: list[Path],
    paper: str,
    title: str,
    lang: str = "en-GB",
    template: Path | None = None,
    warnings: list[Problem] | None = None,
    properties: DocProperties | None = None,
    sources: list[Path] | None = None,
    variant: str | None = "pdf/ua-1",
) -> int:
    """Render ``html`` to ``dest`` and return the page count.

    ``base_dir`` resolves relative URLs (Markdown images); only files under
    ``allowed_roots`` may be read.  ``paper`` is 'a4' or 'letter'.  WeasyPrint's
    warnings become ``Problem`` warnings located at ``template`` and are appended
    to ``warnings`` when a list is given; a refused or missing URL that one of the
    Markdown ``sources`` names is located at that file's line instead.  Every PDF declares
    PDF/UA-1 (``variant``): tagged, with /Lang, a title shown in the window.
    """
    if paper not in PAPER_SIZES:
        raise ValueError(f"unknown paper size {paper!r}: use one of {', '.join(PAPER_SIZES)}")
    blocked: list[tuple[str, str]] = []
    fetcher = SandboxFetcher([*allowed_roots], blocked)
    collector = _Collector()
    saved = LOGGER.level, LOGGER.propagate
    LOGGER.addHandler(collector)
    LOGGER.setLevel(logging.DEBUG)
    LOGGER.propagate = False  # ours to report, not to print
    try:
        fonts = font_config()
        page_css = CSS(
            string=f"@page {{ size: {PAPER_SIZES[paper]}; }}",
            font_config=fonts,
            url_fetcher=fetcher,
        )
        document = HTML(
            string=html, base_url=Path(base_dir).resolve().as_uri() + "/", url_fetcher=fetcher
        ).render(font_config=fonts, stylesheets=[page_css], pdf_tags=True)
        document.metadata.title = title
        document.metadata.lang = lang
        if properties is not None:
            _describe(document.metadata, properties)
        document.write_pdf(Path(dest), pdf_tags=True, pdf_variant=variant)
        pages = len(document.pages)
    finally:
        LOGGER.removeHandler(collector)
        LOGGER.setLevel(saved[0])
        LOGGER.propagate = saved[1]
    if warnings is not None:
        where = Path(template) if template else Path("templates")
        for url, reason in dict.fromkeys(blocked):
            hint = (
                "check the file name and that the file exists"
                if reason == "cannot find"
                else "only pictures and files inside the course folder or the templates can be "
                "used; copy the file into the module's images/ folder and link it relatively"
            )
            at, line = _named_in(url, sources or []) or (where, None)
            warnings.append(
                problem(
                    at,
                    line,
                    None,
                    f"PDF '{Path(dest).name}': {reason} {url}",
                    hint,
                    severity="warning",
                )
            )
        for message in collector.messages:
            warnings.append(
                problem(
                    where,
                    None,
                    None,
                    f"PDF '{Path(dest).name}': WeasyPrint: {message}",
                    "check the template and print.css for the markup or style named here",
                    severity="warning",
                )
            )
    return pages


def _named_in(url: str, sources: list[Path]) -> tuple[Path, int] | None:
    """The Markdown file and line that wrote ``url`` (matched by its last path part)."""
    name = unquote(urlsplit(url).path).rstrip("/").rsplit("/", 1)[-1]
    if not name:
        return None
    for path in sources:
        try:
            lines = path.read_text("utf-8-sig", errors="replace").splitlines()
        except OSError:
            continue
        for number, text in enumerate(lines, 1):
            if name in text or name in unquote(text):
                return path, number
    return None
