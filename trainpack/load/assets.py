"""Binary files from a course (masters, pictures, logos, fonts): where they may be, and
whether they are safe to hand to python-pptx, Pillow and WeasyPrint.

Every check reads headers and directories only, never the decoded content, so a
76 KB picture claiming 20,000 x 20,000 pixels or a master part that inflates to
gigabytes is refused before any memory is spent on it.  Each function returns a
plain-language reason (None when the file is fine); the callers place it at the
``file:line`` that names the file.  ``check`` and ``build`` call the same functions.
"""

from __future__ import annotations

import warnings
import zipfile
from pathlib import Path

from lxml import etree

from trainpack.core.limits import (
    MAX_BINARY_FILE,
    MAX_PICTURE_PIXELS,
    MAX_ZIP_MEMBER,
    MAX_ZIP_MEMBERS,
    MAX_ZIP_RATIO,
    MAX_ZIP_TOTAL,
)

PICTURE_TYPES = {"PNG", "JPEG", "GIF", "BMP", "TIFF"}
_ACTIVE = ("vbaproject", "vbadata", "activex", "/embeddings/", "oleobject", "macro")
_SAFE_XML = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)


def inside(path: Path, roots: list[Path]) -> bool:
    """Does ``path`` (symbolic links followed) lie inside one of ``roots``?"""
    try:
        real = Path(path).resolve()
    except (OSError, RuntimeError, ValueError):
        return False
    return any(real.is_relative_to(Path(root).resolve()) for root in roots)


def _size_problem(path: Path) -> str | None:
    try:
        size = Path(path).stat().st_size
    except OSError as exc:
        return f"cannot read {Path(path).name}: {exc.strerror or exc}"
    if not Path(path).is_file():
        return f"{Path(path).name} is not a file"
    if size > MAX_BINARY_FILE:
        return f"{Path(path).name} is too large ({size // (1024 * 1024)} MB)"
    return None


def picture_problem(path: Path, allow_svg: bool = False) -> str | None:
    """Why the picture at ``path`` cannot be used, judged from its header; None if fine."""
    found = _size_problem(path)
    if found:
        return found
    name = Path(path).name
    head = _head(path)
    if b"<svg" in head.lower() or Path(path).suffix.lower() == ".svg":
        if not allow_svg:
            return f"{name} is an SVG drawing; slides need a PNG or JPEG picture"
        text = Path(path).read_bytes()
        if b"<!ENTITY" in text or b"<!DOCTYPE" in text.upper():
            return f"{name} declares XML entities or a DOCTYPE, which are not allowed in SVG"
        return None
    from PIL import Image, UnidentifiedImageError

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # the size is judged below, not by a warning
            with Image.open(path) as image:
                width, height = image.size
                kind = image.format or "?"
                if width * height > MAX_PICTURE_PIXELS:
                    return (
                        f"{name} is {width} x {height} pixels, too large to use "
                        f"(limit {MAX_PICTURE_PIXELS // 1_000_000} million pixels)"
                    )
                if kind not in PICTURE_TYPES:
                    return f"{name} is a {kind} picture; use PNG or JPEG"
                image.verify()  # reads the file's structure and checksums without decoding
    except Image.DecompressionBombError:
        return f"{name} is too large to decode safely"
    except UnidentifiedImageError:
        return f"{name} is not a picture Pillow can read (is it really a PNG or JPEG?)"
    except (OSError, SyntaxError, ValueError, EOFError, MemoryError) as exc:
        return f"{name} is damaged or truncated ({' '.join(str(exc).split())[:120]})"
    return None


def _head(path: Path) -> bytes:
    with open(path, "rb") as handle:
        return handle.read(512)


def master_problem(path: Path) -> str | None:
    """Why the PowerPoint master at ``path`` cannot be used; None if it is a sound .pptx.

    Checks the zip directory (member count, declared sizes, compression ratio) before
    reading any part, refuses macro projects and other active content, and parses
    each XML part with entities off so python-pptx never meets a malformed one.
    """
    found = _size_problem(path)
    if found:
        return found
    name = Path(path).name
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
            if len(members) > MAX_ZIP_MEMBERS:
                return f"{name} has too many parts ({len(members)})"
            total = 0
            for info in members:
                total += info.file_size
                ratio = info.file_size / max(info.compress_size, 1)
                if info.file_size > MAX_ZIP_MEMBER or (
                    info.file_size > 1024 * 1024 and ratio > MAX_ZIP_RATIO
                ):
                    return f"{name}: part {info.filename} would unpack to {info.file_size} bytes"
                lowered = info.filename.lower()
                if any(marker in lowered for marker in _ACTIVE):
                    return (
                        f"{name} contains active content ({info.filename}): macros and "
                        "embedded programs are never copied into decks"
                    )
            if total > MAX_ZIP_TOTAL:
                return f"{name} would unpack to {total // (1024 * 1024)} MB"
            names = {info.filename for info in members}
            for required in ("[Content_Types].xml", "ppt/presentation.xml"):
                if required not in names:
                    return f"{name} is not a PowerPoint presentation (no {required})"
            types = archive.read("[Content_Types].xml")
            if b"macroEnabled" in types or b"vbaProject" in types:
                return f"{name} is a macro-enabled presentation; decks never carry macros"
            for info in members:
                if info.filename.endswith((".xml", ".rels")):
                    etree.fromstring(archive.read(info), _SAFE_XML)
    except zipfile.BadZipFile:
        return f"{name} is not a PowerPoint file (not a zip archive, or truncated)"
    except etree.XMLSyntaxError as exc:
        return f"{name} has a damaged part ({' '.join(str(exc).split())[:120]})"
    except (OSError, EOFError, ValueError, NotImplementedError, RuntimeError) as exc:
        return f"{name} cannot be read ({' '.join(str(exc).split())[:120]})"
    return None
