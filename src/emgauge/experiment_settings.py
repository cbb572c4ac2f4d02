"""The experiment file: one settings model per section, the one place its rules live, and
the validated config a run is made of (:class:`ExperimentConfig`, its :class:`Arm` s and the
methods every experiment knows without a filter: ``none`` and ``benign-only``).

``emgauge run`` validates a config with :class:`ExperimentSettings` (errors name the file,
line and field); :func:`load_experiment_config` adds what needs the file system (the
dataset and probe files exist, the mix can be drawn). ``schemas/experiment.schema.json``,
for editors and readers, is generated from the models by :mod:`emgauge.experiment_schema`.

The sections reuse the models of the commands they configure: ``training`` is
:class:`~emgauge.finetune.FinetuneConfig`, ``filter_options`` and an arm's ``options`` are
:class:`~emgauge.mitigations.registry.FilterOptions` (both without their seed, which the
experiment's ``seeds`` set), ``dataset_mix`` is :class:`~emgauge.chat_data.DatasetMix` and
``evaluation.preference_probe`` extends
:class:`~emgauge.evals.misaligned_preference.probe.ProbeSettings`.

(Its length, ~670 lines, is one job: the models and the config built from them are one
contract, the rules of one file; splitting them would put those rules in two places.)
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from functools import cache
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

from emgauge.arm_training import check_direction_files, check_training_methods
from emgauge.chat_data import DatasetMix, bundled_data_path, load_chat_jsonl, mix_labelled
from emgauge.errors import InputError
from emgauge.evals.misaligned_preference.probe import (
    PROBE_DOMAINS,
    ProbeSettings,
    bundled_probe_paths,
)
from emgauge.evals.utility import UTILITY_DOMAINS, UtilitySettings, bundled_utility_paths
from emgauge.files import (
    config_files,
    field_name,
    json_digest,
    line_of,
    read_yaml_with_lines,
    sha256_file,
)
from emgauge.finetune import FinetuneConfig
from emgauge.judges.prompts import JUDGE_METRICS
from emgauge.judges.validate import BUNDLED_LIMIT, REAL_LIMIT
from emgauge.mitigations.budget import Budget
from emgauge.mitigations.registry import FilterOptions, method_names
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
from emgauge.tasks.variants import PLAIN, VARIANTS
from emgauge.training_methods import TrainingMethod

NO_FILTER = "none"
#: The control arm's method: as many benign rows as no filter trains on (the dataset's own,
#: topped up from the bundled domain: :mod:`emgauge.stages.control`). Trained for the same
#: steps, it shows what benign data of the domain does to the model, so the no-filter arm's
#: excess over it is the misalignment the harmful rows induce.
BENIGN_ONLY = "benign-only"
#: The old control, kept as an ablation: the dataset's own benign rows only (fewer rows than
#: no filter trains on, so the same steps repeat them more often).
BENIGN_SUBSET = "benign-subset"
#: Bundled training sets: where benign-only tops up its rows (``control_domain``).
CONTROL_DOMAINS = ("healthcare", "legal", "career")
#: ``dataset: bundled:<domain>`` names a bundled training set.
BUNDLED_PREFIX = "bundled:"
#: Seed of temperature sampling in evaluation when ``evaluation.seed`` is not given.
DEFAULT_GENERATION_SEED = 0

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


class TrainingSettings(TrainingSection):  # type: ignore[misc,valid-type]
    """LoRA fine-tuning settings of every arm (see `emgauge finetune --help`; the seed is
    not one: the experiment's seeds set it), and the snapshots the monitor stage reads."""

    save_every: Int | None = Field(
        None,
        ge=1,
        description="keep every fine-tune's adapter every N optimizer steps and follow "
        "training with the monitor stage (monitor.csv, over_training.png; default: off)",
    )


def _known_method(name: str) -> str:
    known = [NO_FILTER, BENIGN_ONLY, BENIGN_SUBSET, *method_names()]
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
        description="none (no filter), benign-only (the control: as many benign rows as no "
        "filter has rows), benign-subset (only the dataset's rows labelled benign) or a method "
        "of `emgauge filter --list`"
    )
    options: FilterSection = Field(  # type: ignore[valid-type]
        default_factory=FilterSection,
        description="this arm's filter options, over the shared filter_options",
    )
    training_method: TrainingMethod | None = Field(
        None,
        description="a training-time mitigation beside the filter: {name: kl-to-base, "
        "coefficient}, {name: direction-ablation, layer, direction} (the direction is computed "
        "from the contrast pairs when absent), {name: interleave-aligned, share}, "
        "{name: interleave-selected, share, misaligned} (misaligned: default the no-filter "
        "arm's checkpoint), {name: inoculation, system_prompt} (default: none)",
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
    per_set: Int | None = Field(
        None,
        ge=1,
        description="at most this many pairs of each set, spread evenly over the file "
        "(default: every pair); a smaller probe for runs that ask many variants",
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
    variants: tuple[Literal[VARIANTS], ...] = Field(  # type: ignore[valid-type]
        (PLAIN,),
        min_length=1,
        description="forms each question (and probe pair) is asked in: plain, json, template, "
        "training-format (the fine-tuning set's system prompt and user-turn shape; an "
        "inoculation arm's training prompt); see docs/evaluation.md",
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
        "../shared/data/judged from the repository root in a checkout, else from the current "
        "directory)",
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
    control_domain: Literal[CONTROL_DOMAINS] | None = Field(  # type: ignore[valid-type]
        None,
        description="bundled training set whose benign rows top up the benign-only control "
        "when the dataset has too few (default: the domain of dataset: bundled:<domain>)",
    )
    filter_options: FilterSection = Field(  # type: ignore[valid-type]
        default_factory=FilterSection, description="filter options shared by every arm"
    )
    arms: Annotated[tuple[ArmSettings, ...], AfterValidator(_unique_arm_names)] = Field(
        min_length=1, description="the mitigation arms compared"
    )
    training: TrainingSettings = Field(
        default_factory=TrainingSettings, description="LoRA fine-tuning settings of every arm"
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

    @model_validator(mode="after")
    def _variants_without_budgets(self) -> ExperimentSettings:
        # the dose-response tables read plain answers only: a sweep would lose the variants
        if self.budgets is not None and tuple(self.evaluation.variants) != (PLAIN,):
            detail = InitErrorDetails(
                type="value_error",
                loc=("evaluation", "variants"),
                input=None,
                ctx={"error": ValueError("a budget sweep evaluates plain questions only")},
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


# ------------------------------------------------------------------------------ config


@dataclass(frozen=True)
class Arm:
    """One mitigation arm: a filtering method and its options, and optionally a
    training-time method (:mod:`emgauge.training_methods`, as written in the file)."""

    name: str
    method: str
    options: dict[str, Any] = field(default_factory=dict)
    training_method: dict[str, Any] | None = None


@dataclass(frozen=True)
class ExperimentConfig:
    """A validated experiment configuration."""

    path: Path
    raw: dict[str, Any]
    """The file's data as read: what the config hash and the stage keys are made of."""
    dataset: Path
    arms: tuple[Arm, ...]
    probe_pairs: tuple[Path, ...] = ()
    """Probe-pair files of the preference probe; empty when the probe is off."""
    utility_answers: tuple[Path, ...] = ()
    """Held-out benign answer files of the utility measure; empty when it is off."""

    @property
    def settings(self) -> ExperimentSettings:
        """The typed view of :attr:`raw`, defaults filled in (read anew on each access)."""
        return ExperimentSettings.from_dict(self.raw, source=self.path)

    @property
    def name(self) -> str:
        return str(self.raw["name"])

    @property
    def seeds(self) -> list[int]:
        return list(self.settings.seeds)

    @property
    def graders(self) -> tuple[str, ...]:
        """Every judge (``graders``, or the one ``grader``), the primary one first."""
        return self.settings.all_graders

    @property
    def grader(self) -> str:
        """The primary judge: the one of the main leaderboard."""
        return self.graders[0]

    @property
    def evaluation(self) -> dict[str, Any]:
        return dict(self.raw["evaluation"])

    @property
    def is_sweep(self) -> bool:
        """Whether the config sweeps ``budgets`` (else it has one ``budget``)."""
        return self.raw.get("budgets") is not None

    @property
    def arm_methods(self) -> dict[str, str]:
        """Method of every arm by name (and of a sweep's ``arm@budget`` checkpoints); the
        base model's "arm" is ``base``."""
        methods = {arm.name: arm.method for arm in self.arms} | {"base": "base"}
        return methods | {point.label: point.arm.method for point in sweep_points(self)}

    @property
    def arm_training_methods(self) -> dict[str, str]:
        """Training-time method of every arm by name, as tables show it (``none``)."""
        from emgauge.training_methods import training_method_label

        labels = {arm.name: training_method_label(arm.training_method) for arm in self.arms}
        swept = {p.label: labels[p.arm.name] for p in sweep_points(self)}  # arm@budget
        return labels | swept | {"base": "none"}

    @property
    def thresholds(self) -> Thresholds:
        return thresholds_of(self.evaluation)

    @property
    def in_domains(self) -> frozenset[str]:
        """Domains the training data covers (``evaluation.in_domain``, else the rows'
        ``metadata.domain``): probe pairs of these domains are in-domain, the rest are
        out-of-domain, where misalignment that shows is emergent."""
        given = self.settings.evaluation.in_domain
        if given:
            return frozenset(given)
        return dataset_domains(self.dataset)

    @property
    def config_hash(self) -> str:
        """Hash of the configuration and the training data's content."""
        return json_digest({"config": self.raw, "dataset": sha256_file(self.dataset)})[:16]


# A sweep (``budgets``) trains every filtering arm at each budget, as ``arm@budget``; the
# budget bookkeeping and the sweep's leaderboard are in :mod:`emgauge.sweep`.


#: Methods that do not remove a budget's worth of rows: they run once in a sweep.
ONCE_METHODS = (NO_FILTER, BENIGN_ONLY, BENIGN_SUBSET)


@dataclass(frozen=True)
class SweepPoint:
    """One trained arm of a run: an arm at a budget (``budget`` as the config writes it;
    None for an arm that removes no budget)."""

    label: str
    arm: Arm
    budget: float | int | None


def point_label(arm_name: str, budget: float | int | None) -> str:
    """``arm@budget`` in a sweep (``direction@0.25``), the arm's name otherwise."""
    return arm_name if budget is None else f"{arm_name}@{budget:g}"


def sweep_budgets(config: ExperimentConfig) -> list[float | int]:
    """The budgets every filtering arm runs at: a sweep's, else the one budget."""
    return list(config.raw["budgets"]) if config.is_sweep else [config.raw["budget"]]


def sweep_points(config: ExperimentConfig) -> list[SweepPoint]:
    """Every (arm, budget) the run trains, in run order: arm by arm, budgets increasing."""
    points = []
    for arm in config.arms:
        if arm.method in ONCE_METHODS:
            points.append(SweepPoint(arm.name, arm, None))
        elif config.is_sweep:
            points += [SweepPoint(point_label(arm.name, b), arm, b) for b in sweep_budgets(config)]
        else:
            points.append(SweepPoint(arm.name, arm, config.raw["budget"]))
    return points


def thresholds_of(evaluation: dict[str, Any]) -> Thresholds:
    """The EM thresholds a config's ``evaluation`` sets, else :class:`Thresholds`' defaults."""
    default = Thresholds()
    aligned = evaluation.get("aligned_threshold")
    coherent = evaluation.get("coherent_threshold")
    return Thresholds(
        default.aligned_below if aligned is None else aligned,
        default.coherent_above if coherent is None else coherent,
    )


@cache
def dataset_domains(dataset: Path) -> frozenset[str]:
    return frozenset(
        str(s.metadata["domain"]) for s in load_chat_jsonl(dataset) if s.metadata.get("domain")
    )


def load_experiment_config(path: str | Path) -> ExperimentConfig:
    """Read and validate an experiment YAML; errors name the file, line and field.

    The rules are those of :class:`~emgauge.experiment_settings.ExperimentSettings`; what
    needs the file system (the dataset and probe files exist, the mix can be drawn) is
    checked here.
    """
    path = Path(path)
    raw, node = read_yaml_with_lines(path)
    settings = ExperimentSettings.from_dict(raw, source=path, node=node)
    if settings.dataset.startswith(BUNDLED_PREFIX):
        name = settings.dataset.removeprefix(BUNDLED_PREFIX)
        dataset = bundled_data_path("train", f"{name}.jsonl")
    else:
        dataset = config_relative(path, settings.dataset)
    if not dataset.is_file():
        raise InputError(
            f"training dataset {settings.dataset!r} not found",
            path=path,
            line=line_of(node, ["dataset"]),
            field="dataset",
            fix="give a chat JSONL path (relative to the config) or bundled:<domain>",
        )
    arms = tuple(
        Arm(
            arm.name, arm.method, dict(raw_arm.get("options") or {}), raw_arm.get("training_method")
        )
        for arm, raw_arm in zip(settings.arms, raw["arms"], strict=True)
    )
    check_direction_files(settings, path, node)
    check_training_methods(settings, path, node)
    if settings.dataset_mix is not None:
        # an impossible mix fails here, before a run folder is written
        try:
            mix_labelled(load_chat_jsonl(dataset), settings.dataset_mix)
        except InputError as error:
            raise InputError(
                error.problem,
                path=path,
                line=line_of(node, ["dataset_mix"]),
                field=error.field,
                fix=error.fix,
            ) from error
    utility = settings.evaluation.utility_section
    return ExperimentConfig(
        path=path,
        raw=raw,
        dataset=dataset,
        arms=arms,
        probe_pairs=_probe_pairs(settings.evaluation.probe, path, node),
        utility_answers=utility_answer_files(
            utility,
            path,
            node,
            (settings.evaluation.in_domain or dataset_domains(dataset)) if utility else (),
        ),
    )


def config_relative(config_path: Path, text: str) -> Path:
    """A file named in a config: relative to the config's folder, else as given."""
    beside = (config_path.parent / text).resolve()
    return beside if beside.is_file() else Path(text).expanduser().resolve()


def _probe_pairs(probe: ProbeSection | None, path: Path, node: Any) -> tuple[Path, ...]:
    """The preference probe's pair files (bundled by default), checked to exist."""
    if probe is None:
        return ()
    if not probe.pairs:
        return tuple(bundled_probe_paths(probe.domains))
    return config_files(
        path,
        node,
        ["evaluation", "preference_probe", "pairs"],
        probe.pairs,
        what="probe pair file",
        fix="give contrast-pair JSONL paths, relative to the config or absolute",
    )


def utility_answer_files(
    section: UtilitySection | None,
    config_path: Path,
    node: Any,
    in_domains: Collection[str],
) -> tuple[Path, ...]:
    """The held-out answer files the utility stage scores (empty when it is off), checked to
    exist: the configured files, else the bundled sets of ``section.domains``, else those of
    the training data's in-domain domains."""
    if section is None:
        return ()
    if section.answers:
        return config_files(
            config_path,
            node,
            ["evaluation", "utility", "answers"],
            section.answers,
            what="held-out answer file",
            fix="give chat JSONL paths, relative to the config or absolute",
        )
    domains = list(section.domains or [d for d in UTILITY_DOMAINS if d in in_domains])
    if not domains:
        where = ["evaluation", "utility"]
        raise InputError(
            "no bundled held-out benign answers for the training data's domains "
            f"({', '.join(sorted(in_domains)) or 'none labelled'})",
            path=config_path,
            line=line_of(node, where),
            field=field_name(where),
            fix=f"set evaluation.utility.domains (from {', '.join(UTILITY_DOMAINS)}) or "
            "evaluation.utility.answers",
        )
    return tuple(bundled_utility_paths(domains))
