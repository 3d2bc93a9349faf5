"""The reader registry and bad input: every file, row or folder that is not read is named, with its reason.

Fixtures are small corpora built in ``tmp_path`` from the real seed texts, each
shaped like the real mistake it stands for (a CSV with a comma in an unquoted
cell, a stray quote, a zip made on a Mac, a zip bomb, a folder without
permission, a JSONL export with a broken line, a text with a stray NUL).
"""

from __future__ import annotations

import io
import json
import os
import re
import stat
import tarfile
import zipfile
from pathlib import Path

import pytest

import lavrovkit.readers.sources as sources
from lavrovkit.errors import CatalogError, CorpusError, CorpusWarning
from lavrovkit.load import RawDocument, Unreadable, decode_text, read_corpus
from lavrovkit.readers import READERS, reader_for, register, suffixes
from lavrovkit.readers.decode import Decoded

from .conftest import SEEDS

SEED_FILES = sorted(SEEDS.glob("*.txt"))


def seed_text(n: int) -> str:
    return SEED_FILES[n].read_text(encoding="utf-8")


def write(path: Path, data: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return path


def first_line(n: int) -> str:
    """The seed's first line without commas (a cell that needs no quotes)."""
    return seed_text(n).split("\n")[0].replace(",", "")


# ---------------------------------------------------------------------- the registry


def test_registry_holds_every_shipped_kind_by_role() -> None:
    roles = {kind: r.role for kind, r in READERS.items()}
    assert roles == {"text": "document", "markdown": "document", "html": "document", "csv": "table",
                     "tsv": "table", "jsonl": "table", "json": "table", "parquet": "table",
                     "zip": "archive", "tar": "archive"}
    assert suffixes("document") == (".txt", ".md", ".html", ".htm")
    assert [getattr(reader_for(n), "kind", None) for n in ("UNGDC.TAR.GZ", "x.ndjson")] == ["tar", "jsonl"]
    assert reader_for("scan.pdf") is None


def test_a_new_format_is_one_registered_function(tmp_path: Path) -> None:
    @register("restructuredtext", suffixes=(".rst",), role="document")
    def read_rst(data: bytes) -> Decoded:
        return decode_text(data)

    try:
        write(tmp_path / "geneva.rst", seed_text(2))
        write(tmp_path / "moscow.txt", seed_text(0))
        result = read_corpus(tmp_path)
        assert [(d.doc_id, d.kind) for d in result.documents] == [("geneva", "restructuredtext"), ("moscow", "text")]
        assert result.skipped == []
    finally:
        del READERS["restructuredtext"]
    result = read_corpus(tmp_path)  # unregistered again: an unsupported file
    assert [d.doc_id for d in result.documents] == ["moscow"]
    assert result.skipped == [{"file": "geneva.rst",
                               "reason": "unsupported file type '.rst' (documents are .txt, .md, .html, .htm)"}]


def test_kind_says_html_and_is_html_follows(tmp_path: Path) -> None:
    write(tmp_path / "page.htm", f"<p>{first_line(1)}</p>")
    write(tmp_path / "saved.txt", f"<!DOCTYPE html><html><body><p>{first_line(2)}</p></body></html>")
    write(tmp_path / "notes.md", f"{first_line(3)} <b>not a page</b>")
    docs = {d.doc_id: d for d in read_corpus(tmp_path).documents}
    assert {k: (d.kind, d.is_html) for k, d in docs.items()} == {
        "notes": ("markdown", False), "page": ("html", True), "saved": ("html", True)}
    assert "HTML content in a non-HTML file" in docs["saved"].notes
    assert RawDocument("x", "x.txt", "plain", "text").is_html is False


def test_registering_a_taken_suffix_is_refused() -> None:
    from lavrovkit.errors import ParameterError

    with pytest.raises(ParameterError, match=r"\.txt \(text\)"):
        register("plain", suffixes=(".txt",), role="document")(decode_text)
    assert "plain" not in READERS


# ---------------------------------------------------------------------- CSV tables and catalogs


def test_csv_rows_with_one_cell_more_than_the_header_stop_naming_file_and_row(tmp_path: Path) -> None:
    # "Moscow, 24 February" written without quotes: every row has one cell more than the header;
    # pandas took the first column as the index and loaded the ids as the text
    rows = [f"{i},{first_line(i)},Moscow, 24 February" for i in range(3)]
    path = write(tmp_path / "speeches.csv", "id,text,dateline\n" + "\n".join(rows) + "\n")
    with pytest.raises(CorpusError, match=r"speeches.csv: row 1 \(line 2\) has 4 cells, the header has 3 "
                                          r"\(id, text, dateline\): quote a cell that holds ','"):
        read_corpus(path)


def test_empty_cells_beyond_the_header_are_harmless(tmp_path: Path) -> None:
    path = write(tmp_path / "speeches.csv", f"id,text\na,{first_line(0)},\nb,{first_line(1)},,\n")
    result = read_corpus(path)
    assert [(d.doc_id, d.raw) for d in result.documents] == [("a", first_line(0)), ("b", first_line(1))]


def test_a_stray_quote_that_merges_rows_stops_naming_file_and_rows(tmp_path: Path) -> None:
    text = (f'id,text,date\n1,"Lavrov: {first_line(0)},2019-02-24\n2,{first_line(1)},2017-10-09\n'
            f'3,"{first_line(2)}",2016-08-27\n')
    path = write(tmp_path / "speeches.csv", text)
    with pytest.raises(CorpusError, match=r"speeches.csv: row 1 \(lines 2-4\): a quote opened on line 2 closes "
                                          r"on a later line, merging the rows between into one cell"):
        read_corpus(path)


def test_a_stray_quote_that_closes_cleanly_is_named_by_the_rows_inside_the_cell(tmp_path: Path) -> None:
    # the quote closes at the end of row 3's last cell: a well-formed CSV record, but its text cell holds
    # lines shaped like the table's rows (an id like the others', then the header's number of cells)
    text = (f'id,text,date\n10,{first_line(3)},2025-11-09\n11,"{first_line(0)},2019-02-24\n'
            f'12,{first_line(1)},2017-10-09\n13,{first_line(2)}",2016-08-27\n14,{first_line(4)},2018-12-01\n')
    path = write(tmp_path / "speeches.csv", text)
    with pytest.warns(CorpusWarning, match=r"speeches.csv: row 2 \(lines 3-5\): a quoted cell holds 1 line\(s\) "
                                           r"shaped like rows of the table, e.g. '12,"):
        result = read_corpus(path)
    assert [d.doc_id for d in result.documents] == ["10", "11", "14"]


def test_prose_over_several_lines_is_not_taken_for_rows(tmp_path: Path, recwarn: pytest.WarningsRecorder) -> None:
    # paragraphs with one comma in a two-column table are not rows: ids here are words, lines start with words
    text = seed_text(2).replace('"', '""')
    path = write(tmp_path / "speeches.csv", f'doc_id,text\ngeneva,"{text}"\nmoscow,"{seed_text(0).replace(chr(34), 2 * chr(34))}"\n')
    assert [d.raw for d in read_corpus(path).documents] == [seed_text(2), seed_text(0)]
    assert not [w for w in recwarn if issubclass(w.category, CorpusWarning)]


def test_quoted_cells_over_several_lines_still_load(tmp_path: Path) -> None:
    body = seed_text(2).replace('"', '""')
    path = write(tmp_path / "speeches.csv", f'id,text\n1,"{body}"\n2,"{seed_text(0).replace(chr(34), 2 * chr(34))}"\n')
    docs = read_corpus(path).documents
    assert [d.raw for d in docs] == [seed_text(2), seed_text(0)]


def _seed_folder(tmp_path: Path, catalog: bytes | str | None) -> Path:
    folder = tmp_path / "corpus"
    write(folder / "000.txt", seed_text(0))
    write(folder / "002.txt", seed_text(2))
    if catalog is not None:
        write(folder / "catalog.csv", catalog)
    return folder


@pytest.mark.parametrize(("catalog", "reason"), [
    (b"\xff\xfe\x00\xd8", r"binary file \(byte-order mark of UTF-16 but not decodable\)"),
    ("file,source\n000.txt,TASS,Moscow\n", r"row 1 \(line 2\) has 3 cells, the header has 2"),
    ('file,title\n000.txt,"Lavrov on Syria\n002.txt,"Geneva" talks\n', r"row 1 \(lines 2-3\): a quote"),
])
def test_an_unreadable_catalog_is_a_catalog_error_naming_it(tmp_path: Path, catalog: bytes | str, reason: str) -> None:
    folder = _seed_folder(tmp_path, catalog)
    with pytest.raises(CatalogError, match=rf"corpus/catalog.csv: {reason}"):
        read_corpus(folder)


def test_a_catalog_row_swallowing_the_next_is_named(tmp_path: Path) -> None:
    folder = _seed_folder(tmp_path, 'file,title\n000.txt,"Lavrov on Syria\n002.txt,Geneva talks"\n')
    with pytest.warns(CorpusWarning, match=r"corpus/catalog.csv: row 1 \(lines 2-3\): a quoted cell holds 1 line"):
        read_corpus(folder)


def test_a_catalog_without_permission_is_a_catalog_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = _seed_folder(tmp_path, "file,source\n000.txt,TASS\n")
    given = write(tmp_path / "meta.csv", "file,source\n002.txt,TASS\n")
    real = Path.read_bytes

    def denied(self: Path) -> bytes:
        if self.name in ("catalog.csv", "meta.csv"):
            raise PermissionError(13, "Permission denied", str(self))
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", denied)
    with pytest.raises(CatalogError, match=r"corpus/catalog.csv: the catalog can't be read \(Permission denied\)"):
        read_corpus(folder)
    with pytest.raises(CatalogError, match=r"meta.csv: the catalog can't be read \(Permission denied\)"):
        read_corpus(folder, catalog=given)
    with pytest.raises(CatalogError, match=r"corpus/catalog.csv: the catalog can't be read"):
        read_corpus(folder / "000.txt")


# ---------------------------------------------------------------------- folders that can't be listed


def _denying_scandir(monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    real = sources._scandir

    def scandir(path: str) -> list[os.DirEntry[str]]:
        if Path(path).name == name:
            raise PermissionError(13, "Permission denied", path)
        return real(path)

    monkeypatch.setattr(sources, "_scandir", scandir)


def test_a_subfolder_that_cannot_be_listed_is_skipped_with_its_reason(tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path / "2016" / "geneva.txt", seed_text(2))
    write(tmp_path / "2019" / "moscow.txt", seed_text(0))
    _denying_scandir(monkeypatch, "2019")
    with pytest.warns(CorpusWarning, match=r"2019/: skipped: folder can't be listed \(Permission denied\)"):
        result = read_corpus(tmp_path)
    assert [d.doc_id for d in result.documents] == ["2016/geneva"]
    assert result.skipped == [{"file": "2019/", "reason": "folder can't be listed (Permission denied); "
                                                          "its files are not read"}]


def test_a_corpus_folder_that_cannot_be_listed_is_an_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path / "corpus" / "moscow.txt", seed_text(0))
    _denying_scandir(monkeypatch, "corpus")
    with pytest.raises(CorpusError, match=r"corpus: can't list the corpus folder \(Permission denied\)"):
        read_corpus(tmp_path / "corpus")


def test_chmod_000_subfolder_is_skipped(tmp_path: Path) -> None:
    write(tmp_path / "open" / "geneva.txt", seed_text(2))
    locked = tmp_path / "locked"
    write(locked / "moscow.txt", seed_text(0))
    locked.chmod(0)
    try:
        if os.access(locked, os.R_OK):
            pytest.skip("running as root: chmod 000 does not stop reading (the monkeypatched test covers it)")
        with pytest.warns(CorpusWarning, match="locked/: skipped"):
            result = read_corpus(tmp_path)
        assert [d.doc_id for d in result.documents] == ["open/geneva"]
        assert result.skipped[0]["file"] == "locked/" and "Permission denied" in result.skipped[0]["reason"]
    finally:
        locked.chmod(stat.S_IRWXU)


def test_a_symlinked_folder_is_recorded_not_followed(tmp_path: Path) -> None:
    write(tmp_path / "elsewhere" / "moscow.txt", seed_text(0))
    corpus = tmp_path / "corpus"
    write(corpus / "geneva.txt", seed_text(2))
    (corpus / "more").symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    with pytest.warns(CorpusWarning, match="more/: skipped: symbolic link to a folder"):
        result = read_corpus(corpus)
    assert [d.doc_id for d in result.documents] == ["geneva"]
    assert result.skipped == [{"file": "more/", "reason": "symbolic link to a folder: not followed"}]


# ---------------------------------------------------------------------- archives


def test_archive_members_left_out_are_listed_with_one_warning(tmp_path: Path) -> None:
    archive = tmp_path / "speeches.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("speeches/geneva.txt", seed_text(2))
        zf.writestr("../../etc/cron.d/evil.txt", "* * * * * root sh")
        zf.writestr("/abs/moscow.txt", seed_text(0))
        zf.writestr("speeches/.DS_Store", b"\x00\x00\x00\x01Bud1")
        zf.writestr("__MACOSX/speeches/._geneva.txt", b"\x00\x05\x16\x07")
        link = zipfile.ZipInfo("speeches/latest.txt")
        link.external_attr = (stat.S_IFLNK | 0o777) << 16
        zf.writestr(link, "geneva.txt")
    with pytest.warns(CorpusWarning) as record:
        result = read_corpus(archive)
    assert [d.file for d in result.documents] == ["geneva.txt"]  # the top folder of what is read is stripped
    reasons = {s["file"]: s["reason"] for s in result.skipped}
    assert reasons == {
        "../../etc/cron.d/evil.txt": "unsafe path in the archive (absolute or with '..')",
        "/abs/moscow.txt": "unsafe path in the archive (absolute or with '..')",
        "speeches/.DS_Store": "hidden file or folder",
        "__MACOSX/speeches/._geneva.txt": "macOS resource data (__MACOSX/)",
        "speeches/latest.txt": "symbolic link in the archive: not followed",
    }
    messages = [str(w.message) for w in record]
    assert len(messages) == 1 and "5 archive member(s) not read (listed in skipped): 2 unsafe path in the archive" in \
        messages[0]


def test_a_damaged_zip_member_is_skipped_with_its_reason(tmp_path: Path) -> None:
    archive = tmp_path / "speeches.zip"
    with zipfile.ZipFile(archive, "w") as zf:  # stored: the text is in the file as written
        zf.writestr("geneva.txt", seed_text(2))
        zf.writestr("moscow.txt", seed_text(0))
    data = archive.read_bytes()
    at = data.index(seed_text(0)[:40].encode())
    archive.write_bytes(data[:at] + b"m" + data[at + 1:])  # one byte changed: its CRC-32 no longer matches
    with pytest.warns(CorpusWarning, match="1 can't be extracted"):
        result = read_corpus(archive)
    assert [d.file for d in result.documents] == ["geneva.txt"]
    assert result.skipped == [{"file": "moscow.txt", "reason": "can't be extracted (Bad CRC-32 for file 'moscow.txt')"}]


def test_tar_links_are_listed(tmp_path: Path) -> None:
    archive = tmp_path / "speeches.tar.gz"
    with tarfile.open(archive, "w:gz") as tf:
        data = seed_text(2).encode()
        info = tarfile.TarInfo("speeches/geneva.txt")
        info.size = len(data)
        tf.addfile(info, io.BytesIO(data))
        link = tarfile.TarInfo("speeches/passwd.txt")
        link.type, link.linkname = tarfile.SYMTYPE, "/etc/passwd"
        tf.addfile(link)
    with pytest.warns(CorpusWarning, match="1 archive member"):
        result = read_corpus(archive)
    assert [d.file for d in result.documents] == ["geneva.txt"]
    assert result.skipped == [{"file": "speeches/passwd.txt", "reason": "symbolic link in the archive: not followed"}]


def _bomb(tmp_path: Path, suffix: str, size: int) -> Path:
    """An archive whose member expands from a few KB to ``size`` bytes of text, beside a real speech."""
    big = (first_line(0) + "\n").encode() * (size // (len(first_line(0)) + 1))
    path = tmp_path / f"bomb{suffix}"
    if suffix == ".zip":
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
            zf.writestr("geneva.txt", seed_text(2))
            zf.writestr("huge.txt", big)
    else:
        with tarfile.open(path, "w:gz") as tf:
            for name, data in (("geneva.txt", seed_text(2).encode()), ("huge.txt", big)):
                info = tarfile.TarInfo(name)
                info.size = len(data)
                tf.addfile(info, io.BytesIO(data))
    assert path.stat().st_size < size / 50
    return path


@pytest.mark.parametrize("suffix", [".zip", ".tar.gz"])
def test_an_archive_member_over_the_size_cap_is_skipped(tmp_path: Path, suffix: str) -> None:
    archive = _bomb(tmp_path, suffix, 3_000_000)
    with pytest.warns(CorpusWarning, match="1 too large"):
        result = read_corpus(archive, max_member_bytes=1_000_000)
    assert [d.file for d in result.documents] == ["geneva.txt"]
    (skipped,) = result.skipped
    assert skipped["file"] == "huge.txt"
    assert re.fullmatch(r"too large: 3,0\d\d,\d{3} bytes uncompressed \(the limit is 1,000,000 bytes, "
                        r"max_member_bytes\)", skipped["reason"])


def test_a_member_whose_header_understates_its_size_is_cut_at_the_cap(tmp_path: Path) -> None:
    class Lying(io.BytesIO):
        pass

    budget = sources._Budget(tmp_path / "x.zip", sources.ArchiveLimits(member=100, total=10_000))
    skipped: list[dict[str, str]] = []
    data = budget.read("huge.txt", 10, Lying(b"a" * 5000), skipped)  # declares 10 bytes, holds 5,000
    assert data is None and budget.used == 0
    assert skipped == [{"file": "huge.txt", "reason": "too large: more than 100 bytes uncompressed (the limit is "
                                                      "100 bytes, max_member_bytes)"}]


def test_an_archive_expanding_beyond_the_total_cap_is_an_error(tmp_path: Path) -> None:
    archive = _bomb(tmp_path, ".zip", 3_000_000)
    with pytest.raises(CorpusError, match=r"bomb.zip: expands to more than 2,000,000 bytes \(max_archive_bytes\)"):
        read_corpus(archive, max_archive_bytes=2_000_000)


# ---------------------------------------------------------------------- JSONL and NULs


def test_a_broken_jsonl_line_is_named_with_file_and_line(tmp_path: Path) -> None:
    lines = [json.dumps({"id": str(n), "text": seed_text(n)}) for n in range(3)]
    lines[1] = lines[1][:-1]  # the closing brace lost, as a truncated export leaves it
    path = write(tmp_path / "posts.jsonl", "\n".join(lines) + "\n")
    with pytest.raises(CorpusError, match=r"posts.jsonl: not a readable JSONL table \(line 2, column \d+: "):
        read_corpus(path)
    write(path, lines[0] + "\n" + json.dumps([seed_text(1)]) + "\n")
    with pytest.raises(CorpusError, match=r"posts.jsonl: not a readable JSONL table \(line 2: a JSON list, not an "
                                          r"object"):
        read_corpus(path)


def test_a_few_stray_nuls_are_removed_with_a_note(tmp_path: Path) -> None:
    text = seed_text(2)
    data = text[:200].encode() + b"\x00" + text[200:].encode() + b"\x00"
    write(tmp_path / "geneva.txt", data)
    write(tmp_path / "scan.txt", bytes(range(256)) * 4)
    with pytest.warns(CorpusWarning, match="scan.txt: skipped: binary file"):
        result = read_corpus(tmp_path)
    (doc,) = result.documents
    assert doc.raw == text and doc.notes == ["2 stray NUL byte(s) removed"]
    assert result.skipped == [{"file": "scan.txt", "reason": "binary file (NUL bytes)"}]


def test_nul_heavy_or_control_heavy_bytes_stay_binary() -> None:
    for data in (b"ab\x00\x01cd\x00" * 3, b"Lavrov\x00" * 100, b"\x00" + b"\x01\x02\x03\x04\x05" * 40 + b"text"):
        with pytest.raises(Unreadable, match="binary file"):
            decode_text(data)
    d = decode_text("Лавров заявил\x00.".encode("cp1251"))
    assert d.text == "Лавров заявил." and d.encoding == "cp1251" and d.notes[-1] == "1 stray NUL byte(s) removed"


def test_load_corpus_keeps_the_skips_and_the_nul_note(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import lavrovkit as lk

    text = seed_text(2)
    write(tmp_path / "2016" / "geneva.txt", text[:100].encode() + b"\x00" + text[100:].encode())
    write(tmp_path / "2019" / "moscow.txt", seed_text(0))
    _denying_scandir(monkeypatch, "2019")
    with pytest.warns(CorpusWarning, match="2019/: skipped"):
        corpus = lk.corpus_load(tmp_path, cache=False)
    assert corpus.skipped.to_dict("records") == [
        {"file": "2019/", "reason": "folder can't be listed (Permission denied); its files are not read"}]
    notes = corpus.cleaning[corpus.cleaning["kind"] == "load"]
    assert notes[["doc_id", "detail"]].to_dict("records") == [{"doc_id": "2016/geneva",
                                                               "detail": "1 stray NUL byte(s) removed"}]
    assert "\x00" not in corpus.documents["text"].iloc[0]


def test_a_tar_archive_damaged_midway_is_an_error_not_a_shorter_corpus(tmp_path: Path) -> None:
    """tarfile stops quietly at a damaged member header; the kit says the archive is damaged."""
    import gzip
    import io
    import tarfile

    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as tf:
        for i in range(10):
            data = f"Speech {i}: the dialogue with Washington goes on. {'x' * 900}\n".encode()
            info = tarfile.TarInfo(f"speeches/RUS_{i}.txt")
            info.size = len(data)
            tf.addfile(info, io.BytesIO(data))
    raw = bytearray(buffer.getvalue())
    (tmp_path / "good.tar.gz").write_bytes(gzip.compress(bytes(raw)))
    assert len(read_corpus(tmp_path / "good.tar.gz").documents) == 10
    header = raw.index(b"speeches/RUS_6.txt")
    raw[header + 100:header + 164] = b"\xff" * 64  # mode, uid, gid, size, mtime, checksum: unreadable
    (tmp_path / "bad.tar.gz").write_bytes(gzip.compress(bytes(raw)))
    with pytest.raises(CorpusError, match=r"bad\.tar\.gz: damaged archive: it stops being readable after 6 member"):
        read_corpus(tmp_path / "bad.tar.gz")
