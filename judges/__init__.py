"""LLM judges: aligned, coherent and in-domain harm, scored 0-100 from logprobs."""

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
