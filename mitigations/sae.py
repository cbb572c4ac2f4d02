"""Sparse autoencoders for ``sae-proximity``, all through sae-lens.

Three sources:

* **published** SAEs by ``RELEASE:ID`` (Gemma Scope, Llama Scope, ...), loaded with
  ``SAE.from_pretrained(release, sae_id)`` from the local Hugging Face cache or the network;
* SAEs **saved on disk** (a folder with ``cfg.json`` and ``sae_weights.safetensors``),
  loaded with ``SAE.load_from_disk``;
* SAEs **trained here** with sae-lens on local text, for models that have none, such as
  the embedded SmolLM2 (:mod:`emgauge.mitigations.sae_training`); they are folders on disk
  like the previous kind.

Only residual-stream SAEs are supported: the hook must be the output of a decoder layer
(``model.layers.L`` as sae-lens names Hugging Face modules, or TransformerLens
``blocks.L.hook_resid_post``; ``blocks.L.hook_resid_pre`` is read as the output of layer
``L - 1``). The SAE's input width must equal the model's hidden size.
"""

from __future__ import annotations

import contextlib
import functools
import json
import logging
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from emgauge.errors import InputError
from emgauge.files import atomic_write_json, load_yaml
from emgauge.models import cache_root

if TYPE_CHECKING:
    from sae_lens import SAE

__all__ = [
    "SAE_CFG_FILE",
    "TRAINING_INFO_FILE",
    "LoadedSAE",
    "check_sae_fits",
    "hook_layer",
    "load_sae",
    "sae_summary",
]

TRAINING_INFO_FILE = "emgauge_sae.json"
SAE_CFG_FILE = "cfg.json"

_HF_LAYER = re.compile(r"(?:^|\.)layers\.(\d+)$")
_TL_RESID = re.compile(r"^blocks\.(\d+)\.hook_resid_(pre|post)$")


@dataclass
class LoadedSAE:
    """An SAE and where it came from.

    Attributes:
        sae: the sae-lens SAE (inference class), on CPU unless moved.
        source: ``"disk:<path>"``, ``"pretrained:<release>:<id>"`` or ``"trained:<path>"``.
        hook_name: the activation it reads (from its metadata).
        layer: decoder layer whose output it reads.
    """

    sae: SAE[Any]
    source: str
    hook_name: str
    layer: int

    @property
    def d_in(self) -> int:
        return int(self.sae.cfg.d_in)

    @property
    def d_sae(self) -> int:
        return int(self.sae.cfg.d_sae)

    def describe(self) -> dict[str, Any]:
        meta = self.sae.cfg.metadata
        return {
            "source": self.source,
            "architecture": self.sae.cfg.architecture(),
            "hook_name": self.hook_name,
            "layer": self.layer,
            "d_in": self.d_in,
            "d_sae": self.d_sae,
            "model_name": meta.get("model_name"),
        }


def hook_layer(hook_name: str | None) -> int:
    """Decoder layer whose *output* a residual-stream hook reads; InputError otherwise."""
    if hook_name:
        match = _HF_LAYER.search(hook_name)
        if match:
            return int(match.group(1))
        match = _TL_RESID.match(hook_name)
        if match:
            layer = int(match.group(1))
            if match.group(2) == "post":
                return layer
            if layer >= 1:
                return layer - 1
    raise InputError(
        f"the SAE reads hook {hook_name!r}, which is not the output of a decoder layer",
        field="sae",
        fix="use a residual-stream SAE (model.layers.L, blocks.L.hook_resid_post/pre)",
    )


def import_sae_class() -> Any:
    logging.getLogger("sae_lens").setLevel(logging.WARNING)
    from sae_lens import SAE

    return SAE


def load_sae(spec: str, *, device: str = "cpu") -> LoadedSAE:
    """Load an SAE from a folder on disk or a ``RELEASE:ID`` of a published release."""
    path = Path(spec).expanduser()
    if path.is_dir():
        if not (path / SAE_CFG_FILE).is_file():
            raise InputError(
                f"{SAE_CFG_FILE} not found in the SAE folder",
                path=path,
                field="sae",
                fix="pass a folder written by sae.save_model(...) or `emgauge sae train`",
            )
        SAE = import_sae_class()  # seconds to import: only once the spec is known good
        try:
            sae = SAE.load_from_disk(str(path), device=device)
        except Exception as error:  # sae-lens raises many kinds on a bad folder
            raise InputError(
                f"cannot load the SAE: {first_error_line(error)}", path=path, field="sae"
            ) from error
        source = f"trained:{path}" if (path / TRAINING_INFO_FILE).is_file() else f"disk:{path}"
    elif ":" in spec and not path.exists():
        release, sae_id = spec.split(":", 1)
        if not release or not sae_id:
            raise InputError(f"--sae {spec!r} is not RELEASE:ID", field="sae")
        _check_release(release, sae_id)
        SAE = import_sae_class()
        try:
            sae = SAE.from_pretrained(release, sae_id, device=device)
        except Exception as error:
            raise InputError(
                f"cannot load published SAE {release}:{sae_id}: {first_error_line(error)}",
                field="sae",
                fix="it must be in your Hugging Face cache or downloadable; "
                "or pass a folder saved on disk",
            ) from error
        source = f"pretrained:{release}:{sae_id}"
    else:
        raise InputError(
            f"--sae {spec!r} is neither an SAE folder nor RELEASE:ID",
            field="sae",
            fix="pass a folder with cfg.json, or e.g. gemma-scope-2b-pt-res-canonical:"
            "layer_12/width_16k/canonical",
        )
    hook_name = str(sae.cfg.metadata.get("hook_name") or "")
    return LoadedSAE(
        sae=sae.eval(), source=source, hook_name=hook_name, layer=hook_layer(hook_name)
    )


@functools.cache
def pretrained_releases() -> dict[str, dict[str, Any]]:
    """sae-lens' pretrained SAE releases (``pretrained_saes.yaml``, the file its
    ``get_pretrained_saes_directory`` reads): release -> ``repo_id``, ``model`` and
    ``sae_ids``. Read from the installed package's data file without importing sae-lens,
    which takes seconds, so that a bad ``--sae`` is refused at once."""
    import importlib.util

    spec = importlib.util.find_spec("sae_lens")
    if spec is None or spec.origin is None:
        raise InputError(
            "pretrained SAE releases need sae-lens, which is not installed",
            field="sae",
            fix="pip install sae-lens, or pass an SAE folder on disk",
        )
    source = Path(spec.origin).parent / "pretrained_saes.yaml"
    stat = source.stat()
    # The YAML (thousands of ids) takes a second to parse; its digest, kept in the cache as
    # JSON, milliseconds. Keyed by the file's size and mtime: a new sae-lens makes a new one.
    digest = cache_root() / "sae-releases" / f"{stat.st_size}-{stat.st_mtime_ns}.json"
    try:
        return json.loads(digest.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        pass
    releases = {
        release: {
            "repo_id": value["repo_id"],
            "model": value["model"],
            "sae_ids": [str(sae["id"]) for sae in value.get("saes", [])],
        }
        for release, value in load_yaml(source.read_text(encoding="utf-8")).items()
    }
    with contextlib.suppress(OSError):  # a read-only cache only costs the next call time
        digest.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_json(digest, releases)
    return releases


def _check_release(release: str, sae_id: str) -> None:
    directory = pretrained_releases()
    if release in directory:
        ids = directory[release]["sae_ids"]
        if sae_id not in ids:
            sample = ", ".join(list(ids)[:3])
            raise InputError(
                f"release {release!r} has no SAE {sae_id!r}",
                field="sae",
                fix=f"ids look like: {sample} (see `emgauge sae info {release}`)",
            )
    elif "/" not in release:
        raise InputError(
            f"unknown SAE release {release!r}",
            field="sae",
            fix="see sae-lens' pretrained_saes.yaml for releases, or pass a folder on disk",
        )


def check_sae_fits(loaded: LoadedSAE, *, hidden_size: int, num_layers: int) -> None:
    """The SAE must read a layer the model has, at the model's hidden size."""
    if loaded.d_in != hidden_size:
        raise InputError(
            f"SAE width d_in={loaded.d_in} does not match the model's hidden size {hidden_size}",
            field="sae",
            fix="use an SAE trained on this model",
        )
    if not 0 <= loaded.layer < num_layers:
        raise InputError(
            f"SAE layer {loaded.layer} is out of range for a model with {num_layers} layers",
            field="sae",
            fix="use an SAE trained on this model",
        )


def first_error_line(error: BaseException) -> str:
    text = str(error).strip().splitlines()
    return text[0] if text else type(error).__name__


def sae_summary(spec: str) -> dict[str, Any]:
    """What ``emgauge sae info`` prints: an SAE folder, ``RELEASE:ID`` or a release's ids."""
    path = Path(spec).expanduser()
    if not path.exists() and ":" not in spec:
        directory = pretrained_releases()
        if spec not in directory:
            raise InputError(
                f"{spec!r} is neither an SAE folder, RELEASE:ID, nor a known release",
                field="sae",
            )
        lookup = directory[spec]
        return {
            "release": spec,
            "repo_id": lookup["repo_id"],
            "model": lookup["model"],
            "n_saes": len(lookup["sae_ids"]),
            "sae_ids": lookup["sae_ids"],
        }
    loaded = load_sae(spec)
    summary = loaded.describe()
    cfg = loaded.sae.cfg
    summary["dtype"] = cfg.dtype
    for key in ("k", "normalize_activations"):
        if hasattr(cfg, key):
            summary[key] = getattr(cfg, key)
    if path.is_dir() and (path / TRAINING_INFO_FILE).is_file():
        summary["training"] = json.loads((path / TRAINING_INFO_FILE).read_text())
    return summary
