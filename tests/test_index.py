"""The token index kept with the cache: read on a second load, healed when damaged, its own for a sub-corpus;
phrase splits remembered across processes."""

from __future__ import annotations

import warnings
from pathlib import Path

import pandas as pd
import pytest

from lavrovkit import corpus_load, index
from lavrovkit.errors import CacheWarning, SmallBaseWarning
from lavrovkit.index import index_folder, token_index
from lavrovkit.keywords import keyness
from lavrovkit.matching import blank_nlp, word_tokens
from lavrovkit.phrasing import kwic, phrase_trend

PHRASES = ["dialogue", "our American partners", "US", "Russian-US", "sanctions", "international law"]


def answers(corpus):  # type: ignore[no-untyped-def]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SmallBaseWarning)  # the seeds are under the keyness minimum
        return (phrase_trend(corpus, PHRASES, by="year", speaker="all"),
                kwic(corpus, "dialogue", speaker="all"),
                keyness(corpus, target="2019-01-01:", reference=":2018-12-31", speaker="all"))


def fresh():  # type: ignore[no-untyped-def]
    """The seeds loaded again: a new corpus object (nothing memoised), as in a new process."""
    return corpus_load().annotate(progress=False)


def assert_same(a, b) -> None:  # type: ignore[no-untyped-def]
    for x, y in zip(a, b, strict=True):
        pd.testing.assert_frame_equal(x, y)


def built_in_memory(corpus):  # type: ignore[no-untyped-def]
    """The answers from an index built now and never saved (what every call did before the index was kept)."""
    corpus.memo["phrase_index_persist"] = False
    return answers(corpus)


def test_a_second_load_reads_the_saved_index_and_answers_the_same(seeds, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    expected = built_in_memory(fresh())
    first = fresh()
    assert_same(answers(first), expected)
    folder = index_folder(first)
    assert (folder / "index.json").is_file() and (folder / "lower.npy").is_file()
    second = fresh()

    def no_build(*_: object) -> None:
        raise AssertionError("the index was built again")

    monkeypatch.setattr(index, "_build_forms", no_build)
    assert_same(answers(second), expected)
    assert isinstance(token_index(second)["lower"], __import__("numpy").memmap)


def test_form_queries_never_read_lemmas(seeds) -> None:  # type: ignore[no-untyped-def]
    corpus = fresh()
    phrase_trend(corpus, ["dialogue"], speaker="all")
    idx = token_index(corpus)
    assert "lemma" not in dict.keys(idx)
    lemma_folder = index_folder(corpus).with_name(index_folder(corpus).name + ".lemma")
    lemma_trend = phrase_trend(corpus, ["relation"], speaker="all", lemma=True)
    assert lemma_folder.is_dir() and "lemma" in dict.keys(idx)
    again = fresh()
    assert phrase_trend(again, ["relation"], speaker="all", lemma=True).equals(lemma_trend)
    assert lemma_trend["count"].sum() > phrase_trend(corpus, ["relation"], speaker="all")["count"].sum()


@pytest.mark.parametrize("damage", ["truncate", "garbage", "remove"])
def test_a_damaged_index_file_heals_with_a_warning(seeds, damage: str) -> None:  # type: ignore[no-untyped-def]
    expected = built_in_memory(fresh())
    first = fresh()
    answers(first)
    path = index_folder(first) / "lower.npy"
    data = path.read_bytes()
    if damage == "truncate":
        path.write_bytes(data[: len(data) // 2])
    elif damage == "garbage":
        path.write_bytes(b"not an array" + data[12:])
    else:
        path.unlink()
    second = fresh()
    with pytest.warns(CacheWarning, match="lower.npy"):
        got = answers(second)
    assert_same(got, expected)
    assert path.is_file() and path.read_bytes() == data  # written again, whole
    with warnings.catch_warnings():
        warnings.simplefilter("error", CacheWarning)
        assert_same(answers(fresh()), expected)


def test_a_sub_corpus_gets_its_own_index_and_counts(seeds) -> None:  # type: ignore[no-untyped-def]
    full = fresh()
    answers(full)
    sub = full.filter(start="2018-01-01")
    assert index_folder(sub) != index_folder(full)
    got = phrase_trend(sub, PHRASES, by="year", speaker="all")
    alone = sub._subset(sub.documents["doc_id"])
    alone.memo["phrase_index_persist"] = False
    assert got.equals(phrase_trend(alone, PHRASES, by="year", speaker="all"))
    # the sub-corpus's years count what the full corpus counts in those years
    whole = phrase_trend(full, PHRASES, by="year", speaker="all")
    merged = got.merge(whole, on=["period", "phrase"], suffixes=("", "_full"))
    assert len(merged) == len(got) and (merged["count"] == merged["count_full"]).all()
    assert len(token_index(sub)["lower"]) == len(sub.tokens) < len(full.tokens)
    # read back in a new corpus object, the sub-corpus's own saved index
    again = fresh().filter(start="2018-01-01")
    assert phrase_trend(again, PHRASES, by="year", speaker="all").equals(got)
    # a speaker's words: the speaker filter is in the document keys, so another index again
    own = full.filter(speaker="lavrov")
    assert index_folder(own) not in (index_folder(full), index_folder(sub))
    assert len(token_index(own)["lower"]) == len(own.tokens)


def test_phrase_splits_are_spacys_and_remembered(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from lavrovkit import matching

    monkeypatch.setenv("LAVROVKIT_CACHE", str(tmp_path))
    matching._known.cache_clear()
    texts = ["Russian-US relations", "U.S. sanctions", "can't", "cannot", "dont", "the  EU's  role", "NATO’s",
             "e-mail", "Mr. Lavrov", "2019-2020", "(Syria)", "state-of-the-art", "gonna"]
    expected = {t: [x.text for x in blank_nlp()(t) if not x.is_space] for t in texts}
    assert {t: word_tokens(t) for t in texts} == expected
    assert any(p.name.startswith("tokens-") for p in (tmp_path / "phrase_index").iterdir())
    matching._known.cache_clear()  # a new process: the splits come from the file, without spaCy

    def no_spacy() -> None:
        raise AssertionError("spaCy was asked")

    monkeypatch.setattr(matching, "blank_nlp", no_spacy)
    assert {t: word_tokens(t) for t in texts} == expected
    matching._known.cache_clear()


def test_word_form_queries_need_only_the_forms_tier(seeds) -> None:  # type: ignore[no-untyped-def]
    corpus = corpus_load()
    if not hasattr(corpus, "tiers"):
        pytest.skip("this checkout has no annotation tiers")
    corpus.annotate("forms", progress=False)
    got = answers(corpus)
    assert corpus.tiers() == ("forms",)  # no lemma, no entity was read
    assert_same(got, built_in_memory(fresh()))
    assert corpus.tiers() == ("forms",)


def test_the_same_texts_under_other_doc_ids_get_their_own_index(tmp_path: Path) -> None:
    """The index stores doc_ids: a corpus whose catalog renames the same text must not read another's ids."""
    from lavrovkit import phrase_hits

    text = "We are ready for dialogue with Washington, Lavrov said.\n"
    first, second = tmp_path / "a", tmp_path / "b"
    first.mkdir()
    second.mkdir()
    (first / "x.txt").write_text(text, encoding="utf-8")
    (second / "x.txt").write_text(text, encoding="utf-8")
    (second / "catalog.csv").write_text("id,file\nother-id,x.txt\n", encoding="utf-8")
    cache = tmp_path / "cache"
    assert phrase_hits(corpus_load(first, cache_dir=cache), ["dialogue"], speaker="all")["doc_id"].tolist() == ["x"]
    hits = phrase_hits(corpus_load(second, cache_dir=cache), ["dialogue"], speaker="all")
    assert hits["doc_id"].tolist() == ["other-id"]
