from emgauge.evals.emergent_misalignment.task import career, em, general, healthcare, legal

__all__ = ["career", "em", "general", "healthcare", "legal"]
