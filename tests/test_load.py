"""Reading corpora: every input form, the catalog, filename patterns, encodings and bad input.

Fixtures are built in ``tmp_path`` from the real seed texts (and a few real
sentences in Russian and French), so each test shows the input it reads.
"""

from __future__ import annotations

import io
import json
import tarfile
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from lavrovkit.load import (
    CorpusError,
    CorpusWarning,
    Unreadable,
    decode_text,
    parse_pattern,
    read_corpus,
    seeds_path,
)

from .conftest import SEEDS, UNGDC, needs_ungdc

SEED_FILES = sorted(SEEDS.glob("*.txt"))
SEED_IDS = ["000", "001", "002", "003", "004"]
#: A TASS report in Russian (the seed 000 story as TASS's Russian service would open it).
RUSSIAN = ("МОСКВА, 24 февраля. /ТАСС/. Москва и Вашингтон поддерживают контакты по Сирии, КНДР и Афганистану, "
           "но всеобъемлющего диалога по всему спектру отношений нет, заявил министр иностранных дел России "
           "Сергей Лавров.\n\n«Этот диалог необходим, чтобы предотвращать инциденты», — подчеркнул Лавров.\n")
#: The same story in French, with accents that latin-1 encodes in one byte each.
FRENCH = ("MOSCOU, 24 février. Le ministre russe des Affaires étrangères, Sergueï Lavrov, a déclaré que Moscou "
          "et Washington maintiennent des contacts sur la Syrie, la Corée du Nord et l'Afghanistan.\n")


def seed_text(n: int) -> str:
    return SEED_FILES[n].read_text(encoding="utf-8")


def write(path: Path, data: str | bytes, encoding: str = "utf-8") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data if isinstance(data, bytes) else data.encode(encoding))
    return path


def by_id(result) -> dict:  # type: ignore[no-untyped-def]
    return {d.doc_id: d for d in result.documents}


# ---------------------------------------------------------------------- the seeds


def test_seeds_load_as_five_documents_with_catalog_metadata() -> None:
    result = read_corpus()
    docs = by_id(result)
    assert list(docs) == SEED_IDS
    assert Path(result.root) == seeds_path() == SEEDS
    assert result.catalog == str(SEEDS / "catalog.csv") and result.skipped == []
    catalog = pd.read_csv(SEEDS / "catalog.csv", dtype=str, keep_default_na=False).set_index("id")
    for doc_id, doc in docs.items():
        assert doc.file == catalog.at[doc_id, "file"]
        for fld in ("date", "date_precision", "source", "genre", "title", "dateline", "speaker"):
            value = catalog.at[doc_id, fld]
            if value:
                assert doc.meta[fld] == value and doc.meta_origin[fld] == "catalog", (doc_id, fld)
            else:
                assert fld not in doc.meta  # empty catalog cells give no metadata
        assert doc.encoding == "utf-8" and not doc.is_html
        assert doc.raw == (SEEDS / doc.file).read_text(encoding="utf-8")
    assert docs["002"].raw.startswith("Lavrov, Kerry round up 12-hours-long talks in Geneva\n")


def test_seeds_path_follows_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path / "only.txt", seed_text(2))
    monkeypatch.setenv("LAVROVKIT_SEEDS", str(tmp_path))
    assert seeds_path() == tmp_path
    assert [d.doc_id for d in read_corpus().documents] == ["only"]


# ---------------------------------------------------------------------- folders, files, archives


def test_folder_is_read_recursively_in_sorted_order(tmp_path: Path) -> None:
    write(tmp_path / "2019" / "b.txt", seed_text(0))
    write(tmp_path / "2016" / "geneva.md", seed_text(2))
    write(tmp_path / "2017" / "phone.html", f"<html><body><p>{seed_text(1)}</p></body></html>")
    write(tmp_path / "a.txt", seed_text(3))
    write(tmp_path / "speakers.csv", "year,country,speaker\n2019,SWE,Stefan Löfven\n")
    write(tmp_path / "README.md", "# My corpus\n\nFour documents.\n")
    write(tmp_path / "scan.pdf", b"%PDF-1.4 \x00\x01binary")
    write(tmp_path / ".hidden.txt", "never read")
    result = read_corpus(tmp_path)
    assert [d.doc_id for d in result.documents] == ["2016/geneva", "2017/phone", "2019/b", "a"]
    assert [d.file for d in result.documents] == ["2016/geneva.md", "2017/phone.html", "2019/b.txt", "a.txt"]
    assert [d.is_html for d in result.documents] == [False, True, False, False]
    assert result.catalog is None and result.root == str(tmp_path)
    reasons = {s["file"]: s["reason"] for s in result.skipped}
    assert set(reasons) == {"speakers.csv", "README.md", "scan.pdf"}
    assert "not a document and not the catalog" in reasons["speakers.csv"]
    assert "unsupported file type '.pdf'" in reasons["scan.pdf"]


def test_single_text_file(tmp_path: Path) -> None:
    path = write(tmp_path / "tass_geneva.txt", seed_text(2))
    result = read_corpus(path)
    (doc,) = result.documents
    assert (doc.doc_id, doc.file, result.root) == ("tass_geneva", "tass_geneva.txt", str(tmp_path))
    assert doc.raw == seed_text(2) and doc.meta == {} and result.catalog is None


def test_single_seed_file_takes_its_row_from_the_catalog_beside_it() -> None:
    result = read_corpus(SEED_FILES[4])
    (doc,) = result.documents
    assert doc.doc_id == "004" and doc.meta["speaker"] == "Sergey Lavrov" and doc.meta_origin["speaker"] == "catalog"


def _tar_of_seeds(tmp_path: Path, extra: dict[str, str] | None = None) -> Path:
    archive = tmp_path / "seeds.tar.gz"
    with tarfile.open(archive, "w:gz") as tf:
        for f in [*SEED_FILES, SEEDS / "catalog.csv"]:
            tf.add(f, arcname=f"seeds-copy/{f.name}")
        for name, text in (extra or {}).items():
            data = text.encode("utf-8")
            info = tarfile.TarInfo(f"seeds-copy/{name}")
            info.size = len(data)
            tf.addfile(info, io.BytesIO(data))
    return archive


def test_tar_gz_of_the_seeds_reads_members_with_the_catalog(tmp_path: Path) -> None:
    archive = _tar_of_seeds(tmp_path, {"speakers.csv": "id,speaker\n000,Sergey Lavrov\n"})
    result = read_corpus(archive)
    docs = by_id(result)
    assert list(docs) == SEED_IDS
    assert docs["001"].file == SEED_FILES[1].name  # the top folder 'seeds-copy/' is stripped
    assert docs["001"].meta["date"] == "2017-10-09" and docs["001"].meta_origin["date"] == "catalog"
    assert docs["004"].raw == seed_text(4)
    assert result.catalog == f"{archive}/catalog.csv"
    assert [s["file"] for s in result.skipped] == ["speakers.csv"]  # not a document, not a catalog
    assert not any(d.file == "catalog.csv" for d in result.documents)


def test_zip_with_folders_and_a_path_pattern(tmp_path: Path) -> None:
    archive = tmp_path / "speeches.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("speeches/2019/SWE_74_2019.txt", seed_text(0))
        zf.writestr("speeches/2018/USA_73_2018.txt", seed_text(2))
        zf.writestr("speeches/notes/todo.txt", "check the dates")
        zf.writestr("__MACOSX/speeches/._SWE_74_2019.txt", b"\x00\x05\x16\x07")
    with pytest.warns(CorpusWarning, match=r"speeches.zip: 1 archive member\(s\) not read .*macOS resource data"):
        result = read_corpus(archive, pattern="{year}/{country}_{session}_{year}.txt")
    docs = by_id(result)
    assert list(docs) == ["2018/USA_73_2018", "2019/SWE_74_2019"]
    assert docs["2019/SWE_74_2019"].meta == {"year": "2019", "country": "SWE", "session": "74",
                                            "date": "2019-01-01", "date_precision": "year"}
    # the __MACOSX/ member is listed too (it used to be left out without a trace)
    assert result.skipped == [{"file": "__MACOSX/speeches/._SWE_74_2019.txt", "reason": "macOS resource data (__MACOSX/)"},
                              {"file": "notes/todo.txt",
                               "reason": "does not match pattern '{year}/{country}_{session}_{year}.txt'"}]


def test_unreadable_archive_is_an_error_naming_it(tmp_path: Path) -> None:
    bad = write(tmp_path / "corpus.tar.gz", b"this is not gzip data at all")
    with pytest.raises(CorpusError, match="corpus.tar.gz: not a readable archive"):
        read_corpus(bad)




@needs_ungdc
def test_ungdc_archive_with_its_pattern() -> None:
    # speakers.csv joins by country code and year; 8 speeches have no row (EU, PRT, ZAF, PRK: the table's
    # codes for them are EC, POR, ZFA, PKR)
    with pytest.warns(CorpusWarning, match=r"speakers.csv: 8 of 3646 document\(s\) match no row by "
                                           r"\(country=country_code, year\)"):
        result = read_corpus(UNGDC, pattern="{country}_{session}_{year}.txt")
    docs = by_id(result)
    assert len(docs) == 3646
    swe = docs["2019/SWE_74_2019"]
    assert swe.file == "2019/SWE_74_2019.txt"
    assert swe.meta == {"country": "SWE", "session": "74", "year": "2019", "date": "2019-01-01",
                        "date_precision": "year", "catalog_country": "Sweden", "speaker": "Ms. Ann Christin Linde",
                        "post": "Minister for Foreign Affairs"}
    assert swe.meta_evidence["speaker"] == "speakers.csv row 737 (country=country_code, year)"
    assert swe.raw.startswith("Next year, we will celebrate the seventy-fifth anniversary")
    assert {s["file"] for s in result.skipped} == {"README.md"}
    assert result.catalog_join == "speakers.csv (country=country_code, year): 3638 of 3646 documents"
    assert sum(1 for d in result.documents if d.meta.get("speaker")) == 3637  # one row has no speaker
    assert docs["2019/QAT_74_2019"].meta["speaker"] == "Emir Sheikh Tamim bin Hamad Al-Thani"  # a cell over two lines
    boms = [d for d in result.documents if d.encoding == "utf-8-sig"]
    assert boms and all(not d.raw.startswith("\ufeff") and "byte-order mark removed" in d.notes for d in boms)


# ---------------------------------------------------------------------- tables


def test_csv_table_one_document_per_row(tmp_path: Path) -> None:
    rows = pd.DataFrame({
        "id": ["tass-geneva", "mid-interview", "empty"],
        "Date": ["2016-08-27", "2018-12", "2019"],
        "source": ["TASS", "Russian Foreign Ministry", "TASS"],
        "speech": [seed_text(2), seed_text(4), "   "],
    })
    path = tmp_path / "speeches.csv"
    rows.to_csv(path, index=False)
    with pytest.warns(CorpusWarning, match=r"speeches.csv#row=3: skipped: no text in column 'speech'"):
        result = read_corpus(path)
    docs = by_id(result)
    assert list(docs) == ["tass-geneva", "mid-interview"]
    geneva = docs["tass-geneva"]
    assert geneva.file == "speeches.csv#row=1" and geneva.raw == seed_text(2)
    assert geneva.meta == {"date": "2016-08-27", "date_precision": "day", "source": "TASS"}
    assert set(geneva.meta_origin.values()) == {"table"}
    assert docs["mid-interview"].meta["date"] == "2018-12-01"
    assert docs["mid-interview"].meta["date_precision"] == "month"
    assert result.skipped == [{"file": "speeches.csv#row=3", "reason": "no text in column 'speech'"}]


def test_jsonl_and_parquet_tables(tmp_path: Path) -> None:
    records = [{"content": seed_text(n), "outlet": src, "year": year, "file": f"{n:03d}.txt"}
               for n, src, year in ((0, "TASS", 2019), (3, "Sputnik", 2025))]
    jsonl = write(tmp_path / "news.jsonl", "\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n")
    result = read_corpus(jsonl)
    assert [d.doc_id for d in result.documents] == ["row-00001", "row-00002"]
    assert [d.file for d in result.documents] == ["news.jsonl#row=1", "news.jsonl#row=2"]
    assert result.documents[1].meta == {"outlet": "Sputnik", "year": "2025", "date": "2025-01-01",
                                        "date_precision": "year", "table_file": "003.txt"}  # strings; no clash
    assert result.documents[0].raw == seed_text(0)

    parquet = tmp_path / "news.parquet"
    frame = pd.DataFrame({"key": ["a", "b"], "article_text": [seed_text(0), seed_text(3)],
                          "date": pd.to_datetime(["2019-02-24", "2025-11-09"])})
    frame.to_parquet(parquet)
    result = read_corpus(parquet, text_column="article_text", id_column="key")
    docs = by_id(result)
    assert list(docs) == ["a", "b"] and docs["b"].raw == seed_text(3)
    assert docs["b"].meta == {"date": "2025-11-09", "date_precision": "day"}


def test_csv_without_a_text_column_names_the_file_and_its_columns(tmp_path: Path) -> None:
    path = write(tmp_path / "speakers.csv", "year,session,country_code,speaker\n2019,74,SWE,Stefan Löfven\n")
    with pytest.raises(CorpusError, match=r"speakers.csv: no text column .*columns are: year, session, "
                                          r"country_code, speaker"):
        read_corpus(path)
    with pytest.raises(CorpusError, match=r"text_column='body_text' is not a column"):
        read_corpus(path, text_column="body_text")


def test_a_catalog_given_as_the_corpus_gets_a_hint() -> None:
    with pytest.raises(CorpusError, match=r"catalog.csv: no text column .*catalog.csv is a catalog: give the folder"):
        read_corpus(SEEDS / "catalog.csv")


def test_duplicate_ids_in_a_table_are_named(tmp_path: Path) -> None:
    path = tmp_path / "dups.csv"
    pd.DataFrame({"doc_id": ["a", "b", "a"], "text": [seed_text(0), seed_text(1), seed_text(2)]}).to_csv(path, index=False)
    with pytest.raises(CorpusError, match=r"dups.csv: duplicate id\(s\) in column 'doc_id': a \(dups.csv#row=1, "
                                          r"dups.csv#row=3\)"):
        read_corpus(path)


def test_table_row_with_a_bad_date_names_file_and_row(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    pd.DataFrame({"text": [seed_text(0), seed_text(1)], "date": ["2019-02-24", "24/02/2019"]}).to_csv(path, index=False)
    with pytest.raises(CorpusError, match=r"t.csv: row 2 \(id row-00002\): date '24/02/2019' is not a date"):
        read_corpus(path)


def test_catalog_for_a_table_matches_ids(tmp_path: Path) -> None:
    table = tmp_path / "t.csv"
    pd.DataFrame({"id": ["x", "y"], "text": [seed_text(0), seed_text(2)], "source": ["?", "?"]}).to_csv(table, index=False)
    cat = write(tmp_path / "meta.csv", "id,source,date\ny,TASS,2016-08-27\n")
    docs = by_id(read_corpus(table, catalog=cat))
    assert docs["y"].meta["source"] == "TASS" and docs["y"].meta_origin["source"] == "catalog"
    assert docs["x"].meta_origin["source"] == "table"
    write(cat, "id,source\nz,TASS\n")
    with pytest.raises(CorpusError, match=r"meta.csv: row 1: id 'z' matches no row of t.csv"):
        read_corpus(table, catalog=cat)


# ---------------------------------------------------------------------- the catalog


def _catalog_corpus(tmp_path: Path, catalog: str) -> Path:
    write(tmp_path / "000.txt", seed_text(0))
    write(tmp_path / "002.txt", seed_text(2))
    write(tmp_path / "catalog.csv", catalog)
    return tmp_path


def test_catalog_precision_is_inferred_and_unlisted_files_still_load(tmp_path: Path) -> None:
    _catalog_corpus(tmp_path, "file,date,source,extra\n002.txt,2016-08,TASS,kept\n")
    docs = by_id(read_corpus(tmp_path))
    assert list(docs) == ["000", "002"]
    assert docs["002"].meta == {"date": "2016-08-01", "date_precision": "month", "source": "TASS", "extra": "kept"}
    assert docs["000"].meta == {}  # not listed: loads without catalog metadata


def test_catalog_by_id_only(tmp_path: Path) -> None:
    _catalog_corpus(tmp_path, "id,date\n002,2016\n")
    docs = by_id(read_corpus(tmp_path))
    assert docs["002"].meta == {"date": "2016-01-01", "date_precision": "year"}


def test_catalog_may_name_a_nested_file_by_its_unique_name(tmp_path: Path) -> None:
    write(tmp_path / "2019" / "SWE_74_2019.txt", seed_text(0))
    write(tmp_path / "catalog.csv", "id,file,speaker\nswe-2019,SWE_74_2019.txt,Stefan Löfven\n")
    (doc,) = read_corpus(tmp_path).documents
    assert (doc.doc_id, doc.file, doc.meta) == ("swe-2019", "2019/SWE_74_2019.txt", {"speaker": "Stefan Löfven"})


def test_catalog_with_a_bad_date_names_catalog_row_and_value(tmp_path: Path) -> None:
    _catalog_corpus(tmp_path, "id,file,date\n000,000.txt,2019-02-24\n002,002.txt,27.08.16\n")
    with pytest.raises(CorpusError, match=r"catalog.csv: row 2 \(id 002\): date '27.08.16' is not a date"):
        read_corpus(tmp_path)


def test_catalog_naming_a_missing_file_names_catalog_row_and_file(tmp_path: Path) -> None:
    _catalog_corpus(tmp_path, "id,file,date\n000,000.txt,2019-02-24\n001,001.txt,2017-10-09\n")
    with pytest.raises(CorpusError, match=r"catalog.csv: row 2: file '001.txt' does not exist in the corpus"):
        read_corpus(tmp_path)


def test_catalog_with_duplicate_ids_names_them(tmp_path: Path) -> None:
    _catalog_corpus(tmp_path, "id,file\n000,000.txt\n000,002.txt\n")
    with pytest.raises(CorpusError, match=r"catalog.csv: duplicate id\(s\) in the catalog: 000 \(rows 1, 2\)"):
        read_corpus(tmp_path)


def test_catalog_needs_a_file_or_id_column(tmp_path: Path) -> None:
    _catalog_corpus(tmp_path, "name,date\n000.txt,2019-02-24\n")
    with pytest.raises(CorpusError, match=r"catalog.csv: a catalog needs a 'file' or an 'id' column; its columns "
                                          r"are: name, date"):
        read_corpus(tmp_path)


def test_catalog_precision_finer_than_the_date_is_an_error(tmp_path: Path) -> None:
    _catalog_corpus(tmp_path, "file,date,date_precision\n000.txt,2019,day\n")
    with pytest.raises(CorpusError, match=r"row 1 \(000.txt\): date '2019' is less precise than date_precision"):
        read_corpus(tmp_path)


def test_catalog_given_explicitly_replaces_the_one_beside_the_files(tmp_path: Path) -> None:
    corpus = _catalog_corpus(tmp_path / "corpus", "file,source\n000.txt,from the folder\n")
    other = write(tmp_path / "elsewhere.csv", "file,source\n000.txt,TASS\n")
    result = read_corpus(corpus, catalog=other)
    assert by_id(result)["000"].meta == {"source": "TASS"} and result.catalog == str(other)
    assert result.skipped == [{"file": "catalog.csv", "reason": "catalog.csv not used: another catalog was given"}]
    with pytest.raises(CorpusError, match="nowhere.csv: catalog file does not exist"):
        read_corpus(corpus, catalog=tmp_path / "nowhere.csv")


def test_catalog_id_clashing_with_another_file_is_an_error(tmp_path: Path) -> None:
    _catalog_corpus(tmp_path, "id,file\n002,000.txt\n")
    with pytest.raises(CorpusError, match=r"duplicate document id\(s\): 002: 000.txt, 002.txt"):
        read_corpus(tmp_path)


def test_same_name_different_extension_keeps_the_extension_in_the_id(tmp_path: Path) -> None:
    write(tmp_path / "geneva.txt", seed_text(2))
    write(tmp_path / "geneva.html", f"<html><body><p>{seed_text(2)}</p></body></html>")
    assert [d.doc_id for d in read_corpus(tmp_path).documents] == ["geneva.html", "geneva.txt"]


# ---------------------------------------------------------------------- filename patterns


def test_pattern_fields_become_metadata_with_year_precision(tmp_path: Path) -> None:
    write(tmp_path / "SWE_74_2019.txt", seed_text(0))
    write(tmp_path / "USA_73_2018.txt", seed_text(2))
    write(tmp_path / "notes.txt", "to do")
    write(tmp_path / "empty.txt", "")
    with pytest.warns(CorpusWarning, match="empty.txt: skipped: empty file"):  # reported even if it doesn't match
        result = read_corpus(tmp_path, pattern="{country}_{session}_{year}.txt")
    docs = by_id(result)
    assert docs["SWE_74_2019"].meta == {"country": "SWE", "session": "74", "year": "2019",
                                        "date": "2019-01-01", "date_precision": "year"}
    assert set(docs["USA_73_2018"].meta_origin.values()) == {"filename"}
    assert result.skipped == [{"file": "empty.txt", "reason": "empty file (0 bytes)"},
                              {"file": "notes.txt", "reason": "does not match pattern '{country}_{session}_{year}.txt'"}]


def test_pattern_date_month_and_wildcards(tmp_path: Path) -> None:
    write(tmp_path / "tass_2016-08-27_geneva.txt", seed_text(2))
    write(tmp_path / "mid_2018-12_rs.txt", seed_text(4))
    docs = by_id(read_corpus(tmp_path, pattern="{source}_{date}_*.txt"))
    assert docs["tass_2016-08-27_geneva"].meta["date"] == "2016-08-27"
    assert docs["tass_2016-08-27_geneva"].meta["date_precision"] == "day"
    assert docs["mid_2018-12_rs"].meta["date_precision"] == "month"
    write(tmp_path / "x" / "2019-02_tass.txt", seed_text(0))
    (tmp_path / "tass_2016-08-27_geneva.txt").unlink()
    (tmp_path / "mid_2018-12_rs.txt").unlink()
    (doc,) = read_corpus(tmp_path, pattern="{year}-{month}_{source}").documents  # no extension: matches the stem
    assert (doc.meta["date"], doc.meta["date_precision"], doc.meta["source"]) == ("2019-02-01", "month", "tass")


def test_parse_pattern() -> None:
    rx = parse_pattern("{country}_{session}_{year}.txt")
    assert rx.fullmatch("SWE_74_2019.txt").groupdict() == {"country": "SWE", "session": "74", "year": "2019"}
    assert rx.fullmatch("SWE_74_19.txt") is None and rx.fullmatch("2019/SWE_74_2019.txt") is None
    assert parse_pattern("**/{name}.txt").fullmatch("a/b/c.txt")["name"] == "c"
    assert parse_pattern("{year}/*_{year}.txt").fullmatch("2019/SWE_74_2018.txt") is None
    with pytest.raises(CorpusError, match="unbalanced brace"):
        parse_pattern("{country_{year}.txt")
    with pytest.raises(CorpusError, match="is not a field name"):
        parse_pattern("{two words}.txt")


def test_single_file_not_matching_the_pattern_is_an_error(tmp_path: Path) -> None:
    path = write(tmp_path / "geneva.txt", seed_text(2))
    with pytest.raises(CorpusError, match=r"geneva.txt: does not match pattern"):
        read_corpus(path, pattern="{country}_{session}_{year}.txt")


# ---------------------------------------------------------------------- bad input


def test_empty_and_binary_files_in_a_folder_are_skipped_with_warnings(tmp_path: Path) -> None:
    write(tmp_path / "a_good.txt", seed_text(0))
    write(tmp_path / "b_empty.txt", b"")
    write(tmp_path / "c_blank.txt", "  \n\n \t\n")
    write(tmp_path / "d_binary.txt", bytes(range(256)) * 4)
    write(tmp_path / "e_controls.txt", b"\x01\x02\x03\x04\x05\x06\x07\x08" * 50 + b"text")
    with pytest.warns(CorpusWarning) as record:
        result = read_corpus(tmp_path)
    assert [d.doc_id for d in result.documents] == ["a_good"]
    reasons = {s["file"]: s["reason"] for s in result.skipped}
    assert reasons == {"b_empty.txt": "empty file (0 bytes)", "c_blank.txt": "no text (whitespace only)",
                       "d_binary.txt": "binary file (NUL bytes)", "e_controls.txt": "binary file (99% control characters)"}
    messages = [str(w.message) for w in record]
    assert all(any(m.startswith(f"{f}: skipped") for m in messages) for f in reasons)


@pytest.mark.parametrize("content", [b"", b"   \n", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00"])
def test_a_single_empty_or_binary_file_is_an_error(tmp_path: Path, content: bytes) -> None:
    path = write(tmp_path / "speech.txt", content)
    with pytest.raises(CorpusError, match=r"speech.txt: (empty file|no text|binary file)"):
        read_corpus(path)


def test_missing_path_and_folder_without_documents(tmp_path: Path) -> None:
    with pytest.raises(CorpusError, match=r"nowhere: corpus path does not exist"):
        read_corpus(tmp_path / "nowhere")
    write(tmp_path / "empty.txt", b"")
    write(tmp_path / "data.json", "[]")
    nothing = r"no readable documents; skipped 2 file\(s\): data.json: JSON file in a corpus folder.*; empty.txt: empty"
    with pytest.warns(CorpusWarning), pytest.raises(CorpusError, match=nothing):
        read_corpus(tmp_path)
    empty_dir = tmp_path / "sub"
    empty_dir.mkdir()
    with pytest.raises(CorpusError, match=r"sub: no readable documents \(no files found\)"):
        read_corpus(empty_dir)


def test_text_column_for_a_folder_is_an_error(tmp_path: Path) -> None:
    write(tmp_path / "a.txt", seed_text(0))
    with pytest.raises(CorpusError, match="text_column and id_column apply to CSV/JSONL/Parquet tables only"):
        read_corpus(tmp_path, text_column="text")


# ---------------------------------------------------------------------- encodings


def test_encodings_are_decoded_with_characters_intact(tmp_path: Path) -> None:
    english = seed_text(2)
    write(tmp_path / "cp1251.txt", RUSSIAN, encoding="cp1251")
    write(tmp_path / "latin1.txt", FRENCH, encoding="latin-1")
    write(tmp_path / "cp1252.txt", "Lavrov said: “We are ready.” – TASS\n", encoding="cp1252")
    write(tmp_path / "bom.txt", english, encoding="utf-8-sig")
    write(tmp_path / "utf16.txt", RUSSIAN, encoding="utf-16")
    write(tmp_path / "utf16be.txt", b"\xfe\xff" + FRENCH.encode("utf-16-be"))
    write(tmp_path / "utf16nobom.txt", RUSSIAN.encode("utf-16-le"))
    write(tmp_path / "crlf.txt", english.replace("\n", "\r\n"))
    write(tmp_path / "cr.txt", FRENCH.replace("\n", "\r") + "Fin.\r")
    docs = by_id(read_corpus(tmp_path))
    expected = {
        "cp1251": (RUSSIAN, "cp1251", ["not valid UTF-8: decoded as cp1251 (Cyrillic)"]),
        "latin1": (FRENCH, "latin-1", ["not valid UTF-8: decoded as latin-1 (Western European)"]),
        "cp1252": ("Lavrov said: “We are ready.” – TASS\n", "cp1252",
                   ["not valid UTF-8: decoded as cp1252 (Western European)"]),
        "bom": (english, "utf-8-sig", ["byte-order mark removed"]),
        "utf16": (RUSSIAN, "utf-16", ["byte-order mark removed (decoded as UTF-16)"]),
        "utf16be": (FRENCH, "utf-16", ["byte-order mark removed (decoded as UTF-16)"]),
        "utf16nobom": (RUSSIAN, "utf-16-le", ["decoded as UTF-16-LE (no byte-order mark)"]),
        "crlf": (english, "utf-8", ["CRLF line ends normalised"]),
        "cr": (FRENCH + "Fin.\n", "utf-8", ["CR line ends normalised"]),
    }
    for doc_id, (text, encoding, notes) in expected.items():
        doc = docs[doc_id]
        assert (doc.raw, doc.encoding, doc.notes) == (text, encoding, notes), doc_id


def test_crlf_cp1251_together_and_a_stray_bad_byte_in_utf8() -> None:
    d = decode_text(RUSSIAN.replace("\n", "\r\n").encode("cp1251"))
    assert d.text == RUSSIAN and d.encoding == "cp1251"
    assert d.notes == ["not valid UTF-8: decoded as cp1251 (Cyrillic)", "CRLF line ends normalised"]
    broken = RUSSIAN.encode("utf-8") + b" \xff " + FRENCH.encode("utf-8")
    d = decode_text(broken)  # mostly UTF-8: keep it, replace the one bad byte
    assert d.encoding == "utf-8" and d.text.startswith(RUSSIAN) and d.text.endswith(FRENCH)
    assert d.notes == ["1 invalid UTF-8 byte sequence(s) replaced with U+FFFD"]


def test_html_declared_charset_is_used() -> None:
    first = RUSSIAN.split("\n")[0]  # koi8-r has no guillemets
    page = ('<html><head><meta charset="koi8-r"><title>Лавров</title></head><body><p>' + first
            + "</p></body></html>").encode("koi8_r")
    d = decode_text(page, html=True)
    assert first in d.text and d.encoding == "koi8-r"
    assert d.notes == ["decoded as koi8-r (declared in the page)"]


def test_decode_text_refuses_what_is_not_text() -> None:
    for data, reason in ((b"", "empty file"), (b" \r\n ", "whitespace only"), (b"ab\x00\x01cd\x00" * 3, "NUL")):
        with pytest.raises(Unreadable, match=reason):
            decode_text(data)
