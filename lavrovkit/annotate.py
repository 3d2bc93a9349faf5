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
import pyarrow.compute as pc

from lavrovkit.cache import FILL_ATTEMPTS, DamagedShard, ShardCache, cache_root, text_key  # noqa: F401
from lavrovkit.errors import CacheError, ModelNotFoundError, ParameterError  # noqa: F401  (re-exported)
from lavrovkit.files import atomic_write_text
from lavrovkit.model import (  # noqa: F401  (re-exported: the model half of the annotation step)
    ANNOTATION_VERSION,
    DEFAULT_COMPONENTS,
    MODEL_CANDIDATES,
    ModelSpec,
    _span_rules,
    generation,
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

#: The annotation tiers, cheapest first; each is computed and cached on its own, for the documents asking for it.
#: ``forms``: sentences and the tokens' word forms (tokenizer and sentence recogniser); ``lemmas``: each
#: token's lemma and part of speech; ``entities``: named entities. Every tier annotates the same tokens and
#: the same (forms-tier) sentences, so answers do not change when more is computed.
TIERS = ("forms", "lemmas", "entities")
#: The tables each tier holds in its cache folder.
TIER_TABLES = {"forms": ("sentences", "tokens"), "lemmas": ("tags",), "entities": ("entities",)}

TOKEN_COLUMNS = [
    "key", "sentence_id", "token_id", "start_char", "text", "lower", "lemma", "pos",
    "is_alpha", "is_punct", "is_stop", "ws",
]
#: The token columns of the forms tier: everything but the lemma and the part of speech.
FORM_COLUMNS = [c for c in TOKEN_COLUMNS if c not in ("lemma", "pos")]
TAG_COLUMNS = ["key", "token_id", "lemma", "pos"]
SENTENCE_COLUMNS = ["key", "paragraph_id", "sentence_id", "start_char", "end_char"]
ENTITY_COLUMNS = ["key", "sentence_id", "start_char", "end_char", "text", "label"]

#: Arrow schemas of the cache tables: every shard has the same types, even an empty one.
SCHEMAS: dict[str, pa.Schema] = {
    "sentences": pa.schema([("key", pa.string()), ("paragraph_id", pa.int32()), ("sentence_id", pa.int32()),
                            ("start_char", pa.int32()), ("end_char", pa.int32())]),
    "tokens": pa.schema([("key", pa.string()), ("sentence_id", pa.int32()), ("token_id", pa.int32()),
                         ("start_char", pa.int32()), ("text", pa.string()), ("lower", pa.string()),
                         ("is_alpha", pa.bool_()), ("is_punct", pa.bool_()), ("is_stop", pa.bool_()),
                         ("ws", pa.bool_())]),
    "tags": pa.schema([("key", pa.string()), ("token_id", pa.int32()), ("lemma", pa.string()),
                       ("pos", pa.string())]),
    "entities": pa.schema([("key", pa.string()), ("sentence_id", pa.int32()), ("start_char", pa.int32()),
                           ("end_char", pa.int32()), ("text", pa.string()), ("label", pa.string())]),
    "keys": pa.schema([("key", pa.string())]),
}


def tier_list(tier: str | Sequence[str] = "all") -> tuple[str, ...]:
    """Which tiers does a request mean? ``"all"``, one tier, or several; forms always come first, since
    every other tier annotates the forms tier's tokens and sentences.

    >>> tier_list("lemmas"), tier_list("all")
    (('forms', 'lemmas'), ('forms', 'lemmas', 'entities'))
    """
    names = [tier] if isinstance(tier, str) else list(tier)
    if "all" in names:
        return TIERS
    unknown = [t for t in names if t not in TIERS]
    if unknown:
        raise ParameterError(f"annotation tier {', '.join(map(repr, unknown))} is not one of "
                             f"{', '.join(TIERS)} or all")
    wanted = {"forms", *names}
    return tuple(t for t in TIERS if t in wanted)


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
    tiers: Sequence[str] = TIERS,
) -> dict[str, pd.DataFrame]:
    """Annotate ``{key: cleaned text}``: the tables of ``tiers`` (``sentences`` and ``tokens`` for forms,
    ``tags`` for lemmas, ``entities`` for entities).

    Paragraphs (see :func:`lavrovkit.segment.split_paragraphs`) go through
    ``nlp.pipe`` one by one, so no sentence crosses a paragraph; offsets are in
    the full text. ``nlp`` must run what the tiers need (the sentence
    recogniser for forms and entities; the tagger, attribute ruler and
    lemmatizer for lemmas; NER for entities). Token strings come from
    ``Doc.to_array`` hashes, resolved once per batch, so the kit adds little to
    spaCy's own time. Token ids count the document's tokens from 0 whatever the
    tiers, so the tables of tiers computed apart line up.
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
    forms, lemmas, entities = ("forms" in tiers), ("lemmas" in tiers), ("entities" in tiers)
    sentences_needed = forms or entities  # entities carry their sentence id
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
        if sentences_needed:
            mend_sentences(doc)
        arr = doc.to_array(attrs).astype(np.int64, copy=False)
        arr[:, 7] += offset
        first_tid = tok_counter.get(key, 0)
        tok_counter[key] = first_tid + n
        tok_ids.append(np.arange(first_tid, first_tid + n, dtype=np.int32))
        arrays.append(arr)
        tok_keys.append(np.full(n, key, dtype=object))
        if not sentences_needed:
            continue
        starts = arr[:, 8] == 1
        starts[0] = True
        first_sid = sent_counter.get(key, 0)
        sid = first_sid + np.cumsum(starts) - 1
        sent_counter[key] = int(sid[-1]) + 1
        tok_sent.append(sid.astype(np.int32))
        if forms:
            for s_i, sent in enumerate(doc.sents):
                sent_rows.append((key, pid, first_sid + s_i, offset + sent.start_char, offset + sent.end_char))
        if entities:
            for ent in doc.ents:
                ent_rows.append((key, int(sid[ent.start]), offset + ent.start_char, offset + ent.end_char,
                                 ent.text, ent.label_))

    strings = nlp.vocab.strings
    big = np.concatenate(arrays) if arrays else np.zeros((0, len(attrs)), dtype=np.int64)
    keys = np.concatenate(tok_keys) if tok_keys else np.array([], dtype=object)
    ids = np.concatenate(tok_ids) if tok_ids else np.array([], dtype=np.int32)
    out: dict[str, pd.DataFrame] = {}
    if forms:
        out["sentences"] = pd.DataFrame(sent_rows, columns=SENTENCE_COLUMNS)
        out["tokens"] = pd.DataFrame({
            "key": keys,
            "sentence_id": np.concatenate(tok_sent) if tok_sent else np.array([], dtype=np.int32),
            "token_id": ids,
            "start_char": big[:, 7].astype(np.int32),
            "text": _resolve(strings, big[:, 0]),
            "lower": _resolve(strings, big[:, 1]),
            "is_alpha": big[:, 4].astype(bool),
            "is_punct": big[:, 5].astype(bool),
            "is_stop": big[:, 6].astype(bool),
            "ws": big[:, 9].astype(bool),
        }, columns=FORM_COLUMNS)
    if lemmas:
        out["tags"] = pd.DataFrame({"key": keys, "token_id": ids, "lemma": _resolve(strings, big[:, 2]),
                                    "pos": _resolve(strings, big[:, 3])}, columns=TAG_COLUMNS)
    if entities:
        out["entities"] = pd.DataFrame(ent_rows, columns=ENTITY_COLUMNS)
    return out


def tokens_with_tags(tokens: pd.DataFrame, tags: pd.DataFrame, by: str = "key") -> pd.DataFrame:
    """The full token table: the forms tier's tokens with each one's ``lemma`` and ``pos`` from the lemmas
    tier, matched by document (``by``: ``key`` or ``doc_id``) and token id; columns in
    :data:`TOKEN_COLUMNS` order. ``tokens`` may be a subset (a speaker's sentences); ``tags`` must hold
    every token of their documents, in document order. Tags that do not line up with the tokens are a
    :class:`CacheError`: the two tiers were cached by different code.

    >>> tables = annotate_texts({"k": "We are ready."})
    >>> tokens_with_tags(tables["tokens"], tables["tags"])[["text", "lemma", "pos"]].values.tolist()[:2]
    [['We', 'we', 'PRON'], ['are', 'be', 'AUX']]
    """
    columns = [by if c == "key" else c for c in TOKEN_COLUMNS]
    if tokens.empty:
        return tokens.assign(lemma=pd.Series(dtype=object), pos=pd.Series(dtype=object))[columns]
    if len(tags) == len(tokens) and np.array_equal(tags["token_id"].to_numpy(), tokens["token_id"].to_numpy()) \
            and tags[by].iloc[0] == tokens[by].iloc[0] and tags[by].iloc[-1] == tokens[by].iloc[-1]:
        # every token, in the same document order (a whole corpus): the columns line up row by row
        # the columns' own arrays (Arrow strings stay Arrow strings: no copy to Python objects and back)
        return tokens.assign(lemma=pd.Series(tags["lemma"].array, index=tokens.index),
                             pos=pd.Series(tags["pos"].array, index=tokens.index))[columns]
    docs = pd.unique(tags[by])
    counts = tags[by].value_counts(sort=False).reindex(docs).to_numpy()
    first = pd.Series(np.concatenate([[0], np.cumsum(counts)[:-1]]), index=docs)
    start = first.reindex(tokens[by].to_numpy()).to_numpy()
    if np.isnan(start.astype(float)).any():
        raise CacheError("the lemmas tier lacks documents the forms tier has; clear the annotation cache")
    position = start.astype(np.int64) + tokens["token_id"].to_numpy(dtype=np.int64)
    tag_ids = tags["token_id"].to_numpy()
    if position.max() >= len(tags) or not np.array_equal(tag_ids[position], tokens["token_id"].to_numpy()):
        raise CacheError("the lemmas tier does not line up with the forms tier's tokens; clear the "
                         "annotation cache folders of this model")
    out = tokens.assign(lemma=tags["lemma"].to_numpy()[position], pos=tags["pos"].to_numpy()[position])
    return out[columns]


def _resolve(strings: Any, hashes: np.ndarray) -> np.ndarray:
    """Map spaCy string hashes to strings, looking each distinct hash up once."""
    uniq, inverse = np.unique(hashes.astype(np.uint64), return_inverse=True)
    looked_up = np.array([strings[int(h)] if h else "" for h in uniq], dtype=object)
    return looked_up[inverse]


# --------------------------------------------------------------------------- cache


def annotation_cache(folder: Path | str, tier: str | None = None) -> ShardCache:
    """The shard cache of one annotation tier's folder (``tier`` None: read from the folder's name)."""
    tier = tier or next((t for t in TIERS if Path(folder).name.endswith("-" + t)), "forms")
    return ShardCache(folder, {name: SCHEMAS[name] for name in TIER_TABLES[tier]})


def write_shard(tables: Mapping[str, pd.DataFrame], keys: Sequence[str], folder: Path) -> str:
    """Write one annotated shard atomically; the keys file, written last, marks it complete."""
    return annotation_cache(folder).write(tables, keys)


def cached_keys(folder: Path) -> dict[str, str]:
    """Which document keys does the cache folder hold, and in which shard (first shard wins)?"""
    return annotation_cache(folder).keys()


def read_cached(folder: Path, keys: Iterable[str]) -> dict[str, pd.DataFrame]:
    """Read the tables of ``keys`` from one tier's cache folder, in the order of ``keys``."""
    return annotation_cache(folder).read(keys)


def tier_folders(model: str | None = None, components: Sequence[str] = DEFAULT_COMPONENTS,
                 cache_dir: str | os.PathLike[str] | None = None, lang: str = "en") -> dict[str, Path]:
    """Where each tier of this pipeline's annotation (the pipeline of ``lang``) is cached: ``{tier: folder}``.

    >>> sorted(tier_folders())
    ['entities', 'forms', 'lemmas']
    >>> tier_folders(lang="ru")["forms"].name.startswith("ru_lavrovkit_natasha-")
    True
    """
    spec = model_spec(model_name(model, lang), tuple(components), lang)
    root = cache_root(cache_dir) / "annotations"
    return {tier: root / spec.tier_folder(tier) for tier in TIERS}


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
    #: The tiers asked for, and per tier how many documents came from its cache and how many were annotated.
    tiers: tuple[str, ...] = TIERS
    per_tier: dict[str, dict[str, int]] = field(default_factory=dict)
    folders: dict[str, Path] = field(default_factory=dict, repr=False)
    shards: list[str] = field(default_factory=list)
    backend: str = "local"
    tasks: int = 0
    workers: int = 0
    worker_peak_mb: float = 0.0
    task_stats: list[dict[str, Any]] = field(default_factory=list, repr=False)
    #: A corpus in several languages: each language's own run (its pipeline, folders and counts), by code;
    #: this record then sums them (``spec`` and ``folder`` are the first language's).
    by_lang: dict[str, AnnotationRun] = field(default_factory=dict, repr=False)

    @classmethod
    def combined(cls, runs: Mapping[str, AnnotationRun]) -> AnnotationRun:
        """One record of the runs of several languages' pipelines: counts summed, tasks joined."""
        first = next(iter(runs.values()))
        out = cls(spec=first.spec, folder=first.folder, tiers=first.tiers, folders=dict(first.folders),
                  by_lang=dict(runs))
        out.cached = sum(r.cached for r in runs.values())
        out.annotated = sum(r.annotated for r in runs.values())
        out.tiers = tuple(t for t in TIERS if any(t in r.tiers for r in runs.values()))
        out.per_tier = {t: {n: sum(r.per_tier.get(t, {}).get(n, 0) for r in runs.values())
                            for n in ("cached", "annotated")} for t in out.tiers}
        out.shards = sorted(sh for r in runs.values() for sh in r.shards)
        out.task_stats = [st for r in runs.values() for st in r.task_stats]
        out.tasks = sum(r.tasks for r in runs.values())
        out.workers = len({(st["host"], st["pid"]) for st in out.task_stats})
        out.worker_peak_mb = max((r.worker_peak_mb for r in runs.values()), default=0.0)
        out.backend = ",".join(dict.fromkeys(r.backend for r in runs.values()))
        return out

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
    tiers: tuple[str, ...] = TIERS,
) -> tuple[str, list[str], dict[str, Any]]:
    """Worker task: annotate one shard's texts for ``tiers`` and write each tier's shard (runs in any process).

    ``folder`` is the annotations folder holding the tiers' folders. The
    pipeline is loaded once per process (:func:`load_model` is cached) with all
    ``components``, and only the tiers' components (and the embedding layers
    they listen to) run; the pipeline is checked against the folder names, so a
    worker with another model or kit version fails instead of writing into the
    wrong folder. Only this shard's arrays are held; no ``Doc`` outlives its
    paragraph. Returns the shard name, its keys and the task's figures:
    ``pid``, ``host``, ``peak_mb`` (the process's peak memory so far),
    ``model_s`` (model loading in this task, 0 once loaded), ``write_s``
    (Parquet), ``cpu_s``, ``docs``, ``chars``, ``tiers`` and wall-clock
    ``start``/``ready``/``end`` (``time.time()``; ready = model loaded).
    """
    start, cpu = time.time(), time.process_time()
    nlp = load_model(name, components)
    spec = model_spec(name, components)
    absent = [spec.tier_folder(t) for t in tiers if not (Path(folder) / spec.tier_folder(t)).is_dir()]
    if absent:
        raise ModelNotFoundError(
            f"The worker on {socket.gethostname()} has the pipeline {spec.cache_folder!r}, whose cache folders "
            f"{absent} are not in {folder!r}: install the same spaCy model version and lavrovkit on every worker."
        )
    ready = time.time()
    with nlp.select_pipes(enable=list(_tier_pipes(nlp, spec, tiers))):
        tables = annotate_texts(dict(items), nlp, tiers=tiers)
    keys = [k for k, _ in items]
    written = time.time()
    shard = ""
    for tier in tiers:
        tier_tables = {t: tables[t] for t in TIER_TABLES[tier]}
        shard = annotation_cache(Path(folder) / spec.tier_folder(tier), tier).write(tier_tables, keys)
    del tables
    end = time.time()
    return shard, keys, {
        "pid": os.getpid(), "host": socket.gethostname(), "peak_mb": AnnotationRun.process_peak_mb(),
        "model_s": ready - start, "write_s": end - written, "cpu_s": time.process_time() - cpu,
        "docs": len(items), "chars": sum(len(t) for _, t in items), "tiers": list(tiers),
        "start": start, "ready": ready, "end": end,
    }


def _tier_pipes(nlp: Language, spec: ModelSpec, tiers: Sequence[str]) -> list[str]:
    """The components to run for ``tiers``: theirs, and any embedding layer one of them listens to, in
    pipeline order (components that compute nothing a tier keeps are left out)."""
    wanted = {c for t in tiers for c in spec.tier_components(t)}
    if "senter" in wanted and "senter" not in nlp.component_names and "parser" in nlp.component_names:
        wanted = (wanted - {"senter"}) | {"parser"}
    for comp_name in nlp.component_names:
        listeners = getattr(nlp.get_pipe(comp_name), "listening_components", None) or []
        if wanted & set(listeners):
            wanted.add(comp_name)
    return [c for c in nlp.component_names if c in wanted]


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
    tiers: str | Sequence[str] | Mapping[str, Iterable[str]] = "all",
    model: str | None = None,
    components: Sequence[str] = DEFAULT_COMPONENTS,
    cache_dir: str | os.PathLike[str] | None = None,
    jobs: int = 1,
    scheduler: str | None = None,
    progress: bool | None = None,
    shard_chars: int = SHARD_CHARS,
    as_arrow: bool = False,
    langs: Mapping[str, str] | None = None,
) -> tuple[dict[str, Any], AnnotationRun]:
    """Annotate ``{key: text}`` through the cache and return the tables of the tiers asked for.

    ``tiers``: ``"all"`` (forms, lemmas and entities), a tier or a list of
    tiers for every key, or ``{tier: keys}`` for a tier on some keys only.
    Each tier is cached in its own folder (:func:`tier_folders`); only keys
    missing from a tier's cache are annotated, and a document missing several
    tiers goes through spaCy once with all their components: in this process
    (``jobs=1``), in ``jobs`` local processes, or on the Dask cluster at
    ``scheduler`` (or ``$LAVROVKIT_SCHEDULER``), whose workers must see
    ``cache_dir`` (shared storage). Returns the tables (rows in the order of
    ``texts``; Arrow tables with ``as_arrow``): ``sentences`` and ``tokens``
    (forms), ``tags`` (lemmas: key, token_id, lemma, pos; merged into
    ``tokens`` when forms and lemmas are asked for the same keys and not
    ``as_arrow``), ``entities``; and an :class:`AnnotationRun` record.

    ``langs`` (``{key: language code}``; a key not in it is English) annotates
    each language's texts with its own pipeline (:func:`lavrovkit.model.model_name`
    of the language; ``model`` names the English one) into that pipeline's
    tier folders; the tables are joined in the order of ``texts`` and the
    record sums the languages' runs (:attr:`AnnotationRun.by_lang`). Texts all
    in one language go exactly as without ``langs``: a corpus with no Russian
    text never loads the Russian pipeline.

    >>> tables, run = annotate({"k1": "Lavrov met Kerry in Geneva."}, tiers="forms", progress=False)
    >>> sorted(tables), run.tiers
    (['sentences', 'tokens'], ('forms',))
    >>> tables, run = annotate({"en": "Lavrov met Rubio.", "ru": "Лавров встретился с Рубио."},
    ...                        tiers="lemmas", langs={"ru": "ru"}, progress=False)
    >>> tables["tokens"][tables["tokens"]["key"] == "ru"]["lemma"].tolist()
    ['Лавров', 'встретиться', 'с', 'Рубио', '.']
    """
    options: dict[str, Any] = dict(components=components, cache_dir=cache_dir, jobs=jobs, scheduler=scheduler,
                                   progress=progress, shard_chars=shard_chars)
    groups = _language_groups(texts, langs)
    if len(groups) > 1 or (groups and next(iter(groups)) != "en"):
        return _annotate_languages(texts, groups, tiers, model, options, as_arrow)
    return _annotate_one(texts, tiers=tiers, model=model, as_arrow=as_arrow, **options)


def _language_groups(texts: Mapping[str, str], langs: Mapping[str, str] | None) -> dict[str, list[str]]:
    """The keys of ``texts`` by language (English first, then the others by code), each in text order.

    >>> _language_groups({"a": "", "b": "", "c": ""}, {"b": "ru"})
    {'en': ['a', 'c'], 'ru': ['b']}
    """
    groups: dict[str, list[str]] = {}
    for key in dict.fromkeys(texts):
        lang = (langs or {}).get(key) or "en"
        groups.setdefault(str(lang), []).append(key)
    return {lang: groups[lang] for lang in sorted(groups, key=lambda g: (g != "en", g))}


def _annotate_languages(texts: Mapping[str, str], groups: Mapping[str, list[str]],
                        tiers: str | Sequence[str] | Mapping[str, Iterable[str]], model: str | None,
                        options: dict[str, Any], as_arrow: bool) -> tuple[dict[str, Any], AnnotationRun]:
    """Annotate each language's texts with its pipeline; the tables joined in the order of ``texts``."""
    order = {k: i for i, k in enumerate(dict.fromkeys(texts))}
    runs: dict[str, AnnotationRun] = {}
    parts: dict[str, list[pa.Table]] = {}
    for lang, keys in groups.items():
        chosen = set(keys)
        sub_tiers: str | Sequence[str] | Mapping[str, Iterable[str]] = tiers
        if isinstance(tiers, Mapping):
            sub_tiers = {t: [k for k in ks if k in chosen] for t, ks in tiers.items()}
            sub_tiers = {t: ks for t, ks in sub_tiers.items() if ks}
            if not sub_tiers:
                continue
        name = model if lang == "en" else None
        tables, run = _annotate_one({k: texts[k] for k in keys}, tiers=sub_tiers,
                                    model=model_name(name, lang), as_arrow=True, **options)
        runs[lang] = run
        for table_name, table in tables.items():
            parts.setdefault(table_name, []).append(table)
    if not runs:  # nothing asked for any key: the English pipeline's empty answer
        return _annotate_one({}, tiers=tiers, model=model, as_arrow=as_arrow, **options)
    out: dict[str, pa.Table] = {}
    for table_name, pieces in parts.items():
        joined = pa.concat_tables(pieces) if len(pieces) > 1 else pieces[0]
        if len(pieces) > 1:
            position = pa.array([order[k] for k in joined.column("key").to_pylist()], type=pa.int64())
            joined = joined.take(pc.sort_indices(position))  # stable: each text's rows keep their order
        out[table_name] = joined
    run = AnnotationRun.combined(runs)
    if as_arrow:
        return out, run
    frames = {name_: table.to_pandas() for name_, table in out.items()}
    wanted = _tier_keys(tiers, texts)
    if "tokens" in frames and "tags" in frames and wanted.get("forms") == wanted.get("lemmas"):
        frames["tokens"] = tokens_with_tags(frames["tokens"], frames.pop("tags"))
    return frames, run


def _annotate_one(
    texts: Mapping[str, str],
    *,
    tiers: str | Sequence[str] | Mapping[str, Iterable[str]] = "all",
    model: str | None = None,
    components: Sequence[str] = DEFAULT_COMPONENTS,
    cache_dir: str | os.PathLike[str] | None = None,
    jobs: int = 1,
    scheduler: str | None = None,
    progress: bool | None = None,
    shard_chars: int = SHARD_CHARS,
    as_arrow: bool = False,
) -> tuple[dict[str, Any], AnnotationRun]:
    """:func:`annotate` with one pipeline (``model``) for every text."""
    name = model_name(model)
    comps = tuple(components)
    spec = model_spec(name, comps)
    root = cache_root(cache_dir) / "annotations"
    wanted = _tier_keys(tiers, texts)
    folders = {tier: root / spec.tier_folder(tier) for tier in wanted}
    caches = {tier: annotation_cache(folder, tier) for tier, folder in folders.items()}
    for folder in folders.values():
        folder.mkdir(parents=True, exist_ok=True)
        _write_info(folder, spec)
    scheduler = scheduler or os.environ.get("LAVROVKIT_SCHEDULER") or None
    show = progress if progress is not None else sys.stderr.isatty()
    all_keys = list(dict.fromkeys(k for keys in wanted.values() for k in keys))
    run = AnnotationRun(spec=spec, folder=folders.get("forms", next(iter(folders.values()), root)),
                        cached=len(all_keys), tiers=tuple(wanted), folders=folders)
    results: list[tuple[str, list[str], dict[str, Any]]] = []
    annotated: set[str] = set()
    annotated_in: dict[str, set[str]] = {tier: set() for tier in wanted}
    out: dict[str, pa.Table] = {}
    for _ in range(FILL_ATTEMPTS):
        missing = {tier: set(keys) - set(caches[tier].keys()) for tier, keys in wanted.items()}
        groups: dict[tuple[str, ...], list[str]] = {}
        for key in all_keys:
            need = tuple(t for t in wanted if key in missing[t])
            if need:
                groups.setdefault(need, []).append(key)
        for need, keys in groups.items():
            todo = [(k, texts[k]) for k in keys]
            annotated.update(keys)
            for tier in need:
                annotated_in[tier].update(keys)
            results.extend(_annotate_todo(todo, need, name, comps, root, jobs, scheduler, show, shard_chars, run))
        try:
            for tier, cache in caches.items():
                cache.compact(wanted[tier])
                out.update(cache.read_arrow(wanted[tier]))
            break
        except DamagedShard:
            continue
    else:
        raise CacheError(f"{root}: annotation cache files keep failing to read; clear the cache with `rm -r {root}`")
    run.annotated = len(annotated)
    run.cached = len(all_keys) - run.annotated
    run.per_tier = {t: {"cached": len(wanted[t]) - len(annotated_in[t]), "annotated": len(annotated_in[t])}
                    for t in wanted}
    if results:
        run.record(results)
    if as_arrow:
        return out, run
    frames = {name_: table.to_pandas() for name_, table in out.items()}
    if "tokens" in frames and "tags" in frames and wanted["forms"] == wanted["lemmas"]:
        frames["tokens"] = tokens_with_tags(frames["tokens"], frames.pop("tags"))
    return frames, run


def _tier_keys(tiers: str | Sequence[str] | Mapping[str, Iterable[str]], texts: Mapping[str, str]
               ) -> dict[str, list[str]]:
    """``{tier: keys}`` in tier order from any form of the ``tiers`` argument (keys in the order of ``texts``)."""
    keys = list(dict.fromkeys(texts))
    if isinstance(tiers, Mapping):
        unknown = [t for t in tiers if t not in TIERS]
        if unknown:
            raise ParameterError(f"annotation tier {', '.join(map(repr, unknown))} is not one of {', '.join(TIERS)}")
        asked = {t: set(k) for t, k in tiers.items()}
        for t, k in asked.items():
            absent = k - set(keys)
            if absent:
                raise ParameterError(f"annotate: tier {t!r} asks for keys without a text: {sorted(absent)[:3]}")
        return {t: [k for k in keys if k in asked[t]] for t in TIERS if t in asked}
    return {t: keys for t in tier_list(tiers)}


def _annotate_todo(todo: list[tuple[str, str]], tiers: tuple[str, ...], name: str, comps: tuple[str, ...],
                   root: Path, jobs: int, scheduler: str | None, show: bool, shard_chars: int,
                   run: AnnotationRun) -> list[tuple[str, list[str], dict[str, Any]]]:
    """Annotate the documents ``todo`` for ``tiers``, in this process, a local pool or on Dask."""
    if scheduler:
        run.backend = f"dask:{scheduler}"
        return _run_dask(todo, shard_chars, name, comps, root, scheduler, show, tiers)
    batches = _shards(todo, shard_chars, jobs)
    if jobs > 1 and len(batches) > 1:
        run.backend = f"processes:{jobs}"
        return _run_pool(batches, name, comps, root, jobs, show, tiers)
    return [_annotate_shard(b, name, comps, str(root), tiers)
            for b in _progress(batches, show, sum(len(b) for b in batches), tiers)]


def _progress(batches: list[list[tuple[str, str]]], show: bool, total: int,
              tiers: Sequence[str] = TIERS) -> Iterator[list[tuple[str, str]]]:
    if not show:
        yield from batches
        return
    from tqdm.auto import tqdm

    with tqdm(total=total, unit="doc", desc=f"annotating ({', '.join(tiers)})") as bar:
        for batch in batches:
            yield batch
            bar.update(len(batch))


def _run_pool(batches: list[list[tuple[str, str]]], name: str, comps: tuple[str, ...], folder: Path, jobs: int,
              show: bool, tiers: tuple[str, ...] = TIERS) -> list[tuple[str, list[str], dict[str, Any]]]:
    """Annotate ``batches`` in ``jobs`` spawned processes, largest shard first; returns the task results.

    The workers end with this process (:func:`lavrovkit.workers.worker_pool`): Ctrl-C, SIGTERM or a failed
    task terminates them, and a killed parent leaves none behind.
    """
    from concurrent.futures import as_completed

    order = sorted(batches, key=lambda b: sum(len(t) for _, t in b), reverse=True)
    with worker_pool(min(jobs, len(batches))) as pool:
        futures = [pool.submit(_annotate_shard, b, name, comps, str(folder), tiers) for b in order]
        return _collect(as_completed(futures), sum(len(b) for b in batches), f"annotating ({jobs} jobs)", show)


def _run_dask(items: list[tuple[str, str]], shard_chars: int, name: str, comps: tuple[str, ...], folder: Path,
              scheduler: str, show: bool, tiers: tuple[str, ...] = TIERS) -> list[tuple[str, list[str], dict[str, Any]]]:
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
        futures = client.map(_annotate_shard, batches, name=name, components=comps, folder=str(folder), tiers=tiers,
                             pure=False)
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
        "annotation_version": ANNOTATION_VERSION, "tier": folder.name.rsplit("-", 1)[-1],
        "tier_components": list(spec.tier_components(folder.name.rsplit("-", 1)[-1])),
        "generation": spec.cache_folder,
    }, indent=2))
