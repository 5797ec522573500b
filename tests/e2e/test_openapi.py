"""The committed openapi.json is what the code generates, and covers every route of the template."""

from __future__ import annotations

import json

from local_stack.openapi import SPEC_FILE, build_spec, render
from local_stack.template import api_routes

REFRESH = "run `.venv/bin/python -m local_stack.openapi > openapi.json` and commit the result"


def test_committed_spec_matches_the_code() -> None:
    assert SPEC_FILE.exists(), REFRESH
    assert SPEC_FILE.read_text() == render(build_spec()), f"openapi.json is stale: {REFRESH}"


def test_spec_is_valid_openapi_3_1() -> None:
    from openapi_spec_validator import validate

    spec = json.loads(SPEC_FILE.read_text())
    assert spec["openapi"] == "3.1.0"
    validate(spec)


def test_every_template_route_is_in_the_spec() -> None:
    paths = build_spec()["paths"]
    missing = [f"{r.method} {r.path}" for r in api_routes() if r.method.lower() not in paths.get(r.path, {})]
    assert not missing, f"routes served by template.yaml but absent from ROUTES/the spec: {missing}"


def test_every_error_response_uses_the_envelope() -> None:
    for path, operations in build_spec()["paths"].items():
        for method, operation in operations.items():
            for status, response in operation["responses"].items():
                if int(status) >= 400:
                    schema = response["content"]["application/json"]["schema"]
                    assert schema == {"$ref": "#/components/schemas/Error"}, (method, path, status)


def test_patch_models_give_no_defaults() -> None:
    # Given the spec a client generator reads
    schemas = build_spec()["components"]["schemas"]
    patch = schemas["PolicyPatch"]
    # Then PolicyPatch has every writable field, none required and none with a default, so a
    # generated client sends only the fields it was given (a default would reset the others)
    assert {"name", "priority", "enabled", "conditions", "rules"} <= set(patch["properties"])
    assert "required" not in patch
    assert [name for name, prop in patch["properties"].items() if "default" in prop] == []
