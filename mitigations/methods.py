"""Importing this module registers the built-in methods."""

from emgauge.mitigations.heuristic import HeuristicMitigation, RandomMitigation
from emgauge.mitigations.internals import DirectionMitigation, SAEProximityMitigation
from emgauge.mitigations.judge import HeuristicJudgeMitigation
from emgauge.mitigations.readout import ReadoutMitigation

#: Order of ``emgauge filter --list`` and of ``--compare`` without ``--methods``.
BUILTIN_ORDER = (
    "random",
    "heuristic",
    "heuristic-judge",
    "direction",
    "sae-proximity",
    "readout",
)

__all__ = [
    "BUILTIN_ORDER",
    "RandomMitigation",
    "HeuristicMitigation",
    "HeuristicJudgeMitigation",
    "SAEProximityMitigation",
    "DirectionMitigation",
    "ReadoutMitigation",
]
