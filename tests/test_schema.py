"""JSON Schemas and docs/keys.md come from the models: shipped files validate against them,
a misspelt key fails them, and the key reference cannot drift."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from trainpack.load.yamlsource import load_yaml
from trainpack.pipeline.keyref import key_reference
from trainpack.pipeline.schema import SCHEMAS

ROOT = Path(__file__).resolve().parents[1]
FILES = {
    "module": "modules/*/module.yaml",
    "course": "modules/course.yaml",
    "audience": "modules/audiences/*.yaml",
    "edition": "modules/editions/*.yaml",
    "country": "modules/countries/*.yaml",
    "source": "modules/sources/*.yaml",
    "languages": "modules/languages.yaml",
    "theme": "themes/*/theme.yaml",
}


@pytest.fixture(scope="module")
def schemas(tmp_path_factory) -> dict[str, dict]:
    from trainpack.cli.main import main

    out = tmp_path_factory.mktemp("schemas")
    assert main(["schema", "--out", str(out)]) == 0
    return {kind: json.loads((out / f"{kind}.schema.json").read_text()) for kind in SCHEMAS}


def test_every_shipped_file_validates(schemas) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    for kind, pattern in FILES.items():
        validator = jsonschema.Draft202012Validator(schemas[kind])
        files = sorted(ROOT.glob(pattern))
        assert files, pattern
        for path in files:
            errors = [e.message for e in validator.iter_errors(load_yaml(path).data)]
            assert errors == [], path


def test_a_misspelt_key_fails_the_schema(schemas) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    data = load_yaml(ROOT / "modules" / "01-welcome" / "module.yaml").data
    data["sumary"] = data.pop("summary")
    validator = jsonschema.Draft202012Validator(schemas["module"])
    assert not validator.is_valid(data)


def test_schemas_carry_descriptions(schemas) -> None:
    course = schemas["course"]
    assert course["properties"]["defaults"]
    defaults = course["$defs"]["Defaults"]["properties"]
    assert "country" in defaults and defaults["country"]["description"]
    assert "theme" in defaults and defaults["theme"]["description"]
    assert course["additionalProperties"] is False


def test_the_key_reference_is_generated_from_the_models() -> None:
    text = (ROOT / "docs" / "keys.md").read_text("utf-8")
    assert text == key_reference(), "run: python build.py schema --docs docs/keys.md"
    assert "`country`" in text and "`theme`" in text
