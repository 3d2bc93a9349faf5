"""Topics the embeddings find: which subjects does the text fall into, how does each rise and fade, and
which does no taxonomy theme cover?

Every unit (a paragraph by default, or a sentence) has a multilingual vector
(:mod:`lavrovkit.embed`). :func:`topic_model` clusters those vectors with
k-means (scikit-learn ``KMeans``, seeded), so a topic is a region of meaning,
whatever words or language express it. Each topic is then

- **labelled by its keywords**: class-based TF-IDF (c-TF-IDF, as in BERTopic)
  over the content words of its units (lemmas by default, or word forms; stop
  words, numbers, punctuation, words of two letters or fewer and the words of
  the speakers' names left out, see :func:`lavrovkit.corpus.content_words`; other
  names stay: a topic may be about a person): a word scores high when it is
  frequent in the topic and rare in the others;
- **shown by its central units**: those whose vectors are closest (cosine) to
  the topic's centroid, with their provenance;
- **checked against the taxonomy**: the theme most of its units carry by the
  rules (:func:`lavrovkit.themes.theme_sentences`), the share of its units that
  carry it, and whether that share reaches ``covered_at`` (default
  :data:`COVERED_AT`): a topic no theme covers is what the taxonomy misses.

How many topics (``n_topics="auto"``): k-means is fitted for every count
within bounds set by the corpus's size (:func:`topic_bounds`: from about
sqrt(units / 25) to twice that, at most 40, and at most one topic per 15 units)
on a seeded sample of at most :data:`CHOICE_SAMPLE` units, and the count with
the highest mean silhouette (cosine) is kept. The bounds carry the size because
the silhouette of sentence embeddings falls almost steadily as topics are added
(measured on 150 UN General Debate speeches, 12,366 sentences: 0.089 with 2
topics, 0.052 with 5, 0.036 with 30): unbounded, it would always answer two
topics; within the bounds it picks the count where topics separate best. A
small corpus gets a few topics (the five seed documents: 2 to 4), and one with
fewer than 30 units one topic, said so in :attr:`TopicModel.how`, rather than an
error. A large corpus is fitted on a seeded sample of
:data:`FIT_SAMPLE` units and every unit is then assigned to its nearest centre.

Deterministic: the same corpus, parameters and ``seed`` give the same topics
with the same numbers (topics are numbered by size, largest first, then by
their first keyword).

Tables (:class:`TopicModel`):

- ``topics``: topic, label (its first keywords joined), keywords (list, best
  first), size (units), documents, share (of all units), theme (the taxonomy
  theme most of its units carry, "" when none), theme_share (share of its units
  tagged with that theme), any_theme_share (share with any theme), covered
  (theme_share ≥ ``covered_at``), central (list of the central units' texts),
  central_ids (list of their ids, ``doc_id#paragraph_id`` or
  ``doc_id#paragraph_id.sentence_id``);
- ``assignments``: doc_id, paragraph_id, [sentence_id], date, source, speaker,
  topic, score (cosine similarity to the topic's centroid), text: one row per
  unit, none left out;
- :func:`topic_prevalence`: period, topic, label, documents, topic_documents,
  units, topic_units, share, ci_low, ci_high, low_base, doc_ids (the documents
  behind the point); :func:`topic_documents`: the documents behind one point;
  :func:`topic_central`: the units closest to a topic's centroid;
  :func:`topic_summary`: one row per topic with its most central unit and top documents.

>>> m = topic_model(corpus, speaker="all")
>>> m.topics.columns.tolist()[:6]
['topic', 'label', 'keywords', 'size', 'documents', 'share']
>>> int(m.topics["size"].sum()) == len(m.assignments)
True
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from lavrovkit.embed import check_level, corpus_embeddings
from lavrovkit.errors import ParameterError
from lavrovkit.selection import AUTO_GRAIN, grain_resolve, period_of, speaker_scope
from lavrovkit.stats import MIN_DOCUMENTS, MIN_SENTENCES, interval_columns
from lavrovkit.topics import _snippet

if TYPE_CHECKING:  # pragma: no cover
    from lavrovkit.corpus import Corpus
    from lavrovkit.themes import TaxonomyArg

#: The default seed (the same corpus and seed give the same topics, numbered alike).
SEED = 15
#: The unit clustered by default. Paragraphs: on 150 UN General Debate speeches, paragraph topics follow
#: subjects (climate, the pandemic, oceans, Syria, Palestine, nuclear weapons, Council reform ...) while
#: sentence topics split by register (support and welcome, "we need", figures, greetings) and no theme
#: tags most sentences of any of them.
LEVEL = "paragraph"
#: A topic is covered by a theme when at least this share of its units carry that theme: "most of its units".
#: Measured on 150 UN speeches (22 paragraph topics): the topics a theme names (Syria, the Middle East, arms
#: control, terrorism, Security Council reform, trade and development) had 0.61 to 0.95 of their paragraphs
#: tagged with it, the others (climate, the pandemic, oceans, elections, human rights...) 0.41 at most.
COVERED_AT = 0.5
#: ``n_topics="auto"`` considers counts from about sqrt(units / UNITS_PER_ROOT) to twice that ...
UNITS_PER_ROOT = 25
#: ... never fewer than this ...
MIN_TOPICS = 2
#: ... the lower bound never above this, the upper never above MAX_TOPICS ...
MAX_LOWER = 20
MAX_TOPICS = 40
#: ... and at most one topic per this many units (a topic of a handful is an anecdote).
UNITS_PER_TOPIC = 15
#: Units (seeded sample) on which each candidate count is fitted and its silhouette measured.
CHOICE_SAMPLE = 3000
#: Units (seeded sample) on which the final k-means is fitted; every unit is then assigned to its nearest centre.
FIT_SAMPLE = 30000
#: Keywords kept per topic, and how many make its label.
KEYWORDS = 10
LABEL_WORDS = 4
#: Central units listed per topic in the topics table.
CENTRAL = 3

TOPIC_COLUMNS = ["topic", "label", "keywords", "size", "documents", "share", "theme", "theme_share",
                 "any_theme_share", "covered", "central", "central_ids"]
PREVALENCE_COLUMNS = ["period", "topic", "label", "documents", "topic_documents", "units", "topic_units", "share",
                      "ci_low", "ci_high", "low_base", "doc_ids"]

#: How many characters of a passage the topic tables show (whitespace folded, cut at a word).
SNIPPET = 300


@dataclass
class TopicModel:
    """The topics found in a corpus's vectors (see the module docstring for the tables' columns).

    ``how`` says in one sentence how the number of topics was chosen; ``choice`` lists each count tried
    with its silhouette (empty when the count was given); ``centroids`` holds one L2-normalised centre per
    topic (row ``topic - 1``); ``documents`` the documents' doc_id, date, date_precision, source, title;
    ``terms`` what the keywords are ("lemma" or "form"); ``corpus`` the (scoped) corpus it was fitted on.
    """

    level: str
    seed: int
    n_topics: int
    how: str
    scope: str
    topics: pd.DataFrame
    assignments: pd.DataFrame
    choice: pd.DataFrame = field(repr=False)
    centroids: np.ndarray = field(repr=False)
    documents: pd.DataFrame = field(repr=False)
    terms: str = "lemma"
    corpus: Any = field(default=None, repr=False)

    def uncovered(self) -> pd.DataFrame:
        """The topics no taxonomy theme covers (rows of ``topics`` with ``covered`` False).

        >>> bool(topic_model(corpus, speaker="all").uncovered()["covered"].any())
        False
        """
        return self.topics[~self.topics["covered"]].reset_index(drop=True)

    def labels(self) -> dict[int, str]:
        """Each topic's name for figures and tables: ``"3 · dialogue, sanctions, ..."``.

        >>> list(topic_model(corpus, speaker="all").labels())[0]
        1
        """
        return {int(t): f"{int(t)} · {label}" for t, label in zip(self.topics["topic"], self.topics["label"],
                                                                  strict=True)}


def topic_model(corpus: Corpus, n_topics: int | str = "auto", *, level: str = LEVEL,
                taxonomy: TaxonomyArg = None, speaker: str | None = "auto", seed: int = SEED,
                keywords: int = KEYWORDS, central: int = CENTRAL, covered_at: float = COVERED_AT,
                terms: str = "lemma", model: str | None = None, **filters: Any) -> TopicModel:
    """Which topics do the embeddings of the corpus's paragraphs (or sentences) fall into?

    ``n_topics``: a number, or ``"auto"`` (silhouette, see the module
    docstring). ``level``: ``"paragraph"`` (default) or ``"sentence"``.
    ``terms``: ``"lemma"`` (default; the lemmas tier) or ``"form"`` (word
    forms: no tagger needed) for the keywords. ``speaker`` and ``filters`` as in
    every helper (:mod:`lavrovkit.selection`). Kept in the corpus's memo: a
    second call with the same arguments returns the same object.

    >>> m = topic_model(corpus, 3, speaker="all")
    >>> m.n_topics, m.topics["topic"].tolist(), m.how
    (3, [1, 2, 3], '3 topics, as asked')
    """
    from lavrovkit.themes import _prepare

    check_level(level)
    if terms not in ("lemma", "form"):
        raise ParameterError(f"terms must be 'lemma' or 'form', not {terms!r}")
    whole = isinstance(n_topics, (int, np.integer)) and not isinstance(n_topics, bool)
    if not (whole and int(n_topics) >= 1) and n_topics != "auto":
        raise ParameterError(f"n_topics must be 'auto' or a whole number of at least 1, not {n_topics!r}")
    n_topics = int(n_topics) if whole else n_topics
    if not 0 < covered_at <= 1:
        raise ParameterError(f"covered_at must be a share between 0 and 1, not {covered_at!r}")
    whose = speaker_scope(corpus, speaker)[1]
    sub, tax = _prepare(corpus, taxonomy, speaker, filters)
    key = ("topic_model", level, n_topics, tax.fingerprint(), seed, keywords, central, covered_at, terms,
           model or "")
    if key not in sub.memo:
        sub.memo[key] = _fit(sub, tax, n_topics, level, seed, keywords, central, covered_at, terms, model, whose)
    result: TopicModel = sub.memo[key]
    return result


def _fit(corpus: Corpus, tax: Any, n_topics: int | str, level: str, seed: int, keywords: int, central: int,
         covered_at: float, terms: str, model: str | None, whose: str) -> TopicModel:
    """The :class:`TopicModel` of :func:`topic_model`, fitted now."""
    from threadpoolctl import threadpool_limits

    emb = corpus_embeddings(corpus, level, model=model)
    rows, vectors = emb.rows.reset_index(drop=True), np.asarray(emb.vectors, dtype=np.float32)
    # one thread: k-means on a few thousand vectors is fastest so (measured: 0.18 s against 2.1 s with two
    # threads on a busy two-core machine) and the result cannot depend on the machine's cores
    with threadpool_limits(1):
        labels, centres, how, choice = _cluster(vectors, n_topics, seed)
    k = centres.shape[0]
    scores = np.einsum("ij,ij->i", vectors, centres[labels]) if len(rows) else np.zeros(0, dtype=np.float32)
    words = _unit_words(corpus, rows, level, terms)
    kw = _keywords(words, labels, k, keywords)
    # number the topics by size, largest first, then by first keyword
    sizes = np.bincount(labels, minlength=k)
    order = sorted(range(k), key=lambda t: (-int(sizes[t]), kw[t][0] if kw[t] else "", t))
    renumber = np.empty(k, dtype=np.int64)
    renumber[order] = np.arange(1, k + 1)
    topic = renumber[labels] if len(rows) else np.zeros(0, dtype=np.int64)
    centres = centres[order]
    kw = [kw[t] for t in order]
    ids = ["sentence_id"] if level == "sentence" else []
    assignments = rows[["doc_id", "paragraph_id", *ids, "date", "source", "speaker"]].assign(
        topic=topic.astype("int64"), score=np.round(scores.astype(float), 4), text=rows["text"])
    themes = _unit_themes(corpus, tax, rows, level)
    table = _topic_table(assignments, themes, kw, k, central, covered_at, level)
    table.attrs["level"] = assignments.attrs["level"] = level
    docs = corpus.documents
    documents = docs[[c for c in ("doc_id", "date", "date_precision", "source", "title") if c in docs]].copy()
    return TopicModel(level=level, seed=seed, n_topics=k, how=how, scope=whose, topics=table,
                      assignments=assignments, choice=choice, centroids=centres, documents=documents, terms=terms,
                      corpus=corpus)


def _cluster(vectors: np.ndarray, n_topics: int | str, seed: int) -> tuple[np.ndarray, np.ndarray, str,
                                                                            pd.DataFrame]:
    """Each unit's cluster (0-based), the L2-normalised centres, how the count was chosen, and the counts tried."""
    from sklearn.cluster import KMeans

    n = len(vectors)
    choice = pd.DataFrame({"n_topics": pd.Series(dtype="int64"), "silhouette": pd.Series(dtype="float64")})
    if n == 0:
        return np.zeros(0, dtype=np.int64), np.zeros((0, vectors.shape[1] if vectors.ndim == 2 else 0),
                                                     dtype=np.float32), "no units to cluster", choice
    # identical texts have identical vectors: never more topics than distinct vectors (a large corpus has plenty)
    distinct = len(np.unique(vectors.round(5), axis=0)) if n <= CHOICE_SAMPLE else n
    if n_topics == "auto":
        low, high = topic_bounds(n)
        high = min(high, distinct)
        if high < MIN_TOPICS:
            k = 1
            how = (f"1 topic: {n} units are too few to split (n_topics='auto' asks for {UNITS_PER_TOPIC} units "
                   f"per topic, at least {MIN_TOPICS} topics)")
        else:
            low = min(low, high)
            choice = _silhouettes(vectors, range(low, high + 1), seed)
            best = choice.sort_values(["silhouette", "n_topics"], ascending=[False, True], kind="stable").iloc[0]
            k = int(best["n_topics"])
            how = (f"{k} topics: the highest silhouette ({best['silhouette']:.3f}) of {low} to {high} topics, "
                   f"the counts a corpus of {n:,} units allows (measured on {min(n, CHOICE_SAMPLE):,} units, "
                   f"seed {seed})")
    else:
        k = int(n_topics)
        how = f"{k} topics, as asked"
        if k > distinct:
            how = f"{distinct} topics: {k} were asked but only {distinct} units differ"
            k = distinct
    rng = np.random.default_rng(seed)
    fit_on = vectors if n <= FIT_SAMPLE else vectors[np.sort(rng.choice(n, FIT_SAMPLE, replace=False))]
    if n > FIT_SAMPLE:
        how += f"; fitted on {FIT_SAMPLE:,} units drawn with seed {seed}, every unit then given its nearest centre"
    if k == 1:
        centres = fit_on.mean(axis=0, keepdims=True)
    else:
        km = KMeans(n_clusters=k, n_init=4, random_state=seed).fit(fit_on)
        centres = km.cluster_centers_
    labels = (vectors @ _normalised(centres).T).argmax(axis=1) if k > 1 else np.zeros(n, dtype=np.int64)
    # centres of every unit assigned (not only the sample), then unit length: the centrality measure
    final = np.vstack([vectors[labels == t].mean(axis=0) if (labels == t).any() else centres[t] for t in range(k)])
    return labels.astype(np.int64), _normalised(final).astype(np.float32), how, choice


def topic_bounds(units: int) -> tuple[int, int]:
    """The counts of topics ``n_topics="auto"`` chooses among for a corpus of ``units`` units: from
    sqrt(units / :data:`UNITS_PER_ROOT`) (at least :data:`MIN_TOPICS`, at most :data:`MAX_LOWER`) to twice that
    (at most :data:`MAX_TOPICS`, and one topic per :data:`UNITS_PER_TOPIC` units). An upper bound under
    :data:`MIN_TOPICS` means one topic.

    >>> topic_bounds(48), topic_bounds(3746), topic_bounds(300_000)
    ((2, 3), (12, 24), (20, 40))
    """
    low = int(np.clip(round(float(np.sqrt(units / UNITS_PER_ROOT))), MIN_TOPICS, MAX_LOWER))
    high = min(MAX_TOPICS, 2 * low, units // UNITS_PER_TOPIC)
    return low, high


def _normalised(m: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(m, axis=1, keepdims=True)
    return np.asarray(m / np.where(norms > 0, norms, 1.0))


def _silhouettes(vectors: np.ndarray, counts: range, seed: int) -> pd.DataFrame:
    """The mean silhouette (cosine) of k-means with each count of topics, on a seeded sample of the units."""
    from sklearn.cluster import KMeans
    from sklearn.metrics import silhouette_score

    n = len(vectors)
    rng = np.random.default_rng(seed)
    sample = vectors if n <= CHOICE_SAMPLE else vectors[np.sort(rng.choice(n, CHOICE_SAMPLE, replace=False))]
    rows = []
    for k in counts:
        labels = KMeans(n_clusters=k, n_init=2, max_iter=100, random_state=seed).fit_predict(sample)
        score = silhouette_score(sample, labels, metric="cosine") if len(set(labels)) > 1 else -1.0
        rows.append((k, round(float(score), 4)))
    return pd.DataFrame(rows, columns=["n_topics", "silhouette"])


def _unit_words(corpus: Corpus, rows: pd.DataFrame, level: str, terms: str) -> pd.DataFrame:
    """The content words of every unit: columns unit (row number in ``rows``) and word."""
    from lavrovkit.corpus import content_words

    tokens = corpus.tokens if terms == "lemma" else corpus.forms
    # the speakers' own names name who talks ("Lavrov said"), not what about
    speakers = [str(s) for s in corpus.sentences["speaker"].dropna().unique()]
    words = content_words(tokens, names=speakers, use_lemma=terms == "lemma", proper_nouns=True)
    tok = tokens.loc[words.index, ["doc_id", "sentence_id"]].assign(word=words.to_numpy())
    if level == "sentence":
        unit = rows[["doc_id", "sentence_id"]].assign(unit=np.arange(len(rows)))
        out = tok.merge(unit, on=["doc_id", "sentence_id"])
    else:
        para = corpus.sentence_spans[["doc_id", "sentence_id", "paragraph_id"]]
        unit = rows[["doc_id", "paragraph_id"]].assign(unit=np.arange(len(rows)))
        out = tok.merge(para, on=["doc_id", "sentence_id"]).merge(unit, on=["doc_id", "paragraph_id"])
    return out[["unit", "word"]]


def _keywords(words: pd.DataFrame, labels: np.ndarray, k: int, top: int) -> list[list[str]]:
    """Each cluster's keywords by class-based TF-IDF: (count in the cluster / the cluster's words) ×
    log(1 + mean words per cluster / count in all clusters); a word must be in two units of its cluster
    (when the cluster has two)."""
    if words.empty or k == 0:
        return [[] for _ in range(k)]
    cluster = labels[words["unit"].to_numpy()]
    codes, vocab = pd.factorize(words["word"], sort=True)
    v = len(vocab)
    counts = np.bincount(cluster * v + codes, minlength=k * v).reshape(k, v).astype(float)
    units_with = pd.DataFrame({"c": cluster, "w": codes, "u": words["unit"].to_numpy()}).drop_duplicates()
    spread = np.bincount(units_with["c"].to_numpy() * v + units_with["w"].to_numpy(), minlength=k * v).reshape(k, v)
    sizes = np.bincount(labels, minlength=k)
    per_cluster = counts.sum(axis=1, keepdims=True)
    tf = counts / np.where(per_cluster > 0, per_cluster, 1)
    idf = np.log(1 + per_cluster.mean() / np.maximum(counts.sum(axis=0), 1))
    score = tf * idf
    score[(spread < 2) & (sizes[:, None] >= 2)] = 0
    out = []
    for t in range(k):
        best = np.lexsort((np.asarray(vocab, dtype=str), -score[t]))[:top]
        out.append([str(vocab[i]) for i in best if score[t, i] > 0])
    return out


def _unit_themes(corpus: Corpus, tax: Any, rows: pd.DataFrame, level: str) -> pd.Series:
    """The taxonomy themes each unit carries (lists, aligned with ``rows``)."""
    from lavrovkit.themes import theme_paragraphs, theme_sentences

    keys = ["doc_id", "sentence_id"] if level == "sentence" else ["doc_id", "paragraph_id"]
    tagged = (theme_sentences if level == "sentence" else theme_paragraphs)(corpus, tax, speaker="all")
    merged = rows[keys].merge(tagged[[*keys, "themes"]], on=keys, how="left")
    return pd.Series([v if isinstance(v, list) else [] for v in merged["themes"]], index=rows.index, dtype=object)


def _topic_table(assignments: pd.DataFrame, themes: pd.Series, kw: list[list[str]], k: int, central: int,
                 covered_at: float, level: str) -> pd.DataFrame:
    """One row per topic (see the module docstring)."""
    total = len(assignments)
    records = []
    for t in range(1, k + 1):
        mask = (assignments["topic"] == t).to_numpy()
        members = assignments[mask]
        size = len(members)
        tags = themes[mask]
        counts = pd.Series([th for ts in tags for th in ts], dtype="object").value_counts()
        theme = str(counts.index[0]) if len(counts) else ""
        theme_share = round(float(counts.iloc[0]) / size, 4) if len(counts) and size else 0.0
        any_share = round(float((tags.str.len() > 0).mean()), 4) if size else 0.0
        best = members.sort_values(["score", "doc_id", "paragraph_id"], ascending=[False, True, True],
                                   kind="stable").head(central)
        records.append({
            "topic": t, "label": ", ".join(kw[t - 1][:LABEL_WORDS]) or f"topic {t}", "keywords": kw[t - 1],
            "size": size, "documents": int(members["doc_id"].nunique()),
            "share": round(size / total, 4) if total else 0.0, "theme": theme, "theme_share": theme_share,
            "any_theme_share": any_share, "covered": bool(theme_share >= covered_at),
            "central": [_snippet(x, SNIPPET) for x in best["text"]],
            "central_ids": [unit_id(r, level) for r in best.itertuples()],
        })
    return pd.DataFrame(records, columns=TOPIC_COLUMNS).astype({"topic": "int64", "size": "int64",
                                                                 "documents": "int64", "covered": bool})


def unit_id(row: Any, level: str) -> str:
    """A unit's id in text: ``doc_id#paragraph_id`` (paragraphs) or ``doc_id#paragraph_id.sentence_id``.

    >>> import collections
    >>> unit_id(collections.namedtuple("R", "doc_id paragraph_id sentence_id")("002", 4, 17), "sentence")
    '002#4.17'
    """
    base = f"{row.doc_id}#{row.paragraph_id}"
    return f"{base}.{row.sentence_id}" if level == "sentence" else base


# ---------------------------------------------------------------------- over time


def topic_prevalence(source: Corpus | TopicModel, by: str = AUTO_GRAIN, *, min_base: int = MIN_SENTENCES,
                     min_documents: int = MIN_DOCUMENTS, **options: Any) -> pd.DataFrame:
    """How much of each period's text falls in each topic, and on which documents does that rest?

    ``source``: a :class:`TopicModel`, or a corpus (then ``options`` go to
    :func:`topic_model`). Tidy: one row per period and topic: period, topic,
    label, documents (dated documents with units in the period), topic_documents
    (those with a unit in the topic), units (the period's units: the base of
    share), topic_units, share (topic_units / units; every unit has one topic,
    so a period's shares add up to 1), ci_low and ci_high (95% Wilson interval
    of share), low_base (fewer than ``min_base`` units or ``min_documents``
    documents in the period: :data:`lavrovkit.stats.MIN_SENTENCES`,
    :data:`lavrovkit.stats.MIN_DOCUMENTS`), doc_ids (the documents behind the
    point, list). ``by="auto"`` picks the grain that fits the corpus
    (:func:`lavrovkit.selection.grain_auto`); undated units are left out with a warning.

    >>> p = topic_prevalence(corpus, speaker="all")
    >>> p.groupby("period")["share"].sum().round(3).unique().tolist()
    [1.0]
    """
    model = source if isinstance(source, TopicModel) else topic_model(source, **options)
    if options and isinstance(source, TopicModel):
        raise ParameterError(f"topic_prevalence: options {sorted(options)} go to topic_model, not to a fitted model")
    grain = grain_resolve(model.documents, by)
    if grain == "doc":
        raise ParameterError("topic_prevalence counts by month, quarter or year (or auto); for one document "
                             "see topic_documents")
    a = model.assignments
    undated = int(a["date"].isna().sum())
    if undated:
        docs = a.loc[a["date"].isna(), "doc_id"].drop_duplicates()
        warnings.warn(f"{len(docs)} document(s) have no date: their {undated} {model.level}s are left out of the "
                      "topics' prevalence: " + ", ".join(map(str, docs.head(10))), stacklevel=2)
    a = a[a["date"].notna()]
    a = a.assign(period=period_of(a["date"], grain).astype(str))
    base = a.groupby("period").agg(documents=("doc_id", "nunique"), units=("topic", "size"))
    per = a.groupby(["period", "topic"]).agg(topic_documents=("doc_id", "nunique"), topic_units=("doc_id", "size"),
                                             doc_ids=("doc_id", lambda d: sorted(set(d))))
    grid = pd.MultiIndex.from_product([base.index, model.topics["topic"].tolist()], names=["period", "topic"])
    out = per.reindex(grid).reset_index().merge(base.reset_index(), on="period")
    out["topic_documents"] = out["topic_documents"].fillna(0).astype("int64")
    out["topic_units"] = out["topic_units"].fillna(0).astype("int64")
    out["doc_ids"] = [v if isinstance(v, list) else [] for v in out["doc_ids"]]
    out["share"] = (out["topic_units"] / out["units"]).round(4)
    out["label"] = out["topic"].map(dict(zip(model.topics["topic"], model.topics["label"], strict=True)))
    out = interval_columns(out, count="topic_units", base="units", min_base=min_base,
                           also_low=out["documents"] < min_documents)
    out.attrs["min_base"] = {"units": min_base, "documents": min_documents}
    out.attrs["grain"] = grain
    out.attrs["level"] = model.level
    return out[PREVALENCE_COLUMNS].sort_values(["period", "topic"], kind="stable").reset_index(drop=True)


def topic_documents(model: TopicModel, topic: int, period: str | None = None, by: str = AUTO_GRAIN) -> pd.DataFrame:
    """Which documents stand behind a topic (in one period, as :func:`topic_prevalence` labels it)?

    One row per document with a unit in the topic: doc_id, date, source, title,
    units (the document's units), topic_units, share (topic_units / units),
    score (the best cosine of its units to the topic's centroid), text (its most
    central unit); most topic units first.

    >>> m = topic_model(corpus, speaker="all")
    >>> int(topic_documents(m, 1)["topic_units"].sum()) == int(m.topics.loc[0, "size"])
    True
    """
    if topic not in set(model.topics["topic"]):
        raise ParameterError(f"topic {topic!r} is not one of 1 to {model.n_topics}")
    a = model.assignments
    if period is not None:
        grain = grain_resolve(model.documents, by)
        a = a[period_of(a["date"], grain).astype(str).to_numpy() == str(period)]
    units = a.groupby("doc_id").size().rename("units")
    mine = a[a["topic"] == topic].sort_values(["score", "paragraph_id"], ascending=[False, True], kind="stable")
    best = mine.drop_duplicates("doc_id").set_index("doc_id")
    out = mine.groupby("doc_id").size().rename("topic_units").to_frame().join(units)
    out = out.join(best[["score", "text"]]).reset_index()
    meta = model.documents[[c for c in ("doc_id", "date", "source", "title") if c in model.documents]]
    out = out.merge(meta, on="doc_id", how="left")
    out["share"] = (out["topic_units"] / out["units"]).round(4)
    out["text"] = [_snippet(t, SNIPPET) for t in out["text"]]
    cols = ["doc_id", "date", "source", *(["title"] if "title" in out else []), "units", "topic_units", "share",
            "score", "text"]
    return out.sort_values(["topic_units", "score", "doc_id"], ascending=[False, False, True],
                           kind="stable")[cols].reset_index(drop=True)


def topic_central(model: TopicModel, topic: int, top: int = 5) -> pd.DataFrame:
    """The units closest to a topic's centroid, with their provenance: the columns of ``assignments`` (best
    first) and evidence (the words of the unit that are among the topic's keywords, as written).

    >>> topic_central(topic_model(corpus, speaker="all"), 1, top=2).columns.tolist()[-2:]
    ['text', 'evidence']
    """
    if topic not in set(model.topics["topic"]):
        raise ParameterError(f"topic {topic!r} is not one of 1 to {model.n_topics}")
    a = model.assignments
    best = (a[a["topic"] == topic].sort_values(["score", "doc_id", "paragraph_id"], ascending=[False, True, True],
                                               kind="stable").head(top).reset_index(drop=True))
    keywords = set(model.topics.loc[model.topics["topic"] == topic, "keywords"].iloc[0])
    found: dict[tuple[Any, ...], list[str]] = {}
    if model.corpus is not None and len(best) and keywords:
        key = ["doc_id", "sentence_id"] if model.level == "sentence" else ["doc_id", "paragraph_id"]
        tokens = model.corpus.tokens if model.terms == "lemma" else model.corpus.forms
        tokens = tokens[tokens["doc_id"].isin(set(best["doc_id"]))]
        if model.level == "paragraph":
            tokens = tokens.merge(model.corpus.sentence_spans[["doc_id", "sentence_id", "paragraph_id"]],
                                  on=["doc_id", "sentence_id"])
        term = tokens["lemma" if model.terms == "lemma" else "lower"].str.lower()
        hits = tokens[term.isin(keywords)]
        for k, group in hits.groupby(key, sort=False):
            found[tuple(k)] = list(dict.fromkeys(group["text"]))
    key_cols = ["doc_id", "sentence_id"] if model.level == "sentence" else ["doc_id", "paragraph_id"]
    best["evidence"] = [found.get(tuple(k), []) for k in best[key_cols].itertuples(index=False)]
    return best


def topic_summary(model: TopicModel, topics: Sequence[int] | None = None, documents: int = 3) -> pd.DataFrame:
    """One row per topic to read at a glance: what it is, its most central unit with provenance, and the
    documents where it takes most room.

    Columns: topic, label, size, documents, theme, theme_share, covered, then the most central unit's
    doc_id, date, source, speaker, text (cut to 400 characters) and evidence (its words among the topic's
    keywords, as written), and top_documents (list: ``"doc_id (k of n units)"`` for the ``documents``
    documents with most units in the topic). ``topics`` picks the rows (default: every topic, in order).

    >>> topic_summary(topic_model(corpus, speaker="all"), documents=1)["top_documents"].str.len().tolist()
    [1, 1]
    """
    chosen = list(topics) if topics is not None else model.topics["topic"].tolist()
    rows = []
    for t in chosen:
        head = model.topics[model.topics["topic"] == t].iloc[0]
        best = topic_central(model, int(t), top=1).iloc[0]
        docs = topic_documents(model, int(t)).head(documents)
        rows.append({**{c: head[c] for c in ("topic", "label", "size", "documents", "theme", "theme_share",
                                             "covered")},
                     **{c: best[c] for c in ("doc_id", "date", "source", "speaker")},
                     "text": _snippet(best["text"], 400), "evidence": best["evidence"],
                     "top_documents": [f"{r.doc_id} ({r.topic_units} of {r.units} {model.level}s)"
                                       for r in docs.itertuples()]})
    columns = ["topic", "label", "size", "documents", "theme", "theme_share", "covered", "doc_id", "date", "source",
               "speaker", "text", "evidence", "top_documents"]
    return pd.DataFrame(rows, columns=columns)


__all__ = ["COVERED_AT", "LEVEL", "SEED", "TopicModel", "topic_bounds", "topic_central", "topic_documents",
           "topic_model", "topic_prevalence", "topic_summary", "unit_id"]
