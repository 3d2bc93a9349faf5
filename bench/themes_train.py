"""Train the shipped theme model on the development labels and write it to lavrovkit/data/theme_model.{npz,json}.

Usage::

    python bench/themes_train.py [--C 0.02] [--folds 5] [--seed 0] [--drop] [--out PATH] [--taxonomy FILE]
                                 [--min-gain G] [--select-sets SET ...]

The labels are ``tests/data/themes/labels_*.jsonl`` and ``extra/labels_*.jsonl``
(never ``heldout/``), tagged by the rules of the taxonomy (default: the shipped
one); the paragraphs' vectors come from the default embedder (cached). The
model's metadata records the embedder and its version, the taxonomy's
fingerprint, the labels' digest, the options and the cross-validated figures
(``bench/themes_eval.py --cv`` with the same options). Deterministic: the same
labels, taxonomy, embedder and options give the same file.
"""

from __future__ import annotations

import argparse
import sys

from lavrovkit.evaluate import dev_labels, tag_labels, theme_cv, theme_scores
from lavrovkit.theme_model import DEFAULT_C, MIN_GAIN, MODEL_FILE, theme_model_fit


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--taxonomy", default=None)
    parser.add_argument("--C", type=float, default=DEFAULT_C)
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--drop", action="store_true", help="the model may drop rule tags it is very sure are wrong")
    parser.add_argument("--out", default=str(MODEL_FILE))
    parser.add_argument("--min-gain", type=float, default=MIN_GAIN)
    parser.add_argument("--select-sets", nargs="+", default=None,
                        help="the sets whose paragraphs choose the thresholds (labels the rules were not revised on)")
    args = parser.parse_args(argv)
    tagged = tag_labels(dev_labels(), args.taxonomy)
    cv = theme_cv(tagged, args.taxonomy, folds=args.folds, seed=args.seed, C=args.C, drop=args.drop,
                  min_gain=args.min_gain, test_sets=args.select_sets, select_sets=args.select_sets)
    rules = theme_scores(cv.assign(themes=cv["rules"])).iloc[-1]
    both = theme_scores(cv).iloc[-1]
    model = theme_model_fit(tagged, args.taxonomy, C=args.C, folds=args.folds, seed=args.seed, drop=args.drop,
                            min_gain=args.min_gain, select_sets=args.select_sets)
    model.meta["cv"] = {"paragraphs": len(cv), "folds": args.folds, "seed": args.seed,
                        "rules": {k: float(rules[k]) for k in ("precision", "recall", "f1")},
                        "rules+model": {k: float(both[k]) for k in ("precision", "recall", "f1")}}
    path = model.save(args.out)
    added = [t for t in model.themes if model.trained(t)]
    print(f"{path}: {len(tagged)} labelled paragraphs; the model may add {', '.join(added)}; "
          f"cross-validated micro-F1 {rules['f1']:.3f} (rules) -> {both['f1']:.3f} (rules+model)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
