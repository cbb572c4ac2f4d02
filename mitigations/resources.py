"""Loading, once per process, what the internals-based methods share.

One :class:`ModelResources` holds the model and tokenizer, the SAE and the contrast pairs,
so ``emgauge filter --compare`` scoring with ``direction`` and ``sae-proximity`` loads the
model once. Everything is loaded lazily, on first use.
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from emgauge.activations import ActivationExtractor, model_dims
from emgauge.errors import InputError
from emgauge.mitigations.contrast_input import ContrastSet, load_contrast_input
from emgauge.mitigations.data import ContrastPair, load_contrast_sets
from emgauge.mitigations.options import LABELLED_SAE_K, MethodOptions
from emgauge.mitigations.sae import LoadedSAE, check_sae_fits, load_sae
from emgauge.mitigations.sae_training import ensure_trained_sae

if TYPE_CHECKING:
    from transformers import PreTrainedModel, PreTrainedTokenizerBase

__all__ = ["ModelResources"]


class ModelResources:
    """Lazily loaded model, tokenizer, SAE, extractors and contrast pairs for one run.

    Args:
        options: the shared options (model, SAE, layer, contrast files, batching): a
            method's own, or all filter options.
        progress: print a line on stderr before slow one-time work (SAE training).
        model, tokenizer: an already loaded ``options.model`` (loaded on first use if not).
    """

    def __init__(
        self,
        options: MethodOptions,
        *,
        progress: bool = True,
        model: PreTrainedModel | None = None,
        tokenizer: PreTrainedTokenizerBase | None = None,
    ) -> None:
        self.options = options
        self.progress = progress
        self._model = model
        self._tokenizer = tokenizer
        self._sae: LoadedSAE | None = None
        self._extractors: dict[int, ActivationExtractor] = {}
        self._contrast: list[ContrastPair] | None = None
        self._contrast_sets: dict[tuple[str, ...], ContrastSet] = {}
        self._sae_placed = False  # the SAE sits on the model's device

    def __getstate__(self) -> dict[str, Any]:
        """What a sharded-scoring worker receives: the SAE (on the CPU: trained or loaded
        once, here) and the contrast data, never the model, which each worker loads."""
        state = dict(self.__dict__)
        state.update(_model=None, _tokenizer=None, _extractors={}, _sae_placed=False)
        if self._sae is not None and self._sae.sae.W_dec.device.type != "cpu":
            state["_sae"] = copy.deepcopy(self._sae)
            state["_sae"].sae.to("cpu")
        return state

    # ---------------------------------------------------------------------- model
    def model_and_tokenizer(self) -> tuple[PreTrainedModel, PreTrainedTokenizerBase]:
        if self._model is None or self._tokenizer is None:
            from emgauge.models import load_model_and_tokenizer

            self._model, self._tokenizer = load_model_and_tokenizer(self.options.model)
        return self._model, self._tokenizer

    def dims(self) -> tuple[int, int]:
        """``(num_hidden_layers, hidden_size)`` of the model: from its loaded modules, or,
        before it is loaded, from its config (a bad ``--layer`` is refused without a load)."""
        if self._model is None:
            from emgauge.models import model_shape

            shape = model_shape(self.options.model)
            return shape.n_layers, shape.hidden_size
        return model_dims(self._model)

    def check_layer(self, layer: int) -> int:
        n_layers, _ = self.dims()
        if not 0 <= layer < n_layers:
            raise InputError(
                f"layer {layer} is out of range for a model with {n_layers} layers",
                field="layer",
                fix=f"choose 0 <= layer <= {n_layers - 1}",
            )
        return layer

    def default_layer(self) -> int:
        """``--layer`` if given, else the middle layer (``num_hidden_layers // 2``)."""
        if self.options.layer is not None:
            return self.check_layer(self.options.layer)
        n_layers, _ = self.dims()
        return n_layers // 2

    def extractor(self, layer: int) -> ActivationExtractor:
        if layer not in self._extractors:
            model, tokenizer = self.model_and_tokenizer()
            self._extractors[layer] = ActivationExtractor(
                model,
                tokenizer,
                layer,
                batch_tokens=self.options.batch_tokens,
                max_length=self.options.max_length,
                precision=self.options.precision,
            )
        return self._extractors[layer]

    # ------------------------------------------------------------------------ SAE
    def sae(self) -> LoadedSAE:
        """The SAE from ``--sae``, or the embedded model's trained one (trained once)."""
        if self._sae is not None and not self._sae_placed:  # received from the driver
            model, _ = self.model_and_tokenizer()
            self._sae.sae.to(next(model.parameters()).device)
            self._sae_placed = True
        if self._sae is None:
            n_layers, hidden = self.dims()
            if self.options.sae is not None:
                loaded = load_sae(self.options.sae)
                if self.options.layer is not None and self.options.layer != loaded.layer:
                    raise InputError(
                        f"--layer {self.options.layer} differs from the SAE's layer "
                        f"{loaded.layer} ({loaded.hook_name})",
                        field="layer",
                        fix="omit --layer to use the SAE's layer",
                    )
            else:
                layer = self.default_layer()
                folder = ensure_trained_sae(
                    self.options.model,
                    layer,
                    progress=self.progress,
                    precision=self.options.precision,
                    training_tokens=self.options.sae_training_tokens,
                    k=self.default_sae_k(),
                    seed=self.options.seed,
                )
                loaded = load_sae(str(folder))
            check_sae_fits(loaded, hidden_size=hidden, num_layers=n_layers)
            model, _ = self.model_and_tokenizer()
            device = next(model.parameters()).device
            loaded.sae.to(device)
            self._sae, self._sae_placed = loaded, True
        return self._sae

    def default_sae_k(self) -> int | None:
        """``--sae-k``, else 128 for a labelled ``--contrast``, else None (the settings'
        default, 32): the k of the SAE trained on first use."""
        if self.options.sae_k is not None:
            return self.options.sae_k
        return LABELLED_SAE_K if self.labelled_contrast() else None

    # ------------------------------------------------------------------- contrast
    def labelled_contrast(self) -> bool:
        """Whether ``--contrast`` holds labelled answers (a judged table, labelled chat)
        rather than only contrast pairs; the bundled sets are pairs."""
        return bool(self.options.contrast) and not self.contrast_set().paired

    def contrast_pairs(self) -> list[ContrastPair]:
        if self._contrast is None:
            self._contrast = load_contrast_sets(self.options.contrast or None)
        return self._contrast

    def contrast_set(self, bundled: Sequence[str] = ()) -> ContrastSet:
        """Misaligned and aligned conversations from ``--contrast`` of any kind (pairs,
        judged table, labelled chat), or else the bundled pairs of the domains ``bundled``
        (default: :data:`~emgauge.contrast_data.CONTRAST_DOMAINS`)."""
        key = () if self.options.contrast else tuple(bundled)
        if key not in self._contrast_sets:
            self._contrast_sets[key] = load_contrast_input(
                self.options.contrast or None, domains=key or None
            )
        return self._contrast_sets[key]

    def describe(self) -> dict[str, Any]:
        info: dict[str, Any] = {"model": self.options.model}
        if self._sae is not None:
            info["sae"] = self._sae.describe()
        if self._contrast is not None:
            info["n_contrast_pairs"] = len(self._contrast)
        if len(self._contrast_sets) == 1:
            info.update(next(iter(self._contrast_sets.values())).describe())
        elif self._contrast_sets:  # methods of one run that learn from different sets
            info["contrast_sets"] = {
                ", ".join(key) or "default": contrast_set.describe()
                for key, contrast_set in self._contrast_sets.items()
            }
        truncated = sum(e.n_truncated for e in self._extractors.values())
        if truncated:
            info["n_truncated_conversations"] = truncated
        return info
