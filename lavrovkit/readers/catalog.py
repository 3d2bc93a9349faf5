"""The metadata a corpus declares beside its files: ``catalog.csv`` rows, filename patterns, ``catalog_on``.

A catalog is a CSV table with a ``file`` and/or ``id`` column; each row gives
the metadata of the file it names. A catalog that can't be read or used (bad
encoding, malformed CSV, no permission, a bad date, a duplicate or a file that
does not exist) is a :class:`CatalogError` naming the file and the row.

>>> rows = read_catalog(b"file,date,source\\n002.txt,2016-08,TASS\\n", "catalog.csv")
>>> rows[0].file, rows[0].meta
('002.txt', {'date': '2016-08-01', 'source': 'TASS', 'date_precision': 'month'})
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import pandas as pd

from lavrovkit.errors import CatalogError, CorpusError
from lavrovkit.meta import parse_date
from lavrovkit.readers.base import PRECISIONS, field_name, suffixes
from lavrovkit.readers.tables import csv_frame


@dataclass
class CatalogRow:
    """One catalog row: its 1-based data row number, the id and file it names, and its metadata."""

    row: int
    id: str
    file: str
    meta: dict[str, str]


def read_bytes(read: Callable[[], bytes], name: str) -> bytes:
    """A catalog's bytes; :class:`CatalogError` naming it when it can't be read (permission, a folder, ...)."""
    try:
        return read()
    except OSError as exc:
        raise CatalogError(f"{name}: the catalog can't be read ({exc.strerror or exc})") from None


def catalog_bytes(path: Path) -> bytes:
    """The bytes of a catalog file on disk (see :func:`read_bytes`)."""
    return read_bytes(path.read_bytes, str(path))


def read_catalog(data: bytes, name: str) -> list[CatalogRow]:
    """Rows of a catalog, dates checked and normalised; raises :class:`CatalogError` naming the catalog and row."""
    frame = csv_frame(data, name, error=CatalogError)
    frame.columns = [str(c).strip().lower() for c in frame.columns]
    return catalog_rows(frame, name)


def catalog_rows(frame: pd.DataFrame, name: str) -> list[CatalogRow]:
    """Rows of a catalog already read (columns lower-case, cells as text); see :func:`read_catalog`."""
    if "file" not in frame.columns and "id" not in frame.columns:
        raise CatalogError(f"{name}: a catalog needs a 'file' or an 'id' column; its columns are: "
                           f"{', '.join(frame.columns) or '(none)'} (a table without them can be joined by "
                           "filename-pattern fields: give a pattern and catalog_on='field=column,...')")
    rows = []
    for i, rec in enumerate(frame.to_dict("records"), start=1):
        values = {k if k in ("id", "file") else field_name(k, "catalog"): str(v).strip()
                  for k, v in rec.items() if v is not None and str(v).strip()}
        if not values:
            continue
        doc_id, file = values.pop("id", ""), values.pop("file", "")
        if not doc_id and not file:
            raise CatalogError(f"{name}: row {i} names neither a file nor an id")
        try:
            meta = normalise_date(values)
        except ValueError as exc:
            raise CatalogError(f"{name}: row {i}" + (f" (id {doc_id})" if doc_id else f" ({file})")
                               + f": {exc}") from None
        rows.append(CatalogRow(i, doc_id, file.removeprefix("./"), meta))
    for key in ("id", "file"):
        seen = Counter(getattr(r, key) for r in rows if getattr(r, key))
        dups = sorted(v for v, n in seen.items() if n > 1)
        if dups:
            where = "; ".join(f"{v} (rows {', '.join(str(r.row) for r in rows if getattr(r, key) == v)})" for v in dups)
            raise CatalogError(f"{name}: duplicate {key}(s) in the catalog: {where}")
    return rows


def match_catalog(rows: list[CatalogRow], rels: list[str], name: str) -> dict[str, CatalogRow]:
    """Catalog rows by the member they describe; a row naming no existing file or id is a :class:`CatalogError`."""
    rel_set = set(rels)
    by_name: dict[str, list[str]] = {}
    by_id: dict[str, list[str]] = {}
    for rel in rels:
        p = PurePosixPath(rel)
        by_name.setdefault(p.name, []).append(rel)
        by_id.setdefault(str(p.with_suffix("")), []).append(rel)
        by_id.setdefault(p.stem, []).append(rel)
    documents = suffixes("document")
    out: dict[str, CatalogRow] = {}
    for row in rows:
        if row.file:
            found = row.file if row.file in rel_set else _unique(by_name.get(PurePosixPath(row.file).name, []))
            if found is None:
                raise CatalogError(f"{name}: row {row.row}: file {row.file!r} does not exist in the corpus")
        else:
            found = _unique([r for r in by_id.get(row.id, []) if r.lower().endswith(documents)])
            if found is None:
                raise CatalogError(f"{name}: row {row.row}: id {row.id!r} matches no file (or several); "
                                   "add a 'file' column")
        if found in out:
            raise CatalogError(f"{name}: rows {out[found].row} and {row.row} both describe {found}")
        out[found] = row
    return out


def table_catalog(catalog_path: Path) -> dict[str, CatalogRow]:
    """A catalog for a table corpus: rows by id (a table has no files to name)."""
    rows = read_catalog(catalog_bytes(catalog_path), str(catalog_path))
    for r in rows:
        if not r.id:
            raise CatalogError(f"{catalog_path}: row {r.row}: a catalog for a table needs an id in every row")
    return {r.id: r for r in rows}


def _unique(items: list[str]) -> str | None:
    items = list(dict.fromkeys(items))
    return items[0] if len(items) == 1 else None


# ---------------------------------------------------------------------- dates


def normalise_date(values: dict[str, str]) -> dict[str, str]:
    """Metadata with ``date`` as ISO ``YYYY-MM-DD`` and ``date_precision`` set; :class:`CorpusError` for a bad date.

    >>> normalise_date({"date": "2016-08"})
    {'date': '2016-08-01', 'date_precision': 'month'}
    """
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
    elif derived := date_from_fields(out):
        out["date"], out["date_precision"] = derived
    elif given:
        out["date_precision"] = given
    return out


def date_from_fields(fields: Mapping[str, str]) -> tuple[str, str] | None:
    """A date from ``date`` or ``year`` (+ ``month`` (+ ``day``)) fields: ``(ISO, precision)`` or None.

    >>> date_from_fields({"year": "2019", "month": "Sep"})
    ('2019-09-01', 'month')
    """
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


# ---------------------------------------------------------------------- filename patterns, catalog_on


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


def pattern_fields(regex: re.Pattern[str], rel: str) -> dict[str, str] | None:
    """The pattern's fields for a file (matched on the relative path if the pattern has a ``/``), or None.

    >>> pattern_fields(parse_pattern("{country}_{session}_{year}"), "2019/SWE_74_2019.txt")
    {'country': 'SWE', 'session': '74', 'year': '2019'}
    """
    target = rel if "/" in regex.pattern.replace("[^/]", "") else PurePosixPath(rel).name
    stem = str(PurePosixPath(target).with_suffix(""))
    tries = (target, stem) if "\\." in regex.pattern else (stem, target)  # no '.' in the pattern: the stem first
    m = regex.fullmatch(tries[0]) or regex.fullmatch(tries[1])
    return None if m is None else {k: v for k, v in m.groupdict().items() if v is not None}


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
