"""Least privilege, checked: every AWS call a function makes in the tests must be allowed by
that function's own role in template.yaml.

moto does not enforce IAM, so the tests record each call a handler makes (service, action,
resource ARN and, for DynamoDB, the partition keys it touches) and evaluate it against the
``Policies`` statements of the function that was running, the way IAM would: an explicit
Deny wins, an Allow needs a matching action, a matching resource and every condition met.
Conditions the template uses are understood (``ForAllValues:StringLike`` on
``dynamodb:LeadingKeys``); any other condition or policy form is an error here, so a template
change can never be waved through by a checker that does not understand it.

Calls from moto's Step Functions interpreter are checked against the approval workflow's
role; calls made outside a function and a workflow (the tests' own set-up) are not checked.
"""

from __future__ import annotations

import contextvars
import fnmatch
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from local_stack.template import TEMPLATE, Resolver, function_specs

_running: contextvars.ContextVar[str | None] = contextvars.ContextVar("running_function", default=None)

# The only state machine that hands out task tokens: SendTask* calls act on it.
TOKEN_ISSUER = "ApprovalWorkflow"
TRANSACT_ACTIONS = {
    "Put": "PutItem",
    "Update": "UpdateItem",
    "Delete": "DeleteItem",
    "ConditionCheck": "ConditionCheckItem",
}
# Batch operations SQS authorizes with the single-message action.
SQS_BATCH_ACTIONS = {
    "SendMessageBatch": "SendMessage",
    "DeleteMessageBatch": "DeleteMessage",
    "ChangeMessageVisibilityBatch": "ChangeMessageVisibility",
}


@dataclass(frozen=True)
class Access:
    """One authorization a call needs: IAM action, resource ARN, DynamoDB partition keys."""

    function: str
    action: str
    resource: str
    leading_keys: tuple[str, ...] = ()

    def __str__(self) -> str:
        keys = f" keys={list(self.leading_keys)}" if self.leading_keys else ""
        return f"{self.function}: {self.action} on {self.resource}{keys}"


class UnsupportedPolicy(Exception):
    """The template uses a policy form or condition this checker cannot evaluate."""


class Roles:
    """Each function's statements, with intrinsic functions resolved to local ARNs."""

    def __init__(self, table_name: str) -> None:
        self.resolver = Resolver(TEMPLATE, endpoint="")
        region, account = self.resolver.region, self.resolver.account
        self.resolver.created["GovernanceTable"] = {
            "Ref": table_name,
            "Arn": f"arn:aws:dynamodb:{region}:{account}:table/{table_name}",
        }
        self.by_folder = {spec.code_uri.name: logical_id for logical_id, spec in function_specs(self.resolver).items()}
        self.statements: dict[str, list[dict[str, Any]]] = {}
        roles = [*self.by_folder.values(), *self.state_machines()]
        for logical_id in roles:
            props = self.resolver.resources[logical_id].get("Properties") or {}
            self.statements[logical_id] = [s for policy in props.get("Policies") or [] for s in _statements(policy)]

    def state_machines(self) -> list[str]:
        resources = self.resolver.resources
        return [logical_id for logical_id, r in resources.items() if r["Type"] == "AWS::Serverless::StateMachine"]

    def arn(self, logical_id: str) -> str:
        return str(self.resolver.get_att(logical_id, "Arn"))

    def allows(self, access: Access) -> bool:
        matching = [s for s in self.statements.get(access.function, []) if self._matches(s, access)]
        if any(s["Effect"] == "Deny" for s in matching):
            return False
        return any(s["Effect"] == "Allow" for s in matching)

    def _matches(self, statement: dict[str, Any], access: Access) -> bool:
        actions = _listed(statement.get("Action"))
        resources = [str(self.resolver.resolve(r)) for r in _listed(statement.get("Resource"))]
        if not any(fnmatch.fnmatchcase(access.action.lower(), a.lower()) for a in actions):
            return False
        if not any(fnmatch.fnmatchcase(access.resource, r) for r in resources):
            return False
        return all(_condition_holds(op, test, access) for op, test in (statement.get("Condition") or {}).items())


def _statements(policy: Any) -> list[dict[str, Any]]:
    if isinstance(policy, dict) and set(policy) == {"Statement"}:
        statements = policy["Statement"]
        return list(statements) if isinstance(statements, list) else [statements]
    raise UnsupportedPolicy(f"policy form not understood by tests/iam.py: {policy!r}")


def _listed(value: Any) -> list[Any]:
    return list(value) if isinstance(value, list) else [] if value is None else [value]


def _condition_holds(operator: str, test: dict[str, Any], access: Access) -> bool:
    if operator != "ForAllValues:StringLike" or set(test) != {"dynamodb:LeadingKeys"}:
        raise UnsupportedPolicy(f"condition not understood by tests/iam.py: {operator} {test!r}")
    patterns = _listed(test["dynamodb:LeadingKeys"])
    # ForAllValues holds when every value matches, as IAM has it (vacuously for no values).
    return all(any(fnmatch.fnmatchcase(key, p) for p in patterns) for key in access.leading_keys)


def _workflow_thread() -> str | None:
    """The approval workflow, when the call comes from a thread of moto's Step Functions
    interpreter (its task states calling DynamoDB, SQS and EventBridge with the workflow's role)."""
    target = getattr(threading.current_thread(), "_target", None)  # set while the thread runs
    module = getattr(target, "__module__", None) or ""
    return TOKEN_ISSUER if module.startswith("moto.stepfunctions") else None


def _plain(value: Any) -> str:
    """A key attribute as boto3's resource layer or the client layer passes it."""
    return str(value["S"]) if isinstance(value, dict) else str(value)


def _partition_key(item: dict[str, Any]) -> tuple[str, ...]:
    return (_plain(item["pk"]),) if "pk" in item else ()


class Recorder:
    """Botocore hooks: ``provide-client-params`` works out what a call needs (by the running
    function), ``before-call`` keeps it once the call passed validation and is being sent."""

    def __init__(self, roles: Roles) -> None:
        self.roles = roles
        self.accesses: list[Access] = []
        self._pending = threading.local()

    def register(self, handlers: list[tuple[str, Any]]) -> None:
        """Add the hooks to botocore's builtin handlers: every session created later has them."""
        handlers.append(("provide-client-params", self.needs))
        handlers.append(("before-call", self.sent))

    @contextmanager
    def running(self, folder: str) -> Iterator[None]:
        token = _running.set(self.roles.by_folder[folder])
        try:
            yield
        finally:
            _running.reset(token)

    def needs(self, params: dict[str, Any], model: Any, **_: Any) -> None:
        function = _running.get() or _workflow_thread()
        self._pending.accesses = []
        if function is None:
            return
        service = model.service_model.signing_name
        handler = getattr(self, f"_{service}", None)
        if handler is None:
            self._pending.accesses = [Access(function, f"{service}:{model.name}", "*")]
        else:
            self._pending.accesses = handler(function, model.name, params)

    def sent(self, **_: Any) -> None:
        self.accesses.extend(getattr(self._pending, "accesses", []))
        self._pending.accesses = []

    def denied(self) -> list[Access]:
        return [access for access in self.accesses if not self.roles.allows(access)]

    # -- per service: the authorizations one call needs --

    def _table_arn(self, name: str, index: str | None = None) -> str:
        region, account = self.roles.resolver.region, self.roles.resolver.account
        arn = f"arn:aws:dynamodb:{region}:{account}:table/{name}"
        return f"{arn}/index/{index}" if index else arn

    def _dynamodb(self, function: str, operation: str, params: dict[str, Any]) -> list[Access]:
        if operation == "TransactWriteItems":
            found = []
            for entry in params["TransactItems"]:
                ((kind, item),) = entry.items()
                action = f"dynamodb:{TRANSACT_ACTIONS[kind]}"
                keys = _partition_key(item.get("Key") or item.get("Item") or {})
                found.append(Access(function, action, self._table_arn(item["TableName"]), keys))
            return found
        if operation in ("BatchWriteItem", "BatchGetItem"):
            found = []
            for table, requests in params["RequestItems"].items():
                items = requests.get("Keys", []) if isinstance(requests, dict) else requests
                keys: list[str] = []
                for request in items:
                    if "PutRequest" in request:
                        keys += _partition_key(request["PutRequest"]["Item"])
                    elif "DeleteRequest" in request:
                        keys += _partition_key(request["DeleteRequest"]["Key"])
                    else:
                        keys += _partition_key(request)
                found.append(Access(function, f"dynamodb:{operation}", self._table_arn(table), tuple(keys)))
            return found
        resource = self._table_arn(params["TableName"], params.get("IndexName"))
        if operation == "Query":
            names = params.get("ExpressionAttributeNames") or {}
            values = params.get("ExpressionAttributeValues") or {}
            expression = str(params["KeyConditionExpression"])
            placeholder = "#pk" if "#pk" in names else "pk"
            field = names.get(placeholder, placeholder)
            if not expression.startswith(f"{placeholder} = :") or field not in ("pk", "gsi1pk", "gsi2pk"):
                raise UnsupportedPolicy(f"query key condition not understood by tests/iam.py: {expression}")
            value = values[expression.split(" ", 3)[2]]
            return [Access(function, "dynamodb:Query", resource, (_plain(value),))]
        item = params.get("Key") or params.get("Item") or {}
        return [Access(function, f"dynamodb:{operation}", resource, _partition_key(item))]

    def _apigateway(self, function: str, operation: str, params: dict[str, Any]) -> list[Access]:
        """API Gateway's management API authorizes by HTTP method on the resource path."""
        plan, key = params.get("usagePlanId"), params.get("keyId")
        paths = {
            "CreateApiKey": ("POST", "/apikeys"),
            "CreateUsagePlanKey": ("POST", f"/usageplans/{plan}/keys"),
            "DeleteUsagePlanKey": ("DELETE", f"/usageplans/{plan}/keys/{key}"),
        }
        if operation not in paths:
            raise UnsupportedPolicy(f"API Gateway operation not understood by tests/iam.py: {operation}")
        method, path = paths[operation]
        return [Access(function, f"apigateway:{method}", f"arn:aws:apigateway:{self.roles.resolver.region}::{path}")]

    def _sqs(self, function: str, operation: str, params: dict[str, Any]) -> list[Access]:
        parts = str(params.get("QueueUrl") or "").rstrip("/").split("/")
        if len(parts) < 2:
            return []  # no queue named (a test without the stack's queues): nothing is reached
        account, name = parts[-2:]
        arn = f"arn:aws:sqs:{self.roles.resolver.region}:{account}:{name}"
        return [Access(function, f"sqs:{SQS_BATCH_ACTIONS.get(operation, operation)}", arn)]

    def _events(self, function: str, operation: str, params: dict[str, Any]) -> list[Access]:
        region, account = self.roles.resolver.region, self.roles.resolver.account
        buses = {str(e.get("EventBusName") or "default") for e in params.get("Entries", [])} or {"default"}
        arns = {b if b.startswith("arn:") else f"arn:aws:events:{region}:{account}:event-bus/{b}" for b in buses}
        return [Access(function, f"events:{operation}", arn) for arn in sorted(arns)]

    def _firehose(self, function: str, operation: str, params: dict[str, Any]) -> list[Access]:
        region, account = self.roles.resolver.region, self.roles.resolver.account
        arn = f"arn:aws:firehose:{region}:{account}:deliverystream/{params['DeliveryStreamName']}"
        return [Access(function, f"firehose:{operation}", arn)]

    def _secretsmanager(self, function: str, operation: str, params: dict[str, Any]) -> list[Access]:
        return [Access(function, f"secretsmanager:{operation}", str(params["SecretId"]))]

    def _states(self, function: str, operation: str, params: dict[str, Any]) -> list[Access]:
        arn = str(params.get("stateMachineArn") or self.roles.arn(TOKEN_ISSUER))
        return [Access(function, f"states:{operation}", arn)]
