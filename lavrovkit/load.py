"""Compatibility module: corpus reading now lives in :mod:`lavrovkit.readers`; these names stay importable here.

>>> from lavrovkit.load import read_corpus
>>> [d.doc_id for d in read_corpus().documents]
['000', '001', '002', '003', '004']
"""

from __future__ import annotations

from lavrovkit.readers import (
    ARCHIVE_SUFFIXES,
    CATALOG_COLUMNS,
    CATALOG_NAME,
    HTML_SUFFIXES,
    ID_COLUMNS,
    MAX_ARCHIVE_BYTES,
    MAX_CONTROL_RATIO,
    MAX_MEMBER_BYTES,
    MAX_NUL_RATIO,
    PRECISIONS,
    RESERVED_FIELDS,
    TABLE_SUFFIXES,
    TEXT_COLUMNS,
    TEXT_SUFFIXES,
    CatalogError,
    CorpusError,
    CorpusWarning,
    Decoded,
    LoadResult,
    RawDocument,
    Unreadable,
    decode_text,
    join_columns,
    parse_catalog_on,
    parse_pattern,
    read_corpus,
    seeds_path,
)
from lavrovkit.readers.join import DATE_FIELDS, JOIN_COLUMN_SUFFIXES, JOIN_MIN_SHARE, JOIN_SUFFIXES
from lavrovkit.readers.sources import NOT_DOCUMENTS

__all__ = [
    "ARCHIVE_SUFFIXES", "CATALOG_COLUMNS", "CATALOG_NAME", "DATE_FIELDS", "HTML_SUFFIXES", "ID_COLUMNS",
    "JOIN_COLUMN_SUFFIXES", "JOIN_MIN_SHARE", "JOIN_SUFFIXES", "MAX_ARCHIVE_BYTES", "MAX_CONTROL_RATIO",
    "MAX_MEMBER_BYTES", "MAX_NUL_RATIO", "NOT_DOCUMENTS", "PRECISIONS", "RESERVED_FIELDS", "TABLE_SUFFIXES",
    "TEXT_COLUMNS", "TEXT_SUFFIXES", "CatalogError", "CorpusError", "CorpusWarning", "Decoded", "LoadResult",
    "RawDocument", "Unreadable", "decode_text", "join_columns", "parse_catalog_on", "parse_pattern",
    "read_corpus", "seeds_path",
]
