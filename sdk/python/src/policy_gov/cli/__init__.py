"""``policy-gov``: policies kept in a repository, planned, applied and tested; and the everyday verbs.

The service comes from ``--url`` or ``POLICY_GOV_URL``; the key from ``POLICY_GOV_API_KEY`` or
``--api-key-file`` (never a plain flag: it would show in shell history and process lists).

Exit codes: 0 success (plan: nothing to do); 1 an error or a failed test; 2 plan found changes
(also ``apply --dry-run``); ``evaluate``: 3 blocked, 4 held for approval; ``audit verify``: 1
when the chain is broken.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from pathlib import Path
from typing import Any, NoReturn, TextIO

from policy_gov.cli import cases as testing
from policy_gov.cli.files import POLICY_FIELDS, FileError, PolicyRepo, dump_yaml, load_repo, schema, slug
from policy_gov.cli.plan import Change, PlanError, apply_plan, make_plan, show, writable
from policy_gov.client import Client, Routes
from policy_gov.errors import APIError, PolicyGovError

EXIT_OK, EXIT_ERROR, EXIT_CHANGES, EXIT_BLOCKED, EXIT_HELD = 0, 1, 2, 3, 4


class Out:
    """Human output (colours on a terminal only, and never with NO_COLOR) or JSON."""

    def __init__(self, as_json: bool, stream: TextIO | None = None) -> None:
        self.stream = stream or sys.stdout
        self.json = as_json
        self.colour = self.stream.isatty() and not os.environ.get("NO_COLOR") and not as_json

    def paint(self, text: str, colour: str) -> str:
        codes = {"green": "32", "red": "31", "yellow": "33", "bold": "1", "dim": "2"}
        return f"\033[{codes[colour]}m{text}\033[0m" if self.colour else text

    def line(self, text: str = "") -> None:
        print(text, file=self.stream)

    def data(self, value: Any) -> None:
        print(json.dumps(value, indent=2, ensure_ascii=False, default=str), file=self.stream)


def _client(args: argparse.Namespace) -> Client:
    key = os.environ.get("POLICY_GOV_API_KEY")
    if args.api_key_file:
        # The message names neither the path nor the content: a key pasted in place of a path must not show.
        try:
            key = Path(args.api_key_file).read_text(encoding="utf-8").strip()
        except OSError as error:
            raise PolicyGovError(f"cannot read the --api-key-file ({error.strerror or type(error).__name__})") from None
        except UnicodeDecodeError:
            raise PolicyGovError("the --api-key-file is not UTF-8 text") from None
        if not key:
            raise PolicyGovError("the --api-key-file is empty")
    if not key:
        raise PolicyGovError("no API key: set POLICY_GOV_API_KEY or pass --api-key-file")
    return Client(args.url, key)


# -- plan / apply / export --


def _show_plan(out: Out, changes: list[Change]) -> None:
    if out.json:
        out.data(
            [
                {
                    "action": c.kind,
                    "name": c.name,
                    "changes": [{"field": f, "live": a, "file": b} for f, a, b in c.diff],
                }
                for c in changes
            ]
        )
        return
    if not changes:
        out.line("no changes")
        return
    marks = {"create": ("+", "green"), "update": ("~", "yellow"), "delete": ("-", "red"), "org-policy": ("~", "yellow")}
    for change in changes:
        mark, colour = marks[change.kind]
        out.line(out.paint(f"{mark} {change.kind} {change.name}", colour))
        for path, live, want in change.diff:
            out.line(f"    {path}: {show(live)} -> {show(want)}")
    counts = {k: sum(c.kind == k for c in changes) for k in ("create", "update", "delete", "org-policy")}
    out.line(
        out.paint(
            f"plan: {counts['create']} to create, {counts['update'] + counts['org-policy']} to update, "
            f"{counts['delete']} to delete",
            "bold",
        )
    )


def cmd_plan(args: argparse.Namespace, out: Out) -> int:
    changes = make_plan(_client(args), load_repo(Path(args.dir)), prune=args.prune)
    _show_plan(out, changes)
    return EXIT_CHANGES if changes else EXIT_OK


def cmd_apply(args: argparse.Namespace, out: Out) -> int:
    client = _client(args)
    changes = make_plan(client, load_repo(Path(args.dir)), prune=args.prune)
    if args.dry_run or not changes:
        _show_plan(out, changes)
        return EXIT_CHANGES if changes else EXIT_OK
    total, step = len(changes), [0]
    bar = sys.stderr.isatty() and not out.json and total > 1

    def progress(change: Change) -> None:
        step[0] += 1
        if bar:
            filled = int(30 * step[0] / total)
            sys.stderr.write(f"\r[{'#' * filled}{'.' * (30 - filled)}] {step[0]}/{total} {change.name[:40]:<40}")
            sys.stderr.flush()

    done = apply_plan(client, changes, progress)
    if bar:
        sys.stderr.write("\n")
    if out.json:
        out.data({"applied": done})
    else:
        for line in done:
            out.line(out.paint(line, "green"))
    return EXIT_OK


def cmd_export(args: argparse.Namespace, out: Out) -> int:
    client = _client(args)
    target = Path(args.dir)
    target.mkdir(parents=True, exist_ok=True)
    written, used = [], set()
    for policy in sorted(client.iter_policies(), key=lambda p: (p.name, p.created_at)):
        body = {k: v for k, v in writable(policy).items() if k in POLICY_FIELDS}
        base = slug(policy.name)
        name, n = base, 2
        while name in used:
            name, n = f"{base}-{n}", n + 1
        used.add(name)
        path = target / f"{name}.yaml"
        path.write_text(dump_yaml(body), encoding="utf-8")
        written.append(str(path))
    org = client.get_org_policy().model_dump(mode="json", exclude_none=True)
    (target / "org-policy.yaml").write_text(dump_yaml(org), encoding="utf-8")
    written.append(str(target / "org-policy.yaml"))
    if out.json:
        out.data({"written": written})
    else:
        out.line(f"exported {len(written) - 1} policies and the org policy to {target}")
    return EXIT_OK


def cmd_schema(args: argparse.Namespace, out: Out) -> int:
    out.line(schema(args.kind).rstrip("\n"))
    return EXIT_OK


# -- test --


def cmd_test(args: argparse.Namespace, out: Out) -> int:
    found = testing.load_cases([Path(p) for p in args.files])
    if args.server:
        evaluate = testing.server_evaluator(_client(args))
    else:
        repo = load_repo(Path(args.policies)) if args.policies else PolicyRepo([], None)
        evaluate = testing.offline_evaluator(repo)
    results = testing.run_cases(found, evaluate)
    failed = [r for r in results if not r.passed]
    if out.json:
        out.data(
            [
                {"file": str(r.case.file), "name": r.case.name, "passed": r.passed, "problems": r.problems}
                for r in results
            ]
        )
    else:
        for result in results:
            label = out.paint("PASS", "green") if result.passed else out.paint("FAIL", "red")
            out.line(f"{label} {result.case.file.name}: {result.case.name}")
            for problem in result.problems:
                out.line(f"     {problem}")
        out.line(f"{len(results) - len(failed)} passed, {len(failed)} failed")
    return EXIT_ERROR if failed else EXIT_OK


# -- everyday verbs --


def cmd_evaluate(args: argparse.Namespace, out: Out) -> int:
    prompt = (
        args.prompt if args.prompt is not None else (None if args.response and sys.stdin.isatty() else sys.stdin.read())
    )
    request: dict[str, Any] = {"model": args.model}
    if prompt:
        request["prompt"] = prompt
    if args.response:
        request["response"] = args.response
    for name in ("environment", "end_user_id", "cost_usd", "max_tokens"):
        if getattr(args, name) is not None:
            request[name] = getattr(args, name)
    if args.dry_run:
        request["dry_run"] = True
    decision = _client(args).run(Routes.evaluate(request))
    if out.json:
        out.data(decision.model_dump(mode="json"))
    else:
        colour = {"blocked": "red", "pending_approval": "yellow", "modified": "yellow", "flagged": "yellow"}.get(
            decision.verdict, "green"
        )
        out.line(f"{out.paint(decision.verdict, colour)} (risk {decision.risk_level}, decision {decision.decision_id})")
        for v in decision.violations:
            out.line(f"  {v.policy_name}: {v.rule_type} -> {v.action} ({v.severity}) {v.message}")
        if decision.approval is not None:
            out.line(f"  approval {decision.approval.id} ({decision.approval.status})")
        if decision.modified_request is not None and decision.modified_request.prompt is not None:
            out.line(f"  rewritten prompt: {decision.modified_request.prompt}")
    return {"blocked": EXIT_BLOCKED, "pending_approval": EXIT_HELD}.get(decision.verdict, EXIT_OK)


def cmd_approvals(args: argparse.Namespace, out: Out) -> int:
    client = _client(args)
    if args.verb == "list":
        page = client.list_approvals(status=args.status, limit=args.limit)
        if out.json:
            out.data([a.model_dump(mode="json") for a in page.items])
        else:
            for a in page.items:
                out.line(f"{a.id}  {a.status:<8}  created {a.created_at}  expires {a.expires_at}")
            if not page.items:
                out.line("no approvals")
        return EXIT_OK
    decided = client.approve(args.id, args.comment) if args.verb == "approve" else client.reject(args.id, args.comment)
    if out.json:
        out.data(decided.model_dump(mode="json"))
    else:
        out.line(f"{decided.id} {decided.status}")
    return EXIT_OK


def cmd_violations(args: argparse.Namespace, out: Out) -> int:
    page = _client(args).list_violations(since=args.since, until=args.until, severity=args.severity, limit=args.limit)
    if out.json:
        out.data([d.model_dump(mode="json") for d in page.items])
        return EXIT_OK
    for d in page.items:
        rules = ", ".join(sorted({v.rule_type for v in d.violations}))
        out.line(f"{d.created_at}  {d.verdict:<16} {d.risk_level:<8} {rules}  {d.decision_id}")
    if not page.items:
        out.line("no violations")
    return EXIT_OK


def cmd_audit_verify(args: argparse.Namespace, out: Out) -> int:
    result = _client(args).verify_audit()
    if out.json:
        out.data(result.model_dump(mode="json"))
    elif result.valid:
        out.line(out.paint(f"audit chain intact ({result.entries} entries)", "green"))
    else:
        out.line(out.paint(f"audit chain broken at {result.first_bad} ({result.entries} entries)", "red"))
    return EXIT_OK if result.valid else EXIT_ERROR


class _RefuseKey(argparse.Action):
    """``--api-key``: refused, without echoing what followed it (it would be in shell history and ``ps``)."""

    def __call__(self, *_: Any, **__: Any) -> None:
        raise argparse.ArgumentError(
            self, "the key is never taken as a flag: set POLICY_GOV_API_KEY or pass --api-key-file"
        )


class _Parser(argparse.ArgumentParser):
    """argparse that never repeats what was typed as a value: a mistyped flag (``--token SECRET``)
    leaves the secret where a verb or an argument is read, and argparse would print it back."""

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: error: {_without_values(message)}\n")


_QUOTED_VALUE = re.compile(r"(invalid (?:choice|[\w ]+ value)): '.*?'(?= \(choose from|$)", re.S)
_UNRECOGNIZED = "unrecognized arguments: "


def _without_values(message: str) -> str:
    """An argparse message with the typed values left out; flag names (``--token``) stay."""
    message = _QUOTED_VALUE.sub(r"\1", message)
    if message.startswith(_UNRECOGNIZED):
        typed = message[len(_UNRECOGNIZED) :].split()
        flags = [t.split("=", 1)[0] for t in typed if t.startswith("-")]
        hidden = len(typed) - len(flags) + sum("=" in t for t in typed if t.startswith("-"))
        shown = " ".join(flags) + (f" ({hidden} value{'s' * (hidden > 1)} not shown)" if hidden else "")
        message = _UNRECOGNIZED + shown.strip()
    return message


def parser() -> argparse.ArgumentParser:
    def options(parser: argparse.ArgumentParser, *, after_verb: bool) -> argparse.ArgumentParser:
        # Accepted before and after the verb; after it, only what is given overrides what came before.
        unset: dict[str, Any] = {"default": argparse.SUPPRESS} if after_verb else {}
        parser.add_argument("--url", help="the service (default: $POLICY_GOV_URL)", **unset)
        parser.add_argument("--api-key-file", help="a file holding the key (default: $POLICY_GOV_API_KEY)", **unset)
        parser.add_argument("--api-key", nargs="?", action=_RefuseKey, help=argparse.SUPPRESS, **unset)
        parser.add_argument("--json", action="store_true", help="machine-readable output", **unset)
        return parser

    # No abbreviations anywhere: `--api-key SECRET` must never be read as `--api-key-file SECRET`.
    common = options(_Parser(add_help=False, allow_abbrev=False), after_verb=True)
    top = options(
        _Parser(
            prog="policy-gov",
            description="Policies kept in a repository: plan, apply, test; and the everyday verbs.",
            allow_abbrev=False,
        ),
        after_verb=False,
    )
    verbs = top.add_subparsers(dest="command", required=True)

    p = verbs.add_parser(
        "plan", parents=[common], allow_abbrev=False, help="compare policy files with the live org (exit 2: changes)"
    )
    p.add_argument("dir")
    p.add_argument("--prune", action="store_true", help="also delete live policies no file names")
    p.set_defaults(run=cmd_plan)
    p = verbs.add_parser("apply", parents=[common], allow_abbrev=False, help="carry the plan out")
    p.add_argument("dir")
    p.add_argument("--prune", action="store_true")
    p.add_argument("--dry-run", action="store_true", help="print the plan only")
    p.set_defaults(run=cmd_apply)
    p = verbs.add_parser("export", parents=[common], allow_abbrev=False, help="write the live policies as files")
    p.add_argument("dir")
    p.set_defaults(run=cmd_export)
    p = verbs.add_parser("schema", parents=[common], allow_abbrev=False, help="the JSON Schema of policy files")
    p.add_argument("kind", nargs="?", choices=["policy", "org-policy"], default="policy")
    p.set_defaults(run=cmd_schema)
    p = verbs.add_parser(
        "test", parents=[common], allow_abbrev=False, help="run expectation files (offline by default)"
    )
    p.add_argument("files", nargs="+")
    p.add_argument("--policies", default=None, help="the policy directory (offline)")
    p.add_argument("--server", action="store_true", help="against the live org (dry runs)")
    p.set_defaults(run=cmd_test)
    p = verbs.add_parser("evaluate", parents=[common], allow_abbrev=False, help="evaluate a prompt (flag or stdin)")
    p.add_argument("--model", required=True)
    p.add_argument("--prompt", default=None)
    p.add_argument("--response", default=None)
    p.add_argument("--environment", default=None)
    p.add_argument("--end-user-id", dest="end_user_id", default=None)
    p.add_argument("--cost-usd", dest="cost_usd", type=float, default=None)
    p.add_argument("--max-tokens", dest="max_tokens", type=int, default=None)
    p.add_argument("--dry-run", action="store_true")
    p.set_defaults(run=cmd_evaluate)
    p = verbs.add_parser("approvals", parents=[common], allow_abbrev=False, help="list, approve or reject held calls")
    sub = p.add_subparsers(dest="verb", required=True)
    q = sub.add_parser("list", parents=[common], allow_abbrev=False)
    q.add_argument("--status", default=None, choices=["pending", "approved", "rejected", "expired"])
    q.add_argument("--limit", type=int, default=None)
    for verb in ("approve", "reject"):
        q = sub.add_parser(verb, parents=[common], allow_abbrev=False)
        q.add_argument("id")
        q.add_argument("--comment", default=None)
    p.set_defaults(run=cmd_approvals)
    p = verbs.add_parser("violations", parents=[common], allow_abbrev=False, help="stored decisions with violations")
    p.add_argument("--since", default=None)
    p.add_argument("--until", default=None)
    p.add_argument("--severity", default=None, choices=["low", "medium", "high", "critical"])
    p.add_argument("--limit", type=int, default=None)
    p.set_defaults(run=cmd_violations)
    p = verbs.add_parser("audit", parents=[common], allow_abbrev=False, help="the audit log")
    sub = p.add_subparsers(dest="verb", required=True)
    sub.add_parser("verify", parents=[common], allow_abbrev=False, help="check the hash chain (exit 1 when broken)")
    p.set_defaults(run=cmd_audit_verify)
    return top


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    out = Out(args.json)
    try:
        code: int = args.run(args, out)
    except (FileError, PlanError) as error:
        print(f"policy-gov: {error}", file=sys.stderr)
        return EXIT_ERROR
    except APIError as error:
        print(f"policy-gov: the service answered {error}", file=sys.stderr)
        return EXIT_ERROR
    except PolicyGovError as error:
        print(f"policy-gov: {error}", file=sys.stderr)
        return EXIT_ERROR
    return code


if __name__ == "__main__":
    sys.exit(main())
