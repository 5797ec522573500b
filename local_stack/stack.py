"""The whole local stack: moto server, the template's resources, the API, the SQS pollers, the seed."""

from __future__ import annotations

import json
import logging
import os
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from local_stack.apigw import ApiServer, Gateway
from local_stack.lambdas import Functions, aws_environment
from local_stack.persist import DataKeeper
from local_stack.resources import Provisioned, Provisioner, resolve_dynamic_references
from local_stack.seed import DEFAULT_ORG, Seeded, seed_admin_key
from local_stack.sqs import SqsPoller
from local_stack.template import (
    ROOT,
    TEMPLATE,
    Resolver,
    api_stage,
    function_specs,
    gateway_responses,
    http_routes,
    load_env_vars,
    sqs_event_sources,
)

log = logging.getLogger("local_stack")

STATE_FILE = ROOT / ".local" / "stack.json"


# API Gateway usage plans run on AWS only (the local gateway does not throttle): the local
# stack keeps keys unattached, as AttachKeysToUsagePlans=false does on AWS.
LOCAL_PARAMETERS = {"AttachKeysToUsagePlans": "false"}


@dataclass
class Options:
    template: Path = TEMPLATE
    env_vars: Path | None = ROOT / "env.json"
    host: str = "127.0.0.1"
    port: int = 3000
    moto_port: int = 0
    state_file: Path | None = STATE_FILE
    org_id: str = DEFAULT_ORG
    dev_key: str | None = None
    parameter_overrides: dict[str, str] = field(default_factory=dict)
    seed: bool = True
    data_dir: Path | None = None  # where the tables are kept across restarts (None: not kept)


_DYNAMODB_LOCK = threading.Lock()


def serialize_dynamodb() -> None:
    """One DynamoDB request at a time inside moto, as the real service is atomic per request.

    moto's DynamoDB backend is not thread-safe (a transaction deep-copies the table while
    another thread writes an item: "dictionary changed size during iteration"), and the
    workflows' threads write the same table as the functions. Idempotent; moto serves both
    the in-process tests and the local stack's server through ``DynamoHandler.call_action``.
    """
    from moto.dynamodb.responses import DynamoHandler

    if getattr(DynamoHandler.call_action, "serialized", False):
        return
    unlocked = DynamoHandler.call_action

    def call_action(self: DynamoHandler) -> Any:
        with _DYNAMODB_LOCK:
            return unlocked(self)

    call_action.serialized = True  # type: ignore[attr-defined]
    DynamoHandler.call_action = call_action  # type: ignore[method-assign]


def start_moto(host: str, port: int) -> Any:
    from moto.server import ThreadedMotoServer

    serialize_dynamodb()

    server = ThreadedMotoServer(ip_address=host, port=port, verbose=False)
    server.start()
    return server


def configure_moto(endpoint: str) -> None:
    """Step Functions runs state machines for real only when told to."""
    import urllib.request

    request = urllib.request.Request(  # noqa: S310 - our own loopback moto
        f"{endpoint}/moto-api/config",
        data=json.dumps({"stepfunctions": {"execute_state_machine": True}}).encode(),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
        response.read()


class LocalStack:
    def __init__(self, options: Options) -> None:
        self.options = options
        self.moto: Any = None
        self.api: ApiServer | None = None
        self.pollers: list[SqsPoller] = []
        self.seeded: Seeded | None = None
        self.provisioned: Provisioned | None = None
        self._api_thread: threading.Thread | None = None
        self.keeper: DataKeeper | None = None
        self.resolver: Resolver | None = None

    @property
    def moto_url(self) -> str:
        host, port = self.moto.get_host_and_port()
        return f"http://{host}:{port}"

    @property
    def api_url(self) -> str:
        assert self.api is not None
        return f"http://{self.options.host}:{self.api.server_address[1]}"

    def start(self) -> None:
        import boto3

        options = self.options
        self.moto = start_moto(options.host, options.moto_port)
        moto_port = self.moto.get_host_and_port()[1]
        # moto's Step Functions interpreter calls back to the server on MOTO_PORT.
        os.environ["MOTO_PORT"] = str(moto_port)
        os.environ.update(aws_environment(self.moto_url))
        configure_moto(self.moto_url)

        overrides = {**LOCAL_PARAMETERS, **options.parameter_overrides}
        resolver = Resolver(options.template, endpoint=self.moto_url, overrides=overrides)
        self.resolver = resolver
        session = boto3.session.Session(
            aws_access_key_id="testing",
            aws_secret_access_key="testing",  # noqa: S106 - moto's fake credentials
            region_name=resolver.region,
        )
        self.provisioned = Provisioner(resolver, session).provision()
        log.info("moto on %s: created %s", self.moto_url, ", ".join(self.provisioned.created) or "nothing")
        if options.data_dir is not None:
            created = self.provisioned.created.items()
            tables = [resolver.name(i) for i, kind in created if kind == "AWS::DynamoDB::Table"]
            self.keeper = DataKeeper(session.client("dynamodb", endpoint_url=self.moto_url), tables, options.data_dir)
            self.keeper.restore()
            self.keeper.start()

        specs = function_specs(resolver, load_env_vars(options.env_vars))
        base_env = {**aws_environment(self.moto_url), "LOCAL_STACK": "true"}
        functions = Functions(specs, base_env, lambda value: resolve_dynamic_references(value, resolver, session))

        routes = http_routes(resolver)
        apis = {route.api for route in routes}
        api = next(iter(sorted(a for a in apis if a))) if any(apis) else None
        if options.seed:
            authorizers = {route.authorizer.function for route in routes if route.authorizer is not None}
            seed_function = next(iter(sorted(authorizers)), None) or next(iter(sorted(specs)), None)
            if seed_function is not None:
                functions.add_layers(seed_function)
                with functions.environment_of(seed_function):
                    self.seeded = seed_admin_key(options.org_id, options.dev_key)

        from local_stack.console import ConsoleFiles
        from local_stack.openapi import openapi_route

        gateway = Gateway(
            routes,
            functions,
            stage=api_stage(resolver, api),
            responses=gateway_responses(resolver, api),
            extra_routes={("GET", "/openapi.json"): openapi_route()},
            static=ConsoleFiles(),
            region=resolver.region,
            account=resolver.account,
        )
        self.api = ApiServer((options.host, options.port), gateway)
        self._api_thread = threading.Thread(target=self.api.serve_forever, name="api", daemon=True)
        self._api_thread.start()

        sqs = session.client("sqs", endpoint_url=self.moto_url)
        for source in sqs_event_sources(resolver):
            if not source.enabled:
                continue
            poller = SqsPoller(
                source,
                str(resolver.ref(source.queue)),
                str(resolver.get_att(source.queue, "Arn")),
                sqs,
                functions,
                resolver.region,
            )
            poller.start()
            self.pollers.append(poller)
        self.write_state()

    def write_state(self) -> None:
        if self.options.state_file is None:
            return
        state = {
            "pid": os.getpid(),
            "api_url": self.api_url,
            "moto_url": self.moto_url,
            "template": str(self.options.template),
            "env_vars": str(self.options.env_vars) if self.options.env_vars else None,
            "org_id": self.seeded.org_id if self.seeded else None,
        }
        # Written whole then renamed: a reader polling for the file never sees it half written.
        target = self.options.state_file
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(f".{target.name}.{os.getpid()}")
        partial.write_text(json.dumps(state, indent=2) + "\n")
        partial.replace(target)

    def stop(self) -> None:
        for poller in self.pollers:
            poller.stop()
        if self.api is not None:
            self.api.shutdown()
            self.api.server_close()
        for poller in self.pollers:
            poller.join()
        if self.keeper is not None:
            self.keeper.stop()
        if self.moto is not None:
            self.moto.stop()
        state_file = self.options.state_file
        if state_file is not None and state_file.exists():
            try:
                if json.loads(state_file.read_text()).get("pid") == os.getpid():
                    state_file.unlink()
            except (OSError, ValueError):
                pass
