"""Create in moto every resource of the template that moto can hold, by resource type.

A new resource of a supported type needs no change here; a type without a creator is
listed as skipped (API Gateway, Lambda, IAM and the layer are served in-process instead).
"""

from __future__ import annotations

import json
import logging
import secrets
import string
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from local_stack.template import ROOT, Resolver, references

log = logging.getLogger("local_stack")


@dataclass
class Provisioned:
    created: dict[str, str] = field(default_factory=dict)  # logical id -> type
    skipped: dict[str, str] = field(default_factory=dict)


class Provisioner:
    def __init__(self, resolver: Resolver, session: Any) -> None:
        self.resolver = resolver
        self.session = session
        self._clients: dict[str, Any] = {}

    def client(self, service: str) -> Any:
        if service not in self._clients:
            self._clients[service] = self.session.client(
                service, endpoint_url=self.resolver.endpoint or None, region_name=self.resolver.region
            )
        return self._clients[service]

    def props(self, logical_id: str) -> dict[str, Any]:
        resolved: dict[str, Any] = self.resolver.resolve(self.resolver.resources[logical_id].get("Properties") or {})
        return resolved

    # -- one creator per resource type --

    def table(self, logical_id: str) -> None:
        props = self.props(logical_id)
        kwargs: dict[str, Any] = {
            "TableName": self.resolver.name(logical_id),
            "AttributeDefinitions": props["AttributeDefinitions"],
            "KeySchema": props["KeySchema"],
            "BillingMode": props.get("BillingMode", "PROVISIONED"),
        }
        for key in ("GlobalSecondaryIndexes", "LocalSecondaryIndexes", "ProvisionedThroughput"):
            if props.get(key):
                kwargs[key] = props[key]
        if kwargs["BillingMode"] == "PROVISIONED":
            kwargs.setdefault("ProvisionedThroughput", {"ReadCapacityUnits": 5, "WriteCapacityUnits": 5})
        if props.get("StreamSpecification"):
            kwargs["StreamSpecification"] = {"StreamEnabled": True, **props["StreamSpecification"]}
        dynamodb = self.client("dynamodb")
        dynamodb.create_table(**kwargs)
        ttl = props.get("TimeToLiveSpecification") or {}
        if str(ttl.get("Enabled")).lower() == "true":
            dynamodb.update_time_to_live(
                TableName=kwargs["TableName"],
                TimeToLiveSpecification={"AttributeName": ttl["AttributeName"], "Enabled": True},
            )

    def queue(self, logical_id: str) -> None:
        props = self.props(logical_id)
        attributes: dict[str, str] = {}
        for key, value in props.items():
            if key in ("QueueName", "Tags"):
                continue
            if isinstance(value, dict | list):
                attributes[key] = json.dumps(value)
            else:
                attributes[key] = str(value).lower() if isinstance(value, bool) else str(value)
        url = self.client("sqs").create_queue(QueueName=self.resolver.name(logical_id), Attributes=attributes)[
            "QueueUrl"
        ]
        self.resolver.created[logical_id] = {"Ref": url, "QueueUrl": url}

    def topic(self, logical_id: str) -> None:
        props = self.props(logical_id)
        attributes = {k: str(v).lower() if isinstance(v, bool) else str(v) for k, v in props.items()}
        attributes = {k: v for k, v in attributes.items() if k in ("FifoTopic", "ContentBasedDeduplication")}
        arn = self.client("sns").create_topic(Name=self.resolver.name(logical_id), Attributes=attributes)["TopicArn"]
        self.resolver.created[logical_id] = {"Ref": arn, "TopicArn": arn}

    def subscription(self, logical_id: str) -> None:
        props = self.props(logical_id)
        kwargs = {"TopicArn": props["TopicArn"], "Protocol": props["Protocol"], "Endpoint": props["Endpoint"]}
        if "RawMessageDelivery" in props:
            kwargs["Attributes"] = {"RawMessageDelivery": str(props["RawMessageDelivery"]).lower()}
        self.client("sns").subscribe(**kwargs)

    def queue_policy(self, logical_id: str) -> None:
        props = self.props(logical_id)
        for url in props.get("Queues", []):
            self.client("sqs").set_queue_attributes(
                QueueUrl=url, Attributes={"Policy": json.dumps(props["PolicyDocument"])}
            )

    def event_bus(self, logical_id: str) -> None:
        arn = self.client("events").create_event_bus(Name=self.resolver.name(logical_id))["EventBusArn"]
        self.resolver.created[logical_id] = {"Arn": arn}

    def rule(self, logical_id: str) -> None:
        props = self.props(logical_id)
        name = self.resolver.name(logical_id)
        kwargs: dict[str, Any] = {"Name": name, "State": props.get("State", "ENABLED")}
        if props.get("EventBusName"):
            kwargs["EventBusName"] = str(props["EventBusName"]).rsplit("/", 1)[-1]
        if "EventPattern" in props:
            pattern = props["EventPattern"]
            kwargs["EventPattern"] = pattern if isinstance(pattern, str) else json.dumps(pattern)
        if "ScheduleExpression" in props:
            kwargs["ScheduleExpression"] = props["ScheduleExpression"]
        if "Description" in props:
            kwargs["Description"] = props["Description"]
        events = self.client("events")
        arn = events.put_rule(**kwargs)["RuleArn"]
        self.resolver.created[logical_id] = {"Arn": arn}
        targets = []
        for target in props.get("Targets") or []:
            keep = ("Id", "Arn", "Input", "InputPath", "RoleArn", "SqsParameters", "DeadLetterConfig", "RetryPolicy")
            entry = {k: v for k, v in target.items() if k in keep}
            if "InputTransformer" in target:
                entry["InputTransformer"] = target["InputTransformer"]
            targets.append(entry)
        if targets:
            events.put_targets(Rule=name, EventBusName=kwargs.get("EventBusName", "default"), Targets=targets)

    def state_machine(self, logical_id: str) -> None:
        resource = self.resolver.resources[logical_id]
        raw = resource.get("Properties") or {}
        props = self.props(logical_id)
        if raw.get("DefinitionUri") and isinstance(raw["DefinitionUri"], str):
            definition = (ROOT / raw["DefinitionUri"]).read_text()
        elif "DefinitionString" in props:
            definition = str(props["DefinitionString"])
        else:
            definition = json.dumps(props.get("Definition") or {})
        substitutions = props.get("DefinitionSubstitutions") or {}
        for key, value in substitutions.items():
            definition = definition.replace("${" + key + "}", str(value))
        role = props.get("Role") or props.get("RoleArn") or f"arn:aws:iam::{self.resolver.account}:role/{logical_id}"
        kwargs: dict[str, Any] = {"name": self.resolver.name(logical_id), "definition": definition, "roleArn": role}
        if props.get("Type"):
            kwargs["type"] = props["Type"]
        arn = self.client("stepfunctions").create_state_machine(**kwargs)["stateMachineArn"]
        self.resolver.created[logical_id] = {"Ref": arn, "Arn": arn}

    def secret(self, logical_id: str) -> None:
        props = self.props(logical_id)
        value = props.get("SecretString")
        if value is None:
            generate = props.get("GenerateSecretString") or {}
            alphabet = string.ascii_letters + string.digits
            if str(generate.get("ExcludePunctuation", "false")).lower() != "true":
                alphabet += "!#$%&()*+,-.:;<=>?@[]^_{|}~"
            excluded = str(generate.get("ExcludeCharacters", ""))
            alphabet = "".join(c for c in alphabet if c not in excluded)
            length = int(generate.get("PasswordLength", 32))
            value = "".join(secrets.choice(alphabet) for _ in range(length))
            if generate.get("SecretStringTemplate") and generate.get("GenerateStringKey"):
                document = json.loads(generate["SecretStringTemplate"])
                document[generate["GenerateStringKey"]] = value
                value = json.dumps(document)
        arn = self.client("secretsmanager").create_secret(Name=self.resolver.name(logical_id), SecretString=value)[
            "ARN"
        ]
        self.resolver.created[logical_id] = {"Ref": arn, "Id": arn}

    def bucket(self, logical_id: str) -> None:
        self.client("s3").create_bucket(Bucket=self.resolver.name(logical_id))

    def delivery_stream(self, logical_id: str) -> None:
        """A Firehose stream into its S3 bucket (moto delivers on put, and writes the prefix as is:
        it does not expand ``!{partitionKeyFromQuery:...}``)."""
        props = self.props(logical_id)
        destination = props["ExtendedS3DestinationConfiguration"]
        kept = ("BucketARN", "RoleARN", "Prefix", "ErrorOutputPrefix", "CompressionFormat", "BufferingHints")
        self.client("firehose").create_delivery_stream(
            DeliveryStreamName=self.resolver.name(logical_id),
            DeliveryStreamType="DirectPut",
            ExtendedS3DestinationConfiguration={key: destination[key] for key in kept if key in destination},
        )

    CREATORS: dict[str, Callable[[Provisioner, str], None]] = {
        "AWS::DynamoDB::Table": table,
        "AWS::SQS::Queue": queue,
        "AWS::SQS::QueuePolicy": queue_policy,
        "AWS::SNS::Topic": topic,
        "AWS::SNS::Subscription": subscription,
        "AWS::Events::EventBus": event_bus,
        "AWS::Events::Rule": rule,
        "AWS::StepFunctions::StateMachine": state_machine,
        "AWS::Serverless::StateMachine": state_machine,
        "AWS::SecretsManager::Secret": secret,
        "AWS::S3::Bucket": bucket,
        "AWS::KinesisFirehose::DeliveryStream": delivery_stream,
    }

    def creation_order(self) -> list[str]:
        """Supported resources, each after the supported resources it refers to."""
        supported = {
            logical_id
            for logical_id, resource in self.resolver.resources.items()
            if resource["Type"] in self.CREATORS and self._enabled(resource)
        }
        order: list[str] = []
        visiting: set[str] = set()

        def visit(logical_id: str) -> None:
            if logical_id in order or logical_id in visiting:
                return
            visiting.add(logical_id)
            resource = self.resolver.resources[logical_id]
            depends = resource.get("DependsOn") or []
            for dependency in sorted(references(resource.get("Properties")) | set(_as_list(depends))):
                if dependency in supported:
                    visit(dependency)
            visiting.discard(logical_id)
            order.append(logical_id)

        for logical_id in self.resolver.resources:
            if logical_id in supported:
                visit(logical_id)
        return order

    def _enabled(self, resource: dict[str, Any]) -> bool:
        condition = resource.get("Condition")
        return condition is None or self.resolver.condition(str(condition))

    def provision(self) -> Provisioned:
        result = Provisioned()
        for logical_id in self.creation_order():
            kind = self.resolver.resources[logical_id]["Type"]
            self.CREATORS[kind](self, logical_id)
            result.created[logical_id] = kind
            log.debug("created %s %s", kind, logical_id)
        for logical_id, resource in self.resolver.resources.items():
            if logical_id not in result.created:
                result.skipped[logical_id] = resource["Type"]
        return result


def _as_list(value: Any) -> list[str]:
    return [str(v) for v in value] if isinstance(value, list) else [str(value)]


def resolve_dynamic_references(value: str, resolver: Resolver, session: Any) -> str:
    """``{{resolve:secretsmanager:<id>:SecretString[:key]}}`` read from moto; other kinds stay as they are."""
    import re

    def replace(match: re.Match[str]) -> str:
        parts = match.group(1).split(":")
        if parts[0] != "secretsmanager":
            return match.group(0)
        if parts[1] == "arn":
            secret_id, rest = ":".join(parts[1:8]), parts[8:]
        else:
            secret_id, rest = parts[1], parts[2:]
        client = session.client("secretsmanager", endpoint_url=resolver.endpoint, region_name=resolver.region)
        text = str(client.get_secret_value(SecretId=secret_id)["SecretString"])
        if len(rest) >= 2 and rest[1]:
            return str(json.loads(text)[rest[1]])
        return text

    return re.sub(r"\{\{resolve:([^}]+)\}\}", replace, value)
