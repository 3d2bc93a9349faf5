"""How good is the theme tagger? Precision, recall and F1 against hand-labelled paragraphs.

The labelled set lives in ``tests/data/themes/labels_*.jsonl``: one JSON object
per paragraph with ``set`` (seeds/ungdc), ``doc_id``, ``paragraph_id``,
``text`` and ``themes`` (the ids a reader assigned, by judgement, not by the
tagger). ``extra/labels_*.jsonl`` are more development labels
(:func:`dev_labels` reads both); ``heldout/`` is never trained or tuned on.
:func:`labelled_paragraphs` / :func:`tag_labels` tag each text as a
one-paragraph document (``method="rules"`` or ``"rules+model"``, see
:mod:`lavrovkit.theme_model`); :func:`theme_scores` compares;
:func:`theme_cv` cross-validates the rules+model, grouped by document.

Example
-------
>>> tagged = labelled_paragraphs()
>>> theme_scores(tagged).query("theme == 'micro'")[["precision", "recall", "f1"]].values.tolist()
[[0.931, 0.936, 0.933]]
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from lavrovkit.errors import CorpusError, ParameterError
from lavrovkit.taxonomy import Taxonomy
from lavrovkit.theme_model import DEFAULT_C, ThemeModel

LABELS = Path(__file__).resolve().parent.parent / "tests" / "data" / "themes"


def read_labels(folder: str | os.PathLike[str] | None = None) -> pd.DataFrame:
    """The hand-labelled paragraphs: set, doc_id, paragraph_id, text, gold (list of theme ids), note."""
    root = Path(folder) if folder else LABELS
    files = sorted(root.glob("labels_*.jsonl"))
    if not files:
        raise CorpusError(f"{root}: no labels_*.jsonl files (one JSON object per labelled paragraph)")
    rows = []
    for f in files:
        for n, line in enumerate(f.read_text(encoding="utf-8").splitlines(), start=1):
            if line.strip():
                rec = json.loads(line)
                rows.append({"set": rec["set"], "doc_id": rec["doc_id"], "paragraph_id": rec["paragraph_id"],
                             "text": rec["text"], "gold": sorted(rec["themes"]), "note": rec.get("note", ""),
                             "label_file": f"{f.name}:{n}"})
    return pd.DataFrame(rows)


def dev_labels() -> pd.DataFrame:
    """Every development label: ``tests/data/themes/labels_*.jsonl`` and ``extra/labels_*.jsonl`` (the held-out
    set, ``heldout/``, is never among them)."""
    parts = [read_labels(LABELS)]
    if sorted((LABELS / "extra").glob("labels_*.jsonl")):
        parts.append(read_labels(LABELS / "extra"))
    return pd.concat(parts, ignore_index=True)


def labelled_paragraphs(folder: str | os.PathLike[str] | None = None,
                        taxonomy: Taxonomy | str | os.PathLike[str] | None = None,
                        cache_dir: str | None = None, *, method: str = "rules",
                        model: ThemeModel | str | os.PathLike[str] | None = None) -> pd.DataFrame:
    """The labelled paragraphs of ``folder`` with the tagger's themes and evidence beside the gold labels.

    See :func:`tag_labels`; ``method`` and ``model`` as in :func:`lavrovkit.themes.theme_hits`.

    Columns: set, doc_id, paragraph_id, text, gold, themes, evidence, model_themes, note, label_file.
    """
    return tag_labels(read_labels(folder), taxonomy, cache_dir, method=method, model=model)


def tag_labels(labels: pd.DataFrame, taxonomy: Taxonomy | str | os.PathLike[str] | None = None,
               cache_dir: str | None = None, *, method: str = "rules",
               model: ThemeModel | str | os.PathLike[str] | None = None) -> pd.DataFrame:
    """Labelled paragraphs (as :func:`read_labels` gives them) with the tagger's themes and evidence added.

    Seed paragraphs are tagged inside their documents (the bundled seeds), as
    they were read when labelled; the stored text must still equal the
    corpus paragraph, else a :class:`~lavrovkit.errors.CorpusError` names the label line. Other
    paragraphs are tagged as one-paragraph documents. ``model_themes`` lists
    the themes the model added (empty for ``method="rules"``).
    """
    from lavrovkit.corpus import corpus_load
    from lavrovkit.themes import taxonomy_load, theme_paragraphs

    tax = taxonomy if isinstance(taxonomy, Taxonomy) else taxonomy_load(taxonomy)
    how: dict[str, Any] = {"method": method, "model": model}
    cols = ["themes", "evidence", "model_themes"]
    seeds = labels[labels["set"] == "seeds"]
    parts = []
    if len(seeds):
        tagged = theme_paragraphs(corpus_load(cache_dir=cache_dir), tax, speaker="all", **how)
        merged = seeds.merge(tagged[["doc_id", "paragraph_id", "text", *cols]].rename(columns={"text": "corpus_text"}),
                             on=["doc_id", "paragraph_id"], how="left")
        bad = merged[merged["corpus_text"] != merged["text"]]
        if len(bad):
            r = bad.iloc[0]
            raise CorpusError(f"{r['label_file']}: seed {r['doc_id']} paragraph {r['paragraph_id']} no longer has the "
                             f"labelled text (segmentation changed?): {str(r['corpus_text'])[:80]!r}")
        parts.append(merged.drop(columns="corpus_text"))
    others = labels[labels["set"] != "seeds"].copy()
    if len(others):
        others["unit"] = [f"u{i:05d}" for i in range(len(others))]
        with tempfile.TemporaryDirectory(prefix="lavrovkit-labels-") as tmp:
            table = Path(tmp) / "labelled.jsonl"
            others[["unit", "text"]].rename(columns={"unit": "id"}).to_json(table, orient="records", lines=True,
                                                                              force_ascii=False)
            corpus = corpus_load(table, cache_dir=cache_dir)
        order = {t: i for i, t in enumerate(tax.ids)}

        def union(x: pd.Series) -> list[str]:
            return sorted({t for ts in x for t in ts}, key=order.__getitem__)

        per = theme_paragraphs(corpus, tax, speaker="all", **how).groupby("doc_id").agg(
            themes=("themes", union),
            evidence=("evidence", lambda x: list(dict.fromkeys(e for es in x for e in es))),
            model_themes=("model_themes", union),
        )
        parts.append(others.merge(per, left_on="unit", right_index=True, how="left").drop(columns="unit"))
    out = pd.concat(parts, ignore_index=True)
    for col in cols:
        out[col] = [v if isinstance(v, list) else [] for v in out[col]]
    return out


def theme_cv(tagged: pd.DataFrame, taxonomy: Taxonomy | str | os.PathLike[str] | None = None, *, folds: int = 5,
             seed: int = 0, C: float = DEFAULT_C, drop: bool = False, cache_dir: str | None = None,
             min_gain: float | None = None, test_sets: list[str] | None = None,
             select_sets: list[str] | None = None) -> pd.DataFrame:
    """Cross-validated tags of the rules+model on labelled paragraphs tagged by the rules (:func:`tag_labels`).

    ``folds``-fold cross-validation grouped by document (paragraphs of one
    speech or article are never split between training and test), folds
    shuffled with ``seed``; each fold's model is trained (thresholds chosen
    by cross-validation inside its training part) on the other folds and tags
    this one. Returns ``tagged`` with ``rules`` (the rules' themes),
    ``themes`` (rules+model, out of fold), ``model_themes`` (added by the
    model) and ``dropped`` (rule tags the model dropped), plus ``fold``.

    ``test_sets``: only the paragraphs of these sets are cross-validated (the
    rows returned); the others are always in training (labels the rules were
    revised on make a biased test of what the model adds). ``select_sets``:
    the sets whose training paragraphs choose the thresholds (default all).
    ``min_gain``: as in :func:`lavrovkit.theme_model.theme_model_fit`.
    """
    from lavrovkit.embed import embed_texts
    from lavrovkit.theme_model import MIN_GAIN, _flags, fit_arrays, group_folds
    from lavrovkit.themes import taxonomy_load

    tax = taxonomy if isinstance(taxonomy, Taxonomy) else taxonomy_load(taxonomy)
    tagged = tagged.reset_index(drop=True)
    V = embed_texts(tagged["text"].tolist(), cache_dir=cache_dir, progress=False)
    Y, R = _flags(tagged["gold"].tolist(), tax.ids), _flags(tagged["themes"].tolist(), tax.ids)
    groups = [f"{'seeds' if s == 'seeds' else 'text'}:{d}" for s, d in zip(tagged["set"], tagged["doc_id"],
                                                                               strict=True)]
    tested = (tagged["set"].isin(test_sets) if test_sets is not None else pd.Series(True, index=tagged.index)).to_numpy()
    if not tested.any():
        raise ParameterError(f"no labelled paragraphs in the sets {test_sets}")
    selectable = (tagged["set"].isin(select_sets) if select_sets is not None
                  else pd.Series(True, index=tagged.index)).to_numpy()
    fold = np.full(len(tagged), -1, dtype=np.int64)
    fold[tested] = group_folds([g for g, t in zip(groups, tested, strict=True) if t], folds, seed)
    added = np.zeros(Y.shape, dtype=bool)
    dropped = np.zeros(Y.shape, dtype=bool)
    for i in range(folds):
        tr, te = fold != i, fold == i
        coef, intercept, add, dropt = fit_arrays(V[tr], Y[tr], R[tr], [g for g, t in zip(groups, tr, strict=True) if t],
                                                 C=C, folds=folds, seed=seed, drop=drop,
                                                 min_gain=MIN_GAIN if min_gain is None else min_gain,
                                                 select=selectable[tr])
        from lavrovkit.theme_model import _features, _probabilities

        P = _probabilities(_features(V[te], R[te]), coef, intercept)
        added[te] = ~R[te] & (add <= P)
        dropped[te] = R[te] & (dropt > P)
    final = (R | added) & ~dropped
    ids = tax.ids

    def names(m: np.ndarray) -> pd.Series:
        return pd.Series([[t for t, on in zip(ids, row, strict=True) if on] for row in m], dtype=object)

    out = tagged.assign(rules=tagged["themes"], themes=names(final), model_themes=names(added),
                        dropped=names(dropped), fold=fold)
    return out[tested].reset_index(drop=True)


def theme_scores(tagged: pd.DataFrame, themes: list[str] | None = None) -> pd.DataFrame:
    """Precision, recall and F1 per theme and micro-averaged (last row, theme 'micro').

    Columns: theme, support (gold paragraphs), predicted, tp, fp, fn, precision, recall, f1.
    """
    ids = themes or sorted({t for ts in tagged["gold"] for t in ts} | {t for ts in tagged["themes"] for t in ts})
    rows = []
    for t in ids:
        gold = tagged["gold"].map(lambda g, t=t: t in g)
        pred = tagged["themes"].map(lambda p, t=t: t in p)
        tp, fp, fn = int((gold & pred).sum()), int((~gold & pred).sum()), int((gold & ~pred).sum())
        rows.append((t, int(gold.sum()), int(pred.sum()), tp, fp, fn))
    out = pd.DataFrame(rows, columns=["theme", "support", "predicted", "tp", "fp", "fn"])
    micro = pd.DataFrame([("micro", *out[["support", "predicted", "tp", "fp", "fn"]].sum().tolist())],
                         columns=out.columns)
    out = pd.concat([out, micro], ignore_index=True)
    out["precision"] = (out["tp"] / (out["tp"] + out["fp"]).where(lambda x: x > 0)).fillna(0.0).round(3)
    out["recall"] = (out["tp"] / (out["tp"] + out["fn"]).where(lambda x: x > 0)).fillna(0.0).round(3)
    pr = out["precision"] + out["recall"]
    out["f1"] = (2 * out["precision"] * out["recall"] / pr.where(pr > 0)).fillna(0.0).round(3)
    return out


# ---------------------------------------------------------------------- measured quality, shipped with the kit
#: Where the tagger's measured quality on the held-out labels is kept (written by ``bench/themes_eval.py
#: --write-quality``; a test checks it still matches the rules and the shipped model).
QUALITY_FILE = Path(__file__).resolve().parent / "data" / "theme_quality.json"
#: Columns of :func:`theme_quality`.
QUALITY_COLUMNS = ["theme", "label", "support", "predicted", "precision", "recall", "f1", "method", "paragraphs"]


def theme_quality_measure(folder: str | os.PathLike[str] | None = None) -> dict[str, Any]:
    """The bundled taxonomy's precision, recall and F1 per theme on the labelled paragraphs of ``folder``
    (default: the held-out set), for ``rules`` and ``rules+model`` (the shipped model), as the JSON
    :func:`theme_quality` reads."""
    from lavrovkit.theme_model import theme_model_load
    from lavrovkit.themes import taxonomy_load

    tax = taxonomy_load()
    root = Path(folder) if folder else LABELS / "heldout"
    labels = read_labels(root)
    methods = {}
    for method in ("rules", "rules+model"):
        scores = theme_scores(tag_labels(labels, tax, method=method), themes=tax.ids)
        methods[method] = scores.drop(columns=["tp", "fp", "fn"]).to_dict(orient="records")
    sets = labels["set"].value_counts().sort_index()
    return {"taxonomy_fingerprint": tax.fingerprint("en"), "model_digest": theme_model_load(None, tax).digest(),
            "labels": root.name, "paragraphs": len(labels), "sets": {str(k): int(v) for k, v in sets.items()},
            "methods": methods}


def theme_quality(taxonomy: Taxonomy | str | os.PathLike[str] | None = None, method: str = "rules") -> pd.DataFrame:
    """How far can each theme's count be trusted? Precision, recall and F1 of the tagger per theme, measured
    on 222 hand-labelled English paragraphs it was never revised or trained on (the held-out set: 152 from
    UN General Debate speeches, 70 from the Kremlin site; two readers, disputes adjudicated).

    One row per theme of the bundled taxonomy, then ``micro`` (all tags together). Columns: theme, label,
    support (labelled paragraphs with the theme), predicted (paragraphs the tagger gave it), precision,
    recall, f1, method, paragraphs. A theme with small support has a wide margin of error: read
    ``support`` before the figures; a figure is NaN where it is undefined (precision with no paragraph
    tagged, recall with none labelled, F1 with neither). The figures hold for the bundled taxonomy's English rules (and, for
    ``rules+model``, the shipped model) only: another taxonomy is a
    :class:`~lavrovkit.errors.TaxonomyError` saying how to measure it
    (:func:`labelled_paragraphs` and :func:`theme_scores` on paragraphs you label).

    >>> micro = theme_quality().set_index("theme").loc["micro"]
    >>> int(micro.support), float(micro.precision), float(micro.recall), float(micro.f1)
    (177, 0.828, 0.791, 0.809)
    """
    from lavrovkit.errors import TaxonomyError, ThemeModelError
    from lavrovkit.theme_model import check_method, theme_model_load
    from lavrovkit.themes import taxonomy_load

    tax = taxonomy if isinstance(taxonomy, Taxonomy) else taxonomy_load(taxonomy)
    m = check_method(method)
    if m == "auto":
        m = "rules+model"
    try:
        data = json.loads(QUALITY_FILE.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ThemeModelError(f"{QUALITY_FILE}: the measured theme quality is missing or damaged ({exc}); "
                              f"write it again with bench/themes_eval.py --write-quality") from exc
    if data["taxonomy_fingerprint"] != tax.fingerprint("en"):
        raise TaxonomyError(f"{tax.source}: the tagger's quality was measured for the bundled taxonomy's rules, not "
                            f"these; label paragraphs of your own and compare with "
                            f"lavrovkit.evaluate.theme_scores(labelled_paragraphs(folder, taxonomy))")
    if m == "rules+model" and data["model_digest"] != theme_model_load(None, tax).digest():
        raise TaxonomyError(f"{QUALITY_FILE}: measured with another theme model than the shipped one; "
                            f"write it again with bench/themes_eval.py --write-quality")
    out = pd.DataFrame(data["methods"][m])
    # undefined, not zero: no paragraph tagged (precision), none labelled (recall), neither (F1)
    out["precision"] = out["precision"].where(out["predicted"] > 0)
    out["recall"] = out["recall"].where(out["support"] > 0)
    out["f1"] = out["f1"].where((out["predicted"] > 0) | (out["support"] > 0))
    out["label"] = [tax.label(t) if t != "micro" else "All themes (micro)" for t in out["theme"]]
    out["method"], out["paragraphs"] = m, int(data["paragraphs"])
    return out[QUALITY_COLUMNS]
