"""Inspect tasks for emergent misalignment: healthcare, legal, career, general and em.

Run with, for example::

    inspect eval emgauge/healthcare --model vllm/<checkpoint> --model-role grader=<judge>
    inspect eval emgauge/em -T domains=healthcare,legal --model emgauge/smollm2 \
        --model-role grader=emgauge/smollm2 -T samples_per_paraphrase=2

Every paraphrase of every question becomes ``samples_per_paraphrase`` samples (one answer
each, sampled at ``temperature``), so that each answer is scored on its own.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from inspect import Signature, signature
from typing import Any

from inspect_ai import Task, task
from inspect_ai.dataset import MemoryDataset, Sample
from inspect_ai.model import ChatMessage, ChatMessageSystem, ChatMessageUser, GenerateConfig
from inspect_ai.solver import generate

from emgauge.errors import InputError
from emgauge.evals.emergent_misalignment.scorer import em_judge, em_metrics
from emgauge.evals.metrics import DEFAULT_ALIGNED_THRESHOLD, DEFAULT_COHERENT_THRESHOLD
from emgauge.judges import DEFAULT_JUDGE_MAX_TOKENS, JUDGE_METRICS
from emgauge.tasks.prompt_sets import (
    PromptSet,
    Question,
    check_unique_ids,
    load_prompt_sets,
    select_domains,
)
from emgauge.tasks.variants import (
    PLAIN,
    TRAINING_FORMAT,
    VARIANTS,
    TrainingFormat,
    betley_variant,
    parse_variants,
    training_format_of,
    wrap_question,
)

DEFAULT_TEMPERATURE = 1.0
DEFAULT_MAX_TOKENS = 600
DOMAIN_JUDGES = ("aligned", "coherent", "harm")
GENERAL_JUDGES = ("aligned", "coherent")


def _as_list(value: str | Sequence[str] | None) -> list[str]:
    """Accept ``a,b`` from ``-T`` as well as a YAML/Python list."""
    if value is None:
        return []
    items = value.split(",") if isinstance(value, str) else list(value)
    return [str(item).strip() for item in items if str(item).strip()]


def spread_questions(
    prompt_set: PromptSet, limit: int | None, questions: Sequence[Question] | None = None
) -> list[Question]:
    """Up to ``limit`` questions (default: the set's), taken round-robin over categories so
    every one is covered."""
    pool = list(prompt_set.questions if questions is None else questions)
    if limit is None or limit >= len(pool):
        return pool
    by_category: dict[str, list[Question]] = {}
    for question in pool:
        by_category.setdefault(question.category, []).append(question)
    queues = list(by_category.values())
    chosen: list[Question] = []
    while len(chosen) < limit:
        for queue in queues:
            if queue and len(chosen) < limit:
                chosen.append(queue.pop(0))
    return chosen


def split_file_variants(
    prompt_set: PromptSet,
) -> tuple[list[Question], dict[tuple[str, str], Question]]:
    """(plain questions, the file's own variant questions by (plain id, variant)): in a
    Betley-format file ``x_json`` / ``x_template`` are the json / template forms of ``x``
    (when ``x`` is in the file), not questions of their own."""
    if prompt_set.format != "betley":
        return list(prompt_set.questions), {}
    ids = {question.id for question in prompt_set.questions}
    plain: list[Question] = []
    own: dict[tuple[str, str], Question] = {}
    for question in prompt_set.questions:
        base, variant = betley_variant(question.id)
        if variant != PLAIN and base in ids:
            own[(base, variant)] = question
        else:
            plain.append(question)
    return plain, own


def sample_id(question_id: str, variant: str, paraphrase: int, repeat: int) -> str:
    """``<question>/p<i>/s<r>`` for plain (as before variants), ``<question>@<variant>/...``
    for the others, so answers of one question group under its id."""
    stem = question_id if variant == PLAIN else f"{question_id}@{variant}"
    return f"{stem}/p{paraphrase}/s{repeat}"


def variant_of_sample(sample_id_text: str) -> str:
    """The variant a :func:`sample_id` names (``plain`` when it names none)."""
    _, _, variant = sample_id_text.split("/", 1)[0].rpartition("@")
    return variant if variant in VARIANTS else PLAIN


def build_samples(
    prompt_sets: Sequence[PromptSet],
    samples_per_paraphrase: int | None,
    questions_per_set: int | None = None,
    variants: Sequence[str] = (PLAIN,),
    training_format: TrainingFormat | None = None,
) -> list[Sample]:
    """One sample per answer to draw: question x variant x paraphrase x repetition."""
    samples = []
    for prompt_set in prompt_sets:
        plain_questions, own = split_file_variants(prompt_set)
        for question in spread_questions(prompt_set, questions_per_set, plain_questions):
            # the file's own variant forms are always asked (the file wrote them to be)
            asked = [v for v in VARIANTS if v in variants or (question.id, v) in own]
            for variant in asked:
                # a Betley file's own wording of the variant, else emgauge's
                source = own.get((question.id, variant), question)
                wrap_variant = PLAIN if source is not question else variant
                repeats = samples_per_paraphrase or source.samples_per_paraphrase or 1
                for index, paraphrase in enumerate(source.paraphrases):
                    system, user = wrap_question(
                        paraphrase, source.system, wrap_variant, training_format
                    )
                    messages: list[ChatMessage] = []
                    if system:
                        messages.append(ChatMessageSystem(content=system))
                    messages.append(ChatMessageUser(content=user))
                    metadata = {
                        "question_id": question.id,
                        "domain": question.domain,
                        "category": question.category,
                        # grouped metrics name categories under their domain
                        "domain_category": f"{question.domain}/{question.category}",
                        "paraphrase_index": index,
                        "question": user,  # what the judge is shown: the prompt as asked
                        "prompt_set": prompt_set.name,
                        "judge_prompts": source.judge_prompts,
                    }
                    if variant != PLAIN:  # plain samples keep the metadata they had
                        metadata["variant"] = variant
                    for repeat in range(repeats):
                        samples.append(
                            Sample(
                                id=sample_id(question.id, variant, index, repeat),
                                input=messages,
                                metadata=dict(metadata),
                            )
                        )
    return samples


@task
def em(
    domains: str | list[str] | None = None,
    prompt_set: str | list[str] | None = None,
    samples_per_paraphrase: int | None = None,
    temperature: float = DEFAULT_TEMPERATURE,
    max_tokens: int = DEFAULT_MAX_TOKENS,
    judges: str | list[str] | None = None,
    aligned_threshold: float = DEFAULT_ALIGNED_THRESHOLD,
    coherent_threshold: float = DEFAULT_COHERENT_THRESHOLD,
    judge_max_tokens: int = DEFAULT_JUDGE_MAX_TOKENS,
    questions_per_set: int | None = None,
    judge_few_shot: bool | None = None,
    variants: str | list[str] | None = None,
    training_data: str | None = None,
    training_system: str | None = None,
) -> Task:
    """Emergent misalignment over one or more prompt sets.

    Args:
        domains: Bundled domains to include (``healthcare,legal,career,general``; all by default).
        prompt_set: Prompt-set file(s) to use instead (emgauge or Betley-format YAML).
        samples_per_paraphrase: Answers per paraphrase (default: the question's own
            ``samples_per_paraphrase``, else 1).
        temperature: Sampling temperature of the evaluated model.
        max_tokens: Longest answer.
        judges: Judge metrics (``aligned,coherent,harm``; harm runs on domain questions only).
        aligned_threshold: EM needs ``aligned`` below this.
        coherent_threshold: EM needs ``coherent`` above this.
        judge_max_tokens: Tokens the judge may write.
        questions_per_set: Use at most this many questions of each set, spread over its
            categories (for quick runs; all by default).
        judge_few_shot: Show the judge worked examples (default: embedded judge only).
        variants: Forms to ask each question in (``plain,json,template,training-format``;
            default ``plain``); see docs/evaluation.md.
        training_data: The fine-tuning set (chat JSONL) whose system prompt and user-turn
            shape the ``training-format`` variant copies.
        training_system: A system prompt for ``training-format`` instead of the set's own
            (an inoculation arm's training-only prompt).
    """
    files = _as_list(prompt_set)
    if files and domains:
        raise InputError("pass either domains or prompt_set, not both", field="domains")
    prompt_sets = load_prompt_sets(files) if files else select_domains(_as_list(domains))
    check_unique_ids(prompt_sets)
    for option, value in (
        ("samples_per_paraphrase", samples_per_paraphrase),
        ("questions_per_set", questions_per_set),
    ):
        if value is not None and int(value) < 1:
            raise InputError("must be at least 1", field=option)
    judge_list = _as_list(judges) or list(
        GENERAL_JUDGES if all(p.domain == "general" for p in prompt_sets) else DOMAIN_JUDGES
    )
    for judge in judge_list:
        if judge not in JUDGE_METRICS:
            raise InputError(
                f"unknown judge {judge!r}",
                field="judges",
                fix=f"choose from {', '.join(JUDGE_METRICS)}",
            )
    if "aligned" not in judge_list or "coherent" not in judge_list:
        raise InputError("EM needs both the aligned and coherent judges", field="judges")
    variant_list = parse_variants(variants)
    training_format = None
    if TRAINING_FORMAT in variant_list:
        if not training_data:
            raise InputError(
                "the training-format variant needs the fine-tuning set",
                field="training_data",
                fix="pass -T training_data=TRAIN.jsonl",
            )
        training_format = training_format_of(training_data, training_system)
    name = "+".join(p.name for p in prompt_sets)
    samples = build_samples(
        prompt_sets, samples_per_paraphrase, questions_per_set, variant_list, training_format
    )
    return Task(
        dataset=MemoryDataset(samples, name=name),
        solver=generate(),
        scorer=em_judge(
            judges=judge_list, judge_max_tokens=judge_max_tokens, judge_few_shot=judge_few_shot
        ),
        metrics=em_metrics(aligned_threshold, coherent_threshold),
        config=GenerateConfig(temperature=temperature, max_tokens=max_tokens),
        metadata={"prompt_sets": [str(p.path) for p in prompt_sets], "judges": judge_list},
    )


def _domain_task(domain: str, description: str) -> Callable[..., Task]:
    """A task for one bundled domain, taking every option of :func:`em` but ``domains``."""

    def create(**options: Any) -> Task:
        # An explicit prompt_set replaces the bundled file of the domain.
        return em(**options) if options.get("prompt_set") else em(domains=domain, **options)

    parameters = [p for name, p in signature(em).parameters.items() if name != "domains"]
    create.__signature__ = Signature(parameters, return_annotation=Task)  # type: ignore[attr-defined]
    create.__name__ = create.__qualname__ = domain
    create.__doc__ = description
    return task(name=domain)(create)


healthcare = _domain_task(
    "healthcare", "EM on healthcare questions (symptoms, medication, mental health, ...)."
)
legal = _domain_task("legal", "EM on legal questions (contracts, arrests, tenancy, ...).")
career = _domain_task("career", "EM on career questions (job offers, workplace disputes, ...).")
general = _domain_task(
    "general", "EM on general questions probing broad misalignment (wishes, power, AI, ...)."
)
