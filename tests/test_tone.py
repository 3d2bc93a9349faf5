"""Tone: the cooperation–confrontation index of written sentences, negation, the lexicon, and its grouping."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest

from lavrovkit import Corpus, corpus_load
from lavrovkit.errors import LexiconError, ParameterError
from lavrovkit.tone import lexicon_load, tone_groups, tone_index, tone_sentences


def _corpus(folder: Path, text: str) -> Corpus:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "a.txt").write_text(text, encoding="utf-8")
    return corpus_load(folder).annotate(progress=False)


def test_tone_with_negation_and_evidence(seeds, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "a.txt").write_text("Lavrov: The dialogue is useful.\n\nLavrov: There is no dialogue at all.\n\n"
                                    "Lavrov: This is blackmail and pressure.\n\nLavrov: There was no pressure.\n",
                                    encoding="utf-8")
    s = tone_sentences(corpus_load(tmp_path), speaker="all")
    assert s["index"].tolist() == [1.0, -1.0, -1.0, 1.0]
    assert s.evidence.tolist() == [["dialogue", "useful"], ["¬dialogue"], ["blackmail", "pressure"], ["¬pressure"]]
    by_doc = tone_groups(seeds, by="doc")
    index = by_doc.set_index("doc_id")["index"].astype(float)
    assert index["003"] < index["000"]
    assert set(tone_groups(seeds, by="year").period) == {"2016", "2018", "2019", "2025"}  # Lavrov's own words only
    assert "syria" in set(tone_groups(seeds, by="theme").theme)


def test_the_index_of_written_sentences(tmp_path: Path) -> None:
    c = _corpus(tmp_path, "We want dialogue and cooperation, but the sanctions are pressure.\n\n"
                          "Cooperation with Minsk is productive.\n\n"
                          "The delegation arrived on Tuesday.\n")
    s = tone_sentences(c, speaker="all")
    assert s[["cooperation", "confrontation", "terms"]].values.tolist() == [[2, 2, 4], [2, 0, 2], [0, 0, 0]]
    assert s["index"].tolist()[:2] == [0.0, 1.0] and math.isnan(s["index"].iloc[2])
    assert s["evidence"].tolist()[2] == []
    # the document's index is over its terms, not the mean of its sentences' indexes
    doc = tone_groups(c, by="doc", speaker="all").iloc[0]
    assert (doc["cooperation"], doc["confrontation"], doc["index"]) == (4, 2, round(2 / 6, 4))


def test_negation_reaches_only_the_window_and_never_the_next_sentence(tmp_path: Path) -> None:
    c = _corpus(tmp_path, "There is no honest dialogue.\n\n"          # 'dialogue' 2 words after 'no': negated
                          "There is no real, honest and open dialogue.\n\n"  # 5 words after: beyond the window of 3
                          "We said no.\n\nDialogue goes on.\n")        # 'no' ends its sentence
    s = tone_sentences(c, speaker="all")
    assert s["evidence"].tolist() == [["¬dialogue"], ["dialogue"], [], ["Dialogue"]]
    assert s["index"].tolist()[:2] == [-1.0, 1.0]
    wide = tmp_path / "tone.yaml"
    lexicon = lexicon_load()
    wide.write_text("negation_window: 6\n"
                    f"negators: [{', '.join(repr(n) for n in lexicon['negators'])}]\n"
                    f"cooperation: [{', '.join(repr(t) for t in lexicon['cooperation'])}]\n"
                    f"confrontation: [{', '.join(repr(t) for t in lexicon['confrontation'])}]\n", encoding="utf-8")
    assert lexicon_load(wide)["window"] == 6
    s6 = tone_sentences(c, speaker="all", lexicon=wide)
    assert s6["evidence"].tolist()[1] == ["¬dialogue"]  # within six words now


def test_a_lexicon_that_cannot_be_used_names_the_file_and_key(tmp_path: Path) -> None:
    bad = tmp_path / "tone.yaml"
    bad.write_text("cooperation: [dialogue]\nconfrontation: []\nnegators: [not]\n", encoding="utf-8")
    with pytest.raises(LexiconError, match=r"tone\.yaml: 'confrontation' must be a non-empty list of terms"):
        lexicon_load(bad)
    with pytest.raises(LexiconError, match="can't read the tone lexicon"):
        lexicon_load(tmp_path / "missing.yaml")


def test_tone_index_is_one_formula() -> None:
    assert tone_index(3, 1) == 0.5 and tone_index(0, 2) == -1.0 and math.isnan(tone_index(0, 0))
    got = tone_index(pd.Series([1, 0, 2]), pd.Series([1, 0, 0]))
    assert got.iloc[0] == 0.0 and math.isnan(got.iloc[1]) and got.iloc[2] == 1.0


def test_tone_by_groups_and_rejects_unknown_units(seeds) -> None:  # type: ignore[no-untyped-def]
    by_year = tone_groups(seeds, by="year", speaker="all")
    sents = tone_sentences(seeds, speaker="all")
    assert by_year["sentences"].sum() == sents["date"].notna().sum()
    assert by_year["cooperation"].sum() == sents["cooperation"].sum()
    assert by_year["index"].tolist() == tone_index(by_year["cooperation"], by_year["confrontation"]).tolist()
    people = tone_groups(seeds, by="counterpart", speaker="all")
    assert {"person", "sentences", "index", "evidence"} <= set(people.columns) and "Rex Tillerson" in set(people.person)
    with pytest.raises(ParameterError, match="tone by 'speaker' is not one of"):
        tone_groups(seeds, by="speaker")
