"""``python -m local_stack``: the whole service on loopback, driven by template.yaml (``make run``)."""

from __future__ import annotations

import argparse
import logging
import os
import signal
import sys
import threading
import warnings
from pathlib import Path
from types import FrameType

from local_stack.seed import DEFAULT_ORG
from local_stack.stack import STATE_FILE, LocalStack, Options
from local_stack.template import ROOT, TEMPLATE

log = logging.getLogger("local_stack")


def parse_args(argv: list[str] | None = None) -> Options:
    parser = argparse.ArgumentParser(prog="python -m local_stack", description=__doc__)
    parser.add_argument("--template", type=Path, default=TEMPLATE)
    parser.add_argument("--env-vars", type=Path, default=ROOT / "env.json", help="sam local's env.json format")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "3000")), help="0 picks a free port")
    parser.add_argument("--moto-port", type=int, default=int(os.environ.get("MOTO_PORT", "0")))
    parser.add_argument("--state-file", type=Path, default=Path(os.environ.get("LOCAL_STACK_STATE", STATE_FILE)))
    parser.add_argument("--org", default=os.environ.get("DEV_ORG", DEFAULT_ORG))
    parser.add_argument(
        "--data-dir", type=Path, default=None, help="keep the tables here across restarts (make run: .local/data)"
    )
    parser.add_argument(
        "--parameter-overrides", nargs="*", default=[], metavar="NAME=VALUE", help="template parameters"
    )
    args = parser.parse_args(argv)
    overrides = dict(item.split("=", 1) for item in args.parameter_overrides)
    return Options(
        template=args.template,
        env_vars=args.env_vars,
        host=args.host,
        port=args.port,
        moto_port=args.moto_port,
        state_file=args.state_file,
        org_id=args.org,
        dev_key=os.environ.get("DEV_API_KEY") or None,
        parameter_overrides=overrides,
        data_dir=args.data_dir,
    )


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s", stream=sys.stderr)
    for noisy in ("werkzeug", "botocore", "boto3", "urllib3"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    warnings.filterwarnings("ignore", message="No application metrics to publish")
    options = parse_args(argv)
    stack = LocalStack(options)
    stopping = threading.Event()

    def stop(_signum: int, _frame: FrameType | None) -> None:
        stopping.set()

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    try:
        stack.start()
    except Exception as exc:
        log.error("the local stack did not start: %s", exc)
        stack.stop()
        return 1
    lines = [
        f"API:  {stack.api_url}  (spec: {stack.api_url}/openapi.json)",
        f"console: {stack.api_url}/console/",
        f"moto: {stack.moto_url}",
    ]
    if stack.resolver is not None:
        seconds = stack.resolver.params.get("PolicyCacheSeconds")
        lines.append(f"evaluate sees policy changes within {seconds} s (PolicyCacheSeconds; 5 s on AWS by default)")
    if options.data_dir is not None:
        lines.append(f"data: {options.data_dir} (kept across restarts; make reset clears it)")
    if stack.seeded is not None:
        lines.append(f"org:  {stack.seeded.org_id}")
        if options.dev_key is None:
            # Shown once, on the terminal of the person who started the stack (never logged to a file).
            lines.append(f"admin key (generated; set DEV_API_KEY to choose one): {stack.seeded.key}")
        else:
            lines.append("admin key: $DEV_API_KEY")
        lines.append(f'try:  curl -H "Authorization: Bearer <key>" {stack.api_url}/v1/policies')
    print("\n".join(lines), flush=True)
    stopping.wait()
    log.info("stopping")
    stack.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
