"""JSON Schemas of the two file kinds, for editors and for `actionplan schema`."""

from __future__ import annotations

import json
from collections.abc import Mapping

from .editor_schema import IdList, enrich_schema
from .plan import Plan
from .project import ProjectFile

SCHEMA_FILES = {"plan": "plan.schema.json", "project": "project.schema.json"}


def schema_json(kind: str, ids: Mapping[str, IdList | None] | None = None) -> str:
    """The JSON Schema of `plan` or `project` files, as stable, indented JSON, with the
    editor's words (`editor_schema`); with `ids` of one project.yaml, a plan's references to
    partners, events, good practices and topics are limited to those ids."""
    model = Plan if kind == "plan" else ProjectFile
    schema = model.model_json_schema(by_alias=True)
    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}
    schema["title"] = "actionplan plan file" if kind == "plan" else "actionplan project.yaml"
    enrich_schema(schema, ids if kind == "plan" else None)
    return json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=True)
