"""Read any corpus an analyst brings: a folder, a text file, an archive or a table.

:func:`read_corpus` answers with raw documents: decoded text (UTF-8, UTF-8 with
a byte-order mark, UTF-16, cp1251 or latin-1/cp1252; line ends normalised to
``\\n``) and the metadata the input itself declares - a ``catalog.csv``
beside the files, a table's columns, fields of a filename pattern such as
``{country}_{session}_{year}.txt`` - each field with its origin. Files that
hold no text (empty, binary) are skipped with a warning and listed in
``skipped``; other files that are not documents (``speakers.csv``, a README,
images) are listed there too. Input that can't be read at all raises
:class:`CorpusError` naming the file (and the row).

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
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

import pandas as pd

from lavrovkit.meta import parse_date

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


class CorpusError(ValueError):
    """Input that can't be read as a corpus; the message names the file (and the row)."""


class CorpusWarning(UserWarning):
    """A file or row skipped while reading a corpus (also listed in ``LoadResult.skipped``)."""


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


@dataclass
class LoadResult:
    """What :func:`read_corpus` read: the documents, what it skipped and why, the root and the catalog used."""

    documents: list[RawDocument]
    skipped: list[dict[str, str]]
    root: str
    catalog: str | None


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
) -> LoadResult:
    """Read a corpus: the bundled seeds (no ``path``), a folder, a text file, an archive or a table.

    - folder (read recursively: .txt, .md, .html, .htm, in sorted order) or
      ``.tar.gz``/``.tgz``/``.zip`` archive of one; ``catalog.csv`` at its
      root is used as the catalog unless ``catalog`` names another one;
    - a single text file;
    - a CSV, TSV, JSONL or Parquet table: one document per row, the text in
      ``text_column`` (default: a column named text, content, body, speech or
      transcript), the id in ``id_column`` (default: ``id``/``doc_id``, else
      ``row-00012``); every other column is metadata.

    ``pattern`` (e.g. ``'{country}_{session}_{year}.txt'``, see
    :func:`parse_pattern`) turns parts of file names into metadata; files
    that don't match it are skipped.

    >>> r = read_corpus()
    >>> len(r.documents), r.documents[0].meta["source"], r.documents[0].encoding
    (5, 'TASS', 'utf-8')
    """
    src = seeds_path() if path is None else Path(path)
    if not src.exists():
        where = "the bundled seeds folder" if path is None else "corpus path"
        raise CorpusError(f"{src}: {where} does not exist")
    catalog_path = Path(catalog) if catalog is not None else None
    if catalog_path is not None and not catalog_path.is_file():
        raise CorpusError(f"{catalog_path}: catalog file does not exist")
    if _is_table(src):
        if pattern:
            raise CorpusError(f"{src}: a filename pattern applies to files in a folder or archive, not to a table")
        return _read_table(src, text_column, id_column, catalog_path)
    if text_column or id_column:
        raise CorpusError(f"{src}: text_column and id_column apply to CSV/JSONL/Parquet tables only")
    if src.is_dir():
        return _read_members(_folder_members(src), str(src), pattern, catalog_path, in_archive=False)
    if _is_archive(src):
        return _read_members(_archive_members(src), str(src), pattern, catalog_path, in_archive=True)
    return _read_single(src, pattern, catalog_path)


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
                  in_archive: bool) -> LoadResult:
    """Documents from the files of a folder or archive (see :func:`read_corpus`)."""
    skipped: list[dict[str, str]] = []
    beside = next((m for m in members if m.rel.lower() == CATALOG_NAME), None)
    catalog_name: str | None = None
    rows: list[_CatalogRow] = []
    if catalog_path is not None:
        catalog_name = str(catalog_path)
        rows = _read_catalog(catalog_path.read_bytes(), catalog_name)
        if beside is not None and not in_archive and _same_file(Path(root, beside.rel), catalog_path):
            members = [m for m in members if m is not beside]
    elif beside is not None:
        catalog_name = f"{root}/{beside.rel}" if in_archive else str(Path(root, beside.rel))
        rows = _read_catalog(beside.read(), catalog_name)
        members = [m for m in members if m is not beside]
    listed = _match_catalog(rows, [m.rel for m in members], catalog_name or "")
    regex = parse_pattern(pattern) if pattern else None
    docs: list[RawDocument] = []
    for member in members:
        row = listed.get(member.rel)
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
        fields: dict[str, str] = {}
        if regex is not None:
            if (matched := _pattern_fields(regex, member.rel)) is None:
                skipped.append({"file": member.rel, "reason": f"does not match pattern {pattern!r}"})
                continue
            fields = matched
        docs.append(_document(member.rel, decoded, fields, row))
    _check_ids(docs, catalog_name)
    if not docs:
        raise CorpusError(f"{root}: no readable documents" + _skipped_summary(skipped))
    return LoadResult(docs, skipped, root, catalog_name)


def _read_single(path: Path, pattern: str | None, catalog_path: Path | None) -> LoadResult:
    """One text file; a catalog beside it (or given) supplies its row, if it lists the file."""
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
    beside = path.parent / CATALOG_NAME
    if catalog_path is None and beside.is_file():
        catalog_path = beside
    row = None
    if catalog_path is not None:
        rows = _read_catalog(catalog_path.read_bytes(), str(catalog_path))
        base = catalog_path.parent
        siblings = [p.relative_to(base).as_posix() for p in base.rglob("*") if p.is_file()]
        row = _match_catalog(rows, siblings, str(catalog_path)).get(name)
    doc = _document(name, decoded, fields, row)
    return LoadResult([doc], [], str(path.parent), str(catalog_path) if row else None)


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
    is_html = rel.lower().endswith(HTML_SUFFIXES) or _looks_like_html(decoded.text)
    if is_html and not rel.lower().endswith(HTML_SUFFIXES):
        notes.append("HTML content in a non-HTML file")
    doc_id = row.id if row is not None and row.id else str(PurePosixPath(rel).with_suffix(""))
    return RawDocument(doc_id, rel, decoded.text, is_html, meta, origin, decoded.encoding, notes)


def _looks_like_html(text: str) -> bool:
    start = text.lstrip()[:100].lower()
    return start.startswith(("<!doctype html", "<html"))


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
    if "file" not in frame.columns and "id" not in frame.columns:
        raise CorpusError(f"{name}: a catalog needs a 'file' or an 'id' column; its columns are: "
                          f"{', '.join(frame.columns) or '(none)'}")
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
        raise ValueError(f"date_precision {out['date_precision']!r} is not one of {', '.join(PRECISIONS)}")
    if "date" in out:
        parsed = parse_date(out["date"])
        if parsed is None:
            raise ValueError(f"date {out['date']!r} is not a date (use YYYY, YYYY-MM or YYYY-MM-DD)")
        iso, precision = parsed
        if given and PRECISIONS.index(given) < PRECISIONS.index(precision):
            raise ValueError(f"date {out['date']!r} is less precise than date_precision {given!r}")
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
        docs.append(RawDocument(doc_id.strip(), file, raw, _looks_like_html(raw) or bool(
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
