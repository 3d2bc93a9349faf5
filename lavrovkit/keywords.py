"""Key words: which words and n-grams are frequent, new, key to a period or a speaker, or keep company with a word?

N-gram counts (:func:`ngrams`, :func:`phrase_novelty`), keyness (:func:`keyness`:
log-likelihood G2, log ratio) and collocations (:func:`collocations`: logDice,
PMI, log-likelihood), over the integer-coded token index of
:mod:`lavrovkit.phrasing`. ``speaker`` (and ``reference_speaker``) follow
:mod:`lavrovkit.selection`: ``"auto"`` (default) Lavrov where he speaks, else all
text; ``"all"``/``None`` all text; a name that person's sentences.

>>> keyness(corpus, target="2025-01-01:", reference=":2018-12-31", speaker="all",
...         min_base=500).columns[:5].tolist()
['term', 'target_count', 'reference_count', 'target_words', 'reference_words']
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from lavrovkit.compat import RENAMED, old_names
from lavrovkit.errors import LanguageMixWarning, ParameterError, PhraseError, SmallBaseWarning
from lavrovkit.phrasing import _index, _periods, _positions, _select, phrase_tokens
from lavrovkit.selection import span as _span
from lavrovkit.selection import speaker_scope
from lavrovkit.stats import MIN_KEYNESS_WORDS, log_ratio_interval

if TYPE_CHECKING:  # pragma: no cover
    from lavrovkit.corpus import Corpus

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


def ngrams(corpus: Corpus, n: int = 2, *, min_freq: int = 2, speaker: str | None = "auto", lemma: bool = False,
           top: int | None = 50, **filters: Any) -> pd.DataFrame:
    """Which n-word sequences (not starting or ending on a stop word) are most frequent?

    Columns: ngram, count, documents, per_10k.
    """
    if not isinstance(n, int) or n < 1:
        raise ParameterError(f"ngrams: n={n!r} must be a whole number of words, at least 1")
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


def phrase_novelty(corpus: Corpus, period: str, *, by: str = "year", n: Iterable[int] = (1, 2, 3), min_count: int = 2,
                speaker: str | None = "auto", lemma: bool = False, **filters: Any) -> pd.DataFrame:
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


def keyness(corpus: Corpus, target: tuple[Any, Any] | str | None = None, reference: tuple[Any, Any] | str | None = None,
            *, speaker: str | None = "auto", reference_speaker: str | None = None, n: int = 1, lemma: bool = False,
            min_freq: int = 2, stop_words: bool = False, min_base: int = MIN_KEYNESS_WORDS, level: float = 0.95,
            **filters: Any) -> pd.DataFrame:
    """Which words (or n-grams) mark the target against the reference?

    ``target``/``reference`` are periods (``("2025-01-01", None)`` or
    ``"2016-01-01:2018-12-31"``). Without ``reference_speaker`` the reference is
    the same speaker scope in the reference period; with it, the reference is
    that scope's words (``"auto"``, ``"all"`` for all text, a name, as for
    ``speaker``; ``"others"`` for every sentence outside the target's scope)
    over the reference period (the target's when none is given).
    Columns: term, target_count, reference_count, target_words,
    reference_words (each side's words: the bases, the same on every row),
    target_per_10k, reference_per_10k, g2 (log-likelihood), p (chi-square,
    1 d.f.), log_ratio (Hardie 2014; zero counts as 0.5), ci_low and ci_high
    (the interval of log_ratio at ``level``:
    :func:`lavrovkit.stats.log_ratio_interval`; one that contains 0 means
    the sides may use the term equally often), low_base (True on every row
    when either side has fewer than ``min_base`` words, default
    :data:`lavrovkit.stats.MIN_KEYNESS_WORDS`; such a side is named in one
    :class:`lavrovkit.errors.SmallBaseWarning`), side (target/reference:
    where the term is relatively more frequent). Terms with fewer than
    ``min_freq`` hits in both together are left out, and so are stop words
    (and n-grams starting or ending on one) unless ``stop_words=True``;
    sorted by side then G2. The word totals (the denominators) always count
    every word.

    >>> import warnings
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     k = keyness(corpus, target="2025-01-01:", reference=":2018-12-31", speaker="all")
    >>> print(caught[0].message)
    keyness: target side has 506 words and reference side has 4,383 words, under the 5,000-word minimum for keyness: their rates are not readable (low_base)
    >>> k.query("term == 'dialogue'")[["target_count", "reference_count", "log_ratio", "ci_low", "ci_high",
    ...                                "low_base"]]
        target_count  reference_count  log_ratio  ci_low  ci_high  low_base
    25             5               10     2.1147   0.566   3.6635      True
    """
    from scipy.special import (
        chdtrc,  # what scipy.stats.chi2.sf computes, without importing scipy.stats
    )

    t_start, t_end = _span(target)
    r_start, r_end = _span(reference)
    if reference_speaker is not None:
        tc = _select(corpus, speaker, {**filters, "start": t_start, "end": t_end})
        r_filters = {**filters, "start": r_start or t_start, "end": r_end or t_end}
        if reference_speaker.strip().lower() == "others":
            rc = _others(corpus, speaker, r_filters)
        else:
            rc = _select(corpus, reference_speaker, r_filters)
        sides: list[tuple[dict[str, Any], np.ndarray | None]] = [(_index(tc), None), (_index(rc), None)]
    else:
        # one speaker, two periods: one index, two masks over its tokens
        c = _select(corpus, speaker, filters)
        index = _index(c)
        sides = [(index, _date_mask(c, index, t_start, t_end)), (index, _date_mask(c, index, r_start, r_end))]
    counts = []
    mixes: list[pd.Series] = []
    langs = corpus.documents.set_index("doc_id")["lang"] if "lang" in corpus.documents.columns else None
    for index, mask in sides:
        pos, keys = _gram_keys(index, n, lemma, content=not stop_words)
        words = index["is_word"]
        if mask is not None:
            keys = keys[mask[pos]]
            words = words & mask
        if langs is not None:
            token_lang = langs.reindex(index["doc_ids"]).fillna("en").to_numpy()[index["doc"]]
            mixes.append(pd.Series(token_lang[words]).value_counts(normalize=True))
        if n == 1:  # word codes: a count per code of the vocabulary (as np.unique gives, without the sort)
            every = np.bincount(keys, minlength=len(index["lemma_words" if lemma else "lower_words"]))
            uniq = np.flatnonzero(every)
            freq = every[uniq]
        else:
            uniq, freq = np.unique(keys, return_counts=True)
        counts.append((pd.Series(freq, index=uniq), int(words.sum()), index))
    (ta, c_words, t_index), (rb, d_words, r_index) = counts
    if not c_words or not d_words:
        raise PhraseError(f"empty subcorpus: target has {c_words} words, reference {d_words}")
    small = [(side, w) for side, w in (("target", c_words), ("reference", d_words)) if w < min_base]
    if small:
        sides_ = " and ".join(f"{side} side has {w:,} words" for side, w in small)
        warnings.warn(f"keyness: {sides_}, under the {min_base:,}-word minimum for keyness: "
                      f"{'its' if len(small) == 1 else 'their'} rates are not readable (low_base)",
                      SmallBaseWarning, stacklevel=2)
    _language_mix_warning(mixes)
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
    frame["p"] = chdtrc(1, frame["g2"].to_numpy(dtype=float))
    frame["log_ratio"] = np.log2((np.where(a > 0, a, 0.5) / c_) / (np.where(b > 0, b, 0.5) / d_)).round(4)
    low, high = log_ratio_interval(a, c_, b, d_, level)
    frame["ci_low"], frame["ci_high"] = np.round(low, 4), np.round(high, 4)
    frame["low_base"] = bool(small)
    frame["side"] = np.where(a / c_ >= b / d_, "target", "reference")
    frame.insert(3, "target_words", c_words)
    frame.insert(4, "reference_words", d_words)
    frame.attrs.update(target_words=c_words, reference_words=d_words, min_base={"words": min_base})
    return frame.sort_values(["side", "g2", "term"], ascending=[False, False, True], kind="stable").reset_index(drop=True)


#: A language holding at least this share of one side's words and less on the other side makes a mixed comparison.
LANGUAGE_SHARE = 0.1


def _language_mix_warning(mixes: list[pd.Series]) -> None:
    """Warn (:class:`LanguageMixWarning`) when the two sides' words are in different languages: each side's
    languages holding at least :data:`LANGUAGE_SHARE` of its words differ."""
    if len(mixes) != 2:
        return
    main = [set(m[m >= LANGUAGE_SHARE].index) for m in mixes]
    if main[0] == main[1]:
        return
    names = {"en": "English", "ru": "Russian"}

    def said(m: pd.Series) -> str:
        return ", ".join(f"{share:.0%} {names.get(str(code), str(code))}" for code, share in m.items()) or "no words"

    warnings.warn(LanguageMixWarning(
        f"keyness: the target side's words are {said(mixes[0])}, the reference side's {said(mixes[1])}: "
        "its key terms tell the languages apart as much as the sides; keep one language (lang='ru' or "
        "'en' in a report, --lang on the command line)"), stacklevel=3)


def _date_mask(c: Corpus, index: dict[str, Any], start: str | None, end: str | None) -> np.ndarray:
    """Which tokens of the index lie in documents dated ``start``..``end`` (undated ones only when unbounded)?"""
    dates = c.documents.set_index("doc_id")["date"].reindex(index["doc_ids"])
    keep = pd.Series(True, index=dates.index)
    if start:
        keep &= dates >= pd.Timestamp(start)
    if end:
        keep &= dates <= pd.Timestamp(end)
    return keep.to_numpy(dtype=bool)[index["doc"]]


def _others(corpus: Corpus, speaker: str | None, filters: dict[str, Any]) -> Corpus:
    """Every sentence outside the speaker scope of ``speaker`` (default: auto), as a sub-corpus."""
    c = corpus.filter(**{k: v for k, v in filters.items() if v}) if any(filters.values()) else corpus
    name, _ = speaker_scope(c, speaker, label=False)
    s = c.sentences
    if name is None:  # the target is all text: nothing is outside it
        outside = pd.Series(False, index=s.index)
    elif name == "none":  # the target is narration: the others are every spoken sentence
        outside = s["speaker"].notna()
    else:
        outside = s["speaker"] != name
    sub = c.keep_sentences(s.loc[outside, ["doc_id", "sentence_id"]])  # the other tiers follow when asked for
    sub.memo["phrase_index_persist"] = False  # its tokens are not those its document keys name: index in memory
    return sub


# ---------------------------------------------------------------------- collocations


def collocations(corpus: Corpus, node: str, *, window: int = 5, min_freq: int = 2, speaker: str | None = "auto",
                 lemma: bool | None = None, top: int | None = 30, case: str | bool = "auto",
                 **filters: Any) -> pd.DataFrame:
    """Which words keep company with ``node`` within ``window`` words on either side (in the same sentence)?

    ``lemma`` as in :mod:`lavrovkit.phrasing` for the node (None: an English node as written, a Russian one
    in every form; False: as written; True: every form); with True collocates are counted by lemma too.

    Columns: collocate, freq (co-occurrences), collocate_freq (in the
    subcorpus), node_freq, ll (log-likelihood of the 2x2 table of window
    positions against the rest), logdice (14 + log2(2 f_xy / (f_x + f_y));
    Rychlý 2008), pmi (log2(f_xy N / (f_x f_y))). Stop words and punctuation are
    not collocates; sorted by logDice.
    """
    c = _select(corpus, speaker, filters)
    index = _index(c)
    pos = _positions(index, node, lemma, case)
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


#: Names this module had before the noun-first scheme (see :mod:`lavrovkit.compat`).
__getattr__ = old_names(__name__, {n: RENAMED[n] for n in ('phrases_new',)})
