"""The limits that keep one org from starving another deploy as documented: each per-org limit is
a template parameter with the default README and API.md give, reaching every function as the
variable its setting reads; evaluate's reserved concurrency and the usage plans' throttling are
the parameters that name them."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, NamedTuple

import pytest

from local_stack.template import NO_VALUE, Resolver, function_specs, load_template
from policy_engine.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE: dict[str, Any] = load_template()
PARAMETERS: dict[str, Any] = TEMPLATE["Parameters"]


class Limit(NamedTuple):
    parameter: str
    variable: str
    setting: str
    default: int | float
    readme: str  # the default as README's Limits table writes it
    api: str  # how docs/API.md's per-org limits name it with its default


LIMITS = [
    Limit("MaxPoliciesPerOrg", "MAX_POLICIES_PER_ORG", "max_policies_per_org", 1000, "1,000", "1,000"),
    Limit("MaxPatternsPerSet", "MAX_PATTERNS_PER_SET", "max_patterns_per_set", 5000, "5,000", "5,000"),
    Limit("MaxWordsPerSet", "MAX_WORDS_PER_SET", "max_words_per_set", 100_000, "100,000", "100,000"),
    Limit(
        "MaxCompiledInstructions",
        "MAX_COMPILED_INSTRUCTIONS",
        "max_compiled_instructions",
        500_000,
        "500,000",
        "500,000",
    ),
    Limit("MaxCompileSeconds", "MAX_COMPILE_SECONDS", "max_compile_seconds", 2, "2 s", "2"),
    Limit("MaxPromptBytes", "MAX_PROMPT_BYTES", "max_prompt_bytes", 524_288, "512 KiB", "(512 KiB)"),
]
# Max* parameters that are no per-org limit: the API's body size and the queues' redrive count.
NOT_PER_ORG = {"MaxBodyBytes", "MaxReceiveCount"}


def readme_limits() -> dict[str, str]:
    """README's Limits table: each parameter it names, with the default column of its row."""
    text = (ROOT / "README.md").read_text()
    section = text[text.index("## Limits") :]
    section = section[: section.index("\n## ", 1)]
    rows = {}
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 4:
            for parameter in re.findall(r"`(\w+)`", cells[2]):
                rows[parameter] = cells[1]
    return rows


def api_per_org_limits() -> str:
    text = (ROOT / "docs/API.md").read_text()
    start = text.index("**Per-org limits**")
    bullet = re.split(r"\n(?:- |\n)", text[start:], maxsplit=1)[0]  # to the next bullet or paragraph
    return " ".join(bullet.split())


def test_every_per_org_limit_parameter_is_checked_here() -> None:
    limits = {p for p in PARAMETERS if p.startswith("Max")} - NOT_PER_ORG
    assert limits == {limit.parameter for limit in LIMITS}
    assert {p for p in readme_limits() if p.startswith("Max")} == limits


@pytest.mark.parametrize("limit", LIMITS, ids=[limit.parameter for limit in LIMITS])
def test_a_per_org_limit_has_its_documented_default_everywhere(limit: Limit) -> None:
    # The template's default, the default README and API.md give, and the setting's own default
    # (what a function without the variable uses) are one number
    assert PARAMETERS[limit.parameter]["Type"] == "Number"
    assert float(PARAMETERS[limit.parameter]["Default"]) == limit.default
    assert readme_limits()[limit.parameter] == limit.readme
    api = api_per_org_limits()
    assert f"`{limit.setting}` {limit.api}" in api or f"`{limit.variable}` {limit.api}" in api
    field = Settings.model_fields[limit.setting]
    assert (field.alias, field.default) == (limit.variable, limit.default)


@pytest.mark.parametrize("limit", LIMITS, ids=[limit.parameter for limit in LIMITS])
def test_a_per_org_limit_parameter_reaches_every_function_as_its_setting(limit: Limit) -> None:
    # Given the stack deployed with the parameter set to a value other than its default
    value = str(int(limit.default) * 3 + 7)
    specs = function_specs(Resolver(overrides={limit.parameter: value}))
    # Then every function has it in the variable its setting reads, and reads it from there
    for logical_id, spec in specs.items():
        assert spec.environment.get(limit.variable) == value, logical_id
        assert getattr(Settings.model_validate(spec.environment), limit.setting) == float(value), logical_id


def evaluate_reserved_concurrency(**overrides: str) -> Any:
    props = TEMPLATE["Resources"]["EvaluateFunction"]["Properties"]
    return Resolver(overrides=overrides).resolve(props["ReservedConcurrentExecutions"])


def test_evaluate_reserved_concurrency_reaches_the_evaluate_function() -> None:
    assert evaluate_reserved_concurrency(EvaluateReservedConcurrency="25") == "25"
    # the default (0) leaves evaluate on the account's unreserved pool, as README documents
    assert PARAMETERS["EvaluateReservedConcurrency"]["Default"] == 0
    assert evaluate_reserved_concurrency() is NO_VALUE
    assert readme_limits()["EvaluateReservedConcurrency"] == "unreserved"


@pytest.mark.parametrize(
    ("plan", "rate", "burst", "defaults"),
    [
        ("StandardUsagePlan", "StandardTierRateLimit", "StandardTierBurstLimit", (50, 100)),
        ("HighUsagePlan", "HighTierRateLimit", "HighTierBurstLimit", (500, 1000)),
    ],
)
def test_each_usage_plan_throttles_with_its_tier_parameters(
    plan: str, rate: str, burst: str, defaults: tuple[int, int]
) -> None:
    throttle = TEMPLATE["Resources"][plan]["Properties"]["Throttle"]
    resolved = Resolver(overrides={rate: "7", burst: "11"}).resolve(throttle)
    assert resolved == {"RateLimit": "7", "BurstLimit": "11"}
    assert (PARAMETERS[rate]["Default"], PARAMETERS[burst]["Default"]) == defaults
    tier = plan.removesuffix("UsagePlan").lower()
    row = next(line for line in (ROOT / "README.md").read_text().splitlines() if "one usage plan per tier" in line)
    assert f"`{tier}` {defaults[0]}/s burst {defaults[1]}" in row
