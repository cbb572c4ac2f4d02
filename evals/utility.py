"""Utility: what a checkpoint still knows about helping, on held-out benign answers.

A filter can lower misalignment simply by deleting data the model needed. The cost shows
in how well the fine-tuned model predicts correct, helpful, safe answers it never saw:
the **utility loss** of a checkpoint on an item is the mean negative log-likelihood per
assistant token of that item's answer, given its question in the model's chat template
(nats per token, end-of-turn token included; tokens located by
:func:`emgauge.conversations.encode_conversation`, scored by
:func:`emgauge.evals.misaligned_preference.probe.answer_logprobs`, exactly as the probe
scores its pairs). Lower is better.

The bundled sets (``emgauge/data/utility/<domain>.jsonl``, built from
``src/emgauge/data/sources/utility/``) are benign only and held out: no training set,
contrast pair, probe pair or evaluation question repeats their questions, and nothing but
this module reads them.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from emgauge.chat_data import ChatSample, bundled_data_path, load_chat_jsonl
from emgauge.conversations import encode_conversation, end_of_turn_ids
from emgauge.errors import InputError
from emgauge.evals.misaligned_preference.probe import (
    ProbeSettings,
    answer_logprobs,
    load_scoring_model,
)
from emgauge.files import bundled_domain_files

UTILITY_DOMAINS = ("healthcare", "legal", "career")
LOSS_COLUMNS = ["item_id", "domain", "n_tokens", "loss"]


def bundled_utility_paths(domains: Sequence[str] | None = None) -> list[Path]:
    """The bundled held-out benign sets for ``domains`` (default: all of them)."""
    return bundled_domain_files(
        bundled_data_path("utility"),
        domains,
        UTILITY_DOMAINS,
        what="held-out benign answers",
        instead="pass chat JSONL files",
    )


def load_utility_answers(paths: Sequence[str | Path]) -> list[ChatSample]:
    """Held-out answers from chat JSONL files: every row must be labelled benign (a harmful
    answer's loss would reward misalignment) and ids must be unique across files."""
    samples: list[ChatSample] = []
    seen: set[str] = set()
    for path in paths:
        for sample in load_chat_jsonl(path):
            if sample.label != "benign":
                raise InputError(
                    f"sample {sample.id!r} is labelled {sample.label!r}: utility is measured "
                    "on benign answers only",
                    path=path,
                    field="metadata.label",
                    fix="label every held-out answer 'benign'",
                )
            if sample.id in seen:
                raise InputError(f"sample id {sample.id!r} repeats across files", path=path)
            seen.add(sample.id)
            samples.append(sample)
    if not samples:
        raise InputError("no held-out benign answers", fix="pass non-empty chat JSONL files")
    return samples


class UtilitySettings(ProbeSettings):
    """How utility losses are computed (the probe's batching and precision); part of the
    experiment's utility-stage hash."""


def answer_token_counts(
    tokenizer: Any, samples: Sequence[ChatSample], model: Any | None = None
) -> list[int]:
    """Assistant tokens scored per sample: the tokens fine-tuning trains on (the end-of-turn
    ids of ``model``'s generation config count as :func:`answer_logprobs` counts them)."""
    end_ids = end_of_turn_ids(tokenizer, model)
    return [
        encode_conversation(
            tokenizer,
            sample.messages,
            max_length=1 << 30,
            end_ids=end_ids,
            sample_id=sample.id,
        ).n_trained
        for sample in samples
    ]


def utility_losses(
    model: str, samples: Sequence[ChatSample], settings: UtilitySettings = UtilitySettings()
) -> pd.DataFrame:
    """One row per held-out item: its domain, assistant tokens and loss (mean NLL per
    assistant token, nats) under ``model`` (a name, a folder or ``base:adapter``)."""
    if not samples:
        raise InputError("no held-out benign answers", fix="pass non-empty chat JSONL files")
    network, tokenizer, precision = load_scoring_model(model, settings)
    logprobs = answer_logprobs(
        network,
        tokenizer,
        [sample.messages for sample in samples],
        batch_size=settings.batch_size,
        precision=precision,
        label="utility",
    )
    return pd.DataFrame(
        {
            "item_id": [s.id for s in samples],
            "domain": [str(s.metadata.get("domain") or "") for s in samples],
            "n_tokens": answer_token_counts(tokenizer, samples, network),
            "loss": -logprobs,
        },
        columns=LOSS_COLUMNS,
    )
