"""The edition form: its values from a saved edition, and the YAML file it describes.

The form is turned into the text of an ``editions/<id>.yaml`` file, not into a model, so
that it is validated exactly as a file a trainer writes by hand is: same models, same
cross-checks, same messages pointing at the same kind of line.  Every string goes into the
YAML as a JSON string (valid YAML 1.2), so no form value can change the file's structure.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

MAX_DAYS = 7
MAX_BREAKS = 6
NEW = "__new__"
_ID = re.compile(r"[a-z0-9][a-z0-9-]{0,59}")


@dataclass
class BreakRow:
    at: str = ""
    minutes: str = ""
    label: str = ""


@dataclass
class DayRow:
    date: str = ""
    start: str = ""
    end: str = ""
    breaks: list[BreakRow] = field(default_factory=list)


@dataclass
class EditionForm:
    base: str = NEW  # the saved edition the form started from, or NEW
    id: str = ""
    name: str = ""
    audience: str = ""
    country: str = ""
    language: str = "en"
    theme: str = "default"
    modules: list[str] = field(default_factory=list)
    exclude_sections: str = ""  # comma separated module/section ids
    paper: str = "a4"
    large_print: bool = False
    venue: str = ""
    days: list[DayRow] = field(default_factory=list)
    overwrite: bool = False  # Save as edition: the trainer agreed to replace the file

    @property
    def file_stem(self) -> str:
        """A safe file name for the draft; an invalid id is reported by the model."""
        return self.id if _ID.fullmatch(self.id) else "unnamed-edition"


def is_id(text: str) -> bool:
    return bool(_ID.fullmatch(text))


def from_spec(spec: Any, all_modules: list[str]) -> EditionForm:
    """The form showing a saved edition (modules: None means every module it can have)."""
    return EditionForm(
        base=spec.id,
        id=spec.id,
        name=spec.name,
        audience=spec.audience,
        country=spec.country,
        language=spec.language,
        theme=spec.theme,
        modules=list(spec.modules) if spec.modules is not None else list(all_modules),
        exclude_sections=", ".join(spec.exclude_sections),
        paper=spec.paper,
        large_print=spec.large_print,
        venue=spec.venue or "",
        days=[
            DayRow(
                d.date or "",
                d.start,
                d.end,
                [BreakRow(b.at, str(b.minutes), b.label) for b in d.breaks],
            )
            for d in spec.schedule
        ],
    )


def from_post(data: Mapping[str, Any], modules: list[str]) -> EditionForm:
    """Read the posted form; unknown module ids are dropped, everything else kept as typed."""

    def text(name: str, limit: int = 200) -> str:
        value = data.get(name, "")
        return str(value).strip()[:limit] if isinstance(value, str) else ""

    chosen = set(data.getlist("modules")) if hasattr(data, "getlist") else set()
    form = EditionForm(
        base=text("edition", 60) or NEW,
        id=text("id", 60),
        name=text("name"),
        audience=text("audience", 60),
        country=text("country", 60),
        language=text("language", 20),
        theme=text("theme", 60),
        modules=[m for m in modules if m in chosen],
        exclude_sections=text("exclude_sections", 2000),
        paper=text("paper", 10),
        large_print=text("large_print", 10) in ("on", "true", "yes", "1"),
        venue=text("venue"),
        overwrite=text("overwrite", 10) == "yes",
    )
    for day in range(MAX_DAYS):
        row = DayRow(text(f"d{day}_date"), text(f"d{day}_start", 10), text(f"d{day}_end", 10))
        for item in range(MAX_BREAKS):
            pause = BreakRow(
                text(f"d{day}_b{item}_at", 10),
                text(f"d{day}_b{item}_minutes", 10),
                text(f"d{day}_b{item}_label", 60),
            )
            if pause.at or pause.minutes or pause.label:
                row.breaks.append(pause)
        if row.start or row.end or row.breaks:
            form.days.append(row)
    return form


def to_yaml(form: EditionForm, every_module: list[str]) -> str:
    """The editions/<id>.yaml file the form describes."""
    lines = [
        "# Composed on the trainpack page (python build.py serve).",
        f"id: {_s(form.id)}",
        f"name: {_s(form.name)}",
        f"audience: {_s(form.audience)}",
        f"country: {_s(form.country)}",
        f"language: {_s(form.language)}",
        f"theme: {_s(form.theme)}",
    ]
    if form.modules != every_module:
        lines.append(f"modules: {json.dumps(form.modules)}")
    excluded = [s.strip() for s in form.exclude_sections.split(",") if s.strip()]
    if excluded:
        lines.append("exclude_sections:")
        lines += [f"  - {_s(ref)}" for ref in excluded]
    lines.append(f"paper: {_s(form.paper)}")
    lines.append(f"large_print: {'true' if form.large_print else 'false'}")
    if form.venue:
        lines.append(f"venue: {_s(form.venue)}")
    if form.days:
        lines.append("schedule:")
        for day in form.days:
            first = f"  - date: {_s(day.date)}" if day.date else None
            rest = [f"start: {_s(day.start)}", f"end: {_s(day.end)}"]
            if first:
                lines.append(first)
                lines += [f"    {item}" for item in rest]
            else:
                lines.append(f"  - {rest[0]}")
                lines.append(f"    {rest[1]}")
            if day.breaks:
                lines.append("    breaks:")
                for pause in day.breaks:
                    lines.append(f"      - at: {_s(pause.at)}")
                    lines.append(f"        minutes: {_number(pause.minutes)}")
                    if pause.label:
                        lines.append(f"        label: {_s(pause.label)}")
    return "\n".join(lines) + "\n"


def _s(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


def _number(value: str) -> str:
    """Digits as a number; anything else quoted, so the model reports it as YAML would."""
    return value if value.isdigit() else _s(value)
