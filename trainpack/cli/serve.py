"""`build.py serve`: the page for trainers (compose, check, build, preview, download).

Loopback only by default; any other --host needs an access token (--token, or
TRAINPACK_TOKEN), which the printed address carries."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

LOOPBACK = ("127.0.0.1", "localhost", "::1")


def register(sub: argparse._SubParsersAction) -> None:
    serve = sub.add_parser(
        "serve", help="a local web page to compose, check, build and preview packs"
    )
    serve.add_argument(
        "--source",
        metavar="DIR",
        type=Path,
        default=Path("modules"),
        help="course folder laid out like modules/ (default: modules/)",
    )
    serve.add_argument("--port", type=int, default=8000, help="port (default: 8000)")
    serve.add_argument(
        "--host",
        default="127.0.0.1",
        help="address to listen on (default: 127.0.0.1, this computer only)",
    )
    serve.add_argument(
        "--token",
        metavar="TEXT",
        default=os.environ.get("TRAINPACK_TOKEN"),
        help="access token, required with a --host other than loopback (default: $TRAINPACK_TOKEN)",
    )
    serve.add_argument(
        "--out",
        metavar="DIR",
        type=Path,
        default=Path("output"),
        help="output folder (default: output/)",
    )
    serve.set_defaults(run=run_serve)


def run_serve(args: argparse.Namespace) -> int:
    token = args.token or None
    if args.host not in LOOPBACK and not args.host.startswith("127.") and not token:
        print(
            f"build.py serve: refusing to listen on {args.host} without an access token\n"
            "  hint: anyone who can reach this computer could use the page; pass "
            "--token TEXT (or set TRAINPACK_TOKEN), or leave out --host to stay on 127.0.0.1",
            file=sys.stderr,
        )
        return 2
    if token is not None and len(token) < 16:
        print(
            "build.py serve: the access token is too short\n"
            "  hint: use at least 16 characters, e.g. "
            "python -c 'import secrets; print(secrets.token_urlsafe(24))'",
            file=sys.stderr,
        )
        return 2
    if not (args.source / "course.yaml").is_file():
        print(
            f"build.py serve: no course.yaml in {args.source}\n"
            "  hint: pass --source with the course folder (the one holding course.yaml)",
            file=sys.stderr,
        )
        return 2
    from trainpack.web.server import serve

    try:
        return serve(args.source, args.out, args.host, args.port, token)
    except OSError as exc:
        print(
            f"build.py serve: cannot listen on {args.host}:{args.port}: {exc.strerror or exc}\n"
            "  hint: another program may use this port; try --port 8001",
            file=sys.stderr,
        )
        return 2
