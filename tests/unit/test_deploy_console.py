"""make deploy's upload of the console: a sync of console/ into the bucket (moto's S3)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import boto3
from moto import mock_aws

from scripts.deploy_console import console_files, sync


def test_the_upload_syncs_console_files_with_their_types_and_points_config_at_the_api(tmp_path: Path) -> None:
    # Given the console's files and a bucket holding a file the console no longer has
    (tmp_path / "js").mkdir()
    (tmp_path / "index.html").write_text("<!doctype html>")
    (tmp_path / "js" / "app.js").write_text("export {};")
    (tmp_path / "config.json").write_text('{"api_base": ""}')
    (tmp_path / ".hidden").write_text("not published")
    with mock_aws():
        s3: Any = boto3.client("s3", region_name="us-east-1")
        s3.create_bucket(Bucket="console")
        s3.put_object(Bucket="console", Key="js/old.js", Body=b"gone")
        # When it is synced
        written = sync(s3, "console", "https://abc.execute-api.us-east-1.amazonaws.com/prod/", tmp_path)
        # Then each file is there with its type and no-cache, config.json names the API, the stale one is gone
        keys = sorted(o["Key"] for o in s3.list_objects_v2(Bucket="console")["Contents"])
        assert keys == ["config.json", "index.html", "js/app.js"]
        assert sorted(written) == keys
        script = s3.get_object(Bucket="console", Key="js/app.js")
        assert script["ContentType"] == "text/javascript; charset=utf-8"
        assert script["CacheControl"] == "no-cache"
        config = json.loads(s3.get_object(Bucket="console", Key="config.json")["Body"].read())
        assert config == {"api_base": "https://abc.execute-api.us-east-1.amazonaws.com/prod"}


def test_the_real_console_has_its_pages_and_no_config_to_copy() -> None:
    files = console_files()
    assert {"index.html", "app.css", "js/app.js", "js/api.js"} <= set(files)
    assert "config.json" not in files
