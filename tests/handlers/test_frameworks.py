"""Compliance framework packs switched on in the org policy."""

from __future__ import annotations

import time
from typing import Any

from policy_engine.logic.evaluate import clear_cache
from tests.handlers.test_org_governance import CLEAN_PROMPT, stored

SECRET_PROMPT = (
    "deploy with AKIA" + "4HKZ7QW2RXJ5TLMN please"
)  # an access key id of the real format (not the EXAMPLE placeholder)
EU_PII_PROMPT = "transfer to DE89370400440532013000 for jane.doe@example.com"


def evaluate(call: Any, prompt: str) -> dict[str, Any]:
    reply = call("evaluate", body={"model": "gpt-4o", "prompt": prompt})
    assert reply.status == 200
    return dict(reply.body)


def test_without_frameworks_no_pack_applies(call: Any) -> None:
    assert evaluate(call, EU_PII_PROMPT)["verdict"] == "allowed"
    assert evaluate(call, SECRET_PROMPT)["verdict"] == "allowed"


def test_gdpr_redacts_pii_including_eu_identifiers_and_names_the_pack(call: Any) -> None:
    # Given an org with no policies of its own that switches GDPR on
    assert call("put_org_policy", body={"frameworks": {"gdpr": True}}).status == 200
    # When a prompt with an IBAN and an email is evaluated
    decision = evaluate(call, EU_PII_PROMPT)
    # Then the GDPR pack redacts both, and the decision says which pack fired
    assert decision["verdict"] == "modified"
    assert decision["modified_request"]["prompt"] == "transfer to [IBAN] for [EMAIL]"
    (violation,) = decision["violations"]
    assert violation["policy_id"] == "framework:gdpr"
    assert violation["policy_name"] == "GDPR pack"
    assert {m["kind"] for m in violation["matches"]} == {"iban", "email"}
    # And secrets are not its business
    assert evaluate(call, SECRET_PROMPT)["verdict"] == "allowed"


def test_soc2_blocks_secrets_and_keeps_records_a_year(call: Any, aws: Any) -> None:
    call("put_org_policy", body={"frameworks": {"soc2": True}, "retention_days": 30})
    decision = evaluate(call, SECRET_PROMPT)
    assert decision["verdict"] == "blocked"
    assert decision["violations"][0]["policy_id"] == "framework:soc2"
    assert decision["violations"][0]["rule_type"] == "secrets"
    (doc,) = stored(aws)  # critical risk: stored under the default standard level
    assert abs(doc["_expires_at"] - (time.time() + 365 * 86_400)) < 60


def test_ai_act_stores_every_decision(call: Any, aws: Any) -> None:
    call("put_org_policy", body={"logging_level": "minimal"})
    evaluate(call, CLEAN_PROMPT)
    assert stored(aws) == []
    call("put_org_policy", body={"frameworks": {"ai_act": True}})
    clear_cache()  # past the 5 s staleness bound of the warm policy set
    evaluate(call, CLEAN_PROMPT)
    assert len(stored(aws)) == 1
    assert call("get_org_policy").body["logging_level"] == "minimal"  # the stored setting is unchanged


def test_frameworks_merge_and_switch_off(call: Any) -> None:
    call("put_org_policy", body={"frameworks": {"gdpr": True}})
    call("put_org_policy", body={"frameworks": {"soc2": True}})
    assert call("get_org_policy").body["frameworks"] == {"gdpr": True, "ai_act": False, "soc2": True}
    call("put_org_policy", body={"frameworks": {"gdpr": False}})
    assert evaluate(call, EU_PII_PROMPT)["verdict"] == "allowed"
