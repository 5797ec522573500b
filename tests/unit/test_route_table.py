"""One route table: every Api event of template.yaml is served by a handler bound to exactly that
method and path (the ``@route`` registry), and every registered route has its template event."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from local_stack.template import ROOT, api_routes
from policy_engine.api.http import ROUTES, Route


def bound_routes(code_uri: str) -> list[Route]:
    """The routes a function's handler module binds (what ``lambda_handler_for`` was given)."""
    path = ROOT / code_uri / "app.py"
    spec = importlib.util.spec_from_file_location(f"route_table_{Path(code_uri).name}", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return [value for value in vars(module).values() if isinstance(value, Route)]


def test_each_template_route_is_served_by_the_route_it_declares() -> None:
    for event in api_routes():
        bound = bound_routes(event.code_uri)
        assert [(r.method, r.path) for r in bound] == [(event.method, event.path)], event.function


def test_each_registered_route_has_its_template_event() -> None:
    template = {(e.method, e.path) for e in api_routes()}
    for event in api_routes():
        bound_routes(event.code_uri)  # imports every handler, so the registry is complete
    registered = {(r.method, r.path) for r in ROUTES.values()}
    assert registered == template
