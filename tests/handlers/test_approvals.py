"""Approvals end to end in-process: evaluate -> intake -> workflow (moto Step Functions) ->
review notifier -> approve/reject -> redeem, with the template's queues, bus and state machine."""

from __future__ import annotations

import json
from typing import Any

import pytest

HELD = {"name": "costly", "rules": [{"type": "cost_threshold", "action": "require_approval", "threshold_cents": 100}]}
REQUEST = {"model": "gpt-4o", "prompt": "run the quarterly batch", "cost_usd": 5}


@pytest.fixture
def held(call: Any, stack: Any) -> dict[str, Any]:
    """An org with a policy that holds costly requests, and one request held (workflow waiting)."""
    policy = call("create_policy", body=HELD).body
    decision = call("evaluate", body=REQUEST).body
    assert decision["verdict"] == "pending_approval"
    approval_id = decision["approval"]["id"]
    stack.drain_until_reviewable("org-a", approval_id)
    return {"policy": policy, "decision": decision, "approval_id": approval_id}


def bus_events(stack: Any, detail_type: str) -> list[dict[str, Any]]:
    return [e for e in stack.messages("AlertsQueue") if e.get("detail-type") == detail_type]


def test_a_held_request_opens_a_pending_approval_and_a_waiting_workflow(
    call: Any, stack: Any, held: dict[str, Any]
) -> None:
    approval_id = held["approval_id"]
    # Then the approval is pending, bound to the decision and the policy, with no request text
    approval = call("get_approval", path={"id": approval_id}).body
    assert approval["status"] == "pending"
    assert approval["decision_id"] == held["decision"]["decision_id"]
    assert approval["policy_ids"] == [held["policy"]["id"]]
    assert approval["requested_by"] == "key-a"
    assert approval["request_summary"]["cost_usd"] == 5
    assert "quarterly" not in json.dumps(approval)
    # And the workflow named by the approval id waits, its task token stored on the approval
    assert stack.execution(approval_id, settle=0)["status"] == "RUNNING"
    assert stack.approval_item("org-a", approval_id)["task_token"]
    # And it is listed as pending
    listed = call("list_approvals", query={"status": "pending"}).body["items"]
    assert [a["id"] for a in listed] == [approval_id]


def test_approve_then_redeem_allows_once(call: Any, stack: Any, held: dict[str, Any]) -> None:
    approval_id = held["approval_id"]
    # When a reviewer approves
    reply = call("approve_approval", path={"id": approval_id}, body={"comment": "ok for Q3"}, key="reviewer-1")
    # Then the approval says so, keeping reviewer and comment, and the workflow completes as approved
    assert reply.status == 200
    decided = (reply.body["status"], reply.body["reviewer"], reply.body["comment"])
    assert decided == ("approved", "reviewer-1", "ok for Q3")
    execution = stack.execution(approval_id)
    assert execution["status"] == "SUCCEEDED"
    assert json.loads(execution["output"])["review"]["status"] == "approved"
    assert stack.approval_item("org-a", approval_id)["workflow_outcome"] == "approved"
    # And the same request with the approval id is allowed, once
    redeemed = call("evaluate", body={**REQUEST, "approval_id": approval_id}).body
    assert redeemed["verdict"] == "allowed"
    assert call("get_approval", path={"id": approval_id}).body["redeemed_at"]
    again = call("evaluate", body={**REQUEST, "approval_id": approval_id}).body
    assert again["verdict"] == "pending_approval"
    assert again["approval"]["id"] != approval_id


def test_an_approval_does_not_apply_to_another_request(call: Any, stack: Any, held: dict[str, Any]) -> None:
    approval_id = held["approval_id"]
    assert call("approve_approval", path={"id": approval_id}, key="reviewer-1").status == 200
    # When a different request presents the approval
    other = call("evaluate", body={**REQUEST, "prompt": "run something else", "approval_id": approval_id}).body
    # Then the approval does not apply (the rule holds it again) and stays unredeemed
    assert other["verdict"] == "pending_approval"
    assert other["approval"]["id"] != approval_id
    assert call("get_approval", path={"id": approval_id}).body["redeemed_at"] is None


def test_reject_blocks_the_request(call: Any, stack: Any, held: dict[str, Any]) -> None:
    approval_id = held["approval_id"]
    reply = call("reject_approval", path={"id": approval_id}, body={"comment": "no"}, key="reviewer-1")
    assert (reply.status, reply.body["status"]) == (200, "rejected")
    assert stack.execution(approval_id)["status"] == "SUCCEEDED"
    # When the request comes back with the rejected approval
    decision = call("evaluate", body={**REQUEST, "approval_id": approval_id}).body
    # Then it is blocked, and no new approval is opened
    assert decision["verdict"] == "blocked"
    assert decision["approval"] is None
    assert any(v["rule_type"] == "approval" for v in decision["violations"])


def test_a_pending_approval_presented_again_answers_the_same_approval(
    call: Any, stack: Any, held: dict[str, Any]
) -> None:
    decision = call("evaluate", body={**REQUEST, "approval_id": held["approval_id"]}).body
    assert decision["verdict"] == "pending_approval"
    assert decision["approval"]["id"] == held["approval_id"]
    assert len(call("list_approvals").body["items"]) == 1


def test_approve_racing_approve_one_wins(call: Any, stack: Any, held: dict[str, Any], monkeypatch: Any) -> None:
    # Given two reviewers approving at once: the second one's write lands while the first one
    # is about to write (moto serializes nothing, so the interleaving is made explicit)
    approval_id = held["approval_id"]
    from policy_engine.store.approvals import ApprovalStore

    real_decide = ApprovalStore.decide
    replies: list[Any] = []
    rival_started: list[bool] = []

    def decide_after_a_rival(self: ApprovalStore, *args: Any, **kwargs: Any) -> None:
        if not rival_started:
            rival_started.append(True)
            replies.append(call("approve_approval", path={"id": approval_id}, key="reviewer-2"))
        real_decide(self, *args, **kwargs)

    monkeypatch.setattr(ApprovalStore, "decide", decide_after_a_rival)
    # When the first reviewer's approve completes
    replies.append(call("approve_approval", path={"id": approval_id}, key="reviewer-1"))
    # Then exactly one wins: the rival's 200 stands, the first reviewer gets 409
    assert [r.status for r in replies] == [200, 409]
    assert replies[1].error_code == "conflict"
    assert call("get_approval", path={"id": approval_id}).body["reviewer"] == "reviewer-2"
    # And a later reject is refused too, and one audit entry records the decision
    monkeypatch.undo()
    assert call("reject_approval", path={"id": approval_id}, key="reviewer-1").status == 409
    actions = [e["action"] for e in call("list_audit").body["items"]]
    assert actions.count("approval.approve") == 1


def test_a_decision_before_the_token_is_stored_still_completes_the_workflow(call: Any, stack: Any) -> None:
    # Given a held request whose workflow has not yet handed out its task token
    call("create_policy", body=HELD)
    approval_id = call("evaluate", body=REQUEST).body["approval"]["id"]
    # When the reviewer approves first, and only then the queues run
    assert call("approve_approval", path={"id": approval_id}, key="reviewer-1").status == 200
    execution = stack.drain_until_done(approval_id)
    # Then the review notifier found the decision and completed the workflow with it
    assert execution["status"] == "SUCCEEDED"
    assert json.loads(execution["output"])["review"]["status"] == "approved"
    assert "task_token" not in stack.approval_item("org-a", approval_id)


def test_a_short_ttl_expires_and_then_blocks(call: Any, stack: Any, monkeypatch: Any) -> None:
    # Given a held request, and the intake running 59 of the org's 60 seconds later
    assert call("put_org_policy", body={"approval_ttl_seconds": 60}).status == 200
    call("create_policy", body=HELD)
    approval_id = call("evaluate", body=REQUEST).body["approval"]["id"]
    import policy_engine.logic.approvals as approvals

    deadline = stack.approval_item("org-a", approval_id)["deadline"]
    monkeypatch.setattr(approvals, "epoch_now", lambda: float(deadline) - 1)
    stack.drain()
    # When the workflow's wait times out
    execution = stack.execution(approval_id, settle=15)
    # Then it records the approval as expired and publishes that
    assert execution["status"] == "SUCCEEDED"
    assert stack.approval_item("org-a", approval_id)["status"] == "expired"
    monkeypatch.undo()
    assert call("get_approval", path={"id": approval_id}).body["status"] == "expired"
    # And deciding now is a conflict, and presenting it blocks
    assert call("approve_approval", path={"id": approval_id}, key="reviewer-1").status == 409
    assert call("evaluate", body={**REQUEST, "approval_id": approval_id}).body["verdict"] == "blocked"


def test_the_same_intake_message_twice_starts_one_execution(call: Any, stack: Any) -> None:
    call("create_policy", body=HELD)
    approval_id = call("evaluate", body=REQUEST).body["approval"]["id"]
    # Given the intake message delivered a second time (SQS is at-least-once)
    sqs = stack.client("sqs")
    url = stack.queue_url("ApprovalRequestsQueue")
    body = stack.messages("ApprovalRequestsQueue")[0]
    sqs.send_message(QueueUrl=url, MessageBody=json.dumps(body))
    # When both are processed
    stack.drain()
    # Then there is one execution, and no failure went to the DLQ
    assert [e["name"] for e in stack.executions()] == [approval_id]
    assert stack.messages("ApprovalRequestsDLQ") == []


def test_a_poison_message_goes_to_the_dlq_and_the_rest_of_the_batch_succeeds(call: Any, stack: Any) -> None:
    call("create_policy", body=HELD)
    approval_id = call("evaluate", body=REQUEST).body["approval"]["id"]
    # Given a malformed message in the same queue
    stack.client("sqs").send_message(QueueUrl=stack.queue_url("ApprovalRequestsQueue"), MessageBody='{"org_id": 1')
    # When the queue is drained (each failure delivered again until maxReceiveCount)
    stack.drain()
    # Then the good message started its workflow and the poison one is in the DLQ
    assert [e["name"] for e in stack.executions()] == [approval_id]
    dlq = stack.client("sqs").receive_message(QueueUrl=stack.queue_url("ApprovalRequestsDLQ"), MaxNumberOfMessages=10)
    assert [m["Body"] for m in dlq.get("Messages", [])] == ['{"org_id": 1']


def test_dry_run_opens_no_approval(call: Any, stack: Any) -> None:
    call("create_policy", body=HELD)
    decision = call("evaluate", body={**REQUEST, "dry_run": True}).body
    assert (decision["verdict"], decision["approval"]) == ("pending_approval", None)
    assert call("list_approvals").body["items"] == []


def test_unknown_and_malformed_approval_ids(call: Any, stack: Any) -> None:
    call("create_policy", body=HELD)
    for approval_id in ("not-a-uuid", "3f9a1c2e-7b4d-4e8f-a6c5-1d2e3f4a5b6c"):
        # an unknown id on evaluate is ignored: the rule holds the request as usual
        assert call("evaluate", body={**REQUEST, "approval_id": approval_id}).body["verdict"] == "pending_approval"
        # and the routes answer 404
        assert call("get_approval", path={"id": approval_id}).status == 404
        assert call("approve_approval", path={"id": approval_id}).status == 404
    assert call("list_approvals", query={"status": "bogus"}).status == 400
    assert call("approve_approval", path={"id": "3f9a1c2e-7b4d-4e8f-a6c5-1d2e3f4a5b6c"}, body={"x": 1}).status == 422
