"""Chat conversations as token ids, and where the assistant's tokens are.

The one assistant-token locator of emgauge: fine-tuning trains on exactly these tokens,
the misaligned-preference probe scores them and the activation extractor reads them, so
what is trained, measured and filtered is the same text (see :mod:`emgauge.finetune` for
why spans are found through the chat template rather than by searching for the text).

* :func:`assistant_char_spans` renders a conversation and finds each assistant turn's
  ``[start, end)`` characters: its content starts where ``messages[:i]`` rendered with the
  generation prompt ends; ``messages[: i + 1]`` bounds its end.
* :func:`encode_conversation` tokenizes the text once (with offsets) and labels every
  token whose first character lies in a span, cutting each span after its first
  end-of-turn token (so the end-of-turn marker is trained on, the separator after it not).
* :func:`assistant_token_mask` is the content of the turns: the labelled tokens without
  each turn's trailing end-of-turn marker and blank tokens (what the activation extractor
  reads).
* ``EncodedConversation.prompt_mask`` marks the content of the user message the first
  answer replies to (filters that rank answers by what they add beyond their prompt read
  it).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from emgauge.chat_data import ChatMessage
from emgauge.errors import InputError

if TYPE_CHECKING:
    import torch
    from transformers import PreTrainedTokenizerBase

__all__ = [
    "IGNORE_INDEX",
    "EncodedConversation",
    "assistant_char_spans",
    "assistant_token_mask",
    "collate_encoded",
    "encode_conversation",
    "end_of_turn_ids",
]

#: Label of a token the loss ignores (the transformers / PyTorch convention).
IGNORE_INDEX = -100


@dataclass(frozen=True)
class EncodedConversation:
    """One tokenized conversation with its training labels."""

    input_ids: list[int]
    labels: list[int]
    """``input_ids`` where the token is trained on, ``-100`` elsewhere."""
    truncated: bool
    prompt_mask: tuple[bool, ...] = ()
    """True at the content tokens of the last user message before the first assistant
    turn; empty where that content is not found verbatim in the rendered text, or the
    tokenizer gives no character offsets."""

    @property
    def n_trained(self) -> int:
        """Tokens the loss is computed on (the first token has nothing to predict it)."""
        return sum(1 for label in self.labels[1:] if label != IGNORE_INDEX)


def end_of_turn_ids(tokenizer: PreTrainedTokenizerBase, model: Any | None = None) -> set[int]:
    """Token ids that end an assistant turn: the tokenizer's and generation config's EOS."""
    ids: set[int] = set()
    candidates: list[Any] = [getattr(tokenizer, "eos_token_id", None)]
    generation_config = getattr(model, "generation_config", None)
    if generation_config is not None:
        candidates.append(generation_config.eos_token_id)
    for candidate in candidates:
        if isinstance(candidate, int):
            ids.add(candidate)
        elif isinstance(candidate, list | tuple):
            ids.update(int(c) for c in candidate)
    return ids


def _render(
    tokenizer: PreTrainedTokenizerBase,
    messages: Sequence[ChatMessage],
    *,
    generation_prompt: bool,
) -> str:
    text = tokenizer.apply_chat_template(
        [{"role": m.role, "content": m.content} for m in messages],
        tokenize=False,
        add_generation_prompt=generation_prompt,
    )
    if not isinstance(text, str):  # pragma: no cover - defensive, older transformers
        raise TypeError("chat template did not render to a string")
    return text


def assistant_char_spans(
    tokenizer: PreTrainedTokenizerBase,
    messages: Sequence[ChatMessage],
    *,
    sample_id: str = "?",
) -> tuple[str, list[tuple[int, int]]]:
    """Render a conversation and locate each assistant turn in the text.

    Returns the full rendered text and, per assistant message, the ``[start, end)``
    character range from the first character of its content to the end of its turn as the
    template renders it (including end-of-turn marker and any separator).
    """
    if getattr(tokenizer, "chat_template", None) is None:
        raise InputError(
            "the model's tokenizer has no chat template",
            fix="fine-tune an instruct/chat model whose tokenizer defines one",
        )
    full = _render(tokenizer, messages, generation_prompt=False)
    spans: list[tuple[int, int]] = []
    for index, message in enumerate(messages):
        if message.role != "assistant":
            continue
        if index == 0:
            raise InputError(
                f"sample {sample_id!r} starts with an assistant turn",
                fix="put at least one user (or system) message before the first answer",
            )
        before = _render(tokenizer, messages[:index], generation_prompt=True)
        through = _render(tokenizer, messages[: index + 1], generation_prompt=False)
        if not full.startswith(before):
            raise InputError(
                f"sample {sample_id!r}: the chat template renders the conversation before "
                f"assistant turn {index} differently from the full conversation, so the "
                "assistant tokens cannot be located",
                fix="use a model whose chat template renders conversation prefixes stably",
            )
        end = len(through) if full.startswith(through) else len(full)
        spans.append((len(before), max(end, len(before))))
    return full, spans


def encode_conversation(
    tokenizer: PreTrainedTokenizerBase,
    messages: Sequence[ChatMessage],
    *,
    max_length: int,
    end_ids: Collection[int] | None = None,
    sample_id: str = "?",
) -> EncodedConversation:
    """Tokenize a conversation with its chat template; labels cover assistant tokens only.

    A token is an assistant token when its first character lies in an assistant span (see
    :func:`assistant_char_spans`); each span is cut after its first end-of-turn token
    (``end_ids``, default the tokenizer's EOS). The result is truncated to ``max_length``.
    """
    if end_ids is None:
        end_ids = end_of_turn_ids(tokenizer)
    full, spans = assistant_char_spans(tokenizer, messages, sample_id=sample_id)
    prompt_span = _prompt_char_span(full, messages, spans)
    if getattr(tokenizer, "is_fast", False):
        encoded = tokenizer(full, add_special_tokens=False, return_offsets_mapping=True)
        input_ids = list(encoded["input_ids"])
        starts = [start for start, _end in encoded["offset_mapping"]]
    else:
        input_ids, starts = _slow_token_starts(tokenizer, full, spans, sample_id)
        prompt_span = None  # its token starts are exact at assistant-span cuts only
    prompt_mask: tuple[bool, ...] = ()
    if prompt_span is not None:
        prompt_mask = tuple(prompt_span[0] <= start < prompt_span[1] for start in starts)
    labels = [IGNORE_INDEX] * len(input_ids)
    position = 0
    for span_start, span_end in spans:
        while position < len(input_ids) and starts[position] < span_start:
            position += 1
        while position < len(input_ids) and starts[position] < span_end:
            token = input_ids[position]
            labels[position] = token
            position += 1
            if token in end_ids:
                break
    truncated = len(input_ids) > max_length
    return EncodedConversation(
        input_ids=input_ids[:max_length],
        labels=labels[:max_length],
        truncated=truncated,
        prompt_mask=prompt_mask[:max_length],
    )


def _prompt_char_span(
    full: str, messages: Sequence[ChatMessage], spans: Sequence[tuple[int, int]]
) -> tuple[int, int] | None:
    """``[start, end)`` characters of the content of the last user message before the
    first assistant turn, found verbatim in the rendered text before that turn."""
    first_answer = next((i for i, m in enumerate(messages) if m.role == "assistant"), None)
    if first_answer is None or not spans:
        return None
    users = [m for m in messages[:first_answer] if m.role == "user" and m.content.strip()]
    if not users:
        return None
    content = users[-1].content
    start = full.rfind(content, 0, spans[0][0])
    return None if start < 0 else (start, start + len(content))


def _slow_token_starts(
    tokenizer: PreTrainedTokenizerBase,
    full: str,
    spans: list[tuple[int, int]],
    sample_id: str,
) -> tuple[list[int], list[int]]:
    """Token ids and a start character per token, for tokenizers without offsets.

    Tokenizes the text piece by piece at the span boundaries and checks that this gives
    the same ids as tokenizing it whole (otherwise the boundaries would be guesses).
    """
    cuts = sorted({0, len(full), *(c for span in spans for c in span)})
    ids: list[int] = []
    starts: list[int] = []
    for left, right in zip(cuts, cuts[1:], strict=False):
        piece = tokenizer.encode(full[left:right], add_special_tokens=False)
        ids.extend(piece)
        starts.extend([left] * len(piece))
    if ids != tokenizer.encode(full, add_special_tokens=False):
        raise InputError(
            f"sample {sample_id!r}: cannot align assistant turns with tokens "
            "(slow tokenizer merges across turn boundaries)",
            fix="use a model with a fast tokenizer",
        )
    return ids, starts


def assistant_token_mask(
    tokenizer: PreTrainedTokenizerBase, encoded: EncodedConversation, end_ids: Collection[int]
) -> list[bool]:
    """True at the content tokens of the assistant turns: each turn's labelled tokens
    without its trailing end-of-turn, special and whitespace-only tokens (they close the
    turn or pad the text; they are not what the assistant says)."""
    special = set(tokenizer.all_special_ids) | set(end_ids)
    mask = [label != IGNORE_INDEX for label in encoded.labels]
    for position in range(len(mask) - 1, -1, -1):
        # A labelled token is trimmed when it ends its turn (the next one is not labelled,
        # or was trimmed too) and is a marker or blank.
        ends_turn = position + 1 == len(mask) or not mask[position + 1]
        if mask[position] and ends_turn:
            token = encoded.input_ids[position]
            if token in special or tokenizer.decode([token]).strip() == "":
                mask[position] = False
    return mask


def collate_encoded(
    batch: Sequence[EncodedConversation], pad_id: int, device: str
) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """Right-padded ``input_ids``, ``labels`` and ``attention_mask`` tensors of a batch."""
    import torch

    width = max(len(example.input_ids) for example in batch)
    ids = torch.full((len(batch), width), pad_id, dtype=torch.long)
    labels = torch.full((len(batch), width), IGNORE_INDEX, dtype=torch.long)
    mask = torch.zeros((len(batch), width), dtype=torch.long)
    for row, example in enumerate(batch):
        n = len(example.input_ids)
        ids[row, :n] = torch.tensor(example.input_ids)
        labels[row, :n] = torch.tensor(example.labels)
        mask[row, :n] = 1
    return ids.to(device), labels.to(device), mask.to(device)
