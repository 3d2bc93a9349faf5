"""Warm-load and query benchmarks over a whole annotated corpus (run in a fresh process).

Usage::

    python bench/queries.py CORPUS --pattern P [--cache DIR] [--out FILE]

Loads the corpus from its warm caches (the loaded tables, the annotation and
the speaker attribution), timing the load, then times each analyst query of
issue 7 twice: the first call in this process (which may read derived caches
or build an in-memory index) and a repeat (memoised). Derived caches (theme
hits, person mentions) are filled by the first run over a corpus; run twice
to time them warm. Prints JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import time
from collections.abc import Callable
from typing import Any

QUERY_GOAL_S = 2.0
WARM_LOAD_GOAL_S = 5.0
#: Ten phrases for the trend query: frequent and rare, one word and several.
PHRASES = ["climate change", "terrorism", "sustainable development", "human rights", "Security Council reform",
           "nuclear weapons", "Ukraine", "Syria", "pandemic", "multilateralism"]


def _timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    t0 = time.perf_counter()
    value = fn()
    return time.perf_counter() - t0, value


def run(corpus_path: str, pattern: str | None, cache_dir: str | None = None) -> dict[str, Any]:
    """Time a warm load and the five queries over ``corpus_path``; returns the figures."""
    if cache_dir:
        os.environ["LAVROVKIT_CACHE"] = cache_dir
    t_import, lk = _timed(lambda: __import__("lavrovkit"))
    from lavrovkit import phrasing, themes
    from lavrovkit.counterparts import counterparts

    load_s, corpus = _timed(lambda: lk.corpus_load(corpus_path, pattern, progress=False).annotate())
    run_info = corpus.last_run
    years = corpus.documents["date"].dt.year.dropna().astype(int)
    first, last = int(years.min()), int(years.max())
    middle = (first + last) // 2
    # Lavrov's words where he speaks; every speaker's otherwise (the UN debates have no Russian speech)
    speaker = "lavrov" if corpus.resolve_speaker("lavrov") in set(corpus.sentences["speaker"].dropna()) else "all"
    queries: dict[str, Callable[[], Any]] = {
        "phrase_trend_10_by_year": lambda: phrasing.phrase_trend(corpus, PHRASES, by="year", speaker=speaker),
        "kwic_frequent_word": lambda: phrasing.kwic(corpus, "development", speaker=speaker),
        "keyness_period_vs_period": lambda: phrasing.keyness(
            corpus, (f"{middle + 1}", f"{last}"), (f"{first}", f"{middle}"), speaker=speaker),
        "theme_prevalence_by_year": lambda: themes.theme_prevalence(corpus, by="year", speaker="all"),
        "counterparts_table": lambda: counterparts(corpus, speaker="all"),
    }
    rows = []
    for name, fn in queries.items():
        first_s, value = _timed(fn)
        repeat_s, _ = _timed(fn)
        rows.append({"query": name, "first_s": round(first_s, 3), "repeat_s": round(repeat_s, 3),
                     "rows": len(value), "meets_goal": first_s < QUERY_GOAL_S})
    return {
        "documents": len(corpus),
        "words": int(corpus.documents["words"].sum()),
        "tokens": len(corpus.tokens),
        "speaker": speaker,
        "sentences": len(corpus.sentences),
        "import_s": round(t_import, 3),
        "warm_load_s": round(load_s, 3),
        "warm_load_goal_s": WARM_LOAD_GOAL_S,
        "annotated_now": run_info.annotated if run_info else None,
        "queries": rows,
        "query_goal_s": QUERY_GOAL_S,
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus")
    parser.add_argument("--pattern", default=None)
    parser.add_argument("--cache", default=None, help="cache folder (default: $LAVROVKIT_CACHE or ~/.cache/lavrovkit)")
    parser.add_argument("--out", default=None)
    args = parser.parse_args(argv)
    result = run(args.corpus, args.pattern, args.cache)
    text = json.dumps(result, indent=2)
    print(text)
    if args.out:
        from lavrovkit.files import atomic_write_text

        atomic_write_text(args.out, text + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
