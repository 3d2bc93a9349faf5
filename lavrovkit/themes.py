"""Themes: which themes does each sentence raise, on which words, and how much, when?

The themes and their rules come from a taxonomy (:mod:`lavrovkit.taxonomy`:
``lavrovkit/data/themes.yaml`` or an analyst's own file), matched over the
cached annotation (no model is run again); topic discovery is in
:mod:`lavrovkit.topics`. Both are re-exported here under their old names.

Every table here is tidy and traceable to sentences (doc_id, sentence_id,
date, source, speaker). Functions take a corpus, ``speaker`` (see
:mod:`lavrovkit.selection`: ``"auto"``, the default, is Lavrov's own words where
he speaks in the corpus and all text where he never does; ``"all"`` or ``None``
all text; a name that person's sentences) and optional filters (``start``,
``end``, ``source``, ``genre``, ...) passed to :meth:`lavrovkit.corpus.Corpus.filter`.

Example
-------
>>> bool(lk.theme_sentences(corpus, speaker="all").query("doc_id == '002'").themes.str.len().gt(0).any())
True
>>> lk.theme_prevalence(corpus, by="year", themes=["syria"], speaker="lavrov").columns[:4].tolist()
['period', 'theme', 'documents', 'theme_documents']
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
import pyarrow as pa

from lavrovkit.cache import code_digest
from lavrovkit.compat import RENAMED, old_names
from lavrovkit.errors import LavrovkitWarning, ParameterError, TaxonomyError  # noqa: F401  (re-exported)
from lavrovkit.selection import (  # noqa: F401  (period_of re-exported)
    AUTO_GRAIN,
    PERIOD_FREQ,
    check_grain,
    grain_auto,
    period_of,
    scoped,
)
from lavrovkit.stats import MIN_DOCUMENTS, MIN_SENTENCES, interval_columns
from lavrovkit.taxonomy import (  # noqa: F401  (re-exported: the old import paths)
    DATA,
    RULE_KEYS,
    SCOPES,
    THEME_KEYS,
    Rule,
    Taxonomy,
    Theme,
    _compile,
    _iob,
    _match_doc,
    taxonomy_load,
)
from lavrovkit.theme_model import (  # noqa: F401
    METHODS,
    MODEL_HIT_COLUMNS,
    ThemeModel,
    check_method,
    model_hits,
    theme_model_for,
)

if TYPE_CHECKING:  # pragma: no cover
    from lavrovkit.corpus import Corpus

#: Columns of the rules' hits (cached); :func:`theme_hits` adds :data:`MODEL_COLUMNS`.
HIT_COLUMNS = ["doc_id", "paragraph_id", "sentence_id", "theme", "rule", "start_char", "end_char", "match"]
#: Where each tag came from ("rules" or "model"), the model's probability (NaN for rules) and the nearest
#: labelled examples behind a model tag ("" for rules).
MODEL_COLUMNS = ["method", "score", "examples"]
#: The calendar grains of :func:`theme_prevalence` and their pandas frequency (kept under its old name).
GRAINS = PERIOD_FREQ
TaxonomyArg = Taxonomy | str | os.PathLike[str] | None
ModelArg = ThemeModel | str | os.PathLike[str] | None


def _prepare(corpus: Corpus, taxonomy: TaxonomyArg, speaker: str | None,
             filters: Mapping[str, Any]) -> tuple[Corpus, Taxonomy]:
    """The corpus in the speaker scope with the filters applied, and the taxonomy object (loaded from a path or None)."""
    tax = taxonomy if isinstance(taxonomy, Taxonomy) else taxonomy_load(taxonomy)
    return scoped(corpus, speaker, filters), tax


def _how(tax: Taxonomy, method: str | None, model: ModelArg) -> dict[str, Any]:
    """``method`` and ``model`` resolved once (the model loaded and checked), to pass to the helpers."""
    tm = theme_model_for(tax, method, model)
    return {"method": "rules", "model": None} if tm is None else {"method": "rules+model", "model": tm}


def _model_key(how: Mapping[str, Any]) -> str | None:
    return how["model"].digest() if how["model"] is not None else None


# ---------------------------------------------------------------------- matching

def theme_hits(corpus: Corpus, taxonomy: TaxonomyArg = None,
               *, speaker: str | None = "auto", method: str | None = None, model: ModelArg = None,
               **filters: Any) -> pd.DataFrame:
    """Which words of which sentences match which theme, by which rule (or which theme did the model add)?

    One row per hit: doc_id, paragraph_id, sentence_id, theme, rule (1-based
    index in the theme; 0 for a model tag), start_char, end_char (offsets in
    ``documents.text``), match (the matched text; for a model tag the
    sentence that carries it), method ("rules" or "model"), score (the
    model's probability; NaN for rules), examples (for a model tag, the
    nearest labelled paragraphs with the theme: "file:line (cosine) text
    start", joined by " | "). Hits cancelled by ``exclude``/``exclude_context``,
    or lacking their ``context`` or ``entity``, are not listed; overlapping
    hits of one theme keep the longest.

    ``method`` (see :mod:`lavrovkit.theme_model`): ``"rules"``, the rules
    alone; ``"rules+model"``, the rules' hits plus the themes the model adds
    to a paragraph (placed on its sentence that carries the theme most);
    ``"auto"`` (the default, :data:`~lavrovkit.theme_model.DEFAULT_METHOD`),
    rules+model where a model fits the taxonomy and the rules otherwise.
    ``model``: a :class:`~lavrovkit.theme_model.ThemeModel` or its file
    (default: the shipped one).

    >>> hits = theme_hits(corpus, speaker="all", method="rules")
    >>> hits.query("theme == 'syria'").match.value_counts().head(2).to_dict()
    {'Syria': 38, 'Syrian': 23}
    """
    corpus, tax = _prepare(corpus, taxonomy, speaker, filters)
    tm = theme_model_for(tax, method, model)
    memo_key = ("theme_hits", tax.fingerprint(), tm.digest() if tm is not None else None)
    if memo_key in corpus.memo:
        return corpus.memo[memo_key]
    if tm is None:
        out = _rule_hits(corpus, tax)
    else:
        rules = _rule_hits(corpus, tax)
        decided = corpus.per_document("theme_model", MODEL_SCHEMA, lambda sub: _model_rows(sub, tax, tm),
                                      parts=(tax.fingerprint(), tm.digest(), _THEMES_CODE, _MODEL_CODE),
                                      columns=_LANG_COLUMNS)
        drops = decided[decided["action"] == "drop"]
        if len(drops):
            gone = pd.MultiIndex.from_frame(drops[["doc_id", "paragraph_id", "theme"]])
            rules = rules[~pd.MultiIndex.from_frame(rules[["doc_id", "paragraph_id", "theme"]]).isin(gone)]
        added = decided[decided["action"] == "add"]
        added = added.assign(rule=0, method="model")[[*HIT_COLUMNS, *MODEL_COLUMNS]]
        out = pd.concat([rules, added], ignore_index=True) if len(added) else rules
        out = _in_order(corpus, tax, out)
        out.attrs["skipped"] = rules.attrs.get("skipped", [])
        out.attrs["dropped"] = drops.drop(columns=["action", "start_char", "end_char", "match", "examples"]
                                          ).to_dict("records")
    corpus.memo[memo_key] = out
    return out


def _rule_hits(corpus: Corpus, tax: Taxonomy) -> pd.DataFrame:
    """The rules' hits (see :func:`theme_hits`), cached per document and kept in the corpus's memo."""
    memo_key = ("theme_hits", tax.fingerprint(), None)
    if memo_key in corpus.memo:
        return corpus.memo[memo_key]
    whole = corpus.whole()
    if whole is not corpus:
        # a sentence means what it means whoever else speaks in its document: the rules read whole documents
        # (their context: the paragraph before an answer, the document's sides), then the hits of this
        # corpus's sentences are kept
        full = _rule_hits(whole, tax)
        kept = pd.MultiIndex.from_frame(corpus.sentence_spans[["doc_id", "sentence_id"]])
        out = full[pd.MultiIndex.from_frame(full[["doc_id", "sentence_id"]]).isin(kept)].reset_index(drop=True)
        docs = set(corpus.documents["doc_id"])
        out.attrs["skipped"] = [r for r in full.attrs.get("skipped", []) if r["doc_id"] in docs]
        corpus.memo[memo_key] = out
        return out
    out = corpus.per_document("theme_hits", HIT_SCHEMA, lambda sub: _hits(sub, tax),
                              parts=(tax.fingerprint(), _THEMES_CODE), columns=_LANG_COLUMNS)
    skipped = out[out["start_char"] < 0]
    out = out[out["start_char"] >= 0]
    for r in skipped.itertuples():
        warnings.warn(f"{tax.source}: theme {r.theme!r}, rule {r.rule}: skipped for document {r.doc_id} "
                      f"({r.match})", LavrovkitWarning, stacklevel=3)
    out = _in_order(corpus, tax, out.assign(method="rules", score=np.nan, examples=""))
    # plain records (a DataFrame in attrs would break concat and merge of the hits)
    out.attrs["skipped"] = [{"doc_id": d, "theme": t, "rule": int(r), "reason": why} for d, t, r, why in
                            zip(skipped["doc_id"], skipped["theme"], skipped["rule"], skipped["match"], strict=True)]
    corpus.memo[memo_key] = out
    return out


def _in_order(corpus: Corpus, tax: Taxonomy, out: pd.DataFrame) -> pd.DataFrame:
    """Hits in document, sentence, text and taxonomy order, with integer columns."""
    order = {t: i for i, t in enumerate(tax.ids)}
    doc_order = {d: i for i, d in enumerate(corpus.documents["doc_id"])}
    out = (out.assign(_d=out["doc_id"].map(doc_order), _t=out["theme"].map(order))
           .sort_values(["_d", "sentence_id", "start_char", "_t"], kind="stable")
           .drop(columns=["_d", "_t"]).reset_index(drop=True))
    out = out.astype({"paragraph_id": "int64", "sentence_id": "int64", "rule": "int64", "start_char": "int64",
                      "end_char": "int64", "score": "float64", "method": "object", "examples": "object"})
    return out[[*HIT_COLUMNS, *MODEL_COLUMNS]]


#: The tagger's own code (this module, the rules compiled in taxonomy.py, the match forms and tokenizer of
#: matching.py): hits cached by an older version are not reused.
_THEMES_CODE = code_digest("themes", "taxonomy", "matching", length=12)
#: The documents column the hits depend on besides the text: its language picks the rules.
_LANG_COLUMNS = ("lang",)
#: The model's decisions depend on its own code and the embedding layer's.
_MODEL_CODE = code_digest("theme_model", "embed", length=12)
MODEL_SCHEMA = pa.schema([("key", pa.string()), ("paragraph_id", pa.int64()), ("sentence_id", pa.int64()),
                          ("theme", pa.string()), ("action", pa.string()), ("score", pa.float64()),
                          ("start_char", pa.int64()), ("end_char", pa.int64()), ("match", pa.string()),
                          ("examples", pa.string())])
HIT_SCHEMA = pa.schema([("key", pa.string()), ("paragraph_id", pa.int64()), ("sentence_id", pa.int64()),
                        ("theme", pa.string()), ("rule", pa.int64()), ("start_char", pa.int64()),
                        ("end_char", pa.int64()), ("match", pa.string())])


def _doc_langs(corpus: Corpus) -> dict[str, str]:
    """Each document's language (``documents.lang``; English where the column is missing or empty)."""
    docs = corpus.documents
    if "lang" not in docs:
        return {}
    return {d: str(v) for d, v in zip(docs["doc_id"], docs["lang"], strict=True) if isinstance(v, str) and v}


def _model_documents(corpus: Corpus, tm: ThemeModel) -> Corpus:
    """The documents the theme model reads: those in its language (English: it learnt from English paragraph
    vectors), so a Russian paragraph gets the rules' themes alone."""
    langs = _doc_langs(corpus)
    lang = str(tm.meta.get("lang", "en"))
    keep = [d for d in corpus.documents["doc_id"] if langs.get(d, "en") == lang]
    return corpus if len(keep) == len(corpus.documents) else corpus._subset(keep)


def _model_rows(sub: Corpus, tax: Taxonomy, tm: ThemeModel) -> pd.DataFrame:
    """The model's decisions for the documents of ``sub`` in its language (none for the others)."""
    own = _model_documents(sub, tm)
    if len(own.documents) == 0:
        return pd.DataFrame(columns=MODEL_HIT_COLUMNS)
    return model_hits(own, tax, tm, _rule_hits(own, tax))


def _hits(corpus: Corpus, tax: Taxonomy) -> pd.DataFrame:
    """Theme hits of every document of ``corpus`` (uncached; see :func:`theme_hits`)."""
    langs = _doc_langs(corpus)
    rules = {(t.id, n): r for t in tax.themes for n, r in enumerate(t.rules, start=1)}
    tiers = tax.tiers()  # word forms alone, unless a rule reads lemmas or entities
    tokens = corpus.tokens if "lemmas" in tiers else corpus.forms
    ents = corpus.entities if "entities" in tiers else pd.DataFrame(columns=["doc_id", "start_char", "end_char",
                                                                             "label"])
    sentences = corpus.sentence_spans[["doc_id", "sentence_id", "paragraph_id"]]
    para_of = {(d, s): p for d, s, p in sentences.itertuples(index=False)}
    ents_by_doc = dict(tuple(ents.groupby("doc_id", sort=False))) if not ents.empty else {}
    empty_ents = pd.DataFrame(columns=["start_char", "end_char", "label"])
    texts = dict(zip(corpus.documents["doc_id"], corpus.documents["text"], strict=True))
    rows: list[tuple[Any, ...]] = []
    for doc_id, toks in tokens.groupby("doc_id", sort=False):
        toks = toks.reset_index(drop=True)
        d_ents = ents_by_doc.get(doc_id, empty_ents)
        found, timeouts = _match_doc(_compile(tax, tax.rules_lang(langs.get(str(doc_id)))), toks, d_ents)
        for (theme, rule_n), reason in timeouts.items():  # recorded in the cache, warned about on every read
            rows.append((doc_id, -1, -1, theme, rule_n, -1, -1, reason))
        found = [f for f in found if (f[0], f[1]) not in timeouts]
        if not found:
            continue
        sid = toks["sentence_id"].to_numpy()
        starts = toks["start_char"].to_numpy()
        ends = starts + toks["text"].str.len().to_numpy()
        iob = _iob(toks, d_ents)
        ent_label = [t[2:] if t != "O" else "" for t in iob]
        # where context/exclusions are: by (theme, rule, role) → sentences, paragraphs, token spans
        ctx_sent: dict[tuple[str, int, str], set[int]] = {}
        ctx_para: dict[tuple[str, int, str], set[int]] = {}
        ctx_doc: set[tuple[str, int, str]] = set()
        ex_spans: dict[tuple[str, int], list[tuple[int, int]]] = {}
        hits = []
        for theme, number, role, a, b in found:
            s_first = int(sid[a])
            if int(sid[b - 1]) != s_first:
                continue  # a match across a sentence boundary (e.g. after a speaker filter) is no match
            if role == "hit":
                hits.append((theme, number, a, b, s_first))
            elif role == "exclude":
                ex_spans.setdefault((theme, number), []).append((a, b))
            else:
                ctx_sent.setdefault((theme, number, role), set()).add(s_first)
                ctx_para.setdefault((theme, number, role), set()).add(para_of.get((doc_id, s_first), -1))
                ctx_doc.add((theme, number, role))
        kept: dict[tuple[str, int], tuple[int, int, int]] = {}
        for theme, rule_n, a, b, s in hits:
            rule = rules[(theme, rule_n)]
            p = para_of.get((doc_id, s), -1)
            if not all(_in_scope(scope, (theme, rule_n, f"context{i}"), s, p, ctx_sent, ctx_para, ctx_doc)
                       for i, (scope, _) in enumerate(rule.context)):
                continue
            if rule.exclude_context and s in ctx_sent.get((theme, rule_n, "exclude_context"), ()):
                continue
            if any(x < b and a < y for x, y in ex_spans.get((theme, rule_n), ())):
                continue
            if rule.entity and not any(ent_label[i] in rule.entity for i in range(a, b)):
                continue
            # overlapping hits of one theme: keep the longest (then the first rule)
            clash = [k for k, (x, y, _) in kept.items() if k[0] == theme and x < b and a < y]
            if clash and all(b - a > kept[k][1] - kept[k][0] for k in clash):
                for k in clash:
                    del kept[k]
            elif clash:
                continue
            kept[(theme, a)] = (a, b, rule_n)
        text = texts[doc_id]
        for (theme, _), (a, b, rule_n) in kept.items():
            s = int(sid[a])
            start, end = int(starts[a]), int(ends[b - 1])
            rows.append((doc_id, para_of.get((doc_id, s), -1), s, theme, rule_n, start, end, text[start:end]))
    return pd.DataFrame(rows, columns=HIT_COLUMNS)


def _in_scope(scope: str, key: tuple[str, int, str], sentence: int, paragraph: int,
              ctx_sent: dict[tuple[str, int, str], set[int]], ctx_para: dict[tuple[str, int, str], set[int]],
              ctx_doc: set[tuple[str, int, str]]) -> bool:
    """Is the context ``key`` found within ``scope`` of a hit in this sentence and paragraph?

    ``neighbours`` is the hit's paragraph or the one right before or after it in the document.

    >>> _in_scope("neighbours", ("t", 0, "context0"), 7, 3, {}, {("t", 0, "context0"): {4}}, set())
    True
    >>> _in_scope("paragraph", ("t", 0, "context0"), 7, 3, {}, {("t", 0, "context0"): {4}}, set())
    False
    """
    if scope == "document":
        return key in ctx_doc
    if scope == "sentence":
        return sentence in ctx_sent.get(key, ())
    found = ctx_para.get(key, ())
    if scope == "neighbours":
        return paragraph >= 0 and any(q in found for q in (paragraph - 1, paragraph, paragraph + 1))
    return paragraph in found


# ---------------------------------------------------------------------- per sentence, paragraph, document

_CONTEXT_COLUMNS = ["date", "source", "genre"]


def _with_meta(corpus: Corpus, df: pd.DataFrame) -> pd.DataFrame:
    meta = corpus.documents[["doc_id", *_CONTEXT_COLUMNS]]
    return df.merge(meta, on="doc_id", how="left")


def theme_sentences(corpus: Corpus, taxonomy: TaxonomyArg = None,
                    *, speaker: str | None = "auto", method: str | None = None, model: ModelArg = None,
                    **filters: Any) -> pd.DataFrame:
    """Which themes does every sentence carry, on which words?

    One row per sentence: doc_id, paragraph_id, sentence_id, date, source,
    genre, speaker, text, themes (list of ids, taxonomy order), evidence (list
    of the rules' matched strings, in text order), model_themes (the themes
    among ``themes`` that the model added, not the rules), model_evidence
    (one string per model theme: "theme p=0.87: nearest labelled ..."), words.
    ``method`` and ``model`` as in :func:`theme_hits`.

    >>> theme_sentences(corpus).query("themes.str.len() > 0").shape[0]   # Lavrov's own sentences
    125
    """

    corpus, tax = _prepare(corpus, taxonomy, speaker, filters)
    how = _how(tax, method, model)
    memo_key = ("theme_sentences", tax.fingerprint(), _model_key(how))
    if memo_key not in corpus.memo:  # every theme helper starts here: aggregate once per corpus and taxonomy
        corpus.memo[memo_key] = _theme_sentences(corpus, tax, how)
    return corpus.memo[memo_key].copy()  # callers may add or change columns


def _theme_sentences(corpus: Corpus, tax: Taxonomy, how: Mapping[str, Any]) -> pd.DataFrame:
    from lavrovkit.corpus import WORD_RE

    all_hits = theme_hits(corpus, tax, speaker="all", **how)
    hits = all_hits[all_hits["method"] == "rules"]
    by_model = all_hits[all_hits["method"] == "model"]
    by_model = by_model.assign(_e=[f"{t} p={p:.2f}: nearest labelled {e}" for t, p, e in
                                   zip(by_model["theme"], by_model["score"], by_model["examples"], strict=True)])
    s = corpus.sentences
    s = s[["doc_id", "paragraph_id", "sentence_id", "text", "speaker", *(["words"] if "words" in s else [])]]
    themes = _lists_per_sentence(all_hits.assign(_t=all_hits["theme"].map({t: i for i, t in enumerate(tax.ids)}))
                                 .sort_values(["doc_id", "sentence_id", "_t"], kind="stable"), "theme")
    evidence = _lists_per_sentence(hits, "match")  # hits are in text order within a sentence
    keyed = s.set_index(["doc_id", "sentence_id"])
    keyed = keyed.assign(themes=themes.reindex(keyed.index), evidence=evidence.reindex(keyed.index),
                         model_themes=_lists_per_sentence(by_model, "theme").reindex(keyed.index),
                         model_evidence=_lists_per_sentence(by_model, "_e").reindex(keyed.index))
    out = keyed.reset_index()
    for col in ("themes", "evidence", "model_themes", "model_evidence"):
        out[col] = [v if isinstance(v, list) else [] for v in out[col].tolist()]
    if "words" in out:  # counted once when the sentences were attributed (and cached)
        out["words"] = out["words"].astype("int64")
    else:
        out["words"] = out["text"].map(lambda t: len(WORD_RE.findall(t))).astype("int64")
    out = _with_meta(corpus, out)
    return out[["doc_id", "paragraph_id", "sentence_id", *_CONTEXT_COLUMNS, "speaker", "text", "themes",
                "evidence", "model_themes", "model_evidence", "words"]]


def _lists_per_sentence(hits: pd.DataFrame, column: str) -> pd.Series:
    """The distinct values of ``column`` per (doc_id, sentence_id), as lists in the order of ``hits``."""
    if hits.empty:
        return pd.Series([], index=pd.MultiIndex.from_arrays([[], []], names=["doc_id", "sentence_id"]),
                         dtype=object)
    unique = hits.drop_duplicates(["doc_id", "sentence_id", column])
    key = unique[["doc_id", "sentence_id"]]
    first = ~key.duplicated().to_numpy()
    bounds = [*np.flatnonzero(first).tolist(), len(unique)]
    values = unique[column].tolist()  # sliced as lists: one list per sentence, values in the order of hits
    index = pd.MultiIndex.from_frame(key[first])
    return pd.Series([values[a:b] for a, b in zip(bounds[:-1], bounds[1:], strict=True)], index=index, dtype=object)


def theme_paragraphs(corpus: Corpus, taxonomy: TaxonomyArg = None,
                     *, speaker: str | None = "auto", method: str | None = None, model: ModelArg = None,
                     **filters: Any) -> pd.DataFrame:
    """Which themes does every paragraph carry (the union of its sentences')?

    One row per paragraph that has sentences: doc_id, paragraph_id, date,
    source, genre, text, themes, evidence, model_themes, model_evidence (see
    :func:`theme_sentences`), sentences, words.
    """
    corpus, tax = _prepare(corpus, taxonomy, speaker, filters)
    s = theme_sentences(corpus, tax, speaker="all", **_how(tax, method, model))
    order = {t: i for i, t in enumerate(tax.ids)}

    def union(x: pd.Series) -> list[str]:
        return sorted({t for ts in x for t in ts}, key=order.__getitem__)

    def joined(x: pd.Series) -> list[str]:
        return list(dict.fromkeys(e for es in x for e in es))

    g = s.groupby(["doc_id", "paragraph_id"], sort=False)
    out = g.agg(
        themes=("themes", union), evidence=("evidence", joined),
        model_themes=("model_themes", union), model_evidence=("model_evidence", joined),
        sentences=("sentence_id", "size"), words=("words", "sum"),
    ).reset_index()
    paras = corpus.paragraphs[["doc_id", "paragraph_id", "text"]]
    out = out.merge(paras, on=["doc_id", "paragraph_id"], how="left")
    out = _with_meta(corpus, out)
    return out[["doc_id", "paragraph_id", *_CONTEXT_COLUMNS, "text", "themes", "evidence", "model_themes",
                "model_evidence", "sentences", "words"]]


def theme_shares(corpus: Corpus, taxonomy: TaxonomyArg = None,
                 level: str = "doc", *, speaker: str | None = "auto", min_base: int = MIN_SENTENCES,
                 method: str | None = None, model: ModelArg = None, **filters: Any) -> pd.DataFrame:
    """How much of each document (or paragraph) is about each theme?

    Tidy: one row per unit and theme (every theme, zeros included): doc_id
    (and paragraph_id for ``level='paragraph'``), date, source, genre, theme,
    sentences (the base of the share), theme_sentences, share
    (theme_sentences / sentences, 0-1), per_100 (theme sentences per 100
    sentences), words, theme_words, word_share (share of the unit's words in
    sentences carrying the theme), ci_low and ci_high (the 95% Wilson interval
    of ``share``, see :func:`lavrovkit.stats.proportion_interval`), low_base
    (True when the unit has fewer than ``min_base`` sentences, default
    :data:`lavrovkit.stats.MIN_SENTENCES`: every paragraph, and short documents).

    >>> theme_shares(corpus, speaker="all").query("doc_id == '002' and theme == 'syria'")[
    ...     ["sentences", "theme_sentences", "share", "ci_low", "ci_high", "low_base"]]
        sentences  theme_sentences   share  ci_low  ci_high  low_base
    34         65               29  0.4462  0.3317   0.5666     False

    >>> theme_shares(corpus, speaker="all").query("doc_id == '002'").nlargest(1, "share").theme.item()
    'syria'
    """
    if level not in ("doc", "paragraph"):
        raise ParameterError(f"level {level!r} is not one of doc, paragraph")
    corpus, tax = _prepare(corpus, taxonomy, speaker, filters)
    s = theme_sentences(corpus, tax, speaker="all", **_how(tax, method, model))
    keys = ["doc_id"] if level == "doc" else ["doc_id", "paragraph_id"]
    units = s.groupby(keys, sort=False).agg(sentences=("sentence_id", "size"), words=("words", "sum")).reset_index()
    long = s[[*keys, "themes", "words"]].explode("themes").dropna(subset=["themes"]).rename(columns={"themes": "theme"})
    per = long.groupby([*keys, "theme"], sort=False).agg(theme_sentences=("words", "size"),
                                                         theme_words=("words", "sum")).reset_index()
    grid = units.merge(pd.DataFrame({"theme": tax.ids}), how="cross")
    out = grid.merge(per, on=[*keys, "theme"], how="left").fillna({"theme_sentences": 0, "theme_words": 0})
    out = out.astype({"theme_sentences": "int64", "theme_words": "int64"})
    out["share"] = (out["theme_sentences"] / out["sentences"]).round(4)
    out["per_100"] = (100 * out["share"]).round(2)
    out["word_share"] = (out["theme_words"] / out["words"].where(out["words"] > 0)).fillna(0.0).round(4)
    out = _with_meta(corpus, out)
    out = interval_columns(out, count="theme_sentences", base="sentences", min_base=min_base)
    return out[[*keys, *_CONTEXT_COLUMNS, "theme", "sentences", "theme_sentences", "share", "per_100", "words",
                "theme_words", "word_share", "ci_low", "ci_high", "low_base"]]


# ---------------------------------------------------------------------- over time, together, evidence

def _doc_periods(corpus: Corpus, by: str) -> pd.Series:
    """Each document's period label (by doc_id): computed per document, then looked up per sentence."""
    docs = corpus.documents
    return pd.Series(period_of(docs["date"], check_grain(by, tuple(PERIOD_FREQ))).to_numpy(),
                     index=docs["doc_id"].to_numpy())


def theme_prevalence(corpus: Corpus, taxonomy: TaxonomyArg = None,
                     by: str = AUTO_GRAIN, themes: Sequence[str] | None = None, *, speaker: str | None = "auto",
                     min_base: int = MIN_SENTENCES, min_documents: int = MIN_DOCUMENTS,
                     method: str | None = None, model: ModelArg = None, **filters: Any) -> pd.DataFrame:
    """How prevalent is each theme per month, quarter or year, and on how many documents does that rest?

    Tidy: one row per period and theme: period, theme, documents (dated
    documents in the period: the base of doc_share), theme_documents
    (documents with at least one sentence on the theme), sentences (the base
    of share), theme_sentences, share (theme_sentences / sentences),
    doc_share (theme_documents / documents), ci_low and ci_high (the 95%
    Wilson interval of ``share``, see :func:`lavrovkit.stats.proportion_interval`),
    doc_ci_low and doc_ci_high (the same for ``doc_share``), low_base (True
    when the period has fewer than ``min_base`` sentences or fewer than
    ``min_documents`` documents, defaults :data:`lavrovkit.stats.MIN_SENTENCES`
    and :data:`lavrovkit.stats.MIN_DOCUMENTS`: a figure of one or two texts,
    not of the period). Undated documents are left out (with a warning).
    ``by="auto"`` (the default) is the grain that fits the corpus's span
    (:func:`lavrovkit.selection.grain_auto`).

    >>> theme_prevalence(corpus, by="year", themes=["syria"])[["period", "theme_sentences"]].values.tolist()
    [['2016', 14], ['2018', 19], ['2019', 4], ['2025', 0]]
    """
    from lavrovkit.corpus import warn_undated

    corpus, tax = _prepare(corpus, taxonomy, speaker, filters)
    ids = tax.check(themes) if themes else tax.ids
    warn_undated(corpus)
    if by == AUTO_GRAIN:
        by = grain_auto(corpus.documents)
    # counted from the hits (each sentence's distinct themes), without building theme_sentences' lists
    s = corpus.sentence_spans[["doc_id", "sentence_id"]]
    dated = corpus.documents.loc[corpus.documents["date"].notna(), "doc_id"]
    s = s[s["doc_id"].isin(set(dated.tolist()))]
    s = s.assign(period=_doc_periods(corpus, by).reindex(s["doc_id"]).to_numpy())
    base = s.groupby("period").agg(documents=("doc_id", "nunique"), sentences=("sentence_id", "size"))
    hits = theme_hits(corpus, tax, speaker="all", **_how(tax, method, model))
    hits = hits.loc[hits["theme"].isin(ids), ["doc_id", "sentence_id", "theme"]].drop_duplicates()
    long = hits.merge(s, on=["doc_id", "sentence_id"])[["period", "doc_id", "theme"]]
    per = long.groupby(["period", "theme"]).agg(theme_documents=("doc_id", "nunique"),
                                                theme_sentences=("doc_id", "size"))
    grid = pd.MultiIndex.from_product([base.index, ids], names=["period", "theme"])
    out = per.reindex(grid, fill_value=0).reset_index().merge(base.reset_index(), on="period")
    out["share"] = (out["theme_sentences"] / out["sentences"]).round(4)
    out["doc_share"] = (out["theme_documents"] / out["documents"]).round(4)
    out = out.astype({"theme_documents": "int64", "theme_sentences": "int64"})
    out = interval_columns(out, count="theme_documents", base="documents", min_base=min_documents, prefix="doc_")
    out = interval_columns(out, count="theme_sentences", base="sentences", min_base=min_base,
                           also_low=out["doc_low_base"])
    return out[["period", "theme", "documents", "theme_documents", "sentences", "theme_sentences", "share",
                "doc_share", "ci_low", "ci_high", "doc_ci_low", "doc_ci_high", "low_base"]].sort_values(["period", "theme"], key=lambda c: c.map(
                    {t: i for i, t in enumerate(ids)}) if c.name == "theme" else c).reset_index(drop=True)


def theme_cooccurrence(corpus: Corpus, taxonomy: TaxonomyArg = None,
                       level: str = "paragraph", *, speaker: str | None = "auto",
                       method: str | None = None, model: ModelArg = None, **filters: Any) -> pd.DataFrame:
    """Which themes come up together in the same sentence, paragraph or document?

    One row per pair of themes that co-occur at least once: theme_a, theme_b,
    units (units with both), units_a, units_b, jaccard (both / either).
    """
    corpus, tax = _prepare(corpus, taxonomy, speaker, filters)
    how = _how(tax, method, model)
    if level == "sentence":
        sets = theme_sentences(corpus, tax, speaker="all", **how)["themes"]
    elif level == "paragraph":
        sets = theme_paragraphs(corpus, tax, speaker="all", **how)["themes"]
    elif level == "doc":
        p = theme_paragraphs(corpus, tax, speaker="all", **how)
        sets = p.groupby("doc_id", sort=False)["themes"].agg(lambda x: sorted({t for ts in x for t in ts}))
    else:
        raise ParameterError(f"level {level!r} is not one of sentence, paragraph, doc")
    ids = tax.ids
    matrix = np.array([[t in set(ts) for t in ids] for ts in sets], dtype=np.int64).reshape(-1, len(ids))
    both = matrix.T @ matrix
    rows = []
    for i, a in enumerate(ids):
        for j in range(i + 1, len(ids)):
            if both[i, j]:
                either = both[i, i] + both[j, j] - both[i, j]
                rows.append((a, ids[j], int(both[i, j]), int(both[i, i]), int(both[j, j]),
                             round(both[i, j] / either, 4)))
    out = pd.DataFrame(rows, columns=["theme_a", "theme_b", "units", "units_a", "units_b", "jaccard"])
    return out.sort_values(["units", "jaccard"], ascending=False, kind="stable").reset_index(drop=True)


def theme_evidence(corpus: Corpus, theme: str, taxonomy: TaxonomyArg = None,
                   top: int = 10, *, speaker: str | None = "auto", method: str | None = None,
                   model: ModelArg = None, **filters: Any) -> pd.DataFrame:
    """Which sentences show a theme most strongly (most distinct matched words, then most hits)?

    One row per sentence: doc_id, sentence_id, date, source, speaker, text,
    evidence (matched strings for this theme; "model p=0.87 ~ nearest
    labelled ..." for a model tag), distinct, hits, method ("rules" or
    "model"). Rule evidence ranks first.
    """
    corpus, tax = _prepare(corpus, taxonomy, speaker, filters)
    tax.check([theme])
    how = _how(tax, method, model)
    hits = theme_hits(corpus, tax, speaker="all", **how)
    hits = hits[hits["theme"] == theme]
    hits = hits.assign(match=hits["match"].where(hits["method"] == "rules", [
        f"model p={p:.2f} ~ nearest labelled {e}" for p, e in zip(hits["score"], hits["examples"], strict=True)]))
    keys = ["doc_id", "sentence_id"]
    lowered = hits.assign(_l=hits["match"].str.lower()).drop_duplicates([*keys, "_l"])
    agg = pd.DataFrame({"evidence": _lists_per_sentence(hits, "match"),
                        "distinct": lowered.groupby(keys, sort=False).size(),
                        "hits": hits.groupby(keys, sort=False).size(),
                        "method": hits.groupby(keys, sort=False)["method"].agg(min)}).reset_index()
    s = theme_sentences(corpus, tax, speaker="all", **how)[["doc_id", "sentence_id", "date", "source", "speaker",
                                                              "text"]]
    out = agg.merge(s, on=["doc_id", "sentence_id"], how="left")
    out = out.sort_values(["method", "distinct", "hits", "date", "doc_id", "sentence_id"],
                          ascending=[False, False, False, True, True, True], kind="stable")
    return out[["doc_id", "sentence_id", "date", "source", "speaker", "text", "evidence", "distinct",
                "hits", "method"]].head(top).reset_index(drop=True)


def theme_docs(corpus: Corpus, taxonomy: TaxonomyArg = None,
               value: str = "share", *, speaker: str | None = "auto", method: str | None = None,
               model: ModelArg = None, **filters: Any) -> pd.DataFrame:
    """A document × theme table (wide): doc_id, date, source, genre, sentences and words (the
    document's base), then one column per theme.

    ``value`` is the column of :func:`theme_shares` to spread (share, per_100,
    word_share or theme_sentences).

    >>> theme_docs(corpus, speaker="all")[["doc_id", "sentences", "syria"]].head(2).values.tolist()
    [['000', 21, 0.2857], ['001', 10, 0.6]]
    """
    corpus, tax = _prepare(corpus, taxonomy, speaker, filters)
    long = theme_shares(corpus, tax, level="doc", speaker="all", **_how(tax, method, model))
    wide = long.pivot_table(index=["doc_id"], columns="theme", values=value, aggfunc="first", sort=False)
    wide = wide.reindex(columns=tax.ids).reset_index()
    meta = long.drop_duplicates("doc_id")[["doc_id", *_CONTEXT_COLUMNS, "sentences", "words"]]
    out = meta.merge(wide, on="doc_id", how="left")
    out.columns.name = None
    return out.reset_index(drop=True)


# topic discovery, under its old import path
from lavrovkit.topics import topic_discovery  # noqa: E402,F401

#: Names this module had before the noun-first scheme (see :mod:`lavrovkit.compat`).
__getattr__ = old_names(__name__, {n: RENAMED[n] for n in ('load_taxonomy',)})
