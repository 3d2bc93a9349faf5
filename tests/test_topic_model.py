"""Topics from the embeddings: clear subjects come out as topics, the same with a seed, every unit assigned with
its provenance, shares per period adding up to one, and a subject no theme covers flagged as such."""

from __future__ import annotations

import itertools

import matplotlib
import pandas as pd
import pytest

import lavrovkit as lk
from lavrovkit.embed import units
from lavrovkit.errors import ParameterError
from lavrovkit.topic_model import topic_central, topic_documents, topic_model, topic_prevalence

matplotlib.use("Agg")

#: Three subjects, sixteen sentences each: one the taxonomy covers (Syria), two it does not (oceans, schools).
SUBJECTS = {
    "syria": (["The ceasefire in Syria", "The political settlement in Syria", "Reconstruction in Syria",
               "The return of Syrian refugees"],
              ["depends on talks between Damascus and the Syrian opposition",
               "was discussed again by the Astana guarantors of the Syrian process",
               "requires that the Syrian people decide their own future", "must respect the sovereignty of Syria"]),
    "ocean": (["Coral reefs along our coast", "Fish stocks in the southern ocean", "Mangrove forests on the islands",
               "Plankton in warming seawater"],
              ["are dying as the water grows more acidic", "need protection from industrial trawlers",
               "feed millions of coastal fishing families", "were surveyed by marine biologists last season"]),
    "school": (["Our primary schools", "Rural teachers", "University laboratories", "Reading lessons for pupils"],
               ["received new textbooks and computers this term", "need better salaries and teacher training",
                "opened in every district this autumn", "raised literacy among young students"]),
}
DATES = ["2016-03-01", "2017-05-10", "2018-06-20", "2019-09-24", "2020-10-01", "2021-09-21"]


def _sentences() -> list[tuple[str, str]]:
    """(subject, sentence) pairs, subjects interleaved: 48 distinct sentences."""
    per = {s: [f"{a} {b}." for a, b in itertools.product(*parts)] for s, parts in SUBJECTS.items()}
    return [(s, per[s][i]) for i in range(16) for s in per]


@pytest.fixture(scope="module")
def corpus():  # type: ignore[no-untyped-def]
    pairs = _sentences()
    docs = [pairs[i::len(DATES)] for i in range(len(DATES))]  # eight paragraphs each, every subject in each
    frame = pd.DataFrame({"doc_id": [f"d{i}" for i in range(len(DATES))], "date": DATES, "source": "test",
                          "text": ["\n\n".join(t for _, t in d) for d in docs]})
    return lk.corpus_load(frame, progress=False)


def _subject_of(text: str) -> str:
    return next(s for s, t in _sentences() if t == text.strip())


def test_clear_subjects_are_the_topics_and_a_seed_gives_the_same_numbering(corpus) -> None:  # type: ignore[no-untyped-def]
    m = topic_model(corpus, 3, speaker="all")
    a = m.assignments.assign(subject=m.assignments["text"].map(_subject_of))
    purity = a.groupby("topic")["subject"].agg(lambda s: s.value_counts().iloc[0] / len(s))
    assert purity.min() == 1.0 and a.groupby("subject")["topic"].nunique().max() == 1
    assert m.topics["size"].tolist() == [16, 16, 16]
    # numbered by size, then by first keyword
    assert m.topics["label"].str.split(", ").str[0].tolist() == sorted(m.topics["label"].str.split(", ").str[0])
    ocean = m.topics[m.topics["topic"] == a.loc[a["subject"] == "ocean", "topic"].iloc[0]].iloc[0]
    assert {"reef", "coral", "fish", "ocean", "mangrove"} & set(ocean["keywords"])
    # a fresh corpus object (nothing memoised): the same tables
    again = topic_model(lk.corpus_load(corpus.documents[["doc_id", "date", "source", "text"]].assign(
        date=lambda d: d["date"].dt.strftime("%Y-%m-%d")), progress=False), 3, speaker="all")
    pd.testing.assert_frame_equal(again.topics, m.topics)
    pd.testing.assert_frame_equal(again.assignments, m.assignments)
    assert topic_model(corpus, 3, speaker="all") is m  # kept in the corpus's memo


def test_every_unit_is_assigned_with_its_provenance(corpus) -> None:  # type: ignore[no-untyped-def]
    for level, ids in (("paragraph", ["doc_id", "paragraph_id"]), ("sentence", ["doc_id", "paragraph_id",
                                                                              "sentence_id"])):
        m = topic_model(corpus, 3, level=level, speaker="all")
        a = m.assignments
        assert a.columns.tolist() == [*ids, "date", "source", "speaker", "topic", "score", "text"]
        assert len(a) == len(units(corpus, level)) == 48
        assert not a[["doc_id", "date", "source"]].isna().any().any()
        assert set(a["topic"]) == {1, 2, 3} and a["score"].between(-1, 1).all()
        assert not a.duplicated(ids).any()
        best = topic_central(m, 1, top=3)
        assert best["topic"].eq(1).all() and best["score"].is_monotonic_decreasing
        assert m.topics.loc[0, "central"][0] == " ".join(best.loc[0, "text"].split())


def test_the_count_adapts_to_the_corpus(corpus) -> None:  # type: ignore[no-untyped-def]
    m = topic_model(corpus, speaker="all")
    assert m.n_topics == 3 and "silhouette" in m.how
    assert m.choice["n_topics"].tolist() == [2, 3]
    tiny = lk.corpus_load(pd.DataFrame({"doc_id": ["a", "b"], "date": ["2020-01-01", None], "source": "test",
                                        "text": ["Coral reefs are dying.\n\nTeachers need better pay.",
                                                 "Fish stocks are falling."]}), progress=False)
    one = topic_model(tiny, speaker="all")
    assert one.n_topics == 1 and "too few" in one.how and one.topics["size"].tolist() == [3]
    with pytest.warns(UserWarning, match="1 document.s. have no date: their 1 paragraphs are left out.*: b"):
        shares = topic_prevalence(one)
    assert shares["units"].tolist() == [2] and shares["share"].tolist() == [1.0]
    with pytest.raises(ParameterError, match="n_topics"):
        topic_model(corpus, 0, speaker="all")


def test_prevalence_adds_up_per_period_and_names_its_documents(corpus) -> None:  # type: ignore[no-untyped-def]
    m = topic_model(corpus, 3, speaker="all")
    p = topic_prevalence(m)
    assert p.columns.tolist() == ["period", "topic", "label", "documents", "topic_documents", "units",
                                  "topic_units", "share", "ci_low", "ci_high", "low_base", "doc_ids"]
    # auto: quarters for a span of five and a half years; periods without documents have no rows
    assert p["period"].unique().tolist() == ["2016Q1", "2017Q2", "2018Q2", "2019Q3", "2020Q4", "2021Q3"]
    assert (p.groupby("period")["share"].sum().round(6) == 1).all()
    assert (p.groupby("period")["topic_units"].sum() == p.groupby("period")["units"].first()).all()
    assert p["low_base"].all()  # one document a period: a figure of one text
    assert (p["ci_low"] <= p["share"]).all() and (p["share"] <= p["ci_high"]).all()
    row = p[(p["period"] == "2018Q2") & (p["topic_units"] > 0)].iloc[0]
    assert row["doc_ids"] == ["d2"]
    docs = topic_documents(m, int(row["topic"]), "2018Q2")
    assert docs["doc_id"].tolist() == ["d2"] and int(docs["topic_units"].iloc[0]) == int(row["topic_units"])
    assert int(topic_documents(m, 1)["topic_units"].sum()) == 16
    assert p.equals(topic_prevalence(corpus, n_topics=3, speaker="all"))


def test_a_subject_no_theme_covers_is_flagged(corpus) -> None:  # type: ignore[no-untyped-def]
    m = topic_model(corpus, 3, speaker="all")
    t = m.topics.set_index("label")
    a = m.assignments.assign(subject=m.assignments["text"].map(_subject_of))
    topic_of = a.groupby("subject")["topic"].first()
    rows = m.topics.set_index("topic")
    assert rows.loc[topic_of["syria"], "theme"] == "syria" and rows.loc[topic_of["syria"], "covered"]
    assert rows.loc[topic_of["syria"], "theme_share"] == 1.0
    assert not rows.loc[topic_of["ocean"], "covered"] and not rows.loc[topic_of["school"], "covered"]
    assert sorted(m.uncovered()["topic"]) == sorted([topic_of["ocean"], topic_of["school"]])
    assert len(t) == 3
    summary = lk.topic_summary(m, m.uncovered()["topic"], documents=2)
    assert summary["topic"].tolist() == m.uncovered()["topic"].tolist() and not summary["covered"].any()
    assert summary["doc_id"].notna().all() and summary["top_documents"].str.len().eq(2).all()
    assert all(_subject_of(text) in ("ocean", "school") for text in summary["text"])
    assert all(e for e in summary["evidence"])  # the central sentence holds some of the topic's keywords


def test_figures(corpus) -> None:  # type: ignore[no-untyped-def]
    m = topic_model(corpus, 3, speaker="all")
    fig = lk.plots.topic_trends(topic_prevalence(m), labels=m.labels(), uncovered=m.uncovered()["topic"])
    titles = [ax.get_title() for ax in fig.axes if ax.get_title()]
    assert len(titles) == 3 and sum("not covered" in t for t in titles) == 2
    fig = lk.plots.topic_sizes(m.topics)
    assert fig.axes[0].get_xlabel() == "paragraphs (count)"


def test_cli_topics(corpus, tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    from lavrovkit.cli import main

    path = tmp_path / "corpus.csv"
    corpus.documents[["doc_id", "date", "source", "text"]].assign(
        date=lambda d: d["date"].dt.strftime("%Y-%m-%d")).to_csv(path, index=False)
    assert main(["topics", str(path), "--n-topics", "3", "--speaker", "all", "--format", "csv"]) == 0
    out = pd.read_csv(pd.io.common.StringIO(capsys.readouterr().out))
    assert out["size"].tolist() == [16, 16, 16] and out["covered"].sum() == 1
    assert main(["topics", str(path), "--n-topics", "3", "--speaker", "all", "--table", "prevalence",
                 "--format", "json"]) == 0
    assert '"doc_ids"' in capsys.readouterr().out
