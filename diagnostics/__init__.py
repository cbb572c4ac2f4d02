"""Diagnostics: where and how a model represents misalignment, and how fine-tuning moves it.

Measures of the mechanism behind emergent misalignment (arXiv 2507.03662), computed from
the same contrast pairs, activation extractor and probe pairs the filters and the
preference probe use (see ``diagnostics/README.md`` for each definition):

* :mod:`emgauge.diagnostics.direction_by_layer`: the misaligned-minus-aligned direction at
  every layer, its held-out separability and whether the domains share it;
* :mod:`emgauge.diagnostics.erosion`: how far fine-tuned checkpoints moved along the base
  model's direction, per layer, in-domain and on general prompts.

``emgauge diagnose`` (:mod:`emgauge.diagnostics.cli`) runs them and writes a JSON report
and plots.
"""
