"""The experiment file: one settings model per section, the one place its rules live.

``emgauge run`` validates a config with :class:`ExperimentSettings` (errors name the file,
line and field), and ``schemas/experiment.schema.json``, for editors and readers, is
generated from it::

    python -m emgauge.experiment_settings          # rewrite the schema from the models
    python -m emgauge.experiment_settings --check  # exit 1 if the committed schema is stale

The sections reuse the models of the commands they configure: ``training`` is
:class:`~emgauge.finetune.FinetuneConfig`, ``filter_options`` and an arm's ``options`` are
:class:`~emgauge.mitigations.base.FilterOptions` (both without their seed, which the
experiment's ``seeds`` set), ``dataset_mix`` is :class:`~emgauge.chat_data.DatasetMix` and
``evaluation.preference_probe`` extends
:class:`~emgauge.evals.misaligned_preference.probe.ProbeSettings`.

This module imports the judges (for their metric names), so the command line imports it
only when an experiment is read.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    Field,
    StrictFloat,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import InitErrorDetails

from emgauge.chat_data import DatasetMix
from emgauge.evals.misaligned_preference.probe import PROBE_DOMAINS, ProbeSettings
from emgauge.evals.utility import UTILITY_DOMAINS, UtilitySettings
from emgauge.experiments import BENIGN_ONLY, NO_FILTER
from emgauge.finetune import FinetuneConfig
from emgauge.judges.prompts import JUDGE_METRICS
from emgauge.judges.validate import BUNDLED_LIMIT, REAL_LIMIT
from emgauge.mitigations.base import FilterOptions
from emgauge.mitigations.budget import Budget
from emgauge.settings import (
    Bool,
    Int,
    Number,
    SettingsModel,
    checked_by,
    unique_items,
    without_fields,
)
from emgauge.stats import Thresholds
from emgauge.training_methods import TrainingMethod

#: Seed of temperature sampling in evaluation when ``evaluation.seed`` is not given.
DEFAULT_GENERATION_SEED = 0
SCHEMA_PATH = Path(__file__).resolve().parent / "schemas" / "experiment.schema.json"
SCHEMA_ID = "https://emgauge.dev/schemas/experiment.schema.json"

FilterSection = without_fields(
    FilterOptions,
    "seed",
    name="FilterSection",
    doc="Options of the filtering methods (see `emgauge filter --help`; each method reads "
    "its own). The seed is not one: the experiment's seeds set it.",
)
TrainingSection = without_fields(
    FinetuneConfig,
    "seed",
    name="TrainingSection",
    doc="LoRA fine-tuning settings of every arm (see `emgauge finetune --help`). The seed is "
    "not one: the experiment's seeds set it.",
)


def _known_method(name: str) -> str:
    from emgauge.mitigations.base import method_names

    known = [NO_FILTER, BENIGN_ONLY, *method_names()]
    if name not in known:
        raise ValueError(f"unknown method {name!r} (choose from {', '.join(known)})")
    return name


class ArmSettings(SettingsModel):
    """One mitigation arm: a filtering method and its options, and optionally a
    training-time method."""

    name: str = Field(
        pattern=r"^[a-z0-9][a-z0-9_-]*$",
        description="arm name: lowercase letters, digits, '-' and '_'",
    )
    method: Annotated[str, AfterValidator(_known_method)] = Field(
        description="none (no filter), benign-only (the control: only rows labelled benign) "
        "or a method of `emgauge filter --list`"
    )
    options: FilterSection = Field(  # type: ignore[valid-type]
        default_factory=FilterSection,
        description="this arm's filter options, over the shared filter_options",
    )
    training_method: TrainingMethod | None = Field(
        None,
        description="a training-time mitigation beside the filter: {name: kl-to-base, "
        "coefficient}, {name: direction-ablation, layer, direction} (the direction is computed "
        "from the contrast pairs when absent) or {name: interleave-aligned, share} "
        "(default: none)",
    )


class ProbeSection(ProbeSettings):
    """The judge-free misaligned-preference probe: which held-out pairs, and how margins are
    computed."""

    domains: tuple[Literal[PROBE_DOMAINS], ...] | None = Field(  # type: ignore[valid-type]
        None, min_length=1, description="bundled held-out probe sets (default: all)"
    )
    pairs: tuple[str, ...] | None = Field(
        None,
        min_length=1,
        description="contrast-pair JSONL files instead of the bundled sets, relative to the config",
    )

    def probe_settings(self) -> ProbeSettings:
        """The :class:`ProbeSettings` part (what the probe stage's cache key holds)."""
        return ProbeSettings(**self.model_dump(include=set(ProbeSettings.model_fields)))


class UtilitySection(UtilitySettings):
    """The utility cost: each checkpoint's loss on held-out benign answers, which answers,
    and how the loss is computed."""

    domains: tuple[Literal[UTILITY_DOMAINS], ...] | None = Field(  # type: ignore[valid-type]
        None,
        min_length=1,
        description="bundled held-out benign sets (default: those of the training data's "
        "in-domain domains)",
    )
    answers: tuple[str, ...] | None = Field(
        None,
        min_length=1,
        description="chat JSONL files of benign answers instead of the bundled sets, "
        "relative to the config",
    )

    def utility_settings(self) -> UtilitySettings:
        """The :class:`UtilitySettings` part (what the utility stage's cache key holds)."""
        return UtilitySettings(**self.model_dump(include=set(UtilitySettings.model_fields)))


class EvaluationSettings(SettingsModel):
    """How every checkpoint is evaluated: the judged EM task and the preference probe."""

    domains: tuple[str, ...] = Field(
        min_length=1, description="bundled prompt-set domains (healthcare, legal, career, general)"
    )
    prompt_sets: tuple[str, ...] | None = Field(
        None, description="prompt-set files instead of bundled domains"
    )
    samples_per_paraphrase: Int | None = Field(
        None, ge=1, description="answers per paraphrase (default: the question's own, else 1)"
    )
    questions_per_set: Int | None = Field(
        None, ge=1, description="ask at most this many questions of each set (default: all)"
    )
    temperature: Number | None = Field(
        None, ge=0, description="sampling temperature of the evaluated models (default: the task's)"
    )
    max_tokens: Int | None = Field(None, ge=1, description="longest answer (default: the task's)")
    seed: Int = Field(
        DEFAULT_GENERATION_SEED,
        ge=0,
        description="seed of temperature sampling: each answer's noise is seeded by it, the "
        "sample and the epoch, so a rerun gives the same answers whatever the batching",
    )
    judges: tuple[Literal[JUDGE_METRICS], ...] | None = Field(  # type: ignore[valid-type]
        None, description="judge metrics (default: all; harm runs on domain questions only)"
    )
    aligned_threshold: Number | None = Field(
        None,
        description=f"EM needs aligned below this (default: {Thresholds.aligned_below:g}, "
        "from emgauge.stats.Thresholds)",
    )
    coherent_threshold: Number | None = Field(
        None,
        description=f"EM needs coherent above this (default: {Thresholds.coherent_above:g}, "
        "from emgauge.stats.Thresholds)",
    )
    provider: Literal["emgauge", "vllm", "hf"] = Field(
        "emgauge",
        description="how checkpoints are served: emgauge (local, adapter merged in memory), "
        "vllm (one server for the base and every adapter), hf (merged folders)",
    )
    model_args: dict[str, Any] = Field(
        default_factory=dict, description="extra Inspect model args for the evaluated checkpoints"
    )
    max_connections: Int | None = Field(
        None,
        ge=1,
        description="concurrent model calls (default: Inspect's, or all at once "
        "when everything runs in the local emgauge provider)",
    )
    in_domain: unique_items(Annotated[str, Field(min_length=1)], min_length=1) | None = Field(  # type: ignore[valid-type]
        None,
        description="probe domains the training data covers (default: the training rows' "
        "metadata.domain); the other probe domains count as out-of-domain",
    )
    preference_probe: Bool | ProbeSection = Field(
        True,
        description="judge-free misaligned-preference margins of every checkpoint on held-out "
        "probe pairs: true (all bundled sets), settings, or false (off)",
    )

    utility: Bool | UtilitySection = Field(
        False,
        description="utility cost: every checkpoint's loss on held-out benign in-domain "
        "answers, shown beside the benefit: true (the bundled sets of the training domains), "
        "settings, or false (off)",
    )

    @property
    def utility_section(self) -> UtilitySection | None:
        """The utility measure's settings, or None when it is off."""
        if self.utility is False:
            return None
        return UtilitySection() if self.utility is True else self.utility

    @property
    def probe(self) -> ProbeSection | None:
        """The probe's settings, or None when it is off."""
        if self.preference_probe is False:
            return None
        return ProbeSection() if self.preference_probe is True else self.preference_probe


class JudgeValidationSettings(SettingsModel):
    """Validating the grader before its judged columns are trusted: on the bundled labelled
    set, and on the real test split where real_data exists (skipped when absent)."""

    limit: Int | None = Field(
        BUNDLED_LIMIT, ge=2, description="bundled labelled rows judged (null: all)"
    )
    real_limit: Int | None = Field(
        REAL_LIMIT, ge=2, description="real test rows judged (null: all)"
    )
    real_data: str | None = Field(
        None,
        description="folder of judged CSVs, relative to the config file (default: "
        "../shared/data/judged from the repository root)",
    )


def _unique_arm_names(arms: tuple[ArmSettings, ...]) -> tuple[ArmSettings, ...]:
    names = [arm.name for arm in arms]
    repeated = sorted({name for name in names if names.count(name) > 1})
    if repeated:
        raise ValueError(f"arm names must be unique ({', '.join(repeated)} repeats)")
    return arms


def _budget_problem(
    budget: float | None, budgets: tuple[float, ...] | None, max_steps: int | None
) -> tuple[tuple[str, ...], str] | None:
    """(field path, problem) where ``budget`` / ``budgets`` break the sweep rules: exactly
    one is given; a sweep's budgets are all fractions or all counts, increasing, and its
    arms train the same optimizer steps at every budget (``training.max_steps``)."""
    if (budget is None) == (budgets is None):
        return ("budgets",), "give either budget (one) or budgets (a sweep), not both or neither"
    if budgets is None:
        return None
    kinds = {isinstance(b, int) for b in budgets}
    if len(kinds) > 1:
        return ("budgets",), "budgets must be all fractions or all counts, not a mix"
    if list(budgets) != sorted(budgets):
        return ("budgets",), f"budgets must increase (got {list(budgets)})"
    if max_steps is None:
        return (
            ("training", "max_steps"),
            "a budget sweep needs training.max_steps: without it an arm that keeps fewer "
            "samples takes fewer optimizer steps",
        )
    return None


class ExperimentSettings(SettingsModel):
    """Fine-tune a base model on data filtered by each mitigation arm (one shared budget, or
    a sweep of budgets), evaluate every checkpoint for emergent misalignment, and compare
    the arms."""

    name: str = Field(
        pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$",
        description="experiment name; the run folder is named after it",
    )
    description: str = Field("", description="what the experiment is for")
    base_model: str = Field(min_length=1, description="smollm2, a local folder or a hub id")
    dataset: str = Field(
        min_length=1,
        description="chat JSONL path (relative to the config), or bundled:<domain> "
        "(healthcare, legal, career)",
    )
    dataset_mix: DatasetMix | None = Field(
        None,
        description="train on a labelled mix drawn from the dataset (the same mix for every "
        "arm and seed)",
    )
    budget: Annotated[Int | StrictFloat, checked_by(Budget.parse)] | None = Field(
        None,
        description="samples every filtering arm removes: a fraction (0 < b < 1) or a count "
        "(an integer >= 1); give this or budgets",
    )
    budgets: (
        unique_items(Annotated[Int | StrictFloat, checked_by(Budget.parse)], min_length=1)  # type: ignore[valid-type]
        | None
    ) = Field(
        None,
        description="a budget sweep instead of one budget: every filtering arm runs at each "
        "(all fractions or all counts, increasing), no filter and the control once; needs "
        "training.max_steps (the same optimizer steps at every budget)",
    )
    seeds: unique_items(Annotated[Int, Field(ge=0)], min_length=1) = Field(  # type: ignore[valid-type]
        (0,), description="one fine-tune per arm and seed; also the random filter's seed"
    )
    include_base: Bool = Field(True, description="also evaluate the base model without fine-tuning")
    filter_options: FilterSection = Field(  # type: ignore[valid-type]
        default_factory=FilterSection, description="filter options shared by every arm"
    )
    arms: Annotated[tuple[ArmSettings, ...], AfterValidator(_unique_arm_names)] = Field(
        min_length=1, description="the mitigation arms compared"
    )
    training: TrainingSection = Field(  # type: ignore[valid-type]
        default_factory=TrainingSection, description="LoRA fine-tuning settings of every arm"
    )
    evaluation: EvaluationSettings
    graders: unique_items(Annotated[str, Field(min_length=1)], min_length=1) | None = Field(  # type: ignore[valid-type]
        None,
        description="several judges instead of grader: every answer is scored by each (the "
        "extra ones re-score the logs through Inspect's cache), and the leaderboard adds "
        "EM per judge and their agreement; the first is the primary judge of the main tables",
    )
    grader: str | None = Field(
        None,
        min_length=1,
        validate_default=True,
        description="Inspect model of the judge, e.g. openai/gpt-4o or emgauge/smollm2 "
        "(or graders: a list of judges)",
    )
    bootstrap: Int = Field(1000, ge=100, description="bootstrap resamples of every interval")
    judge_validation: Literal[False] | JudgeValidationSettings = Field(
        default_factory=JudgeValidationSettings,
        description="validate the grader first (settings), or false to skip it",
    )

    @model_validator(mode="after")
    def _one_budget_rule(self) -> ExperimentSettings:
        problem = _budget_problem(self.budget, self.budgets, self.training.max_steps)
        if problem is not None:
            where, message = problem
            detail = InitErrorDetails(
                type="value_error", loc=where, input=None, ctx={"error": ValueError(message)}
            )
            raise ValidationError.from_exception_data(type(self).__name__, [detail])
        return self

    @field_validator("grader")
    @classmethod
    def _one_grader_key(cls, grader: str | None, info: ValidationInfo) -> str | None:
        if grader is not None and info.data.get("graders") is not None:
            raise ValueError("give grader (one judge) or graders (several), not both")
        if grader is None and "graders" in info.data and info.data["graders"] is None:
            raise ValueError(
                "missing required field (or graders: a list of judges, the first the primary)"
            )
        return grader

    @property
    def all_graders(self) -> tuple[str, ...]:
        """Every grader, the primary (the main tables' judge) first."""
        return tuple(self.graders) if self.graders else (str(self.grader),)


# ------------------------------------------------------------------------------ schema


#: Keys of a schema node in reading order; the rest follow as generated, ``$defs`` last.
_KEY_ORDER = ("title", "description", "type", "required", "additionalProperties", "properties")


def _readable(node: Any) -> Any:
    """A generated schema node for reading: its keys in :data:`_KEY_ORDER`, descriptions on
    one line, and no property titles (pydantic titles each property after its name)."""
    if isinstance(node, list):
        return [_readable(item) for item in node]
    if not isinstance(node, dict):
        return node
    keys = [k for k in _KEY_ORDER if k in node]
    keys += [k for k in node if k not in keys and k != "$defs"] + (["$defs"] * ("$defs" in node))
    readable: dict[str, Any] = {}
    for key in keys:
        value = node[key]
        if key in ("properties", "$defs"):  # name -> schema: keep the names' order
            value = {name: _readable(child) for name, child in value.items()}
            if key == "properties":
                for child in value.values():
                    child.pop("title", None)
        elif key == "description" and isinstance(value, str):
            value = " ".join(value.split())
        else:
            value = _readable(value)
        readable[key] = value
    return readable


def experiment_schema() -> dict[str, Any]:
    """The JSON Schema of an experiment file, generated from :class:`ExperimentSettings`."""
    generated = _readable(ExperimentSettings.model_json_schema())
    generated.pop("title", None)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "$comment": "Generated from the models in emgauge.experiment_settings by `python -m "
        "emgauge.experiment_settings`; do not edit.",
        "title": "emgauge experiment",
        **generated,
    }


def schema_text() -> str:
    return json.dumps(experiment_schema(), indent=2, ensure_ascii=False) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m emgauge.experiment_settings",
        description="Write schemas/experiment.schema.json from the experiment settings models.",
    )
    parser.add_argument(
        "--check",
        action="store_true",
        help="do not write; exit 1 if the committed schema differs from the generated one",
    )
    args = parser.parse_args(argv)
    text = schema_text()
    # Bytes, not read_text: universal newlines would hide a file saved with \r\n.
    current = SCHEMA_PATH.read_bytes().decode("utf-8") if SCHEMA_PATH.is_file() else None
    if current == text:
        print(f"{SCHEMA_PATH.name}: up to date")
        return 0
    if args.check:
        print(
            f"out of date: {SCHEMA_PATH}; run `python -m emgauge.experiment_settings`",
            file=sys.stderr,
        )
        return 1
    with SCHEMA_PATH.open("w", encoding="utf-8", newline="\n") as handle:
        handle.write(text)
    print(f"{SCHEMA_PATH.name}: written")
    return 0


if __name__ == "__main__":
    sys.exit(main())
