"""Similar passages: a query in one language finds its translation in the other, more like this leaves the
sentence out, the kit's filters hold, every row carries its provenance, the order is fixed, and the command
line prints it."""

from __future__ import annotations

import io
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import lavrovkit as lk
from lavrovkit.cli import main
from lavrovkit.errors import ParameterError, SpeakerError
from lavrovkit.explore import Explorer
from lavrovkit.similar import COLUMNS, sentence_ref

# the English sentence of a transcript, and its Russian translation in a news report (and the reverse)
EN_DIALOGUE = "We are ready to resume dialogue with Washington on strategic stability, but only as equals."
RU_DIALOGUE = "Мы готовы возобновить диалог с Вашингтоном по стратегической стабильности, но только на равных."
RU_EMBASSY = "Американская сторона снова задержала выдачу виз нашим дипломатам, которые едут в Нью-Йорк."
EN_EMBASSY = "The American side has once again delayed visas for our diplomats travelling to New York."
COPY = "The talks will continue in Geneva next month."

DOCS = {
    # id: (file, date, source, genre, title, text)
    "a": ("a.txt", "2019-03-01", "MFA Russia", "transcript", "Lavrov's answers to the media", (
        "Question: Is Moscow still open to talks with the United States?\n\n"
        f"Sergey Lavrov: {EN_DIALOGUE} Sanctions will not make us more accommodating. {COPY}\n\n"
        "Question: What about the harvest in the south?\n\n"
        "Sergey Lavrov: I am not an agronomist, but I hear the wheat crop was very good this year.")),
    "b": ("b.txt", "2021-06-10", "TASS", "news report", "Лавров о диалоге с США", (
        f"Министр иностранных дел России заявил журналистам: «{RU_DIALOGUE}»\n\n"
        "Он также отметил, что урожай пшеницы в этом году оказался высоким.\n\n"
        f"По словам министра, {RU_EMBASSY[0].lower()}{RU_EMBASSY[1:]}")),
    "c": ("c.txt", "2023-09-14", "MFA Russia", "transcript", "Briefing by Maria Zakharova", (
        f"Maria Zakharova: {EN_EMBASSY} This is a violation of the headquarters agreement.\n\n"
        "Question: Will there be a response?\n\n"
        f"Maria Zakharova: Our response will be measured. {COPY}")),
    "d": ("d.txt", "2016-05-20", "RIA Novosti", "news report", "Football season ends", (
        "The football season ended on Sunday with a draw in Moscow.\n\n"
        "Fans celebrated in the streets until late at night.")),
}


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("similar")
    rows = ["id,file,date,date_precision,source,genre,title,dateline,speaker,notes"]
    for doc_id, (file, date, source, genre, title, text) in DOCS.items():
        (root / file).write_text(text + "\n", encoding="utf-8")
        rows.append(f'{doc_id},{file},{date},day,{source},{genre},"{title}",,,')
    (root / "catalog.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def corpus(folder: Path) -> lk.Corpus:
    return lk.corpus_load(folder).annotate(progress=False)


def _where(corpus: lk.Corpus, text: str) -> tuple[str, int]:
    s = corpus.sentences
    row = s[s["text"].str.contains(text[:30], regex=False)].iloc[0]
    return str(row["doc_id"]), int(row["sentence_id"])


def test_russian_query_finds_the_english_sentence_and_the_reverse(corpus: lk.Corpus) -> None:
    ru = lk.similar(corpus, RU_DIALOGUE, top=3, speaker="all")
    # the Russian sentence itself (in b) and its English translation (in a) lead
    assert {(d, s) for d, s in zip(ru.doc_id[:2], ru.sentence_id[:2], strict=True)} == {
        _where(corpus, RU_DIALOGUE), _where(corpus, EN_DIALOGUE)}
    en_only = lk.similar(corpus, RU_DIALOGUE, top=1, speaker="lavrov")  # his words: the English sentence alone
    assert (en_only.doc_id[0], en_only.sentence_id[0]) == _where(corpus, EN_DIALOGUE)
    assert en_only.text[0] == EN_DIALOGUE and en_only.score[0] > 0.85
    back = lk.similar(corpus, EN_EMBASSY, top=2, speaker="all", source="TASS")  # English → the Russian report
    assert back.text[0].endswith("едут в Нью-Йорк.") and back.doc_id[0] == "b"
    assert back.score[0] > back.score[1] + 0.05


def test_columns_carry_provenance_and_attrs_record_the_query(corpus: lk.Corpus) -> None:
    hits = lk.similar(corpus, "visas for diplomats", top=4, speaker="all")
    assert hits.columns.tolist() == COLUMNS["sentence"]
    assert hits["rank"].tolist() == [1, 2, 3, 4]
    assert str(hits["date"].dtype).startswith("datetime64")
    row = hits[hits.doc_id == "c"].iloc[0]
    assert row.source == "MFA Russia" and row.title == "Briefing by Maria Zakharova"
    assert row.speaker == "Maria Zakharova"
    s = corpus.sentences.set_index(["doc_id", "sentence_id"])
    for r in hits.itertuples():  # every row is a sentence of the corpus, with its own text and paragraph
        assert s.loc[(r.doc_id, r.sentence_id), "text"] == r.text
        assert s.loc[(r.doc_id, r.sentence_id), "paragraph_id"] == r.paragraph_id
    assert hits.attrs["query"] == "visas for diplomats" and hits.attrs["query_ref"] is None
    assert hits.attrs["candidates"] == len(corpus.embeddings("sentence"))
    para = lk.similar(corpus, RU_EMBASSY, top=2, level="paragraph", speaker="all")
    assert para.columns.tolist() == COLUMNS["paragraph"]
    assert para.doc_id[0] == "b" and RU_EMBASSY[1:] in para.text[0]


def test_more_like_this_leaves_out_the_sentence_and_copies_of_it(corpus: lk.Corpus) -> None:
    ref = _where(corpus, COPY)
    more = lk.similar(corpus, ref, top=50, speaker="all")
    pairs = set(zip(more.doc_id, more.sentence_id, strict=True))
    assert ref not in pairs and COPY not in set(more.text)  # itself, and the same sentence in document c
    assert more.attrs["query"] == COPY and more.attrs["query_ref"] == ref
    assert len(more) == len(corpus.embeddings("sentence")) - 2
    # a KWIC row (or any row with doc_id and sentence_id) is the same query
    k = lk.kwic(corpus, "Sanctions", speaker="all")
    from_row = lk.similar(corpus, k.iloc[0], top=5, speaker="all")
    assert (k.doc_id[0], k.sentence_id[0]) not in set(zip(from_row.doc_id, from_row.sentence_id, strict=True))
    pd.testing.assert_frame_equal(from_row, lk.similar(corpus, k.iloc[[0]], top=5, speaker="all"))
    assert sentence_ref(next(k.itertuples())) == (k.doc_id[0], int(k.sentence_id[0]))
    # at paragraph level: the sentence's own paragraph is left out
    doc, sid = _where(corpus, EN_DIALOGUE)
    para_id = int(corpus.sentences.set_index(["doc_id", "sentence_id"]).loc[(doc, sid), "paragraph_id"])
    paras = lk.similar(corpus, (doc, sid), top=3, level="paragraph", speaker="all")
    assert (doc, para_id) not in set(zip(paras.doc_id, paras.paragraph_id, strict=True))
    # the Russian report of the same words comes before the harvest and the football
    assert ("b", 0) in set(zip(paras.doc_id[:2], paras.paragraph_id[:2], strict=True))


def test_filters_mean_what_they_mean_everywhere(corpus: lk.Corpus) -> None:
    lavrov = lk.similar(corpus, "wheat harvest", top=20)  # auto: Lavrov speaks here, so his words
    assert set(lavrov.speaker) == {"Sergey Lavrov"}
    zakharova = lk.similar(corpus, "wheat harvest", top=20, speaker="Zakharova")
    assert set(zakharova.speaker) == {"Maria Zakharova"} and len(zakharova) == 4
    dated = lk.similar(corpus, "wheat harvest", top=20, speaker="all", start="2019-01-01", end="2022-12-31")
    assert set(dated.doc_id) == {"a", "b"}
    assert set(dated.date.dt.year) == {2019, 2021}
    news = lk.similar(corpus, "wheat harvest", top=20, speaker="all", genre="news report")
    assert set(news.doc_id) == {"b", "d"}
    chosen = lk.similar(corpus, "wheat harvest", top=20, speaker="all", doc_ids=["d"])
    assert set(chosen.doc_id) == {"d"}
    floor = lk.similar(corpus, "wheat harvest", top=20, speaker="all", min_score=0.85)
    assert len(floor) and (floor.score >= 0.85).all()
    none = lk.similar(corpus, "wheat harvest", speaker="all", start="2030-01-01")
    assert none.empty and none.columns.tolist() == COLUMNS["sentence"]
    with pytest.raises(SpeakerError, match="no sentence is spoken by 'Putin'"):
        lk.similar(corpus, "wheat harvest", speaker="Putin")
    with pytest.raises(ParameterError, match="no documents column 'country'"):
        lk.similar(corpus, "wheat harvest", speaker="all", country="USA")


def test_order_is_fixed_and_ties_go_by_doc_id(corpus: lk.Corpus) -> None:
    one = lk.similar(corpus, COPY, top=3, speaker="all")
    two = lk.similar(corpus, COPY, top=3, speaker="all")
    pd.testing.assert_frame_equal(one, two)
    assert one.score[0] == one.score[1] == 1.0  # the same sentence in a and c: tied, a first
    assert one.doc_id[:2].tolist() == ["a", "c"]
    every = lk.similar(corpus, "dialogue", top=1000, speaker="all")
    order = every.sort_values(["score", "doc_id", "paragraph_id", "sentence_id"],
                              ascending=[False, True, True, True]).reset_index(drop=True)
    pd.testing.assert_frame_equal(every.drop(columns="rank"), order.drop(columns="rank"))


def test_queries_the_kit_refuses(corpus: lk.Corpus) -> None:
    with pytest.raises(ParameterError, match="the query is empty"):
        lk.similar(corpus, "   ")
    with pytest.raises(ParameterError, match="document 'a' has no sentence 99 "):
        lk.similar(corpus, ("a", 99))
    with pytest.raises(ParameterError, match="no document 'zz' in this corpus"):
        lk.similar(corpus, ("zz", 0))
    with pytest.raises(ParameterError, match="top must be a whole number of at least 1"):
        lk.similar(corpus, "dialogue", top=0)
    with pytest.raises(ParameterError, match="level must be one of sentence, paragraph"):
        lk.similar(corpus, "dialogue", level="word")
    with pytest.raises(ParameterError, match="needs doc_id and sentence_id"):
        lk.similar(corpus, {"doc_id": "a"})
    with pytest.raises(ParameterError, match="min_score is a cosine"):
        lk.similar(corpus, "dialogue", min_score=2)


def test_warm_query_reuses_the_vectors_and_the_mask(corpus: lk.Corpus) -> None:
    e = corpus.embeddings("sentence")
    lk.similar(corpus, "dialogue", speaker="all", source="TASS")
    assert corpus.embeddings("sentence") is e  # one matrix, in the corpus's memo
    masks = [k for k in corpus.memo if isinstance(k, tuple) and k[0] == "similar_mask"]
    assert masks and all(corpus.memo[k] is None or corpus.memo[k].dtype == np.bool_ for k in masks)


def test_command_line_prints_csv_and_json(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["similar", RU_DIALOGUE, str(folder), "--top", "2", "--speaker", "lavrov", "--format", "csv",
                 "--quiet"]) == 0
    table = pd.read_csv(io.StringIO(capsys.readouterr().out))
    assert table.columns.tolist() == COLUMNS["sentence"] and table.text[0] == EN_DIALOGUE
    assert main(["similar", "--sentence", "c:0", str(folder), "--speaker", "all", "--format", "json",
                 "--level", "paragraph", "--top", "1", "--quiet"]) == 0
    records = json.loads(capsys.readouterr().out)
    assert len(records) == 1 and records[0]["doc_id"] == "b" and records[0]["date"].startswith("2021-06-10")
    assert records[0]["text"].endswith("едут в Нью-Йорк.") and "sentence_id" not in records[0]
    assert main(["similar", "visas", str(folder), "--speaker", "all", "--source", "TASS", "--top", "1",
                 "--quiet"]) == 0
    assert "TASS" in capsys.readouterr().out


@pytest.mark.parametrize(("argv", "expected"), [
    (["similar", "--quiet"], "give a QUERY text, or --sentence"),
    (["similar", "--sentence", "a-1", "--quiet"], "--sentence takes DOC_ID:SENTENCE_ID"),
    (["similar", "x", "PATH", "--sentence", "a:1", "--quiet"], "not both"),
    (["similar", "--sentence", "a:99", "PATH", "--speaker", "all", "--quiet"], "document 'a' has no sentence 99"),
    (["similar", "dialogue", "PATH", "--top", "0", "--quiet"], "top must be a whole number"),
])
def test_command_line_errors_are_one_line(folder: Path, capsys: pytest.CaptureFixture[str], argv: list[str],
                                          expected: str) -> None:
    assert main([str(folder) if a == "PATH" else a for a in argv]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err[-1].startswith("lavrovkit: error: ") and expected in err[-1], err
    assert not any("Traceback" in line for line in err)


def test_explorer_shows_similar_passages(corpus: lk.Corpus) -> None:
    ex = Explorer(corpus).set(similar=RU_DIALOGUE, speaker="all")
    table = ex.tables()["similar"]
    assert table.columns.tolist() == COLUMNS["sentence"] and EN_DIALOGUE in set(table.text)
    assert Explorer(corpus).tables()["similar"].empty  # no sentence typed yet: nothing embedded
    dated = ex.set(start="2021-01-01").tables()["similar"]
    assert set(dated.doc_id) <= {"b", "c"}
