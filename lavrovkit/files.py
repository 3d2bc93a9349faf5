"""Atomic file writes: a reader sees the old file or the new one, never half of one.

The kit's one home for write-to-a-temporary-name-then-rename: :func:`atomic_write`
(a file), :func:`atomic_create` (a file only one writer may create: the first one
wins), :func:`atomic_folder` (a whole folder), and the text/bytes/table shorthands.

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
import shutil
import tempfile
import uuid
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


def atomic_create(path: str | os.PathLike[str], write: Callable[[Path], Any]) -> bool:
    """Create ``path`` with ``write(tmp_path)`` unless it exists: did this call create it?

    The finished temporary file is hard-linked into place, which fails when
    ``path`` already exists, so of several processes writing the same file at
    once exactly one wins; the others' copies are discarded (False). On a file
    system without hard links an existing file is still kept, with a small race.

    >>> import tempfile, pathlib
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "shard.keys"
    >>> atomic_create(target, lambda tmp: tmp.write_text("first")), atomic_create(target, lambda tmp: tmp.write_text("second"))
    (True, False)
    >>> target.read_text()
    'first'
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.exists():
        return False
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        write(tmp)
        os.chmod(tmp, 0o666 & ~_umask())
        try:
            os.link(tmp, target)
        except FileExistsError:
            return False
        except OSError:  # no hard links here (some network or FUSE file systems)
            if target.exists():
                return False
            os.replace(tmp, target)
        return True
    finally:
        if tmp.exists():
            tmp.unlink()


def atomic_folder(path: str | os.PathLike[str], write: Callable[[Path], Any]) -> Path:
    """Fill a temporary folder beside ``path`` with ``write(tmp_folder)``, then put it in place whole.

    A reader sees the old folder, the new one, or (for a moment while an old
    one is swapped out) none; never a half-written one. An interrupted or
    failed ``write`` leaves ``path`` as it was and no temporary folder.

    >>> import tempfile, pathlib
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "snapshot"
    >>> _ = atomic_folder(out, lambda tmp: (tmp / "a.txt").write_text("one"))
    >>> _ = atomic_folder(out, lambda tmp: (tmp / "b.txt").write_text("two"))
    >>> sorted(p.name for p in out.iterdir())
    ['b.txt']
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.{uuid.uuid4().hex}.tmp")
    old = target.with_name(f".{target.name}.{uuid.uuid4().hex}.old")
    try:
        tmp.mkdir()
        write(tmp)
        try:
            os.replace(tmp, target)  # fine when target is absent or an empty folder
        except OSError:
            os.replace(target, old)  # a full folder can't be replaced: move it aside first
            os.replace(tmp, target)
    finally:
        for leftover in (tmp, old):
            if leftover.exists():
                shutil.rmtree(leftover, ignore_errors=True)
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
