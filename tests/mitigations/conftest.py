"""Shared fixtures: fixture files, the embedded model loaded once, a tiny SAE trained once."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from mitigation_fixtures import CONTRAST, write_contrast, write_dataset

TINY_LAYER = 15
TINY_TRAINING = {
    "d_sae": 1152,
    "k": 16,
    "training_tokens": 4096,
    "context_size": 64,
    "train_batch_size_tokens": 256,
}


@pytest.fixture(scope="session")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("mitigation-data")
    write_contrast(root / "contrast.jsonl")
    write_dataset(root / "dataset.jsonl")
    write_dataset(root / "unlabelled.jsonl", labelled=False)
    return root


@pytest.fixture(scope="session")
def contrast_file(data_dir: Path) -> Path:
    return data_dir / "contrast.jsonl"


@pytest.fixture(scope="session")
def dataset_file(data_dir: Path) -> Path:
    return data_dir / "dataset.jsonl"


@pytest.fixture(scope="session")
def model_and_tokenizer():
    from emgauge.models import load_model_and_tokenizer

    return load_model_and_tokenizer("smollm2", device="cpu")


@pytest.fixture
def shared_model(monkeypatch: pytest.MonkeyPatch, model_and_tokenizer):
    """Make every load of the embedded model in the test return the session's copy."""
    import emgauge.models

    def load(name: str, **_: object):
        assert name == "smollm2", name
        return model_and_tokenizer

    monkeypatch.setattr(emgauge.models, "load_model_and_tokenizer", load)
    return model_and_tokenizer


@pytest.fixture(scope="session")
def sae_cache(tmp_path_factory: pytest.TempPathFactory, data_dir: Path) -> Iterator[Path]:
    """A private SAE cache in which the default SAE is tiny and trained on the fixtures."""
    import emgauge.mitigations.sae_training as sae_module

    cache = tmp_path_factory.mktemp("emgauge-cache")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(sae_module, "cache_root", lambda: cache)
        patch.setattr(sae_module, "DEFAULT_TRAINING", dict(TINY_TRAINING))
        patch.setattr(
            sae_module,
            "default_text_paths",
            lambda: [data_dir / "contrast.jsonl", data_dir / "dataset.jsonl"],
        )
        yield cache


@pytest.fixture(scope="session")
def tiny_sae_dir(sae_cache: Path) -> Path:
    """The tiny SAE, trained offline on first use through the default path."""
    from emgauge.mitigations.sae_training import ensure_trained_sae

    return ensure_trained_sae("smollm2", TINY_LAYER, progress=False)


__all__ = ["CONTRAST"]
