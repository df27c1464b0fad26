"""Start the page with uvicorn: the one place that knows the web server."""

from __future__ import annotations

import secrets
from pathlib import Path

import uvicorn

from trainpack.web.app import create_app
from trainpack.web.security import is_loopback
from trainpack.web.workspace import Workspace


def serve(source: Path, out: Path, host: str, port: int, token: str | None) -> int:
    """Serve until interrupted.  Beyond loopback an access token is required (checked by the
    command before we get here); the address printed carries it."""
    workspace = Workspace(source, out)
    workspace.reload()
    if is_loopback(host):
        hosts = ["127.0.0.1", "localhost", "::1"] + ([host] if host not in ("", "0") else [])
    else:
        hosts = ["*"]
    app = create_app(workspace, hosts=hosts, token=token, watch=True)
    shown = "127.0.0.1" if host in ("0.0.0.0", "::") else host
    address = f"http://{shown}:{port}/" + (f"?token={token}" if token else "")
    print(f"trainpack: serving {workspace.source} at {address}  (Ctrl+C to stop)", flush=True)
    config = uvicorn.Config(
        app,
        host=host,
        port=port,
        log_level="warning",
        timeout_graceful_shutdown=2,
        lifespan="on",
    )
    uvicorn.Server(config).run()
    return 0


def new_token() -> str:
    return secrets.token_urlsafe(24)
