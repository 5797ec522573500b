"""Read template.yaml: its tables, functions and API routes, so nothing local drifts from what deploys."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, ClassVar

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


# --- everything below resolves the template for the local stack: names, environments, events ---

REGION = "us-east-1"
ACCOUNT_ID = "123456789012"
NO_VALUE = object()  # AWS::NoValue: the key holding it is dropped


def parameters(path: Path = TEMPLATE, overrides: dict[str, str] | None = None) -> dict[str, str]:
    """Template parameter values: their defaults, then ``overrides``."""
    values = {
        name: str(spec["Default"])
        for name, spec in (load_template(path).get("Parameters") or {}).items()
        if "Default" in spec
    }
    values.update(overrides or {})
    return values


NAME_PROPERTIES = (
    "TableName",
    "QueueName",
    "TopicName",
    "Name",
    "StateMachineName",
    "FunctionName",
    "BucketName",
    "DeliveryStreamName",
)


@lru_cache(maxsize=1)
def stack_name() -> str:
    """The deployed stack's name (samconfig.toml): local resources carry the names they have on AWS."""
    import tomllib

    config = tomllib.loads((ROOT / "samconfig.toml").read_text())
    return str(config["default"]["global"]["parameters"]["stack_name"])


def physical_name(logical_id: str, resource: dict[str, Any], resolve: Any = None) -> str:
    """The name a resource gets locally: its declared name (intrinsics resolved), else its logical id."""
    props = resource.get("Properties") or {}
    for key in NAME_PROPERTIES:
        value = props.get(key)
        if isinstance(value, dict) and resolve is not None:
            value = resolve(value)
        if isinstance(value, str):
            return value
    if resource["Type"] == "AWS::SQS::Queue" and props.get("FifoQueue") in (True, "true"):
        return f"{logical_id}.fifo"
    if resource["Type"] == "AWS::S3::Bucket":
        return logical_id.lower()  # bucket names are lower case
    return logical_id


class Resolver:
    """Resolves intrinsic functions well enough for names, ARNs, URLs and plain values.

    ``created`` holds what provisioning learned (a secret's ARN with its random suffix):
    ``{logical_id: {"Ref": ..., "<Attr>": ...}}``; anything else is predicted from the name.
    """

    def __init__(
        self,
        path: Path = TEMPLATE,
        *,
        endpoint: str = "http://127.0.0.1:5000",
        overrides: dict[str, str] | None = None,
        region: str = REGION,
        account: str = ACCOUNT_ID,
    ) -> None:
        self.path = path
        self.template = load_template(path)
        self.resources: dict[str, dict[str, Any]] = self.template.get("Resources") or {}
        self.params = parameters(path, overrides)
        self.endpoint = endpoint.rstrip("/")
        self.region = region
        self.account = account
        self.created: dict[str, dict[str, Any]] = {}
        self.pseudo = {
            "AWS::Region": region,
            "AWS::AccountId": account,
            "AWS::StackName": stack_name(),
            "AWS::StackId": f"arn:aws:cloudformation:{region}:{account}:stack/{stack_name()}/00000000",
            "AWS::Partition": "aws",
            "AWS::URLSuffix": "amazonaws.com",
            "AWS::NotificationARNs": [],
        }

    # -- names and attributes of resources --

    def name(self, logical_id: str) -> str:
        return physical_name(logical_id, self.resources[logical_id], self.resolve)

    def arn(self, logical_id: str) -> str:
        kind = self.resources[logical_id]["Type"]
        name, region, account = self.name(logical_id), self.region, self.account
        service_arns = {
            "AWS::DynamoDB::Table": f"arn:aws:dynamodb:{region}:{account}:table/{name}",
            "AWS::SQS::Queue": f"arn:aws:sqs:{region}:{account}:{name}",
            "AWS::SNS::Topic": f"arn:aws:sns:{region}:{account}:{name}",
            "AWS::Events::EventBus": f"arn:aws:events:{region}:{account}:event-bus/{name}",
            "AWS::Events::Rule": f"arn:aws:events:{region}:{account}:rule/{name}",
            "AWS::StepFunctions::StateMachine": f"arn:aws:states:{region}:{account}:stateMachine:{name}",
            "AWS::Serverless::StateMachine": f"arn:aws:states:{region}:{account}:stateMachine:{name}",
            "AWS::SecretsManager::Secret": f"arn:aws:secretsmanager:{region}:{account}:secret:{name}",
            "AWS::Serverless::Function": f"arn:aws:lambda:{region}:{account}:function:{name}",
            "AWS::Lambda::Function": f"arn:aws:lambda:{region}:{account}:function:{name}",
            "AWS::IAM::Role": f"arn:aws:iam::{account}:role/{name}",
            "AWS::Serverless::LayerVersion": f"arn:aws:lambda:{region}:{account}:layer:{name}:1",
            "AWS::Logs::LogGroup": f"arn:aws:logs:{region}:{account}:log-group:{name}",
            "AWS::S3::Bucket": f"arn:aws:s3:::{name}",
            "AWS::KinesisFirehose::DeliveryStream": f"arn:aws:firehose:{region}:{account}:deliverystream/{name}",
        }
        return service_arns.get(kind, f"arn:aws:local:{region}:{account}:{logical_id}")

    def ref(self, logical_id: str) -> Any:
        if logical_id in self.pseudo:
            return self.pseudo[logical_id]
        if logical_id == "AWS::NoValue":
            return NO_VALUE
        if logical_id in self.params:
            return self.params[logical_id]
        if logical_id not in self.resources:
            raise KeyError(f"!Ref {logical_id}: no such parameter or resource")
        if "Ref" in self.created.get(logical_id, {}):
            return self.created[logical_id]["Ref"]
        kind = self.resources[logical_id]["Type"]
        if kind == "AWS::SQS::Queue":
            return f"{self.endpoint}/{self.account}/{self.name(logical_id)}"
        if kind in (
            "AWS::SNS::Topic",
            "AWS::StepFunctions::StateMachine",
            "AWS::Serverless::StateMachine",
            "AWS::SecretsManager::Secret",
            "AWS::Serverless::LayerVersion",
            "AWS::IAM::ManagedPolicy",
        ):
            return self.arn(logical_id)
        if kind in ("AWS::Serverless::Api", "AWS::ApiGateway::RestApi"):
            return "local"
        return self.name(logical_id)

    def get_att(self, logical_id: str, attribute: str) -> Any:
        if attribute in self.created.get(logical_id, {}):
            return self.created[logical_id][attribute]
        if logical_id not in self.resources:
            raise KeyError(f"!GetAtt {logical_id}.{attribute}: no such resource")
        kind = self.resources[logical_id]["Type"]
        if attribute in ("Arn", "TopicArn", "StateMachineArn"):
            return self.arn(logical_id)
        if attribute in ("QueueName", "TopicName", "Name", "StateMachineName"):
            return self.name(logical_id)
        if attribute == "QueueUrl":
            return self.ref(logical_id)
        if attribute == "StreamArn" and kind == "AWS::DynamoDB::Table":
            return f"{self.arn(logical_id)}/stream/local"
        return f"{self.arn(logical_id)}/{attribute}"

    # -- intrinsic functions --

    def condition(self, name: str) -> bool:
        return bool(self.resolve((self.template.get("Conditions") or {})[name]))

    def resolve(self, value: Any) -> Any:
        if isinstance(value, list):
            return [v for v in (self.resolve(item) for item in value) if v is not NO_VALUE]
        if not isinstance(value, dict):
            return value
        if len(value) == 1:
            ((key, arg),) = value.items()
            handler = self._FUNCTIONS.get(key)
            if handler is not None:
                return handler(self, arg)
        return {k: r for k, r in ((k, self.resolve(v)) for k, v in value.items()) if r is not NO_VALUE}

    def _ref(self, arg: Any) -> Any:
        return self.ref(str(arg))

    def _get_att(self, arg: Any) -> Any:
        logical_id, attribute = arg if isinstance(arg, list) else str(arg).split(".", 1)
        return self.get_att(str(self.resolve(logical_id)), str(self.resolve(attribute)))

    def _sub(self, arg: Any) -> str:
        text, variables = (arg[0], self.resolve(arg[1])) if isinstance(arg, list) else (arg, {})

        def replace(match: re.Match[str]) -> str:
            name = match.group(1)
            if name.startswith("!"):
                return "${" + name[1:] + "}"
            if name in variables:
                return str(variables[name])
            if "." in name and name.split(".", 1)[0] in self.resources:
                return str(self.get_att(*name.split(".", 1)))
            return str(self.ref(name))

        return re.sub(r"\$\{([^}]+)\}", replace, str(text))

    def _join(self, arg: Any) -> str:
        separator, items = arg
        return str(separator).join(str(v) for v in self.resolve(items))

    def _select(self, arg: Any) -> Any:
        return self.resolve(arg[1])[int(self.resolve(arg[0]))]

    def _split(self, arg: Any) -> list[str]:
        return str(self.resolve(arg[1])).split(str(arg[0]))

    def _if(self, arg: Any) -> Any:
        name, when_true, when_false = arg
        return self.resolve(when_true if self.condition(name) else when_false)

    def _equals(self, arg: Any) -> bool:
        left, right = (self.resolve(v) for v in arg)
        return str(left) == str(right)

    def _not(self, arg: Any) -> bool:
        return not self.resolve(arg[0])

    def _and(self, arg: Any) -> bool:
        return all(self.resolve(v) for v in arg)

    def _or(self, arg: Any) -> bool:
        return any(self.resolve(v) for v in arg)

    def _condition(self, arg: Any) -> bool:
        return self.condition(str(arg))

    def _find_in_map(self, arg: Any) -> Any:
        name, first, second = (self.resolve(v) for v in arg)
        return self.template["Mappings"][name][first][second]

    def _get_azs(self, _arg: Any) -> list[str]:
        return [f"{self.region}{zone}" for zone in "abc"]

    def _to_json_string(self, arg: Any) -> str:
        return json.dumps(self.resolve(arg))

    _FUNCTIONS: ClassVar[dict[str, Callable[[Resolver, Any], Any]]] = {
        "Ref": _ref,
        "Fn::GetAtt": _get_att,
        "Fn::Sub": _sub,
        "Fn::Join": _join,
        "Fn::Select": _select,
        "Fn::Split": _split,
        "Fn::If": _if,
        "Fn::Equals": _equals,
        "Fn::Not": _not,
        "Fn::And": _and,
        "Fn::Or": _or,
        "Condition": _condition,
        "Fn::FindInMap": _find_in_map,
        "Fn::GetAZs": _get_azs,
        "Fn::ToJsonString": _to_json_string,
    }


def references(value: Any) -> set[str]:
    """Logical ids a value refers to (Ref, GetAtt, Sub variables), for creation order."""
    found: set[str] = set()
    if isinstance(value, list):
        for item in value:
            found |= references(item)
    elif isinstance(value, dict):
        for key, arg in value.items():
            if key == "Ref":
                found.add(str(arg))
            elif key == "Fn::GetAtt":
                found.add(str(arg[0] if isinstance(arg, list) else str(arg).split(".", 1)[0]))
            elif key == "Fn::Sub":
                text = arg[0] if isinstance(arg, list) else arg
                found |= {m.split(".", 1)[0] for m in re.findall(r"\$\{([^!}][^}]*)\}", str(text))}
                if isinstance(arg, list):
                    found |= references(arg[1])
            else:
                found |= references(arg)
    return found


def load_env_vars(path: Path | None) -> dict[str, dict[str, str]]:
    """An env.json (``sam local --env-vars`` format): ``{"Parameters": {...}, "<LogicalId>": {...}}``."""
    if path is None or not path.exists():
        return {}
    loaded = json.loads(path.read_text())
    return {str(k): {str(n): str(v) for n, v in (vs or {}).items()} for k, vs in loaded.items()}


@dataclass(frozen=True)
class FunctionSpec:
    """What running a function in-process needs, resolved from the template and env.json."""

    logical_id: str
    code_uri: Path
    handler: str
    environment: dict[str, str]
    layers: tuple[Path, ...]
    timeout: int
    memory: int

    @property
    def handler_file(self) -> Path:
        module = self.handler.rsplit(".", 1)[0]
        return self.code_uri.joinpath(*module.split(".")).with_suffix(".py")

    @property
    def handler_function(self) -> str:
        return self.handler.rsplit(".", 1)[1]


def _is_resource_reference(value: Any, resolver: Resolver) -> bool:
    """A plain !Ref/!GetAtt of a resource: its local name must win over env.json's."""
    if isinstance(value, dict) and len(value) == 1:
        ((key, arg),) = value.items()
        if key == "Ref":
            return str(arg) in resolver.resources
        if key == "Fn::GetAtt":
            return True
    return False


def function_specs(
    resolver: Resolver, env_vars: dict[str, dict[str, str]] | None = None, *, root: Path = ROOT
) -> dict[str, FunctionSpec]:
    """Every ``AWS::Serverless::Function``: handler, layers, and the environment it sees.

    The environment is Globals then the function's own variables, overridden by env.json
    (``Parameters`` for all, then the function's section), except variables that name a
    resource of the stack: those keep the local resource's name, which env.json cannot know.
    """
    env_vars = env_vars or {}
    template = resolver.template
    globals_fn = (template.get("Globals") or {}).get("Function") or {}
    specs = {}
    for logical_id, resource in template.get("Resources", {}).items():
        if resource["Type"] != "AWS::Serverless::Function":
            continue
        props = resource.get("Properties") or {}
        raw_env = {
            **((globals_fn.get("Environment") or {}).get("Variables") or {}),
            **((props.get("Environment") or {}).get("Variables") or {}),
        }
        pinned = {name for name, value in raw_env.items() if _is_resource_reference(value, resolver)}
        environment: dict[str, str] = {}
        for name, value in raw_env.items():
            resolved = resolver.resolve(value)
            if resolved is not NO_VALUE:
                environment[name] = str(resolved).lower() if isinstance(resolved, bool) else str(resolved)
        for section in ("Parameters", logical_id):
            environment.update({k: v for k, v in env_vars.get(section, {}).items() if k not in pinned})
        layers = []
        for layer in props.get("Layers", globals_fn.get("Layers")) or []:
            if isinstance(layer, dict) and "Ref" in layer and layer["Ref"] in resolver.resources:
                content = (resolver.resources[layer["Ref"]].get("Properties") or {}).get("ContentUri")
                if isinstance(content, str):
                    layers.append(root / content)
        specs[logical_id] = FunctionSpec(
            logical_id=logical_id,
            code_uri=root / str(props.get("CodeUri", globals_fn.get("CodeUri", "."))),
            handler=str(props.get("Handler", globals_fn.get("Handler", "app.lambda_handler"))),
            environment=environment,
            layers=tuple(layers),
            timeout=int(resolver.resolve(props.get("Timeout", globals_fn.get("Timeout", 3)))),
            memory=int(resolver.resolve(props.get("MemorySize", globals_fn.get("MemorySize", 128)))),
        )
    return specs


@dataclass(frozen=True)
class Authorizer:
    """A Lambda authorizer of an API: the function to call and where the identity comes from."""

    name: str
    function: str  # logical id
    payload_type: str  # REQUEST or TOKEN
    identity_headers: tuple[str, ...]


@dataclass(frozen=True)
class HttpRoute:
    function: str
    method: str  # upper case, or ANY
    path: str
    api: str | None  # logical id of the AWS::Serverless::Api, None for the implicit API
    authorizer: Authorizer | None


def _function_of(arn: Any) -> str | None:
    if isinstance(arn, dict) and "Fn::GetAtt" in arn:
        target = arn["Fn::GetAtt"]
        return str(target[0] if isinstance(target, list) else str(target).split(".", 1)[0])
    return None


def api_authorizers(resolver: Resolver) -> dict[str, tuple[str | None, dict[str, Authorizer]]]:
    """For each API: its default authorizer's name and its Lambda authorizers by name."""
    apis = {}
    for logical_id, resource in resolver.resources.items():
        if resource["Type"] != "AWS::Serverless::Api":
            continue
        auth = (resource.get("Properties") or {}).get("Auth") or {}
        found = {}
        for name, spec in (auth.get("Authorizers") or {}).items():
            function = _function_of(spec.get("FunctionArn"))
            if function is None:
                continue  # Cognito and IAM authorizers cannot run locally
            payload = str(spec.get("FunctionPayloadType", "TOKEN")).upper()
            identity = spec.get("Identity") or {}
            headers = identity.get("Headers") if payload == "REQUEST" else [identity.get("Header", "Authorization")]
            found[name] = Authorizer(name, function, payload, tuple(str(h) for h in headers or []))
        default = auth.get("DefaultAuthorizer")
        apis[logical_id] = (str(default) if default else None, found)
    return apis


def http_routes(resolver: Resolver) -> list[HttpRoute]:
    """Every Api event of every function, with the authorizer API Gateway would call for it."""
    apis = api_authorizers(resolver)
    routes = []
    for logical_id, resource in resolver.resources.items():
        if resource["Type"] != "AWS::Serverless::Function":
            continue
        for event in ((resource.get("Properties") or {}).get("Events") or {}).values():
            if event.get("Type") != "Api":
                continue
            props = event.get("Properties") or {}
            rest_api = props.get("RestApiId")
            api = str(rest_api["Ref"]) if isinstance(rest_api, dict) and "Ref" in rest_api else None
            default, authorizers = apis.get(api, (None, {})) if api else (None, {})
            wanted = (props.get("Auth") or {}).get("Authorizer", default)
            authorizer = None
            if wanted and wanted not in ("NONE", "AWS_IAM"):
                authorizer = authorizers.get(str(wanted))
            routes.append(HttpRoute(logical_id, str(props["Method"]).upper(), str(props["Path"]), api, authorizer))
    return routes


@dataclass(frozen=True)
class SqsSource:
    function: str
    queue: str  # logical id
    batch_size: int
    report_failures: bool
    enabled: bool


def sqs_event_sources(resolver: Resolver) -> list[SqsSource]:
    """Every SQS event of every function, as an event source mapping would poll it."""
    by_arn = {resolver.arn(q): q for q, r in resolver.resources.items() if r["Type"] == "AWS::SQS::Queue"}
    sources = []
    for logical_id, resource in resolver.resources.items():
        if resource["Type"] != "AWS::Serverless::Function":
            continue
        for event in ((resource.get("Properties") or {}).get("Events") or {}).values():
            if event.get("Type") != "SQS":
                continue
            props = event.get("Properties") or {}
            queue = by_arn.get(str(resolver.resolve(props["Queue"])))
            if queue is None:
                continue  # a queue outside the stack: nothing local to poll
            sources.append(
                SqsSource(
                    function=logical_id,
                    queue=queue,
                    batch_size=int(resolver.resolve(props.get("BatchSize", 10))),
                    report_failures="ReportBatchItemFailures" in (props.get("FunctionResponseTypes") or []),
                    enabled=str(resolver.resolve(props.get("Enabled", True))).lower() != "false",
                )
            )
    return sources


def api_stage(resolver: Resolver, api: str | None) -> str:
    if api is None or api not in resolver.resources:
        return "Prod"
    return str(resolver.resolve((resolver.resources[api].get("Properties") or {}).get("StageName", "Prod")))


def gateway_responses(resolver: Resolver, api: str | None) -> dict[str, dict[str, Any]]:
    """The API's GatewayResponses (status, headers, templates), by response type."""
    if api is None or api not in resolver.resources:
        return {}
    responses = (resolver.resources[api].get("Properties") or {}).get("GatewayResponses") or {}
    return {str(k): resolver.resolve(v) for k, v in responses.items()}
