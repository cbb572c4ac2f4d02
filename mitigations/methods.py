"""Importing this module registers the built-in methods, one module per method."""

from emgauge.mitigations.direction import DirectionMitigation
from emgauge.mitigations.gradient import GradientMitigation
from emgauge.mitigations.heuristic import HeuristicMitigation
from emgauge.mitigations.heuristic_judge import HeuristicJudgeMitigation
from emgauge.mitigations.random import RandomMitigation
from emgauge.mitigations.readout import ReadoutMitigation
from emgauge.mitigations.sae_proximity import SAEProximityMitigation

#: Order of ``emgauge filter --list`` and of ``--compare`` without ``--methods``.
BUILTIN_ORDER = (
    "random",
    "heuristic",
    "heuristic-judge",
    "direction",
    "sae-proximity",
    "readout",
    "gradient",
)

__all__ = [
    "BUILTIN_ORDER",
    "RandomMitigation",
    "HeuristicMitigation",
    "HeuristicJudgeMitigation",
    "SAEProximityMitigation",
    "DirectionMitigation",
    "ReadoutMitigation",
    "GradientMitigation",
]
