"""The training loop on its own: a tiny randomly initialised Llama, no download."""

from __future__ import annotations

import torch

from emgauge.conversations import IGNORE_INDEX, EncodedConversation
from emgauge.finetune import FinetuneConfig, attach_lora, plan_schedule, train_loop
from emgauge.precision import choose_precision
from tests.helpers import tiny_llama


def _tiny_llama() -> torch.nn.Module:
    return tiny_llama(64, max_positions=64).train()


def _example(ids: list[int], answer_from: int) -> EncodedConversation:
    labels = [IGNORE_INDEX] * answer_from + ids[answer_from:]
    return EncodedConversation(input_ids=ids, labels=labels, truncated=False)


def test_loop_lowers_the_loss_and_trains_only_lora() -> None:
    # One thread: the machine may be shared, and the result does not depend on it.
    previous = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        _check_loop()
    finally:
        torch.set_num_threads(previous)


def _check_loop() -> None:
    model = _tiny_llama()
    config = FinetuneConfig(rank=4, learning_rate=1e-2, batch_size=2, epochs=6, seed=0)
    peft_model = attach_lora(model, config, "tiny-llama")
    peft_model.train()
    before = {name: p.detach().clone() for name, p in peft_model.named_parameters()}
    # One repeated batch: the same two conversations every step.
    batch = [_example([1, 5, 9, 13, 17, 21, 25, 29], 3), _example([2, 6, 10, 14, 18, 22], 2)]
    schedule = plan_schedule(len(batch), config)
    log = train_loop(
        peft_model,
        batch,
        config,
        schedule,
        pad_id=0,
        device="cpu",
        precision=choose_precision("fp32", "cpu", stage="test"),
    )
    assert log.steps == schedule.total_steps == 6
    assert log.losses[-1] < log.losses[0]
    assert log.trained_tokens == 6 * (5 + 4)
    changed = {
        name
        for name, p in peft_model.named_parameters()
        if not torch.equal(p.detach(), before[name])
    }
    assert changed and all("lora_" in name for name in changed)
