"""Themes that rules miss: a per-theme classifier over paragraph vectors that adds tags to the rules'.

The rules (:mod:`lavrovkit.themes`) tag what a text names. A paragraph can
carry a theme without naming it ("We have reached specific understandings",
in talks about Syria); the theme model reads what the embeddings carry
(:mod:`lavrovkit.embed`). Its features are the paragraph's passage vector and
the rules' own tags of that paragraph (one flag per theme); one logistic
regression per theme (scikit-learn, seeded) is trained on hand-labelled
paragraphs, and each theme gets its own threshold, chosen by cross-validation
inside the training set (folds grouped by document). A theme with fewer than
:data:`MIN_POSITIVES` labelled paragraphs gets no classifier: the model never
adds it.

Combination (``method="rules+model"``): the rules' tags and evidence stay;
the model *adds* a theme the rules did not give when its probability reaches
the theme's threshold. The added tag is placed on the paragraph's sentence
the theme's classifier scores highest (so doc_id, sentence_id and speaker
hold), and carries the model's probability and the nearest labelled example
paragraphs that have the theme (label-file line, similarity, text start).
A variant that also drops a rule tag the model is very sure is wrong was
measured by cross-validation (``drop=True`` when fitting); see
``bench/themes_eval.py``.

The shipped model (``lavrovkit/data/theme_model.npz`` + ``theme_model.json``,
built by ``bench/themes_train.py``) is trained on the labels in
``tests/data/themes`` with the shipped taxonomy and the default embedder.
Loading refuses (:class:`~lavrovkit.errors.ThemeModelError`, naming the file)
a model made with another embedder or another taxonomy (its rules'
fingerprint). An analyst with their own taxonomy trains their own with
:func:`theme_model_fit` on their own labelled paragraphs and passes it as
``model=``; without one, ``method="rules+model"`` gives the rules' tags alone
with a :class:`~lavrovkit.errors.ThemeModelWarning`, and ``method="auto"``
is rules+model where a model fits the taxonomy and the rules silently
otherwise.

The default is ``method="rules"`` (:data:`DEFAULT_METHOD`), by measurement.
With the rules as first written, over the 754 development paragraphs (5-fold
cross-validation grouped by document, seed 0: ``python bench/themes_eval.py
--cv``) the model lifted micro-F1 from 0.838 to 0.858 (it added economy_trade
and international_law), but on the 120 held-out UN paragraphs (never trained
or tuned on) it lowered it from 0.841 to 0.825. The rules were then revised
on the development errors (general vocabulary for economy, humanitarian and
international law): cross-validated micro-F1 0.886 with or without the model,
held-out 0.844 for the rules and 0.839 with the model, which keeps a
classifier for economy_trade only. The model also needs every paragraph of a
corpus embedded first, which the analyses that read themes (counterparts,
tone, events) would pay silently. Letting it also drop rule tags changed
nothing. Ask for ``method="rules+model"`` (or ``"auto"``) to read the themes a
paragraph implies, with their evidence.

Example
-------
>>> labels = pd.DataFrame({
...     "text": ["Talks on Syria went on.", "We reached specific understandings on Syria.",
...              "Grain exports rose.", "Trade and investment grew.", "The weather was fine."] * 4,
...     "gold": [["syria"], ["syria"], ["economy_trade"], ["economy_trade"], []] * 4,
...     "themes": [["syria"], ["syria"], [], ["economy_trade"], []] * 4,
...     "doc_id": [f"d{i}" for i in range(20)]})
>>> m = theme_model_fit(labels, min_positives=4, min_gain=0, folds=2)
>>> [t for t in m.themes if m.trained(t)]   # the rules already find every Syria paragraph here
['economy_trade']
"""

from __future__ import annotations

import io
import json
import os
import warnings
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from lavrovkit.cache import digest, hexdigest
from lavrovkit.errors import ParameterError, ThemeModelError, ThemeModelWarning
from lavrovkit.taxonomy import DATA, Taxonomy, taxonomy_load

if TYPE_CHECKING:  # pragma: no cover
    from lavrovkit.corpus import Corpus

#: What ``method=`` may be, everywhere themes are read: the rules alone; the rules plus the tags the model
#: adds; ``auto``: rules+model where a model fits the taxonomy, the rules alone otherwise.
METHODS = ("rules", "rules+model", "auto")
#: The method used when none is named (see the module's notes: measured with bench/themes_eval.py).
DEFAULT_METHOD = "rules"
#: The shipped model's files (``.npz`` arrays + ``.json`` metadata).
MODEL_FILE = DATA / "theme_model.npz"
#: Bump when features or the way a model decides change: older model files are refused.
MODEL_FORMAT = 1
#: A theme with fewer labelled paragraphs than this gets no classifier.
MIN_POSITIVES = 8
#: Regularisation (inverse strength) of every theme's logistic regression on standardised features, chosen
#: by cross-validation on the development labels (bench/themes_eval.py --cv --C ...).
DEFAULT_C = 0.02
#: The thresholds tried for adding (probabilities) and for dropping a rule tag.
ADD_GRID = tuple(round(x, 2) for x in np.arange(0.10, 0.96, 0.05))
DROP_GRID = (0.02, 0.05, 0.10)
#: What a theme's additions must gain (true minus weighted false tags, out of fold) before the model adds it:
#: a threshold resting on one or two lucky paragraphs is noise (cross-validated micro-F1 over the development
#: labels with 0, 2, 4, 8: 0.851, 0.857, 0.858, 0.847).
MIN_GAIN = 4.0
#: Nearest labelled examples kept as evidence of a model tag.
NEIGHBOURS = 3


def check_method(method: str | None) -> str:
    """``method`` (default :data:`DEFAULT_METHOD`) if the kit knows it, else a :class:`ParameterError`.

    >>> check_method(None), check_method("rules+model")
    ('rules', 'rules+model')
    """
    m = DEFAULT_METHOD if method is None else method
    if m not in METHODS:
        raise ParameterError(f"method must be one of {', '.join(METHODS)}, not {method!r}")
    return m


# ---------------------------------------------------------------------------- the model
@dataclass
class ThemeModel:
    """A trained theme model: one linear classifier per theme over [paragraph vector, rule flags].

    ``coef`` (themes × features) and ``intercept``; ``add_threshold`` per theme
    (``inf``: the model never adds it); ``drop_threshold`` (``-inf``: never
    drops a rule tag); ``examples`` the labelled paragraphs' vectors with
    ``example_refs`` (label file:line), ``example_texts`` (their start) and
    ``example_themes`` (their gold themes); ``meta``: embedder, its version
    and dimension, the taxonomy's source and fingerprint, the labels' digest,
    the training options and the cross-validated figures.
    """

    themes: list[str]
    coef: np.ndarray
    intercept: np.ndarray
    add_threshold: np.ndarray
    drop_threshold: np.ndarray
    examples: np.ndarray = field(repr=False)
    example_refs: list[str] = field(repr=False)
    example_texts: list[str] = field(repr=False)
    example_themes: list[list[str]] = field(repr=False)
    meta: dict[str, Any] = field(default_factory=dict, repr=False)
    path: str | None = None

    def trained(self, theme: str) -> bool:
        """Whether the model may add ``theme`` (it had enough labelled paragraphs and a threshold)."""
        return bool(np.isfinite(self.add_threshold[self.themes.index(theme)]))

    def digest(self) -> str:
        """A short hash of everything that decides the model's tags and evidence (a cache key)."""
        parts = [self.coef, self.intercept, self.add_threshold, self.drop_threshold, self.examples]
        blob = b"".join(np.ascontiguousarray(a, dtype=np.float32).tobytes() for a in parts)
        return digest(hexdigest(blob), self.themes, self.example_refs, self.example_themes,
                      self.meta.get("embedder"), self.meta.get("embedder_version"), self.meta.get("format"))

    def features(self, vectors: np.ndarray, rule_flags: np.ndarray) -> np.ndarray:
        """The feature matrix: vectors (n × dim) then the rules' flags (n × themes) as 0/1."""
        return _features(vectors, rule_flags)

    def probabilities(self, vectors: np.ndarray, rule_flags: np.ndarray) -> np.ndarray:
        """Each theme's probability (n × themes) for paragraphs with these vectors and rule flags."""
        return _sigmoid(self.features(vectors, rule_flags) @ self.coef.T + self.intercept)

    def decide(self, probabilities: np.ndarray, rule_flags: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(added, dropped): boolean n × themes, the tags the model adds and the rule tags it drops."""
        rules = rule_flags.astype(bool)
        added = ~rules & (probabilities >= self.add_threshold)
        dropped = rules & (probabilities < self.drop_threshold)
        return added, dropped

    def neighbours(self, vector: np.ndarray, theme: str, k: int = NEIGHBOURS) -> list[tuple[str, float, str]]:
        """The ``k`` labelled paragraphs with ``theme`` closest to ``vector``: (label ref, cosine, text start)."""
        has = np.array([theme in ts for ts in self.example_themes], dtype=bool)
        if not has.any():
            return []
        idx = np.flatnonzero(has)
        sims = self.examples[idx].astype(np.float32) @ vector.astype(np.float32)
        order = np.argsort(-sims, kind="stable")[:k]
        return [(self.example_refs[idx[i]], round(float(sims[i]), 3), self.example_texts[idx[i]]) for i in order]

    def check(self, taxonomy: Taxonomy, embedder_name: str | None = None) -> ThemeModel:
        """The model itself if it was made with ``taxonomy`` and the embedder, else a :class:`ThemeModelError`."""
        from lavrovkit.embed import embedder

        where = self.path or "the theme model"
        emb = embedder(embedder_name or self.meta.get("embedder"))
        want = (emb.name, str(emb.version), int(emb.dim))
        have = (self.meta.get("embedder"), str(self.meta.get("embedder_version")), int(self.meta.get("dim", -1)))
        if want != have:
            raise ThemeModelError(f"{where}: made with the embedder {have[0]} {have[1]} ({have[2]} dims), not "
                                  f"{want[0]} {want[1]} ({want[2]} dims): train one with bench/themes_train.py or "
                                  f"theme_model_fit()")
        if self.meta.get("taxonomy_fingerprint") != taxonomy.fingerprint("en") or self.themes != taxonomy.ids:
            raise ThemeModelError(f"{where}: made for the taxonomy {self.meta.get('taxonomy')} (rules fingerprint "
                                  f"{self.meta.get('taxonomy_fingerprint')}), not {taxonomy.source} "
                                  f"({taxonomy.fingerprint('en')}): train one for it with theme_model_fit()")
        return self

    def save(self, path: str | os.PathLike[str]) -> Path:
        """Write the model as ``path`` (.npz arrays) and the same name with .json (metadata); returns the .npz."""
        from lavrovkit.files import atomic_write_bytes

        npz = Path(path).with_suffix(".npz")
        buf = io.BytesIO()
        arrays = {"coef": self.coef.astype(np.float32), "intercept": self.intercept.astype(np.float32),
                  "add_threshold": self.add_threshold.astype(np.float32),
                  "drop_threshold": self.drop_threshold.astype(np.float32),
                  "examples": self.examples.astype(np.float16)}
        with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as zf:  # fixed dates: same model, same bytes
            for name, array in arrays.items():
                info = zipfile.ZipInfo(f"{name}.npy", date_time=(1980, 1, 1, 0, 0, 0))
                info.compress_type = zipfile.ZIP_DEFLATED
                with zf.open(info, "w") as f:
                    np.lib.format.write_array(f, np.ascontiguousarray(array), allow_pickle=False)
        meta = {**self.meta, "themes": self.themes, "example_refs": self.example_refs,
                "example_texts": self.example_texts, "example_themes": self.example_themes}
        atomic_write_bytes(npz, buf.getvalue())
        atomic_write_bytes(npz.with_suffix(".json"),
                           (json.dumps(meta, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8"))
        return npz


def _sigmoid(z: np.ndarray) -> np.ndarray:
    out: np.ndarray = 1.0 / (1.0 + np.exp(-np.clip(z, -40, 40)))
    return out


def _features(vectors: np.ndarray, rule_flags: np.ndarray) -> np.ndarray:
    return np.hstack([np.asarray(vectors, dtype=np.float64), np.asarray(rule_flags, dtype=np.float64)])


def theme_model_load(path: str | os.PathLike[str] | None = None, taxonomy: Taxonomy | str | os.PathLike[str] | None
                     = None, *, embedder_name: str | None = None) -> ThemeModel:
    """The theme model at ``path`` (default: the shipped one), checked against ``taxonomy`` and the embedder.

    A model made with another taxonomy (rules fingerprint) or embedder, an
    unknown format or a missing or damaged file is a
    :class:`~lavrovkit.errors.ThemeModelError` naming the file.

    >>> theme_model_load().meta["embedder"]
    'e5-small'
    """
    npz = Path(path).with_suffix(".npz") if path is not None else MODEL_FILE
    tax = taxonomy if isinstance(taxonomy, Taxonomy) else taxonomy_load(taxonomy)
    try:
        meta = json.loads(npz.with_suffix(".json").read_text(encoding="utf-8"))
        with np.load(npz) as arrays:
            data = {k: arrays[k] for k in arrays.files}
    except FileNotFoundError as exc:
        raise ThemeModelError(f"{npz}: no theme model there ({exc.filename} is missing)") from exc
    except (OSError, ValueError, KeyError) as exc:
        raise ThemeModelError(f"{npz}: not a readable theme model ({exc})") from exc
    if meta.get("format") != MODEL_FORMAT:
        raise ThemeModelError(f"{npz}: theme model format {meta.get('format')!r}, this kit reads {MODEL_FORMAT}: "
                              f"train it again with bench/themes_train.py")
    try:
        model = ThemeModel(
            themes=list(meta["themes"]), coef=data["coef"].astype(np.float64),
            intercept=data["intercept"].astype(np.float64),
            add_threshold=data["add_threshold"].astype(np.float64),
            drop_threshold=data["drop_threshold"].astype(np.float64),
            examples=data["examples"].astype(np.float32), example_refs=list(meta["example_refs"]),
            example_texts=list(meta["example_texts"]), example_themes=[list(t) for t in meta["example_themes"]],
            meta={k: v for k, v in meta.items() if not k.startswith("example_") and k != "themes"}, path=str(npz))
    except KeyError as exc:
        raise ThemeModelError(f"{npz}: theme model lacks {exc}") from exc
    return model.check(tax, embedder_name)


def theme_model_for(taxonomy: Taxonomy, method: str | None = None,
                    model: ThemeModel | str | os.PathLike[str] | None = None) -> ThemeModel | None:
    """The model ``method`` uses with ``taxonomy``: None for ``rules``; for ``auto`` the given or shipped model
    when it fits (else None, silently); for ``rules+model`` the same, with a
    :class:`~lavrovkit.errors.ThemeModelWarning` when none fits (a given model that does not fit is an error).

    >>> theme_model_for(taxonomy_load()) is None, theme_model_for(taxonomy_load(), "auto") is not None
    (True, True)
    """
    m = check_method(method)
    if m == "rules":
        return None
    if isinstance(model, ThemeModel):
        return model.check(taxonomy)
    if model is not None:
        return theme_model_load(model, taxonomy)
    try:
        return theme_model_load(None, taxonomy)
    except ThemeModelError as exc:
        if m == "rules+model":
            warnings.warn(f"themes by the rules alone: {exc}", ThemeModelWarning, stacklevel=3)
        return None


# ---------------------------------------------------------------------------- fitting
def group_folds(groups: Sequence[str], k: int, seed: int = 0) -> np.ndarray:
    """A fold number (0..k-1) per row: whole groups (documents) per fold, groups shuffled with ``seed``.

    >>> group_folds(["a", "a", "b", "c", "d"], 2, seed=0).tolist()
    [1, 1, 0, 0, 1]
    """
    names = sorted(set(groups))
    if len(names) < k:
        raise ParameterError(f"{k} folds need at least {k} documents, not {len(names)}")
    order = np.random.default_rng(seed).permutation(len(names))
    fold = {names[j]: i % k for i, j in enumerate(order)}
    return np.array([fold[g] for g in groups], dtype=np.int64)


def _fit_linear(X: np.ndarray, Y: np.ndarray, C: float, min_positives: int, seed: int
                ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """coef, intercept and trained flags of one logistic regression per column of ``Y`` (too few positives: none)."""
    from sklearn.linear_model import LogisticRegression

    n_themes = Y.shape[1]
    coef = np.zeros((n_themes, X.shape[1]))
    intercept = np.full(n_themes, -40.0)
    trained = np.zeros(n_themes, dtype=bool)
    # standardised features (an e5 vector's components differ by hundredths: unscaled, any C over-regularises);
    # the scaling is folded back into coef and intercept, so the model stays linear in the raw features
    mean = X.mean(axis=0)
    scale = X.std(axis=0)
    scale[scale < 1e-9] = 1.0
    Z = (X - mean) / scale
    for j in range(n_themes):
        y = Y[:, j]
        if y.sum() < min_positives or (~y).sum() < min_positives:
            continue
        clf = LogisticRegression(C=C, max_iter=5000, random_state=seed)
        clf.fit(Z, y)
        w = clf.coef_[0] / scale
        coef[j], intercept[j], trained[j] = w, clf.intercept_[0] - float(w @ mean), True
    return coef, intercept, trained


def _probabilities(X: np.ndarray, coef: np.ndarray, intercept: np.ndarray) -> np.ndarray:
    return _sigmoid(X @ coef.T + intercept)


def _gain(pred: np.ndarray, y: np.ndarray, weight: float) -> float:
    """What tags ``pred`` add to micro-F1, to first order: true positives minus ``weight`` × false positives."""
    return float((pred & y).sum() - weight * (pred & ~y).sum())


def _thresholds(P: np.ndarray, Y: np.ndarray, R: np.ndarray, trained: np.ndarray, drop: bool,
                min_gain: float = MIN_GAIN) -> tuple[np.ndarray, np.ndarray]:
    """Per theme, the add threshold (and drop threshold) that most improve micro-F1 on out-of-fold ``P``.

    A tag raises micro-F1 F when it is right more often than F/2 of the time,
    so each candidate threshold is scored as tp − w·fp with w = F/(2 − F),
    F the rules' micro-F1 on these paragraphs; a theme whose best threshold
    gains less than ``min_gain`` is left to the rules (``inf``).
    """
    tp = int((R & Y).sum())
    f = 2 * tp / max(int(R.sum()) + int(Y.sum()), 1)
    weight = f / (2 - f) if f < 1 else 1.0
    add = np.full(Y.shape[1], np.inf)
    dropt = np.full(Y.shape[1], -np.inf)
    for j in np.flatnonzero(trained):
        y, r, p = Y[:, j], R[:, j], P[:, j]
        best = min_gain
        for t in ADD_GRID:
            g = _gain(~r & (p >= t), y, weight)
            if g > best + 1e-9:
                best, add[j] = g, t
        if drop:
            best = 0.0
            for t in DROP_GRID:  # dropping a right tag loses a tp; a wrong one loses an fp
                gone = r & (p < t)
                g = weight * float((gone & ~y).sum()) - float((gone & y).sum())
                if g > best + 1e-9:
                    best, dropt[j] = g, t
    return add, dropt


def fit_arrays(V: np.ndarray, Y: np.ndarray, R: np.ndarray, groups: Sequence[str], *, C: float = DEFAULT_C,
               folds: int = 5, seed: int = 0, drop: bool = False, min_positives: int = MIN_POSITIVES,
               min_gain: float = MIN_GAIN, select: np.ndarray | None = None
               ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """coef, intercept, add and drop thresholds from vectors ``V``, gold ``Y`` and rule flags ``R`` (booleans).

    The thresholds come from out-of-fold probabilities of ``folds``-fold
    cross-validation grouped by ``groups`` (documents), seeded, over the rows
    ``select`` marks (default all: pass the rows the rules were not revised
    on, since on those the rules look better than they are); then every
    classifier is fitted on all rows.
    """
    Y, R = Y.astype(bool), R.astype(bool)
    X = _features(V, R)
    fold = group_folds(groups, folds, seed)
    P = np.zeros(Y.shape)
    for i in range(folds):
        tr, te = fold != i, fold == i
        coef, intercept, _ = _fit_linear(X[tr], Y[tr], C, min_positives, seed)
        P[te] = _probabilities(X[te], coef, intercept)
    coef, intercept, trained = _fit_linear(X, Y, C, min_positives, seed)
    sel = np.ones(len(Y), dtype=bool) if select is None else np.asarray(select, dtype=bool)
    if not sel.any():
        raise ParameterError("no labelled rows left to choose the model's thresholds on")
    add, dropt = _thresholds(P[sel], Y[sel], R[sel], trained, drop, min_gain)
    return coef, intercept, add, dropt


def _flags(lists: Sequence[Sequence[str]], ids: Sequence[str]) -> np.ndarray:
    return np.array([[t in set(ts) for t in ids] for ts in lists], dtype=bool).reshape(len(lists), len(ids))


def theme_model_fit(labels: pd.DataFrame, taxonomy: Taxonomy | str | os.PathLike[str] | None = None, *,
                    C: float = DEFAULT_C, folds: int = 5, seed: int = 0, drop: bool = False,
                    min_positives: int = MIN_POSITIVES, min_gain: float = MIN_GAIN, embedder_name: str | None = None,
                    cache_dir: str | os.PathLike[str] | None = None,
                    select_sets: Sequence[str] | None = None) -> ThemeModel:
    """A theme model trained on labelled paragraphs (deterministic: the same labels give the same model).

    ``labels``: one row per paragraph with ``text`` and ``gold`` (the theme ids
    a reader gave), and ``themes`` (the rules' tags, as
    :func:`lavrovkit.evaluate.labelled_paragraphs` gives them; computed here
    when missing, each text as a one-paragraph document), ``doc_id`` (folds
    never split a document; default: each row its own), ``label_file`` (the
    reference shown as evidence; default ``row N``), ``set``. ``select_sets``:
    the sets whose paragraphs choose the thresholds (default all); name the
    labels the rules were not revised on, as the shipped model does.
    """
    tax = taxonomy if isinstance(taxonomy, Taxonomy) else taxonomy_load(taxonomy)
    from lavrovkit.embed import embed_texts, embedder

    labels = labels.reset_index(drop=True)
    if "themes" not in labels:
        from lavrovkit.evaluate import tag_labels

        labels = tag_labels(labels, tax, cache_dir=str(cache_dir) if cache_dir else None)
    unknown = sorted({t for ts in labels["gold"] for t in ts} - set(tax.ids))
    if unknown:
        raise ParameterError(f"labels use themes the taxonomy ({tax.source}) lacks: {', '.join(unknown)}")
    emb = embedder(embedder_name)
    V = embed_texts(labels["text"].tolist(), model=emb.name, cache_dir=cache_dir, progress=False)
    Y, R = _flags(labels["gold"].tolist(), tax.ids), _flags(labels["themes"].tolist(), tax.ids)
    sets = labels["set"] if "set" in labels else pd.Series([""] * len(labels))
    docs = labels["doc_id"].astype(str) if "doc_id" in labels else pd.Series([f"row{i}" for i in range(len(labels))])
    groups = [f"{'seeds' if s == 'seeds' else 'text'}:{d}" for s, d in zip(sets, docs, strict=True)]
    select = None if select_sets is None else sets.isin(list(select_sets)).to_numpy()
    coef, intercept, add, dropt = fit_arrays(V, Y, R, groups, C=C, folds=folds, seed=seed, drop=drop,
                                             min_positives=min_positives, min_gain=min_gain, select=select)
    refs = (labels["label_file"].astype(str).tolist() if "label_file" in labels
            else [f"row {i}" for i in range(len(labels))])
    meta = {"format": MODEL_FORMAT, "embedder": emb.name, "embedder_version": str(emb.version), "dim": int(emb.dim),
            "taxonomy": Path(str(tax.source)).name, "taxonomy_fingerprint": tax.fingerprint("en"),
            "labels": len(labels), "labels_digest": digest(*labels["text"], *map(sorted, labels["gold"])),
            "C": C, "folds": folds, "seed": seed, "drop": drop, "min_positives": min_positives,
            "min_gain": min_gain, "select_sets": sorted(select_sets) if select_sets is not None else None,
            "features": f"passage vector ({emb.dim}) + rule flags ({len(tax.ids)})"}
    # held at the precision the file keeps (float32, vectors float16): a saved model is the same model
    def f32(a: np.ndarray) -> np.ndarray:
        return a.astype(np.float32).astype(np.float64)

    return ThemeModel(list(tax.ids), f32(coef), f32(intercept), f32(add), f32(dropt),
                      V.astype(np.float16).astype(np.float32), refs,
                      [str(t)[:100] for t in labels["text"]], [sorted(ts) for ts in labels["gold"]], meta)


# ---------------------------------------------------------------------------- over a corpus
#: Columns of :func:`model_hits` (besides doc_id).
MODEL_HIT_COLUMNS = ["doc_id", "paragraph_id", "sentence_id", "theme", "action", "score", "start_char", "end_char",
                     "match", "examples"]


def paragraph_units(corpus: Corpus) -> pd.DataFrame:
    """The text the model reads per paragraph: doc_id, paragraph_id, text (the paragraph; under a speaker
    filter, the kept sentences joined when they are not the whole paragraph)."""
    spans = corpus.sentences[["doc_id", "paragraph_id", "start_char", "end_char", "text"]]
    paras = corpus.paragraphs[["doc_id", "paragraph_id", "start_char", "end_char", "text"]]
    g = spans.assign(_n=spans["end_char"] - spans["start_char"]).groupby(["doc_id", "paragraph_id"], sort=False)
    kept = g.agg(_n=("_n", "sum"), _joined=("text", " ".join)).reset_index()
    out = kept.merge(paras, on=["doc_id", "paragraph_id"], how="left")
    whole = out["_n"] >= 0.95 * (out["end_char"] - out["start_char"])
    out["text"] = out["text"].where(whole & out["text"].notna(), out["_joined"])
    out = out[out["text"].str.contains(r"\w", regex=True, na=False)]
    return out[["doc_id", "paragraph_id", "text"]].reset_index(drop=True)


def model_hits(corpus: Corpus, taxonomy: Taxonomy, model: ThemeModel, rule_hits: pd.DataFrame) -> pd.DataFrame:
    """The model's decisions on every paragraph of ``corpus`` (uncached; see :func:`lavrovkit.themes.theme_hits`).

    One row per (paragraph, theme) the model adds (``action`` "add": placed on
    the paragraph's sentence the theme's classifier scores highest, its span
    and text in start_char, end_char, match) or a rule tag it drops
    (``action`` "drop": the paragraph's first sentence, no span); ``score``
    the model's probability; ``examples`` the nearest labelled paragraphs
    with the theme ("labels_c.jsonl:12 (0.91) We call on ...", joined by " | ").
    """
    from lavrovkit.embed import embed_texts

    ids = model.themes
    units = paragraph_units(corpus)
    if units.empty:
        return pd.DataFrame(columns=MODEL_HIT_COLUMNS)
    o = corpus.options
    name = model.meta.get("embedder")
    V = embed_texts(units["text"].tolist(), model=name, cache_dir=o.cache_dir, jobs=o.jobs, scheduler=o.scheduler,
                    progress=o.progress)
    per_para = rule_hits.groupby(["doc_id", "paragraph_id"], sort=False)["theme"].agg(set)
    R = _flags([per_para.get((d, p), set()) for d, p in zip(units["doc_id"], units["paragraph_id"], strict=True)], ids)
    P = model.probabilities(V, R)
    added, dropped = model.decide(P, R)
    rows_a, cols_a = np.nonzero(added)
    doc_ids, para_ids = units["doc_id"].tolist(), [int(p) for p in units["paragraph_id"]]
    sents = corpus.sentences[["doc_id", "paragraph_id", "sentence_id", "start_char", "end_char", "text"]]
    out: list[tuple[Any, ...]] = []
    if len(rows_a):
        need = units.iloc[sorted(set(rows_a.tolist()))][["doc_id", "paragraph_id"]]
        cand = sents.merge(need, on=["doc_id", "paragraph_id"])
        cand = cand[cand["text"].str.contains(r"\w", regex=True, na=False)].reset_index(drop=True)
        SV = embed_texts(cand["text"].tolist(), model=name, cache_dir=o.cache_dir, jobs=o.jobs,
                         scheduler=o.scheduler, progress=o.progress)
        where = cand.groupby(["doc_id", "paragraph_id"], sort=False).indices
        for i, j in zip(rows_a.tolist(), cols_a.tolist(), strict=True):
            d, p = doc_ids[i], para_ids[i]
            rows = where.get((d, p))
            if rows is None or not len(rows):
                continue
            scores = SV[rows] @ model.coef[j, :SV.shape[1]]
            best = cand.iloc[int(rows[int(np.argmax(scores))])]
            near = " | ".join(f"{ref} ({sim:.2f}) {text}" for ref, sim, text in model.neighbours(V[i], ids[j]))
            out.append((d, p, int(best["sentence_id"]), ids[j], "add", round(float(P[i, j]), 4),
                        int(best["start_char"]), int(best["end_char"]), str(best["text"]), near))
    for i, j in zip(*np.nonzero(dropped), strict=True):
        d, p = doc_ids[int(i)], para_ids[int(i)]
        first = rule_hits[(rule_hits["doc_id"] == d) & (rule_hits["paragraph_id"] == p)
                          & (rule_hits["theme"] == ids[int(j)])]
        out.append((d, p, int(first["sentence_id"].min()), ids[int(j)], "drop", round(float(P[int(i), int(j)]), 4),
                    -1, -1, "", ""))
    return pd.DataFrame(out, columns=MODEL_HIT_COLUMNS)


__all__ = ["DEFAULT_METHOD", "METHODS", "MODEL_FILE", "ThemeModel", "check_method", "group_folds", "model_hits",
           "paragraph_units", "theme_model_fit", "theme_model_for", "theme_model_load"]
