"""Classes registered by name from plug-in modules, found once, on the first lookup.

Both registries of methods (:mod:`emgauge.mitigations.registry` for data filters,
:mod:`emgauge.training_methods.base` for training-time methods) are one
:class:`PluginRegistry`: a method's module registers its class with
:meth:`PluginRegistry.register` when imported, and the first lookup imports every module
of the registry's package and loads every entry point of its group (other packages'
methods: an entry point names a module, which registers on import, or the class itself).
Modules are imported by name (:func:`importlib.import_module`), never by an ``import``
statement, so a registry and the methods that import it form no import cycle.
"""

from __future__ import annotations

import importlib
import importlib.metadata
import pkgutil
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T", bound=type)


class PluginRegistry(Generic[T]):
    """Classes by name: those a package's modules and an entry-point group register.

    Args:
        what: what a class is, for the error on a name registered twice ("mitigation").
        package: the package whose every module may register classes.
        group: the entry-point group of other packages' classes.
        base: what an entry point that loads a class must subclass to be registered.
        name_of: a class's registry name.
    """

    def __init__(
        self, what: str, package: str, group: str, base: type, name_of: Callable[[T], str]
    ) -> None:
        self.what = what
        self.package = package
        self.group = group
        self.base = base
        self.name_of = name_of
        self.classes: dict[str, T] = {}
        self.discovered = False

    def register(self, cls: T) -> T:
        """Class decorator: add ``cls`` under its name (a second class of that name is an
        error; the same class again is not)."""
        name = self.name_of(cls)
        if name in self.classes and self.classes[name] is not cls:
            raise ValueError(f"{self.what} {name!r} is registered twice")
        self.classes[name] = cls
        return cls

    def discover(self) -> dict[str, T]:
        """Every registered class by name, in registration order, the plug-ins imported on
        the first call (a failed import is retried, and fails alike, on the next)."""
        if self.discovered:
            return self.classes
        # first: a module that looks a class up while being imported must not loop
        self.discovered = True
        try:
            package = importlib.import_module(self.package)
            for module in pkgutil.iter_modules(package.__path__, prefix=f"{self.package}."):
                importlib.import_module(module.name)
            for entry_point in importlib.metadata.entry_points(group=self.group):
                loaded = entry_point.load()
                if isinstance(loaded, type) and issubclass(loaded, self.base):
                    self.register(loaded)  # type: ignore[arg-type]
        except BaseException:
            self.discovered = False
            raise
        return self.classes
