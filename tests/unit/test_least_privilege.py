"""The least-privilege checker (tests/iam.py) itself: it must refuse what a role does not grant,
or the check every handler test runs under could not fail."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import RECORDER
from tests.iam import Access, Roles, UnsupportedPolicy

TABLE = "arn:aws:dynamodb:us-east-1:123456789012:table/governance-test"


@pytest.fixture(scope="module")
def roles() -> Roles:
    return Roles("governance-test")


@pytest.mark.parametrize(
    ("access", "allowed"),
    [
        (Access("EvaluateFunction", "dynamodb:GetItem", TABLE, ("ORG#a",)), True),
        (Access("EvaluateFunction", "states:StartExecution", RECORDER.roles.arn("ApprovalWorkflow")), False),
        (Access("ListPoliciesFunction", "dynamodb:PutItem", TABLE, ("ORG#a",)), False),
        (Access("ListPoliciesFunction", "dynamodb:GetItem", f"{TABLE}-other", ("ORG#a",)), False),
        (Access("AlertNotifierFunction", "dynamodb:PutItem", TABLE, ("ORG#a#DELIVERY#alert:d1",)), True),
        (Access("AlertNotifierFunction", "dynamodb:PutItem", TABLE, ("ORG#a#POLICY#p1",)), False),
        (Access("AlertNotifierFunction", "dynamodb:UpdateItem", TABLE, ("ORG#a#DELIVERY#alert:d1",)), False),
        (Access("ApprovalIntakeFunction", "states:StartExecution", RECORDER.roles.arn("ApprovalWorkflow")), True),
        (Access("ApprovalWorkflow", "dynamodb:UpdateItem", TABLE, ("ORG#a#APPROVAL#x",)), True),
        (Access("ApprovalWorkflow", "dynamodb:DeleteItem", TABLE, ("ORG#a#APPROVAL#x",)), False),
        (Access("ApprovalWorkflow", "sqs:SendMessage", RECORDER.roles.arn("ReviewQueue")), True),
        (Access("ApprovalWorkflow", "sqs:SendMessage", RECORDER.roles.arn("AlertsQueue")), False),
    ],
    ids=str,
)
def test_roles_allow_exactly_what_the_template_grants(roles: Roles, access: Access, allowed: bool) -> None:
    assert roles.allows(access) is allowed


def test_a_call_beyond_the_role_is_recorded_as_denied(aws: Any) -> None:
    # Given AlertNotifier's handler running, when it writes outside its delivery records
    table = aws.Table("governance-test")
    with RECORDER.running("alert_notifier"):
        table.put_item(Item={"pk": "ORG#a#POLICY#p1", "sk": "POLICY"})
        table.put_item(Item={"pk": "ORG#a#DELIVERY#alert:d1", "sk": "WEBHOOK#00"})
    # Then exactly the first write is denied
    denied = RECORDER.denied()
    RECORDER.accesses.clear()  # handled here, so the autouse check passes this test
    assert [(a.action, a.leading_keys) for a in denied] == [("dynamodb:PutItem", ("ORG#a#POLICY#p1",))]


def test_calls_outside_any_function_are_not_attributed(aws: Any) -> None:
    aws.Table("governance-test").put_item(Item={"pk": "ORG#a", "sk": "ANY"})
    assert RECORDER.accesses == []


def test_a_condition_the_checker_does_not_know_is_an_error(roles: Roles, monkeypatch: Any) -> None:
    statement = {
        "Effect": "Allow",
        "Action": "dynamodb:GetItem",
        "Resource": TABLE,
        "Condition": {"StringEquals": {"aws:PrincipalTag/team": "x"}},
    }
    monkeypatch.setitem(roles.statements, "EvaluateFunction", [statement])
    with pytest.raises(UnsupportedPolicy):
        roles.allows(Access("EvaluateFunction", "dynamodb:GetItem", TABLE, ("ORG#a",)))
