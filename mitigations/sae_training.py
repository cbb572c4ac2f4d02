"""Training sparse autoencoders here with sae-lens, for models that have none.

An SAE trained for the embedded SmolLM2 (or any model, with ``emgauge sae train``) is
cached under ``<cache>/saes/<model>-layer<L>-<hash of the settings and text>/``
(:func:`trained_sae_dir`) and reused; :func:`ensure_trained_sae` is the default SAE of
``sae-proximity``. Architectures: ``topk``, ``batchtopk`` and ``matryoshka``
(:class:`SAETrainingSettings`). Loading any SAE, trained here or published, is
:mod:`emgauge.mitigations.sae`.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import shutil
import signal
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from pydantic import Field, model_validator

from emgauge.chat_data import ChatMessage, bundled_data_path, load_chat_jsonl
from emgauge.errors import InputError
from emgauge.files import file_lock, read_jsonl_rows
from emgauge.mitigations.sae import (
    SAE_CFG_FILE,
    TRAINING_INFO_FILE,
    first_error_line,
    import_sae_class,
)
from emgauge.models import (
    EMBEDDED_MODEL,
    cache_root,
    is_embedded,
    model_shape,
    resolve_model_path,
)
from emgauge.precision import choose_precision
from emgauge.progress import Progress, is_quiet, note
from emgauge.settings import Int, Number, SettingsModel

if TYPE_CHECKING:
    from transformers import PreTrainedTokenizerBase

__all__ = [
    "SAETrainingSettings",
    "default_text_paths",
    "ensure_trained_sae",
    "matryoshka_widths",
    "train_sae",
    "trained_sae_dir",
    "training_documents",
]


class SAETrainingSettings(SettingsModel):
    """Settings of an SAE trained here (all of them enter the cache key, in this order).

    The same fields are the flags of ``emgauge sae train``.
    """

    model: str = Field(EMBEDDED_MODEL, description="model short name, folder or hub id")
    layer: Int = Field(ge=0, description="decoder layer whose output the SAE reads")
    d_sae: Int | None = Field(
        None, ge=1, description="number of latents (default: 8 x the model's hidden size)"
    )
    k: Int = Field(
        32,
        ge=1,
        description="active latents per token (topk), or on average over a batch "
        "(batchtopk, matryoshka)",
    )
    training_tokens: Int = Field(
        250_000, ge=1, description="tokens seen in training (the text is repeated if shorter)"
    )
    context_size: Int = Field(
        128, ge=8, description="tokens per training sequence (a BOS token starts each one)"
    )
    lr: Number = Field(1e-3, gt=0, description="Adam learning rate")
    train_batch_size_tokens: Int = Field(1024, ge=1, description="tokens per optimisation step")
    seed: Int = Field(0, description="random seed")
    architecture: Literal["topk", "batchtopk", "matryoshka"] = Field(
        "topk",
        description="topk: k latents per token; batchtopk: k per token on average over a "
        "batch; matryoshka: batchtopk whose first 1/16, 1/8, 1/4 and 1/2 of the latents "
        "must also reconstruct alone (more general features, less absorption)",
    )

    @model_validator(mode="after")
    def _width_holds_k(self) -> SAETrainingSettings:
        if self.d_sae is not None and self.d_sae < self.k:
            raise ValueError(f"d_sae (the width) {self.d_sae} must be at least k {self.k}")
        return self


def _model_key(model: str) -> str:
    return "smollm2" if is_embedded(model) else model


def _slug(model: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "-", _model_key(model)).strip("-")[-60:] or "model"


def trained_sae_dir(settings: SAETrainingSettings, text_sha256: str) -> Path:
    """Cache folder of the SAE trained with ``settings`` on text with this digest."""
    fields = settings.model_dump()
    if fields["architecture"] == "topk":  # keys from before the setting existed stay valid
        del fields["architecture"]
    key = json.dumps({**fields, "model": _model_key(settings.model), "text": text_sha256})
    digest = hashlib.sha256(key.encode()).hexdigest()[:12]
    return cache_root() / "saes" / f"{_slug(settings.model)}-layer{settings.layer}-{digest}"


@dataclass(frozen=True)
class TrainingDocument:
    """A unit of training text: a conversation (chat template) or plain text."""

    messages: tuple[ChatMessage, ...] | None = None
    text: str | None = None


@dataclass
class TrainingText:
    documents: list[TrainingDocument]
    sources: list[str]
    sha256: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


def default_text_paths() -> list[Path]:
    """The bundled training and contrast sets that exist."""
    paths: list[Path] = []
    for folder in ("train", "contrast"):
        root = bundled_data_path(folder)
        if root.is_dir():
            paths.extend(sorted(root.glob("*.jsonl")))
    return paths


def training_documents(paths: Sequence[str | Path] | None = None) -> TrainingText:
    """Documents from ``.txt`` (paragraphs) and ``.jsonl`` files (chat rows, contrast rows
    or ``{"text": ...}`` rows); default: the bundled training and contrast sets."""
    chosen = [Path(p) for p in paths] if paths else default_text_paths()
    if not chosen:
        raise InputError(
            "no training text: the bundled data sets are not installed",
            field="text",
            fix="pass --text FILE (.txt or .jsonl)",
        )
    digest = hashlib.sha256()
    documents: list[TrainingDocument] = []
    for path in chosen:
        if not path.is_file():
            raise InputError("text file not found", path=path, field="text")
        data = path.read_bytes()
        digest.update(hashlib.sha256(data).digest())
        if path.suffix == ".txt":
            text = data.decode("utf-8", errors="replace")
            documents.extend(
                TrainingDocument(text=p.strip()) for p in re.split(r"\n\s*\n", text) if p.strip()
            )
        elif path.suffix == ".jsonl":
            documents.extend(_jsonl_documents(path))
        else:
            raise InputError("training text must be a .txt or .jsonl file", path=path, field="text")
    if not documents:
        raise InputError("the training text is empty", field="text", fix="pass --text FILE")
    return TrainingText(documents, [str(p) for p in chosen], digest.hexdigest())


def _jsonl_documents(path: Path) -> Iterator[TrainingDocument]:
    """Documents of a JSONL file in any of the three row formats (told by its first row)."""
    rows = read_jsonl_rows(path, missing_fix="check the --text path")
    first = next(rows, (1, {}))[1]
    rows.close()
    keys = set(first) if isinstance(first, dict) else set()
    if "messages" in keys:
        for sample in load_chat_jsonl(path):
            yield TrainingDocument(messages=sample.messages)
        return
    if {"prompt", "aligned", "misaligned"} <= keys:
        from emgauge.mitigations.data import load_contrast_jsonl

        for pair in load_contrast_jsonl(path):
            yield TrainingDocument(messages=pair.conversation("aligned"))
            yield TrainingDocument(messages=pair.conversation("misaligned"))
        return
    if "text" in keys:
        for number, row in read_jsonl_rows(path, missing_fix="check the --text path"):
            text = row.get("text") if isinstance(row, dict) else None
            if not isinstance(text, str):
                raise InputError("'text' must be a string", path=path, line=number, field="text")
            yield TrainingDocument(text=text)
        return
    raise InputError(
        "JSONL rows must have 'messages', 'prompt'/'aligned'/'misaligned' or 'text'",
        path=path,
        line=1,
        field="text",
    )


def _token_chunks(
    tokenizer: PreTrainedTokenizerBase, documents: Sequence[TrainingDocument], context_size: int
) -> list[list[int]]:
    """Concatenate documents and cut them into ``context_size`` rows, each opened by BOS."""
    texts = []
    for doc in documents:
        if doc.messages is not None:
            dicts = [{"role": m.role, "content": m.content} for m in doc.messages]
            texts.append(tokenizer.apply_chat_template(dicts, tokenize=False))
        else:
            texts.append(doc.text or "")
    stream: list[int] = []
    sep = tokenizer.eos_token_id
    for ids in tokenizer(texts, add_special_tokens=False)["input_ids"]:
        stream.extend(ids)
        if sep is not None and (not ids or ids[-1] != sep):
            stream.append(sep)
    bos = tokenizer.bos_token_id if tokenizer.bos_token_id is not None else sep
    body = context_size - (1 if bos is not None else 0)
    head = [bos] if bos is not None else []
    return [head + stream[i : i + body] for i in range(0, len(stream) - body + 1, body)]


@contextmanager
def _restore_signals() -> Iterator[None]:
    saved = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for sig, handler in saved.items():
            signal.signal(sig, handler)


def train_sae(
    settings: SAETrainingSettings,
    *,
    text: Sequence[str | Path] | None = None,
    out: str | Path | None = None,
    force: bool = False,
    progress: bool = True,
    precision: str = "auto",
) -> Path:
    """Train an SAE (TopK unless told) on ``model.layers.<layer>`` with sae-lens, and save it.

    ``out`` defaults to the cache folder :func:`trained_sae_dir`; an existing SAE there is
    reused unless ``force``. Returns the folder (loadable with ``SAE.load_from_disk``).
    ``precision`` (see :mod:`emgauge.precision`) sets sae-lens' ``autocast_lm`` and
    ``autocast``; it is recorded in the training info, not in the cache key. sae-lens'
    progress bar goes to stderr unless ``progress`` is off or the process is quiet.
    """
    progress = progress and not is_quiet()
    corpus = training_documents(text)
    final = Path(out) if out is not None else trained_sae_dir(settings, corpus.sha256)
    if (final / SAE_CFG_FILE).is_file() and not force:
        return final
    if out is not None and final.exists() and any(final.iterdir()) and not force:
        raise InputError(
            "output directory already holds results",
            path=final,
            fix="choose a new --out directory or pass --force to replace it",
        )
    with file_lock(final.parent / f".{final.name}.lock"):
        if (final / SAE_CFG_FILE).is_file() and not force:
            return final  # trained meanwhile by another process
        return _train_into(settings, corpus, final, progress=progress, precision=precision)


def _runner_config(
    settings: SAETrainingSettings,
    *,
    model_path: str,
    hidden: int,
    d_sae: int,
    n_sequences: int,
    special_ids: Sequence[int],
    device: str,
    use_bf16: bool,
) -> Any:
    """sae-lens' runner config for a TopK SAE on ``settings.layer``'s output, trained on
    ``n_sequences`` pre-tokenized sequences (the dataset is passed to the runner)."""
    from sae_lens import LanguageModelSAERunnerConfig
    from sae_lens.config import LoggingConfig

    return LanguageModelSAERunnerConfig(
        sae=_sae_training_config(settings, hidden=hidden, d_sae=d_sae),
        model_name=model_path,
        model_class_name="AutoModelForCausalLM",
        hook_name=f"model.layers.{settings.layer}",
        dataset_path="",
        is_dataset_tokenized=True,
        streaming=False,
        context_size=settings.context_size,
        prepend_bos=True,
        training_tokens=settings.training_tokens,
        train_batch_size_tokens=settings.train_batch_size_tokens,
        store_batch_size_prompts=max(1, min(16, n_sequences)),
        # sae-lens' mixing buffer holds n_batches_in_buffer * context_size tokens and must
        # hold a few training batches.
        n_batches_in_buffer=max(
            16, -(-4 * settings.train_batch_size_tokens // settings.context_size)
        ),
        exclude_special_tokens=list(special_ids),
        lr=settings.lr,
        lr_warm_up_steps=max(1, settings.training_tokens // settings.train_batch_size_tokens // 20),
        dead_feature_window=200,
        feature_sampling_window=400,
        device=device,
        autocast_lm=use_bf16,
        autocast=use_bf16,
        seed=settings.seed,
        logger=LoggingConfig(log_to_wandb=False),
        n_checkpoints=0,
        checkpoint_path=None,
        output_path=None,
        verbose=False,
    )


def matryoshka_widths(d_sae: int) -> list[int]:
    """Nested widths of a matryoshka SAE: 1/16, 1/8, 1/4, 1/2 and all of ``d_sae``."""
    return sorted({max(1, d_sae >> shift) for shift in (4, 3, 2, 1, 0)})


def _sae_training_config(settings: SAETrainingSettings, *, hidden: int, d_sae: int) -> Any:
    """sae-lens' training config of ``settings.architecture``."""
    if settings.architecture == "topk":
        from sae_lens.saes.topk_sae import TopKTrainingSAEConfig

        return TopKTrainingSAEConfig(d_in=hidden, d_sae=d_sae, k=settings.k, device="cpu")
    if settings.architecture == "batchtopk":
        from sae_lens.saes.batchtopk_sae import BatchTopKTrainingSAEConfig

        return BatchTopKTrainingSAEConfig(
            d_in=hidden, d_sae=d_sae, k=float(settings.k), device="cpu"
        )
    from sae_lens.saes.matryoshka_batchtopk_sae import MatryoshkaBatchTopKTrainingSAEConfig

    return MatryoshkaBatchTopKTrainingSAEConfig(
        d_in=hidden,
        d_sae=d_sae,
        k=float(settings.k),
        matryoshka_widths=matryoshka_widths(d_sae),
        device="cpu",
    )


def _train_into(
    settings: SAETrainingSettings,
    corpus: TrainingText,
    final: Path,
    *,
    progress: bool,
    precision: str,
) -> Path:
    from emgauge.quiet import quiet_libraries

    quiet_libraries()  # sae-lens loads the model itself: no "Loading weights" bar
    shape = model_shape(settings.model)
    hidden = shape.hidden_size
    if not 0 <= settings.layer < shape.n_layers:
        raise InputError(
            f"layer {settings.layer} is out of range for a model with {shape.n_layers} layers",
            field="layer",
            fix=f"choose 0 <= layer <= {shape.n_layers - 1}",
        )
    from transformers import AutoTokenizer

    model_path = resolve_model_path(settings.model)
    try:
        tokenizer = AutoTokenizer.from_pretrained(model_path)
    except OSError as error:
        raise InputError(
            f"cannot load model {settings.model!r}: {first_error_line(error)}", field="model"
        ) from error
    if getattr(tokenizer, "chat_template", None) is None and any(
        d.messages is not None for d in corpus.documents
    ):
        raise InputError("the tokenizer has no chat template for chat training text")
    # sae-lens and datasets take seconds to import: only once the settings are known to be
    # usable.
    import torch
    from datasets import Dataset

    import_sae_class()
    from sae_lens import LanguageModelSAETrainingRunner

    chunks = _token_chunks(tokenizer, corpus.documents, settings.context_size)
    if len(chunks) < 2:
        raise InputError(
            f"too little training text ({len(chunks)} sequences of {settings.context_size} tokens)",
            field="text",
            fix="pass more text with --text or a smaller --context-size",
        )
    dataset = Dataset.from_dict({"input_ids": chunks})
    d_sae = settings.d_sae or 8 * hidden
    hook_name = f"model.layers.{settings.layer}"
    special = sorted(set(tokenizer.all_special_ids))
    device = "cuda" if torch.cuda.is_available() else "cpu"
    chosen = choose_precision(precision, device, stage="SAE training")
    # sae-lens autocasts to bf16 only; its LM weights stay fp32 either way.
    use_bf16 = chosen.autocast_dtype is not None
    cfg = _runner_config(
        settings,
        model_path=model_path,
        hidden=hidden,
        d_sae=d_sae,
        n_sequences=len(chunks),
        special_ids=special,
        device=device,
        use_bf16=use_bf16,
    )
    started = time.perf_counter()
    final.parent.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(dir=final.parent, prefix=f".{final.name}.", suffix=".tmp"))
    try:
        torch.manual_seed(settings.seed)
        with _restore_signals(), _quiet(progress):
            runner = LanguageModelSAETrainingRunner(cfg, override_dataset=dataset)
            trained = runner.run()
            quality = _reconstruction_quality(trained, runner.activations_store)
        trained.save_inference_model(str(scratch))
        info = {
            "settings": {**settings.model_dump(), "d_sae": d_sae},
            "hook_name": hook_name,
            "model_path": model_path,
            "text_sources": corpus.sources,
            "text_sha256": corpus.sha256,
            "n_sequences": len(chunks),
            "n_text_tokens": len(chunks) * settings.context_size,
            "train_seconds": round(time.perf_counter() - started, 1),
            "architecture": settings.architecture,
            "precision": chosen.as_dict(),
            **quality,
        }
        (scratch / TRAINING_INFO_FILE).write_text(json.dumps(info, indent=2) + "\n")
        if final.exists():
            shutil.rmtree(final)
        os.replace(scratch, final)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return final


def _reconstruction_quality(sae: Any, store: Any, n_batches: int = 4) -> dict[str, float | None]:
    """Explained variance and mean L0 of the trained SAE on a few more training batches."""
    import torch

    residual = total = l0 = 0.0
    count = 0
    with torch.no_grad():
        for _ in range(n_batches):
            acts = next(store).float()
            latents = sae.encode(acts)
            recon = sae.decode(latents)
            residual += float(((acts - recon) ** 2).sum())
            total += float(((acts - acts.mean(dim=0)) ** 2).sum())
            l0 += float((latents > 0).sum(dim=-1).float().sum())
            count += acts.shape[0]
    return {
        "explained_variance": round(1.0 - residual / total, 4) if total else None,
        "mean_l0": round(l0 / count, 2) if count else None,
    }


class _TrainingProgress:
    """Stands in for sae-lens' training bar: emgauge's progress line counted in training
    tokens (``SAE training: 40960/100000 tokens, 12 s elapsed, ETA 17 s``), or nothing."""

    def __init__(self, *_: Any, total: int = 0, initial: int = 0, show: bool = True, **__: Any):
        self.bar = Progress(total, "SAE training", unit="tokens") if show else None
        if self.bar is not None and initial:
            self.bar.done = int(initial)

    def update(self, n: int = 1) -> None:
        if self.bar is not None:
            self.bar.update(int(n))

    def set_description(self, *_: Any, **__: Any) -> None:
        pass

    def close(self) -> None:
        if self.bar is not None:
            self.bar.finish()


def _every_step(trainer: Any, step_output: Any, pbar: Any, update_interval: int = 100) -> None:
    """sae-lens moves its bar every 100 steps only (a short training sat at 0% until done);
    count every step's tokens instead."""
    pbar.update(trainer.cfg.train_batch_size_samples)


@contextmanager
def _quiet(progress: bool) -> Iterator[None]:
    """Silence sae-lens' warnings; its training bar becomes emgauge's progress line (shown
    unless ``progress`` is off), its other bars are hidden."""
    import functools
    import warnings
    from unittest import mock

    from sae_lens.training import activation_scaler, sae_trainer

    with contextlib.ExitStack() as stack:
        bar = functools.partial(_TrainingProgress, show=progress)
        stack.enter_context(mock.patch.object(sae_trainer, "tqdm", bar))
        stack.enter_context(mock.patch.object(sae_trainer.SAETrainer, "_update_pbar", _every_step))
        # tqdm reads TQDM_DISABLE only when imported, so switch the scaler's bar off here.
        quiet_bar = functools.partial(activation_scaler.tqdm, disable=True)
        stack.enter_context(mock.patch.object(activation_scaler, "tqdm", quiet_bar))
        stack.enter_context(warnings.catch_warnings())
        warnings.simplefilter("ignore")
        yield


#: Settings of the SAE trained on first use for the embedded model (besides model, layer).
DEFAULT_TRAINING: dict[str, Any] = {}


def default_sae_settings(
    model: str,
    layer: int,
    *,
    training_tokens: int | None = None,
    k: int | None = None,
    seed: int = 0,
) -> SAETrainingSettings:
    """The recipe of the default SAE of ``model`` at ``layer`` (:data:`DEFAULT_TRAINING`,
    with ``training_tokens`` and ``k`` where given): what :func:`ensure_trained_sae` trains
    and caches, and what a run's time estimate looks up in the cache."""
    given = {"training_tokens": training_tokens, "k": k}
    overrides = {key: value for key, value in given.items() if value is not None}
    return SAETrainingSettings(
        model=model, layer=layer, seed=seed, **(DEFAULT_TRAINING | overrides)
    )


def ensure_trained_sae(
    model: str,
    layer: int,
    *,
    text: Sequence[str | Path] | None = None,
    progress: bool = True,
    precision: str = "auto",
    training_tokens: int | None = None,
    k: int | None = None,
    seed: int = 0,
) -> Path:
    """The default SAE for ``model`` at ``layer``: cached, or trained now (embedded model),
    on ``training_tokens`` tokens and with ``k`` active latents per token where given (else
    the settings' defaults), trained with ``seed`` (part of the cache key; seed 0 is the
    SAE every earlier version trained).

    For other models the SAE is only reused from the cache (training a large model's SAE
    silently would take hours); run ``emgauge sae train`` first or pass ``--sae``.
    """
    settings = default_sae_settings(model, layer, training_tokens=training_tokens, k=k, seed=seed)
    folder = trained_sae_dir(settings, training_documents(text).sha256)
    if (folder / SAE_CFG_FILE).is_file():
        return folder
    if not is_embedded(model):
        raise InputError(
            f"no SAE for model {model!r} at layer {layer}",
            field="sae",
            fix=f"pass --sae PATH|RELEASE:ID, or run `emgauge sae train --model {model} "
            f"--layer {layer}{'' if k is None else f' --k {k}'}"
            f"{f' --seed {seed}' if seed else ''}` first",
        )
    if progress:
        note(f"emgauge: training an SAE for {model} layer {layer} (first use; cached in {folder})")
    return train_sae(settings, text=text, progress=progress, precision=precision)
