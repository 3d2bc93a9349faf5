"""How good is the theme tagger? Precision, recall and F1 against hand-labelled paragraphs.

The labelled set lives in ``tests/data/themes/labels_*.jsonl``: one JSON object
per paragraph with ``set`` (seeds/ungdc), ``doc_id``, ``paragraph_id``,
``text`` and ``themes`` (the ids a reader assigned, by judgement, not by the
tagger). :func:`labelled_paragraphs` tags each text as a one-paragraph
document; :func:`theme_scores` compares.

Example
-------
>>> tagged = labelled_paragraphs()
>>> theme_scores(tagged).query("theme == 'micro'")[["precision", "recall", "f1"]].values.tolist()
[[0.919, 0.878, 0.898]]
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

import pandas as pd

from lavrovkit.errors import CorpusError
from lavrovkit.taxonomy import Taxonomy

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


def labelled_paragraphs(folder: str | os.PathLike[str] | None = None,
                        taxonomy: Taxonomy | str | os.PathLike[str] | None = None,
                        cache_dir: str | None = None) -> pd.DataFrame:
    """The labelled paragraphs with the tagger's themes and evidence beside the gold labels.

    Seed paragraphs are tagged inside their documents (the bundled seeds), as
    they were read when labelled; the stored text must still equal the
    corpus paragraph, else a :class:`~lavrovkit.errors.CorpusError` names the label line. Other
    paragraphs are tagged as one-paragraph documents.

    Columns: set, doc_id, paragraph_id, text, gold, themes, evidence, note, label_file.
    """
    from lavrovkit.corpus import corpus_load
    from lavrovkit.themes import taxonomy_load, theme_paragraphs

    labels = read_labels(folder)
    tax = taxonomy if isinstance(taxonomy, Taxonomy) else taxonomy_load(taxonomy)
    cols = ["themes", "evidence"]
    seeds = labels[labels["set"] == "seeds"]
    parts = []
    if len(seeds):
        tagged = theme_paragraphs(corpus_load(cache_dir=cache_dir), tax, speaker="all")
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
        per = theme_paragraphs(corpus, tax, speaker="all").groupby("doc_id").agg(
            themes=("themes", lambda x: sorted({t for ts in x for t in ts}, key=order.__getitem__)),
            evidence=("evidence", lambda x: list(dict.fromkeys(e for es in x for e in es))),
        )
        parts.append(others.merge(per, left_on="unit", right_index=True, how="left").drop(columns="unit"))
    out = pd.concat(parts, ignore_index=True)
    for col in cols:
        out[col] = [v if isinstance(v, list) else [] for v in out[col]]
    return out


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
