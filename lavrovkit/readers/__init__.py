"""Read any corpus an analyst brings: a folder, a text file, an archive or a table.

:func:`read_corpus` answers with raw documents: decoded text (UTF-8, UTF-8 with
a byte-order mark, UTF-16, cp1251 or latin-1/cp1252; line ends normalised to
``\\n``), the kind of each document (``text``, ``markdown``, ``html``) and the
metadata the input itself declares - a ``catalog.csv`` beside the files, a
table's columns, fields of a filename pattern such as
``{country}_{session}_{year}.txt``, a metadata table joined by those fields
(UNGDC's ``speakers.csv``: by country code and year) - each field with its
origin. Files that hold no text (empty, binary), folders that can't be listed
and archive members left out are skipped with a warning and listed in
``skipped``; other files that are not documents (a README, images, a table
that could not be joined) are listed there too, with the reason. Input that
can't be read at all raises :class:`CorpusError` (a catalog:
:class:`CatalogError`) naming the file (and the row).

Readers are registered by file kind (:func:`register`, :data:`READERS`): one
module per role - :mod:`~lavrovkit.readers.decode` (text, Markdown, HTML
files), :mod:`~lavrovkit.readers.tables` (CSV, TSV, JSONL, JSON, Parquet),
:mod:`~lavrovkit.readers.sources` (folders, zip and tar archives);
:mod:`~lavrovkit.readers.catalog` and :mod:`~lavrovkit.readers.join` read the
metadata beside the files, :mod:`~lavrovkit.readers.documents` puts them together.

Example
-------
>>> result = read_corpus()                     # the bundled seeds
>>> [d.doc_id for d in result.documents]
['000', '001', '002', '003', '004']
>>> result.documents[2].meta["dateline"], result.documents[2].meta_origin["date"], result.documents[2].kind
('GENEVA', 'catalog', 'text')
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from lavrovkit.errors import CatalogError, CorpusError, CorpusWarning
from lavrovkit.readers.base import (
    CATALOG_COLUMNS,
    CATALOG_NAME,
    ID_COLUMNS,
    PRECISIONS,
    READERS,
    RESERVED_FIELDS,
    TEXT_COLUMNS,
    LoadResult,
    RawDocument,
    Reader,
    content_kind,
    is_html_kind,
    reader_for,
    register,
    suffixes,
)
from lavrovkit.readers.catalog import parse_catalog_on, parse_pattern
from lavrovkit.readers.decode import (
    MAX_CONTROL_RATIO,
    MAX_NUL_RATIO,
    Decoded,
    Unreadable,
    decode_text,
)
from lavrovkit.readers.documents import read_members, read_single, read_table
from lavrovkit.readers.join import join_columns
from lavrovkit.readers.sources import (
    MAX_ARCHIVE_BYTES,
    MAX_MEMBER_BYTES,
    ArchiveLimits,
    is_archive,
    list_archive,
    list_folder,
)

#: Files read as documents inside folders and archives (from the registry: document readers).
TEXT_SUFFIXES = suffixes("document")
#: HTML documents by their file name.
HTML_SUFFIXES = tuple(s for r in READERS.values() if r.role == "document" and r.html for s in r.suffixes)
#: Tables read one document per row when given directly.
TABLE_SUFFIXES = suffixes("table")
ARCHIVE_SUFFIXES = suffixes("archive")


def seeds_path() -> Path:
    """The bundled seed corpus folder: ``$LAVROVKIT_SEEDS``, the installed package's copy or the
    checkout's ``seeds/`` (:func:`lavrovkit.resources.bundled`).

    >>> seeds_path().name
    'seeds'
    """
    from lavrovkit.resources import bundled

    return bundled("seeds")


def read_corpus(
    path: str | os.PathLike[str] | None = None,
    pattern: str | None = None,
    catalog: str | os.PathLike[str] | None = None,
    text_column: str | None = None,
    id_column: str | None = None,
    catalog_on: str | Mapping[str, str] | None = None,
    max_member_bytes: int = MAX_MEMBER_BYTES,
    max_archive_bytes: int = MAX_ARCHIVE_BYTES,
) -> LoadResult:
    """Read a corpus: the bundled seeds (no ``path``), a folder, a text file, an archive or a table.

    - folder (read recursively: .txt, .md, .html, .htm, in sorted order) or
      ``.tar.gz``/``.tgz``/``.zip`` archive of one; ``catalog.csv`` at its
      root is used as the catalog unless ``catalog`` names another one (a
      relative ``catalog`` that is not a file on disk names a file of the
      folder or archive, e.g. ``catalog="speakers.csv"``);
    - a single text file;
    - a CSV, TSV, JSONL, JSON or Parquet table: one document per row, the text in
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
    them); a document matching several rows is a :class:`CatalogError`.

    An archive member larger than ``max_member_bytes`` uncompressed is
    skipped (listed with the reason); an archive expanding beyond
    ``max_archive_bytes`` in all is a :class:`CorpusError`.

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
        if catalog_path.is_absolute() or not (src.is_dir() or is_archive(src)):
            raise CatalogError(f"{catalog_path}: catalog file does not exist")
        catalog_member, catalog_path = catalog_path.as_posix().removeprefix("./"), None
    if src.is_file() and reader_for(src.name, "table") is not None:
        if pattern:
            raise CorpusError(f"{src}: a filename pattern applies to files in a folder or archive, not to a table")
        if on is not None:
            raise CorpusError(f"{src}: catalog_on joins a table by filename-pattern fields; it applies to a "
                              "folder, an archive or a text file, not to a table")
        return read_table(src, text_column, id_column, catalog_path)
    if text_column or id_column:
        raise CorpusError(f"{src}: text_column and id_column apply to CSV/JSONL/Parquet tables only")
    if src.is_dir():
        return read_members(list_folder(src), str(src), pattern, catalog_path, in_archive=False,
                            catalog_member=catalog_member, on=on)
    if is_archive(src):
        limits = ArchiveLimits(member=max_member_bytes, total=max_archive_bytes)
        return read_members(list_archive(src, limits), str(src), pattern, catalog_path, in_archive=True,
                            catalog_member=catalog_member, on=on)
    return read_single(src, pattern, catalog_path, on)


__all__ = [
    "ARCHIVE_SUFFIXES", "CATALOG_COLUMNS", "CATALOG_NAME", "HTML_SUFFIXES", "ID_COLUMNS", "MAX_ARCHIVE_BYTES",
    "MAX_CONTROL_RATIO", "MAX_MEMBER_BYTES", "MAX_NUL_RATIO", "PRECISIONS", "READERS", "RESERVED_FIELDS",
    "TABLE_SUFFIXES", "TEXT_COLUMNS", "TEXT_SUFFIXES", "ArchiveLimits", "CatalogError", "CorpusError",
    "CorpusWarning", "Decoded", "LoadResult", "RawDocument", "Reader", "Unreadable", "content_kind",
    "decode_text", "is_html_kind", "join_columns", "parse_catalog_on", "parse_pattern", "read_corpus",
    "reader_for", "register", "seeds_path", "suffixes",
]
