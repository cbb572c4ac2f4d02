"""The one streaming activation extractor behind ``direction``, ``sae-proximity`` and the
read-out judge.

For each conversation it reads the output of decoder layer ``L`` (the residual stream
after block ``L``, i.e. ``hidden_states[L + 1]`` of a Hugging Face model) at the
**assistant tokens** only, batch by batch:

* conversations are rendered with the tokenizer's chat template and the assistant tokens
  are located by the one locator of :mod:`emgauge.conversations` (the tokens fine-tuning
  trains on), without each turn's trailing end-of-turn marker and blank tokens;
* batches are formed by length (longest first) under a budget of padded tokens;
* the forward pass runs under ``torch.no_grad()``, with bf16 autocast where
  :func:`emgauge.precision.choose_precision` picks it (a CPU with native bf16), and **stops right
  after layer L** (a hook raises a private exception), so later layers, the final norm and
  the LM head are never computed;
* each batch is handed over as an :class:`ActivationBatch` that the caller reduces at
  once; nothing is kept across batches, so memory does not grow with the dataset.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import torch

from emgauge.chat_data import ChatMessage
from emgauge.conversations import assistant_token_mask, encode_conversation, end_of_turn_ids
from emgauge.errors import InputError
from emgauge.precision import Precision, choose_precision
from emgauge.progress import Progress

if TYPE_CHECKING:
    from transformers import PreTrainedModel, PreTrainedTokenizerBase

__all__ = [
    "ActivationBatch",
    "ActivationExtractor",
    "TokenBatch",
    "TokenizedConversation",
    "decoder_layers",
    "model_dims",
    "pool_tokens",
]

Conversation = Sequence[ChatMessage]


class _StopForward(Exception):
    """Raised by the layer hook to end the forward pass once layer L has run."""


def decoder_layers(model: torch.nn.Module) -> torch.nn.ModuleList:
    """The list of decoder blocks of a causal LM (Llama/Mistral/Qwen/Gemma, GPT-2, NeoX)."""
    for path in ("model.layers", "model.language_model.layers", "transformer.h", "gpt_neox.layers"):
        node: Any = model
        for part in path.split("."):
            node = getattr(node, part, None)
            if node is None:
                break
        if isinstance(node, torch.nn.ModuleList):
            return node
    raise InputError(
        f"cannot find the decoder layers of {type(model).__name__}",
        fix="use a Llama/Mistral/Qwen/Gemma-style, GPT-2 or GPT-NeoX causal LM",
    )


def model_dims(model: torch.nn.Module) -> tuple[int, int]:
    """``(num_hidden_layers, hidden_size)`` of a causal LM."""
    config = getattr(model, "config", None)
    text_config = getattr(config, "text_config", None) or config
    hidden = getattr(text_config, "hidden_size", None) or getattr(text_config, "n_embd", None)
    n_layers = len(decoder_layers(model))
    if hidden is None:
        raise InputError(f"cannot read the hidden size of {type(model).__name__}")
    return n_layers, int(hidden)


@dataclass(frozen=True)
class TokenizedConversation:
    """Token ids of one rendered conversation and its assistant spans ``[start, end)``."""

    input_ids: np.ndarray
    spans: tuple[tuple[int, int], ...]
    truncated: bool = False
    prompt_spans: tuple[tuple[int, int], ...] = ()
    """Token ranges of the prompt the first answer replies to (may be empty)."""

    @property
    def n_assistant_tokens(self) -> int:
        return sum(end - start for start, end in self.spans)


@dataclass(frozen=True)
class TokenBatch:
    """A padded batch ready for the model.

    Attributes:
        indices: position of each row in the caller's list of conversations.
        input_ids, attention_mask: ``(B, T)`` tensors (right padding).
        assistant_mask: ``(B, T)`` bool, True at assistant tokens.
        prompt_mask: ``(B, T)`` bool, True at the tokens of the prompt they answer.
    """

    indices: np.ndarray
    input_ids: torch.Tensor
    attention_mask: torch.Tensor
    assistant_mask: torch.Tensor
    prompt_mask: torch.Tensor | None = None

    @property
    def n_padded_tokens(self) -> int:
        return int(self.input_ids.numel())


@dataclass(frozen=True)
class ActivationBatch:
    """Layer-L activations at the assistant tokens of one batch of conversations.

    Attributes:
        indices: ``(B,)`` position of each conversation in the caller's list.
        acts: ``(N, d_model)`` float32 activations of all assistant tokens in the batch.
        token_row: ``(N,)`` row (``0..B-1``) each token belongs to.
        n_tokens: ``(B,)`` number of assistant tokens per conversation (may be 0).
        prompt: the same view of the tokens of the prompt each first answer replies to
            (``n_tokens`` 0 where it was not found), for filters that condition on it.
    """

    indices: np.ndarray
    acts: torch.Tensor
    token_row: torch.Tensor
    n_tokens: torch.Tensor
    prompt: ActivationBatch | None = None

    def pool(self, how: str = "mean") -> torch.Tensor:
        """Per-conversation ``(B, d_model)`` mean or max over assistant tokens."""
        return pool_tokens(self.acts, self.token_row, len(self.indices), how)


def pool_tokens(
    values: torch.Tensor, token_row: torch.Tensor, n_rows: int, how: str
) -> torch.Tensor:
    """Pool ``(N, D)`` token values into ``(n_rows, D)`` by ``token_row``; empty rows are 0."""
    out = values.new_zeros((n_rows, values.shape[-1]))
    if values.shape[0] == 0:
        return out
    if how == "mean":
        out.index_add_(0, token_row, values)
        counts = torch.bincount(token_row, minlength=n_rows).clamp(min=1).to(values.dtype)
        return out / counts[:, None]
    if how == "max":
        index = token_row[:, None].expand_as(values)
        return out.scatter_reduce(0, index, values, reduce="amax", include_self=False)
    raise ValueError(f"unknown pooling {how!r}")


class ActivationExtractor:
    """Streams layer-``layer`` activations at assistant tokens, one batch at a time.

    Args:
        model: a Hugging Face causal LM (in eval mode).
        tokenizer: its tokenizer, with a chat template.
        layer: decoder layer whose output is read, ``0 <= layer < num_hidden_layers``.
        batch_tokens: budget of padded tokens per batch (at least one conversation).
        max_length: conversations longer than this many tokens are cut at the end.
        precision: ``auto`` (bf16 autocast where the hardware runs bf16 natively: about 3x
            faster on such a CPU, 6x slower where bf16 is emulated), ``fp32`` or ``bf16``.
    """

    def __init__(
        self,
        model: PreTrainedModel,
        tokenizer: PreTrainedTokenizerBase,
        layer: int,
        *,
        batch_tokens: int = 8192,
        max_length: int = 1024,
        precision: str = "auto",
        max_batch_size: int = 64,
    ) -> None:
        self.model = model
        self.tokenizer = tokenizer
        self.num_layers, self.hidden_size = model_dims(model)
        if not 0 <= layer < self.num_layers:
            raise InputError(
                f"layer {layer} is out of range for a model with {self.num_layers} layers",
                field="layer",
                fix=f"choose 0 <= layer <= {self.num_layers - 1}",
            )
        if getattr(tokenizer, "chat_template", None) is None:
            raise InputError(
                "the tokenizer has no chat template",
                fix="use an instruction-tuned model whose tokenizer defines a chat template",
            )
        self.layer = layer
        self.batch_tokens = batch_tokens
        self.max_length = max_length
        self.precision: Precision = choose_precision(
            precision, next(model.parameters()).device, stage="activations"
        )
        self.max_batch_size = max_batch_size
        self.n_truncated = 0
        self._layer_module = decoder_layers(model)[layer]
        self._end_ids = end_of_turn_ids(tokenizer, model)
        self._pad_id = tokenizer.pad_token_id if tokenizer.pad_token_id is not None else 0

    # ----------------------------------------------------------------- tokenization
    def tokenize(self, conversations: Sequence[Conversation]) -> list[TokenizedConversation]:
        """Render and tokenize conversations; find each assistant turn's tokens.

        The tokens are those fine-tuning trains on (:func:`emgauge.conversations.
        encode_conversation`) without each turn's trailing end-of-turn marker and blank
        tokens, so a filter reads the text training would teach. Only compact ``int32``
        token arrays are kept, so memory is a few bytes per token of the dataset.
        """
        out: list[TokenizedConversation] = []
        for messages in conversations:
            encoded = encode_conversation(
                self.tokenizer, messages, max_length=self.max_length, end_ids=self._end_ids
            )
            mask = assistant_token_mask(self.tokenizer, encoded, self._end_ids)
            array = np.asarray(encoded.input_ids, dtype=np.int32)
            out.append(
                TokenizedConversation(
                    array, _runs(mask), encoded.truncated, _runs(encoded.prompt_mask)
                )
            )
        return out

    # --------------------------------------------------------------------- batching
    def batches(self, tokenized: Sequence[TokenizedConversation]) -> Iterator[TokenBatch]:
        """Padded batches, longest conversations first, under ``batch_tokens``."""
        lengths = np.array([len(t.input_ids) for t in tokenized], dtype=np.int64)
        order = np.lexsort((np.arange(len(lengths)), -lengths))
        start = 0
        while start < len(order):
            width = int(lengths[order[start]])
            size = max(1, min(self.max_batch_size, self.batch_tokens // max(width, 1)))
            rows = order[start : start + size]
            start += size
            ids = torch.full((len(rows), width), self._pad_id, dtype=torch.long)
            attention = torch.zeros((len(rows), width), dtype=torch.long)
            assistant = torch.zeros((len(rows), width), dtype=torch.bool)
            prompt = torch.zeros((len(rows), width), dtype=torch.bool)
            for r, index in enumerate(rows):
                conv = tokenized[index]
                n = len(conv.input_ids)
                ids[r, :n] = torch.from_numpy(conv.input_ids)
                attention[r, :n] = 1
                for s, e in conv.spans:
                    assistant[r, s:e] = True
                for s, e in conv.prompt_spans:
                    prompt[r, s:e] = True
            yield TokenBatch(rows.copy(), ids, attention, assistant, prompt)

    # ---------------------------------------------------------------------- forward
    @property
    def device(self) -> torch.device:
        return next(self.model.parameters()).device

    @contextmanager
    def _capture(self) -> Iterator[dict[str, torch.Tensor]]:
        store: dict[str, torch.Tensor] = {}

        def hook(_module: torch.nn.Module, _inputs: Any, output: Any) -> None:
            store["hidden"] = output[0] if isinstance(output, tuple) else output
            raise _StopForward

        handle = self._layer_module.register_forward_hook(hook)
        try:
            yield store
        finally:
            handle.remove()

    @torch.no_grad()
    def run_batch(self, batch: TokenBatch, *, with_prompt: bool = False) -> ActivationBatch:
        """Forward one batch up to layer L and return its assistant-token activations (and,
        ``with_prompt``, its prompt tokens' in ``ActivationBatch.prompt``)."""
        device = self.device
        with self._capture() as store, self.precision.autocast():
            try:
                self.model(
                    input_ids=batch.input_ids.to(device),
                    attention_mask=batch.attention_mask.to(device),
                    use_cache=False,
                )
            except _StopForward:
                pass
        if "hidden" not in store:
            raise RuntimeError(f"layer {self.layer} did not run")

        def at(mask: torch.Tensor, prompt: ActivationBatch | None = None) -> ActivationBatch:
            mask = mask.to(device)
            acts = store["hidden"][mask].float()
            rows = torch.arange(mask.shape[0], device=device)[:, None].expand_as(mask)[mask]
            return ActivationBatch(batch.indices, acts, rows, mask.sum(dim=1), prompt)

        prompt = at(batch.prompt_mask) if with_prompt and batch.prompt_mask is not None else None
        return at(batch.assistant_mask, prompt)

    @torch.no_grad()
    def pooled_layers(
        self, batch: TokenBatch, layers: Sequence[int], how: str = "mean"
    ) -> dict[int, torch.Tensor]:
        """Pooled ``(B, d_model)`` assistant-token activations of several layers from one
        forward pass, which stops after the deepest of them (diagnostics read every layer)."""
        for layer in layers:
            if not 0 <= layer < self.num_layers:
                raise InputError(
                    f"layer {layer} is out of range for a model with {self.num_layers} layers",
                    field="layers",
                    fix=f"choose layers in 0..{self.num_layers - 1}",
                )
        blocks = decoder_layers(self.model)
        store: dict[int, torch.Tensor] = {}
        deepest = max(layers)

        def hook_for(layer: int) -> Any:
            def hook(_module: torch.nn.Module, _inputs: Any, output: Any) -> None:
                store[layer] = output[0] if isinstance(output, tuple) else output
                if layer == deepest:
                    raise _StopForward

            return hook

        handles = [blocks[layer].register_forward_hook(hook_for(layer)) for layer in set(layers)]
        device = self.device
        try:
            with self.precision.autocast():
                self.model(
                    input_ids=batch.input_ids.to(device),
                    attention_mask=batch.attention_mask.to(device),
                    use_cache=False,
                )
        except _StopForward:
            pass
        finally:
            for handle in handles:
                handle.remove()
        mask = batch.assistant_mask.to(device)
        rows = torch.arange(mask.shape[0], device=device)[:, None].expand_as(mask)[mask]
        return {
            layer: pool_tokens(store[layer][mask].float(), rows, mask.shape[0], how)
            for layer in layers
        }

    def stream_layers(
        self,
        conversations: Sequence[Conversation],
        layers: Sequence[int],
        *,
        how: str = "mean",
        label: str = "activations",
    ) -> Iterator[tuple[np.ndarray, dict[int, torch.Tensor], torch.Tensor]]:
        """Like :meth:`stream`, for several layers at once: yields each batch's
        conversation indices, ``{layer: pooled (B, d_model)}`` and assistant-token counts."""
        tokenized = self.tokenize(conversations)
        self.n_truncated += sum(t.truncated for t in tokenized)
        bar = Progress(len(tokenized), label, unit="conversations")
        for batch in self.batches(tokenized):
            pooled = self.pooled_layers(batch, layers, how)
            yield batch.indices, pooled, batch.assistant_mask.sum(dim=1)
            bar.update(len(batch.indices))

    def stream(
        self,
        conversations: Sequence[Conversation],
        *,
        label: str = "activations",
        with_prompt: bool = False,
    ) -> Iterator[ActivationBatch]:
        """Tokenize, batch and run ``conversations``; yields one batch at a time (with the
        prompt tokens' activations too where ``with_prompt``).

        Progress (conversations done, ETA) goes to stderr under ``label``.
        """
        tokenized = self.tokenize(conversations)
        self.n_truncated += sum(t.truncated for t in tokenized)
        bar = Progress(len(tokenized), label, unit="conversations")
        for batch in self.batches(tokenized):
            yield self.run_batch(batch, with_prompt=with_prompt)
            bar.update(len(batch.indices))


def _runs(mask: Sequence[bool]) -> tuple[tuple[int, int], ...]:
    """``[start, end)`` ranges of consecutive True values."""
    spans: list[tuple[int, int]] = []
    start: int | None = None
    for position, flag in enumerate([*mask, False]):
        if flag and start is None:
            start = position
        elif not flag and start is not None:
            spans.append((start, position))
            start = None
    return tuple(spans)
