"""bench/components.py on a tiny sample: the figures have the right shape and sane values."""

from __future__ import annotations

import importlib.util
import json
import sys

import pytest

from lavrovkit import corpus_load
from lavrovkit.evaluate import LABELS

from .conftest import ROOT


@pytest.fixture(scope="module")
def components():
    spec = importlib.util.spec_from_file_location("bench_components", ROOT / "bench" / "components.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def result(components, tmp_path_factory):
    # a few labelled paragraphs (seeds, tagged inside their documents, and UNGDC ones)
    labels = tmp_path_factory.mktemp("labels")
    lines = (LABELS / "labels_a.jsonl").read_text(encoding="utf-8").splitlines()
    seeds = [ln for ln in lines if json.loads(ln)["set"] == "seeds"][:3]
    others = [ln for ln in lines if json.loads(ln)["set"] != "seeds"][:5]
    (labels / "labels_x.jsonl").write_text("\n".join(seeds + others) + "\n", encoding="utf-8")
    corpus = corpus_load()
    texts = {k: t[:1500] for k, t in zip(corpus.documents["key"], corpus.documents["text"], strict=True)}
    configs = {name: components.CONFIGS[name] for name in ("parser", "default", "no_ner")}
    return components.run(texts, quick=True, configs=configs, labels=labels)


def test_component_shares(result) -> None:
    comps = {c["name"]: c for c in result["components"]}
    assert {"tokenizer", "tok2vec", "tagger", "parser", "ner"} <= set(comps)
    assert sum(c["share"] for c in comps.values()) == pytest.approx(1.0, abs=0.01)
    assert all(c["seconds"] >= 0 and 0 <= c["share"] <= 1 for c in comps.values())
    assert result["staged_equals_pipe"] is True
    assert result["sample_docs"] == 5 and result["sample_words"] > 500


def test_configurations(result) -> None:
    rows = {c["name"]: c for c in result["configs"]}
    assert set(rows) == {"parser", "default", "no_ner"}
    ref = rows["parser"]
    assert "parser" in ref["components"] and "senter" not in ref["components"]
    for key in ("sentence_f1", "entity_f1", "lemma_agreement", "pos_agreement", "theme_agreement",
                "theme_hit_f1", "sample_sentence_f1", "sample_entity_f1", "sample_theme_agreement"):
        assert ref[key] == 1.0, key  # the reference agrees with itself
    assert ref["speed_vs_parser"] == 1.0
    for row in rows.values():
        assert row["words_per_s"] > 0
        for key, value in row.items():
            if key.endswith(("_f1", "_agreement", "_precision", "_recall")) and value is not None:
                assert 0.0 <= value <= 1.0, (row["name"], key, value)
    assert rows["no_ner"]["entity_f1"] is None and "n/a" in rows["no_ner"]["note"]
    assert rows["default"]["entity_f1"] is not None
    # the choice names a configuration, from the figures
    assert any(f"'{name}'" in result["choice"] for name in rows)
    assert result["labelled_paragraphs"] == 8 and result["labelled_sets"]["seeds"] == 3


def test_unparse_lets_the_kit_mend_parser_sentences(components) -> None:
    from lavrovkit import annotate as ann

    text = ("GENEVA, August 27. /TASS/. Russian Foreign Minister Sergei Lavrov and U.S. Secretary of State "
            "John Kerry have rounded up the talks on Syria.")
    # with the parser itself, mend_sentences raises spaCy's E043 on this text (a parsed Doc's
    # sentence starts are read-only); the parse-free copy takes the same mending as the senter's
    tables = ann.annotate_texts({"k": text}, components.mendable_pipeline(components.CONFIGS["parser"]))
    s = tables["sentences"]
    assert text[s.start_char[0]:s.end_char[0]] == "GENEVA, August 27. /TASS/."  # mended like the senter's
    assert set(tables["entities"]["label"]) >= {"PERSON", "GPE"}
