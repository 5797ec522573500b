"""The cursor-signing key comes from Secrets Manager; after a rotation, cursors signed with the
previous key are still accepted, and new ones are signed with the new key."""

from __future__ import annotations

from typing import Any

import boto3

from policy_engine.store import reset_stores


def pages_of_two(call: Any) -> str:
    for n in range(5):
        call("create_policy", body={"name": f"p{n}", "action": "alert"})
    first = call("list_policies", query={"limit": "2"})
    assert first.status == 200 and first.body["next_cursor"]
    return str(first.body["next_cursor"])


def rotate(arn: str, value: str) -> None:
    boto3.client("secretsmanager").put_secret_value(SecretId=arn, SecretString=value)
    reset_stores()  # as if the cached key had outlived CURSOR_SECRET_MAX_AGE_SECONDS


def test_a_cursor_signed_before_a_rotation_still_works_after_it(call: Any) -> None:
    import os

    arn = os.environ["CURSOR_SECRET_ARN"]
    # Given a cursor handed out with the first key
    old_cursor = pages_of_two(call)
    # When the secret is rotated
    rotate(arn, "the-second-cursor-signing-key-0123")
    # Then the old cursor still pages on, and new cursors are signed with the new key
    page = call("list_policies", query={"limit": "2", "cursor": old_cursor})
    assert page.status == 200 and len(page.body["items"]) == 2
    new_cursor = page.body["next_cursor"]
    assert new_cursor and new_cursor.split(".")[1] != old_cursor.split(".")[1]
    assert call("list_policies", query={"limit": "2", "cursor": new_cursor}).status == 200
    # And after a second rotation the first key is no longer accepted
    rotate(arn, "the-third-cursor-signing-key-456789")
    stale = call("list_policies", query={"limit": "2", "cursor": old_cursor})
    assert stale.status == 400 and stale.body["error"]["details"][0]["field"] == "cursor"
    assert call("list_policies", query={"limit": "2", "cursor": new_cursor}).status == 200
