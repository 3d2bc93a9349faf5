"""A metadata table without ``file``/``id`` column joined to the documents by their filename fields.

UNGDC's ``speakers.csv`` has a row per country and year; documents read
with the pattern ``{country}_{session}_{year}.txt`` find their row by
``country=country_code, year`` (named with ``catalog_on``, or found by the
columns' values: :func:`join_columns`). A table that can't be read is a
:class:`CatalogError` naming it.

>>> import pandas as pd
>>> from lavrovkit.readers.base import RawDocument
>>> docs = [RawDocument(f"{c}_{y}", f"{c}_{y}.txt", "...", "text", {"country": c, "year": y})
...         for c, y in (("SWE", "2019"), ("USA", "2019"), ("SWE", "2018"))]
>>> table = pd.DataFrame({"country_code": ["SWE", "USA", "SWE"], "year": ["2019", "2019", "2018"],
...                       "speaker": ["Linde", "Pompeo", "Wallström"]})
>>> join_columns(table, docs, ["country", "year"])
([('country', 'country_code'), ('year', 'year')], '')
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from lavrovkit.errors import CatalogError, CorpusError, CorpusWarning
from lavrovkit.readers.base import CATALOG_NAME, RawDocument, field_name
from lavrovkit.readers.catalog import normalise_date, read_bytes
from lavrovkit.readers.sources import Member, not_a_document
from lavrovkit.readers.tables import csv_frame

#: Tables at a corpus root that may be joined to its documents by filename-pattern fields.
JOIN_SUFFIXES = (".csv", ".tsv")
#: Columns tried for a filename field ``f``, in order of preference: ``f``, ``f_code``, ``f_id``.
JOIN_COLUMN_SUFFIXES = ("", "_code", "_id")
#: Share of documents whose field value a column must hold (and that must find their row) for an automatic join.
JOIN_MIN_SHARE = 0.5
#: Filename fields an automatic join keeps over other fields that pick out the same rows.
DATE_FIELDS = ("date", "year", "month", "day")


@dataclass
class Table:
    """A table given or found as a catalog: its name in messages, its file name, its cells (all text)."""

    label: str                    # the path, or archive/member, as LoadResult.catalog and errors name it
    name: str                     # the file name, as provenance evidence names it
    frame: pd.DataFrame           # columns stripped and lower-cased
    member: str | None = None     # its path among the corpus files, when it is one

    @property
    def joins_by_fields(self) -> bool:
        """Is this a table to join by fields (no ``file``/``id`` column) rather than a catalog of files?"""
        return "file" not in self.frame.columns and "id" not in self.frame.columns


def load_table(data: bytes, label: str, name: str, member: str | None = None) -> Table:
    """A CSV (or, by its name, TSV) table with every cell as text; :class:`CatalogError` if it can't be read."""
    frame = csv_frame(data, label, sep="\t" if name.lower().endswith(".tsv") else ",", error=CatalogError)
    frame.columns = [str(c).strip().lower() for c in frame.columns]
    return Table(label, name, frame, member)


def member_label(root: str, rel: str, in_archive: bool) -> str:
    return f"{root}/{rel}" if in_archive else str(Path(root, rel))


def is_root_table(rel: str) -> bool:
    """Is this file a table at the corpus root that may be joined by filename fields (not catalog.csv)?"""
    return "/" not in rel and rel.lower().endswith(JOIN_SUFFIXES) and rel.lower() != CATALOG_NAME


def find_member(members: list[Member], name: str, root: str) -> Member:
    """The corpus file a relative ``catalog`` names (exactly, else ignoring case); CatalogError if none does."""
    exact = [m for m in members if m.rel == name]
    loose = exact or [m for m in members if m.rel.lower() == name.lower()]
    if len(loose) == 1:
        return loose[0]
    tables = [m.rel for m in members if m.rel.lower().endswith(JOIN_SUFFIXES)]
    raise CatalogError(f"{name}: catalog file does not exist (neither on disk nor in {root}; tables there: "
                       f"{', '.join(tables[:10]) or 'none'})")


def root_table(members: list[Member], root: str, in_archive: bool) -> Table:
    """The one table at the corpus root that ``catalog_on`` joins when no ``catalog`` names one."""
    tables = [m for m in members if is_root_table(m.rel)]
    if len(tables) != 1:
        raise CatalogError(f"{root}: catalog_on needs catalog=... naming the table to join (tables at the root: "
                           f"{', '.join(m.rel for m in tables) or 'none'})")
    m = tables[0]
    label = member_label(root, m.rel, in_archive)
    return load_table(read_bytes(m.read, label), label, m.rel, m.rel)


def _join_key(value: Any) -> str:
    """A value as joins compare it: text without surrounding whitespace, case-folded ('Brazil ' = 'brazil')."""
    return str(value).strip().casefold()


def _doc_value(doc: RawDocument, fld: str) -> str | None:
    """A document's value of a filename field (or of any metadata field), or None."""
    for key in (fld, field_name(fld, "filename")):
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


def join_pairs(table: Table, on: list[tuple[str, str]] | None, docs: list[RawDocument],
                fields: list[str]) -> list[tuple[str, str]]:
    """The join for a table given explicitly: ``catalog_on`` checked against its columns, else found by value."""
    if on is None:
        if not fields:
            raise CatalogError(f"{table.label}: a catalog needs a 'file' or an 'id' column; its columns are: "
                               f"{', '.join(table.frame.columns) or '(none)'} (a table without them is joined by "
                               "filename-pattern fields: give a pattern, and catalog_on='field=column,...')")
        pairs, why = join_columns(table.frame, docs, fields)
        if pairs is None:
            raise CatalogError(f"{table.label}: can't join it to the documents by their filename fields: {why}; "
                               "name the columns with catalog_on='field=column,...'")
        return pairs
    out = []
    for fld, col in on:
        if col.lower() not in table.frame.columns:
            raise CatalogError(f"{table.label}: catalog_on column {col!r} is not a column; its columns are: "
                               f"{', '.join(table.frame.columns)}")
        if all(_doc_value(d, fld) is None for d in docs):
            raise CatalogError(f"{table.label}: catalog_on field {fld!r} is a field of no document (the "
                               f"filename fields are: {', '.join(fields) or 'none: give a pattern'})")
        out.append((fld, col.lower()))
    return out


def join(table: Table, pairs: list[tuple[str, str]], docs: list[RawDocument]) -> str:
    """Give each document the other columns of its row (origin ``catalog``); returns what was joined.

    Rows are numbered as data records (the header is not counted, a quoted
    cell over several lines is one record). Values lose surrounding and
    repeated whitespace. Join columns are left out; a column named like a
    joined field but not its column (UNGDC's ``country``: names, while
    ``country`` joins ``country_code``) becomes ``catalog_<name>``; a value
    a ``catalog.csv`` row already gave the document stays. Documents without
    a row keep their other metadata and get one :class:`CorpusWarning`
    together; a document matching several rows is a :class:`CatalogError`
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
        raise CatalogError(f"{table.label}: rows {', '.join(map(str, rows[:-1]))} and {rows[-1]} all match the "
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
            name = field_name(col, "catalog")
            if column_of.get(name.lower(), col) != col:
                name = f"catalog_{name}"
            meta[name] = " ".join(str(value).split())  # a quoted cell may hold a line break
        try:
            meta = normalise_date(meta)
        except ValueError as exc:
            raise CatalogError(f"{table.label}: row {i}: {exc}") from None
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


def auto_join(held: list[Member], docs: list[RawDocument], fields: list[str], root: str,
               in_archive: bool) -> tuple[Table | None, str | None, dict[str, str]]:
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
        label = member_label(root, m.rel, in_archive)
        table = load_table(read_bytes(m.read, label), label, m.rel, m.rel)
    except CorpusError as exc:
        return None, None, {m.rel: f"table not joined to the documents: {exc}"}
    if not table.joins_by_fields:
        return None, None, {m.rel: (not_a_document(m.rel, False) or "") + f"; to use it as the catalog give "
                                   f"catalog={m.rel!r}"}
    pairs, why = join_columns(table.frame, docs, fields)
    if pairs is None:
        return None, None, {m.rel: (f"table not joined to the documents: {why}; join it explicitly with "
                                    f"catalog={m.rel!r}, catalog_on='field=column,...' ({hint}; its columns: "
                                    f"{', '.join(table.frame.columns)})")}
    return table, join(table, pairs, docs), {}

