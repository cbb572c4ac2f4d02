"""The ``emgauge/`` Inspect model provider: local Hugging Face models, offline.

* ``emgauge/smollm2``: the embedded SmolLM2-135M-Instruct (prepared on first use).
* ``emgauge/<folder>``: any local Hugging Face model folder (a merged checkpoint, say).
* ``emgauge/<base>:<adapter>``: a base model with a LoRA adapter folder applied, the same
  ``base:adapter`` spelling that Inspect's ``vllm/`` provider serves adapters with, so one
  checkpoint name works on a laptop and on a vLLM server.

It is Inspect's ``hf/`` provider with these differences: short names resolve to the local
cache (never the hub), temperature 0 means greedy decoding (the ``hf/`` provider refuses
it), on CPU the weights load in bfloat16 only where the CPU runs bf16 natively
(:func:`emgauge.precision.choose_precision`; about twice as fast there, several times
slower where bf16 is emulated), else in float32 (``-M dtype=...`` overrides it), and it is
built for throughput:

* the tokenizer is read once per process for a given folder and revision (each adapter,
  dtype and reloaded model shares it, its calls serialised by one lock);
* the weights load once per process for a given (path, adapter, dtype, load options),
  however many Inspect models (subject, grader role, eval-set tasks) name them, and only
  when first asked for an answer; at most ``EMGAUGE_MAX_LOADED_MODELS`` (default 4) stay
  in memory, the least recently used idle one is released to load another (an eval set of
  19 fp32 checkpoints held ~12 GB at once before);
* concurrent requests with the same generation settings become one batched
  ``model.generate`` call as soon as requests stop arriving for a moment (Inspect's
  ``hf/`` queue waits 2 s for that and polls results once a second), at most
  ``-M batch_size`` (default 32) prompts per call;
* each answer's token counts and logprobs are its own, not padded to the batch;
* with a generation ``seed`` (``inspect eval --seed N``; experiments set one), sampling is
  reproducible whatever the batching: each answer draws its noise from its own generator,
  seeded by the seed, the sample id, the epoch and the prompt (Gumbel-max sampling, the
  same distribution as ``do_sample``), so a rerun gives the same answers.
"""

from __future__ import annotations

import asyncio
import hashlib
import itertools
import os
import threading
import time
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import anyio
import torch
from inspect_ai._util.error import PrerequisiteError  # printed by Inspect's CLI as one line
from inspect_ai.model import (
    ChatCompletionChoice,
    ChatMessage,
    ChatMessageAssistant,
    GenerateConfig,
    Logprob,
    Logprobs,
    ModelAPI,
    ModelOutput,
    ModelUsage,
    TopLogprob,
)
from inspect_ai.model._providers.hf import (
    HF_TOKEN,
    HuggingFaceAPI,
    hub_token,
    set_random_seeds,
)
from inspect_ai.tool import ToolChoice, ToolInfo

from emgauge.errors import InputError
from emgauge.models import locate_model, split_adapter
from emgauge.precision import choose_precision
from emgauge.quiet import model_load_line, quiet_libraries

DEFAULT_BATCH_SIZE = 32  # Inspect's hf/ default; -M batch_size=N changes it
BATCH_WINDOW_SECONDS = 0.05  # a batch starts once no request arrived for this long
# Inspect max_connections for local models: requests in flight cost nothing but a queue
# slot, and the more there are, the fuller each batch (batch_size still caps a call).
LOCAL_MAX_CONNECTIONS = 1024

# Model args that Inspect's hf/ provider reads itself; the rest go to from_pretrained.
_HF_OPTIONS = (
    "device",
    "tokenizer",
    "tokenizer_path",
    "batch_size",
    "chat_template",
    "use_chat_template",
    "tokenizer_call_args",
    "enable_thinking",
    "hidden_states",
    "do_sample",
    "trust_remote_code",
)


@dataclass
class _Request:
    """One prompt waiting for a batch; ``key`` holds what must match to share one."""

    prompt: str
    key: Hashable
    generate_kwargs: dict[str, Any]
    top_logprobs: int | None  # None: no logprobs requested
    sample_seed: int | None = None  # seeded sampling: this answer's own noise generator
    done: bool = False
    text: str = ""
    input_tokens: int = 0
    output_tokens: int = 0
    logprobs: list[Logprob] | None = None
    seconds: float = 0.0
    error: BaseException | None = None


@dataclass
class _LoadedModel:
    """One model's tokenizer, batcher and weights, shared by every API instance naming it.

    The weights load on first use (:meth:`acquire`) and may be released again while no
    batch runs on them, to keep at most :func:`max_loaded_models` in memory.
    """

    load_weights: Callable[[], Any]
    tokenizer: Any
    device: str
    # held around every tokenizer call: slots share one tokenizer and batch in threads
    tokenizer_lock: threading.Lock = field(default_factory=threading.Lock)
    model: Any | None = None
    pending: list[_Request] = field(default_factory=list)
    generate_calls: int = 0  # underlying model.generate calls (tests and benchmarks read it)
    loads: int = 0  # times the weights were loaded (a released model loads again)
    running: int = 0  # batches running on the weights now
    last_used: int = 0
    _lock: anyio.Lock | None = None
    _loop: object | None = None

    def lock(self) -> anyio.Lock:
        """The batch lock of the running event loop (each ``eval()`` runs a new loop)."""
        loop = _current_loop()
        if self._lock is None or self._loop is not loop:
            self._lock, self._loop = anyio.Lock(), loop
        return self._lock

    def acquire(self) -> Any:
        """The weights, loaded if needed (releasing idle models over the limit); pair with
        :meth:`release`."""
        with _MODELS_LOCK:
            if self.model is None:
                _release_idle_models(keep=max_loaded_models() - 1)
                self.model = self.load_weights()
                self.loads += 1
            self.running += 1
            self.last_used = next(_USE_COUNTER)
            return self.model

    def release(self) -> None:
        with _MODELS_LOCK:
            self.running -= 1


# (path, adapter, dtype, device, other load options) -> loaded model
_MODELS: dict[tuple[str, ...], _LoadedModel] = {}
# (tokenizer path, trust_remote_code, revision) -> (padded tokenizer, its call lock)
_TOKENIZERS: dict[tuple[object, ...], tuple[Any, threading.Lock]] = {}
#: Files of a model folder that are not the tokenizer's (their changes keep its cache).
_WEIGHT_SUFFIXES = (".safetensors", ".bin", ".pt", ".pth", ".gguf", ".msgpack", ".h5")
_MODELS_LOCK = threading.RLock()  # Inspect may construct models from several threads
_USE_COUNTER = itertools.count(1)
MAX_LOADED_MODELS_ENV = "EMGAUGE_MAX_LOADED_MODELS"
DEFAULT_MAX_LOADED_MODELS = 4


def max_loaded_models() -> int:
    """Models whose weights may stay in memory at once (``EMGAUGE_MAX_LOADED_MODELS``)."""
    raw = os.environ.get(MAX_LOADED_MODELS_ENV, "").strip()
    if not raw:
        return DEFAULT_MAX_LOADED_MODELS
    if not raw.isdigit() or int(raw) < 1:
        raise InputError(
            f"{MAX_LOADED_MODELS_ENV}={raw!r} is not a whole number >= 1",
            fix=f"set {MAX_LOADED_MODELS_ENV} to how many models fit in memory, e.g. 4",
        )
    return int(raw)


def _release_idle_models(keep: int) -> None:
    """Drop the weights of least recently used idle models until ``keep`` are loaded."""
    loaded = [m for m in _MODELS.values() if m.model is not None]
    idle = sorted((m for m in loaded if m.running == 0), key=lambda m: m.last_used)
    for slot in idle[: max(0, len(loaded) - keep)]:
        slot.model = None
    if idle:
        import gc

        gc.collect()


def _current_loop() -> object:
    try:
        return asyncio.get_running_loop()
    except RuntimeError:  # trio
        import trio

        return trio.lowlevel.current_trio_token()


def clear_model_cache() -> None:
    """Forget every loaded model (their memory is freed once no API instance holds them)."""
    with _MODELS_LOCK:
        _MODELS.clear()


def _tokenizer_revision(tokenizer_path: str) -> tuple[tuple[str, int, int], ...]:
    """What identifies a local folder's tokenizer files now (name, size, mtime): a
    folder rewritten in place reads again. A hub id's revision is in its snapshot path."""
    folder = Path(tokenizer_path).expanduser()
    if not folder.is_dir():
        return ()
    found = []
    for entry in sorted(folder.iterdir()):
        if entry.is_file() and not entry.name.endswith(_WEIGHT_SUFFIXES):
            stat = entry.stat()
            found.append((entry.name, stat.st_size, stat.st_mtime_ns))
    return tuple(found)


def _shared_tokenizer(
    tokenizer_path: str, trust_remote_code: bool, api_key: str | None, display_name: str
) -> tuple[Any, threading.Lock]:
    """The padded tokenizer of ``tokenizer_path``, read once per revision (~0.4 s a read
    of the embedded one) and shared by every slot naming it, with the lock its calls hold."""
    key = (tokenizer_path, trust_remote_code, _tokenizer_revision(tokenizer_path))
    if key in _TOKENIZERS:
        return _TOKENIZERS[key]
    from transformers import AutoTokenizer

    quiet_libraries()
    try:
        tokenizer = AutoTokenizer.from_pretrained(
            tokenizer_path, token=api_key, trust_remote_code=trust_remote_code
        )
    except OSError as error:  # e.g. a hub id the hub does not know
        raise InputError(
            f"cannot load {display_name}: {str(error).splitlines()[0]}",
            fix="use 'smollm2', a local model folder, or a cached hub id",
        ) from error
    # As Inspect's hf/ provider: a pad token for batching, prompts padded on the left.
    tokenizer.pad_token = tokenizer.eos_token
    tokenizer.padding_side = "left"
    _TOKENIZERS[key] = tokenizer, threading.Lock()
    return _TOKENIZERS[key]


def _load(
    model_path: str,
    adapter: str | None,
    device: str,
    tokenizer_path: str,
    trust_remote_code: bool,
    api_key: str | None,
    load_args: dict[str, Any],
    *,
    display_name: str = "",
) -> _LoadedModel:
    """The shared slot of a model (its LoRA adapter merged in memory when loaded)."""
    key = (
        model_path,
        str(adapter),
        str(load_args.get("dtype")),
        device,
        tokenizer_path,
        str(trust_remote_code),
        repr(sorted((k, repr(v)) for k, v in load_args.items())),
    )
    with _MODELS_LOCK:
        if key in _MODELS:
            return _MODELS[key]

        def load_weights() -> Any:
            from transformers import AutoModelForCausalLM

            with model_load_line(display_name or model_path, load_args.get("dtype"), device):
                model = AutoModelForCausalLM.from_pretrained(
                    model_path,
                    device_map=device,
                    token=api_key,
                    trust_remote_code=trust_remote_code,
                    **load_args,
                )
                if adapter is not None:
                    from peft import PeftModel

                    model = PeftModel.from_pretrained(model, adapter).merge_and_unload()
            return model.eval()

        tokenizer, tokenizer_lock = _shared_tokenizer(
            tokenizer_path, trust_remote_code, api_key, display_name or model_path
        )
        loaded = _MODELS[key] = _LoadedModel(load_weights, tokenizer, device, tokenizer_lock)
        return loaded


class ModelNameError(InputError, PrerequisiteError):
    """A bad ``emgauge/`` model name or adapter: Inspect's CLI prints a
    ``PrerequisiteError`` as its message alone, so the user sees one line, not a traceback;
    it stays an :class:`InputError` for emgauge's own callers."""

    def __init__(self, message: str) -> None:
        InputError.__init__(self, message)
        self.args = (str(self.problem),)
        self.message = f"emgauge: {self.problem}"


def _check_adapter(adapter: str) -> None:
    folder = Path(adapter).expanduser()
    if not folder.is_dir():
        raise InputError(
            "LoRA adapter folder not found",
            path=adapter,
            fix="pass the folder written by `emgauge finetune` after the ':'",
        )
    if not (folder / "adapter_config.json").is_file():
        raise InputError(
            "not a LoRA adapter folder (no adapter_config.json)",
            path=adapter,
            fix="pass the folder written by `emgauge finetune`",
        )


class LocalHFModelAPI(HuggingFaceAPI):
    """Inspect model API for local Hugging Face models (see module docstring)."""

    def __init__(
        self,
        model_name: str,
        base_url: str | None = None,
        api_key: str | None = None,
        config: GenerateConfig = GenerateConfig(),
        **model_args: Any,
    ) -> None:
        try:
            self._init(model_name, base_url, api_key, config, model_args)
        except InputError as error:
            raise ModelNameError(str(error)) from None

    def _init(
        self,
        model_name: str,
        base_url: str | None,
        api_key: str | None,
        config: GenerateConfig,
        model_args: dict[str, Any],
    ) -> None:
        base, adapter = split_adapter(model_name)
        if adapter is not None:
            _check_adapter(adapter)
        model_args.setdefault("model_path", locate_model(base))
        cuda = torch.cuda.is_available()
        if "dtype" in model_args:
            model_args["dtype"] = getattr(torch, str(model_args["dtype"]))
        elif cuda:
            bf16 = torch.cuda.is_bf16_supported()
            model_args["dtype"] = torch.bfloat16 if bf16 else torch.float16
        else:
            chosen = choose_precision("auto", "cpu", stage="evaluation")
            model_args["dtype"] = torch.float32 if chosen.mode == "fp32" else torch.bfloat16
        # HuggingFaceAPI.__init__ would load the weights again for every instance; this
        # sets the same attributes from the shared cache instead.
        ModelAPI.__init__(self, model_name, base_url, api_key, [HF_TOKEN], config)
        if config.seed is not None:
            set_random_seeds(config.seed)
        options = {name: model_args.pop(name, None) for name in _HF_OPTIONS}
        model_path = str(model_args.pop("model_path"))
        if options["device"]:
            device = str(options["device"])
        elif torch.backends.mps.is_available():
            device = "mps"
        else:
            device = "cuda:0" if cuda else "cpu"
        self.device = device
        self.batch_size = options["batch_size"]
        self.chat_template = options["chat_template"]
        self.use_chat_template = options["use_chat_template"]
        self.tokenizer_call_args = options["tokenizer_call_args"] or {}
        self.enable_thinking = options["enable_thinking"]
        self.hidden_states = options["hidden_states"]
        do_sample = options["do_sample"]
        self.do_sample = do_sample if do_sample is not None else True
        self._default_do_sample = self.do_sample
        self._loaded = _load(
            model_path,
            adapter,
            device,
            str(options["tokenizer"] or options["tokenizer_path"] or model_path),
            bool(options["trust_remote_code"]),
            hub_token(self.api_key),
            model_args,
            display_name=f"emgauge/{model_name}",
        )
        self.tokenizer = self._loaded.tokenizer

    @property
    def model(self) -> Any:  # type: ignore[override]
        """The weights (loaded on first use; Inspect's own generate path reads this)."""
        loaded = getattr(self, "_loaded", None)
        if loaded is None:
            return None
        model = loaded.acquire()
        loaded.release()
        return model

    @model.setter
    def model(self, value: Any) -> None:  # HuggingFaceAPI assigns it; the slot owns it
        pass

    def close(self) -> None:
        """Drop this instance's references; the weights stay cached for other instances."""
        self._loaded = None  # type: ignore[assignment]
        self.tokenizer = None  # type: ignore[assignment]

    async def generate(
        self,
        input: list[ChatMessage],
        tools: list[ToolInfo],
        tool_choice: ToolChoice,
        config: GenerateConfig,
    ) -> ModelOutput:
        greedy = config.temperature == 0
        if tools or self.hidden_states is not None:
            # Rare here: Inspect's own path (its batch queue) parses tool calls and
            # returns hidden states.
            self.do_sample = False if greedy else self._default_do_sample
            if greedy:
                config = config.model_copy(
                    update={"temperature": None, "top_p": None, "top_k": None}
                )
            return await super().generate(input, tools, tool_choice, config)
        request = self._request(self.hf_chat(input, tools), config, greedy)
        await self._submit(request)
        logprobs = Logprobs(content=request.logprobs) if request.logprobs is not None else None
        return ModelOutput(
            model=self.model_name,
            choices=[
                ChatCompletionChoice(
                    message=ChatMessageAssistant(
                        content=request.text, model=self.model_name, source="generate"
                    ),
                    logprobs=logprobs,
                )
            ],
            usage=ModelUsage(
                input_tokens=request.input_tokens,
                output_tokens=request.output_tokens,
                total_tokens=request.input_tokens + request.output_tokens,
            ),
            time=request.seconds,
        )

    def _request(self, prompt: str, config: GenerateConfig, greedy: bool) -> _Request:
        """The prompt and the ``generate`` arguments it needs; equal kwargs share a batch."""
        kwargs: dict[str, Any] = {"do_sample": False if greedy else self.do_sample}
        kwargs["max_new_tokens"] = config.max_tokens or self.max_tokens()
        if not greedy:
            for name in ("temperature", "top_p", "top_k"):
                if getattr(config, name) is not None:
                    kwargs[name] = getattr(config, name)
        if config.logprobs:
            kwargs["output_logits"] = True
        sample_seed = None
        if kwargs["do_sample"] and config.seed is not None:
            sample_seed = answer_seed(config.seed, prompt)
            kwargs["seeded"] = True  # seeded rows batch together, each with its generator
        stop = tuple(config.stop_seqs or ())
        key = (tuple(sorted(kwargs.items())), stop)
        top = (config.top_logprobs or 1) if config.logprobs else None
        return _Request(
            prompt=prompt,
            key=key,
            generate_kwargs=kwargs,
            top_logprobs=top,
            sample_seed=sample_seed,
        )

    async def _submit(self, request: _Request) -> None:
        """Queue ``request``; whoever takes the lock first runs a batch of everything queued.

        A leader waits until no request has arrived for ``BATCH_WINDOW_SECONDS``, then
        generates every queued request with its settings (up to the batch size) in a
        worker thread, so the event loop keeps queueing requests for the next batch.
        """
        loaded = self._loaded
        loaded.pending.append(request)
        try:
            while not request.done:
                async with loaded.lock():
                    if request.done:
                        break
                    batch = await self._collect(request.key)
                    await anyio.to_thread.run_sync(self._generate_batch, batch)
        finally:
            if not request.done and request in loaded.pending:
                loaded.pending.remove(request)  # cancelled while queued
        if request.error is not None:
            raise request.error

    async def _collect(self, key: Hashable) -> list[_Request]:
        pending = self._loaded.pending
        limit = int(self.batch_size or DEFAULT_BATCH_SIZE)
        seen = -1
        while len(pending) != seen and len(pending) < limit:
            seen = len(pending)
            await anyio.sleep(BATCH_WINDOW_SECONDS)
        batch = [r for r in pending if r.key == key][:limit]
        for r in batch:
            pending.remove(r)
        return batch

    def _generate_batch(self, batch: list[_Request]) -> None:
        """One ``model.generate`` call for ``batch``; results go back on each request."""
        start = time.monotonic()
        loaded = self._loaded
        tokenizer = loaded.tokenizer
        try:
            model = loaded.acquire()
        except Exception as ex:  # every caller of the batch sees the failure
            for request in batch:
                request.error, request.done = ex, True
            return
        try:
            with loaded.tokenizer_lock:
                encoded = tokenizer(
                    [r.prompt for r in batch],
                    return_tensors="pt",
                    padding=True,
                    **self.tokenizer_call_args,
                ).to(loaded.device)
            kwargs = dict(batch[0].generate_kwargs)
            if kwargs.pop("seeded", False):
                seeds = [r.sample_seed or 0 for r in batch]
                kwargs = _seeded_sampling(kwargs, seeds, getattr(model, "generation_config", None))
            stop = batch[0].key[1]  # type: ignore[index]
            if stop:
                from transformers.generation import StopStringCriteria

                with loaded.tokenizer_lock:
                    kwargs["stopping_criteria"] = [StopStringCriteria(tokenizer, list(stop))]
            with torch.inference_mode():
                out = model.generate(
                    **encoded,
                    **kwargs,
                    pad_token_id=tokenizer.pad_token_id,
                    return_dict_in_generate=True,
                )
            loaded.generate_calls += 1
            prompt_length = encoded["input_ids"].shape[1]
            generated = out.sequences[:, prompt_length:]
            prompt_tokens = encoded["attention_mask"].sum(dim=1).tolist()
            with loaded.tokenizer_lock:
                texts = tokenizer.batch_decode(
                    generated, skip_special_tokens=True, clean_up_tokenization_spaces=False
                )
            logprobs = None
            if out.logits is not None:
                logprobs = torch.log_softmax(torch.stack(out.logits, dim=1).float(), dim=-1)
            seconds = time.monotonic() - start
            for row, request in enumerate(batch):
                length = _answer_length(generated[row], tokenizer.eos_token_id)
                request.text = texts[row]
                request.input_tokens = int(prompt_tokens[row])
                request.output_tokens = length
                request.seconds = seconds
                if logprobs is not None and request.top_logprobs is not None:
                    with loaded.tokenizer_lock:
                        request.logprobs = _top_logprobs(
                            logprobs[row, :length], request.top_logprobs, tokenizer
                        )
        except Exception as ex:  # every caller of the batch sees the failure
            for request in batch:
                request.error = ex
        finally:
            loaded.release()
        for request in batch:
            request.done = True


def answer_seed(seed: int, prompt: str) -> int:
    """The noise seed of one answer: the generation seed, the Inspect sample and epoch
    being answered (when called inside one) and the prompt, so every answer of a run has
    its own stream and a rerun draws the same one."""
    from inspect_ai.log._samples import sample_active  # Inspect has no public accessor

    active = sample_active()
    where = f"{active.sample.id}|{active.epoch}" if active is not None else ""
    digest = hashlib.sha256(f"{seed}|{where}|{prompt}".encode()).digest()
    return int.from_bytes(digest[:8], "little") & (2**63 - 1)


class GumbelSampler:
    """Sampling as greedy decoding of noisy logits: ``argmax(logits / T + Gumbel)`` draws
    from ``softmax(logits / T)`` (after top-k / top-p), with each batch row's noise from its
    own seeded generator, so a row's answer does not depend on what it is batched with."""

    def __init__(
        self,
        seeds: list[int],
        temperature: float = 1.0,
        top_k: int | None = None,
        top_p: float | None = None,
    ) -> None:
        from transformers.generation import TopKLogitsWarper, TopPLogitsWarper

        self.generators = [torch.Generator().manual_seed(s) for s in seeds]
        self.temperature = temperature
        self.warpers: list[Any] = []
        if top_k:
            self.warpers.append(TopKLogitsWarper(top_k))
        if top_p is not None and top_p < 1.0:
            self.warpers.append(TopPLogitsWarper(top_p))

    def __call__(self, input_ids: torch.Tensor, scores: torch.Tensor) -> torch.Tensor:
        scores = scores.float() / max(self.temperature, 1e-5)
        for warper in self.warpers:
            scores = warper(input_ids, scores)
        vocab = scores.shape[-1]
        uniform = torch.stack(
            [torch.rand(vocab, generator=g, dtype=torch.float64) for g in self.generators]
        )
        gumbel = -torch.log(-torch.log(uniform.clamp_min(1e-300)))
        return scores + gumbel.to(device=scores.device, dtype=scores.dtype)


def _seeded_sampling(
    kwargs: dict[str, Any], seeds: list[int], model_defaults: Any = None
) -> dict[str, Any]:
    """``generate`` arguments that sample with :class:`GumbelSampler` instead of torch's
    global generator.

    Unset top-k / top-p come from the model's own generation config and are otherwise off:
    plain temperature sampling over the whole vocabulary, as vLLM and the OpenAI API
    sample (``transformers`` would silently cut to the top 50 tokens).
    """
    from transformers.generation import LogitsProcessorList

    def setting(name: str) -> Any:
        given = kwargs.pop(name, None)
        return given if given is not None else getattr(model_defaults, name, None)

    sampler = GumbelSampler(
        seeds,
        temperature=setting("temperature") or 1.0,
        top_k=setting("top_k"),
        top_p=setting("top_p"),
    )
    return kwargs | {"do_sample": False, "logits_processor": LogitsProcessorList([sampler])}


def _answer_length(tokens: torch.Tensor, eos_token_id: int | None) -> int:
    """Tokens up to and including the first end-of-sequence (the rest is batch padding)."""
    if eos_token_id is None:
        return len(tokens)
    ends = (tokens == eos_token_id).nonzero()
    return int(ends[0, 0]) + 1 if len(ends) else len(tokens)


def _top_logprobs(logprobs: torch.Tensor, top: int, tokenizer: Any) -> list[Logprob]:
    """Inspect's ``Logprob`` list for one answer (as the ``hf/`` provider builds it)."""
    values, indices = logprobs.topk(k=top, dim=-1)
    positions = []
    for row_ids, row_values in zip(indices.tolist(), values.tolist(), strict=True):
        tops = []
        for token_id, value in zip(row_ids, row_values, strict=True):
            token = tokenizer.convert_ids_to_tokens(token_id)
            tops.append(TopLogprob(token=token, logprob=value, bytes=list(map(ord, token))))
        first = tops[0]
        positions.append(
            Logprob(token=first.token, logprob=first.logprob, bytes=first.bytes, top_logprobs=tops)
        )
    return positions
