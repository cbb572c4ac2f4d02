"""How long a run will take here: the time estimate of ``emgauge run --dry-run``.

The estimate counts the work of every stage from the config and its data (tokens trained,
tokens read in forward passes, decode steps of generation) and prices it with unit costs
measured once on this machine for the base model and precision (:func:`unit_costs`: a few
seconds, cached in the emgauge cache like the bf16 calibration). CPUs differ several-fold
(AVX2 against native bf16), so nothing here is a constant from another machine.

What it leaves out, and says so: remote judges and ``provider: vllm`` (their speed is not
this machine's), and stages already done in the run folder or the caches (it prices a run
from empty caches except the SAE and contrast caches it can see). It was checked against
measured runs (docs/benchmarks.md#run-time-estimate).
"""

from __future__ import annotations

import functools
import json
import math
import time
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from emgauge.chat_data import ChatSample, bundled_data_path, load_chat_jsonl, mix_labelled
from emgauge.errors import InputError
from emgauge.experiment_settings import ExperimentConfig, sweep_points
from emgauge.files import atomic_write_json, file_lock
from emgauge.stages.filtering import seeded_ingredient

__all__ = [
    "StageWork",
    "UnitCosts",
    "estimate_lines",
    "run_work",
    "unit_costs",
]

#: Cache file of measured unit costs, keyed by CPU, threads, model and precision.
UNIT_COSTS_FILE = "unit-costs.json"
#: Sequences per generation batch the estimate assumes (the emgauge provider's batching).
DECODE_BATCH = 16
#: Tokens a judge reads per answer besides the answer (its template and the question).
JUDGE_PROMPT_TOKENS = 220
#: Tokens of a question with its chat template, as the subject model reads it.
QUESTION_TOKENS = 40
#: A stage's fixed cost besides its model load (imports, writing, Inspect's bookkeeping).
STAGE_OVERHEAD_S = 2.0


@dataclass(frozen=True)
class UnitCosts:
    """Seconds per unit of work of one model in one precision on this machine.

    Attributes:
        forward_token: one token of a batched forward pass without gradients.
        train_token: one token of a LoRA training step (forward, backward, update).
        decode_step: one decode step of a batch of :data:`DECODE_BATCH` sequences.
        load: loading the model (and, for adapters, attaching one).
    """

    forward_token: float
    train_token: float
    decode_step: float
    load: float


@dataclass(frozen=True)
class StageWork:
    """The work of ``count`` stages of one kind, each of the same size."""

    stage: str
    count: int
    forward_tokens: float = 0.0
    train_tokens: float = 0.0
    decode_steps: float = 0.0
    loads: int = 1
    note: str = ""

    def seconds_each(self, costs: UnitCosts) -> float:
        return (
            self.forward_tokens * costs.forward_token
            + self.train_tokens * costs.train_token
            + self.decode_steps * costs.decode_step
            + self.loads * costs.load
            + STAGE_OVERHEAD_S
        )

    def seconds(self, costs: UnitCosts) -> float:
        return self.count * self.seconds_each(costs)


# ----------------------------------------------------------------------- unit costs


def _measure(model_name: str, precision_mode: str) -> UnitCosts:
    """Time a forward pass, two LoRA steps and a short generation of ``model_name``."""
    import torch

    from emgauge.finetune import FinetuneConfig, attach_lora
    from emgauge.models import load_model_and_tokenizer, locate_model, resolve_device
    from emgauge.precision import choose_precision

    device = resolve_device()
    start = time.perf_counter()
    model, tokenizer = load_model_and_tokenizer(model_name, device=device, dtype=torch.float32)
    load = time.perf_counter() - start
    precision = choose_precision(precision_mode, device)
    vocab = int(model.config.vocab_size)
    generator = torch.Generator().manual_seed(0)

    def ids(batch: int, length: int) -> torch.Tensor:
        drawn = torch.randint(100, vocab - 1, (batch, length), generator=generator)
        return drawn.to(device)

    def timed(step: Any, repeats: int = 2) -> float:
        step()  # warm-up: kernel choice, allocation
        best = math.inf
        for _ in range(repeats):
            began = time.perf_counter()
            step()
            if device == "cuda":
                torch.cuda.synchronize()
            best = min(best, time.perf_counter() - began)
        return best

    forward_ids = ids(4, 128)
    with torch.no_grad(), precision.autocast():
        forward = timed(lambda: model(forward_ids)) / forward_ids.numel()
        prompt = ids(DECODE_BATCH, 32)
        new_tokens = 12
        decode = timed(
            lambda: model.generate(
                prompt,
                attention_mask=torch.ones_like(prompt),
                max_new_tokens=new_tokens,
                min_new_tokens=new_tokens,
                do_sample=False,
                pad_token_id=tokenizer.pad_token_id,
            ),
            repeats=1,
        )
    decode = max(decode - forward * prompt.numel(), 0.0) / new_tokens
    lora = attach_lora(model, FinetuneConfig(), locate_model(model_name))
    optimizer = torch.optim.AdamW([p for p in lora.parameters() if p.requires_grad], lr=1e-4)
    train_ids = ids(2, 128)

    def train_step() -> None:
        with precision.autocast():
            loss = lora(train_ids, labels=train_ids).loss
        loss.backward()
        optimizer.step()
        optimizer.zero_grad()

    train = timed(train_step) / train_ids.numel()
    return UnitCosts(forward_token=forward, train_token=train, decode_step=decode, load=load)


def unit_costs(model_name: str, precision_mode: str, cache: Path | None = None) -> UnitCosts:
    """This machine's :class:`UnitCosts` for ``model_name``: measured once (a few seconds
    for the embedded model) and cached in ``cache`` (default: the emgauge cache) per CPU,
    thread count, torch version and precision."""
    import torch

    from emgauge.models import cache_root
    from emgauge.precision import cpu_info

    cpu = cpu_info()
    key = "|".join(
        [
            model_name,
            precision_mode,
            f"{cpu.model}/{cpu.capability}",
            f"{torch.get_num_threads()} threads",
            f"torch {torch.__version__}",
        ]
    )
    cache = cache or cache_root()
    path = cache / UNIT_COSTS_FILE
    with file_lock(cache / f".{UNIT_COSTS_FILE}.lock"):
        try:
            cached = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError):
            cached = {}
        if key not in cached:
            cached[key] = asdict(_measure(model_name, precision_mode))
            atomic_write_json(path, cached)
    return UnitCosts(**cached[key])


# -------------------------------------------------------------------------- the work


@functools.cache
def _read_tokenizer(folder: str) -> Any:
    """A model folder's tokenizer, read once per process (only ever asked to count)."""
    from transformers import AutoTokenizer

    return AutoTokenizer.from_pretrained(folder)


class _Tokens:
    """Token counts of chat rows and texts with the base model's tokenizer."""

    def __init__(self, model_name: str) -> None:
        from emgauge.models import locate_model

        self.tokenizer = _read_tokenizer(str(locate_model(model_name)))

    def text(self, text: str) -> int:
        return len(self.tokenizer(text, add_special_tokens=False)["input_ids"])

    def samples(self, samples: Sequence[ChatSample], max_length: int | None = None) -> list[int]:
        """Tokens of each row's turns (plus a few per turn for the chat template)."""
        counts = []
        for sample in samples:
            n = sum(self.text(m.content) + 4 for m in sample.messages)
            counts.append(min(n, max_length) if max_length else n)
        return counts


def _mean(values: Iterable[float]) -> float:
    values = list(values)
    return sum(values) / len(values) if values else 0.0


def _training_rows(config: ExperimentConfig) -> list[ChatSample]:
    samples = load_chat_jsonl(config.dataset)
    mix = config.settings.dataset_mix
    return mix_labelled(samples, mix) if mix else samples


def _steps(n_rows: int, training: dict[str, Any]) -> int:
    """Optimizer steps of one fine-tune (``max_steps`` caps the epochs)."""
    from emgauge.finetune import FinetuneConfig, plan_schedule

    # save_every is the experiment's (snapshots), not a fine-tuning setting
    settings = {k: v for k, v in training.items() if k != "save_every"}
    return plan_schedule(n_rows, FinetuneConfig.from_dict(settings)).total_steps


def _evaluation_samples(config: ExperimentConfig) -> int:
    """Answers drawn per checkpoint: the task's own sample list for the config."""
    from emgauge.evals.emergent_misalignment.task import build_samples
    from emgauge.tasks.prompt_sets import load_prompt_sets, select_domains

    evaluation = config.evaluation
    sets = (
        load_prompt_sets(evaluation["prompt_sets"])
        if evaluation.get("prompt_sets")
        else select_domains(evaluation["domains"])
    )
    samples = build_samples(
        sets, evaluation.get("samples_per_paraphrase"), evaluation.get("questions_per_set")
    )
    variants = evaluation.get("variants") or ["plain"]
    return len(samples) * len(variants)


def run_work(config: ExperimentConfig) -> list[StageWork]:
    """The work of every stage of ``config``'s run, from empty run folder and caches."""
    from emgauge.evals.emergent_misalignment.task import DEFAULT_MAX_TOKENS
    from emgauge.experiment_settings import BENIGN_ONLY, NO_FILTER

    settings = config.settings
    tokens = _Tokens(config.raw["base_model"])
    training = dict(config.raw.get("training") or {})
    max_length = int(training.get("max_length") or 512)
    rows = _training_rows(config)
    row_tokens = tokens.samples(rows, max_length)
    seeds = len(config.seeds)
    points = sweep_points(config)
    work: list[StageWork] = []

    # filter scoring: per arm (per seed for a seeded method, e.g. sae-proximity's SAE), on
    # every row
    scored = [p.arm for p in points if p.arm.method not in (NO_FILTER, BENIGN_ONLY)]
    model_scored = {a.name: a for a in scored if a.method not in ("random", "heuristic")}
    if model_scored:
        runs = sum(seeds if seeded_ingredient(config, a) else 1 for a in model_scored.values())
        work.append(
            StageWork("score", runs, forward_tokens=sum(row_tokens), note=", ".join(model_scored))
        )
    work += _sae_work(config, list(model_scored.values()))
    # fine-tunes: one per point and seed (no filter and the control once per seed)
    n_finetunes = len({p.label for p in points}) * seeds
    kept = len(rows) if config.raw.get("budget") is None else len(rows) // 2
    steps = _steps(max(kept, 1), training)
    batch = int(training.get("batch_size") or 4)
    work.append(
        StageWork(
            "finetune",
            n_finetunes,
            train_tokens=steps * batch * _mean(row_tokens),
            note=f"{steps} steps x {batch} rows",
        )
    )
    checkpoints = n_finetunes + (1 if settings.include_base else 0)
    if config.probe_pairs:
        pairs = _probe_subset(config, config.probe_pairs)
        pair_tokens = sum(
            2 * tokens.text(p.prompt) + tokens.text(p.aligned) + tokens.text(p.misaligned)
            for p in pairs
        )
        variants = config.settings.evaluation.variants
        work.append(
            StageWork(
                "probe",
                checkpoints,
                # every form of a pair is read (training-format's wrapping priced as plain)
                forward_tokens=pair_tokens * len(variants),
                note=f"{len(pairs)} pairs x {len(variants)} variant(s)",
            )
        )
    if config.utility_answers:
        answers = [s for path in config.utility_answers for s in load_chat_jsonl(path)]
        work.append(
            StageWork(
                "utility",
                checkpoints,
                forward_tokens=sum(tokens.samples(answers)),
                note=f"{len(answers)} answers",
            )
        )
    work += _monitor_work(config, tokens, steps, seeds)
    work += _select_work(config, tokens, seeds)
    evaluation = config.evaluation
    n_samples = _evaluation_samples(config)
    max_tokens = int(evaluation.get("max_tokens") or DEFAULT_MAX_TOKENS)
    local_judge = config.grader.startswith(("emgauge/", "emgauge-readout/"))
    judges = len(evaluation.get("judges") or ("aligned", "coherent"))
    judged = n_samples * _judge_tokens(config.grader, judges, max_tokens) if local_judge else 0
    work.append(
        StageWork(
            "evaluate",
            checkpoints,
            forward_tokens=n_samples * QUESTION_TOKENS + judged,
            decode_steps=math.ceil(n_samples / DECODE_BATCH) * max_tokens,
            note=f"{n_samples} answers of up to {max_tokens} tokens"
            + ("" if local_judge else "; remote judge not priced"),
        )
    )
    validation = settings.judge_validation
    if validation and local_judge:
        n_valid = (validation.limit or 145) + (validation.real_limit or 0)
        work.append(
            StageWork(
                "judge validation",
                1,
                forward_tokens=n_valid * _judge_tokens(config.grader, judges, 120),
                note=f"up to {n_valid} answers",
            )
        )
    return work


def _judge_tokens(grader: str, judges: int, answer_tokens: int) -> int:
    """Tokens a local judge reads per answer: a read-out reads question and answer once for
    all its metrics; an LLM judge reads its template, question and answer per metric."""
    if grader.startswith("emgauge-readout/"):
        return QUESTION_TOKENS + answer_tokens
    return judges * (JUDGE_PROMPT_TOKENS + answer_tokens)


def _monitor_work(config: ExperimentConfig, tokens: Any, steps: int, seeds: int) -> list[StageWork]:
    """The monitor's reads (:mod:`emgauge.stages.monitor`): every snapshot and final adapter
    of a monitored fine-tune, and the base once, each on the held-out pairs twice (the
    projection and the margin); an early-stop arm also reads the base and each check while
    training (one measure). Priced as if no early-stop arm stopped early."""
    from emgauge.evals.misaligned_preference.probe import bundled_probe_paths

    every = (config.raw.get("training") or {}).get("save_every")
    early = {
        a.name: int((a.training_method or {}).get("save_every", 2))
        for a in config.arms
        if (a.training_method or {}).get("name") == "early-stop"
    }
    if every is None and not early:
        return []
    pairs = _probe_subset(config, config.probe_pairs or bundled_probe_paths())
    pair_tokens = sum(
        2 * tokens.text(p.prompt) + tokens.text(p.aligned) + tokens.text(p.misaligned)
        for p in pairs
    )
    points = [p for p in sweep_points(config) if every is not None or p.arm.name in early]
    reads = [math.ceil(steps / early.get(p.arm.name, every or 1)) for p in points]
    work = [
        StageWork(
            "monitor",
            sum(reads) * seeds + 1,
            forward_tokens=2 * pair_tokens,
            note=f"{len(points) * seeds} fine-tunes' snapshots + base, {len(pairs)} pairs",
        )
    ]
    if early:
        checks = sum(math.ceil(steps / n) + 1 for n in early.values()) * seeds
        work.append(
            StageWork(
                "early-stop checks",
                checks,
                forward_tokens=pair_tokens,
                loads=0,
                note="one measure, inside fine-tuning",
            )
        )
    return work


def _probe_subset(config: ExperimentConfig, paths: Sequence[Path]) -> list[Any]:
    """The pairs the probe reads: every pair of each file, or ``per_set`` of them."""
    from emgauge.evals.misaligned_preference.probe import load_probe_pairs
    from emgauge.stages.context import evenly_spread

    probe = config.settings.evaluation.probe
    per_set = probe.per_set if probe is not None else None
    subsets = [load_probe_pairs([path]) for path in paths]
    return [p for pairs in subsets for p in (evenly_spread(pairs, per_set) if per_set else pairs)]


def _sae_work(config: ExperimentConfig, arms: Sequence[Any]) -> list[StageWork]:
    """Training the embedded model's default SAE for every seed that needs one and whose
    SAE is not in the cache: its activations read ``training_tokens`` tokens (the SAE's
    own optimisation is small beside that for the embedded model)."""
    from emgauge.models import is_embedded

    sae_arms = [a for a in arms if a.method == "sae-proximity"]
    shared = dict(config.raw.get("filter_options") or {})
    missing = 0
    tokens_each, depth = 0, 1.0
    for arm in sae_arms:
        options = {**shared, **arm.options}
        if options.get("sae") or not is_embedded(options.get("model") or "smollm2"):
            continue  # a given SAE, or one the run only reuses from the cache
        seeds = config.seeds if seeded_ingredient(config, arm) else [0]
        for seed in seeds:
            folder, tokens_each, depth = _default_sae(options, seed)
            missing += not (folder / "cfg.json").is_file()
    if not missing:
        return []
    return [
        StageWork(
            "SAE training",
            missing,
            # the activations stop at the SAE's layer: that share of a forward pass
            forward_tokens=tokens_each * depth,
            note=f"{tokens_each:,} tokens each, not in the cache",
        )
    ]


def _default_sae(options: dict[str, Any], seed: int) -> tuple[Path, int, float]:
    """Cache folder, training tokens and depth (the share of the model's layers its
    activations pass) of the default SAE an sae-proximity arm with ``options`` trains for
    ``seed``."""
    from emgauge.mitigations.sae_training import (
        default_sae_settings,
        trained_sae_dir,
        training_documents,
    )
    from emgauge.models import model_shape

    layer = options.get("layer")
    model = options.get("model") or "smollm2"
    n_layers = model_shape(model).n_layers
    if layer is None:  # the middle layer, as the filters default
        layer = n_layers // 2
    settings = default_sae_settings(
        model,
        int(layer),
        training_tokens=options.get("sae_training_tokens"),
        k=options.get("sae_k"),
        seed=seed,
    )
    folder = trained_sae_dir(settings, training_documents(None).sha256)
    return folder, int(settings.training_tokens), (int(layer) + 1) / n_layers


def _select_work(config: ExperimentConfig, tokens: Any, seeds: int) -> list[StageWork]:
    """interleave-selected's gaps (:mod:`emgauge.stages.select`): the bundled aligned set
    read under the base and the misaligned model, per arm and seed."""
    from emgauge.training_methods.interleave_aligned import ALIGNED_SET

    arms = [
        a for a in config.arms if (a.training_method or {}).get("name") == "interleave-selected"
    ]
    if not arms:
        return []
    aligned = load_chat_jsonl(bundled_data_path(*ALIGNED_SET))
    return [
        StageWork(
            "select",
            len(arms) * seeds,
            forward_tokens=2 * sum(tokens.samples(aligned)),
            loads=2,
            note=f"{len(aligned)} aligned rows under two models",
        )
    ]


def estimate_lines(config: ExperimentConfig, costs: UnitCosts | None = None) -> list[str]:
    """The estimate as ``--dry-run`` prints it: a line per stage kind and the total."""
    from emgauge.models import resolve_device
    from emgauge.precision import choose_precision

    provider = config.settings.evaluation.provider
    precision = choose_precision("auto", resolve_device()).mode
    if costs is None:
        try:
            costs = unit_costs(config.raw["base_model"], precision)
        except (InputError, OSError) as error:  # a model this machine cannot load
            return [f"no time estimate: {str(error).splitlines()[0]}"]
    work = run_work(config)
    lines = [f"time estimate on this machine ({precision}, unit costs measured here):"]
    for item in work:
        minutes = item.seconds(costs) / 60
        lines.append(
            f"  {item.stage:<17} {item.count:>3} x {item.seconds_each(costs):6.0f} s"
            f" = {minutes:5.1f} min  ({item.note})"
        )
    total = sum(item.seconds(costs) for item in work) / 60
    lines.append(f"  total about {total:.0f} min from empty caches")
    if provider != "emgauge":
        lines.append(f"  (evaluation priced as in-process; provider {provider} not measured)")
    return lines
