"""Cached spaCy annotation: sentences, tokens and entities for every document.

Annotation is the one slow step of the kit, so it runs once per document text
and is stored as Parquet. The cache is keyed by the SHA-256 of each document's
cleaned text, inside a folder named after the spaCy model, its version, the
enabled components and :data:`ANNOTATION_VERSION`. A second load of the same
corpus runs no spaCy at all; an edited or new document alone is annotated.

Work is split into *shards* (a few dozen documents each). A shard is annotated
by one worker - this process, a local process pool (``jobs``) or a Dask
cluster (``scheduler``) - which writes its Parquet files under temporary
names, renames them into place and writes the shard's ``.keys.parquet`` last:
a shard without its keys file is ignored, so an interrupted run never leaves
a corrupt cache. A damaged file is dropped with its shard and those documents
are annotated again; two runs at once store each shard once (see
:mod:`lavrovkit.cache`). The pipeline itself (which model, its components and
version) is :mod:`lavrovkit.model`.

Example
-------
>>> from lavrovkit.annotate import annotate_texts
>>> tables = annotate_texts({"k1": "Lavrov met Kerry in Geneva. They talked."})
>>> tables["sentences"][["key", "sentence_id", "start_char", "end_char"]].values.tolist()
[['k1', 0, 0, 27], ['k1', 1, 28, 40]]
"""

from __future__ import annotations

import importlib.util  # noqa: F401  (tests ask ann.importlib which model is installed)
import json
import os
import re
import socket
import sys
import time
import warnings
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
import pyarrow as pa

from lavrovkit.cache import ShardCache, cache_root, text_key  # noqa: F401  (text_key re-exported)
from lavrovkit.errors import ModelNotFoundError  # noqa: F401  (re-exported)
from lavrovkit.files import atomic_write_text
from lavrovkit.model import (  # noqa: F401  (re-exported: the model half of the annotation step)
    ANNOTATION_VERSION,
    DEFAULT_COMPONENTS,
    MODEL_CANDIDATES,
    ModelSpec,
    _span_rules,
    load_model,
    model_name,
    model_spec,
)
from lavrovkit.segment import split_paragraphs
from lavrovkit.workers import worker_pool

if TYPE_CHECKING:  # pragma: no cover
    from spacy.language import Language


#: Documents are grouped into shards of about this many characters.
SHARD_CHARS = 400_000

TOKEN_COLUMNS = [
    "key", "sentence_id", "token_id", "start_char", "text", "lower", "lemma", "pos",
    "is_alpha", "is_punct", "is_stop", "ws",
]
SENTENCE_COLUMNS = ["key", "paragraph_id", "sentence_id", "start_char", "end_char"]
ENTITY_COLUMNS = ["key", "sentence_id", "start_char", "end_char", "text", "label"]

#: Arrow schemas of the cache tables: every shard has the same types, even an empty one.
SCHEMAS: dict[str, pa.Schema] = {
    "sentences": pa.schema([("key", pa.string()), ("paragraph_id", pa.int32()), ("sentence_id", pa.int32()),
                            ("start_char", pa.int32()), ("end_char", pa.int32())]),
    "tokens": pa.schema([("key", pa.string()), ("sentence_id", pa.int32()), ("token_id", pa.int32()),
                         ("start_char", pa.int32()), ("text", pa.string()), ("lower", pa.string()),
                         ("lemma", pa.string()), ("pos", pa.string()), ("is_alpha", pa.bool_()),
                         ("is_punct", pa.bool_()), ("is_stop", pa.bool_()), ("ws", pa.bool_())]),
    "entities": pa.schema([("key", pa.string()), ("sentence_id", pa.int32()), ("start_char", pa.int32()),
                           ("end_char", pa.int32()), ("text", pa.string()), ("label", pa.string())]),
    "keys": pa.schema([("key", pa.string())]),
}



# --------------------------------------------------------------------------- core


#: A news agency's marker token after a dateline: "MOSCOW, February 24. /TASS/." ends there.
AGENCY_MARKER = re.compile(r"^/[A-Za-z][\w.-]*/\.?$")
#: Tokens after which no sentence starts.
OPENERS = frozenset({"(", "[", "{", "“", "«", "‘"})


def mend_sentences(doc: Any) -> Any:
    """Fix two systematic sentence splits of spaCy's ``senter`` on news text, in place; returns the Doc.

    A sentence never starts right after an opening bracket ("al-Nusra [terrorist
    organizations ...]" stays one sentence), and an agency marker such as
    ``/TASS/.`` closes the dateline sentence instead of opening the next one.
    A parsed Doc is left as it is: its sentences follow the dependency tree,
    which spaCy does not let anyone re-cut (error E043).
    """
    from spacy.attrs import SENT_START

    if doc.has_annotation("DEP"):
        return doc

    for i in np.flatnonzero(doc.to_array(SENT_START) == 1)[1:]:  # sentence starts only, not every token
        tok = doc[int(i)]
        if doc[tok.i - 1].text in OPENERS:
            tok.is_sent_start = False
        elif AGENCY_MARKER.match(tok.text) and tok.i + 1 < len(doc):
            tok.is_sent_start = False
            doc[tok.i + 1].is_sent_start = True
    return doc


def _paragraph_stream(
    texts: Mapping[str, str],
) -> Iterator[tuple[str, tuple[str, int, int]]]:
    for key, text in texts.items():
        for pid, (start, end) in enumerate(split_paragraphs(text)):
            yield text[start:end], (key, pid, start)


def annotate_texts(
    texts: Mapping[str, str],
    nlp: Language | None = None,
    batch_size: int = 64,
) -> dict[str, pd.DataFrame]:
    """Annotate ``{key: cleaned text}`` and return the ``sentences``, ``tokens`` and ``entities`` tables.

    Paragraphs (see :func:`lavrovkit.segment.split_paragraphs`) go through
    ``nlp.pipe`` one by one, so no sentence crosses a paragraph; offsets are in
    the full text. Token strings come from ``Doc.to_array`` hashes, resolved once
    per batch, so the kit adds little to spaCy's own time.
    """
    from spacy.attrs import (
        IDX,
        IS_ALPHA,
        IS_PUNCT,
        IS_STOP,
        LEMMA,
        LOWER,
        ORTH,
        POS,
        SENT_START,
        SPACY,
    )

    nlp = nlp if nlp is not None else load_model()
    attrs = [ORTH, LOWER, LEMMA, POS, IS_ALPHA, IS_PUNCT, IS_STOP, IDX, SENT_START, SPACY]
    arrays: list[np.ndarray] = []
    tok_keys: list[np.ndarray] = []
    sent_rows: list[tuple[str, int, int, int, int]] = []
    ent_rows: list[tuple[str, int, int, int, str, str]] = []
    sent_counter: dict[str, int] = {}
    tok_counter: dict[str, int] = {}
    tok_sent: list[np.ndarray] = []
    tok_ids: list[np.ndarray] = []

    for doc, (key, pid, offset) in nlp.pipe(_paragraph_stream(texts), as_tuples=True, batch_size=batch_size):
        n = len(doc)
        if n == 0:
            continue
        mend_sentences(doc)
        arr = doc.to_array(attrs).astype(np.int64, copy=False)
        arr[:, 7] += offset
        starts = arr[:, 8] == 1
        starts[0] = True
        first_sid = sent_counter.get(key, 0)
        sid = first_sid + np.cumsum(starts) - 1
        sent_counter[key] = int(sid[-1]) + 1
        first_tid = tok_counter.get(key, 0)
        tok_counter[key] = first_tid + n
        tok_ids.append(np.arange(first_tid, first_tid + n, dtype=np.int32))
        tok_sent.append(sid.astype(np.int32))
        arrays.append(arr)
        tok_keys.append(np.full(n, key, dtype=object))
        for s_i, sent in enumerate(doc.sents):
            sent_rows.append((key, pid, first_sid + s_i, offset + sent.start_char, offset + sent.end_char))
        for ent in doc.ents:
            ent_rows.append((key, int(sid[ent.start]), offset + ent.start_char, offset + ent.end_char,
                             ent.text, ent.label_))

    strings = nlp.vocab.strings
    if arrays:
        big = np.concatenate(arrays)
        text_col, lower_col, lemma_col, pos_col = (_resolve(strings, big[:, i]) for i in range(4))
        tokens = pd.DataFrame({
            "key": np.concatenate(tok_keys),
            "sentence_id": np.concatenate(tok_sent),
            "token_id": np.concatenate(tok_ids),
            "start_char": big[:, 7].astype(np.int32),
            "text": text_col,
            "lower": lower_col,
            "lemma": lemma_col,
            "pos": pos_col,
            "is_alpha": big[:, 4].astype(bool),
            "is_punct": big[:, 5].astype(bool),
            "is_stop": big[:, 6].astype(bool),
            "ws": big[:, 9].astype(bool),
        })
    else:
        tokens = pd.DataFrame({c: [] for c in TOKEN_COLUMNS})
    sentences = pd.DataFrame(sent_rows, columns=SENTENCE_COLUMNS)
    entities = pd.DataFrame(ent_rows, columns=ENTITY_COLUMNS)
    return {"sentences": sentences, "tokens": tokens, "entities": entities}


def _resolve(strings: Any, hashes: np.ndarray) -> np.ndarray:
    """Map spaCy string hashes to strings, looking each distinct hash up once."""
    uniq, inverse = np.unique(hashes.astype(np.uint64), return_inverse=True)
    looked_up = np.array([strings[int(h)] if h else "" for h in uniq], dtype=object)
    return looked_up[inverse]


# --------------------------------------------------------------------------- cache


def annotation_cache(folder: Path | str) -> ShardCache:
    """The shard cache of one annotation folder (tables: sentences, tokens, entities)."""
    return ShardCache(folder, {name: SCHEMAS[name] for name in ("sentences", "tokens", "entities")})


def write_shard(tables: Mapping[str, pd.DataFrame], keys: Sequence[str], folder: Path) -> str:
    """Write one annotated shard atomically; the keys file, written last, marks it complete."""
    return annotation_cache(folder).write(tables, keys)


def cached_keys(folder: Path) -> dict[str, str]:
    """Which document keys does the cache folder hold, and in which shard (first shard wins)?"""
    return annotation_cache(folder).keys()


def read_cached(folder: Path, keys: Iterable[str]) -> dict[str, pd.DataFrame]:
    """Read the sentences, tokens and entities of ``keys`` from the cache folder, in the order of ``keys``."""
    return annotation_cache(folder).read(keys)


# --------------------------------------------------------------------------- running


@dataclass
class AnnotationRun:
    """What an :func:`annotate` call did: how many documents were cached or annotated, where.

    ``tasks`` shards were annotated by ``workers`` distinct processes; ``worker_peak_mb``
    is the largest peak resident memory any of them reported (this process's own peak
    when annotation ran in-process); ``task_stats`` holds each task's figures (see
    :func:`_annotate_shard`).
    """

    spec: ModelSpec
    folder: Path
    cached: int = 0
    annotated: int = 0
    shards: list[str] = field(default_factory=list)
    backend: str = "local"
    tasks: int = 0
    workers: int = 0
    worker_peak_mb: float = 0.0
    task_stats: list[dict[str, Any]] = field(default_factory=list, repr=False)

    def record(self, results: Sequence[tuple[str, list[str], dict[str, Any]]]) -> None:
        """Take in the results of the shard tasks: shard names, task count, workers, peak memory."""
        self.shards = sorted(shard for shard, _, _ in results)
        self.task_stats = [stats for _, _, stats in results]
        self.tasks = len(results)
        self.workers = len({(s["host"], s["pid"]) for s in self.task_stats})
        self.worker_peak_mb = max((s["peak_mb"] for s in self.task_stats), default=0.0)

    @staticmethod
    def process_peak_mb() -> float:
        """Peak resident memory of the calling process so far, in MB.

        ``VmHWM`` from ``/proc/self/status`` on Linux: ``ru_maxrss`` survives ``exec``, so a
        spawned worker would report its parent's peak. ``ru_maxrss`` elsewhere.
        """
        try:
            with open("/proc/self/status", encoding="ascii") as fh:
                for line in fh:
                    if line.startswith("VmHWM:"):
                        return int(line.split()[1]) / 1024
        except (OSError, ValueError):
            pass
        try:
            import resource
        except ImportError:  # pragma: no cover - Windows
            return 0.0
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return peak / 2**20 if sys.platform == "darwin" else peak / 1024  # bytes on macOS, KiB elsewhere


def _annotate_shard(
    items: list[tuple[str, str]], name: str, components: tuple[str, ...], folder: str,
) -> tuple[str, list[str], dict[str, Any]]:
    """Worker task: annotate one shard's texts and write it to the cache (runs in any process).

    The model is loaded once per process (:func:`load_model` is cached) and checked
    against the cache folder, so a worker with another model or kit version fails
    instead of writing into the wrong folder. Only this shard's arrays are held; no
    ``Doc`` outlives its paragraph. Returns the shard name, its keys and the task's
    figures: ``pid``, ``host``, ``peak_mb`` (the process's peak memory so far),
    ``model_s`` (model loading in this task, 0 once loaded), ``write_s`` (Parquet), ``cpu_s``,
    ``docs``, ``chars`` and wall-clock ``start``/``ready``/``end`` (``time.time()``; ready = model
    loaded).
    """
    start, cpu = time.time(), time.process_time()
    nlp = load_model(name, components)
    expected = Path(folder).name
    got = model_spec(name, components).cache_folder
    if got != expected:
        raise ModelNotFoundError(
            f"The worker on {socket.gethostname()} has the pipeline {got!r} but the cache folder is "
            f"{expected!r}: install the same spaCy model version and lavrovkit on every worker."
        )
    ready = time.time()
    tables = annotate_texts(dict(items), nlp)
    keys = [k for k, _ in items]
    written = time.time()
    shard = write_shard(tables, keys, Path(folder))
    del tables
    end = time.time()
    return shard, keys, {
        "pid": os.getpid(), "host": socket.gethostname(), "peak_mb": AnnotationRun.process_peak_mb(),
        "model_s": ready - start, "write_s": end - written, "cpu_s": time.process_time() - cpu,
        "docs": len(items), "chars": sum(len(t) for _, t in items), "start": start, "ready": ready, "end": end,
    }


def _shards(items: list[tuple[str, str]], shard_chars: int, jobs: int = 1) -> list[list[tuple[str, str]]]:
    """Split ``items`` (in order) into shards of about equal size, about ``shard_chars`` characters
    at most (a document is never split, so one longer than that is a shard of its own).

    With several workers (``jobs`` > 1) and more than one shard's worth of text, there are at
    least four shards per worker and a multiple of ``jobs``, so no core idles while the last
    shard runs; text below ``shard_chars`` stays one shard (not worth starting workers for).

    >>> [len(s) for s in _shards([(str(i), "x" * 10) for i in range(10)], 30)]
    [3, 2, 3, 2]
    >>> [len(s) for s in _shards([(str(i), "x" * 10) for i in range(20)], 100, jobs=2)]
    [3, 2, 3, 2, 3, 2, 3, 2]
    """
    if not items:
        return []
    total = sum(len(t) for _, t in items)
    n = max(1, -(-total // max(1, shard_chars)))
    if jobs > 1 and n > 1:
        n = max(n, 4 * jobs)
        n = -(-n // jobs) * jobs
    n = min(n, len(items))
    shards: list[list[tuple[str, str]]] = []
    current: list[tuple[str, str]] = []
    size = closed = 0
    for i, item in enumerate(items):
        need = n - len(shards)  # shards still to make, the current one included
        if current and need > 1:
            target = (total - closed) / need
            # a document goes where most of it fits; enough left over for one per remaining shard
            if size + len(item[1]) / 2 > target or len(items) - i <= need - 1:
                shards.append(current)
                closed += size
                current, size = [], 0
        current.append(item)
        size += len(item[1])
    if current:
        shards.append(current)
    return shards


def annotate(
    texts: Mapping[str, str],
    *,
    model: str | None = None,
    components: Sequence[str] = DEFAULT_COMPONENTS,
    cache_dir: str | os.PathLike[str] | None = None,
    jobs: int = 1,
    scheduler: str | None = None,
    progress: bool | None = None,
    shard_chars: int = SHARD_CHARS,
    as_arrow: bool = False,
) -> tuple[dict[str, pd.DataFrame], AnnotationRun]:
    """Annotate ``{key: text}`` through the cache and return the tables for all keys.

    Only keys missing from the cache are annotated: in this process (``jobs=1``),
    in ``jobs`` local processes, or on the Dask cluster at ``scheduler`` (or
    ``$LAVROVKIT_SCHEDULER``), whose workers must see ``cache_dir`` (shared
    storage). Returns the tables (rows in the order of ``texts``; Arrow tables
    with ``as_arrow``) and an :class:`AnnotationRun` record.
    """
    name = model_name(model)
    comps = tuple(components)
    spec = model_spec(name, comps)
    folder = cache_root(cache_dir) / "annotations" / spec.cache_folder
    folder.mkdir(parents=True, exist_ok=True)
    _write_info(folder, spec)
    cache = annotation_cache(folder)
    scheduler = scheduler or os.environ.get("LAVROVKIT_SCHEDULER") or None
    show = progress if progress is not None else sys.stderr.isatty()
    keys = list(dict.fromkeys(texts))
    run = AnnotationRun(spec=spec, folder=folder, cached=len(keys))
    results: list[tuple[str, list[str], dict[str, Any]]] = []

    def annotate_missing(todo_keys: list[str]) -> None:
        todo = [(k, texts[k]) for k in todo_keys]
        run.annotated += len(todo)
        run.cached = len(keys) - run.annotated
        if scheduler:
            run.backend = f"dask:{scheduler}"
            results.extend(_run_dask(todo, shard_chars, name, comps, folder, scheduler, show))
            return
        batches = _shards(todo, shard_chars, jobs)
        if jobs > 1 and len(batches) > 1:
            run.backend = f"processes:{jobs}"
            results.extend(_run_pool(batches, name, comps, folder, jobs, show))
        else:
            results.extend(_annotate_shard(b, name, comps, str(folder))
                           for b in _progress(batches, show, sum(len(b) for b in batches)))

    tables = cache.fill(keys, annotate_missing)
    if results:
        run.record(results)
    if as_arrow:
        return tables, run
    return {name: table.to_pandas() for name, table in tables.items()}, run


def _progress(batches: list[list[tuple[str, str]]], show: bool, total: int) -> Iterator[list[tuple[str, str]]]:
    if not show:
        yield from batches
        return
    from tqdm.auto import tqdm

    with tqdm(total=total, unit="doc", desc="annotating") as bar:
        for batch in batches:
            yield batch
            bar.update(len(batch))


def _run_pool(batches: list[list[tuple[str, str]]], name: str, comps: tuple[str, ...], folder: Path, jobs: int, show: bool) -> list[tuple[str, list[str], dict[str, Any]]]:
    """Annotate ``batches`` in ``jobs`` spawned processes, largest shard first; returns the task results.

    The workers end with this process (:func:`lavrovkit.workers.worker_pool`): Ctrl-C, SIGTERM or a failed
    task terminates them, and a killed parent leaves none behind.
    """
    from concurrent.futures import as_completed

    order = sorted(batches, key=lambda b: sum(len(t) for _, t in b), reverse=True)
    with worker_pool(min(jobs, len(batches))) as pool:
        futures = [pool.submit(_annotate_shard, b, name, comps, str(folder)) for b in order]
        return _collect(as_completed(futures), sum(len(b) for b in batches), f"annotating ({jobs} jobs)", show)


def _run_dask(items: list[tuple[str, str]], shard_chars: int, name: str, comps: tuple[str, ...], folder: Path, scheduler: str, show: bool) -> list[tuple[str, list[str], dict[str, Any]]]:
    """Annotate ``items`` on the Dask cluster at ``scheduler``: shards balanced over its worker
    threads, largest first; the workers write into ``folder`` (shared storage). Returns the task results."""
    from distributed import Client, as_completed

    with Client(scheduler) as client:
        nthreads = client.nthreads()
        if any(n > 1 for n in nthreads.values()):
            warnings.warn(
                "Dask workers with several threads share one spaCy pipeline and the GIL: start them "
                "with one thread each (e.g. `dask worker ADDRESS --nworkers N --nthreads 1`).",
                RuntimeWarning, stacklevel=3,
            )
        batches = _shards(items, shard_chars, jobs=max(1, sum(nthreads.values())))
        batches.sort(key=lambda b: sum(len(t) for _, t in b), reverse=True)
        futures = client.map(_annotate_shard, batches, name=name, components=comps, folder=str(folder), pure=False)
        return _collect(as_completed(futures), len(items), "annotating (dask)", show)


def _collect(finished: Iterable[Any], total: int, desc: str, show: bool) -> list[tuple[str, list[str], dict[str, Any]]]:
    """The results of annotation tasks as their futures finish (local or Dask), with a progress bar when ``show``."""
    bar = None
    if show:
        from tqdm.auto import tqdm

        bar = tqdm(total=total, unit="doc", desc=desc)
    results: list[tuple[str, list[str], dict[str, Any]]] = []
    try:
        for fut in finished:
            result = fut.result()
            results.append(result)
            if bar is not None:
                bar.update(len(result[1]))
    finally:
        if bar is not None:
            bar.close()
    return results


def _write_info(folder: Path, spec: ModelSpec) -> None:
    """Describe the folder's pipeline in ``info.json`` (once)."""
    info = folder / "info.json"
    if info.exists():
        return
    atomic_write_text(info, json.dumps({
        "model": spec.name, "model_version": spec.version, "components": list(spec.components),
        "annotation_version": ANNOTATION_VERSION,
    }, indent=2))
