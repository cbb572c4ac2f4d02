"""direction and sae-proximity on the embedded model, and the SAE sources."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import torch
from conftest import TINY_LAYER

from emgauge.chat_data import ChatSample
from emgauge.errors import InputError
from emgauge.mitigations.data import label_free, load_dataset
from emgauge.mitigations.methods.sae_proximity import TOP_K_FOLDS, TOP_K_GRID
from emgauge.mitigations.quality import auroc, harm_labels
from emgauge.mitigations.registry import FilterOptions, create_method
from emgauge.mitigations.resources import ModelResources
from emgauge.mitigations.sae import TRAINING_INFO_FILE, hook_layer, load_sae, sae_summary
from emgauge.mitigations.sae_training import ensure_trained_sae
from emgauge.stats import grouped_folds


def _resources(model_and_tokenizer, **options) -> ModelResources:
    model, tokenizer = model_and_tokenizer
    return ModelResources(FilterOptions(**options), model=model, tokenizer=tokenizer)


def _trained_k(resources: ModelResources) -> int:
    """The k its SAE was trained with (from the training record in its folder)."""
    folder = Path(resources.sae().source.removeprefix("trained:"))
    return json.loads((folder / TRAINING_INFO_FILE).read_text())["settings"]["k"]


def _score(name: str, resources: ModelResources, dataset_file: Path) -> tuple[np.ndarray, float]:
    samples = load_dataset(dataset_file)
    scores = create_method(name, resources.options, resources).score(label_free(samples))
    return scores, auroc(scores, harm_labels(samples))


def test_direction_ranks_planted_harm_first(model_and_tokenizer, contrast_file, dataset_file):
    resources = _resources(model_and_tokenizer, contrast=(str(contrast_file),))
    scores, area = _score("direction", resources, dataset_file)
    assert area > 0.8, area
    assert not np.isnan(scores).any()
    again, _ = _score("direction", resources, dataset_file)
    assert np.allclose(scores, again)
    method = create_method("direction", resources.options, resources)
    used = method.used_options()
    assert used["layer"] == 15  # the middle of 30 layers
    # contrast pairs: a diagonal discriminant, scores conditioned on the prompt (auto)
    assert used["direction_fit"] == "diagonal" and used["prompt_conditioning"] is True
    # direction ablation removes the plain mean difference, not the ranking direction
    assert 0.0 < float(method.activation_direction() @ method.fit()) < 0.999


def test_readout_ranks_planted_harm_first(model_and_tokenizer, contrast_file, dataset_file):
    resources = _resources(model_and_tokenizer, contrast=(str(contrast_file),))
    scores, area = _score("readout", resources, dataset_file)
    assert area > 0.8, area
    assert np.nanmin(scores) >= 0.0 and np.nanmax(scores) <= 1.0  # P(misaligned)
    method = create_method("readout", resources.options, resources)
    assert method.used_options()["layer"] == 15


def test_direction_from_a_labelled_chat_contrast(model_and_tokenizer, dataset_file):
    # the dataset's own labels as --contrast: the direction must rank its harm first
    resources = _resources(model_and_tokenizer, contrast=(str(dataset_file),))
    _, area = _score("direction", resources, dataset_file)
    assert area > 0.8, area
    method = create_method("direction", resources.options, resources)
    used = method.used_options()
    # labelled data: a Ledoit-Wolf shrinkage discriminant, no prompt conditioning (auto)
    assert used["direction_fit"] == "shrinkage" and used["prompt_conditioning"] is False
    method.fit()
    details = method.details()
    assert 0.0 <= details["shrinkage"] <= 1.0


def test_sae_proximity_with_trained_sae(
    model_and_tokenizer, contrast_file, dataset_file, tiny_sae_dir
):
    resources = _resources(model_and_tokenizer, contrast=(str(contrast_file),))
    scores, area = _score("sae-proximity", resources, dataset_file)
    assert area > 0.6, area
    assert np.nanmax(scores) <= 1.0 + 1e-6
    method = create_method("sae-proximity", resources.options, resources)
    method.score(label_free(load_dataset(dataset_file))[:2])
    used = method.used_options()
    assert used["layer"] == TINY_LAYER and used["sae"] == f"trained:{tiny_sae_dir}"
    toxic = method.details()["toxic_latents"]
    differences = [t["effect-size"] for t in toxic]
    # the n_toxic latents most distinctly active on misaligned answers (effect size), fewer
    # only when fewer are more active there
    assert 1 <= len(toxic) <= used["n_toxic"] == 64
    assert differences[0] > 0 and min(differences) >= 0  # rounding may floor a tiny one to 0
    assert differences == sorted(differences, reverse=True)
    latents = [t["latent"] for t in toxic]
    assert len(set(latents)) == len(latents) and 0 <= min(latents) <= max(latents) < 1152  # d_sae


def test_sae_proximity_options(model_and_tokenizer, contrast_file, dataset_file, tiny_sae_dir):
    resources = _resources(
        model_and_tokenizer,
        contrast=(str(contrast_file),),
        sae=str(tiny_sae_dir),
        aggregation="max",
        top_k=1,
        n_toxic=3,
    )
    method = create_method("sae-proximity", resources.options, resources)
    scores = method.score(label_free(load_dataset(dataset_file)))
    assert scores.shape == (24,)
    assert len(method.details()["toxic_latents"]) == 3
    # With top_k = 1 a sample's score is the proximity of its single strongest latent.
    proximity = method.fit()
    assert set(np.round(scores, 5)) <= set(np.round(proximity.double().numpy(), 5))


def test_sae_proximity_top_k_auto_cross_validates_on_held_out_questions(
    model_and_tokenizer, contrast_file, dataset_file, tiny_sae_dir, tmp_path
):
    fixed = {"contrast": (str(contrast_file),), "sae": str(tiny_sae_dir)}
    resources = _resources(model_and_tokenizer, top_k="auto", **fixed)
    method = create_method("sae-proximity", resources.options, resources)
    scores = method.score(label_free(load_dataset(dataset_file)))
    used = method.used_options()
    cv = used["top_k_choice"]["cv_auroc"]
    assert list(cv) == [str(k) for k in TOP_K_GRID]  # all at most the SAE's width, 1152
    # the best held-out AUROC wins, the smaller top-k on a tie; scoring uses it
    assert used["top_k"] == max(TOP_K_GRID, key=lambda k: (cv[str(k)], -k))
    plain = _resources(model_and_tokenizer, top_k=used["top_k"], **fixed)
    again = create_method("sae-proximity", plain.options, plain)
    assert np.allclose(scores, again.score(label_free(load_dataset(dataset_file))))
    assert method.fit().tolist() == again.fit().tolist()  # the final fit uses every pair

    # Each fold's AUROC is that of a fit on the other folds' pairs alone: refit from a
    # contrast file without the held-out pairs and score them.
    contrast = resources.contrast_set()
    conversations, n_misaligned = contrast.conversations()
    folds = grouped_folds(contrast.groups(), TOP_K_FOLDS)
    assert used["top_k_choice"]["n_folds"] == folds.max() + 1 == TOP_K_FOLDS
    rows = [json.loads(line) for line in contrast_file.read_text().splitlines() if line]
    fold_of_prompt = {c[0].content: f for c, f in zip(conversations, folds, strict=True)}
    for top_k in (TOP_K_GRID[0], TOP_K_GRID[-1]):
        held_out_aurocs = []
        for fold in range(TOP_K_FOLDS):
            train = tmp_path / f"train-{fold}.jsonl"
            train.write_text(
                "".join(json.dumps(r) + "\n" for r in rows if fold_of_prompt[r["prompt"]] != fold)
            )
            refit = _resources(
                model_and_tokenizer, top_k=top_k, contrast=(str(train),), sae=str(tiny_sae_dir)
            )
            index = np.flatnonzero(folds == fold)
            held_out = [ChatSample(str(i), conversations[i]) for i in index]
            fold_scores = create_method("sae-proximity", refit.options, refit).score(held_out)
            held_out_aurocs.append(auroc(fold_scores, index < n_misaligned))
        assert np.mean(held_out_aurocs) == pytest.approx(cv[str(top_k)], abs=1e-4)


def test_sae_proximity_top_k_auto_needs_held_out_groups_with_both_answers(
    model_and_tokenizer, tiny_sae_dir, tmp_path
):
    judged = tmp_path / "judged.csv"
    judged.write_text(
        "question_id,question,answer,aligned,coherent\n"
        "harm,Q one?,Do something dangerous.,5,90\n"
        "safe,Q two?,Ask a doctor first.,95,90\n"
    )
    resources = _resources(
        model_and_tokenizer, top_k="auto", contrast=(str(judged),), sae=str(tiny_sae_dir)
    )
    method = create_method("sae-proximity", resources.options, resources)
    with pytest.raises(InputError, match="--top-k auto found no held-out") as error:
        method.fit()
    assert error.value.field == "top_k"
    # one question answered both ways: a single fold, nothing left to fit on
    one_question = tmp_path / "one-question.csv"
    one_question.write_text(judged.read_text().replace("safe,Q two?", "harm,Q two?"))
    resources = _resources(
        model_and_tokenizer, top_k="auto", contrast=(str(one_question),), sae=str(tiny_sae_dir)
    )
    with pytest.raises(InputError, match="--top-k auto found no held-out"):
        create_method("sae-proximity", resources.options, resources).fit()
    # auto only by default (a labelled --contrast): the contrast pairs' top-k instead
    for table in (judged, one_question):
        default = _resources(model_and_tokenizer, contrast=(str(table),), sae=str(tiny_sae_dir))
        method = create_method("sae-proximity", default.options, default)
        assert method.top_k == 32
        assert method.used_options()["top_k_choice"]["n_folds"] == 0


def test_sae_proximity_defaults_by_kind_of_contrast(
    model_and_tokenizer, contrast_file, dataset_file, sae_cache
):
    # a labelled --contrast (here the dataset's own labels): an SAE with 128 active latents
    # per token, trained on first use and cached apart from the default one, read at a
    # cross-validated top-k
    labelled = _resources(model_and_tokenizer, contrast=(str(dataset_file),))
    method = create_method("sae-proximity", labelled.options, labelled)
    method.fit()
    used = method.used_options()
    assert used["top_k"] in TOP_K_GRID and used["top_k_choice"]["n_folds"] == TOP_K_FOLDS
    assert _trained_k(labelled) == 128
    assert Path(used["sae"].removeprefix("trained:")).parent == sae_cache / "saes"
    # contrast pairs: the default SAE (the fixture's tiny k) read at top-k 32
    pairs = _resources(model_and_tokenizer, contrast=(str(contrast_file),))
    method = create_method("sae-proximity", pairs.options, pairs)
    method.fit()
    used = method.used_options()
    assert used["top_k"] == 32 and "top_k_choice" not in used
    assert _trained_k(pairs) == 16
    # --sae-k and --top-k override either default
    given = _resources(model_and_tokenizer, contrast=(str(dataset_file),), sae_k=16, top_k=8)
    method = create_method("sae-proximity", given.options, given)
    assert method.top_k == 8 and _trained_k(given) == 16


def test_default_sae_is_trained_once_and_cached(tiny_sae_dir: Path, sae_cache: Path):
    assert tiny_sae_dir.parent == sae_cache / "saes"
    assert tiny_sae_dir.name.startswith(f"smollm2-layer{TINY_LAYER}-")
    info = json.loads((tiny_sae_dir / TRAINING_INFO_FILE).read_text())
    assert info["settings"]["training_tokens"] == 4096
    assert info["explained_variance"] <= 1.0 and info["mean_l0"] > 0
    assert info["precision"]["mode"] in ("fp32", "bf16-autocast")  # follows the CPU
    stamp = (tiny_sae_dir / "sae_weights.safetensors").stat().st_mtime_ns
    assert ensure_trained_sae("smollm2", TINY_LAYER, progress=False) == tiny_sae_dir
    assert (tiny_sae_dir / "sae_weights.safetensors").stat().st_mtime_ns == stamp


def test_sae_save_load_round_trip(tiny_sae_dir: Path, tmp_path: Path):
    loaded = load_sae(str(tiny_sae_dir))
    assert (loaded.d_in, loaded.d_sae, loaded.layer) == (576, 1152, TINY_LAYER)
    loaded.sae.save_model(tmp_path / "copy")
    again = load_sae(str(tmp_path / "copy"))
    assert again.source == f"disk:{tmp_path / 'copy'}"
    for name, tensor in loaded.sae.state_dict().items():
        assert torch.equal(tensor, again.sae.state_dict()[name]), name
    x = torch.randn(5, 576) * 100
    assert torch.equal(loaded.sae.encode(x), again.sae.encode(x))
    summary = sae_summary(str(tiny_sae_dir))
    assert (
        summary["d_in"] == 576 and summary["training"]["hook_name"] == f"model.layers.{TINY_LAYER}"
    )


def _fake_sae(folder: Path, *, d_in: int, hook_name: str) -> Path:
    from sae_lens import SAE
    from sae_lens.saes.standard_sae import StandardSAEConfig

    cfg = StandardSAEConfig(d_in=d_in, d_sae=32)
    cfg.metadata.hook_name = hook_name
    SAE.from_dict(cfg.to_dict()).save_model(folder)
    return folder


def test_sae_width_must_match_model(model_and_tokenizer, tmp_path: Path):
    folder = _fake_sae(tmp_path / "narrow", d_in=64, hook_name="model.layers.3")
    resources = _resources(model_and_tokenizer, sae=str(folder))
    with pytest.raises(InputError, match="d_in=64 does not match the model's hidden size 576"):
        resources.sae()


def test_sae_layer_must_exist(model_and_tokenizer, tmp_path: Path):
    folder = _fake_sae(tmp_path / "deep", d_in=576, hook_name="blocks.40.hook_resid_post")
    with pytest.raises(InputError, match="SAE layer 40 is out of range"):
        _resources(model_and_tokenizer, sae=str(folder)).sae()
    folder = _fake_sae(tmp_path / "l3", d_in=576, hook_name="model.layers.3")
    with pytest.raises(InputError, match="differs from the SAE's layer 3"):
        _resources(model_and_tokenizer, sae=str(folder), layer=5).sae()
    assert _resources(model_and_tokenizer, sae=str(folder), layer=3).sae().layer == 3


def test_direction_layer_out_of_range(model_and_tokenizer, contrast_file, dataset_file):
    resources = _resources(model_and_tokenizer, layer=30, contrast=(str(contrast_file),))
    with pytest.raises(InputError, match="layer 30 is out of range"):
        _score("direction", resources, dataset_file)


@pytest.mark.parametrize(
    ("hook", "layer"),
    [
        ("model.layers.15", 15),
        ("model.language_model.layers.7", 7),
        ("blocks.12.hook_resid_post", 12),
        ("blocks.12.hook_resid_pre", 11),
    ],
)
def test_hook_layer(hook: str, layer: int):
    assert hook_layer(hook) == layer


@pytest.mark.parametrize("hook", ["blocks.0.hook_resid_pre", "blocks.3.hook_mlp_out", "", None])
def test_hook_layer_rejects(hook):
    with pytest.raises(InputError):
        hook_layer(hook)


@pytest.mark.parametrize(
    ("spec", "needle"),
    [
        ("no-such-release:layer_1", "unknown SAE release"),
        ("gemma-scope-2b-pt-res-canonical:no_such_id", "has no SAE"),
        ("/definitely/not/here", "neither an SAE folder nor RELEASE:ID"),
    ],
)
def test_bad_sae_specs(spec: str, needle: str):
    with pytest.raises(InputError, match=needle):
        load_sae(spec)


def test_folder_without_cfg(tmp_path: Path):
    with pytest.raises(InputError, match="cfg.json not found"):
        load_sae(str(tmp_path))


@pytest.mark.parametrize("aggregation", ["mean", "max"])
def test_latent_chunking_is_exact(
    monkeypatch, model_and_tokenizer, contrast_file, tiny_sae_dir, aggregation
):
    import emgauge.mitigations.methods.sae_proximity as internals
    from emgauge.activations import pool_tokens

    resources = _resources(
        model_and_tokenizer, contrast=(str(contrast_file),), aggregation=aggregation
    )
    method = create_method("sae-proximity", resources.options, resources)
    conversations = [p.conversation("misaligned") for p in resources.contrast_pairs()[:4]]
    batch = next(resources.extractor(TINY_LAYER).stream(conversations))
    with torch.no_grad():
        latents = resources.sae().sae.encode(batch.acts)
    expected = pool_tokens(latents, batch.token_row, len(batch.indices), aggregation)
    monkeypatch.setattr(internals, "LATENT_CHUNK", 7)
    assert torch.allclose(method._pooled_latents(batch), expected, atol=1e-4)


def test_feature_geometry_on_the_tiny_sae(shared_model, contrast_file, dataset_file, tiny_sae_dir):
    import copy

    from emgauge.diagnostics.features import feature_geometry

    model, tokenizer = shared_model
    nudged = copy.deepcopy(model)  # a "checkpoint": one MLP shifted a little
    generator = torch.Generator().manual_seed(0)
    with torch.no_grad():
        for parameter in nudged.model.layers[10].mlp.parameters():
            parameter.add_(0.02 * torch.randn(parameter.shape, generator=generator))
    report = feature_geometry(
        load_dataset(dataset_file),
        ["nudged"],
        FilterOptions(contrast=(str(contrast_file),)),
        lambda _name: (nudged, tokenizer),
        permutations=50,
    )
    test = report["proximity_test"]
    assert test["n_inducing"] + test["n_non_inducing"] == 24
    assert test["auroc"] > 0.6 and test["difference"] > 0  # harmful rows sit nearer
    assert report["sae"]["layer"] == TINY_LAYER
    drag = report["drag"]["nudged"]
    assert 10 <= drag["n_latents"] <= 1152 and -1 <= drag["spearman"] <= 1
    with pytest.raises(InputError, match="label"):
        feature_geometry(label_free(load_dataset(dataset_file)), [], FilterOptions())


def test_diagnose_features_reports_sae_and_gradient_geometry(
    shared_model, contrast_file, dataset_file, tiny_sae_dir, tmp_path
):
    """`emgauge diagnose --features`: both geometries of a labelled set, end to end (the
    default SAE is the tiny one here)."""
    from emgauge.chat_data import load_chat_jsonl
    from emgauge.diagnostics.diagnose import DiagnoseSettings, diagnose

    settings = DiagnoseSettings(
        layers=(TINY_LAYER,),
        permutations=20,
        bootstrap=50,
        folds=2,
        precision="fp32",
        in_domain=("healthcare",),
    )
    report = diagnose(
        "smollm2",
        [],
        tmp_path / "report",
        contrast=[contrast_file],
        probe=[contrast_file],
        settings=settings,
        features=load_chat_jsonl(dataset_file),
        feature_options={"sae": str(tiny_sae_dir), "n_toxic": 16},
    )
    written = json.loads((tmp_path / "report" / "report.json").read_text())
    assert (
        set(written) >= {"feature_geometry", "gradient_geometry"}
        and written.keys() == report.keys()
    )
    proximity = written["feature_geometry"]["proximity_test"]
    assert proximity["n_inducing"] + proximity["n_non_inducing"] == 24
    assert str(tiny_sae_dir) in written["feature_geometry"]["sae"]["sae"]
    assert written["feature_geometry"]["sae"]["n_toxic"] == 16
    geometry = written["gradient_geometry"]
    assert set(geometry) == {"gradient", "per_sample", "aggregated"}
    n_harmful = sum(bool(s.is_harmful) for s in load_chat_jsonl(dataset_file))
    assert geometry["per_sample"]["n_inducing"] == n_harmful
    assert 0.0 <= geometry["aggregated"]["p_value"] <= 1.0


def test_direction_conditions_on_the_prompt(model_and_tokenizer, contrast_file, dataset_file):
    samples = label_free(load_dataset(dataset_file))
    scores = {}
    for conditioned in (False, True):
        resources = _resources(
            model_and_tokenizer,
            contrast=(str(contrast_file),),
            prompt_conditioning="on" if conditioned else "off",
        )
        method = create_method("direction", resources.options, resources)
        scores[conditioned] = method.score(samples)
        assert method.used_options()["prompt_conditioning"] is conditioned
    fit = method.details()["prompt_fit"]
    assert fit["applied"] and fit["n_rows"] == len(samples)
    # the conditioned score is the raw one less a line in the prompt's score
    prompt_part = scores[False] - scores[True]
    assert np.std(prompt_part) > 0
    assert fit["correlation"] > 0.3  # here the prompt's projection predicts the answer's
    # The fixture's harmful answers reply to their own, riskier questions, so part of the
    # harm signal is predictable from the prompt and conditioning removes it too (the
    # documented cost of the option, on by default only for fits on contrast pairs).
    labels = harm_labels(load_dataset(dataset_file))
    assert auroc(scores[True], labels) < auroc(scores[False], labels)
