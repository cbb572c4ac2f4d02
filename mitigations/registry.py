"""The registry of mitigation methods, and ``FilterOptions``, every method's options.

A method registers itself: its module decorates its class with :func:`register_method`.
The registry finds the modules on the first lookup (:func:`method_names`,
:func:`get_method_class`, :func:`create_method`, ``FilterOptions``), by importing

* every module of the package :mod:`emgauge.mitigations.methods` (the built-in methods,
  one file each), and
* every entry point of the group ``emgauge.mitigations`` (methods of other packages; the
  entry point names a module, or the method class itself)::

      [project.entry-points."emgauge.mitigations"]
      my-method = "my_package.my_method"

So a new method is one new file (plus its tests): nothing else names it. The finding is
:class:`emgauge.plugins.PluginRegistry`'s: modules are imported by name, never by an
``import`` statement, so the methods, which import this module, and this module form no
import cycle.

``FilterOptions`` is :class:`~emgauge.mitigations.base.MethodOptions` plus the own fields
of every registered method's options, methods in list order: the flags of ``emgauge
filter``, an experiment's ``filter_options`` and its arms' ``options``.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any

from pydantic import create_model

from emgauge.errors import InputError
from emgauge.mitigations.base import MethodOptions, Mitigation
from emgauge.plugins import PluginRegistry

if TYPE_CHECKING:
    from emgauge.mitigations.resources import ModelResources

    # For type checkers: the class :func:`__getattr__` builds subclasses MethodOptions.
    FilterOptions = MethodOptions

__all__ = [
    "BUILTIN_PACKAGE",
    "ENTRY_POINT_GROUP",
    "FilterOptions",
    "create_method",
    "filter_options_model",
    "get_method_class",
    "method_names",
    "register_method",
]

#: The package whose every module is a built-in method.
BUILTIN_PACKAGE = "emgauge.mitigations.methods"
#: The entry-point group of methods from other packages.
ENTRY_POINT_GROUP = "emgauge.mitigations"

_METHODS: PluginRegistry[type[Mitigation]] = PluginRegistry(
    "mitigation", BUILTIN_PACKAGE, ENTRY_POINT_GROUP, Mitigation, lambda cls: cls.name
)
#: Class decorator adding a method to the registry under ``cls.name``.
register_method = _METHODS.register


def method_names() -> list[str]:
    """Names of all registered methods, by their ``list_order`` (then as registered)."""
    methods = _METHODS.discover()
    registered = list(methods)
    return sorted(registered, key=lambda name: (methods[name].list_order, registered.index(name)))


def get_method_class(name: str) -> type[Mitigation]:
    """The method registered as ``name``; an unknown name is an :class:`InputError`."""
    try:
        return _METHODS.discover()[name]
    except KeyError:
        raise InputError(
            f"unknown method {name!r}",
            field="method",
            fix=f"choose one of: {', '.join(method_names())} (see `emgauge filter --list`)",
        ) from None


def create_method(
    name: str, options: MethodOptions | None = None, resources: ModelResources | None = None
) -> Mitigation:
    """Instantiate a registered method by name, from its own options or from
    ``FilterOptions`` (it keeps its own fields); unknown names raise :class:`InputError`."""
    return get_method_class(name)(options, resources)


def seeded_ingredient(name: str, options: dict[str, Any] | None = None) -> str | None:
    """The random ingredient of method ``name`` that its ``seed`` changes under ``options``
    (``"the SAE"``, ``"the permutation"``); None when the seed changes nothing or ``name``
    is not a registered filter method (``none``, the controls)."""
    methods = _METHODS.discover()
    if name not in methods:
        return None
    return methods[name].seeded_by(filter_options_model().from_dict(options or {}))


def filter_options_model() -> type[MethodOptions]:
    """``FilterOptions`` for the methods registered now (one class per set of methods)."""
    models: list[type[MethodOptions]] = []
    for name in method_names():
        model = _METHODS.classes[name].options_model
        if model is not MethodOptions and model not in models:
            models.append(model)
    return _combined_options(tuple(models))


@functools.cache
def _combined_options(models: tuple[type[MethodOptions], ...]) -> type[MethodOptions]:
    owners: dict[str, type[MethodOptions]] = {}
    for model in models:
        for field in model.own_fields():
            if field in owners and not _same_field(owners[field], model, field):
                raise TypeError(
                    f"option {field!r} of {model.__name__} differs from {owners[field].__name__}'s"
                )
            owners.setdefault(field, model)
    # pydantic orders inherited fields from the last base to the first: reversed bases
    # give the shared options first, then each method's in list order.
    bases = tuple(reversed(models)) or (MethodOptions,)
    combined: type[MethodOptions] = create_model(  # type: ignore[call-overload]
        "FilterOptions",
        __base__=bases,
        __module__=__name__,
        __doc__=_FILTER_OPTIONS_DOC,
    )
    return combined


def _same_field(first: type[MethodOptions], second: type[MethodOptions], field: str) -> bool:
    one, other = first.model_fields[field], second.model_fields[field]
    return repr(one) == repr(other)


_FILTER_OPTIONS_DOC = """Every option a method may use; each method reads only its own.

The same fields are the flags of ``emgauge filter`` and the ``filter_options`` (and each
arm's ``options``) of an experiment, less the seed there.
"""


def __getattr__(name: str) -> Any:
    # ``FilterOptions`` is derived from the methods, which are found on first use.
    if name == "FilterOptions":
        return filter_options_model()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
