"""Tone: a cooperation–confrontation index per sentence and document, from an editable lexicon.

Each sentence scores +1 for every cooperation term and −1 for every
confrontation term of ``lavrovkit/data/tone.yaml`` (matched on lemmas), with
negation: a negator ("not", "no", "without", "refused" ...) up to a few tokens
before a term, in the same sentence, flips it ("no dialogue" is confrontation).
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
>>> lk.tone_groups(corpus, by="year", speaker="all").columns.tolist()
['period', 'sentences', 'cooperation', 'confrontation', 'index', 'evidence']
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
import yaml

from lavrovkit.compat import RENAMED, old_names
from lavrovkit.errors import LexiconError
from lavrovkit.phrasing import _index, _positions, phrase_tokens
from lavrovkit.selection import GRAINS, check_grain, period_of, scoped

if TYPE_CHECKING:  # pragma: no cover
    from lavrovkit.corpus import Corpus

DATA = Path(__file__).with_name("data")
#: The units :func:`tone_groups` groups by: the time grains, then themes and counterparts.
TONE_UNITS = (*GRAINS, "theme", "counterpart")
SENTENCE_COLUMNS = ["doc_id", "sentence_id", "date", "source", "speaker", "text", "cooperation", "confrontation",
                    "terms", "index", "evidence"]


def lexicon_load(path: str | os.PathLike[str] | None = None) -> dict[str, Any]:
    """The tone lexicon: cooperation and confrontation terms, negators, negation window."""
    target = Path(path) if path else DATA / "tone.yaml"
    try:
        # every entry is text: BaseLoader keeps "no", "on", "off" as words, not booleans
        data = yaml.load(target.read_text(encoding="utf-8"), Loader=yaml.BaseLoader) or {}  # noqa: S506
    except (OSError, yaml.YAMLError) as exc:
        raise LexiconError(f"{target}: can't read the tone lexicon ({' '.join(str(exc).split())})") from None
    for key in ("cooperation", "confrontation", "negators"):
        if not isinstance(data.get(key), list) or not data[key]:
            raise LexiconError(f"{target}: {key!r} must be a non-empty list of terms")
    return {"cooperation": [str(t) for t in data["cooperation"]], "confrontation": [str(t) for t in data["confrontation"]],
            "negators": [str(t) for t in data["negators"]], "window": int(data.get("negation_window", 3))}


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
    for neg in lex["negators"]:
        p = _positions(index, neg, lemma=False)
        k = len(phrase_tokens(neg))
        for off in range(k, k + lex["window"]):  # the words after a negator, within its sentence
            q = p + off
            ok = q < len(t)
            q, base = q[ok], p[ok]
            negated[q[sent[q] == sent[base]]] = True
    rows = []
    for polarity, sign in (("cooperation", 1), ("confrontation", -1)):
        for term in lex[polarity]:
            pos = _positions(index, term, lemma=True)
            if len(pos):
                rows.append(pd.DataFrame({"pos": pos, "sign": np.where(negated[pos], -sign, sign),
                                          "term": term, "negated": negated[pos]}))
    s = c.sentences[["doc_id", "sentence_id", "speaker", "text"]].copy()
    if rows:
        hits = pd.concat(rows, ignore_index=True).drop_duplicates("pos")
        hits["doc_id"] = t["doc_id"].to_numpy()[hits["pos"]]
        hits["sentence_id"] = t["sentence_id"].to_numpy()[hits["pos"]]
        hits["word"] = t["text"].to_numpy()[hits["pos"]]
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
            taxonomy: Any = None, **filters: Any) -> pd.DataFrame:
    """The tone index per document, month, quarter, year, theme or counterpart.

    ``by``: doc, month, quarter, year, theme (sentences carrying the theme)
    or counterpart (sentences that mention or quote the person). Columns: the
    unit (doc_id/period/theme/person), sentences, cooperation, confrontation,
    index (−1..+1), evidence (the most frequent tone words, with counts).
    The counterpart view finds the people named in the speaker scope's
    sentences and scores every sentence (any speaker) that mentions or quotes them.
    """
    from lavrovkit.themes import theme_sentences

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
    g = s.groupby("unit", sort=True)
    out = g.agg(sentences=("sentence_id", "size"), cooperation=("cooperation", "sum"),
                confrontation=("confrontation", "sum")).reset_index().rename(columns={"unit": key})
    out["index"] = _index_of(out)
    words = s[["unit", "evidence"]].explode("evidence").dropna()
    words = words.assign(evidence=words["evidence"].str.lower()).value_counts().reset_index(name="n")
    top = {u: ", ".join(f"{w} ({n})" for w, n in zip(g_["evidence"], g_["n"], strict=True))
           for u, g_ in words.groupby("unit", sort=False) for g_ in [g_.head(6)]}
    out["evidence"] = out[key].map(top).fillna("")
    return out


#: Names this module had before the noun-first scheme (see :mod:`lavrovkit.compat`).
__getattr__ = old_names(__name__, {n: RENAMED[n] for n in ('load_lexicon', 'tone_by')})
