"""Reports that fit the corpus: the grain follows its span and dates, a grain finer than the dates is refused
before any kernel starts, untitled documents get readable names, words by speaker come from the attribution."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import lavrovkit as lk
from lavrovkit.errors import ParameterError, ReportError
from lavrovkit.reports import render_all

from .conftest import write_texts

#: A three-month channel export: untitled posts, one per row, dated to the day.
POSTS = pd.DataFrame({
    "id": ["p1", "p2", "p3", "p4"],
    "date": ["2026-01-12", "2026-01-30", "2026-02-17", "2026-03-28"],
    "source": ["MFA Russia"] * 4,
    "text": [
        "Foreign Minister Sergey Lavrov had a telephone conversation with US Secretary of State Marco Rubio. "
        "The ministers discussed the dialogue on strategic stability.",
        "Sergey Lavrov: We are open to dialogue with Washington, but sanctions remain an obstacle.",
        "Foreign Ministry Spokeswoman Maria Zakharova said the dialogue with the United States continues.",
        "Sergey Lavrov: Dialogue requires respect for each other's interests. We will see what Washington offers.",
    ],
})
#: UN-style speeches dated only by year, as a filename pattern gives them.
SPEECHES = {
    "USA_59_2004.txt": "We call on all nations to support dialogue and democracy.",
    "USA_60_2005.txt": "The United Nations must reform. Dialogue between nations matters.",
    "USA_61_2006.txt": "Terrorism threatens us all. We seek dialogue and cooperation.",
}


@pytest.fixture(scope="module")
def posts_csv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("channel") / "posts.csv"
    POSTS.to_csv(path, index=False)
    return path


@pytest.fixture(scope="module")
def posts(posts_csv: Path) -> lk.Corpus:
    return lk.corpus_load(posts_csv).annotate(progress=False)


@pytest.fixture(scope="module")
def speeches(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_texts(tmp_path_factory.mktemp("speeches"), SPEECHES)


def test_the_automatic_grain_follows_the_span_and_never_goes_finer_than_the_dates(posts: lk.Corpus) -> None:
    assert lk.grain_auto(posts.documents) == "month"
    days = pd.to_datetime(["2020-01-05", "2023-06-01"])
    assert lk.grain_auto(pd.DataFrame({"date": days, "date_precision": "day"})) == "quarter"
    days = pd.to_datetime(["2004-01-05", "2022-06-01"])
    assert lk.grain_auto(pd.DataFrame({"date": days, "date_precision": "day"})) == "year"
    short_but_yearly = pd.DataFrame({"date": pd.to_datetime(["2021-01-01", "2022-01-01"]), "date_precision": "year"})
    assert lk.grain_auto(short_but_yearly) == "year"
    assert lk.grain_resolve(posts.documents, "quarter") == "quarter"
    with pytest.raises(ParameterError, match="'fortnight' is not one of"):
        lk.grain_resolve(posts.documents, "fortnight")


def test_a_three_month_export_gets_monthly_points_in_a_notebook(posts_csv: Path,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    study = lk.study_setup(corpus=str(posts_csv), grain="auto", speaker="all", duplicates="keep")
    assert study.grain == "month"
    assert "Grain: month (auto" in capsys.readouterr().out
    prev = lk.theme_prevalence(study.corpus, by=study.grain, speaker="all")
    assert sorted(prev["period"].unique()) == ["2026-01", "2026-02", "2026-03"]


def test_a_grain_finer_than_the_dates_is_one_message_with_the_corpus_range(speeches: Path, tmp_path: Path) -> None:
    docs = lk.corpus_load(speeches, "{country}_{session}_{year}.txt").documents
    assert set(docs["date_precision"]) == {"year"}
    problem = lk.grain_fit(docs, "month")
    assert problem == ("grain 'month' is finer than the corpus's dates: 3 of 3 dated documents are dated to the "
                       "year only; use year; the corpus covers 2004-01-01 to 2006-01-01 (3 dated documents)")
    assert lk.grain_fit(docs, "year") is None
    with pytest.raises(ReportError, match="parameter grain 'month' is finer than the corpus's dates: 3 of 3") as err:
        render_all(["04_phrasing"], {"corpus": str(speeches), "pattern": "{country}_{session}_{year}.txt",
                                     "grain": "month"}, out_dir=tmp_path / "out")
    assert "the corpus covers 2004-01-01 to 2006-01-01" in str(err.value)
    assert not (tmp_path / "out").exists()
    with pytest.raises(ParameterError, match="finer than the corpus's dates"):
        lk.study_setup(corpus=str(speeches), pattern="{country}_{session}_{year}.txt", grain="quarter",
                       duplicates="keep")


def test_untitled_documents_are_named_by_date_source_and_first_words(posts: lk.Corpus) -> None:
    names = lk.document_labels(posts.documents)
    assert names["p1"] == "2026-01-12 · MFA Russia · Foreign Minister Sergey Lavrov had a telephone…"
    shown = lk.table_html(posts.documents[["doc_id", "date", "words"]], documents=posts).data
    assert "<td>2026-02-17 · MFA Russia · Foreign Ministry Spokeswoman Maria Zakharova said…</td>" in shown
    titled = lk.corpus_load().documents
    labels = lk.document_labels(titled)
    assert (labels.str.len() <= 80).all()
    assert [t if len(t) <= 80 else t[:40] for t in titled["title"]] == \
        [n if len(t) <= 80 else n[:40] for t, n in zip(titled["title"], labels, strict=True)]
    twins = pd.DataFrame({"doc_id": ["a", "b"], "title": ["Press release", "Press release"]})
    assert lk.document_labels(twins).tolist() == ["Press release [a]", "Press release [b]"]


def test_words_by_speaker_come_from_the_attribution_and_agree_with_the_speaker_share(posts: lk.Corpus) -> None:
    spoken = lk.word_counts(posts, "speaker").set_index("speaker")
    lavrov = lk.speaker_share(posts, "Lavrov")
    assert spoken.loc["Sergey Lavrov", "words"] == lavrov["speaker_words"].sum() > 0
    assert spoken.loc["Sergey Lavrov", "documents"] == (lavrov["speaker_words"] > 0).sum() == 2
    assert spoken["words"].sum() == posts.sentences["words"].sum()
    assert "President Vladimir Putin" not in spoken.index


def test_a_three_month_export_compares_its_last_month_with_its_first(posts: lk.Corpus) -> None:
    target, reference = lk.periods_auto(posts)
    assert (target, reference) == ("2026-02-01:", ":2026-01-31")
    with pytest.warns(lk.LavrovkitWarning, match="side has .* words, under the 5,000-word minimum"):
        key = lk.keyness(posts, target=target, reference=reference, speaker="all", min_freq=1)
    assert key["low_base"].all() and {"ci_low", "ci_high", "target_words", "reference_words"} <= set(key.columns)


def test_one_persons_share_is_the_same_in_both_share_tables(posts: lk.Corpus) -> None:
    one = lk.speaker_share(posts, "Lavrov").set_index("doc_id")
    every = lk.speaker_shares(posts)
    mine = every[every.speaker == "Sergey Lavrov"].set_index("doc_id")
    assert len(mine) == 2
    assert (one.loc[mine.index, "words"] == mine["doc_words"]).all()
    assert (one.loc[mine.index, "share"] == mine["share"]).all()
