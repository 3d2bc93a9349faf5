"""Original and translation: which documents translate which, sentence by sentence, and in which words.

The Foreign Ministry and the Kremlin publish a statement in Russian and, the
same day or soon after, its English version; news agencies do the same. In
a corpus holding both, this module answers:

- :func:`translation_pairs`: which English document translates which Russian
  one. A documents column ``translation_of`` (from the catalog) naming the
  other document's doc_id links a pair outright (``how="catalog"``); the
  other documents are *matched* (``how="matched"``): each document of one
  language is compared with the documents of the other language dated within
  ``window`` days, sentence vector against sentence vector
  (:mod:`lavrovkit.embed`: multilingual-e5, Russian and English in one space,
  where a sentence and its translation score about 0.9 cosine). Two sentences
  are *aligned* when each is the other's closest sentence and their cosine is
  at least ``threshold``; the pair's ``score`` is the share of the shorter
  document's sentences that are aligned. Pairs scoring at least
  ``min_score`` with at least ``min_aligned`` aligned sentences are taken
  best first, each document in one pair at most (so two statements of the same
  day, or two same-day reports on the same subject, are not paired).
- :func:`translation_sentences`: each English sentence of the linked pairs
  beside the Russian sentence(s) it translates, with provenance on both sides.
- :func:`translation_terms`: the Russian words behind an English phrase: the
  Russian lemma n-grams over-represented in the sentences aligned with the
  English sentences that use the phrase, against the other aligned Russian
  sentences (log-likelihood G2 and log ratio, as :func:`lavrovkit.keywords.keyness`).
- :func:`phrase_trend_languages`: a phrase (family)'s trend per language, by
  :func:`lavrovkit.phrasing.phrase_trend` over each language's documents, with
  the documents behind each point.

The two languages are a parameter (``languages=("en", "ru")``); columns are
named by them (``doc_id_en``, ``doc_id_ru``), so a table says which side is
which whatever the direction of translation (the kit does not assume which
text is the original: the Ministry's English is a translation, but a
``translation_of`` column may point either way).

Dates follow the kit's precision rules: a date known to the month or year
stands for every day of that month or year, so two documents are candidates
when their spans, widened by ``window`` days, overlap. Undated documents are
never matched (they can still be linked by the catalog); every document of the
two languages left unpaired is listed, with the reason, in
``translation_pairs(...).attrs["unpaired"]``.

>>> translation_pairs(corpus).empty  # the seeds are English only: nothing to pair
True
>>> translation_pairs(corpus).attrs["unpaired"]["reason"].unique().tolist()
['no document of the other language']
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from lavrovkit.errors import ParameterError, PhraseError, TranslationWarning
from lavrovkit.stats import MIN_KEYNESS_WORDS, log_ratio_interval

if TYPE_CHECKING:  # pragma: no cover
    from lavrovkit.corpus import Corpus
    from lavrovkit.embed import Embeddings

#: The two languages compared unless ``languages=`` says otherwise.
LANGUAGES = ("en", "ru")
#: The documents column (from the catalog) that names the doc_id a document translates, or is translated by.
CATALOG_COLUMN = "translation_of"
#: Days between two documents' dates within which they are candidates for a pair.
WINDOW_DAYS = 3
#: Least cosine of two sentences that count as aligned. Measured on the test corpus (multilingual-e5-small):
#: a sentence and its translation 0.87-0.95; unrelated sentences on the same subject 0.78-0.85.
THRESHOLD = 0.85
#: Least share of the shorter document's sentences that must be aligned for a matched pair.
MIN_SCORE = 0.5
#: Least number of aligned sentences for a matched pair (one shared dateline is no translation).
MIN_ALIGNED = 2


def _check_languages(languages: Sequence[str]) -> tuple[str, str]:
    langs = tuple(str(x).strip().lower() for x in languages)
    if len(langs) != 2 or langs[0] == langs[1] or not all(langs):
        raise ParameterError(f"languages takes two different language codes, such as ('en', 'ru'), not {languages!r}")
    return langs[0], langs[1]


def _pair_columns(a: str, b: str) -> list[str]:
    return [f"doc_id_{a}", f"doc_id_{b}", f"date_{a}", f"date_{b}", "days", "how", "score", "aligned",
            f"sentences_{a}", f"sentences_{b}", "similarity", f"title_{a}", f"title_{b}"]


# ---------------------------------------------------------------------------- dates

_PRECISION_END = {"year": pd.offsets.YearEnd(0), "month": pd.offsets.MonthEnd(0)}


def date_spans(documents: pd.DataFrame) -> pd.DataFrame:
    """The days each document's date can stand for: doc_id, first, last (a day's date is itself; a month's or
    year's, every day of it; NaT for an undated document).

    >>> docs = pd.DataFrame({"doc_id": ["a", "b", "c"], "date": pd.to_datetime(["2021-04-20", "2021-04-01", None]),
    ...                      "date_precision": ["day", "month", "unknown"]})
    >>> date_spans(docs)["last"].dt.strftime("%Y-%m-%d").fillna("-").tolist()
    ['2021-04-20', '2021-04-30', '-']
    """
    first = pd.to_datetime(documents["date"])
    precision = (documents["date_precision"] if "date_precision" in documents else pd.Series("day", documents.index))
    precision = precision.fillna("day")
    last = first.copy()
    for name, offset in _PRECISION_END.items():
        at = (precision == name) & first.notna()
        if at.any():
            last[at] = first[at] + offset
    return pd.DataFrame({"doc_id": documents["doc_id"].to_numpy(), "first": first.to_numpy(),
                         "last": last.to_numpy()})


# ---------------------------------------------------------------------------- alignment

@dataclass
class Alignment:
    """Two documents' sentences compared: ``sim`` (cosine, rows the first document's sentences), the mutual
    best matches at or above the threshold (``mutual``: pairs of row, column) and every link (``links``:
    a sentence and its closest sentence in the other document, at or above the threshold, either way)."""

    sim: np.ndarray
    mutual: list[tuple[int, int]]
    links: list[tuple[int, int]]

    @property
    def score(self) -> float:
        """The share of the shorter document's sentences that are aligned (0 when either has none)."""
        shorter = min(self.sim.shape) if self.sim.size else 0
        return len(self.mutual) / shorter if shorter else 0.0

    @property
    def similarity(self) -> float:
        """The mean cosine of the aligned sentences (NaN when none)."""
        return float(np.mean([self.sim[i, j] for i, j in self.mutual])) if self.mutual else float("nan")


def sentence_alignment(a: np.ndarray, b: np.ndarray, threshold: float = THRESHOLD) -> Alignment:
    """Align two documents' sentence vectors (L2-normalised rows): mutual closest sentences at or above
    ``threshold``, and the one-way links (a sentence split in two by the translator).

    >>> v = np.eye(3, dtype=np.float32)
    >>> al = sentence_alignment(v, v[[1, 0]])
    >>> al.mutual, al.score
    ([(0, 1), (1, 0)], 1.0)
    """
    if not len(a) or not len(b):
        return Alignment(np.zeros((len(a), len(b)), dtype=np.float32), [], [])
    sim = a @ b.T
    row_best = sim.argmax(axis=1)  # np.argmax takes the first of equal scores: deterministic
    col_best = sim.argmax(axis=0)
    mutual = [(i, int(j)) for i, j in enumerate(row_best) if col_best[j] == i and sim[i, j] >= threshold]
    links = {(i, int(j)) for i, j in enumerate(row_best) if sim[i, j] >= threshold}
    links |= {(int(i), j) for j, i in enumerate(col_best) if sim[i, j] >= threshold}
    return Alignment(sim, mutual, sorted(links))


def _embeddings(corpus: Corpus, doc_ids: set[str], model: str | None) -> Embeddings:
    """The sentence vectors of these documents only (a corpus of thousands of English documents and a few
    Russian ones embeds the few days around the Russian ones), from the cache where it holds them."""
    from lavrovkit.embed import DEFAULT_MODEL, Embeddings

    if not doc_ids:
        rows = pd.DataFrame(columns=["doc_id", "paragraph_id", "sentence_id", "date", "source", "speaker", "text"])
        return Embeddings("sentence", model or DEFAULT_MODEL, rows, np.zeros((0, 0), dtype=np.float32))
    options: dict[str, Any] = {"progress": False, **({"model": model} if model else {})}
    every = set(corpus.documents["doc_id"].astype(str))
    some = corpus if doc_ids >= every else corpus.filter(doc_ids=sorted(doc_ids))
    embeddings: Embeddings = some.embeddings("sentence", **options)
    return embeddings


def _vectors_by_doc(e: Embeddings) -> dict[str, np.ndarray]:
    """Row positions of each document's sentences in ``e`` (in sentence order)."""
    rows = e.rows.reset_index(drop=True)
    return {str(d): idx.to_numpy() for d, idx in rows.groupby("doc_id", sort=False).groups.items()}


# ---------------------------------------------------------------------------- pairs

def _catalog_links(docs: pd.DataFrame, a: str, b: str, column: str) -> tuple[list[tuple[str, str]], list[str]]:
    """Pairs (doc of ``a``, doc of ``b``) named by the catalog column, and a note per link that can't be used."""
    if column not in docs.columns:
        return [], []
    lang = dict(zip(docs["doc_id"].astype(str), docs["lang"].astype(str), strict=True))
    pairs: list[tuple[str, str]] = []
    notes = []
    for doc, other in zip(docs["doc_id"].astype(str), docs[column], strict=True):
        if other is None or (isinstance(other, float) and np.isnan(other)) or not str(other).strip():
            continue
        target = str(other).strip()
        if target not in lang:
            notes.append(f"{doc}: {column} names {target!r}, which is not a document of this corpus")
            continue
        langs = {lang[doc], lang[target]}
        if langs != {a, b}:
            notes.append(f"{doc} ({lang[doc]}): {column} names {target} ({lang[target]}), not a pair of "
                         f"{a} and {b}")
            continue
        pair = (doc, target) if lang[doc] == a else (target, doc)
        if pair not in pairs:
            pairs.append(pair)
    return pairs, notes


def translation_pairs(corpus: Corpus, *, languages: Sequence[str] = LANGUAGES, window: int = WINDOW_DAYS,
                      threshold: float = THRESHOLD, min_score: float = MIN_SCORE, min_aligned: int = MIN_ALIGNED,
                      column: str = CATALOG_COLUMN, model: str | None = None) -> pd.DataFrame:
    """Which document translates which? One row per linked pair of documents of the two ``languages``.

    Columns (``a``, ``b`` the two languages, default en, ru): doc_id_a, doc_id_b,
    date_a, date_b, days (between the dates; NaN when one is missing), how
    ("catalog": the documents column ``column`` names the other doc_id;
    "matched": paired by date and sentence vectors), score (the share of the
    shorter document's sentences aligned with a sentence of the other, 0-1),
    aligned (how many sentence pairs are aligned: the evidence),
    sentences_a, sentences_b, similarity (the aligned sentences' mean
    cosine), title_a, title_b. Sorted by date_a, doc_id_a.

    ``attrs["unpaired"]``: every document of the two languages in no pair,
    with doc_id, lang, date, reason and its best candidate (best_doc_id,
    best_score); ``attrs["catalog_notes"]``: catalog links that could not
    be used (each also a :class:`TranslationWarning`).

    >>> translation_pairs(corpus).columns[:6].tolist()
    ['doc_id_en', 'doc_id_ru', 'date_en', 'date_ru', 'days', 'how']
    """
    a, b = _check_languages(languages)
    if window < 0:
        raise ParameterError(f"window must be a number of days, 0 or more, not {window!r}")
    key = ("translation_pairs", a, b, window, threshold, min_score, min_aligned, column, model)
    if key in corpus.memo:
        cached: pd.DataFrame = corpus.memo[key]
        return cached.copy()
    docs = corpus.documents
    docs = docs.assign(lang=docs["lang"].astype(str).str.lower())
    side = {lang: docs[docs["lang"] == lang] for lang in (a, b)}
    catalog, notes = _catalog_links(docs, a, b, column)
    for note in notes:
        warnings.warn(TranslationWarning(f"translation_pairs: {note}"), stacklevel=2)
    rows: list[dict[str, Any]] = []
    unpaired: dict[str, dict[str, Any]] = {}
    if len(side[a]) and len(side[b]):
        taken = {d for pair in catalog for d in pair}
        candidates = _candidates(side[a], side[b], taken, window)
        e = _embeddings(corpus, taken | {d for pair in candidates for d in pair}, model)
        where = _vectors_by_doc(e)
        empty = np.zeros((0, e.vectors.shape[1] if e.vectors.ndim == 2 else 0), dtype=np.float32)

        def vectors(doc: str) -> np.ndarray:
            return e.vectors[where[doc]] if doc in where else empty

        def align(x: str, y: str) -> Alignment:
            return sentence_alignment(vectors(x), vectors(y), threshold)

        for x, y in catalog:  # the catalog's word: every link is kept, even a document linked twice
            rows.append(_pair_row(x, y, "catalog", align(x, y)))
        scored = []
        best: dict[str, tuple[float, str, int]] = {}  # each document's best candidate: score, doc_id, aligned
        for x, y in candidates:
            al = align(x, y)
            s = round(al.score, 4)
            for doc, other in ((x, y), (y, x)):
                if doc not in best or s > best[doc][0]:
                    best[doc] = (s, other, len(al.mutual))
            if s >= min_score and len(al.mutual) >= min_aligned:
                scored.append((-s, x, y, al))
        dates = docs.set_index("doc_id")["date"]
        scored.sort(key=lambda t: (t[0], abs((dates[t[1]] - dates[t[2]]).days), t[1], t[2]))
        for _, x, y, al in scored:
            if x in taken or y in taken:
                continue
            rows.append(_pair_row(x, y, "matched", al))
            taken.update((x, y))
        spans = date_spans(docs)
        undated = set(spans.loc[spans["first"].isna(), "doc_id"].astype(str))
        with_candidates = {d for pair in candidates for d in pair}
        for lang in (a, b):
            for doc in side[lang]["doc_id"].astype(str):
                if doc in taken:
                    continue
                s, other, n_aligned = best.get(doc, (float("nan"), "", 0))
                if doc in undated:
                    reason = "undated: not matched by date"
                elif doc not in with_candidates:
                    reason = f"no document of the other language within {window} days"
                elif s >= min_score and n_aligned >= min_aligned:
                    reason = f"its best candidate ({other}, score {s:.2f}) is paired with a better match"
                else:
                    reason = f"no candidate scores {min_score} or more with {min_aligned}+ aligned sentences"
                unpaired[doc] = {"reason": reason, "best_doc_id": other or None, "best_score": s}
    else:
        for lang in (a, b):
            for doc in side[lang]["doc_id"].astype(str):
                unpaired[doc] = {"reason": "no document of the other language", "best_doc_id": None,
                                 "best_score": float("nan")}
    out = _pair_table(rows, docs, a, b)
    meta = docs.set_index("doc_id")
    left = pd.DataFrame([{"doc_id": d, "lang": meta.loc[d, "lang"], "date": meta.loc[d, "date"], **v}
                         for d, v in unpaired.items()],
                        columns=["doc_id", "lang", "date", "reason", "best_doc_id", "best_score"])
    out.attrs["unpaired"] = left.sort_values(["lang", "date", "doc_id"], kind="stable").reset_index(drop=True)
    out.attrs["catalog_notes"] = notes
    out.attrs["languages"] = (a, b)
    corpus.memo[key] = out
    return out.copy()


def _pair_row(x: str, y: str, how: str, al: Alignment) -> dict[str, Any]:
    return {"x": x, "y": y, "how": how, "score": round(al.score, 4), "aligned": len(al.mutual),
            "nx": al.sim.shape[0], "ny": al.sim.shape[1],
            "similarity": round(al.similarity, 4) if al.mutual else float("nan")}


def _pair_table(rows: list[dict[str, Any]], docs: pd.DataFrame, a: str, b: str) -> pd.DataFrame:
    columns = _pair_columns(a, b)
    if not rows:
        out = pd.DataFrame({c: pd.Series(dtype=object) for c in columns})
        for c in (f"date_{a}", f"date_{b}"):
            out[c] = pd.Series(dtype="datetime64[ns]")
        return out
    meta = docs.set_index("doc_id")
    t = pd.DataFrame(rows)
    out = pd.DataFrame({
        f"doc_id_{a}": t["x"], f"doc_id_{b}": t["y"],
        f"date_{a}": t["x"].map(meta["date"]), f"date_{b}": t["y"].map(meta["date"]),
    })
    out["days"] = (out[f"date_{b}"] - out[f"date_{a}"]).dt.days.astype("Float64")
    out["how"] = t["how"]
    out["score"] = t["score"]
    out["aligned"] = t["aligned"].astype("int64")
    out[f"sentences_{a}"] = t["nx"].astype("int64")
    out[f"sentences_{b}"] = t["ny"].astype("int64")
    out["similarity"] = t["similarity"]
    titles = meta["title"] if "title" in meta else pd.Series(dtype=object)
    out[f"title_{a}"] = t["x"].map(titles)
    out[f"title_{b}"] = t["y"].map(titles)
    return out[columns].sort_values([f"date_{a}", f"doc_id_{a}"], kind="stable").reset_index(drop=True)


def _candidates(left: pd.DataFrame, right: pd.DataFrame, taken: set[str], window: int) -> list[tuple[str, str]]:
    """Every (left, right) document pair, neither taken, whose date spans widened by ``window`` days overlap."""
    ls = date_spans(left)
    rs = date_spans(right)
    ls = ls[ls["first"].notna() & ~ls["doc_id"].astype(str).isin(taken)]
    rs = rs[rs["first"].notna() & ~rs["doc_id"].astype(str).isin(taken)]
    if ls.empty or rs.empty:
        return []
    pad = pd.Timedelta(days=window)
    out: list[tuple[str, str]] = []
    r_first = rs["first"].to_numpy()
    r_last = rs["last"].to_numpy()
    r_ids = rs["doc_id"].astype(str).to_numpy()
    for doc, first, last in zip(ls["doc_id"].astype(str), ls["first"], ls["last"], strict=True):
        near = (r_first <= (last + pad).to_datetime64()) & (r_last >= (first - pad).to_datetime64())
        out.extend((doc, str(other)) for other in r_ids[near])
    return out


# ---------------------------------------------------------------------------- sentences

def _sentence_columns(a: str, b: str) -> list[str]:
    return [f"doc_id_{a}", f"sentence_id_{a}", f"date_{a}", f"source_{a}", f"speaker_{a}", f"text_{a}",
            f"doc_id_{b}", f"sentence_id_{b}", f"date_{b}", f"source_{b}", f"speaker_{b}", f"text_{b}",
            "score", "link", "how"]


def translation_sentences(corpus: Corpus, pairs: pd.DataFrame | None = None, *, aligned_only: bool = False,
                          **options: Any) -> pd.DataFrame:
    """Each sentence of the first language (English) in a linked pair, beside the sentence(s) of the other
    language it translates.

    ``pairs`` is a :func:`translation_pairs` table (computed with ``options`` when None). One row per
    sentence of the first language in a pair (in document and sentence order), with provenance on both sides:
    doc_id_a, sentence_id_a, date_a, source_a, speaker_a, text_a, doc_id_b, sentence_id_b (a list: a
    sentence the translator split or merged has two), date_b, source_b, speaker_b (of the first), text_b
    (joined), score (the best cosine of its links; NaN when none), link ("mutual": each is the other's
    closest sentence; "one-way": the closest of one side only, a split or merged sentence; "none": nothing
    at or above the threshold, text_b empty), how (the pair's: catalog/matched). With ``aligned_only``,
    rows whose link is "none" are left out.

    >>> translation_sentences(corpus).empty
    True
    """
    threshold = float(options.get("threshold", THRESHOLD))
    if pairs is None:
        pairs = translation_pairs(corpus, **options)
    a, b = pairs.attrs.get("languages") or _check_languages(options.get("languages", LANGUAGES))
    columns = _sentence_columns(a, b)
    if pairs.empty:
        return pd.DataFrame(columns=columns)
    e = _embeddings(corpus, set(pairs[f"doc_id_{a}"]) | set(pairs[f"doc_id_{b}"]), options.get("model"))
    where = _vectors_by_doc(e)
    rows = e.rows
    meta = corpus.documents.set_index("doc_id")
    out = []
    for x, y, how in zip(pairs[f"doc_id_{a}"], pairs[f"doc_id_{b}"], pairs["how"], strict=True):
        ix, iy = where.get(x, np.array([], int)), where.get(y, np.array([], int))
        al = sentence_alignment(e.vectors[ix], e.vectors[iy], threshold)
        mutual = set(al.mutual)
        linked: dict[int, list[int]] = {}
        for i, j in al.links:
            linked.setdefault(i, []).append(j)
        rx, ry = rows.iloc[ix], rows.iloc[iy]
        for i in range(len(ix)):
            js = sorted(linked.get(i, []))
            ys = ry.iloc[js] if js else ry.iloc[[]]
            out.append({
                f"doc_id_{a}": x, f"sentence_id_{a}": int(rx["sentence_id"].iloc[i]),
                f"date_{a}": meta.at[x, "date"], f"source_{a}": meta.at[x, "source"] if "source" in meta else None,
                f"speaker_{a}": rx["speaker"].iloc[i], f"text_{a}": rx["text"].iloc[i],
                f"doc_id_{b}": y, f"sentence_id_{b}": [int(s) for s in ys["sentence_id"]],
                f"date_{b}": meta.at[y, "date"], f"source_{b}": meta.at[y, "source"] if "source" in meta else None,
                f"speaker_{b}": ys["speaker"].iloc[0] if js else None, f"text_{b}": " ".join(ys["text"]),
                "score": round(float(max(al.sim[i, j] for j in js)), 4) if js else float("nan"),
                "link": "mutual" if any((i, j) in mutual for j in js) else "one-way" if js else "none",
                "how": how,
            })
    table = pd.DataFrame(out, columns=columns)
    for side_ in (a, b):
        table[f"source_{side_}"] = table[f"source_{side_}"].where(table[f"source_{side_}"].notna(), None)
    if aligned_only:
        table = table[table["link"] != "none"].reset_index(drop=True)
    return table


# ---------------------------------------------------------------------------- words behind a phrase

#: Columns of :func:`translation_terms`.
TERM_COLUMNS = ["term", "n", "target_count", "reference_count", "target_words", "reference_words",
                "target_per_10k", "reference_per_10k", "g2", "p", "log_ratio", "ci_low", "ci_high", "low_base",
                "sentences", "examples"]


def _members(phrases: str | Sequence[str], families: Sequence[str],
             phrasebook: str | os.PathLike[str] | None) -> list[str]:
    from lavrovkit.phrasing import phrasebook_load

    wanted = [phrases] if isinstance(phrases, str) else list(phrases)
    if families:
        book = phrasebook_load(phrasebook)
        for fam in families:
            if fam not in book:
                raise PhraseError(f"unknown phrase family {fam!r}; families: {', '.join(book)}")
            wanted.extend(book[fam])
    wanted = [p for p in dict.fromkeys(w.strip() for w in wanted) if p]
    if not wanted:
        raise PhraseError("no phrase or family given")
    return wanted


def _stop_words(lang: str) -> frozenset[str]:
    """The language's stop words: ``lang/<code>.py``'s STOP_WORDS when it has them, else spaCy's list."""
    from lavrovkit.lang import language

    try:
        words = getattr(language(lang), "STOP_WORDS", None)
    except Exception:  # noqa: BLE001 - a language without a module: spaCy's list below
        words = None
    if not words:
        import importlib

        try:
            words = importlib.import_module(f"spacy.lang.{lang}.stop_words").STOP_WORDS
        except ImportError:
            words = ()
    return frozenset(str(w).lower() for w in words)


def translation_terms(corpus: Corpus, phrases: str | Sequence[str] = (), *, families: Sequence[str] = (),
                      n: Sequence[int] = (1, 2, 3), lemma: bool = True, min_freq: int = 2, top: int | None = 30,
                      examples: int = 3, pairs: pd.DataFrame | None = None,
                      phrasebook: str | os.PathLike[str] | None = None, case: str | bool = "auto",
                      min_base: int = MIN_KEYNESS_WORDS, level: float = 0.95, **options: Any) -> pd.DataFrame:
    """Which Russian words stand behind an English phrase (or a phrase family's members) in the translations?

    The English sentences of the linked pairs (:func:`translation_pairs`; ``options`` go to it) that use the
    phrase are the *target*; the Russian sentences aligned with them (:func:`translation_sentences`) are
    compared with the Russian sentences aligned with every other English sentence (the *reference*): the
    Russian n-grams (``n``: 1 to 3 words, lemmas by default; none starting or ending on a stop word) more
    frequent in the target, by log-likelihood G2 and log ratio (as :func:`lavrovkit.keywords.keyness`).

    Columns: term, n, target_count (uses in the target sentences), reference_count, target_words,
    reference_words (the bases), target_per_10k, reference_per_10k, g2, p, log_ratio, ci_low, ci_high (of
    log_ratio), low_base (either side under ``min_base`` words), sentences (target sentences using the term),
    examples (up to ``examples`` sentence pairs, "doc_id:sentence_id English ⇄ Russian"). Only terms used
    at least ``min_freq`` times in the target and relatively more there; sorted by G2; the first ``top``.

    ``attrs``: phrases (the members looked for), english_sentences (English sentences of the pairs using
    them), aligned (of those, the ones with an aligned Russian sentence), outside_pairs (uses in English
    documents in no pair: not counted), target_sentences, reference_sentences.

    >>> translation_terms(corpus, "irritants").empty  # the seeds have no Russian version
    True
    """
    from lavrovkit.keywords import _gram_keys, _gram_text, g2, log_ratio
    from lavrovkit.phrasing import _index, phrase_hits

    members = _members(phrases, families, phrasebook)
    if pairs is None:
        pairs = translation_pairs(corpus, **options)
    a, b = pairs.attrs.get("languages") or _check_languages(options.get("languages", LANGUAGES))
    sentence_options = {k: v for k, v in options.items() if k in ("threshold", "model")}
    aligned = translation_sentences(corpus, pairs, **sentence_options)
    hits = phrase_hits(corpus.filter(lang=a), members, speaker="all", case=case) if (
        corpus.documents["lang"] == a).any() else pd.DataFrame(columns=["doc_id", "sentence_id"])
    in_pairs = set(pairs[f"doc_id_{a}"]) if len(pairs) else set()
    used = set(zip(hits["doc_id"], hits["sentence_id"].astype(int), strict=True))
    outside = int((~hits["doc_id"].isin(in_pairs)).sum())
    if aligned.empty:
        target_rows = aligned
        rest = aligned
    else:
        is_target = pd.Series([(d, int(s)) in used for d, s in zip(aligned[f"doc_id_{a}"],
                                                                  aligned[f"sentence_id_{a}"], strict=True)],
                              index=aligned.index)
        linked = aligned["link"] != "none"
        target_rows = aligned[is_target & linked]
        rest = aligned[~is_target & linked]
    attrs = {"phrases": members, "english_sentences": int(is_target.sum()) if not aligned.empty else 0,
             "aligned": len(target_rows), "outside_pairs": outside}

    def ids(table: pd.DataFrame) -> pd.DataFrame:
        if table.empty:
            return pd.DataFrame({"doc_id": pd.Series(dtype=object), "sentence_id": pd.Series(dtype="int64")})
        t = table[[f"doc_id_{b}", f"sentence_id_{b}"]].explode(f"sentence_id_{b}")
        return pd.DataFrame({"doc_id": t[f"doc_id_{b}"].astype(str),
                             "sentence_id": t[f"sentence_id_{b}"].astype("int64")}).drop_duplicates()

    target_ids = ids(target_rows)
    reference_ids = ids(rest).merge(target_ids, how="left", indicator=True)
    reference_ids = reference_ids[reference_ids["_merge"] == "left_only"].drop(columns="_merge")
    attrs.update(target_sentences=len(target_ids), reference_sentences=len(reference_ids))
    if target_ids.empty or reference_ids.empty:
        out = pd.DataFrame(columns=TERM_COLUMNS)
        out.attrs.update(attrs)
        return out
    stop = _stop_words(b)
    sides = []
    for chosen in (target_ids, reference_ids):
        sub = corpus.keep_sentences(chosen)
        sub.memo["phrase_index_persist"] = False  # a selection of sentences: its index in memory only
        sides.append(_index(sub))
    words = [int(ix["is_word"].sum()) for ix in sides]
    counts: list[pd.DataFrame] = []
    for size in n:
        if not isinstance(size, int) or size < 1:
            raise ParameterError(f"translation_terms: n={size!r} must be whole numbers of words, at least 1")
        per_side = []
        for ix in sides:
            pos, keys = _gram_keys(ix, size, lemma, content=True)
            text = _gram_text(ix, keys, size, lemma) if len(keys) else np.array([], dtype=object)
            frame = pd.DataFrame({"term": text, "sentence": ix["sentence"][pos] if len(pos) else []})
            first = frame["term"].str.split(" ").str[0].str.lower()
            last = frame["term"].str.split(" ").str[-1].str.lower()
            frame = frame[~first.isin(stop) & ~last.isin(stop)]
            per_side.append(frame)
        t_counts = per_side[0]["term"].value_counts()
        r_counts = per_side[1]["term"].value_counts()
        t_sent = per_side[0].groupby("term")["sentence"].nunique()
        terms = t_counts.index[t_counts >= min_freq]
        table = pd.DataFrame({"term": terms, "n": size,
                              "target_count": t_counts.reindex(terms).to_numpy(dtype="int64"),
                              "reference_count": r_counts.reindex(terms, fill_value=0).to_numpy(dtype="int64"),
                              "sentences": t_sent.reindex(terms).to_numpy(dtype="int64")})
        counts.append(table)
    table = pd.concat(counts, ignore_index=True)
    c_words, d_words = words
    table = table[table["target_count"] / c_words > table["reference_count"] / d_words].reset_index(drop=True)
    if table.empty:
        out = pd.DataFrame(columns=TERM_COLUMNS)
        out.attrs.update(attrs)
        return out
    av = table["target_count"].to_numpy(dtype=float)
    bv = table["reference_count"].to_numpy(dtype=float)
    table["target_words"], table["reference_words"] = c_words, d_words
    table["target_per_10k"] = (1e4 * av / c_words).round(3)
    table["reference_per_10k"] = (1e4 * bv / d_words).round(3)
    table["g2"] = [round(g2(x, y, c_words, d_words), 4) for x, y in zip(av, bv, strict=True)]
    from scipy.special import chdtrc

    table["p"] = chdtrc(1, table["g2"].to_numpy(dtype=float))
    table["log_ratio"] = [round(log_ratio(x, y, c_words, d_words), 4) for x, y in zip(av, bv, strict=True)]
    low, high = log_ratio_interval(av, c_words, bv, d_words, level)
    table["ci_low"], table["ci_high"] = np.round(low, 4), np.round(high, 4)
    table["low_base"] = min(c_words, d_words) < min_base
    table = table.sort_values(["g2", "n", "term"], ascending=[False, True, True], kind="stable")
    table = table.head(top) if top else table
    table["examples"] = _term_examples(table["term"].tolist(), target_rows, a, b, lemma, corpus, examples)
    out = table[TERM_COLUMNS].reset_index(drop=True)
    attrs["min_base"] = min_base
    out.attrs.update(attrs)
    return out


def _term_examples(terms: list[str], target_rows: pd.DataFrame, a: str, b: str, lemma: bool, corpus: Corpus,
                   limit: int) -> list[list[str]]:
    """Up to ``limit`` sentence pairs per term whose Russian side uses it (by lemma or form, as counted)."""
    from lavrovkit.matching import MATCH_FORMS

    tokens = corpus.keep_sentences(target_rows[[f"doc_id_{b}", f"sentence_id_{b}"]].explode(f"sentence_id_{b}")
                                   .set_axis(["doc_id", "sentence_id"], axis=1)
                                   .astype({"sentence_id": "int64"})).tokens
    field = "lemma" if lemma else "lower"
    words = tokens[field].astype(str).str.lower().map(lambda w: w.translate(MATCH_FORMS))
    seqs: dict[tuple[str, int], str] = {}
    for (doc, sid), group in words.groupby([tokens["doc_id"], tokens["sentence_id"]], sort=False):
        seqs[(str(doc), int(str(sid)))] = " " + " ".join(group) + " "
    out = []
    for term in terms:
        needle = f" {term} "
        found = []
        for _, row in target_rows.iterrows():
            if any(needle in seqs.get((str(row[f"doc_id_{b}"]), int(s)), "") for s in row[f"sentence_id_{b}"]):
                found.append(f"{row[f'doc_id_{a}']}:{row[f'sentence_id_{a}']} {row[f'text_{a}']} ⇄ "
                             f"{row[f'text_{b}']}")
            if len(found) >= limit:
                break
        out.append(found)
    return out


# ---------------------------------------------------------------------------- trends per language

def phrase_trend_languages(corpus: Corpus, phrases: Sequence[str] = (), *, families: Sequence[str] = (),
                           by: str = "auto", speaker: str | None = "auto", languages: Sequence[str] | None = None,
                           **options: Any) -> pd.DataFrame:
    """How often does a phrase (family) occur per period in each language? :func:`lavrovkit.phrasing.phrase_trend`
    over each language's documents (``corpus.filter(lang=...)``), stacked.

    Tidy: the columns of ``phrase_trend`` (period, phrase, count, words, per_10k, documents, ci_low, ci_high,
    low_base) after ``lang``, and doc_ids (the documents behind the point: the base) and hit_doc_ids (those
    using the phrase). The time grain (``by="auto"``) and the speaker scope (``"auto"``: Lavrov where he speaks
    in the corpus, else all text) are decided once on the whole corpus, so both languages count the same
    periods and the same speaker; a language in which that speaker says nothing has no rows (a
    :class:`TranslationWarning` says so, and ``attrs["left_out"]`` names it). ``languages`` defaults to those of
    the corpus's documents; ``options`` go to ``phrase_trend`` (lemma, case, phrasebook, min_base, ...). A family
    counts its members in each language: English members find nothing in Russian text, so the family needs
    members of both (``phrasebook=``).

    >>> t = phrase_trend_languages(corpus, ["dialogue"], speaker="all", by="year")
    >>> t.columns[:3].tolist(), t["lang"].unique().tolist()
    (['lang', 'period', 'phrase'], ['en'])
    """
    from lavrovkit.index import token_index
    from lavrovkit.phrasing import phrase_hits, phrase_trend, phrasebook_load
    from lavrovkit.selection import doc_periods, grain_resolve, scoped, speaker_scope

    docs = corpus.documents
    langs = list(languages) if languages else sorted(docs["lang"].dropna().astype(str).unique())
    grain = grain_resolve(docs, by)
    name, _ = speaker_scope(corpus, speaker, label=False)
    book = phrasebook_load(options.get("phrasebook")) if families else {}
    members = {p: [p] for p in phrases}
    for fam in families:
        if fam not in book:
            raise PhraseError(f"unknown phrase family {fam!r}; families: {', '.join(book)}")
        members[fam] = book[fam]
    parts = []
    left_out: dict[str, str] = {}
    for lang in langs:
        sub = corpus.filter(lang=lang)
        if sub.documents.empty:
            left_out[lang] = "no documents"
            continue
        who: str | None = "all" if name is None else name
        if name is not None and name != "none" and not sub.speaks(name):
            left_out[lang] = f"{name} says nothing in the {lang} documents"
            warnings.warn(TranslationWarning(f"phrase_trend_languages: {left_out[lang]}; no {lang} rows (speaker="
                                             f"'all' counts all text)"), stacklevel=2)
            continue
        table = phrase_trend(sub, phrases, families=families, by=grain, speaker=who, **options)
        index = token_index(scoped(sub, who))  # the documents behind each point: those with words in the scope
        words_per_doc = np.bincount(index["doc"], weights=index["is_word"], minlength=len(index["doc_ids"]))
        counted = [str(d) for d, w in zip(index["doc_ids"], words_per_doc, strict=True) if w > 0]
        periods = doc_periods(sub.documents, grain).reindex(counted).dropna()
        behind = periods.groupby(periods).groups
        lemma = bool(options.get("lemma", False))
        case = options.get("case", "auto")
        hit_docs: dict[tuple[str, str], list[str]] = {}
        for label, words in members.items():
            h = phrase_hits(sub, words, speaker=who, lemma=lemma, case=case)
            h = h.assign(period=h["doc_id"].map(periods))
            for period, group in h.groupby("period"):
                hit_docs[(label, str(period))] = sorted(dict.fromkeys(group["doc_id"].astype(str)))
        table.insert(0, "lang", lang)
        table["doc_ids"] = [sorted(map(str, behind.get(p, []))) for p in table["period"]]
        table["hit_doc_ids"] = [hit_docs.get((ph, str(p)), []) for ph, p in zip(table["phrase"], table["period"],
                                                                                 strict=True)]
        parts.append(table)
    columns = ["lang", "period", "phrase", "count", "words", "per_10k", "documents", "ci_low", "ci_high",
               "low_base", "doc_ids", "hit_doc_ids"]
    out = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=columns)
    out.attrs.update(grain=grain, speaker=name, left_out=left_out)
    return out
