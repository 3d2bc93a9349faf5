"""Warm-load and query benchmarks over a whole annotated corpus, each query in a fresh process.

Usage::

    python bench/queries.py CORPUS --pattern P [--cache DIR] [--out FILE] [--filtered START:END]

For each analyst query of issues 7 and 14 a new Python process loads the
corpus from its warm caches (the loaded tables, the annotation, the speaker
attribution), then times the query's first call in that process (which reads
the derived caches: the token index, phrase splits, theme hits, person
mentions) and a repeat (memoised). The first call is checked against the 1 s
goal of issue 14 for the phrase trend, KWIC, keyness and theme prevalence.
Then person mentions and counterparts on a date-filtered corpus
(``corpus.filter(start, end)``, default: the last third of the years), first
call in a fresh process: they read the whole corpus's cached rows. Derived
caches are filled by the first run over a corpus; run twice to time them warm.
Prints JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

#: Issue 14: the first call of these in a fresh process, after a warm load.
QUERY_GOAL_S = 1.0
GOAL_QUERIES = ("phrase_trend_10_by_year", "kwic_frequent_word", "keyness_period_vs_period",
                "theme_prevalence_by_year")
WARM_LOAD_GOAL_S = 5.0
#: Ten phrases for the trend query: frequent and rare, one word and several.
PHRASES = ["climate change", "terrorism", "sustainable development", "human rights", "Security Council reform",
           "nuclear weapons", "Ukraine", "Syria", "pandemic", "multilateralism"]
QUERIES = (*GOAL_QUERIES, "counterparts_table", "filtered_person_mentions", "filtered_counterparts")


def _timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    t0 = time.perf_counter()
    value = fn()
    return time.perf_counter() - t0, value


def one(corpus_path: str, pattern: str | None, name: str, filtered: str | None = None) -> dict[str, Any]:
    """In this process: a warm load, then the first call and a repeat of query ``name``."""
    t_import, lk = _timed(lambda: __import__("lavrovkit"))
    from lavrovkit import phrasing, themes
    from lavrovkit.counterparts import counterparts, person_mentions

    load_s, corpus = _timed(lambda: lk.corpus_load(corpus_path, pattern, progress=False).annotate())
    run_info = corpus.last_run
    years = corpus.documents["date"].dt.year.dropna().astype(int)
    first, last = int(years.min()), int(years.max())
    middle = (first + last) // 2
    start, end = (filtered.split(":") if filtered else (f"{last - (last - first) // 3}-01-01", f"{last}-12-31"))
    # Lavrov's words where he speaks; every speaker's otherwise (the UN debates have no Russian speech)
    speaker = "lavrov" if corpus.resolve_speaker("lavrov") in set(corpus.sentences["speaker"].dropna()) else "all"
    queries: dict[str, Callable[[], Any]] = {
        "phrase_trend_10_by_year": lambda: phrasing.phrase_trend(corpus, PHRASES, by="year", speaker=speaker),
        "kwic_frequent_word": lambda: phrasing.kwic(corpus, "development", speaker=speaker),
        "keyness_period_vs_period": lambda: phrasing.keyness(
            corpus, (f"{middle + 1}", f"{last}"), (f"{first}", f"{middle}"), speaker=speaker),
        "theme_prevalence_by_year": lambda: themes.theme_prevalence(corpus, by="year", speaker="all"),
        "counterparts_table": lambda: counterparts(corpus, speaker="all"),
        "filtered_person_mentions": lambda: person_mentions(corpus.filter(start=start, end=end), speaker="all"),
        "filtered_counterparts": lambda: counterparts(corpus.filter(start=start, end=end), speaker="all"),
    }
    first_s, value = _timed(queries[name])
    repeat_s, _ = _timed(queries[name])
    spacy_imported = "spacy" in sys.modules
    return {
        "query": name, "first_s": round(first_s, 3), "repeat_s": round(repeat_s, 3), "rows": len(value),
        "goal_s": QUERY_GOAL_S if name in GOAL_QUERIES else None,
        "meets_goal": first_s < QUERY_GOAL_S if name in GOAL_QUERIES else None,
        "spacy_imported": spacy_imported, "filtered": f"{start}:{end}" if name.startswith("filtered") else None,
        "documents": len(corpus), "words": int(corpus.documents["words"].sum()), "tokens": len(corpus.tokens),
        "sentences": len(corpus.sentences), "speaker": speaker,
        "import_s": round(t_import, 3), "warm_load_s": round(load_s, 3),
        "annotated_now": run_info.annotated if run_info else None,
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    }


def run(corpus_path: str, pattern: str | None, cache_dir: str | None = None,
        filtered: str | None = None) -> dict[str, Any]:
    """Time a warm load and each query in its own fresh process over ``corpus_path``; returns the figures."""
    env = dict(os.environ)
    if cache_dir:
        env["LAVROVKIT_CACHE"] = cache_dir
    here = Path(__file__).resolve()
    rows = []
    for name in QUERIES:
        argv = [sys.executable, str(here), corpus_path, "--pattern", pattern or "", "--one", name]
        if filtered:
            argv += ["--filtered", filtered]
        done = subprocess.run(argv, env=env, capture_output=True, text=True, check=False)
        if done.returncode:
            raise RuntimeError(f"{name} failed: {done.stderr[-2000:]}")
        rows.append(json.loads(done.stdout))
    head = rows[0]
    return {
        "documents": head["documents"], "words": head["words"], "tokens": head["tokens"],
        "speaker": head["speaker"], "sentences": head["sentences"],
        "import_s": head["import_s"],
        "warm_load_s": min(r["warm_load_s"] for r in rows),
        "warm_load_goal_s": WARM_LOAD_GOAL_S,
        "annotated_now": head["annotated_now"],
        "queries": [{k: r[k] for k in ("query", "first_s", "repeat_s", "rows", "goal_s", "meets_goal",
                                       "spacy_imported", "filtered", "warm_load_s")} for r in rows],
        "query_goal_s": QUERY_GOAL_S,
        "peak_rss_mb": max(r["peak_rss_mb"] for r in rows),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus")
    parser.add_argument("--pattern", default=None)
    parser.add_argument("--cache", default=None, help="cache folder (default: $LAVROVKIT_CACHE or ~/.cache/lavrovkit)")
    parser.add_argument("--out", default=None)
    parser.add_argument("--filtered", default=None, help="START:END of the filtered corpus (default: last third)")
    parser.add_argument("--one", default=None, choices=QUERIES, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one:  # the child process: one query
        if args.cache:
            os.environ["LAVROVKIT_CACHE"] = args.cache
        print(json.dumps(one(args.corpus, args.pattern or None, args.one, args.filtered)))
        return 0
    result = run(args.corpus, args.pattern or None, args.cache, args.filtered)
    text = json.dumps(result, indent=2)
    print(text)
    if args.out:
        from lavrovkit.files import atomic_write_text

        atomic_write_text(args.out, text + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
