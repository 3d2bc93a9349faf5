"""Whose words, which grain, which periods: one meaning of ``speaker`` in every analysis helper (selection.py)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from lavrovkit import corpus_load
from lavrovkit.counterparts import counterparts, person_mentions
from lavrovkit.errors import ParameterError, SpeakerError
from lavrovkit.keywords import keyness
from lavrovkit.phrasing import period_words, phrase_hits
from lavrovkit.selection import GRAINS, check_grain, doc_periods, period_of, scoped, speaker_scope
from lavrovkit.themes import theme_prevalence, theme_sentences
from lavrovkit.tone import tone_groups, tone_sentences

TALKS = """Press conference after the talks

Sergey Lavrov: We value the dialogue with our partners in Syria. Cooperation is useful.

Vladimir Putin: The sanctions are illegal pressure on Syria. I discussed it with Foreign Minister Sergey Lavrov.

Sergey Lavrov: We met Rex Tillerson in Moscow and discussed Syria.
"""
SPEECH = """Statement at the General Debate

Vladimir Putin: The sanctions against Syria are illegal pressure. We want dialogue and cooperation.

We support the ceasefire in Syria.
"""


@pytest.fixture(scope="module")
def talks(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """A transcript with Lavrov's and Putin's turns (and an unspoken headline)."""
    folder = tmp_path_factory.mktemp("talks")
    (folder / "talks.txt").write_text(TALKS, encoding="utf-8")
    return corpus_load(folder).annotate(progress=False)


@pytest.fixture(scope="module")
def speech(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """A speech where Lavrov never speaks."""
    folder = tmp_path_factory.mktemp("speech")
    (folder / "speech.txt").write_text(SPEECH, encoding="utf-8")
    return corpus_load(folder).annotate(progress=False)


def test_the_corpora_are_attributed_as_written(talks, speech) -> None:  # type: ignore[no-untyped-def]
    assert talks.sentences["speaker"].tolist() == [None, "Sergey Lavrov", "Sergey Lavrov", "Vladimir Putin",
                                                   "Vladimir Putin", "Sergey Lavrov"]
    assert speech.sentences["speaker"].tolist() == [None, "Vladimir Putin", "Vladimir Putin", "Vladimir Putin"]


def test_speaker_scope_names_whose_words(talks, speech) -> None:  # type: ignore[no-untyped-def]
    assert speaker_scope(talks) == ("Sergey Lavrov", "Sergey Lavrov's own words")
    assert speaker_scope(talks, "auto") == speaker_scope(talks, " AUTO ")
    assert speaker_scope(talks, "all") == speaker_scope(talks, None) == speaker_scope(talks, "") == (None, "all text")
    assert speaker_scope(talks, "Putin") == ("Vladimir Putin", "Vladimir Putin's own words")
    assert speaker_scope(talks, "narration") == ("none", "narration (sentences nobody speaks)")
    who, label = speaker_scope(speech)
    assert who is None and label.startswith("all text (Sergey Lavrov never speaks in this corpus")
    with pytest.raises(SpeakerError, match=r"no sentence is spoken by 'Zakharova'; speakers in this corpus: "
                                           r"Sergey Lavrov \(3\), Vladimir Putin \(2\)"):
        speaker_scope(talks, "Zakharova")
    with pytest.raises(SpeakerError, match="no sentence is spoken by 'lavrov'"):
        speaker_scope(speech, "lavrov")


#: Sentences in scope: (talks, speech) for each speaker value.
EXPECTED = {"auto": (3, 4), "all": (6, 4), None: (6, 4), "Putin": (2, 3)}


@pytest.mark.parametrize("speaker", list(EXPECTED))
def test_one_meaning_of_speaker_in_every_helper(talks, speech, speaker: str | None) -> None:  # type: ignore[no-untyped-def]
    for corpus, n in zip((talks, speech), EXPECTED[speaker], strict=True):
        assert len(scoped(corpus, speaker).sentences) == n
        assert len(tone_sentences(corpus, speaker=speaker)) == n
        assert len(theme_sentences(corpus, speaker=speaker)) == n
        # phrasing: "Syria" in every sentence of the scope that names it
        spoken = scoped(corpus, speaker).sentences
        names_syria = spoken["text"].str.contains("Syria").sum()
        hits = phrase_hits(corpus, ["Syria"], speaker=speaker)
        assert len(hits) == names_syria
        who = speaker_scope(corpus, speaker)[0]
        if who is not None:  # the table says whose words they are
            assert set(hits["speaker"]) <= {who}
            assert set(tone_sentences(corpus, speaker=speaker)["speaker"]) == {who}
    # counterparts: the people named in the scope's sentences (Tillerson by Lavrov, Lavrov by Putin)
    named = {"auto": {"Rex Tillerson"}, "all": {"Rex Tillerson", "Sergey Lavrov"},
             None: {"Rex Tillerson", "Sergey Lavrov"}, "Putin": {"Sergey Lavrov"}}[speaker]
    m = person_mentions(talks, speaker=speaker)
    assert set(m["person"]) == named
    assert set(counterparts(talks, speaker=speaker)["person"]) == named
    # people and events default to all text: contacts are reported in narration
    assert set(person_mentions(talks)["person"]) == {"Rex Tillerson", "Sergey Lavrov"}


def test_a_speaker_filter_in_filters_means_the_same(talks) -> None:  # type: ignore[no-untyped-def]
    """themes take filters as keywords: speaker= there is the same scope."""
    a = theme_sentences(talks, speaker="Putin")
    b = theme_sentences(talks, **{"speaker": "putin"})
    assert a.equals(b) and len(a) == 2


def test_scoped_corpora_are_reused(talks) -> None:  # type: ignore[no-untyped-def]
    assert scoped(talks, "all") is talks
    lavrov = scoped(talks)
    assert scoped(talks, "auto") is lavrov and scoped(talks, "lavrov") is lavrov
    assert scoped(lavrov, "auto") is lavrov  # already his words: the same object, its memo kept


def test_keyness_reference_speaker_follows_the_same_rules(talks) -> None:  # type: ignore[no-untyped-def]
    everyone = keyness(talks, speaker="lavrov", reference_speaker="all", min_freq=1, stop_words=True)
    others = keyness(talks, speaker="lavrov", reference_speaker="others", min_freq=1, stop_words=True)
    putin = keyness(talks, speaker="lavrov", reference_speaker="Putin", min_freq=1, stop_words=True)
    words = period_words(talks, "doc", speaker="all")["words"].sum()
    lavrov_words = period_words(talks, "doc")["words"].sum()
    putin_words = period_words(talks, "doc", speaker="putin")["words"].sum()
    assert everyone.attrs["reference_words"] == words
    assert putin.attrs["reference_words"] == putin_words
    assert others.attrs["reference_words"] == words - lavrov_words
    assert everyone.attrs["target_words"] == lavrov_words
    with pytest.raises(SpeakerError):
        keyness(talks, speaker="lavrov", reference_speaker="Zakharova")


def test_grains_and_periods() -> None:
    assert GRAINS == ("doc", "month", "quarter", "year")
    dates = pd.Series(pd.to_datetime(["2019-02-03", "2019-11-30", None]))
    assert period_of(dates, "month").tolist()[:2] == ["2019-02", "2019-11"]
    assert period_of(dates, "quarter").tolist()[:2] == ["2019Q1", "2019Q4"]
    assert period_of(dates, "year").isna().tolist() == [False, False, True]
    with pytest.raises(ParameterError, match="time grain 'decade' is not one of doc, month, quarter, year"):
        check_grain("decade")
    with pytest.raises(ParameterError, match="is not one of month, quarter, year"):
        period_of(dates, "doc")
    docs = pd.DataFrame({"doc_id": ["a", "b"], "date": pd.to_datetime(["2019-02-03", "2020-01-01"])})
    assert doc_periods(docs, "doc").tolist() == ["a", "b"]
    assert doc_periods(docs, "year").to_dict() == {"a": "2019", "b": "2020"}


def test_bad_grains_name_the_allowed_values(seeds) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ParameterError, match="time grain 'week' is not one of auto, doc, month, quarter, year"):
        period_words(seeds, "week")
    with pytest.raises(ParameterError, match="is not one of month, quarter, year"):
        theme_prevalence(seeds, by="doc")
    with pytest.raises(ParameterError, match="tone by 'weekday' is not one of auto, doc, month, quarter, year, theme, "
                                             "counterpart"):
        tone_groups(seeds, by="weekday")


def test_old_import_paths_still_work() -> None:
    from lavrovkit import selection
    from lavrovkit.phrasing import collocations, g2, ngrams, periods_auto, periods_split
    from lavrovkit.phrasing import keyness as keyness_old
    from lavrovkit.themes import GRAINS as THEME_GRAINS
    from lavrovkit.themes import Rule, Taxonomy, Theme, taxonomy_load, topic_discovery
    from lavrovkit.themes import period_of as period_old

    assert periods_auto is selection.periods_auto and periods_split is selection.periods_split
    assert period_old is selection.period_of and keyness_old is keyness
    assert THEME_GRAINS == {"month": "M", "quarter": "Q", "year": "Y"}
    assert all(callable(f) for f in (collocations, g2, ngrams, taxonomy_load, topic_discovery))
    assert {Rule, Taxonomy, Theme}
    import lavrovkit as lk

    assert lk.keyness is keyness and lk.topic_discovery is topic_discovery  # functions, not the modules


def test_reports_default_calls_keep_their_numbers(seeds) -> None:  # type: ignore[no-untyped-def]
    """The reports ask for 'auto'; on the seeds that is Lavrov's words, as the phrasing default always was."""
    assert phrase_hits(seeds, ["dialogue"]).equals(phrase_hits(seeds, ["dialogue"], speaker="Sergey Lavrov"))
    assert tone_sentences(seeds).equals(tone_sentences(seeds, speaker="lavrov"))
    _ = Path  # (kept for the type checker of the fixtures above)
