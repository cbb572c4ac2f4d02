"""Inspect entry point: registers emgauge's tasks and the ``emgauge/`` model providers."""

# ruff: noqa: F401
from inspect_ai.model import ModelAPI, modelapi

from emgauge.evals.emergent_misalignment.task import career, em, general, healthcare, legal


@modelapi(name="emgauge")
def emgauge_provider() -> type[ModelAPI]:
    """Local HF models: ``emgauge/smollm2``, ``emgauge/<folder>``, ``emgauge/<base>:<adapter>``."""
    from emgauge.provider import LocalHFModelAPI

    return LocalHFModelAPI


@modelapi(name="emgauge-readout")
def emgauge_readout_provider() -> type[ModelAPI]:
    """Read-out judges: ``emgauge-readout/smollm2`` or ``emgauge-readout/<file.safetensors>``."""
    from emgauge.judges.readout_provider import ReadoutModelAPI

    return ReadoutModelAPI
