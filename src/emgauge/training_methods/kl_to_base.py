"""``kl-to-base`` (:class:`KLToBase`): the loss is the cross-entropy plus ``coefficient``
times the mean, over the trained (assistant) tokens, of KL(p_tuned || p_base), the full
next-token distributions of the tuned model and of the base model. The base model is the
same model with the LoRA adapter disabled (peft's ``disable_adapter()``), run without
gradients, so no second copy of the weights is held. At the seeded start (LoRA ``B`` = 0)
the two are the same model and the KL term is 0. Source idea: KL regularisation towards
a reference model, as in RLHF-style and KL-regularised fine-tuning: the tuned model may
learn the task, but pays for every move of its whole output distribution away from the
base, not only for the answer tokens it is trained on.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

from pydantic import Field

from emgauge.conversations import IGNORE_INDEX
from emgauge.settings import Number
from emgauge.training_methods.base import (
    MethodFlag,
    TrainingMethodConfig,
    register_training_method,
)

if TYPE_CHECKING:
    import torch

__all__ = ["KLToBase", "KLToBaseLoss", "kl_sum", "next_token_logits"]


@register_training_method
class KLToBase(TrainingMethodConfig):
    """Cross-entropy plus a KL penalty to the base model's next-token distribution."""

    list_order = 0
    flags = (
        MethodFlag(
            "kl_coefficient",
            "coefficient",
            "kl-to-base: beta, the weight of the KL to the base model",
        ),
    )

    name: Literal["kl-to-base"] = Field(description="the method: kl-to-base")
    coefficient: Number = Field(
        gt=0,
        description="beta: loss = CE + beta x mean over trained tokens of KL(p_tuned || p_base)",
    )


def next_token_logits(
    logits: torch.Tensor, labels: torch.Tensor
) -> tuple[torch.Tensor, torch.Tensor]:
    """The fp32 logits that predict a trained token, and those tokens: ``(N, V)``, ``(N,)``."""
    targets = labels[:, 1:]
    keep = targets != IGNORE_INDEX
    return logits[:, :-1][keep].float(), targets[keep]


class KLToBaseLoss:
    """``loss_sum`` of the training loop for ``kl-to-base``: summed CE plus ``coefficient``
    times summed KL(p_tuned || p_base) over the trained positions (the loop divides by the
    step's trained tokens, giving CE + beta x mean KL). Keeps each step's mean KL."""

    def __init__(self, coefficient: float) -> None:
        self.coefficient = coefficient
        self.kl_per_step: list[float] = []
        self._kl_sum = 0.0
        self._tokens = 0

    def __call__(
        self, model: Any, ids: torch.Tensor, labels: torch.Tensor, mask: torch.Tensor
    ) -> tuple[torch.Tensor, int]:
        import torch

        logits = model(input_ids=ids, attention_mask=mask, use_cache=False).logits
        tuned, targets = next_token_logits(logits, labels)
        with torch.no_grad(), model.disable_adapter():
            base_logits = model(input_ids=ids, attention_mask=mask, use_cache=False).logits
            base, _ = next_token_logits(base_logits, labels)
        ce = torch.nn.functional.cross_entropy(tuned, targets, reduction="sum")
        kl = kl_sum(tuned, base)
        self._kl_sum += float(kl.detach())
        self._tokens += int(targets.numel())
        return ce + self.coefficient * kl, int(targets.numel())

    def end_step(self) -> None:
        """Close an optimizer step: its mean KL per trained token is kept."""
        self.kl_per_step.append(self._kl_sum / max(1, self._tokens))
        self._kl_sum, self._tokens = 0.0, 0

    def details(self) -> dict[str, Any]:
        return {"kl_per_step": self.kl_per_step}


def kl_sum(tuned_logits: torch.Tensor, base_logits: torch.Tensor) -> torch.Tensor:
    """Summed KL(p_tuned || p_base) over rows of full-vocabulary logits (fp32)."""
    import torch

    tuned = torch.log_softmax(tuned_logits.float(), dim=-1)
    base = torch.log_softmax(base_logits.float(), dim=-1)
    return torch.nn.functional.kl_div(base, tuned, log_target=True, reduction="sum")
