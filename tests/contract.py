"""Every answer a handler test gets is checked against the OpenAPI spec of its route: the status
is one the route declares and the body validates against that status's schema (an empty body
where it declares none). The spec is built from the ``@route`` registry and its pydantic models,
so this is what makes the declared response models binding on the handlers."""

from __future__ import annotations

from functools import cache
from types import ModuleType
from typing import Any

from jsonschema import Draft202012Validator

from local_stack.openapi import build_spec
from policy_engine.api.http import Route


@cache
def _spec() -> dict[str, Any]:
    return build_spec()


@cache
def _validator(path: str, method: str, status: int) -> Draft202012Validator | None:
    """The body's validator (None: an empty body); AssertionError when the status is not declared."""
    spec = _spec()
    operation = spec["paths"][path][method.lower()]
    response = operation["responses"].get(str(status))
    assert response is not None, f"{method} {path} answered {status}, a status its route does not declare"
    content = response.get("content")
    if content is None:
        return None
    schema = {**content["application/json"]["schema"], "components": spec["components"]}
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


def route_of(module: ModuleType) -> Route | None:
    bound = [value for value in vars(module).values() if isinstance(value, Route)]
    return bound[0] if len(bound) == 1 else None


def check_answer(route: Route, status: int, body: Any) -> None:
    validator = _validator(route.path, route.method, status)
    if validator is None:
        assert body is None, f"{route.method} {route.path} {status} declares an empty body, got {body!r}"[:500]
        return
    errors = sorted(validator.iter_errors(body), key=lambda e: list(e.absolute_path))
    assert not errors, f"{route.method} {route.path} {status}: the body breaks its declared schema:\n" + "\n".join(
        f"  at {'/'.join(map(str, e.absolute_path)) or '<root>'}: {e.message[:300]}" for e in errors[:10]
    )
