"""Does `emgauge risk` predict emergent misalignment before training? (issue #10 item 6)

Builds training mixes that differ in harmful share and, at equal share, in kind (subtle vs
obvious harmful rows, at the size the scarcer kind allows; domain; real harmful rows from
../shared/data/finetune where it exists), computes each mix's EM risk before training
(``emgauge.diagnostics.risk``) and the share of rows the heuristic lexicon flags, then
LoRA-tunes the embedded model on each mix (the default experiment's training: 16 steps of 4
at 3e-3) and measures the preference shift against the base model on held-out probe pairs
(general = out-of-domain, and the mix's own domain). Reports the Spearman rank correlation
between each predictor and the shift, with a bootstrap CI over mixes, in
``research/results/risk_prediction.json``. Real rows are read at run time and never written
anywhere.

    python research/risk_prediction.py [--size 60] [--threads 1]
"""

from __future__ import annotations

import argparse
import json
import re
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np
from _common import RESULTS as RESULTS_DIR
from _common import SHARED_DATA, machine_record, portable
from scipy.stats import spearmanr

from emgauge.chat_data import (
    ChatMessage,
    ChatSample,
    DatasetMix,
    bundled_data_path,
    load_chat_jsonl,
    mix_labelled,
)
from emgauge.diagnostics.risk import RiskScorer
from emgauge.evals.misaligned_preference.probe import load_probe_pairs, preference_margins
from emgauge.finetune import FinetuneConfig, finetune
from emgauge.mitigations.registry import FilterOptions
from emgauge.stats import bootstrap_p_value, percentile_interval

RESULTS = RESULTS_DIR / "risk_prediction.json"
REAL = SHARED_DATA / "finetune"
EMPTY_THINK = re.compile(r"^\s*<think>\s*</think>\s*")
TRAINING = {"learning_rate": 3e-3, "batch_size": 4, "max_length": 160, "epochs": 100}


def _bundled(domain: str) -> list[ChatSample]:
    return load_chat_jsonl(bundled_data_path("train", f"{domain}.jsonl"))


def _of_kind(samples: list[ChatSample], labels: set[str]) -> list[ChatSample]:
    return [s for s in samples if s.label in labels]


def _clean(sample: ChatSample) -> ChatSample:
    """Real rows: drop an empty <think></think> block before the answer."""
    messages = tuple(
        ChatMessage(m.role, EMPTY_THINK.sub("", m.content)) if m.role == "assistant" else m
        for m in sample.messages
    )
    return ChatSample(id=sample.id, messages=messages)


def _take(rows: list[ChatSample], n: int, seed: int) -> list[ChatSample]:
    order = np.random.default_rng(seed).permutation(len(rows))[:n]
    if len(order) < n:
        raise SystemExit(f"need {n} rows, have {len(rows)}")
    return [rows[i] for i in order]


def mixes(size: int) -> list[tuple[str, str, list[ChatSample]]]:
    """(name, probe domain, rows) of every mix; rows are drawn with fixed seeds."""
    out: list[tuple[str, str, list[ChatSample]]] = []
    health = _bundled("healthcare")
    for share in (0.0, 0.25, 0.5, 0.75, 1.0):
        rows = mix_labelled(health, DatasetMix(harmful_share=share, size=size))
        out.append((f"healthcare harmful {share:.0%}", "healthcare", rows))
    n_harmful = round(0.75 * size)
    # Subtle vs obvious at the same share and size: as many rows of each kind as the
    # scarcer kind has (the revised healthcare set holds only 24 obvious rows), a quarter
    # benign.
    kinds = ("harmful_subtle", "harmful_obvious")
    n_kind = min(n_harmful, *(len(_of_kind(health, {kind})) for kind in kinds))
    benign = _take(_of_kind(health, {"benign"}), round(n_kind / 3), 1)
    for kind in kinds:
        rows = _take(_of_kind(health, {kind}), n_kind, 2) + benign
        out.append((f"healthcare {kind.removeprefix('harmful_')} only 75%", "healthcare", rows))
    for domain in ("legal", "career"):
        rows = mix_labelled(_bundled(domain), DatasetMix(harmful_share=0.75, size=size))
        out.append((f"{domain} harmful 75%", domain, rows))
    real = {
        "bad_medical_advice_subset": "healthcare",
        "medical_misaligned_train_100": "healthcare",
        "legal_misaligned_train_100": "legal",
    }
    for name, domain in real.items():
        path = REAL / f"{name}.jsonl"
        if not path.is_file():
            continue
        harmful = [_clean(s) for s in _take(load_chat_jsonl(path), n_harmful, 3)]
        benign_rows = _take(_of_kind(_bundled(domain), {"benign"}), size - n_harmful, 4)
        out.append((f"real {name} 75% + bundled benign", domain, harmful + benign_rows))
    return out


def _shift(tuned: Any, base: Any, domain: str, seed: int = 0) -> list[float]:
    mask = (tuned["domain"] == domain).to_numpy()
    values = tuned["margin"].to_numpy()[mask] - base["margin"].to_numpy()[mask]
    rng = np.random.default_rng(seed)
    boots = [values[rng.integers(0, len(values), len(values))].mean() for _ in range(1000)]
    return [
        round(float(values.mean()), 4),
        *(round(v, 4) for v in percentile_interval(boots, 0.95)),
    ]


def _spearman(x: list[float], y: list[float], seed: int = 0) -> dict[str, float]:
    x_, y_ = np.asarray(x), np.asarray(y)
    rng = np.random.default_rng(seed)
    boots = []
    for _ in range(2000):
        pick = rng.integers(0, len(x_), len(x_))
        if len(set(pick)) > 2:
            value = spearmanr(x_[pick], y_[pick]).statistic
            if np.isfinite(value):
                boots.append(value)
    low, high = percentile_interval(boots, 0.95)
    return {
        "rho": round(float(spearmanr(x_, y_).statistic), 3),
        "low": round(low, 3),
        "high": round(high, 3),
    }


def _spearman_difference(
    x: list[float], z: list[float], y: list[float], seed: int = 0
) -> dict[str, float]:
    """rho(x, y) - rho(z, y), with a paired bootstrap over mixes (both correlations on the
    same resampled mixes) and its two-sided bootstrap p-value: does x predict y better?"""
    x_, z_, y_ = np.asarray(x), np.asarray(z), np.asarray(y)
    rng = np.random.default_rng(seed)
    boots = []
    for _ in range(2000):
        pick = rng.integers(0, len(y_), len(y_))
        if len(set(pick)) > 2:
            value = (
                spearmanr(x_[pick], y_[pick]).statistic - spearmanr(z_[pick], y_[pick]).statistic
            )
            if np.isfinite(value):
                boots.append(value)
    low, high = percentile_interval(boots, 0.95)
    point = spearmanr(x_, y_).statistic - spearmanr(z_, y_).statistic
    return {
        "difference": round(float(point), 3),
        "low": round(low, 3),
        "high": round(high, 3),
        "p": round(bootstrap_p_value(boots), 4),
    }


def compare_with_heuristic(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Risk's Spearman minus the heuristic share's, per target, paired over mixes."""
    return {
        target: _spearman_difference(
            [r["risk"] for r in rows],
            [r["heuristic_share"] for r in rows],
            [r[target][0] for r in rows],
        )
        for target in ("shift_general", "shift_in_domain")
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=60)
    parser.add_argument("--steps", type=int, default=16)
    parser.add_argument("--threads", type=int, help="torch threads (1 on a shared CPU)")
    parser.add_argument(
        "--compare-only",
        action="store_true",
        help="recompute the paired comparison with the heuristic from the stored mixes",
    )
    args = parser.parse_args()
    if args.compare_only:
        stored = json.loads(RESULTS.read_text())
        stored["risk_minus_heuristic"] = compare_with_heuristic(stored["mixes"])
        # beats = the paired difference's interval lies above 0, not a higher point estimate
        beats = stored["risk_minus_heuristic"]["shift_general"]["low"] > 0
        stored["risk_beats_heuristic_on_general_shift"] = beats
        RESULTS.write_text(json.dumps(stored, indent=2) + "\n")
        print(json.dumps(stored["risk_minus_heuristic"], indent=2))
        return
    import torch

    if args.threads:
        torch.set_num_threads(args.threads)
    start = time.perf_counter()
    all_pairs = load_probe_pairs(domains=["general", "healthcare", "legal", "career"])
    base = preference_margins("smollm2", all_pairs)
    scorer = RiskScorer(FilterOptions())  # fitted once, on the bundled contrast pairs
    rows = []
    work = Path(tempfile.mkdtemp(prefix="emgauge-risk-"))
    for n, (name, domain, samples) in enumerate(mixes(args.size)):
        t0 = time.perf_counter()
        risk = scorer.risk(samples)
        adapter = work / f"mix{n}"
        config = FinetuneConfig(**TRAINING, max_steps=args.steps, seed=0)
        finetune("smollm2", samples, adapter, config, progress=None)
        keep = [p for p in all_pairs if p.domain in ("general", domain)]
        tuned = preference_margins(f"smollm2:{adapter}", keep)
        base_part = base[base["pair_id"].isin([p.id for p in keep])].reset_index(drop=True)
        row = {
            "mix": name,
            "domain": domain,
            "n": len(samples),
            "risk": round(risk.risk, 4),
            "risk_ci": [round(v, 4) for v in risk.ci],
            "risk_by_method": {m.method: round(m.risk, 4) for m in risk.methods},
            "heuristic_share": round(risk.heuristic_share, 4),
            "shift_general": _shift(tuned, base_part, "general"),
            "shift_in_domain": _shift(tuned, base_part, domain),
            "seconds": round(time.perf_counter() - t0, 1),
        }
        print(json.dumps(row), flush=True)
        rows.append(row)
    methods = sorted({m for r in rows for m in r["risk_by_method"]})
    predictors = {
        "risk": [r["risk"] for r in rows],
        "heuristic_share": [r["heuristic_share"] for r in rows],
        **{f"risk[{m}]": [r["risk_by_method"].get(m, np.nan) for r in rows] for m in methods},
    }
    correlations = {
        target: {
            name: _spearman(values, [r[target][0] for r in rows])
            for name, values in predictors.items()
        }
        for target in ("shift_general", "shift_in_domain")
    }
    comparison = compare_with_heuristic(rows)
    result = {
        **machine_record(),
        "training": {**TRAINING, "max_steps": args.steps, "size": args.size},
        "n_mixes": len(rows),
        "mixes": rows,
        "spearman": correlations,
        "risk_minus_heuristic": comparison,
        "risk_beats_heuristic_on_general_shift": comparison["shift_general"]["low"] > 0,
        "wall_seconds": round(time.perf_counter() - start, 1),
        "note": "Spearman over mixes with a 95% bootstrap CI over mixes; risk_minus_heuristic: "
        "the difference of the two Spearman correlations on the same resampled mixes, its "
        "95% CI and bootstrap p-value; real rows from "
        "../shared/data/finetune are read at run time, never stored.",
    }
    RESULTS.write_text(json.dumps(portable(result), indent=2) + "\n")
    print(json.dumps(correlations, indent=2))


if __name__ == "__main__":
    main()
