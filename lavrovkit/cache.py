"""Where the kit keeps what it has computed, and how: Parquet shards keyed per document.

A :class:`ShardCache` is one folder of Parquet *shards*. Every table in it has
a ``key`` column (a document's cache key, e.g. :func:`text_key` of its cleaned
text); a shard holds several documents' rows of every table, plus a
``.keys.parquet`` file, written last, that lists its documents and marks the
shard complete. Files are written to a temporary name and renamed into place
(:mod:`lavrovkit.files`), so an interrupted run leaves whole shards or none. The
same layout serves the spaCy annotation (sentences, tokens, entities), speaker
attribution and every derived table; any Parquet reader (pyarrow, Dask,
DuckDB) can read a folder directly.

The cache looks after itself:

* a shard's name is a digest of its keys and its keys file is created by one
  writer only (:func:`lavrovkit.files.atomic_create`), so two runs filling one
  cache at once store each shard once; a document in two shards is read from
  the first;
* a damaged or truncated file is dropped with its shard (a :class:`CacheWarning`
  names it) and :meth:`ShardCache.fill` computes those documents again; a file
  that can't be removed is a one-line :class:`CacheError` saying which folder
  to clear;
* a reader that finds a shard gone (merged meanwhile by :meth:`ShardCache.compact`
  in another process) lists the folder again and retries once.

Cache keys come from :func:`digest` (any values), :func:`code_digest` (the
source of the modules and data files a step depends on) and :func:`text_key`.

>>> import pyarrow as pa, tempfile
>>> c = ShardCache(tempfile.mkdtemp(), {"rows": pa.schema([("key", pa.string()), ("n", pa.int32())])})
>>> _ = c.write({"rows": pd.DataFrame({"key": ["a", "a", "b"], "n": [1, 2, 3]})}, ["a", "b"])
>>> c.read(["b"])["rows"]["n"].tolist()
[3]
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import warnings
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from lavrovkit.errors import CacheError, CacheWarning
from lavrovkit.files import atomic_create, atomic_write
from lavrovkit.version import __version__

KEYS_SCHEMA = pa.schema([("key", pa.string())])
#: More shards than this are merged into one (see :meth:`ShardCache.compact`).
COMPACT_AT = 16
#: How many times :meth:`ShardCache.fill` computes documents again after dropping damaged shards.
FILL_ATTEMPTS = 3
#: The package folder: :func:`code_digest` names modules and data files relative to it.
PACKAGE = Path(__file__).parent
#: The file in a cache folder that records what wrote it (see :func:`derived_record`, :func:`read_info`).
INFO_FILE = "info.json"


def cache_root(cache_dir: str | os.PathLike[str] | None = None) -> Path:
    """Where caches live: ``cache_dir``, ``$LAVROVKIT_CACHE`` or ``~/.cache/lavrovkit``."""
    if cache_dir:
        return Path(cache_dir)
    env = os.environ.get("LAVROVKIT_CACHE")
    if env:
        return Path(env)
    return Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "lavrovkit"


# --------------------------------------------------------------------------- keys


def hexdigest(data: str | bytes, length: int = 16, algorithm: str = "sha256") -> str:
    """The first ``length`` hex digits of the ``algorithm`` hash of ``data`` (text as UTF-8).

    >>> hexdigest("abc", 8)
    'ba7816bf'
    """
    raw = data.encode("utf-8", "surrogatepass") if isinstance(data, str) else data
    return hashlib.new(algorithm, raw).hexdigest()[:length]


def digest(*parts: object, length: int = 16) -> str:
    """A short SHA-256 of ``parts`` (each as ``str``, NUL after each): the cache's way of naming inputs.

    >>> digest("a", 1) == digest("a", "1") != digest("a1")
    True
    """
    h = hashlib.sha256()
    for part in parts:
        h.update(str(part).encode("utf-8", "surrogatepass"))
        h.update(b"\0")
    return h.hexdigest()[:length]


def text_key(text: str) -> str:
    """The cache key of a cleaned document text (SHA-256 hex, 32 chars).

    >>> text_key("Lavrov met Kerry.")[:8]
    '9ad40bcb'
    """
    return hexdigest(text, 32)


class CodeDigest(str):
    """A :func:`code_digest` value that remembers which modules and data files it digests.

    It *is* the digest string (equal, hashed, printed and digested as the plain
    string, so no key changes); :func:`derived_cache` reads ``sources`` when one
    is passed among a derived table's options, to record each of them in the
    folder's ``info.json``.

    >>> d = code_digest("cache", length=8)
    >>> d == str(d), d.sources, digest(d) == digest(str(d))
    (True, ('cache',), True)
    """

    sources: tuple[str, ...]

    def __new__(cls, value: str, sources: Iterable[str] = ()) -> CodeDigest:
        obj = super().__new__(cls, value)
        obj.sources = tuple(sources)
        return obj

    def __reduce__(self) -> tuple[type[CodeDigest], tuple[str, tuple[str, ...]]]:
        return (CodeDigest, (str(self), self.sources))


def source_name(source: str | ModuleType) -> str:
    """How a record names a code source: a module by its import name, a file or folder as given.

    >>> import lavrovkit.cache as c
    >>> source_name(c), source_name("data/actors.yaml")
    ('lavrovkit.cache', 'data/actors.yaml')
    """
    return source.__name__ if isinstance(source, ModuleType) else str(source)


def code_digest(*sources: str | ModuleType, length: int = 16, algorithm: str = "sha256") -> CodeDigest:
    """A digest of the source of the named modules and data files: what a cached step's code is.

    A source is a module of the kit (``"segment"``, ``"lavrovkit.segment"`` or
    the module object), a file or folder of the package (``"data/actors.yaml"``,
    ``"readers"``: every ``.py`` file under it) or an absolute path. When a
    step's code is split over several modules, name them all: a change to any
    one computes the step afresh. Sources are joined by NUL in the order given,
    so one source gives the hash of its bytes.

    >>> code_digest("cache", length=12) == hexdigest((PACKAGE / "cache.py").read_bytes(), 12)
    True
    """
    value = hexdigest(b"\0".join(_source_bytes(_source_path(s)) for s in sources), length, algorithm)
    return CodeDigest(value, (source_name(s) for s in sources))


def code_record(*sources: str | ModuleType) -> dict[str, str]:
    """Each source's own 12-digit :func:`code_digest` (what :func:`dependency_key` digests), by its name.

    Written into a cache folder's ``info.json`` so that housekeeping can tell,
    source by source, whether the code that wrote the folder is still the
    installed code (:mod:`lavrovkit.housekeeping`).

    >>> code_record("cache") == {"cache": code_digest("cache", length=12)}
    True
    """
    return {source_name(s): str(code_digest(s, length=12)) for s in sources}


def _source_path(source: str | ModuleType) -> Path:
    if isinstance(source, ModuleType):
        if not source.__file__:
            raise CacheError(f"code_digest: module {source.__name__} has no source file")
        return Path(source.__file__)
    name = source.removeprefix("lavrovkit.")
    candidates = [Path(name)] if os.path.isabs(name) else [PACKAGE / name, PACKAGE / f"{name.replace('.', '/')}.py"]
    for path in candidates:
        if path.exists():
            return path
    raise CacheError(f"code_digest: no module or file {source!r} in {PACKAGE}")


@functools.lru_cache(maxsize=256)
def _source_bytes(path: Path) -> bytes:
    """A file's bytes, or a folder's ``.py`` files (relative name, NUL, bytes each), read once per process."""
    if path.is_dir():
        files = sorted(p for p in path.rglob("*.py") if "__pycache__" not in p.parts)
        return b"\0".join(p.relative_to(path).as_posix().encode() + b"\0" + p.read_bytes() for p in files)
    return path.read_bytes()


def dependency_key(*, code: Iterable[str | ModuleType] = (), data: Iterable[str] = (),
                   options: Iterable[object] = ()) -> str:
    """The digest naming what a derived table depends on: ``options`` (any values), then each code module
    and data file by its own 12-digit :func:`code_digest`.

    >>> dependency_key(code=["cache"], options=["rules-v1"]) == digest("rules-v1", code_digest("cache", length=12))
    True
    """
    return digest(*options, *(code_digest(s, length=12) for s in (*code, *data)))


def row_keys(keys: Sequence[str], frame: pd.DataFrame | None = None, columns: Sequence[str] = ()) -> list[str]:
    """Each document's row key: its own key, and the values of ``columns`` of ``frame`` it depends on.

    >>> docs = pd.DataFrame({"date": ["2019-02-24", "2017-10-09"]})
    >>> row_keys(["k0", "k1"], docs, ["date"]) == [digest("k0", "2019-02-24"), digest("k1", "2017-10-09")]
    True
    """
    if not columns or frame is None:
        return list(keys)
    values = [frame[c].astype(str).tolist() for c in columns]
    return [digest(k, *vals) for k, *vals in zip(keys, *values, strict=True)]


def derived_cache(root: Path, name: str, schemas: Mapping[str, pa.Schema], base: str, *,
                  code: Iterable[str | ModuleType] = (), data: Iterable[str] = (),
                  options: Iterable[object] = ()) -> ShardCache:
    """The cache of a table derived from an annotation: ``<root>/<name>/<base>-<dependency_key>/``.

    ``base`` names what it is derived from (the annotation folder); ``code``,
    ``data`` and ``options`` what else it depends on (see :func:`dependency_key`).
    """
    code, data, options = list(code), list(data), list(options)
    key = dependency_key(code=code, data=data, options=options)
    cache = ShardCache(Path(root) / name / f"{base}-{key}", schemas,
                       info=derived_record(name, base, key, code=code, data=data, options=options))
    if cache.path.is_dir():
        cache.describe()  # a folder written before folders were described: the record is the same
    return cache


def derived_record(name: str, base: str, key: str, *, code: Iterable[str | ModuleType] = (),
                   data: Iterable[str] = (), options: Iterable[object] = ()) -> dict[str, object]:
    """What a derived cache folder's ``info.json`` says: its table, the annotation folder it derives from,
    the dependency key, each code module and data file with its own digest (those named in ``code`` and
    ``data``, and the sources of any :class:`CodeDigest` among ``options``), and a digest of the options.

    >>> rec = derived_record("theme_hits", "ann", "k", code=["cache"], options=["x", code_digest("files")])
    >>> sorted(rec["code"]), rec["options"] == digest("x", code_digest("files"))
    (['cache', 'files'], True)
    """
    options = list(options)
    sources: list[str | ModuleType] = [*code, *data]
    for value in _flatten(options):
        if isinstance(value, CodeDigest):
            sources.extend(value.sources)
    return {"table": name, "base": base, "key": key, "code": code_record(*dict.fromkeys(sources)),
            "options": digest(*options), "kit": __version__}


def _flatten(values: Iterable[object]) -> Iterable[object]:
    for value in values:
        if isinstance(value, (list, tuple)):
            yield from _flatten(value)
        else:
            yield value


def read_info(folder: str | os.PathLike[str]) -> dict[str, Any] | None:
    """The record in a cache folder's ``info.json``, or None when it has none (or it can't be read).

    >>> import tempfile
    >>> read_info(tempfile.mkdtemp()) is None
    True
    """
    try:
        info = json.loads((Path(folder) / INFO_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return info if isinstance(info, dict) else None


# --------------------------------------------------------------------------- files


def write_parquet(table: pd.DataFrame | pa.Table, path: Path, schema: pa.Schema | None = None) -> None:
    """Write ``table`` to ``path`` atomically (temporary name, then rename); zstd-compressed."""
    atomic_write(path, lambda tmp: pq.write_table(_arrow(table, schema), tmp, compression="zstd",
                                                  row_group_size=1 << 20))


def _arrow(table: pd.DataFrame | pa.Table, schema: pa.Schema | None) -> pa.Table:
    if isinstance(table, pd.DataFrame):
        frame = table[schema.names] if schema is not None else table
        return pa.Table.from_pandas(frame, schema=schema, preserve_index=False)
    return table


#: Errors of reading a damaged or truncated Parquet file (a vanished one is FileNotFoundError, handled apart).
READ_ERRORS = (OSError, pa.ArrowException)


def unreadable_not_damaged(path: Path, exc: BaseException) -> None:
    """Raise :class:`CacheError` when ``exc`` says the cache can't be *read* here (no permission, too many
    open files, an I/O error of the disk or share) rather than that the file is damaged; such a file is
    never removed. A damaged file (pyarrow's errors, an OSError without an errno) returns normally.

    >>> unreadable_not_damaged(Path("x.parquet"), pa.ArrowInvalid("Parquet magic bytes not found"))
    >>> unreadable_not_damaged(Path("x.parquet"), PermissionError(13, "Permission denied"))
    Traceback (most recent call last):
    ...
    lavrovkit.errors.CacheError: x.parquet: can't read this cache file ([Errno 13] Permission denied); ...
    """
    if isinstance(exc, OSError) and not isinstance(exc, pa.ArrowException) and exc.errno is not None:
        raise CacheError(f"{path}: can't read this cache file ({exc}); nothing was removed: check the "
                         f"permissions and the disk, or point LAVROVKIT_CACHE elsewhere") from exc


class DamagedShard(CacheError):
    """A shard's file could not be read; the shard has been dropped, so its documents can be computed again."""


@dataclass
class ShardCache:
    """A folder of Parquet shards holding per-document rows of the tables named in ``schemas``."""

    folder: Path | str
    schemas: Mapping[str, pa.Schema]
    _index: dict[str, str] | None = field(default=None, repr=False)
    _listed: dict[str, int] = field(default_factory=dict, repr=False)
    #: What wrote the folder, saved as its ``info.json`` when the folder is created (see :meth:`describe`).
    info: Mapping[str, object] | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        self.folder = Path(self.folder)

    @property
    def path(self) -> Path:
        return Path(self.folder)

    def describe(self) -> bool:
        """Save :attr:`info` as the folder's ``info.json`` unless it has one: did this call write it?

        Written once (:func:`lavrovkit.files.atomic_create`: of several writers
        one wins), so the record is never half a file and never rewritten.
        """
        if self.info is None or (self.path / INFO_FILE).exists():
            return False
        text = json.dumps(self.info, indent=2, sort_keys=True)
        return atomic_create(self.path / INFO_FILE, lambda tmp: tmp.write_text(text, encoding="utf-8"))

    @staticmethod
    def shard_name(keys: Iterable[str]) -> str:
        """The name of the shard of ``keys``: the same documents, the same shard, whoever writes it."""
        return "shard-" + hexdigest("\n".join(sorted(keys)), 16, "sha1")

    def keys(self) -> dict[str, str]:
        """Which document keys does the folder hold, and in which shard (first shard wins)?

        A keys file that can't be read is dropped with its shard (see :meth:`drop`).
        """
        found: dict[str, str] = {}
        self._listed = {}
        if not self.path.is_dir():
            self._index = found
            return found
        for path in sorted(self.path.glob("shard-*.keys.parquet")):
            shard = path.name[: -len(".keys.parquet")]
            try:
                keys = pq.read_table(path).column("key").to_pylist()
            except FileNotFoundError:
                continue  # merged and removed by another process meanwhile
            except (*READ_ERRORS, KeyError) as exc:
                unreadable_not_damaged(path, exc)
                self.drop(shard, path, exc)
                continue
            self._listed[shard] = len(keys)
            for key in keys:
                found.setdefault(key, shard)
        self._index = found
        return found

    def drop(self, shard: str, bad: Path, exc: BaseException) -> None:
        """Remove a damaged shard (keys file first, so it is never complete without its data) and warn."""
        reason = str(exc).splitlines()[0][:160] if str(exc) else type(exc).__name__
        warnings.warn(CacheWarning(f"{bad}: damaged cache file ({reason}); removed its shard, whose documents "
                                   "are computed again"), stacklevel=3)
        try:
            for name in ("keys", *self.schemas):
                (self.path / f"{shard}.{name}.parquet").unlink(missing_ok=True)
        except OSError as err:
            raise CacheError(f"{bad}: damaged cache file that can't be removed ({err.strerror}); "
                             f"clear the cache with `rm -r {self.path}`") from exc
        self._index = None

    def write(self, tables: Mapping[str, pd.DataFrame | pa.Table], keys: Sequence[str]) -> str:
        """Write one shard for ``keys``; its keys file, created last by one writer only, marks it complete.

        When another writer has completed the same shard meanwhile, its copy is
        kept and this one discarded (the same keys give the same rows).
        """
        self.path.mkdir(parents=True, exist_ok=True)
        self.describe()
        shard = self.shard_name(keys)
        keys_path = self.path / f"{shard}.keys.parquet"
        if not keys_path.exists():
            for name, schema in self.schemas.items():
                write_parquet(tables[name], self.path / f"{shard}.{name}.parquet", schema)
            frame = pd.DataFrame({"key": list(keys)})
            atomic_create(keys_path, lambda tmp: pq.write_table(_arrow(frame, KEYS_SCHEMA), tmp, compression="zstd"))
        self._index = None
        return shard

    def read_arrow(self, keys: Iterable[str]) -> dict[str, pa.Table]:
        """The rows of ``keys`` in every table, as Arrow tables ordered by ``keys`` (rows of a key keep their order).

        Keys the folder lacks have no rows. A shard removed meanwhile (merged by
        another process) makes it list the folder again and retry once; a
        damaged file is dropped with its shard and raises :class:`DamagedShard`.
        """
        order = list(dict.fromkeys(keys))
        try:
            return self._read(order)
        except FileNotFoundError:
            self._index = None
            try:
                return self._read(order)
            except FileNotFoundError as exc:
                raise DamagedShard(f"{exc.filename}: cache file removed while reading; run again") from exc

    def _read(self, order: list[str]) -> dict[str, pa.Table]:
        index = self._index if self._index is not None else self.keys()
        by_shard: dict[str, list[str]] = {}
        for key in order:
            if key in index:
                by_shard.setdefault(index[key], []).append(key)
        shards = sorted(by_shard)
        out: dict[str, pa.Table] = {}
        for name, schema in self.schemas.items():
            def one(shard: str, name: str = name, schema: pa.Schema = schema) -> pa.Table:
                path = self.path / f"{shard}.{name}.parquet"
                try:
                    table = pq.read_table(path, schema=schema)
                except FileNotFoundError:
                    raise
                except READ_ERRORS as exc:
                    unreadable_not_damaged(path, exc)
                    self.drop(shard, path, exc)
                    raise DamagedShard(f"{path}: damaged cache file, removed") from exc
                if len(by_shard[shard]) < self._listed.get(shard, 0):  # only some of its documents wanted
                    wanted = pa.array(by_shard[shard], type=pa.string())
                    table = table.filter(pc.is_in(table.column("key"), value_set=wanted))
                return table

            with ThreadPoolExecutor(max_workers=min(4, max(1, len(shards)))) as pool:
                parts = list(pool.map(one, shards))
            table = pa.concat_tables(parts) if parts else schema.empty_table()
            out[name] = _order_by_key(table, order)
        return out

    def fill(self, keys: Sequence[str], compute_missing: Callable[[list[str]], object]) -> dict[str, pa.Table]:
        """The rows of every key, computing those the cache lacks first: the one way caches are filled.

        ``compute_missing(todo)`` writes the shards of the keys in ``todo`` (in
        the order of ``keys``). A damaged shard found while reading is dropped
        and its documents computed again; a cache that stays unreadable is a
        :class:`CacheError` naming the folder to clear.
        """
        order = list(dict.fromkeys(keys))
        for _ in range(FILL_ATTEMPTS):
            held = self.keys()
            todo = [k for k in order if k not in held]
            if todo:
                compute_missing(todo)
            try:
                self.compact(order)
                return self.read_arrow(order)
            except DamagedShard:
                continue
        raise CacheError(f"{self.path}: cache files keep failing to read; clear the cache with `rm -r {self.path}`")

    def fill_rows(self, keys: Sequence[str], doc_ids: Sequence[str],
                  compute: Callable[[list[str]], pd.DataFrame], batch: int = 500) -> pa.Table:
        """The one table of this cache for every document, computing missing ones ``batch`` at a time.

        ``keys`` and ``doc_ids`` run in parallel (one per document);
        ``compute(doc_ids)`` returns those documents' rows with a ``doc_id``
        column (a key held by several documents is computed for the first).
        Returns the rows with their ``key``, in the order of ``keys``.
        """
        (name,) = self.schemas
        first = dict(zip(list(keys)[::-1], list(doc_ids)[::-1], strict=True))  # key → its first document

        def compute_missing(todo: list[str]) -> None:
            for i in range(0, len(todo), batch):
                chunk = todo[i:i + batch]
                key_of = {first[k]: k for k in chunk}
                rows = compute(list(key_of))
                self.write({name: rows.assign(key=rows["doc_id"].map(key_of))}, chunk)

        return self.fill(keys, compute_missing)[name]

    def shards(self) -> list[str]:
        """The complete shards in the folder (those with a keys file)."""
        self.keys()
        return sorted(self._listed)

    def compact(self, order: Iterable[str] = (), at: int = COMPACT_AT) -> bool:
        """Merge the shards into one when there are more than ``at``: rows in ``order`` (then the rest).

        Reading one large file is several times faster than many small ones,
        and rows already in the corpus's order need no reordering. The merged
        shard is complete before the old ones are removed (keys file first),
        so a reader sees every document throughout. A shard whose documents
        are all held by earlier shards (two runs at once) is removed in any
        case. Returns whether it merged.
        """
        shards = self.shards()
        index = self._index or {}
        holders = set(index.values())
        spare = [s for s in shards if s not in holders]
        if spare:
            self._remove(spare)
            shards = [s for s in shards if s in holders]
        if len(shards) <= at:
            return False
        keys = [k for k in dict.fromkeys(order) if k in index]
        taken = set(keys)
        keys += [k for k in index if k not in taken]
        tables = self.read_arrow(keys)
        merged = self.write(tables, keys)
        self._remove([s for s in shards if s != merged])
        return True

    def _remove(self, shards: Iterable[str]) -> None:
        for shard in shards:
            for name in ("keys", *self.schemas):
                (self.path / f"{shard}.{name}.parquet").unlink(missing_ok=True)
        self._index = None

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
