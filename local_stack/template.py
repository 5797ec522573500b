"""Read template.yaml: its tables, functions and API routes, so nothing local drifts from what deploys."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = ROOT / "template.yaml"


class _CfnLoader(yaml.SafeLoader):
    """Loads CloudFormation YAML, keeping short-form intrinsics (!Ref, !GetAtt...) as {Fn: value}."""


def _intrinsic(loader: yaml.SafeLoader, tag_suffix: str, node: yaml.Node) -> dict[str, Any]:
    name = "Ref" if tag_suffix == "Ref" else f"Fn::{tag_suffix}"
    if isinstance(node, yaml.ScalarNode):
        value: Any = loader.construct_scalar(node)
        if tag_suffix == "GetAtt" and isinstance(value, str):
            value = value.split(".", 1)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        value = loader.construct_mapping(node, deep=True)  # type: ignore[arg-type]
    return {name: value}


_CfnLoader.add_multi_constructor("!", _intrinsic)


@lru_cache(maxsize=4)
def load_template(path: Path = TEMPLATE) -> dict[str, Any]:
    with path.open() as handle:
        loaded: dict[str, Any] = yaml.load(handle, Loader=_CfnLoader)  # noqa: S506 - SafeLoader subclass
    return loaded


def resources(kind: str, path: Path = TEMPLATE) -> dict[str, dict[str, Any]]:
    return {name: res for name, res in load_template(path)["Resources"].items() if res["Type"] == kind}


def table_definitions(path: Path = TEMPLATE) -> dict[str, dict[str, Any]]:
    """``create_table`` arguments for each DynamoDB table, by logical id."""
    tables = {}
    for name, resource in resources("AWS::DynamoDB::Table", path).items():
        props = resource["Properties"]
        kwargs: dict[str, Any] = {
            "AttributeDefinitions": props["AttributeDefinitions"],
            "KeySchema": props["KeySchema"],
            "BillingMode": props.get("BillingMode", "PAY_PER_REQUEST"),
        }
        if props.get("GlobalSecondaryIndexes"):
            kwargs["GlobalSecondaryIndexes"] = props["GlobalSecondaryIndexes"]
        tables[name] = kwargs
    return tables


@dataclass(frozen=True)
class ApiRoute:
    function: str  # logical id
    code_uri: str  # functions/<folder>/
    handler: str  # module.function
    method: str  # upper case
    path: str  # /v1/policies/{id}

    @property
    def module(self) -> str:
        """The handler's import path (``functions.<folder>.app``)."""
        return ".".join([*Path(self.code_uri).parts, self.handler.rsplit(".", 1)[0]])


def api_routes(path: Path = TEMPLATE) -> list[ApiRoute]:
    template = load_template(path)
    default_handler = template.get("Globals", {}).get("Function", {}).get("Handler", "app.lambda_handler")
    routes = []
    for name, resource in resources("AWS::Serverless::Function", path).items():
        props = resource["Properties"]
        for event in (props.get("Events") or {}).values():
            if event["Type"] != "Api":
                continue
            routes.append(
                ApiRoute(
                    function=name,
                    code_uri=props["CodeUri"],
                    handler=props.get("Handler", default_handler),
                    method=event["Properties"]["Method"].upper(),
                    path=event["Properties"]["Path"],
                )
            )
    return routes
