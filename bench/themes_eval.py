"""Theme tagger against the hand-labelled paragraphs in tests/data/themes: precision, recall, F1.

Usage::

    python bench/themes_eval.py [--taxonomy FILE] [--errors THEME] [--heldout]

Each labelled paragraph is tagged as a one-paragraph document (its themes are
the union of its sentences'); prints per-theme and micro-averaged figures as a
table and, with ``--errors``, the false positives and negatives of one theme.
"""

from __future__ import annotations

import argparse
import sys

from lavrovkit.evaluate import LABELS, labelled_paragraphs, theme_scores


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--taxonomy", default=None)
    parser.add_argument("--errors", default=None, help="list the errors of this theme")
    parser.add_argument("--set", default=None, help="only this labelled set (seeds or ungdc)")
    parser.add_argument("--heldout", action="store_true",
                        help="the held-out set (tests/data/themes/heldout): report it, never tune on it")
    args = parser.parse_args(argv)
    tagged = labelled_paragraphs(LABELS / "heldout" if args.heldout else None, taxonomy=args.taxonomy)
    if args.set:
        tagged = tagged[tagged["set"] == args.set]
    scores = theme_scores(tagged)
    print(scores.to_string(index=False))
    if args.errors:
        t = args.errors
        for _, r in tagged.iterrows():
            gold, pred = t in r["gold"], t in r["themes"]
            if gold != pred:
                kind = "FN" if gold else "FP"
                print(f"\n{kind} {r['set']}:{r['doc_id']}#{r['paragraph_id']} evidence={r['evidence']}\n   {r['text'][:400]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
