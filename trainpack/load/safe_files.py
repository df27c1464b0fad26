"""Reading a course's text files safely: size first, then bytes, then a careful decode.

Every text file from a course (YAML, Markdown, PO) goes through :func:`read_text`:
a file over the size limit is refused before it is read; a UTF-8 byte-order mark
is dropped (it would otherwise turn a first heading into literal text); UTF-16 and
UTF-32 files with a BOM are decoded as what they say they are; anything else that
is not UTF-8 is one error naming the line of the first bad byte.
"""

from __future__ import annotations

import codecs
from pathlib import Path

from trainpack.core.errors import BuildError, problem
from trainpack.core.limits import MAX_TEXT_FILE

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def read_text(path: Path, limit: int = MAX_TEXT_FILE) -> str:
    """The file's text, or a BuildError (too large, unreadable, not text) at file:line."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > limit:
            raise BuildError(
                [
                    problem(
                        path,
                        None,
                        None,
                        f"the file is too large ({size // 1024} KB; the limit is "
                        f"{limit // 1024} KB)",
                        "split it into smaller files, or move long text out of it",
                    )
                ]
            )
        with open(path, "rb") as handle:
            data = handle.read(limit + 1)
    except OSError as exc:
        raise BuildError(
            [problem(path, None, None, f"cannot read the file: {exc.strerror or exc}")]
        ) from None
    return decode(path, data)


def decode(path: Path, data: bytes) -> str:
    """Decode ``data`` (from ``path``) as UTF-8, or as the UTF-16/32 its BOM names."""
    encoding = next((name for bom, name in _BOMS if data.startswith(bom)), "utf-8")
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise BuildError(
            [
                problem(
                    path,
                    line,
                    column,
                    f"the file is not UTF-8 text (byte 0x{data[exc.start]:02x} at byte "
                    f"{exc.start})",
                    "save the file as UTF-8 (in most editors: Save As, Encoding: UTF-8)",
                )
            ]
        ) from None
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise BuildError(
            [
                problem(
                    path,
                    line,
                    None,
                    "the file contains a NUL character: it is not a text file",
                    "save the file as plain UTF-8 text",
                )
            ]
        )
    return text.removeprefix("\ufeff")


def po_bytes(path: Path) -> bytes:
    """A PO file's bytes for Babel: size-checked, UTF-8 checked, without a BOM."""
    return read_text(path).encode("utf-8")
