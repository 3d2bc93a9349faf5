"""Where the kit keeps what it has computed, and how: Parquet shards keyed per document.

A :class:`ShardCache` is one folder of Parquet *shards*. Every table in it has
a ``key`` column (a document's cache key, e.g. the SHA-256 of its cleaned
text); a shard holds several documents' rows of every table, plus a
``.keys.parquet`` file, written last, that lists its documents and marks the
shard complete. Files are written to a temporary name and renamed into place,
so an interrupted run leaves whole shards or none. The same layout serves the
spaCy annotation (sentences, tokens, entities), speaker attribution and theme
hits; any Parquet reader (pyarrow, Dask, DuckDB) can read a folder directly.

>>> import pyarrow as pa, tempfile
>>> c = ShardCache(tempfile.mkdtemp(), {"rows": pa.schema([("key", pa.string()), ("n", pa.int32())])})
>>> _ = c.write({"rows": pd.DataFrame({"key": ["a", "a", "b"], "n": [1, 2, 3]})}, ["a", "b"])
>>> c.read(["b"])["rows"]["n"].tolist()
[3]
"""

from __future__ import annotations

import hashlib
import os
import uuid
from collections.abc import Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

KEYS_SCHEMA = pa.schema([("key", pa.string())])
#: More shards than this are merged into one (see :meth:`ShardCache.compact`).
COMPACT_AT = 16


def cache_root(cache_dir: str | os.PathLike[str] | None = None) -> Path:
    """Where caches live: ``cache_dir``, ``$LAVROVKIT_CACHE`` or ``~/.cache/lavrovkit``."""
    if cache_dir:
        return Path(cache_dir)
    env = os.environ.get("LAVROVKIT_CACHE")
    if env:
        return Path(env)
    return Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "lavrovkit"


def digest(*parts: object, length: int = 16) -> str:
    """A short SHA-256 of ``parts`` (joined by NUL): the cache's way of naming inputs."""
    h = hashlib.sha256()
    for part in parts:
        h.update(str(part).encode("utf-8", "surrogatepass"))
        h.update(b"\0")
    return h.hexdigest()[:length]


def write_parquet(table: pd.DataFrame | pa.Table, path: Path, schema: pa.Schema | None = None) -> None:
    """Write ``table`` to ``path`` atomically (temporary name, then rename); zstd-compressed."""
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    try:
        if isinstance(table, pd.DataFrame):
            frame = table[schema.names] if schema is not None else table
            arrow = pa.Table.from_pandas(frame, schema=schema, preserve_index=False)
        else:
            arrow = table
        pq.write_table(arrow, tmp, compression="zstd", row_group_size=1 << 20)
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()


@dataclass
class ShardCache:
    """A folder of Parquet shards holding per-document rows of the tables named in ``schemas``."""

    folder: Path | str
    schemas: Mapping[str, pa.Schema]
    _index: dict[str, str] | None = field(default=None, repr=False)
    _listed: dict[str, int] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self.folder = Path(self.folder)

    @property
    def path(self) -> Path:
        return Path(self.folder)

    def keys(self) -> dict[str, str]:
        """Which document keys does the folder hold, and in which shard (first shard wins)?"""
        found: dict[str, str] = {}
        self._listed = {}
        if not self.path.is_dir():
            return found
        for path in sorted(self.path.glob("shard-*.keys.parquet")):
            shard = path.name[: -len(".keys.parquet")]
            try:
                keys = pq.read_table(path).column("key").to_pylist()
            except (OSError, pa.ArrowInvalid):
                continue  # unreadable keys file: treat the shard as absent
            self._listed[shard] = len(keys)
            for key in keys:
                found.setdefault(key, shard)
        self._index = found
        return found

    def write(self, tables: Mapping[str, pd.DataFrame | pa.Table], keys: Sequence[str]) -> str:
        """Write one shard for ``keys`` atomically; its keys file, written last, marks it complete."""
        self.path.mkdir(parents=True, exist_ok=True)
        shard = "shard-" + hashlib.sha1("\n".join(sorted(keys)).encode()).hexdigest()[:16] + "-" + uuid.uuid4().hex[:6]
        for name, schema in self.schemas.items():
            write_parquet(tables[name], self.path / f"{shard}.{name}.parquet", schema)
        write_parquet(pd.DataFrame({"key": list(keys)}), self.path / f"{shard}.keys.parquet", KEYS_SCHEMA)
        self._index = None
        return shard

    def read_arrow(self, keys: Iterable[str]) -> dict[str, pa.Table]:
        """The rows of ``keys`` in every table, as Arrow tables ordered by ``keys`` (rows of a key keep their order)."""
        order = list(dict.fromkeys(keys))
        index = self._index if self._index is not None else self.keys()
        by_shard: dict[str, list[str]] = {}
        for key in order:
            if key in index:
                by_shard.setdefault(index[key], []).append(key)
        shards = sorted(by_shard)
        out: dict[str, pa.Table] = {}
        for name, schema in self.schemas.items():
            def one(shard: str, name: str = name, schema: pa.Schema = schema) -> pa.Table:
                table = pq.read_table(self.path / f"{shard}.{name}.parquet", schema=schema)
                if len(by_shard[shard]) < self._listed.get(shard, 0):  # only some of its documents wanted
                    wanted = pa.array(by_shard[shard], type=pa.string())
                    table = table.filter(pc.is_in(table.column("key"), value_set=wanted))
                return table

            with ThreadPoolExecutor(max_workers=min(4, max(1, len(shards)))) as pool:
                parts = list(pool.map(one, shards))
            table = pa.concat_tables(parts) if parts else schema.empty_table()
            out[name] = _order_by_key(table, order)
        return out

    def shards(self) -> list[str]:
        """The complete shards in the folder (those with a keys file)."""
        self.keys()
        return sorted(self._listed)

    def compact(self, order: Iterable[str] = (), at: int = COMPACT_AT) -> bool:
        """Merge the shards into one when there are more than ``at``: rows in ``order`` (then the rest).

        Reading one large file is several times faster than many small ones,
        and rows already in the corpus's order need no reordering. The merged
        shard is complete before the old ones are removed (keys file first),
        so a reader sees every document throughout. Returns whether it merged.
        """
        shards = self.shards()
        if len(shards) <= at:
            return False
        index = self._index or {}
        keys = [k for k in dict.fromkeys(order) if k in index]
        keys += [k for k in index if k not in set(keys)]
        tables = self.read_arrow(keys)
        self.write(tables, keys)
        for shard in shards:
            for name in ("keys", *self.schemas):
                (self.path / f"{shard}.{name}.parquet").unlink(missing_ok=True)
        self._index = None
        return True

    def read(self, keys: Iterable[str]) -> dict[str, pd.DataFrame]:
        """The rows of ``keys`` in every table, as DataFrames ordered by ``keys``."""
        return {name: table.to_pandas() for name, table in self.read_arrow(keys).items()}


def _order_by_key(table: pa.Table, order: list[str]) -> pa.Table:
    """Reorder rows so documents follow ``order``, each document's rows kept as they are.

    A document's rows are contiguous in its shard, so whole runs are moved
    (zero-copy slices, one concatenation) rather than gathering row by row.
    """
    if table.num_rows == 0:
        return table
    position = pc.index_in(table.column("key"), value_set=pa.array(order, type=pa.string()))
    position = position.to_numpy(zero_copy_only=False) if isinstance(position, pa.Array) else \
        np.concatenate([c.to_numpy(zero_copy_only=False) for c in position.chunks])
    if np.all(position[1:] >= position[:-1]):
        return table
    starts = np.concatenate([[0], np.flatnonzero(position[1:] != position[:-1]) + 1])
    ends = np.append(starts[1:], len(position))
    runs = np.argsort(position[starts], kind="stable")
    return pa.concat_tables([table.slice(int(starts[i]), int(ends[i] - starts[i])) for i in runs])
