"""The command line: parse arguments, call the pipeline, show progress and problems.

Exit codes: 0 ok, 1 content errors (the author's files), 2 usage errors, 3 our own bug
(a short "internal error" line; the traceback only with ``--debug``), 130 Ctrl-C.
python-pptx and WeasyPrint are imported only when a build writes that format,
so ``--help``, ``check`` and ``list`` stay fast.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from trainpack.cli.guard import internal_error, system_error
from trainpack.core.errors import BuildError, Problem, format_problem

FORMATS = ("pptx", "pdf")


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in argv
    argv = [a for a in argv if a != "--debug"]
    if not argv or (argv[0].startswith("-") and argv[0] not in ("-h", "--help")):
        argv = ["build", *argv]  # a bare `build.py [options]` builds the default course
    args = _parser().parse_args(argv)
    try:
        return int(args.run(args))
    except BuildError as exc:
        _print_problems(exc.problems, strict=getattr(args, "strict", False))
        return 2 if exc.category == "usage" else 1
    except KeyboardInterrupt:
        from trainpack.publish.outputs import interrupted_message

        print(interrupted_message(), file=sys.stderr)
        return 130
    except OSError as exc:  # the machine's answer (disk full, no permission), not our bug
        error = system_error(exc)
        _print_problems(error.problems)
        return 2 if error.category == "usage" else 1
    except Exception as exc:  # the guard: our bug, never blamed on the course
        return internal_error(exc, debug)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="build.py",
        description="Build training packs (slides, handouts, facilitator "
        "guide) from the course in modules/. With no command: build the default course.",
        epilog="--debug (anywhere): show the traceback of an internal error",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    build = sub.add_parser("build", help="build decks and PDFs into output/")
    _source_option(build)
    build.add_argument(
        "--edition",
        metavar="NAME",
        help="a named edition from editions/ (default: course.yaml's defaults.edition)",
    )
    build.add_argument("--all-editions", action="store_true", help="build every edition")
    build.add_argument(
        "--audience",
        metavar="ID",
        help="an ad-hoc edition for this audience "
        "(default country pack, source language, default theme)",
    )
    build.add_argument("--modules", metavar="ID,...", type=_csv, help="only these modules")
    build.add_argument(
        "--formats",
        metavar="pptx,pdf",
        type=_formats,
        default=set(FORMATS),
        help="which outputs to write (default: both)",
    )
    build.add_argument("--paper", choices=("a4", "letter"), help="handout paper size")
    build.add_argument(
        "--participants",
        type=_participants,
        default=(),
        metavar="FILE",
        help="one name per line (UTF-8): a certificate each, names on the sign-in sheet",
    )
    build.add_argument(
        "--out",
        metavar="DIR",
        type=Path,
        default=Path("output"),
        help="output folder (default: output/)",
    )
    build.add_argument("--strict", action="store_true", help="treat warnings as errors")
    build.add_argument("--quiet", action="store_true", help="no progress, only problems")
    build_options(build)
    build.set_defaults(run=_run_build)

    check = sub.add_parser("check", help="check the course and report every problem")
    _source_option(check)
    check.add_argument("--strict", action="store_true", help="treat warnings as errors")
    check.add_argument(
        "--edition",
        metavar="NAME",
        help="also check this edition: its country "
        "values still TODO, its translations, its theme and its timetable",
    )
    check.set_defaults(run=_run_check)

    translations = sub.add_parser(
        "translations",
        help="create or update the PO files a "
        "translator fills in, and report what is missing or stale",
    )
    _source_option(translations)
    translations.add_argument("--language", metavar="CODE", required=True)
    translations.add_argument(
        "--modules", metavar="ID,...", type=_csv, help="only these modules (default: all)"
    )
    translations.set_defaults(run=_run_translations)

    listing = sub.add_parser("list", help="list modules (minutes, audiences) and audiences")
    _source_option(listing)
    listing.add_argument("--json", action="store_true", help="editions as JSON (CI matrices)")
    listing.set_defaults(run=_run_list)

    coverage = sub.add_parser("coverage", help="which modules cite each source section")
    _source_option(coverage)
    coverage.set_defaults(run=_run_coverage)
    for command in _commands():
        command.register(sub)
    return parser


def _commands() -> list:
    """Commands kept in their own modules (trainpack/cli/<name>.py)."""
    from trainpack.cli import new, schema, serve, watch

    return [new, schema, watch, serve]


def build_options(parser: argparse.ArgumentParser) -> None:
    """--jobs and --force (shared with `watch`)."""
    parser.add_argument(
        "--jobs",
        metavar="N",
        type=_positive,
        default=None,
        help="write outputs in N processes (default: the machine's cores); "
        "the files are the same whatever N",
    )
    parser.add_argument(
        "--force", action="store_true", help="rebuild every output, even those unchanged"
    )


def _positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"--jobs needs a whole number of 1 or more, not {text!r}")
    return int(text)


def _source_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--source",
        metavar="DIR",
        type=Path,
        default=Path("modules"),
        help="course folder laid out like modules/ (default: modules/)",
    )


def _participants(path: str) -> tuple[str, ...]:
    """Names from a UTF-8 text file, one per line (blank lines and a BOM ignored)."""
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise argparse.ArgumentTypeError(f"no such file: {path}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise argparse.ArgumentTypeError(
            f"cannot read {path} as UTF-8 text ({exc.__class__.__name__}); save it as UTF-8, "
            "one name per line"
        ) from None
    return tuple(line.strip() for line in text.splitlines() if line.strip())


def _csv(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


def _formats(text: str) -> set[str]:
    chosen = set(_csv(text))
    unknown = chosen - set(FORMATS)
    if unknown or not chosen:
        raise argparse.ArgumentTypeError(
            f"unknown format {', '.join(sorted(unknown)) or text!r}; use {', '.join(FORMATS)}"
        )
    return chosen


def _load(args: argparse.Namespace):  # -> tuple[Course, list[Problem]]
    from trainpack.load.course import load_course
    from trainpack.validate.course import validate_course

    course, problems = validate_course(load_course(args.source))
    if getattr(args, "strict", False) and problems:
        raise BuildError([p.as_error() for p in problems])
    return course, problems


def _checked(args: argparse.Namespace, edition: str | None = None):  # -> (Course, problems)
    """Every check `check` runs; errors (or, with --strict, warnings) stop here."""
    from trainpack.load.yamlsource import use_parse_cache
    from trainpack.pipeline.check import check_course

    if getattr(args, "out", None) is not None:  # deleting the output folder resets it
        from trainpack.render.renderer import use_bytecode_cache

        use_parse_cache(Path(args.out) / ".cache" / "yaml")
        use_bytecode_cache(Path(args.out) / ".cache" / "jinja")
    course, problems = check_course(args.source, edition)
    if getattr(args, "strict", False):
        problems = [p.as_error() for p in problems]
    if course is None or any(p.severity == "error" for p in problems):
        raise BuildError(problems)
    return course, problems


def _run_check(args: argparse.Namespace) -> int:
    course, problems = _checked(args, args.edition)
    _print_problems(problems)
    slides = sum(len(s.slides) for m in course.modules for s in m.sections)
    warned = sum(p.severity == "warning" for p in problems)
    print(
        f"{args.source}: {len(course.modules)} modules, {slides} authored slides, "
        f"{len(course.audiences)} audiences — no errors, {warned} warning(s)"
    )
    return 0


def _run_list(args: argparse.Namespace) -> int:
    from trainpack.pipeline.reports import listing_json, print_listing

    course, _ = _load(args)
    if args.json:
        import json

        print(json.dumps(listing_json(course), indent=2, ensure_ascii=False))
        return 0
    print_listing(course)
    return 0


def _run_coverage(args: argparse.Namespace) -> int:
    from trainpack.pipeline.matrix import print_matrix
    from trainpack.pipeline.reports import print_coverage

    course, _ = _load(args)
    sections = print_coverage(course)
    print_matrix(course)  # shown, not failing: the targets are the authors' to reach
    return sections


def _run_build(args: argparse.Namespace) -> int:
    from trainpack.cli.progress import Progress
    from trainpack.pipeline.build import BuildRequest, build_editions

    course, problems = _checked(args)
    _print_problems(problems)
    if args.all_editions and (args.edition or args.audience):
        print(
            "build.py: --all-editions cannot be combined with --edition or --audience",
            file=sys.stderr,
        )
        return 2
    names = [e.id for e in course.editions] if args.all_editions else [args.edition]
    requests = [
        BuildRequest(
            edition=name,
            audience=args.audience,
            modules=args.modules,
            formats=args.formats,
            paper=args.paper,
            out=args.out,
            participants=args.participants,
        )
        for name in names
    ]
    with Progress(quiet=args.quiet) as progress:
        results = build_editions(course, requests, progress, jobs=args.jobs, force=args.force)
    save_caches()
    warned = False
    for result in results:
        _print_problems(result.warnings)
        warned = warned or bool(result.warnings)
        if not args.quiet:
            progress.summary(result)
    return 1 if args.strict and warned else 0


def save_caches() -> None:
    """After a build succeeded: keep parsed files and compiled templates for the next one."""
    from trainpack.load.yamlsource import save_parse_cache
    from trainpack.render.renderer import save_bytecode_cache

    save_parse_cache()
    save_bytecode_cache()


def _run_translations(args: argparse.Namespace) -> int:
    from trainpack.pipeline.check import update_translations

    course, _ = _load(args)
    update_translations(course, args.language, args.modules)
    return 0


def _print_problems(problems: list[Problem], strict: bool = False) -> None:
    if not problems:
        return
    for item in problems:
        print(format_problem(item), file=sys.stderr)
    errors = sum(p.severity == "error" for p in problems)
    warnings = sum(p.severity == "warning" for p in problems)
    notes = len(problems) - errors - warnings
    print(
        f"{errors} error(s), {warnings} warning(s)" + (f", {notes} note(s)" if notes else ""),
        file=sys.stderr,
    )
