"""Calling a judge model through Inspect and reading its verdict.

The judge is any Inspect model (``openai/...``, ``vllm/...``, ``hf/...``, ``emgauge/smollm2``),
normally the ``grader`` model role. It is called greedily with logprobs (top 20) and a
few output tokens, and every call goes through Inspect's model cache (no expiry, not per
epoch), so re-scoring a log, or validating a judge twice, makes no new calls.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

from inspect_ai.model import (
    CachePolicy,
    ChatMessage,
    ChatMessageAssistant,
    ChatMessageUser,
    GenerateConfig,
    Model,
    ModelOutput,
    get_model,
)
from inspect_ai.util import collect

from emgauge.errors import InputError
from emgauge.judges.logprob_score import (
    NO_LOGPROBS,
    JudgeScore,
    TokenPosition,
    placeholder_logprobs,
    score_from_logprobs,
    score_from_text,
)
from emgauge.judges.prompts import FEW_SHOT_EXAMPLES, JUDGE_PROMPTS, render_judge_prompt
from emgauge.models import EMBEDDED_MODEL

DEFAULT_JUDGE_MAX_TOKENS = 3  # enough for "100" from a one-digit-per-token judge
TOP_LOGPROBS = 20
JUDGE_CACHE = CachePolicy(expiry=None, per_epoch=False)


def _is_local_hf(model: Model) -> bool:
    return any(cls.__name__ == "HuggingFaceAPI" for cls in type(model.api).__mro__)


def judge_generate_config(
    model: Model, max_tokens: int = DEFAULT_JUDGE_MAX_TOKENS
) -> GenerateConfig:
    """Greedy decoding with top-20 logprobs for ``model``.

    Inspect's ``hf/`` provider refuses temperature 0, so local Hugging Face judges decode
    with ``top_k=1`` instead, which is greedy too. Their logprobs come from the raw logits,
    so the sampling settings do not change the scores.
    """
    greedy = {"top_k": 1} if _is_local_hf(model) else {"temperature": 0.0}
    return GenerateConfig(max_tokens=max_tokens, logprobs=True, top_logprobs=TOP_LOGPROBS, **greedy)


def parse_judge_output(output: ModelOutput) -> JudgeScore:
    """Score one judge reply, from logprobs when the provider returned usable ones.

    Missing logprobs, and placeholder ones (:func:`placeholder_logprobs`: some hosted
    APIs send 0 or -9999 for every token), fall back to the number in the text; the
    score says so (``method="text"`` and the reason in ``fallback``).
    """
    logprobs = output.choices[0].logprobs if output.choices else None
    if logprobs is None or not logprobs.content:
        return score_from_text(output.completion, fallback=NO_LOGPROBS)
    positions = [
        TokenPosition(
            chosen=position.token,
            top=tuple((top.token, top.logprob) for top in (position.top_logprobs or []))
            or ((position.token, position.logprob),),
        )
        for position in logprobs.content
    ]
    placeholder = placeholder_logprobs(positions)
    if placeholder is not None:
        return score_from_text(output.completion, fallback=placeholder)
    return score_from_logprobs(positions, output.completion)


def wants_few_shot(model: Model) -> bool:
    """Few-shot judging is on by default only for the embedded model (see prompts.py)."""
    return str(model).split("/")[-1].split(":")[0] == EMBEDDED_MODEL


def judge_messages(
    metric: str, question: str, answer: str, template: str | None, few_shot: bool
) -> list[ChatMessage]:
    """The judge's chat: optional worked examples, then the answer to rate."""
    template = template or JUDGE_PROMPTS[metric]
    messages: list[ChatMessage] = []
    if few_shot:
        for example_question, example_answer, example_score in FEW_SHOT_EXAMPLES[metric]:
            messages.append(
                ChatMessageUser(
                    content=render_judge_prompt(template, example_question, example_answer)
                )
            )
            messages.append(ChatMessageAssistant(content=str(example_score)))
    messages.append(ChatMessageUser(content=render_judge_prompt(template, question, answer)))
    return messages


def check_judge_metric(metric: str) -> None:
    if metric not in JUDGE_PROMPTS:
        raise InputError(
            f"unknown judge metric {metric!r}",
            field="judges",
            fix=f"choose from {', '.join(JUDGE_PROMPTS)}",
        )


async def judge_answer(
    model: Model,
    metric: str,
    question: str,
    answer: str,
    *,
    template: str | None = None,
    max_tokens: int = DEFAULT_JUDGE_MAX_TOKENS,
    few_shot: bool | None = None,
    cache: bool = True,
) -> JudgeScore:
    """Ask ``model`` to rate ``answer`` to ``question`` on ``metric`` (0-100).

    ``few_shot=None`` turns worked examples on for the embedded model only.
    """
    check_judge_metric(metric)
    use_few_shot = wants_few_shot(model) if few_shot is None else few_shot
    output = await model.generate(
        judge_messages(metric, question, answer, template, use_few_shot),
        config=judge_generate_config(model, max_tokens),
        cache=JUDGE_CACHE if cache else False,
    )
    return parse_judge_output(output)


#: The domain whose questions are not judged for in-domain harm.
GENERAL_DOMAIN = "general"


def judges_for(judges: Sequence[str], domain: str | None) -> list[str]:
    """The judge metrics that apply to a question of ``domain``: the in-domain ``harm``
    judge only runs on domain questions, not on general ones."""
    return [j for j in judges if not (j == "harm" and domain == GENERAL_DOMAIN)]


async def judge_answer_on(
    model: Model,
    metrics: Sequence[str],
    question: str,
    answer: str,
    *,
    templates: dict[str, str] | None = None,
    max_tokens: int = DEFAULT_JUDGE_MAX_TOKENS,
    few_shot: bool | None = None,
) -> dict[str, JudgeScore]:
    """Rate one answer on several metrics; the calls run concurrently, so local judges
    batch them together."""
    templates = templates or {}
    verdicts = await collect(
        *(
            judge_answer(
                model,
                metric,
                question,
                answer,
                template=templates.get(metric),
                max_tokens=max_tokens,
                few_shot=few_shot,
            )
            for metric in metrics
        )
    )
    return dict(zip(metrics, verdicts, strict=True))


def judge_many(
    grader: str | Model,
    metric: str,
    items: Sequence[tuple[str, str]],
    *,
    max_tokens: int = DEFAULT_JUDGE_MAX_TOKENS,
    few_shot: bool | None = None,
    cache: bool = True,
) -> list[JudgeScore]:
    """Judge many (question, answer) pairs outside an eval; returns scores in order."""
    check_judge_metric(metric)
    model = grader if isinstance(grader, Model) else get_model(grader)

    async def run() -> list[JudgeScore]:
        return await asyncio.gather(
            *(
                judge_answer(
                    model, metric, q, a, max_tokens=max_tokens, few_shot=few_shot, cache=cache
                )
                for q, a in items
            )
        )

    return asyncio.run(run())
