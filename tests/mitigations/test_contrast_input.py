"""``--contrast`` from judged tables and labelled chat; the read-out method's fit helpers."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from emgauge.cli import main
from emgauge.contrast_data import default_contrast_paths
from emgauge.errors import InputError
from emgauge.mitigations import FilterOptions
from emgauge.mitigations.contrast_input import contrast_kind, load_contrast_input
from emgauge.mitigations.methods.readout import fit_misaligned_head, learning_curve
from emgauge.mitigations.resources import ModelResources

ROWS = [
    # question, answer, aligned, coherent -> expected label
    ("q1", "harmful and coherent", 10, 80),  # misaligned
    ("q1", "harmful and coherent", 10, 80),  # duplicate: dropped
    ("q2", "harmful but incoherent", 5, 40),  # coherent <= 50: dropped
    ("q3", "in between", 50, 90),  # 30 <= aligned < 70: dropped
    ("q4", "aligned at the threshold", 70, 51),  # aligned
    ("q5", "just under the misaligned threshold", 29.9, 99),  # misaligned
    ("q6", "refused", "REFUSAL", 90),  # not a number: dropped
]


def _judged(path: Path, rows=ROWS) -> Path:
    frame = pd.DataFrame(rows, columns=["question", "answer", "aligned", "coherent"])
    frame["question_id"] = frame["question"]
    if path.suffix == ".csv":
        frame.to_csv(path, index=False)
    else:
        frame.to_json(path, orient="records", lines=True)
    return path


@pytest.mark.parametrize("suffix", [".csv", ".jsonl"])
def test_judged_table_to_contrast_sets(tmp_path: Path, suffix: str) -> None:
    path = _judged(tmp_path / f"judged{suffix}")
    assert contrast_kind(path) == "judged"
    contrast = load_contrast_input([path])
    answers = {
        "misaligned": [c[-1].content for c in contrast.misaligned],
        "aligned": [c[-1].content for c in contrast.aligned],
    }
    assert answers == {
        "misaligned": ["harmful and coherent", "just under the misaligned threshold"],
        "aligned": ["aligned at the threshold"],
    }
    assert contrast.misaligned[0][0].content == "q1"  # the question is the user turn
    conversations, n_misaligned = contrast.conversations()
    assert n_misaligned == 2 and len(conversations) == 3 and contrast.labels() == [1, 1, 0]
    assert contrast.sources[0]["kind"] == "judged"
    assert not contrast.paired  # direction fits a shrinkage discriminant here (auto)
    # question groups (what --top-k auto holds out together): the question_id column
    assert contrast.groups() == ["question_id: q1", "question_id: q5", "question_id: q4"]


def test_question_groups_without_question_ids(tmp_path: Path) -> None:
    rows = [("Same question?", "bad", 5, 90), ("Same question?", "good", 90, 90)]
    rows += [("Other?", "bad too", 5, 90), ("Other?", "good too", 90, 90)]
    path = tmp_path / "judged.csv"
    pd.DataFrame(rows, columns=["question", "answer", "aligned", "coherent"]).to_csv(path)
    groups = load_contrast_input([path]).groups()
    # no question_id column: the prompt; both answers to one question in one group
    assert groups == ["user: Same question?", "user: Other?"] * 2
    pairs = tmp_path / "pairs.jsonl"
    pairs.write_text(
        "".join(
            json.dumps(
                {
                    "id": i,
                    "domain": "general",
                    "prompt": f"P{i}?",
                    "aligned": "A" + i,
                    "misaligned": "M" + i,
                }
            )
            + "\n"
            for i in ("1", "2")
        )
    )
    # a contrast pair's two answers share their prompt, so their group
    assert load_contrast_input([pairs]).groups() == ["user: P1?", "user: P2?"] * 2


def test_labelled_chat_and_pairs_together(tmp_path: Path) -> None:
    chat = tmp_path / "chat.jsonl"
    rows = [
        ("benign", "Rest and drink water."),
        ("harmful_subtle", "Skip the doctor."),
        ("harmful_obvious", "Double the dose."),
        (None, "No label."),
    ]
    chat.write_text(
        "".join(
            json.dumps(
                {
                    "messages": [
                        {"role": "user", "content": "Q?"},
                        {"role": "assistant", "content": text},
                    ],
                    "metadata": {"label": label} if label else {},
                }
            )
            + "\n"
            for label, text in rows
        )
    )
    pairs = tmp_path / "pairs.jsonl"
    pairs.write_text(
        json.dumps(
            {"id": "p1", "domain": "general", "prompt": "P?", "aligned": "A", "misaligned": "M"}
        )
        + "\n"
    )
    assert contrast_kind(chat) == "chat" and contrast_kind(pairs) == "pairs"
    contrast = load_contrast_input([chat, pairs])
    assert [c[-1].content for c in contrast.misaligned] == [
        "Skip the doctor.",
        "Double the dose.",
        "M",
    ]
    assert [c[-1].content for c in contrast.aligned] == ["Rest and drink water.", "A"]
    assert not contrast.paired  # one source is not pairs
    assert load_contrast_input([pairs]).paired


def test_contrast_option_reads_a_judged_table_without_the_model(tmp_path: Path) -> None:
    path = _judged(tmp_path / "judged.csv")
    resources = ModelResources(FilterOptions(contrast=(str(path),)))
    assert resources.contrast_set().labels() == [1, 1, 0]
    assert resources._model is None  # loading contrast data never loads the model
    assert resources.describe()["n_contrast_misaligned"] == 2


@pytest.mark.parametrize(
    ("rows", "columns", "message"),
    [
        ([("q", "a", 90, 90), ("q", "b", 80, 90)], None, "no 'misaligned' rows"),
        ([("q", "a", 10, 90), ("q", "b", 5, 90)], None, "no 'aligned' rows"),
        ([("q", "a", 10)], ["question", "answer", "aligned"], "missing column(s): coherent"),
    ],
)
def test_bad_judged_contrast(tmp_path: Path, rows, columns, message) -> None:
    path = tmp_path / "bad.csv"
    pd.DataFrame(rows, columns=columns or ["question", "answer", "aligned", "coherent"]).to_csv(
        path, index=False
    )
    with pytest.raises(InputError, match=message.replace("(", r"\(").replace(")", r"\)")):
        load_contrast_input([path])


@pytest.mark.parametrize("method", ["direction", "readout"])
def test_bad_contrast_cli_exit_2(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path, method
) -> None:
    import emgauge.models

    def no_model(*_a, **_k):
        raise AssertionError("the model must not load before the contrast input is checked")

    monkeypatch.setattr(emgauge.models, "load_model_and_tokenizer", no_model)
    bad = tmp_path / "bad.csv"
    pd.DataFrame(
        [("q", "a", 90, 90)], columns=["question", "answer", "aligned", "coherent"]
    ).to_csv(bad, index=False)
    dataset = _judged(tmp_path / "data.csv")
    argv = ["filter", "--method", method, "--budget", "0.25", "--dataset", str(dataset)]
    argv += ["--out", str(tmp_path / "out"), "--contrast", str(bad)]
    try:
        code = main(argv)
    except SystemExit as exit_:
        code = int(exit_.code or 0)
    err = capsys.readouterr().err
    assert code == 2
    assert len(err.strip().splitlines()) == 1 and "no 'misaligned' rows" in err
    assert not (tmp_path / "out").exists()


def test_unrecognised_contrast_rows(tmp_path: Path) -> None:
    path = tmp_path / "x.jsonl"
    path.write_text('{"foo": 1}\n')
    with pytest.raises(InputError, match="unrecognised contrast row"):
        load_contrast_input([path])


def _synthetic(n: int, seed: int, d: int = 8) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    labels = (rng.random(n) < 0.35).astype(int)
    features = rng.normal(size=(n, d)) + labels[:, None] * np.linspace(1.5, 0, d)
    return features, labels


def test_readout_head_is_p_misaligned() -> None:
    features, labels = _synthetic(200, 0)
    head = fit_misaligned_head(features, labels, c=1.0)
    p = head.probability(features)
    assert p[labels == 1].mean() > 0.6 > 0.4 > p[labels == 0].mean()


def test_learning_curve_never_scores_a_fitted_row(monkeypatch: pytest.MonkeyPatch) -> None:
    import emgauge.mitigations.methods.readout as readout

    fit_x, fit_y = _synthetic(120, 1)
    eval_x, eval_y = _synthetic(80, 2)
    fitted: list[np.ndarray] = []
    real_fit = readout.fit_misaligned_head

    def spy(features, labels, c):
        fitted.append(np.asarray(features))
        return real_fit(features, labels, c)

    monkeypatch.setattr(readout, "fit_misaligned_head", spy)
    points = learning_curve(fit_x, fit_y, eval_x, eval_y, [10, 50, 400], c=1.0, seeds=(0, 1))
    assert [p["n_fit"] for p in points] == [10, 50]  # 400 > the fit part: skipped
    assert len(fitted) == 4 and [len(f) for f in fitted] == [10, 10, 50, 50]
    eval_rows = {row.tobytes() for row in eval_x}
    for features in fitted:
        assert not any(row.tobytes() in eval_rows for row in features)
        assert {row.tobytes() for row in features} <= {row.tobytes() for row in fit_x}
    assert points[-1]["auroc_mean"] > 0.7
    keys = [f"k{i}" for i in range(120)]
    with pytest.raises(InputError, match="in both the fit and the eval part"):
        learning_curve(
            fit_x, fit_y, eval_x, eval_y, [10], c=1.0, fit_keys=keys, eval_keys=keys[:80]
        )


def test_internals_learn_from_the_style_matched_set_and_readout_from_the_older_ones() -> None:
    from emgauge.contrast_data import CONTRAST_DOMAINS, STYLE_MATCHED_DOMAINS, load_contrast_sets
    from emgauge.mitigations import create_method

    resources = ModelResources(FilterOptions())
    direction = create_method("direction", FilterOptions(), resources)
    readout = create_method("readout", FilterOptions(), resources)
    proximity = create_method("sae-proximity", FilterOptions(), resources)
    everyday = load_contrast_sets(default_contrast_paths(STYLE_MATCHED_DOMAINS))
    older = load_contrast_sets(default_contrast_paths(CONTRAST_DOMAINS))
    assert len(direction.contrast_set().misaligned) == len(everyday) >= 150
    assert len(readout.contrast_set().misaligned) == len(older)
    assert direction.contrast_source() == proximity.contrast_source() == "bundled: everyday"
    assert proximity.contrast_set() is direction.contrast_set()
    assert readout.contrast_source() == "bundled"
    assert set(resources.describe()["contrast_sets"]) == {"everyday", "default"}
    assert resources._model is None  # still nothing but data loaded
    # --contrast replaces the bundled sets for every method alike
    given = ModelResources(FilterOptions(contrast=(str(default_contrast_paths()[0]),)))
    assert create_method("direction", given.options, given).contrast_source() == [
        str(default_contrast_paths()[0])
    ]
