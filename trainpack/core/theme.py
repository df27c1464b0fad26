"""A loaded theme: its colours, fonts, master and logo (validated by validate/theme.py), the
typed object an edition carries to the renderer and the writers."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from trainpack.core.errors import SourceLocation


@dataclass(frozen=True)
class Theme:
    id: str
    name: str
    folder: Path
    master: Path
    logo: Path | None
    family: str
    css_family: str
    font_files: dict[str, Path]
    colors: dict[str, str]
    origin: Path
    style: str = "calm"
    lines: dict[str, int] = field(default_factory=dict, compare=False, repr=False)
    logo_sample: bool = False  # an example logo: check warns, packs never show it

    @property
    def pack_logo(self) -> Path | None:
        """The logo a pack shows: none when the theme's logo is only a sample."""
        return None if self.logo_sample else self.logo

    def where(self, key: str) -> SourceLocation:
        """theme.yaml:line of a token such as 'colors.text' (or of its block)."""
        for cut in (key, key.rpartition(".")[0]):
            if cut in self.lines:
                return SourceLocation(self.origin, self.lines[cut])
        return SourceLocation(self.origin)
