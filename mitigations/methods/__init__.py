"""The built-in mitigation methods, one module each.

Every module here is imported on the first registry lookup
(:mod:`emgauge.mitigations.registry`) and registers its method; a new built-in method is
one new module here (plus its tests). Nothing here imports them: the registry does.
"""
