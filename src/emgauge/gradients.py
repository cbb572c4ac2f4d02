"""Gradient geometry: fine-tuning's loss gradient against the misalignment gradient.

Both gradients are taken with respect to the parameters LoRA fine-tuning trains
(:mod:`emgauge.finetune`: rank 8, alpha 16, every attention and MLP projection), so they
say how one fine-tuning step on a sample would move the model.

*Which parameters.* peft initialises LoRA's ``B`` to zero and ``A`` at random. With
``B = 0`` the gradient with respect to ``A`` vanishes (``dL/dA = B^T ...``), while the
gradient with respect to ``B`` is ``dL/dB = scaling * sum_t (dL/dy_t) (A x_t)^T``, which is
not zero. So the gradients here are those of the ``B`` matrices, with ``A`` at its seeded
initialisation: LoRA attached exactly as :func:`emgauge.finetune.attach_lora` attaches it
after ``set_seed(seed)`` (same config, same torch seed, so the same ``A`` values), which
makes them **the gradient of a fine-tuning run's first step** (that run's ``A`` is
trained afterwards, from a zero gradient). The adapters are attached only while the
gradients are computed and removed afterwards (:class:`LoraGradients`); the model is left
as it was.

*The two gradients.* Token log-probabilities are read at the tokens fine-tuning trains on
(:func:`emgauge.conversations.encode_conversation`: the assistant turns with their
end-of-turn token).

* The **loss gradient** of a sample is ``g(s) = grad L(s)``, ``L(s)`` the mean next-token
  cross-entropy over its assistant tokens, the loss fine-tuning computes for it.
* The **misalignment gradient** is ``m = grad M``, ``M`` the contrast margin::

      lp(c) = mean_{t in A(c)} log p(c_t | c_<t)       (nats per answer token)
      M     = mean_{misaligned c} lp(c) - mean_{aligned c} lp(c)

  For contrast pairs this is the mean over pairs of ``lp(misaligned) - lp(aligned)``: the
  misaligned-preference probe's margin, here on the contrast set.

*Sign.* A descent step on ``s`` moves the weights by ``-eta g(s)`` and the margin, to
first order, by ``-eta <m, g(s)>``. A sample whose loss gradient points *against* ``m``
(negative cosine) raises the margin: it teaches misalignment. The ``gradient`` filter's
score is therefore ``-cos(g(s), m)``.

*Batched per-sample gradients.* With ``B = 0`` the adapters add nothing to the forward
pass, so they are never run: peft attaches them only to read each seeded ``A`` and is
removed again. Per-sample gradients come from one forward and backward pass of the model
itself per micro-batch: a hook on each adapted linear layer computes ``A x`` from its input
in the forward pass (zero at padding) and reads its output gradient ``dL/dy`` in the
backward pass, and ``scaling * sum_t (dL/dy_t) (A x_t)^T`` per row is that row's own
``dL/dB`` (rows do not interact: causal attention, right padding). No weight of the model
gets a gradient, and the output layer runs only at the trained positions (where it gives
the model's logits: checked once on attaching). A micro-batch's
flattened gradients (``n_features`` floats each, 1.24M for the embedded model) are
collected up to :data:`PROJECTION_BUFFER_BYTES` and then projected to ``dim`` (default
1024) by a seeded Rademacher matrix generated in column chunks
(:class:`RandomProjection`), so neither the projection matrix nor the per-sample
gradients of the whole dataset are ever held. ``dim=None`` returns the unprojected
gradients (for small models and checks).
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from emgauge.chat_data import ChatMessage, ChatSample
from emgauge.contrast_data import ContrastPair
from emgauge.conversations import (
    IGNORE_INDEX,
    EncodedConversation,
    collate_encoded,
    encode_conversation,
    end_of_turn_ids,
)
from emgauge.errors import InputError
from emgauge.precision import PRECISIONS, choose_precision
from emgauge.progress import Progress

if TYPE_CHECKING:
    import torch
    from transformers import PreTrainedModel, PreTrainedTokenizerBase

__all__ = [
    "LORA_ALPHA",
    "LORA_RANK",
    "LORA_TARGET_MODULES",
    "PROJECTION_DIM",
    "GradientSettings",
    "LoraGradients",
    "RandomProjection",
    "cosine",
    "cosines",
    "margin_gradient",
    "misalignment_gradient",
    "sample_gradients",
]

#: The linear layers that get LoRA adapters. The same tuple as
#: ``emgauge.finetune.DEFAULT_TARGET_MODULES`` (a test keeps them equal; the training layer
#: cannot be imported from here).
LORA_TARGET_MODULES = (
    "q_proj",
    "k_proj",
    "v_proj",
    "o_proj",
    "gate_proj",
    "up_proj",
    "down_proj",
)
#: LoRA rank and alpha: ``FinetuneConfig``'s defaults (a test keeps them equal).
LORA_RANK = 8
LORA_ALPHA = 16.0
#: Dimension the per-sample gradients are projected to.
PROJECTION_DIM = 1024
#: Padded tokens per backward micro-batch at most (a backward pass keeps every layer's
#: activations: about 1.5 MB per token for the embedded model in fp32).
BACKWARD_BATCH_TOKENS = 2048
#: Conversations per backward micro-batch at most.
MAX_BACKWARD_ROWS = 16
#: Columns of the projection matrix generated at once (16384 x 1024 floats = 64 MB).
PROJECTION_CHUNK_COLUMNS = 16384
#: Unprojected gradients collected before they are projected together (every projection
#: pass regenerates the whole matrix, so fewer, larger passes are cheaper).
PROJECTION_BUFFER_BYTES = 512 * 2**20


@dataclass(frozen=True)
class GradientSettings:
    """How the gradients are computed; the filter records it.

    Args:
        seed: seeds LoRA's ``A`` (as a fine-tuning run with this seed) and the projection.
        dim: projected dimension; ``None`` keeps the full gradients.
        rank, alpha, target_modules: the LoRA adapters (fine-tuning's defaults).
        max_length: conversations are cut to this many tokens.
        batch_tokens: padded tokens per backward micro-batch.
        precision: ``auto``, ``fp32`` or ``bf16`` (:func:`emgauge.precision.choose_precision`).
    """

    seed: int = 0
    dim: int | None = PROJECTION_DIM
    rank: int = LORA_RANK
    alpha: float = LORA_ALPHA
    target_modules: tuple[str, ...] = LORA_TARGET_MODULES
    max_length: int = 1024
    batch_tokens: int = BACKWARD_BATCH_TOKENS
    precision: str = "auto"

    def __post_init__(self) -> None:
        if self.dim is not None and self.dim < 1:
            raise InputError(f"must be at least 1, got {self.dim}", field="dim")
        if self.rank < 1:
            raise InputError(f"must be at least 1, got {self.rank}", field="rank")
        if self.max_length < 8:
            raise InputError(f"must be at least 8, got {self.max_length}", field="max_length")
        if self.batch_tokens < 16:
            raise InputError(f"must be at least 16, got {self.batch_tokens}", field="batch_tokens")
        if self.precision not in PRECISIONS:
            raise InputError(f"{self.precision!r} is not a precision", field="precision")

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["target_modules"] = list(self.target_modules)
        return data


# ----------------------------------------------------------------------- projection


class RandomProjection:
    """``x -> R x`` with ``R`` (``dim x n_features``) of i.i.d. entries ``+-1/sqrt(dim)``.

    A Johnson-Lindenstrauss map: ``E[<Rx, Ry>] = <x, y>``, and inner products and cosines
    are kept up to an error of about ``1/sqrt(dim)`` relative to the norms. ``R`` is never
    held: its columns are generated in chunks of ``chunk_columns``, chunk ``k`` from its own
    generator seeded by ``(seed, k)``, so projecting rows one by one or all together gives
    the same result.
    """

    def __init__(
        self,
        n_features: int,
        dim: int | None,
        seed: int = 0,
        *,
        chunk_columns: int = PROJECTION_CHUNK_COLUMNS,
    ) -> None:
        if n_features < 1:
            raise ValueError("nothing to project")
        self.n_features = n_features
        self.dim = dim
        self.seed = seed
        self.chunk_columns = chunk_columns

    def _signs(self, chunk: int, n_columns: int) -> torch.Tensor:
        """``(n_columns, dim)`` of +-1, the transposed columns of chunk ``chunk``."""
        import torch

        assert self.dim is not None
        rng = np.random.default_rng([self.seed, chunk])
        n = n_columns * self.dim
        packed = rng.integers(0, 256, size=(n + 7) // 8, dtype=np.uint8)
        bits = np.unpackbits(packed)[:n].reshape(n_columns, self.dim)
        return torch.from_numpy(bits).to(torch.float32).mul_(2.0).sub_(1.0)

    def project(self, rows: torch.Tensor) -> torch.Tensor:
        """``(n, n_features)`` -> ``(n, dim)`` float32 (unchanged when ``dim`` is None)."""
        import torch

        if rows.shape[-1] != self.n_features:
            raise ValueError(f"expected {self.n_features} features, got {rows.shape[-1]}")
        rows = rows.detach().to("cpu", torch.float32)
        if self.dim is None:
            return rows
        out = torch.zeros((rows.shape[0], self.dim), dtype=torch.float32)
        for chunk, start in enumerate(range(0, self.n_features, self.chunk_columns)):
            block = rows[:, start : start + self.chunk_columns]
            out.addmm_(block, self._signs(chunk, block.shape[1]))
        return out.div_(math.sqrt(self.dim))


def cosine(a: np.ndarray, b: np.ndarray) -> float:
    """Cosine of two vectors; NaN when either is zero or not finite."""
    return float(cosines(np.asarray(a)[None, :], b)[0])


def cosines(rows: np.ndarray, vector: np.ndarray) -> np.ndarray:
    """Cosine of every row with ``vector`` (float64); NaN for a zero or non-finite row."""
    rows = np.asarray(rows, dtype=np.float64)
    vector = np.asarray(vector, dtype=np.float64)
    norms = np.linalg.norm(rows, axis=1) * np.linalg.norm(vector)
    with np.errstate(invalid="ignore", divide="ignore"):
        out = rows @ vector / norms
    out[~(np.isfinite(out) & (norms > 0))] = np.nan
    return out


# ------------------------------------------------------------------ LoRA gradients


@dataclass
class _Slot:
    """One LoRA ``B`` matrix: where its flattened gradient lies, and the hook's state."""

    name: str
    offset: int
    d_out: int
    rank: int
    lora_a: Any = None  # A at its seeded initialisation, (r, d_in)
    scaling: float = 1.0  # alpha / r: LoRA's output is scaling * B A x
    inputs: Any = None  # A x of the current forward pass, zero at padding, (B, T, r)


class LoraGradients:
    """Per-row ``dL/dB`` of LoRA adapters, from one batched forward and backward pass.

    Use as a context manager. On entry LoRA is attached with peft, seeded as fine-tuning
    seeds it, only to read each adapter's ``A`` and scaling; the adapters are removed
    again at once. With ``B = 0`` an adapter adds nothing to the forward pass, and
    ``dL/dB = scaling * sum_t (dL/dy_t) (A x_t)^T`` where ``y`` is the adapted layer's
    output, so hooks on the model's own linear layers give every row its ``dL/dB`` without
    running the adapters (their extra matrix products, and the backward pass through
    ``B = 0``, do nothing). On exit the hooks are removed and the parameters'
    ``requires_grad`` flags and the train/eval mode restored.
    """

    def __init__(
        self,
        model: PreTrainedModel,
        tokenizer: PreTrainedTokenizerBase,
        settings: GradientSettings = GradientSettings(),
    ) -> None:
        if getattr(tokenizer, "chat_template", None) is None:
            raise InputError(
                "the tokenizer has no chat template",
                fix="use an instruction-tuned model whose tokenizer defines a chat template",
            )
        self.model = model
        self.tokenizer = tokenizer
        self.settings = settings
        self.device = next(model.parameters()).device
        self.precision = choose_precision(settings.precision, self.device, stage="gradients")
        self.end_ids = end_of_turn_ids(tokenizer, model)
        self.pad_id = tokenizer.pad_token_id if tokenizer.pad_token_id is not None else 0
        self.slots: list[_Slot] = []
        self.n_features = 0
        self.n_truncated = 0
        self._handles: list[Any] = []
        self._grads: torch.Tensor | None = None
        self._row_mask: torch.Tensor | None = None
        self._saved: tuple[dict[str, bool], bool] | None = None
        self._head_only_trained = False

    # ---------------------------------------------------------------- attach/detach
    def __enter__(self) -> LoraGradients:
        try:
            return self._attach()
        except BaseException:
            self.__exit__()
            raise

    def _attach(self) -> LoraGradients:
        import torch

        self._saved = (
            {name: p.requires_grad for name, p in self.model.named_parameters()},
            self.model.training,
        )
        modules = dict(self.model.named_modules())
        offset = 0
        for name, lora_a, d_out, scaling in self._seeded_adapters():
            slot = _Slot(name, offset, d_out, lora_a.shape[0], lora_a.to(self.device), scaling)
            offset += slot.d_out * slot.rank
            self.slots.append(slot)
            self._handles.append(modules[name].register_forward_hook(self._forward_hook(slot)))
        self.n_features = offset
        # only dL/dy is wanted: no weight of the model needs a gradient
        for parameter in self.model.parameters():
            parameter.requires_grad_(False)
        self.model.eval()
        with torch.no_grad():
            self._head_only_trained = self._head_matches_model()
        return self

    def _seeded_adapters(self) -> list[tuple[str, torch.Tensor, int, float]]:
        """``(module name, A, rows of B, scaling)`` of every adapter, attached as fine-tuning
        attaches them and removed again (the model's modules back in place, same object)."""
        import torch
        from peft import LoraConfig, get_peft_model
        from peft.tuners.lora import LoraLayer

        config = LoraConfig(
            r=self.settings.rank,
            lora_alpha=self.settings.alpha,
            lora_dropout=0.0,
            target_modules=list(self.settings.target_modules),
            bias="none",
            task_type="CAUSAL_LM",
        )
        # finetune calls transformers.set_seed(seed) before attaching: peft draws A from
        # torch's generators, so this seed gives the same A (forked, CPU and any GPU: the
        # caller's random state is left as it was).
        with torch.random.fork_rng(), warnings.catch_warnings():
            torch.manual_seed(self.settings.seed)
            warnings.filterwarnings("ignore", "`is_gradient_checkpointing`", FutureWarning)
            try:
                peft_model = get_peft_model(self.model, config)
            except ValueError as error:
                raise InputError(
                    f"cannot attach LoRA adapters: {str(error).splitlines()[0]}",
                    field="target_modules",
                    fix="name linear layers that exist in the model",
                ) from error
        try:
            adapters = []
            for name, module in self.model.named_modules():
                if isinstance(module, LoraLayer) and "default" in module.lora_B:
                    lora_a = module.lora_A["default"].weight.detach().clone()
                    d_out = module.lora_B["default"].out_features
                    adapters.append((name, lora_a, d_out, float(module.scaling["default"])))
        finally:
            peft_model.unload()
        return adapters

    def _head_matches_model(self) -> bool:
        """Whether the output layer on the decoder's hidden states gives the model's logits,
        so that logits are computed at the trained positions only (a model that changes its
        logits afterwards, such as a soft cap, keeps the whole forward pass)."""
        import torch

        head = self.model.get_output_embeddings()
        decoder = self.model.get_decoder() if hasattr(self.model, "get_decoder") else None
        if head is None or decoder is None or decoder is self.model:
            return False
        vocab = int(getattr(head, "out_features", 0) or self.model.config.vocab_size)
        ids = torch.arange(1, 9, device=self.device)[None, :] % vocab
        with self.precision.autocast():
            try:
                hidden = decoder(input_ids=ids, use_cache=False).last_hidden_state
                ours = head(hidden).float()
            except (TypeError, AttributeError):
                return False
            theirs = self.model(input_ids=ids, use_cache=False).logits.float()
        return ours.shape == theirs.shape and bool(
            torch.allclose(ours, theirs, rtol=1e-5, atol=1e-5)
        )

    def __exit__(self, *exc: object) -> None:
        for handle in self._handles:
            handle.remove()
        self._handles.clear()
        if self._saved is not None:
            flags, training = self._saved
            for name, parameter in self.model.named_parameters():
                if name in flags:
                    parameter.requires_grad_(flags[name])
            self.model.train(training)

    # -------------------------------------------------------------------------- hooks
    def _forward_hook(self, slot: _Slot) -> Any:
        import torch

        def hook(_module: Any, inputs: tuple[Any, ...], output: Any) -> Any:
            if self._grads is None or not torch.is_grad_enabled():
                return None
            low_rank = torch.nn.functional.linear(inputs[0], slot.lora_a.to(inputs[0].dtype))
            if self._row_mask is not None:  # padding adds nothing to any row's gradient
                low_rank = low_rank * self._row_mask[..., None].to(low_rank.dtype)
            slot.inputs = low_rank
            if not output.requires_grad:
                # the first adapted layers (their input needs no gradient): their output
                # becomes a leaf of the graph, so its gradient is still computed
                output = output.detach().requires_grad_(True)
            output.register_hook(lambda grad: self._backward(slot, grad))
            return output

        return hook

    def _backward(self, slot: _Slot, grad: torch.Tensor) -> None:
        import torch

        if self._grads is None or slot.inputs is None:
            return
        # dL/dB of each row: scaling * sum over its tokens of grad_t (A x_t)^T, (B, d_out, r)
        per_row = torch.einsum("btd,btr->bdr", grad.float(), slot.inputs.float())
        width = slot.d_out * slot.rank
        region = self._grads[:, slot.offset : slot.offset + width]
        region.copy_(per_row.reshape(len(per_row), -1)).mul_(slot.scaling)
        slot.inputs = None

    # ------------------------------------------------------------------------ encoding
    def encode(self, conversations: Sequence[Sequence[ChatMessage]]) -> list[EncodedConversation]:
        encoded = [
            encode_conversation(
                self.tokenizer,
                messages,
                max_length=self.settings.max_length,
                end_ids=self.end_ids,
                sample_id=str(index),
            )
            for index, messages in enumerate(conversations)
        ]
        self.n_truncated += sum(e.truncated for e in encoded)
        return encoded

    def _batches(self, encoded: Sequence[EncodedConversation]) -> Iterator[list[int]]:
        """Indices of usable conversations, longest first, under the token budget."""
        usable = [i for i, e in enumerate(encoded) if e.n_trained > 0]
        usable.sort(key=lambda i: (-len(encoded[i].input_ids), i))
        start = 0
        while start < len(usable):
            width = len(encoded[usable[start]].input_ids)
            size = max(1, min(MAX_BACKWARD_ROWS, self.settings.batch_tokens // max(width, 1)))
            yield usable[start : start + size]
            start += size

    # -------------------------------------------------------------------- gradients
    def stream(
        self, conversations: Sequence[Sequence[ChatMessage]], *, label: str = "gradients"
    ) -> Iterator[tuple[list[int], torch.Tensor]]:
        """Per-row loss gradients, one micro-batch at a time: ``(indices, (B, n_features))``.

        Row ``i`` is ``dL_i/dB`` flattened (the ``B`` matrices in module order, each
        row-major), ``L_i`` the mean cross-entropy over conversation ``i``'s trained tokens.
        Conversations without a trained token are skipped (never yielded).
        """
        return self.stream_encoded(self.encode(conversations), label=label)

    def stream_encoded(
        self, encoded: Sequence[EncodedConversation], *, label: str = "gradients"
    ) -> Iterator[tuple[list[int], torch.Tensor]]:
        """:meth:`stream` for conversations already encoded by :meth:`encode`."""
        import torch

        if self._saved is None:
            raise RuntimeError("use LoraGradients as a context manager")
        bar = Progress(len(encoded), label, unit="conversations")
        bar.update(sum(e.n_trained == 0 for e in encoded))
        for rows in self._batches(encoded):
            ids, labels, mask = collate_encoded(
                [encoded[i] for i in rows], self.pad_id, str(self.device)
            )
            self._grads = torch.zeros(
                (len(rows), self.n_features), dtype=torch.float32, device=self.device
            )
            self._row_mask = mask
            targets = labels[:, 1:]
            keep = targets != IGNORE_INDEX
            with torch.enable_grad():
                with self.precision.autocast():
                    trained_logits = self._trained_logits(ids, mask, keep)
                token_loss = torch.nn.functional.cross_entropy(
                    trained_logits.float(), targets[keep], reduction="none"
                )
                row_of = keep.nonzero()[:, 0]
                sums = torch.zeros(len(rows), device=token_loss.device).index_add(
                    0, row_of, token_loss
                )
                (sums / keep.sum(dim=1).clamp(min=1)).sum().backward()
            self._row_mask = None
            for slot in self.slots:
                slot.inputs = None
            grads, self._grads = self._grads.to("cpu"), None
            yield rows, grads
            bar.update(len(rows))

    def _trained_logits(
        self, ids: torch.Tensor, mask: torch.Tensor, keep: torch.Tensor
    ) -> torch.Tensor:
        """Logits at the positions whose next token is trained, ``(n_trained, vocab)``: the
        output layer runs on those positions only where it gives the model's logits."""
        if self._head_only_trained:
            decoder = self.model.get_decoder()
            hidden = decoder(input_ids=ids, attention_mask=mask, use_cache=False).last_hidden_state
            return self.model.get_output_embeddings()(hidden[:, :-1][keep])
        logits = self.model(input_ids=ids, attention_mask=mask, use_cache=False).logits
        return logits[:, :-1][keep]


def _conversations(items: Sequence[ChatSample | Sequence[ChatMessage]]) -> list[Any]:
    return [item.messages if isinstance(item, ChatSample) else item for item in items]


def sample_gradients(
    model: PreTrainedModel,
    tokenizer: PreTrainedTokenizerBase,
    samples: Sequence[ChatSample | Sequence[ChatMessage]],
    settings: GradientSettings = GradientSettings(),
) -> np.ndarray:
    """Each sample's fine-tuning loss gradient, projected: ``(n, dim)`` float32.

    The loss is the mean cross-entropy over the sample's assistant tokens, as fine-tuning
    computes it. A sample without an assistant token (within ``max_length``) gets a row
    of NaN. With ``settings.dim = None`` the rows are the full gradients.
    """
    import torch

    if not samples:
        raise InputError("no samples to compute gradients for", fix="pass at least one sample")
    with LoraGradients(model, tokenizer, settings) as lora:
        projection = RandomProjection(lora.n_features, settings.dim, settings.seed)
        out = np.full((len(samples), settings.dim or lora.n_features), np.nan, dtype=np.float32)
        # one preallocated buffer of rows, projected whenever the next micro-batch would
        # not fit (no concatenated copy)
        capacity = max(MAX_BACKWARD_ROWS, PROJECTION_BUFFER_BYTES // (4 * lora.n_features))
        buffer: torch.Tensor | None = None
        held: list[int] = []

        def flush() -> None:
            if held and buffer is not None:
                out[held] = projection.project(buffer[: len(held)]).numpy()
                held.clear()

        for rows, grads in lora.stream(_conversations(samples), label="sample gradients"):
            if settings.dim is None:
                out[rows] = grads.numpy()
                continue
            if len(held) + len(rows) > capacity:
                flush()
            if buffer is None:
                buffer = torch.empty((min(capacity, len(samples)), lora.n_features))
            buffer[len(held) : len(held) + len(rows)] = grads
            held.extend(rows)
        flush()
    return out


def margin_gradient(
    model: PreTrainedModel,
    tokenizer: PreTrainedTokenizerBase,
    misaligned: Sequence[Sequence[ChatMessage]],
    aligned: Sequence[Sequence[ChatMessage]],
    settings: GradientSettings = GradientSettings(),
) -> np.ndarray:
    """``grad M``, ``M = mean lp(misaligned) - mean lp(aligned)``, projected: ``(dim,)``.

    ``lp(c)`` is the mean log-probability per assistant token of conversation ``c``. The
    two groups need not be paired; conversations without an assistant token are left out
    of their group's mean. An empty group is an :class:`InputError`.
    """
    import torch

    if not misaligned or not aligned:
        raise InputError(
            "the contrast set needs misaligned and aligned answers",
            field="contrast",
            fix="pass contrast pairs, or a judged/labelled file with both kinds",
        )
    conversations = [*misaligned, *aligned]
    n_misaligned = len(misaligned)
    with LoraGradients(model, tokenizer, settings) as lora:
        encoded = lora.encode(conversations)
        counts = [
            sum(e.n_trained > 0 for e in encoded[:n_misaligned]),
            sum(e.n_trained > 0 for e in encoded[n_misaligned:]),
        ]
        if min(counts) == 0:
            raise InputError(
                "no misaligned or no aligned contrast answer has an assistant token",
                field="contrast",
                fix="contrast answers must be non-empty text",
            )
        total = torch.zeros(lora.n_features, dtype=torch.float64)
        for rows, grads in lora.stream_encoded(encoded, label="misalignment gradient"):
            # grad lp = -grad L: + for misaligned, - for aligned, each over its group size
            weights = torch.tensor(
                [-1.0 / counts[0] if i < n_misaligned else 1.0 / counts[1] for i in rows],
                dtype=torch.float64,
            )
            total += weights @ grads.double()
        projection = RandomProjection(lora.n_features, settings.dim, settings.seed)
        return projection.project(total.float()[None, :])[0].numpy()


def misalignment_gradient(
    model: PreTrainedModel,
    tokenizer: PreTrainedTokenizerBase,
    pairs: Sequence[ContrastPair],
    settings: GradientSettings = GradientSettings(),
) -> np.ndarray:
    """The gradient of the mean over ``pairs`` of ``lp(misaligned) - lp(aligned)``,
    projected as :func:`sample_gradients` projects (same ``settings``): ``(dim,)``."""
    if not pairs:
        raise InputError("no contrast pairs", field="contrast", fix="pass at least one pair")
    return margin_gradient(
        model,
        tokenizer,
        [p.conversation("misaligned") for p in pairs],
        [p.conversation("aligned") for p in pairs],
        settings,
    )
