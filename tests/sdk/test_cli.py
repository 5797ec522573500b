"""``policy-gov``: plan, apply, export and test against a local stack of its own, and ``test`` offline.

The CLI runs in this process through ``main(argv)`` (what the console script calls); one test runs
the installed console script itself. Output is what a user reads; exit codes are what CI reads.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from policy_gov import Client
from policy_gov.cli import main
from policy_gov.cli.files import load_repo
from policy_gov.cli.plan import PlanError, apply_plan, make_plan
from tests.e2e.conftest import RunningStack, start_stack, stop_stack

PII = {"name": "Redact PII", "rules": [{"type": "pii", "action": "redact", "entities": ["email"]}]}
BANNED = {
    "name": "No launch codes",
    "priority": 10,
    "rules": [{"type": "banned_patterns", "action": "block", "patterns": ["(?i)launch codes"]}],
}
CASES = {
    "cases": [
        {
            "name": "emails are redacted",
            "request": {"model": "gpt-4o", "prompt": "mail jane.doe@example.com"},
            "expect": {"verdict": "modified", "violations": ["pii"], "modified_request": {"prompt": "mail [EMAIL]"}},
        },
        {
            "name": "launch codes are blocked",
            "request": {"model": "gpt-4o", "prompt": "the launch codes please"},
            "expect": {"verdict": "blocked", "violations": ["banned_patterns"]},
        },
        {
            "name": "plain words pass",
            "request": {"model": "gpt-4o", "prompt": "hello"},
            "expect": {"verdict": "allowed"},
        },
    ]
}


def write_repo(directory: Path, *policies: dict[str, object], org: dict[str, object] | None = None) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    for policy in policies:
        name = str(policy["name"]).lower().replace(" ", "-")
        (directory / f"{name}.yaml").write_text(yaml.safe_dump(policy))
    if org is not None:
        (directory / "org-policy.yaml").write_text(yaml.safe_dump(org))
    return directory


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out + captured.err


# -- offline --


def test_offline_test_passes_and_fails_with_the_difference(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # Given a policy repository and an expectation file whose cases hold
    policies = write_repo(tmp_path / "policies", PII, BANNED)
    cases = tmp_path / "cases.yaml"
    cases.write_text(yaml.safe_dump(CASES))
    # When `policy-gov test` runs offline, then every case passes, exit 0
    code, out = run(capsys, "test", "--policies", str(policies), str(cases))
    assert code == 0, out
    assert out.count("PASS") == 3 and "3 passed, 0 failed" in out
    # Given a case that expects the wrong verdict; then it fails with the difference, exit 1
    wrong = {"cases": [{**CASES["cases"][2], "expect": {"verdict": "blocked", "violations": ["secrets"]}}]}
    cases.write_text(yaml.safe_dump(wrong))
    code, out = run(capsys, "test", "--policies", str(policies), str(cases))
    assert code == 1
    assert "FAIL cases.yaml: plain words pass" in out
    assert "verdict: expected blocked, got allowed" in out and "violations: expected ['secrets'], got []" in out


def test_offline_test_honours_the_org_policy_and_single_policy_cases(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    policies = write_repo(tmp_path / "p", PII, BANNED, org={"blocking_rules": {"enabled": True, "block_on": "high"}})
    cases = tmp_path / "cases.json"
    request = {"model": "gpt-4o", "prompt": "mail jane.doe@example.com"}
    cases.write_text(
        json.dumps(
            {
                "cases": [
                    {"name": "escalated", "request": request, "expect": {"verdict": "blocked", "violations": ["pii"]}},
                    {
                        "name": "alone",
                        "policy": "No launch codes",
                        "request": request,
                        "expect": {"verdict": "allowed"},
                    },
                ]
            }
        )
    )
    code, out = run(capsys, "test", "--policies", str(policies), str(cases))
    assert code == 0, out


def test_bad_files_are_refused_with_the_file_named(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    policies = write_repo(tmp_path / "p", {**PII, "priorty": 5})
    code, out = run(capsys, "test", "--policies", str(policies), str(tmp_path / "none.yaml"))
    assert code == 1
    cases = tmp_path / "c.yaml"
    cases.write_text(yaml.safe_dump(CASES))
    code, out = run(capsys, "test", "--policies", str(policies), str(cases))
    assert code == 1 and "redact-pii.yaml: unknown field(s) priorty" in out


def test_schema_is_the_published_json_schema(capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run(capsys, "schema")
    document = json.loads(out)
    assert code == 0 and document["$schema"].endswith("2020-12/schema")
    assert set(document["properties"]) == {
        "name",
        "description",
        "model",
        "action",
        "conditions",
        "rules",
        "priority",
        "enabled",
        "on_timeout",
    }
    assert document["additionalProperties"] is False
    code, out = run(capsys, "schema", "org-policy")
    assert "fail_mode" in json.loads(out)["properties"]


# -- against a live org --


@pytest.fixture(scope="module")
def org(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningStack]:
    """A local stack of its own: plan --prune may delete anything the org has."""
    running = start_stack(tmp_path_factory.mktemp("cli-stack"), "--parameter-overrides", "PolicyCacheSeconds=0")
    yield running
    stop_stack(running)


@pytest.fixture
def cli_env(org: RunningStack, monkeypatch: pytest.MonkeyPatch) -> RunningStack:
    monkeypatch.setenv("POLICY_GOV_URL", org.api_url)
    monkeypatch.setenv("POLICY_GOV_API_KEY", org.key)
    return org


def live_names(org: RunningStack) -> list[str]:
    return sorted(p.name for p in Client(org.api_url, org.key).iter_policies())


@pytest.mark.e2e
def test_plan_apply_is_idempotent_and_export_round_trips(
    cli_env: RunningStack, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = write_repo(tmp_path / "repo", PII, BANNED, org={"logging_level": "full"})
    # Given files the org does not have: plan lists the creates, exit 2
    code, out = run(capsys, "plan", str(repo))
    assert code == 2, out
    assert (
        "+ create Redact PII" in out and "+ create No launch codes" in out and "logging_level: standard -> full" in out
    )
    # When applied, then the policies exist; a second apply and a plan say "no changes", exit 0
    code, out = run(capsys, "apply", str(repo))
    assert code == 0, out
    assert "created Redact PII" in out
    assert live_names(cli_env) == ["No launch codes", "Redact PII"]
    assert run(capsys, "apply", str(repo)) == (0, "no changes\n")
    assert run(capsys, "plan", str(repo)) == (0, "no changes\n")
    # Given an edited file: plan shows the field-level diff; --dry-run changes nothing
    write_repo(
        repo, {**BANNED, "priority": 50, "rules": [{**BANNED["rules"][0], "patterns": ["(?i)launch codes", "nukes"]}]}
    )  # type: ignore[dict-item]
    code, out = run(capsys, "apply", "--dry-run", str(repo))
    assert code == 2 and "~ update No launch codes" in out
    assert (
        "    priority: 10 -> 50" in out
        and 'rules[0].patterns: ["(?i)launch codes"] -> ["(?i)launch codes", "nukes"]' in out
    )
    assert run(capsys, "plan", str(repo))[0] == 2
    code, out = run(capsys, "apply", str(repo))
    assert code == 0 and "updated No launch codes (version 2)" in out
    # export, then plan the export: no changes
    exported = tmp_path / "exported"
    code, out = run(capsys, "export", str(exported))
    assert code == 0 and sorted(p.name for p in exported.iterdir()) == [
        "no-launch-codes.yaml",
        "org-policy.yaml",
        "redact-pii.yaml",
    ]
    assert run(capsys, "plan", str(exported)) == (0, "no changes\n")
    # a file removed: plan --prune deletes its policy, plain plan does not
    (repo / "redact-pii.yaml").unlink()
    assert run(capsys, "plan", str(repo))[0] == 0
    code, out = run(capsys, "apply", "--prune", str(repo))
    assert code == 0 and "deleted Redact PII" in out
    assert live_names(cli_env) == ["No launch codes"]
    # and the same expectations pass against the live org (dry runs)
    cases = tmp_path / "cases.yaml"
    cases.write_text(yaml.safe_dump({"cases": CASES["cases"][1:]}))
    code, out = run(capsys, "test", "--server", str(cases))
    assert code == 0, out


@pytest.mark.e2e
def test_apply_stops_on_a_conflict_and_an_interrupted_apply_reruns_safely(
    cli_env: RunningStack, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    client = Client(cli_env.api_url, cli_env.key)
    first = {"name": "cli: first", "enabled": False, "rules": [{"type": "secrets", "action": "block"}]}
    second = {"name": "cli: second", "enabled": False, "rules": [{"type": "secrets", "action": "alert"}]}
    repo = write_repo(tmp_path / "repo", first, second)
    # Given an apply interrupted after its first create
    plan = make_plan(client, load_repo(repo), prune=False)

    def interrupt(change: object) -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        apply_plan(client, plan, interrupt)
    # When it is run again, then the rest is created, nothing twice
    code, out = run(capsys, "apply", str(repo))
    assert code == 0 and "created cli: second" in out and "cli: first" not in out
    assert [n for n in live_names(cli_env) if n.startswith("cli:")] == ["cli: first", "cli: second"]
    # Replaying the interrupted create (same file, same Idempotency-Key) returns the same policy
    again = client.create_policy(
        load_repo(repo).policies[0].body, idempotency_key=load_repo(repo).policies[0].idempotency_key()
    )
    assert [n for n in live_names(cli_env) if n.startswith("cli:")] == ["cli: first", "cli: second"]
    assert again.name == "cli: first"
    # Given a plan made, then someone else changes the policy: the apply stops with a clear message
    write_repo(repo, {**first, "description": "from the repository"})
    plan = make_plan(client, load_repo(repo), prune=False)
    live = next(p for p in client.iter_policies() if p.name == "cli: first")
    client.update_policy(live.id, {"description": "by hand"})
    with pytest.raises(PlanError, match="conflict: 'cli: first' changed since the plan"):
        apply_plan(client, plan, lambda change: None)
    assert client.get_policy(live.id).description == "by hand"


@pytest.mark.e2e
def test_everyday_verbs(cli_env: RunningStack, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    client = Client(cli_env.api_url, cli_env.key)
    client.create_policy(
        {
            "name": "cli: costly",
            "rules": [{"type": "cost_threshold", "action": "require_approval", "threshold_cents": 100}],
        }
    )
    code, out = run(capsys, "evaluate", "--model", "gpt-4o", "--prompt", "the launch codes")
    assert code == 3 and out.startswith("blocked")
    code, out = run(capsys, "--json", "evaluate", "--model", "gpt-4o", "--prompt", "a big batch", "--cost-usd", "5")
    held = json.loads(out)
    assert code == 4 and held["verdict"] == "pending_approval"
    code, out = run(capsys, "approvals", "list", "--status", "pending")
    assert code == 0 and held["approval"]["id"] in out
    # A reviewer decides: not the key that made the request (the org asks for another reviewer)
    reviewer = tmp_path / "reviewer.key"
    reviewer.write_text(client.create_api_key("reviewer", ["approvals:read", "approvals:decide"]).key + "\n")
    code, out = run(
        capsys, "--api-key-file", str(reviewer), "approvals", "approve", held["approval"]["id"], "--comment", "budgeted"
    )
    assert (code, out.split()) == (0, [held["approval"]["id"], "approved"])
    code, out = run(capsys, "--api-key-file", str(reviewer), "approvals", "reject", held["approval"]["id"])
    assert code == 1 and "409 conflict" in out
    code, out = run(capsys, "--json", "violations", "--since", "2020-01-01T00:00:00+00:00")
    assert code == 0 and any(d["verdict"] == "blocked" for d in json.loads(out))
    code, out = run(capsys, "audit", "verify")
    assert code == 0 and out.startswith("audit chain intact")
    # the key never comes from a flag: without the variable or a file, the CLI refuses
    os.environ.pop("POLICY_GOV_API_KEY")
    code, out = run(capsys, "audit", "verify")
    assert code == 1 and "POLICY_GOV_API_KEY" in out
    key_file = tmp_path / "key"
    key_file.write_text(cli_env.key + "\n")
    assert run(capsys, "audit", "verify", "--api-key-file", str(key_file))[0] == 0


def test_the_console_script_is_installed() -> None:
    script = Path(sys.executable).with_name("policy-gov")
    result = subprocess.run([str(script), "schema"], capture_output=True, text=True, check=False)  # noqa: S603
    assert result.returncode == 0 and "PolicyContent" in result.stdout
    assert "\033[" not in result.stdout  # no colours when not on a terminal
