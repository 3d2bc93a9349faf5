"""Tone: a cooperation–confrontation index per sentence and document, from an editable lexicon.

Each sentence scores +1 for every cooperation term and −1 for every
confrontation term of ``lavrovkit/data/tone.yaml`` (matched on lemmas), with
negation: a negator ("not", "no", "without", "refused" ...) up to a few tokens
before a term, in the same sentence, flips it ("no dialogue" is confrontation).
A language with a lexicon of its own in the file (``ru:``) is read with it,
in its documents only (``documents.lang``): Russian terms and negators match
every inflected form ("не хотят диалога" is confrontation; see
:mod:`lavrovkit.wordforms`); English entries read the other documents. A
lexicon may also list ``negating_words`` (Russian "отказ", "прекратить": they
negate what follows, and a negator before them cancels that, so "не
отказываемся от диалога" is cooperation) and ``not_negators`` (phrases that
start with a negator and negate nothing: "не только").
The index of a unit is (cooperation − confrontation) / (cooperation +
confrontation), from −1 (all confrontation) to +1 (all cooperation); units
without a term have no index. Evidence words come with every score.

Limits, plainly: a bag of words cannot read irony, quotation of an opponent's
words, or who is being cooperative with whom ("Washington refuses dialogue"
and "we refuse dialogue" score the same); words such as "support" or "crisis"
carry tone only on average. Compare periods, speakers and counterparts over
many sentences, and read the evidence before quoting a number.

Whose sentences are scored follows :mod:`lavrovkit.selection`: ``speaker="auto"``
(the default) is Lavrov's own words where he speaks, all text where he never
does; ``"all"`` (or ``None``) all text; a name that person's sentences.

Example
-------
>>> lk.tone_sentences(corpus).query("terms > 0")["speaker"].unique().tolist()
['Sergey Lavrov']
>>> lk.tone_groups(corpus, by="year", speaker="all").columns.tolist()  # doctest: +NORMALIZE_WHITESPACE
['period', 'sentences', 'scored_sentences', 'cooperation', 'confrontation', 'terms', 'index', 'ci_low',
 'ci_high', 'low_base', 'evidence']
"""

from __future__ import annotations

import os
import warnings
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
import yaml

from lavrovkit.compat import RENAMED, old_names
from lavrovkit.errors import LexiconError, SmallBaseWarning
from lavrovkit.phrasing import _index, _positions, phrase_tokens
from lavrovkit.selection import AUTO_GRAIN, GRAINS, check_grain, grain_auto, period_of, scoped
from lavrovkit.stats import MIN_SENTENCES, proportion_interval

if TYPE_CHECKING:  # pragma: no cover
    from lavrovkit.corpus import Corpus

DATA = Path(__file__).with_name("data")
#: The units :func:`tone_groups` groups by: the time grains, then themes and counterparts.
TONE_UNITS = (AUTO_GRAIN, *GRAINS, "theme", "counterpart")
SENTENCE_COLUMNS = ["doc_id", "sentence_id", "date", "source", "speaker", "text", "cooperation", "confrontation",
                    "terms", "index", "evidence"]


def lexicon_load(path: str | os.PathLike[str] | None = None) -> dict[str, Any]:
    """The tone lexicon: cooperation and confrontation terms, negators, negation window; and under
    ``languages`` each other language's own lexicon (the same keys), read in documents of that language.

    The top-level entries are English, and read every document whose language has no lexicon of its own.

    >>> lex = lexicon_load()
    >>> lex["window"], sorted(lex["languages"]), "не" in lex["languages"]["ru"]["negators"]
    (3, ['ru'], True)
    """
    target = Path(path) if path else DATA / "tone.yaml"
    try:
        # every entry is text: BaseLoader keeps "no", "on", "off" as words, not booleans
        data = yaml.load(target.read_text(encoding="utf-8"), Loader=yaml.BaseLoader) or {}  # noqa: S506
    except (OSError, yaml.YAMLError) as exc:
        raise LexiconError(f"{target}: can't read the tone lexicon ({' '.join(str(exc).split())})") from None
    if not isinstance(data, dict):
        raise LexiconError(f"{target}: expected a mapping (cooperation, confrontation, negators, ...)")
    out = _lexicon_part(data, f"{target}")
    languages = {}
    for code, part in data.items():
        if code in LEXICON_KEYS:
            continue
        if not (isinstance(part, dict) and code.isalpha() and code.isascii() and 2 <= len(code) <= 3):
            raise LexiconError(f"{target}: unknown key {code!r}; a language's lexicon is a mapping under its code "
                               f"(ru: {{cooperation: [...], confrontation: [...], negators: [...]}})")
        languages[code.lower()] = _lexicon_part(part, f"{target}, {code}")
    out["languages"] = languages
    return out


#: The keys of one language's lexicon.
LEXICON_KEYS = ("cooperation", "confrontation", "negators", "negating_words", "not_negators", "negation_window")


def _lexicon_part(data: dict[str, Any], where: str) -> dict[str, Any]:
    for key in ("cooperation", "confrontation", "negators"):
        if not isinstance(data.get(key), list) or not data[key]:
            raise LexiconError(f"{where}: {key!r} must be a non-empty list of terms")
    try:
        window = int(data.get("negation_window", 3))
    except (TypeError, ValueError):
        raise LexiconError(f"{where}: 'negation_window' must be a whole number") from None
    extra = {}
    for key in ("negating_words", "not_negators"):
        value = data.get(key) or []
        if not isinstance(value, list):
            raise LexiconError(f"{where}: {key!r} must be a list of terms")
        extra[key] = [str(t) for t in value]
    return {"cooperation": [str(t) for t in data["cooperation"]], "confrontation": [str(t) for t in data["confrontation"]],
            "negators": [str(t) for t in data["negators"]], "window": window, **extra}


def tone_index(cooperation: Any, confrontation: Any) -> Any:
    """The tone index: (cooperation − confrontation) / (cooperation + confrontation), −1..+1, missing without terms.

    Works on numbers or pandas Series (rounded to 4 places).

    >>> tone_index(pd.Series([3, 0, 1]), pd.Series([1, 0, 1])).tolist()
    [0.5, nan, 0.0]
    """
    total = cooperation + confrontation
    if isinstance(total, pd.Series):
        return ((cooperation - confrontation) / total.where(total > 0)).round(4)
    return round((cooperation - confrontation) / total, 4) if total else float("nan")


def tone_interval(cooperation: Any, confrontation: Any, level: float = 0.95) -> tuple[Any, Any]:
    """Which tone indexes fit the terms counted? The interval of :func:`tone_index` at ``level``.

    The index is 2p − 1, where p = cooperation / (cooperation + confrontation)
    is the cooperation share of the tone terms; the interval is the Wilson
    score interval of p (:func:`lavrovkit.stats.proportion_interval`) over
    the terms, mapped to the index scale (2·low − 1, 2·high − 1). It treats
    each term as one draw: terms of one sentence lean the same way, so read
    it as the least uncertainty there is. Missing without terms; rounded to 4 places.

    >>> [round(v, 4) for v in tone_interval(1, 0)]     # one cooperation word: index 1.0, anywhere above −0.59
    [-0.5869, 1.0]
    >>> [round(v, 4) for v in tone_interval(30, 10)]   # index 0.5
    [0.1961, 0.7163]
    """
    low, high = proportion_interval(cooperation, cooperation + confrontation, level)
    if isinstance(low, pd.Series):
        return (2 * low - 1).round(4), (2 * high - 1).round(4)
    if isinstance(low, np.ndarray):
        return np.round(2 * low - 1, 4), np.round(2 * high - 1, 4)
    return round(2 * low - 1, 4), round(2 * high - 1, 4)


def tone_sentences(corpus: Corpus, *, speaker: str | None = "auto", lexicon: str | os.PathLike[str] | None = None,
                   **filters: Any) -> pd.DataFrame:
    """What tone does every sentence take, on which words?

    One row per sentence: doc_id, sentence_id, date, source, speaker, text,
    cooperation, confrontation (term counts after negation), terms, index
    (−1..+1, missing without terms), evidence (matched words, '¬' marking a
    negated one). ``speaker``: see the module docstring.

    >>> s = tone_sentences(corpus, speaker="all")
    >>> s.loc[s["terms"] > 0, ["cooperation", "confrontation", "index"]].sum().round(1).tolist()  # doctest: +ELLIPSIS
    [...]
    """
    c = scoped(corpus, speaker, filters)
    lex = lexicon_load(lexicon)
    index = _index(c)
    t = index["tokens"]
    sent = index["sentence"]
    negated = np.zeros(len(t), dtype=bool)
    # which lexicon reads each token: its document's language's, or the English one
    own = lex["languages"]
    doc_lang = c.documents.set_index("doc_id")["lang"] if "lang" in c.documents else None
    codes = [str(doc_lang.get(d, "en")) if doc_lang is not None else "en" for d in index["doc_ids"]]
    token_lang = np.array([code if code in own else "" for code in codes] or [""], dtype=object)[index["doc"]] \
        if len(index["doc"]) else np.array([], dtype=object)
    rows = []
    for code, part in [("", lex), *own.items()]:
        mine = token_lang == code
        if not mine.any():
            continue
        # negators, as written in English, every form in an inflecting language; phrases that start with one
        # and negate nothing ("не только") are left out; a negating word ("отказ") negated itself flips nothing
        not_neg = np.zeros(len(t), dtype=bool)
        for phrase in part["not_negators"]:
            not_neg[_positions(index, phrase, lemma=None)] = True
        flips = []
        for words in (part["negators"], part["negating_words"]):
            after = np.zeros(len(t), dtype=bool)
            for neg in words:
                p = _positions(index, neg, lemma=None)
                p = p[mine[p] & ~not_neg[p]]
                k = len(phrase_tokens(neg))
                for off in range(k, k + part["window"]):  # the words after a negator, within its sentence
                    q = p + off
                    ok = q < len(t)
                    q, base = q[ok], p[ok]
                    after[q[sent[q] == sent[base]]] = True
            flips.append(after)
        negated |= flips[0] ^ flips[1]
        for polarity, sign in (("cooperation", 1), ("confrontation", -1)):
            for term in part[polarity]:
                pos = _positions(index, term, lemma=True)
                pos = pos[mine[pos]]
                if len(pos):
                    rows.append(pd.DataFrame({"pos": pos, "sign": np.where(negated[pos], -sign, sign),
                                              "term": term, "negated": negated[pos]}))
    s = c.sentences[["doc_id", "sentence_id", "speaker", "text"]].copy()
    if rows:
        hits = pd.concat(rows, ignore_index=True).drop_duplicates("pos")
        at = hits["pos"].to_numpy()  # the hits' rows only (converting whole string columns takes seconds)
        hits["doc_id"] = t["doc_id"].iloc[at].to_numpy()
        hits["sentence_id"] = t["sentence_id"].to_numpy()[at]
        hits["word"] = t["text"].iloc[at].to_numpy()
        hits["shown"] = np.where(hits["negated"], "¬" + hits["word"].astype(str), hits["word"])
        hits = hits.sort_values("pos").assign(_c=lambda h: h["sign"] > 0, _x=lambda h: h["sign"] < 0)
        g = hits.groupby(["doc_id", "sentence_id"], sort=False)
        agg = pd.DataFrame({"cooperation": g["_c"].sum(), "confrontation": g["_x"].sum()})
        # evidence: the shown words of each sentence in text order (positions sort by document, sentence)
        sent_of = sent[hits["pos"].to_numpy()]
        starts = np.flatnonzero(np.r_[True, sent_of[1:] != sent_of[:-1]])
        agg["evidence"] = [list(v) for v in np.split(hits["shown"].to_numpy(dtype=object), starts[1:])]
        agg = agg.reset_index()
        s = s.merge(agg, on=["doc_id", "sentence_id"], how="left")
    else:
        s = s.assign(cooperation=0, confrontation=0, evidence=None)
    s[["cooperation", "confrontation"]] = s[["cooperation", "confrontation"]].fillna(0).astype("int64")
    s["evidence"] = [e if isinstance(e, list) else [] for e in s["evidence"]]
    s["terms"] = s["cooperation"] + s["confrontation"]
    s["index"] = tone_index(s["cooperation"], s["confrontation"])
    meta = c.documents.set_index("doc_id")
    s["date"] = s["doc_id"].map(meta["date"])
    s["source"] = s["doc_id"].map(meta["source"])
    return s[SENTENCE_COLUMNS]


def _index_of(frame: pd.DataFrame) -> pd.Series:
    return tone_index(frame["cooperation"], frame["confrontation"])


def tone_groups(corpus: Corpus, by: str = "doc", *, speaker: str | None = "auto", lexicon: str | os.PathLike[str] | None = None,
            taxonomy: Any = None, min_base: int = MIN_SENTENCES, level: float = 0.95, **filters: Any) -> pd.DataFrame:
    """The tone index per document, month, quarter, year, theme or counterpart, with its base and interval.

    ``by``: doc, month, quarter, year, auto (the grain that fits the corpus's
    span: :func:`lavrovkit.selection.grain_auto`), theme (sentences carrying the theme)
    or counterpart (sentences that mention or quote the person). Columns: the
    unit (doc_id/period/theme/person), sentences, scored_sentences (those
    with a tone term: the base of the index), cooperation, confrontation,
    terms (cooperation + confrontation), index (−1..+1), ci_low and ci_high
    (its interval at ``level``: :func:`tone_interval`), low_base (True when
    fewer than ``min_base`` sentences carry a tone term, default
    :data:`lavrovkit.stats.MIN_SENTENCES`), evidence (the most frequent tone
    words, with counts). Units with a low base are named in one
    :class:`lavrovkit.errors.SmallBaseWarning`.
    The counterpart view finds the people named in the speaker scope's
    sentences and scores every sentence (any speaker) that mentions or quotes them.
    """
    from lavrovkit.themes import theme_sentences

    if by == AUTO_GRAIN:
        by = grain_auto(corpus.documents)
    check_grain(by, TONE_UNITS, "tone by")
    if by == "counterpart":
        from lavrovkit.counterparts import person_mentions

        c = scoped(corpus, speaker, filters)
        m = person_mentions(c, speaker="all")[["doc_id", "sentence_id", "person"]]
        full = tone_sentences(corpus, speaker="all", lexicon=lexicon, **filters)
        quoted = full[full["speaker"].isin(set(m["person"]))][["doc_id", "sentence_id", "speaker"]].rename(
            columns={"speaker": "person"})
        pairs = pd.concat([m, quoted]).drop_duplicates()
        s = full.merge(pairs, on=["doc_id", "sentence_id"]).assign(unit=lambda d: d["person"])
        key = "person"
    else:
        s = tone_sentences(corpus, speaker=speaker, lexicon=lexicon, **filters)
    if by == "doc":
        s = s.assign(unit=s["doc_id"])
        key = "doc_id"
    elif by in ("month", "quarter", "year"):
        s = s.assign(unit=period_of(s["date"], by)).dropna(subset=["unit"])
        key = "period"
    elif by == "theme":
        c = scoped(corpus, speaker, filters)
        th = theme_sentences(c, taxonomy, speaker="all")[["doc_id", "sentence_id", "themes"]]
        s = s.merge(th, on=["doc_id", "sentence_id"]).explode("themes").dropna(subset=["themes"])
        s = s.assign(unit=s["themes"])
        key = "theme"
    s = s.assign(_scored=s["terms"] > 0)
    g = s.groupby("unit", sort=True)
    out = g.agg(sentences=("sentence_id", "size"), scored_sentences=("_scored", "sum"),
                cooperation=("cooperation", "sum"),
                confrontation=("confrontation", "sum")).reset_index().rename(columns={"unit": key})
    out = out.astype({"scored_sentences": "int64", "cooperation": "int64", "confrontation": "int64"})
    out["terms"] = out["cooperation"] + out["confrontation"]
    out["index"] = _index_of(out)
    out["ci_low"], out["ci_high"] = tone_interval(out["cooperation"], out["confrontation"], level)
    out["low_base"] = out["scored_sentences"] < min_base
    out.attrs["min_base"] = {"scored_sentences": min_base}
    _warn_small(out, key, by, min_base)
    words = s[["unit", "evidence"]].explode("evidence").dropna()
    words = words.assign(evidence=words["evidence"].str.lower()).value_counts().reset_index(name="n")
    top = {u: ", ".join(f"{w} ({n})" for w, n in zip(g_["evidence"], g_["n"], strict=True))
           for u, g_ in words.groupby("unit", sort=False) for g_ in [g_.head(6)]}
    out["evidence"] = out[key].map(top).fillna("")
    return out


_UNIT_NAMES = {"doc_id": ("document", "documents"), "period": ("period", "periods"), "theme": ("theme", "themes"),
               "person": ("counterpart", "counterparts")}


def _warn_small(table: pd.DataFrame, key: str, by: str, min_base: int) -> None:
    """One :class:`SmallBaseWarning` naming the units of ``table`` whose index rests on too few sentences."""
    small = table[table["low_base"]]
    if small.empty:
        return
    one, many = _UNIT_NAMES.get(key, ("unit", "units"))
    if len(small) == 1:
        row = small.iloc[0]
        n = int(row["scored_sentences"])
        message = (f"tone by {by}: {one} {row[key]} has {n} sentence{'s' if n != 1 else ''} with a tone word, "
                   f"under the {min_base}-sentence minimum: its index is not readable (low_base)")
    else:
        listed = ", ".join(f"{u} ({int(n)})" for u, n in zip(small[key].head(6), small["scored_sentences"].head(6),
                                                            strict=True))
        more = f" and {len(small) - 6} more" if len(small) > 6 else ""
        message = (f"tone by {by}: {len(small)} of {len(table)} {many} have fewer than {min_base} sentences with a "
                   f"tone word, so their index is not readable (low_base): {listed}{more}")
    warnings.warn(message, SmallBaseWarning, stacklevel=3)


#: Names this module had before the noun-first scheme (see :mod:`lavrovkit.compat`).
__getattr__ = old_names(__name__, {n: RENAMED[n] for n in ('load_lexicon', 'tone_by')})
