"""The corpus: documents with trustworthy metadata, and their paragraphs, sentences, tokens and entities.

:func:`load_corpus` reads a folder, table, archive or the bundled seeds
(:mod:`lavrovkit.load`), cleans each text (:mod:`lavrovkit.clean`), fills
metadata from the catalog, the table, the filename pattern and text heuristics
(:mod:`lavrovkit.meta`; the catalog wins, every value keeps its origin), and
splits paragraphs. Sentences, tokens and entities come from spaCy through the
annotation cache (:mod:`lavrovkit.annotate`) the first time they are asked for;
each sentence then gets its speaker (:mod:`lavrovkit.segment`).

Example
-------
>>> corpus = load_corpus()                      # the five bundled seed documents
>>> corpus.documents[["doc_id", "date", "source"]].head(2).values.tolist()  # doctest: +SKIP
[['000', Timestamp('2019-02-24 00:00:00'), 'TASS'], ['001', Timestamp('2017-10-09 00:00:00'), 'Sputnik']]
>>> lavrov = corpus.own_words()                 # sentences Sergey Lavrov speaks  # doctest: +SKIP
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import uuid
import warnings
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from lavrovkit import annotate as ann
from lavrovkit.actors import Actors, load_actors
from lavrovkit.cache import ShardCache, cache_root, digest
from lavrovkit.clean import PROSE_REMOVED_WARN, clean_text
from lavrovkit.errors import ParameterError, SpeakerError  # noqa: F401  (re-exported)
from lavrovkit.load import CorpusWarning, RawDocument, read_corpus, seeds_path
from lavrovkit.meta import guess_metadata
from lavrovkit.segment import (
    GENERIC_SPEAKERS,
    Mention,
    attribute_speakers,
    is_heading,
    paragraphs_of,
)

#: Metadata every documents table carries (empty when unknown).
STANDARD_FIELDS = ("date", "date_precision", "source", "genre", "title", "dateline", "speaker", "notes")
#: Where metadata may come from, strongest first.
ORIGIN_PRIORITY = ("catalog", "table", "filename", "page", "heuristic")
#: Near-duplicate threshold (Jaccard of word 5-grams) used when loading drops copies.
DUPLICATE_THRESHOLD = 0.8
#: What loading may do with duplicate documents.
DUPLICATE_POLICIES = ("keep", "drop")
#: What counts as a word in ``documents.words`` (letters/digits, inner hyphens and apostrophes).
WORD_RE = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*")
#: Titles before a name in metadata ("Mr. Emmanuel Macron", "H.E. Mr. ..."): dropped so one person has one name.
HONORIFIC = re.compile(r"^(?:(?:Mr|Mrs|Ms|Miss|Dr|Prof|H\.\s?E|S\.\s?E)(?:\.\s*|\s+))+(?=\S)")
#: Institutions that speak in statements ("the ministry said").
ORG_NAMES = re.compile(
    r"\b(?:(?:the\s+)?(?:Russian|Russia's|US|U\.S\.|American|Ukrainian|Chinese)\s+"
    r"(?:Foreign|Defence|Defense)\s+Ministry|(?:the\s+)?(?:US\s+|U\.S\.\s+)?State\s+Department|"
    r"the\s+Kremlin|the\s+Pentagon|(?:Russian\s+)?Foreign\s+Ministry)\b",
    re.IGNORECASE,
)

DOC_COLUMNS = [
    "doc_id", "file", "date", "date_precision", "source", "genre", "title", "dateline",
    "speaker", "notes", "words", "encoding", "key", "text",
]
PARAGRAPH_COLUMNS = ["doc_id", "paragraph_id", "start_char", "end_char", "text", "part", "turn_speaker",
                     "speaker_role", "is_heading"]
SENTENCE_COLUMNS = [
    "doc_id", "paragraph_id", "sentence_id", "start_char", "end_char", "text", "speaker",
    "speaker_role", "is_quote", "speaker_how", "words",
]


#: Words left out of content-word counts besides spaCy's stop words: reporting verbs and news furniture.
CONTENT_STOPWORDS = frozenset({
    "say", "said", "says", "tell", "told", "add", "added", "note", "noted", "stress", "stressed",
    "also", "would", "could", "one", "well", "us", "u.s.", "mr", "ms", "etc", "year", "years",
})



@dataclass
class AnnotationOptions:
    """How and where the corpus is annotated when sentences/tokens/entities are first needed."""

    model: str | None = None
    components: tuple[str, ...] = ann.DEFAULT_COMPONENTS
    cache_dir: str | None = None
    jobs: int = 1
    scheduler: str | None = None
    progress: bool | None = None


@dataclass
class Corpus:
    """A loaded corpus: documents and everything derived from them, as pandas DataFrames.

    Tables (columns in ``docs/architecture.md``): ``documents``, ``paragraphs``,
    ``provenance``, ``cleaning``, ``skipped`` at once; ``sentences``, ``tokens``,
    ``entities`` on first use (annotated through the cache).
    """

    documents: pd.DataFrame
    paragraphs: pd.DataFrame
    provenance: pd.DataFrame
    cleaning: pd.DataFrame
    skipped: pd.DataFrame
    root: str = ""
    catalog: str | None = None
    options: AnnotationOptions = field(default_factory=AnnotationOptions)
    actors: Actors | None = None
    speaker_filter: str | None = None
    #: What loading did with duplicate documents: "keep" (every copy counted) or "drop" (one per group).
    duplicate_policy: str = "keep"
    #: The duplicate groups found at loading (dropped copies included), when loading looked for them.
    duplicate_groups: pd.DataFrame | None = field(default=None, repr=False)
    _annotated: dict[str, pd.DataFrame] | None = field(default=None, repr=False)
    last_run: ann.AnnotationRun | None = field(default=None, repr=False)
    #: Derived tables computed once per corpus object (e.g. theme hits per taxonomy); emptied by
    #: re-annotation and never shared with a sub-corpus.
    memo: dict[Any, Any] = field(default_factory=dict, repr=False, compare=False)

    # ------------------------------------------------------------------ annotation
    def annotate(self, **options: Any) -> Corpus:
        """Make sure sentences, tokens and entities are there (from cache or spaCy); returns self.

        Options override :class:`AnnotationOptions` (``jobs``, ``scheduler``,
        ``cache_dir``, ``model``, ``progress``).
        """
        if options:
            self.options = replace(self.options, **options)
        if self._annotated is not None and not options:
            return self
        docs = self.documents
        texts = dict(zip(docs["key"], docs["text"], strict=True))
        o = self.options
        tables, run = ann.annotate(
            texts, model=o.model, components=o.components, cache_dir=o.cache_dir,
            jobs=o.jobs, scheduler=o.scheduler, progress=o.progress, as_arrow=True,
        )
        self.last_run = run
        self.memo = {}
        gaz = self._actors()
        self._annotated = _attach(tables, docs, self.paragraphs, gaz, speaker_cache(run.folder, gaz))
        if self.speaker_filter is not None:
            self._annotated = _restrict_to_speaker(self._annotated, self.speaker_filter)
        return self

    def _actors(self) -> Actors:
        if self.actors is None:
            self.actors = load_actors()
        return self.actors

    @property
    def sentences(self) -> pd.DataFrame:
        """One row per sentence: ids, character offsets in ``documents.text``, text, speaker, is_quote."""
        return self.annotate()._annotated["sentences"]  # type: ignore[index]

    @property
    def tokens(self) -> pd.DataFrame:
        """One row per token: ids, offset, text, lower, lemma, pos, flags."""
        return self.annotate()._annotated["tokens"]  # type: ignore[index]

    @property
    def entities(self) -> pd.DataFrame:
        """One row per named entity: ids, offsets, text, label (spaCy's scheme)."""
        return self.annotate()._annotated["entities"]  # type: ignore[index]

    # ------------------------------------------------------------------ views
    def own_words(self, speaker: str = "Sergey Lavrov") -> pd.DataFrame:
        """The sentences ``speaker`` says himself: his quotes, his answers, his speeches.

        >>> load_corpus().own_words()["speaker"].unique().tolist()  # doctest: +SKIP
        ['Sergey Lavrov']
        """
        name = self.resolve_speaker(speaker)
        s = self.sentences
        return s[s["speaker"] == name].reset_index(drop=True)

    def duplicates(self, threshold: float = 0.8) -> pd.DataFrame:
        """Which documents are the same text saved twice (exact or near copies), and which copy counts?

        One row per document in a group of two or more: group, doc_id, kind
        (kept/exact/near), similarity to the kept copy (Jaccard of word
        5-grams), kept_doc_id, date, source, title, words; see
        :func:`lavrovkit.duplicates.find_duplicates`. With
        ``load_corpus(..., duplicates="drop")`` the dropped copies are listed too.

        >>> load_corpus().duplicates().empty
        True
        """
        from lavrovkit.duplicates import find_duplicates

        if self.duplicate_groups is not None and threshold == DUPLICATE_THRESHOLD:
            present = set(self.documents["doc_id"])
            groups = self.duplicate_groups
            keep = groups["kept_doc_id"].isin(present)
            return groups[keep].reset_index(drop=True)
        memo_key = ("duplicates", threshold)
        if memo_key not in self.memo:
            self.memo[memo_key] = find_duplicates(self.documents, threshold=threshold)
        return self.memo[memo_key].copy()

    def resolve_speaker(self, speaker: str) -> str | None:
        """Which name in ``sentences.speaker`` does a speaker filter mean?

        Any person who speaks in the corpus, however written: a gazetteer name
        or alias ('Sergei Lavrov' → 'Sergey Lavrov'), a surname one person has
        ('lavrov', 'Kelly' for a 'Megyn Kelly' who speaks in a transcript), a
        name in another case; 'question' (and 'interviewer') for the asking
        side, other generic speakers by their name ('moderator', 'remark');
        'none' or 'narration' for sentences nobody speaks (None).

        >>> load_corpus().resolve_speaker("lavrov")
        'Sergey Lavrov'
        """
        low = " ".join(speaker.split()).casefold()
        if low in {"none", "narration"}:
            return None
        if low in {"question", "questions", "interviewer"}:
            return "question"
        if low in GENERIC_SPEAKERS:
            return low
        actors = self._actors()
        name = actors.canonical(speaker.strip()) or actors.by_surname(speaker.strip())
        if name:
            return name
        # people the gazetteer does not know: the turn speakers and document speakers of this corpus
        present = {str(n) for n in pd.concat([self.paragraphs["turn_speaker"], self.documents["speaker"]]).dropna()}
        exact = [n for n in present if n.casefold() == low]
        if exact:
            return exact[0]
        by_surname = sorted(n for n in present if n.split()[-1].casefold() == low)
        if len(by_surname) == 1:
            return by_surname[0]
        return speaker.strip()

    def filter(
        self,
        start: str | pd.Timestamp | None = None,
        end: str | pd.Timestamp | None = None,
        source: str | Sequence[str] | None = None,
        genre: str | Sequence[str] | None = None,
        speaker: str | None = None,
        doc_ids: Iterable[str] | None = None,
        where: dict[str, str | Sequence[str]] | None = None,
        **fields: str | Sequence[str],
    ) -> Corpus:
        """A sub-corpus: documents dated within ``start``..``end`` (inclusive), of the given sources/genres.

        ``speaker`` ('lavrov', a name, 'question', 'none' or 'all') keeps the
        documents where that speaker speaks and only their sentences, tokens
        and entities; a speaker who says nothing anywhere in the corpus is a
        :class:`SpeakerError` listing the speakers there are (a typo never
        yields silently empty results). A name that is a document's speaker
        (e.g. from a joined ``speakers.csv``) is found whatever its case.
        Documents without a date are left out when a date bound is given.

        Any other documents column filters by value: ``post="President"``,
        ``country=["BRA", "CHL"]`` (case-insensitive exact match, a string or a
        list); ``where={"speaker": "Jair Bolsonaro"}`` does the same for a
        column whose name is a parameter here (the documents' own ``speaker``,
        with no annotation needed). An unknown column is a ValueError naming
        the columns there are.

        >>> load_corpus().filter(start="2018-01-01", source="TASS").documents.doc_id.tolist()  # doctest: +SKIP
        ['000']
        """
        docs = self.documents
        by_column: dict[str, str | Sequence[str]] = dict(where or {})
        for col, val in fields.items():
            if col in by_column:
                raise ParameterError(f"filter: column {col!r} given both in where= and as a keyword")
            by_column[col] = val
        unknown = [c for c in by_column if c not in docs.columns]
        if unknown:
            raise ParameterError(f"filter: no documents column {', '.join(map(repr, unknown))}; the columns are: "
                             f"{', '.join(map(str, docs.columns))}")
        if speaker and speaker.strip().lower() not in ("all", "none", "narration"):
            # a documents speaker (catalog or joined table) in another case or spacing: its own spelling
            wanted = " ".join(speaker.split()).casefold()
            own = {" ".join(str(s).split()).casefold(): str(s) for s in docs["speaker"].dropna().unique()}
            if wanted in own and self.resolve_speaker(speaker) not in own.values():
                speaker = own[wanted]
            speaker_not_found(self, speaker)
        mask = pd.Series(True, index=docs.index)
        if start:
            mask &= docs["date"] >= pd.Timestamp(start)
        if end:
            mask &= docs["date"] <= pd.Timestamp(end)
        for col, val in (("source", source), ("genre", genre)):
            if val:
                vals = {val.lower()} if isinstance(val, str) else {v.lower() for v in val}
                mask &= docs[col].fillna("").str.lower().isin(vals)
        for col, val in by_column.items():
            wanted_values = [val] if isinstance(val, str) or not isinstance(val, Iterable) else list(val)
            folded = {" ".join(str(v).split()).casefold() for v in wanted_values}
            column = docs[col].map(lambda v: None if v is None or (isinstance(v, float) and v != v)
                                   else " ".join(str(v).split()).casefold())
            mask &= column.isin(folded)
        if doc_ids is not None:
            mask &= docs["doc_id"].isin(list(doc_ids))
        keep = docs.loc[mask, "doc_id"]
        sub = self._subset(keep)
        if speaker and speaker.strip().lower() != "all":
            name = self.resolve_speaker(speaker)
            sub.speaker_filter = name if name is not None else "__none__"
            if sub._annotated is not None:
                sub._annotated = _restrict_to_speaker(sub._annotated, sub.speaker_filter)
            spoken = set(sub.sentences["doc_id"])
            sub = sub._subset(sub.documents.loc[sub.documents["doc_id"].isin(spoken), "doc_id"])
        return sub

    def _subset(self, doc_ids: Iterable[str]) -> Corpus:
        ids = set(doc_ids)

        def pick(df: pd.DataFrame) -> pd.DataFrame:
            return df[df["doc_id"].isin(ids)].reset_index(drop=True) if "doc_id" in df else df

        annotated = None
        if self._annotated is not None:
            annotated = {k: pick(v) for k, v in self._annotated.items()}
        return replace(
            self,
            documents=pick(self.documents), paragraphs=pick(self.paragraphs),
            provenance=pick(self.provenance), cleaning=pick(self.cleaning),
            _annotated=annotated, memo={},
        )

    def document_keys(self) -> list[str]:
        """Each document's cache key for what is derived from its annotated sentences.

        The text's key; with a speaker filter, also what decides which of its
        sentences are kept (date, speaker, genre, the gazetteer and the filter).
        """
        docs = self.documents
        if self.speaker_filter is None:
            return docs["key"].tolist()
        gaz = repr(self._actors().actors)
        return [digest(k, self.speaker_filter, gaz) for k in _speaker_keys(docs)]

    def per_document(self, name: str, schema: pa.Schema, compute: Callable[[Corpus], pd.DataFrame],
                     parts: Sequence[object], keys: Sequence[str] | None = None) -> pd.DataFrame:
        """A table derived document by document, computed once and then read from a per-document cache.

        ``compute(sub_corpus)`` returns rows with a ``doc_id`` column and the
        columns of ``schema`` (besides ``key``); it runs only on documents the
        cache lacks, 500 at a time, each batch written as one shard under
        ``<cache>/<name>/<annotation>-<digest of parts>/``. ``parts`` name what
        the rows depend on besides the annotation (rules, gazetteer, code);
        ``keys`` (default: the text's key, plus its speaker attribution when a
        speaker filter is set) what they depend on per document. Returns the
        rows with ``doc_id``, in document order.
        """
        docs = self.documents
        keys = self.document_keys() if keys is None else keys
        o = self.options
        spec = ann.model_spec(o.model, o.components)
        cache = ShardCache(cache_root(o.cache_dir) / name / f"{spec.cache_folder}-{digest(*parts)}",
                           {name: schema})
        done = cache.keys()
        todo = list({k: d for d, k in zip(docs["doc_id"], keys, strict=True) if k not in done}.items())
        for i in range(0, len(todo), 500):
            batch = dict(todo[i:i + 500])
            rows = compute(self._subset(batch.values()))
            key_of = {d: k for k, d in batch.items()}
            cache.write({name: rows.assign(key=rows["doc_id"].map(key_of))}, list(batch))
        cache.compact(keys)
        return _by_document(cache.read_arrow(keys)[name], keys, docs["doc_id"])

    def __len__(self) -> int:
        return len(self.documents)

    def fingerprint(self) -> str:
        """A short hash of the documents' texts and metadata: equal fingerprints, equal inputs."""
        h = hashlib.sha256()
        cols = [c for c in self.documents.columns if c != "text"]
        h.update(self.documents[cols].astype(str).to_csv(index=False).encode())
        for key in self.documents["key"]:
            h.update(key.encode())
        return h.hexdigest()[:16]


# ---------------------------------------------------------------------- loading


def load_corpus(
    path: str | Path | None = None,
    pattern: str | None = None,
    *,
    catalog: str | Path | None = None,
    catalog_on: str | dict[str, str] | None = None,
    text_column: str | None = None,
    actors: str | Path | Actors | None = None,
    model: str | None = None,
    cache_dir: str | Path | None = None,
    jobs: int = 1,
    scheduler: str | None = None,
    progress: bool | None = None,
    cache: bool = True,
    duplicates: str = "keep",
) -> Corpus:
    """Load a corpus: the bundled seeds (no path), a folder, a text file, an archive or a CSV/JSONL/Parquet table.

    ``pattern`` such as ``'{country}_{session}_{year}.txt'`` turns filename
    fields into metadata; ``catalog`` (default: ``catalog.csv`` beside the
    files) supplies metadata that wins over everything else; a table without
    file/id column (UNGDC's ``speakers.csv``) is joined by filename fields,
    found by value or named with ``catalog_on="country=country_code,year"``
    (see :func:`lavrovkit.load.read_corpus`). Files that can't be read are
    skipped with a warning and listed in ``corpus.skipped``.
    The loaded tables are cached (:class:`CorpusSnapshot`, keyed by the
    files' names, sizes and modification times, the arguments, the
    gazetteer and the kit's code); ``cache=False`` reads the files afresh.
    ``duplicates="drop"`` keeps one copy of each text saved more than once
    (the fullest; exact and near copies, see :meth:`Corpus.duplicates`) and
    records the dropped ones in ``corpus.duplicate_groups``; ``"keep"`` (the
    default) counts every copy. ``jobs`` also sets how many processes clean the
    files, with a progress bar when ``progress`` (or on a terminal).

    >>> len(load_corpus())
    5
    """
    if duplicates not in DUPLICATE_POLICIES:
        raise ParameterError(f"duplicates={duplicates!r}: expected one of {', '.join(DUPLICATE_POLICIES)}")
    gaz = actors if isinstance(actors, Actors) else load_actors(actors)
    read_args: dict[str, Any] = {"pattern": pattern, "catalog": catalog, "text_column": text_column,
                                 "catalog_on": catalog_on}
    snapshot = CorpusSnapshot.of(path, read_args, gaz, cache_dir) if cache else None
    tables = snapshot.read() if snapshot is not None else None
    if tables is None:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            tables = _build_tables(path, read_args, gaz, jobs, progress)
        for w in caught:  # pass them on as they were, and remember them for the next load
            warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
        if snapshot is not None:
            snapshot.write(tables, [(w.category.__name__, str(w.message)) for w in caught])
    corpus = Corpus(
        documents=tables["documents"],
        paragraphs=tables["paragraphs"],
        provenance=tables["provenance"],
        cleaning=tables["cleaning"],
        skipped=tables["skipped"],
        root=tables["info"]["root"],
        catalog=tables["info"]["catalog"],
        options=AnnotationOptions(model=model, cache_dir=str(cache_dir) if cache_dir else None,
                                  jobs=jobs, scheduler=scheduler, progress=progress),
        actors=gaz,
    )
    if duplicates == "drop":
        from lavrovkit.duplicates import duplicate_ids

        groups = corpus.duplicates()
        dropped = set(duplicate_ids(groups))
        corpus = corpus._subset(doc_id for doc_id in corpus.documents["doc_id"] if doc_id not in dropped)
        corpus.duplicate_policy, corpus.duplicate_groups = "drop", groups
    return corpus


#: The code a loaded corpus depends on: a change to any of these files invalidates cached loads.
_LOAD_CODE = ("load.py", "webpage.py", "clean.py", "meta.py", "corpus.py", "segment.py", "actors.py")
_SNAPSHOT_TABLES = ("documents", "paragraphs", "provenance", "cleaning", "skipped")


@dataclass
class CorpusSnapshot:
    """A loaded corpus's tables cached as Parquet under ``<cache>/corpora/<key>/``.

    The key hashes each input file's path, size and modification time (the
    folder's files, the archive, table or text file, the catalog), the load
    arguments, the gazetteer and the kit's loading code, so editing, adding or
    removing a file, or upgrading the kit, loads afresh. The folder is written
    under a temporary name and renamed into place whole.
    """

    folder: Path

    @classmethod
    def of(cls, path: str | Path | None, read_args: dict[str, Any], gaz: Actors,
           cache_dir: str | Path | None = None) -> CorpusSnapshot | None:
        """The snapshot for these inputs, or None when they can't be fingerprinted (e.g. a missing path)."""
        src = seeds_path() if path is None else Path(path)
        try:
            files = _input_stats(src)
            for name in ("catalog",):
                if read_args.get(name) and Path(read_args[name]).is_file():
                    files += _input_stats(Path(read_args[name]))
        except OSError:
            return None
        if not files:
            return None
        here = Path(__file__).parent
        key = digest(str(src.resolve()), sorted(files), sorted((k, str(v)) for k, v in read_args.items()),
                     repr(gaz.actors), repr(gaz.role_phrases), *(here.joinpath(f).read_bytes() for f in _LOAD_CODE))
        return cls(cache_root(cache_dir) / "corpora" / key)

    def read(self) -> dict[str, Any] | None:
        """The cached tables (warnings of the original load re-issued), or None when there are none."""
        info_path = self.folder / "info.json"
        if not info_path.is_file():
            return None
        try:
            info = json.loads(info_path.read_text())
            tables: dict[str, Any] = {name: pq.read_table(self.folder / f"{name}.parquet").to_pandas()
                                      for name in _SNAPSHOT_TABLES}
        except (OSError, ValueError, pa.ArrowInvalid):
            return None  # damaged: load afresh (and overwrite it)
        for category, message in info.get("warnings", []):
            warnings.warn(message, CorpusWarning if category == "CorpusWarning" else UserWarning, stacklevel=3)
        tables["info"] = info
        return tables

    def write(self, tables: dict[str, Any], caught: list[tuple[str, str]]) -> bool:
        """Store the tables; False (and nothing written) when a table can't be stored as Parquet."""
        tmp = self.folder.with_name(f".{self.folder.name}.{uuid.uuid4().hex}.tmp")
        try:
            tmp.mkdir(parents=True)
            for name in _SNAPSHOT_TABLES:
                pq.write_table(pa.Table.from_pandas(tables[name], preserve_index=False), tmp / f"{name}.parquet",
                               compression="zstd")
            (tmp / "info.json").write_text(json.dumps({**tables["info"], "warnings": caught}, indent=2))
            if self.folder.exists():
                shutil.rmtree(self.folder, ignore_errors=True)
            os.replace(tmp, self.folder)
            return True
        except (OSError, pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError):
            return False  # e.g. a metadata column mixing numbers and text: this corpus loads afresh each time
        finally:
            if tmp.exists():
                shutil.rmtree(tmp, ignore_errors=True)


def _input_stats(src: Path) -> list[tuple[str, int, int]]:
    """(path, size, mtime_ns) of ``src`` or, for a folder, of every file under it."""
    if src.is_dir():
        out = []
        for root, dirs, names in os.walk(src):
            dirs.sort()
            for name in sorted(names):
                st = os.stat(os.path.join(root, name))
                out.append((os.path.relpath(os.path.join(root, name), src), st.st_size, st.st_mtime_ns))
        return out
    st = src.stat()
    out = [(src.name, st.st_size, st.st_mtime_ns)]
    beside = src.parent / "catalog.csv"
    if beside.is_file() and beside != src:  # a single file's catalog lives beside it
        bst = beside.stat()
        out.append((beside.name, bst.st_size, bst.st_mtime_ns))
    return out


def _build_tables(path: str | Path | None, read_args: dict[str, Any], gaz: Actors, jobs: int = 1,
                  progress: bool | None = None) -> dict[str, Any]:
    """Read, clean and segment the files: the documents, paragraphs, provenance, cleaning and skipped tables.

    Cleaning and segmentation run in ``jobs`` spawned processes when there is more than one
    (chunks of :data:`CLEAN_CHUNK` documents, results in corpus order, warnings passed on).
    """
    loaded = read_corpus(path, **read_args)
    doc_rows: list[dict[str, Any]] = []
    prov_rows: list[dict[str, Any]] = []
    clean_rows: list[dict[str, Any]] = []
    para_rows: list[dict[str, Any]] = []
    extra_fields: list[str] = []
    for row, prov, cleaning, paras in _clean_documents(loaded.documents, gaz, jobs, progress):
        for k in row:
            if k not in DOC_COLUMNS and k not in extra_fields:
                extra_fields.append(k)
        doc_rows.append(row)
        prov_rows.extend(prov)
        clean_rows.extend(cleaning)
        para_rows.extend(paras)
    documents = pd.DataFrame(doc_rows, columns=DOC_COLUMNS + extra_fields)
    documents["date"] = pd.to_datetime(documents["date"], errors="coerce")
    documents["words"] = documents["words"].astype("int64")
    for col in ("date_precision",):
        documents[col] = documents[col].fillna("unknown")
    return {
        "documents": documents,
        "paragraphs": pd.DataFrame(para_rows, columns=PARAGRAPH_COLUMNS),
        "provenance": pd.DataFrame(prov_rows, columns=["doc_id", "field", "value", "origin", "evidence", "used"]),
        "cleaning": pd.DataFrame(clean_rows, columns=["doc_id", "kind", "detail", "text"]),
        "skipped": pd.DataFrame(loaded.skipped, columns=["file", "reason"]),
        "info": {"root": str(loaded.root), "catalog": str(loaded.catalog) if loaded.catalog else None},
    }


#: Documents per cleaning task when cleaning runs in several processes.
CLEAN_CHUNK = 64
_Cleaned = tuple[dict[str, Any], list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]


def _clean_documents(raws: Sequence[RawDocument], gaz: Actors, jobs: int = 1,
                     progress: bool | None = None) -> Iterable[_Cleaned]:
    """Each document's row, provenance, cleaning and paragraph rows, in corpus order (``jobs`` processes)."""
    import sys

    show = progress if progress is not None else sys.stderr.isatty()
    chunks = [list(raws[i:i + CLEAN_CHUNK]) for i in range(0, len(raws), CLEAN_CHUNK)]
    bar = None
    if show and raws:
        from tqdm.auto import tqdm

        bar = tqdm(total=len(raws), unit="doc", desc=f"cleaning ({jobs} jobs)" if jobs > 1 else "cleaning")
    try:
        if jobs > 1 and len(chunks) > 1:
            from concurrent.futures import ProcessPoolExecutor
            from multiprocessing import get_context

            with ProcessPoolExecutor(max_workers=min(jobs, len(chunks)), mp_context=get_context("spawn"),
                                     initializer=_set_worker_gazetteer, initargs=(gaz,)) as pool:
                for done, caught in pool.map(_clean_chunk, chunks):
                    for category, message in caught:  # warnings raised in a worker, passed on here
                        warnings.warn(category(message), stacklevel=2)
                    if bar is not None:
                        bar.update(len(done))
                    yield from done
        else:
            for chunk in chunks:
                done = [_cleaned(raw, gaz) for raw in chunk]
                if bar is not None:
                    bar.update(len(done))
                yield from done
    finally:
        if bar is not None:
            bar.close()


#: The gazetteer of a cleaning worker process, sent once when the worker starts (not with every chunk).
_WORKER_GAZETTEER: list[Actors] = []


def _set_worker_gazetteer(gaz: Actors) -> None:
    _WORKER_GAZETTEER[:] = [gaz]


def _clean_chunk(raws: list[RawDocument]) -> tuple[list[_Cleaned], list[tuple[type[Warning], str]]]:
    """Clean a chunk of documents in a worker process; the warnings it raised, to pass on."""
    gaz = _WORKER_GAZETTEER[0]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        done = [_cleaned(raw, gaz) for raw in raws]
    return done, [(w.category, str(w.message)) for w in caught]


def _cleaned(raw: RawDocument, gaz: Actors) -> _Cleaned:
    row, prov, cleaning, standfirst = _document(raw, gaz)
    return row, prov, cleaning, _paragraph_rows(row["doc_id"], row["text"], row.get("title"), standfirst, gaz)


def _document(raw: RawDocument, gaz: Actors
              ) -> tuple[dict[str, Any], list[dict[str, Any]], list[dict[str, Any]], list[str]]:
    """One document's row, provenance and cleaning rows, and its standfirst paragraphs (web pages)."""
    cleaned = clean_text(raw.raw, is_html=raw.is_html)
    prose = cleaned.prose_removed
    if len(prose) >= PROSE_REMOVED_WARN:
        warnings.warn(CorpusWarning(
            f"{raw.file}: cleaning removed {len(prose)} paragraphs of running prose inside the article as "
            f"furniture; they are in corpus.cleaning (kind 'removed'), e.g. {prose[0][:80]!r}"), stacklevel=2)
    cleaning = [{"doc_id": raw.doc_id, "kind": "load", "detail": note, "text": None} for note in raw.notes]
    cleaning += [{"doc_id": raw.doc_id, "kind": a.get("kind"), "detail": a.get("detail"), "text": None}
                 for a in cleaned.actions]
    cleaning += [{"doc_id": raw.doc_id, "kind": "removed", "detail": r.get("rule"), "text": r.get("text")}
                 for r in cleaned.removed]
    candidates: list[dict[str, Any]] = []
    for fld, value in raw.meta.items():
        if value is None or (isinstance(value, float) and value != value) or str(value).strip() == "":
            continue
        candidates.append({"field": fld, "value": value, "origin": raw.meta_origin.get(fld, "table"),
                           "evidence": raw.meta_evidence.get(fld) or raw.meta_origin.get(fld, "table")})
    meta_text = cleaned.text if cleaned.page is not None else raw.raw
    for guess in guess_metadata(meta_text, raw.file, page=cleaned.page):
        if guess.get("value") in (None, ""):
            continue
        candidates.append({"field": guess["field"], "value": guess["value"], "origin": guess["origin"],
                           "evidence": guess.get("evidence", "")})
    chosen: dict[str, dict[str, Any]] = {}
    rank = {o: i for i, o in enumerate(ORIGIN_PRIORITY)}
    for cand in candidates:
        cur = chosen.get(cand["field"])
        if cur is None or rank.get(cand["origin"], 9) < rank.get(cur["origin"], 9):
            chosen[cand["field"]] = cand
    # the date and its precision travel together
    if "date" in chosen and "date_precision" in chosen and chosen["date_precision"]["origin"] != chosen["date"]["origin"]:
        same = [c for c in candidates if c["field"] == "date_precision" and c["origin"] == chosen["date"]["origin"]]
        if same:
            chosen["date_precision"] = same[0]
        else:
            chosen["date_precision"] = {"field": "date_precision", "value": _precision(str(chosen["date"]["value"])),
                                        "origin": chosen["date"]["origin"], "evidence": "from the date's form"}
            candidates.append(chosen["date_precision"])
    row: dict[str, Any] = {"doc_id": raw.doc_id, "file": raw.file}
    for fld, cand in chosen.items():
        row[fld] = cand["value"]
    for fld in STANDARD_FIELDS:
        row.setdefault(fld, None)
    if row.get("date") and not row.get("date_precision"):
        row["date_precision"] = _precision(str(row["date"]))
    if row.get("speaker"):
        name = HONORIFIC.sub("", " ".join(str(row["speaker"]).split()))
        row["speaker"] = gaz.canonical(name) or name
    text = cleaned.text
    row.update(words=len(WORD_RE.findall(text)), encoding=raw.encoding, key=ann.text_key(text), text=text)
    prov = [{"doc_id": raw.doc_id, **c, "value": str(c["value"]), "used": chosen.get(c["field"]) is c} for c in candidates]
    return row, prov, cleaning, (cleaned.page.standfirst if cleaned.page is not None else [])


def _precision(value: str) -> str:
    value = value.strip()
    if re.fullmatch(r"\d{4}", value):
        return "year"
    if re.fullmatch(r"\d{4}-\d{2}", value):
        return "month"
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}.*", value):
        return "day"
    return "unknown"


def _paragraph_rows(doc_id: str, text: str, title: str | None, standfirst: Sequence[str],
                    gaz: Actors) -> list[dict[str, Any]]:
    """One row per paragraph: its span, part (headline/standfirst/body), turn speaker and role, heading flag."""
    lead = {_plain(p) for p in standfirst}
    rows = []
    for pid, p in enumerate(paragraphs_of(text)):
        body = text[p.start:p.end]
        plain = _plain(body)
        if pid == 0 and title and plain == _plain(title):
            part = "headline"
        elif plain in lead and not p.turn:
            part = "standfirst"
        else:
            part = "body"
        speaker = p.speaker if p.speaker is None or p.speaker in GENERIC_SPEAKERS else (
            gaz.resolve(p.speaker) or p.speaker)
        rows.append({"doc_id": doc_id, "paragraph_id": pid, "start_char": p.start, "end_char": p.end,
                     "text": body, "part": part, "turn_speaker": speaker, "speaker_role": p.role,
                     "is_heading": not p.turn and is_heading(body)})
    return rows


def _plain(text: str) -> str:
    """A paragraph's letters and digits only, lower-cased: how headlines and standfirsts are recognised."""
    return re.sub(r"[\W_]+", "", text).casefold()


# ---------------------------------------------------------------------- annotation → tables


def _attach(tables: dict[str, pa.Table], docs: pd.DataFrame, paragraphs: pd.DataFrame, gaz: Actors,
            speaker_cache: ShardCache | None = None) -> dict[str, pd.DataFrame]:
    """Turn cache tables keyed by text hash (rows in document order) into per-document tables with speakers."""
    out = {}
    for name, table in tables.items():
        if isinstance(table, pd.DataFrame):
            table = pa.Table.from_pandas(table, preserve_index=False)
        out[name] = _by_document(table, docs["key"].tolist(), docs["doc_id"])
    out["sentences"] = _speakers(out["sentences"], docs, paragraphs, out["entities"], gaz, speaker_cache)
    return out


def _by_document(table: pa.Table, keys: Sequence[str], doc_ids: pd.Series) -> pd.DataFrame:
    """Cache rows keyed by ``key`` (in the order of ``keys``) as a DataFrame keyed by ``doc_id`` instead.

    ``keys`` and ``doc_ids`` run in parallel, one per document. One document
    per key: doc_id by position, rows kept in their order. The same key under
    several documents (the same text twice): each document gets a copy of its rows.
    """
    if len(set(keys)) == len(keys):
        position = pc.index_in(table.column("key"), value_set=pa.array(list(keys), type=pa.string()))
        doc_id = pc.take(pa.array(doc_ids.astype(str).tolist(), type=pa.string()), position)
        return table.drop_columns(["key"]).add_column(0, "doc_id", doc_id).to_pandas()
    pairs = pd.DataFrame({"key": list(keys), "doc_id": doc_ids.to_numpy(), "_o": range(len(doc_ids))})
    frame = table.to_pandas().reset_index(names="_r").merge(pairs, on="key")
    frame = frame.sort_values(["_o", "_r"], kind="stable").drop(columns=["key", "_o", "_r"])
    return frame[["doc_id"] + [c for c in frame.columns if c != "doc_id"]].reset_index(drop=True)


#: What a sentence's speaker depends on besides the cached annotation: the code that decides it.
_SPEAKER_CODE = ("segment.py", "actors.py", "corpus.py")
SPEAKER_SCHEMA = pa.schema([("key", pa.string()), ("sentence_id", pa.int32()), ("speaker", pa.string()),
                            ("speaker_role", pa.string()), ("is_quote", pa.bool_()), ("speaker_how", pa.string()),
                            ("words", pa.int32())])


def speaker_cache(annotation_folder: Path, gaz: Actors) -> ShardCache:
    """Where speaker attributions for this annotation and gazetteer are cached (keyed per document)."""
    here = Path(__file__).parent
    code = digest(*(here.joinpath(f).read_bytes() for f in _SPEAKER_CODE))
    gazetteer = digest(repr(gaz.actors), repr(gaz.role_phrases))
    folder = annotation_folder.parent.parent / "speakers" / f"{annotation_folder.name}-{gazetteer}-{code}"
    return ShardCache(folder, {"speakers": SPEAKER_SCHEMA})


def _speaker_keys(docs: pd.DataFrame) -> list[str]:
    """A document's speaker-cache key: its text and the metadata attribution reads (date, speaker, genre)."""
    return [digest(k, d, s, g) for k, d, s, g in zip(docs["key"], docs["date"].astype(str),
                                                         docs["speaker"].astype(str), docs["genre"].astype(str),
                                                         strict=True)]


def _speakers(sentences: pd.DataFrame, docs: pd.DataFrame, paragraphs: pd.DataFrame,
              entities: pd.DataFrame, gaz: Actors, cache: ShardCache | None = None) -> pd.DataFrame:
    """Each sentence's speaker, quote flag and how it was decided, from the cache or :func:`_attribute`."""
    texts = dict(zip(docs["doc_id"], docs["text"], strict=True))
    out = sentences.copy()
    starts, ends = out["start_char"].to_numpy(), out["end_char"].to_numpy()
    out["text"] = pd.Series([texts[d][s:e] for d, s, e in zip(out["doc_id"], starts, ends, strict=True)],
                            index=out.index, dtype="str")
    if cache is None:
        attributed = _attribute(sentences, docs, paragraphs, entities, gaz)
    else:
        keys = _speaker_keys(docs)
        done = cache.keys()
        todo = [i for i, k in enumerate(keys) if k not in done]
        for chunk in range(0, len(todo), 500):
            part = docs.iloc[todo[chunk:chunk + 500]]
            rows = _attribute(sentences[sentences["doc_id"].isin(part["doc_id"])], part, paragraphs, entities, gaz)
            key_of = dict(zip(part["doc_id"], [keys[i] for i in todo[chunk:chunk + 500]], strict=True))
            rows = rows.assign(key=rows["doc_id"].map(key_of))
            cache.write({"speakers": rows}, list(key_of.values()))
        cache.compact(keys)
        attributed = cache.read(keys)["speakers"]
        if len(attributed) != len(out) or not np.array_equal(attributed["sentence_id"].to_numpy(),
                                                             out["sentence_id"].to_numpy()):
            attributed = _attribute(sentences, docs, paragraphs, entities, gaz)  # cache out of step: recompute
    for col in ("speaker", "speaker_role"):
        out[col] = pd.Series(attributed[col].to_numpy(dtype=object, na_value=None), index=out.index, dtype="object")
    out["is_quote"] = pd.Series(attributed["is_quote"].to_numpy(), index=out.index, dtype="bool")
    out["speaker_how"] = pd.Series(attributed["speaker_how"].to_numpy(), index=out.index, dtype="object")
    out["words"] = attributed["words"].to_numpy(dtype=np.int64)
    return out[SENTENCE_COLUMNS]


def _attribute(sentences: pd.DataFrame, docs: pd.DataFrame, paragraphs: pd.DataFrame,
               entities: pd.DataFrame, gaz: Actors) -> pd.DataFrame:
    """Run speaker attribution (:func:`lavrovkit.segment.attribute_speakers`) on each document's sentences."""
    texts = dict(zip(docs["doc_id"], docs["text"], strict=True))
    meta = docs.set_index("doc_id")
    persons = entities[entities["label"] == "PERSON"] if not entities.empty else entities
    persons_by_doc = {d: g for d, g in persons.groupby("doc_id", sort=False)} if not persons.empty else {}
    rows: list[tuple[str, int, str | None, str | None, bool, str, int]] = []
    for doc_id, group in sentences.groupby("doc_id", sort=False):
        text = texts[doc_id]
        paras = paragraphs_of(text)
        doc_date = meta.at[doc_id, "date"]
        day = None if pd.isna(doc_date) else doc_date.date()
        mentions = _mentions(text, day, gaz, persons_by_doc.get(doc_id))
        spans = list(zip(group["paragraph_id"], group["start_char"], group["end_char"], strict=True))
        doc_speaker = meta.at[doc_id, "speaker"]
        genre = meta.at[doc_id, "genre"]
        result = attribute_speakers(
            text, paras, spans, mentions,
            doc_speaker=None if pd.isna(doc_speaker) else doc_speaker,
            genre=None if pd.isna(genre) else genre,
            normalise=gaz.resolve,
        )
        for sid, (speaker, is_quote, how), (pid, s, e) in zip(group["sentence_id"], result, spans, strict=True):
            role = paras[pid].role if how == "turn" and pid < len(paras) else None
            rows.append((doc_id, int(sid), speaker, role, bool(is_quote), how, len(WORD_RE.findall(text, s, e))))
    return pd.DataFrame(rows, columns=["doc_id", "sentence_id", "speaker", "speaker_role", "is_quote", "speaker_how",
                                       "words"])


def _mentions(text: str, day: Any, gaz: Actors, persons: pd.DataFrame | None) -> list[Mention]:
    found = [Mention(m.start, m.end, m.name) for m in gaz.mentions(text, day)]
    taken = [(m.start, m.end) for m in found]
    if persons is not None:
        for s, e, surface in zip(persons["start_char"], persons["end_char"], persons["text"], strict=True):
            if any(a < e and s < b for a, b in taken):
                continue
            found.append(Mention(int(s), int(e), _clean_person(surface)))
    for m in ORG_NAMES.finditer(text):
        found.append(Mention(m.start(), m.end(), _org_label(m.group()), kind="org"))
    return sorted(found, key=lambda m: m.start)


def _clean_person(surface: str) -> str:
    return re.sub(r"(?:['’]s)$", "", surface.strip())


def _org_label(surface: str) -> str:
    s = re.sub(r"^the\s+", "", surface.strip(), flags=re.IGNORECASE)
    s = re.sub(r"^Russia's\s+", "Russian ", s)
    if re.fullmatch(r"Foreign\s+Ministry", s, flags=re.IGNORECASE):
        s = "Russian Foreign Ministry"
    return " ".join(w[0].upper() + w[1:] for w in s.split())


def _restrict_to_speaker(tables: dict[str, pd.DataFrame], speaker: str | None) -> dict[str, pd.DataFrame]:
    s = tables["sentences"]
    keep = s[s["speaker"].isna()] if speaker in (None, "__none__") else s[s["speaker"] == speaker]
    ids = keep[["doc_id", "sentence_id"]]
    out = {"sentences": keep.reset_index(drop=True)}
    for name in ("tokens", "entities"):
        out[name] = tables[name].merge(ids, on=["doc_id", "sentence_id"]).reset_index(drop=True)
    return out


def choose_speaker(corpus: Corpus, speaker: str = "auto") -> tuple[str, str]:
    """Whose words a report measures, and a sentence saying so.

    ``'auto'`` (the reports' default) is Sergey Lavrov where he speaks in the
    corpus and all text where he never does (e.g. the UN General Debates);
    any other value is used as given (a speaker who says nothing is still a
    :class:`SpeakerError` when it is applied).

    >>> choose_speaker(load_corpus())[0]  # doctest: +SKIP
    'Sergey Lavrov'
    """
    if speaker.strip().lower() != "auto":
        who = speaker.strip() or "all"
        return who, ("all text" if who.lower() == "all" else f"{who}'s own words")
    name = corpus.resolve_speaker("Sergey Lavrov")
    spoken = corpus.sentences["speaker"].value_counts()
    if name in spoken.index:
        return name, f"{name}'s own words"
    top = ", ".join(spoken.head(3).index) or "nobody identified"
    return "all", f"all text (Sergey Lavrov never speaks in this corpus; most sentences: {top})"


def speaker_not_found(corpus: Corpus, speaker: str) -> None:
    """Raise :class:`SpeakerError` listing the speakers there are, when ``speaker`` says nothing."""
    name = corpus.resolve_speaker(speaker)
    speakers = corpus.sentences["speaker"].dropna().value_counts()
    if name not in speakers.index:
        listing = ", ".join(f"{n} ({c})" for n, c in speakers.head(15).items())
        raise SpeakerError(f"no sentence is spoken by {speaker!r}; speakers in this corpus: {listing or 'none'}")


def warn_undated(corpus: Corpus) -> None:
    """Warn when documents lack a date (date filters and trends leave them out)."""
    undated = corpus.documents[corpus.documents["date"].isna()]
    if len(undated):
        warnings.warn(
            f"{len(undated)} document(s) have no date and are left out of date filters and trends: "
            + ", ".join(undated["doc_id"].head(10)), stacklevel=2,
        )


# ---------------------------------------------------------------------- summaries


def speaker_share(corpus: Corpus, speaker: str = "Sergey Lavrov") -> pd.DataFrame:
    """How much of each document does ``speaker`` say himself?

    Columns: doc_id, date, source, genre, words, speaker_words, share (0-1),
    sentences, speaker_sentences. Words are counted as in ``documents.words``.

    >>> speaker_share(load_corpus())[["doc_id", "share"]]  # doctest: +SKIP
    """
    name = corpus.resolve_speaker(speaker)
    s = corpus.sentences
    counts = s.assign(w=s["text"].map(lambda t: len(WORD_RE.findall(t))), mine=s["speaker"] == name)
    per_doc = counts.groupby("doc_id", sort=False).agg(
        sentences=("sentence_id", "size"),
        speaker_sentences=("mine", "sum"),
        speaker_words=("w", lambda w: int(w[counts.loc[w.index, "mine"]].sum())),
    )
    docs = corpus.documents[["doc_id", "date", "source", "genre", "words"]]
    out = docs.merge(per_doc, left_on="doc_id", right_index=True, how="left").fillna(
        {"sentences": 0, "speaker_sentences": 0, "speaker_words": 0})
    out["share"] = (out["speaker_words"] / out["words"].where(out["words"] > 0)).fillna(0.0).round(3)
    for col in ("sentences", "speaker_sentences", "speaker_words"):
        out[col] = out[col].astype("int64")
    return out[["doc_id", "date", "source", "genre", "words", "speaker_words", "share", "sentences",
                "speaker_sentences"]].reset_index(drop=True)


def speaker_shares(corpus: Corpus, turns_only: bool = True) -> pd.DataFrame:
    """Who speaks how much of each document? One row per document and speaker.

    Columns: doc_id, date, title, speaker ("narration" for sentences nobody
    speaks), speaker_role (the role written in the person's turn labels),
    sentences, words, share (of the document's words, 0-1). ``turns_only``
    keeps the documents with transcript turns (interviews, press
    conferences, meeting transcripts); rows are in document order, largest
    share first.

    >>> speaker_shares(load_corpus())[["doc_id", "speaker", "share"]].head(2)  # doctest: +SKIP
    """
    s = corpus.sentences
    if turns_only:
        s = s[s["doc_id"].isin(set(s.loc[s["speaker_how"] == "turn", "doc_id"]))]
    s = s.assign(speaker=s["speaker"].fillna("narration"))
    roles = s.dropna(subset=["speaker_role"]).drop_duplicates(["doc_id", "speaker"])[["doc_id", "speaker",
                                                                                          "speaker_role"]]
    out = s.groupby(["doc_id", "speaker"], sort=False).agg(sentences=("sentence_id", "size"), words=("words", "sum"))
    out = out.reset_index().merge(roles, on=["doc_id", "speaker"], how="left")
    out["share"] = (out["words"] / out.groupby("doc_id")["words"].transform("sum").where(lambda w: w > 0)).fillna(0.0)
    docs = corpus.documents[["doc_id", "date", "title"]]
    out = docs.merge(out, on="doc_id")
    order = {d: i for i, d in enumerate(corpus.documents["doc_id"])}
    out = out.assign(_o=out["doc_id"].map(order)).sort_values(["_o", "share"], ascending=[True, False], kind="stable")
    out["share"] = out["share"].round(3)
    return out[["doc_id", "date", "title", "speaker", "speaker_role", "sentences", "words", "share"]].reset_index(
        drop=True)


def date_label(documents: pd.DataFrame) -> pd.Series:
    """Each document's date as precise as it is known: '2019-02-24', '2019-02' (month) or '2019' (year).

    >>> date_label(load_corpus().documents).tolist()[:2]  # doctest: +SKIP
    ['2019-02-24', '2017-10-09']
    """
    fmt = documents["date_precision"].map({"year": "%Y", "month": "%Y-%m"}).fillna("%Y-%m-%d")
    return pd.Series([d.strftime(f) if not pd.isna(d) else "undated" for d, f in zip(documents["date"], fmt, strict=True)],
                     index=documents.index, dtype="object")


def content_words(
    tokens: pd.DataFrame,
    names: Iterable[str] = (),
    extra_stopwords: Iterable[str] = (),
    use_lemma: bool = True,
    proper_nouns: bool = False,
) -> pd.Series:
    """Which content words do these tokens hold? Lower-cased lemmas (or words), index aligned with ``tokens``.

    Left out: stop words, punctuation, numbers, words of two letters or fewer,
    :data:`CONTENT_STOPWORDS`, ``extra_stopwords``, every word of ``names``
    (e.g. the actors gazetteer's names) and, unless ``proper_nouns``, all proper nouns.

    >>> content_words(load_corpus().tokens).value_counts().head(3)  # doctest: +SKIP
    """
    if tokens.empty:
        return pd.Series(dtype="object")
    keep = tokens["is_alpha"] & ~tokens["is_stop"]
    if not proper_nouns:
        keep &= tokens["pos"] != "PROPN"
    words = tokens.loc[keep, "lemma" if use_lemma else "lower"].str.lower()
    drop = set(CONTENT_STOPWORDS) | {w.lower() for w in extra_stopwords}
    for name in names:
        drop.update(p.lower() for p in re.findall(r"\w+", name))
    return words[~words.isin(drop) & (words.str.len() > 2)]


def words_by(corpus: Corpus, by: str | Sequence[str] = ("source", "genre")) -> pd.DataFrame:
    """How many documents and words per source, genre (or any documents column)?

    Columns: the ``by`` columns, documents, words.
    """
    cols = [by] if isinstance(by, str) else list(by)
    docs = corpus.documents.assign(**{c: corpus.documents[c].fillna("unknown") for c in cols})
    out = docs.groupby(cols, sort=True).agg(documents=("doc_id", "size"), words=("words", "sum")).reset_index()
    return out.sort_values("words", ascending=False).reset_index(drop=True)
