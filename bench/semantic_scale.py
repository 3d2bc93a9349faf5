"""How long is the search step of ``similar`` over a matrix the size of a whole corpus?

Usage::

    LAVROVKIT_CACHE=... python bench/semantic_scale.py SAMPLE_CORPUS [--pattern P] [--rows 299436]

For when the whole corpus's vectors are not in the cache: the sample's real
sentence vectors (already cached) are repeated to ``--rows`` rows (the whole
UN corpus has 299,436 sentences), and the step ``similar`` runs per query
over the corpus's matrix (one matrix-vector product and a partial sort for
the top 10) is timed 20 times. The cost does not depend on the values, only
on the matrix's shape; it excludes embedding the query (about 0.03 s) and
building the result table (a few ms).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time

import numpy as np


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus")
    parser.add_argument("--pattern", default=None)
    parser.add_argument("--rows", type=int, default=299_436)
    args = parser.parse_args(argv)
    import lavrovkit as lk

    corpus = lk.corpus_load(args.corpus, args.pattern)
    e = corpus.embeddings("sentence", progress=False)
    matrix = np.tile(e.vectors, (-(-args.rows // len(e)), 1))[: args.rows]
    query = lk.embed_query("Мы готовы к диалогу с Вашингтоном")
    times = []
    for _ in range(20):
        start = time.perf_counter()
        scores = matrix @ query
        top = np.argpartition(-scores, 10)[:10]
        top = top[np.argsort(-scores[top])]
        times.append(time.perf_counter() - start)
    print(f"{args.rows:,} x {matrix.shape[1]} float32 ({matrix.nbytes / 1e6:.0f} MB, the sample's {len(e):,} real "
          f"vectors repeated): search median {statistics.median(times):.4f} s, slowest {max(times):.4f} s of 20")
    return 0


if __name__ == "__main__":
    sys.exit(main())
