"""`new`: start a course, or add a module, audience, edition, theme or language to one.

Everything written is a small valid example with comments, so that `check` passes and
`build` makes a pack straight away; nothing that exists is ever overwritten.  Course files
start with a ``# yaml-language-server: $schema=…`` line, so editors complete their keys
from the JSON Schemas written next to them (schemas/).
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from trainpack.core.errors import BuildError, display_path, problem
from trainpack.core.resources import TEMPLATES, THEMES
from trainpack.pipeline.schema import write_schemas

_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,59}$")


def _schema(kind: str, depth: int) -> str:
    return f"# yaml-language-server: $schema={'../' * depth}schemas/{kind}.schema.json\n"


COURSE = """{schema}# The course: its title, teaching order and defaults. See docs/authoring.md and docs/keys.md.
title: {title}
version: "{year}.1"          # a version starting with a year dates the files (reproducible)
author: ""                   # written into each file's properties
organisation: ""
modules:                     # teaching order, by module id
  - {module}
defaults:
  audience: everyone         # audiences/everyone.yaml
  edition: {edition}         # what a bare `build` makes (editions/{edition}.yaml)
  country: our-country       # the country pack --audience builds use (countries/)
  theme: default             # the theme --audience builds use (themes/ or ours)
  paper: a4
facilitation:
  ground_rules:
    - Respect each other's experience and views
    - You may step out at any time, without explaining why
  disclosure:
    - If someone discloses, pause calmly and speak with them privately
  wellbeing:
    - Plan a break after difficult material
  materials:
    - Flipchart paper and pens
terms:                       # words content uses as ${{term.key}}; an audience may change them
  child: child
  children: children
"""

SOURCE = """{schema}# The source your modules cite. Section ids are yours: any short word without spaces
# (S1, 4.2, A-3, §12). Modules cite them with `cites: [S1]`; check suggests close matches.
id: our-source
title: Our practice guidance
publisher: Our organisation
year: {year}
sections:
  - id: S1
    heading: Introduction
  - id: S2
    heading: Recognising a concern
  - id: S3
    heading: What to do
"""

AUDIENCE = """{schema}# An audience: who the pack is for. Limit any block to audiences with `only:`/`except:`.
id: {id}
name: {name}
description: Everyone who takes part in the course.
level: foundation            # awareness | foundation | specialist
"""

COUNTRY = """{schema}# A country pack: national facts content refers to as ${{country.key}}.
# Write each value as it should read in the middle of a sentence; TODO marks one to fill.
id: our-country
name: Our country
status: complete
values:
  helpline: the local child protection helpline
"""

EDITION = """{schema}# An edition: one named pack (audience, country, language, theme, paper, timetable).
id: {id}
name: {name}
audience: {audience}
country: {country}
language: en
theme: default
paper: a4
# schedule:                  # optional: the day's timetable (adds an agenda)
#   - start: "09:30"
#     end: "12:30"
#     breaks: [{{at: "11:00", minutes: 15, label: Break}}]
"""

MODULE = """{schema}# A module: one timed session. Every common slide layout is shown once below;
# delete what you do not need. Keys: docs/keys.md. Layouts: docs/authoring.md.
id: {id}
title: {title}
summary: One sentence on what this session is for.
duration: 30                 # minutes; the sections below must add up to this
level: foundation
cites: [S1]                  # section ids from sources/our-source.yaml
objectives:
  - Describe what a concern can look like
key_messages:
  - Noticing is the first step; you do not have to be certain to act
sections:
  - id: opening
    title: Opening
    duration: 10
    slides:                  # the deck opens with a title slide and the objectives by itself
      - layout: bullets
        title: What this session covers
        bullets:
          - What a concern can look like
          - text: What to do next
            sub: [Who to tell, What to write down]
        notes: Say what the session covers and how long it takes.
        cites: [S1]
      - layout: two-column
        title: Two sides
        left: {{heading: What we see, bullets: [Signs, Behaviour]}}
        right: {{heading: What we do, bullets: [Listen, Record, Refer]}}
        notes: Compare the two columns with the group.
  - id: practice
    title: Practice
    duration: 20
    method: discussion
    slides:
      - layout: table
        title: Who to contact
        columns: [Concern, Contact]
        rows:
          - [Immediate danger, Emergency services]
          - [Any other concern, "${{country.helpline}}"]
        notes: Go through the table row by row.
      - layout: process
        title: What to do
        steps:
          - {{label: Notice, detail: something is not right}}
          - {{label: Record, detail: what you saw and heard}}
          - {{label: Refer, detail: to your safeguarding lead}}
        notes: Walk through each step.
        cites: [S3]
      - layout: checklist
        title: Before you leave
        items: [I know who to tell, I know what to write down]
        notes: Ask everyone to tick the list.
      - layout: question
        question: What would help you act on a concern?
        notes: Take a few answers; there is no wrong answer.
"""

HANDOUT = """## About this session {{#opening}}

Write the participants' handout here, in Markdown. A heading ending in {{#section-id}}
belongs to that section.

## Practice {{#practice}}

- Notice
- Record
- Refer
"""

FACILITATOR = """## Before the session

Notes for the trainer: what to prepare, what to watch for, and how to look after the group.
"""


def new_course(folder: Path) -> list[Path]:
    """A small course that checks clean and builds: course, source, audience, country pack,
    edition, one module, and the JSON Schemas its files point at."""
    folder = Path(folder)
    if (folder / "course.yaml").exists():
        raise _exists(folder / "course.yaml")
    year = 2026
    module, edition = "first-module", "first-edition"
    files = {
        "course.yaml": COURSE.format(
            schema=_schema("course", 0),
            title="Our course",
            year=year,
            module=module,
            edition=edition,
        ),
        "sources/our-source.yaml": SOURCE.format(schema=_schema("source", 1), year=year),
        "audiences/everyone.yaml": AUDIENCE.format(
            schema=_schema("audience", 1), id="everyone", name="Everyone"
        ),
        "countries/our-country.yaml": COUNTRY.format(schema=_schema("country", 1)),
        f"editions/{edition}.yaml": EDITION.format(
            schema=_schema("edition", 1),
            id=edition,
            name="First edition",
            audience="everyone",
            country="our-country",
        ),
    }
    written = _write_all(folder, files)
    written += new_module(folder, module, title="A first module", listed=True)
    written += write_schemas(folder / "schemas")
    return written


def new_module(folder: Path, module_id: str, title: str = "", listed: bool = False) -> list[Path]:
    """NN-id/ with module.yaml, handout.md and facilitator.md; listed in course.yaml."""
    folder = _course(folder)
    _check_id(module_id, "module")
    taken = [p for p in folder.iterdir() if p.is_dir() and (p / "module.yaml").exists()]
    if any(re.sub(r"^\d+[-_]", "", p.name) == module_id for p in taken):
        raise _exists(next(p for p in taken if p.name.endswith(module_id)))
    numbers = [int(m[1]) for p in taken if (m := re.match(r"^(\d+)", p.name))]
    name = f"{max(numbers, default=0) + 1:02d}-{module_id}"
    text = MODULE.format(
        schema=_schema("module", 1), id=module_id, title=title or module_id.replace("-", " ")
    )
    written = _write_all(
        folder,
        {
            f"{name}/module.yaml": text,
            f"{name}/handout.md": HANDOUT.format(),
            f"{name}/facilitator.md": FACILITATOR,
        },
    )
    if not listed:
        _append_to_list(folder / "course.yaml", "modules", module_id)
    return written


def new_audience(folder: Path, audience_id: str) -> list[Path]:
    folder = _course(folder)
    _check_id(audience_id, "audience")
    text = AUDIENCE.format(
        schema=_schema("audience", 1), id=audience_id, name=audience_id.replace("-", " ").title()
    )
    return _write_all(folder, {f"audiences/{audience_id}.yaml": text})


def new_edition(folder: Path, edition_id: str) -> list[Path]:
    folder = _course(folder)
    _check_id(edition_id, "edition")
    audiences = sorted(p.stem for p in (folder / "audiences").glob("*.yaml"))
    countries = sorted(p.stem for p in (folder / "countries").glob("*.yaml"))
    text = EDITION.format(
        schema=_schema("edition", 1),
        id=edition_id,
        name=edition_id.replace("-", " ").capitalize(),
        audience=(audiences or ["everyone"])[0],
        country=(countries or ["our-country"])[0],
    )
    return _write_all(folder, {f"editions/{edition_id}.yaml": text})


def new_theme(folder: Path, theme_id: str, base: str = "default") -> list[Path]:
    """A copy of a theme (ours or the course's) under a new id, master included: change its
    colours in theme.yaml, then regenerate the master as `check` says."""
    folder = _course(folder)
    _check_id(theme_id, "theme")
    target = folder / "themes" / theme_id
    if target.exists():
        raise _exists(target)
    source = next(
        (d / base for d in (folder / "themes", THEMES) if (d / base / "theme.yaml").is_file()),
        None,
    )
    if source is None:
        raise BuildError(
            [problem(folder / "themes", None, None, f"no theme '{base}' to copy")], "usage"
        )
    shutil.copytree(source, target)
    theme_file = target / "theme.yaml"
    text = theme_file.read_text("utf-8")
    text = re.sub(r"(?m)^id:.*$", f"id: {theme_id}", text, count=1)
    text = re.sub(r"(?m)^name:.*$", f"name: {theme_id.replace('-', ' ').title()}", text, count=1)
    theme_file.write_text(_schema("theme", 2) + text.removeprefix(_schema("theme", 2)), "utf-8")
    return sorted(p for p in target.rglob("*") if p.is_file())


def new_language(folder: Path, code: str) -> list[Path]:
    """Add ``code`` to languages.yaml and start its template catalogue; the content's PO files
    come from `translations --language CODE`, which the caller runs next."""
    folder = _course(folder)
    if not re.fullmatch(r"[a-z]{2,3}(-[A-Z]{2})?", code):
        raise BuildError(
            [
                problem(
                    folder / "languages.yaml",
                    None,
                    None,
                    f"'{code}' is not a language code",
                    "use a code like fr, uk or pt-BR",
                )
            ],
            "usage",
        )
    languages = folder / "languages.yaml"
    written: list[Path] = []
    if not languages.exists():
        languages.write_text(
            _schema("languages", 0) + "# The languages editions may ask for.\n"
            "source: en\nlanguages:\n",
            "utf-8",
        )
        written.append(languages)
    text = languages.read_text("utf-8")
    if re.search(rf"(?m)^\s*-\s*code:\s*{re.escape(code)}\s*$", text):
        raise _exists(languages, f"language '{code}' is already in languages.yaml")
    entry = (
        f"  - code: {code}\n    name: {code}            # the language's own name\n"
        f"    english_name: {code}\n    direction: ltr            # rtl for Arabic, Hebrew …\n"
        "    status: draft\n"
    )
    languages.write_text(text.rstrip("\n") + "\n" + entry, "utf-8")
    written.append(languages)
    catalogue = folder / "templates" / "locales" / code / "LC_MESSAGES" / "messages.po"
    if not catalogue.exists():
        written.append(_template_catalogue(catalogue, code))
    return written


def _template_catalogue(path: Path, code: str) -> Path:
    """Every template string ("Learning objectives", "Page N of M") with an empty translation."""
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import read_po, write_po

    shipped = sorted((TEMPLATES / "locales").glob("*/LC_MESSAGES/messages.po"))
    catalog = Catalog(project="trainpack templates", fuzzy=False)
    if shipped:
        with shipped[0].open("rb") as handle:
            for message in read_po(handle):
                if message.id:
                    catalog.add(message.id, "", context=message.context)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        write_po(handle, catalog, width=0)
    text = path.read_text("utf-8").replace('"Language: \\n"', f'"Language: {code}\\n"')
    path.write_text(text, "utf-8")
    return path


# -- helpers --------------------------------------------------------------------------------


def _course(folder: Path) -> Path:
    folder = Path(folder)
    if not (folder / "course.yaml").is_file():
        raise BuildError(
            [
                problem(
                    folder / "course.yaml",
                    None,
                    None,
                    "no course.yaml here",
                    "give the course folder with --source DIR, or start one with "
                    "`python build.py new course DIR`",
                )
            ],
            "usage",
        )
    return folder


def _check_id(value: str, what: str) -> None:
    if not _ID.fullmatch(value):
        suggestion = re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-") or "my-id"
        raise BuildError(
            [
                problem(
                    Path(value),
                    None,
                    None,
                    f"'{value}' is not a valid {what} id",
                    f"ids use lower-case letters, digits and hyphens, e.g. '{suggestion}'",
                )
            ],
            "usage",
        )


def _exists(path: Path, message: str = "") -> BuildError:
    return BuildError(
        [
            problem(
                path,
                None,
                None,
                message or f"{display_path(path)} already exists",
                "new never overwrites: choose another name, or edit the existing file",
            )
        ],
        "usage",
    )


def _write_all(folder: Path, files: dict[str, str]) -> list[Path]:
    """Write every file, or none if any already exists."""
    paths = {folder / rel: text for rel, text in files.items()}
    for path in paths:
        if path.exists():
            raise _exists(path)
    for path, text in paths.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")
    return list(paths)


def _append_to_list(path: Path, key: str, value: str) -> None:
    """Add ``value`` to the block list ``key:`` in a YAML file, keeping its comments."""
    lines = path.read_text("utf-8").splitlines(keepends=True)
    start = next((i for i, line in enumerate(lines) if re.match(rf"^{key}:\s*(#.*)?$", line)), None)
    if start is None:
        inline = next((i for i, line in enumerate(lines) if re.match(rf"^{key}:\s*\[", line)), None)
        if inline is not None:
            lines[inline] = re.sub(r"\]", f", {value}]", lines[inline], count=1)
            path.write_text("".join(lines), "utf-8")
        return
    end = start + 1
    while end < len(lines) and re.match(r"^\s+-\s", lines[end]):
        end += 1
    indent = re.match(r"^(\s+)-", lines[end - 1]).group(1) if end > start + 1 else "  "  # type: ignore[union-attr]
    lines.insert(end, f"{indent}- {value}\n")
    path.write_text("".join(lines), "utf-8")
