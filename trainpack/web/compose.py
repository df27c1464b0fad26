"""From the posted form to an edition the pipeline can check and build, and to a saved file.

A form that still shows a saved edition unchanged uses that edition as it is (its problems
point at its own file); any other form becomes a draft file laid over the course."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from starlette.requests import Request

from trainpack.core.errors import BuildError, Problem
from trainpack.core.model import Course
from trainpack.pipeline import compose as pipeline
from trainpack.web import forms
from trainpack.web.workspace import Workspace


@dataclass
class Composed:
    course: Course | None
    edition_id: str
    draft: Path | None
    text: str
    warnings: list[Problem] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)

    @property
    def problems_only(self) -> bool:
        return self.course is None


def compose(ws: Workspace, course: Course, form: forms.EditionForm) -> Composed:
    every = list(course.info.modules)
    text = forms.to_yaml(form, every)
    saved = next((e for e in course.editions if e.id == form.base), None)
    if saved is not None and form.id == saved.id:
        if forms.to_yaml(forms.from_spec(saved, every), every) == text:
            return Composed(course, saved.id, None, text, list(ws.problems))
    draft = ws.draft_file(form.file_stem)
    draft.write_text(text, encoding="utf-8")
    try:
        composed, problems = pipeline.load_checked(ws.source, draft)
    except BuildError as exc:
        return Composed(None, form.id, draft, text, errors=list(exc.problems))
    return Composed(composed, form.id, draft, text, problems)


def save_edition(
    ws: Workspace, composed: Composed, form: forms.EditionForm, request: Request
) -> dict[str, Any]:
    """Write editions/<id>.yaml once the draft validates; ask before replacing a file."""
    context: dict[str, Any] = {"edition_id": composed.edition_id, "text": composed.text}
    context.update(saved=None, confirm=False, unchanged=False, groups=[], counts={})
    if composed.problems_only:
        counts = {"error": sum(p.severity == "error" for p in composed.errors)}
        context.update(counts=counts, groups=ws.grouped(composed.errors))
        return context
    if composed.draft is None:
        context["unchanged"] = True
        return context
    target = ws.source / "editions" / f"{composed.edition_id}.yaml"
    try:
        path = pipeline.save_edition(ws.source, composed.edition_id, composed.text, form.overwrite)
    except FileExistsError:
        context["confirm"] = True
        context["target"] = _shown(ws, target)
        return context
    ws.reload()
    context["saved"] = _shown(ws, path)
    return context


def _shown(ws: Workspace, path: Path) -> str:
    try:
        return str(Path(path).resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)
