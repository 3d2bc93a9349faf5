"""Read any corpus an analyst brings: a folder, a text file, an archive or a table.

:func:`read_corpus` answers with raw documents: decoded text (UTF-8, UTF-8 with
a byte-order mark, UTF-16, cp1251 or latin-1/cp1252; line ends normalised to
``\\n``) and the metadata the input itself declares - a ``catalog.csv``
beside the files, a table's columns, fields of a filename pattern such as
``{country}_{session}_{year}.txt``, a metadata table joined by those fields
(UNGDC's ``speakers.csv``: by country code and year) - each field with its
origin. Files that hold no text (empty, binary) are skipped with a warning and
listed in ``skipped``; other files that are not documents (a README, images, a
table that could not be joined) are listed there too, with the reason. Input
that can't be read at all raises :class:`CorpusError` naming the file (and the
row).

Example
-------
>>> result = read_corpus()                     # the bundled seeds
>>> [d.doc_id for d in result.documents]
['000', '001', '002', '003', '004']
>>> result.documents[2].meta["dateline"], result.documents[2].meta_origin["date"]
('GENEVA', 'catalog')
"""

from __future__ import annotations

import io
import json
import math
import os
import re
import tarfile
import warnings
import zipfile
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

import pandas as pd

from lavrovkit.errors import CorpusError, CorpusWarning  # noqa: F401  (re-exported)
from lavrovkit.meta import parse_date
from lavrovkit.webpage import looks_like_html

#: Files read as documents inside folders and archives.
TEXT_SUFFIXES = (".txt", ".md", ".html", ".htm")
HTML_SUFFIXES = (".html", ".htm")
#: Tables read one document per row when given directly.
TABLE_SUFFIXES = (".csv", ".tsv", ".jsonl", ".ndjson", ".json", ".parquet")
ARCHIVE_SUFFIXES = (".tar.gz", ".tgz", ".tar", ".tar.bz2", ".tbz2", ".tar.xz", ".txz", ".zip")
#: Column names that hold the text of a table row, in order of preference.
TEXT_COLUMNS = ("text", "content", "body", "speech", "transcript", "full_text", "article")
ID_COLUMNS = ("id", "doc_id")
CATALOG_NAME = "catalog.csv"
CATALOG_COLUMNS = ("id", "file", "date", "date_precision", "source", "genre", "title", "dateline", "speaker", "notes")
PRECISIONS = ("day", "month", "year", "unknown")
#: Columns of the documents table that metadata must not overwrite (such fields get a prefix).
RESERVED_FIELDS = frozenset({"id", "doc_id", "file", "text", "raw", "words", "encoding", "key"})
#: File names (without extension) that describe a corpus rather than belong to it.
NOT_DOCUMENTS = frozenset({"readme", "license", "licence", "changelog", "copying"})
#: Share of control characters above which a text is taken for binary data.
MAX_CONTROL_RATIO = 0.05
#: Tables at a corpus root that may be joined to its documents by filename-pattern fields.
JOIN_SUFFIXES = (".csv", ".tsv")
#: Columns tried for a filename field ``f``, in order of preference: ``f``, ``f_code``, ``f_id``.
JOIN_COLUMN_SUFFIXES = ("", "_code", "_id")
#: Share of documents whose field value a column must hold (and that must find their row) for an automatic join.
JOIN_MIN_SHARE = 0.5
#: Filename fields an automatic join keeps over other fields that pick out the same rows.
DATE_FIELDS = ("date", "year", "month", "day")




@dataclass
class RawDocument:
    """One document as read: decoded text and the metadata its input declares.

    ``doc_id`` is the catalog id, the table's id column or the path relative to
    the root without extension (``"2019/SWE_74_2019"``); ``file`` the path
    relative to the root (``"speeches.csv#row=12"`` for table rows, 1-based).
    """

    doc_id: str
    file: str
    raw: str
    is_html: bool
    meta: dict[str, Any] = field(default_factory=dict)
    meta_origin: dict[str, str] = field(default_factory=dict)
    encoding: str = "utf-8"
    notes: list[str] = field(default_factory=list)
    #: Where a field's value was found, when more can be said than its origin
    #: (``"speakers.csv row 12 (country=country_code, year)"`` for a joined table).
    meta_evidence: dict[str, str] = field(default_factory=dict)


@dataclass
class LoadResult:
    """What :func:`read_corpus` read: the documents, what it skipped and why, the root and the catalog(s) used.

    ``catalog`` names the catalog and/or the joined table (``"a/catalog.csv; a/speakers.csv"``);
    ``catalog_join`` says how a table was joined, e.g. ``"speakers.csv (country=country_code, year):
    3638 of 3646 documents"``.
    """

    documents: list[RawDocument]
    skipped: list[dict[str, str]]
    root: str
    catalog: str | None
    catalog_join: str | None = None


@dataclass
class Decoded:
    """Text decoded from bytes: the text, the encoding used and notes on what was done."""

    text: str
    encoding: str
    notes: list[str]


class Unreadable(Exception):
    """Bytes that hold no text (empty, whitespace only, binary); the message is the reason."""


# ---------------------------------------------------------------------- entry points


def seeds_path() -> Path:
    """The bundled seed corpus folder: ``$LAVROVKIT_SEEDS`` or ``<repo>/seeds``.

    >>> seeds_path().name
    'seeds'
    """
    env = os.environ.get("LAVROVKIT_SEEDS")
    return Path(env) if env else Path(__file__).resolve().parent.parent / "seeds"


def read_corpus(
    path: str | os.PathLike[str] | None = None,
    pattern: str | None = None,
    catalog: str | os.PathLike[str] | None = None,
    text_column: str | None = None,
    id_column: str | None = None,
    catalog_on: str | Mapping[str, str] | None = None,
) -> LoadResult:
    """Read a corpus: the bundled seeds (no ``path``), a folder, a text file, an archive or a table.

    - folder (read recursively: .txt, .md, .html, .htm, in sorted order) or
      ``.tar.gz``/``.tgz``/``.zip`` archive of one; ``catalog.csv`` at its
      root is used as the catalog unless ``catalog`` names another one (a
      relative ``catalog`` that is not a file on disk names a file of the
      folder or archive, e.g. ``catalog="speakers.csv"``);
    - a single text file;
    - a CSV, TSV, JSONL or Parquet table: one document per row, the text in
      ``text_column`` (default: a column named text, content, body, speech or
      transcript), the id in ``id_column`` (default: ``id``/``doc_id``, else
      ``row-00012``); every other column is metadata.

    ``pattern`` (e.g. ``'{country}_{session}_{year}.txt'``, see
    :func:`parse_pattern`) turns parts of file names into metadata; files
    that don't match it are skipped.

    A table without a ``file`` or ``id`` column is *joined* to the documents
    by their filename fields: ``catalog_on="country=country_code,year"``
    (document field = table column; a bare name is the same on both sides).
    Without ``catalog_on`` the columns are chosen by their values (see
    :func:`join_columns`). With a pattern and no ``catalog``, the one CSV/TSV
    table at the root of a folder or archive (other than ``catalog.csv``) is
    joined that way when the match is clear, and otherwise listed in
    ``skipped`` with the reason. Joined values have origin ``catalog`` (and
    ``meta_evidence`` naming the table, row and join); a document without a
    row keeps its other metadata (one :class:`CorpusWarning` for all of
    them); a document matching several rows is a :class:`CorpusError`.

    >>> r = read_corpus()
    >>> len(r.documents), r.documents[0].meta["source"], r.documents[0].encoding
    (5, 'TASS', 'utf-8')
    """
    src = seeds_path() if path is None else Path(path)
    if not src.exists():
        where = "the bundled seeds folder" if path is None else "corpus path"
        raise CorpusError(f"{src}: {where} does not exist")
    catalog_path = Path(catalog) if catalog is not None else None
    catalog_member: str | None = None
    on = parse_catalog_on(catalog_on) if catalog_on is not None else None
    if catalog_path is not None and not catalog_path.is_file():
        if catalog_path.is_absolute() or not (src.is_dir() or _is_archive(src)):
            raise CorpusError(f"{catalog_path}: catalog file does not exist")
        catalog_member, catalog_path = catalog_path.as_posix().removeprefix("./"), None
    if _is_table(src):
        if pattern:
            raise CorpusError(f"{src}: a filename pattern applies to files in a folder or archive, not to a table")
        if on is not None:
            raise CorpusError(f"{src}: catalog_on joins a table by filename-pattern fields; it applies to a "
                              "folder, an archive or a text file, not to a table")
        return _read_table(src, text_column, id_column, catalog_path)
    if text_column or id_column:
        raise CorpusError(f"{src}: text_column and id_column apply to CSV/JSONL/Parquet tables only")
    if src.is_dir():
        return _read_members(_folder_members(src), str(src), pattern, catalog_path, in_archive=False,
                             catalog_member=catalog_member, on=on)
    if _is_archive(src):
        return _read_members(_archive_members(src), str(src), pattern, catalog_path, in_archive=True,
                             catalog_member=catalog_member, on=on)
    return _read_single(src, pattern, catalog_path, on)


def parse_catalog_on(spec: str | Mapping[str, str]) -> list[tuple[str, str]]:
    """Which document field joins which table column: ``[(field, column), ...]`` from ``catalog_on``.

    A bare name is the same on both sides; columns are matched without regard to case.

    >>> parse_catalog_on("country=country_code, year")
    [('country', 'country_code'), ('year', 'year')]
    """
    if isinstance(spec, Mapping):
        pairs = [(str(k).strip(), str(v).strip()) for k, v in spec.items()]
    else:
        pairs = []
        for part in str(spec).split(","):
            if not part.strip():
                continue
            fld, eq, col = part.partition("=")
            pairs.append((fld.strip(), (col if eq else fld).strip()))
    if not pairs or any(not f or not c for f, c in pairs):
        raise CorpusError(f"catalog_on={spec!r}: give the document fields and the table columns that join them, "
                          "e.g. 'country=country_code,year' (field=column; a bare name is the same on both sides)")
    dups = sorted(f for f, n in Counter(f for f, _ in pairs).items() if n > 1)
    if dups:
        raise CorpusError(f"catalog_on={spec!r}: field(s) {', '.join(dups)} given twice")
    return pairs


def parse_pattern(pattern: str) -> re.Pattern[str]:
    """A filename pattern as a regular expression with one named group per ``{field}``.

    ``*`` matches within a path segment, ``**`` across segments, ``?`` one
    character. ``{year}`` matches four digits, ``{month}``/``{day}`` one or
    two, ``{date}`` an ISO date (``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYYMMDD``);
    other fields match any text without ``/``; a field used twice must match the
    same text. Patterns with a ``/`` match the path relative to the corpus root,
    others the file name; a pattern without an extension matches the name
    without its extension.

    >>> parse_pattern("{country}_{session}_{year}.txt").fullmatch("SWE_74_2019.txt").groupdict()
    {'country': 'SWE', 'session': '74', 'year': '2019'}
    """
    special = {"year": r"\d{4}", "month": r"\d{1,2}|[A-Za-z]{3,9}", "day": r"\d{1,2}",
               "date": r"\d{4}-\d{1,2}(?:-\d{1,2})?|\d{8}"}
    out: list[str] = []
    seen: set[str] = set()
    pos = 0
    for m in re.finditer(r"\{([^{}]*)\}|\*\*/?|\*|\?|[{}]", pattern):
        out.append(re.escape(pattern[pos:m.start()]))
        pos = m.end()
        token = m[0]
        if token.startswith("{") and token.endswith("}") and len(token) > 1:
            name = m[1].strip()
            if not name.isidentifier():
                raise CorpusError(f"pattern {pattern!r}: {{{m[1]}}} is not a field name (use letters, digits, _)")
            if name in seen:
                out.append(f"(?P={name})")  # the same field twice must hold the same value
                continue
            seen.add(name)
            out.append(f"(?P<{name}>{special.get(name, r'[^/]+?')})")
        elif token in ("{", "}"):
            raise CorpusError(f"pattern {pattern!r}: unbalanced brace at position {m.start() + 1}")
        elif token.startswith("**"):
            out.append("(?:.*/)?" if token.endswith("/") else ".*")
        elif token == "*":
            out.append("[^/]*")
        else:
            out.append("[^/]")
    out.append(re.escape(pattern[pos:]))
    return re.compile("".join(out))


def decode_text(data: bytes, html: bool = False) -> Decoded:
    """Decode bytes to text with characters intact; raise :class:`Unreadable` for empty or binary data.

    Tries UTF-8 (a byte-order mark is removed), UTF-16/32 when a byte-order
    mark (or the NUL pattern of UTF-16) says so, an encoding an HTML page
    declares, then cp1251 or latin-1/cp1252 by which gives plausible words.
    Line ends become ``\\n``.

    >>> d = decode_text("Привет, мир\\r\\n".encode("cp1251"))
    >>> d.text, d.encoding, d.notes
    ('Привет, мир\\n', 'cp1251', ['not valid UTF-8: decoded as cp1251 (Cyrillic)', 'CRLF line ends normalised'])
    """
    if not data:
        raise Unreadable("empty file (0 bytes)")
    text, encoding, notes = _decode_bytes(data, html)
    if text.startswith("\ufeff"):
        text = text[1:]
        if "byte-order mark removed" not in notes:
            notes.append("byte-order mark removed")
    if "\r" in text:
        crlf = text.count("\r\n")
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        notes.append("CRLF line ends normalised" if crlf else "CR line ends normalised")
    if not text.strip():
        raise Unreadable("no text (whitespace only)")
    controls = len(_CONTROL.findall(text))
    if controls / len(text) > MAX_CONTROL_RATIO:
        raise Unreadable(f"binary file ({controls / len(text):.0%} control characters)")
    return Decoded(text, encoding, notes)


# ---------------------------------------------------------------------- decoding

#: Control characters (Unicode category Cc) other than tab, newline, vertical tab and form feed.
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")


def _decode_bytes(data: bytes, html: bool) -> tuple[str, str, list[str]]:
    boms = ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe\x00\x00", "utf-32"), (b"\x00\x00\xfe\xff", "utf-32"),
            (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))
    for bom, codec in boms:
        if data.startswith(bom):
            try:
                return data.decode(codec), codec, [f"byte-order mark removed (decoded as {codec.upper()})"
                                                   if codec != "utf-8-sig" else "byte-order mark removed"]
            except UnicodeDecodeError:
                if codec != "utf-8-sig":
                    raise Unreadable(f"binary file (byte-order mark of {codec.upper()} but not decodable)") from None
    if b"\x00" in data:
        return _decode_with_nuls(data)
    try:
        return data.decode("utf-8"), "utf-8", []
    except UnicodeDecodeError:
        pass
    lenient = data.decode("utf-8", errors="replace")
    bad = lenient.count("\ufffd")
    good = sum(1 for ch in lenient if ord(ch) > 127 and ch != "\ufffd")
    if good >= 20 * bad:
        return lenient, "utf-8", [f"{bad} invalid UTF-8 byte sequence(s) replaced with U+FFFD"]
    if html and (declared := _declared_charset(data)):
        try:
            return data.decode(declared), declared, [f"decoded as {declared} (declared in the page)"]
        except (UnicodeDecodeError, LookupError):
            pass
    return _decode_legacy(data)


def _decode_with_nuls(data: bytes) -> tuple[str, str, list[str]]:
    """UTF-16 without a byte-order mark (when one byte order gives plausible European text), else binary."""
    if len(data) % 2 == 0:
        for codec in ("utf-16-le", "utf-16-be"):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError:
                continue
            if len(_PLAUSIBLE.findall(text[:4096])) >= 0.95 * len(text[:4096]):
                return text, codec, [f"decoded as {codec.upper()} (no byte-order mark)"]
    raise Unreadable("binary file (NUL bytes)")


#: Characters of European text: printable Latin, Greek, Cyrillic, whitespace, general punctuation.
_PLAUSIBLE = re.compile(r"[\t\n\r\x20-\x7e\xa0-\u052f\u2000-\u206f\u20ac\u2116]")


def _declared_charset(data: bytes) -> str | None:
    m = re.search(rb"""<meta[^>]+charset\s*=\s*["']?([\w.:-]+)""", data[:4096], re.I)
    return m[1].decode("ascii").lower() if m else None


def _decode_legacy(data: bytes) -> tuple[str, str, list[str]]:
    """cp1251 when it yields Cyrillic words, else cp1252 (if it decodes) or latin-1."""
    cyr = data.decode("cp1251", errors="replace")
    words = re.findall(r"[^\W\d_]{2,}", cyr)
    pure = sum(1 for w in words if all("\u0400" <= ch <= "\u04ff" for ch in w))
    mixed = sum(1 for w in words if any("\u0400" <= ch <= "\u04ff" for ch in w) and any(ch.isascii() for ch in w))
    if pure and pure > 2 * mixed:
        notes = ["not valid UTF-8: decoded as cp1251 (Cyrillic)"]
        if n := cyr.count("\ufffd"):
            notes.append(f"{n} byte(s) undefined in cp1251 replaced with U+FFFD")
        return cyr, "cp1251", notes
    if any(0x80 <= b <= 0x9F for b in data):
        try:
            return data.decode("cp1252"), "cp1252", ["not valid UTF-8: decoded as cp1252 (Western European)"]
        except UnicodeDecodeError:
            pass
    return data.decode("latin-1"), "latin-1", ["not valid UTF-8: decoded as latin-1 (Western European)"]


# ---------------------------------------------------------------------- members of a folder or archive


@dataclass
class _Member:
    rel: str                      # posix path relative to the corpus root
    read: Callable[[], bytes]


def _folder_members(root: Path) -> list[_Member]:
    members = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not _hidden(d))
        for name in filenames:
            if _hidden(name):
                continue
            full = Path(dirpath) / name
            rel = full.relative_to(root).as_posix()
            members.append(_Member(rel, full.read_bytes))
    return sorted(members, key=lambda m: m.rel)


def _archive_members(path: Path) -> list[_Member]:
    """Regular files of a tar or zip archive, read into memory, without a top folder common to all."""
    items: list[tuple[str, bytes]] = []
    try:
        if path.name.lower().endswith(".zip"):
            with zipfile.ZipFile(path) as zf:
                items = [(i.filename, zf.read(i)) for i in zf.infolist() if not i.is_dir()]
        else:
            with tarfile.open(path, "r:*") as tf:
                for info in tf:
                    if info.isfile() and (fh := tf.extractfile(info)) is not None:
                        items.append((info.name, fh.read()))
    except (tarfile.TarError, zipfile.BadZipFile, EOFError, OSError) as exc:
        raise CorpusError(f"{path}: not a readable archive ({exc})") from exc
    items = [(n.removeprefix("./"), d) for n, d in items]
    items = [(n, d) for n, d in items if not any(_hidden(part) for part in PurePosixPath(n).parts)]
    parts = [PurePosixPath(n).parts for n, _ in items]
    if parts and all(len(p) > 1 for p in parts) and len({p[0] for p in parts}) == 1:
        items = [(str(PurePosixPath(*PurePosixPath(n).parts[1:])), d) for n, d in items]
    return sorted((_Member(n, (lambda d=d: d)) for n, d in items), key=lambda m: m.rel)


def _hidden(name: str) -> bool:
    return name.startswith(".") or name in ("__MACOSX", "__pycache__", "Thumbs.db", "desktop.ini")


def _is_table(path: Path) -> bool:
    return path.is_file() and path.suffix.lower() in TABLE_SUFFIXES


def _is_archive(path: Path) -> bool:
    return path.is_file() and path.name.lower().endswith(ARCHIVE_SUFFIXES)


# ---------------------------------------------------------------------- folders and archives


@dataclass
class _CatalogRow:
    row: int                      # 1-based data row
    id: str
    file: str
    meta: dict[str, str]


def _read_members(members: list[_Member], root: str, pattern: str | None, catalog_path: Path | None,
                  in_archive: bool, catalog_member: str | None = None,
                  on: list[tuple[str, str]] | None = None) -> LoadResult:
    """Documents from the files of a folder or archive, with their catalog and joined table (see :func:`read_corpus`)."""
    skipped: list[dict[str, str]] = []
    order = {m.rel: i for i, m in enumerate(members)}
    regex = parse_pattern(pattern) if pattern else None
    fields = list(regex.groupindex) if regex is not None else []
    given: _Table | None = None
    if catalog_path is not None:
        given = _load_table(catalog_path.read_bytes(), str(catalog_path), catalog_path.name)
    elif catalog_member is not None:
        found = _find_member(members, catalog_member, root)
        given = _load_table(found.read(), _member_label(root, found.rel, in_archive),
                            PurePosixPath(found.rel).name, found.rel)
    join: _Table | None = None
    if given is not None and (on is not None or given.joins_by_fields):
        join = given
    elif on is not None:
        join = _root_table(members, root, in_archive)
    beside = next((m for m in members if m.rel.lower() == CATALOG_NAME), None)
    if beside is not None and join is not None and join.member == beside.rel:
        beside = None  # catalog.csv itself joined by fields
    drop = {join.member} if join is not None and join.member else set()
    catalog_name: str | None = None
    rows: list[_CatalogRow] = []
    if given is not None and join is None:
        catalog_name = given.label
        rows = _catalog_rows(given.frame, catalog_name)
        if given.member:
            drop.add(given.member)
        elif beside is not None and not in_archive and catalog_path is not None \
                and _same_file(Path(root, beside.rel), catalog_path):
            drop.add(beside.rel)
    elif beside is not None:
        catalog_name = _member_label(root, beside.rel, in_archive)
        rows = _read_catalog(beside.read(), catalog_name)
        drop.add(beside.rel)
    members = [m for m in members if m.rel not in drop]
    listed = _match_catalog(rows, [m.rel for m in members], catalog_name or "")
    # the one table at the root may be joined by filename fields: decided once the documents are read
    held = [m for m in members if regex is not None and join is None and _is_root_table(m.rel)]
    held_rels = {m.rel for m in held}
    docs: list[RawDocument] = []
    for member in members:
        row = listed.get(member.rel)
        if member.rel in held_rels:
            continue
        if reason := _not_a_document(member.rel, row is not None):
            skipped.append({"file": member.rel, "reason": reason})
            continue
        try:  # unreadable files are reported (with a warning) whether or not they match the pattern
            decoded = decode_text(member.read(), html=member.rel.lower().endswith(HTML_SUFFIXES))
        except Unreadable as exc:
            _skip(skipped, member.rel, str(exc))
            continue
        except OSError as exc:
            _skip(skipped, member.rel, f"could not be read ({exc.strerror or exc})")
            continue
        fields_of: dict[str, str] = {}
        if regex is not None:
            if (matched := _pattern_fields(regex, member.rel)) is None:
                skipped.append({"file": member.rel, "reason": f"does not match pattern {pattern!r}"})
                continue
            fields_of = matched
        docs.append(_document(member.rel, decoded, fields_of, row))
    _check_ids(docs, catalog_name)
    if not docs:
        skipped += [{"file": m.rel, "reason": _not_a_document(m.rel, False) or ""} for m in held]
        skipped.sort(key=lambda s: order.get(s["file"], len(order)))
        raise CorpusError(f"{root}: no readable documents" + _skipped_summary(skipped))
    summary: str | None = None
    if join is not None:
        summary = _join(join, _join_pairs(join, on, docs, fields), docs)
    elif held:
        join, summary, reasons = _auto_join(held, docs, fields, root, in_archive)
        skipped += [{"file": rel, "reason": reason} for rel, reason in reasons.items()]
        skipped.sort(key=lambda s: order.get(s["file"], len(order)))
    names = [n for n in (catalog_name, join.label if join is not None else None) if n]
    return LoadResult(docs, skipped, root, "; ".join(names) or None, summary)


def _read_single(path: Path, pattern: str | None, catalog_path: Path | None,
                 on: list[tuple[str, str]] | None = None) -> LoadResult:
    """One text file; a catalog beside it (or given) supplies its row, if it lists the file; a given table
    without file/id column is joined by the pattern's fields."""
    name = path.name
    fields: dict[str, str] = {}
    if pattern:
        if (matched := _pattern_fields(parse_pattern(pattern), name)) is None:
            raise CorpusError(f"{path}: does not match pattern {pattern!r}")
        fields = matched
    try:
        decoded = decode_text(path.read_bytes(), html=name.lower().endswith(HTML_SUFFIXES))
    except Unreadable as exc:
        raise CorpusError(f"{path}: {exc}") from None
    join: _Table | None = None
    if catalog_path is not None:
        table = _load_table(catalog_path.read_bytes(), str(catalog_path), catalog_path.name)
        if on is not None or table.joins_by_fields:
            join = table
    elif on is not None:
        raise CorpusError(f"{path}: catalog_on needs catalog=... naming the table to join")
    beside = path.parent / CATALOG_NAME
    if (catalog_path is None or join is not None) and beside.is_file() \
            and not (catalog_path is not None and _same_file(beside, catalog_path)):
        catalog_path = beside
    elif join is not None:
        catalog_path = None
    row = None
    if catalog_path is not None:
        rows = _read_catalog(catalog_path.read_bytes(), str(catalog_path))
        base = catalog_path.parent
        siblings = [p.relative_to(base).as_posix() for p in base.rglob("*") if p.is_file()]
        row = _match_catalog(rows, siblings, str(catalog_path)).get(name)
    doc = _document(name, decoded, fields, row)
    summary = None
    if join is not None:
        summary = _join(join, _join_pairs(join, on, [doc], list(fields)), [doc])
    names = [n for n in (str(catalog_path) if row else None, join.label if join is not None else None) if n]
    return LoadResult([doc], [], str(path.parent), "; ".join(names) or None, summary)


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return False


def _not_a_document(rel: str, listed: bool) -> str | None:
    """Why a member of a folder or archive is not read as a document, or None."""
    low = rel.lower()
    path = PurePosixPath(low)
    if rel.startswith("/") or ".." in path.parts:
        return "unsafe path in the archive (absolute or with '..')"
    if low == CATALOG_NAME:
        return "catalog.csv not used: another catalog was given"
    if path.name == CATALOG_NAME:
        return "catalog.csv below the corpus root is not used (only the root's catalog.csv is)"
    if low.endswith(TABLE_SUFFIXES):
        return (f"{path.suffix.lstrip('.').upper()} file in a corpus folder: not a document and not the catalog "
                "(only catalog.csv at the root is); read it on its own for one document per row")
    if not low.endswith(TEXT_SUFFIXES):
        return (f"unsupported file type {path.suffix!r}" if path.suffix else "no file extension") + \
            " (documents are .txt, .md, .html, .htm)"
    if path.stem in NOT_DOCUMENTS and not listed:
        return "describes the corpus, not a document (README/LICENSE); list it in catalog.csv to read it"
    return None


def _pattern_fields(regex: re.Pattern[str], rel: str) -> dict[str, str] | None:
    """The pattern's fields for a file (matched on the relative path if the pattern has a ``/``), or None."""
    target = rel if "/" in regex.pattern.replace("[^/]", "") else PurePosixPath(rel).name
    stem = str(PurePosixPath(target).with_suffix(""))
    tries = (target, stem) if "\\." in regex.pattern else (stem, target)  # no '.' in the pattern: the stem first
    m = regex.fullmatch(tries[0]) or regex.fullmatch(tries[1])
    return None if m is None else {k: v for k, v in m.groupdict().items() if v is not None}


def _document(rel: str, decoded: Decoded, fields: dict[str, str] | None, row: _CatalogRow | None) -> RawDocument:
    meta: dict[str, Any] = {}
    origin: dict[str, str] = {}
    notes = list(decoded.notes)
    for k, v in (fields or {}).items():
        meta[_field_name(k, "filename")], origin[_field_name(k, "filename")] = v, "filename"
    if fields:
        derived = _date_from_fields(fields)
        if derived:
            meta["date"], meta["date_precision"] = derived
            origin["date"] = origin["date_precision"] = "filename"
        elif any(k in fields for k in ("date", "year")):
            notes.append(f"filename date fields {fields} do not form a date")
    if row is not None:
        for k, v in row.meta.items():
            meta[k], origin[k] = v, "catalog"
    is_html = rel.lower().endswith(HTML_SUFFIXES) or looks_like_html(decoded.text)
    if is_html and not rel.lower().endswith(HTML_SUFFIXES):
        notes.append("HTML content in a non-HTML file")
    doc_id = row.id if row is not None and row.id else str(PurePosixPath(rel).with_suffix(""))
    return RawDocument(doc_id, rel, decoded.text, is_html, meta, origin, decoded.encoding, notes)


def _check_ids(docs: list[RawDocument], catalog_name: str | None) -> None:
    """Path-derived ids that collide (``a.txt``, ``a.md``) keep their extension; other duplicates are errors."""
    def from_path(d: RawDocument) -> bool:
        return d.doc_id == str(PurePosixPath(d.file).with_suffix("")) and "catalog" not in d.meta_origin.values()

    groups: dict[str, list[RawDocument]] = {}
    for d in docs:
        groups.setdefault(d.doc_id, []).append(d)
    for group in groups.values():
        if len(group) > 1 and all(from_path(d) for d in group):
            for d in group:
                d.notes.append(f"id {d.doc_id!r} is shared by several files: the id keeps the extension")
                d.doc_id = d.file
    counts = Counter(d.doc_id for d in docs)
    dups = sorted(i for i, n in counts.items() if n > 1)
    if dups:
        files = "; ".join(f"{i}: " + ", ".join(d.file for d in docs if d.doc_id == i) for i in dups)
        raise CorpusError(f"{catalog_name or 'corpus'}: duplicate document id(s): {files}")


def _skip(skipped: list[dict[str, str]], file: str, reason: str) -> None:
    warnings.warn(f"{file}: skipped: {reason}", CorpusWarning, stacklevel=3)
    skipped.append({"file": file, "reason": reason})


def _skipped_summary(skipped: list[dict[str, str]]) -> str:
    if not skipped:
        return " (no files found)"
    shown = "; ".join(f"{s['file']}: {s['reason']}" for s in skipped[:10])
    more = f"; and {len(skipped) - 10} more" if len(skipped) > 10 else ""
    return f"; skipped {len(skipped)} file(s): {shown}{more}"


# ---------------------------------------------------------------------- the catalog


def _read_catalog(data: bytes, name: str) -> list[_CatalogRow]:
    """Rows of a catalog, dates checked and normalised; raises :class:`CorpusError` naming the catalog and row."""
    frame = _csv_frame(data, name)
    frame.columns = [str(c).strip().lower() for c in frame.columns]
    return _catalog_rows(frame, name)


def _catalog_rows(frame: pd.DataFrame, name: str) -> list[_CatalogRow]:
    """Rows of a catalog already read (columns lower-case, cells as text); see :func:`_read_catalog`."""
    if "file" not in frame.columns and "id" not in frame.columns:
        raise CorpusError(f"{name}: a catalog needs a 'file' or an 'id' column; its columns are: "
                          f"{', '.join(frame.columns) or '(none)'} (a table without them can be joined by "
                          "filename-pattern fields: give a pattern and catalog_on='field=column,...')")
    rows = []
    for i, rec in enumerate(frame.to_dict("records"), start=1):
        values = {k if k in ("id", "file") else _field_name(k, "catalog"): str(v).strip()
                  for k, v in rec.items() if v is not None and str(v).strip()}
        if not values:
            continue
        doc_id, file = values.pop("id", ""), values.pop("file", "")
        if not doc_id and not file:
            raise CorpusError(f"{name}: row {i} names neither a file nor an id")
        try:
            meta = _normalise_date(values)
        except ValueError as exc:
            raise CorpusError(f"{name}: row {i}" + (f" (id {doc_id})" if doc_id else f" ({file})") + f": {exc}") from None
        rows.append(_CatalogRow(i, doc_id, file.removeprefix("./"), meta))
    for key in ("id", "file"):
        seen = Counter(getattr(r, key) for r in rows if getattr(r, key))
        dups = sorted(v for v, n in seen.items() if n > 1)
        if dups:
            where = "; ".join(f"{v} (rows {', '.join(str(r.row) for r in rows if getattr(r, key) == v)})" for v in dups)
            raise CorpusError(f"{name}: duplicate {key}(s) in the catalog: {where}")
    return rows


def _match_catalog(rows: list[_CatalogRow], rels: list[str], name: str) -> dict[str, _CatalogRow]:
    """Catalog rows by the member they describe; a row naming no existing file or id is an error."""
    rel_set = set(rels)
    by_name: dict[str, list[str]] = {}
    by_id: dict[str, list[str]] = {}
    for rel in rels:
        p = PurePosixPath(rel)
        by_name.setdefault(p.name, []).append(rel)
        by_id.setdefault(str(p.with_suffix("")), []).append(rel)
        by_id.setdefault(p.stem, []).append(rel)
    out: dict[str, _CatalogRow] = {}
    for row in rows:
        if row.file:
            rel = row.file if row.file in rel_set else _unique(by_name.get(PurePosixPath(row.file).name, []))
            if rel is None:
                raise CorpusError(f"{name}: row {row.row}: file {row.file!r} does not exist in the corpus")
        else:
            rel = _unique([r for r in by_id.get(row.id, []) if r.lower().endswith(TEXT_SUFFIXES)])
            if rel is None:
                raise CorpusError(f"{name}: row {row.row}: id {row.id!r} matches no file (or several); "
                                  "add a 'file' column")
        if rel in out:
            raise CorpusError(f"{name}: rows {out[rel].row} and {row.row} both describe {rel}")
        out[rel] = row
    return out


def _unique(items: list[str]) -> str | None:
    items = list(dict.fromkeys(items))
    return items[0] if len(items) == 1 else None


def _normalise_date(values: dict[str, str]) -> dict[str, str]:
    """Metadata with ``date`` as ISO ``YYYY-MM-DD`` and ``date_precision`` set; ValueError for a bad date."""
    out = dict(values)
    given = out.get("date_precision", "").lower()
    if given and given not in PRECISIONS:
        raise CorpusError(f"date_precision {out['date_precision']!r} is not one of {', '.join(PRECISIONS)}")
    if "date" in out:
        parsed = parse_date(out["date"])
        if parsed is None:
            raise CorpusError(f"date {out['date']!r} is not a date (use YYYY, YYYY-MM or YYYY-MM-DD)")
        iso, precision = parsed
        if given and PRECISIONS.index(given) < PRECISIONS.index(precision):
            raise CorpusError(f"date {out['date']!r} is less precise than date_precision {given!r}")
        out["date"], out["date_precision"] = iso, given or precision
    elif derived := _date_from_fields(out):
        out["date"], out["date_precision"] = derived
    elif given:
        out["date_precision"] = given
    return out


def _date_from_fields(fields: dict[str, str]) -> tuple[str, str] | None:
    """A date from ``date`` or ``year`` (+ ``month`` (+ ``day``)) fields: ``(ISO, precision)`` or None."""
    if fields.get("date"):
        return parse_date(fields["date"])
    year = str(fields.get("year", "")).strip()
    if not re.fullmatch(r"\d{4}", year):
        return None
    month, day = str(fields.get("month", "")).strip(), str(fields.get("day", "")).strip()
    if month:
        m = parse_date(f"{month} {year}") if not month.isdigit() else parse_date(f"{year}-{int(month):02d}")
        if m is None:
            return None
        if day.isdigit():
            return parse_date(f"{m[0][:7]}-{int(day):02d}")
        return m
    return parse_date(year)


# ---------------------------------------------------------------------- a table joined by filename fields


@dataclass
class _Table:
    """A table given or found as a catalog: its name in messages, its file name, its cells (all text)."""

    label: str                    # the path, or archive/member, as LoadResult.catalog and errors name it
    name: str                     # the file name, as provenance evidence names it
    frame: pd.DataFrame           # columns stripped and lower-cased
    member: str | None = None     # its path among the corpus files, when it is one

    @property
    def joins_by_fields(self) -> bool:
        """Is this a table to join by fields (no ``file``/``id`` column) rather than a catalog of files?"""
        return "file" not in self.frame.columns and "id" not in self.frame.columns


def _load_table(data: bytes, label: str, name: str, member: str | None = None) -> _Table:
    """A CSV (or, by its name, TSV) table with every cell as text; :class:`CorpusError` if it can't be read."""
    frame = _csv_frame(data, label, sep="\t" if name.lower().endswith(".tsv") else ",")
    frame.columns = [str(c).strip().lower() for c in frame.columns]
    return _Table(label, name, frame, member)


def _member_label(root: str, rel: str, in_archive: bool) -> str:
    return f"{root}/{rel}" if in_archive else str(Path(root, rel))


def _is_root_table(rel: str) -> bool:
    """Is this file a table at the corpus root that may be joined by filename fields (not catalog.csv)?"""
    return "/" not in rel and rel.lower().endswith(JOIN_SUFFIXES) and rel.lower() != CATALOG_NAME


def _find_member(members: list[_Member], name: str, root: str) -> _Member:
    """The corpus file a relative ``catalog`` names (exactly, else ignoring case); CorpusError if none does."""
    exact = [m for m in members if m.rel == name]
    loose = exact or [m for m in members if m.rel.lower() == name.lower()]
    if len(loose) == 1:
        return loose[0]
    tables = [m.rel for m in members if m.rel.lower().endswith(JOIN_SUFFIXES)]
    raise CorpusError(f"{name}: catalog file does not exist (neither on disk nor in {root}; tables there: "
                      f"{', '.join(tables[:10]) or 'none'})")


def _root_table(members: list[_Member], root: str, in_archive: bool) -> _Table:
    """The one table at the corpus root that ``catalog_on`` joins when no ``catalog`` names one."""
    tables = [m for m in members if _is_root_table(m.rel)]
    if len(tables) != 1:
        raise CorpusError(f"{root}: catalog_on needs catalog=... naming the table to join (tables at the root: "
                          f"{', '.join(m.rel for m in tables) or 'none'})")
    m = tables[0]
    return _load_table(m.read(), _member_label(root, m.rel, in_archive), m.rel, m.rel)


def _join_key(value: Any) -> str:
    """A value as joins compare it: text without surrounding whitespace, case-folded ('Brazil ' = 'brazil')."""
    return str(value).strip().casefold()


def _doc_value(doc: RawDocument, fld: str) -> str | None:
    """A document's value of a filename field (or of any metadata field), or None."""
    for key in (fld, _field_name(fld, "filename")):
        if doc.meta.get(key) not in (None, ""):
            return str(doc.meta[key])
    low = fld.lower()
    return next((str(v) for k, v in doc.meta.items() if k.lower() == low and v not in (None, "")), None)


def _describe_on(pairs: list[tuple[str, str]]) -> str:
    """A join as evidence shows it: ``'country=country_code, year'``."""
    return ", ".join(f if f == c else f"{f}={c}" for f, c in pairs)


def _match_rows(frame: pd.DataFrame, pairs: list[tuple[str, str]], docs: list[RawDocument]) -> list[list[int]]:
    """For each document, the (1-based) rows whose join columns hold its field values."""
    index: dict[tuple[str, ...], list[int]] = {}
    for i, key in enumerate(zip(*(frame[c].map(_join_key) for _, c in pairs), strict=True), start=1):
        if all(key):
            index.setdefault(key, []).append(i)
    out = []
    for doc in docs:
        values = [_doc_value(doc, f) for f, _ in pairs]
        out.append(list(index.get(tuple(_join_key(v) for v in values), [])) if None not in values else [])
    return out


def join_columns(frame: pd.DataFrame, docs: list[RawDocument],
                 fields: list[str]) -> tuple[list[tuple[str, str]] | None, str]:
    """Which columns join this table to these documents by their filename fields? ``(pairs, "")`` or ``(None, why)``.

    A field ``f`` maps to the column ``f``, ``f_code`` or ``f_id`` that holds
    its value for most documents (more than :data:`JOIN_MIN_SHARE`; the best
    share wins, ties in that order). Values are compared without surrounding
    whitespace and case. A field with such columns none of which holds its
    values stops the join (the table then describes something else, or too
    little of the corpus). The mapped fields must pick out one row per
    document for most documents and never several; a field is then left out
    when the others are still a unique key of the table and pick out the
    same rows (other fields first, date fields last), so UNGDC's
    ``{country}_{session}_{year}`` joins ``speakers.csv`` by
    ``country=country_code, year``.
    """
    n = len(docs)
    if not fields:
        return None, "no filename-pattern fields to join it by (give a pattern)"
    mapped: list[tuple[str, str]] = []
    failed: list[str] = []        # fields with columns of their name that don't hold their values
    unmapped: list[str] = []      # fields without such columns
    for fld in fields:
        keys = [_join_key(v) if (v := _doc_value(d, fld)) is not None else None for d in docs]
        best: tuple[str, float] | None = None
        tried: list[str] = []
        for suffix in JOIN_COLUMN_SUFFIXES:
            col = fld.lower() + suffix
            if col not in frame.columns:
                continue
            values = set(frame[col].map(_join_key))
            share = sum(1 for k in keys if k and k in values) / n
            tried.append(f"{fld} in column {col}: {share:.0%}")
            if share > JOIN_MIN_SHARE and (best is None or share > best[1]):
                best = (col, share)
        if best is not None:
            mapped.append((fld, best[0]))
        elif tried:
            failed.extend(tried)
        else:
            unmapped.append(fld)
    if failed:
        return None, f"no column holds a filename field's values for most documents ({'; '.join(failed)})"
    if not mapped:
        return None, (f"none of its columns ({', '.join(frame.columns)}) is named after a filename field "
                      f"({', '.join(fields)}) or <field>_code/<field>_id")
    matches = _match_rows(frame, mapped, docs)
    several = [(d, rows) for d, rows in zip(docs, matches, strict=True) if len(rows) > 1]
    if several:
        d, rows = several[0]
        why = (f"{len(several)} document(s) match several rows by ({_describe_on(mapped)}), e.g. {d.file}: "
               f"rows {', '.join(map(str, rows[:5]))}")
        return None, why + (f" (no column for the field(s) {', '.join(unmapped)})" if unmapped else "")
    found = sum(1 for rows in matches if rows)
    if found <= JOIN_MIN_SHARE * n:
        return None, f"only {found} of {n} document(s) find a row by ({_describe_on(mapped)})"
    pairs = list(mapped)
    names = [f for f, _ in mapped]
    for fld in [f for f in names if f.lower() not in DATE_FIELDS] + [f for f in names if f.lower() in DATE_FIELDS]:
        trial = [p for p in pairs if p[0] != fld]
        if trial and _is_key(frame, [c for _, c in trial]) and _match_rows(frame, trial, docs) == matches:
            pairs = trial
    return pairs, ""


def _is_key(frame: pd.DataFrame, columns: list[str]) -> bool:
    """Do these columns pick out at most one row of the table for any values (rows with an empty cell aside)?"""
    keys = [k for k in zip(*(frame[c].map(_join_key) for c in columns), strict=True) if all(k)]
    return len(keys) == len(set(keys))


def _join_pairs(table: _Table, on: list[tuple[str, str]] | None, docs: list[RawDocument],
                fields: list[str]) -> list[tuple[str, str]]:
    """The join for a table given explicitly: ``catalog_on`` checked against its columns, else found by value."""
    if on is None:
        if not fields:
            raise CorpusError(f"{table.label}: a catalog needs a 'file' or an 'id' column; its columns are: "
                              f"{', '.join(table.frame.columns) or '(none)'} (a table without them is joined by "
                              "filename-pattern fields: give a pattern, and catalog_on='field=column,...')")
        pairs, why = join_columns(table.frame, docs, fields)
        if pairs is None:
            raise CorpusError(f"{table.label}: can't join it to the documents by their filename fields: {why}; "
                              "name the columns with catalog_on='field=column,...'")
        return pairs
    out = []
    for fld, col in on:
        if col.lower() not in table.frame.columns:
            raise CorpusError(f"{table.label}: catalog_on column {col!r} is not a column; its columns are: "
                              f"{', '.join(table.frame.columns)}")
        if all(_doc_value(d, fld) is None for d in docs):
            raise CorpusError(f"{table.label}: catalog_on field {fld!r} is a field of no document (the "
                              f"filename fields are: {', '.join(fields) or 'none: give a pattern'})")
        out.append((fld, col.lower()))
    return out


def _join(table: _Table, pairs: list[tuple[str, str]], docs: list[RawDocument]) -> str:
    """Give each document the other columns of its row (origin ``catalog``); returns what was joined.

    Rows are numbered as data records (the header is not counted, a quoted
    cell over several lines is one record). Values lose surrounding and
    repeated whitespace. Join columns are left out; a column named like a
    joined field but not its column (UNGDC's ``country``: names, while
    ``country`` joins ``country_code``) becomes ``catalog_<name>``; a value
    a ``catalog.csv`` row already gave the document stays. Documents without
    a row keep their other metadata and get one :class:`CorpusWarning`
    together; a document matching several rows is a :class:`CorpusError`
    naming the rows.
    """
    desc = _describe_on(pairs)
    matches = _match_rows(table.frame, pairs, docs)

    def values(doc: RawDocument) -> str:
        return ", ".join(f"{f}={_doc_value(doc, f)}" for f, _ in pairs)

    several = [(d, rows) for d, rows in zip(docs, matches, strict=True) if len(rows) > 1]
    if several:
        d, rows = several[0]
        others = f" ({len(several) - 1} more document(s) match several rows)" if len(several) > 1 else ""
        raise CorpusError(f"{table.label}: rows {', '.join(map(str, rows[:-1]))} and {rows[-1]} all match the "
                          f"document {d.file} ({values(d)}) by ({desc}){others}; make the rows unique or join on "
                          "more fields with catalog_on='field=column,...'")
    join_cols = {c for _, c in pairs}
    column_of = {f.lower(): c for f, c in pairs}
    records = table.frame.to_dict("records")
    unmatched: list[RawDocument] = []
    used: set[int] = set()
    for doc, rows in zip(docs, matches, strict=True):
        if not rows:
            unmatched.append(doc)
            doc.notes.append(f"no row of {table.name} matches {values(doc)} (joined by {desc})")
            continue
        i = rows[0]
        used.add(i)
        meta: dict[str, str] = {}
        for col, value in records[i - 1].items():
            if col in join_cols or value is None or not str(value).strip():
                continue
            name = _field_name(col, "catalog")
            if column_of.get(name.lower(), col) != col:
                name = f"catalog_{name}"
            meta[name] = " ".join(str(value).split())  # a quoted cell may hold a line break
        try:
            meta = _normalise_date(meta)
        except ValueError as exc:
            raise CorpusError(f"{table.label}: row {i}: {exc}") from None
        for k, v in meta.items():
            if doc.meta_origin.get(k) == "catalog":
                continue  # the catalog.csv row of this very file wins
            doc.meta[k], doc.meta_origin[k] = v, "catalog"
            doc.meta_evidence[k] = f"{table.name} row {i} ({desc})"
    if unmatched:
        shown = "; ".join(f"{d.file} ({values(d)})" for d in unmatched[:5])
        more = f"; and {len(unmatched) - 5} more" if len(unmatched) > 5 else ""
        warnings.warn(f"{table.name}: {len(unmatched)} of {len(docs)} document(s) match no row by ({desc}) and "
                      f"keep only their other metadata: {shown}{more}. {len(records) - len(used)} of "
                      f"{len(records)} row(s) match no document.", CorpusWarning, stacklevel=4)
    return f"{table.name} ({desc}): {len(docs) - len(unmatched)} of {len(docs)} documents"


def _auto_join(held: list[_Member], docs: list[RawDocument], fields: list[str], root: str,
               in_archive: bool) -> tuple[_Table | None, str | None, dict[str, str]]:
    """Join the one table at the corpus root when its columns clearly match the filename fields.

    Returns the table joined (or None), what was joined, and for each table
    not joined why not and how to join it explicitly.
    """
    hint = (f"filename fields: {', '.join(fields)}")
    if len(held) > 1:
        names = ", ".join(m.rel for m in held)
        return None, None, {m.rel: (f"one of {len(held)} tables at the corpus root ({names}): none is joined to "
                                    f"the documents automatically; join one with catalog={m.rel!r}, "
                                    f"catalog_on='field=column,...' ({hint})") for m in held}
    m = held[0]
    try:
        table = _load_table(m.read(), _member_label(root, m.rel, in_archive), m.rel, m.rel)
    except CorpusError as exc:
        return None, None, {m.rel: f"table not joined to the documents: {exc}"}
    if not table.joins_by_fields:
        return None, None, {m.rel: (_not_a_document(m.rel, False) or "") + f"; to use it as the catalog give "
                                   f"catalog={m.rel!r}"}
    pairs, why = join_columns(table.frame, docs, fields)
    if pairs is None:
        return None, None, {m.rel: (f"table not joined to the documents: {why}; join it explicitly with "
                                    f"catalog={m.rel!r}, catalog_on='field=column,...' ({hint}; its columns: "
                                    f"{', '.join(table.frame.columns)})")}
    return table, _join(table, pairs, docs), {}


# ---------------------------------------------------------------------- tables


def _read_table(path: Path, text_column: str | None, id_column: str | None,
                catalog_path: Path | None) -> LoadResult:
    """One document per row of a CSV/TSV/JSONL/Parquet table (see :func:`read_corpus`)."""
    if path.name.lower() == CATALOG_NAME:
        hint = f" ({CATALOG_NAME} is a catalog: give the folder that holds it and the files it lists)"
    else:
        hint = ""
    frame, encoding, notes = _table_frame(path)
    if frame.empty:
        raise CorpusError(f"{path}: the table has no rows")
    text_col = _find_column(frame, text_column, TEXT_COLUMNS, "text_column")
    if text_col is None:
        raise CorpusError(f"{path}: no text column (looked for {', '.join(TEXT_COLUMNS)}); its columns are: "
                          f"{', '.join(map(str, frame.columns))}. Name it with text_column=...{hint}")
    id_col = _find_column(frame, id_column, ID_COLUMNS, "id_column")
    if id_col == text_col:
        id_col = None
    catalog_rows = _table_catalog(catalog_path) if catalog_path is not None else {}
    docs: list[RawDocument] = []
    skipped: list[dict[str, str]] = []
    for i, rec in enumerate(frame.to_dict("records"), start=1):
        file = f"{path.name}#row={i}"
        text = _cell(rec.get(text_col))
        if text is None or not text.strip():
            _skip(skipped, file, f"no text in column {text_col!r}")
            continue
        doc_id = _cell(rec.get(id_col)) if id_col else f"row-{i:05d}"
        if not doc_id or not doc_id.strip():
            raise CorpusError(f"{path}: row {i}: empty id in column {id_col!r}")
        meta = {_field_name(k, "table"): v for k, v in ((k, _cell(v)) for k, v in rec.items() if k not in (text_col, id_col))
                if v is not None and v.strip()}
        try:
            meta = _normalise_date(meta)
        except ValueError as exc:
            raise CorpusError(f"{path}: row {i} (id {doc_id}): {exc}") from None
        origin = dict.fromkeys(meta, "table")
        if (row := catalog_rows.pop(doc_id.strip(), None)) is not None:
            meta.update(row.meta)
            origin.update(dict.fromkeys(row.meta, "catalog"))
        raw = text.replace("\r\n", "\n").replace("\r", "\n").removeprefix("\ufeff")
        docs.append(RawDocument(doc_id.strip(), file, raw, looks_like_html(raw) or bool(
            re.search(r"<(?:p|div|br|article)\b[^>]*>", raw[:2000], re.I)), meta, origin, encoding, list(notes)))
    if catalog_rows:
        first = min(catalog_rows.values(), key=lambda r: r.row)
        raise CorpusError(f"{catalog_path}: row {first.row}: id {first.id!r} matches no row of {path.name}")
    counts = Counter(d.doc_id for d in docs)
    dups = sorted(i for i, n in counts.items() if n > 1)
    if dups:
        where = "; ".join(f"{i} ({', '.join(d.file for d in docs if d.doc_id == i)})" for i in dups[:10])
        raise CorpusError(f"{path}: duplicate id(s) in column {id_col!r}: {where}")
    if not docs:
        raise CorpusError(f"{path}: no rows with text" + _skipped_summary(skipped))
    return LoadResult(docs, skipped, str(path.parent), str(catalog_path) if catalog_path else None)


def _table_catalog(catalog_path: Path) -> dict[str, _CatalogRow]:
    """A catalog for a table: rows by id (a table has no files to name)."""
    rows = _read_catalog(catalog_path.read_bytes(), str(catalog_path))
    for r in rows:
        if not r.id:
            raise CorpusError(f"{catalog_path}: row {r.row}: a catalog for a table needs an id in every row")
    return {r.id: r for r in rows}


def _field_name(column: Any, origin: str) -> str:
    """A column or pattern field as a metadata field name.

    The standard fields (date, source, ...) are lower-cased; names the
    documents table uses for itself (doc_id, file, text, ...) get a prefix:
    ``_field_name("Date", "table") == "date"``, ``_field_name("text", "catalog") == "catalog_text"``.
    """
    name = str(column).strip()
    if name.lower() in RESERVED_FIELDS:
        return f"{origin}_{name}"
    return name.lower() if name.lower() in CATALOG_COLUMNS else name


def _table_frame(path: Path) -> tuple[pd.DataFrame, str, list[str]]:
    """The table as a DataFrame (all CSV cells as strings), its encoding and decoding notes."""
    suffix = path.suffix.lower()
    try:
        if suffix == ".parquet":
            return pd.read_parquet(path), "utf-8", []
        try:
            decoded = decode_text(path.read_bytes())
        except Unreadable as exc:
            raise CorpusError(f"{path}: {exc}") from None
        if suffix in (".csv", ".tsv"):
            frame = _csv_frame(decoded.text, str(path), sep="\t" if suffix == ".tsv" else ",")
        else:
            frame = pd.read_json(io.StringIO(decoded.text), lines=suffix != ".json", dtype=False)
        return frame, decoded.encoding, decoded.notes
    except CorpusError:
        raise
    except Exception as exc:  # pandas/pyarrow raise many kinds for malformed input
        raise CorpusError(f"{path}: not a readable {suffix.lstrip('.').upper()} table ({exc})") from exc


def _csv_frame(data: bytes | str, name: str, sep: str = ",") -> pd.DataFrame:
    if isinstance(data, bytes):
        try:
            data = decode_text(data).text
        except Unreadable as exc:
            raise CorpusError(f"{name}: {exc}") from None
    try:
        return pd.read_csv(io.StringIO(data), dtype=str, keep_default_na=False, sep=sep)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, ValueError) as exc:
        raise CorpusError(f"{name}: not a readable CSV file ({exc})") from exc


def _find_column(frame: pd.DataFrame, given: str | None, names: Iterable[str], option: str) -> str | None:
    columns = {str(c).strip().lower(): c for c in frame.columns}
    if given is not None:
        if given in frame.columns:
            return given
        if given.strip().lower() in columns:
            return columns[given.strip().lower()]
        raise CorpusError(f"{option}={given!r} is not a column; the columns are: {', '.join(map(str, frame.columns))}")
    return next((columns[n] for n in names if n in columns), None)


def _cell(value: Any) -> str | None:
    """A table cell as a string (None when missing): integral floats lose ``.0``, timestamps become ISO."""
    if value is None:
        return None
    if isinstance(value, float):
        if math.isnan(value):
            return None
        return str(int(value)) if value.is_integer() else str(value)
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat() if value == value.normalize() else value.isoformat()
    if isinstance(value, (list, dict, tuple)):
        return json.dumps(value, ensure_ascii=False, default=str)
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    return str(value)
