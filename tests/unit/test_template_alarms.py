"""Nothing fails quietly: every dead-letter queue and every metric of undelivered work has an
alarm in template.yaml, and the alarms watch metrics the code really emits."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from local_stack.template import load_template

ROOT = Path(__file__).resolve().parents[2]
RESOURCES: dict[str, Any] = load_template()["Resources"]
ALARMS = {k: r["Properties"] for k, r in RESOURCES.items() if r["Type"] == "AWS::CloudWatch::Alarm"}


def emitted_metrics() -> set[str]:
    source = "\n".join(p.read_text() for p in (ROOT / "layers/policy_engine/policy_engine").rglob("*.py"))
    return set(re.findall(r'add_metric\(name="(\w+)"', source))


def own_metrics(alarm: dict[str, Any]) -> list[str]:
    """Metric names an alarm reads from the service's own namespace (plain or metric math)."""
    stats = [m["MetricStat"]["Metric"] for m in alarm.get("Metrics", []) if "MetricStat" in m] + [alarm]
    return [s["MetricName"] for s in stats if s.get("Namespace") == "PolicyGovernance"]


def test_every_dead_letter_queue_has_an_alarm() -> None:
    dlqs = {
        r["Properties"]["RedrivePolicy"]["deadLetterTargetArn"]["Fn::GetAtt"][0]
        for r in RESOURCES.values()
        if r["Type"] == "AWS::SQS::Queue" and "RedrivePolicy" in r["Properties"]
    }
    watched = {
        d["Value"]["Fn::GetAtt"][0]
        for a in ALARMS.values()
        if a.get("Namespace") == "AWS/SQS"
        for d in a["Dimensions"]
        if d["Name"] == "QueueName"
    }
    assert dlqs == {"ApprovalRequestsDLQ", "ReviewDLQ", "AlertsDLQ", "EventsDLQ"}
    assert dlqs <= watched


def test_undelivered_work_is_alarmed_on_metrics_the_code_emits() -> None:
    watched = [name for alarm in ALARMS.values() for name in own_metrics(alarm)]
    assert {"DecisionPublishFailed", "ApprovalEnqueueFailed"} <= set(watched)
    assert set(watched) <= emitted_metrics()
