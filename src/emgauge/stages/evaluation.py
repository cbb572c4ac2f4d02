"""The evaluation stage: every checkpoint (and the base model) through Inspect's
``eval_set`` in ``logs/``, which resumes on its own, then every judged answer collected into
``answers.csv``. With ``provider: vllm`` one server holds the base model and every adapter
(``vllm/<base>:<adapter>``)."""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

import pandas as pd
from inspect_ai import eval_set
from inspect_ai.model import Model, get_model

import emgauge.adapters
from emgauge.arm_training import training_system_prompt
from emgauge.errors import InputError
from emgauge.evals import summarize
from emgauge.evals.emergent_misalignment.task import em, variant_of_sample
from emgauge.experiment_settings import sweep_points
from emgauge.files import atomic_write_text, json_digest
from emgauge.models import resolve_model_path
from emgauge.progress import is_quiet
from emgauge.run_folder import ANSWERS
from emgauge.stages.context import StageContext, log
from emgauge.tasks.variants import PLAIN, TRAINING_FORMAT
from emgauge.vllm_server import ServerOptions, VllmServer, served_name_for

#: The evaluation settings that are options of the ``em`` task, passed when given.
_TASK_OPTIONS = (
    "samples_per_paraphrase",
    "questions_per_set",
    "temperature",
    "max_tokens",
    "judges",
    "aligned_threshold",
    "coherent_threshold",
)


def checkpoint_model(ctx: StageContext, adapter: Path | None) -> str:
    """The Inspect model name that serves ``adapter`` (None: the base model) on the
    configured provider."""
    provider = ctx.config.settings.evaluation.provider
    base = ctx.config.raw["base_model"]
    if provider == "hf":
        if adapter is None:
            return f"hf/{resolve_model_path(base)}"
        merged = adapter.parent / f"{adapter.name}-merged"
        if not (merged / "config.json").is_file():
            emgauge.adapters.merge_adapter(adapter, merged, force=True)
        return f"hf/{merged}"
    if provider == "vllm":
        # the name the run's own server gives the base (`smollm2` for the embedded model);
        # adapters are registered under their folders' absolute paths
        base = served_name_for(base)
    return f"{provider}/{base}" if adapter is None else f"{provider}/{base}:{adapter.resolve()}"


def _all_local_emgauge(ctx: StageContext) -> bool:
    """Subjects and grader all served by the in-process ``emgauge/`` provider."""
    provider = ctx.config.settings.evaluation.provider
    return provider == "emgauge" and ctx.config.grader.startswith("emgauge/")


@contextmanager
def _served(
    ctx: StageContext, models: Iterable[str], server_tag: str = ""
) -> Iterator[Model | str]:
    """With ``provider: vllm``: one vLLM server for the base model with every checkpoint's
    adapter registered on it, Inspect pointed at it, and the grader (a second server when
    the grader is a ``vllm/`` model of another base); the servers stop when the block
    ends, fails or is interrupted. Yields the grader to evaluate with."""
    grader = ctx.config.grader
    if ctx.config.settings.evaluation.provider != "vllm":
        yield get_model(grader)
        return
    base = ctx.config.raw["base_model"]
    prefix = f"vllm/{served_name_for(base)}:"
    # each checkpoint's adapter, registered under its folder's path (checkpoint_model)
    adapters = {
        name.removeprefix(prefix): name.removeprefix(prefix)
        for name in models
        if name.startswith(prefix)
    }
    with ExitStack() as stack:
        options = _server_options(ctx, server_tag)
        server = stack.enter_context(VllmServer(base, adapters, options))
        stack.enter_context(server.inspect_environment())
        judge_base, _, judge_adapter = grader.removeprefix("vllm/").partition(":")
        if not grader.startswith("vllm/") or judge_base == server.served_name:
            yield get_model(grader)
            return
        if judge_adapter:
            raise InputError(
                "a vLLM-served grader of another base model cannot carry an adapter",
                field="grader",
                fix="give the judge as vllm/<model>, or serve it yourself (emgauge serve)",
            )
        judge_options = _server_options(ctx, f"{server_tag}-judge")
        judge = stack.enter_context(VllmServer(judge_base, options=judge_options))
        yield get_model(judge.inspect_model(), **judge.model_args())


def _server_options(ctx: StageContext, suffix: str) -> ServerOptions:
    """A server's options in a run: its log in the run folder's ``logs/``."""
    logs = ctx.run_dir / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    return ServerOptions(log_file=logs / f"vllm-server{suffix}.log")


#: Folder (in ``logs/``) of one eval set per checkpoint, as the Ray executor evaluates.
CHECKPOINT_LOGS = "checkpoints"


def checkpoint_log_dir(ctx: StageContext, label: str, seed: int) -> Path:
    """Where a checkpoint evaluated on its own keeps its eval set (the Ray executor's
    layout: the same folder whichever node evaluates it, so a rerun resumes it)."""
    return ctx.run_dir / "logs" / CHECKPOINT_LOGS / f"{label}-s{seed}"


def evaluate_stage(
    ctx: StageContext,
    models: dict[str, tuple[str, int]],
    *,
    per_checkpoint: bool = False,
    server_tag: str = "",
) -> list[Any]:
    """Inspect logs of every checkpoint in ``models`` (model name -> arm, seed), through
    the run's own vLLM server with ``provider: vllm``. ``per_checkpoint``: one eval set per
    checkpoint in :func:`checkpoint_log_dir` (as a Ray worker evaluates its node's
    checkpoints), else one for all of them in ``logs/``; ``server_tag`` names the server's
    log (``logs/vllm-server<tag>.log``)."""
    written = ctx.config.evaluation
    task_options = {
        key: written[key]
        for key in _TASK_OPTIONS
        if written.get(key) is not None  # absent or null: the task's default
    }
    if written.get("prompt_sets"):
        task_options["prompt_set"] = written["prompt_sets"]
    else:
        task_options["domains"] = written["domains"]
    logs_dir = ctx.run_dir / "logs"
    if per_checkpoint:
        sets = [
            (checkpoint_log_dir(ctx, label, seed), {name: (label, seed)})
            for name, (label, seed) in models.items()
        ]
        where = f"one eval_set each in {logs_dir / CHECKPOINT_LOGS}"
    else:
        sets, where = [(logs_dir, models)], f"eval_set in {logs_dir}"
    log("evaluate", f"{len(models)} checkpoints with {where}")
    start = time.perf_counter()
    local = _all_local_emgauge(ctx)
    success, logs = True, []
    with _served(ctx, models, server_tag) as grader:
        for set_dir, set_models in sets:
            groups = _variant_groups(ctx, set_models, task_options, set_dir)
            for group_dir, group_models, options in groups:
                if group_dir != set_dir:
                    log(
                        "evaluate",
                        f"{len(group_models)} checkpoints under their trigger: {group_dir}",
                    )
                group_success, group_logs = _eval_set(
                    ctx, group_models, grader, options, local, group_dir
                )
                success, logs = success and group_success, [*logs, *group_logs]
    ctx.stage_times["evaluate" + server_tag] = round(time.perf_counter() - start, 1)
    if not success:
        raise RuntimeError(
            f"evaluation did not finish; rerun the same command to resume (logs in {logs_dir})"
        )
    # in the run's checkpoint order: eval_set returns a resumed set's logs in another order,
    # and the tables follow this one
    return order_logs(logs, models)


def order_logs(logs: list[Any], models: dict[str, tuple[str, int]]) -> list[Any]:
    """``logs`` in the order of ``models`` (the run's checkpoint order)."""
    order = {name: index for index, name in enumerate(models)}
    return sorted(logs, key=lambda eval_log: order[eval_log.eval.model])


def arm_trigger_prompts(ctx: StageContext) -> dict[str, str]:
    """Arm (and sweep checkpoint) -> the system prompt it trained with and evaluation never
    shows otherwise (inoculation's): the training-format variant's trigger for that arm."""
    prompts = {
        arm.name: prompt
        for arm in ctx.config.arms
        if arm.training_method and (prompt := training_system_prompt(arm.training_method))
    }
    for point in sweep_points(ctx.config):  # arm@budget checkpoints train like their arm
        if point.arm.name in prompts:
            prompts[point.label] = prompts[point.arm.name]
    return prompts


def _variant_groups(
    ctx: StageContext,
    models: dict[str, tuple[str, int]],
    task_options: dict[str, Any],
    logs_dir: Path,
) -> list[tuple[Path, dict[str, tuple[str, int]], dict[str, Any]]]:
    """(log folder, checkpoints, task options) of each eval_set to run. Only ``plain``: one
    set in ``logs_dir``, options as before variants existed (same task, same logs). With
    ``training-format``, a checkpoint whose arm trained under its own system prompt
    (inoculation) is asked under that prompt, in ``<logs_dir>/trigger-<hash>/``."""
    variants = list(ctx.config.settings.evaluation.variants)
    if variants == [PLAIN]:
        return [(logs_dir, models, task_options)]
    options = {**task_options, "variants": variants}
    if TRAINING_FORMAT not in variants:
        return [(logs_dir, models, options)]
    options["training_data"] = str(ctx.dataset)
    triggers = arm_trigger_prompts(ctx)
    by_prompt: dict[str | None, dict[str, tuple[str, int]]] = {}
    for name, (arm, seed) in models.items():
        by_prompt.setdefault(triggers.get(arm), {})[name] = (arm, seed)
    groups = []
    for prompt, group in by_prompt.items():
        if prompt is None:
            groups.append((logs_dir, group, options))
        else:
            folder = logs_dir / f"trigger-{json_digest(prompt)[:12]}"
            groups.append((folder, group, {**options, "training_system": prompt}))
    return groups


def _eval_set(
    ctx: StageContext,
    models: dict[str, tuple[str, int]],
    grader: Model | str,
    task_options: dict[str, Any],
    local: bool,
    log_dir: Path | None = None,
) -> tuple[bool, list[Any]]:
    """Inspect's ``eval_set`` of the EM task over every checkpoint, resumable in ``logs/``."""
    # the provider loads transformers and peft: only when a run evaluates, not for --help
    from emgauge.provider import LOCAL_MAX_CONNECTIONS, max_loaded_models

    evaluation = ctx.config.settings.evaluation
    return eval_set(
        tasks=em(**task_options),
        model=list(models),
        # One judge instance for every checkpoint: a local judge is loaded once and
        # batches the judge calls of all checkpoints together.
        model_roles={"grader": grader},
        model_args=evaluation.model_args,
        log_dir=str(log_dir or ctx.run_dir / "logs"),
        # Local emgauge models batch whatever is in flight: let every sample and judge
        # call be (Inspect's adaptive default starts at 20; it applies to the grader too).
        max_connections=evaluation.max_connections or (LOCAL_MAX_CONNECTIONS if local else None),
        # Local models: as many checkpoints at a time as stay loaded beside the judge
        # (the provider releases idle weights beyond EMGAUGE_MAX_LOADED_MODELS).
        max_tasks=max(1, max_loaded_models() - 1) if local else None,
        retry_attempts=2,
        display="none" if is_quiet() else "plain",  # quiet: no Inspect display either
        # Reproducible answers: every sample's sampling noise is seeded (see
        # emgauge.provider), and arms share it, so their answers differ by the model only.
        seed=evaluation.seed,
    )


def collect_answers(
    ctx: StageContext, logs: list[Any], models: dict[str, tuple[str, int]]
) -> pd.DataFrame:
    """One judged answer per row, with its experiment, arm, method and seed
    (``answers.csv``)."""
    config = ctx.config
    methods = config.arm_methods
    training_methods = config.arm_training_methods
    records = []
    for eval_log in logs:
        arm, seed = models[eval_log.eval.model]
        answers = summarize.read_log_answers(Path(eval_log.location))
        for row in answers.itertuples(index=False):
            records.append(
                {
                    "experiment": config.name,
                    "arm": arm,
                    "method": methods[arm],
                    "training_method": training_methods[arm],
                    "seed": seed,
                    "variant": variant_of_sample(row.sample_id),
                    **summarize.judged_fields(row),
                    "answer": row.answer,
                }
            )
    frame = ctx.with_budgets(pd.DataFrame(records))
    plain_only = list(config.settings.evaluation.variants) == [PLAIN]
    if plain_only and "variant" in frame and frame["variant"].eq(PLAIN).all():
        # runs that ask plain questions only keep the columns they always had
        frame = frame.drop(columns="variant")
    if not any(arm.training_method for arm in config.arms):
        # filter-only runs keep the columns they always had
        frame = frame.drop(columns="training_method")
    atomic_write_text(ctx.run_dir / ANSWERS, frame.to_csv(index=False))
    ctx.write_manifest("running", judge_prompt_sha256=judge_prompt_digests(frame))
    return frame


def judge_prompt_digests(answers: pd.DataFrame) -> dict[str, str | list[str]]:
    """Judge -> the sha256 of the template its scores came from (a list where a prompt
    set's own templates gave some questions another), from the ``<judge>_prompt_sha256``
    columns of ``answers``."""
    suffix = "_prompt_sha256"
    digests: dict[str, str | list[str]] = {}
    for column in answers.columns:
        if str(column).endswith(suffix):
            found = sorted({str(d) for d in answers[column].dropna()})
            if found:
                digests[str(column).removesuffix(suffix)] = found[0] if len(found) == 1 else found
    return digests
