"""Brand themes: one folder per theme with its tokens, its PowerPoint master and its fonts.

``themes/<id>/theme.yaml`` names the colours, the deck font and the metric-compatible
font files that measure deck text and are embedded in PDFs, the master .pptx and an
optional logo.  A course folder's own ``themes/`` is searched before ours.

This module reads and checks themes without python-pptx or WeasyPrint (``check``
uses it): layout names are read from the master's XML directly, and the contrast
of every text/background pair the outputs use is measured as WCAG 2 defines it.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import Annotated, Any, Literal

from lxml import etree
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from trainpack.core.colour import MIN_CONTRAST, contrast, darken_until, luminance, mix
from trainpack.core.errors import (
    BuildError,
    Problem,
    SourceLocation,
    did_you_mean,
    display_path,
    problem,
)
from trainpack.core.model import Course
from trainpack.core.resources import FONTS, THEMES
from trainpack.core.theme import Theme
from trainpack.load.assets import master_problem
from trainpack.load.yamlsource import load_yaml
from trainpack.validate.master import stale_tokens
from trainpack.validate.schema_errors import problems_from_validation
from trainpack.validate.theme_files import check_file, check_inside

REQUIRED_LAYOUTS = (
    "Title Slide",
    "Title and Content",
    "Section Header",
    "Two Content",
    "Comparison",
    "Title Only",
    "Picture with Caption",
)

# Behind the theme's own family in PDFs: Arabic glyphs, then wide-coverage fallbacks.
FALLBACK_FAMILIES = ('"Noto Sans Arabic"', '"Noto Sans"', '"DejaVu Sans"', "sans-serif")

_P = "http://schemas.openxmlformats.org/presentationml/2006/main"

Hex = Annotated[str, Field(description='a colour as six hex digits, e.g. "2F6F73"')]
FamilyName = Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9 ._-]*$", max_length=60)]
RelPath = Annotated[str, Field(min_length=1, max_length=300)]


def _colour(value: Any) -> Any:
    """Accept "2F6F73" or "#2f6f73"; a number means YAML read the colour as digits."""
    if isinstance(value, (bool, int, float)):
        raise ValueError(
            "write the colour in double quotes\nYAML reads unquoted digits as a "
            'number: write e.g. "333333"'
        )
    if isinstance(value, str):
        text = value.strip().lstrip("#")
        if not re.fullmatch(r"[0-9A-Fa-f]{6}", text):
            raise ValueError(
                f"'{value}' is not a colour\nwrite six hex digits in double quotes, e.g. \"2F6F73\""
            )
        return text.upper()
    return value


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class FontsModel(_Model):
    family: FamilyName = Field(description="the font decks name, e.g. Calibri or Arial")
    css_family: FamilyName = Field(description="the family PDFs use, e.g. Carlito")
    regular: RelPath = Field(description="TTF relative to the theme folder (or in templates/fonts)")
    bold: RelPath
    italic: RelPath | None = None


class ColorsModel(_Model):
    primary: Hex = Field(description="section slides, table headers, process boxes, headings")
    primary_dark: Hex = Field(description="slide titles, links, callout titles")
    accent: Hex = Field(description="decorative bands and rules")
    text: Hex = Field(description="body text")
    background: Hex = Field(description="slide and page background")
    paper: Hex = Field(description="the title slide's background")
    muted: Hex = Field(description="sources, captions, running heads")
    tint: Hex | None = Field(None, description="callout background (default: primary 9%)")
    line: Hex | None = Field(None, description="box borders (default: primary 35%)")
    rule: Hex | None = Field(None, description="hairlines (default: muted 35%)")
    stripe: Hex | None = Field(None, description="alternate table rows (default: primary 5%)")
    accent_tint: Hex | None = Field(None, description="warning background (default: accent 14%)")
    accent_dark: Hex | None = Field(
        None, description="warning titles and tags (default: accent darkened)"
    )

    _hex = field_validator("*", mode="before")(_colour)


class LogoModel(_Model):
    file: RelPath = Field(description="PNG or JPEG relative to the theme folder")
    sample: bool = Field(
        False, description="a placeholder logo shipped as an example: never drawn in a pack"
    )


class ThemeModel(_Model):
    id: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=60)]
    name: Annotated[str, Field(min_length=1)]
    style: Literal["calm", "bold"] = Field(
        "calm", description="decoration tools/make_master.py draws on the master"
    )
    master: RelPath = "master.pptx"
    logo: RelPath | LogoModel | None = None
    fonts: FontsModel
    colors: ColorsModel


# -- loading ----------------------------------------------------------------------------------


def available_themes(search: list[Path]) -> list[str]:
    return sorted(
        {p.parent.name for d in search if Path(d).is_dir() for p in Path(d).glob("*/theme.yaml")}
    )


def course_theme(course: Course, theme_id: str) -> Theme | None:
    """The theme an edition names, from the course's own themes/ first, then ours; None for a
    course without themes (the shipped master and built-in styles are used)."""
    if not course.theme_ids:
        return None
    return load_theme(theme_id, [Path(course.root) / "themes", THEMES])


def load_theme(
    theme_id: str, search: list[Path] | None = None, where: SourceLocation | None = None
) -> Theme:
    """The theme ``theme_id`` from the first folder of ``search`` that has it
    (``[course_root / 'themes', THEMES]``).  ``where`` locates an unknown id."""
    search = [Path(d) for d in (search if search is not None else [THEMES])]
    path = next(
        (d / theme_id / "theme.yaml" for d in search if (d / theme_id / "theme.yaml").is_file()),
        None,
    )
    if path is None:
        at = where or SourceLocation(search[0] / theme_id if search else Path("themes"))
        raise BuildError(
            [
                Problem(
                    at,
                    f"unknown theme '{theme_id}'",
                    did_you_mean(theme_id, available_themes(search)),
                )
            ],
            category="content",
        )
    doc = load_yaml(path)
    try:
        model = ThemeModel.model_validate(doc.data if isinstance(doc.data, dict) else {})
    except ValidationError as exc:
        raise BuildError(problems_from_validation(exc, doc, ThemeModel)) from None
    lines = {".".join(map(str, loc)): line + 1 for loc, (line, _) in doc.values.items() if loc}
    if model.id != theme_id:
        raise BuildError(
            [
                problem(
                    path,
                    lines.get("id"),
                    None,
                    f"the theme in folder '{theme_id}' says id: {model.id}",
                    f"write `id: {theme_id}` (a theme's id is its folder's name)",
                )
            ]
        )
    folder = path.parent
    logo = _logo_file(model.logo) if model.logo else None
    fonts_named = model.fonts.model_dump(exclude={"family", "css_family"})
    files = {
        "master": model.master,
        "logo": logo,
        **{f"fonts.{k}": v for k, v in fonts_named.items()},
    }
    check_inside(folder, files, lines, path)
    fonts = {
        key: _font_path(folder, getattr(model.fonts, key))
        for key in ("regular", "bold", "italic")
        if getattr(model.fonts, key)
    }
    return Theme(
        id=model.id,
        name=model.name,
        folder=folder,
        master=folder / model.master,
        logo=folder / _logo_file(model.logo) if model.logo else None,
        logo_sample=isinstance(model.logo, LogoModel) and model.logo.sample,
        family=model.fonts.family,
        css_family=model.fonts.css_family,
        font_files=fonts,
        colors=_resolved_colors(model.colors),
        origin=path,
        style=model.style,
        lines=lines,
    )


def _logo_file(logo: str | LogoModel) -> str:
    return logo.file if isinstance(logo, LogoModel) else logo


def _font_path(folder: Path, name: str) -> Path:
    """Relative to the theme folder; a bare file name not there is looked up in
    templates/fonts, where the shipped fonts live (and PDFs may read them)."""
    own = (folder / name).resolve()
    if own.is_file() or "/" in name:
        return own
    return (FONTS / name).resolve() if (FONTS / name).is_file() else own


def _resolved_colors(colors: ColorsModel) -> dict[str, str]:
    c = colors.model_dump()
    derived = {
        "tint": mix(c["primary"], "FFFFFF", 0.09),
        "line": mix(c["primary"], "FFFFFF", 0.35),
        "rule": mix(c["muted"], "FFFFFF", 0.35),
        "stripe": mix(c["primary"], "FFFFFF", 0.05),
        "accent_tint": mix(c["accent"], "FFFFFF", 0.14),
        "accent_dark": darken_until(c["accent"], mix(c["accent"], "FFFFFF", 0.14)),
    }
    return {k: (v if v is not None else derived[k]) for k, v in c.items()}


# -- checking ---------------------------------------------------------------------------------

# (foreground, background, what it is used for, which token to change). "white" is fixed.
PAIRS = (
    ("text", "background", "body text on slides and pages", "text"),
    ("primary_dark", "background", "slide titles and links", "primary_dark"),
    ("primary", "background", "handout headings and labels", "primary"),
    ("primary_dark", "paper", "the title slide's title", "primary_dark"),
    ("primary", "paper", "headings on the paper colour", "primary"),
    ("text", "paper", "the title slide's subtitle", "text"),
    ("white", "primary", "section slides, table headers and process boxes", "primary"),
    ("white", "primary_dark", "title and section bands", "primary_dark"),
    ("muted", "background", "sources, captions and running heads", "muted"),
    ("primary_dark", "tint", "callout titles", "primary_dark"),
    ("text", "tint", "key messages and callouts", "text"),
    ("text", "stripe", "alternate table rows", "text"),
    ("accent_dark", "accent_tint", "warning titles and tags", "accent_dark"),
    ("text", "accent_tint", "warning text", "text"),
)


def contrast_report(theme: Theme) -> list[tuple[str, str, str, float]]:
    """(foreground, background, used for, ratio) for every pair the outputs use."""
    colours = {**theme.colors, "white": "FFFFFF"}
    return [(fg, bg, used, contrast(colours[fg], colours[bg])) for fg, bg, used, _ in PAIRS]


def check_theme(theme: Theme) -> list[Problem]:
    """Contrast of every text/background pair, the master's layouts, fonts and logo."""
    found: list[Problem] = []
    colours = {**theme.colors, "white": "FFFFFF"}
    for fg, bg, used, change in PAIRS:
        ratio = contrast(colours[fg], colours[bg])
        if ratio >= MIN_CONTRAST:
            continue
        fixed = bg if change == fg else fg
        better = darken_until(colours[change], colours[fixed])
        direction = "darker" if luminance(better) < luminance(colours[change]) else "lighter"
        found.append(
            Problem(
                theme.where(f"colors.{change}"),
                f"{_name(fg, colours)} on {_name(bg, colours)} has a contrast of {ratio:.2f}:1, "
                f"below {MIN_CONTRAST}:1 ({used})",
                f'use a {direction} {change}, e.g. "{better}" '
                f"({contrast(better, colours[fixed]):.1f}:1)",
            )
        )
    found += _check_master(theme)
    for key, path in theme.font_files.items():
        found += check_file(theme, f"fonts.{key}", path, "font")
    if theme.logo is not None:
        found += check_file(theme, "logo", theme.logo, "logo")
    if theme.logo is not None and theme.logo_sample:
        found.append(
            Problem(
                theme.where("logo"),
                f"the theme's logo {theme.logo.name} is a sample (sample: true): packs on this "
                "theme show no logo",
                "put your organisation's logo in the theme folder and write `logo: FILE`",
                "warning",
            )
        )
    return found


def _name(token: str, colours: dict[str, str]) -> str:
    return f"{token} #{colours[token]}" if token != "white" else "white #FFFFFF"


def layout_names(master: Path) -> list[str]:
    """The slide layout names of a .pptx, read from its XML (no python-pptx)."""
    names = []
    with zipfile.ZipFile(master) as archive:
        parts = sorted(
            (
                n
                for n in archive.namelist()
                if re.fullmatch(r"ppt/slideLayouts/slideLayout\d+\.xml", n)
            ),
            key=lambda n: int(re.sub(r"\D", "", n.rsplit("/", 1)[1])),
        )
        for name in parts:
            root = etree.fromstring(archive.read(name))
            csld = root.find(f"{{{_P}}}cSld")
            layout_name = csld.get("name") if csld is not None else None
            if layout_name:
                names.append(layout_name)
    return names


def _check_master(theme: Theme) -> list[Problem]:
    where = theme.where("master")
    if not theme.master.is_file():
        return [
            Problem(
                where,
                f"the theme's master {theme.master.name} does not exist",
                f"put a .pptx at {theme.master} or run "
                f"`python tools/make_master.py --theme {theme.folder}`",
            )
        ]
    unsafe = master_problem(theme.master)
    if unsafe:
        return [Problem(where, unsafe, "save the master from PowerPoint as a .pptx without macros")]
    try:
        names = layout_names(theme.master)
    except (zipfile.BadZipFile, etree.XMLSyntaxError, KeyError, OSError) as exc:
        return [
            Problem(
                where,
                f"{theme.master.name} is not a PowerPoint file ({exc})",
                "save the master from PowerPoint as .pptx",
            )
        ]
    missing = [n for n in REQUIRED_LAYOUTS if n not in names]
    stale = stale_tokens(theme.master, theme.colors, theme.family)
    found = []
    if stale:
        found.append(
            Problem(
                where,
                f"the master {theme.master.name} does not match theme.yaml: {'; '.join(stale)}",
                "regenerate it from theme.yaml with "
                f"`python tools/make_master.py --theme {display_path(theme.folder)}`",
            )
        )
    if not missing:
        return found
    return found + [
        Problem(
            where,
            f"the master {theme.master.name} has no layout named "
            f"{', '.join(repr(m) for m in missing)}",
            f"its layouts are: {', '.join(names) or 'none'}; rename a layout in "
            "PowerPoint (View > Slide Master) to the missing name",
        )
    ]
