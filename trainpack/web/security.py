"""Who may talk to the server, and what the browser may do with its pages.

- Host check: only the names the server was started for (a page on another site that points
  its own name at 127.0.0.1 cannot read ours: DNS rebinding).
- Access token: required when the server listens beyond loopback; given once as ?token=…,
  then kept in a cookie.
- CSRF: every POST carries the server's token (a form field or an X-CSRF-Token header) and,
  when the browser sends one, an Origin of this server.
- Headers: a strict Content-Security-Policy (own scripts only), no sniffing, no framing by
  other sites.
"""

from __future__ import annotations

import secrets
from urllib.parse import urlsplit

from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

LOOPBACK = ("127.0.0.1", "localhost", "::1", "[::1]")
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self'; frame-src 'self'; object-src 'none'; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'self'"
)
COOKIE = "trainpack_token"


def is_loopback(host: str) -> bool:
    return host in LOOPBACK or host.startswith("127.")


class Guard:
    """ASGI middleware: host check, access token and security headers."""

    def __init__(self, app: ASGIApp, hosts: list[str], token: str | None) -> None:
        self.app, self.hosts, self.token = app, set(hosts), token

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        host = (request.headers.get("host") or "").rsplit(":", 1)[0].strip("[]")
        if "*" not in self.hosts and host not in self.hosts:
            await PlainTextResponse("unknown host", 400)(scope, receive, send)
            return
        if self.token:
            given = request.query_params.get("token")
            if given is not None and secrets.compare_digest(given, self.token):
                clean = request.url.remove_query_params("token")
                response: Response = RedirectResponse(str(clean), 303)
                response.set_cookie(COOKIE, self.token, httponly=True, samesite="strict")
                await response(scope, receive, send)
                return
            kept = request.cookies.get(COOKIE, "")
            if not secrets.compare_digest(kept, self.token):
                await PlainTextResponse(
                    "This trainpack server needs its access token: open the address it "
                    "printed when it started (…/?token=…).",
                    401,
                )(scope, receive, send)
                return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = message.setdefault("headers", [])
                headers += [
                    (b"content-security-policy", CSP.encode()),
                    (b"x-content-type-options", b"nosniff"),
                    (b"referrer-policy", b"no-referrer"),
                    (b"x-frame-options", b"SAMEORIGIN"),
                ]
            await send(message)

        await self.app(scope, receive, with_headers)


def csrf_ok(request: Request, form_token: str | None, expected: str) -> bool:
    """The POST came from one of our pages: right token, and same origin if one is sent."""
    given = form_token or request.headers.get("x-csrf-token") or ""
    if not secrets.compare_digest(given, expected):
        return False
    origin = request.headers.get("origin")
    if origin and origin != "null":
        parts = urlsplit(origin)
        if parts.netloc != request.headers.get("host", ""):
            return False
    return True
