"""`new`: start a course (`new course DIR`) or add to one (`new module ID --source DIR`)."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

KINDS = ("course", "module", "audience", "edition", "theme", "language")


def register(sub) -> None:  # sub: argparse._SubParsersAction
    parser = sub.add_parser(
        "new",
        help="start a course (new course DIR) or add a module, audience, edition, theme or "
        "language to one (new module ID --source DIR); never overwrites",
    )
    parser.add_argument("kind", choices=KINDS, help="what to create")
    parser.add_argument("name", metavar="DIR|ID|CODE", help="the course folder, id or code")
    parser.add_argument(
        "--source",
        metavar="DIR",
        type=Path,
        default=Path("modules"),
        help="the course folder to add to (default: modules/)",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from trainpack.core.errors import command
    from trainpack.pipeline import scaffold

    if args.kind == "course":
        folder = Path(args.name)
        written = scaffold.new_course(folder)
        _list(written)
        print(
            f"next: `{command('check', folder)}`, then `{command('build', folder)}`; "
            "editors complete keys from schemas/ (the first line of each file says so)"
        )
        return 0
    makers: dict[str, Callable[[Path, str], list[Path]]] = {
        "module": scaffold.new_module,
        "audience": scaffold.new_audience,
        "edition": scaffold.new_edition,
        "theme": scaffold.new_theme,
        "language": scaffold.new_language,
    }
    make = makers[args.kind]
    written = make(args.source, args.name)
    _list(written)
    if args.kind == "language":
        from trainpack.cli.main import _load
        from trainpack.pipeline.check import update_translations

        course, _ = _load(argparse.Namespace(source=args.source, strict=False))
        update_translations(course, args.name, None)
    if args.kind == "theme":
        print(
            f"change its colours in {Path(args.source) / 'themes' / args.name / 'theme.yaml'}, "
            f"then run `python tools/make_master.py --theme "
            f"{Path(args.source) / 'themes' / args.name}` and `{command('check', args.source)}`"
        )
    return 0


def _list(paths: list[Path]) -> None:
    from trainpack.core.errors import display_path

    for path in paths:
        print(f"wrote {display_path(path)}")
