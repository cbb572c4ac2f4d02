"""A fine-tuned adapter folder as others read it: its manifest (:func:`adapter_info`) and
a full model with the adapter folded in (:func:`merge_adapter`, for providers that load
plain model folders, such as Inspect's ``hf/``)."""

from __future__ import annotations

import json
import warnings
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from emgauge.errors import InputError
from emgauge.files import atomic_write_json, check_output_dir, staged_directory

#: The files of an adapter folder written by :func:`emgauge.finetune.finetune`.
MANIFEST = "manifest.json"
ADAPTER_WEIGHTS = "adapter_model.safetensors"
ADAPTER_CONFIG = "adapter_config.json"
#: Where ``emgauge finetune --merge`` writes the merged model, inside the adapter folder.
MERGED_SUBDIR = "merged"


def adapter_info(adapter_dir: str | Path) -> dict[str, Any]:
    """The manifest written by :func:`emgauge.finetune.finetune` (or :func:`merge_adapter`)."""
    path = Path(adapter_dir) / MANIFEST
    if not path.is_file():
        raise InputError(
            "not an emgauge fine-tuning output (no manifest.json)",
            path=adapter_dir,
            fix="pass a directory written by `emgauge finetune`",
        )
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        raise InputError(f"manifest is not valid JSON ({error.msg})", path=path) from error


def merge_adapter(adapter_dir: str | Path, out_dir: str | Path, *, force: bool = False) -> Path:
    """Fold the LoRA adapter into its base and write a full model folder to ``out_dir``.

    The folder loads with ``AutoModelForCausalLM.from_pretrained`` (and so with Inspect's
    ``hf/`` provider) and holds the tokenizer and a ``manifest.json`` pointing back at the
    adapter. Merging runs on CPU in the base model's stored precision.
    """
    from peft import PeftModel

    from emgauge.models import load_model_and_tokenizer

    adapter_dir = Path(adapter_dir)
    out_dir = Path(out_dir)
    if not (adapter_dir / ADAPTER_CONFIG).is_file():
        raise InputError(
            f"no {ADAPTER_CONFIG} found", path=adapter_dir, fix="pass an adapter directory"
        )
    check_output_dir(out_dir, force=force)
    info = adapter_info(adapter_dir) if (adapter_dir / MANIFEST).is_file() else {}
    base_config = json.loads((adapter_dir / ADAPTER_CONFIG).read_text(encoding="utf-8"))
    base = info.get("base_model_path") or base_config.get("base_model_name_or_path")
    if not base:
        raise InputError("adapter names no base model", path=adapter_dir / ADAPTER_CONFIG)
    model, tokenizer = load_model_and_tokenizer(str(base), device="cpu")
    with warnings.catch_warnings():  # see attach_lora
        warnings.filterwarnings("ignore", "`is_gradient_checkpointing`", FutureWarning)
        merged = PeftModel.from_pretrained(model, str(adapter_dir)).merge_and_unload()
    manifest = {
        "kind": "emgauge.merged",
        "format_version": 1,
        "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "adapter_dir": str(adapter_dir.resolve()),
        "base_model_path": str(base),
        "finetune": info,
    }
    with staged_directory(out_dir, force=force) as scratch:
        merged.save_pretrained(str(scratch))
        tokenizer.save_pretrained(str(scratch))
        atomic_write_json(scratch / MANIFEST, manifest)
    return out_dir
