"""Similar passages: where else does someone say something like this, in any language?

:func:`similar` ranks a corpus's sentences (or paragraphs) by the cosine of
their vectors (:mod:`lavrovkit.embed`: multilingual-e5-small, Russian and
English in one space) to a query, which is one of:

- a text in any language: "We are ready for dialogue with Washington" finds
  "Мы готовы к диалогу с Вашингтоном" and the reverse. The text is embedded on
  the *passage* side of e5, like the corpus's sentences, chosen by measurement
  (``bench/semantic.py``, ``query_side``): 43 sentences of 150 UN speeches
  (12,366 sentences) translated into Russian; the Russian sentence as the
  query ranks its English original first 43 times of 43 on the passage side,
  41 on the "query:" side; the reverse (the English sentence finding its
  Russian translation among the 12,366 English sentences) 35 and 37 times:
  mean reciprocal rank over both directions 0.935 passage, 0.926 query
  (1.0 and 0.869 against 0.967 and 0.884): the passage side, ahead in the
  common case, a Russian question over English texts;
- a sentence of the corpus, ``(doc_id, sentence_id)``, or any row with
  ``doc_id`` and ``sentence_id`` (a KWIC row, a sentences row): "more like
  this", which leaves out the sentence itself (at paragraph level, its
  paragraph) and every passage whose text is the same as the sentence's.

Filters mean what they mean everywhere in the kit: ``speaker`` as in
:func:`lavrovkit.selection.speaker_scope` ("auto": Sergey Lavrov where he
speaks, all text where he never does; "all"; any speaker's name), ``start``,
``end``, ``source`` and any other argument of
:meth:`lavrovkit.corpus.Corpus.filter` (``genre``, ``doc_ids``, a documents
column such as ``country="USA"``). At paragraph level a paragraph is the
speaker's when most of its words are (as in :func:`lavrovkit.embed.units`).

Speed: the vectors of the whole corpus stay in the corpus's memo (one float32
matrix, read from the cache once), the filters become a boolean mask that is
kept too, and a query is one matrix-vector product and a partial sort: well
under a second over 300,000 sentences once warm.

>>> hits = similar(corpus, "Washington keeps adding new sanctions", top=3, speaker="all")
>>> hits.columns.tolist()
['rank', 'doc_id', 'paragraph_id', 'sentence_id', 'date', 'source', 'speaker', 'title', 'text', 'score']
>>> hits["rank"].tolist(), bool(hits["score"].is_monotonic_decreasing)
([1, 2, 3], True)
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from lavrovkit.corpus import document_labels
from lavrovkit.embed import DEFAULT_MODEL, Embeddings, check_level, corpus_embeddings, embedder
from lavrovkit.errors import ParameterError
from lavrovkit.selection import speaker_scope

if TYPE_CHECKING:  # pragma: no cover
    from lavrovkit.corpus import Corpus

#: Decimals the score is rounded to (the order is decided on the rounded score, then doc_id, ids).
SCORE_DECIMALS = 4
#: The columns of :func:`similar` at each level.
COLUMNS = {
    "sentence": ["rank", "doc_id", "paragraph_id", "sentence_id", "date", "source", "speaker", "title", "text",
                 "score"],
    "paragraph": ["rank", "doc_id", "paragraph_id", "date", "source", "speaker", "title", "text", "score"],
}


@functools.lru_cache(maxsize=256)
def _text_vector(text: str, model: str) -> np.ndarray:
    """The passage-side vector of a query text (kept in memory, never written to the cache).

    One engine thread: a sentence gains nothing from two, and on a busy machine the engine's
    threads waiting for each other made one short query take 2.5 s instead of 0.03 s (measured)."""
    emb = embedder(model)
    emb.threads(1)
    vector = emb.encode([text], "passage")[0]
    vector.setflags(write=False)
    return vector


def query_vector(text: str, model: str | None = None) -> np.ndarray:
    """The vector :func:`similar` compares a text query with: e5's passage side, as the corpus's sentences.

    >>> v = query_vector("Мы готовы к диалогу с Вашингтоном.")
    >>> v.shape, round(float(np.linalg.norm(v)), 3)
    ((384,), 1.0)
    """
    if not isinstance(text, str) or not text.strip():
        raise ParameterError("similar: the query is empty; give a text, a (doc_id, sentence_id) or a row "
                             "with doc_id and sentence_id")
    return _text_vector(" ".join(text.split()), model or DEFAULT_MODEL)


def sentence_ref(query: Any) -> tuple[str, int] | None:
    """The ``(doc_id, sentence_id)`` a query names, or None for a text query.

    A tuple or list of two, a mapping or a pandas row (Series, one-row
    DataFrame, namedtuple) with ``doc_id`` and ``sentence_id``.

    >>> sentence_ref(("000", 3)), sentence_ref({"doc_id": "001", "sentence_id": 2, "left": "..."})
    (('000', 3), ('001', 2))
    >>> sentence_ref("a text") is None
    True
    """
    if isinstance(query, str):
        return None
    if isinstance(query, pd.DataFrame):
        if len(query) != 1:
            raise ParameterError(f"similar: a table as the query must have one row, not {len(query)}")
        query = query.iloc[0]
    doc = sid = None
    if isinstance(query, (pd.Series, Mapping)):
        if "doc_id" not in query or "sentence_id" not in query:
            raise ParameterError("similar: a row as the query needs doc_id and sentence_id columns")
        doc, sid = query["doc_id"], query["sentence_id"]
    elif hasattr(query, "doc_id") and hasattr(query, "sentence_id"):
        doc, sid = query.doc_id, query.sentence_id
    elif isinstance(query, (tuple, list)) and len(query) == 2:
        doc, sid = query
    else:
        raise ParameterError(f"similar: cannot read a query from {type(query).__name__}; give a text, "
                             "a (doc_id, sentence_id) or a row with doc_id and sentence_id")
    try:
        number = int(sid)
    except (TypeError, ValueError):
        raise ParameterError(f"similar: sentence_id must be a whole number, not {sid!r}") from None
    if doc is None or (isinstance(doc, float) and doc != doc) or number != sid and not isinstance(sid, str):
        raise ParameterError(f"similar: not a sentence id: ({doc!r}, {sid!r})")
    return str(doc), number


def _sentence(corpus: Corpus, ref: tuple[str, int]) -> pd.Series:
    """The corpus's sentence ``ref`` (its sentences row), or a ParameterError naming it."""
    doc, sid = ref
    s = corpus.sentences
    mine = s[s["doc_id"].astype(str) == doc]
    if mine.empty:
        raise ParameterError(f"similar: no document {doc!r} in this corpus (sentence {doc}:{sid})")
    row = mine[mine["sentence_id"] == sid]
    if row.empty:
        raise ParameterError(f"similar: document {doc!r} has no sentence {sid} (its sentences are "
                             f"{int(mine['sentence_id'].min())}..{int(mine['sentence_id'].max())})")
    return row.iloc[0]


def _mask(corpus: Corpus, e: Embeddings, speaker: str | None, filters: dict[str, Any]) -> np.ndarray | None:
    """Which units the filters keep (None: all), kept in the corpus's memo per filter."""
    name, _ = speaker_scope(corpus, speaker, label=False)
    key = ("similar_mask", e.level, e.model, name, repr(sorted((k, _hashable(v)) for k, v in filters.items())))
    if key in corpus.memo:
        held: np.ndarray | None = corpus.memo[key]
        return held
    mask: np.ndarray | None = None
    if filters:
        kept = corpus.filter(**filters).documents["doc_id"].astype(str)
        mask = e.rows["doc_id"].astype(str).isin(set(kept)).to_numpy()
    if name is not None:
        said = e.rows["speaker"]
        who = (said.isna() if name == "none" else said == name).to_numpy()
        mask = who if mask is None else mask & who
    corpus.memo[key] = mask
    return mask


def _hashable(value: Any) -> Any:
    if isinstance(value, (list, tuple, set, frozenset, pd.Index, pd.Series, np.ndarray)):
        return tuple(sorted(map(str, value)))
    if isinstance(value, dict):
        return tuple(sorted((str(k), _hashable(v)) for k, v in value.items()))
    return str(value) if value is not None else None


def _doc_ids(corpus: Corpus, e: Embeddings) -> np.ndarray:
    """The units' doc_ids as strings (a numpy array, kept in the corpus's memo)."""
    key = ("similar_doc_ids", e.level, e.model)
    if key not in corpus.memo:
        corpus.memo[key] = e.rows["doc_id"].astype(str).to_numpy(dtype=object)
    held: np.ndarray = corpus.memo[key]
    return held


def _labels(corpus: Corpus) -> pd.Series:
    if "document_labels" not in corpus.memo:
        corpus.memo["document_labels"] = document_labels(corpus.documents)
    labels: pd.Series = corpus.memo["document_labels"]
    return labels


def similar(
    corpus: Corpus,
    query: Any,
    top: int = 10,
    level: str = "sentence",
    *,
    speaker: str | None = "auto",
    start: str | pd.Timestamp | None = None,
    end: str | pd.Timestamp | None = None,
    source: str | list[str] | None = None,
    min_score: float | None = None,
    model: str | None = None,
    **filters: Any,
) -> pd.DataFrame:
    """The ``top`` passages of ``corpus`` closest in meaning to ``query``, in any language (see the module
    docstring for the kinds of query and the filters).

    One row per passage, best first. Columns: rank (1, 2, ...), doc_id,
    paragraph_id, sentence_id (sentence level), date, source, speaker (of
    the sentence; of most of the paragraph's words), title (the document's
    title, or for an untitled document its readable label,
    :func:`lavrovkit.corpus.document_labels`), text, score (cosine of the two
    vectors, rounded to 4 decimals; 1 is the same meaning). Ties are ordered
    by doc_id, then paragraph and sentence id. ``min_score`` drops passages
    scoring less. ``attrs`` records the query: ``query`` (its text),
    ``query_ref`` (doc_id, sentence_id for "more like this"), ``level``,
    ``model``, ``candidates`` (passages the filters kept).

    >>> first = similar(corpus, "Мы готовы к диалогу с Вашингтоном", top=1, speaker="all")
    >>> first[["doc_id", "sentence_id", "score"]].shape
    (1, 3)
    >>> more = similar(corpus, ("000", 2), top=3, speaker="all")
    >>> bool(((more.doc_id == "000") & (more.sentence_id == 2)).any())   # never itself
    False
    """
    check_level(level)
    if isinstance(top, bool) or not isinstance(top, (int, np.integer)) or top < 1:
        raise ParameterError(f"similar: top must be a whole number of at least 1, not {top!r}")
    if min_score is not None and not -1.0 <= float(min_score) <= 1.0:
        raise ParameterError(f"similar: min_score is a cosine between -1 and 1, not {min_score!r}")
    name = model or DEFAULT_MODEL
    ref = sentence_ref(query)
    if ref is None:
        q = query_vector(query, name)
        query_text = " ".join(str(query).split())
    else:
        row = _sentence(corpus, ref)
        query_text = str(row["text"])
        q = None
    e = corpus_embeddings(corpus, level, model=name)
    doc_filters = {k: v for k, v in {"start": start, "end": end, "source": source, **filters}.items()
                   if v is not None and not (isinstance(v, str) and not v.strip())}
    mask = _mask(corpus, e, speaker, doc_filters)

    own = np.zeros(0, dtype=np.int64)
    if ref is not None:
        docs = _doc_ids(corpus, e) == ref[0]
        if level == "sentence":
            own = np.flatnonzero(docs & (e.rows["sentence_id"].to_numpy() == ref[1]))
        else:
            own = np.flatnonzero(docs & (e.rows["paragraph_id"].to_numpy() == int(row["paragraph_id"])))
        # the sentence's own vector where the corpus has it (the same text gives the same vector), else embed it
        q = e.vectors[own[0]] if level == "sentence" and len(own) else query_vector(query_text, name)

    q = np.asarray(q, dtype=np.float32)
    scores = e.vectors @ q
    keep = np.ones(len(scores), dtype=bool) if mask is None else mask.copy()
    if ref is not None:
        keep[own] = False
        # copies of the sentence: the same text has the same vector, so only rows scoring as the
        # sentence itself need their text compared
        near = np.flatnonzero(scores >= float(q @ q) - 1e-4)
        texts = e.rows["text"].iloc[near].tolist()
        keep[near[np.array([str(t).strip() == query_text.strip() for t in texts], dtype=bool)]] = False
    candidates = int(keep.sum())
    scores = np.where(keep, scores, -np.inf)
    if min_score is not None:
        scores[scores < float(min_score) - 0.5 * 10 ** -SCORE_DECIMALS] = -np.inf
    k = min(int(top), int(np.isfinite(scores).sum()))
    out = _empty(level) if k == 0 else _ranked(corpus, e, scores, k, level, min_score)
    out.attrs.update(query=query_text, query_ref=ref, level=level, model=name, candidates=candidates)
    return out


def _empty(level: str) -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype="datetime64[ns]" if c == "date" else object) for c in COLUMNS[level]})


def _ranked(corpus: Corpus, e: Embeddings, scores: np.ndarray, k: int, level: str,
            min_score: float | None) -> pd.DataFrame:
    """The ``k`` best rows: a partial sort, then every row that rounds to the k-th score (ties), sorted fully."""
    best = np.argpartition(-scores, k - 1)[:k]
    kth = float(scores[best].min())
    picked = np.flatnonzero(scores >= kth - 10 ** -SCORE_DECIMALS)
    rows = e.rows.iloc[picked].copy()
    rows["score"] = np.round(scores[picked].astype(np.float64), SCORE_DECIMALS)
    if min_score is not None:
        rows = rows[rows["score"] >= float(min_score)]
    ids = ["paragraph_id", "sentence_id"] if level == "sentence" else ["paragraph_id"]
    rows["doc_id"] = rows["doc_id"].astype(str)
    rows = rows.sort_values(["score", "doc_id", *ids], ascending=[False, True, *[True] * len(ids)],
                            kind="stable").head(k)
    rows["title"] = rows["doc_id"].map(_labels(corpus))
    rows.insert(0, "rank", np.arange(1, len(rows) + 1))
    return rows[COLUMNS[level]].reset_index(drop=True)
