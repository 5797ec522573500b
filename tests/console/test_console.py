"""The console in a real headless Chromium against the local stack: what a reviewer and a
security engineer see and do, checked through the page and then through the API."""

from __future__ import annotations

import re
import time
import uuid
from datetime import UTC, datetime
from typing import Any

import pytest

from tests.console.conftest import Console
from tests.e2e.conftest import RunningStack

pytestmark = [pytest.mark.e2e, pytest.mark.console]

XSS = "<img src=x onerror=alert(1)>"
EMAIL = "bob.reviewer@example.com"


def make_policy(stack: RunningStack, body: dict[str, Any]) -> dict[str, Any]:
    reply = stack.request("POST", "/v1/policies", body=body)
    assert reply.status == 201, reply.body
    return dict(reply.body)


def make_key(stack: RunningStack, name: str, scopes: list[str]) -> str:
    reply = stack.request("POST", "/v1/api-keys", body={"name": name, "scopes": scopes})
    assert reply.status == 201, reply.body
    return str(reply.body["key"])


def test_the_console_is_served_with_a_strict_csp(console: Console) -> None:
    # When the console's page is fetched by the browser
    response = console.page.goto(f"{console.base}/console/")
    assert response is not None and response.status == 200
    headers = response.headers
    # Then it carries a CSP without inline script or style, the API as the only connection,
    # no framing, and the other security headers
    csp = {d.split()[0]: d.split()[1:] for d in headers["content-security-policy"].split("; ")}
    assert csp["default-src"] == ["'none'"]
    assert csp["script-src"] == ["'self'"]
    assert csp["style-src"] == ["'self'"]
    assert csp["connect-src"] == ["'self'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["require-trusted-types-for"] == ["'script'"]
    assert "unsafe-inline" not in headers["content-security-policy"]
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "no-referrer"
    assert headers["x-frame-options"] == "DENY"
    # And the page refuses markup and inline handlers outright (Trusted Types): no data can become code
    refused = console.page.evaluate(
        "() => [() => { document.body.innerHTML = '<b>x</b>'; },"
        " () => document.createElement('img').setAttribute('onerror', 'alert(1)')]"
        ".map(f => { try { f(); return 'allowed'; } catch (e) { return e.name; } })"
    )
    console.errors.clear()  # the refusals are logged as errors: that is the point here
    assert refused == ["TypeError", "TypeError"]


def test_signing_in_shows_the_org_and_scopes_and_the_scopes_decide_the_menu(
    console: Console, console_stack: RunningStack
) -> None:
    # Given a wrong key, then a reviewer's key with two scopes
    console.open("/signin")
    # (the page puts focus on its heading, the keyboard goes on to the key field, and focus is drawn)
    console.page.keyboard.press("Tab")
    focused = console.page.evaluate(
        "() => ({label: document.activeElement.labels[0].textContent,"
        " outline: getComputedStyle(document.activeElement).outlineStyle})"
    )
    assert focused == {"label": "API key", "outline": "solid"}
    console.page.get_by_label("API key").fill("pgk_not_a_real_key_000000000000")
    console.page.get_by_role("button", name="Sign in").click()
    console.page.get_by_role("alert").wait_for()
    assert "not accepted" in console.page.get_by_role("alert").inner_text()
    console.audit_page("signin")
    reviewer = make_key(console_stack, "reviewer", ["approvals:read", "approvals:decide"])
    console.sign_in(reviewer)
    # Then the page names the org and the scopes, the key sits in sessionStorage only,
    # and the menu offers only what those scopes allow
    assert console.page.locator("#me-org").inner_text() == "org-dev"
    assert console.page.locator("#me-scopes").inner_text().split() == ["approvals:decide", "approvals:read"]
    storage = console.page.evaluate(
        "() => ({session: Object.values(sessionStorage), local: localStorage.length, cookie: document.cookie})"
    )
    assert storage == {"session": [reviewer], "local": 0, "cookie": ""}
    menu = console.page.get_by_role("navigation", name="Main").get_by_role("link").all_inner_texts()
    assert menu == ["Approvals"]
    console.audit_page("signed-in")
    console.open("/policies")
    assert "needs the 'policies:read' scope" in console.page.locator("main").inner_text()
    # When signing out, the key is gone from the tab
    console.page.get_by_role("button", name="Sign out").click()
    console.page.get_by_role("button", name="Sign in").wait_for()
    assert console.page.evaluate("() => sessionStorage.length") == 0


def test_approving_a_request_held_by_evaluate(console: Console, console_stack: RunningStack) -> None:
    # Given a request held for approval by evaluate
    make_policy(
        console_stack,
        {
            "name": "Spend over $1",
            "rules": [{"type": "cost_threshold", "action": "require_approval", "threshold_cents": 100}],
        },
    )
    held = console_stack.request(
        "POST",
        "/v1/evaluate",
        body={"model": "gpt-4o", "prompt": "summarise Q3", "cost_usd": 4.5, "environment": "prod"},
    )
    assert held.body["verdict"] == "pending_approval", held.body
    approval_id = held.body["approval"]["id"]
    # A reviewer (not the key that made the request: the org asks for another reviewer) signs in
    reviewer = console_stack.request(
        "POST", "/v1/api-keys", body={"name": "reviewer", "scopes": ["approvals:read", "approvals:decide"]}
    ).body["key"]
    console.sign_in(reviewer)
    # When the reviewer opens the inbox
    console.open("/approvals")
    card = console.page.locator(f"[data-approval='{approval_id}']")
    card.wait_for()
    # Then the held request shows its summary, age, expiry and the policy that held it
    text = card.inner_text()
    assert "Spend over $1" in text and "gpt-4o" in text and "prod" in text
    assert "Expires in" in text and "Age" in text
    assert "summarise Q3" not in text  # never the prompt
    console.audit_page("approvals")
    # When they approve it with a comment
    card.get_by_label("Comment (optional)").fill("fine for Q3 planning")
    card.get_by_role("button", name="Approve").click()
    # Then it leaves the list, and the API has it approved with that comment
    card.wait_for(state="detached")
    got = console_stack.request("GET", f"/v1/approvals/{approval_id}")
    assert got.body["status"] == "approved"
    assert got.body["comment"] == "fine for Q3 planning"
    # And the Approved tab lists it
    console.page.get_by_role("link", name="Approved").click()
    console.page.locator(f"[data-approval='{approval_id}']").wait_for()
    console.settle()
    console.audit_page("approvals-approved")


def test_creating_a_policy_through_the_form_with_a_422_beside_its_field(
    console: Console, console_stack: RunningStack
) -> None:
    console.sign_in(console_stack.key)
    console.open("/policies/new")
    page = console.page
    # Given a policy whose second banned pattern is not a valid regex
    page.get_by_label("Name (required)").fill("No internal hostnames")
    page.get_by_label("New rule type").select_option("banned_patterns")
    page.get_by_role("button", name="Add rule").click()
    page.get_by_label("Patterns (required)").fill("corp\\.internal\n(unclosed")
    page.get_by_label("Action", exact=True).first.select_option("block")
    # When it is saved
    page.get_by_role("button", name="Create policy").click()
    # Then the API's 422 names rules[0].patterns[1], shown beside the patterns field
    error = page.locator("[data-path='rules[0].patterns'] > .field-error")
    error.wait_for()
    assert "rules[0].patterns[1]" in error.inner_text() and "invalid regex" in error.inner_text()
    assert page.get_by_label("Patterns (required)").get_attribute("aria-invalid") == "true"
    assert page.locator("[data-path='name'] > .field-error").is_hidden()
    console.audit_page("policy-editor-422", at="[data-path='rules[0].patterns']")
    # When the pattern is fixed, the policy is created and the editor shows it
    page.get_by_label("Patterns (required)").fill("corp\\.internal\nsecret-project")
    page.get_by_role("button", name="Create policy").click()
    page.get_by_role("heading", name="Edit policy").wait_for()
    console.settle()
    policy_id = re.search(r"#/policies/([0-9a-f-]{36})", page.url).group(1)  # type: ignore[union-attr]
    stored = console_stack.request("GET", f"/v1/policies/{policy_id}").body
    assert stored["name"] == "No internal hostnames"
    assert stored["rules"][0]["patterns"] == ["corp\\.internal", "secret-project"]
    console.audit_page("policy-editor")
    # And the raw JSON view shows the same policy
    page.get_by_role("button", name="Raw JSON view").click()
    assert '"secret-project"' in page.get_by_label("Policy as JSON").input_value()
    # When it is edited in the form, the save is a new version sent with the ETag it was read at
    page.get_by_role("button", name="Form view").click()
    page.get_by_label("Priority").fill("7")
    page.get_by_role("button", name="Save changes").click()
    page.get_by_text("Saved: version 2.").wait_for()
    assert console_stack.request("GET", f"/v1/policies/{policy_id}").body["priority"] == 7
    # And a save racing another writer is refused as changed by someone else
    console_stack.request("PATCH", f"/v1/policies/{policy_id}", body={"priority": 9})
    page.get_by_label("Priority").fill("8")
    page.get_by_role("button", name="Save changes").click()
    page.get_by_text("Changed by someone else.").wait_for()
    assert console_stack.request("GET", f"/v1/policies/{policy_id}").body["priority"] == 9


def test_a_violation_appears_in_the_feed_after_an_evaluate(console: Console, console_stack: RunningStack) -> None:
    # Given a blocking PII policy and a request carrying an email address
    policy = make_policy(
        console_stack, {"name": "No PII out", "rules": [{"type": "pii", "action": "block", "entities": ["email"]}]}
    )
    decision = console_stack.request(
        "POST",
        "/v1/evaluate",
        body={
            "model": "gpt-4o-mini",
            "prompt": f"write to {EMAIL}",
            "environment": "staging",
            "metadata": {"team": "growth"},
        },
    ).body
    assert decision["verdict"] == "blocked"
    console.sign_in(console_stack.key)
    # When the feed is opened, filtered by that policy
    console.open(f"/violations?policy_id={policy['id']}")
    link = console.page.get_by_role("link", name=f"Decision {decision['decision_id']}")
    link.wait_for()
    console.audit_page("violations")
    # Then its decision page shows the verdict, the span as a position and kind, never the text
    link.click()
    console.page.locator("#decision-verdict").wait_for()
    console.settle()
    main = console.page.locator("main").inner_text()
    assert console.page.locator("#decision-verdict").inner_text() == "blocked"
    assert "email\tprompt\t9\t33" in main
    assert "gpt-4o-mini" in main and "staging" in main and "growth" in main
    assert EMAIL not in console.page.content()
    console.audit_page("decision")


def test_a_rollback_after_viewing_a_diff(console: Console, console_stack: RunningStack) -> None:
    # Given a policy at version 2 that raised its threshold
    policy = make_policy(
        console_stack,
        {"name": "Long prompts", "rules": [{"type": "max_prompt_chars", "action": "block", "max_chars": 1000}]},
    )
    patched = console_stack.request(
        "PATCH",
        f"/v1/policies/{policy['id']}",
        body={"rules": [{"type": "max_prompt_chars", "action": "block", "max_chars": 9000}], "priority": 5},
    )
    assert patched.body["version"] == 2
    console.sign_in(console_stack.key)
    # When the versions page compares 1 and 2
    console.open(f"/policies/{policy['id']}/versions")
    diff = console.page.locator("#diff")
    diff.get_by_role("status").wait_for()
    text = diff.inner_text()
    assert "\N{MINUS SIGN} " in text and '"max_chars": 1000' in text
    assert "+ " in text and '"max_chars": 9000' in text
    assert console.page.locator("tr.d-changed").count() >= 2
    console.audit_page("policy-versions")
    # And rolls back to version 1
    console.page.get_by_role("button", name="Roll back to version 1").click()
    console.page.get_by_text("Rolled back: version 3 now equals version 1.").wait_for()
    # Then the API has version 3 with version 1's content
    current = console_stack.request("GET", f"/v1/policies/{policy['id']}").body
    assert current["version"] == 3
    assert current["rules"][0]["max_chars"] == 1000 and current["priority"] == 100


def test_a_rollback_racing_another_writer_says_changed_by_someone_else(
    console: Console, console_stack: RunningStack
) -> None:
    # Given the versions page open at version 2
    policy = make_policy(console_stack, {"name": "Racy", "action": "alert"})
    console_stack.request("PATCH", f"/v1/policies/{policy['id']}", body={"priority": 7})
    console.sign_in(console_stack.key)
    console.open(f"/policies/{policy['id']}/versions")
    # When someone else writes version 3 before the rollback is sent
    console_stack.request("PATCH", f"/v1/policies/{policy['id']}", body={"priority": 8})
    console.page.get_by_role("button", name="Roll back to version 1").click()
    # Then the 412 is shown as a change by someone else, and nothing was rolled back
    alert = console.page.locator("#rollback-result [role=alert]")
    alert.wait_for()
    assert "Changed by someone else" in alert.inner_text()
    assert console_stack.request("GET", f"/v1/policies/{policy['id']}").body["version"] == 3


def test_a_policy_named_like_markup_renders_as_text(console: Console, console_stack: RunningStack) -> None:
    # Given a policy whose name, description and a held request carry markup
    policy = make_policy(
        console_stack,
        {
            "name": XSS,
            "description": "<script>alert(2)</script>",
            "rules": [{"type": "cost_threshold", "action": "require_approval", "threshold_cents": 1}],
        },
    )
    console_stack.request(
        "POST", "/v1/evaluate", body={"model": XSS, "prompt": "hi", "cost_usd": 1, "metadata": {"x": XSS}}
    )
    console.sign_in(console_stack.key)
    # When the policies list, the editor and the inbox show it
    console.open("/policies")
    link = console.page.get_by_role("link", name=XSS)
    link.wait_for()
    # Then it is the literal text, no element was made of it, and no dialog fired (checked after each test)
    assert link.inner_text() == XSS
    assert console.page.locator("main img").count() == 0
    console.audit_page("policies")
    console.open(f"/policies/{policy['id']}")
    assert console.page.get_by_label("Name (required)").input_value() == XSS
    assert console.page.get_by_label("Description").input_value() == "<script>alert(2)</script>"
    console.open("/approvals")
    console.page.get_by_role("link", name=XSS).first.wait_for()
    assert console.page.locator("main img, main script").count() == 0
    console.page.wait_for_timeout(300)
    assert console.dialogs == []
    # Tidy: the later tests should not meet this approval's policy
    console_stack.request("PATCH", f"/v1/policies/{policy['id']}", body={"enabled": False})


def test_the_playground_shows_the_verdict_and_highlights_redactions(
    console: Console, console_stack: RunningStack
) -> None:
    policy = make_policy(
        console_stack, {"name": "Mask emails", "rules": [{"type": "pii", "action": "redact", "entities": ["email"]}]}
    )
    console.sign_in(console_stack.key)
    console.open("/playground")
    page = console.page
    page.get_by_label("Evaluate against").select_option(policy["id"])
    page.get_by_label("Prompt", exact=True).fill(f"Reply to {EMAIL} today")
    page.get_by_role("button", name="Evaluate").click()
    page.locator("#play-verdict").wait_for()
    assert "modified" in page.locator("#play-verdict").inner_text()
    marks = page.locator("#redacted-request pre mark").all_inner_texts()
    assert marks == ["⟦[EMAIL]⟧"]
    assert page.locator("#redacted-request pre").first.inner_text() == "Reply to ⟦[EMAIL]⟧ today"
    console.audit_page("playground", at="#redacted-request")
    # And a dry run against the whole org stores nothing
    before = console_stack.request("GET", "/v1/violations?limit=100").body["items"]
    page.get_by_label("Evaluate against").select_option("")
    page.get_by_role("button", name="Evaluate").click()
    page.get_by_text("Verdict:").wait_for()
    assert console_stack.request("GET", "/v1/violations?limit=100").body["items"] == before


def test_org_policy_audit_log_and_api_keys(console: Console, console_stack: RunningStack) -> None:
    hook = "https://hooks.slack.com/services/T000/B000/abcdefghijkl"
    console_stack.request(
        "PUT",
        "/v1/org/policy",
        body={
            "alert_rules": [
                {"name": "Critical", "condition": {"risk_level_gte": "high"}, "notify": {"slack_webhook_url": hook}}
            ]
        },
    )
    console.sign_in(console_stack.key)
    # The org policy form shows the webhook masked, and saving keeps the stored URL
    console.open("/org")
    url = console.page.get_by_label("Slack webhook URL")
    assert url.input_value() == "https://hooks.slack.com/****ijkl"
    assert hook not in console.page.content()
    console.page.get_by_label("Retention (days)").fill("30")
    console.page.get_by_role("button", name="Save org policy").click()
    console.page.get_by_text("Saved.").wait_for()
    assert console_stack.request("GET", "/v1/org/policy").body["retention_days"] == 30
    console.audit_page("org-policy")
    # A value out of range is shown beside its field
    console.page.get_by_label("Approval TTL (seconds)").fill("5")
    console.page.get_by_role("button", name="Save org policy").click()
    console.page.locator("[data-path='approval_ttl_seconds'] > .field-error").wait_for()
    # The audit log pages its entries and shows the chain as verified
    console.open("/audit")
    assert "Chain verified" in console.page.locator("#chain").inner_text()
    assert console.page.get_by_role("cell", name="org_policy.update").count() >= 1
    console.audit_page("audit")
    # An admin creates a key: the secret shows once, with a copy button; then revokes it
    console.open("/keys")
    console.page.get_by_label("Name").fill("ci-gateway")
    console.page.get_by_label("evaluate").check()
    console.page.get_by_role("button", name="Create key").click()
    secret = console.page.get_by_label("Key for ci-gateway")
    secret.wait_for()
    value = secret.input_value()
    assert value.startswith("pgk_")
    assert console_stack.request("GET", "/v1/whoami", key=value).body["scopes"] == ["evaluate"]
    assert console.page.get_by_role("button", name="Copy key").is_visible()
    console.settle()
    console.audit_page("api-keys", at="text=Copy the key now")
    console.page.get_by_role("button", name="Revoke ci-gateway").click()
    console.page.get_by_role("button", name="Yes, revoke").click()
    # The confirm button leaves only when the list reloads after the DELETE has answered
    console.page.get_by_role("button", name="Yes, revoke").wait_for(state="detached")
    assert console.page.get_by_role("button", name="Revoke ci-gateway").count() == 0
    assert "revoked" in console.page.get_by_role("row", name=re.compile("ci-gateway")).inner_text()
    console.settle()
    assert console.page.locator("[role=alert]").count() == 0, console.page.locator("[role=alert]").all_inner_texts()
    assert console_stack.request("GET", "/v1/whoami", key=value).status == 401
    console.open("/keys")
    assert value not in console.page.content()  # shown only once


# -- approvals: reject, the tabs, self-refresh, the keyboard --

REVIEWER_SCOPES = ["approvals:read", "approvals:decide"]
HELD_MODEL = "console-review-model"


@pytest.fixture(scope="module")
def held_policy(console_stack: RunningStack) -> dict[str, Any]:
    """A policy that holds requests to HELD_MODEL costing 1 USD or more (other models never meet it)."""
    return make_policy(
        console_stack,
        {
            "name": "Review spend on the review model",
            "model": HELD_MODEL,
            "rules": [{"type": "cost_threshold", "action": "require_approval", "threshold_cents": 100}],
        },
    )


def hold(stack: RunningStack) -> str:
    """A new pending approval, opened by evaluate with the dev key (so another key may decide it)."""
    held = stack.request(
        "POST",
        "/v1/evaluate",
        # A request of its own each time: the same request again would be answered by the same approval
        body={"model": HELD_MODEL, "prompt": f"plan {uuid.uuid4()}", "cost_usd": 2, "environment": "prod"},
    )
    assert held.body["verdict"] == "pending_approval", held.body
    return str(held.body["approval"]["id"])


def reviewing(console: Console, stack: RunningStack, reviewer: str) -> tuple[str, Any]:
    """A new pending approval, and its card in the inbox of a new reviewer named ``reviewer``."""
    approval_id = hold(stack)
    console.sign_in(make_key(stack, reviewer, REVIEWER_SCOPES))
    console.open("/approvals")
    card = console.page.locator(f"[data-approval='{approval_id}']")
    card.wait_for()
    return approval_id, card


def card_in_tab(console: Console, tab: str, approval_id: str) -> Any:
    """Open the inbox's ``tab`` ("Rejected", "Expired") and return the approval's card there; the
    tab is marked as the current page."""
    page = console.page
    page.get_by_role("link", name=tab).click()
    page.locator(f"section[aria-label='{tab.lower()} approvals']").wait_for()
    card = page.locator(f"[data-approval='{approval_id}']")
    card.wait_for()
    assert page.get_by_role("link", name=tab).get_attribute("aria-current") == "page"
    return card


def test_rejecting_with_a_comment_moves_the_approval_to_the_rejected_tab(
    console: Console, console_stack: RunningStack, held_policy: dict[str, Any]
) -> None:
    approval_id, card = reviewing(console, console_stack, "rejecter")
    page = console.page
    # (the deployed config.json sets no refresh period: the inbox refreshes every 10 s)
    assert "Refreshes itself every 10 s" in page.locator("main [aria-live]").first.inner_text()
    # When the reviewer rejects it with a comment
    card.get_by_label("Comment (optional)").fill("not with prod data")
    card.get_by_role("button", name="Reject").click()
    # Then it leaves the pending list, and the API has it rejected with that comment by that reviewer
    card.wait_for(state="detached")
    assert f"Rejected {approval_id}." in page.locator("main [aria-live]").first.inner_text()
    got = console_stack.request("GET", f"/v1/approvals/{approval_id}").body
    assert (got["status"], got["comment"]) == ("rejected", "not with prod data")
    # And the Rejected tab lists it with its status and the comment, with nothing left to decide
    rejected = card_in_tab(console, "Rejected", approval_id)
    text = rejected.inner_text()
    assert "rejected" in text and "not with prod data" in text and "Reviewer" in text
    assert rejected.get_by_role("button").count() == 0
    console.settle()
    console.audit_page("approvals-rejected")
    # But neither the Approved nor the Pending tab
    for tab in ("Approved", "Pending"):
        page.get_by_role("link", name=tab, exact=True).click()
        page.locator(f"section[aria-label='{tab.lower()} approvals']").wait_for()
        console.settle()
        assert page.locator(f"[data-approval='{approval_id}']").count() == 0


def pass_deadline(stack: RunningStack, approval_id: str) -> None:
    """Move a pending approval's deadline into the past in the stack's table (the shortest
    TTL is 60 s: the stored deadline moves instead of the test waiting for it)."""
    org = stack.request("GET", "/v1/whoami").body["org_id"]
    past = int(time.time()) - 1
    dynamodb = stack.client("dynamodb")
    (table,) = dynamodb.list_tables()["TableNames"]
    dynamodb.update_item(
        TableName=table,
        Key={"pk": {"S": f"ORG#{org}#APPROVAL#{approval_id}"}, "sk": {"S": "APPROVAL"}},
        UpdateExpression="SET deadline = :deadline, deadline_at = :at",
        ConditionExpression="attribute_exists(pk)",
        ExpressionAttributeValues={
            ":deadline": {"N": str(past)},
            ":at": {"S": datetime.fromtimestamp(past, UTC).isoformat(timespec="seconds")},
        },
    )


def test_an_approval_that_expires_on_screen_cannot_be_approved_and_moves_to_the_expired_tab(
    console: Console, console_stack: RunningStack, held_policy: dict[str, Any]
) -> None:
    # Given a reviewer looking at a pending approval
    approval_id, card = reviewing(console, console_stack, "late-reviewer")
    assert "Expires in" in card.inner_text()
    # When its deadline passes before they press Approve
    pass_deadline(console_stack, approval_id)
    card.get_by_role("button", name="Approve").click()
    # Then the console says it is too late, and the card leaves the pending list when it refreshes
    card.get_by_text("Already decided or expired; the list is refreshed.").wait_for()
    card.wait_for(state="detached")
    # And the API has it expired, never approved, and refuses a decision
    got = console_stack.request("GET", f"/v1/approvals/{approval_id}").body
    assert got["status"] == "expired" and got.get("reviewer") is None
    later = make_key(console_stack, "later-reviewer", REVIEWER_SCOPES)
    late = console_stack.request("POST", f"/v1/approvals/{approval_id}/reject", body={}, key=later)
    assert late.status == 409, late.body
    # And the Expired tab lists it, saying how long ago it expired, with nothing left to decide
    expired = card_in_tab(console, "Expired", approval_id)
    text = expired.inner_text()
    assert "expired" in text and re.search(r"Expired\s+\d+(?:s| min) ago", text), text
    assert "Expires in" not in text
    assert expired.get_by_role("button").count() == 0 and expired.get_by_label("Comment (optional)").count() == 0
    console.settle()
    console.audit_page("approvals-expired")


def test_the_inbox_shows_a_new_approval_without_navigating(
    console: Console, console_stack: RunningStack, held_policy: dict[str, Any]
) -> None:
    # Given a console whose config.json asks for a refresh every second
    console.page.route(
        "**/console/config.json",
        lambda route: route.fulfill(json={"api_base": "", "approvals_refresh_ms": 1000}),
    )
    console.sign_in(make_key(console_stack, "watcher", ["approvals:read"]))
    console.open("/approvals")
    page = console.page
    page.get_by_text("Refreshes itself every 1 s.").wait_for()
    page.evaluate("() => { window.openedHeading = document.querySelector('main h1'); }")
    # When a request is held after the inbox was opened
    approval_id = hold(console_stack)
    # Then its card appears within a few refreshes, on the same page (the heading was never re-rendered)
    page.locator(f"[data-approval='{approval_id}']").wait_for(timeout=5_000)
    assert page.evaluate("() => document.querySelector('main h1') === window.openedHeading")
    assert page.url.endswith("#/approvals")


def test_approving_with_the_keyboard_alone_after_the_skip_link(
    console: Console, console_stack: RunningStack, held_policy: dict[str, Any]
) -> None:
    approval_id = hold(console_stack)  # the newest: the first card of the inbox
    console.sign_in(make_key(console_stack, "keyboard reviewer", REVIEWER_SCOPES))
    console.open("/approvals")
    page = console.page
    page.locator(f"[data-approval='{approval_id}']").wait_for()
    console.settle()
    keyboard = page.keyboard

    def focused() -> dict[str, Any]:
        return dict(
            page.evaluate(
                "() => { const e = document.activeElement; const r = e.getBoundingClientRect();"
                " return {tag: e.tagName.toLowerCase(), text: (e.textContent || '').trim(), id: e.id,"
                " inMain: e.closest('main') !== null, card: e.closest('[data-approval]')?.dataset.approval ?? null,"
                " left: r.left, outline: getComputedStyle(e).outlineStyle}; }"
            )
        )

    # The skip link is the page's first stop, before the header, and it shows when focused
    page.locator("header .brand").click()  # (plain text: the keyboard goes on from the header's start)
    keyboard.press("Shift+Tab")
    first = focused()
    assert page.evaluate("() => document.querySelector('a[href], button, input, select, textarea').className") == "skip"
    assert (first["tag"], first["text"]) == ("a", "Skip to content"), first
    assert first["left"] >= 0 and first["outline"] == "solid"
    # Enter skips the header: focus lands in the page's content, and the page stays where it was
    keyboard.press("Enter")
    page.wait_for_timeout(100)
    assert focused()["inMain"], focused()
    assert page.url.endswith("#/approvals")
    assert page.get_by_role("heading", name="Approvals", level=1).is_visible()
    assert page.locator(f"[data-approval='{approval_id}']").count() == 1
    # Tab goes on through the tabs into the first card, to its comment box
    for _ in range(12):
        keyboard.press("Tab")
        now = focused()
        assert now["inMain"], f"focus left the content: {now}"
        if now["tag"] == "textarea":
            break
    assert now["tag"] == "textarea" and now["card"] == approval_id, now
    keyboard.type("checked on a call")
    keyboard.press("Tab")
    assert (focused()["text"], focused()["card"]) == ("Approve", approval_id)
    keyboard.press("Enter")
    page.locator(f"[data-approval='{approval_id}']").wait_for(state="detached")
    got = console_stack.request("GET", f"/v1/approvals/{approval_id}").body
    assert (got["status"], got["comment"]) == ("approved", "checked on a call")


# -- violations and policies: filters and paging --


def refilter(console: Console, results: str, expect: str, press: str = "Apply filters") -> None:
    """Apply (or clear) a list's filters, then wait for the list the new address renders, not the one before."""
    console.page.locator(results).evaluate("e => e.setAttribute('data-state', 'stale')")
    role = "button" if press == "Apply filters" else "link"
    console.page.get_by_role(role, name=press, exact=True).click()
    console.page.wait_for_url(re.compile(expect))
    fresh = console.page.locator(f"{results}:not([data-state=stale])")
    fresh.locator("table, .empty, [role=alert]").first.wait_for()
    console.settle()


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def stored(stack: RunningStack, decision_id: str) -> dict[str, Any]:
    reply = stack.request("GET", f"/v1/decisions/{decision_id}")
    assert reply.status == 200, reply.body
    return dict(reply.body)


def test_the_violations_feed_filters_by_risk_event_and_time(console: Console, console_stack: RunningStack) -> None:
    # Given two decisions of a model of their own, one of critical risk, one of medium risk,
    # and a captured event of medium risk
    tag = uuid.uuid4().hex[:8]
    model = f"feed-model-{tag}"
    for word, severity in (("zebracrit", "critical"), ("zebramed", "medium")):
        make_policy(
            console_stack,
            {
                "name": f"Feed {severity} {tag}",
                "model": model,
                "rules": [{"type": "word_list", "words": [word], "action": "alert", "severity": severity}],
            },
        )
    critical = console_stack.request("POST", "/v1/evaluate", body={"model": model, "prompt": "a zebracrit here"}).body
    medium = console_stack.request("POST", "/v1/evaluate", body={"model": model, "prompt": "a zebramed here"}).body
    assert (critical["risk_level"], medium["risk_level"]) == ("critical", "medium"), (critical, medium)
    event_id = f"evt-console-{tag}"
    accepted = console_stack.request(
        "POST",
        "/v1/events",
        body={"events": [{"model": model, "prompt": "zebramed again", "event_id": event_id, "occurred_at": now_iso()}]},
    )
    assert accepted.body["accepted"] == 1, accepted.body
    for _ in range(50):  # events are judged on their own time
        found = console_stack.request("GET", f"/v1/violations?event_id={event_id}").body["items"]
        if found:
            break
        time.sleep(0.1)
    assert found, "the captured event was never stored"
    captured = found[0]["decision_id"]
    console.sign_in(console_stack.key)
    page = console.page

    def link(decision_id: str) -> Any:
        return page.get_by_role("link", name=f"Decision {decision_id}")

    def apply(expect: str) -> None:
        refilter(console, "#violation-list", expect)

    console.open("/violations")
    link(captured).wait_for()
    assert link(critical["decision_id"]).count() == 1 and link(medium["decision_id"]).count() == 1
    # When the feed is narrowed to critical risk: the medium decision and the event go
    page.get_by_label("Risk at least").select_option("critical")
    apply(r"severity=critical")
    link(critical["decision_id"]).wait_for()
    assert link(medium["decision_id"]).count() == 0 and link(captured).count() == 0
    assert set(page.locator("#violation-list td[data-label='Risk']").all_inner_texts()) == {"critical"}
    # When it is narrowed to the event id instead: only the captured event's decision, in detection mode
    refilter(console, "#violation-list", r"#/violations$", press="Clear")
    page.get_by_label("Event id").fill(event_id)
    apply(r"event_id=evt-console-")
    link(captured).wait_for()
    assert page.locator("#violation-list tbody tr").count() == 1
    assert f"detection only · event {event_id}" in page.locator("#violation-list tbody tr").inner_text()
    console.audit_page("violations-filtered")
    # And by time: from the second of the first decision on, both decisions; before it, neither
    first_second = stored(console_stack, critical["decision_id"])["created_at"][:19]
    refilter(console, "#violation-list", r"#/violations$", press="Clear")
    page.get_by_label("Since (UTC, inclusive)").fill(first_second)
    apply(r"since=")
    link(medium["decision_id"]).wait_for()
    assert link(critical["decision_id"]).count() == 1
    page.get_by_label("Since (UTC, inclusive)").fill("")
    page.get_by_label("Until (UTC, exclusive)").fill(first_second)
    apply(r"until=")
    assert link(critical["decision_id"]).count() == 0 and link(medium["decision_id"]).count() == 0
    assert page.get_by_role("alert").count() == 0


def test_the_policies_list_filters_by_state_rule_type_and_model(console: Console, console_stack: RunningStack) -> None:
    tag = uuid.uuid4().hex[:8]
    scoped = make_policy(
        console_stack,
        {
            "name": f"Scoped {tag}",
            "model": f"filter-{tag}-*",
            "rules": [{"type": "word_list", "words": ["zebra"], "action": "alert"}],
        },
    )
    disabled = make_policy(
        console_stack,
        {
            "name": f"Switched off {tag}",
            "enabled": False,
            "model": f"elsewhere-{tag}",
            "rules": [{"type": "end_user_required", "action": "block"}],
        },
    )
    console.sign_in(console_stack.key)
    console.open("/policies")
    page = console.page

    def named(policy: dict[str, Any]) -> Any:
        return page.get_by_role("link", name=policy["name"], exact=True)

    def apply(expect: str) -> None:
        refilter(console, "#policy-list", expect)

    # When the list is narrowed to disabled policies with an end_user_required rule
    page.get_by_label("State").select_option("false")
    page.get_by_label("Has a rule of type").select_option("end_user_required")
    apply(r"enabled=false&type=end_user_required")
    named(disabled).wait_for()
    # Then only such policies are listed
    assert named(scoped).count() == 0
    assert set(page.locator("#policy-list td[data-label='State']").all_inner_texts()) == {"disabled"}
    assert all("end_user_required" in t for t in page.locator("#policy-list td[data-label='Rules']").all_inner_texts())
    # When it is narrowed to the policies that apply to one model (a glob of the scoped policy)
    refilter(console, "#policy-list", r"#/policies$", press="Clear")
    assert page.get_by_label("State").input_value() == ""
    page.get_by_label("Applies to model").fill(f"filter-{tag}-1")
    apply(r"model=filter-")
    named(scoped).wait_for()
    assert named(disabled).count() == 0
    models = set(page.locator("#policy-list td[data-label='Model']").all_inner_texts())
    assert models <= {"every model", f"filter-{tag}-*"}, models


def test_the_policies_list_pages_forward_and_back(console: Console, console_stack: RunningStack) -> None:
    # Given more policies than one page holds (the list asks for 20 a page)
    tag = uuid.uuid4().hex[:8]
    for n in range(21):
        make_policy(console_stack, {"name": f"Paged {tag} {n:02}", "action": "alert", "model": f"paged-{tag}"})
    console.sign_in(console_stack.key)
    console.open("/policies")
    page = console.page
    pages = page.get_by_role("navigation", name="Policy pages")
    rows = page.locator("#policy-list tbody tr")

    def names() -> list[str]:
        return page.locator("#policy-list tbody .policy-name").all_inner_texts()

    pages.get_by_text("Page 1").wait_for()
    first = names()
    assert len(first) == 20
    assert pages.get_by_role("button", name="Previous page").is_disabled()
    # When Next is pressed: the next page, none of the first page's policies, and its place in the address
    pages.get_by_role("button", name="Next page").click()
    pages.get_by_text("Page 2").wait_for()
    console.settle()
    second = names()
    assert 0 < len(second) <= 20 and not set(second) & set(first)
    assert "cursor=" in page.url and "prev=" in page.url
    assert rows.count() == len(second)
    assert pages.get_by_role("button", name="Previous page").is_enabled()
    console.audit_page("policies-page-2", at="nav[aria-label='Policy pages']")
    # When Previous is pressed: the first page again, as it was
    pages.get_by_role("button", name="Previous page").click()
    pages.get_by_text("Page 1").wait_for()
    console.settle()
    assert names() == first
    assert "cursor=" not in page.url


# -- empty and error states --


def test_each_list_page_says_when_it_has_nothing(fresh_console: Console, fresh_stack: RunningStack) -> None:
    # Given an org where nothing has happened yet
    console = fresh_console
    console.sign_in(fresh_stack.key)
    page = console.page
    empties = {
        "/approvals": "No pending approvals.",
        "/approvals?status=expired": "No expired approvals.",
        "/approvals?status=approved": "No approved approvals.",
        "/approvals?status=rejected": "No rejected approvals.",
        "/violations": "No stored decision with violations matches these filters.",
        "/policies": "No policy matches these filters.",
        "/org": "No alert rules.",
    }
    for route, message in empties.items():
        console.open(route)
        # Then each page says so in words, with no error and no table
        page.locator("main .empty", has_text=message).wait_for()
        console.settle()
        assert page.locator("main [role=alert]").count() == 0, route
        assert page.locator("main table").count() == 0 or route == "/org", route
    console.open("/policies")
    page.locator("main .empty").wait_for()
    assert page.get_by_role("navigation", name="Policy pages").count() == 0  # one page: no pager
    console.audit_page("policies-empty")


ERROR_PAGES = {
    "/approvals": 1,
    "/approvals?status=rejected": 1,
    "/violations": 1,
    "/decisions/00000000-0000-4000-8000-000000000000": 1,
    "/policies": 1,
    "/policies/00000000-0000-4000-8000-000000000000": 1,
    "/policies/00000000-0000-4000-8000-000000000000/versions": 1,
    "/playground": 1,
    "/org": 1,
    "/audit": 2,  # the entries and the chain verification
    "/keys": 1,
}


def test_each_page_shows_an_error_box_when_the_api_fails(console: Console, console_stack: RunningStack) -> None:
    console.sign_in(console_stack.key)
    page = console.page
    # Given an API that answers every call with a 500 from now on
    failed: list[str] = []

    def fail(route: Any) -> None:
        failed.append(route.request.url)
        route.fulfill(
            status=500,
            json={"error": {"code": "internal", "message": "the service failed", "details": []}, "request_id": "r-42"},
        )

    page.route("**/v1/**", fail)
    for path, boxes in ERROR_PAGES.items():
        before = len(failed)
        page.evaluate("hash => { location.hash = hash; }", f"#{path}")
        # Then each page shows the API's message in an alert, with the request id, and no endless loading
        alerts = page.locator("main [role=alert]")
        alerts.nth(boxes - 1).wait_for()
        console.settle()
        assert alerts.count() == boxes, (path, alerts.all_inner_texts())
        assert all("the service failed" in t and "r-42" in t for t in alerts.all_inner_texts()), path
        assert len(failed) > before, path
    assert page.evaluate("() => sessionStorage.length") == 1
    console.audit_page("error-state")
