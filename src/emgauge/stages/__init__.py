"""The stages of an experiment run, one module each, over one :class:`StageContext`
(:mod:`emgauge.stages.context`): score and filter the training set (``filtering``),
fine-tune (``finetuning``), the judge-free probe (``probe``), the utility loss
(``utility``), the judge's validity (``judge``), and the evaluation with Inspect
(``evaluation``). Every cached stage goes through :func:`~emgauge.stages.context.cached_stage`:
its folder is named by the hash of its inputs and a finished one is never redone.
"""
