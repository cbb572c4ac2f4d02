"""Typed settings: one pydantic model per config section is the one place its rules live.

Every group of settings (fine-tuning, filter options, SAE training, the probe, each section
of an experiment file) is a :class:`SettingsModel`: each field has a type, its constraints
(``Field(ge=..., lt=...)``, ``Literal`` choices) and a ``description``. From that model come

* **validation**: constructing a model (directly, :meth:`SettingsModel.from_dict` or
  :class:`Flags`) checks every rule and raises one :class:`~emgauge.errors.InputError`
  naming the field (and the file and line, given a YAML node tree), see
  :func:`settings_error`;
* **the JSON Schema** (``model_json_schema()``; the experiment schema is generated from it);
* **command-line flags**: :class:`Flags` adds ``--field-name`` per field, with its type,
  choices, ``nargs`` for lists and the description and default as help, and builds the
  model from parsed arguments (model defaults < a config file < flags given).

The value types used by the models: :data:`Int` (an integer; never a boolean, a float or
a string), :data:`Number` (a finite number; integers and numeric strings are accepted, as
YAML 1.1 reads ``2e-4`` as a string, booleans never) and :data:`Bool` (``true``/``false``
only).
"""

from __future__ import annotations

import argparse
import types
import typing
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal, TypeVar

import annotated_types
from pydantic import (
    AfterValidator,
    AllowInfNan,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    Strict,
    StrictBool,
    ValidationError,
    create_model,
)
from pydantic.fields import FieldInfo
from pydantic_core import PydanticCustomError, PydanticUndefined

from emgauge.errors import InputError
from emgauge.files import field_name, line_of

if typing.TYPE_CHECKING:
    import yaml

__all__ = [
    "Bool",
    "Flags",
    "Int",
    "Number",
    "SettingsModel",
    "checked_by",
    "settings_error",
    "type_name",
    "unique_items",
    "without_fields",
]

Model = TypeVar("Model", bound="SettingsModel")


# ------------------------------------------------------------------------------- types


def _number(value: Any) -> Any:
    if isinstance(value, bool):  # a bool is an int to Python, never a number here
        raise PydanticCustomError("float_type", "Input should be a valid number")
    if isinstance(value, str):
        try:
            return float(value)
        except ValueError:
            raise PydanticCustomError("float_parsing", "Input should be a number") from None
    return value


Int = Annotated[int, Strict()]
"""An integer: booleans, floats (even ``2.0``) and strings are refused."""
Number = Annotated[float, AllowInfNan(False), BeforeValidator(_number)]
"""A finite number: integers and numeric strings (``"2e-4"``) are accepted, booleans not."""
Bool = StrictBool
"""``true`` or ``false``; not 0, 1 or ``"yes"``."""


def _no_repeats(values: tuple[Any, ...]) -> tuple[Any, ...]:
    repeated = sorted({str(v) for v in values if values.count(v) > 1})
    if repeated:
        raise ValueError(f"must not repeat an item, got {', '.join(repeated)} twice")
    return values


def unique_items(item: Any, *, min_length: int = 0) -> Any:
    """A list of ``item`` without repeats (a tuple in Python, ``uniqueItems`` in the schema)."""
    return Annotated[
        tuple[item, ...],
        Field(min_length=min_length, json_schema_extra={"uniqueItems": True}),
        AfterValidator(_no_repeats),
    ]


def checked_by(check: Callable[[Any], Any]) -> AfterValidator:
    """A field validator running ``check(value)``, whose :class:`InputError` (a rule kept
    elsewhere, e.g. :meth:`emgauge.mitigations.budget.Budget.parse`) becomes this field's
    error. The value itself is kept."""

    def validate(value: Any) -> Any:
        try:
            check(value)
        except InputError as error:
            fix = f" ({error.fix})" if error.fix else ""
            raise ValueError(f"{error.problem}{fix}") from None
        return value

    return AfterValidator(validate)


# ------------------------------------------------------------------------------ models


class SettingsModel(BaseModel):
    """A frozen group of settings with unknown keys refused; see the module docstring.

    Constructing one with bad values raises :class:`InputError` (not pydantic's
    ``ValidationError``) naming the field.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    def __init__(self, **data: Any) -> None:
        try:
            super().__init__(**data)
        except ValidationError as error:
            raise settings_error(error, type(self)) from None

    # Validating a model that holds this one must not call this __init__ (its InputError
    # would lose the location): marked as pydantic's own, as pydantic's RootModel does.
    __init__.__pydantic_base_init__ = True  # type: ignore[attr-defined]

    @classmethod
    def from_dict(
        cls: type[Model],
        data: Any,
        *,
        source: str | Path | None = None,
        node: yaml.Node | None = None,
        noun: str = "field",
    ) -> Model:
        """Validate a mapping (e.g. a YAML section). Errors name the field, and ``source``
        and the line where ``node`` (the YAML node tree of ``data``) is given; ``noun`` is
        what the error for an unknown key calls a field (``unknown training setting``)."""
        try:
            return cls.model_validate(data)
        except ValidationError as error:
            raise settings_error(error, cls, path=source, node=node, noun=noun) from None

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready values (lists for tuples), in field order."""
        return self.model_dump(mode="json")

    def replace(self: Model, **changes: Any) -> Model:
        """A validated copy with some fields changed (``None`` values are ignored)."""
        given = {key: value for key, value in changes.items() if value is not None}
        return type(self).from_dict({**self.model_dump(), **given})


def without_fields(
    model: type[SettingsModel], *names: str, name: str, doc: str
) -> type[SettingsModel]:
    """A model with ``model``'s fields but ``names``: the same types, constraints,
    descriptions and defaults (e.g. an experiment's ``training`` section is the fine-tuning
    settings without the seed, which the experiment's ``seeds`` set).

    Only models whose rules are all per-field can be derived this way.
    """
    decorators = model.__pydantic_decorators__
    if decorators.model_validators or decorators.field_validators:
        raise TypeError(f"{model.__name__} has validators that without_fields would drop")
    unknown = set(names) - set(model.model_fields)
    if unknown:
        raise TypeError(f"{model.__name__} has no field(s) {sorted(unknown)}")
    fields: dict[str, Any] = {
        key: (info.annotation, info) for key, info in model.model_fields.items() if key not in names
    }
    return create_model(name, __base__=SettingsModel, __doc__=doc, **fields)


# ------------------------------------------------------------------------------ errors

#: Error types that mean "the value is of the wrong kind", rather than breaking a rule.
_TYPE_ERRORS = ("_type", "_parsing")
_KIND_ERRORS = frozenset({"literal_error", "int_from_float", "model_attributes_type"})


@dataclass
class _Place:
    """Where a pydantic error's location points in a model."""

    path: list[str | int]
    """The field path, union branch tags left out."""
    annotation: Any
    """The type expected there (the whole union when no branch fitted)."""
    metadata: list[Any]
    """Constraints on that type (``annotated_types.Ge`` etc.)."""
    owner: type[BaseModel] | None
    """The model whose field (or unknown key) the path ends in."""
    at_branch: bool = False
    """The location ends at a union branch: that branch does not fit the input."""


def _is_model(annotation: Any) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, BaseModel)


def _is_union(annotation: Any) -> bool:
    return typing.get_origin(annotation) in (typing.Union, types.UnionType)


def _unwrap(annotation: Any, metadata: list[Any]) -> Any:
    """``annotation`` without ``Annotated[...]``, its metadata appended to ``metadata``."""
    while typing.get_origin(annotation) is Annotated:
        annotation, *extra = typing.get_args(annotation)
        metadata.extend(extra)
    return annotation


def _branch_tag(annotation: Any) -> str:
    """The name pydantic gives a union member in error locations."""
    annotation = _unwrap(annotation, [])
    if _is_model(annotation):
        return annotation.__name__
    if typing.get_origin(annotation) is Literal:
        return "literal[" + ",".join(repr(a) for a in typing.get_args(annotation)) + "]"
    origin = typing.get_origin(annotation) or annotation
    return getattr(origin, "__name__", str(origin))


def _branch_tags(annotation: Any) -> set[str]:
    """The names a union member may have in error locations: its type's, and for a model
    in a discriminated union, the values of its single-value ``Literal`` fields (the tag)."""
    tags = {_branch_tag(annotation)}
    annotation = _unwrap(annotation, [])
    if _is_model(annotation):
        for info in annotation.model_fields.values():
            choices = typing.get_args(info.annotation)
            if typing.get_origin(info.annotation) is Literal and len(choices) == 1:
                tags.add(str(choices[0]))
    return tags


def _place(model: type[BaseModel], loc: Sequence[str | int]) -> _Place:
    annotation: Any = model
    metadata: list[Any] = []
    owner: type[BaseModel] | None = None
    path: list[str | int] = []
    index = 0
    while index < len(loc):
        key = loc[index]
        annotation = _unwrap(annotation, metadata)
        origin = typing.get_origin(annotation)
        if _is_model(annotation):
            owner = annotation
            path.append(key)
            index += 1
            info = annotation.model_fields.get(str(key))
            if info is None:  # an unknown key
                return _Place(path + list(loc[index:]), None, [], owner)
            annotation, metadata = info.annotation, list(info.metadata)
        elif _is_union(annotation):
            members = [m for m in typing.get_args(annotation) if m is not type(None)]
            if len(members) == 1:  # Optional[X]: pydantic adds no branch to the location
                annotation = members[0]
                continue
            index += 1
            if index == len(loc):
                return _Place(path, annotation, metadata, owner, at_branch=True)
            match = [m for m in members if key in _branch_tags(m)]
            if not match:
                break
            annotation, metadata = match[0], []
        elif origin in (tuple, list) and isinstance(key, int):
            items = [a for a in typing.get_args(annotation) if a is not Ellipsis]
            path.append(key)
            index += 1
            annotation, metadata = (items[0] if len(items) == 1 else Any), []
        elif origin in (dict, Mapping) or annotation is dict:
            path.append(key)
            index += 1
            args = typing.get_args(annotation)
            annotation, metadata = (args[1] if args else Any), []
        else:
            break
    if index < len(loc):  # a location this walk does not follow: keep it as it is
        return _Place(path + list(loc[index:]), Any, [], owner)
    return _Place(path, annotation, metadata, owner)


def type_name(annotation: Any) -> str:
    """How an error message names a type: ``integer``, ``list of string``, ``integer or
    null``."""
    annotation = _unwrap(annotation, [])
    if annotation is type(None):
        return "null"
    if _is_union(annotation):
        names = [type_name(member) for member in typing.get_args(annotation)]
        return " or ".join(dict.fromkeys(names))
    if typing.get_origin(annotation) is Literal:
        values = typing.get_args(annotation)
        if all(isinstance(v, bool) for v in values):
            return " or ".join(str(v).lower() for v in values)
        return "one of " + ", ".join(repr(v) for v in values)
    origin = typing.get_origin(annotation)
    if origin in (tuple, list):
        items = [a for a in typing.get_args(annotation) if a is not Ellipsis]
        return f"list of {type_name(items[0])}" if len(items) == 1 else "list"
    if _is_model(annotation) or origin in (dict, Mapping) or annotation is dict:
        return "mapping"
    names = {bool: "boolean", int: "integer", float: "number", str: "string", Path: "string"}
    return names.get(annotation, getattr(annotation, "__name__", str(annotation)))


def _shown(value: Any) -> str:
    """``str 'fast'``, ``bool True``, ``null``: the value an error got, kept short."""
    if value is None:
        return "null"
    text = repr(value)
    if len(text) > 60:
        text = text[:57] + "..."
    return f"{type(value).__name__} {text}"


def _number_text(value: Any) -> str:
    return str(int(value)) if float(value).is_integer() else repr(value)


def _bounds_message(metadata: Sequence[Any], ctx: Mapping[str, Any], value: Any) -> str:
    low = high = None
    for item in metadata:
        if isinstance(item, annotated_types.Gt | annotated_types.Ge):
            low = item
        elif isinstance(item, annotated_types.Lt | annotated_types.Le):
            high = item
    if low is None and high is None:  # constraints this walk did not see: pydantic's own
        for key, sign in (("gt", ">"), ("ge", ">="), ("lt", "<"), ("le", "<=")):
            if key in ctx:
                return f"must be {sign} {_number_text(ctx[key])}, got {value!r}"
    if low is not None and high is not None:
        left = "(" if isinstance(low, annotated_types.Gt) else "["
        right = ")" if isinstance(high, annotated_types.Lt) else "]"
        low_value = low.gt if isinstance(low, annotated_types.Gt) else low.ge
        high_value = high.lt if isinstance(high, annotated_types.Lt) else high.le
        interval = f"{left}{_number_text(low_value)}, {_number_text(high_value)}{right}"
        return f"must be in {interval}, got {value!r}"
    if low is not None:
        sign, bound = (">", low.gt) if isinstance(low, annotated_types.Gt) else (">=", low.ge)
    else:
        assert high is not None
        sign, bound = ("<", high.lt) if isinstance(high, annotated_types.Lt) else ("<=", high.le)
    return f"must be {sign} {_number_text(bound)}, got {value!r}"


def _is_kind_error(kind: str) -> bool:
    return kind.endswith(_TYPE_ERRORS) or kind in _KIND_ERRORS


def _message(error: Mapping[str, Any], place: _Place, noun: str) -> tuple[str, str | None]:
    """``(problem, fix)`` for one pydantic error."""
    kind = error["type"]
    ctx = error.get("ctx") or {}
    value = error.get("input")
    if kind == "missing":
        return "missing required field", None
    if kind == "extra_forbidden":
        known = list(place.owner.model_fields) if place.owner is not None else []
        return f"unknown {noun}", (f"known {noun}s: {', '.join(known)}" if known else None)
    if kind == "literal_error" and not place.at_branch:
        return f"must be {type_name(place.annotation)}, got {value!r}", None
    if _is_kind_error(kind):
        return f"wrong type: expected {type_name(place.annotation)}, got {_shown(value)}", None
    if kind in ("greater_than", "greater_than_equal", "less_than", "less_than_equal"):
        return _bounds_message(place.metadata, ctx, value), None
    if kind == "finite_number":
        return f"must be a finite number, got {value!r}", None
    if kind == "too_short":
        least = ctx.get("min_length", 1)
        return (
            "must not be empty (at least one item)"
            if least == 1
            else f"must have at least {least} items"
        ), None
    if kind == "too_long":
        return f"must have at most {ctx.get('max_length')} items", None
    if kind == "string_too_short":
        least = ctx.get("min_length", 1)
        return (
            "must not be empty" if least == 1 else f"must have at least {least} characters"
        ), None
    if kind == "string_pattern_mismatch":
        return f"{value!r} does not match {ctx.get('pattern')}", None
    if kind in ("value_error", "assertion_error") and "error" in ctx:
        return str(ctx["error"]), None
    return str(error.get("msg", kind)), None


def settings_error(
    error: ValidationError,
    model: type[BaseModel],
    *,
    path: str | Path | None = None,
    node: yaml.Node | None = None,
    noun: str = "field",
) -> InputError:
    """One :class:`InputError` for a pydantic ``ValidationError`` of ``model``: the first
    problem, its field path (``arms[1].method``), and the file and line where ``path`` and
    ``node`` (the YAML node tree of the validated data) are given.

    Of a union (``preference_probe: true`` or a mapping), the branch that fits the input's
    kind is reported, not that the input is not of the other kind.
    """
    found = [(e, _place(model, e["loc"])) for e in error.errors()]
    if not found:  # pragma: no cover - pydantic always reports at least one
        return InputError(str(error), path=path)

    def superseded(item: tuple[Mapping[str, Any], _Place]) -> bool:
        entry, place = item
        if not (place.at_branch and _is_kind_error(entry["type"])):
            return False
        return any(
            other is not place
            and not (other.at_branch and _is_kind_error(e["type"]))
            and other.path[: len(place.path)] == place.path
            for e, other in found
        )

    entry, place = next((item for item in found if not superseded(item)), found[0])
    problem, fix = _message(entry, place, noun)
    return InputError(
        problem,
        path=path,
        line=line_of(node, place.path) if node is not None else None,
        field=field_name(place.path) if place.path else None,
        fix=fix,
    )


# ------------------------------------------------------------------------------- flags


def _flag_type(annotation: Any) -> dict[str, Any]:
    """argparse keywords for a field type: ``type``, ``choices``, ``nargs`` or ``action``."""
    annotation = _unwrap(annotation, [])
    if _is_union(annotation):
        members = [m for m in typing.get_args(annotation) if m is not type(None)]
        words = [m for m in members if typing.get_origin(m) is Literal]
        if len(members) == 2 and len(words) == 1 and _unwrap(members[0], []) is int:
            return _int_or_words(typing.get_args(words[0]))
        if len(members) != 1:
            raise TypeError(f"no command-line flag for a field of type {annotation}")
        return _flag_type(members[0])
    origin = typing.get_origin(annotation)
    if origin in (tuple, list):
        items = [a for a in typing.get_args(annotation) if a is not Ellipsis]
        return {**_flag_type(items[0]), "nargs": "+"}
    if origin is Literal:
        choices = typing.get_args(annotation)
        return {"type": type(choices[0]), "choices": choices}
    if annotation is bool:
        return {"action": argparse.BooleanOptionalAction}
    if annotation in (int, float, str):
        return {"type": annotation}
    if annotation is Path:
        return {"type": str}
    raise TypeError(f"no command-line flag for a field of type {annotation}")


def _int_or_words(words: Sequence[str]) -> dict[str, Any]:
    """argparse keywords for ``int | Literal[words]`` (``--top-k 512`` or ``--top-k auto``)."""

    def parse(text: str) -> int | str:
        if text in words:
            return text
        try:
            return int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(
                f"expected an integer or {' or '.join(words)}, got {text!r}"
            ) from None

    return {"type": parse, "metavar": "N|" + "|".join(words)}


def _default_text(info: FieldInfo) -> str | None:
    default = info.get_default(call_default_factory=True)
    if default is PydanticUndefined or default is None or default == ():
        return None
    if isinstance(default, tuple | list):
        return " ".join(str(v) for v in default)
    if isinstance(default, float):
        return f"{default:g}"
    return str(default)


class Flags:
    """The command-line flags of a settings model: one ``--field-name`` per field.

    ``names`` keeps existing spellings (``{"learning_rate": "--lr"}``), ``fields`` picks
    and orders the fields (default: all but ``exclude``), ``metavars`` names values in
    the usage line, and ``defaults`` describes a default the model leaves to the command
    (``{"layer": "the middle one"}``). Every flag's argparse default is ``None``, so a
    flag that is not given leaves the model's value, or a config file's, in place.
    """

    def __init__(
        self,
        model: type[SettingsModel],
        *,
        fields: Sequence[str] | None = None,
        exclude: Iterable[str] = (),
        names: Mapping[str, str] | None = None,
        metavars: Mapping[str, str] | None = None,
        defaults: Mapping[str, str] | None = None,
    ) -> None:
        skipped = set(exclude)
        chosen = [f for f in (fields or model.model_fields) if f not in skipped]
        unknown = set(chosen) - set(model.model_fields)
        if unknown:
            raise TypeError(f"{model.__name__} has no field(s) {sorted(unknown)}")
        self.model = model
        self.flags = {f: (names or {}).get(f, "--" + f.replace("_", "-")) for f in chosen}
        self.metavars = dict(metavars or {})
        self.defaults = dict(defaults or {})

    def add_to(self, parser: argparse.ArgumentParser | argparse._ArgumentGroup) -> None:
        """Add the flags to ``parser`` (or an argument group)."""
        for name, flag in self.flags.items():
            info = self.model.model_fields[name]
            keywords = _flag_type(info.annotation)
            if "choices" not in keywords and "action" not in keywords:
                keywords["metavar"] = self.metavars.get(
                    name, keywords.get("metavar", flag[2:].replace("-", "_").upper())
                )
            help_text = info.description or ""
            default = self.defaults.get(name) or _default_text(info)
            if default:
                help_text += f" (default: {default})"
            parser.add_argument(
                flag, dest=name, default=None, help=help_text.replace("%", "%%"), **keywords
            )

    def given(self, args: argparse.Namespace) -> dict[str, Any]:
        """The values of the flags given on the command line, by field name."""
        values = {name: getattr(args, name, None) for name in self.flags}
        return {name: value for name, value in values.items() if value is not None}

    def build(
        self,
        args: argparse.Namespace,
        base: SettingsModel | Mapping[str, Any] | None = None,
        **fixed: Any,
    ) -> Any:
        """The model from ``base`` (a model or mapping, e.g. read from a config file),
        overridden by the flags given and then by ``fixed``. An error in a value given as
        a flag names the flag too."""
        start = base.model_dump() if isinstance(base, BaseModel) else dict(base or {})
        given = self.given(args)
        try:
            return self.model.from_dict({**start, **given, **fixed})
        except InputError as error:
            root = (error.field or "").split(".")[0].split("[")[0]
            if root not in given:
                raise
            raise InputError(
                error.problem, field=error.field, fix=f"given as {self.flags[root]}"
            ) from None
