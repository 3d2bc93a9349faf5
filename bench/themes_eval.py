"""Theme tagger against the hand-labelled paragraphs in tests/data/themes: precision, recall, F1.

Usage::

    python bench/themes_eval.py [--taxonomy FILE] [--errors THEME] [--set SET] [--method rules|rules+model|auto]
    python bench/themes_eval.py --heldout [--method ...] [--model FILE]
    python bench/themes_eval.py --write-quality
    python bench/themes_eval.py --cv [--folds 5] [--seed 0] [--C 0.02] [--drop] [--set SET]
                                     [--test-sets SET ...] [--select-sets SET ...] [--min-gain G]

Each labelled paragraph is tagged as a one-paragraph document (its themes are
the union of its sentences'; seed paragraphs inside their documents).

* Default: the development labels (``labels_*.jsonl`` and ``extra/``) tagged by
  ``--method`` (default ``rules``: the rules are never trained, so this is a
  fair figure for them; the shipped model was trained on these labels, so
  ``rules+model`` here is a training-set figure, not an estimate).
* ``--heldout``: the held-out set (``heldout/``), never used for training or
  choosing anything; ``rules+model`` uses the shipped model (or ``--model``),
  trained on all development labels.
* ``--write-quality``: both methods on the held-out set, written to ``lavrovkit/data/theme_quality.json``:
  the per-theme figures ``lk.theme_quality`` and the ``02_themes`` report show (run it after changing the
  rules or retraining the model; a test fails while the file is stale).
* ``--cv``: k-fold cross-validation over the development labels, folds grouped
  by document (paragraphs of one speech never on both sides) and shuffled
  with ``--seed``; each fold's model is trained on the other folds (its
  thresholds by cross-validation inside them) and tags this fold. Prints the
  rules and rules+model side by side per theme, with ``--drop`` also letting
  the model drop rule tags it is very sure are wrong. ``--test-sets``: only
  those sets are cross-validated, the rest always train (the rules were revised
  on the older sets, so they are a biased test of what the model adds);
  ``--select-sets``: the sets that choose the model's thresholds.
"""

from __future__ import annotations

import argparse
import json
import sys

import pandas as pd

from lavrovkit.evaluate import (
    LABELS,
    QUALITY_FILE,
    dev_labels,
    labelled_paragraphs,
    tag_labels,
    theme_cv,
    theme_quality_measure,
    theme_scores,
)
from lavrovkit.files import atomic_write_text
from lavrovkit.theme_model import DEFAULT_C


def side_by_side(tagged: pd.DataFrame) -> pd.DataFrame:
    """Per-theme support, then precision/recall/F1 of the rules and of rules+model, and the F1 difference."""
    rules = theme_scores(tagged.assign(themes=tagged["rules"]))
    both = theme_scores(tagged, themes=rules["theme"].iloc[:-1].tolist())
    out = rules[["theme", "support", "precision", "recall", "f1"]].merge(
        both[["theme", "precision", "recall", "f1", "predicted"]], on="theme", suffixes=("_rules", "_model"))
    out["added"] = [int(sum(t in m for m in tagged["model_themes"])) if t != "micro" else
                    int(tagged["model_themes"].str.len().sum()) for t in out["theme"]]
    out["dropped"] = [int(sum(t in m for m in tagged["dropped"])) if t != "micro" else
                      int(tagged["dropped"].str.len().sum()) for t in out["theme"]]
    out["f1_gain"] = (out["f1_model"] - out["f1_rules"]).round(3)
    return out.drop(columns="predicted")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--taxonomy", default=None)
    parser.add_argument("--errors", default=None, help="list the errors of this theme")
    parser.add_argument("--set", default=None, help="only this labelled set (seeds, ungdc, ungdc_c)")
    parser.add_argument("--heldout", action="store_true",
                        help="the held-out set (tests/data/themes/heldout): report it, never tune on it")
    parser.add_argument("--method", default="rules", choices=["rules", "rules+model", "auto"])
    parser.add_argument("--model", default=None, help="a theme model file (default: the shipped one)")
    parser.add_argument("--cv", action="store_true", help="cross-validate rules+model on the development labels")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--C", type=float, default=DEFAULT_C, help="regularisation of the classifiers (with --cv)")
    parser.add_argument("--drop", action="store_true", help="with --cv: the model may also drop rule tags")
    parser.add_argument("--test-sets", nargs="+", default=None, help="with --cv: cross-validate only these sets")
    parser.add_argument("--select-sets", nargs="+", default=None,
                        help="with --cv: only these sets' paragraphs choose the thresholds")
    parser.add_argument("--min-gain", type=float, default=None, help="with --cv: the model's MIN_GAIN")
    parser.add_argument("--write-quality", action="store_true",
                        help=f"measure the held-out set with both methods and write {QUALITY_FILE.name}, "
                             "the figures lk.theme_quality shows (after changing the rules or the model)")
    args = parser.parse_args(argv)
    if args.write_quality:
        data = theme_quality_measure()
        atomic_write_text(QUALITY_FILE, json.dumps(data, indent=1, ensure_ascii=False) + "\n")
        for method, rows in data["methods"].items():
            micro = rows[-1]
            print(f"{method}: micro P {micro['precision']} R {micro['recall']} F1 {micro['f1']} "
                  f"over {data['paragraphs']} paragraphs")
        print(f"written: {QUALITY_FILE}")
        return 0
    if args.cv:
        tagged = tag_labels(dev_labels(), args.taxonomy)
        cv = theme_cv(tagged, args.taxonomy, folds=args.folds, seed=args.seed, C=args.C, drop=args.drop,
                      min_gain=args.min_gain, test_sets=args.test_sets, select_sets=args.select_sets)
        shown = cv[cv["set"] == args.set] if args.set else cv
        print(f"{args.folds}-fold cross-validation grouped by document, seed {args.seed}, C {args.C}, "
              f"drop {args.drop}: {len(shown)} paragraphs ({', '.join(f'{k} {v}' for k, v in shown['set'].value_counts().items())})")
        print(side_by_side(shown).to_string(index=False))
        tagged = shown
    else:
        how = {"method": args.method, "model": args.model}
        tagged = (labelled_paragraphs(LABELS / "heldout", taxonomy=args.taxonomy, **how) if args.heldout
                  else tag_labels(dev_labels(), args.taxonomy, **how))
        if args.set:
            tagged = tagged[tagged["set"] == args.set]
        print(f"{'held-out' if args.heldout else 'development'} labels, method {args.method}: {len(tagged)} paragraphs")
        print(theme_scores(tagged).to_string(index=False))
    if args.errors:
        t = args.errors
        for _, r in tagged.iterrows():
            gold, pred = t in r["gold"], t in r["themes"]
            if gold != pred:
                kind = "FN" if gold else "FP"
                via = " (model)" if t in r.get("model_themes", []) else ""
                print(f"\n{kind}{via} {r['label_file']} {r['set']}:{r['doc_id']}#{r['paragraph_id']} "
                      f"evidence={r['evidence']}\n   {r['text'][:400]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
