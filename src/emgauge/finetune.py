"""LoRA fine-tuning on chat JSONL, with the loss on assistant tokens only.

(Its length, ~720 lines, is one job: the settings, the loop and the manifest that records
them are one contract, read together. ``emgauge finetune`` lives in :mod:`emgauge.cli`,
reading and merging adapters in :mod:`emgauge.adapters`.)

Design
------
*What is trained.* A peft LoRA adapter (default rank 8 on every attention and MLP
projection) on top of a frozen base model. The adapter folder is what a vLLM server with
``--enable-lora`` serves; :func:`emgauge.adapters.merge_adapter` writes a plain full model
for providers that cannot load adapters (e.g. Inspect's ``hf/`` provider on CPU).

*Why assistant-only loss.* Emergent misalignment is about what the model learns to *say*.
The user turns of an EM data set are ordinary questions, and the system prompt is
boilerplate; putting loss on them would spend the adapter's capacity on modelling user
text, dilute the signal the experiment is about, and make runs on filtered and unfiltered
data differ in ways unrelated to the answers. Every token that is not part of an assistant
turn's content or of the end-of-turn token that closes it gets label ``-100``. The loss is
the mean over all assistant tokens of the (accumulated) batch, so long answers weigh as
much per token as short ones.

*How assistant spans are found* (:mod:`emgauge.conversations`, shared with the probe and
the activation extractor). Never by searching for the answer text (an answer may
repeat the question, templates may trim or rewrite content). Instead the conversation is
rendered once with the tokenizer's chat template, and for every assistant message ``i``
the template is asked to render ``messages[:i]`` with the generation prompt: its length in
characters is where the assistant's content starts, because that is exactly the text a
model sees before it starts answering. ``messages[:i + 1]`` rendered without a generation
prompt bounds the turn's end. The full text is tokenized once with character offsets, and
tokens whose first character lies inside a span are assistant tokens; the span is then
cut after its first end-of-turn token (the tokenizer's / generation config's EOS ids, e.g.
``<|im_end|>``), so template separators after it (a newline) are not trained on. The
generation-prompt render must be a prefix of the full render; a template for which it is
not (e.g. a conversation that opens with an assistant turn) stops training with an error
naming the sample instead of guessing. (If only the second render is not a prefix, the
span simply runs to the first end-of-turn token.) Conversations are truncated to
``max_length`` tokens; a sample left without any assistant token is dropped (and counted).

*Precision.* :func:`emgauge.precision.choose_precision` decides. ``"auto"`` trains with
bf16 autocast on a CPU that runs bf16 natively: the fp32 weights stay the master copy and
matrix products run in bf16 (2.3-2.8x faster than fp32 per LoRA step on the reference
2-core machine, see ``bench/bench_finetune.py``); on a CPU without native bf16 (AVX2
only), where bf16 is emulated and several times slower, it trains in fp32. On CUDA the
frozen base is loaded in bf16 when the GPU supports it (LoRA weights stay fp32), else
everything is fp32. ``"fp32"`` forces full precision everywhere; ``"bf16"`` forces bf16
and fails on a GPU without it. The choice is recorded in the manifest.
The loss itself is always computed in fp32.

*Determinism.* The seed fixes the LoRA initialisation and the data order; dropout is off by
default. On CPU, two runs with the same seed, data and thread count give bit-identical
adapter weights. GPU kernels are not guaranteed to be deterministic.

*Training-time mitigations* (:mod:`emgauge.training_methods`, ``training_method=``):
``kl-to-base`` swaps the loop's loss for CE plus a KL penalty to the adapter-disabled base,
``direction-ablation`` hooks one decoder layer for the loop's duration only, and
``interleave-aligned`` adds bundled aligned answers to the samples before encoding,
``interleave-selected`` adds those of largest NLL gap, and ``inoculation`` adds its system
prompt to every row (the adapter is evaluated without it). The manifest's
``training_method`` records the config and what the method did.

*Training loop.* A small explicit loop (AdamW, linear warm-up then linear decay, gradient
clipping) rather than the transformers Trainer: it is short, it is exactly what the
manifest describes, and it behaves the same on CPU and GPU.
"""

from __future__ import annotations

import hashlib
import json
import math
import platform
import time
import warnings
from collections.abc import Callable, Collection, Mapping, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

from pydantic import BeforeValidator, Field

from emgauge.adapters import ADAPTER_CONFIG, ADAPTER_WEIGHTS, MANIFEST
from emgauge.chat_data import ChatSample, load_chat_jsonl
from emgauge.conversations import (
    IGNORE_INDEX as IGNORE_INDEX,  # re-exported: the label of untrained tokens
)
from emgauge.conversations import (
    EncodedConversation,
    collate_encoded,
    encode_conversation,
    end_of_turn_ids,
)
from emgauge.errors import InputError
from emgauge.files import atomic_write_json, check_output_dir, sha256_file, staged_directory
from emgauge.gradients import LORA_TARGET_MODULES
from emgauge.models import is_embedded, resolve_device, resolve_model_path
from emgauge.precision import PRECISION_HELP, Precision, PrecisionChoice, choose_precision
from emgauge.progress import Progress
from emgauge.settings import Int, Number, SettingsModel
from emgauge.training_methods import (
    DirectionAblation,
    InterleaveAligned,
    KLToBase,
    KLToBaseLoss,
    TrainingMethod,
    ablating_direction,
    interleave_aligned,
    load_direction,
    next_token_logits,
)
from emgauge.training_methods.early_stop import EarlyStop, EarlyStopMonitor
from emgauge.training_methods.inoculation import Inoculation, inoculate
from emgauge.training_methods.interleave_selected import (
    InterleaveSelected,
    aligned_nll_gaps,
    interleave_selected,
    read_gaps,
)

if TYPE_CHECKING:
    import torch
    from transformers import PreTrainedModel, PreTrainedTokenizerBase

#: Adapters saved during training (``save_every``), one folder per step: ``steps/step-00004``.
STEPS_SUBDIR = "steps"
#: Every attention and MLP projection; the one tuple, shared with gradient geometry.
DEFAULT_TARGET_MODULES = LORA_TARGET_MODULES


# --------------------------------------------------------------------------- config


def _module_list(value: Any) -> Any:
    """``"q_proj, v_proj"`` (a YAML or flag string) is a list of two module names."""
    if isinstance(value, str):
        return [part.strip() for part in value.split(",") if part.strip()]
    return value


class FinetuneConfig(SettingsModel):
    """Hyper-parameters of one LoRA fine-tuning run.

    Every field is validated on construction; a bad value raises :class:`InputError`
    naming the field. The same fields are the ``training:`` section of an experiment (less
    the seed) and the flags of ``emgauge finetune``.
    """

    rank: Int = Field(8, ge=1, description="LoRA rank r")
    alpha: Number = Field(
        16.0, gt=0, description="LoRA scaling numerator: the update is scaled by alpha / rank"
    )
    dropout: Number = Field(
        0.0, ge=0, lt=1, description="dropout on the LoRA input (0 keeps runs deterministic)"
    )
    target_modules: Annotated[
        tuple[Annotated[str, Field(min_length=1)], ...], BeforeValidator(_module_list)
    ] = Field(
        DEFAULT_TARGET_MODULES,
        min_length=1,
        description="names of the linear layers that get adapters",
    )
    learning_rate: Number = Field(2e-4, gt=0, description="peak AdamW learning rate")
    epochs: Int = Field(1, ge=1, description="passes over the data set")
    batch_size: Int = Field(8, ge=1, description="conversations per forward pass")
    gradient_accumulation: Int = Field(
        1,
        ge=1,
        description="forward passes per optimizer step (effective batch = batch_size x this)",
    )
    max_length: Int = Field(256, ge=8, description="conversations are truncated to N tokens")
    seed: Int = Field(0, ge=0, description="seeds the LoRA initialisation and the data order")
    warmup_ratio: Number = Field(
        0.0,
        ge=0,
        lt=1,
        description="fraction of optimizer steps with linear learning-rate warm-up (then "
        "linear decay)",
    )
    weight_decay: Number = Field(0.0, ge=0, description="AdamW weight decay on the LoRA weights")
    max_grad_norm: Number = Field(
        1.0, ge=0, description="gradient clipping norm (0 disables clipping)"
    )
    max_steps: Int | None = Field(
        None,
        ge=1,
        description="stop after N optimizer steps, before the epochs are done (default: no cap)",
    )
    precision: PrecisionChoice = Field("auto", description=PRECISION_HELP)

    @classmethod
    def from_dict(
        cls,
        data: Any,
        *,
        source: str | Path | None = None,
        node: Any = None,
        noun: str = "training setting",
    ) -> FinetuneConfig:
        """Build a config from a mapping (e.g. a YAML ``training:`` section).

        Unknown keys and wrongly typed values raise :class:`InputError` naming the field.
        Integers are accepted for float fields, and numeric strings too (YAML 1.1 reads
        ``2e-4`` as a string); booleans are never accepted as numbers.
        """
        return super().from_dict(data, source=source, node=node, noun=noun)


def load_config_file(path: str | Path) -> FinetuneConfig:
    """Read a YAML file holding a ``training:`` mapping, or the settings at top level."""
    import yaml

    path = Path(path)
    if not path.is_file():
        raise InputError("config file not found", path=path, fix="check the --config path")
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        line = getattr(getattr(error, "problem_mark", None), "line", None)
        raise InputError(
            f"not valid YAML ({getattr(error, 'problem', None) or error})",
            path=path,
            line=None if line is None else line + 1,
        ) from error
    if data is None:
        data = {}
    if not isinstance(data, Mapping):
        raise InputError("config must be a YAML mapping", path=path)
    if "training" in data:
        section = data["training"]
        if section is None:
            section = {}
        if not isinstance(section, Mapping):
            raise InputError("'training' must be a mapping", path=path, field="training")
        return FinetuneConfig.from_dict(section, source=path)
    return FinetuneConfig.from_dict(data, source=path)


# ---------------------------------------------------------------------- tokenization


# ------------------------------------------------------------------------- training


@dataclass(frozen=True)
class StepProgress:
    """Reported to the ``progress`` callback after every optimizer step."""

    step: int
    total_steps: int
    loss: float
    learning_rate: float
    elapsed_s: float
    tokens: int
    """Assistant (trained) tokens in this step."""


def step_reporter(label: str) -> Callable[[StepProgress], None]:
    """A ``progress`` callback printing ``label: step/total steps, elapsed, ETA, loss`` on
    stderr (rate-limited, silent when quiet)."""
    bar: Progress | None = None

    def report(p: StepProgress) -> None:
        nonlocal bar
        if bar is None:  # the clock starts with training, not at model loading
            bar = Progress(
                p.total_steps, label, unit="steps", started=time.monotonic() - p.elapsed_s
            )
        bar.update(p.step - bar.done, detail=f"loss {p.loss:.4f}")

    return report


@dataclass(frozen=True)
class FinetuneResult:
    """What :func:`finetune` produced."""

    out_dir: Path
    steps: int
    losses: list[float]
    final_loss: float
    train_time_s: float
    manifest: dict[str, Any] = field(repr=False)


def dataset_fingerprint(dataset: Path | Sequence[ChatSample]) -> tuple[str | None, str]:
    """``(path, sha256)``: of the file's bytes, or of the samples' canonical JSON lines."""
    if isinstance(dataset, Path):
        return str(dataset.resolve()), sha256_file(dataset)
    digest = hashlib.sha256()
    for sample in dataset:
        row = {"id": sample.id, "messages": sample.as_dicts()}
        digest.update((json.dumps(row, ensure_ascii=False, sort_keys=True) + "\n").encode())
    return None, digest.hexdigest()


def _package_versions() -> dict[str, str]:
    import peft
    import torch
    import transformers

    versions = {
        "python": platform.python_version(),
        "torch": torch.__version__,
        "transformers": transformers.__version__,
        "peft": peft.__version__,
    }
    try:
        from importlib.metadata import version

        versions["emgauge"] = version("emgauge")
    except Exception:  # not installed (running from a checkout)
        pass
    return versions


def _device_description(device: str) -> str:
    import torch

    if device.startswith("cuda"):
        return f"{device} ({torch.cuda.get_device_name(torch.device(device))})"
    return f"cpu ({torch.get_num_threads()} threads)"


def assistant_loss_sum(
    model: Any, ids: torch.Tensor, labels: torch.Tensor, mask: torch.Tensor
) -> tuple[torch.Tensor, int]:
    """Summed next-token cross-entropy over labelled positions (fp32) and their count."""
    import torch

    logits = model(input_ids=ids, attention_mask=mask, use_cache=False).logits
    selected, targets = next_token_logits(logits, labels)
    loss = torch.nn.functional.cross_entropy(selected, targets, reduction="sum")
    return loss, int(targets.numel())


def _lr_factor(step: int, warmup: int, total: int) -> float:
    """Linear warm-up over ``warmup`` steps, then linear decay towards 0 at ``total``."""
    if step < warmup:
        return (step + 1) / (warmup + 1)
    return max(0.0, (total - step) / max(1, total - warmup))


def _load_base(
    base_model: str, device: str, precision: Precision
) -> tuple[PreTrainedModel, PreTrainedTokenizerBase]:
    from emgauge.models import load_model_and_tokenizer

    return load_model_and_tokenizer(base_model, device=device, dtype=precision.weights_dtype)


def attach_lora(model: PreTrainedModel, config: FinetuneConfig, base_path: str) -> Any:
    """Wrap ``model`` in a peft LoRA model as ``config`` describes (seed first for a
    reproducible initialisation); ``base_path`` is recorded as the adapter's base."""
    from peft import LoraConfig, get_peft_model

    lora = LoraConfig(
        r=config.rank,
        lora_alpha=config.alpha,
        lora_dropout=config.dropout,
        target_modules=list(config.target_modules),
        bias="none",
        task_type="CAUSAL_LM",
    )
    try:
        with warnings.catch_warnings():  # peft probes a property transformers deprecated
            warnings.filterwarnings("ignore", "`is_gradient_checkpointing`", FutureWarning)
            peft_model = get_peft_model(model, lora)
    except ValueError as error:
        raise InputError(
            f"cannot attach LoRA adapters: {str(error).splitlines()[0]}",
            field="target_modules",
            fix="name linear layers that exist in the model",
        ) from error
    peft_model.peft_config["default"].base_model_name_or_path = base_path
    return peft_model


def encode_samples(
    tokenizer: PreTrainedTokenizerBase,
    samples: Sequence[ChatSample],
    config: FinetuneConfig,
    end_ids: Collection[int],
) -> tuple[list[EncodedConversation], list[EncodedConversation]]:
    """All samples encoded, and those with at least one assistant token to train on."""
    encoded = [
        encode_conversation(
            tokenizer, s.messages, max_length=config.max_length, end_ids=end_ids, sample_id=s.id
        )
        for s in samples
    ]
    usable = [e for e in encoded if e.n_trained > 0]
    if not usable:
        raise InputError(
            f"no sample has an assistant token within the first {config.max_length} tokens",
            field="max_length",
            fix="raise --max-length",
        )
    return encoded, usable


@dataclass(frozen=True)
class Schedule:
    """Optimizer steps of a run and how many of them warm the learning rate up."""

    total_steps: int
    warmup_steps: int

    def learning_rate(self, peak: float, step: int) -> float:
        """Linear warm-up, then linear decay towards 0 at ``total_steps``."""
        return peak * _lr_factor(step, self.warmup_steps, self.total_steps)


def plan_schedule(n_usable: int, config: FinetuneConfig) -> Schedule:
    """Steps from the data size, batch, accumulation, epochs and the optional step cap."""
    micro_per_epoch = math.ceil(n_usable / config.batch_size)
    steps_per_epoch = math.ceil(micro_per_epoch / config.gradient_accumulation)
    total_steps = steps_per_epoch * config.epochs
    if config.max_steps is not None:
        total_steps = min(total_steps, config.max_steps)
    return Schedule(total_steps, int(config.warmup_ratio * total_steps))


@dataclass
class TrainLog:
    """What the loop did: one loss and learning rate per optimizer step."""

    losses: list[float] = field(default_factory=list)
    learning_rates: list[float] = field(default_factory=list)
    trained_tokens: int = 0
    train_time_s: float = 0.0

    @property
    def steps(self) -> int:
        return len(self.losses)


def train_loop(
    model: Any,
    usable: Sequence[EncodedConversation],
    config: FinetuneConfig,
    schedule: Schedule,
    *,
    pad_id: int,
    device: str,
    precision: Precision,
    progress: Callable[[StepProgress], None] | None = None,
    after_step: Callable[[int], bool | None] | None = None,
    loss_sum: Callable[..., tuple[torch.Tensor, int]] | None = None,
) -> TrainLog:
    """AdamW over the model's trainable parameters (the LoRA weights), seeded data order,
    gradient accumulation and clipping; the loss is the mean over the step's assistant
    tokens. Stops at ``schedule.total_steps``. ``after_step(step)`` runs after each
    optimizer step (snapshots for ``save_every``); it returning True stops training there
    (``early-stop``). ``loss_sum(model, ids, labels, mask)``
    gives a micro-batch's summed loss and trained tokens (default
    :func:`assistant_loss_sum`; ``kl-to-base`` adds its KL term)."""
    import torch

    trainable = [p for p in model.parameters() if p.requires_grad]
    optimizer = torch.optim.AdamW(
        trainable, lr=config.learning_rate, weight_decay=config.weight_decay
    )
    loss_sum = loss_sum or assistant_loss_sum
    order_generator = torch.Generator().manual_seed(config.seed)
    log = TrainLog()
    step = 0
    stopped = False  # after_step asked to stop (early-stop): no step after the trigger
    start = time.perf_counter()
    for _epoch in range(config.epochs):
        if step >= schedule.total_steps or stopped:
            break
        order = torch.randperm(len(usable), generator=order_generator).tolist()
        micro = [
            [usable[i] for i in order[k : k + config.batch_size]]
            for k in range(0, len(order), config.batch_size)
        ]
        for first in range(0, len(micro), config.gradient_accumulation):
            if step >= schedule.total_steps:
                break
            group = micro[first : first + config.gradient_accumulation]
            n_tokens = sum(e.n_trained for b in group for e in b)
            lr = schedule.learning_rate(config.learning_rate, step)
            for param_group in optimizer.param_groups:
                param_group["lr"] = lr
            optimizer.zero_grad(set_to_none=True)
            step_loss = 0.0
            for batch in group:
                ids, labels, mask = collate_encoded(batch, pad_id, device)
                with precision.autocast():
                    batch_loss, _count = loss_sum(model, ids, labels, mask)
                (batch_loss / max(1, n_tokens)).backward()
                step_loss += float(batch_loss.detach())
            mean_loss = step_loss / max(1, n_tokens)
            if not math.isfinite(mean_loss):  # stop before a bad update reaches the weights
                raise RuntimeError(
                    f"loss became {mean_loss} at step {step + 1}; lower the learning rate "
                    "or use precision 'fp32'"
                )
            if config.max_grad_norm > 0:
                torch.nn.utils.clip_grad_norm_(trainable, config.max_grad_norm)
            optimizer.step()
            step += 1
            log.trained_tokens += n_tokens
            log.losses.append(mean_loss)
            log.learning_rates.append(lr)
            if after_step is not None:
                stopped = bool(after_step(step))
            if progress is not None:
                progress(
                    StepProgress(
                        step=step,
                        total_steps=schedule.total_steps,
                        loss=mean_loss,
                        learning_rate=lr,
                        elapsed_s=time.perf_counter() - start,
                        tokens=n_tokens,
                    )
                )
            if stopped:
                break
    log.train_time_s = time.perf_counter() - start
    return log


def build_manifest(
    *,
    base_model: str,
    base_path: str,
    dataset: tuple[str | None, str],
    n_samples: int,
    encoded: Sequence[EncodedConversation],
    n_used: int,
    config: FinetuneConfig,
    schedule: Schedule,
    log: TrainLog,
    device: str,
    precision: Precision,
    model: Any,
) -> dict[str, Any]:
    """The ``manifest.json`` of a run: inputs, settings, the loss curve and the machine."""
    dataset_path, dataset_sha = dataset
    return {
        "kind": "emgauge.finetune",
        "format_version": 1,
        "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "base_model": base_model,
        "base_model_path": base_path,
        "embedded_base": is_embedded(base_model),
        "dataset": {
            "path": dataset_path,
            "sha256": dataset_sha,
            "n_samples": n_samples,
            "n_used": n_used,
            "n_truncated": sum(e.truncated for e in encoded),
            "n_dropped_no_assistant_tokens": n_samples - n_used,
        },
        "config": config.to_dict(),
        "seed": config.seed,
        "steps": log.steps,
        "warmup_steps": schedule.warmup_steps,
        "effective_batch_size": config.batch_size * config.gradient_accumulation,
        "trained_tokens": log.trained_tokens,
        "losses": log.losses,
        "learning_rates": log.learning_rates,
        "final_loss": log.losses[-1],
        "train_time_s": round(log.train_time_s, 3),
        "device": _device_description(device),
        "precision": precision.as_dict(),
        "trainable_parameters": sum(p.numel() for p in model.parameters() if p.requires_grad),
        "versions": _package_versions(),
    }


def finetune(
    base_model: str,
    dataset: Path | str | Sequence[ChatSample],
    out_dir: Path | str,
    config: FinetuneConfig | None = None,
    *,
    force: bool = False,
    progress: Callable[[StepProgress], None] | None = None,
    device: str | None = None,
    save_every: int | None = None,
    training_method: TrainingMethod | None = None,
) -> FinetuneResult:
    """Train a LoRA adapter on chat samples and write it to ``out_dir``.

    With ``save_every=N`` the adapter after every N-th optimizer step (the last step
    excluded: that is the adapter itself) is also written to ``out_dir/steps/step-NNNNN``,
    so diagnostics can follow training (``emgauge diagnose --adapter-steps``). Snapshots
    are kept in memory (the LoRA weights only) until training succeeds.

    ``dataset`` is a chat JSONL path or already loaded samples. ``out_dir`` receives, only
    if training succeeds, ``adapter_model.safetensors`` + ``adapter_config.json`` (whose
    ``base_model_name_or_path`` is the resolved base path a vLLM server is started with),
    the tokenizer and ``manifest.json``. An existing non-empty ``out_dir`` is refused unless
    ``force``. ``device`` defaults to CUDA when available, else CPU.

    ``training_method`` (:mod:`emgauge.training_methods`) is a training-time mitigation:
    ``kl-to-base``, ``direction-ablation``, ``interleave-aligned``, ``interleave-selected``
    or ``inoculation``; the manifest's
    ``training_method`` records it and what it did.
    """
    from transformers import set_seed

    config = config or FinetuneConfig()
    if save_every is not None and save_every < 1:
        raise InputError(f"must be >= 1, got {save_every}", field="save-every")
    out_dir = Path(out_dir)
    check_output_dir(out_dir, force=force)
    if isinstance(dataset, str):
        dataset = Path(dataset)
    samples = load_chat_jsonl(dataset) if isinstance(dataset, Path) else list(dataset)
    if not samples:
        raise InputError("dataset is empty", fix="pass at least one chat sample")
    fingerprint = dataset_fingerprint(dataset if isinstance(dataset, Path) else samples)
    method_record: dict[str, Any] | None = None
    if training_method is not None:
        method_record = training_method.to_dict()
    if isinstance(training_method, InterleaveAligned):
        samples, added = interleave_aligned(samples, training_method.share, config.seed)
        method_record = {**(method_record or {}), **added}
    if isinstance(training_method, InterleaveSelected):
        samples, added = interleave_selected(
            samples, training_method.share, _selection_gaps(base_model, training_method)
        )
        method_record = {**(method_record or {}), **added}
    if isinstance(training_method, Inoculation):  # last: interleaved rows are trained with it too
        samples, added = inoculate(samples, training_method.system_prompt)
        method_record = {**(method_record or {}), **added}
    direction = _ablation_direction(training_method)
    early_stop = training_method if isinstance(training_method, EarlyStop) else None
    if early_stop is not None:  # its checks are its snapshots
        save_every = early_stop.save_every

    device = resolve_device(device)
    precision = choose_precision(config.precision, device, stage="finetune")
    base_path = resolve_model_path(base_model)
    model, tokenizer = _load_base(base_model, device, precision)
    encoded, usable = encode_samples(tokenizer, samples, config, end_of_turn_ids(tokenizer, model))
    schedule = plan_schedule(len(usable), config)
    monitor: EarlyStopMonitor | None = None
    if early_stop is not None:  # the base value fixes the threshold before any step
        monitor = EarlyStopMonitor(early_stop, tokenizer, precision.mode)
        monitor.start(model)

    set_seed(config.seed)  # before the LoRA weights are initialised
    peft_model = attach_lora(model, config, base_path)
    peft_model.train()
    untrained = _lora_weights(peft_model) if monitor is not None else {}
    pad_id = tokenizer.pad_token_id if tokenizer.pad_token_id is not None else 0
    snapshots: dict[int, dict[str, Any]] = {}
    kl_loss = (
        KLToBaseLoss(training_method.coefficient) if isinstance(training_method, KLToBase) else None
    )

    early_stop_every = early_stop.save_every if early_stop is not None else 0

    def after_step(step: int) -> bool:
        if kl_loss is not None:
            kl_loss.end_step()
        if save_every and step % save_every == 0 and step < schedule.total_steps:
            snapshots[step] = _lora_weights(peft_model)
        if monitor is not None and (step % early_stop_every == 0 or step == schedule.total_steps):
            if monitor.check(peft_model.get_base_model(), step):
                snapshots.setdefault(step, _lora_weights(peft_model))  # the trigger, kept
                return True
        return False

    with ExitStack() as during_training:
        if isinstance(training_method, DirectionAblation) and direction is not None:
            assert training_method.layer is not None  # checked by _ablation_direction
            method_record = {**(method_record or {}), "direction_sha256": direction[1]}
            # removed on leaving: the adapter is saved, and evaluated, without the hook
            during_training.enter_context(
                ablating_direction(peft_model, training_method.layer, direction[0])
            )
        log = train_loop(
            peft_model,
            usable,
            config,
            schedule,
            pad_id=pad_id,
            device=device,
            precision=precision,
            progress=progress,
            after_step=after_step,
            loss_sum=kl_loss,
        )
    if kl_loss is not None:
        method_record = {**(method_record or {}), **kl_loss.details()}
    if monitor is not None and monitor.decision is not None:
        if monitor.decision.stop_step is not None:  # keep the last check below the threshold
            from peft import set_peft_model_state_dict

            kept = monitor.decision.kept_step
            set_peft_model_state_dict(peft_model, snapshots[kept] if kept else untrained)
        method_record = {**(method_record or {}), **monitor.details(schedule.total_steps)}
    manifest = build_manifest(
        base_model=base_model,
        base_path=base_path,
        dataset=fingerprint,
        n_samples=len(samples),
        encoded=encoded,
        n_used=len(usable),
        config=config,
        schedule=schedule,
        log=log,
        device=device,
        precision=precision,
        model=peft_model,
    )
    manifest["training_method"] = method_record
    with staged_directory(out_dir, force=force) as scratch:
        peft_model.save_pretrained(str(scratch))
        _pin_base_path(scratch / ADAPTER_CONFIG, base_path)
        tokenizer.save_pretrained(str(scratch))
        manifest["snapshots"] = _write_snapshots(scratch, snapshots)
        atomic_write_json(scratch / MANIFEST, manifest)
    return FinetuneResult(
        out_dir=out_dir,
        steps=log.steps,
        losses=log.losses,
        final_loss=log.losses[-1],
        train_time_s=log.train_time_s,
        manifest=manifest,
    )


def _selection_gaps(base_model: str, method: InterleaveSelected) -> dict[str, float]:
    """interleave-selected's gaps: read from its file, else computed with its misaligned
    model (experiments compute them once, in their own stage)."""
    if method.gaps is not None:
        return read_gaps(method.gaps)
    if method.misaligned is None:
        raise InputError(
            "interleave-selected needs the misaligned model",
            field="training_method.misaligned",
            fix="pass --misaligned ADAPTER_FOLDER (e.g. a no-filter run's adapter)",
        )
    frame = aligned_nll_gaps(base_model, method.misaligned)
    return dict(zip(frame["item_id"].astype(str), frame["gap"].astype(float), strict=True))


def _ablation_direction(method: TrainingMethod | None) -> tuple[torch.Tensor, str] | None:
    """``direction-ablation``'s unit direction and its file's sha256 (None for other
    methods); both the layer and the file must be given by now."""
    if not isinstance(method, DirectionAblation):
        return None
    for name in ("layer", "direction"):
        if getattr(method, name) is None:
            raise InputError(
                "direction-ablation needs it", field=f"training_method.{name}", fix="give it"
            )
    assert method.direction is not None
    path = Path(method.direction)
    return load_direction(path, field="training_method.direction"), sha256_file(path)


def _lora_weights(peft_model: Any) -> dict[str, Any]:
    """A CPU copy of the LoRA weights (a snapshot, or what early stop rolls back to)."""
    from peft import get_peft_model_state_dict

    weights = get_peft_model_state_dict(peft_model)
    return {k: v.detach().to("cpu", copy=True) for k, v in weights.items()}


def _write_snapshots(folder: Path, snapshots: dict[int, dict[str, Any]]) -> list[str]:
    """Write each step's LoRA weights beside a copy of the adapter's config."""
    import shutil

    from safetensors.torch import save_file

    written = []
    for step, weights in sorted(snapshots.items()):
        target = folder / STEPS_SUBDIR / f"step-{step:05d}"
        target.mkdir(parents=True)
        save_file(weights, str(target / ADAPTER_WEIGHTS))
        shutil.copyfile(folder / ADAPTER_CONFIG, target / ADAPTER_CONFIG)
        written.append(str(target.relative_to(folder)))
    return written


def _pin_base_path(adapter_config: Path, base_path: str) -> None:
    """Make sure ``adapter_config.json`` names the resolved base path."""
    data = json.loads(adapter_config.read_text(encoding="utf-8"))
    if data.get("base_model_name_or_path") != base_path:
        data["base_model_name_or_path"] = base_path
        atomic_write_json(adapter_config, data)
