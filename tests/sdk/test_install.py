"""``pip install ./sdk/python`` in a clean virtual environment gives a working client without the
server's dependencies (boto3, powertools); adding ``./layers/policy_engine`` gives the offline
``policy-gov test``, still without them. pip's own cache keeps later runs quick."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import venv
from pathlib import Path

from tests.e2e.conftest import ROOT
from tests.sdk.conftest import closed_port

CHECK = """
import importlib.util, sys
import policy_gov
from policy_gov import Client, Guard, wrap_anthropic, wrap_openai
present = [m for m in ("boto3", "botocore", "aws_lambda_powertools", "policy_engine") if importlib.util.find_spec(m)]
print(",".join(present) or "none")
print(Client("http://127.0.0.1:9", "k" * 24).evaluate({"model": "m", "prompt": "p"}).verdict)
"""


def test_sdk_installs_alone_and_imports_without_server_dependencies(tmp_path: Path) -> None:
    # Given a new virtual environment with only the SDK installed (from a copy: the build leaves nothing here)
    source = tmp_path / "sdk"
    shutil.copytree(ROOT / "sdk/python", source, ignore=shutil.ignore_patterns("build", "*.egg-info", "__pycache__"))
    env = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(env)
    python = env / "bin" / "python"
    subprocess.run(  # noqa: S603 - fixed arguments
        [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", str(source)],
        check=True,
        timeout=300,
    )
    # When the package is imported and evaluates against nothing listening
    result = subprocess.run(  # noqa: S603 - fixed arguments
        [str(python), "-c", CHECK], capture_output=True, text=True, check=True, timeout=60, env={"PATH": "/usr/bin"}
    )
    # Then the server's packages are absent and fail_mode closed answers blocked
    assert result.stdout.split() == ["none", "blocked"], result.stdout + result.stderr

    # And the command works without the engine: `schema` prints the policy file schema,
    cli = str(env / "bin" / "policy-gov")
    printed = subprocess.run(  # noqa: S603 - fixed arguments
        [cli, "schema"], capture_output=True, text=True, check=False, timeout=60, env={"PATH": "/usr/bin"}
    )
    assert printed.returncode == 0, printed.stderr
    assert "rules" in json.loads(printed.stdout)["properties"]
    # and `evaluate` against a closed port fails with one line saying so, not a traceback
    down = subprocess.run(  # noqa: S603 - fixed arguments
        [cli, "--url", f"http://127.0.0.1:{closed_port()}", "evaluate", "--model", "m", "--prompt", "hello"],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
        env={"PATH": "/usr/bin", "POLICY_GOV_API_KEY": "k" * 24},
    )
    lines = down.stderr.strip().splitlines()
    assert down.returncode != 0 and len(lines) == 1, down.stdout + down.stderr
    assert lines[0].startswith("policy-gov: ") and re.search(r"(?i)unreachable|connect|fail", lines[0]), lines
    assert not any(word in down.stderr for word in ("Traceback", "ImportError", "ModuleNotFoundError"))

    # Given the engine installed beside it (the offline verbs), when `policy-gov test` runs offline
    engine = tmp_path / "engine"
    shutil.copytree(
        ROOT / "layers/policy_engine", engine, ignore=shutil.ignore_patterns("build", "*.egg-info", "__pycache__")
    )
    subprocess.run(  # noqa: S603 - fixed arguments
        [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", str(engine)],
        check=True,
        timeout=300,
    )
    (tmp_path / "policies").mkdir()
    (tmp_path / "policies" / "pii.yaml").write_text(
        "name: Redact PII\nrules:\n  - {type: pii, action: redact, entities: [email]}\n"
    )
    (tmp_path / "cases.yaml").write_text(
        "cases:\n  - name: redacted\n    request: {model: m, prompt: mail a.b@example.com}\n"
        "    expect: {verdict: modified, modified_request: {prompt: 'mail [EMAIL]'}}\n"
    )
    tested = subprocess.run(  # noqa: S603 - fixed arguments
        [
            str(env / "bin" / "policy-gov"),
            "test",
            "--policies",
            str(tmp_path / "policies"),
            str(tmp_path / "cases.yaml"),
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    again = subprocess.run(  # noqa: S603 - fixed arguments
        [str(python), "-c", CHECK], capture_output=True, text=True, check=True, timeout=60, env={"PATH": "/usr/bin"}
    )
    # then it passes with the service's engine, and still nothing of AWS is installed
    assert tested.returncode == 0, tested.stdout + tested.stderr
    assert "1 passed, 0 failed" in tested.stdout
    assert again.stdout.split()[0] == "policy_engine", again.stdout
