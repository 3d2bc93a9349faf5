"""Phrasing: how often does he use a word or phrase, since when, in which company, and what marks a period?

Every function runs on Lavrov's own words by default (his quotes, answers
and speeches, from the corpus layer's speaker attribution); ``speaker="all"``
counts all text, another name that person's sentences.

Matching is on tokens, case-insensitive, on token boundaries, never across
sentences: the exact (lower-cased) form by default, the lemma with
``lemma=True``. Phrases are tokenised like the corpus, and matched with
vectorised comparisons over the token table (no Python loop per token), so
queries stay fast on millions of words.

Example
-------
>>> import lavrovkit as lk
>>> corpus = lk.load_corpus()                                                  # doctest: +SKIP
>>> lk.phrase_trend(corpus, ["dialogue", "our American partners"], by="year")  # doctest: +SKIP
>>> lk.keyness(corpus, target=("2025-01-01", None), reference=("2016-01-01", "2018-12-31"))  # doctest: +SKIP
"""

from __future__ import annotations

import functools
import math
import os
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import yaml

from lavrovkit.errors import PhraseError  # noqa: F401  (re-exported)
from lavrovkit.themes import period_of

if TYPE_CHECKING:  # pragma: no cover
    from lavrovkit.corpus import Corpus

DATA = Path(__file__).with_name("data")
DEFAULT_SPEAKER = "Sergey Lavrov"
BY = ("doc", "month", "quarter", "year")
_FORMS = str.maketrans({"–": "-", "—": "-", "‑": "-", "’": "'", "‘": "'"})
HIT_COLUMNS = ["doc_id", "sentence_id", "token_id", "start_char", "end_char", "phrase", "match", "date", "source",
               "speaker"]



# ---------------------------------------------------------------------- the corpus side


def _select(corpus: Corpus, speaker: str | None, filters: dict[str, Any]) -> Corpus:
    """The corpus restricted to ``speaker`` (default Lavrov; 'all' for all text) and the other filters."""
    who = DEFAULT_SPEAKER if speaker is None else speaker
    if who.strip().lower() == "all":
        who = None
    return corpus.filter(speaker=who, **filters) if (who or filters) else corpus


def _index(corpus: Corpus) -> dict[str, Any]:
    """Integer-coded token arrays of the corpus (memoised): word and lemma codes, sentence keys, word flags.

    Strings are dictionary-encoded by Arrow and normalised once per distinct
    form, so building the index costs about a second per 8 million tokens.
    """
    if "phrase_index" in corpus.memo:
        return corpus.memo["phrase_index"]
    t = corpus.tokens
    lower, lower_words = _encode(t["lower"], lambda w: w.translate(_FORMS))
    lemma, lemma_words = _encode(t["lemma"], lambda w: w.lower().translate(_FORMS))
    # a token is a word when it has a letter or digit; lower-casing and dash/quote folding keep that
    word_form = np.array([bool(_WORD.search(w)) for w in lower_words], dtype=bool)
    doc_codes, doc_ids = _encode(t["doc_id"], lambda w: w)
    index = {
        "tokens": t,
        "lower": lower, "lower_words": lower_words, "lower_vocab": {w: i for i, w in enumerate(lower_words)},
        "lemma": lemma, "lemma_words": lemma_words, "lemma_vocab": {w: i for i, w in enumerate(lemma_words)},
        "doc": doc_codes, "doc_ids": doc_ids,
        "sentence": doc_codes * 1_000_000 + t["sentence_id"].to_numpy(dtype=np.int64),
        "is_word": word_form[lower] if len(t) else np.array([], bool),
        "is_stop": t["is_stop"].to_numpy(dtype=bool),
    }
    corpus.memo["phrase_index"] = index
    return index


_WORD = re.compile(r"[^\W_]")


def _encode(values: pd.Series, normalise: Any) -> tuple[np.ndarray, np.ndarray]:
    """Codes (int64, one per value) into a sorted vocabulary of normalised forms (missing → '')."""
    if not len(values):
        return np.array([], dtype=np.int64), np.array([], dtype=object)
    arr = pa.array(values, from_pandas=True)
    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks()
    if not pa.types.is_string(arr.type) and not pa.types.is_large_string(arr.type):
        arr = pc.cast(arr, pa.string())
    encoded = pc.fill_null(arr, "").dictionary_encode()
    forms = np.array([normalise(w) for w in encoded.dictionary.to_pylist()], dtype=object)
    vocab, remap = np.unique(forms, return_inverse=True)
    return remap.astype(np.int64)[encoded.indices.to_numpy(zero_copy_only=False)], vocab


@functools.lru_cache(maxsize=1)
def _tokenizer() -> Any:
    import spacy

    return spacy.blank("en").tokenizer


def phrase_tokens(phrase: str) -> list[str]:
    """A phrase as the corpus's tokens see it: lower-cased, split like spaCy's English tokenizer.

    >>> phrase_tokens("Russian-US relations")
    ['russian', '-', 'us', 'relations']
    """
    toks = [t.text for t in _tokenizer()(" ".join(phrase.split()).lower().translate(_FORMS)) if not t.is_space]
    if not toks:
        raise PhraseError(f"empty phrase {phrase!r}")
    return toks


def _positions(index: dict[str, Any], phrase: str, lemma: bool) -> np.ndarray:
    """Token positions where ``phrase`` starts (all its tokens in one sentence)."""
    codes = index["lemma" if lemma else "lower"]
    vocab = index["lemma_vocab" if lemma else "lower_vocab"]
    toks = phrase_tokens(phrase)
    ids = [vocab.get(t, -1) for t in toks]
    n, k = len(codes), len(toks)
    if -1 in ids or n < k:
        return np.array([], dtype=np.int64)
    mask = codes[: n - k + 1] == ids[0]
    for j in range(1, k):
        mask &= codes[j: n - k + 1 + j] == ids[j]
    if k > 1:
        sent = index["sentence"]
        mask &= sent[: n - k + 1] == sent[k - 1:]
    return np.flatnonzero(mask)


def phrase_hits(corpus: Corpus, phrases: Sequence[str], *, speaker: str | None = None, lemma: bool = False,
                **filters: Any) -> pd.DataFrame:
    """Where does each phrase occur? One row per occurrence, traceable to its sentence.

    Columns: doc_id, sentence_id, token_id, start_char, end_char (offsets in
    ``documents.text``), phrase (as asked), match (as written), date, source,
    speaker.
    """
    c = _select(corpus, speaker, filters)
    index = _index(c)
    t = index["tokens"]
    texts = dict(zip(c.documents["doc_id"], c.documents["text"], strict=True))
    speakers = c.sentences.set_index(["doc_id", "sentence_id"])["speaker"]
    parts = []
    for phrase in phrases:
        pos = _positions(index, phrase, lemma)
        if not len(pos):
            continue
        k = len(phrase_tokens(phrase))
        first, last = t.iloc[pos], t.iloc[pos + k - 1]
        start = first["start_char"].to_numpy(dtype=np.int64)
        end = last["start_char"].to_numpy(dtype=np.int64) + last["text"].str.len().to_numpy(dtype=np.int64)
        parts.append(pd.DataFrame({
            "doc_id": first["doc_id"].to_numpy(), "sentence_id": first["sentence_id"].to_numpy(dtype=np.int64),
            "token_id": first["token_id"].to_numpy(dtype=np.int64), "start_char": start, "end_char": end,
            "phrase": phrase}))
    if not parts:
        return pd.DataFrame(columns=HIT_COLUMNS)
    out = pd.concat(parts, ignore_index=True)
    out["match"] = [texts[d][s:e] for d, s, e in zip(out["doc_id"], out["start_char"], out["end_char"], strict=True)]
    meta = c.documents.set_index("doc_id")
    out["date"] = out["doc_id"].map(meta["date"])
    out["source"] = out["doc_id"].map(meta["source"])
    who = speakers.reindex(pd.MultiIndex.from_arrays([out["doc_id"], out["sentence_id"]]))
    out["speaker"] = who.to_numpy(dtype=object, na_value=None)
    return out[HIT_COLUMNS].sort_values(["date", "doc_id", "start_char"], kind="stable").reset_index(drop=True)


def _periods(c: Corpus, by: str) -> pd.Series:
    """Period label per document ('doc' gives the doc_id)."""
    if by not in BY:
        raise PhraseError(f"time grain {by!r} is not one of {', '.join(BY)}")
    docs = c.documents.set_index("doc_id")
    return pd.Series(docs.index, index=docs.index) if by == "doc" else period_of(docs["date"], by)


def words_per_period(corpus: Corpus, by: str = "year", *, speaker: str | None = None, **filters: Any) -> pd.DataFrame:
    """How many words (tokens with a letter or digit) stand behind each period? Columns: period, documents, words."""
    c = _select(corpus, speaker, filters)
    index = _index(c)
    period = _periods(c, by)
    per_doc = pd.Series(np.bincount(index["doc"], weights=index["is_word"], minlength=len(index["doc_ids"])),
                        index=index["doc_ids"])
    frame = pd.DataFrame({"period": period, "words": per_doc.reindex(period.index).fillna(0).astype("int64")})
    frame = frame[frame["period"].notna() & (frame["words"] > 0)]
    return (frame.groupby("period").agg(documents=("words", "size"), words=("words", "sum")).reset_index()
            .astype({"documents": "int64", "words": "int64"}))


def phrase_trend(corpus: Corpus, phrases: Sequence[str] = (), *, families: Sequence[str] = (), by: str = "year",
                 speaker: str | None = None, lemma: bool = False, phrasebook: str | os.PathLike[str] | None = None,
                 **filters: Any) -> pd.DataFrame:
    """How often does each phrase (or phrase family) occur per document, month, quarter or year?

    Tidy: one row per period and phrase (zeros included): period, phrase,
    count, words (words behind the period), per_10k (count per 10,000 words),
    documents. A family from ``phrases.yaml`` counts all its members.

    >>> phrase_trend(load_corpus(), ["dialogue"], speaker="all", by="doc")  # doctest: +SKIP
    """
    c = _select(corpus, speaker, filters)
    book = load_phrasebook(phrasebook) if families else {}
    wanted: dict[str, list[str]] = {p: [p] for p in phrases}
    for fam in families:
        if fam not in book:
            raise PhraseError(f"unknown phrase family {fam!r}; families: {', '.join(book)}")
        wanted[fam] = book[fam]
    if not wanted:
        raise PhraseError("no phrase or family given")
    base = words_per_period(c, by, speaker="all")
    index = _index(c)
    doc_period = _periods(c, by).reindex(index["doc_ids"]).to_numpy(dtype=object)
    rows = []
    for name, members in wanted.items():  # counted from positions: as phrase_hits, without building its rows
        pos = np.concatenate([_positions(index, m, lemma) for m in members])
        counts = pd.Series(doc_period[index["doc"][pos]]).value_counts(dropna=True)
        for r in base.itertuples():
            n = int(counts.get(r.period, 0))
            rows.append((r.period, name, n, r.words, round(1e4 * n / r.words, 3) if r.words else 0.0, r.documents))
    return pd.DataFrame(rows, columns=["period", "phrase", "count", "words", "per_10k", "documents"])


def phrase_span(corpus: Corpus, phrases: Sequence[str], *, speaker: str | None = None, lemma: bool = False,
                **filters: Any) -> pd.DataFrame:
    """When did each phrase first and last occur? Columns: phrase, count, documents, first_date, first_doc,
    first_text, last_date, last_doc (undated documents left out)."""
    c = _select(corpus, speaker, filters)
    hits = phrase_hits(c, phrases, speaker="all", lemma=lemma)
    hits = hits[hits["date"].notna()]
    sents = c.sentences.set_index(["doc_id", "sentence_id"])["text"]
    rows = []
    for p in phrases:
        h = hits[hits["phrase"] == p]
        if h.empty:
            rows.append((p, 0, 0, pd.NaT, None, None, pd.NaT, None))
            continue
        f, last = h.iloc[0], h.iloc[-1]
        rows.append((p, len(h), h["doc_id"].nunique(), f["date"], f["doc_id"], sents.get((f["doc_id"], f["sentence_id"])),
                     last["date"], last["doc_id"]))
    return pd.DataFrame(rows, columns=["phrase", "count", "documents", "first_date", "first_doc", "first_text",
                                       "last_date", "last_doc"])


# ---------------------------------------------------------------------- n-grams, new phrases

def _gram_keys(index: dict[str, Any], n: int, lemma: bool, content: bool = True) -> tuple[np.ndarray, np.ndarray]:
    """Start positions of every n-gram of word tokens within a sentence, and an integer key per n-gram."""
    codes = index["lemma" if lemma else "lower"]
    ok = index["is_word"]
    size = len(codes) - n + 1
    if size <= 0:
        return np.array([], dtype=np.int64), np.array([], dtype=np.int64)
    mask = np.ones(size, dtype=bool)
    for j in range(n):
        mask &= ok[j: size + j]
    if n > 1:
        mask &= index["sentence"][:size] == index["sentence"][n - 1:]
    if content:
        stop = index["is_stop"]
        mask &= ~stop[:size] & ~stop[n - 1: size + n - 1]  # no n-gram starts or ends on a stop word
    pos = np.flatnonzero(mask)
    base = len(index["lemma_words" if lemma else "lower_words"]) + 1
    if base ** n >= 2 ** 62:
        raise PhraseError(f"{n}-grams over a vocabulary of {base - 1:,} forms are too long to count")
    keys = codes[pos].copy()
    for j in range(1, n):
        keys = keys * base + codes[pos + j]
    return pos, keys


def _gram_text(index: dict[str, Any], keys: np.ndarray, n: int, lemma: bool) -> np.ndarray:
    """The n-grams behind integer keys, as text ('climate change')."""
    words = index["lemma_words" if lemma else "lower_words"]
    base = len(words) + 1
    parts = []
    rest = np.asarray(keys, dtype=np.int64)
    for _ in range(n):
        parts.append(words[rest % base])
        rest = rest // base
    out = parts[-1].astype(object)
    for part in reversed(parts[:-1]):
        out = out + " " + part
    return out


def _ngram_table(index: dict[str, Any], n: int, lemma: bool, content: bool = True) -> pd.DataFrame:
    """Every n-gram of word tokens within a sentence: pos, doc (code), key (integer n-gram key)."""
    pos, keys = _gram_keys(index, n, lemma, content)
    return pd.DataFrame({"pos": pos, "doc": index["doc"][pos], "key": keys})


def ngrams(corpus: Corpus, n: int = 2, *, min_freq: int = 2, speaker: str | None = None, lemma: bool = False,
           top: int | None = 50, **filters: Any) -> pd.DataFrame:
    """Which n-word sequences (not starting or ending on a stop word) are most frequent?

    Columns: ngram, count, documents, per_10k.
    """
    c = _select(corpus, speaker, filters)
    index = _index(c)
    grams = _ngram_table(index, n, lemma)
    words = int(index["is_word"].sum())
    out = grams.groupby("key").agg(count=("pos", "size"), documents=("doc", "nunique")).reset_index()
    out = out[out["count"] >= min_freq]
    out = out.assign(ngram=_gram_text(index, out["key"].to_numpy(), n, lemma)).drop(columns="key")
    out["per_10k"] = (1e4 * out["count"] / max(words, 1)).round(3)
    out = out[["ngram", "count", "documents", "per_10k"]]
    out = out.sort_values(["count", "ngram"], ascending=[False, True]).reset_index(drop=True)
    return out.head(top) if top else out


def phrases_new(corpus: Corpus, period: str, *, by: str = "year", n: Iterable[int] = (1, 2, 3), min_count: int = 2,
                speaker: str | None = None, lemma: bool = False, **filters: Any) -> pd.DataFrame:
    """Which words and phrases appear in ``period`` (e.g. '2025') at least ``min_count`` times, and never before?

    Columns: phrase, n, count (in the period), documents, first_date, first_doc.
    Only dated documents count; "before" means every earlier period.
    """
    c = _select(corpus, speaker, filters)
    index = _index(c)
    periods = _periods(c, by)
    if period not in set(periods.dropna()):
        raise PhraseError(f"period {period!r} has no documents; periods: {', '.join(sorted(periods.dropna().unique()))}")
    doc_period = periods.reindex(index["doc_ids"]).to_numpy(dtype=object)
    rows = []
    for k in n:
        g = _ngram_table(index, k, lemma)
        g = g.assign(period=doc_period[g["doc"].to_numpy()]).dropna(subset=["period"])
        before = np.unique(g.loc[g["period"] < period, "key"].to_numpy())
        inside = g[(g["period"] == period) & ~np.isin(g["key"].to_numpy(), before)]
        agg = inside.groupby("key").agg(count=("pos", "size"), documents=("doc", "nunique"),
                                        first=("doc", "first")).reset_index()
        agg = agg[agg["count"] >= min_count]
        rows.append(pd.DataFrame({"phrase": _gram_text(index, agg["key"].to_numpy(), k, lemma), "n": k,
                                  "count": agg["count"].to_numpy(), "documents": agg["documents"].to_numpy(),
                                  "first_doc": index["doc_ids"][agg["first"].to_numpy()]}))
    out = pd.concat(rows, ignore_index=True) if rows else pd.DataFrame()
    if out.empty:
        return pd.DataFrame(columns=["phrase", "n", "count", "documents", "first_date", "first_doc"])
    out["first_date"] = out["first_doc"].map(c.documents.set_index("doc_id")["date"])
    return out[["phrase", "n", "count", "documents", "first_date", "first_doc"]].sort_values(
        ["count", "n", "phrase"], ascending=[False, False, True]).reset_index(drop=True)


# ---------------------------------------------------------------------- concordance

KWIC_COLUMNS = ["doc_id", "date", "source", "speaker", "sentence_id", "left", "match", "right", "start_char"]


def kwic(corpus: Corpus, phrase: str, *, window: int = 8, speaker: str | None = None, lemma: bool = False,
         **filters: Any) -> pd.DataFrame:
    """Every occurrence of ``phrase`` with ``window`` words of context on each side (within the document).

    Columns: doc_id, date, source, speaker, sentence_id, left, match, right, start_char.

    >>> kwic(load_corpus(), "dialogue", window=5, speaker="all").head(2)  # doctest: +SKIP
    """
    hits = phrase_hits(corpus, [phrase], speaker=speaker, lemma=lemma, **filters)
    if hits.empty:
        return pd.DataFrame(columns=KWIC_COLUMNS)
    texts = dict(zip(corpus.documents["doc_id"], corpus.documents["text"], strict=True))
    word = re.compile(r"\S+")
    left, right = [], []
    for d, s, e in zip(hits["doc_id"], hits["start_char"], hits["end_char"], strict=True):
        text = texts[d]
        before = word.findall(text[max(0, s - 40 * window): s])
        after = word.findall(text[e: e + 40 * window])
        left.append(" ".join(before[-window:]) if window else "")
        right.append(" ".join(after[:window]) if window else "")
    out = hits.assign(left=left, right=right)
    return out[KWIC_COLUMNS].reset_index(drop=True)


# ---------------------------------------------------------------------- keyness


def g2(a: float, b: float, c: float, d: float) -> float:
    """Log-likelihood G2 (Dunning 1993; Rayson and Garside 2000) of a term with ``a`` hits in a target of ``c``
    words and ``b`` hits in a reference of ``d`` words (0 · ln 0 taken as 0).

    >>> round(g2(10, 0, 1000, 1000), 3)
    13.863
    """
    e1 = c * (a + b) / (c + d)
    e2 = d * (a + b) / (c + d)
    return 2 * ((a * math.log(a / e1) if a else 0.0) + (b * math.log(b / e2) if b else 0.0))


def log_ratio(a: float, b: float, c: float, d: float) -> float:
    """Log ratio (Hardie 2014): log2 of the ratio of relative frequencies, a zero count taken as 0.5.

    >>> log_ratio(8, 2, 1000, 1000)
    2.0
    """
    return math.log2(((a or 0.5) / c) / ((b or 0.5) / d))


def _span(value: tuple[Any, Any] | str | None) -> tuple[str | None, str | None]:
    """A period as (start, end): a tuple, or 'START:END' with either side open ('2019-01-01:')."""
    if value is None:
        return None, None
    if isinstance(value, str):
        if ":" not in value:
            raise PhraseError(f"period {value!r}: use START:END, either side may be empty (2019-01-01:)")
        a, b = value.split(":", 1)
        return a.strip() or None, b.strip() or None
    a, b = value
    return a or None, b or None


def keyness(corpus: Corpus, target: tuple[Any, Any] | str | None = None, reference: tuple[Any, Any] | str | None = None,
            *, speaker: str | None = None, reference_speaker: str | None = None, n: int = 1, lemma: bool = False,
            min_freq: int = 2, stop_words: bool = False, **filters: Any) -> pd.DataFrame:
    """Which words (or n-grams) mark the target against the reference?

    ``target``/``reference`` are periods (``("2025-01-01", None)`` or
    ``"2016-01-01:2018-12-31"``); with ``reference_speaker`` the reference is
    another speaker's words ('all' for everything else) over the same period.
    Columns: term, target_count, reference_count, target_per_10k,
    reference_per_10k, g2 (log-likelihood), p (chi-square, 1 d.f.), log_ratio
    (Hardie 2014; zero counts as 0.5), side (target/reference: where the term
    is relatively more frequent). Terms with fewer than ``min_freq`` hits in
    both together are left out, and so are stop words (and n-grams starting or
    ending on one) unless ``stop_words=True``; sorted by side then G2. The word
    totals (the denominators) always count every word.
    """
    from scipy.stats import chi2

    t_start, t_end = _span(target)
    r_start, r_end = _span(reference)
    if reference_speaker:
        tc = _select(corpus, speaker, {**filters, "start": t_start, "end": t_end})
        rc = _select(corpus, reference_speaker, {**filters, "start": r_start or t_start, "end": r_end or t_end})
        if reference_speaker.lower() == "all":
            rc = _others(corpus, speaker, {**filters, "start": r_start or t_start, "end": r_end or t_end})
        sides = [(_index(tc), None), (_index(rc), None)]
    else:
        # one speaker, two periods: one index, two masks over its tokens
        c = _select(corpus, speaker, filters)
        index = _index(c)
        sides = [(index, _date_mask(c, index, t_start, t_end)), (index, _date_mask(c, index, r_start, r_end))]
    counts = []
    for index, mask in sides:
        pos, keys = _gram_keys(index, n, lemma, content=not stop_words)
        words = index["is_word"]
        if mask is not None:
            keys = keys[mask[pos]]
            words = words & mask
        uniq, freq = np.unique(keys, return_counts=True)
        counts.append((pd.Series(freq, index=uniq), int(words.sum()), index))
    (ta, c_words, t_index), (rb, d_words, r_index) = counts
    if not c_words or not d_words:
        raise PhraseError(f"empty subcorpus: target has {c_words} words, reference {d_words}")
    if t_index is not r_index:  # two indexes, two vocabularies: compare as text
        ta.index = _gram_text(t_index, ta.index.to_numpy(), n, lemma)
        rb.index = _gram_text(r_index, rb.index.to_numpy(), n, lemma)
    terms = ta.index.union(rb.index)
    frame = pd.DataFrame({"term": terms, "target_count": ta.reindex(terms, fill_value=0).to_numpy(),
                          "reference_count": rb.reindex(terms, fill_value=0).to_numpy()})
    frame = frame[frame["target_count"] + frame["reference_count"] >= min_freq].reset_index(drop=True)
    if t_index is r_index:
        frame["term"] = _gram_text(t_index, frame["term"].to_numpy(), n, lemma)
    a = frame["target_count"].to_numpy(dtype=float)
    b = frame["reference_count"].to_numpy(dtype=float)
    c_, d_ = float(c_words), float(d_words)
    e1, e2 = c_ * (a + b) / (c_ + d_), d_ * (a + b) / (c_ + d_)
    with np.errstate(divide="ignore", invalid="ignore"):
        term1 = np.where(a > 0, a * np.log(np.where(a > 0, a, 1) / e1), 0.0)
        term2 = np.where(b > 0, b * np.log(np.where(b > 0, b, 1) / e2), 0.0)
    frame["target_per_10k"] = (1e4 * a / c_).round(3)
    frame["reference_per_10k"] = (1e4 * b / d_).round(3)
    frame["g2"] = (2 * (term1 + term2)).round(4)
    frame["p"] = chi2.sf(frame["g2"], 1)
    frame["log_ratio"] = np.log2((np.where(a > 0, a, 0.5) / c_) / (np.where(b > 0, b, 0.5) / d_)).round(4)
    frame["side"] = np.where(a / c_ >= b / d_, "target", "reference")
    frame.attrs.update(target_words=c_words, reference_words=d_words)
    return frame.sort_values(["side", "g2", "term"], ascending=[False, False, True], kind="stable").reset_index(drop=True)


def _date_mask(c: Corpus, index: dict[str, Any], start: str | None, end: str | None) -> np.ndarray:
    """Which tokens of the index lie in documents dated ``start``..``end`` (undated ones only when unbounded)?"""
    dates = c.documents.set_index("doc_id")["date"].reindex(index["doc_ids"])
    keep = pd.Series(True, index=dates.index)
    if start:
        keep &= dates >= pd.Timestamp(start)
    if end:
        keep &= dates <= pd.Timestamp(end)
    return keep.to_numpy(dtype=bool)[index["doc"]]


def auto_periods(corpus: Corpus, target: str = "auto", reference: str = "auto") -> tuple[str, str]:
    """Target and reference periods, with ``'auto'`` filled from the corpus's dates: its last third against its first.

    A period given as START:END stays as it is.

    >>> auto_periods(load_corpus())  # doctest: +SKIP
    ('2023-01-01:', ':2019-12-31')
    """
    dates = corpus.documents["date"].dropna().sort_values()
    if (target == "auto" or reference == "auto") and dates.dt.year.nunique() < 2:
        raise PhraseError("the corpus's dated documents span less than two years: give target and reference periods")
    if target == "auto":
        first_year = int(dates.dt.year.quantile(2 / 3, interpolation="higher"))
        target = f"{first_year}-01-01:"
    if reference == "auto":
        last_year = int(dates.dt.year.quantile(1 / 3, interpolation="lower"))
        if last_year >= int(target.split(":")[0][:4] or 9999):
            last_year = int(target.split(":")[0][:4]) - 1
        reference = f":{last_year}-12-31"
    return target, reference


def split_periods(split: str) -> tuple[str, str]:
    """A split date as (target, reference) periods: on and after it, and before it.

    >>> split_periods("2022-02-24")
    ('2022-02-24:', ':2022-02-23')
    """
    day = pd.Timestamp(split)
    return f"{day.date()}:", f":{(day - pd.Timedelta(days=1)).date()}"


def _others(corpus: Corpus, speaker: str | None, filters: dict[str, Any]) -> Corpus:
    """Every sentence not spoken by ``speaker`` (default Lavrov), as a sub-corpus."""
    c = corpus.filter(**{k: v for k, v in filters.items() if v}) if any(filters.values()) else corpus
    name = c.resolve_speaker(speaker or DEFAULT_SPEAKER)
    s = c.sentences
    keep = s[s["speaker"] != name][["doc_id", "sentence_id"]]
    sub = c._subset(set(keep["doc_id"]))
    tables = {"sentences": sub.sentences.merge(keep, on=["doc_id", "sentence_id"])}
    for name_ in ("tokens", "entities"):
        tables[name_] = getattr(sub, name_).merge(keep, on=["doc_id", "sentence_id"])
    sub._annotated = tables
    return sub


# ---------------------------------------------------------------------- collocations


def collocations(corpus: Corpus, node: str, *, window: int = 5, min_freq: int = 2, speaker: str | None = None,
                 lemma: bool = False, top: int | None = 30, **filters: Any) -> pd.DataFrame:
    """Which words keep company with ``node`` within ``window`` words on either side (in the same sentence)?

    Columns: collocate, freq (co-occurrences), collocate_freq (in the
    subcorpus), node_freq, ll (log-likelihood of the 2x2 table of window
    positions against the rest), logdice (14 + log2(2 f_xy / (f_x + f_y));
    Rychlý 2008), pmi (log2(f_xy N / (f_x f_y))). Stop words and punctuation are
    not collocates; sorted by logDice.
    """
    c = _select(corpus, speaker, filters)
    index = _index(c)
    pos = _positions(index, node, lemma)
    k = len(phrase_tokens(node))
    vocab = index["lemma_words" if lemma else "lower_words"]
    codes = index["lemma" if lemma else "lower"]
    ok = index["is_word"] & ~index["is_stop"]
    sent = index["sentence"]
    n_tokens = len(codes)
    cols = []
    span_positions = 0
    for off in [*range(-window, 0), *range(k, k + window)]:
        p = pos + off
        valid = (p >= 0) & (p < n_tokens)
        p = p[valid]
        same = sent[p] == sent[pos[valid]]
        span_positions += int(same.sum())
        p = p[same]
        cols.append(p[ok[p]])
    hits = np.concatenate(cols) if cols else np.array([], dtype=np.int64)
    if not len(hits):
        return pd.DataFrame(columns=["collocate", "freq", "collocate_freq", "node_freq", "ll", "logdice", "pmi"])
    f_xy = pd.Series(codes[hits]).value_counts()
    f_xy.index = vocab[f_xy.index.to_numpy()]
    f_all = pd.Series(np.bincount(codes[ok], minlength=len(vocab)), index=vocab)
    f_xy = f_xy[f_xy >= min_freq]
    f_xy = f_xy.drop([w for w in phrase_tokens(node) if w in f_xy.index], errors="ignore")
    fx = len(pos)
    fy = f_all.reindex(f_xy.index).fillna(0).to_numpy(dtype=float)
    o11 = f_xy.to_numpy(dtype=float)
    n = float(n_tokens)
    r1 = float(span_positions)
    o12, o21 = r1 - o11, fy - o11
    o22 = n - r1 - fy + o11
    ll = np.zeros_like(o11)
    for o, e in ((o11, r1 * fy / n), (o12, r1 * (n - fy) / n), (o21, (n - r1) * fy / n),
                 (o22, (n - r1) * (n - fy) / n)):
        with np.errstate(divide="ignore", invalid="ignore"):
            ll += np.where(o > 0, o * np.log(np.where(o > 0, o, 1) / e), 0.0)
    out = pd.DataFrame({
        "collocate": f_xy.index, "freq": o11.astype(int), "collocate_freq": fy.astype(int), "node_freq": fx,
        "ll": (2 * ll).round(3), "logdice": (14 + np.log2(2 * o11 / (fx + fy))).round(3),
        "pmi": np.log2(o11 * n / (fx * fy)).round(3),
    })
    out = out.sort_values(["logdice", "freq", "collocate"], ascending=[False, False, True]).reset_index(drop=True)
    return out.head(top) if top else out


# ---------------------------------------------------------------------- phrase families


def load_phrasebook(path: str | os.PathLike[str] | None = None) -> dict[str, list[str]]:
    """Phrase families (``lavrovkit/data/phrases.yaml`` or your own): {family: [phrases]}.

    >>> "naming_the_us" in load_phrasebook()
    True
    """
    target = Path(path) if path else DATA / "phrases.yaml"
    if not target.is_file():
        raise PhraseError(f"{target}: phrase file does not exist")
    try:
        data = yaml.load(target.read_text(encoding="utf-8"), Loader=yaml.BaseLoader) or {}  # noqa: S506 - all text
    except yaml.YAMLError as exc:
        raise PhraseError(f"{target}: not valid YAML ({' '.join(str(exc).split())})") from None
    families = data.get("families") if isinstance(data, dict) else None
    if not isinstance(families, dict):
        raise PhraseError(f"{target}: expected a mapping with 'families' (name: [phrases])")
    out = {}
    for name, members in families.items():
        if not isinstance(members, list) or not all(isinstance(m, str) and m.strip() for m in members):
            raise PhraseError(f"{target}: family {name!r}: expected a list of phrases")
        out[str(name)] = [m.strip() for m in members]
    return out
