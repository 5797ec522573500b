"""The local stack keeps its data across restarts (``make run`` passes ``--data-dir``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.conftest import start_stack, stop_stack

pytestmark = pytest.mark.e2e


def test_a_policy_created_before_a_restart_is_there_after_it(tmp_path: Path) -> None:
    data = tmp_path / "data"
    (tmp_path / "first").mkdir()
    # Given a stack with a data directory, a policy and an org setting
    first = start_stack(tmp_path / "first", "--data-dir", str(data))
    try:
        created = first.request("POST", "/v1/policies", body={"name": "kept", "action": "alert"})
        assert created.status == 201
        assert first.request("PUT", "/v1/org/policy", body={"logging_level": "full"}).status == 200
    finally:
        stop_stack(first)  # a clean stop saves the tables
    # When a new stack starts on the same data directory
    (tmp_path / "second").mkdir()
    second = start_stack(tmp_path / "second", "--data-dir", str(data))
    try:
        # Then the policy, its version history, the setting and the audit chain are all there
        policy = second.request("GET", f"/v1/policies/{created.body['id']}")
        assert policy.status == 200 and policy.body["name"] == "kept"
        assert second.request("GET", f"/v1/policies/{created.body['id']}/versions").body["items"]
        assert second.request("GET", "/v1/org/policy").body["logging_level"] == "full"
        assert second.request("GET", "/v1/audit/verify").body["valid"] is True
    finally:
        stop_stack(second)


def test_without_a_data_directory_nothing_is_kept(tmp_path: Path) -> None:
    (tmp_path / "first").mkdir()
    first = start_stack(tmp_path / "first")
    try:
        created = first.request("POST", "/v1/policies", body={"name": "gone", "action": "alert"}).body
    finally:
        stop_stack(first)
    (tmp_path / "second").mkdir()
    second = start_stack(tmp_path / "second")
    try:
        assert second.request("GET", f"/v1/policies/{created['id']}").status == 404
    finally:
        stop_stack(second)
