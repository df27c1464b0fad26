"""Server-sent events: a build's progress, and "the course changed" for previews.

Each stream polls a version number a few times a second (cheap, and safe across the build
threads and the watcher) and ends when the client goes away or the server stops."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Callable

from starlette.requests import Request
from starlette.responses import StreamingResponse

from trainpack.web.jobs import Job

TICK = 0.15
HEADERS = {"cache-control": "no-store", "x-accel-buffering": "no"}


def job_stream(request: Request, job: Job) -> StreamingResponse:
    async def events() -> AsyncIterator[str]:
        seen = -1
        while not await request.is_disconnected():
            if job.version != seen:
                seen = job.version
                yield f"event: progress\ndata: {json.dumps(job.state())}\n\n"
                if job.finished:
                    return
            await asyncio.sleep(TICK)

    return StreamingResponse(events(), media_type="text/event-stream", headers=HEADERS)


def change_stream(
    request: Request, version: Callable[[], int], payload: Callable[[], dict], stopping
) -> StreamingResponse:
    async def events() -> AsyncIterator[str]:
        seen = version()
        yield f"event: hello\ndata: {json.dumps({'version': seen})}\n\n"
        beat = 0
        while not stopping.is_set() and not await request.is_disconnected():
            if version() != seen:
                seen = version()
                yield f"event: change\ndata: {json.dumps(payload())}\n\n"
            beat += 1
            if beat % 100 == 0:
                yield ": still here\n\n"
            await asyncio.sleep(TICK)

    return StreamingResponse(events(), media_type="text/event-stream", headers=HEADERS)
