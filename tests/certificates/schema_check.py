"""A small JSON Schema (2020-12 subset) checker for the keywords docs/certificate-schema.json uses.

Independent of labapp's own parser, so a twin that the model accepts but the published schema
rejects (or the reverse) is caught.
"""

from __future__ import annotations

import re
from typing import Any

_TYPES = {"object": dict, "array": list, "string": str, "boolean": bool, "null": type(None)}


def errors(
    instance: Any, schema: dict[str, Any], root: dict[str, Any] | None = None, where: str = "$"
) -> list[str]:
    root = root or schema
    if "$ref" in schema:
        name = schema["$ref"].removeprefix("#/$defs/")
        return errors(instance, root["$defs"][name], root, where)
    if "oneOf" in schema:
        matches = [option for option in schema["oneOf"] if not errors(instance, option, root, where)]
        return [] if len(matches) == 1 else [f"{where}: matches {len(matches)} of oneOf"]
    found: list[str] = []
    if "type" in schema and not _type_ok(instance, schema["type"]):
        return [f"{where}: {type(instance).__name__} is not {schema['type']}"]
    if "const" in schema and instance != schema["const"]:
        found.append(f"{where}: {instance!r} != {schema['const']!r}")
    if "enum" in schema and instance not in schema["enum"]:
        found.append(f"{where}: {instance!r} not in {schema['enum']}")
    if "pattern" in schema and isinstance(instance, str) and not re.search(schema["pattern"], instance):
        found.append(f"{where}: {instance!r} does not match {schema['pattern']}")
    if "minimum" in schema and isinstance(instance, int | float) and instance < schema["minimum"]:
        found.append(f"{where}: {instance} < {schema['minimum']}")
    if isinstance(instance, dict):
        properties = schema.get("properties", {})
        found += [f"{where}: missing {key}" for key in schema.get("required", []) if key not in instance]
        if schema.get("additionalProperties") is False:
            found += [f"{where}: unexpected {key}" for key in instance if key not in properties]
        for key, value in instance.items():
            if key in properties:
                found += errors(value, properties[key], root, f"{where}.{key}")
    if isinstance(instance, list) and "items" in schema:
        for index, item in enumerate(instance):
            found += errors(item, schema["items"], root, f"{where}[{index}]")
    return found


def _type_ok(instance: Any, declared: str | list[str]) -> bool:
    names = [declared] if isinstance(declared, str) else declared
    for name in names:
        if name == "integer" and isinstance(instance, int) and not isinstance(instance, bool):
            return True
        if name == "number" and isinstance(instance, int | float) and not isinstance(instance, bool):
            return True
        if name in _TYPES and isinstance(instance, _TYPES[name]):
            return True
    return False
