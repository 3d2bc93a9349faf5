"""A metadata table joined to the documents by filename fields, as UNGDC's ``speakers.csv``; metadata filters.

The corpus is built in ``tmp_path`` in the UN General Debate layout
(``YEAR/ISO3_SESSION_YEAR.txt`` plus ``speakers.csv`` with columns
``year,session,country_code,country,speaker,post``; country names with the
trailing spaces the real table has), as a folder and as a ``.tar.gz`` with a
top folder. Only one test annotates (the sentence-level speaker filter).
"""

from __future__ import annotations

import tarfile
import warnings
from pathlib import Path

import pytest

from lavrovkit import corpus_load
from lavrovkit.load import CorpusError, CorpusWarning, parse_catalog_on, read_corpus

PATTERN = "{country}_{session}_{year}.txt"
SPEECHES = {
    "2021/BRA_76_2021.txt": (
        "It is an honour to open the general debate of the seventy-sixth session of the General Assembly.\n\n"
        "I come here to show a Brazil different from the one published in newspapers or seen on television. "
        "Brazil has the largest share of native vegetation among the major economies, and we remain committed "
        "to the Paris Agreement.\n"),
    "2022/BRA_77_2022.txt": (
        "I would like to greet the Secretary-General and to congratulate the President of the General "
        "Assembly on his election.\n\n"
        "The theme chosen for this debate speaks of a watershed moment. Our collective responsibility is to "
        "build answers from the objectives we share, beginning with food security and energy.\n"),
    "2022/CHL_77_2022.txt": (
        "Mr. President, I bring the greetings of the people of Chile to this Assembly.\n\n"
        "Democracy is not a finished work. Three years ago my country went through a profound social crisis, "
        "and we chose to answer it with more democracy, not less.\n"),
    "2022/SEN_77_2022.txt": (
        "Mr. President, allow me first to congratulate you on your election to the presidency of the "
        "seventy-seventh session.\n\n"
        "Africa does not ask for charity. It asks for a fairer international financial system and for its "
        "rightful place in the Security Council.\n"),
}
SPEAKERS = (
    "year,session,country_code,country,speaker,post\n"
    "2022,77,BRA,Brazil ,Jair Bolsonaro,President\n"
    "2022,77,SEN,Senegal,Macky Sall,President\n"
    "2022,77,CHL,Chile,Gabriel Boric Font,President\n"
    "2022,77,JOR,Jordan,Abdullah II ibn Al Hussein,King\n"
    "2021,76,BRA,Brazil ,Jair Bolsonaro,President\n"
)
JOIN = "speakers.csv row {} (country=country_code, year)"


def write_corpus(root: Path, speakers: str | None = SPEAKERS, extra: dict[str, str] | None = None) -> Path:
    """The speeches (and ``speakers.csv``, and any ``extra`` files) in UNGDC's layout under ``root``."""
    files = dict(SPEECHES)
    if speakers is not None:
        files["speakers.csv"] = speakers
    files.update(extra or {})
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def tar_corpus(folder: Path, archive: Path) -> Path:
    """``folder`` as a .tar.gz under a top folder, as UNGDC ships (``ungdc-2004-2022/2022/...``)."""
    with tarfile.open(archive, "w:gz") as tf:
        tf.add(folder, arcname="ungdc-mini")
    return archive


@pytest.fixture(params=["folder", "tar.gz"])
def corpus_path(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    folder = write_corpus(tmp_path / "ungdc-mini")
    return folder if request.param == "folder" else tar_corpus(folder, tmp_path / "ungdc-mini.tar.gz")


def by_id(result) -> dict:  # type: ignore[no-untyped-def]
    return {d.doc_id: d for d in result.documents}


def no_warnings(call):  # type: ignore[no-untyped-def]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        return call()


# ---------------------------------------------------------------------- the automatic join


def test_speakers_csv_joins_by_country_code_and_year(corpus_path: Path) -> None:
    result = no_warnings(lambda: read_corpus(corpus_path, PATTERN))
    docs = by_id(result)
    assert list(docs) == ["2021/BRA_76_2021", "2022/BRA_77_2022", "2022/CHL_77_2022", "2022/SEN_77_2022"]
    assert result.skipped == []  # joined, no longer listed as skipped
    assert result.catalog is not None and result.catalog.endswith("speakers.csv")
    assert result.catalog_join == "speakers.csv (country=country_code, year): 4 of 4 documents"
    bra = docs["2022/BRA_77_2022"]
    assert bra.meta == {"country": "BRA", "session": "77", "year": "2022", "date": "2022-01-01",
                        "date_precision": "year", "catalog_country": "Brazil", "speaker": "Jair Bolsonaro",
                        "post": "President"}
    # the filename's fields stay; the row's other columns come from the catalog, with the row as evidence
    assert {k: bra.meta_origin[k] for k in ("country", "year", "speaker", "post", "catalog_country")} == {
        "country": "filename", "year": "filename", "speaker": "catalog", "post": "catalog",
        "catalog_country": "catalog"}
    assert bra.meta_evidence["speaker"] == bra.meta_evidence["post"] == JOIN.format(1)
    assert docs["2021/BRA_76_2021"].meta_evidence["speaker"] == JOIN.format(5)
    assert docs["2022/CHL_77_2022"].meta["speaker"] == "Gabriel Boric Font"
    assert docs["2022/SEN_77_2022"].meta_evidence["post"] == JOIN.format(2)


def test_join_compares_values_without_case_and_surrounding_spaces(tmp_path: Path) -> None:
    speakers = ("Year , Country_Code ,speaker,post\n 2022 , bra ,Jair Bolsonaro,President\n2021,Bra ,Jair "
                "Bolsonaro,President\n2022,chl,Gabriel Boric Font,President\n2022, SEN,Macky Sall,President\n")
    docs = by_id(no_warnings(lambda: read_corpus(write_corpus(tmp_path, speakers), PATTERN)))
    assert docs["2022/BRA_77_2022"].meta["speaker"] == "Jair Bolsonaro"
    assert docs["2022/SEN_77_2022"].meta_evidence["speaker"] == "speakers.csv row 4 (country=country_code, year)"


def test_table_covering_too_few_documents_is_not_joined(tmp_path: Path) -> None:
    # one row: joined by year alone it would give every 2022 speech Bolsonaro as speaker
    corpus = write_corpus(tmp_path, "year,country_code,speaker\n2022,BRA,Jair Bolsonaro\n")
    result = no_warnings(lambda: read_corpus(corpus, PATTERN))
    assert all("speaker" not in d.meta for d in result.documents)
    assert result.skipped[0]["reason"].startswith(
        "table not joined to the documents: no column holds a filename field's values for most documents "
        "(country in column country_code: 50%); join it explicitly with catalog='speakers.csv'")


def test_loaded_corpus_carries_speaker_and_post_columns(tmp_path: Path) -> None:
    corpus = no_warnings(lambda: corpus_load(write_corpus(tmp_path), PATTERN))
    docs = corpus.documents.set_index("doc_id")
    assert docs.loc["2022/BRA_77_2022", ["speaker", "post", "country"]].tolist() == [
        "Jair Bolsonaro", "President", "BRA"]
    assert docs["speaker"].notna().all() and corpus.skipped.empty
    prov = corpus.provenance
    used = prov[(prov["doc_id"] == "2022/CHL_77_2022") & prov["used"]].set_index("field")
    assert used.loc["speaker", ["value", "origin"]].tolist() == ["Gabriel Boric Font", "catalog"]
    assert used.loc["post", "origin"] == "catalog" and used.loc["country", "origin"] == "filename"


def test_provenance_evidence_names_the_table_row_and_join(tmp_path: Path) -> None:
    corpus = corpus_load(write_corpus(tmp_path), PATTERN)
    prov = corpus.provenance.set_index(["doc_id", "field"])
    assert prov.loc[("2022/BRA_77_2022", "speaker"), "evidence"] == JOIN.format(1)


# ---------------------------------------------------------------------- the explicit join


def test_catalog_on_names_the_columns_and_the_table_may_be_a_corpus_member(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "c")
    result = no_warnings(lambda: read_corpus(corpus, PATTERN, catalog="speakers.csv",
                                             catalog_on="country=country_code,year"))
    assert result.catalog == str(corpus / "speakers.csv") and result.skipped == []
    assert by_id(result)["2022/SEN_77_2022"].meta["speaker"] == "Macky Sall"
    # on all three fields the join still holds; the evidence says which were used
    result = read_corpus(tar_corpus(corpus, tmp_path / "c.tar.gz"), PATTERN, catalog="speakers.csv",
                         catalog_on={"country": "COUNTRY_CODE", "session": "session", "year": "year"})
    assert by_id(result)["2022/SEN_77_2022"].meta_evidence["speaker"] == \
        "speakers.csv row 2 (country=country_code, session, year)"
    with pytest.raises(CorpusError, match=r"nowhere.csv: catalog file does not exist \(neither on disk nor in "
                                          r".*; tables there: speakers.csv\)"):
        read_corpus(corpus, PATTERN, catalog="nowhere.csv")


def test_catalog_on_joins_a_table_outside_the_corpus_whose_columns_are_not_found_by_name(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "c", speakers=None)
    leaders = tmp_path / "leaders.csv"
    leaders.write_text("iso3,yr,speaker,post\nBRA,2022,Jair Bolsonaro,President\nCHL,2022,Gabriel Boric Font,"
                       "President\nSEN,2022,Macky Sall,President\nBRA,2021,Jair Bolsonaro,President\n")
    with pytest.raises(CorpusError, match=r"leaders.csv: can't join it to the documents by their filename fields: "
                                          r"none of its columns .* name the columns with catalog_on="):
        read_corpus(corpus, PATTERN, catalog=leaders)
    result = no_warnings(lambda: read_corpus(corpus, PATTERN, catalog=leaders, catalog_on="country=iso3, year=yr"))
    assert by_id(result)["2021/BRA_76_2021"].meta_evidence["post"] == "leaders.csv row 4 (country=iso3, year=yr)"
    loaded = corpus_load(corpus, PATTERN, catalog=leaders, catalog_on="country=iso3,year=yr")
    assert loaded.documents["post"].tolist() == ["President"] * 4
    with pytest.raises(CorpusError, match=r"catalog_on column 'code' is not a column; its columns are: iso3, yr"):
        read_corpus(corpus, PATTERN, catalog=leaders, catalog_on="country=code")
    with pytest.raises(CorpusError, match=r"catalog_on field 'nation' is a field of no document \(the filename "
                                          r"fields are: country, session, year\)"):
        read_corpus(corpus, PATTERN, catalog=leaders, catalog_on="nation=iso3")


def test_single_speech_file_joins_a_given_table(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path)
    result = no_warnings(lambda: read_corpus(corpus / "2022/CHL_77_2022.txt", PATTERN,
                                             catalog=corpus / "speakers.csv"))
    (doc,) = result.documents
    assert doc.meta["speaker"] == "Gabriel Boric Font" and doc.meta_evidence["speaker"] == JOIN.format(3)
    with pytest.raises(CorpusError, match="catalog_on needs catalog="):
        read_corpus(corpus / "2022/CHL_77_2022.txt", PATTERN, catalog_on="country=country_code")


def test_catalog_on_does_not_apply_to_a_table_corpus(tmp_path: Path) -> None:
    table = tmp_path / "speeches.csv"
    table.write_text("id,country,text\n1,BRA,Brazil comes to this Assembly.\n")
    with pytest.raises(CorpusError, match="catalog_on joins a table by filename-pattern fields; it applies to a "
                                          "folder, an archive or a text file, not to a table"):
        read_corpus(table, catalog=write_corpus(tmp_path / "c") / "speakers.csv", catalog_on="country=country_code")


def test_parse_catalog_on() -> None:
    assert parse_catalog_on("country=country_code, year") == [("country", "country_code"), ("year", "year")]
    for bad in ("", "country=", "year,year"):
        with pytest.raises(CorpusError, match="catalog_on"):
            parse_catalog_on(bad)


# ---------------------------------------------------------------------- missing and duplicate rows


def test_document_without_a_row_keeps_working_and_the_load_warns_once(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path, extra={"2022/EU_77_2022.txt": "On behalf of the European Union, I thank "
                                           "the President of the General Assembly.\n"})
    with pytest.warns(CorpusWarning) as record:
        result = read_corpus(corpus, PATTERN)
    joins = [str(w.message) for w in record if "match no row" in str(w.message)]
    assert joins == ["speakers.csv: 1 of 5 document(s) match no row by (country=country_code, year) and keep "
                     "only their other metadata: 2022/EU_77_2022.txt (country=EU, year=2022). 1 of 5 row(s) "
                     "match no document."]
    eu = by_id(result)["2022/EU_77_2022"]
    assert "speaker" not in eu.meta and eu.meta["country"] == "EU"
    assert eu.notes == ["no row of speakers.csv matches country=EU, year=2022 (joined by country=country_code, "
                        "year)"]
    assert result.catalog_join == "speakers.csv (country=country_code, year): 4 of 5 documents"


def test_document_matching_several_rows_is_an_error_naming_table_rows_and_document(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path, SPEAKERS + "2022,77,BRA,Brazil,Carlos França,Minister for Foreign Affairs\n")
    with pytest.raises(CorpusError, match=r"speakers.csv: rows 1 and 6 all match the document 2022/BRA_77_2022.txt "
                                          r"\(country=BRA, year=2022\) by \(country=country_code, year\); make "
                                          r"the rows unique"):
        read_corpus(corpus, PATTERN, catalog="speakers.csv", catalog_on="country=country_code,year")
    # found automatically, the same table is ambiguous: it stays skipped, with why and how to join it
    result = read_corpus(corpus, PATTERN)
    assert all("speaker" not in d.meta for d in result.documents) and result.catalog is None
    (skip,) = result.skipped
    assert skip["file"] == "speakers.csv"
    assert skip["reason"].startswith("table not joined to the documents: 1 document(s) match several rows by "
                                     "(country=country_code, session, year), e.g. 2022/BRA_77_2022.txt: rows 1, 6;")
    assert "join it explicitly with catalog='speakers.csv', catalog_on='field=column,...'" in skip["reason"]


# ---------------------------------------------------------------------- tables left skipped


def test_table_whose_columns_match_no_field_stays_skipped_with_its_reason(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path, "state,leader\nBrazil,Jair Bolsonaro\n")
    result = no_warnings(lambda: read_corpus(corpus, PATTERN))
    assert result.skipped == [{"file": "speakers.csv", "reason": (
        "table not joined to the documents: none of its columns (state, leader) is named after a filename field "
        "(country, session, year) or <field>_code/<field>_id; join it explicitly with catalog='speakers.csv', "
        "catalog_on='field=column,...' (filename fields: country, session, year; its columns: state, leader)")}]


def test_country_names_alone_do_not_join(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path, "country,speaker\nBrazil ,Jair Bolsonaro\nChile,Gabriel Boric Font\n")
    (skip,) = no_warnings(lambda: read_corpus(corpus, PATTERN)).skipped
    assert "no column holds a filename field's values for most documents (country in column country: 0%)" \
        in skip["reason"]


def test_two_tables_at_the_root_are_not_joined(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path, extra={"countries.tsv": "country_code\tregion\nBRA\tLatin America\n"})
    result = no_warnings(lambda: read_corpus(corpus, PATTERN))
    assert [s["file"] for s in result.skipped] == ["countries.tsv", "speakers.csv"]
    assert all(s["reason"].startswith("one of 2 tables at the corpus root (countries.tsv, speakers.csv): none is "
                                      "joined") for s in result.skipped)
    assert "catalog='speakers.csv', catalog_on=" in result.skipped[1]["reason"]
    # naming one joins it
    docs = by_id(read_corpus(corpus, PATTERN, catalog="speakers.csv"))
    assert docs["2022/CHL_77_2022"].meta["post"] == "President"


def test_without_a_pattern_the_table_is_not_joined(tmp_path: Path) -> None:
    result = read_corpus(write_corpus(tmp_path))
    assert [s["file"] for s in result.skipped] == ["speakers.csv"]
    assert "not a document and not the catalog" in result.skipped[0]["reason"]


def test_catalog_csv_and_a_joined_table_together(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path, extra={"catalog.csv": "file,speaker,genre\n2022/CHL_77_2022.txt,Gabriel "
                                           "Boric,speech\n"})
    result = no_warnings(lambda: read_corpus(corpus, PATTERN))
    chl, sen = by_id(result)["2022/CHL_77_2022"], by_id(result)["2022/SEN_77_2022"]
    assert chl.meta["speaker"] == "Gabriel Boric" and "speaker" not in chl.meta_evidence  # catalog.csv row wins
    assert chl.meta["post"] == "President" and chl.meta["genre"] == "speech"
    assert sen.meta["speaker"] == "Macky Sall"
    assert result.catalog == f"{corpus / 'catalog.csv'}; {corpus / 'speakers.csv'}"


# ---------------------------------------------------------------------- metadata filters


@pytest.fixture
def ungdc_mini(tmp_path: Path):  # type: ignore[no-untyped-def]
    extra = {"2022/JOR_77_2022.txt": "In the name of God, the Most Compassionate, the Most Merciful. Mr. "
             "President, the world is at a turning point.\n"}
    return corpus_load(write_corpus(tmp_path, extra=extra), PATTERN)


def test_filter_by_any_documents_column(ungdc_mini) -> None:  # type: ignore[no-untyped-def]
    presidents = ungdc_mini.filter(post="President")
    assert len(presidents) == 4
    assert presidents.documents["doc_id"].tolist() == ["2021/BRA_76_2021", "2022/BRA_77_2022",
                                                       "2022/CHL_77_2022", "2022/SEN_77_2022"]
    assert ungdc_mini.filter(post="king").documents["doc_id"].tolist() == ["2022/JOR_77_2022"]
    both = ungdc_mini.filter(country=["bra", "SEN "], start="2022-01-01")
    assert both.documents["doc_id"].tolist() == ["2022/BRA_77_2022", "2022/SEN_77_2022"]
    assert len(ungdc_mini.filter(session=76)) == 1  # numbers compare as text
    assert len(ungdc_mini.filter(post="President", country="JOR")) == 0
    bolsonaro = ungdc_mini.filter(where={"speaker": "jair bolsonaro"})  # the documents' speaker, not annotated
    assert bolsonaro.documents["doc_id"].tolist() == ["2021/BRA_76_2021", "2022/BRA_77_2022"]
    assert bolsonaro._annotated is None
    with pytest.raises(ValueError, match=r"no documents column 'party'; the columns are: doc_id, file, date, .*post"):
        ungdc_mini.filter(party="PSL")


def test_speaker_filter_keeps_the_catalog_speakers_sentences(ungdc_mini) -> None:  # type: ignore[no-untyped-def]
    sub = ungdc_mini.filter(speaker="Jair Bolsonaro")
    assert sub.documents["doc_id"].tolist() == ["2021/BRA_76_2021", "2022/BRA_77_2022"]
    sentences = sub.sentences
    assert len(sentences) > 0 and set(sentences["speaker"]) == {"Jair Bolsonaro"}
    assert set(sentences["speaker_how"]) == {"catalog"}
    assert ungdc_mini.filter(speaker="jair  bolsonaro").documents["doc_id"].tolist() == \
        sub.documents["doc_id"].tolist()
    assert ungdc_mini.filter(speaker="Macky Sall", post="President").documents["doc_id"].tolist() == \
        ["2022/SEN_77_2022"]


def test_titles_before_catalog_speaker_names_are_dropped(tmp_path: Path) -> None:
    rows = SPEAKERS.splitlines()
    header, body = rows[0], rows[1:]
    body = [",".join(r.split(",")[:4] + ["Mr. " + r.split(",")[4]] + r.split(",")[5:]) for r in body]
    corpus = corpus_load(write_corpus(tmp_path, "\n".join([header, *body]) + "\n"), PATTERN)
    speakers = set(corpus.documents["speaker"].dropna())
    assert speakers and not any(s.startswith("Mr") for s in speakers)
    assert "Gabriel Boric Font" in speakers
