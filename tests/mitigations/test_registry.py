"""The method registry: methods register themselves, each with its own options, and are
found lazily (the built-in package, entry points); FilterOptions is derived from them."""

from __future__ import annotations

import argparse
import importlib
import sys
import textwrap
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest

import emgauge.mitigations.registry as registry
from emgauge.mitigations.base import MethodOptions, Mitigation
from emgauge.mitigations.registry import (
    FilterOptions,
    create_method,
    filter_options_model,
    get_method_class,
    method_names,
)
from emgauge.settings import Flags

#: Each built-in method's own options, beside the shared ones (MethodOptions).
OWN_OPTIONS = {
    "random": [],
    "heuristic": [],
    "heuristic-judge": ["grader"],
    "direction": ["direction_fit", "prompt_conditioning"],
    "sae-proximity": ["top_k", "n_toxic", "aggregation", "toxic_selection"],
    "readout": ["readout_c"],
    "gradient": [],
}

TOY_METHOD = '''
    """A toy method for the registry tests."""

    import numpy as np
    from pydantic import Field

    from emgauge.mitigations.base import MethodOptions, Mitigation
    from emgauge.mitigations.registry import register_method
    from emgauge.settings import Int


    class ToyOptions(MethodOptions):
        toy_strength: Int = Field(2, ge=1, description="toy: how many times it counts")


    @register_method
    class ToyMethod(Mitigation):
        name = "toy"
        summary = "counts characters, toy_strength times"
        options_model = ToyOptions
        options: ToyOptions

        def score(self, samples):
            return np.array([self.options.toy_strength * len(s.assistant_text) for s in samples])
'''


@pytest.fixture
def fresh_registry(monkeypatch: pytest.MonkeyPatch) -> None:
    """The registry with the built-in methods; whatever a test adds is gone afterwards."""
    method_names()  # the built-in methods, found once
    monkeypatch.setattr(registry._METHODS, "classes", dict(registry._METHODS.classes))


def test_builtin_methods_keep_their_order() -> None:
    assert method_names() == list(OWN_OPTIONS)


def test_each_builtin_method_holds_only_its_own_options() -> None:
    for name, own in OWN_OPTIONS.items():
        model = get_method_class(name).options_model
        assert issubclass(model, MethodOptions)
        assert model.own_fields() == own, name
        assert set(model.model_fields) == set(MethodOptions.model_fields) | set(own), name


def test_filter_options_are_the_shared_and_every_method_s_own() -> None:
    owned = [field for own in OWN_OPTIONS.values() for field in own]
    assert list(FilterOptions.model_fields) == [*MethodOptions.model_fields, *owned]
    assert filter_options_model() is FilterOptions  # one class for one set of methods


def test_a_method_is_built_from_filter_options_and_keeps_its_own() -> None:
    options = FilterOptions(direction_fit="shrinkage", seed=3, grader="x", layer=2)
    method = create_method("direction", options)
    assert type(method.options) is get_method_class("direction").options_model
    assert method.options.direction_fit == "shrinkage"
    assert method.options.layer == 2 and method.options.seed == 3
    assert not hasattr(method.options, "grader")
    assert method.options.model_fields_set == {"direction_fit", "seed", "layer"}
    assert create_method("random").options == MethodOptions()


def test_a_method_in_a_new_module_is_listed_created_and_has_flags(
    fresh_registry: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "emgauge_toy_method.py").write_text(textwrap.dedent(TOY_METHOD))
    monkeypatch.syspath_prepend(str(tmp_path))
    try:
        importlib.import_module("emgauge_toy_method")
        assert method_names()[-1] == "toy"  # after the built-in methods

        options_model = registry.FilterOptions  # derived again, with the new method
        assert options_model is not FilterOptions
        assert list(options_model.model_fields)[-1] == "toy_strength"

        flags = Flags(options_model)
        parser = argparse.ArgumentParser()
        flags.add_to(parser)
        options = flags.build(parser.parse_args(["--toy-strength", "5", "--seed", "1"]))
        method = create_method("toy", options)
        assert method.options.toy_strength == 5 and method.options.seed == 1
        assert not hasattr(method.options, "readout_c")

        sample = SimpleNamespace(assistant_text="abc")
        np.testing.assert_array_equal(method.score([sample]), [15])
    finally:
        sys.modules.pop("emgauge_toy_method", None)
    assert "toy_strength" not in FilterOptions.model_fields


def test_an_entry_point_method_is_found_on_the_first_lookup(
    fresh_registry: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    class PluginMethod(Mitigation):
        name = "plugin"
        summary = "from another package"

        def score(self, samples):
            return np.zeros(len(samples))

    calls: list[str] = []

    def entry_points(*, group: str) -> list[SimpleNamespace]:
        calls.append(group)
        return [SimpleNamespace(name="plugin", load=lambda: PluginMethod)]

    monkeypatch.setattr(importlib.metadata, "entry_points", entry_points)
    monkeypatch.setattr(registry._METHODS, "discovered", False)
    assert calls == []  # nothing is read before a lookup
    assert get_method_class("plugin") is PluginMethod
    assert calls == ["emgauge.mitigations"]
    assert method_names()[-1] == "plugin"
    assert calls == ["emgauge.mitigations"]  # found once


def test_a_name_registered_twice_is_refused(fresh_registry: None) -> None:
    class Impostor(Mitigation):
        name = "random"
        summary = "not the real one"

        def score(self, samples):
            return np.zeros(len(samples))

    with pytest.raises(ValueError, match="registered twice"):
        registry.register_method(Impostor)
