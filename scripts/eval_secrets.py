"""Score the secret detectors on gitleaks' own rule test cases (``tests/data/gitleaks_cases.json``).

Each gitleaks rule generator (cmd/generate/config/rules/*.go in gitleaks/gitleaks, MIT) lists
true positives (tps) and false positives (fps). Random parts (``secrets.NewSecret``) are
drawn here with a fixed seed; ``GenerateSampleSecrets`` expands a secret into gitleaks' 33
file formats (the templates below are those of cmd/generate/config/utils/generate.go).

A true positive counts as caught when a ``secrets`` rule over every kind reports a match in
the text; a false positive case counts when it reports anything. "standalone" is the bare
secret of each generated case, for rules whose regex does not need a name before the value.

Run: python scripts/eval_secrets.py [--misses]
"""

from __future__ import annotations

import json
import random
import string
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "layers" / "policy_engine"), str(ROOT)]

from policy_engine.engine import compile_policy_set  # noqa: E402
from policy_engine.engine.secret_detectors import catalog  # noqa: E402
from policy_engine.models.evaluate import EvaluateRequest  # noqa: E402

CASES = ROOT / "tests" / "data" / "gitleaks_cases.json"
SEED = 1222

# gitleaks cmd/generate/config/utils/generate.go, GenerateSampleSecrets ({i}: identifier, {s}: secret).
SAMPLE_FORMATS = (
    '{i}Token="{s}"',
    '{i}Token = "{s}"',
    "{i}Token={s}",
    "{i}Token = {s}",
    '{\n    "{i}_token": "{s}"\n}',
    '\\{\n    \\"{i}_token\\": \\"{s}\\"\n\\}',
    "<{i}Token>{s}</{i}Token>",
    "<{i}Token>\n    {s}\n</{i}Token>",
    "{i}_token: {s}",
    "{i}_token: '{s}'",
    '{i}_token: "{s}"',
    "{i}_token: |\n  {s}",
    "{i}_token: >\n  {s}",
    'string {i}Token = "{s}";',
    'var {i}Token string = "{s}"',
    '{i}Token := "{s}"',
    "{i}Token := `{s}`",
    'String {i}Token = "{s}";',
    'var {i}Token = "{s}"',
    '${i}Token .= "{s}"',
    "{i}Token = '{s}'",
    '{i}Token = "{s}"',
    "{i}Token,{s},",
    '  "{i}Token" => "{s}"',
    '{i}_TOKEN = "{s}"',
    '{i}_TOKEN := "{s}"',
    '{i}_TOKEN ::= "{s}"',
    '{i}_TOKEN :::= "{s}"',
    '{i}_TOKEN ?= "{s}"',
    '{i}_TOKEN += "{s}"',
)
SAMPLE_FORMAT = '{i}_api_token = "{s}"'  # GenerateSampleSecret

ALNUM = string.ascii_letters + string.digits
CHARSETS = {
    "alnum": ALNUM,
    "alpha": string.ascii_letters,
    "hex": "0123456789abcdef",
    "num": string.digits,
    "upper27": string.ascii_uppercase + "234567",
    "upper36": string.ascii_uppercase + string.digits,
    "alnumext": ALNUM + "_-",  # AlphaNumericExtendedShort
    "alnumextended": ALNUM + "=_-",  # AlphaNumericExtended
    "b64": ALNUM + "+/",
    "plausible": ALNUM + "-_.=",  # generic.go newPlausibleSecret: with a digit 1-9, no stop word
}


class Expander:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        generic = catalog().rules["generic_api_key"]
        self.stopwords = tuple(w for a in generic.allowlists for w in a.stopwords)

    def draw(self, kind: str, size: int) -> str:
        chars = CHARSETS[kind]
        while True:
            value = "".join(self.rng.choice(chars) for _ in range(size))
            if kind != "plausible":
                return value
            lowered = value.lower()
            if any(c in "123456789" for c in value) and not any(w in lowered for w in self.stopwords):
                return value

    def fill(self, template: str) -> str:
        out, rest = [], template
        while "{{" in rest:
            before, _, after = rest.partition("{{")
            spec, _, rest = after.partition("}}")
            kind, _, size = spec.partition(":")
            out += [before, self.draw(kind, int(size))]
        return "".join(out) + rest

    def cases(self, case: str | dict[str, str]) -> tuple[list[str], str | None]:
        """The texts of one listed case and, for a generated one, its bare secret."""
        if isinstance(case, str):
            return [self.fill(case)], None
        secret = self.fill(case["secret"])
        if "samples" in case:
            identifier = case["samples"]
            formats: tuple[str, ...] = SAMPLE_FORMATS
        else:
            identifier, formats = case["sample"], (SAMPLE_FORMAT,)
        return [f.replace("{i}", identifier).replace("{s}", secret) for f in formats], secret


@dataclass
class Score:
    rules: set[str] = field(default_factory=set)
    tp: int = 0
    tp_caught: int = 0
    right_kind: int = 0
    fp: int = 0
    fp_fired: int = 0
    alone: int = 0
    alone_caught: int = 0
    misses: list[str] = field(default_factory=list)


def needs_name(pattern: str) -> bool:
    """Semi-generic gitleaks rules: the value is only recognised after a service name."""
    return pattern.startswith(r"(?i)[\w.-]{0,50}?(?:")


def main() -> int:
    document = json.loads(CASES.read_text())
    known = catalog()
    policy_set = compile_policy_set([{"id": "eval", "name": "eval", "rules": [{"type": "secrets", "action": "alert"}]}])

    def found(text: str) -> list[str]:
        result = policy_set.evaluate(EvaluateRequest(model="eval", prompt=text))
        return [m.kind for v in result.violations for m in v.matches]

    expander = Expander(SEED)
    scores: dict[str, Score] = defaultdict(Score)
    for entry in document["files"]:
        for rule_id, cases in entry["rules"].items():
            kind = rule_id.replace("-", "_")
            rule = known.rules[kind]
            group = "10 families" if rule.family else "other kinds"
            score = scores[group]
            score.rules.add(kind)
            family_kinds = known.families.get(rule.family or "", frozenset({kind}))
            for case in cases["tps"]:
                texts, secret = expander.cases(case)
                for text in texts:
                    kinds = found(text)
                    score.tp += 1
                    score.tp_caught += bool(kinds)
                    score.right_kind += any(k in family_kinds for k in kinds)
                    if not kinds:
                        score.misses.append(f"{rule_id} tp: {text[:90]!r}")
                if secret is not None and not needs_name(rule.pattern):
                    score.alone += 1
                    caught = bool(found(secret))
                    score.alone_caught += caught
                    if not caught:
                        score.misses.append(f"{rule_id} alone: {secret[:90]!r}")
            for case in cases["fps"]:
                for text in expander.cases(case)[0]:
                    kinds = found(text)
                    score.fp += 1
                    score.fp_fired += bool(kinds)
                    if kinds:
                        score.misses.append(f"{rule_id} fp {kinds}: {text[:90]!r}")

    source = document["source"]
    print(f"gitleaks rule test cases ({source['repository']}, {source['license'].split(' (')[0]}), seed {SEED}")
    header = ("group", "rules", "tp cases", "recall", "kind ok", "fp cases", "fp rate")
    print(f"{header[0]:<12} " + " ".join(f"{h:>{max(len(h), 5)}}" for h in header[1:]) + "  standalone")
    for group in ("10 families", "other kinds"):
        s = scores[group]
        alone = f"{s.alone_caught}/{s.alone} = {s.alone_caught / s.alone:.3f}" if s.alone else "-"
        print(
            f"{group:<12} {len(s.rules):>5} {s.tp:>8} {s.tp_caught / s.tp:>7.3f} {s.right_kind / s.tp:>7.3f} "
            f"{s.fp:>8} {s.fp_fired / max(s.fp, 1):>7.3f}  {alone}"
        )
    covered = sum(len(s.rules) for s in scores.values())
    print(f"rule set: {len(known.rules)} kinds, {len(known.families)} families; the cases cover {covered} kinds")
    if "--misses" in sys.argv:
        for group, s in scores.items():
            for miss in s.misses:
                print(f"  {group}: {miss}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
