"""`schema`: JSON Schemas for editors and the key reference for docs/, from the models."""

from __future__ import annotations

import argparse
from pathlib import Path


def register(sub) -> None:  # sub: argparse._SubParsersAction
    parser = sub.add_parser(
        "schema",
        help="write JSON Schemas of the course files (editor completion) and the key reference",
    )
    parser.add_argument(
        "--out", metavar="DIR", type=Path, help="write <kind>.schema.json files into DIR"
    )
    parser.add_argument(
        "--docs", metavar="FILE", type=Path, help="write the key reference (docs/keys.md)"
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from trainpack.core.atomic import replace_file
    from trainpack.pipeline.keyref import key_reference
    from trainpack.pipeline.schema import write_schemas

    if args.out is None and args.docs is None:
        args.out = Path("schemas")
    if args.out is not None:
        for path in write_schemas(args.out):
            print(path)
    if args.docs is not None:
        replace_file(args.docs, key_reference().encode("utf-8"))
        print(args.docs)
    return 0
