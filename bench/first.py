"""Time to first answer: a new corpus, a fresh cache, the first phrase trend, KWIC and keyness.

Usage::

    python bench/first.py CORPUS --pattern P [--sizes 150,300] [--whole] [--out FILE]

For each slice of ``--sizes`` documents (spread evenly over the corpus, written
out as a folder of their cleaned texts): raw spaCy's full pipeline (the kit's
components, ``nlp.pipe`` over the same paragraphs, model loading excluded) in
one process; then, in a fresh cache and each step a new process timed from
its start (Python, imports, loading and cleaning included), ``lavrovkit
phrases``, ``lavrovkit kwic`` and ``lavrovkit keyness``; then whether the
first phrase trend equals the one after full annotation. ``--whole`` adds the
first phrase trend over the whole corpus in a fresh cache, with ``--jobs 1``
(the default) and ``--jobs 2``. Prints JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from io import StringIO
from pathlib import Path
from typing import Any

#: The phrase trend every step asks for: frequent and rare, one word and several.
PHRASES = ["climate change", "terrorism", "sustainable development", "human rights", "nuclear weapons"]
#: First phrase trend / raw spaCy's full pipeline over the same texts.
RATIO_GOAL = 0.2
#: First answer over the whole corpus, seconds.
WHOLE_GOAL_S = 60.0

RAW = """
import sys, time
from pathlib import Path
from lavrovkit import annotate as ann
from lavrovkit.segment import split_paragraphs
texts = [p.read_text(encoding="utf-8") for p in sorted(Path(sys.argv[1]).rglob("*.txt"))]
paragraphs = [t[a:b] for t in texts for a, b in split_paragraphs(t)]
nlp = ann.load_model()
list(nlp.pipe(paragraphs[:20]))
t0 = time.perf_counter()
for _ in nlp.pipe(paragraphs, batch_size=64):
    pass
print(time.perf_counter() - t0)
"""


def _lavrovkit(args: list[str], env: dict[str, str]) -> tuple[float, str]:
    """Run ``lavrovkit ARGS`` in a new process; its wall-clock seconds and output."""
    exe = str(Path(sys.executable).with_name("lavrovkit"))
    t0 = time.perf_counter()
    done = subprocess.run([exe, *args], env=env, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - t0
    if done.returncode:
        raise RuntimeError(f"lavrovkit {' '.join(args)} failed: {done.stderr[-2000:]}")
    return seconds, done.stdout


def _slice(corpus_path: str, pattern: str | None, n: int, folder: Path) -> tuple[int, int]:
    """Write ``n`` documents spread evenly over the corpus into ``folder``; their count and words."""
    import lavrovkit as lk

    docs = lk.corpus_load(corpus_path, pattern, progress=False).documents.sort_values("doc_id")
    picked = docs.iloc[[int(i * len(docs) / n) for i in range(min(n, len(docs)))]]
    for doc in picked.itertuples():
        target = folder / str(doc.file)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(str(doc.text), encoding="utf-8")
    return len(picked), int(picked["words"].sum())


def _trend_args(path: str, pattern: str | None) -> list[str]:
    args = ["phrases", path, *(["--pattern", pattern] if pattern else []), "--by", "year", "--format", "csv"]
    for phrase in PHRASES:
        args += ["--phrase", phrase]
    return args


def first_answers(path: str, pattern: str | None, cache: Path, years: tuple[int, int]) -> dict[str, Any]:
    """In a fresh cache, each a new process: the first phrase trend, then a KWIC, then keyness."""
    env = {**os.environ, "LAVROVKIT_CACHE": str(cache)}
    pat = ["--pattern", pattern] if pattern else []
    first, middle, last = years[0], (years[0] + years[1]) // 2, years[1]
    trend_s, trend = _lavrovkit(_trend_args(path, pattern), env)
    kwic_s, _ = _lavrovkit(["kwic", path, "development", *pat, "--format", "csv"], env)
    keyness_s, _ = _lavrovkit(["keyness", path, *pat, "--target", f"{middle + 1}-01-01:{last}-12-31",
                               "--reference", f"{first}-01-01:{middle}-12-31", "--top", "20", "--format", "csv"], env)
    tiers = sorted(p.name.rsplit("-", 1)[-1] for p in (cache / "annotations").iterdir() if any(p.glob("*.keys.parquet")))
    return {"phrase_trend_s": round(trend_s, 1), "kwic_s": round(kwic_s, 1), "keyness_s": round(keyness_s, 1),
            "tiers_computed": tiers, "trend_csv": trend}


def run(corpus_path: str, pattern: str | None, sizes: list[int], whole: bool) -> dict[str, Any]:
    """Every figure of the section; see the module's docstring."""
    import pandas as pd

    here = Path(__file__).resolve().parent
    rows = []
    with tempfile.TemporaryDirectory(prefix="lavrovkit-first-") as tmp:
        env = {**os.environ, "PYTHONPATH": str(here.parent)}
        for n in sizes:
            folder = Path(tmp) / f"slice-{n}"
            docs, words = _slice(corpus_path, pattern, n, folder)
            raw = subprocess.run([sys.executable, "-c", RAW, str(folder)], env=env, capture_output=True, text=True,
                                 check=True)
            raw_s = float(raw.stdout.strip().splitlines()[-1])
            import lavrovkit as lk

            dated = lk.corpus_load(folder, pattern, progress=False, cache=False).documents["date"].dt.year.dropna()
            kit = first_answers(str(folder), pattern, Path(tmp) / f"cache-{n}", (int(dated.min()), int(dated.max())))
            # the same trend after full annotation, in its own cache
            full_env = {**env, "LAVROVKIT_CACHE": str(Path(tmp) / f"full-{n}")}
            _lavrovkit(["annotate", str(folder), *(["--pattern", pattern] if pattern else []), "--quiet"], full_env)
            _, after_full = _lavrovkit(_trend_args(str(folder), pattern), full_env)
            same = pd.read_csv(StringIO(kit.pop("trend_csv"))).equals(pd.read_csv(StringIO(after_full)))
            rows.append({"documents": docs, "words": words, "raw_spacy_s": round(raw_s, 1), **kit,
                         "ratio_trend_vs_raw": round(kit["phrase_trend_s"] / raw_s, 3),
                         "meets_goal": kit["phrase_trend_s"] / raw_s <= RATIO_GOAL,
                         "trend_identical_to_full_annotation": same})
        result: dict[str, Any] = {"slices": rows, "ratio_goal": RATIO_GOAL}
        if whole:
            import lavrovkit as lk

            years = lk.corpus_load(corpus_path, pattern, progress=False).documents["date"].dt.year.dropna()
            whole: dict[str, Any] = {"goal_s": WHOLE_GOAL_S, "years": [int(years.min()), int(years.max())],
                                     "documents": int(years.size)}
            for jobs in (1, 2):  # the default, and both cores of this machine
                cache = Path(tmp) / f"cache-whole-{jobs}"
                seconds, _ = _lavrovkit([*_trend_args(corpus_path, pattern), "--jobs", str(jobs)],
                                        {**env, "LAVROVKIT_CACHE": str(cache)})
                whole[f"phrase_trend_jobs{jobs}_s"] = round(seconds, 1)
            whole["meets_goal"] = min(whole["phrase_trend_jobs1_s"], whole["phrase_trend_jobs2_s"]) < WHOLE_GOAL_S
            result["whole"] = whole
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus")
    parser.add_argument("--pattern", default=None)
    parser.add_argument("--sizes", default="150,300")
    parser.add_argument("--whole", action="store_true", help="also the first phrase trend over the whole corpus")
    parser.add_argument("--out", default=None)
    args = parser.parse_args(argv)
    result = run(args.corpus, args.pattern, [int(s) for s in args.sizes.split(",") if s], args.whole)
    text = json.dumps(result, indent=2)
    if args.out:
        Path(args.out).write_text(text + "\n", encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
