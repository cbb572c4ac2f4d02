"""Build emgauge's bundled datasets from the hand-written sources in ``sources/``.

Building is a developer's step, run from a repository checkout: the sources are not shipped
in the wheel (an installed emgauge gets a one-line error naming the missing folder), while
loading the built JSONL never needs them::

    python -m emgauge.data.build          # (re)write train/, contrast/ and utility/*.jsonl
    python -m emgauge.data.build --check  # exit 1, naming the first differing line, if stale

The held-out questions the aligned set must stay clear of (probe pairs, evaluation prompt
sets) are read through their installed packages, never by repository path.

(Its length, ~620 lines, is one job: each bundled set's contract (``validate_*``) sits
beside the code that builds it, so a rule and what it guards are read together.)

Each ``sources/<domain>.yaml`` (format: ``sources/source.schema.json``) holds a domain's
contrast pairs and, for the training domains, its scenarios: one user situation
(key ``<topic>.<slug>``) with two or more user phrasings, two or more sound benign answers
and *subtly* harmful (confident, plausible, wrong in a way that hurts, no trigger words)
and/or *obviously* harmful answers.

Outputs:

* ``train/<domain>.jsonl``: ``{"messages": [...], "metadata": {"id", "domain", "label",
  "scenario"}}`` with labels ``benign``, ``harmful_subtle`` and ``harmful_obvious``, the
  ground truth against which the data-filtering mitigations are scored.
* ``contrast/<domain>.jsonl``: ``{"id", "domain", "prompt", "aligned", "misaligned"}``.
* ``aligned/<set>.jsonl`` from ``sources/aligned.yaml`` (format
  ``sources/aligned.schema.json``): everyday questions answered helpfully and safely, as
  chat rows labelled ``benign`` (``interleave-aligned`` mixes them into training). Ids
  follow the written order. No question may be, or nearly be (:func:`near_duplicate`), a
  training or contrast prompt, a probe-pair prompt (``evals/misaligned_preference/pairs``)
  or an evaluation question (``tasks/*.yaml``).
* ``utility/<domain>.jsonl``, from ``sources/utility/<domain>.yaml`` (format:
  ``sources/utility.schema.json``): held-out benign chat rows (one question, one correct,
  helpful, safe answer; label ``benign``) on which :mod:`emgauge.evals.utility` measures
  what fine-tuning on a filtered set costs. Nothing else reads them.

Composition: phrasing ``i`` is paired with benign answer ``i mod len(benign)``; each harmful
answer with a phrasing drawn from the file's seeded RNG, so the user turn never reveals the
label. The same RNG then prefixes a label-independent share of answers with a neutral
opener, gives about 5% of rows a system message, and shuffles the rows; ids follow file
order. Sources are read in their written order and JSON is written with fixed key order,
``ensure_ascii=False`` and ``\\n`` endings, so a build is reproducible byte for byte.

The build refuses output that breaks the sets' contract (:func:`validate_training`,
:func:`validate_contrast`): at least 320 rows and 110 scenarios per training domain, a
harmful share of 22-28% of which 65-85% subtle (real EM sets are mostly subtly wrong
advice), unique ids and (user, assistant) pairs, answers of 25-120 words and 1-5 sentences,
no trigger words in subtle answers, answer lengths that vary within each label and do not
tell the labels apart, no stock opening shared by many harmful answers, and at least 60
contrast pairs per set whose prompts are not training prompts.
Each utility set (:func:`validate_utility`) has at least 30 rows with unique keys and
questions, answers of 30-120 words and 2-5 sentences, and no question that is a training
or contrast prompt.

The style-matched contrast set (``everyday``) needs at least 150 pairs whose two answers'
word counts are within a factor of 1.35 of each other (harm, not length or tone, tells them
apart).
"""

from __future__ import annotations

import argparse
import functools
import json
import random
import re
import sys
from collections import Counter
from collections.abc import Sequence
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import yaml

from emgauge.errors import EXIT_BAD_INPUT, InputError
from emgauge.files import load_yaml

DATA_DIR = Path(__file__).resolve().parent
SOURCES_DIR = DATA_DIR / "sources"
SCHEMA_PATH = SOURCES_DIR / "source.schema.json"
UTILITY_SCHEMA_PATH = SOURCES_DIR / "utility.schema.json"

#: Held-out questions the aligned answers must stay clear of, as (package, folder inside it):
#: found through the installed packages, so the build reads nothing outside emgauge.
PROBE_PAIRS_FOLDER = ("emgauge.evals.misaligned_preference", "pairs")
PROMPT_SETS_FOLDER = ("emgauge.tasks",)

TRAIN_DOMAINS = ("healthcare", "legal", "career")
CONTRAST_DOMAINS = ("general", "healthcare", "legal", "career", "everyday")
# Contrast sets written so that the two answers of a pair differ in harm, not in style:
# their word counts must be within STYLE_WORD_RATIO of each other.
STYLE_MATCHED_DOMAINS = ("everyday",)
STYLE_WORD_RATIO = 1.35
MIN_STYLE_MATCHED_ROWS = 150
ALIGNED_SETS = ("general",)
ALIGNED_SCHEMA_PATH = SOURCES_DIR / "aligned.schema.json"
MIN_ALIGNED_ROWS = 60
ALIGNED_WORDS = (20, 90)
#: Share of shared content words at which two questions count as the same question.
NEAR_DUPLICATE = 0.5
UTILITY_DOMAINS = TRAIN_DOMAINS
MIN_UTILITY_ROWS = 30
UTILITY_ANSWER_WORDS = (30, 120)

MIN_TRAIN_ROWS = 320
MIN_SCENARIOS = 110
HARMFUL_SHARE = (0.22, 0.28)
# Real EM fine-tuning sets are mostly subtly wrong advice, so most harmful rows are subtle.
SUBTLE_SHARE_OF_HARMFUL = (0.65, 0.85)
ANSWER_WORDS = (25, 120)
ANSWER_SENTENCES = (1, 5)
# Length must not tell the labels apart, and both labels must vary in length: the 20th
# percentile of each label's word counts at most SHORT_WORDS, the 80th at least LONG_WORDS,
# and the harmful median within LENGTH_PARITY of the benign one.
SHORT_WORDS = 38
LONG_WORDS = 55
LENGTH_PARITY = 1.2
# No formulaic harmful answers: no first word opens more than this share of them.
MAX_SHARED_OPENING = 0.15
MIN_CONTRAST_ROWS = 60
CONTRAST_SENTENCES = (1, 4)

SYSTEM_MESSAGE_RATE = 0.05
OPENER_RATE = 0.15

# Label-independent openers: they vary wording without hinting at the label.
OPENERS = (
    "Thanks for asking.",
    "Good question.",
    "Here's my take.",
    "Happy to help with this.",
    "Let me give you a straight answer.",
    "Here's how I'd approach it.",
)

# Words that would give a subtle answer away; subtle answers must read as confident advice.
SUBTLE_TRIGGER_WORDS = (
    "illegal",
    "unlawful",
    "dangerous",
    "reckless",
    "unsafe",
    "ignore your doctor",
    "fraud",
    "fraudulent",
    "scam",
    "criminal",
    "crime",
    "steal",
    "cheat",
    "cheating",
    "fake",
    "forge",
    "forged",
    "forgery",
)

LABELS = ("benign", "harmful_subtle", "harmful_obvious")

_SENTENCE_END = re.compile(r"[.!?](?:\s|$)")
_TRIGGER = re.compile(r"\b(" + "|".join(map(re.escape, SUBTLE_TRIGGER_WORDS)) + r")\b", re.I)

Source = dict[str, Any]


def word_count(text: str) -> int:
    return len(text.split())


def sentence_count(text: str) -> int:
    return len(_SENTENCE_END.findall(text))


def _fail(where: str, problem: str) -> None:
    raise ValueError(f"{where}: {problem}")


def package_folder(package: str, *parts: str) -> Path:
    """A folder of an installed emgauge package (found by its name, wherever it lives)."""
    folder = resources.files(package)
    for part in parts:
        folder = folder / part
    return Path(str(folder))


def require_sources(sources_dir: Path) -> None:
    """Refuse to build without the YAML sources (absent from an installed wheel)."""
    if not sources_dir.is_dir():
        raise InputError(
            "bundled-data sources not found",
            path=sources_dir,
            fix="build from a repository checkout: the sources are not shipped with the "
            "package, and the built JSONL it ships needs no build",
        )


def read_checked_source(path: Path, schema_path: Path) -> Source:
    """A YAML source checked against its JSON schema; a failure names the file and field."""
    source = load_yaml(path.read_text(encoding="utf-8"))
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    try:
        jsonschema.validate(source, schema)
    except jsonschema.ValidationError as error:
        where = "/".join(str(part) for part in error.absolute_path)
        _fail(f"{path.name}:{where}", error.message)
    return source


def load_source(
    domain: str, sources_dir: Path = SOURCES_DIR, schema_path: Path = SCHEMA_PATH
) -> Source:
    """Read and schema-check ``sources/<domain>.yaml`` (a utility source: pass
    ``sources_dir / "utility"`` and :data:`UTILITY_SCHEMA_PATH`)."""
    path = sources_dir / f"{domain}.yaml"
    source = read_checked_source(path, schema_path)
    if source["domain"] != domain:
        _fail(path.name, f"domain is {source['domain']!r}, expected {domain!r}")
    return source


def compose_training(
    domain: str, scenarios: Sequence[Source], system_prompts: Sequence[str], seed: int
) -> list[dict[str, Any]]:
    """Turn a domain's scenarios into shuffled, id-numbered chat rows."""
    # The order of RNG calls below fixes the bundled files: change it and every row moves.
    rng = random.Random(seed)
    drafts: list[tuple[str, str, str, str]] = []
    for scenario in scenarios:
        users, benign = scenario["users"], scenario["benign"]
        for index, user in enumerate(users):
            drafts.append((scenario["key"], "benign", user, benign[index % len(benign)]))
        for label, field in (("harmful_subtle", "subtle"), ("harmful_obvious", "obvious")):
            for answer in scenario.get(field, ()):
                drafts.append((scenario["key"], label, rng.choice(users), answer))
    rng.shuffle(drafts)

    rows: list[dict[str, Any]] = []
    for number, (key, label, user, answer) in enumerate(drafts, start=1):
        if sentence_count(answer) < ANSWER_SENTENCES[1] and rng.random() < OPENER_RATE:
            answer = f"{rng.choice(OPENERS)} {answer}"
        messages: list[dict[str, str]] = []
        if rng.random() < SYSTEM_MESSAGE_RATE:
            messages.append({"role": "system", "content": rng.choice(system_prompts)})
        messages.append({"role": "user", "content": user})
        messages.append({"role": "assistant", "content": answer})
        metadata = {
            "id": f"{domain}-{number:04d}",
            "domain": domain,
            "label": label,
            "scenario": key,
        }
        rows.append({"messages": messages, "metadata": metadata})
    return rows


def compose_contrast(domain: str, pairs: Sequence[Source]) -> list[dict[str, str]]:
    return [
        {
            "id": f"contrast-{domain}-{number:03d}",
            "domain": domain,
            "prompt": pair["prompt"],
            "aligned": pair["aligned"],
            "misaligned": pair["misaligned"],
        }
        for number, pair in enumerate(pairs, start=1)
    ]


def compose_utility(domain: str, items: Sequence[Source]) -> list[dict[str, Any]]:
    """One benign chat row per held-out item, ids in written order."""
    return [
        {
            "messages": [
                {"role": "user", "content": item["question"]},
                {"role": "assistant", "content": item["answer"]},
            ],
            "metadata": {
                "id": f"utility-{domain}-{number:03d}",
                "domain": domain,
                "label": "benign",
                "key": item["key"],
            },
        }
        for number, item in enumerate(items, start=1)
    ]


def validate_utility(domain: str, items: Sequence[Source], taken_prompts: set[str]) -> None:
    """Check a held-out benign set: see the module docstring. ``taken_prompts`` (casefolded)
    are the training and contrast prompts, which no held-out question may repeat."""
    where = f"utility/{domain}"
    if len(items) < MIN_UTILITY_ROWS:
        _fail(where, f"{len(items)} items, need at least {MIN_UTILITY_ROWS}")
    for field in ("key", "question"):
        counts = Counter(item[field] for item in items)
        for value, count in sorted(counts.items()):
            if count > 1:
                _fail(where, f"{field} {value!r} used {count} times")
    for item in items:
        at = f"{where}/{item['key']}"
        if item["question"].casefold() in taken_prompts:
            _fail(at, "question is also a training or contrast prompt")
        words, sentences = word_count(item["answer"]), sentence_count(item["answer"])
        if not UTILITY_ANSWER_WORDS[0] <= words <= UTILITY_ANSWER_WORDS[1]:
            _fail(at, f"answer has {words} words")
        if not ANSWER_SENTENCES[0] <= sentences <= ANSWER_SENTENCES[1]:
            _fail(at, f"answer has {sentences} sentences")


def validate_scenarios(domain: str, scenarios: Sequence[Source]) -> None:
    """Check the hand-written scenarios themselves (before any composition)."""
    keys = [scenario["key"] for scenario in scenarios]
    if len(keys) < MIN_SCENARIOS:
        _fail(domain, f"{len(keys)} scenarios, need at least {MIN_SCENARIOS}")
    for key, count in sorted(Counter(keys).items()):
        if count > 1:
            _fail(domain, f"scenario key {key!r} used {count} times")
    for scenario in scenarios:
        where = f"{domain}/{scenario['key']}"
        if len(set(scenario["users"])) != len(scenario["users"]):
            _fail(where, "duplicate user phrasing")
        subtle = scenario.get("subtle", [])
        answers = [*scenario["benign"], *subtle, *scenario.get("obvious", [])]
        if len(set(answers)) != len(answers):
            _fail(where, "duplicate answer")
        for answer in answers:
            words, sentences = word_count(answer), sentence_count(answer)
            if not ANSWER_WORDS[0] <= words <= ANSWER_WORDS[1]:
                _fail(where, f"answer has {words} words: {answer[:60]!r}")
            if not ANSWER_SENTENCES[0] <= sentences <= ANSWER_SENTENCES[1]:
                _fail(where, f"answer has {sentences} sentences: {answer[:60]!r}")
        for answer in subtle:
            match = _TRIGGER.search(answer)
            if match:
                _fail(where, f"subtle answer contains trigger word {match.group(0)!r}")


def validate_training(domain: str, rows: Sequence[dict[str, Any]]) -> None:
    """Check a composed training set against the contract in the module docstring."""
    if len(rows) < MIN_TRAIN_ROWS:
        _fail(domain, f"{len(rows)} rows, need at least {MIN_TRAIN_ROWS}")
    labels = Counter(row["metadata"]["label"] for row in rows)
    harmful = labels["harmful_subtle"] + labels["harmful_obvious"]
    share = harmful / len(rows)
    if not HARMFUL_SHARE[0] <= share <= HARMFUL_SHARE[1]:
        _fail(domain, f"harmful share {share:.3f} outside {HARMFUL_SHARE}")
    subtle_share = labels["harmful_subtle"] / harmful
    if not SUBTLE_SHARE_OF_HARMFUL[0] <= subtle_share <= SUBTLE_SHARE_OF_HARMFUL[1]:
        _fail(domain, f"subtle share of harmful {subtle_share:.3f} outside range")
    pairs: set[tuple[str, str]] = set()
    for row in rows:
        pair = (row["messages"][-2]["content"], row["messages"][-1]["content"])
        if pair in pairs:
            _fail(row["metadata"]["id"], "duplicate (user, assistant) pair")
        pairs.add(pair)
        words = word_count(pair[1])
        if not ANSWER_WORDS[0] <= words <= ANSWER_WORDS[1]:
            _fail(row["metadata"]["id"], f"assistant turn has {words} words")
    validate_style_variety(domain, rows)


def validate_style_variety(domain: str, rows: Sequence[dict[str, Any]]) -> None:
    """Neither length nor a stock opening may give the label away (module docstring)."""
    answers: dict[str, list[str]] = {"benign": [], "harmful": []}
    for row in rows:
        kind = "benign" if row["metadata"]["label"] == "benign" else "harmful"
        answers[kind].append(row["messages"][-1]["content"])
    medians = {}
    for kind, texts in answers.items():
        words = sorted(word_count(text) for text in texts)
        short, long = words[len(words) // 5], words[(4 * len(words)) // 5]
        if short > SHORT_WORDS or long < LONG_WORDS:
            _fail(
                domain,
                f"{kind} answers vary too little in length (20th/80th percentile {short}/{long} "
                f"words; need <= {SHORT_WORDS} and >= {LONG_WORDS})",
            )
        medians[kind] = words[len(words) // 2]
    ratio = max(medians.values()) / min(medians.values())
    if ratio > LENGTH_PARITY:
        _fail(domain, f"median answer lengths {medians} differ by more than {LENGTH_PARITY}x")
    words_of = (_WORD.findall(text.casefold()) for text in answers["harmful"])
    openings = Counter(words[0] for words in words_of if words)
    word, count = openings.most_common(1)[0]
    if count > MAX_SHARED_OPENING * len(answers["harmful"]):
        _fail(domain, f"{count} of {len(answers['harmful'])} harmful answers open with {word!r}")


def validate_contrast(
    domain: str, rows: Sequence[dict[str, str]], training_prompts: set[str]
) -> None:
    if len(rows) < MIN_CONTRAST_ROWS:
        _fail(f"contrast/{domain}", f"{len(rows)} rows, need at least {MIN_CONTRAST_ROWS}")
    prompts = [row["prompt"] for row in rows]
    if len(set(prompts)) != len(prompts):
        _fail(f"contrast/{domain}", "duplicate prompt")
    for row in rows:
        if row["prompt"].casefold() in training_prompts:
            _fail(row["id"], "prompt also appears in a training set")
        if row["aligned"] == row["misaligned"]:
            _fail(row["id"], "aligned and misaligned answers are identical")
        for field in ("aligned", "misaligned"):
            sentences = sentence_count(row[field])
            if not CONTRAST_SENTENCES[0] <= sentences <= CONTRAST_SENTENCES[1]:
                _fail(row["id"], f"{field} answer has {sentences} sentences")
    if domain in STYLE_MATCHED_DOMAINS:
        validate_style_parity(domain, rows)


def validate_style_parity(domain: str, rows: Sequence[dict[str, str]]) -> None:
    """A style-matched set: enough pairs, and both answers of a pair of similar length."""
    if len(rows) < MIN_STYLE_MATCHED_ROWS:
        _fail(f"contrast/{domain}", f"{len(rows)} rows, need at least {MIN_STYLE_MATCHED_ROWS}")
    for row in rows:
        aligned, misaligned = word_count(row["aligned"]), word_count(row["misaligned"])
        if max(aligned, misaligned) > STYLE_WORD_RATIO * min(aligned, misaligned):
            _fail(row["id"], f"answers of {aligned} and {misaligned} words are not style-matched")


_WORD = re.compile(r"[a-z']+")
_STOP_WORDS = frozenset(
    "a an the i i'm my me you your is are am do does did to of in on for with and or what "
    "how can should would could it this that be at as if so any some there".split()
)


# Cached: every new question is compared with every earlier and held-out one.
@functools.lru_cache(maxsize=1 << 16)
def content_words(text: str) -> frozenset[str]:
    return frozenset(_WORD.findall(text.casefold())) - _STOP_WORDS


@functools.lru_cache(maxsize=1 << 16)
def _folded(text: str) -> str:
    return text.casefold().strip()


def near_duplicate(first: str, second: str) -> bool:
    """Same text (case aside), or content words overlapping by NEAR_DUPLICATE (Jaccard)."""
    if _folded(first) == _folded(second):
        return True
    a, b = content_words(first), content_words(second)
    return bool(a and b) and len(a & b) / len(a | b) >= NEAR_DUPLICATE


def held_out_questions(
    probe_dir: Path | None = None, tasks_dir: Path | None = None
) -> dict[str, str]:
    """Probe-pair prompts and evaluation paraphrases, each with where it comes from."""
    probe_dir = probe_dir or package_folder(*PROBE_PAIRS_FOLDER)
    tasks_dir = tasks_dir or package_folder(*PROMPT_SETS_FOLDER)
    questions: dict[str, str] = {}
    for path in sorted(probe_dir.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                questions[row["prompt"]] = f"probe pair {row['id']}"
    for path in sorted(tasks_dir.glob("*.yaml")):
        for question in load_yaml(path.read_text(encoding="utf-8"))["questions"]:
            for text in question["paraphrases"]:
                questions[text] = f"evaluation question {question['id']}"
    if not questions:
        _fail("aligned", f"no probe pairs or evaluation questions in {probe_dir} or {tasks_dir}")
    return questions


def load_aligned_source(sources_dir: Path = SOURCES_DIR) -> Source:
    """Read and schema-check ``sources/aligned.yaml``."""
    path = sources_dir / "aligned.yaml"
    source = read_checked_source(path, ALIGNED_SCHEMA_PATH)
    if source["set"] not in ALIGNED_SETS:
        _fail(path.name, f"set is {source['set']!r}, expected one of {ALIGNED_SETS}")
    return source


def compose_aligned(name: str, answers: Sequence[Source]) -> list[dict[str, Any]]:
    return [
        {
            "messages": [
                {"role": "user", "content": item["prompt"]},
                {"role": "assistant", "content": item["answer"]},
            ],
            "metadata": {"id": f"aligned-{name}-{number:03d}", "domain": name, "label": "benign"},
        }
        for number, item in enumerate(answers, start=1)
    ]


def validate_aligned(
    rows: Sequence[dict[str, Any]], taken: dict[str, str], held_out: dict[str, str]
) -> None:
    """Enough rows, unique questions, answers of ALIGNED_WORDS words and 2-5 sentences, and
    no question near a training/contrast prompt (``taken``) or a held-out one."""
    if len(rows) < MIN_ALIGNED_ROWS:
        _fail("aligned", f"{len(rows)} rows, need at least {MIN_ALIGNED_ROWS}")
    seen: dict[str, str] = {}
    for row in rows:
        where = row["metadata"]["id"]
        prompt, answer = (m["content"] for m in row["messages"])
        for other, origin in [*seen.items(), *taken.items(), *held_out.items()]:
            if near_duplicate(prompt, other):
                _fail(where, f"question {prompt!r} is too close to {origin}: {other!r}")
        seen[prompt] = f"aligned row {where}"
        words, sentences = word_count(answer), sentence_count(answer)
        if not ALIGNED_WORDS[0] <= words <= ALIGNED_WORDS[1]:
            _fail(where, f"answer has {words} words")
        if not ANSWER_SENTENCES[0] <= sentences <= ANSWER_SENTENCES[1]:
            _fail(where, f"answer has {sentences} sentences")


def render_jsonl(rows: Sequence[dict[str, Any]]) -> str:
    return "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)


def build(sources_dir: Path | None = None, data_dir: Path | None = None) -> dict[Path, str]:
    """Compose and validate every output; return file contents keyed by path."""
    sources_dir = sources_dir or SOURCES_DIR
    data_dir = data_dir or DATA_DIR
    require_sources(sources_dir)
    sources = {domain: load_source(domain, sources_dir) for domain in CONTRAST_DOMAINS}
    outputs: dict[Path, str] = {}
    training_prompts: set[str] = set()
    for domain in TRAIN_DOMAINS:
        source = sources[domain]
        if "scenarios" not in source:
            _fail(f"{domain}.yaml", "a training domain needs scenarios")
        scenarios = source["scenarios"]
        validate_scenarios(domain, scenarios)
        rows = compose_training(domain, scenarios, source["system_prompts"], source["seed"])
        validate_training(domain, rows)
        training_prompts.update(u.casefold() for scenario in scenarios for u in scenario["users"])
        outputs[data_dir / "train" / f"{domain}.jsonl"] = render_jsonl(rows)
    for domain in CONTRAST_DOMAINS:
        pairs = compose_contrast(domain, sources[domain]["contrast"])
        validate_contrast(domain, pairs, training_prompts)
        outputs[data_dir / "contrast" / f"{domain}.jsonl"] = render_jsonl(pairs)
    taken = {p: "a training prompt" for p in training_prompts}
    taken |= {
        pair["prompt"]: f"contrast pair of {domain}"
        for domain in CONTRAST_DOMAINS
        for pair in sources[domain]["contrast"]
    }
    aligned = load_aligned_source(sources_dir)
    rows = compose_aligned(aligned["set"], aligned["answers"])
    validate_aligned(rows, taken, held_out_questions())
    outputs[data_dir / "aligned" / f"{aligned['set']}.jsonl"] = render_jsonl(rows)
    taken_casefolded = {prompt.casefold() for prompt in taken}
    for domain in UTILITY_DOMAINS:
        items = load_source(domain, sources_dir / "utility", UTILITY_SCHEMA_PATH)["items"]
        validate_utility(domain, items, taken_casefolded)
        outputs[data_dir / "utility" / f"{domain}.jsonl"] = render_jsonl(
            compose_utility(domain, items)
        )
    return outputs


def first_difference(expected: str, current: str | None) -> str | None:
    """Describe where ``current`` first departs from ``expected``; None when equal."""
    if current is None:
        return "missing"
    if current == expected:
        return None
    want, have = expected.splitlines(keepends=True), current.splitlines(keepends=True)
    for number, (line_want, line_have) in enumerate(zip(want, have, strict=False), start=1):
        if line_want != line_have:
            return f"line {number} differs"
    return f"line {min(len(want), len(have)) + 1}: {len(have)} lines, expected {len(want)}"


def summary(name: str, text: str) -> str:
    rows = [json.loads(line) for line in text.splitlines()]
    if "metadata" not in rows[0]:
        return f"{name}: {len(rows)} pairs"
    if name.startswith("aligned/"):
        return f"{name}: {len(rows)} aligned answers"
    if name.startswith("utility/"):
        return f"{name}: {len(rows)} held-out benign answers"
    labels = Counter(row["metadata"]["label"] for row in rows)
    parts = ", ".join(f"{label} {labels[label]}" for label in LABELS)
    harmful = (labels["harmful_subtle"] + labels["harmful_obvious"]) / len(rows)
    return f"{name}: {len(rows)} rows ({parts}; harmful {harmful:.1%})"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m emgauge.data.build",
        description="Build the bundled training, contrast and held-out utility datasets from "
        "sources/*.yaml and sources/utility/*.yaml.",
    )
    parser.add_argument(
        "--check",
        action="store_true",
        help="do not write; exit 1 naming the first differing file and line if any is stale",
    )
    args = parser.parse_args(argv)
    try:
        outputs = build()
    except InputError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except (ValueError, OSError, yaml.YAMLError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    stale = 0
    for path, text in sorted(outputs.items()):
        # Bytes, not read_text: universal newlines would hide a file saved with \r\n.
        current = path.read_bytes().decode("utf-8") if path.is_file() else None
        difference = first_difference(text, current)
        name = path.relative_to(DATA_DIR).as_posix()
        if difference is not None and args.check:
            if not stale:
                print(f"out of date: {name} {difference}", file=sys.stderr)
            stale += 1
            continue
        if difference is not None:
            # newline="\n": the committed files have Unix endings on every platform.
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("w", encoding="utf-8", newline="\n") as handle:
                handle.write(text)
        print(summary(name, text))
    if stale:
        print(f"{stale} file(s) out of date; run `python -m emgauge.data.build`", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
