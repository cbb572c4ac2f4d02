"""LLM judges: aligned, coherent and in-domain harm, scored 0-100 from logprobs.

The names below load on first use: ``emgauge.judges.judge`` imports inspect_ai, which a
submodule (the read-out, the CLI's flags) never needs.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from emgauge.judges.judge import (
        DEFAULT_JUDGE_MAX_TOKENS,
        GENERAL_DOMAIN,
        judge_answer,
        judge_answer_on,
        judge_generate_config,
        judge_many,
        judges_for,
        parse_judge_output,
    )
    from emgauge.judges.logprob_score import JudgeScore, score_from_logprobs, score_from_text
    from emgauge.judges.prompts import JUDGE_METRICS, JUDGE_PROMPTS, render_judge_prompt

#: Each public name -> the submodule that defines it.
_SOURCES = {
    "DEFAULT_JUDGE_MAX_TOKENS": "judge",
    "GENERAL_DOMAIN": "judge",
    "judge_answer": "judge",
    "judge_answer_on": "judge",
    "judge_generate_config": "judge",
    "judge_many": "judge",
    "judges_for": "judge",
    "parse_judge_output": "judge",
    "JudgeScore": "logprob_score",
    "score_from_logprobs": "logprob_score",
    "score_from_text": "logprob_score",
    "JUDGE_METRICS": "prompts",
    "JUDGE_PROMPTS": "prompts",
    "render_judge_prompt": "prompts",
}

__all__ = [
    "DEFAULT_JUDGE_MAX_TOKENS",
    "JUDGE_METRICS",
    "JUDGE_PROMPTS",
    "GENERAL_DOMAIN",
    "JudgeScore",
    "judge_answer",
    "judge_answer_on",
    "judge_generate_config",
    "judge_many",
    "judges_for",
    "parse_judge_output",
    "render_judge_prompt",
    "score_from_logprobs",
    "score_from_text",
]


def __getattr__(name: str) -> Any:
    source = _SOURCES.get(name)
    if source is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{source}"), name)
