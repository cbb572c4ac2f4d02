"""What every training-time method shares, and the registry that finds them.

A training-time method is a config model (:class:`TrainingMethodConfig`) whose ``name``
field is a one-value ``Literal``, in a module that registers it with
:func:`register_training_method`. The registry finds the modules on the first lookup, by
importing every module of the package :mod:`emgauge.training_methods` and every entry
point of the group ``emgauge.training_methods`` (by name, with :mod:`importlib`: the
methods import this module, never the other way). From what is registered it derives

* :func:`training_method_union`: the union an experiment arm's ``training_method`` takes,
  told apart by ``name``;
* :func:`training_method_flags_model`: ``emgauge finetune``'s flags, one per
  :class:`MethodFlag` a method declares.

So a new method is one new module of the package (plus its tests).
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Annotated, Any, ClassVar, Literal, Union, get_args, get_origin, get_type_hints

from annotated_types import BaseMetadata
from pydantic import BeforeValidator, Field, create_model

from emgauge.errors import InputError
from emgauge.plugins import PluginRegistry
from emgauge.settings import SettingsModel

__all__ = [
    "ENTRY_POINT_GROUP",
    "MethodFlag",
    "TrainingMethodConfig",
    "TrainingMethodFlagsBase",
    "register_training_method",
    "training_method_config",
    "training_method_flags_model",
    "training_method_label",
    "training_method_names",
    "training_method_union",
    "training_methods_by_name",
]

#: The package whose every module may register methods.
PACKAGE = "emgauge.training_methods"
#: The entry-point group of training-time methods from other packages.
ENTRY_POINT_GROUP = "emgauge.training_methods"


@dataclass(frozen=True)
class MethodFlag:
    """A flag of ``emgauge finetune`` that sets one field of a method's config.

    Attributes:
        flag: the flag's field name (``kl_coefficient`` is ``--kl-coefficient``).
        field: the config field it sets; the flag keeps that field's constraints.
        description: the flag's help, which names the method.
        required: whether the method cannot run from flags without it.
    """

    flag: str
    field: str
    description: str
    required: bool = True


class TrainingMethodConfig(SettingsModel):
    """One training-time method's settings; subclasses add ``name`` and their fields.

    Class attributes:
        list_order: the order of the methods in the union and in the flags (ascending;
            equal ones in the order registered).
        flags: the method's ``emgauge finetune`` flags.
    """

    list_order: ClassVar[int] = 1000
    flags: ClassVar[tuple[MethodFlag, ...]] = ()

    @classmethod
    def method_name(cls) -> str:
        """The value of the one-value ``Literal`` of the ``name`` field."""
        (name,) = get_args(cls.model_fields["name"].annotation)
        return str(name)


_METHODS: PluginRegistry[type[TrainingMethodConfig]] = PluginRegistry(
    "training method",
    PACKAGE,
    ENTRY_POINT_GROUP,
    TrainingMethodConfig,
    lambda cls: cls.method_name(),
)
#: Class decorator adding a method's config to the registry under its ``name``.
register_training_method = _METHODS.register


def training_methods_by_name() -> dict[str, type[TrainingMethodConfig]]:
    """Every registered method's config by name, in list order."""
    registered = list(_METHODS.discover().values())
    ordered = sorted(registered, key=lambda cls: (cls.list_order, registered.index(cls)))
    return {cls.method_name(): cls for cls in ordered}


def training_method_names() -> list[str]:
    return list(training_methods_by_name())


def training_method_config(name: str) -> type[TrainingMethodConfig]:
    """The config model of the method ``name``; an unknown name is an :class:`InputError`."""
    methods = training_methods_by_name()
    if name not in methods:
        raise InputError(
            f"unknown training method {name!r}",
            field="training_method",
            fix=f"choose one of: {', '.join(methods)}",
        )
    return methods[name]


def training_method_label(data: Mapping[str, Any] | None) -> str:
    """How tables name a method config: ``kl-to-base(coefficient=0.1)``; ``none`` for None.
    A direction file's path is left out (its hash is in the stage key and manifest)."""
    if not data:
        return "none"
    settings = ", ".join(
        f"{key}={value:g}" if isinstance(value, float) else f"{key}={value}"
        for key, value in data.items()
        if key not in ("name", "direction") and value is not None
    )
    return f"{data['name']}({settings})" if settings else str(data["name"])


def _known_name(value: Any) -> Any:
    """A mapping must name a known method before its fields are checked."""
    if isinstance(value, dict):
        name = value.get("name")
        names = training_method_names()
        if name not in names:
            shown = "no name" if name is None else f"unknown training method {name!r}"
            raise ValueError(f"{shown} (name: one of {', '.join(names)})")
    return value


def training_method_union() -> Any:
    """The type of one method's config, chosen by its ``name`` (pydantic validates it)."""
    return _union(tuple(training_methods_by_name().values()))


@functools.cache
def _union(configs: tuple[type[TrainingMethodConfig], ...]) -> Any:
    return Annotated[
        Union[configs],  # noqa: UP007  (a union built from a tuple of classes)
        Field(discriminator="name"),
        BeforeValidator(_known_name),
    ]


class TrainingMethodFlagsBase(SettingsModel):
    """``emgauge finetune``'s training-method flags; :meth:`method` builds the config.

    The fields are derived (:func:`training_method_flags_model`): ``training_method`` and
    each registered method's :class:`MethodFlag`.
    """

    #: Each flag's method and the field it sets.
    owners: ClassVar[dict[str, tuple[str, MethodFlag]]] = {}

    def method(self) -> TrainingMethodConfig | None:
        """The config the flags describe (None without any); errors name the flag."""
        owners = self.owners
        given = {flag: getattr(self, flag) for flag in owners if getattr(self, flag) is not None}
        implied = {owners[flag][0] for flag in given}
        name: str | None = getattr(self, "training_method", None)
        if name is None and len(implied) > 1:
            raise InputError(
                f"options of {len(implied)} training methods given ({', '.join(sorted(implied))})",
                field="training-method",
                fix="an arm or run takes one training method",
            )
        if name is None and implied:
            name = next(iter(implied))
        for flag in given:
            if owners[flag][0] != name:
                raise InputError(
                    f"belongs to {owners[flag][0]}, not {name or 'no training method'}",
                    field=flag.replace("_", "-"),
                    fix="use one training method's options",
                )
        if name is None:
            return None
        data = {"name": name, **{owners[flag][1].field: value for flag, value in given.items()}}
        for flag, (owner, spec) in owners.items():
            if owner == name and spec.required and flag not in given:
                option = flag.replace("_", "-")
                raise InputError(f"{name} needs it", field=option, fix=f"pass --{option}")
        return training_method_config(name).from_dict(data)


def training_method_flags_model() -> type[TrainingMethodFlagsBase]:
    """``TrainingMethodFlags`` for the methods registered now (one class per set)."""
    return _flags_model(tuple(training_methods_by_name().values()))


@functools.cache
def _flags_model(configs: tuple[type[TrainingMethodConfig], ...]) -> type[TrainingMethodFlagsBase]:
    names = tuple(config.method_name() for config in configs)
    fields: dict[str, Any] = {
        "training_method": (
            Literal[names] | None,  # type: ignore[valid-type]
            Field(
                None,
                description="training-time mitigation (default: none; implied by its "
                "options below)",
            ),
        )
    }
    owners: dict[str, tuple[str, MethodFlag]] = {}
    for config, name in zip(configs, names, strict=True):
        hints = get_type_hints(config, include_extras=True)
        for spec in config.flags:
            # the flag keeps the field's type (as written) and its Field constraints, and is
            # optional with its own help
            written = hints[spec.field]
            own = set(map(id, get_args(written)[1:])) if get_origin(written) is Annotated else set()
            constraints = [
                item
                for item in config.model_fields[spec.field].metadata
                if isinstance(item, BaseMetadata) and id(item) not in own
            ]
            fields[spec.flag] = (
                Annotated[(written | None, *constraints)] if constraints else written | None,
                Field(None, description=spec.description),
            )
            owners[spec.flag] = (name, spec)
    model = create_model(
        "TrainingMethodFlags",
        __base__=TrainingMethodFlagsBase,
        __module__=PACKAGE,
        __doc__="``emgauge finetune``'s training-method flags; :meth:`method` builds the config.",
        **fields,
    )
    model.owners = owners
    return model
