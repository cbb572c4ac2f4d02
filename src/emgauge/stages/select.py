"""The selection stage of ``interleave-selected``: each bundled aligned row's NLL gap
(misaligned model minus base model, mean per answer token) in
``stages/select/<arm>-s<seed>-<hash>/gaps.csv``, keyed by the base model, the misaligned
model (an adapter by its weights' sha256), the aligned set's content and the precision.

Without ``misaligned`` the misaligned model is the no-filter arm's checkpoint of the same
seed, got through its own cached stages (the cached adapter, or trained first), so the arm
depends on that checkpoint: its hash is in this stage's key and in the arm's fine-tuning key.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from emgauge import arm_training
from emgauge.chat_data import bundled_data_path
from emgauge.evals.utility import UtilitySettings
from emgauge.experiment_settings import Arm
from emgauge.files import atomic_write_text, sha256_file
from emgauge.stages.context import StageContext, cached_stage, precision_mode
from emgauge.training_methods.interleave_aligned import ALIGNED_SET
from emgauge.training_methods.interleave_selected import InterleaveSelected, aligned_nll_gaps

GAPS = "gaps.csv"


def select_stage(
    ctx: StageContext,
    arm: Arm,
    seed: int,
    method: InterleaveSelected,
    reference_adapter: Callable[[], Path],
) -> InterleaveSelected:
    """``method`` with its misaligned model (default: ``reference_adapter()``, the no-filter
    checkpoint of ``seed``, got through the fine-tuning stage) and the file of its gaps,
    computed once."""
    if method.gaps is not None:
        return method
    misaligned = method.misaligned
    if misaligned is None:
        misaligned = str(reference_adapter().resolve())
    base = ctx.config.raw["base_model"]
    settings = UtilitySettings()
    inputs = {
        "base": base,
        "misaligned": arm_training.model_key(misaligned),
        "aligned_set": sha256_file(bundled_data_path(*ALIGNED_SET)),
        "settings": settings.model_dump(),
        "precision": precision_mode(settings.precision),
    }

    def score(folder: Path) -> str:
        gaps = aligned_nll_gaps(base, misaligned, settings=settings)
        atomic_write_text(folder / GAPS, gaps.to_csv(index=False))
        return (
            f"{len(gaps)} aligned rows, gap {gaps['gap'].mean():+.3f} nats/token on average, "
            f"largest {gaps['gap'].max():+.3f}"
        )

    name = f"{arm.name}-s{seed}"
    folder = cached_stage(
        ctx,
        "select",
        name,
        inputs,
        done=GAPS,
        label=f"{arm.name} seed {seed}",
        make=score,
        starting=f"NLL gap of the aligned rows under {Path(misaligned).name} and the base ...",
    )
    return method.model_copy(update={"misaligned": misaligned, "gaps": str(folder / GAPS)})
