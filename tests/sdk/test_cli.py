"""``policy-gov``: plan, apply, export and test against a local stack of its own, and ``test`` offline.

The CLI runs in this process through ``main(argv)`` (what the console script calls); one test runs
the installed console script itself. Output is what a user reads; exit codes are what CI reads.
"""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import jsonschema  # type: ignore[import-untyped]
import pytest
import yaml

import policy_gov.cli as cli
from policy_gov import Client, models
from policy_gov.cli import main
from policy_gov.cli.files import load_repo, schema
from policy_gov.cli.plan import PlanError, apply_plan, make_plan
from policy_gov.errors import PreconditionFailed
from tests.e2e.conftest import RunningStack, start_stack, stop_stack

ROOT = Path(__file__).resolve().parents[2]

PII: dict[str, Any] = {"name": "Redact PII", "rules": [{"type": "pii", "action": "redact", "entities": ["email"]}]}
BANNED: dict[str, Any] = {
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


def write_repo(directory: Path, *policies: Mapping[str, object], org: Mapping[str, object] | None = None) -> Path:
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


class Terminal(io.StringIO):
    """An output stream that says it is a terminal."""

    def isatty(self) -> bool:
        return True


class FakeOrg:
    """The calls plan, apply and export make, answered from memory (rules as the file gives them)."""

    def __init__(self) -> None:
        self.policies: dict[str, models.Policy] = {}
        self.org_policy = models.OrgPolicy()

    def _stored(self, body: dict[str, Any], policy_id: str, version: int) -> models.Policy:
        meta = {"org_id": "org-fake", "created_at": "2025-01-01T00:00:00+00:00", "created_by": "key-fake"}
        meta.update(updated_at=meta["created_at"], updated_by=meta["created_by"])
        return models.Policy.model_validate({**body, **meta, "id": policy_id, "version": version})

    def iter_policies(self) -> Iterator[models.Policy]:
        return iter(list(self.policies.values()))

    def get_org_policy(self) -> models.OrgPolicy:
        return self.org_policy

    def create_policy(self, body: dict[str, Any], *, idempotency_key: str | None = None) -> models.Policy:
        created = self._stored(body, f"pol-{len(self.policies) + 1}", 1)
        self.policies[created.id] = created
        return created

    def update_policy(self, policy_id: str, patch: dict[str, Any], *, if_match: int | None = None) -> models.Policy:
        live = self.policies[policy_id]
        if if_match is not None and if_match != live.version:
            raise PreconditionFailed("version changed", status_code=412, code="precondition_failed")
        body = {**live.model_dump(mode="json", exclude_none=True), **patch}
        self.policies[policy_id] = self._stored(body, policy_id, live.version + 1)
        return self.policies[policy_id]

    def delete_policy(self, policy_id: str, *, if_match: int | None = None) -> None:
        del self.policies[policy_id]

    def put_org_policy(self, patch: dict[str, Any]) -> models.OrgPolicy:
        self.org_policy = models.OrgPolicy.model_validate({**self.org_policy.model_dump(mode="json"), **patch})
        return self.org_policy


@pytest.fixture
def fake_org(monkeypatch: pytest.MonkeyPatch) -> FakeOrg:
    """`main` talks to a FakeOrg instead of a service."""
    org = FakeOrg()
    monkeypatch.setattr(cli, "_client", lambda args: org)
    return org


@pytest.fixture
def no_service(monkeypatch: pytest.MonkeyPatch) -> None:
    """No key in the environment and a URL nothing listens on: nothing may reach a service."""
    monkeypatch.delenv("POLICY_GOV_API_KEY", raising=False)
    monkeypatch.setenv("POLICY_GOV_URL", "http://127.0.0.1:9")


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


SECRET = "x" * 24


def refused_without_the_secret(argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    """Run the CLI on ``argv``: a usage error (exit 2) that shows SECRET nowhere; its stderr."""
    with pytest.raises(SystemExit) as exited:
        main(argv)
    captured = capsys.readouterr()
    assert exited.value.code == 2
    assert SECRET not in captured.out and SECRET not in captured.err
    assert "Traceback" not in captured.err
    return captured.err


@pytest.mark.parametrize(
    "argv",
    [
        ["--api-key", SECRET, "audit", "verify"],
        [f"--api-key={SECRET}", "audit", "verify"],
        ["audit", "verify", "--api-key", SECRET],
        ["approvals", "reject", "--api-key", SECRET],
    ],
    ids=["before-the-verb", "with-equals", "after-the-verb", "in-place-of-an-argument"],
)
def test_a_key_given_as_a_flag_is_refused_and_never_shown(
    argv: list[str], no_service: None, capsys: pytest.CaptureFixture[str]
) -> None:
    # `--api-key` was read as an abbreviation of `--api-key-file`, and the "missing file" named the key
    assert "the key is never taken as a flag" in refused_without_the_secret(argv, capsys)


@pytest.mark.parametrize(
    "argv",
    [
        ["--token", SECRET, "audit", "verify"],  # the secret is read where the verb is
        ["audit", "verify", f"--token={SECRET}"],
        ["audit", "verify", "--token", SECRET],
        ["audit", SECRET],
        ["violations", "--severity", SECRET],
        ["approvals", "list", "--limit", SECRET],
    ],
    ids=[
        "mistyped-flag-before-the-verb",
        "mistyped-flag-with-equals",
        "mistyped-flag-after",
        "as-a-verb",
        "as-a-choice",
        "as-a-number",
    ],
)
def test_a_mistyped_flag_never_shows_the_value_after_it(
    argv: list[str], no_service: None, capsys: pytest.CaptureFixture[str]
) -> None:
    err = refused_without_the_secret(argv, capsys)
    assert "error: " in err
    if "--token" in " ".join(argv) and argv[0] != "--token":
        assert "unrecognized arguments: --token (1 value not shown)" in err  # the flag is named
    if argv[0] == "--token" or argv[1] == SECRET:
        assert "invalid choice (choose from" in err  # what to type instead


def test_options_are_never_abbreviated(no_service: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    key = tmp_path / "key"
    key.write_text("a-key\n")
    for argv in (["--api-key-fil", str(key), "audit", "verify"], ["audit", "verify", "--api-key-f", str(key)]):
        with pytest.raises(SystemExit) as exited:
            main(argv)
        assert exited.value.code == 2
    with pytest.raises(SystemExit):
        main(["--js", "schema"])
    assert "unrecognized arguments: --js" in capsys.readouterr().err


def test_an_unreadable_key_file_is_one_line_without_the_path(
    no_service: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "secret-looking-name"
    empty = tmp_path / "empty"
    empty.write_text("\n")
    for path, reason in ((missing, "No such file or directory"), (tmp_path, "Is a directory"), (empty, "is empty")):
        assert main(["--api-key-file", str(path), "audit", "verify"]) == 1
        captured = capsys.readouterr()
        assert captured.out == ""
        assert captured.err.count("\n") == 1 and captured.err.startswith("policy-gov: ") and reason in captured.err
        assert "Traceback" not in captured.err and str(path) not in captured.err


def on_terminal(monkeypatch: pytest.MonkeyPatch, *argv: str, no_color: str | None = None) -> tuple[int, str]:
    """`main(argv)` with its standard output a terminal; what it wrote there."""
    terminal = Terminal()
    with monkeypatch.context() as patched:
        patched.setattr(sys, "stdout", terminal)
        if no_color is None:
            patched.delenv("NO_COLOR", raising=False)
        else:
            patched.setenv("NO_COLOR", no_color)
        code = main(list(argv))
    return code, terminal.getvalue()


def test_colours_only_on_a_terminal_and_never_with_no_color_or_json(
    fake_org: FakeOrg, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    policies = write_repo(tmp_path / "p", PII, BANNED)
    cases = tmp_path / "cases.yaml"
    cases.write_text(yaml.safe_dump(CASES))
    test = ("test", "--policies", str(policies), str(cases))
    # On a terminal: test and plan are coloured
    code, out = on_terminal(monkeypatch, *test)
    assert code == 0 and out.count("\033[32mPASS\033[0m") == 3
    code, out = on_terminal(monkeypatch, "plan", str(policies))
    assert code == 2 and "\033[32m+ create Redact PII\033[0m" in out and "\033[1mplan: 2 to create" in out
    # NO_COLOR (any non-empty value): the same words, no escape codes; an empty NO_COLOR does not count
    for argv in (test, ("plan", str(policies))):
        code, out = on_terminal(monkeypatch, *argv, no_color="1")
        assert "\033[" not in out and ("PASS" in out or "+ create Redact PII" in out)
    assert "\033[" in on_terminal(monkeypatch, *test, no_color="")[1]
    # --json on a terminal: plain JSON
    code, out = on_terminal(monkeypatch, "--json", *test)
    assert "\033[" not in out and [r["passed"] for r in json.loads(out)] == [True, True, True]
    code, out = on_terminal(monkeypatch, "plan", "--json", str(policies))
    assert "\033[" not in out and {c["action"] for c in json.loads(out)} == {"create"}
    # Off a terminal (a pipe, a file): no escape codes
    code, out = run(capsys, *test)
    assert code == 0 and "PASS" in out and "\033[" not in out
    code, out = run(capsys, "plan", str(policies))
    assert code == 2 and "+ create Redact PII" in out and "\033[" not in out


def test_a_long_apply_shows_a_progress_bar_on_a_terminal(
    fake_org: FakeOrg, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def apply(repo: Path, *flags: str) -> tuple[int, str, str]:
        terminal = Terminal()
        with monkeypatch.context() as patched:
            patched.setattr(sys, "stderr", terminal)
            code = main(["apply", *flags, str(repo)])
        return code, terminal.getvalue(), capsys.readouterr().out

    def policy(name: str) -> dict[str, object]:
        return {"name": name, "rules": [{"type": "secrets", "action": "block"}]}

    # Two changes on a terminal: a bar that counts each, then a newline; the summary on stdout
    code, bar, out = apply(write_repo(tmp_path / "two", PII, BANNED))
    assert code == 0 and sorted(p.name for p in fake_org.policies.values()) == ["No launch codes", "Redact PII"]
    assert f"[{'#' * 15}{'.' * 15}] 1/2" in bar and f"[{'#' * 30}] 2/2" in bar and bar.endswith("\n")
    assert "created No launch codes" in out and "1/2" not in out
    # One change: no bar
    code, bar, out = apply(write_repo(tmp_path / "one", policy("alone")))
    assert (code, bar) == (0, "") and "created alone" in out
    # --json: no bar, even with several changes
    code, bar, out = apply(write_repo(tmp_path / "json", policy("a"), policy("b")), "--json")
    assert (code, bar) == (0, "") and len(json.loads(out)["applied"]) == 2
    # Off a terminal: no bar
    assert main(["apply", str(write_repo(tmp_path / "pipe", policy("c"), policy("d")))]) == 0
    captured = capsys.readouterr()
    assert captured.err == "" and "created c" in captured.out
    # --dry-run and "no changes" apply nothing, so show no bar
    assert apply(tmp_path / "pipe")[:2] == (0, "")


def test_plan_reads_json_policy_files(fake_org: FakeOrg, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / "no-launch-codes.json").write_text(json.dumps(BANNED))
    code, out = run(capsys, "plan", str(repo))
    assert code == 2 and "+ create No launch codes" in out
    assert run(capsys, "apply", str(repo))[0] == 0
    assert run(capsys, "plan", str(repo)) == (0, "no changes\n")
    (repo / "no-launch-codes.json").write_text(json.dumps({**BANNED, "priority": 20}))
    code, out = run(capsys, "plan", str(repo))
    assert code == 2 and "~ update No launch codes" in out and "    priority: 10 -> 20" in out
    (repo / "no-launch-codes.json").write_text("{name: not json}")
    code, out = run(capsys, "plan", str(repo))
    assert code == 1 and "no-launch-codes.json: not valid JSON" in out


def validators(kind: str) -> list[jsonschema.protocols.Validator]:
    """The published schema as a 2020-12 validator and as a draft-07 one (what many editors implement)."""
    document = json.loads(schema(kind))
    return [jsonschema.Draft202012Validator(document), jsonschema.Draft7Validator(document)]


def assert_valid(kind: str, instance: object, where: str) -> None:
    for validator in validators(kind):
        problems = [f"{'.'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(instance)]
        assert not problems, f"{where} ({type(validator).__name__}): {problems}"


def readme_examples() -> dict[str, tuple[str, object]]:
    """The policy files the README's "Policy as code" section shows: file name -> (schema kind, document)."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Policy as code", 1)[1].split("\n## ", 1)[0]
    examples: dict[str, tuple[str, object]] = {}
    # the layout's one-line files: `name.yaml   # key: value / key: value`
    for name, fields in re.findall(r"^  (\S+\.yaml) +# (\S+: .+)$", section, re.MULTILINE):
        kind = "org-policy" if name == "org-policy.yaml" else "policy"
        examples[name] = (kind, yaml.safe_load(fields.replace(" / ", "\n")))
    # the whole files, which name their schema on the first line as an editor reads it
    for kind, body in re.findall(
        r"```yaml\n# yaml-language-server: \$schema=\.\./(\S+)\.schema\.json\n(.*?)```", section, re.S
    ):
        document = yaml.safe_load(body)
        examples[f"{slug_of(document)}.yaml"] = (kind, document)
    return examples


def slug_of(document: object) -> str:
    assert isinstance(document, dict)
    return str(document["name"]).lower().replace(" ", "-")


@pytest.mark.parametrize(
    "name",
    [
        "no-launch-codes.yaml",
        "org-policy.yaml",
        "redact-pii.yaml",
    ],
)
def test_the_readme_examples_validate_against_the_published_schema(name: str) -> None:
    examples = readme_examples()
    assert sorted(examples) == ["no-launch-codes.yaml", "org-policy.yaml", "redact-pii.yaml"]
    kind, document = examples[name]
    assert_valid(kind, document, f"README {name}")


def test_the_schema_takes_a_pii_rules_entity_names() -> None:
    rule = {"type": "pii", "action": "redact", "entities": ["email", {"type": "phone", "action": "block"}]}
    assert_valid("policy", {"name": "names", "rules": [rule]}, "a pii rule with entity names")


def test_the_schema_refuses_what_the_cli_refuses_and_the_readme_files_are_a_repository(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # the schema says no where the CLI or the service does: a misspelt field, an unknown rule type,
    # a rule without its own required field, a policy without a name
    bad = [
        {**PII, "priorty": 5},
        {**PII, "rules": [{"type": "no_such_rule", "action": "block"}]},
        {**BANNED, "rules": [{"type": "banned_patterns", "action": "block"}]},
        {"rules": PII["rules"]},
    ]
    for instance in bad:
        for validator in validators("policy"):
            assert not validator.is_valid(instance), (type(validator).__name__, instance)
    for validator in validators("org-policy"):
        assert not validator.is_valid({"logging_level": "everything"})
    # the README's files are a repository `policy-gov test` reads
    repo = tmp_path / "policies"
    repo.mkdir()
    for name, (_, document) in readme_examples().items():
        (repo / name).write_text(yaml.safe_dump(document))
    loaded = load_repo(repo)
    assert sorted(p.name for p in loaded.policies) == ["No launch codes", "Redact PII"]
    assert loaded.org_policy == {"logging_level": "full", "blocking_rules": {"enabled": True, "block_on": "high"}}
    cases = tmp_path / "cases.yaml"
    cases.write_text(yaml.safe_dump({"cases": CASES["cases"][1:]}))
    code, out = run(capsys, "test", "--policies", str(repo), str(cases))
    assert code == 0, out


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


def stored_decisions(client: Client) -> set[str]:
    """Every decision the org has stored with a violation."""
    ids: set[str] = set()
    cursor: str | None = None
    while True:
        page = client.list_violations(cursor=cursor, limit=100)
        ids.update(d.decision_id for d in page.items)
        if not page.has_more:
            return ids
        cursor = page.next_cursor


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
    )
    code, out = run(capsys, "apply", "--dry-run", str(repo))
    assert code == 2 and "~ update No launch codes" in out
    assert (
        "    priority: 10 -> 50" in out
        and 'rules[0].patterns: ["(?i)launch codes"] -> ["(?i)launch codes", "nukes"]' in out
    )
    assert run(capsys, "plan", str(repo))[0] == 2
    code, out = run(capsys, "apply", str(repo))
    assert code == 0 and "updated No launch codes (version 2)" in out
    # `test --server`: a case naming a `policy:` runs that policy alone (/v1/policies/{id}/evaluate);
    # the others run the whole set with dry_run, so none of them stores a decision or opens an approval
    client = Client(cli_env.api_url, cli_env.key)
    before = stored_decisions(client)
    email = {"model": "gpt-4o", "prompt": "nukes for jane.doe@example.com"}
    single = tmp_path / "single.yaml"
    single.write_text(
        yaml.safe_dump(
            {
                "cases": [
                    {"name": "the whole set blocks", "request": email, "expect": {"verdict": "blocked"}},
                    {
                        "name": "the pii policy alone redacts",
                        "policy": "Redact PII",
                        "request": email,
                        "expect": {
                            "verdict": "modified",
                            "violations": ["pii"],
                            "modified_request": {"prompt": "nukes for [EMAIL]"},
                        },
                    },
                    {
                        "name": "the banned words alone block",
                        "policy": "No launch codes",
                        "request": email,
                        "expect": {"verdict": "blocked", "violations": ["banned_patterns"]},
                    },
                    {
                        "name": "the banned words alone let an email through",
                        "policy": "No launch codes",
                        "request": {"model": "gpt-4o", "prompt": "mail jane.doe@example.com"},
                        "expect": {"verdict": "allowed", "violations": []},
                    },
                ]
            }
        )
    )
    code, out = run(capsys, "test", "--server", str(single))
    assert code == 0 and out.count("PASS") == 4, out
    # a wrong expectation of a single-policy case fails with the difference
    wrong = {"cases": [{"name": "alone", "policy": "Redact PII", "request": email, "expect": {"verdict": "blocked"}}]}
    single.write_text(yaml.safe_dump(wrong))
    code, out = run(capsys, "test", "--server", str(single))
    assert code == 1 and "verdict: expected blocked, got modified" in out
    assert stored_decisions(client) == before
    assert client.list_approvals(status="pending").items == []
    # (an evaluation that is not a dry run is stored, and listed at once)
    assert run(capsys, "evaluate", "--model", "gpt-4o", "--prompt", "nukes")[0] == 3
    assert len(stored_decisions(client) - before) == 1
    # export, then plan the export: no changes
    exported = tmp_path / "exported"
    code, out = run(capsys, "export", str(exported))
    assert code == 0 and sorted(p.name for p in exported.iterdir()) == [
        "no-launch-codes.yaml",
        "org-policy.yaml",
        "redact-pii.yaml",
    ]
    assert run(capsys, "plan", str(exported)) == (0, "no changes\n")
    # the exported files validate against `policy-gov schema` (an editor would not flag them)
    for path in sorted(exported.iterdir()):
        kind = "org-policy" if path.name == "org-policy.yaml" else "policy"
        assert_valid(kind, yaml.safe_load(path.read_text()), f"exported {path.name}")
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
    cli_env: RunningStack, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
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
    # The same through the command: someone edits the policy between `apply`'s plan and its update
    planned = cli.make_plan  # type: ignore[attr-defined]

    def edited_meanwhile(*args: Any, **kwargs: Any) -> list[Any]:
        changes = planned(*args, **kwargs)
        client.update_policy(live.id, {"description": "by hand, again"})
        return changes

    monkeypatch.setattr(cli, "make_plan", edited_meanwhile)
    assert main(["apply", str(repo)]) == 1
    captured = capsys.readouterr()
    assert captured.out == "" and "Traceback" not in captured.err
    assert captured.err.startswith("policy-gov: conflict: 'cli: first' changed since the plan (it was at version ")
    assert "nothing more was applied, run plan again" in captured.err
    assert client.get_policy(live.id).description == "by hand, again"


@pytest.mark.e2e
def test_everyday_verbs(
    cli_env: RunningStack, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    client = Client(cli_env.api_url, cli_env.key)
    client.create_policy(
        {
            "name": "cli: costly",
            "rules": [{"type": "cost_threshold", "action": "require_approval", "threshold_cents": 100}],
        }
    )
    code, out = run(capsys, "evaluate", "--model", "gpt-4o", "--prompt", "the launch codes")
    assert code == 3 and out.startswith("blocked")
    # the prompt from stdin when no --prompt is given
    monkeypatch.setattr(sys, "stdin", io.StringIO("the launch codes, piped in\n"))
    code, out = run(capsys, "--json", "evaluate", "--model", "gpt-4o")
    assert code == 3 and [v["rule_type"] for v in json.loads(out)["violations"]] == ["banned_patterns"]
    monkeypatch.setattr(sys, "stdin", io.StringIO("a harmless question"))
    assert run(capsys, "evaluate", "--model", "gpt-4o")[1].startswith("allowed")
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
    # another held call, rejected
    code, out = run(capsys, "--json", "evaluate", "--model", "gpt-4o", "--prompt", "another batch", "--cost-usd", "5")
    other = json.loads(out)["approval"]["id"]
    code, out = run(
        capsys, "--api-key-file", str(reviewer), "approvals", "reject", other, "--comment", "not this quarter"
    )
    assert (code, out.split()) == (0, [other, "rejected"])
    code, out = run(capsys, "--json", "approvals", "list", "--status", "rejected")
    assert code == 0 and other in {a["id"] for a in json.loads(out)}
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


@pytest.mark.e2e
def test_audit_verify_exits_1_on_a_broken_chain(cli_env: RunningStack, capsys: pytest.CaptureFixture[str]) -> None:
    # Given an audit entry edited in the table behind the service's back
    Client(cli_env.api_url, cli_env.key).create_policy({"name": "cli: audited", "enabled": False, "action": "alert"})
    dynamodb = cli_env.client("dynamodb")
    (table,) = dynamodb.list_tables()["TableNames"]
    entries = [
        item
        for page in dynamodb.get_paginator("scan").paginate(TableName=table)
        for item in page["Items"]
        if item["pk"]["S"].endswith("#AUDIT")
    ]
    entry = min(entries, key=lambda item: item["sk"]["S"])
    doc = json.loads(entry["doc"]["S"])
    dynamodb.put_item(TableName=table, Item={**entry, "doc": {"S": json.dumps({**doc, "action": "policy.delete"})}})
    try:
        # Then audit verify names it, exit 1; --json too
        code, out = run(capsys, "audit", "verify")
        assert code == 1 and out.startswith(f"audit chain broken at {doc['id']} (")
        code, out = run(capsys, "--json", "audit", "verify")
        assert code == 1 and json.loads(out) | {"entries": 0} == {"valid": False, "entries": 0, "first_bad": doc["id"]}
    finally:
        dynamodb.put_item(TableName=table, Item=entry)
    assert run(capsys, "audit", "verify")[0] == 0


def test_the_console_script_is_installed(tmp_path: Path) -> None:
    script = Path(sys.executable).with_name("policy-gov")
    result = subprocess.run([str(script), "schema"], capture_output=True, text=True, check=False)  # noqa: S603
    assert result.returncode == 0 and "PolicyContent" in result.stdout
    # a verb that colours on a terminal writes none into a pipe
    policies = write_repo(tmp_path / "p", PII, BANNED)
    cases = tmp_path / "cases.yaml"
    cases.write_text(yaml.safe_dump(CASES))
    paths = [str(ROOT / "layers" / "policy_engine"), *filter(None, [os.environ.get("PYTHONPATH")])]
    env = {**{k: v for k, v in os.environ.items() if k != "NO_COLOR"}, "PYTHONPATH": os.pathsep.join(paths)}
    result = subprocess.run(  # noqa: S603
        [str(script), "test", "--policies", str(policies), str(cases)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert result.returncode == 0 and result.stdout.count("PASS") == 3, result.stdout + result.stderr
    assert "\033[" not in result.stdout
