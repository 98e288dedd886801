"""The model → JSON Schemas, so editors (e.g. VS Code's YAML support) complete and check as you type."""

from __future__ import annotations

import json
from typing import Any

from .i18n.local import LocalFile
from .model import CycleFile, DimensionFile, GlossaryFile

TEXT_OR_LIST = {
    "anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}],
}


def schemas() -> dict[str, dict[str, Any]]:
    """File name → JSON Schema for every kind of file in ``factors/``."""
    result: dict[str, dict[str, Any]] = {
        "catalogue.schema.json": DimensionFile.model_json_schema(),
        "cycle.schema.json": CycleFile.model_json_schema(),
        "local.schema.json": LocalFile.model_json_schema(),
        "glossary.schema.json": GlossaryFile.model_json_schema(),
        "interface.schema.json": {
            "title": "Interface strings",
            "description": "Key → text; words in {braces} are filled in by the build.",
            "type": "object",
            "additionalProperties": {"type": "string", "minLength": 1},
        },
        "translation.schema.json": {
            "title": "Translation file",
            "description": "Entries keyed by id: 'en' records the English translated, the language code holds the translation.",
            "type": "object",
            "additionalProperties": {
                "type": "object",
                "properties": {"en": TEXT_OR_LIST},
                "required": ["en"],
                "minProperties": 2,
                "maxProperties": 2,
                "additionalProperties": TEXT_OR_LIST,
            },
        },
    }
    for name, schema in result.items():
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        schema.setdefault("title", name.split(".")[0])
    return result


def schema_files() -> dict[str, str]:
    return {name: json.dumps(schema, indent=2, ensure_ascii=False) + "\n" for name, schema in schemas().items()}
