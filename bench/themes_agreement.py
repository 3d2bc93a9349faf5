"""How far do two careful labellers agree on the same held-out theme paragraphs, and how do the rules fare?

By default A and B are the two independent readers of the held-out set
(``tests/data/themes/agreement/heldout4_reader1.jsonl`` and ``heldout4_reader2.jsonl``, 222 paragraphs,
labelled from ``docs/labelling.md`` without seeing each other; ``heldout/labels_heldout.jsonl`` is their
adjudicated union, the set ``bench/themes_eval.py --heldout`` scores). Earlier held-out sets, now
development data, pair the same way: ``--a tests/data/themes/agreement/heldout3_reader1.jsonl --b
tests/data/themes/agreement/heldout3_reader2.jsonl`` (232 paragraphs; ``heldout2_*``: 202), and the
first, ``--a tests/data/themes/extra/labels_heldout1.jsonl --b tests/data/themes/agreement/heldout1_b.jsonl``
(120 paragraphs).
The files are read directly (not through :func:`lavrovkit.evaluate.read_labels`,
which globs every ``labels_*.jsonl`` of the folder).

Usage::

    PYTHONPATH=. LAVROVKIT_CACHE=/tmp/cache nice -n 10 python bench/themes_agreement.py [--a FILE --b FILE] [--no-tag] [--disagreements]

(``--no-tag`` needs no spaCy; tagging 200 paragraphs takes about a minute uncached.)

Prints, in this order:

1. B against A: micro precision/recall/F1 (the F1 is symmetric: A against B
   gives the same number), exact-match paragraphs, and per theme the counts
   (A, B, both, A only, B only), the F1 of the two labellings and Cohen's
   kappa over the 120 paragraphs (one yes/no decision per paragraph and theme).
2. Unless ``--no-tag``: the kit's rules (``method="rules"``, each paragraph
   tagged as a one-paragraph document, as ``bench/themes_eval.py --heldout``)
   against A, against B, against the paragraphs whose two theme sets are
   identical, and against the cells (paragraph x theme) on which A and B
   agree (disputed cells left out), each as micro precision/recall/F1 with
   tp/fp/fn; how many of the rules' errors against A fall on disputed
   cells; a bootstrap over paragraphs (2000 resamples, seed 0) with 95%
   intervals of the A-B agreement F1, of the rules' F1 against A and B, and
   of the gap; then the rules' per-theme F1 against A and against B.
3. With ``--disagreements``: every disputed cell, with both labellers' notes
   and (if tagged) whether the rules fire.

Micro figures from :func:`lavrovkit.evaluate.theme_scores` (precision and
recall rounded to 3 places before the F1, as the kit reports them); the exact
F1 = 2tp / (2tp + fp + fn) is printed beside it.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np
import pandas as pd

from lavrovkit.evaluate import LABELS, tag_labels, theme_scores

FILE_A = LABELS / "agreement" / "heldout4_reader1.jsonl"
FILE_B = LABELS / "agreement" / "heldout4_reader2.jsonl"
KEY = ["doc_id", "paragraph_id"]


def read(path: Path) -> pd.DataFrame:
    """One labelling: doc_id, paragraph_id, set, text, gold (sorted theme ids), note."""
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            rec = json.loads(line)
            rows.append({"doc_id": rec["doc_id"], "paragraph_id": rec["paragraph_id"], "set": rec["set"],
                         "text": rec["text"], "gold": sorted(rec["themes"]), "note": rec.get("note", "")})
    return pd.DataFrame(rows)


def paired(file_a: Path = FILE_A, file_b: Path = FILE_B) -> pd.DataFrame:
    """A and B side by side (columns a, b, note_a, note_b), checked to hold the same paragraphs and texts."""
    a, b = read(file_a), read(file_b)
    m = a.merge(b, on=KEY, how="outer", suffixes=("_a", "_b"), indicator=True)
    if (m["_merge"] != "both").any() or (m["text_a"] != m["text_b"]).any():
        bad = m[(m["_merge"] != "both") | (m["text_a"] != m["text_b"])].iloc[0]
        raise SystemExit(f"A and B differ at {bad['doc_id']}#{bad['paragraph_id']} (missing or other text)")
    return m.rename(columns={"gold_a": "a", "gold_b": "b", "text_a": "text", "set_a": "set"})[
        [*KEY, "set", "text", "a", "b", "note_a", "note_b"]]


def prf(tp: int, fp: int, fn: int) -> str:
    """Precision, recall and exact F1 with the counts."""
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 0.0
    return f"P {p:.3f}  R {r:.3f}  F1 {f:.3f}  (tp {tp}, fp {fp}, fn {fn})"


def kit_micro(gold: pd.Series, pred: pd.Series) -> str:
    """The kit's micro row (theme_scores) of ``pred`` against ``gold``."""
    s = theme_scores(pd.DataFrame({"gold": gold.tolist(), "themes": pred.tolist()}))
    r = s[s["theme"] == "micro"].iloc[0]
    return (f"P {r['precision']:.3f}  R {r['recall']:.3f}  F1 {r['f1']:.3f}  "
            f"(tp {r['tp']}, fp {r['fp']}, fn {r['fn']}; kit rounding)")


def kappa(a: pd.Series, b: pd.Series) -> float:
    """Cohen's kappa of two boolean raters (nan when both say the same constant)."""
    n = len(a)
    po = float((a == b).sum()) / n
    pa, pb = float(a.sum()) / n, float(b.sum()) / n
    pe = pa * pb + (1 - pa) * (1 - pb)
    return (po - pe) / (1 - pe) if pe < 1 else float("nan")


def per_theme(p: pd.DataFrame, themes: list[str]) -> pd.DataFrame:
    """Per theme: A, B, both, A only, B only, F1 of B against A and Cohen's kappa."""
    rows = []
    for t in themes:
        a, b = p["a"].map(lambda x, t=t: t in x), p["b"].map(lambda x, t=t: t in x)
        both, ao, bo = int((a & b).sum()), int((a & ~b).sum()), int((~a & b).sum())
        f1 = 2 * both / (2 * both + ao + bo) if both + ao + bo else float("nan")
        rows.append((t, int(a.sum()), int(b.sum()), both, ao, bo, round(f1, 3), round(kappa(a, b), 3)))
    return pd.DataFrame(rows, columns=["theme", "A", "B", "both", "A_only", "B_only", "f1", "kappa"])


def cells(p: pd.DataFrame, pred: str, gold: str) -> tuple[int, int, int]:
    """tp, fp, fn of column ``pred`` against column ``gold`` summed over paragraphs."""
    tp = fp = fn = 0
    for x, g in zip(p[pred], p[gold], strict=True):
        tp, fp, fn = tp + len(set(x) & set(g)), fp + len(set(x) - set(g)), fn + len(set(g) - set(x))
    return tp, fp, fn


def consensus_cells(p: pd.DataFrame) -> tuple[int, int, int]:
    """tp, fp, fn of the rules on the cells where A and B agree (gold A∩B; cells in A△B left out)."""
    tp = fp = fn = 0
    for r, a, b in zip(p["rules"], p["a"], p["b"], strict=True):
        r, a, b = set(r), set(a), set(b)
        agreed, disputed = a & b, a ^ b
        tp += len(r & agreed)
        fp += len(r - agreed - disputed)
        fn += len(agreed - r)
    return tp, fp, fn


def boot(p: pd.DataFrame, pairs: list[tuple[str, str]], n: int = 2000, seed: int = 0) -> np.ndarray:
    """Exact micro-F1 of each (pred, gold) column pair on ``n`` bootstrap resamples of the paragraphs."""
    rng = np.random.default_rng(seed)
    per = np.array([[cells(p.iloc[[i]], pr, go) for pr, go in pairs] for i in range(len(p))])  # rows x pairs x 3
    out = np.empty((n, len(pairs)))
    for k in range(n):
        tp, fp, fn = per[rng.integers(0, len(p), len(p))].sum(axis=0).T
        out[k] = 2 * tp / np.maximum(2 * tp + fp + fn, 1)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--no-tag", action="store_true", help="only the agreement of A and B (no spaCy tagging)")
    parser.add_argument("--disagreements", action="store_true", help="list every disputed paragraph x theme")
    parser.add_argument("--a", type=Path, default=FILE_A, help="labelling A (JSONL)")
    parser.add_argument("--b", type=Path, default=FILE_B, help="labelling B (JSONL, the same paragraphs)")
    args = parser.parse_args(argv)

    p = paired(args.a, args.b)
    n = len(p)
    themes = sorted({t for ts in p["a"] for t in ts} | {t for ts in p["b"] for t in ts})
    same = p["a"].map(tuple) == p["b"].map(tuple)
    print(f"A: {args.a.name}, B: {args.b.name}: {n} paragraphs, {int(same.sum())} with identical theme sets "
          f"({int((same & (p['a'].str.len() == 0)).sum())} of them empty); "
          f"A {int(p['a'].str.len().sum())} labels, B {int(p['b'].str.len().sum())}")
    print(f"B against A, micro: {prf(*cells(p, 'b', 'a'))}")
    print(f"                    {kit_micro(p['a'], p['b'])}")
    print(f"A against B, micro: {prf(*cells(p, 'a', 'b'))}")
    pt = per_theme(p, themes)
    print("\nper theme (kappa over all paragraphs, one yes/no decision each):")
    print(pt.to_string(index=False))
    ks = pt["kappa"].dropna()
    print(f"mean kappa over {len(ks)} themes: {ks.mean():.3f}; median {ks.median():.3f}")

    if not args.no_tag:
        tagged = tag_labels(p.rename(columns={"a": "gold"})[["set", *KEY, "text", "gold", "note_a"]]
                            .rename(columns={"note_a": "note"}).assign(label_file=args.a.name))
        p = p.merge(tagged[[*KEY, "themes"]].rename(columns={"themes": "rules"}), on=KEY, how="left")
        print("\nthe kit's rules (method rules), micro:")
        print(f"  against A ({n} paragraphs):  {prf(*cells(p, 'rules', 'a'))}")
        print(f"                               {kit_micro(p['a'], p['rules'])}")
        print(f"  against B ({n} paragraphs):  {prf(*cells(p, 'rules', 'b'))}")
        print(f"                               {kit_micro(p['b'], p['rules'])}")
        ps = p[same.to_numpy()]
        print(f"  against A=B ({len(ps)} paragraphs with identical sets): {prf(*cells(ps, 'rules', 'a'))}")
        print(f"  on agreed cells (gold A∩B, {sum(len(set(a) ^ set(b)) for a, b in zip(p['a'], p['b'], strict=True))}"
              f" disputed cells left out): {prf(*consensus_cells(p))}")
        sa = theme_scores(pd.DataFrame({"gold": p["a"], "themes": p["rules"]}), themes)
        sb = theme_scores(pd.DataFrame({"gold": p["b"], "themes": p["rules"]}), themes)
        side = sa[["theme", "support", "predicted", "f1"]].rename(columns={"support": "A", "f1": "f1_vs_A"}).merge(
            sb[["theme", "support", "f1"]].rename(columns={"support": "B", "f1": "f1_vs_B"}), on="theme")
        err = [(t, set(a) ^ set(b)) for r, a, b in zip(p["rules"], p["a"], p["b"], strict=True)
               for t in set(r) ^ set(a)]
        print(f"  the rules' {len(err)} errors against A: {sum(t in d for t, d in err)} on disputed cells, "
              f"{sum(t not in d for t, d in err)} on cells A and B agree on")
        bs = boot(p, [("b", "a"), ("rules", "a"), ("rules", "b")])
        lo, hi = np.percentile(bs, [2.5, 97.5], axis=0)
        gap = bs[:, 0] - bs[:, 1]
        print(f"\nbootstrap over paragraphs (2000 resamples, 95% interval): A-B agreement F1 {lo[0]:.3f}-{hi[0]:.3f}; "
              f"rules vs A {lo[1]:.3f}-{hi[1]:.3f}; rules vs B {lo[2]:.3f}-{hi[2]:.3f}; "
              f"agreement minus rules-vs-A {np.percentile(gap, 2.5):.3f}-{np.percentile(gap, 97.5):.3f}")
        print("\nthe rules per theme (predicted = paragraphs the rules tag):")
        print(side[["theme", "A", "B", "predicted", "f1_vs_A", "f1_vs_B"]].to_string(index=False))

    if args.disagreements:
        print("\ndisputed cells (A only / B only):")
        for _, r in p.iterrows():
            a, b = set(r["a"]), set(r["b"])
            for t in sorted(a ^ b):
                rules = "" if "rules" not in r else f" rules={'yes' if t in r['rules'] else 'no'}"
                print(f"\n{r['doc_id']}#{r['paragraph_id']} {t}: {'A only' if t in a else 'B only'}{rules}\n"
                      f"   A {sorted(a)} note: {r['note_a']}\n   B {sorted(b)} note: {r['note_b']}\n"
                      f"   {r['text'][:300]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
