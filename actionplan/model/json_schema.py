"""JSON Schemas of the two file kinds, for editors and for `actionplan schema`."""

from __future__ import annotations

import json

from .plan import Plan
from .project import ProjectFile

SCHEMA_FILES = {"plan": "plan.schema.json", "project": "project.schema.json"}


def schema_json(kind: str) -> str:
    """The JSON Schema of `plan` or `project` files, as stable, indented JSON."""
    model = Plan if kind == "plan" else ProjectFile
    schema = model.model_json_schema(by_alias=True)
    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}
    schema["title"] = "actionplan plan file" if kind == "plan" else "actionplan project.yaml"
    return json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=True)
