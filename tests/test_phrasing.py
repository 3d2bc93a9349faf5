"""Phrasing: counts that equal a regular-expression count, trends, first use, KWIC, keyness, collocations."""

from __future__ import annotations

import json
import math
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest

from lavrovkit import Corpus, corpus_load
from lavrovkit.cli import main
from lavrovkit.phrasing import (
    PhraseError,
    collocations,
    g2,
    keyness,
    kwic,
    log_ratio,
    ngrams,
    phrase_hits,
    phrase_novelty,
    phrase_span,
    phrase_trend,
    phrasebook_load,
)

from .conftest import DATA

PHRASES = ["dialogue", "Washington", "our American partners", "irritants", "the United States", "Russian-US",
           "Syria", "sanctions", "international law", "we", "US"]


def regex_count(texts: list[str], phrase: str, case: str | bool = "auto") -> int:
    """An independent count: the phrase as a regular expression on word boundaries, any run of spaces
    between its words, over the same sentence texts; case-insensitive except, with case "auto", words
    written in capitals (acronyms: "US"), which match only so."""
    def word(w: str) -> str:
        exact = case is True or (case == "auto" and len(w) >= 2 and w.isupper())
        return re.escape(w) if exact else f"(?i:{re.escape(w)})"
    body = r"\s+".join(word(w) for w in phrase.split())
    return sum(len(re.findall(rf"(?<![\w]){body}(?![\w])", t)) for t in texts)


@pytest.mark.parametrize("speaker", ["all", "lavrov"])
def test_counts_equal_an_independent_regex_count_on_the_seeds(seeds, speaker: str) -> None:  # type: ignore[no-untyped-def]
    texts = (seeds.sentences if speaker == "all" else seeds.own_words())["text"].tolist()
    hits = phrase_hits(seeds, PHRASES, speaker=speaker)
    for p in PHRASES:
        assert (hits.phrase == p).sum() == regex_count(texts, p), p
    assert (hits.phrase == "dialogue").sum() > 10


def test_a_query_in_capitals_does_not_count_the_pronoun(seeds) -> None:  # type: ignore[no-untyped-def]
    """ "US" is the country; "us" the pronoun: a query in capitals matches capitals only, unless case=False."""
    texts = seeds.sentences["text"].tolist()
    us = phrase_hits(seeds, ["US"], speaker="all")
    assert set(us["match"]) == {"US"} and len(us) == regex_count(texts, "US") == 33
    anycase = phrase_hits(seeds, ["US"], speaker="all", case=False)
    assert set(anycase["match"]) == {"US", "us"} and len(anycase) == regex_count(texts, "US", case=False) == 38
    exact = phrase_hits(seeds, ["the US"], speaker="all", case=True)
    assert set(exact["match"]) == {"the US"} and len(exact) == 10  # "The US" at a sentence start is left out
    assert len(kwic(seeds, "US", speaker="all")) == 33


def test_counts_equal_a_regex_count_on_un_speeches(tmp_path: Path) -> None:
    for f in DATA.joinpath("clean").glob("ungdc_*.txt"):
        shutil.copy(f, tmp_path / f.name)
    corpus = corpus_load(tmp_path)
    texts = corpus.sentences["text"].tolist()
    for p in ["the United Nations", "development", "peace", "Security Council", "we", "of the", "climate change"]:
        n = len(phrase_hits(corpus, [p], speaker="all"))
        assert n == regex_count(texts, p), p


def test_trends_first_use_and_new_phrases(seeds) -> None:  # type: ignore[no-untyped-def]
    by_doc = phrase_trend(seeds, ["dialogue"], by="doc", speaker="all").set_index("period")
    assert (by_doc["count"] > 0).all() and list(by_doc.index) == ["000", "001", "002", "003", "004"]
    row = by_doc.loc["003"]
    assert row["per_10k"] == round(1e4 * row["count"] / row["words"], 3)
    span = phrase_span(seeds, ["irritants"], speaker="all").iloc[0]
    assert span.first_date == pd.Timestamp("2025-11-09") and span.first_doc == "003" and span["count"] == 2
    lemma = phrase_trend(seeds, ["irritant"], by="year", speaker="all", lemma=True).set_index("period")
    assert lemma.loc["2025", "count"] == 2 and lemma["count"].sum() == 2
    fam = phrase_trend(seeds, families=["naming_the_us"], by="year", speaker="all")
    members = phrase_trend(seeds, ["Washington", "the Americans", "our American partners"], by="year", speaker="all")
    assert fam["count"].sum() >= members["count"].sum() > 0
    new = phrase_novelty(seeds, "2025", speaker="all", min_count=2)
    assert "irritants" in set(new.phrase) and (new["count"] >= 2).all()
    with pytest.raises(PhraseError, match="unknown phrase family 'nope'"):
        phrase_trend(seeds, families=["nope"])


def test_year_trends_on_a_pattern_corpus(tmp_path: Path) -> None:
    for f in DATA.joinpath("clean").glob("ungdc_*.txt"):
        shutil.copy(f, tmp_path / f.name)
    corpus = corpus_load(tmp_path, pattern="ungdc_{kind}_{country}_{session}_{year}.txt")
    assert set(corpus.documents.date_precision) == {"year"}
    trend = phrase_trend(corpus, ["United Nations"], by="year", speaker="all")
    assert list(trend.period) == ["2004", "2015"]
    years = corpus.documents.assign(year=corpus.documents.date.dt.year.astype(str)).groupby("year").doc_id.apply(set)
    for r in trend.itertuples():
        texts = corpus.sentences[corpus.sentences.doc_id.isin(years[r.period])].text.tolist()
        assert r.count == regex_count(texts, "United Nations") and r.documents == len(years[r.period])


def test_kwic_rows_carry_context_and_provenance(seeds) -> None:  # type: ignore[no-untyped-def]
    k = kwic(seeds, "irritants", window=4, speaker="all")
    assert len(k) == 2 and set(k.doc_id) == {"003"} and (k.date == pd.Timestamp("2025-11-09")).all()
    assert all(len(x.split()) <= 4 for x in k.left) and k.match.str.lower().eq("irritants").all()
    texts = seeds.documents.set_index("doc_id").text
    for r in k.itertuples():
        assert texts[r.doc_id][r.start_char:r.start_char + len(r.match)] == r.match
        assert texts[r.doc_id][:r.start_char].split()[-len(r.left.split()):] == r.left.split()


def test_keyness_matches_hand_computed_values() -> None:
    # a=10, b=0, c=d=1000: E1=E2=5; G2 = 2*10*ln(10/5) = 20 ln 2
    assert math.isclose(g2(10, 0, 1000, 1000), 20 * math.log(2))
    # a=0: only the reference term counts; symmetric
    assert math.isclose(g2(0, 10, 1000, 1000), 20 * math.log(2))
    # unequal sizes: a=30, b=10, c=2000, d=8000: E1=8, E2=32
    assert math.isclose(g2(30, 10, 2000, 8000), 2 * (30 * math.log(30 / 8) + 10 * math.log(10 / 32)))
    assert g2(5, 5, 1000, 1000) == 0.0
    assert log_ratio(8, 2, 1000, 1000) == 2.0 and log_ratio(4, 0, 1000, 1000) == 3.0  # zero count as 0.5
    assert math.isclose(log_ratio(0, 4, 1000, 1000), -3.0)


def test_keyness_2025_against_2016_2018_puts_irritants_on_the_2025_side(seeds) -> None:  # type: ignore[no-untyped-def]
    k = keyness(seeds, target="2025-01-01:", reference="2016-01-01:2018-12-31", speaker="all", min_freq=2)
    row = k.set_index("term").loc["irritants"]
    assert row.side == "target" and row.target_count == 2 and row.reference_count == 0
    c, d = k.attrs["target_words"], k.attrs["reference_words"]
    assert math.isclose(row.g2, g2(2, 0, c, d), abs_tol=1e-4) and math.isclose(row.log_ratio, log_ratio(2, 0, c, d),
                                                                                abs_tol=1e-4)
    from scipy.stats import chi2

    assert math.isclose(row.p, chi2.sf(row.g2, 1))
    assert (k.target_count + k.reference_count >= 2).all()
    target_side = k[k.side == "target"]
    assert target_side.g2.is_monotonic_decreasing and "irritants" in set(target_side.term.head(15))


def test_collocations_and_ngrams(seeds) -> None:  # type: ignore[no-untyped-def]
    col = collocations(seeds, "dialogue", window=5, speaker="all", min_freq=2)
    assert len(col) and col.logdice.is_monotonic_decreasing and (col.freq >= 2).all()
    top = col.iloc[0]
    assert math.isclose(top.logdice, 14 + math.log2(2 * top.freq / (top.node_freq + top.collocate_freq)), abs_tol=1e-3)
    grams = ngrams(seeds, 2, speaker="all", min_freq=2)
    assert "foreign minister" in set(grams.ngram)


def test_cli_phrasing_commands(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["phrases", "--phrase", "dialogue", "--by", "year", "--speaker", "all", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert {"period", "phrase", "count", "words", "per_10k"} <= set(rows[0]) and sum(r["count"] for r in rows) == 19
    assert main(["keyness", "--target", "2025-01-01:", "--reference", "2016-01-01:2018-12-31", "--speaker", "all",
                 "--format", "csv"]) == 0
    out = pd.read_csv(__import__("io").StringIO(capsys.readouterr().out))
    assert list(out.columns[:3]) == ["term", "target_count", "reference_count"] and {"g2", "p", "log_ratio"} <= set(out)
    assert main(["kwic", "irritants", "--speaker", "all", "--format", "json"]) == 0
    assert len(json.loads(capsys.readouterr().out)) == 2
    assert main(["collocations", "dialogue", "--speaker", "all"]) == 0
    assert "logdice" in capsys.readouterr().out
    assert main(["keyness", "--target", "2025", "--reference", ":2018"]) == 2
    assert "use START:END" in capsys.readouterr().err


def test_keyness_leaves_out_stop_words_unless_asked(seeds) -> None:  # type: ignore[no-untyped-def]
    from lavrovkit.phrasing import periods_split

    assert periods_split("2019-01-01") == ("2019-01-01:", ":2018-12-31")
    content = keyness(seeds, target="2019-01-01:", reference=":2018-12-31", speaker="all")
    every = keyness(seeds, target="2019-01-01:", reference=":2018-12-31", speaker="all", stop_words=True)
    assert not {"the", "an", "be", "has"} & set(content.term) and {"the", "has"} <= set(every.term)
    assert content.attrs == every.attrs  # the same word totals either way


def test_a_phrasebook_that_cannot_be_used_names_the_file_and_family(tmp_path: Path) -> None:
    from lavrovkit.errors import PhraseError
    from lavrovkit.phrasing import phrasebook_load

    bad = tmp_path / "phrases.yaml"
    bad.write_text("families:\n  partners: [our partners, '']\n", encoding="utf-8")
    with pytest.raises(PhraseError, match=r"phrases\.yaml: family 'partners': expected a list of phrases"):
        phrasebook_load(bad)
    broken = tmp_path / "broken.yaml"
    broken.write_text("families: [unclosed\n", encoding="utf-8")
    with pytest.raises(PhraseError, match=r"broken\.yaml: not valid YAML"):
        phrasebook_load(broken)
    with pytest.raises(PhraseError, match="phrase file does not exist"):
        phrasebook_load(tmp_path / "missing.yaml")


def test_a_family_counts_each_passage_once_for_its_longest_member(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(
        "Our American partners refused. The US said no, and so did the White House. American partners again.\n",
        encoding="utf-8")
    book = tmp_path / "phrases.yaml"
    book.write_text("families:\n  us:\n    - American partners\n    - our American partners\n    - the US\n"
                    "    - the White House\n", encoding="utf-8")
    corpus = corpus_load(tmp_path)
    trend = phrase_trend(corpus, families=["us"], by="doc", speaker="all", phrasebook=book)
    # our American partners (once, not also as "American partners"), The US, the White House, American partners
    assert trend["count"].tolist() == [4]
    assert "the White House" in phrasebook_load()["naming_the_us"] and "the US" in phrasebook_load()["naming_the_us"]


def _two_years(folder: Path) -> Corpus:
    """A short 2005 news item (one "dialogue" in a few dozen words) and a long 2011 report (over 1,000 words)."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "TASS_2005-03-01.txt").write_text(
        "MOSCOW, March 1. Sergey Lavrov said on Tuesday that dialogue with Washington would go on, "
        "and that the ministers would meet again in the spring.\n", encoding="utf-8")
    paragraphs = []
    for i in range(40):
        paragraphs.append(
            f"On day {i + 1} of the session the delegations reviewed the draft on strategic stability, "
            "the situation in the Middle East and the work of the consulates. "
            + ("The minister called for dialogue on equal terms. " if i % 4 == 0 else "")
            + "Officials said the next round of consultations would take place in Geneva.")
    (folder / "RIA_2011-06-01.txt").write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")
    return corpus_load(folder, pattern="{source}_{date}.txt").annotate(progress=False)


def test_trend_rows_carry_their_base_interval_and_low_base(tmp_path: Path) -> None:
    from lavrovkit.stats import rate_interval

    trend = phrase_trend(_two_years(tmp_path), ["dialogue"], by="year", speaker="all").set_index("period")
    assert trend.columns.tolist() == ["phrase", "count", "words", "per_10k", "documents", "ci_low", "ci_high",
                                      "low_base"]
    short, long = trend.loc["2005"], trend.loc["2011"]
    assert short["count"] == 1 and short["words"] < 50 and bool(short["low_base"])  # one hit in a few dozen words
    assert long["count"] == 10 and long["words"] > 1000 and not bool(long["low_base"])
    for row in (short, long):
        lo, hi = rate_interval(row["count"], row["words"])
        assert (row["ci_low"], row["ci_high"]) == pytest.approx((lo, hi), abs=1e-3)
        assert row["ci_low"] <= row["per_10k"] <= row["ci_high"]
    assert short["ci_high"] > 10 * long["ci_high"]  # the short year's rate says almost nothing
    relaxed = phrase_trend(_two_years(tmp_path / "b"), ["dialogue"], by="year", speaker="all", min_base=10)
    assert not relaxed["low_base"].any()


def test_keyness_carries_both_bases_and_the_log_ratio_interval_and_warns_on_a_small_side(tmp_path: Path) -> None:
    import warnings

    from lavrovkit.errors import SmallBaseWarning
    from lavrovkit.stats import log_ratio_interval

    corpus = _two_years(tmp_path)
    with pytest.warns(SmallBaseWarning) as caught:
        k = keyness(corpus, target="2011-01-01:", reference=":2005-12-31", speaker="all", min_freq=1)
    target, reference = k.attrs["target_words"], k.attrs["reference_words"]
    assert len(caught) == 1 and 1000 < target < 5000 and reference < 50
    assert str(caught[0].message) == (f"keyness: target side has {target:,} words and reference side has "
                                      f"{reference} words, under the 5,000-word minimum for keyness: their rates "
                                      "are not readable (low_base)")
    assert k["low_base"].all() and (k["reference_words"] == reference).all() and (k["target_words"] == target).all()
    with pytest.warns(SmallBaseWarning) as caught:
        keyness(corpus, target="2011-01-01:", reference=":2005-12-31", speaker="all", min_freq=1, min_base=1000)
    assert [str(w.message) for w in caught] == [
        f"keyness: reference side has {reference} words, under the 1,000-word minimum for keyness: its rates are "
        "not readable (low_base)"]
    row = k.set_index("term").loc["dialogue"]
    lo, hi = log_ratio_interval(row.target_count, row.target_words, row.reference_count, row.reference_words)
    assert (row.ci_low, row.ci_high) == pytest.approx((lo, hi), abs=1e-4) and row.ci_low < row.log_ratio < row.ci_high
    assert row.ci_low < 0  # 10 against 1: the two years may well use "dialogue" at the same rate
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # sides above a lowered minimum: no warning, no low base
        fine = keyness(corpus, target="2011-01-01:", reference=":2005-12-31", speaker="all", min_freq=1, min_base=10)
    assert not fine["low_base"].any()


def test_dispersion_places_each_occurrence_in_its_document(tmp_path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    from lavrovkit import plots
    from lavrovkit.phrasing import phrase_dispersion

    early = "Dialogue matters. " + "Filler words here. " * 18 + "We want dialogue."
    late = "Washington refuses. " + "More filler text. " * 8 + "Dialogue is needed with Washington."
    rows = ["id,date,source,text", f"a,2019-01-05,TASS,{early}", f"b,2020-03-01,TASS,{late}",
            "c,2021-01-01,TASS,Nothing to see."]
    (tmp_path / "posts.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    corpus = corpus_load(tmp_path / "posts.csv").annotate(progress=False)
    d = phrase_dispersion(corpus, ["dialogue", "Washington"], speaker="all")
    assert d["doc_id"].tolist() == ["a", "a", "b", "b", "b"]  # by date, then place
    first, last = d[d.doc_id == "a"]["position"].tolist()
    assert first == 0.0 and 0.95 < last < 1.0  # the document's first word, and its last sentence
    assert d.set_index(["doc_id", "phrase"])["doc_hits"].to_dict() == {
        ("a", "dialogue"): 2, ("b", "Washington"): 2, ("b", "dialogue"): 1}
    fig = plots.dispersion(d, title="Where", labels={"a": "early post"})
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["2020-03-01 · b", "2019-01-05 · early post"]
    words = corpus.documents.set_index("doc_id")["words"]
    right = [t.get_text() for t in ax.child_axes[0].get_yticklabels()]  # the count and its base
    assert right == [f"3 in {words['b']} w", f"2 in {words['a']} w"]
