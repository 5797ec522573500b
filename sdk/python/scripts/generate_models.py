"""Generate src/policy_gov/models.py and the policy file schemas from the service's openapi.json.

    python sdk/python/scripts/generate_models.py            # rewrite models.py
    python sdk/python/scripts/generate_models.py --check    # exit 1 when models.py is stale

The models describe shapes only: value constraints (lengths, ranges, patterns) are dropped
because the service validates every request and answers 422 with field paths; repeating its
limits here could only refuse what a newer service accepts. Every model allows extra fields,
so a newer service's additions never break an older client.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
SPEC = HERE.parents[2] / "openapi.json"
TARGET = HERE.parent / "src" / "policy_gov" / "models.py"
SCHEMAS = HERE.parent / "src" / "policy_gov" / "schemas"
# The JSON Schemas of policy-as-code files (`policy-gov schema`), with the service's constraints.
FILE_SCHEMAS = {"policy.schema.json": "PolicyContent", "org-policy.schema.json": "OrgPolicy"}
CONSTRAINTS = {
    "maxLength",
    "minLength",
    "maximum",
    "minimum",
    "exclusiveMaximum",
    "exclusiveMinimum",
    "maxItems",
    "minItems",
    "pattern",
    "maxProperties",
    "minProperties",
}
HEADER = (
    "# ruff: noqa: E501, UP045\n"
    '"""The service\'s resources, generated from openapi.json by sdk/python/scripts/generate_models.py.\n\n'
    "Do not edit: change the service's models, run `make openapi`, then this script.\n"
    '"""\n\n'
)


# Rules across fields (an anyOf of `required` sets, not, if/then): constraints too, not shapes.
CROSS_FIELD = {"not", "if", "then"}


def _is_cross_field(key: str, value: Any) -> bool:
    if key in CROSS_FIELD:
        return True
    shaped = ("type", "$ref", "const", "enum", "anyOf", "oneOf", "allOf")
    return key == "anyOf" and all(isinstance(v, dict) and not (v.keys() & set(shaped)) for v in value)


def shapes(node: Any) -> Any:
    """The schema without value constraints (see the module docstring)."""
    if isinstance(node, dict):
        return {k: shapes(v) for k, v in node.items() if k not in CONSTRAINTS and not _is_cross_field(k, v)}
    if isinstance(node, list):
        return [shapes(v) for v in node]
    return node


def generate() -> str:
    spec = shapes(json.loads(SPEC.read_text()))
    with tempfile.TemporaryDirectory() as tmp:
        source, output = Path(tmp) / "openapi.json", Path(tmp) / "models.py"
        source.write_text(json.dumps(spec))
        subprocess.run(  # noqa: S603 - a fixed command line
            [
                str(Path(sys.executable).with_name("datamodel-codegen")),
                *("--input", str(source), "--input-file-type", "openapi", "--output", str(output)),
                *("--output-model-type", "pydantic_v2.BaseModel", "--target-python-version", "3.10"),
                *("--extra-fields", "allow", "--enum-field-as-literal", "all", "--collapse-root-models"),
                *("--use-standard-collections", "--use-union-operator", "--use-annotated", "--use-double-quotes"),
                *("--use-schema-description", "--disable-timestamp", "--formatters", "ruff-check"),
            ],
            check=True,
        )
        body = output.read_text().split("\n", 3)[3].lstrip("\n")  # drop the generator's own header comment
        output.write_text(HEADER + body)
        ruff = str(Path(sys.executable).with_name("ruff"))
        config = str(HERE.parents[2] / "pyproject.toml")
        subprocess.run([ruff, "format", "--quiet", "--config", config, str(output)], check=True)  # noqa: S603
        return output.read_text()


def file_schema(spec: dict[str, Any], name: str) -> str:
    """One component as a standalone JSON Schema (draft 2020-12), every schema it refers to in $defs."""
    components = spec["components"]["schemas"]
    prefix = "#/components/schemas/"
    wanted, queue = {}, [name]
    while queue:
        current = queue.pop()
        if current in wanted:
            continue
        wanted[current] = components[current]
        text = json.dumps(components[current])
        queue.extend(part.split('"')[0] for part in text.split(prefix)[1:])
    root = dict(wanted.pop(name))
    document = {"$schema": "https://json-schema.org/draft/2020-12/schema", "title": name, **root}
    if wanted:
        document["$defs"] = dict(sorted(wanted.items()))
    return json.dumps(document, indent=2).replace(prefix, "#/$defs/") + "\n"


def outputs() -> dict[Path, str]:
    spec = json.loads(SPEC.read_text())
    files = {TARGET: generate()}
    files.update({SCHEMAS / file: file_schema(spec, component) for file, component in FILE_SCHEMAS.items()})
    return files


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail when models.py differs from the spec")
    args = parser.parse_args()
    stale = [path for path, text in outputs().items() if not path.exists() or path.read_text() != text]
    if args.check:
        for path in stale:
            print(f"{path} is stale: run {Path(__file__).name}", file=sys.stderr)
        return 1 if stale else 0
    SCHEMAS.mkdir(exist_ok=True)
    for path, text in outputs().items():
        path.write_text(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
