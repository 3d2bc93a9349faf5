"""The theme model: tags the rules miss, with evidence; rules-only mode unchanged; determinism; clear errors."""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from lavrovkit import corpus_load
from lavrovkit.cli import main
from lavrovkit.errors import ParameterError, ThemeModelError, ThemeModelWarning
from lavrovkit.theme_model import (
    MODEL_FILE,
    ThemeModel,
    theme_model_fit,
    theme_model_for,
    theme_model_load,
)
from lavrovkit.themes import (
    taxonomy_load,
    theme_evidence,
    theme_hits,
    theme_paragraphs,
    theme_sentences,
)

#: Paragraphs about the economy in words no rule of economy_trade names (half of them), and others.
ECONOMY = [
    "Our farmers sold twice as much wheat to buyers abroad this year.",
    "Ports handled record cargo as shipments of fertiliser to Asia grew.",
    "Tariffs on steel were cut, and the car makers found new customers overseas.",
    "The currency held steady while oil revenues filled the budget.",
    "Factories reopened and wages rose in the regions after the harvest was sold abroad.",
    "The pipeline now carries gas to customers in three countries.",
    "Banks lent more to small firms, and exports of machinery doubled.",
    "The free-trade zone with our neighbours opened new markets for our goods.",
]
OTHER = [
    "The choir sang at the festival in the old town.",
    "Heavy snow closed the mountain roads for a week.",
    "The football team won the cup after a long season.",
    "A new museum of painting opened on the river bank.",
    "The poet read her verses to a crowded hall.",
    "Spring came early and the gardens were full of flowers.",
    "Children returned to school after the summer holidays.",
    "The orchestra played a symphony by a young composer.",
]


def _labels() -> pd.DataFrame:
    texts = ECONOMY + OTHER
    return pd.DataFrame({"set": "test", "doc_id": [f"d{i}" for i in range(len(texts))], "paragraph_id": 0,
                         "text": texts, "gold": [["economy_trade"]] * len(ECONOMY) + [[]] * len(OTHER),
                         "note": "", "label_file": [f"mine.jsonl:{i + 1}" for i in range(len(texts))]})


@pytest.fixture(scope="module")
def model() -> ThemeModel:
    return theme_model_fit(_labels(), min_positives=4, min_gain=1, folds=4)  # the rules' tags computed inside


@pytest.fixture(scope="module")
def speech(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("speech")
    (folder / "speech.txt").write_text(
        "The choir sang in the square on Sunday.\n\n"
        "The orchestra toured the provinces in May. Our grain and timber sold well to buyers in faraway lands "
        "this season.\n\n"
        "Shipments of wheat abroad reached a record.\n\n"
        "Heavy snow fell in the mountains.\n", encoding="utf-8")
    return folder


def test_an_implied_theme_gets_the_model_tag_with_evidence(model: ThemeModel, speech: Path) -> None:
    assert model.trained("economy_trade") and not model.trained("syria")
    corpus = corpus_load(speech)
    rules = theme_hits(corpus, speaker="all", method="rules")
    assert "economy_trade" not in set(rules["theme"])  # no rule term in the speech
    hits = theme_hits(corpus, speaker="all", method="rules+model", model=model)
    added = hits[hits["method"] == "model"]
    assert set(added["theme"]) == {"economy_trade"}
    sents = corpus.sentences.set_index("sentence_id")["text"]
    on = {sents[s] for s in added["sentence_id"]}
    # placed on the sentence that carries the theme, not on its neighbour in the paragraph
    assert on == {"Our grain and timber sold well to buyers in faraway lands this season.",
                  "Shipments of wheat abroad reached a record."}
    row = added.iloc[0]
    assert row["rule"] == 0 and 0 < row["score"] <= 1 and row["match"] == sents[row["sentence_id"]]
    assert row["examples"].startswith("mine.jsonl:") and "(0." in row["examples"]  # nearest labelled, cosine
    text = corpus.documents["text"].iloc[0]
    assert text[row["start_char"]:row["end_char"]] == row["match"]  # provenance: the span in the document
    s = theme_sentences(corpus, speaker="all", method="rules+model", model=model)
    tagged = s[s["themes"].str.len() > 0]
    assert (tagged["themes"] == tagged["model_themes"]).all() and tagged["model_evidence"].str.len().eq(1).all()
    assert tagged["model_evidence"].iloc[0][0].startswith("economy_trade p=")
    p = theme_paragraphs(corpus, speaker="all", method="rules+model", model=model)
    assert p.set_index("paragraph_id")["model_themes"].map(len).tolist() == [0, 1, 1, 0]
    ev = theme_evidence(corpus, "economy_trade", speaker="all", method="rules+model", model=model)
    assert len(ev) == 2 and set(ev["method"]) == {"model"} and ev["evidence"].iloc[0][0].startswith("model p=")


def test_rules_mode_is_unchanged_and_the_model_only_adds(seeds) -> None:  # type: ignore[no-untyped-def]
    rules = theme_hits(seeds, speaker="all", method="rules")
    assert rules.equals(theme_hits(seeds, speaker="all"))  # the default is the rules
    assert set(rules["method"]) == {"rules"} and rules["score"].isna().all() and (rules["examples"] == "").all()
    both = theme_hits(seeds, speaker="all", method="rules+model")  # the shipped model
    kept = both[both["method"] == "rules"].reset_index(drop=True)
    assert kept.equals(rules.reset_index(drop=True))  # every rule hit and its evidence stays
    model_rows = both[both["method"] == "model"]
    assert (model_rows["rule"] == 0).all() and model_rows["examples"].str.contains(r"\.jsonl:\d+ \(").all()
    # the speaker scope filters model tags by the sentence they sit on
    lavrov = theme_sentences(seeds, method="rules+model")
    assert set(lavrov["speaker"]) == {"Sergey Lavrov"}
    assert theme_sentences(seeds, method="rules").drop(columns=["model_themes", "model_evidence"]).equals(
        theme_sentences(seeds).drop(columns=["model_themes", "model_evidence"]))


def test_thresholds_come_from_the_labels_the_rules_were_not_revised_on() -> None:
    # half the paragraphs stand for labels the rules were tuned on ("old"), half for fresh ones
    from lavrovkit.evaluate import tag_labels, theme_cv

    labels = _labels().assign(set=["old", "fresh"] * 8)
    tagged = tag_labels(labels)
    cv = theme_cv(tagged, folds=4, min_gain=1, test_sets=["fresh"], select_sets=["fresh"])
    assert len(cv) == 8 and set(cv["set"]) == {"fresh"} and sorted(set(cv["fold"])) == [0, 1, 2, 3]
    assert set(cv["themes"].map(len)) <= {0, 1} and cv["rules"].tolist() == tagged["themes"][1::2].tolist()
    fitted = theme_model_fit(tagged, min_positives=2, min_gain=1, folds=2, select_sets=["fresh"])
    assert fitted.meta["select_sets"] == ["fresh"]
    with pytest.raises(ParameterError, match="no labelled rows left to choose the model's thresholds on"):
        theme_model_fit(tagged, min_positives=2, min_gain=1, folds=2, select_sets=["elsewhere"])
    with pytest.raises(ParameterError, match="no labelled paragraphs in the sets"):
        theme_cv(tagged, folds=2, test_sets=["elsewhere"])


def test_a_model_trained_twice_is_the_same(model: ThemeModel, speech: Path) -> None:
    again = theme_model_fit(_labels(), min_positives=4, min_gain=1, folds=4)
    assert again.digest() == model.digest()
    assert np.array_equal(again.coef, model.coef) and np.array_equal(again.add_threshold, model.add_threshold)
    corpus = corpus_load(speech)
    a = theme_hits(corpus, speaker="all", method="rules+model", model=model)
    b = theme_hits(corpus_load(speech), speaker="all", method="rules+model", model=again)
    assert a.equals(b)


def test_saved_model_round_trips_and_a_mismatch_is_a_clear_error(model: ThemeModel, tmp_path: Path) -> None:
    path = model.save(tmp_path / "mine.npz")
    loaded = theme_model_load(path)
    assert loaded.digest() == model.digest() and loaded.path == str(path)
    assert model.save(tmp_path / "again.npz").read_bytes() == path.read_bytes()  # same model, same bytes
    meta = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
    bad = tmp_path / "other.npz"
    bad.write_bytes(path.read_bytes())
    bad.with_suffix(".json").write_text(json.dumps({**meta, "embedder_version": "0.0.1"}), encoding="utf-8")
    with pytest.raises(ThemeModelError, match=r"other\.npz: made with the embedder e5-small 0\.0\.1"):
        theme_model_load(bad)
    bad.with_suffix(".json").write_text(json.dumps({**meta, "taxonomy_fingerprint": "0123456789ab"}),
                                        encoding="utf-8")
    with pytest.raises(ThemeModelError, match=r"other\.npz: made for the taxonomy"):
        theme_model_load(bad)
    with pytest.raises(ThemeModelError, match=r"nothere\.npz: no theme model"):
        theme_model_load(tmp_path / "nothere.npz")


def test_an_analysts_taxonomy_without_a_model_falls_back_to_the_rules(tmp_path: Path, seeds) -> None:  # type: ignore[no-untyped-def]
    tax = tmp_path / "mine.yaml"
    tax.write_text("themes:\n  - id: grain\n    rules: [{terms: [wheat, grain]}]\n", encoding="utf-8")
    mine = taxonomy_load(tax)
    with pytest.warns(ThemeModelWarning, match="themes by the rules alone"):
        assert theme_model_for(mine, "rules+model") is None
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert theme_model_for(mine, "auto") is None  # auto: silently the rules
    with pytest.raises(ThemeModelError, match="theme_model.npz: made for the taxonomy"):
        theme_hits(seeds, mine, speaker="all", method="rules+model", model=MODEL_FILE)
    with pytest.raises(ParameterError, match="method must be one of"):
        theme_hits(seeds, speaker="all", method="model")


def test_cli_themes_method(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["themes", "--level", "paragraph", "--only-tagged", "--method", "rules", "--format", "jsonl"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert rows and all(r["model_themes"] == [] and r["model_evidence"] == [] for r in rows)
    with pytest.raises(SystemExit):
        main(["themes", "--method", "nonsense"])
