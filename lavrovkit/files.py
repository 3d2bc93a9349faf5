"""Atomic file writes: a reader sees the old file or the new one, never half of one.

Example
-------
>>> import pandas as pd, tempfile, pathlib
>>> out = pathlib.Path(tempfile.mkdtemp()) / "docs.csv"
>>> write_table(pd.DataFrame({"doc_id": ["000"]}), out).name
'docs.csv'
>>> out.read_text().splitlines()
['doc_id', '000']
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd

from lavrovkit.errors import OutputFormatError  # noqa: F401  (re-exported)

TABLE_FORMATS = (".csv", ".parquet", ".jsonl", ".json")



def atomic_write(path: str | os.PathLike[str], write: Callable[[Path], Any]) -> Path:
    """Call ``write(tmp_path)`` on a temporary file beside ``path``, then rename it into place."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        write(tmp)
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600 files; a report should read like any other file
        os.replace(tmp, target)
    finally:
        if tmp.exists():
            tmp.unlink()
    return target


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def atomic_write_text(path: str | os.PathLike[str], text: str) -> Path:
    """Write ``text`` (UTF-8) to ``path`` atomically."""
    return atomic_write(path, lambda tmp: tmp.write_text(text, encoding="utf-8"))


def atomic_write_bytes(path: str | os.PathLike[str], data: bytes) -> Path:
    """Write ``data`` to ``path`` atomically."""
    return atomic_write(path, lambda tmp: tmp.write_bytes(data))


def write_table(df: pd.DataFrame, path: str | os.PathLike[str]) -> Path:
    """Write a DataFrame atomically in the format its extension names (.csv, .parquet, .jsonl).

    Raises :class:`OutputFormatError` naming the file for any other extension.
    """
    target = Path(path)
    ext = target.suffix.lower()
    if ext == ".csv":
        return atomic_write(target, lambda tmp: df.to_csv(tmp, index=False))
    if ext == ".parquet":
        return atomic_write(target, lambda tmp: df.to_parquet(tmp, index=False))
    if ext in (".jsonl", ".json"):
        return atomic_write(
            target,
            lambda tmp: df.to_json(tmp, orient="records", lines=ext == ".jsonl", force_ascii=False, date_format="iso"),
        )
    raise OutputFormatError(f"{target}: unknown output format {ext or '(none)'!r}; use one of {', '.join(TABLE_FORMATS)}")
