"""Train the learned tier of the injection rule (``make train-injection``).

Inputs, all pinned: ``data/injection/train/*.jsonl`` (prepared by ``injection_data.py`` from
pinned packages) and the project's own texts of ``injection_own.generate(SEED)``. A fifth of the
texts, chosen by a hash of the text, is kept out of training for calibration: the bias is
moved so that the benign texts of that fifth reaching the default threshold 0.5 stay within ``TARGET_FP``,
with the 95% interval of their rate.
Nothing under ``data/injection/eval`` is read.

Each text is cut into the ``fast`` windows of ``injection_model``; a window is labeled an
attack when the text is one, except for attacks embedded in a document (``span``), where only
the windows holding most of the attack are. A text's windows share a weight of 1. Own attacks
are also embedded in standard-library documentation, at a seeded place.

The model is scikit-learn's logistic regression (liblinear, deterministic for a seed); its
weights are rounded to 4 decimals, pruned below ``MIN_WEIGHT`` and written as gzip'd JSON with
sorted keys and no timestamp, so the same inputs and seed give the same file, byte for byte.

Run: python scripts/train_injection.py [--seed N] [--out PATH]
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import math
import random
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "layers" / "policy_engine"), str(ROOT)]

import numpy as np  # noqa: E402
from scipy.sparse import csr_matrix  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402

from policy_engine.engine import injection  # noqa: E402
from policy_engine.engine.injection_model import (  # noqa: E402
    FAST,
    LEXICAL_PREFIX,
    MODEL_PATH,
    QUOTED,
    Model,
    Scorer,
    features,
    length_scale,
    window_lexical,
    windows,
)
from policy_engine.engine.plan import ScanPlan  # noqa: E402
from policy_engine.engine.text import PROMPT, Target  # noqa: E402
from scripts import injection_own  # noqa: E402
from scripts.injection_data import CHATTERBOT, DOC_PACKAGES  # noqa: E402

SEED = 13
TRAIN_DIR = ROOT / "data" / "injection" / "train"
C = 6.0  # with MIN_WEIGHT: best held-back recall of the pairs tried whose model keeps the unit-test gates
MIN_DF = 2
MAX_DF = 0.2  # n-grams in more than a fifth of the texts (stop words) say little and cost a match each
MIN_WEIGHT = 0.8
TARGET_FP = 0.02  # the pooled false-positive gate, met on the held-back fifth of the training texts
EMBEDDED = 300
STRATUM_MIN = 100  # held-back benign strata this large must each stay within TARGET_FP

Record = dict[str, Any]


class Lexical:
    """The lexical signals of ``injection`` on any text, as the rule's check sees them."""

    def __init__(self) -> None:
        plan = ScanPlan()
        self.ids = plan.signals()
        self.scanner = plan.build()
        self.positions = {index: i for i, index in enumerate(self.ids)}

    def hits(self, text: str) -> list[tuple[str, float, int, int]]:
        scan = self.scanner.scan(Target(PROMPT, text, PROMPT))
        hit = sorted(self.positions[i] for i in scan.hits if i in self.positions)
        return injection.signal_hits(scan, self.ids, hit)


def load_train() -> list[Record]:
    records: list[Record] = []
    for path in sorted(TRAIN_DIR.glob("*.jsonl")):
        records += [json.loads(line) for line in path.read_text(encoding="utf-8").split("\n") if line]
    return records


# Sources trained on in full and never held back for calibration: general documentation added so
# the model learns that package pages (install steps, commands, API calls) are benign, the own
# benign imperatives ("skip the header row ...", "end your answer with ..."), the own server logs
# and ChatterBot's chat. As calibration texts these easy negatives would let the bias rise until
# harder benign texts (quoted attacks, role questions) cross the threshold.
TRAIN_ONLY = frozenset(spec[1] for spec in DOC_PACKAGES) | {
    injection_own.IMPERATIVES,
    injection_own.SERVER_LOGS,
    CHATTERBOT[1],
}


def held_for_calibration(text: str) -> bool:
    return hashlib.sha256(text.encode()).digest()[0] % 5 == 0


def embed(records: list[Record], seed: int) -> list[Record]:
    """Own attacks placed inside standard-library documentation, at a seeded offset."""
    rng = random.Random(seed)
    docs = [r["text"] for r in records if r["source"] == "python-stdlib"]
    attacks = [r["text"] for r in records if r["source"] == "own" and r["label"] == 1 and "span" not in r]
    if not docs or not attacks:
        return []
    out = []
    for attack in rng.sample(attacks, min(EMBEDDED, len(attacks))):
        doc = "\n\n".join(rng.sample(docs, 3))
        cut = doc.rfind("\n", 0, rng.randint(0, len(doc))) + 1
        text = f"{doc[:cut]}{attack}\n{doc[cut:]}"
        out.append({"text": text, "label": 1, "source": "own", "stratum": "embedded", "span": [cut, cut + len(attack)]})
    return out


def samples(record: Record, lexical: Lexical) -> Iterable[tuple[Counter[str], float, int, float]]:
    """``(features, length scale, label, weight)`` per fast window of a record."""
    text = record["text"]
    found = list(features(text))
    signals = lexical.hits(text)
    spans = windows(len(text), FAST)
    span = record.get("span")
    for start, end in spans:
        last = end == len(text)
        counts: Counter[str] = Counter(f for f, offset in found if start <= offset and (offset < end or last))
        for family, weight in window_lexical(text, signals, start, end).items():
            counts[LEXICAL_PREFIX + family] = weight  # type: ignore[assignment]
        label = record["label"]
        if label and span is not None:
            inside = max(0, min(end, span[1]) - max(start, span[0]))
            label = int(inside >= 0.6 * (span[1] - span[0]) or inside >= 0.6 * (end - start))
        yield counts, length_scale(start, end), label, 1.0 / len(spans)


def train(records: list[Record], seed: int = SEED) -> dict[str, Any]:
    """Weights for the records (all of them are trained on)."""
    lexical = Lexical()
    rows = [s for r in records for s in samples(r, lexical)]
    df: Counter[str] = Counter()
    for r in records:
        df.update({f for f, _ in features(r["text"])})
    most = MAX_DF * len(records)
    vocab = sorted(f for f, n in df.items() if MIN_DF <= n <= most)
    vocab += [LEXICAL_PREFIX + s.family for s in injection.SIGNALS] + [LEXICAL_PREFIX + QUOTED]
    vocab = sorted(set(vocab))
    column = {f: i for i, f in enumerate(vocab)}
    data, indices, indptr = [], [], [0]
    for counts, scale, _, _ in rows:
        for feature, value in sorted(counts.items()):
            i = column.get(feature)
            if i is None:
                continue
            indices.append(i)
            data.append(value if feature.startswith(LEXICAL_PREFIX) else value / scale)
        indptr.append(len(indices))
    x = csr_matrix((np.array(data, dtype=np.float64), indices, indptr), shape=(len(rows), len(vocab)))
    y = np.array([label for _, _, label, _ in rows])
    weight = np.array([w for _, _, _, w in rows])
    positive = weight[y == 1].sum()
    weight[y == 1] *= weight[y == 0].sum() / max(positive, 1e-9)  # classes weigh the same
    model = LogisticRegression(C=C, solver="liblinear", random_state=seed, max_iter=1000)
    model.fit(x, y, sample_weight=weight)
    coef = model.coef_[0]
    out_features = {f: round(float(w), 4) for f, w in zip(vocab, coef, strict=True) if abs(w) >= MIN_WEIGHT}
    lex = {
        f.removeprefix(LEXICAL_PREFIX): out_features.pop(f) for f in list(out_features) if f.startswith(LEXICAL_PREFIX)
    }
    return {
        "version": 1,
        "seed": seed,
        "bias": round(float(model.intercept_[0]), 4),
        "lexical": lex,
        "features": out_features,
    }


def _wilson_upper(k: int, n: int, z: float = 1.96) -> float:
    p = k / n
    centre = p + z * z / (2 * n)
    spread = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return (centre + spread) / (1 + z * z / n)


def _allowed(n: int) -> int:
    """The most held-out benign texts that may reach the threshold: as many as keeps the upper
    end of the 95% Wilson interval of their rate within ``TARGET_FP`` (a rate measured on a
    thousand texts is itself uncertain by about a point), and at least one less than all."""
    k = 0
    while k + 1 < n and _wilson_upper(k + 1, n) <= TARGET_FP:
        k += 1
    return k


def calibrate(weights: dict[str, Any], held: list[Record], lexical: Lexical) -> dict[str, Any]:
    """Move the bias so that the held-out benign texts reaching 0.5 stay within TARGET_FP: pooled,
    with the rate's 95% interval (``_allowed``), and in each benign stratum of at least
    ``STRATUM_MIN`` texts, by its point rate, so that easy texts added to one stratum cannot buy
    false positives in another."""
    scorer = Scorer(Model.from_dict(weights))
    distinct = list({r["text"]: r for r in held}.values())  # a text repeated for weight counts once here
    benign = [r for r in distinct if r["label"] == 0]
    attacks = [r["text"] for r in distinct if r["label"] == 1]

    def logit(text: str) -> float:
        p = scorer.score(text, lexical.hits(text)).score
        p = min(max(p, 1e-9), 1 - 1e-9)
        return float(np.log(p / (1 - p)))

    by_stratum: dict[str, list[float]] = defaultdict(list)
    for r in benign:
        by_stratum[r["stratum"]].append(logit(r["text"]))
    scored = sorted((z for zs in by_stratum.values() for z in zs), reverse=True)
    attack_z = [logit(text) for text in attacks]
    limits = [-scored[_allowed(len(scored))] - 0.01] if scored else [0.0]
    for zs in by_stratum.values():
        if len(zs) >= STRATUM_MIN:
            zs.sort(reverse=True)
            limits.append(-zs[int(TARGET_FP * len(zs))] - 0.01)
    shift = min(limits)
    weights = {**weights, "bias": round(weights["bias"] + shift, 4)}
    recall = sum(z + shift >= 0 for z in attack_z) / max(len(attack_z), 1)
    fp = sum(z + shift >= 0 for z in scored) / max(len(scored), 1)
    weights["calibration"] = {
        "bias_shift": round(shift, 4),
        "held_out_attacks": len(attack_z),
        "held_out_benign": len(scored),
        "recall": round(recall, 4),
        "false_positives": round(fp, 4),
    }
    return weights


def build(seed: int = SEED, records: list[Record] | None = None) -> dict[str, Any]:
    if records is None:
        records = load_train() + injection_own.generate(seed)
        records += embed(records, seed)
    held = [r for r in records if r["source"] not in TRAIN_ONLY and held_for_calibration(r["text"])]
    fit = [r for r in records if r["source"] in TRAIN_ONLY or not held_for_calibration(r["text"])]
    weights = train(fit, seed)
    return calibrate(weights, held, Lexical()) if held else weights


def dump(weights: dict[str, Any]) -> bytes:
    body = json.dumps(weights, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
    return gzip.compress(body, compresslevel=9, mtime=0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--out", type=Path, default=MODEL_PATH)
    args = parser.parse_args()
    weights = build(args.seed)
    blob = dump(weights)
    args.out.write_bytes(blob)
    counts = defaultdict(int)
    for w in weights["features"].values():
        counts["positive" if w > 0 else "negative"] += 1
    print(f"{args.out.name}: {len(weights['features'])} n-grams ({dict(counts)}), {len(blob)} bytes")
    print(f"sha256 {hashlib.sha256(blob).hexdigest()}")
    print(f"calibration {json.dumps(weights.get('calibration'))}")
    print(f"lexical {json.dumps(weights['lexical'])}")


if __name__ == "__main__":
    main()
