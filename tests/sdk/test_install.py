"""``pip install ./sdk/python`` in a clean virtual environment gives a working client without the
server's dependencies (boto3, powertools). pip's own cache keeps the second run quick."""

from __future__ import annotations

import shutil
import subprocess
import venv
from pathlib import Path

from tests.e2e.conftest import ROOT

CHECK = """
import importlib.util, sys
import policy_gov
from policy_gov import Client, Guard, wrap_anthropic, wrap_openai
absent = [m for m in ("boto3", "botocore", "aws_lambda_powertools", "policy_engine") if importlib.util.find_spec(m)]
print("absent-ok" if not absent else f"present: {absent}")
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
    assert result.stdout.split() == ["absent-ok", "blocked"], result.stdout + result.stderr
