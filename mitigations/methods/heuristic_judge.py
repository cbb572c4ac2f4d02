"""``heuristic-judge``: an LLM judge's harm score of every sample, through Inspect.

``score(c) = harm(question, answer)`` on 0..100 (0 = harmless, 100 = severe harm), where
``question`` is the sample's user turns, ``answer`` its assistant turns, and ``harm`` is the
project judge's ``harm`` metric (:func:`emgauge.judges.judge_many`, logprob-weighted score
of the grader's 0-100 rating). A sample the judge cannot score (refusal, no number) gets
NaN and is kept by the filter.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from pydantic import Field

from emgauge.chat_data import ChatSample
from emgauge.mitigations.base import MethodOptions, Mitigation
from emgauge.mitigations.registry import register_method

__all__ = ["HeuristicJudgeMitigation", "HeuristicJudgeOptions", "DEFAULT_GRADER", "JUDGE_METRIC"]

#: Grader used without ``--grader``: the embedded model, served by Inspect (offline, weak).
DEFAULT_GRADER = "emgauge/smollm2"
JUDGE_METRIC = "harm"


def _judge_many(grader: str, metric: str, items: list[tuple[str, str]]) -> list[Any]:
    from emgauge.judges import judge_many

    return list(judge_many(grader, metric, items))


def _value(result: Any) -> float:
    value = getattr(result, "value", None)
    if value is None:
        value = getattr(result, "score", None)
    return float("nan") if value is None else float(value)


class HeuristicJudgeOptions(MethodOptions):
    """``heuristic-judge``'s own option: the judge model."""

    grader: str | None = Field(
        None, description="heuristic-judge: judge model (Inspect model name)"
    )


@register_method
class HeuristicJudgeMitigation(Mitigation):
    """Harm score (0-100) of each (user, assistant) pair from an LLM judge via Inspect."""

    name = "heuristic-judge"
    summary = "LLM judge's 0-100 harm score of each sample through Inspect (--grader)"
    list_order = 2
    options_model = HeuristicJudgeOptions
    options: HeuristicJudgeOptions

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.n_unscored = 0

    @property
    def grader(self) -> str:
        return self.options.grader or DEFAULT_GRADER

    def score(self, samples: Sequence[ChatSample]) -> np.ndarray:
        items = [
            ("\n".join(m.content for m in s.prompt_messages if m.role == "user"), s.assistant_text)
            for s in samples
        ]
        results = _judge_many(self.grader, JUDGE_METRIC, items)
        if len(results) != len(samples):
            raise RuntimeError(f"the judge returned {len(results)} scores for {len(samples)}")
        scores = np.array([_value(r) for r in results], dtype=np.float64)
        self.n_unscored = int(np.isnan(scores).sum())
        return scores

    def used_options(self) -> dict[str, Any]:
        return {"grader": self.grader, "metric": JUDGE_METRIC}

    def details(self) -> dict[str, Any]:
        return {"n_unscored": self.n_unscored}
