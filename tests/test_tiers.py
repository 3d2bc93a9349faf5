"""Annotation in tiers: a first question computes only the forms tier (tokens, sentences, word forms,
speakers); lemmas and entities come when asked, each cached on its own; every table, and every answer,
equals what the full pipeline gives."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import lavrovkit as lk
from lavrovkit import annotate as ann
from lavrovkit.segment import Mention, attribute_speakers, paragraphs_of, persons_consulted

from .conftest import SEEDS, write_texts

#: UN-debate-shaped speeches (one file each, named as the UN corpus names them): a quotation with a
#: reporting clause, one without, a bracketed aside, an agency-style dateline, numbers and hyphens.
SPEECHES = {
    "RUS_74_2019.txt": (
        "Mr. President,\n\n"
        "Seventy-five years ago the founders of the United Nations pledged “to save succeeding generations from "
        "the scourge of war”. That pledge [made in San Francisco in 1945] still binds us.\n\n"
        "As Secretary-General António Guterres said last week, “the world is facing a climate emergency and "
        "a crisis of multilateralism”. We agree. Russia stands for the central role of the United Nations and "
        "its Security Council, for strategic stability and for the New START Treaty.\n\n"
        "The United States withdrew from the INF Treaty. Mr. Pompeo told reporters: “We will not be bound by "
        "an agreement the other side violates.” Russia has never violated it.\n\n"
        "Thank you."
    ),
    "USA_74_2019.txt": (
        "Mr. President, distinguished delegates,\n\n"
        "The United States remains committed to the Charter. We reject the claims made by Moscow about the "
        "INF Treaty, and we call on Russia and China to join talks on arms control.\n\n"
        "Climate change, terrorism and sustainable development require cooperation among all Member States. "
        "Human rights are universal.\n\n"
        "I thank you."
    ),
    "FRA_75_2020.txt": (
        "Monsieur le Président,\n\n"
        "The pandemic has shown that multilateralism is not an option but a necessity. As President Macron "
        "stated in Paris, “no country can defeat the virus alone, whatever its power”.\n\n"
        "France supports the reform of the Security Council and the work of the World Health Organization "
        "(WHO) in Geneva. Climate change remains the challenge of our century.\n\n"
        "Je vous remercie."
    ),
}


@pytest.fixture(scope="module")
def speeches(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_texts(tmp_path_factory.mktemp("speeches"), SPEECHES)


class Spy:
    """Record which tiers spaCy ran for, and on how many documents."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.calls: list[tuple[tuple[str, ...], int]] = []
        real = ann.annotate_texts

        def spy(texts, nlp=None, batch_size=64, tiers=ann.TIERS):  # type: ignore[no-untyped-def]
            self.calls.append((tuple(tiers), len(texts)))
            return real(texts, nlp, batch_size, tiers)

        monkeypatch.setattr(ann, "annotate_texts", spy)

    def tiers(self) -> set[str]:
        return {t for tiers, _ in self.calls for t in tiers}


def _load(path: Path | None, cache: Path) -> lk.Corpus:
    if path is None:
        return lk.corpus_load(SEEDS, cache_dir=cache, progress=False)
    return lk.corpus_load(path, "{country}_{session}_{year}.txt", cache_dir=cache, progress=False)


@pytest.mark.parametrize("which", ["seeds", "speeches"])
def test_tables_from_tiers_equal_the_full_pipelines(which: str, speeches: Path, tmp_path: Path) -> None:
    path = None if which == "seeds" else speeches
    full = _load(path, tmp_path / "full").annotate()  # every tier in one spaCy pass
    tiered = _load(path, tmp_path / "tiered")
    first = tiered.sentences.copy()  # forms tier only (and entities where speakers need them)
    assert tiered.tiers() == ("forms",)
    pd.testing.assert_frame_equal(first, full.sentences)
    pd.testing.assert_frame_equal(tiered.forms, full.forms)
    pd.testing.assert_frame_equal(tiered.tokens, full.tokens)  # lemmas computed now, on the same tokens
    pd.testing.assert_frame_equal(tiered.entities, full.entities)
    pd.testing.assert_frame_equal(tiered.sentences, first)  # more tiers never change the sentences


def test_a_first_question_runs_only_the_forms_tier_and_later_ones_only_what_is_missing(
        speeches: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    spy = Spy(monkeypatch)
    corpus = _load(speeches, tmp_path)
    speakers = corpus.sentences["speaker"]
    # the speeches have no speaker, so the attributed quotations need PERSON entities: only that document
    assert spy.calls[0] == (("forms",), 3)
    assert spy.calls[1:] == [(("entities",), 2)]
    assert "António Guterres" in set(speakers)
    assert corpus.tiers() == ("forms",)
    spy.calls.clear()
    corpus.tokens  # noqa: B018  (lemmas and part of speech: one pass, lemmas only)
    assert spy.calls == [(("lemmas",), 3)]
    spy.calls.clear()
    corpus.entities  # noqa: B018  (the two documents with entities already are read from the cache)
    assert spy.calls == [(("entities",), 1)]
    spy.calls.clear()
    again = _load(speeches, tmp_path).annotate()
    assert spy.calls == [] and again.last_run is not None and again.last_run.annotated == 0
    assert again.last_run.per_tier == {t: {"cached": 3, "annotated": 0} for t in ann.TIERS}


def test_a_speaker_filter_keeps_only_that_speakers_rows_in_every_tier_loaded_later(tmp_path: Path) -> None:
    corpus = lk.corpus_load(SEEDS, cache_dir=tmp_path, progress=False)
    lavrov = corpus.filter(speaker="lavrov")  # filtered before anything was annotated
    assert set(lavrov.sentences["speaker"]) == {"Sergey Lavrov"}
    ids = set(zip(lavrov.sentences["doc_id"], lavrov.sentences["sentence_id"], strict=True))
    for table in (lavrov.forms, lavrov.tokens, lavrov.entities):
        assert set(zip(table["doc_id"], table["sentence_id"], strict=True)) <= ids
    full = lk.corpus_load(SEEDS, cache_dir=tmp_path, progress=False).annotate().filter(speaker="lavrov")
    for name in ("sentences", "forms", "tokens", "entities"):
        pd.testing.assert_frame_equal(getattr(lavrov, name), getattr(full, name))


def test_documents_whose_speakers_need_no_entities_get_the_same_speakers_without_them() -> None:
    texts = [
        ("Sergey Lavrov", "speech", "We said it clearly: “the expansion of NATO threatens our security”, he said."),
        (None, None, "We stand for “a world order based on law and not on force” in every region."),
        (None, None, "Question: Will you meet?\n\nSergey Lavrov: We are ready. The “step-by-step approach of "
                     "the past years” is over."),
    ]
    for speaker, genre, text in texts:
        paras = paragraphs_of(text)
        assert not persons_consulted(text, paras, speaker, genre)
        spans = [(0, 0, len(text))] if len(paras) == 1 else [(i, p.start, p.end) for i, p in enumerate(paras)]
        someone = [Mention(0, 5, "Someone Else")]
        assert attribute_speakers(text, paras, spans, [], speaker, genre) == \
            attribute_speakers(text, paras, spans, someone, speaker, genre)
    quoted = "The talks went on. “We will never accept these terms, whatever happens,” the minister said."
    assert persons_consulted(quoted, paragraphs_of(quoted))
    answer = "Question: Will you meet?\n\nAnswer: We are ready to meet at any time."
    assert persons_consulted(answer, paragraphs_of(answer))  # the answer is the first person named


def test_tier_names_are_checked(tmp_path: Path) -> None:
    with pytest.raises(lk.ParameterError, match="'lemma' is not one of forms, lemmas, entities or all"):
        lk.corpus_load(SEEDS, cache_dir=tmp_path, progress=False).annotate("lemma")


def test_annotate_command_computes_the_tier_asked_for(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from lavrovkit.cli import main

    assert main(["annotate", "--cache-dir", str(tmp_path), "--quiet", "--tier", "forms"]) == 0
    out = capsys.readouterr().out
    assert "forms: 0 from cache, 5 annotated" in out and "lemmas" not in out and "entities" not in out
    assert main(["annotate", "--cache-dir", str(tmp_path), "--quiet"]) == 0
    out = capsys.readouterr().out
    assert "forms: 5 from cache, 0 annotated; lemmas: 0 from cache, 5 annotated" in out


@pytest.mark.parametrize("which", ["seeds", "speeches"])
def test_phrase_answers_from_the_forms_tier_equal_those_after_full_annotation(
        which: str, speeches: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = None if which == "seeds" else speeches
    phrases = ["Security Council", "INF Treaty", "climate change", "United States", "dialogue"]
    full = _load(path, tmp_path / "full").annotate()
    spy = Spy(monkeypatch)
    first = _load(path, tmp_path / "first")
    answers = {
        "trend": lambda c: lk.phrase_trend(c, phrases, by="year", speaker="all"),
        "trend_auto": lambda c: lk.phrase_trend(c, phrases, by="year"),
        "kwic": lambda c: lk.kwic(c, "treaty", speaker="all"),
        "keyness": lambda c: lk.keyness(c, target=":2017-12-31", reference="2018-01-01:", speaker="all",
                                        min_freq=1) if which == "seeds" else
        lk.keyness(c, target="2020-01-01:", reference=":2019-12-31", speaker="all", min_freq=1),
        "collocations": lambda c: lk.collocations(c, "treaty", speaker="all", min_freq=1),
        "dispersion": lambda c: lk.phrase_dispersion(c, phrases, speaker="all"),
    }
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # small bases: the same warnings on both sides
        got = {name: ask(first) for name, ask in answers.items()}
        want = {name: ask(full) for name, ask in answers.items()}
    assert "lemmas" not in spy.tiers() and first.tiers() == ("forms",)  # word forms were enough
    for name in answers:
        pd.testing.assert_frame_equal(got[name], want[name], obj=name)
    assert len(got["kwic"]) > 0 and got["trend"]["count"].sum() > 0


def test_the_default_scope_attributes_only_documents_that_name_the_person(
        speeches: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    spy = Spy(monkeypatch)
    corpus = _load(speeches, tmp_path)
    assert corpus.naming("Sergey Lavrov") == [] and corpus.naming("António Guterres") == ["RUS_74_2019"]
    trend = lk.phrase_trend(corpus, ["climate change"], by="year")  # "auto": Lavrov where he speaks
    assert spy.calls == [(("forms",), 3)]  # no document names him: all text, and no attribution was needed
    assert trend.groupby("period")["count"].sum().to_dict() == {"2019": 1, "2020": 1}
    assert corpus.speaks("Guterres") and corpus.speaks("Pompeo") and not corpus.speaks("Putin")  # quoted; never named
    assert lk.speaker_scope(corpus, "auto")[1].startswith("all text (Sergey Lavrov never speaks in this corpus")
