"""docs/keys.md, generated from the same JSON Schemas as the editors' completion.

``python build.py schema --docs docs/keys.md`` rewrites it; a test fails when the file and
the models disagree, so the reference cannot drift from what ``check`` accepts.
"""

from __future__ import annotations

from typing import Any

from trainpack.pipeline.schema import SCHEMAS, json_schema

_INTRO = """# Every key, file by file

Generated from the models `check` uses (`python build.py schema --docs docs/keys.md`);
do not edit by hand. The same models give the JSON Schemas editors complete keys from
(`python build.py schema --out schemas/`). A key not listed here is an error, with a
did-you-mean. "text or list" means one text may stand for a one-item list.

"""


_ID = "^[a-z0-9][a-z0-9-]*$"


def key_reference() -> str:
    parts = [_INTRO]
    for kind, (_model, where) in SCHEMAS.items():
        schema = json_schema(kind)
        defs = schema.get("$defs", {})
        parts.append(f"## `{where}`\n\n")
        parts.append(_table(schema, defs))
        for name in _reachable(schema, defs):
            parts.append(f"### {name}\n\n")
            description = defs[name].get("description")
            if description:
                parts.append(" ".join(description.split()) + "\n\n")
            parts.append(_table(defs[name], defs))
    return "".join(parts).rstrip() + "\n"


def _reachable(schema: dict[str, Any], defs: dict[str, Any]) -> list[str]:
    """Definitions in the order a reader meets them."""
    order: list[str] = []

    def visit(node: Any) -> None:
        if isinstance(node, dict):
            ref = node.get("$ref")
            if ref:
                name = ref.rsplit("/", 1)[-1]
                if name not in order and name in defs:
                    order.append(name)
                    visit(defs[name])
            for key, value in node.items():
                if key != "$defs":
                    visit(value)
        elif isinstance(node, list):
            for item in node:
                visit(item)

    visit(schema)
    return order


def _table(obj: dict[str, Any], defs: dict[str, Any]) -> str:
    props = obj.get("properties", {})
    if not props:
        return ""
    required = set(obj.get("required", []))
    rows = ["| key | value | | what it is |", "|---|---|---|---|"]
    for key, prop in props.items():
        need = "required" if key in required else (_default(prop) or "optional")
        what = " ".join(str(prop.get("description", "")).split()).replace("|", "\\|")
        rows.append(f"| `{key}` | {_type(prop)} | {need} | {what} |")
    return "\n".join(rows) + "\n\n"


def _default(prop: dict[str, Any]) -> str:
    if "default" not in prop:
        return ""
    value = prop["default"]
    if value is None or value == [] or value == {}:
        return "optional"
    return f"default `{value}`".replace("|", "\\|")


def _type(prop: dict[str, Any]) -> str:
    if "$ref" in prop:
        name = prop["$ref"].rsplit("/", 1)[-1]
        return f"[{name}](#{name.lower()})"
    if "const" in prop:
        return f"`{prop['const']}`"
    if "enum" in prop:
        return " / ".join(f"`{v}`" for v in prop["enum"])
    for union in ("anyOf", "oneOf"):
        if union in prop:
            kinds = [_type(p) for p in prop[union] if p.get("type") != "null"]
            if len(kinds) == 2 and kinds[1] == "text" and kinds[0].startswith("list"):
                return "text or " + kinds[0]
            return " or ".join(dict.fromkeys(kinds))
    kind = prop.get("type")
    if kind == "array":
        return f"list of {_type(prop.get('items', {}))}"
    if kind == "object":
        extra = prop.get("additionalProperties")
        return f"map of {_type(extra)}" if isinstance(extra, dict) else "map"
    words = {
        "string": "text",
        "integer": "whole number",
        "number": "number",
        "boolean": "true/false",
    }
    text = words.get(str(kind), str(kind or "any"))
    if kind == "string" and prop.get("pattern") == _ID:
        return "id"
    if kind == "string" and prop.get("pattern"):
        text += f" (`{prop['pattern']}`)".replace("|", "\\|")
    if kind == "integer" and ("minimum" in prop or "maximum" in prop or "exclusiveMinimum" in prop):
        low = prop.get("minimum", prop.get("exclusiveMinimum", ""))
        text += f" ({low}–{prop.get('maximum', '')})"
    return text
