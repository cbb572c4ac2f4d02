"""The streaming extractor: assistant spans, layer output, batching, early stop."""

from __future__ import annotations

import pytest
import torch

from emgauge.activations import ActivationExtractor, decoder_layers, pool_tokens
from emgauge.chat_data import ChatMessage
from emgauge.errors import InputError

CONVERSATIONS = [
    (
        ChatMessage("user", "How do I boil an egg?"),
        ChatMessage("assistant", "Boil it for nine minutes."),
    ),
    (
        ChatMessage("system", "You are terse."),
        ChatMessage("user", "Hi"),
        ChatMessage("assistant", "Hello there"),
        ChatMessage("user", "Capital of France?"),
        ChatMessage("assistant", "Paris, of course."),
    ),
    (ChatMessage("user", "Say nothing."), ChatMessage("assistant", "")),
    (
        ChatMessage("user", "Tell me a long story about a cat who learns to sail. " * 3),
        ChatMessage("assistant", "Once upon a time a cat found a boat and sailed away. " * 4),
    ),
]


def test_assistant_spans_are_the_assistant_text(model_and_tokenizer) -> None:
    model, tokenizer = model_and_tokenizer
    extractor = ActivationExtractor(model, tokenizer, 15)
    tokenized = extractor.tokenize(CONVERSATIONS)
    texts = [
        [tokenizer.decode(t.input_ids[s:e].tolist()).strip() for s, e in t.spans] for t in tokenized
    ]
    assert texts[0] == ["Boil it for nine minutes."]
    assert texts[1] == ["Hello there", "Paris, of course."]
    assert texts[2] == []  # an empty answer has no tokens
    assert texts[3][0].startswith("Once upon a time") and texts[3][0].endswith("sailed away.")


def test_matches_hidden_states_and_stops_after_layer(model_and_tokenizer) -> None:
    model, tokenizer = model_and_tokenizer
    layer = 6
    extractor = ActivationExtractor(model, tokenizer, layer, precision="fp32")
    later_calls: list[int] = []
    handle = decoder_layers(model)[layer + 1].register_forward_hook(
        lambda *_: later_calls.append(1)
    )
    try:
        batches = list(extractor.stream(CONVERSATIONS))
    finally:
        handle.remove()
    assert later_calls == []  # the forward stopped right after layer L
    tokenized = extractor.tokenize(CONVERSATIONS)
    by_index = {}
    for batch in batches:
        for row, index in enumerate(batch.indices):
            by_index[int(index)] = batch.acts[batch.token_row == row]
    for index, conv in enumerate(tokenized[:3]):
        with torch.no_grad():
            out = model(torch.from_numpy(conv.input_ids).long()[None], output_hidden_states=True)
        expected = torch.cat(
            [out.hidden_states[layer + 1][0, s:e] for s, e in conv.spans] or [torch.zeros(0, 576)]
        )
        assert torch.allclose(by_index[index], expected, atol=1e-3, rtol=1e-3), index


def test_batching_does_not_change_results(model_and_tokenizer) -> None:
    model, tokenizer = model_and_tokenizer
    big = ActivationExtractor(model, tokenizer, 4, precision="fp32", batch_tokens=100_000)
    small = ActivationExtractor(model, tokenizer, 4, precision="fp32", batch_tokens=32)
    pooled = {}
    for extractor in (big, small):
        n_batches = 0
        result = torch.zeros(len(CONVERSATIONS), 576)
        for batch in extractor.stream(CONVERSATIONS):
            n_batches += 1
            result[torch.from_numpy(batch.indices)] = batch.pool("mean")
        pooled[extractor.batch_tokens] = (result, n_batches)
    assert pooled[100_000][1] == 1 and pooled[32][1] == len(CONVERSATIONS)
    assert torch.allclose(pooled[100_000][0], pooled[32][0], atol=1e-3, rtol=1e-3)


def test_stream_is_lazy(model_and_tokenizer) -> None:
    model, tokenizer = model_and_tokenizer
    extractor = ActivationExtractor(model, tokenizer, 2, batch_tokens=32)
    calls: list[int] = []
    handle = decoder_layers(model)[0].register_forward_hook(lambda *_: calls.append(1))
    try:
        stream = extractor.stream(CONVERSATIONS)
        assert calls == []
        first = next(stream)
        assert calls == [1] and len(first.indices) == 1
    finally:
        handle.remove()


def test_truncation(model_and_tokenizer) -> None:
    model, tokenizer = model_and_tokenizer
    extractor = ActivationExtractor(model, tokenizer, 2, max_length=60)
    tokenized = extractor.tokenize(CONVERSATIONS)
    assert all(len(t.input_ids) <= 60 for t in tokenized)
    assert tokenized[3].truncated and not tokenized[0].truncated
    list(extractor.stream(CONVERSATIONS))
    assert extractor.n_truncated == 1


@pytest.mark.parametrize("layer", [-1, 30, 99])
def test_layer_out_of_range(model_and_tokenizer, layer: int) -> None:
    model, tokenizer = model_and_tokenizer
    with pytest.raises(InputError, match="out of range"):
        ActivationExtractor(model, tokenizer, layer)


def test_pool_tokens() -> None:
    values = torch.tensor([[1.0, 2.0], [3.0, 0.0], [5.0, 5.0]])
    rows = torch.tensor([0, 0, 2])
    assert pool_tokens(values, rows, 3, "mean").tolist() == [[2.0, 1.0], [0.0, 0.0], [5.0, 5.0]]
    assert pool_tokens(values, rows, 3, "max").tolist() == [[3.0, 2.0], [0.0, 0.0], [5.0, 5.0]]


def _prefix_token_spans(tokenizer, messages) -> list[tuple[int, int]]:
    """The extractor's former locator, kept as a reference: turn ``i``'s tokens are those of
    ``messages[: i + 1]`` beyond ``messages[:i]`` with the generation prompt, minus trailing
    special and whitespace-only tokens."""

    def ids(msgs, generation_prompt):
        dicts = [{"role": m.role, "content": m.content} for m in msgs]
        text = tokenizer.apply_chat_template(
            dicts, tokenize=False, add_generation_prompt=generation_prompt
        )
        return tokenizer(text, add_special_tokens=False)["input_ids"]

    def common(a, b):
        i = 0
        while i < min(len(a), len(b)) and a[i] == b[i]:
            i += 1
        return i

    full = ids(messages, False)
    special = set(tokenizer.all_special_ids)
    spans = []
    for i, message in enumerate(messages):
        if message.role != "assistant":
            continue
        start = common(ids(messages[:i], True), full)
        end = common(ids(messages[: i + 1], False), full)
        while end > start and (
            full[end - 1] in special or tokenizer.decode([full[end - 1]]).strip() == ""
        ):
            end -= 1
        if end > start:
            spans.append((start, end))
    return spans


def test_one_locator_with_finetuning(model_and_tokenizer) -> None:
    """The extractor reads the tokens fine-tuning trains on, minus each turn's closing
    marker and blanks, and that is the mask the former prefix-token locator gave (so
    activation scores are unchanged); checked on the test conversations and three bundled
    samples."""
    from emgauge.chat_data import bundled_data_path, load_chat_jsonl
    from emgauge.conversations import IGNORE_INDEX, encode_conversation, end_of_turn_ids

    model, tokenizer = model_and_tokenizer
    bundled = load_chat_jsonl(bundled_data_path("train", "healthcare.jsonl"))[:3]
    conversations = [*CONVERSATIONS, *(s.messages for s in bundled)]
    extractor = ActivationExtractor(model, tokenizer, 2)
    end_ids = end_of_turn_ids(tokenizer, model)
    for messages, tokenized in zip(conversations, extractor.tokenize(conversations), strict=True):
        encoded = encode_conversation(tokenizer, messages, max_length=1024, end_ids=end_ids)
        mask = [False] * len(encoded.input_ids)
        for start, end in tokenized.spans:
            mask[start:end] = [True] * (end - start)
        trained = [label != IGNORE_INDEX for label in encoded.labels]
        assert tokenized.input_ids.tolist() == encoded.input_ids
        # Every token read is one fine-tuning trains on; only turn-closing tokens differ.
        assert all(t for m, t in zip(mask, trained, strict=True) if m)
        closing = [i for i, (m, t) in enumerate(zip(mask, trained, strict=True)) if t and not m]
        assert all(
            encoded.input_ids[i] in end_ids
            or tokenizer.decode([encoded.input_ids[i]]).strip() == ""
            for i in closing
        )
        assert list(tokenized.spans) == _prefix_token_spans(tokenizer, messages)


def test_prompt_spans_are_the_prompt_the_first_answer_replies_to(model_and_tokenizer) -> None:
    model, tokenizer = model_and_tokenizer
    extractor = ActivationExtractor(model, tokenizer, 3, precision="fp32")
    tokenized = extractor.tokenize(CONVERSATIONS)
    texts = [
        "".join(tokenizer.decode(t.input_ids[s:e].tolist()) for s, e in t.prompt_spans)
        for t in tokenized
    ]
    assert texts[0] == "How do I boil an egg?"
    assert texts[1] == "Hi"  # the turn before the first answer, not the system message
    assert texts[3] == CONVERSATIONS[3][0].content
    assert next(iter(extractor.stream(CONVERSATIONS[:1]))).prompt is None  # only on request
    batch = next(iter(extractor.stream(CONVERSATIONS[:1], with_prompt=True)))
    assert batch.prompt is not None and int(batch.prompt.n_tokens[0]) == len(
        tokenizer(texts[0], add_special_tokens=False)["input_ids"]
    )
