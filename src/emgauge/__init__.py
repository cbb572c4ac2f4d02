"""emgauge: measure emergent misalignment and rank data-filtering mitigations against it."""

__version__ = "0.1.0"
