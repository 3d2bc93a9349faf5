"""Tables as DataFrames: CSV, TSV, JSONL, JSON and Parquet readers, every CSV cell as text.

CSV files are checked record by record before pandas reads them, so a
malformed file stops with a :class:`CorpusError` naming the file, the row and
its line instead of loading shifted or merged rows:

- a row with more cells than the header (pandas would take the first column
  as the index and shift every value one column left);
- a stray quote that opens a cell and closes on a later line, which merges
  the rows between into one cell (a quote that closes cleanly, at the end of
  a later cell, gives a well-formed record: when lines inside its cell look
  like rows - the header's number of cells, a first cell shaped like the
  other rows' ids or file names - a :class:`CorpusWarning` names the row).

>>> csv_frame("id,text\\n1,Lavrov said\\n", "t.csv").to_dict("records")
[{'id': '1', 'text': 'Lavrov said'}]
>>> csv_frame("id,text\\n1,Lavrov said, no\\n", "t.csv")
Traceback (most recent call last):
...
lavrovkit.errors.CorpusError: t.csv: row 1 (line 2) has 3 cells, the header has 2 (id, text): quote a cell that holds ',' ("like, this")
"""

from __future__ import annotations

import csv
import io
import json
import re
import warnings
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from lavrovkit.errors import CorpusError, CorpusWarning
from lavrovkit.readers.base import register
from lavrovkit.readers.decode import Unreadable, decode_text

#: Share of the rows whose first cell has one shape (digits, letters, punctuation) that makes a line inside
#: a cell with that shape and the header's number of cells look like a row merged into it by a stray quote.
ROW_SHAPE_SHARE = 0.8


@dataclass
class TableData:
    """A table as read: its rows (every CSV cell as text), the text encoding and decoding notes."""

    frame: pd.DataFrame
    encoding: str
    notes: list[str]


def csv_frame(data: bytes | str, name: str, sep: str = ",", error: type[CorpusError] = CorpusError) -> pd.DataFrame:
    """A CSV (``sep=","``) or TSV text as a DataFrame of strings; ``error`` naming the file (and row) if unusable.

    Rows are numbered as data records (the header is not counted; a quoted
    cell over several lines is one record); lines are physical lines of the file.
    """
    if isinstance(data, bytes):
        try:
            data = decode_text(data).text
        except Unreadable as exc:
            raise error(f"{name}: {exc}") from None
    width = check_csv_rows(data, name, sep, error)
    try:
        with warnings.catch_warnings():  # empty trailing cells beyond the header are dropped (checked above)
            warnings.simplefilter("ignore", pd.errors.ParserWarning)
            return pd.read_csv(io.StringIO(data), dtype=str, keep_default_na=False, sep=sep, index_col=False,
                               usecols=range(width) if width else None)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, ValueError) as exc:
        raise error(f"{name}: not a readable CSV file ({exc})") from exc


def _shape(value: str) -> str:
    """A cell's shape: letters as ``a``, digits as ``9``, runs collapsed (``"SWE_74"`` → ``"a_9"``)."""
    return re.sub(r"(.)\1+", r"\1", re.sub(r"\d", "9", re.sub(r"[^\W\d_]", "a", value.strip())))


def _distinctive(shape: str) -> bool:
    """Is a first-cell shape specific enough to recognise a row by (an id or file name, not a word)?"""
    return not re.search(r"\s", shape) and bool(re.search(r"[9._/-]", shape))


def check_csv_rows(text: str, name: str, sep: str = ",", error: type[CorpusError] = CorpusError) -> int | None:
    """Stop with ``error`` at a row with more cells than the header or rows merged by a stray quote (warn when
    a well-formed quoted cell holds lines shaped like rows).

    Answers the header's width when some row has empty cells beyond it (to be
    dropped), else None.

    >>> check_csv_rows('id,text\\n1,"Lavrov said\\n2,Moscow\\n3,"Kerry said"\\n', "t.csv")
    Traceback (most recent call last):
    ...
    lavrovkit.errors.CorpusError: t.csv: row 1 (lines 2-4): a quote opened on line 2 closes on a later line, merging the rows between into one cell; a '"' inside a cell must be doubled ("") or the whole cell quoted
    """
    lines = text.split("\n")
    reader = csv.reader(io.StringIO(text), delimiter=sep)
    header: list[str] | None = None
    row = 0
    shapes: Counter[str] = Counter()
    spanning: list[tuple[int, int, int, list[str]]] = []   # row, first line, last line, cells
    wide = False
    while True:
        start = reader.line_num + 1
        try:
            rec = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            raise error(f"{name}: row {row + 1} (line {start}): not a readable CSV row ({exc})") from None
        if not rec or (len(rec) == 1 and not rec[0].strip()):
            continue  # blank lines are skipped, as pandas does
        if header is None:
            header = rec
            continue
        row += 1
        end = reader.line_num
        n = len(header)
        wide = wide or len(rec) > n
        if len(rec) > n and any(c.strip() for c in rec[n:]):
            raise error(f"{name}: row {row} (line {start}) has {len(rec)} cells, the header has {n} "
                        f"({', '.join(header[:8])}{', ...' if n > 8 else ''}): quote a cell that holds "
                        + (f"'{sep}'" if sep != "\t" else "a tab") + (' ("like, this")' if sep == "," else ""))
        if end > start:
            spanning.append((row, start, end, rec))
        else:
            shapes[_shape(rec[0])] += 1
    if header is None:
        return None
    common = shapes.most_common(1)
    dominant = common[0][0] if common and common[0][1] >= max(2, ROW_SHAPE_SHARE * sum(shapes.values())) else None
    for row, start, end, rec in spanning:
        raw = "\n".join(lines[start - 1:end])
        try:
            whole = len(list(csv.reader(io.StringIO(raw), delimiter=sep, strict=True))) == 1
        except csv.Error:
            whole = False
        if not whole:
            raise error(f"{name}: row {row} (lines {start}-{end}): a quote opened on line {start} closes on a "
                        "later line, merging the rows between into one cell; a '\"' inside a cell must be doubled "
                        "(\"\") or the whole cell quoted")
        first = dominant if dominant is not None else _shape(rec[0])
        if not _distinctive(first):
            continue
        inside = [line for c in rec for line in c.split("\n")[1:]
                  if len(cells := next(csv.reader([line], delimiter=sep), [])) == len(header)
                  and _shape(cells[0]) == first]
        if inside:
            warnings.warn(f"{name}: row {row} (lines {start}-{end}): a quoted cell holds {len(inside)} line(s) "
                          f"shaped like rows of the table, e.g. {inside[0][:60]!r}: a stray quote may have merged "
                          "rows into one; the row is read as written", CorpusWarning, stacklevel=3)
    return len(header) if wide else None


def _decoded(path: Path) -> tuple[str, str, list[str]]:
    try:
        decoded = decode_text(path.read_bytes())
    except Unreadable as exc:
        raise CorpusError(f"{path}: {exc}") from None
    return decoded.text, decoded.encoding, decoded.notes


@register("csv", suffixes=(".csv",), role="table")
def read_csv_table(path: Path) -> TableData:
    """A comma-separated table (see :func:`csv_frame`)."""
    text, encoding, notes = _decoded(path)
    return TableData(csv_frame(text, str(path)), encoding, notes)


@register("tsv", suffixes=(".tsv",), role="table")
def read_tsv_table(path: Path) -> TableData:
    """A tab-separated table (see :func:`csv_frame`)."""
    text, encoding, notes = _decoded(path)
    return TableData(csv_frame(text, str(path), sep="\t"), encoding, notes)


def _json_problem(text: str, lines: bool) -> str | None:
    """Where JSON text is malformed: ``"line 3: ..."``, or None if each record parses."""
    if not lines:
        try:
            json.loads(text)
        except json.JSONDecodeError as exc:
            return f"line {exc.lineno}, column {exc.colno}: {exc.msg}"
        return None
    for i, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError as exc:
            return f"line {i}, column {exc.colno}: {exc.msg}"
        if not isinstance(value, dict):
            return f"line {i}: a JSON {type(value).__name__}, not an object (one object per line, e.g. " \
                   '{"id": "1", "text": "..."})'
    return None


def _json_table(path: Path, lines: bool) -> TableData:
    text, encoding, notes = _decoded(path)
    kind = "JSONL" if lines else "JSON"
    if problem := _json_problem(text, lines):
        raise CorpusError(f"{path}: not a readable {kind} table ({problem})")
    try:
        frame = pd.read_json(io.StringIO(text), lines=lines, dtype=False)
    except ValueError as exc:
        raise CorpusError(f"{path}: not a readable {kind} table ({exc})") from exc
    return TableData(frame, encoding, notes)


@register("jsonl", suffixes=(".jsonl", ".ndjson"), role="table")
def read_jsonl_table(path: Path) -> TableData:
    """One JSON object per line; a malformed line is a :class:`CorpusError` naming the file and the line."""
    return _json_table(path, lines=True)


@register("json", suffixes=(".json",), role="table")
def read_json_table(path: Path) -> TableData:
    """A JSON array of objects (or pandas' other JSON table layouts)."""
    return _json_table(path, lines=False)


@register("parquet", suffixes=(".parquet",), role="table")
def read_parquet_table(path: Path) -> TableData:
    """A Parquet table, columns with their stored types."""
    return TableData(pd.read_parquet(path), "utf-8", [])
