"""The corpus object and the command line, end to end on the real seeds."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from lavrovkit import corpus_load, speaker_share, word_counts
from lavrovkit.cli import main
from lavrovkit.errors import CorpusError

from .conftest import SEEDS

SEED_DATES = {"000": "2019-02-24", "001": "2017-10-09", "002": "2016-08-27", "003": "2025-11-09", "004": "2018-12-24"}


def test_seeds_load_with_catalog_metadata(seeds) -> None:  # type: ignore[no-untyped-def]
    docs = seeds.documents.set_index("doc_id")
    assert list(docs.index) == ["000", "001", "002", "003", "004"]
    assert {d: docs.at[d, "date"].strftime("%Y-%m-%d") for d in docs.index} == SEED_DATES
    assert (docs["date_precision"] == "day").all()
    assert docs.loc["004", "genre"] == "transcript" and docs.loc["004", "speaker"] == "Sergey Lavrov"
    assert list(docs["source"]) == ["TASS", "Sputnik", "TASS", "Sputnik", "Russian Foreign Ministry"]
    assert docs.loc["002", "dateline"] == "GENEVA"
    prov = seeds.provenance
    used = prov[prov.used & (prov.field == "date")]
    assert set(used.origin) == {"catalog"}


def test_web_chrome_is_gone_from_the_text_but_inspectable(seeds) -> None:  # type: ignore[no-untyped-def]
    text = seeds.documents.set_index("doc_id").at["001", "text"]
    assert "Community standards" not in text and "captcha" not in text and "Tags:" not in text
    assert "Lavrov and Tillerson also discussed the functioning of the de-escalation zones" in text
    removed = seeds.cleaning[(seeds.cleaning.doc_id == "001") & (seeds.cleaning.kind == "removed")]
    assert removed.text.str.contains("Community standards").any()


def test_sentence_offsets_point_into_the_cleaned_text(seeds) -> None:  # type: ignore[no-untyped-def]
    texts = seeds.documents.set_index("doc_id")["text"]
    s = seeds.sentences
    assert s.groupby("doc_id").sentence_id.apply(lambda x: list(x) == list(range(len(x)))).all()
    for row in s.sample(40, random_state=0).itertuples():
        assert texts[row.doc_id][row.start_char:row.end_char] == row.text
    p = seeds.paragraphs
    assert (p.groupby("doc_id").paragraph_id.apply(lambda x: list(x) == list(range(len(x))))).all()
    for col in ("doc_id", "paragraph_id", "sentence_id", "start_char", "end_char", "text", "speaker", "is_quote"):
        assert col in s.columns
    tok = seeds.tokens
    assert {"doc_id", "sentence_id", "token_id", "text", "lemma", "pos"} <= set(tok.columns)
    ents = seeds.entities
    assert "Tillerson" in " ".join(ents[(ents.doc_id == "001") & (ents.label == "PERSON")].text)


def test_filters_by_date_source_genre_and_speaker(seeds) -> None:  # type: ignore[no-untyped-def]
    assert seeds.filter(start="2018-01-01").documents.doc_id.tolist() == ["000", "003", "004"]
    assert seeds.filter(end="2017-12-31").documents.doc_id.tolist() == ["001", "002"]
    assert seeds.filter(start="2016-08-27", end="2016-08-27").documents.doc_id.tolist() == ["002"]
    assert seeds.filter(source="tass").documents.doc_id.tolist() == ["000", "002"]
    assert seeds.filter(genre="transcript").documents.doc_id.tolist() == ["004"]
    questions = seeds.filter(speaker="question")
    assert questions.documents.doc_id.tolist() == ["004"]
    assert set(questions.sentences.speaker) == {"question"}
    assert set(questions.tokens.sentence_id) <= set(questions.sentences.sentence_id)
    lav = seeds.filter(speaker="lavrov", start="2025-01-01")
    assert lav.documents.doc_id.tolist() == ["003"] and set(lav.sentences.speaker) == {"Sergey Lavrov"}


def test_speaker_share_and_words_by(seeds) -> None:  # type: ignore[no-untyped-def]
    share = speaker_share(seeds).set_index("doc_id")
    assert share.loc["004", "share"] > 0.8  # the transcript is mostly his answers
    assert share.loc["001", "speaker_words"] == 0  # the ministry's statement is not his own words
    assert 0.2 < share.loc["000", "share"] < 0.9
    by = word_counts(seeds, "source").set_index("source")
    assert by.loc["TASS", "documents"] == 2
    assert by["words"].sum() == seeds.documents.words.sum()


def test_fingerprint_changes_with_the_text(tmp_path: Path) -> None:
    for f in SEEDS.iterdir():
        (tmp_path / f.name).write_bytes(f.read_bytes())
    a = corpus_load(tmp_path).fingerprint()
    assert a == corpus_load(tmp_path).fingerprint()
    p = tmp_path / "003_8f8bbc474127e9bb.txt"
    p.write_text(p.read_text() + "\nOne more sentence.", encoding="utf-8")
    assert corpus_load(tmp_path).fingerprint() != a


def test_cli_corpus_info_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["corpus", "info", "--format", "json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    docs = {d["id"]: d for d in payload["documents"]}
    assert {k: v["date"] for k, v in docs.items()} == SEED_DATES
    for field in ("date_precision", "source", "genre", "title", "speaker", "words"):
        assert field in docs["004"]
    assert payload["skipped"] == []


def test_cli_info_with_pattern_fields_and_skips(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "RUS_71_2016.txt").write_text("We gathered here today. The United Nations must be reformed.\n")
    (tmp_path / "USA_71_2016.txt").write_text("The United States stands ready to work with Russia.\n")
    (tmp_path / "empty.txt").write_text("")
    with pytest.warns(UserWarning, match="empty.txt: skipped"):
        assert main(["corpus", "info", str(tmp_path), "--pattern", "{country}_{session}_{year}.txt",
                     "--format", "json"]) == 0
    captured = capsys.readouterr()
    payload = json.loads(captured.out)
    rows = {d["country"]: d for d in payload["documents"]}
    assert rows["RUS"]["session"] == "71" and rows["RUS"]["date"] == "2016-01-01"
    assert rows["RUS"]["date_precision"] == "year"
    assert [s["file"] for s in payload["skipped"]] == ["empty.txt"]


def test_cli_export_sentences(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "sentences.parquet"
    assert main(["corpus", "export", "--level", "sentence", "--out", str(out)]) == 0
    table = pd.read_parquet(out)
    assert {"doc_id", "paragraph_id", "sentence_id", "start_char", "end_char", "text", "speaker",
            "is_quote"} <= set(table.columns)
    assert (table[table.doc_id == "004"].speaker.dropna().unique().tolist()) == ["question", "Sergey Lavrov"]
    csv_out = tmp_path / "docs.csv"
    assert main(["corpus", "export", "--level", "doc", "--out", str(csv_out)]) == 0
    assert len(pd.read_csv(csv_out, dtype=str)) == 5
    assert main(["corpus", "export", "--level", "doc", "--out", str(tmp_path / "docs.xlsx")]) == 2
    assert "unknown output format" in capsys.readouterr().err


def test_cli_check_reports_disagreements(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for f in SEEDS.glob("*.txt"):
        (tmp_path / f.name).write_bytes(f.read_bytes())
    catalog = (SEEDS / "catalog.csv").read_text().replace("2016-08-27", "2016-08-28")
    (tmp_path / "catalog.csv").write_text(catalog)
    assert main(["corpus", "check", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "002" in out and "2016-08-28" in out and "2016-08-27" in out
    assert "5 documents; 1 disagreement(s)" in out  # typography (’ vs ') and "no year found" are not disagreements
    assert main(["corpus", "check"]) == 0
    assert "text clues agree with the catalog, tables, file names" in capsys.readouterr().out


def test_cli_reports_bad_input_in_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["corpus", "info", str(tmp_path / "nowhere")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("lavrovkit: error:") and "nowhere" in err and len(err.strip().splitlines()) == 1


def test_cli_annotate_reports_cache_use(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["annotate", "--cache-dir", str(tmp_path), "--quiet"]) == 0
    assert "0 from cache, 5 annotated" in capsys.readouterr().out
    assert main(["annotate", "--cache-dir", str(tmp_path), "--quiet"]) == 0
    assert "5 from cache, 0 annotated" in capsys.readouterr().out


def test_date_labels_keep_the_known_precision() -> None:
    from lavrovkit.corpus import date_label

    docs = pd.DataFrame({"date": pd.to_datetime(["2017-01-01", "2019-02-01", "2019-02-24", None]),
                         "date_precision": ["year", "month", "day", "unknown"]})
    assert date_label(docs).tolist() == ["2017", "2019-02", "2019-02-24", "undated"]


def test_a_speaker_who_says_nothing_is_an_error_not_an_empty_corpus(seeds) -> None:  # type: ignore[no-untyped-def]
    from lavrovkit.corpus import SpeakerError

    with pytest.raises(SpeakerError, match="no sentence is spoken by 'Lavorv'; speakers in this corpus: Sergey Lavrov"):
        seeds.filter(speaker="Lavorv")
    assert len(seeds.filter(speaker="none").sentences) > 0  # narration
    assert len(seeds.filter(speaker="all")) == 5


def test_a_dataframe_the_analyst_holds_loads_as_a_corpus(tmp_path: Path) -> None:
    posts = pd.DataFrame({
        "id": ["p1", "p2"],
        "date": ["2025-02-18", "2025-03-13"],
        "channel": ["MFA Russia", "MFA Russia"],
        "post": ["Sergey Lavrov and Marco Rubio met in Riyadh.", "Lavrov: the dialogue with Washington goes on."],
    })
    corpus = corpus_load(posts, text_column="post", cache_dir=tmp_path)
    docs = corpus.documents.set_index("doc_id")
    assert list(docs.index) == ["p1", "p2"]
    assert str(docs.loc["p2", "date"].date()) == "2025-03-13" and docs.loc["p1", "channel"] == "MFA Russia"
    assert docs.loc["p1", "text"] == "Sergey Lavrov and Marco Rubio met in Riyadh."
    again = corpus_load(posts.copy(), text_column="post", cache_dir=tmp_path)  # same content, same file
    assert list(again.documents["file"]) == list(corpus.documents["file"])
    with pytest.raises(CorpusError, match="can't be read as a corpus table"):
        corpus_load(pd.DataFrame({"text": ["a", "b"], "odd": [object(), 1]}), cache_dir=tmp_path)
