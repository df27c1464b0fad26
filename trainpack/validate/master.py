"""Is a theme's PowerPoint master still in step with its theme.yaml?

The master is generated from theme.yaml (tools/make_master.py); edit the colours or font
afterwards and, without this check, decks keep the old colours while PDFs take the new
ones.  The master's theme part is read as XML (no python-pptx in validate/).
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from pathlib import Path

from lxml import etree

_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
_R = "http://schemas.openxmlformats.org/package/2006/relationships"
_THEME = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/theme"
# Scheme slot -> theme.yaml colour, as tools/make_master.py fills them.
SLOTS = {"dk2": "primary_dark", "lt2": "paper", "accent1": "primary", "accent2": "accent"}


def master_scheme(master: Path) -> tuple[dict[str, str], set[str]]:
    """(slot -> RRGGBB, latin typefaces) of the first slide master's theme."""
    with zipfile.ZipFile(master) as archive:
        names = archive.namelist()
        masters = sorted(
            n for n in names if re.fullmatch(r"ppt/slideMasters/slideMaster\d+\.xml", n)
        )
        if not masters:
            return {}, set()
        rels_name = posixpath.join(
            posixpath.dirname(masters[0]), "_rels", posixpath.basename(masters[0]) + ".rels"
        )
        theme_part = None
        if rels_name in names:
            for rel in etree.fromstring(archive.read(rels_name)).iter(f"{{{_R}}}Relationship"):
                if rel.get("Type") == _THEME:
                    target = rel.get("Target", "")
                    theme_part = posixpath.normpath(
                        posixpath.join(posixpath.dirname(masters[0]), target)
                    )
        if theme_part is None or theme_part not in names:
            return {}, set()
        root = etree.fromstring(archive.read(theme_part))
    colours = {}
    scheme = root.find(f".//{{{_A}}}clrScheme")
    for slot in SLOTS:
        node = scheme.find(f"{{{_A}}}{slot}/{{{_A}}}srgbClr") if scheme is not None else None
        if node is not None and node.get("val"):
            colours[slot] = node.get("val", "").upper()
    fonts = {
        node.get("typeface", "")
        for kind in ("majorFont", "minorFont")
        for node in root.iterfind(f".//{{{_A}}}fontScheme/{{{_A}}}{kind}/{{{_A}}}latin")
    }
    return colours, fonts


def stale_tokens(master: Path, colors: dict[str, str], family: str) -> list[str]:
    """The theme.yaml tokens the master disagrees with, e.g. ['colors.primary (master 2F6F73)']."""
    scheme, fonts = master_scheme(master)
    if not scheme and not fonts:
        return []  # not a master of ours (no colour scheme to compare)
    found = [
        f"colors.{token} (master #{scheme[slot]}, theme.yaml #{colors[token].upper()})"
        for slot, token in SLOTS.items()
        if slot in scheme and token in colors and scheme[slot] != colors[token].upper()
    ]
    if fonts and fonts != {family}:
        found.append(f"fonts.family (master {', '.join(sorted(fonts))}, theme.yaml {family})")
    return found
