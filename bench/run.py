"""Every benchmark of the kit in one run; writes bench/results.json and prints the README table.

Usage::

    python bench/run.py CORPUS --pattern P [--quick] [--only annotation,first,parallel,components,scale,site,semantic,russian]
                        [--site SRC] [--site-pages N] [--ru-docs N]
    python bench/run.py --only site --site SRC     # the saved-site section alone (no CORPUS needed)
    python bench/run.py --only russian             # Russian annotation alone (synthetic texts: no CORPUS needed)
    python bench/run.py --table          # the table of the last results

Sections (each measured within one run, so ratios hold on a noisy machine):

- ``annotation``: a slice of ``--docs`` documents spread evenly over the corpus
  (every k-th in id order, so every year is represented), annotated by raw
  ``nlp.pipe`` and by the kit (spaCy, table extraction, Parquet writes, read
  back) in interleaved rounds; then reloaded from the warm cache.
- ``first`` (bench/first.py): time to first answer: slices of 150 and 300
  documents (quick: 150) in a fresh cache, each step a new process: the
  first ``lavrovkit phrases``, ``kwic`` and ``keyness`` against raw spaCy's
  full pipeline over the same texts; the first phrase trend over the whole
  corpus (not quick).
- ``parallel`` (bench/parallel.py): ``--jobs 1`` against ``--jobs 2`` and a
  Dask LocalCluster with two workers; peak memory per worker; identical rows.
- ``components`` (bench/components.py): each spaCy component's share of the
  time and what dropping it costs in sentence, entity and theme agreement.
- ``scale``: the whole corpus in a fresh cache, each step in a new process:
  cold annotation (``--jobs 2``), warm load, the five queries
  (bench/queries.py), ``lavrovkit report --all``.
- ``site`` (bench/site.py): a whole saved site of ``--site-pages`` pages (default
  7,200; quick: 1,000) made by repeating the saved pages of ``--site SRC`` (a
  folder of .html pages; without ``--site``, CORPUS when it is one), each copy
  marked so no two texts are equal: loading and cleaning with ``--jobs 1`` and
  ``--jobs 2`` (1,000 pages), of the whole site, the whole pipeline, and
  ``duplicates_find`` over it, each step in a new process (waiting up to 60 s
  for a quiet machine). Skipped when there are no saved pages to repeat.
- ``semantic`` (bench/semantic.py): embedding throughput on a fixed sample of
  the corpus's sentences in a fresh cache (one engine thread against two, in
  the same run), peak memory, and ``similar`` over the whole corpus in a new
  process with the vectors of ``$LAVROVKIT_CACHE`` (``lavrovkit embed CORPUS``
  first): the cold first query, the warm median and slowest of 20 (English and
  Russian); and which e5 side a text query does better on.
- ``russian`` (bench/russian.py): Russian annotation (the natasha pipeline,
  :mod:`lavrovkit.lang.ru_nlp`) on ``--ru-docs`` **synthetic** Russian documents
  generated at run time (TASS reports, Ministry transcripts, briefings, Kremlin
  transcripts composed from sentences written in bench/russian.py): model load,
  words/s and docs/s per tier (forms, lemmas, entities), every tier with
  ``jobs=1`` and ``jobs=2``, the warm reload, rows identical across the runs.

``--quick`` runs small slices throughout (a few minutes in all).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shlex
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import spacy

from lavrovkit import __version__, corpus_load
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


def annotation(corpus_path: str, pattern: str | None, n: int, rounds: int) -> dict[str, Any]:
    """The kit's annotation against raw ``nlp.pipe`` on an evenly spread slice, and a warm reload of it."""
    t0 = time.perf_counter()
    full = corpus_load(corpus_path, pattern, cache=False)
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
    for _round in range(rounds):
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
        "corpus": corpus_path,
        "documents": len(texts),
        "corpus_documents": len(full),
        "words": words,
        "paragraphs": len(paragraphs),
        "tokens": int(len(tables["tokens"])),
        "model": f"{run.spec.name} {run.spec.version}",
        "components": list(run.spec.components),
        "load_and_clean_s": round(load_s, 2),
        "rounds": rounds,
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
    return result


# --------------------------------------------------------------------------- the whole corpus


def _timed_command(argv: list[str], env: dict[str, str]) -> tuple[float, subprocess.CompletedProcess[str]]:
    t0 = time.perf_counter()
    done = subprocess.run(argv, env=env, capture_output=True, text=True, check=False)
    return time.perf_counter() - t0, done


def scale(corpus_path: str, pattern: str | None, *, quick: bool, jobs: int = 2) -> dict[str, Any]:
    """The whole corpus (``quick``: a 300-document slice) in a fresh cache, each step in a fresh process.

    1. cold: load, clean, annotate with ``jobs`` processes and attribute speakers;
    2. first use: warm load, then the five queries (fills the derived caches: theme hits,
       person mentions, interactions); 3. warm: the same again — the figures the targets
       are checked on; 4. ``lavrovkit report --all`` over the corpus from that warm cache.
    """
    py = sys.executable
    here = Path(__file__).resolve().parent
    with tempfile.TemporaryDirectory(prefix="lavrovkit-scale-") as tmp:
        env = {**os.environ, "LAVROVKIT_CACHE": str(Path(tmp) / "cache"), "PYTHONPATH": str(here.parent)}
        path = corpus_path
        if quick:  # a slice written out as its own folder
            full = corpus_load(corpus_path, pattern)
            picked = _slice(full, 300).documents
            folder = Path(tmp) / "slice"
            for doc in picked.itertuples():
                target = folder / doc.file
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(doc.text, encoding="utf-8")
            path = str(folder)
        cold_code = ("import sys, lavrovkit as lk; c = lk.corpus_load(sys.argv[1], sys.argv[2] or None, "
                     f"jobs={jobs}, progress=False).annotate(); print(len(c.tokens))")
        cold_s, done = _timed_command([py, "-c", cold_code, path, pattern or ""], env)
        if done.returncode:
            raise RuntimeError(f"cold annotation failed: {done.stderr[-2000:]}")
        runs = []
        for _ in range(2):
            out = Path(tmp) / "queries.json"
            _, done = _timed_command([py, str(here / "queries.py"), path, "--pattern", pattern or "",
                                      "--out", str(out)], env)
            if done.returncode:
                raise RuntimeError(f"queries failed: {done.stderr[-2000:]}")
            runs.append(json.loads(out.read_text()))
        first_use, warm = runs
        report_argv = [str(Path(py).with_name("lavrovkit")), "report", "--all", "-p", "corpus", path,
                       *(["-p", "pattern", pattern] if pattern else []), "--out", str(Path(tmp) / "reports"),
                       "--jobs", str(jobs)]
        reports_s, done = _timed_command(report_argv, env)
        rendered = sorted(p.name for p in (Path(tmp) / "reports").glob("*.html") if p.name != "index.html")
        cache_mb = sum(p.stat().st_size for p in (Path(tmp) / "cache").rglob("*.parquet")) / 1e6
    return {
        "corpus": corpus_path + (" (300-document slice)" if quick else ""),
        "documents": warm["documents"], "words": warm["words"], "tokens": warm["tokens"],
        "jobs": jobs,
        "cold_load_annotate_s": round(cold_s, 1),
        "warm_load_s": warm["warm_load_s"],
        "warm_load_goal_s": warm["warm_load_goal_s"],
        "cold_vs_warm": round(cold_s / warm["warm_load_s"], 1),
        "cold_vs_warm_goal": 100,
        "first_use_queries": first_use["queries"],
        "queries": warm["queries"],
        "query_goal_s": warm["query_goal_s"],
        "speaker": warm["speaker"],
        "query_process_peak_rss_mb": warm["peak_rss_mb"],
        "report_all_s": round(reports_s, 1),
        "report_all_goal_s": REPORT_ALL_GOAL_S,
        "report_all_ok": done.returncode == 0,
        "reports": rendered,
        "report_errors": done.stderr[-1500:] if done.returncode else "",
        "cache_mb": round(cache_mb, 1),
    }


# --------------------------------------------------------------------------- all of it

#: ``lavrovkit report --all`` over the whole corpus from a warm cache, seconds (issue 14).
REPORT_ALL_GOAL_S = 60.0

SECTIONS = ("annotation", "first", "parallel", "components", "scale", "site", "semantic", "russian")
#: Sections that read no corpus (the saved-site one reads --site instead).
NO_CORPUS = ("russian",)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus", nargs="?")
    parser.add_argument("--pattern", default=None)
    parser.add_argument("--quick", action="store_true", help="small slices throughout, for development")
    parser.add_argument("--docs", type=int, default=500, help="annotation slice (quick: 60)")
    parser.add_argument("--rounds", type=int, default=2, help="interleaved rounds; the best of each side counts")
    parser.add_argument("--only", default=",".join(SECTIONS), help=f"sections to run, of {', '.join(SECTIONS)}")
    parser.add_argument("--site", default=None, help="saved pages (.html) to repeat into a site (default: CORPUS if it is such a folder)")
    parser.add_argument("--site-pages", type=int, default=7200, help="pages in the site (quick: 1000)")
    parser.add_argument("--ru-docs", type=int, default=240, help="synthetic Russian documents (quick: 40)")
    parser.add_argument("--out", default="bench/results.json")
    parser.add_argument("--table", action="store_true", help="print the README table from --out and stop")
    args = parser.parse_args(argv)
    out = Path(args.out)
    results: dict[str, Any] = json.loads(out.read_text()) if out.exists() else {}
    results = results if "sections" in results else {"sections": {}}
    if args.table:
        print(table(results))
        return 0
    chosen = [s.strip() for s in args.only.split(",") if s.strip()]
    site_src = args.site or (args.corpus if args.corpus and any(Path(args.corpus).glob("*.htm*")) else None)
    if not args.corpus and not all(c in NO_CORPUS or (c == "site" and site_src) for c in chosen):
        parser.error("the corpus is required (a folder or archive of .txt files)")
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    for section in chosen:
        if section not in SECTIONS:
            parser.error(f"unknown section {section!r}; sections: {', '.join(SECTIONS)}")
        if section == "site" and not site_src:
            if args.only != ",".join(SECTIONS):  # asked for by name
                parser.error("the site section needs saved pages: --site SRC (a folder of .html pages)")
            print("== site: skipped (no saved pages: pass --site SRC)", file=sys.stderr, flush=True)
            continue
        print(f"== {section}", file=sys.stderr, flush=True)
        t0 = time.perf_counter()
        if section == "annotation":
            figures = annotation(args.corpus, args.pattern, 60 if args.quick else args.docs, args.rounds)
        elif section == "first":
            import first

            figures = first.run(args.corpus, args.pattern, [150] if args.quick else [150, 300], whole=not args.quick)
        elif section == "parallel":
            import parallel

            figures = parallel.run(args.corpus, args.pattern, quick=args.quick)
        elif section == "components":
            import components

            full = corpus_load(args.corpus, args.pattern)
            sample = _slice(full, 30 if args.quick else 60)
            figures = components.run(dict(zip(sample.documents["key"], sample.documents["text"], strict=True)),
                                     quick=args.quick)
        elif section == "site":  # not `import site`: that is the standard library's
            import importlib.util

            spec = importlib.util.spec_from_file_location("bench_site", Path(__file__).with_name("site.py"))
            bench_site = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
            spec.loader.exec_module(bench_site)  # type: ignore[union-attr]
            figures = bench_site.run(site_src, pages=args.site_pages, quick=args.quick, wait_quiet=60)
        elif section == "semantic":
            import semantic

            figures = semantic.run(args.corpus, args.pattern, quick=args.quick)
        elif section == "russian":
            import russian

            figures = russian.run(args.ru_docs, quick=args.quick)
        else:
            figures = scale(args.corpus, args.pattern, quick=args.quick)
        figures["section_s"] = round(time.perf_counter() - t0, 1)
        figures["quick"] = args.quick
        results["sections"][section] = figures
        results.update(machine=f"{platform.machine()}, {os.cpu_count()} cores, "
                               f"{os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30:.0f} GiB, "
                               f"python {platform.python_version()}",
                       lavrovkit=__version__, spacy=spacy.__version__,
                       date=time.strftime("%Y-%m-%d"))
        figures["command"] = "python bench/run.py " + " ".join(shlex.quote(a) for a in (argv or sys.argv[1:]))
        atomic_write_text(out, json.dumps(results, indent=2) + "\n")  # after each section: a crash keeps the rest
    print(table(results))
    return 0


def _ok(value: bool | None) -> str:
    return "n/a" if value is None else ("met" if value else "**missed**")


def table(results: dict[str, Any]) -> str:
    """The README's table of targets and figures, from results.json."""
    s = results.get("sections", {})
    rows: list[tuple[str, str, str, str]] = []
    a = s.get("annotation")
    if a:
        rows.append(("Annotation throughput, kit / raw `nlp.pipe`", "≥ 0.9",
                     f"{a['throughput_ratio_kit_vs_raw']:.2f} ({a['documents']} docs, {a['words']:,} words)",
                     _ok(a["throughput_ratio_kit_vs_raw"] >= 0.9)))
    f = s.get("first")
    if f:
        for r in f["slices"]:
            rows.append((f"First phrase trend, fresh cache / raw spaCy ({r['documents']} speeches)",
                         f"≤ {f['ratio_goal']}×",
                         f"{r['ratio_trend_vs_raw']}× ({r['phrase_trend_s']} s against {r['raw_spacy_s']} s; "
                         f"then KWIC {r['kwic_s']} s, keyness {r['keyness_s']} s; tiers {', '.join(r['tiers_computed'])}; "
                         f"identical to full annotation: {r['trend_identical_to_full_annotation']})",
                         _ok(r["meets_goal"])))
        w = f.get("whole")
        if w:
            rows.append((f"First phrase trend over the whole corpus ({w['documents']:,} documents), fresh cache",
                         f"< {w['goal_s']:.0f} s",
                         f"{w['phrase_trend_jobs2_s']} s with `--jobs 2`, {w['phrase_trend_jobs1_s']} s with one process",
                         _ok(w["meets_goal"])))
    p = s.get("parallel")
    if p:
        speed = p.get("speedup_jobs2_vs_jobs1")
        peak = p.get("worker_peak_mb")
        rows.append(("`--jobs 2` / `--jobs 1` (startup included)", "≥ 1.6×",
                     f"{speed}× (excluding startup {p.get('speedup_jobs2_vs_jobs1_excl_startup')}×; "
                     f"{p['documents']} docs, {p['words']:,} words)", _ok(speed is not None and speed >= 1.6)))
        rows.append(("Peak memory per worker", "< 1.5 GB", f"{peak} MB", _ok(peak is not None and peak < 1536)))
        same = p.get("identical_rows", {})
        rows.append(("Dask LocalCluster (2 workers) / `--jobs 1`", "same rows",
                     f"{p.get('ratio_dask_vs_jobs1')}×; rows identical to the local run: "
                     f"{all(same.values()) if same else '?'}; read by Dask and DuckDB: "
                     f"{p.get('readable_by_other_engines', {}).get('ok')}", _ok(all(same.values()) if same else None)))
    c = s.get("components")
    if c:
        chosen = c.get("choice", "").split("'")[1] if "'" in c.get("choice", "") else ""
        conf = next((x for x in c.get("configs", []) if x.get("name") == chosen), None)
        ner = next((x["share"] for x in c.get("components", []) if x["name"] == "ner"), None)
        text = (f"{chosen}: {', '.join(conf['components'])}; {conf['speed_vs_parser']}× the parser pipeline, "
                f"sentence F1 {conf['sentence_f1']:.3f}, entity F1 {conf['entity_f1']:.3f}, theme F1 "
                f"{conf['theme_f1']:.3f}" + (f"; NER is {ner:.0%} of spaCy's time" if ner is not None else "")
                if conf else c.get("choice", "")[:160])
        rows.append(("Cheapest component set that keeps quality", "measured", text, "chosen"))
    g = s.get("scale")
    if g:
        rows.append(("Cold: load, clean, annotate (jobs 2), speakers", "—",
                     f"{g['cold_load_annotate_s']:,} s ({g['documents']:,} docs, {g['words']:,} words)", "—"))
        rows.append(("Warm load of the whole annotated corpus", "< 5 s", f"{g['warm_load_s']} s",
                     _ok(g["warm_load_s"] < 5)))
        rows.append(("Cold / warm", "≥ 100×", f"{g['cold_vs_warm']}×", _ok(g["cold_vs_warm"] >= 100)))
        for q in g["queries"]:
            goal = q.get("goal_s", g.get("query_goal_s", 2.0)) if "goal_s" in q else g.get("query_goal_s", 2.0)
            rows.append((f"Query, first call in a fresh process: {q['query'].replace('_', ' ')}"
                         + (f" ({q['filtered']})" if q.get("filtered") else ""),
                         f"< {goal:g} s" if goal else "measured",
                         f"{q['first_s']} s (repeat {q['repeat_s']} s)",
                         _ok(q["first_s"] < goal) if goal else "—"))
        rows.append((f"`lavrovkit report --all --jobs {g['jobs']}` over the corpus, warm", f"< {REPORT_ALL_GOAL_S:.0f} s",
                     f"{g['report_all_s']} s, {len(g['reports'])} reports"
                     + ("" if g["report_all_ok"] else " (a report failed)"),
                     _ok(g["report_all_ok"] and g["report_all_s"] < REPORT_ALL_GOAL_S)))
    w = s.get("site")
    if w:
        site, c2, sub, pipe, dup = w["site"], w["clean_site"], w["clean_subset"], w["pipeline"], w["duplicates"]
        made = f"{site['pages']:,} pages, {site['mb']} MB: the {site['source_pages']} source pages repeated"
        rows.append((f"Saved site: load+clean, jobs {w['jobs']}", "measured",
                     f"{c2['pages_per_s']} pages/s, {c2['mb_per_s']} MB/s ({c2['load_clean_s']} s; {made})", "—"))
        j = w["jobs"]
        rows.append((f"jobs {j} / jobs 1 (cleaning)", "measured",
                     f"{sub[f'speedup_jobs{j}_vs_jobs1']}× ({sub['jobs1']['pages_per_s']} → "
                     f"{sub[f'jobs{j}']['pages_per_s']} pages/s; {sub['pages']:,} pages)", "—"))
        rows.append(("Saved site: whole pipeline", "measured",
                     f"{pipe['pages_per_s']} pages/s ({pipe['total_s']:,} s: load+clean {pipe['load_clean_s']} s, "
                     f"annotation and speakers {pipe['annotate_speakers_s']} s; {pipe['pages']:,} pages, "
                     f"{pipe['words']:,} words)", "—"))
        rows.append(("Duplicates over the site", "measured",
                     f"{dup['s']} s ({dup['groups']} groups, {dup['documents_in_groups']:,} of "
                     f"{dup['documents']:,} pages: near copies made by the repetition, "
                     f"{dup['groups_mixing_source_pages']} groups mixing pages)", "—"))
    m = s.get("semantic")
    if m:
        t, q = m["throughput"], m["similar"]
        j1, j2 = t["jobs1"], t["jobs2"]
        rows.append(("Embedding throughput, one thread (e5-small, 4-bit)", "measured",
                     f"{j1['sentences_per_s']} sentences/s, {j1['tokens_per_s']} tokens/s "
                     f"({j1['ms_per_token_per_core']} ms per token; {t['sentences']} sentences, "
                     f"{t['tokens_per_sentence']} tokens each)", "—"))
        rows.append(("Embedding, 2 threads / 1 thread", "measured",
                     f"{t['speedup_jobs2_vs_jobs1']}× ({j2['sentences_per_s']} sentences/s; vectors identical: "
                     f"{t['identical_vectors']}; peak memory {t['peak_rss_mb']} MB)", "—"))
        if "warm_median_s" in q:
            rows.append((f"`similar`, warm ({q['vectors']:,} sentence vectors, {q['vectors_mb']} MB)",
                         f"< {m['warm_goal_s']:g} s",
                         f"median {q['warm_median_s']} s, slowest {q['warm_max_s']} s of {q['warm_queries']} "
                         f"(English {q['warm_median_en_s']} s, Russian {q['warm_median_ru_s']} s); "
                         f"filtered {q['filtered_repeat_s']} s (first {q['filtered_first_s']} s)",
                         _ok(m.get("meets_warm_goal"))))
            rows.append(("`similar`, first query in a new process (vectors read from the cache)", "measured",
                         f"{q['cold_first_similar_s']} s after a {q['warm_load_s']} s warm load; "
                         f"peak memory {q['peak_rss_mb']} MB", "—"))
        else:
            rows.append(("`similar` latency", f"< {m['warm_goal_s']:g} s", q.get("error", "not measured"), "n/a"))
        side = m.get("query_side")
        if side and side.get("pairs"):
            def fig(k: str) -> str:
                a, b = side[k]["ru_to_en"], side[k]["en_to_ru"]
                return f"{k}: RU→EN top-1 {a['top1']}/{side['pairs']} (MRR {a['mrr']}), EN→RU {b['top1']}/{side['pairs']}"
            rows.append(("Text query embedded as e5 query or passage", "chosen by measurement",
                         f"{fig('passage')}; {fig('query')}; among {side['sentences']:,} sentences",
                         side["better_side"]))
    r = s.get("russian")
    if r:
        per_tier = ", ".join(f"{t} {v['words_per_s']:,} words/s ({v['docs_per_s']} docs/s; "
                             f"{v.get('words_per_cpu_s', 0):,} per CPU second)" for t, v in r["tiers"].items())
        rows.append((f"Russian annotation per tier ({r['documents']} synthetic docs, {r['words']:,} words)", "measured",
                     f"{per_tier}; model load {r['model_load_s']} s", "—"))
        j2 = r["jobs2"]
        rows.append(("Russian annotation, every tier: jobs 1 / jobs 2", "measured",
                     f"{r['jobs1']['words_per_s']:,} / {j2['words_per_s']:,} words/s ({r['speedup_jobs2_vs_jobs1']}×; "
                     f"load average {r.get('load_average_before_after', '?')}; "
                     f"workers' startup {j2['startup_s']} s, peak {j2['worker_peak_mb']} MB); warm reload "
                     f"{r['warm_load_s']} s; rows identical: {all(r['identical_rows_jobs1_jobs2_warm'].values())}", "—"))
    lines = ["| Target | Goal | Measured | |", "|---|---|---|---|"]
    lines += [f"| {a_} | {b} | {c_} | {d} |" for a_, b, c_, d in rows]
    lines.append("")
    commands = sorted({f.get("command", "") for f in s.values() if f.get("command")})
    lines.append(f"Machine: {results.get('machine', '?')}; lavrovkit {results.get('lavrovkit', '?')}, "
                 f"spaCy {results.get('spacy', '?')}; {results.get('date', '')}. Commands: "
                 + "; ".join(f"`{c}`" for c in commands) + ".")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
