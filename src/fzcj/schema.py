"""JSON Schema of the data files, for editors with a YAML language server."""

from __future__ import annotations

import json

from pydantic import BaseModel

from fzcj.model import IndicatorsFile, UnitsFile

MODELS: dict[str, type[BaseModel]] = {"indicators": IndicatorsFile, "units": UnitsFile}


def schema_of(name: str) -> dict[str, object]:
    model = MODELS[name]
    schema = model.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = f"fzcj data/{name}.yaml"
    return schema


def schema_text(which: str = "all") -> str:
    if which == "all":
        return json.dumps({name: schema_of(name) for name in MODELS}, ensure_ascii=False, indent=2)
    return json.dumps(schema_of(which), ensure_ascii=False, indent=2)
