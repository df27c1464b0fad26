"""`watch`: build, then rebuild on every save, until Ctrl-C.

Each save reruns check and an incremental build (only changed outputs are written), prints
which files changed and any problems at file:line, and keeps watching whatever the content
says: a mistake is reported, never the end of the session.
"""

from __future__ import annotations

import argparse
import sys
import threading
import time
from pathlib import Path


def register(sub) -> None:  # sub: argparse._SubParsersAction
    from trainpack.cli.main import build_options

    parser = sub.add_parser(
        "watch", help="build, then rebuild what changed on every save (Ctrl-C stops)"
    )
    parser.add_argument(
        "--source", metavar="DIR", type=Path, default=Path("modules"), help="the course folder"
    )
    parser.add_argument("--edition", metavar="NAME", help="the edition to build")
    parser.add_argument("--out", metavar="DIR", type=Path, default=Path("output"))
    parser.add_argument(
        "--formats", metavar="pptx,pdf", default="pptx,pdf", help="which outputs to write"
    )
    build_options(parser)
    parser.set_defaults(run=run, quiet=True, strict=False)


def run(args: argparse.Namespace, stop: threading.Event | None = None) -> int:
    """``stop`` (a threading.Event) ends the loop; tests use it, people use Ctrl-C."""
    from watchfiles import watch

    source = Path(args.source)
    watched = [source] + ([Path("templates")] if Path("templates").is_dir() else [])
    first = True
    # The first build runs once the watcher is running (its first, empty yield), so a file
    # saved while a build runs is seen and rebuilt next, the first build included.
    for changes in watch(
        *watched,
        stop_event=stop,
        debounce=150,
        step=50,
        rust_timeout=500,
        yield_on_timeout=True,
    ):
        if first:
            rebuild_once(args, "first build")
            first = False
            continue
        paths = sorted({Path(p) for _, p in changes if not _ignored(Path(p), Path(args.out))})
        if paths:
            rebuild_once(args, ", ".join(_shown(p) for p in paths), paths)
    return 0


def rebuild_once(args: argparse.Namespace, reason: str, changed: list[Path] | None = None) -> bool:
    """One check and build; problems are printed, never raised.  True when it built.

    Two publishes: first what an author looks at while editing (the deck and handouts of
    the modules whose files changed: a second or two), then everything else (slides PDFs,
    slide handouts, the guide, agenda and printed pieces, which take longest).  Each
    publish is atomic, as in `build`."""
    from trainpack.cli.main import _checked, _print_problems, save_caches
    from trainpack.core.errors import BuildError
    from trainpack.pipeline.build import BuildRequest, build_editions

    clock = time.perf_counter()
    print(f"changed: {reason}", file=sys.stderr, flush=True)
    formats = {f.strip() for f in str(args.formats).split(",") if f.strip()}
    phases = [False, True] if "pdf" in formats else [True]
    shown: list = []  # a warning both publishes meet is printed once
    try:
        course, problems = _checked(args)
        _print_problems(problems)
        focus = _edited_modules(course, Path(args.source), changed)
        for edition_wide in phases:
            request = BuildRequest(
                edition=args.edition,
                formats=formats,
                out=args.out,
                edition_wide=edition_wide,
                focus=focus,
            )
            (result,) = build_editions(
                course, [request], _Silent(), jobs=args.jobs, force=args.force
            )
            save_caches()
            _print_problems([w for w in result.warnings if w not in shown])
            shown += result.warnings
            then = "" if edition_wide else "; slides PDFs, the guide and printed pieces follow"
            print(
                f"built {result.folder} in {time.perf_counter() - clock:.1f} s: "
                f"{result.rebuilt} rebuilt, {result.kept} kept{then}",
                file=sys.stderr,
                flush=True,
            )
    except BuildError as exc:
        _print_problems(exc.problems)
        print("not built: fix the problems above and save again", file=sys.stderr, flush=True)
        return False
    args.force = False  # --force applies to the first build only
    return True


def _edited_modules(course, source: Path, changed: list[Path] | None) -> frozenset[str] | None:
    """The modules whose own folders hold every changed file; None (all of them) when a
    file outside the module folders changed, such as course.yaml or a template."""
    if not changed:
        return None
    folders = {m.folder: m.id for m in course.modules}
    found = set()
    for path in changed:
        try:
            parts = path.resolve().relative_to(source.resolve()).parts
        except (OSError, ValueError):
            return None
        if len(parts) < 2 or parts[0] not in folders:
            return None
        found.add(folders[parts[0]])
    return frozenset(found)


def _shown(path: Path) -> str:
    from trainpack.core.errors import display_path

    return display_path(path)


def _ignored(path: Path, out: Path) -> bool:
    """Editor droppings and our own output never trigger a rebuild."""
    name = path.name
    if name.startswith((".", "#")) or name.endswith(("~", ".swp", ".tmp")):
        return True
    try:
        return path.resolve().is_relative_to(out.resolve())
    except OSError:
        return False


class _Silent:
    def stage(self, name: str, total: int) -> None: ...
    def advance(self, label: str) -> None: ...
