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


def test_an_index_of_one_from_one_sentence_is_low_base_and_warned_about(tmp_path: Path) -> None:
    from lavrovkit.errors import SmallBaseWarning

    (tmp_path / "TASS_2001-05-02.txt").write_text(
        "MOSCOW, May 2. The ministers held a useful meeting.\n\nThe delegation left on Friday.\n", encoding="utf-8")
    long = []
    for i in range(40):  # 40 sentences with a tone word: 30 cooperation, 10 confrontation
        word = "dialogue" if i % 4 else "pressure"
        long.append(f"On point {i + 1}, the minister spoke about {word} in the region.")
    (tmp_path / "RIA_2017-03-01.txt").write_text("\n\n".join(long) + "\n", encoding="utf-8")
    c = corpus_load(tmp_path, pattern="{source}_{date}.txt").annotate(progress=False)
    with pytest.warns(SmallBaseWarning) as caught:
        by_year = tone_groups(c, by="year", speaker="all").set_index("period")
    assert [str(w.message) for w in caught] == [
        "tone by year: period 2001 has 1 sentence with a tone word, under the 30-sentence minimum: its index is not "
        "readable (low_base)"]
    y2001, y2017 = by_year.loc["2001"], by_year.loc["2017"]
    assert (y2001["sentences"], y2001["scored_sentences"], y2001["terms"], y2001["index"]) == (3, 1, 1, 1.0)
    assert bool(y2001["low_base"]) and (y2001["ci_low"], y2001["ci_high"]) == (-0.5869, 1.0)  # by hand: 2·0.2065 − 1
    assert (y2017["scored_sentences"], y2017["cooperation"], y2017["confrontation"]) == (40, 30, 10)
    assert not bool(y2017["low_base"]) and y2017["index"] == 0.5
    assert (y2017["ci_low"], y2017["ci_high"]) == (0.1961, 0.7163)  # Wilson of 30/40 mapped to 2p − 1
    by_doc = tone_groups(c, by="doc", speaker="all", min_base=1)  # a lowered minimum: nothing to warn about
    assert not by_doc["low_base"].any()


def test_tone_interval_is_the_wilson_interval_on_the_index_scale() -> None:
    from lavrovkit.stats import proportion_interval
    from lavrovkit.tone import tone_interval

    lo, hi = proportion_interval(3, 4)
    assert tone_interval(3, 1) == (round(2 * lo - 1, 4), round(2 * hi - 1, 4))
    low, high = tone_interval(pd.Series([0, 5]), pd.Series([2, 5]))
    # two confrontation terms, none of cooperation: Wilson 0/2 is 0 .. z²/(2 + z²) = 0.6576, so −1 .. 0.3152
    assert low.tolist()[0] == -1.0 and high.tolist()[0] == pytest.approx(0.3152, abs=1e-4)
    assert low.tolist()[1] < 0 < high.tolist()[1]  # 5 against 5: either way
    assert all(math.isnan(v) for v in tone_interval(0, 0))  # no terms: no index, no interval
