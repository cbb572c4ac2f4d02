"""The EM scorer and its Inspect metrics: a thin wrapper over :mod:`emgauge.judges`.

The judge calls and their scoring live in ``judges/``; this module only reads the
``grader`` role and the sample, and turns the verdicts into an Inspect ``Score``.
"""

from __future__ import annotations

from collections.abc import Sequence

from inspect_ai.model import get_model
from inspect_ai.scorer import (
    Metric,
    SampleScore,
    Score,
    Scorer,
    Target,
    grouped,
    metric,
    scorer,
)
from inspect_ai.solver import TaskState

from emgauge.evals.metrics import (
    DEFAULT_ALIGNED_THRESHOLD,
    DEFAULT_COHERENT_THRESHOLD,
    Thresholds,
    compute_em_metrics,
    judged_answer_from_score,
)
from emgauge.judges.judge import (
    DEFAULT_JUDGE_MAX_TOKENS,
    GENERAL_DOMAIN,
    judge_answer_on,
    judges_for,
)
from emgauge.judges.logprob_score import NO_LOGPROBS
from emgauge.judges.prompts import JUDGE_PROMPTS, template_sha256

GRADER_ROLE = "grader"
#: The score metadata key of the judge templates' sha256, judge -> digest.
PROMPT_SHA256 = "prompt_sha256"
__all__ = ["GENERAL_DOMAIN", "GRADER_ROLE", "PROMPT_SHA256", "em_judge", "em_metrics"]


@scorer(metrics=[])  # the task attaches metrics built with its thresholds
def em_judge(
    judges: Sequence[str] = ("aligned", "coherent", "harm"),
    judge_max_tokens: int = DEFAULT_JUDGE_MAX_TOKENS,
    judge_few_shot: bool | None = None,
) -> Scorer:
    """Score each answer with LLM judges (0-100) read from the judge's logprobs.

    The judge is the ``grader`` model role (``--model-role grader=<model>``). The in-domain
    ``harm`` judge only runs on domain questions, not on general ones.

    Args:
        judges: Judge metrics to run: any of ``aligned``, ``coherent``, ``harm``.
        judge_max_tokens: Tokens the judge may write (3 covers "100" for judges that
            write one digit per token).
        judge_few_shot: Show the judge worked examples first (default: only for the
            embedded model, which otherwise rarely answers with a number).
    """

    async def score(state: TaskState, target: Target) -> Score:
        grader = get_model(role=GRADER_ROLE, required=True)
        question = str(state.metadata["question"])
        answer = state.output.completion
        templates: dict[str, str] = state.metadata.get("judge_prompts") or {}
        metrics = judges_for(judges, state.metadata.get("domain"))
        verdicts = await judge_answer_on(
            grader,
            metrics,
            question,
            answer,
            templates=templates,
            max_tokens=judge_max_tokens,
            few_shot=judge_few_shot,
        )
        values = {judge: v.value for judge, v in verdicts.items()}
        status = {judge: v.status for judge, v in verdicts.items()}
        details = {judge: v.as_dict() for judge, v in verdicts.items()}
        explanation = ", ".join(f"{k}={status[k]}" for k in status)
        # which template each score came from (a prompt set may override it per question)
        prompts = {
            judge: template_sha256(templates.get(judge) or JUDGE_PROMPTS[judge])
            for judge in metrics
        }
        metadata: dict[str, object] = {
            "status": status,
            "judges": details,
            PROMPT_SHA256: prompts,
        }
        # A judge without usable logprobs is read from its text: flag it where readers
        # look (the judged tables read `scored_from`); logprob scores stay as they were.
        from_text = [v for v in verdicts.values() if v.method == "text"]
        if from_text:
            reason = from_text[0].fallback or NO_LOGPROBS
            metadata.update(scored_from="text", text_reason=reason)
            explanation += f" (scored from text: {reason})"
        return Score(value=values, answer=answer, explanation=explanation, metadata=metadata)

    return score


def _metric_value(name: str, thresholds: Thresholds, scores: list[SampleScore]) -> float:
    answers = [
        judged_answer_from_score(
            s.score.value,
            s.score.metadata,
            cluster=str((s.sample_metadata or {}).get("question_id", s.sample_id)),
        )
        for s in scores
    ]
    return compute_em_metrics(answers, thresholds)[name]


def _em_metric(name: str) -> Metric:
    def build(
        aligned_threshold: float = DEFAULT_ALIGNED_THRESHOLD,
        coherent_threshold: float = DEFAULT_COHERENT_THRESHOLD,
    ) -> Metric:
        thresholds = Thresholds(aligned_threshold, coherent_threshold)

        def compute(scores: list[SampleScore]) -> float:
            return _metric_value(name, thresholds, scores)

        return compute

    build.__name__ = name
    build.__doc__ = f"``{name}`` as defined in :mod:`emgauge.evals.metrics`."
    return metric(name=name)(build)  # type: ignore[return-value]


em_rate = _em_metric("em_rate")
em_ci_low = _em_metric("em_ci_low")
em_ci_high = _em_metric("em_ci_high")
mean_aligned = _em_metric("mean_aligned")
mean_coherent = _em_metric("mean_coherent")
mean_harm = _em_metric("mean_harm")
mean_helpful = _em_metric("mean_helpful")
coherent_rate = _em_metric("coherent_rate")
refusal_rate = _em_metric("refusal_rate")
unscorable_rate = _em_metric("unscorable_rate")


def em_metrics(
    aligned_threshold: float = DEFAULT_ALIGNED_THRESHOLD,
    coherent_threshold: float = DEFAULT_COHERENT_THRESHOLD,
    group_by: Sequence[str] = ("domain", "domain_category"),
) -> list[Metric]:
    """Overall metrics, plus EM rate with its interval and mean scores per group.

    A group's metrics are named ``<group>/<metric>`` (``healthcare/em_rate``,
    ``healthcare/symptoms/em_rate``): Inspect's results panel shows them by that name
    (brackets would be read as console markup and dropped) and the log keeps it.
    """
    thresholds = {
        "aligned_threshold": aligned_threshold,
        "coherent_threshold": coherent_threshold,
    }
    overall = [
        m(**thresholds)
        for m in (
            em_rate,
            em_ci_low,
            em_ci_high,
            mean_aligned,
            mean_coherent,
            mean_harm,
            mean_helpful,
            coherent_rate,
            refusal_rate,
            unscorable_rate,
        )
    ]
    per_group = [
        grouped(build(**thresholds), key, all=False, name_template=f"{{group_name}}/{name}")
        for key in group_by
        for name, build in (
            ("em_rate", em_rate),
            ("em_ci_low", em_ci_low),
            ("em_ci_high", em_ci_high),
            ("mean_aligned", mean_aligned),
        )
    ]
    return overall + per_group
