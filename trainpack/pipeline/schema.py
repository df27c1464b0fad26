"""JSON Schemas and the key reference, both generated from the models that check the course.

Editors (VS Code's YAML extension, JetBrains) complete and check keys from a
``# yaml-language-server: $schema=…`` line; docs/keys.md lists every key.  Both come from
the pydantic models ``check`` uses, so neither can drift from what the build accepts.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from trainpack.core.atomic import replace_file
from trainpack.core.base import as_list
from trainpack.core.model import Audience, CourseInfo, Module, Source
from trainpack.core.model_editions import CountryPack, EditionSpec, Languages
from trainpack.validate.theme import ThemeModel

# file kind -> (model, where the file lives in a course folder)
SCHEMAS: dict[str, tuple[type[BaseModel], str]] = {
    "course": (CourseInfo, "course.yaml"),
    "module": (Module, "NN-name/module.yaml"),
    "audience": (Audience, "audiences/<id>.yaml"),
    "edition": (EditionSpec, "editions/<id>.yaml"),
    "country": (CountryPack, "countries/<id>.yaml"),
    "source": (Source, "sources/<id>.yaml"),
    "languages": (Languages, "languages.yaml"),
    "theme": (ThemeModel, "themes/<id>/theme.yaml"),
}
# Words for keys whose models say nothing more than their name.
_PLAIN = {
    "id": "a short id: lower-case letters, digits and hyphens",
    "title": "the title as participants see it",
    "subtitle": "a second line under the title",
    "name": "the name people read",
    "duration": "minutes",
    "summary": "one sentence: what the module is about",
    "objectives": "what participants can do afterwards",
    "key_messages": "what participants should remember",
    "cites": "section ids of the source this relies on",
    "layout": "which slide layout this is",
    "bullets": "bullet points (a text, or text with sub: points)",
    "question": "the question asked",
    "heading": "a heading",
    "description": "a sentence describing it",
    "level": "awareness, foundation or specialist",
    "audience": "an audience id (audiences/<id>.yaml)",
    "country": "a country pack id (countries/<id>.yaml)",
    "language": "a language code (en, or one in languages.yaml)",
    "theme": "a theme id (themes/<id>/theme.yaml)",
    "modules": "module ids, in teaching order",
    "paper": "a4 or letter",
}
_LOADER_ONLY = ("handout", "facilitator", "folder")  # read from Markdown, never from YAML


def json_schema(kind: str) -> dict[str, Any]:
    """The JSON Schema (2020-12) of one kind of course file."""
    model, where = SCHEMAS[kind]
    schema = model.model_json_schema(by_alias=True, mode="validation")
    for props in _objects(schema):
        for key in _LOADER_ONLY if model is Module else ():
            props.get("properties", {}).pop(key, None)
    _patch(schema, model)
    schema.get("$defs", {}).pop("ProsePart", None)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"{kind}.schema.json",
        "title": f"trainpack {where}",
        **{k: v for k, v in schema.items() if k != "title"},
    }


def write_schemas(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for kind in SCHEMAS:
        path = folder / f"{kind}.schema.json"
        text = json.dumps(json_schema(kind), indent=2, ensure_ascii=False) + "\n"
        replace_file(path, text.encode("utf-8"))  # a temp file and one rename
        written.append(path)
    return written


def _objects(schema: dict[str, Any]) -> list[dict[str, Any]]:
    return [schema, *schema.get("$defs", {}).values()]


def _patch(schema: dict[str, Any], root: type[BaseModel]) -> None:
    """Plain-word descriptions where the model has none; a single text accepted where the
    model turns it into a one-item list."""
    lists = _single_text_lists(root)
    for obj in _objects(schema):
        for key, prop in obj.get("properties", {}).items():
            prop.pop("title", None)
            if "description" not in prop and key in _PLAIN:
                prop["description"] = _PLAIN[key]
            if (obj.get("title"), key) in lists and prop.get("type") == "array":
                described = prop.pop("description", None)
                alternatives = [dict(prop), {"type": "string", "minLength": 1}]
                prop.clear()
                prop["anyOf"] = alternatives
                if described:
                    prop["description"] = described


def _single_text_lists(root: type[BaseModel]) -> set[tuple[str, str]]:
    """(model title, field) pairs whose before-validator is ``as_list``."""
    found: set[tuple[str, str]] = set()
    seen: set[type] = set()

    def visit(model: type[BaseModel]) -> None:
        if model in seen:
            return
        seen.add(model)
        for deco in model.__pydantic_decorators__.field_validators.values():
            if deco.func is as_list or getattr(deco.func, "__func__", None) is as_list:
                found.update((model.__name__, f) for f in deco.info.fields)
        for field in model.model_fields.values():
            for sub in _models_in(field.annotation):
                visit(sub)

    visit(root)
    return found


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    import typing

    out: list[type[BaseModel]] = []
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    for arg in typing.get_args(annotation):
        out += _models_in(arg)
    return out
