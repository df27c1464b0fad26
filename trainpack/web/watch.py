"""Watch the course folder while serving: a saved change reloads the course (in a thread, so
pages keep answering) and bumps the version the preview pages follow."""

from __future__ import annotations

import logging
import threading
from pathlib import Path

import anyio
from watchfiles import awatch

from trainpack.web.workspace import Workspace

log = logging.getLogger("trainpack.web")


async def watch(ws: Workspace, stop: threading.Event) -> None:
    """Reload on every batch of changes until ``stop`` is set."""
    event = anyio.Event()

    async def relay() -> None:
        while not stop.is_set():
            await anyio.sleep(0.2)
        event.set()

    async with anyio.create_task_group() as group:
        group.start_soon(relay)
        async for changes in awatch(ws.source, stop_event=event, debounce=150, step=50):
            paths = [Path(p) for _, p in changes if not _ignored(ws, Path(p))]
            if not paths:
                continue
            folders = {_module_folder(ws.source, p) for p in paths} - {""}
            try:
                await anyio.to_thread.run_sync(ws.reload, folders)
            except Exception:  # a fault of ours must not stop the watching
                log.exception("reloading the course failed")
        group.cancel_scope.cancel()


def _ignored(ws: Workspace, path: Path) -> bool:
    """Editors' swap files, caches and an output folder kept inside the course."""
    name = path.name
    if name.startswith(".") or name.endswith(("~", ".swp", ".tmp")) or "__pycache__" in path.parts:
        return True
    return ws.out in path.parents


def _module_folder(source: Path, path: Path) -> str:
    try:
        return path.resolve().relative_to(source).parts[0]
    except (ValueError, IndexError):
        return ""
