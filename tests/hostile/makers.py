"""Builders of hostile files for the corpus: bombs, broken masters and pictures, themes."""

from __future__ import annotations

import shutil
import struct
import zipfile
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MASTER = ROOT / "themes" / "default" / "master.pptx"


def alias_bomb(levels: int = 9) -> str:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for i in range(1, levels + 1):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]")
    return "\n".join(lines) + "\n"


def png_header(width: int, height: int, truncated: bool = True) -> bytes:
    """A PNG whose header claims ``width`` x ``height``; its pixel data is a stub."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    body = chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
    return b"\x89PNG\r\n\x1a\n" + body + (b"" if truncated else chunk(b"IEND", b""))


def rezip(
    dest: Path, change: dict[str, bytes | None], extra: dict[str, bytes] | None = None
) -> None:
    """A copy of the shipped master with parts replaced (None: removed) or added."""
    with zipfile.ZipFile(MASTER) as src, zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            if info.filename in change:
                if change[info.filename] is not None:
                    out.writestr(info.filename, change[info.filename])
                continue
            out.writestr(info, src.read(info))
        for name, data in (extra or {}).items():
            out.writestr(name, data)


def inflating_master(dest: Path, megabytes: int = 8) -> None:
    """The master with one extra part of zeros that inflates far beyond its stored size."""
    shutil.copy(MASTER, dest)
    with (
        zipfile.ZipFile(dest, "a", zipfile.ZIP_DEFLATED) as out,
        out.open("ppt/media/big.bin", "w") as part,
    ):
        block = b"\x00" * (1 << 20)
        for _ in range(megabytes):
            part.write(block)


def course_theme(course: Path, **changes: str) -> Path:
    """The course's own copy of the ngo-navy theme under the id 'default' (so it is used)."""
    folder = course / "themes" / "default"
    shutil.copytree(ROOT / "themes" / "ngo-navy", folder)
    text = (folder / "theme.yaml").read_text("utf-8").replace("id: ngo-navy", "id: default")
    for key, value in changes.items():
        lines, found = [], False
        for line in text.splitlines():
            stripped = line.lstrip()
            if stripped.startswith(f"{key}:"):
                indent = line[: len(line) - len(stripped)]
                line, found = f"{indent}{key}: {value}", True
            lines.append(line)
        if not found:  # a top-level key the shipped theme leaves out (e.g. logo)
            lines.append(f"{key}: {value}")
        text = "\n".join(lines) + "\n"
    (folder / "theme.yaml").write_text(text, "utf-8")
    return folder
