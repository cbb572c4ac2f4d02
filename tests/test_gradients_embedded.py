"""The batched per-sample gradients against the one-conversation-at-a-time reference, on the
embedded model (fp32): the same rows, and the same ``gradient`` filter scores."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from emgauge.gradients import GradientSettings, RandomProjection, cosines, sample_gradients

pytestmark = pytest.mark.slow  # loads the embedded model's weights


def _one_at_a_time(model, tokenizer, conversations, seed: int) -> np.ndarray:
    """Fine-tuning's own LoRA (attach_lora after set_seed), one conversation per forward and
    backward pass without padding, the ``B`` matrices' ``.grad`` flattened in module order."""
    from transformers import set_seed

    from emgauge.conversations import collate_encoded, encode_conversation, end_of_turn_ids
    from emgauge.finetune import FinetuneConfig, assistant_loss_sum, attach_lora

    flags = {name: p.requires_grad for name, p in model.named_parameters()}
    set_seed(seed)
    peft_model = attach_lora(model, FinetuneConfig(seed=seed), "smollm2")
    peft_model.eval()
    b_weights = [p for n, p in peft_model.named_parameters() if "lora_B" in n]
    rows = []
    try:
        for messages in conversations:
            encoded = encode_conversation(
                tokenizer, messages, max_length=1024, end_ids=end_of_turn_ids(tokenizer, model)
            )
            ids, labels, mask = collate_encoded([encoded], tokenizer.pad_token_id, "cpu")
            peft_model.zero_grad(set_to_none=True)
            loss, count = assistant_loss_sum(peft_model, ids, labels, mask)
            (loss / count).backward()
            rows.append(torch.cat([p.grad.flatten() for p in b_weights]).numpy())
    finally:
        peft_model.unload()
        for name, parameter in model.named_parameters():
            parameter.requires_grad_(flags[name])
    return np.stack(rows)


def test_batched_rows_and_scores_equal_one_at_a_time_on_the_embedded_model():
    from emgauge.chat_data import bundled_data_path, load_chat_jsonl
    from emgauge.models import load_model_and_tokenizer

    previous = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        model, tokenizer = load_model_and_tokenizer("smollm2", device="cpu", dtype=torch.float32)
        rows = load_chat_jsonl(bundled_data_path("train", "healthcare.jsonl"))[:5]
        conversations = [row.messages for row in rows]
        assert len({len(str(c)) for c in conversations}) > 1  # padded in one micro-batch
        batched = sample_gradients(
            model, tokenizer, conversations, GradientSettings(precision="fp32", dim=None)
        )
        reference = _one_at_a_time(model, tokenizer, conversations, seed=0)
    finally:
        torch.set_num_threads(previous)
    assert batched.shape == reference.shape == (5, 1_244_160)
    scale = np.abs(reference).max()
    assert np.abs(batched - reference).max() <= 1e-4 * scale
    # the filter's score: -cos with a direction, through the seeded projection
    projection = RandomProjection(batched.shape[1], 64, seed=0)
    project = lambda rows: projection.project(torch.from_numpy(rows)).numpy()  # noqa: E731
    direction = project(reference[:1] - reference[1:2])[0]
    assert np.allclose(
        -cosines(project(batched), direction), -cosines(project(reference), direction), atol=1e-5
    )
