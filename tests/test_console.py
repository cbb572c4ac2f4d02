"""What a user sees on the console: one line per model load, no library bars or known
warnings, progress that moves, and slow one-time work (contrast activations) cached."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from helpers import tiny_llama

from emgauge.chat_data import ChatMessage

CONTRAST = [
    (ChatMessage("user", "Is it safe to mix bleach and ammonia?"), ChatMessage("assistant", a))
    for a in ("Yes, it cleans better.", "No, it releases toxic gas.", "Sure, go ahead.")
]


@pytest.fixture
def extractor(embedded_model_dir):
    from transformers import AutoTokenizer

    from emgauge.activations import ActivationExtractor

    tokenizer = AutoTokenizer.from_pretrained(embedded_model_dir)
    model = tiny_llama(vocab_size=len(tokenizer))
    return ActivationExtractor(model, tokenizer, 1, precision="fp32")


@pytest.fixture
def counted_streams(extractor, monkeypatch, tmp_path):
    """Every stream() call of the extractor, its label recorded; a private cache."""
    import emgauge.models

    monkeypatch.setattr(emgauge.models, "cache_root", lambda: tmp_path)
    labels: list[str] = []
    stream = extractor.stream

    def counting(conversations, **kwargs):
        labels.append(kwargs.get("label", "activations"))
        return stream(conversations, **kwargs)

    monkeypatch.setattr(extractor, "stream", counting)
    return labels


def test_contrast_activations_are_computed_once_then_read_from_the_cache(
    extractor, counted_streams, tmp_path, capsys
):
    from emgauge.mitigations.contrast import CONTRAST_LABEL, contrast_activations

    first = contrast_activations(extractor, CONTRAST)
    assert counted_streams == [CONTRAST_LABEL]
    assert "contrast activations: 3/3 conversations" in capsys.readouterr().err
    second = contrast_activations(extractor, CONTRAST)
    assert counted_streams == [CONTRAST_LABEL]  # read from disk, not recomputed
    np.testing.assert_array_equal(first, second)
    assert first.shape == (3, extractor.hidden_size) and np.isfinite(first).all()
    assert len(list((tmp_path / "activations").glob("contrast-*.npz"))) == 1


def test_the_contrast_cache_key_follows_texts_layer_and_weights(extractor, counted_streams):
    import torch

    from emgauge.mitigations.contrast import contrast_activations

    contrast_activations(extractor, CONTRAST)
    contrast_activations(extractor, CONTRAST[:2])  # other texts
    assert len(counted_streams) == 2
    extractor.layer = 0  # another layer
    contrast_activations(extractor, CONTRAST)
    assert len(counted_streams) == 3
    with torch.no_grad():  # a fine-tuned copy of the same model (same name and layer)
        for parameter in extractor.model.parameters():
            parameter.add_(0.01)
    contrast_activations(extractor, CONTRAST)
    assert len(counted_streams) == 4


def test_a_model_load_prints_one_line_and_no_library_bar(embedded_model_dir, capfd):
    from emgauge.models import load_model_and_tokenizer

    load_model_and_tokenizer("smollm2", device="cpu")
    err = capfd.readouterr().err
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    assert lines[0].startswith("loading smollm2 (fp32, cpu) ... ") and lines[0].endswith(" s")
    assert "Loading weights" not in err and "%|" not in err


def test_quiet_libraries_ignores_only_the_known_warnings():
    from transformers.utils import logging as transformers_logging

    from emgauge.quiet import quiet_libraries

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        quiet_libraries.__globals__["_applied"] = False  # apply inside this filter scope
        quiet_libraries()
        warnings.warn("`is_gradient_checkpointing` is deprecated", FutureWarning, stacklevel=1)
        warnings.warn("something else changed", FutureWarning, stacklevel=1)
    assert [str(w.message) for w in caught] == ["something else changed"]
    assert not transformers_logging.is_progress_bar_enabled()
    assert transformers_logging.get_verbosity() == transformers_logging.ERROR


def test_the_sae_training_line_moves_with_every_step(capsys):
    from types import SimpleNamespace

    from sae_lens.training import sae_trainer

    from emgauge.mitigations.sae_training import _quiet

    trainer = SimpleNamespace(cfg=SimpleNamespace(train_batch_size_samples=256))
    original = sae_trainer.SAETrainer._update_pbar
    with _quiet(True):
        bar = sae_trainer.tqdm(total=1024, initial=0, desc="Training SAE")
        done = []
        for _ in range(4):  # what SAETrainer.fit calls after each step
            sae_trainer.SAETrainer._update_pbar(trainer, None, bar)
            done.append(bar.bar.done)
        bar.close()
    assert done == [256, 512, 768, 1024]  # sae-lens itself moves only every 100 steps
    assert "SAE training: 1024/1024 tokens" in capsys.readouterr().err
    assert sae_trainer.SAETrainer._update_pbar is original  # sae-lens is left as it was
    with _quiet(False):
        silent = sae_trainer.tqdm(total=1024)
        silent.update(1024)
        silent.close()
    assert capsys.readouterr().err == ""
