"""``make create-key`` with nothing to reach says so in one line."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_without_a_stack_or_credentials_it_says_what_to_do(tmp_path: Path) -> None:
    # Given no local stack (no state file) and no AWS credentials
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env.update(
        {
            "AWS_DEFAULT_REGION": "us-east-1",
            "AWS_CONFIG_FILE": str(tmp_path / "none"),
            "AWS_SHARED_CREDENTIALS_FILE": str(tmp_path / "none"),
            "AWS_EC2_METADATA_DISABLED": "true",
            "TABLE_NAME": "governance",
        }
    )
    # When a key is asked for
    run = subprocess.run(  # noqa: S603 - the repo's own script
        [sys.executable, str(ROOT / "scripts" / "create_key.py"), "--org", "acme", "--scopes", "admin"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    # Then it fails with a sentence, not a traceback
    assert run.returncode == 1
    assert "Traceback" not in run.stderr
    assert "make run" in run.stderr
