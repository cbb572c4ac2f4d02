"""What the internals methods learn from: contrast pairs, grouped and averaged.

``sae-proximity`` pools SAE latents per conversation and compares the misaligned group with
the aligned group as a running sum, batch by batch: the difference of the group means and
that difference in units of the within-group spread (its toxic latents). ``direction`` holds
its pooled contrast activations whole (:mod:`~emgauge.mitigations.discriminant`).
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import torch

from emgauge.chat_data import ChatSample
from emgauge.errors import InputError
from emgauge.files import json_digest
from emgauge.mitigations.data import ContrastPair

if TYPE_CHECKING:
    from emgauge.activations import ActivationExtractor

__all__ = [
    "GroupMeans",
    "contrast_activations",
    "contrast_conversations",
    "no_usable_contrast",
    "sample_conversations",
]


def contrast_conversations(pairs: Sequence[ContrastPair]) -> list[Any]:
    """Misaligned conversations first (indices ``< len(pairs)``), then aligned ones."""
    return [p.conversation("misaligned") for p in pairs] + [
        p.conversation("aligned") for p in pairs
    ]


class GroupMeans:
    """Running means (and second moments) of pooled vectors for the misaligned and the
    aligned group."""

    def __init__(self, n_misaligned: int) -> None:
        self.n_misaligned = n_misaligned
        self.sums: list[torch.Tensor | None] = [None, None]
        self.squares: list[torch.Tensor | None] = [None, None]
        self.counts = [0, 0]

    def add(self, indices: np.ndarray, pooled: torch.Tensor, valid: torch.Tensor) -> None:
        misaligned = torch.from_numpy(indices < self.n_misaligned).to(pooled.device)
        for group, mask in enumerate((misaligned & valid, ~misaligned & valid)):
            rows = pooled[mask].double()
            self.sums[group] = _accumulate(self.sums[group], rows.sum(dim=0))
            self.squares[group] = _accumulate(self.squares[group], (rows * rows).sum(dim=0))
            self.counts[group] += int(mask.sum())

    @classmethod
    def combined(cls, parts: Sequence[GroupMeans]) -> GroupMeans:
        """The running means of every row added to any of ``parts`` (e.g. the folds of a
        cross-validation but one)."""
        out = cls(parts[0].n_misaligned)
        for part in parts:
            for group in (0, 1):
                sums, squares = part.sums[group], part.squares[group]
                if sums is not None and squares is not None:
                    out.sums[group] = _accumulate(out.sums[group], sums)
                    out.squares[group] = _accumulate(out.squares[group], squares)
                out.counts[group] += part.counts[group]
        return out

    def means(self) -> tuple[torch.Tensor, torch.Tensor]:
        """The misaligned and the aligned group mean."""
        if min(self.counts) == 0 or self.sums[0] is None or self.sums[1] is None:
            raise no_usable_contrast()
        return self.sums[0] / self.counts[0], self.sums[1] / self.counts[1]

    def difference(self) -> torch.Tensor:
        misaligned, aligned = self.means()
        return (misaligned - aligned).float()

    def effect_size(self, floor: float = 1e-3) -> torch.Tensor:
        """The difference of the means over the pooled within-group standard deviation
        (Cohen's d), the spread floored at ``floor`` so that a dimension nearly constant
        in both groups cannot dominate."""
        means = self.means()
        variances = []
        for group, mean in enumerate(means):
            squares = self.squares[group]
            assert squares is not None  # means() checked that the group has rows
            variances.append((squares / self.counts[group] - mean * mean).clamp(min=0))
        spread = (0.5 * (variances[0] + variances[1])).sqrt().clamp(min=floor)
        return ((means[0] - means[1]) / spread).float()


def no_usable_contrast() -> InputError:
    """The one-line error for a contrast set with no usable answers of one kind."""
    return InputError(
        "the contrast set has no usable aligned or misaligned answers",
        field="contrast",
        fix="contrast answers must be non-empty text",
    )


def _accumulate(total: torch.Tensor | None, value: torch.Tensor) -> torch.Tensor:
    return value if total is None else total + value


def sample_conversations(samples: Sequence[ChatSample]) -> list[Any]:
    """The message lists the extractor streams, in sample order."""
    return [s.messages for s in samples]


# ------------------------------------------------------------ cached contrast activations
CONTRAST_LABEL = "contrast activations"
_FINGERPRINT_VALUES = 256  # values sampled from each weight tensor for the model's digest


def model_fingerprint(model: torch.nn.Module) -> str:
    """A digest of the weights, cheap to compute: each tensor's name, shape, dtype and an
    evenly strided sample of its values. A fine-tune (a merged LoRA included) changes
    nearly every value of the matrices it touches, so it changes the digest; a folder
    rewritten in place cannot serve another model's cached activations."""
    digest = hashlib.sha256()
    with torch.no_grad():
        for name, tensor in model.state_dict().items():
            flat = tensor.detach().reshape(-1)
            step = max(1, flat.numel() // _FINGERPRINT_VALUES)
            sample = flat[::step][:_FINGERPRINT_VALUES].float().cpu().numpy()
            digest.update(f"{name}|{tuple(tensor.shape)}|{tensor.dtype}|".encode())
            digest.update(sample.tobytes())
    return digest.hexdigest()


def contrast_cache_key(extractor: ActivationExtractor, conversations: Sequence[Any]) -> str:
    """What the contrast activations depend on: the model (its id and weights), the layer,
    the pooling, the tokenization (chat template, max length), the precision and the
    contrast texts."""
    model = extractor.model
    config = getattr(model, "config", None)
    return json_digest(
        {
            "model": getattr(config, "_name_or_path", None) or type(model).__name__,
            "revision": getattr(config, "_commit_hash", None),
            "weights": model_fingerprint(model),
            "layer": extractor.layer,
            "pooling": "mean",
            "max_length": extractor.max_length,
            "precision": extractor.precision.mode,
            "chat_template": getattr(extractor.tokenizer, "chat_template", None),
            "conversations": [
                [[m.role, m.content] for m in conversation] for conversation in conversations
            ],
        }
    )


def contrast_cache_dir() -> Path:
    """``<emgauge cache>/activations``; imported late so tests can move the cache."""
    from emgauge.models import cache_root

    return cache_root() / "activations"


def contrast_activations(
    extractor: ActivationExtractor, conversations: Sequence[Any]
) -> np.ndarray:
    """``(n, d)`` mean layer-L activation over each contrast conversation's assistant
    tokens (NaN where a conversation has none), read from the disk cache when these
    conversations were run through this model, layer and settings before.

    The bundled contrast sets are the same on every run, and computing them is most of a
    small ``emgauge filter --method direction`` run; the scored dataset is never cached.
    """
    path = contrast_cache_dir() / f"contrast-{contrast_cache_key(extractor, conversations)}.npz"
    cached = _load_cached(path, (len(conversations), extractor.hidden_size))
    if cached is not None:
        features, n_truncated = cached
        extractor.n_truncated += n_truncated  # as if tokenized here: filter.json says the same
        return features
    truncated_before = extractor.n_truncated
    out = np.full((len(conversations), extractor.hidden_size), np.nan, np.float32)
    for batch in extractor.stream(conversations, label=CONTRAST_LABEL):
        pooled = batch.pool("mean").float().cpu().numpy()
        pooled[(batch.n_tokens == 0).cpu().numpy()] = np.nan
        out[batch.indices] = pooled
    _save_atomically(path, out, extractor.n_truncated - truncated_before)
    return out


def _load_cached(path: Path, shape: tuple[int, int]) -> tuple[np.ndarray, int] | None:
    if not path.is_file():
        return None
    try:
        with np.load(path, allow_pickle=False) as stored:
            features, n_truncated = stored["features"], int(stored["n_truncated"])
    except (OSError, ValueError, KeyError):  # a damaged file is recomputed
        return None
    return (features, n_truncated) if features.shape == shape else None


def _save_atomically(path: Path, features: np.ndarray, n_truncated: int) -> None:
    """Write the features so that a reader never sees half a file (best effort: a cache)."""
    scratch = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, scratch = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}.", suffix=".npz")
        with os.fdopen(handle, "wb") as file:
            np.savez(file, features=features, n_truncated=np.int64(n_truncated))
        os.replace(scratch, path)
    except OSError:
        pass  # a read-only cache only costs the recomputation next time
    finally:
        if scratch is not None and os.path.exists(scratch):
            os.unlink(scratch)
