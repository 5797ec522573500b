"""Per-org limits: what keeps one org's policies from making evaluate slow or costly for others.

Checked when a policy is written (create, update, rollback): the org's policy count, and the
compiled set the org would have after the write (patterns, words, compiled program size and
the time the compile took, measured by compiling it). A write over a limit is 422 naming it;
nothing is stored. Evaluate then only ever compiles sets that were compiled once already on
write, and keeps each org's compiled set cached and shared by all its requests.

A limit lowered after policies were written is enforced on the next write; what is stored is
still evaluated. Two writes racing at the policy-count limit can both pass (each checks before
it writes), so the count can exceed its limit by the number of concurrent writers at most.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from typing import Any

from policy_engine.engine import compile_policy_set
from policy_engine.engine.scanner import SET_MAX_MEM
from policy_engine.errors import PayloadTooLarge, ValidationFailed, field_error
from policy_engine.models.evaluate import EvaluateRequest
from policy_engine.settings import get_settings
from policy_engine.store import get_policy_store


def _refuse(limit: str, message: str) -> ValidationFailed:
    return ValidationFailed(f"the write would exceed the org limit {limit}", [field_error(limit, message)])


def compiled_instructions(policy_set: Any) -> int:
    """RE2 program size (instructions) of every pattern the set scans for."""
    return sum(regex.programsize for regex in policy_set.scanner.regexes)


# What a compiled set holds in memory, per part, as benchmarks/bench_compiled_set.py measures it
# (resident growth per compiled copy after evaluates of varied prompts, rounded up): each listed
# word in the words automaton and its rule's check; each pattern's own compiled check; each RE2
# instruction of the shared scan, once compiled and again in the DFA states evaluates add (RE2
# grows them lazily, up to the scan's max_mem); and each policy's compiled rules. The benchmark
# fails when an estimate falls under what it measures, so the cache's bound errs on the side of
# evicting early.
BYTES_PER_WORD = 1_400
BYTES_PER_PATTERN = 2_200
BYTES_PER_INSTRUCTION = 66
DFA_BYTES_PER_INSTRUCTION = 256
BYTES_PER_POLICY = 1_000
BYTES_PER_SET = 256 * 1024


def estimated_bytes(policy_set: Any) -> int:
    """The memory a compiled set is expected to hold once warm (see the constants above)."""
    scanner = policy_set.scanner
    instructions = compiled_instructions(policy_set)
    return (
        BYTES_PER_SET
        + BYTES_PER_WORD * len(scanner.words)
        + BYTES_PER_PATTERN * len(scanner.patterns)
        + BYTES_PER_INSTRUCTION * instructions
        + min(DFA_BYTES_PER_INSTRUCTION * instructions, SET_MAX_MEM)
        + BYTES_PER_POLICY * len(policy_set)
    )


def check_policy_write(org_id: str, policy_id: str, content: dict[str, Any], *, creating: bool) -> None:
    """Raise ValidationFailed if storing ``content`` as policy ``policy_id`` would exceed a limit."""
    settings = get_settings()
    others = [p for p in get_policy_store().iter_policies(org_id) if p["id"] != policy_id]
    count = len(others) + 1
    if creating and count > settings.max_policies_per_org:
        raise _refuse(
            "max_policies_per_org", f"an org holds at most {settings.max_policies_per_org} policies; delete one first"
        )
    check_policy_set([*others, {**content, "id": policy_id}])


def check_policy_set(policies: Iterable[dict[str, Any]]) -> None:
    settings = get_settings()
    started = time.perf_counter()
    policy_set = compile_policy_set(policies)
    # As a process that never compiled this pattern table would take (a table compiled before,
    # even by a write refused for its compile time, is reused, not compiled again).
    seconds = time.perf_counter() - started + policy_set.scanner.reused_seconds
    patterns, words = len(policy_set.scanner.patterns), len(policy_set.scanner.words)
    if patterns > settings.max_patterns_per_set:
        raise _refuse(
            "max_patterns_per_set",
            f"the org's enabled policies would hold {patterns} patterns; the limit is {settings.max_patterns_per_set}",
        )
    if words > settings.max_words_per_set:
        raise _refuse(
            "max_words_per_set",
            f"the org's enabled policies would hold {words} words; the limit is {settings.max_words_per_set}",
        )
    size = compiled_instructions(policy_set)
    if size > settings.max_compiled_instructions:
        raise _refuse(
            "max_compiled_instructions",
            f"the org's patterns would compile to {size} instructions; "
            f"the limit is {settings.max_compiled_instructions}: use fewer or simpler patterns",
        )
    if seconds > settings.max_compile_seconds:
        raise _refuse(
            "max_compile_seconds",
            f"the org's enabled policies took {seconds:.2f} s to compile; "
            f"the limit is {settings.max_compile_seconds} s: use fewer or simpler patterns",
        )


def check_request_size(request: EvaluateRequest) -> None:
    """413 when the text an evaluate would scan is over MAX_PROMPT_BYTES."""
    limit = get_settings().max_prompt_bytes
    texts = [request.prompt, request.response, request.context, *(m.content for m in request.messages or ())]
    size = 0
    for text in texts:
        if text is not None:
            size += len(text.encode("utf-8", "surrogatepass"))
            if size > limit:
                raise PayloadTooLarge(
                    f"the request's text is larger than {limit} bytes",
                    [
                        field_error(
                            "max_prompt_bytes", f"prompt or messages, response and context: at most {limit} bytes"
                        )
                    ],
                )
