"""Phrasing: how often does he use a word or phrase, since when, and in which words around it?

Every function counts the words of one speaker scope (see :mod:`lavrovkit.selection`):
``speaker="auto"`` (the default) is Lavrov's own words where he speaks in the
corpus and all text where he never does; ``"all"`` (or ``None``) all text; a
name that person's sentences.

Matching is on tokens, case-insensitive, on token boundaries, never across
sentences. ``lemma`` says which forms of a phrase's words count, the same in
every function here: ``False``, the written (lower-cased) form only;
``True``, every form of the word (English: the corpus's lemmas; Russian: the
word's paradigm, see below); ``None`` (the default), each phrase in its
language's way: an English phrase as written (list the forms you want), a
Russian phrase (one with a Cyrillic letter) in every form, since Russian
inflects: "наши американские партнёры" counts "наших американских партнёров".
A Russian word stands for the forms of its paradigm in its likeliest part of
speech (pymorphy3's dictionary, :func:`lavrovkit.wordforms.word_forms`: a
participle stays a participle, so "так называемый" does not count "так
называют"), matched on the word forms, "ё" and "е" alike — a lemma sequence
matched without depending on the lemmatiser's guess in context, and on the
forms tier alone. Phrases are tokenised like the corpus (a Russian phrase by
the Russian tokenizer), and matched with vectorised comparisons over the
token table (no Python loop per token), so queries stay fast on millions of
words. Hit tables carry the document's language (``lang``); a trend per
language is the ``lang`` filter: ``phrase_trend(corpus, families=["naming_the_us"], lang="ru")``. N-gram counts, keyness and
collocations are in :mod:`lavrovkit.keywords` (re-exported here).

Example
-------
>>> lk.phrase_trend(corpus, ["dialogue", "our American partners"], by="year").query("count > 0").shape[0] > 0
True
>>> lk.kwic(corpus, "irritants", window=3, speaker="all")[["doc_id", "match"]].head(1)
  doc_id      match
0    003  irritants
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
import yaml

from lavrovkit.compat import RENAMED, old_names
from lavrovkit.errors import ParameterError, PhraseError  # noqa: F401  (re-exported)
from lavrovkit.index import WORD, _encode, token_index  # noqa: F401  (_encode: its old import path)
from lavrovkit.matching import MATCH_FORMS, blank_nlp, word_tokens  # noqa: F401  (blank_nlp: old import path)
from lavrovkit.selection import (  # noqa: F401  (old names, re-exported)
    DEFAULT_SPEAKER,
    GRAINS,
    doc_periods,
    grain_resolve,
    period_of,
    periods_auto,
    periods_split,
    scoped,
)
from lavrovkit.stats import MIN_WORDS, interval_columns
from lavrovkit.wordforms import is_cyrillic, word_forms

if TYPE_CHECKING:  # pragma: no cover
    from lavrovkit.corpus import Corpus

DATA = Path(__file__).with_name("data")
#: The time grains of the trends (kept under its old name).
BY = GRAINS
_FORMS = MATCH_FORMS
HIT_COLUMNS = ["doc_id", "sentence_id", "token_id", "start_char", "end_char", "phrase", "match", "date", "source",
               "speaker", "lang"]
#: The language a phrase with a Cyrillic letter is tokenised and inflected in.
CYRILLIC_LANG = "ru"

# ---------------------------------------------------------------------- the corpus side


def _select(corpus: Corpus, speaker: str | None, filters: dict[str, Any]) -> Corpus:
    """The corpus restricted to the speaker scope (see :mod:`lavrovkit.selection`) and the other filters."""
    return scoped(corpus, speaker, filters)


def _index(corpus: Corpus) -> dict[str, Any]:
    """Integer-coded token arrays of the corpus (memoised, and kept with the cache: :mod:`lavrovkit.index`):
    word and lemma codes (lemmas only when asked for), sentence keys, word flags."""
    return token_index(corpus)


_WORD = WORD


def phrase_lang(phrase: str) -> str:
    """The language a phrase is written in, as the matchers read it: Russian with a Cyrillic letter, else English.

    >>> phrase_lang("наши американские партнёры"), phrase_lang("our American partners")
    ('ru', 'en')
    """
    return CYRILLIC_LANG if is_cyrillic(phrase) else "en"


def _split(text: str) -> list[str]:
    """``text``'s tokens as the corpus's tokenizer for its language splits them."""
    lang = phrase_lang(text)
    return word_tokens(text) if lang == "en" else word_tokens(text, lang)


def phrase_tokens(phrase: str) -> list[str]:
    """A phrase as the corpus's tokens see it: lower-cased, split like the corpus (spaCy's English tokenizer;
    a phrase with a Cyrillic letter, the Russian one).

    >>> phrase_tokens("Russian-US relations")
    ['russian', '-', 'us', 'relations']
    """
    toks = _split(" ".join(phrase.split()).lower().translate(_FORMS))
    if not toks:
        raise PhraseError(f"empty phrase {phrase!r}")
    return toks


#: Values of ``case``: "auto" matches a word written in capitals ("US", "EU", "NATO") in that case only,
#: every other word in any case; True matches every word as written; False ignores case throughout.
CASES = ("auto", True, False)


def case_sensitive_words(phrase: str, case: str | bool = "auto") -> list[bool]:
    """Which words of ``phrase`` match only as written: with ``case="auto"`` those in capitals (two or
    more letters, all upper case: an acronym such as US, so "us" the pronoun is not counted).

    >>> case_sensitive_words("the US administration")
    [False, True, False]
    >>> case_sensitive_words("the US administration", case=False)
    [False, False, False]
    """
    if case not in CASES:
        raise ParameterError(f"case={case!r}: expected 'auto', True or False")
    toks = _raw_tokens(phrase)
    if case == "auto":
        return [sum(ch.isalpha() for ch in t) >= 2 and t.isupper() for t in toks]
    return [bool(case)] * len(toks)


def _raw_tokens(phrase: str) -> list[str]:
    """The phrase's tokens as written (case kept), split like :func:`phrase_tokens`; a phrase that splits
    differently in its written case is matched ignoring case."""
    lowered = phrase_tokens(phrase)
    toks = _split(" ".join(phrase.split()).translate(_FORMS))
    return toks if [t.lower() for t in toks] == lowered else lowered


def _positions(index: dict[str, Any], phrase: str, lemma: bool | None, case: str | bool = "auto") -> np.ndarray:
    """Token positions where ``phrase`` starts (all its tokens in one sentence); see :data:`CASES` and, for
    ``lemma``, the module docstring."""
    if _absent(index, phrase):
        return np.array([], dtype=np.int64)
    toks = phrase_tokens(phrase)
    exact = case_sensitive_words(phrase, case)
    raw = _raw_tokens(phrase)
    every_form = lemma is not False and phrase_lang(phrase) != "en"
    n, k = len(index["lower"]), len(toks)
    if every_form:  # each word's paradigm, on the word forms
        vocab = index["lower_vocab"]
        wanted = [np.array([index["exact_vocab"].get(r, -1)]) if e else
                  np.array(sorted({vocab[f] for f in word_forms(t) if f in vocab}), dtype=np.int64)
                  for t, r, e in zip(toks, raw, exact, strict=True)]
        columns = [index["exact"] if e else index["lower"] for e in exact]
        if n < k or any(len(w) == 0 or (len(w) == 1 and w[0] == -1) for w in wanted):
            return np.array([], dtype=np.int64)
        mask = np.isin(columns[0][: n - k + 1], wanted[0])
        for j in range(1, k):
            mask &= np.isin(columns[j][j: n - k + 1 + j], wanted[j])
    else:
        codes = index["lemma" if lemma else "lower"]
        vocab = index["lemma_vocab" if lemma else "lower_vocab"]
        columns = [index["exact"] if e else codes for e in exact]
        ids = [index["exact_vocab"].get(r, -1) if e else vocab.get(t, -1) for t, r, e in zip(toks, raw, exact,
                                                                                           strict=True)]
        if -1 in ids or n < k:
            return np.array([], dtype=np.int64)
        mask = columns[0][: n - k + 1] == ids[0]
        for j in range(1, k):
            mask &= columns[j][j: n - k + 1 + j] == ids[j]
    if k > 1:
        sent = index["sentence"]
        mask &= sent[: n - k + 1] == sent[k - 1:]
    return np.flatnonzero(mask)


def _absent(index: dict[str, Any], phrase: str) -> bool:
    """Is ``phrase`` in a script none of the corpus's words is written in (a Russian phrase, an English
    corpus)? Then it has no occurrence, and is not tokenised or inflected at all."""
    if phrase_lang(phrase) == "en":
        return False
    if "has_cyrillic" not in index:
        index["has_cyrillic"] = any(is_cyrillic(w) for w in index["lower_words"].tolist())
    return not index["has_cyrillic"]


def _family_positions(index: dict[str, Any], members: Sequence[str], lemma: bool | None,
                      case: str | bool = "auto") -> np.ndarray:
    """Start positions of a family's members, each passage once: longer members first, and a match that
    shares a token with one already counted ("American partners" inside "our American partners") is not
    counted again."""
    used = np.zeros(len(index["lower"]), dtype=bool)
    starts = []
    present = [m for m in dict.fromkeys(members) if not _absent(index, m)]
    for member in sorted(present, key=lambda m: -len(phrase_tokens(m))):
        pos = _positions(index, member, lemma, case)
        k = len(phrase_tokens(member))
        if len(pos):
            span = pos[:, None] + np.arange(k)
            pos = pos[~used[span].any(axis=1)]
            used[(pos[:, None] + np.arange(k)).ravel()] = True
        starts.append(pos)
    return np.sort(np.concatenate(starts)) if starts else np.array([], dtype=np.int64)


def phrase_hits(corpus: Corpus, phrases: Sequence[str], *, speaker: str | None = "auto", lemma: bool | None = None,
                case: str | bool = "auto", **filters: Any) -> pd.DataFrame:
    """Where does each phrase occur? One row per occurrence, traceable to its sentence.

    Words are matched in any case, except words written in capitals ("US",
    "EU", "NATO"), which match only so (``case``: "auto"; True: every word as
    written; False: any case), so "US" does not count the pronoun "us".

    Columns: doc_id, sentence_id, token_id, start_char, end_char (offsets in
    ``documents.text``), phrase (as asked), match (as written), date, source,
    speaker, lang (the document's language, ``documents.lang``). ``lemma``: see the module docstring.
    """
    c = _select(corpus, speaker, filters)
    index = _index(c)
    t = index["tokens"]
    texts = dict(zip(c.documents["doc_id"], c.documents["text"], strict=True))
    # the token columns as numpy arrays (zero-copy for the integer ones), indexed by position below
    token_start = t["start_char"].to_numpy(dtype=np.int64)
    token_sentence = t["sentence_id"].to_numpy(dtype=np.int64)
    token_id = t["token_id"].to_numpy(dtype=np.int64)
    parts = []
    for phrase in phrases:
        pos = _positions(index, phrase, lemma, case)
        if not len(pos):
            continue
        k = len(phrase_tokens(phrase))
        last = pos + k - 1
        start = token_start[pos]
        end = token_start[last] + t["text"].iloc[last].str.len().to_numpy(dtype=np.int64)
        parts.append(pd.DataFrame({
            "doc_id": index["doc_ids"][index["doc"][pos]], "sentence_id": token_sentence[pos],
            "token_id": token_id[pos], "start_char": start, "end_char": end, "phrase": phrase}))
    if not parts:
        return pd.DataFrame(columns=HIT_COLUMNS)
    out = pd.concat(parts, ignore_index=True)
    doc_ids = out["doc_id"].tolist()
    out["match"] = [texts[d][s:e] for d, s, e in zip(doc_ids, out["start_char"].tolist(), out["end_char"].tolist(),
                                                      strict=True)]
    meta = c.documents.set_index("doc_id")
    out["date"] = out["doc_id"].map(meta["date"])
    out["source"] = out["doc_id"].map(meta["source"])
    out["speaker"] = _sentence_speakers(c, out)
    out["lang"] = out["doc_id"].map(_doc_lang(c))
    return out[HIT_COLUMNS].sort_values(["date", "doc_id", "start_char"], kind="stable").reset_index(drop=True)


def _doc_lang(c: Corpus) -> pd.Series:
    """Each document's language (``documents.lang``; English where the corpus has no such column), by doc_id."""
    docs = c.documents
    values = docs["lang"] if "lang" in docs else pd.Series("en", index=docs.index)
    return pd.Series(values.to_numpy(dtype=object), index=docs["doc_id"].to_numpy())


def _sentence_speakers(c: Corpus, hits: pd.DataFrame) -> list[str | None]:
    """The speaker of each hit's sentence (None for narration or a sentence the corpus lacks)."""
    if "sentence_speakers" not in c.memo:  # sentences by (document code, sentence_id), sorted, with speakers
        s = c.sentences
        doc_ids = _index(c)["doc_ids"]
        code = pd.Categorical(s["doc_id"], categories=doc_ids).codes.astype(np.int64)
        key = code * 1_000_000 + s["sentence_id"].to_numpy(dtype=np.int64)
        order = np.argsort(key, kind="stable")
        c.memo["sentence_speakers"] = (key[order], s["speaker"].to_numpy(dtype=object)[order], doc_ids)
    keys, speakers, doc_ids = c.memo["sentence_speakers"]
    code = pd.Categorical(hits["doc_id"], categories=doc_ids).codes.astype(np.int64)
    wanted = code * 1_000_000 + hits["sentence_id"].to_numpy(dtype=np.int64)
    at = np.clip(np.searchsorted(keys, wanted), 0, max(len(keys) - 1, 0))
    found = (keys[at] == wanted) & (code >= 0) if len(keys) else np.zeros(len(wanted), dtype=bool)
    return [None if not ok or pd.isna(v) else v for ok, v in zip(found.tolist(), speakers[at].tolist() if len(keys)
                                                                  else [None] * len(wanted), strict=True)]


def _periods(c: Corpus, by: str) -> pd.Series:
    """Period label per document ('doc' gives the doc_id); a bad grain is a ParameterError naming the grains."""
    return doc_periods(c.documents, by)


def period_words(corpus: Corpus, by: str = "auto", *, speaker: str | None = "auto", **filters: Any) -> pd.DataFrame:
    """How many words (tokens with a letter or digit) stand behind each period? Columns: period, documents, words.

    ``by`` is a grain (doc, month, quarter, year) or ``"auto"``, the one that fits the corpus's span
    (:func:`lavrovkit.selection.grain_auto`).
    """
    c = _select(corpus, speaker, filters)
    by = grain_resolve(c.documents, by)
    index = _index(c)
    period = _periods(c, by)
    per_doc = pd.Series(np.bincount(index["doc"], weights=index["is_word"], minlength=len(index["doc_ids"])),
                        index=index["doc_ids"])
    frame = pd.DataFrame({"period": period, "words": per_doc.reindex(period.index).fillna(0).astype("int64")})
    frame = frame[frame["period"].notna() & (frame["words"] > 0)]
    return (frame.groupby("period").agg(documents=("words", "size"), words=("words", "sum")).reset_index()
            .astype({"documents": "int64", "words": "int64"}))


def phrase_trend(corpus: Corpus, phrases: Sequence[str] = (), *, families: Sequence[str] = (), by: str = "auto",
                 speaker: str | None = "auto", lemma: bool | None = None, phrasebook: str | os.PathLike[str] | None = None,
                 case: str | bool = "auto", min_base: int = MIN_WORDS, level: float = 0.95,
                 **filters: Any) -> pd.DataFrame:
    """How often does each phrase (or phrase family) occur per document, month, quarter or year?

    Tidy: one row per period and phrase (zeros included): period, phrase,
    count, words (words behind the period: the base of the rate), per_10k
    (count per 10,000 words), documents, ci_low and ci_high (the exact
    Poisson interval of per_10k at ``level``, see
    :func:`lavrovkit.stats.rate_interval`), low_base (True when the period
    has fewer than ``min_base`` words, default :data:`lavrovkit.stats.MIN_WORDS`:
    its rate is an anecdote). A family from ``phrases.yaml`` counts all its members, English and
    Russian (each in its language's way: see ``lemma`` in the module docstring). ``by="auto"``
    (the default) counts by the grain that fits the corpus's span (:func:`lavrovkit.selection.grain_auto`).
    One language's trend is the ``lang`` filter (a documents column, as every filter): its words are the
    base, so the two languages' rates compare (``phrase_trend(c, families=["naming_the_us"], lang="ru")``).

    >>> phrase_trend(corpus, ["dialogue"], speaker="all", by="year").query("period == '2019'")[
    ...     ["count", "words", "per_10k", "ci_low", "ci_high", "low_base"]]
       count  words  per_10k  ci_low  ci_high  low_base
    3      4    435   91.954  25.054  235.439      True
    """
    c = _select(corpus, speaker, filters)
    book = phrasebook_load(phrasebook) if families else {}
    wanted: dict[str, list[str]] = {p: [p] for p in phrases}
    for fam in families:
        if fam not in book:
            raise PhraseError(f"unknown phrase family {fam!r}; families: {', '.join(book)}")
        wanted[fam] = book[fam]
    if not wanted:
        raise PhraseError("no phrase or family given")
    by = grain_resolve(c.documents, by)
    base = period_words(c, by, speaker="all")
    index = _index(c)
    doc_period = _periods(c, by).reindex(index["doc_ids"]).to_numpy(dtype=object)
    rows = []
    for name, members in wanted.items():  # counted from positions: as phrase_hits, without building its rows
        pos = _family_positions(index, members, lemma, case)
        counts = pd.Series(doc_period[index["doc"][pos]]).value_counts(dropna=True)
        for period, words, documents in zip(base["period"], base["words"].astype(int), base["documents"],
                                            strict=True):
            n = int(counts.get(period, 0))
            rows.append((period, name, n, words, round(1e4 * n / words, 3) if words else 0.0, documents))
    out = pd.DataFrame(rows, columns=["period", "phrase", "count", "words", "per_10k", "documents"])
    return interval_columns(out, count="count", base="words", kind="rate", min_base=min_base, level=level, digits=3)


#: Columns of :func:`phrase_dispersion`.
DISPERSION_COLUMNS = ["doc_id", "date", "source", "phrase", "match", "sentence_id", "start_char", "position",
                      "doc_words", "doc_hits", "lang"]


def phrase_dispersion(corpus: Corpus, phrases: Sequence[str], *, speaker: str | None = "auto", lemma: bool | None = None,
                      case: str | bool = "auto", **filters: Any) -> pd.DataFrame:
    """Where in each document does each phrase occur? One row per occurrence with its place in the document.

    The table behind a dispersion plot (:func:`lavrovkit.plots.dispersion`,
    as AntConc's Plot tool or quanteda's ``textplot_xray`` draw it): doc_id,
    date, source, phrase, match, sentence_id, start_char, position (where the
    occurrence starts, 0 at the document's first character, 1 at its last),
    doc_words (the document's words: the base of its count) and doc_hits
    (occurrences of that phrase in the document), lang (the document's language). Rows are by date, then
    document and position; occurrences are matched as in :func:`phrase_hits`.

    >>> d = phrase_dispersion(corpus, ["dialogue"], speaker="all")
    >>> d.groupby("doc_id").doc_hits.first().to_dict()
    {'000': 4, '001': 1, '002': 1, '003': 5, '004': 8}
    >>> bool(d.position.between(0, 1).all())
    True
    """
    hits = phrase_hits(corpus, phrases, speaker=speaker, lemma=lemma, case=case, **filters)
    docs = corpus.documents.set_index("doc_id")
    length = docs["text"].str.len().clip(lower=1)
    out = hits.assign(position=(hits["start_char"] / hits["doc_id"].map(length)).clip(0, 1).round(4),
                      doc_words=hits["doc_id"].map(docs["words"]).astype("int64"))
    out["doc_hits"] = out.groupby(["doc_id", "phrase"])["phrase"].transform("size").astype("int64")
    out = out.sort_values(["date", "doc_id", "start_char"], kind="stable", na_position="last")
    return out[DISPERSION_COLUMNS].reset_index(drop=True)


def phrase_span(corpus: Corpus, phrases: Sequence[str], *, speaker: str | None = "auto", lemma: bool | None = None,
                case: str | bool = "auto", **filters: Any) -> pd.DataFrame:
    """When did each phrase first and last occur? Columns: phrase, count, documents, first_date, first_doc,
    first_text, last_date, last_doc (undated documents left out)."""
    c = _select(corpus, speaker, filters)
    hits = phrase_hits(c, phrases, speaker="all", lemma=lemma, case=case)
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

# ---------------------------------------------------------------------- concordance

KWIC_COLUMNS = ["doc_id", "date", "source", "speaker", "sentence_id", "left", "match", "right", "start_char", "lang"]


def kwic(corpus: Corpus, phrase: str, *, window: int = 8, speaker: str | None = "auto", lemma: bool | None = None,
         case: str | bool = "auto", **filters: Any) -> pd.DataFrame:
    """Every occurrence of ``phrase`` with ``window`` words of context on each side (within the document).

    Columns: doc_id, date, source, speaker, sentence_id, left, match, right, start_char, lang (the
    document's language).

    >>> kwic(corpus, "irritants", window=2, speaker="all")[["left", "match", "right"]].head(1)
           left      match          right
    0  are many  irritants  in Russian-US
    """
    hits = phrase_hits(corpus, [phrase], speaker=speaker, lemma=lemma, case=case, **filters)
    if hits.empty:
        return pd.DataFrame(columns=KWIC_COLUMNS)
    texts = dict(zip(corpus.documents["doc_id"], corpus.documents["text"], strict=True))
    left, right = [], []
    for d, s, e in zip(hits["doc_id"].tolist(), hits["start_char"].tolist(), hits["end_char"].tolist(), strict=True):
        text = texts[d]
        # the words (runs of non-space: str.split() splits where the pattern \S+ ends) around the match
        before = text[max(0, s - 40 * window): s].split()
        after = text[e: e + 40 * window].split()
        left.append(" ".join(before[-window:]) if window else "")
        right.append(" ".join(after[:window]) if window else "")
    out = hits.assign(left=left, right=right)
    return out[KWIC_COLUMNS].reset_index(drop=True)

# ---------------------------------------------------------------------- phrase families


def phrasebook_load(path: str | os.PathLike[str] | None = None) -> dict[str, list[str]]:
    """Phrase families (``lavrovkit/data/phrases.yaml`` or your own): {family: [phrases]}.

    >>> "naming_the_us" in phrasebook_load()
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


# the n-gram counts, keyness and collocations, under their old import path
from lavrovkit.keywords import (  # noqa: E402,F401
    _gram_keys,
    _gram_text,
    _ngram_table,
    collocations,
    g2,
    keyness,
    log_ratio,
    ngrams,
    phrase_novelty,
)

#: Names this module had before the noun-first scheme (see :mod:`lavrovkit.compat`).
__getattr__ = old_names(__name__, {n: RENAMED[n] for n in ('load_phrasebook', 'phrases_new', 'auto_periods', 'split_periods', 'words_per_period')})
