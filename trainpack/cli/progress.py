"""Progress on long builds and the closing summary, through rich (quiet when asked)."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeElapsedColumn
from rich.progress import Progress as RichProgress
from rich.table import Table


class Progress:
    def __init__(self, quiet: bool = False) -> None:
        self.quiet = quiet
        self.console = Console(stderr=True, highlight=False)
        self._bar: RichProgress | None = None
        self._task: Any = None

    def __enter__(self) -> Progress:
        if not self.quiet:
            self._bar = RichProgress(
                TextColumn("{task.description:<16}"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("{task.fields[label]}"),
                TimeElapsedColumn(),
                console=self.console,
                transient=False,
            )
            self._bar.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self._bar.stop()

    def stage(self, name: str, total: int) -> None:
        if self._bar is not None:
            self._task = self._bar.add_task(name, total=total, label="")

    def advance(self, label: str) -> None:
        if self._bar is not None and self._task is not None:
            self._bar.update(self._task, advance=1, label=label)

    def summary(self, result: Any) -> None:
        table = Table(
            title=f"{result.folder}  ({result.edition.audience.name}, "
            f"{result.edition.duration} min, {result.edition.paper.upper()})",
            title_justify="left",
        )
        for column in ("file", "kind", "KB"):
            table.add_column(column, justify="right" if column == "KB" else "left")
        for item in result.files:
            table.add_row(item.path, item.kind, f"{item.bytes / 1024:.0f}")
        Console(highlight=False).print(table)
        Console(highlight=False).print(
            f"{len(result.files)} files, {result.slides} slides, {result.pages} PDF pages; "
            f"{result.rebuilt} rebuilt, {result.kept} kept (inputs unchanged)"
        )
        agenda = result.edition.agenda
        if agenda is not None and agenda.dropped:
            Console(highlight=False).print(
                "Optional sections dropped to fit the schedule: "
                + ", ".join(f"{m.id}/{s.id} ({s.duration} min)" for m, s in agenda.dropped)
            )
