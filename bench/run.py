"""Annotation benchmarks: the kit against raw ``nlp.pipe``, and a cached reload against cold annotation.

Usage::

    python bench/run.py CORPUS [--docs 500] [--quick] [--pattern P] [--out bench/results.json]

CORPUS is a folder or a .tar.gz/.zip of .txt files. A slice of ``--docs``
documents spread evenly over the corpus (every k-th in id order, so every year
is represented) is annotated twice over the same paragraphs with the same
components: once by raw ``nlp.pipe`` (documents discarded) and once by the
kit (``lavrovkit.annotate.annotate`` into a fresh cache: spaCy, table
extraction, Parquet writes and the read back). Then the kit loads the slice
again from the warm cache. Prints JSON and writes it to ``--out``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

import spacy

from lavrovkit import __version__, load_corpus
from lavrovkit import annotate as ann
from lavrovkit.files import atomic_write_text
from lavrovkit.segment import split_paragraphs


def _slice(corpus, n: int):  # type: ignore[no-untyped-def]
    ids = sorted(corpus.documents["doc_id"])
    if n >= len(ids):
        return corpus
    step = len(ids) / n
    picked = [ids[int(i * step)] for i in range(n)]
    return corpus.filter(doc_ids=picked)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus")
    parser.add_argument("--docs", type=int, default=500)
    parser.add_argument("--quick", action="store_true", help="a 60-document slice for development")
    parser.add_argument("--pattern", default=None)
    parser.add_argument("--rounds", type=int, default=2, help="interleaved rounds; the best of each side counts")
    parser.add_argument("--out", default="bench/results.json")
    args = parser.parse_args(argv)
    n = 60 if args.quick else args.docs

    t0 = time.perf_counter()
    full = load_corpus(args.corpus, args.pattern)
    load_s = time.perf_counter() - t0
    corpus = _slice(full, n)
    texts = dict(zip(corpus.documents["key"], corpus.documents["text"], strict=True))
    words = int(corpus.documents["words"].sum())
    nlp = ann.load_model()
    paragraphs = [t[a:b] for t in texts.values() for a, b in split_paragraphs(t)]
    list(nlp.pipe(paragraphs[:50]))  # warm up both paths alike

    def raw_pass() -> float:
        t0 = time.perf_counter()
        for _doc in nlp.pipe(paragraphs, batch_size=64):
            pass
        return time.perf_counter() - t0

    # Two interleaved rounds (raw, kit, raw, kit), best of each: order and warm-up favour neither side.
    raw_times: list[float] = []
    kit_times: list[float] = []
    warm_times: list[float] = []
    for _round in range(args.rounds):
        raw_times.append(raw_pass())
        with tempfile.TemporaryDirectory(prefix="lavrovkit-bench-") as cache:
            t0 = time.perf_counter()
            tables, run = ann.annotate(texts, cache_dir=cache, progress=False)
            kit_times.append(time.perf_counter() - t0)
            assert run.annotated == len(texts)
            t0 = time.perf_counter()
            warm, run2 = ann.annotate(texts, cache_dir=cache, progress=False)
            warm_times.append(time.perf_counter() - t0)
            assert run2.annotated == 0 and warm["tokens"].equals(tables["tokens"])
            cache_mb = sum(p.stat().st_size for p in Path(cache).rglob("*.parquet")) / 1e6
    raw_s, kit_s, warm_s = min(raw_times), min(kit_times), min(warm_times)

    result = {
        "benchmark": "annotation",
        "corpus": args.corpus,
        "documents": len(texts),
        "corpus_documents": len(full),
        "words": words,
        "paragraphs": len(paragraphs),
        "tokens": int(len(tables["tokens"])),
        "model": f"{run.spec.name} {run.spec.version}",
        "components": list(run.spec.components),
        "load_and_clean_s": round(load_s, 2),
        "rounds": args.rounds,
        "raw_nlp_pipe_s": round(raw_s, 2),
        "kit_annotate_s": round(kit_s, 2),
        "raw_words_per_s": round(words / raw_s),
        "kit_words_per_s": round(words / kit_s),
        "throughput_ratio_kit_vs_raw": round(raw_s / kit_s, 3),
        "throughput_goal": 0.9,
        "warm_load_s": round(warm_s, 3),
        "cold_vs_warm_speedup": round(kit_s / warm_s, 1),
        "speedup_goal": 50,
        "cache_mb": round(cache_mb, 1),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, python {platform.python_version()}",
        "lavrovkit": __version__,
        "spacy": spacy.__version__,
    }
    text = json.dumps(result, indent=2)
    print(text)
    atomic_write_text(args.out, text + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
