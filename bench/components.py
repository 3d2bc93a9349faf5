"""Pipeline cost: each spaCy component's share of the time, and what dropping one costs in quality.

Usage::

    python bench/components.py CORPUS [--pattern P] [--docs 150] [--quick] [--rounds 2] [--out FILE]

Everything is measured within one run (the machine may be shared, so absolute
times are noisy; shares and ratios are what to read).

1. **Time.** A slice of ``--docs`` documents spread evenly over CORPUS (every
   k-th in id order; ``--quick``: 30, one round) is split into the kit's
   paragraphs. The full pipeline, parser *and* senter enabled, runs stage by
   stage (tokenizer, then each component's ``pipe`` over the same Docs in turn,
   each stage timed with ``time.perf_counter``): each component's seconds and
   share. Listeners (tagger, parser) read the shared ``tok2vec`` output from
   ``doc.tensor`` at prediction time, so staging changes no annotation
   (``staged_equals_pipe`` records the check). Then each candidate
   configuration (:data:`CONFIGS`) runs ``nlp.pipe`` over the same paragraphs,
   interleaved over ``--rounds``, best time of each: words per second, and
   speed relative to the parser pipeline.

2. **Quality**, against the reference - the parser pipeline with everything
   else (:data:`REFERENCE`) - on two sets: the hand-labelled development
   paragraphs (``tests/data/themes/labels_*.jsonl``, never the held-out set;
   tagged as :func:`lavrovkit.evaluate.labelled_paragraphs` tags them) and the
   timing slice itself (``sample_*`` fields; no gold). Each configuration
   annotates them through the kit (``Corpus.annotate`` in a temporary cache,
   never the user's; mending included) and gets: sentence-start P/R/F1 (all
   starts, and paragraph-internal starts alone, since a paragraph's first start
   is given), entity F1 on (start, end, label), lemma and POS agreement per
   token, theme agreement per paragraph (micro F1 with the reference's themes
   as gold) and per hit (theme, offsets); on the labelled paragraphs also theme
   micro P/R/F1 against the gold labels, scored as ``bench/themes_eval.py``
   scores it.

The ``choice`` is computed from the figures: the fastest configuration whose
theme F1 is within :data:`THEME_TOLERANCE` of the best and whose agreement with
the reference reaches the thresholds (:data:`MIN_SENTENCE_F1`,
:data:`MIN_ENTITY_F1`, :data:`MIN_THEME_AGREEMENT`, :data:`MIN_TOKEN_AGREEMENT`)
on both sets. Entities, lemmas and POS count beyond themes: counterparts read
PERSON entities, the tone index and keyness read lemmas and POS.

The kit cannot annotate with the parser as it is: ``mend_sentences`` sets
``token.is_sent_start``, which spaCy refuses on a parsed Doc (E043). The
reference is therefore annotated by a pipeline ending in :func:`unparse` (a
parse-free copy of each Doc), written into the temporary cache with the kit's
``annotate_texts`` and ``write_shard`` (:func:`prefill`), and read back by
``Corpus.annotate`` like any other configuration.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from lavrovkit import __version__, corpus_load
from lavrovkit import annotate as ann
from lavrovkit.cache import cache_root
from lavrovkit.corpus import WORD_RE, Corpus
from lavrovkit.evaluate import read_labels, theme_scores
from lavrovkit.files import atomic_write_text
from lavrovkit.segment import split_paragraphs
from lavrovkit.themes import Taxonomy, taxonomy_load, theme_hits, theme_paragraphs

#: Every component the study times (the ones a pipeline lacks are skipped).
FULL = ("tok2vec", "tagger", "parser", "senter", "attribute_ruler", "lemmatizer", "ner")

#: The reference: sentences from the dependency parser, everything else enabled
#: (``senter`` adds nothing after the parser: it never overwrites boundaries already set).
REFERENCE = "parser"

#: Candidate configurations, name → components. In en_core_web_sm ``tok2vec`` feeds only the
#: tagger and the parser (``senter`` and ``ner`` carry their own), and ``attribute_ruler`` maps
#: the tagger's tags to POS (its patterns read TAG and DEP), so both go with the tagger.
CONFIGS: dict[str, tuple[str, ...]] = {
    "parser": ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner"),
    "default": ann.DEFAULT_COMPONENTS,
    "no_ner": tuple(c for c in ann.DEFAULT_COMPONENTS if c != "ner"),
    "no_lemmatizer": tuple(c for c in ann.DEFAULT_COMPONENTS if c != "lemmatizer"),
    "no_attribute_ruler": tuple(c for c in ann.DEFAULT_COMPONENTS if c != "attribute_ruler"),
    "no_tagger": ("ner", "senter"),
    "senter_only": ("senter",),
}

#: Quality thresholds of the choice.
THEME_TOLERANCE = 0.01
MIN_SENTENCE_F1 = 0.95
MIN_ENTITY_F1 = 0.95
MIN_THEME_AGREEMENT = 0.95
#: Lemmas and parts of speech feed more than themes: the tone index matches lemmas, keyness and
#: content words use lemmas and drop proper nouns, phrase search can match lemmas.
MIN_TOKEN_AGREEMENT = 0.95


# ---------------------------------------------------------------------- sample


def evenly(corpus: Corpus, n: int) -> Corpus:
    """``n`` documents spread evenly over the corpus: every k-th in id order (deterministic)."""
    ids = sorted(corpus.documents["doc_id"])
    if n >= len(ids):
        return corpus
    step = len(ids) / n
    return corpus.filter(doc_ids=[ids[int(i * step)] for i in range(n)])


def paragraphs_of(texts: Mapping[str, str]) -> list[str]:
    """The paragraphs the kit sends to spaCy, in order."""
    return [t[a:b] for t in texts.values() for a, b in split_paragraphs(t)]


# ---------------------------------------------------------------------- time


def staged(nlp: Any, paragraphs: Sequence[str], batch_size: int = 64, chunk: int = 512,
           clock: Callable[[], float] = time.perf_counter) -> tuple[dict[str, float], list[Any]]:
    """Run ``nlp`` stage by stage over ``paragraphs``: seconds per stage (tokenizer first) and the Docs.

    Each chunk of paragraphs is tokenized, then passed through every enabled
    component in pipeline order (``proc.pipe`` with ``batch_size``), each stage
    timed on its own. The Docs of the last chunk only are returned (memory).
    """
    seconds = {"tokenizer": 0.0, **{name: 0.0 for name in nlp.pipe_names}}
    docs: list[Any] = []
    for i in range(0, len(paragraphs), chunk):
        t0 = clock()
        docs = [nlp.make_doc(p) for p in paragraphs[i:i + chunk]]
        seconds["tokenizer"] += clock() - t0
        for name, proc in nlp.pipeline:
            t0 = clock()
            if hasattr(proc, "pipe"):
                docs = list(proc.pipe(docs, batch_size=batch_size))
            else:
                docs = [proc(d) for d in docs]
            seconds[name] += clock() - t0
    return seconds, docs


def _doc_signature(doc: Any) -> tuple[Any, ...]:
    return (tuple(t.tag_ for t in doc), tuple(t.dep_ for t in doc), tuple(t.lemma_ for t in doc),
            tuple(bool(t.is_sent_start) for t in doc), tuple((e.start, e.end, e.label_) for e in doc.ents))


def staged_equals_pipe(nlp: Any, paragraphs: Sequence[str]) -> bool:
    """Does the staged run annotate exactly as ``nlp.pipe`` does (tags, arcs, lemmas, sentences, entities)?"""
    _, staged_docs = staged(nlp, paragraphs, chunk=max(len(paragraphs), 1))
    return [_doc_signature(d) for d in staged_docs] == [_doc_signature(d) for d in nlp.pipe(paragraphs)]


def component_times(paragraphs: Sequence[str], rounds: int = 1) -> tuple[list[dict[str, Any]], bool, list[str]]:
    """Seconds and share of each component of the full pipeline (best of ``rounds`` per component)."""
    nlp = ann.load_model(None, _available(FULL))
    _ = staged(nlp, paragraphs[:32])  # warm-up: lazy tables, first allocations
    best: dict[str, float] = {}
    for _round in range(rounds):
        seconds, _docs = staged(nlp, paragraphs)
        for name, s in seconds.items():
            best[name] = min(best.get(name, s), s)
    total = sum(best.values()) or 1.0
    rows = [{"name": name, "seconds": round(s, 3), "share": round(s / total, 4)} for name, s in best.items()]
    return rows, staged_equals_pipe(nlp, paragraphs[:40]), list(nlp.pipe_names)


def _available(components: Sequence[str]) -> tuple[str, ...]:
    """``components`` less those the installed pipeline does not ship (enabled or not)."""
    shipped = set(ann.load_model(None, ann.DEFAULT_COMPONENTS).component_names)
    return tuple(c for c in components if c in shipped)


def staged_speed(components: list[dict[str, Any]], pipe_names: Sequence[str], words: int) -> int | None:
    """Words per second a configuration would reach by the staged times: tokenizer plus its components.

    A cross-check of the measured speed from the one staged pass (same load on the machine
    for every component), not a measurement of its own.
    """
    seconds = sum(c["seconds"] for c in components if c["name"] == "tokenizer" or c["name"] in pipe_names)
    return round(words / seconds) if seconds else None


def config_speeds(paragraphs: Sequence[str], configs: Mapping[str, tuple[str, ...]], words: int,
                  rounds: int, batch_size: int = 64) -> dict[str, dict[str, Any]]:
    """Words per second of ``nlp.pipe`` over the paragraphs under each configuration, best of interleaved rounds.

    Raw ``nlp.pipe`` (Docs discarded), as ``bench/run.py`` times it: the kit's table
    extraction is the same work whatever the components (and ``annotate_texts`` cannot
    take a parsed Doc at all, see :func:`unparse`).
    """
    models = {name: ann.load_model(None, comps) for name, comps in configs.items()}
    for nlp in models.values():
        for _doc in nlp.pipe(paragraphs[:32]):  # warm-up
            pass
    best: dict[str, float] = {}
    for _round in range(rounds):
        for name, nlp in models.items():
            t0 = time.perf_counter()
            for _doc in nlp.pipe(paragraphs, batch_size=batch_size):
                pass
            s = time.perf_counter() - t0
            best[name] = min(best.get(name, s), s)
    ref = best.get(REFERENCE)
    return {name: {"seconds": round(s, 3), "words_per_s": round(words / s) if s else None,
                   "speed_vs_parser": round(ref / s, 2) if ref and s else None,
                   "pipe_names": list(models[name].pipe_names)}
            for name, s in best.items()}


# ---------------------------------------------------------------------- quality


UNPARSE = "lavrovkit_bench_unparse"


def unparse(doc: Any) -> Any:
    """A parse-free copy of a parsed Doc: same tokens, tags, lemmas, entities and sentence starts, no arcs.

    The kit's :func:`lavrovkit.annotate.mend_sentences` sets ``token.is_sent_start``,
    which spaCy refuses on a parsed Doc (E043), so ``annotate_texts`` cannot take the
    parser's output as it is; on this copy it mends the parser's sentences as it mends
    the senter's.
    """
    from spacy.attrs import ENT_IOB, ENT_TYPE, LEMMA, MORPH, POS, SENT_START, TAG
    from spacy.tokens import Doc

    if len(doc) == 0 or not doc.has_annotation("DEP"):
        return doc
    attrs = [TAG, POS, MORPH, LEMMA, ENT_IOB, ENT_TYPE, SENT_START]
    new = Doc(doc.vocab, words=[t.text for t in doc], spaces=[bool(t.whitespace_) for t in doc])
    new.from_array(attrs, doc.to_array(attrs))
    new._context = doc._context  # nlp.pipe(as_tuples=True) carries each text's context on its Doc
    return new


def mendable_pipeline(components: Sequence[str]) -> Any:
    """A fresh pipeline with ``components`` enabled and, after a parser, :func:`unparse` last."""
    import spacy
    from spacy.language import Language

    if not Language.has_factory(UNPARSE):
        Language.component(UNPARSE, func=unparse)
    nlp = spacy.load(ann.model_name())
    for pipe in nlp.component_names:
        if pipe in components and pipe in nlp.disabled:
            nlp.enable_pipe(pipe)
        elif pipe not in components and pipe not in nlp.disabled:
            nlp.disable_pipe(pipe)
    if "parser" in nlp.pipe_names:
        nlp.add_pipe(UNPARSE, last=True)
    return nlp


def prefill(corpus: Corpus, components: Sequence[str], cache_dir: str, nlp: Any) -> None:
    """Annotate ``corpus`` with ``nlp`` into the cache folder the kit reads for ``components``.

    The kit's own path (:meth:`Corpus.annotate`) then finds every document cached and
    runs no spaCy: the tables are the kit's (``annotate_texts``, mending included), only
    the pipeline is ours.
    """
    spec = ann.model_spec(None, tuple(components))
    root = cache_root(cache_dir) / "annotations"
    caches = {tier: ann.annotation_cache(root / spec.tier_folder(tier), tier) for tier in ann.TIERS}
    texts = dict(zip(corpus.documents["key"], corpus.documents["text"], strict=True))
    present = set.intersection(*(set(c.keys()) for c in caches.values()))
    todo = {k: t for k, t in texts.items() if k not in present}
    if todo:
        tables = ann.annotate_texts(todo, nlp)
        for tier, cache in caches.items():
            cache.write({name: tables[name] for name in ann.TIER_TABLES[tier]}, list(todo))


def annotated(corpus: Corpus, components: Sequence[str], cache_dir: str) -> Corpus:
    """``corpus`` annotated with ``components`` through the kit, in ``cache_dir``.

    A configuration with the parser is annotated by :func:`mendable_pipeline` into the
    cache first (:func:`prefill`); the kit then reads it like any other.
    """
    comps = tuple(components)
    if "parser" in comps:
        prefill(corpus, comps, cache_dir, _mendable(comps))
    return corpus.annotate(components=comps, cache_dir=cache_dir, progress=False)


_MENDABLE: dict[tuple[str, ...], Any] = {}


def _mendable(components: tuple[str, ...]) -> Any:
    if components not in _MENDABLE:
        _MENDABLE[components] = mendable_pipeline(components)
    return _MENDABLE[components]


def table_corpus(texts: Mapping[str, str], cache_dir: str) -> Corpus:
    """A corpus of ``{id: text}``, one document each, read by the kit from a JSONL table."""
    with tempfile.TemporaryDirectory(prefix="lavrovkit-components-") as tmp:
        table = Path(tmp) / "texts.jsonl"
        pd.DataFrame({"id": list(texts), "text": list(texts.values())}).to_json(
            table, orient="records", lines=True, force_ascii=False)
        return corpus_load(table, cache_dir=cache_dir)


def _units(corpus: Corpus, keep: pd.DataFrame, prefix: str, tax: Taxonomy) -> dict[str, pd.DataFrame]:
    """Sentences, entities, tokens (offset, lemma, pos) and theme hits of the paragraphs in ``keep``
    (doc_id, paragraph_id), each keyed by ``unit`` (``prefix`` + doc_id)."""
    s = corpus.sentences[["doc_id", "paragraph_id", "sentence_id", "start_char", "end_char"]]
    s = s.merge(keep, on=["doc_id", "paragraph_id"])
    in_s = s[["doc_id", "sentence_id"]]
    e = corpus.entities[["doc_id", "sentence_id", "start_char", "end_char", "label"]].merge(in_s)
    t = corpus.tokens[["doc_id", "sentence_id", "start_char", "lemma", "pos"]].merge(in_s)
    h = theme_hits(corpus, tax, speaker="all")[["doc_id", "paragraph_id", "theme", "start_char", "end_char"]].merge(keep)
    return {name: df.assign(unit=prefix + df["doc_id"].astype(str))
            for name, df in (("sentences", s), ("entities", e), ("tokens", t), ("hits", h))}


def labelled_annotation(components: Sequence[str], tax: Taxonomy, cache_dir: str,
                        labels_folder: str | os.PathLike[str] | None = None) -> dict[str, pd.DataFrame]:
    """The labelled paragraphs annotated with ``components``: tagged themes, sentences and entities.

    Mirrors :func:`lavrovkit.evaluate.labelled_paragraphs` (seed paragraphs inside the bundled
    seed documents, the others as one-paragraph documents), with the components chosen.
    Returns ``tagged`` (item = label_file, gold, themes), ``sentences`` and ``entities`` of
    the labelled paragraphs only, keyed by a ``unit`` (set:doc_id) column.
    """
    labels = read_labels(labels_folder)
    tagged_parts: list[pd.DataFrame] = []
    parts: list[dict[str, pd.DataFrame]] = []
    seeds = labels[labels["set"] == "seeds"]
    if len(seeds):
        corpus = annotated(corpus_load(cache_dir=cache_dir), components, cache_dir)
        tagged = theme_paragraphs(corpus, tax, speaker="all")
        tagged_parts.append(seeds.merge(tagged[["doc_id", "paragraph_id", "themes"]],
                                        on=["doc_id", "paragraph_id"], how="left"))
        parts.append(_units(corpus, seeds[["doc_id", "paragraph_id"]].drop_duplicates(), "seeds:", tax))
    others = labels[labels["set"] != "seeds"].copy()
    if len(others):
        others["unit"] = [f"u{i:05d}" for i in range(len(others))]
        corpus = annotated(table_corpus(dict(zip(others["unit"], others["text"], strict=True)), cache_dir),
                           components, cache_dir)
        order = {t: i for i, t in enumerate(tax.ids)}
        per = theme_paragraphs(corpus, tax, speaker="all").groupby("doc_id").agg(
            themes=("themes", lambda x: sorted({t for ts in x for t in ts}, key=order.__getitem__)))
        tagged_parts.append(others.merge(per, left_on="unit", right_index=True, how="left").drop(columns="unit"))
        parts.append(_units(corpus, corpus.paragraphs[["doc_id", "paragraph_id"]], "other:", tax))
    tagged = pd.concat(tagged_parts, ignore_index=True).rename(columns={"label_file": "item"})
    tagged["themes"] = [v if isinstance(v, list) else [] for v in tagged["themes"]]
    return {"tagged": tagged[["item", "set", "gold", "themes"]],
            **{name: pd.concat([p[name] for p in parts], ignore_index=True) for name in parts[0]}}


def sample_annotation(texts: Mapping[str, str], components: Sequence[str], tax: Taxonomy,
                      cache_dir: str) -> dict[str, pd.DataFrame]:
    """The timing sample annotated with ``components``: themes per paragraph (no gold), sentences, entities."""
    corpus = annotated(table_corpus(texts, cache_dir), components, cache_dir)
    tagged = theme_paragraphs(corpus, tax, speaker="all")
    tagged = pd.DataFrame({"item": tagged["doc_id"].astype(str) + "#" + tagged["paragraph_id"].astype(str),
                           "themes": tagged["themes"]})
    return {"tagged": tagged, **_units(corpus, corpus.paragraphs[["doc_id", "paragraph_id"]], "", tax)}


def prf(predicted: set[Any], reference: set[Any]) -> dict[str, float]:
    """Precision, recall and F1 of a set of items against a reference set (both empty: 1.0)."""
    tp = len(predicted & reference)
    p = tp / len(predicted) if predicted else float(not reference)
    r = tp / len(reference) if reference else float(not predicted)
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)}


def sentence_starts(sentences: pd.DataFrame, internal: bool = False) -> set[tuple[str, int]]:
    """(unit, start offset) of every sentence; ``internal``: not the first sentence of its paragraph."""
    s = sentences
    if internal:
        first = s.groupby(["unit", "paragraph_id"])["sentence_id"].transform("min")
        s = s[s["sentence_id"] != first]
    return set(zip(s["unit"], s["start_char"].astype(int), strict=True))


def entity_spans(entities: pd.DataFrame) -> set[tuple[str, int, int, str]]:
    return set(zip(entities["unit"], entities["start_char"].astype(int), entities["end_char"].astype(int),
                   entities["label"], strict=True))


def hit_spans(hits: pd.DataFrame) -> set[tuple[str, str, int, int]]:
    return set(zip(hits["unit"], hits["theme"], hits["start_char"].astype(int), hits["end_char"].astype(int),
                   strict=True))


def _micro_f1(gold: Sequence[list[str]], themes: Sequence[list[str]]) -> float:
    scores = theme_scores(pd.DataFrame({"gold": list(gold), "themes": list(themes)}))
    return float(scores.loc[scores["theme"] == "micro", "f1"].iloc[0])


def agreement(result: dict[str, pd.DataFrame], reference: dict[str, pd.DataFrame], has_ner: bool) -> dict[str, Any]:
    """One configuration's annotation against the reference's: sentence starts, entities, themes.

    With gold labels (a ``gold`` column in ``tagged``) also the theme P/R/F1 against them.
    """
    sent = prf(sentence_starts(result["sentences"]), sentence_starts(reference["sentences"]))
    inner = prf(sentence_starts(result["sentences"], True), sentence_starts(reference["sentences"], True))
    tagged = result["tagged"].set_index("item")
    ref_tags = reference["tagged"].set_index("item")["themes"].reindex(tagged.index)
    ref_tags = [v if isinstance(v, list) else [] for v in ref_tags]
    out: dict[str, Any] = {
        "sentence_precision": sent["precision"], "sentence_recall": sent["recall"], "sentence_f1": sent["f1"],
        "sentence_f1_internal": inner["f1"],
        "entity_f1": prf(entity_spans(result["entities"]), entity_spans(reference["entities"]))["f1"]
        if has_ner else None,
    }
    tok = result["tokens"].merge(reference["tokens"], on=["unit", "start_char"], how="outer",
                                 suffixes=("", "_ref"))
    for col in ("lemma", "pos"):
        same = tok[col].fillna("").astype(str) == tok[f"{col}_ref"].fillna("").astype(str)
        out[f"{col}_agreement"] = round(float(same.mean()), 4) if len(tok) else 1.0
    if "gold" in tagged:
        micro = theme_scores(tagged.reset_index()).query("theme == 'micro'").iloc[0]
        out.update(theme_precision=float(micro["precision"]), theme_recall=float(micro["recall"]),
                   theme_f1=float(micro["f1"]))
    out["theme_agreement"] = _micro_f1(ref_tags, tagged["themes"].tolist())
    out["theme_hit_f1"] = prf(hit_spans(result["hits"]), hit_spans(reference["hits"]))["f1"]
    return out


# ---------------------------------------------------------------------- choice


def quality_failures(c: dict[str, Any], best_theme_f1: float) -> list[str]:
    """Why a configuration does not keep quality (empty: it does), by the thresholds above.

    Sentence, entity and theme agreement are checked on the labelled paragraphs and, when
    measured, on the timing sample (``sample_`` fields); theme F1 against the gold labels.
    """
    why = []
    if c["theme_f1"] < best_theme_f1 - THEME_TOLERANCE:
        why.append(f"theme F1 {c['theme_f1']:.3f}")
    for prefix, where in (("", "labelled"), ("sample_", "sample")):
        if f"{prefix}sentence_f1" not in c:
            continue
        if c[f"{prefix}sentence_f1"] < MIN_SENTENCE_F1:
            why.append(f"{where} sentence F1 {c[prefix + 'sentence_f1']:.3f}")
        ent = c[f"{prefix}entity_f1"]
        if ent is None:
            if "no entities" not in why:
                why.append("no entities")
        elif ent < MIN_ENTITY_F1:
            why.append(f"{where} entity F1 {ent:.3f}")
        for key, label in (("theme_agreement", "theme agreement"), ("theme_hit_f1", "theme hit F1")):
            if c[f"{prefix}{key}"] < MIN_THEME_AGREEMENT:
                why.append(f"{where} {label} {c[prefix + key]:.3f}")
        for key in ("lemma", "pos"):
            if c[f"{prefix}{key}_agreement"] < MIN_TOKEN_AGREEMENT:
                why.append(f"{where} {key} agreement {c[prefix + key + '_agreement']:.3f}")
    return why


def choose(configs: list[dict[str, Any]]) -> str:
    """The fastest configuration that keeps quality, and why, in one sentence made from the figures."""
    best_theme = max(c["theme_f1"] for c in configs)
    by_speed = sorted(configs, key=lambda c: -(c["words_per_s"] or 0))
    keep = [c for c in by_speed if not quality_failures(c, best_theme)]
    if not keep:
        return "No configuration keeps quality by these thresholds; keep the parser pipeline."
    pick = keep[0]
    faster = [f"{c['name']} ({c['words_per_s']:,} words/s: {', '.join(quality_failures(c, best_theme))})"
              for c in by_speed if (c["words_per_s"] or 0) > (pick["words_per_s"] or 0)]
    figures = (f"sentence F1 {pick['sentence_f1']:.3f}, entity F1 {pick['entity_f1']:.3f}, theme agreement "
               f"{pick['theme_agreement']:.3f} on the labelled paragraphs")
    if "sample_sentence_f1" in pick:
        figures += (f" and {pick['sample_sentence_f1']:.3f}, {pick['sample_entity_f1']:.3f}, "
                    f"{pick['sample_theme_agreement']:.3f} on the timing sample")
    sentence = (
        f"'{pick['name']}' ({', '.join(pick['components'])}) is the cheapest set that keeps quality: "
        f"{pick['words_per_s']:,} words/s, {pick['speed_vs_parser']:.2f}x the parser pipeline, theme F1 "
        f"{pick['theme_f1']:.3f} against the gold labels (best {best_theme:.3f}); against the parser "
        f"reference {figures}"
    )
    return sentence + (f"; the faster sets lose quality: {'; '.join(faster)}." if faster else ".")


# ---------------------------------------------------------------------- run


def run(texts: dict[str, str] | None = None, *, quick: bool = False, rounds: int | None = None,
        configs: Mapping[str, tuple[str, ...]] | None = None,
        labels: str | os.PathLike[str] | None = None, taxonomy: str | os.PathLike[str] | None = None,
        sample_quality: bool = True) -> dict:
    """The study: component shares and configuration speeds on ``texts``, agreement on the labelled sample.

    ``texts`` ({key: cleaned text}; default: the bundled seed documents) is the timing
    sample as given (the caller picks the slice); ``rounds`` of timing (default 1 with
    ``quick``, else 2); ``configs`` (default :data:`CONFIGS`, must include :data:`REFERENCE`);
    ``labels``: a folder of labels_*.jsonl (default: tests/data/themes); ``sample_quality``:
    also compare every configuration with the reference on the timing sample (no gold:
    sentence, entity and theme agreement; ``sample_*`` fields).
    """
    if texts is None:
        seeds = corpus_load()
        texts = dict(zip(seeds.documents["key"], seeds.documents["text"], strict=True))
    rounds = rounds or (1 if quick else 2)
    wanted = dict(configs or CONFIGS)
    if REFERENCE not in wanted:
        raise ValueError(f"the configurations must include the reference {REFERENCE!r}")
    wanted = {name: _available(comps) for name, comps in wanted.items()}
    paragraphs = paragraphs_of(texts)
    words = sum(len(WORD_RE.findall(t)) for t in texts.values())

    components, same, full_pipe = component_times(paragraphs, rounds)
    speeds = config_speeds(paragraphs, wanted, words, rounds)

    tax = taxonomy_load(taxonomy)
    with tempfile.TemporaryDirectory(prefix="lavrovkit-components-cache-") as cache:
        labelled = {name: labelled_annotation(comps, tax, cache, labels) for name, comps in wanted.items()}
        sample = {name: sample_annotation(texts, comps, tax, cache) for name, comps in wanted.items()} \
            if sample_quality else {}
    entity_rules = sum(bool(r.entity) for t in tax.themes for r in t.rules)
    rows = []
    for name, comps in wanted.items():
        q = agreement(labelled[name], labelled[REFERENCE], has_ner="ner" in comps)
        if sample:
            q.update({f"sample_{k}": v for k, v in
                      agreement(sample[name], sample[REFERENCE], has_ner="ner" in comps).items()})
        if "ner" not in comps:
            q["note"] = f"no ner: entity agreement n/a; {entity_rules} theme rule(s) need an entity label"
        rows.append({"name": name, "components": list(speeds[name]["pipe_names"]),
                     "seconds": speeds[name]["seconds"], "words_per_s": speeds[name]["words_per_s"],
                     "speed_vs_parser": speeds[name]["speed_vs_parser"],
                     "staged_words_per_s": staged_speed(components, speeds[name]["pipe_names"], words),
                     **q})
    ref_staged = next(r["staged_words_per_s"] for r in rows if r["name"] == REFERENCE)
    for r in rows:
        r["staged_speed_vs_parser"] = round(r["staged_words_per_s"] / ref_staged, 2) if ref_staged else None
    reference = labelled[REFERENCE]
    label_rows = reference["tagged"]
    nlp = ann.load_model(None, wanted[REFERENCE])
    return {
        "benchmark": "components",
        "model": f"{nlp.meta.get('lang')}_{nlp.meta.get('name')} {nlp.meta.get('version')}",
        "sample_docs": len(texts),
        "sample_paragraphs": len(paragraphs),
        "sample_words": words,
        "rounds": rounds,
        "full_pipeline": full_pipe,
        "staged_equals_pipe": same,
        "components": components,
        "labelled_paragraphs": len(label_rows),
        "labelled_sets": {k: int(v) for k, v in label_rows["set"].value_counts().sort_index().items()},
        "reference": REFERENCE,
        "configs": rows,
        "thresholds": {"theme_tolerance": THEME_TOLERANCE, "min_sentence_f1": MIN_SENTENCE_F1,
                       "min_entity_f1": MIN_ENTITY_F1, "min_theme_agreement": MIN_THEME_AGREEMENT,
                       "min_token_agreement": MIN_TOKEN_AGREEMENT},
        "choice": choose(rows),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, python {platform.python_version()}",
        "lavrovkit": __version__,
    }


#: The agreement figures, as the table shows them.
QUALITY = ("sentence_f1", "sentence_f1_internal", "entity_f1", "lemma_agreement", "pos_agreement",
           "theme_agreement", "theme_hit_f1")


def table(result: dict) -> str:
    """The figures as two plain-text tables (components, configurations) and the choice."""
    comp = pd.DataFrame(result["components"])
    cfg = pd.DataFrame(result["configs"])
    cfg = cfg[[c for c in ("name", "words_per_s", "speed_vs_parser", "staged_speed_vs_parser", "theme_f1", *QUALITY,
                           *(f"sample_{q}" for q in QUALITY)) if c in cfg]]
    return f"{comp.to_string(index=False)}\n\n{cfg.to_string(index=False)}\n\n{result['choice']}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus")
    parser.add_argument("--pattern", default=None)
    parser.add_argument("--docs", type=int, default=150)
    parser.add_argument("--quick", action="store_true", help="a 30-document slice, one round")
    parser.add_argument("--rounds", type=int, default=None, help="timing rounds, best of each (default 2; quick 1)")
    parser.add_argument("--out", default=None)
    args = parser.parse_args(argv)
    n = 30 if args.quick else args.docs
    t0 = time.perf_counter()
    corpus = evenly(corpus_load(args.corpus, args.pattern), n)
    load_s = time.perf_counter() - t0
    texts = dict(zip(corpus.documents["key"], corpus.documents["text"], strict=True))
    t0 = time.perf_counter()
    result = run(texts, quick=args.quick, rounds=args.rounds)
    result = {"corpus": args.corpus, "load_and_clean_s": round(load_s, 2), **result,
              "study_s": round(time.perf_counter() - t0, 1)}
    text = json.dumps(result, indent=2)
    print(text)
    print(table(result), file=sys.stderr)
    if args.out:
        atomic_write_text(args.out, text + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
