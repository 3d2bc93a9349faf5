"""Documents from the files of a folder or archive, from one text file, or from the rows of a table.

Each file is read by the document reader its name selects (:func:`reader_for`)
and carries that reader's kind (``html`` when its text is an HTML page);
metadata comes from the catalog row, the filename pattern and a joined
table, each with its origin. See :func:`lavrovkit.readers.read_corpus`.

>>> from lavrovkit.readers.decode import Decoded
>>> doc = document("2019/SWE_74_2019.txt", "text", Decoded("Next year...", "utf-8", []),
...                {"country": "SWE", "year": "2019"}, None)
>>> doc.doc_id, doc.kind, doc.meta["date"], doc.meta_origin["date"]
('2019/SWE_74_2019', 'text', '2019-01-01', 'filename')
"""

from __future__ import annotations

import json
import math
import os
from collections import Counter
from collections.abc import Iterable
from pathlib import Path, PurePosixPath
from typing import Any

import pandas as pd

from lavrovkit.errors import CatalogError, CorpusError
from lavrovkit.readers.base import (
    CATALOG_NAME,
    ID_COLUMNS,
    TEXT_COLUMNS,
    LoadResult,
    RawDocument,
    content_kind,
    field_name,
    reader_for,
    skip,
    skipped_summary,
)
from lavrovkit.readers.catalog import (
    CatalogRow,
    catalog_bytes,
    catalog_rows,
    date_from_fields,
    match_catalog,
    normalise_date,
    parse_pattern,
    pattern_fields,
    read_bytes,
    read_catalog,
    table_catalog,
)
from lavrovkit.readers.decode import Decoded, Unreadable
from lavrovkit.readers.join import (
    Table,
    auto_join,
    find_member,
    is_root_table,
    join,
    join_pairs,
    load_table,
    member_label,
    root_table,
)
from lavrovkit.readers.sources import Listing, not_a_document


def read_members(listing: Listing, root: str, pattern: str | None, catalog_path: Path | None,
                 in_archive: bool, catalog_member: str | None = None,
                 on: list[tuple[str, str]] | None = None) -> LoadResult:
    """Documents from the files of a folder or archive, with their catalog and joined table."""
    members = listing.members
    skipped: list[dict[str, str]] = list(listing.skipped)
    order = {m.rel: i for i, m in enumerate(members)}
    regex = parse_pattern(pattern) if pattern else None
    fields = list(regex.groupindex) if regex is not None else []
    given: Table | None = None
    if catalog_path is not None:
        given = load_table(catalog_bytes(catalog_path), str(catalog_path), catalog_path.name)
    elif catalog_member is not None:
        found = find_member(members, catalog_member, root)
        label = member_label(root, found.rel, in_archive)
        given = load_table(read_bytes(found.read, label), label, PurePosixPath(found.rel).name, found.rel)
    joined: Table | None = None
    if given is not None and (on is not None or given.joins_by_fields):
        joined = given
    elif on is not None:
        joined = root_table(members, root, in_archive)
    beside = next((m for m in members if m.rel.lower() == CATALOG_NAME), None)
    if beside is not None and joined is not None and joined.member == beside.rel:
        beside = None  # catalog.csv itself joined by fields
    drop = {joined.member} if joined is not None and joined.member else set()
    catalog_name: str | None = None
    rows: list[CatalogRow] = []
    if given is not None and joined is None:
        catalog_name = given.label
        rows = catalog_rows(given.frame, catalog_name)
        if given.member:
            drop.add(given.member)
        elif beside is not None and not in_archive and catalog_path is not None \
                and same_file(Path(root, beside.rel), catalog_path):
            drop.add(beside.rel)
    elif beside is not None:
        catalog_name = member_label(root, beside.rel, in_archive)
        rows = read_catalog(read_bytes(beside.read, catalog_name), catalog_name)
        drop.add(beside.rel)
    members = [m for m in members if m.rel not in drop]
    listed = match_catalog(rows, [m.rel for m in members], catalog_name or "")
    # the one table at the root may be joined by filename fields: decided once the documents are read
    held = [m for m in members if regex is not None and joined is None and is_root_table(m.rel)]
    held_rels = {m.rel for m in held}
    docs: list[RawDocument] = []
    for member in members:
        row = listed.get(member.rel)
        if member.rel in held_rels:
            continue
        if reason := not_a_document(member.rel, row is not None):
            skipped.append({"file": member.rel, "reason": reason})
            continue
        reader = reader_for(member.rel, "document")
        assert reader is not None  # not_a_document said it is one
        try:  # unreadable files are reported (with a warning) whether or not they match the pattern
            decoded = reader.read(member.read())
        except Unreadable as exc:
            skip(skipped, member.rel, str(exc))
            continue
        except OSError as exc:
            skip(skipped, member.rel, f"could not be read ({exc.strerror or exc})")
            continue
        fields_of: dict[str, str] = {}
        if regex is not None:
            if (matched := pattern_fields(regex, member.rel)) is None:
                skipped.append({"file": member.rel, "reason": f"does not match pattern {pattern!r}"})
                continue
            fields_of = matched
        docs.append(document(member.rel, reader.kind, decoded, fields_of, row))
    check_ids(docs, catalog_name)
    if not docs:
        skipped += [{"file": m.rel, "reason": not_a_document(m.rel, False) or ""} for m in held]
        skipped.sort(key=lambda s: order.get(s["file"], len(order)))
        raise CorpusError(f"{root}: no readable documents" + skipped_summary(skipped))
    summary: str | None = None
    if joined is not None:
        summary = join(joined, join_pairs(joined, on, docs, fields), docs)
    elif held:
        joined, summary, reasons = auto_join(held, docs, fields, root, in_archive)
        skipped += [{"file": rel, "reason": reason} for rel, reason in reasons.items()]
        skipped.sort(key=lambda s: order.get(s["file"], len(order)))
    names = [n for n in (catalog_name, joined.label if joined is not None else None) if n]
    return LoadResult(docs, skipped, root, "; ".join(names) or None, summary)


def read_single(path: Path, pattern: str | None, catalog_path: Path | None,
                on: list[tuple[str, str]] | None = None) -> LoadResult:
    """One text file; a catalog beside it (or given) supplies its row, if it lists the file; a given table
    without file/id column is joined by the pattern's fields."""
    name = path.name
    fields: dict[str, str] = {}
    if pattern:
        if (matched := pattern_fields(parse_pattern(pattern), name)) is None:
            raise CorpusError(f"{path}: does not match pattern {pattern!r}")
        fields = matched
    reader = reader_for(name, "document") or reader_for(".txt", "document")
    assert reader is not None  # the text reader is always registered
    try:
        decoded = reader.read(path.read_bytes())
    except Unreadable as exc:
        raise CorpusError(f"{path}: {exc}") from None
    except OSError as exc:
        raise CorpusError(f"{path}: can't be read ({exc.strerror or exc})") from None
    joined: Table | None = None
    if catalog_path is not None:
        table = load_table(catalog_bytes(catalog_path), str(catalog_path), catalog_path.name)
        if on is not None or table.joins_by_fields:
            joined = table
    elif on is not None:
        raise CorpusError(f"{path}: catalog_on needs catalog=... naming the table to join")
    beside = path.parent / CATALOG_NAME
    if (catalog_path is None or joined is not None) and beside.is_file() \
            and not (catalog_path is not None and same_file(beside, catalog_path)):
        catalog_path = beside
    elif joined is not None:
        catalog_path = None
    row = None
    if catalog_path is not None:
        rows = read_catalog(catalog_bytes(catalog_path), str(catalog_path))
        base = catalog_path.parent
        siblings = [p.relative_to(base).as_posix() for p in base.rglob("*") if p.is_file()]
        row = match_catalog(rows, siblings, str(catalog_path)).get(name)
    doc = document(name, reader.kind, decoded, fields, row)
    summary = None
    if joined is not None:
        summary = join(joined, join_pairs(joined, on, [doc], list(fields)), [doc])
    names = [n for n in (str(catalog_path) if row else None, joined.label if joined is not None else None) if n]
    return LoadResult([doc], [], str(path.parent), "; ".join(names) or None, summary)


def same_file(a: Path, b: Path) -> bool:
    """Are these the same file on disk (False when either can't be resolved)?"""
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return False


def document(rel: str, kind: str, decoded: Decoded, fields: dict[str, str] | None,
             row: CatalogRow | None) -> RawDocument:
    """A document read from a file of kind ``kind``, with its filename fields and catalog row as metadata."""
    meta: dict[str, Any] = {}
    origin: dict[str, str] = {}
    notes = list(decoded.notes)
    for k, v in (fields or {}).items():
        meta[field_name(k, "filename")], origin[field_name(k, "filename")] = v, "filename"
    if fields:
        derived = date_from_fields(fields)
        if derived:
            meta["date"], meta["date_precision"] = derived
            origin["date"] = origin["date_precision"] = "filename"
        elif any(k in fields for k in ("date", "year")):
            notes.append(f"filename date fields {fields} do not form a date")
    if row is not None:
        for k, v in row.meta.items():
            meta[k], origin[k] = v, "catalog"
    read_as = content_kind(kind, decoded.text)
    if read_as != kind:
        notes.append("HTML content in a non-HTML file")
    doc_id = row.id if row is not None and row.id else str(PurePosixPath(rel).with_suffix(""))
    return RawDocument(doc_id, rel, decoded.text, read_as, meta, origin, decoded.encoding, notes)


def check_ids(docs: list[RawDocument], catalog_name: str | None) -> None:
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
        raise (CatalogError if catalog_name else CorpusError)(
            f"{catalog_name or 'corpus'}: duplicate document id(s): {files}")


# ---------------------------------------------------------------------- tables


def read_table(path: Path, text_column: str | None, id_column: str | None,
               catalog_path: Path | None) -> LoadResult:
    """One document per row of a table a registered table reader reads (see :func:`lavrovkit.readers.read_corpus`)."""
    if path.name.lower() == CATALOG_NAME:
        hint = f" ({CATALOG_NAME} is a catalog: give the folder that holds it and the files it lists)"
    else:
        hint = ""
    frame, encoding, notes = table_frame(path)
    if frame.empty:
        raise CorpusError(f"{path}: the table has no rows")
    text_col = find_column(frame, text_column, TEXT_COLUMNS, "text_column", path)
    if text_col is None:
        raise CorpusError(f"{path}: no text column (looked for {', '.join(TEXT_COLUMNS)}); its columns are: "
                          f"{', '.join(map(str, frame.columns))}. Name it with text_column=...{hint}")
    id_col = find_column(frame, id_column, ID_COLUMNS, "id_column", path)
    if id_col == text_col:
        id_col = None
    by_id = table_catalog(catalog_path) if catalog_path is not None else {}
    docs: list[RawDocument] = []
    skipped: list[dict[str, str]] = []
    for i, rec in enumerate(frame.to_dict("records"), start=1):
        file = f"{path.name}#row={i}"
        text = cell(rec.get(text_col))
        if text is None or not text.strip():
            skip(skipped, file, f"no text in column {text_col!r}")
            continue
        doc_id = cell(rec.get(id_col)) if id_col else f"row-{i:05d}"
        if not doc_id or not doc_id.strip():
            raise CorpusError(f"{path}: row {i}: empty id in column {id_col!r}")
        meta = {field_name(k, "table"): v for k, v in ((k, cell(v)) for k, v in rec.items()
                                                        if k not in (text_col, id_col))
                if v is not None and v.strip()}
        try:
            meta = normalise_date(meta)
        except ValueError as exc:
            raise CorpusError(f"{path}: row {i} (id {doc_id}): {exc}") from None
        origin = dict.fromkeys(meta, "table")
        if (row := by_id.pop(doc_id.strip(), None)) is not None:
            meta.update(row.meta)
            origin.update(dict.fromkeys(row.meta, "catalog"))
        raw = text.replace("\r\n", "\n").replace("\r", "\n").removeprefix("\ufeff")
        docs.append(RawDocument(doc_id.strip(), file, raw, content_kind("text", raw, cell=True), meta, origin,
                                encoding, list(notes)))
    if by_id:
        first = min(by_id.values(), key=lambda r: r.row)
        raise CatalogError(f"{catalog_path}: row {first.row}: id {first.id!r} matches no row of {path.name}")
    counts = Counter(d.doc_id for d in docs)
    dups = sorted(i for i, n in counts.items() if n > 1)
    if dups:
        where = "; ".join(f"{i} ({', '.join(d.file for d in docs if d.doc_id == i)})" for i in dups[:10])
        raise CorpusError(f"{path}: duplicate id(s) in column {id_col!r}: {where}")
    if not docs:
        raise CorpusError(f"{path}: no rows with text" + skipped_summary(skipped))
    return LoadResult(docs, skipped, str(path.parent), str(catalog_path) if catalog_path else None)


def table_frame(path: Path) -> tuple[pd.DataFrame, str, list[str]]:
    """The table as a DataFrame (all CSV cells as strings), its encoding and decoding notes."""
    reader = reader_for(path.name, "table")
    if reader is None:
        raise CorpusError(f"{path}: not a table this kit reads")
    try:
        data = reader.read(path)
    except CorpusError:
        raise
    except Exception as exc:  # pandas/pyarrow raise many kinds for malformed input
        raise CorpusError(f"{path}: not a readable {path.suffix.lstrip('.').upper()} table ({exc})") from exc
    return data.frame, data.encoding, data.notes


def find_column(frame: pd.DataFrame, given: str | None, names: Iterable[str], option: str,
                where: str | os.PathLike[str] = "the table") -> str | None:
    """The column named ``given`` (case aside), else the first of ``names`` the table has, else None.

    >>> find_column(pd.DataFrame({"id": [1], "Post": ["..."]}), "post", ["text"], "text_column")
    'Post'
    """
    columns = {str(c).strip().lower(): c for c in frame.columns}
    if given is not None:
        if given in frame.columns:
            return given
        if given.strip().lower() in columns:
            return str(columns[given.strip().lower()])
        raise CorpusError(f"{where}: {option}={given!r} is not a column; its columns are: "
                          f"{', '.join(map(str, frame.columns))}")
    return next((columns[n] for n in names if n in columns), None)


def cell(value: Any) -> str | None:
    """A table cell as a string (None when missing): integral floats lose ``.0``, timestamps become ISO.

    >>> cell(2019.0), cell(float("nan")), cell(pd.Timestamp("2019-02-24")), cell(["a", 1])
    ('2019', None, '2019-02-24', '["a", 1]')
    """
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


