"""Parallel annotation benchmark: one process, two local processes and a Dask cluster, in one run.

Usage::

    python bench/parallel.py CORPUS --pattern P [--docs 300] [--quick] [--out FILE]
                             [--wait-quiet S] [--rounds N] [--dask-no-malloc-trim]

A slice of ``--docs`` documents spread evenly over the corpus (every k-th by
``doc_id``; ``--quick``: 40) is annotated three times, each into a fresh
temporary cache: ``jobs=1`` (in this process), ``jobs=2`` (two spawned
processes) and on a ``distributed.LocalCluster`` with two single-threaded
worker processes. Each time counts everything a user waits for: the model
load in this process, starting the workers (and the cluster), their imports
and model loads, the Parquet writes and the read back. ``startup_s`` is the
time until every worker had its model (from the tasks' own clocks), so
``excl_startup_s`` is the rest.

Then the three caches are read back and compared (sentences, tokens and
entities sorted by key and ids, ``DataFrame.equals``), and the Dask cache is
read by ``dask.dataframe.read_parquet`` and, when importable, DuckDB: their
row counts must equal the kit's. Peak memory is ``VmHWM`` (Linux) of each
worker, as the tasks report it and, for Dask, as the workers report it to
``client.run``; the parent's peak is reset before each run where the kernel
allows (``/proc/self/clear_refs``).

Times on a shared machine are only as good as its quiet: ``others_cpu_share``
is the share of all cores that other processes used during a run (from
/proc/stat minus this run's own CPU: 0 = quiet, 0.5 = a whole core of two),
``task_cpu_share`` the CPU the tasks got per second of their wall time (1 = a
core each). ``--wait-quiet S`` waits up to S seconds before each run for the
others to go quiet. Prints JSON and writes it to ``--out``.
"""

from __future__ import annotations

import argparse
import gc
import json
import logging
import os
import platform
import resource
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from lavrovkit import __version__, corpus_load
from lavrovkit import annotate as ann
from lavrovkit.files import atomic_write_text

#: Sort order that makes each table's rows comparable across caches.
ORDER = {
    "sentences": ["key", "sentence_id"],
    "tokens": ["key", "token_id"],
    "entities": ["key", "start_char", "end_char", "label"],
}
SPEEDUP_GOAL = 1.6
WORKER_MB_GOAL = 1536


def _slice(corpus, n: int):  # type: ignore[no-untyped-def]
    """Every k-th document by doc_id, so the slice spans the whole corpus."""
    ids = sorted(corpus.documents["doc_id"])
    if n >= len(ids):
        return corpus
    step = len(ids) / n
    return corpus.filter(doc_ids=[ids[int(i * step)] for i in range(n)])


def _reset_peak() -> bool:
    """Reset this process's VmHWM (Linux: write 5 to /proc/self/clear_refs); False if not possible."""
    try:
        with open("/proc/self/clear_refs", "w", encoding="ascii") as fh:
            fh.write("5")
        return True
    except OSError:
        return False


def _machine_busy_s() -> float | None:
    """CPU seconds the whole machine has spent busy (all processes, all cores), from /proc/stat."""
    try:
        with open("/proc/stat", encoding="ascii") as fh:
            fields = [int(x) for x in fh.readline().split()[1:]]
    except (OSError, ValueError):
        return None
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)  # idle + iowait
    return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def _own_cpu_s() -> float:
    """CPU seconds of this process and its reaped children (a closed pool's or cluster's workers)."""
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def _wait_quiet(max_wait: float, busy_below: float = 0.1) -> float | None:
    """Wait up to ``max_wait`` s until other processes use under ``busy_below`` of the cores for 2 s.

    Returns the busy share last seen (None without /proc/stat)."""
    cores = os.cpu_count() or 1
    deadline = time.time() + max_wait
    while True:
        b0 = _machine_busy_s()
        if b0 is None:
            return None
        time.sleep(2)
        share = (_machine_busy_s() - b0) / (2 * cores)  # type: ignore[operator]
        if share < busy_below or time.time() >= deadline:
            return round(share, 3)


def _others_share(busy0: float | None, busy1: float | None, own_s: float, wall: float) -> float | None:
    """Share of the machine's cores that other processes used meanwhile (0 quiet, 0.5 = one core of two)."""
    if busy0 is None or busy1 is None or wall <= 0:
        return None
    return round(max(0.0, busy1 - busy0 - own_s) / (wall * (os.cpu_count() or 1)), 3)


def _timed(label: str, texts: dict[str, str], cache: Path, **options: Any) -> tuple[dict[str, Any], ann.AnnotationRun]:
    """One annotation run into a fresh cache, with its figures (``t0`` = wall clock at the call)."""
    ann.load_model.cache_clear()  # every run loads its own model, as a fresh process would
    gc.collect()
    reset = _reset_peak()
    t0 = time.time()
    tables, run = ann.annotate(texts, cache_dir=cache, progress=False, **options)
    t1 = time.time()
    figures = {"t0": t0, "t1": t1, "tokens": int(len(tables["tokens"])),
               "parent_peak_mb": round(ann.AnnotationRun.process_peak_mb(), 1),
               "parent_peak_is_per_run": reset}
    del tables
    return figures, run


def _summarise(figures: dict[str, Any], run: ann.AnnotationRun, words: int, t_start: float) -> dict[str, Any]:
    """Seconds and words/s of one run, including and excluding start-up, from the task clocks."""
    stats = run.task_stats
    first_ready: dict[tuple[str, int], float] = {}
    for s in stats:
        w = (s["host"], s["pid"])
        first_ready[w] = min(first_ready.get(w, s["ready"]), s["ready"])
    total = figures["t1"] - t_start
    startup = max(first_ready.values()) - t_start
    last_end = max(s["end"] for s in stats)
    task_wall = sum(s["end"] - s["start"] for s in stats)
    task_cpu = sum(s["cpu_s"] for s in stats)
    return {
        "backend": run.backend,
        "tasks": run.tasks,
        "workers": run.workers,
        "seconds": round(total, 2),
        "words_per_s": round(words / total),
        "startup_s": round(startup, 2),
        "excl_startup_s": round(total - startup, 2),
        "words_per_s_excl_startup": round(words / (total - startup)),
        "worker_model_load_s": round(max(s["model_s"] for s in stats), 2),
        "parquet_write_s": round(sum(s["write_s"] for s in stats), 2),
        "read_back_s": round(figures["t1"] - last_end, 2),
        "task_cpu_s": round(task_cpu, 1),
        "task_cpu_share": round(task_cpu / task_wall, 3) if task_wall else None,
        "worker_peak_mb": round(run.worker_peak_mb, 1),
        "worker_peaks_mb": sorted({(s["host"], s["pid"]): round(s["peak_mb"], 1) for s in stats}.values()),
        "shard_chars_min_max": [min(s["chars"] for s in stats), max(s["chars"] for s in stats)],
        "parent_peak_mb": figures["parent_peak_mb"],
        "tokens": figures["tokens"],
    }


def _sorted_tables(root: Path, keys: list[str]) -> dict[str, Any]:
    """Every tier's tables of ``keys`` from the annotation folders under ``root``, sorted for comparison."""
    tables: dict[str, Any] = {}
    for folder in sorted(p for p in root.iterdir() if p.is_dir()):
        tables.update(ann.read_cached(folder, keys))
    tables = {name: t for name, t in tables.items() if name in ORDER}
    return {name: t.sort_values(ORDER[name], kind="stable").reset_index(drop=True) for name, t in tables.items()}


def _readable(folder: Path, kit_rows: dict[str, int]) -> dict[str, Any]:
    """Row counts of each table as Dask and DuckDB read the cache folder directly."""
    import dask.dataframe as dd

    out: dict[str, Any] = {"kit_rows": kit_rows, "dask_rows": {}, "duckdb_rows": None}
    for name in kit_rows:
        out["dask_rows"][name] = int(len(dd.read_parquet(str(folder / "*" / f"*.{name}.parquet"))))
    try:
        import duckdb
    except ImportError:
        out["duckdb"] = "not installed"
    else:
        out["duckdb"] = duckdb.__version__
        out["duckdb_rows"] = {}
        for name in kit_rows:
            glob = str(folder / "*" / f"*.{name}.parquet").replace("'", "''")
            out["duckdb_rows"][name] = int(duckdb.sql(f"select count(*) from read_parquet('{glob}')").fetchall()[0][0])
    out["ok"] = out["dask_rows"] == kit_rows and out["duckdb_rows"] in (None, kit_rows)
    return out


def _local(label: str, jobs: int, texts: dict[str, str], words: int, cache: Path,
           wait_quiet: float) -> tuple[dict[str, Any], Path]:
    quiet = _wait_quiet(wait_quiet)
    busy0, own0 = _machine_busy_s(), _own_cpu_s()
    figures, r = _timed(label, texts, cache, jobs=jobs)
    own = _own_cpu_s() - own0  # the pool's workers are reaped by now
    out = _summarise(figures, r, words, figures["t0"])
    out.update(own_cpu_s=round(own, 1), others_busy_before=quiet,
               others_cpu_share=_others_share(busy0, _machine_busy_s(), own, figures["t1"] - figures["t0"]))
    return out, r.folder.parent  # the annotations folder: one folder per tier


def _dask(texts: dict[str, str], words: int, cache: Path, wait_quiet: float,
          malloc_trim: bool = True) -> tuple[dict[str, Any], Path]:
    """The LocalCluster run; its start counts. The nannies set their workers' environment in this
    process (MALLOC_TRIM_THRESHOLD_ and friends), so it is restored afterwards.

    ``malloc_trim=False`` starts the workers without Dask's ``MALLOC_TRIM_THRESHOLD_=65536``,
    which (set at all) pins glibc's mmap threshold at 128 KiB: every array spaCy frees goes
    back to the kernel and faults in again.
    """
    import dask
    from distributed import Client, LocalCluster

    config = {} if malloc_trim else {"distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None}

    ann.load_model.cache_clear()
    gc.collect()
    quiet = _wait_quiet(wait_quiet)
    environ = dict(os.environ)
    if not malloc_trim:
        os.environ.pop("MALLOC_TRIM_THRESHOLD_", None)
    reset = _reset_peak()
    busy0, own0 = _machine_busy_s(), _own_cpu_s()
    t_start = time.time()
    try:
        with dask.config.set(config), LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                                   dashboard_address=None, silence_logs=logging.ERROR) as cluster:
            cluster_s = time.time() - t_start
            figures, r = _timed("dask", texts, cache, scheduler=cluster.scheduler_address)
            busy1, own = _machine_busy_s(), _own_cpu_s() - own0
            figures["parent_peak_is_per_run"] = reset
            with Client(cluster) as client:
                reported = client.run(ann.AnnotationRun.process_peak_mb)
                trim = client.run(os.environ.get, "MALLOC_TRIM_THRESHOLD_")
                own += sum(client.run(time.process_time).values())  # the workers' whole lives
    finally:
        os.environ.clear()
        os.environ.update(environ)
    out = _summarise(figures, r, words, t_start)
    out.update(cluster_start_s=round(cluster_s, 2),
               worker_malloc_trim_threshold=sorted({str(v) for v in trim.values()}),
               worker_peaks_mb_client_run=sorted(round(v, 1) for v in reported.values()),
               own_cpu_s=round(own, 1), others_busy_before=quiet,
               others_cpu_share=_others_share(busy0, busy1, own, figures["t1"] - t_start))
    return out, r.folder.parent  # the annotations folder: one folder per tier


def run(corpus_path: str | os.PathLike[str], pattern: str | None, *, docs: int = 300, quick: bool = False,
        wait_quiet: float = 0.0, rounds: int = 1, dask_malloc_trim: bool = True) -> dict[str, Any]:
    """Annotate an evenly spread slice with jobs=1, jobs=2 and a 2-worker LocalCluster; compare them.

    ``wait_quiet``: before each run, wait up to that many seconds for other processes to leave
    the cores (under 10% busy for 2 s); ``others_cpu_share`` says how far they did. With
    ``rounds`` > 1 the three runs are repeated in turn and the fastest of each counts.
    ``dask_malloc_trim=False`` starts the Dask workers without Dask's ``MALLOC_TRIM_THRESHOLD_``.
    """
    n = 40 if quick else docs
    t0 = time.perf_counter()
    full = corpus_load(corpus_path, pattern)
    load_s = time.perf_counter() - t0
    corpus = _slice(full, n)
    texts = dict(zip(corpus.documents["key"], corpus.documents["text"], strict=True))
    keys = list(texts)
    words = int(corpus.documents["words"].sum())
    every: dict[str, list[dict[str, Any]]] = {"jobs1": [], "jobs2": [], "dask": []}
    folders: dict[str, Path] = {}
    with tempfile.TemporaryDirectory(prefix="lavrovkit-parallel-") as tmp:
        for i in range(rounds):
            for label, jobs in (("jobs1", 1), ("jobs2", 2)):
                figures, folder = _local(label, jobs, texts, words, Path(tmp) / f"{label}-{i}", wait_quiet)
                every[label].append(figures)
                folders.setdefault(label, folder)
            figures, folder = _dask(texts, words, Path(tmp) / f"dask-{i}", wait_quiet, dask_malloc_trim)
            every["dask"].append(figures)
            folders.setdefault("dask", folder)

        reference = _sorted_tables(folders["jobs1"], keys)
        identical = {}
        for label in ("jobs2", "dask"):
            other = _sorted_tables(folders[label], keys)
            identical[label] = all(reference[name].equals(other[name]) for name in ORDER)
        kit_rows = {name: int(len(t)) for name, t in reference.items()}
        readable = _readable(folders["dask"], kit_rows)
        del reference, other
        cache_mb = sum(p.stat().st_size for p in folders["dask"].rglob("*.parquet")) / 1e6
        model = json.loads(next(folders["dask"].glob("*-forms/info.json")).read_text())

    runs = {label: min(figures, key=lambda f: f["seconds"]) for label, figures in every.items()}
    for label, figures in every.items():
        runs[label]["all_seconds"] = [f["seconds"] for f in figures]
        runs[label]["all_others_cpu_share"] = [f["others_cpu_share"] for f in figures]

    j1, j2, dk = runs["jobs1"], runs["jobs2"], runs["dask"]
    worker_peak = max(j2["worker_peak_mb"], dk["worker_peak_mb"], *dk["worker_peaks_mb_client_run"])
    return {
        "benchmark": "parallel annotation",
        "corpus": str(corpus_path),
        "pattern": pattern,
        "documents": len(texts),
        "corpus_documents": len(full),
        "words": words,
        "chars": sum(len(t) for t in texts.values()),
        "load_and_clean_s": round(load_s, 2),
        "model": f"{model['model']} {model['model_version']}",
        "rounds": rounds,
        "runs": runs,
        "speedup_jobs2_vs_jobs1": round(j1["seconds"] / j2["seconds"], 3),
        "speedup_jobs2_vs_jobs1_excl_startup": round(j1["excl_startup_s"] / j2["excl_startup_s"], 3),
        "ratio_dask_vs_jobs1": round(j1["seconds"] / dk["seconds"], 3),
        "ratio_dask_vs_jobs1_excl_startup": round(j1["excl_startup_s"] / dk["excl_startup_s"], 3),
        "speedup_goal": SPEEDUP_GOAL,
        "speedup_met": j1["seconds"] / j2["seconds"] >= SPEEDUP_GOAL,
        "worker_peak_mb": worker_peak,
        "worker_peak_goal_mb": WORKER_MB_GOAL,
        "worker_peak_met": worker_peak < WORKER_MB_GOAL,
        "parent_peak_mb": max(x["parent_peak_mb"] for x in runs.values()),
        "identical_rows": identical,
        "readable_by_other_engines": readable,
        "cache_mb": round(cache_mb, 1),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, python {platform.python_version()}",
        "lavrovkit": __version__,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus")
    parser.add_argument("--pattern", default=None)
    parser.add_argument("--docs", type=int, default=300)
    parser.add_argument("--quick", action="store_true", help="a 40-document slice for development")
    parser.add_argument("--out", default=None)
    parser.add_argument("--wait-quiet", type=float, default=0.0, metavar="S",
                        help="before each run, wait up to S seconds for the other processes to go quiet")
    parser.add_argument("--rounds", type=int, default=1, help="repeat the three runs; the fastest of each counts")
    parser.add_argument("--dask-no-malloc-trim", action="store_true",
                        help="start the Dask workers without Dask's MALLOC_TRIM_THRESHOLD_=65536")
    args = parser.parse_args(argv)
    result = run(args.corpus, args.pattern, docs=args.docs, quick=args.quick, wait_quiet=args.wait_quiet,
                 rounds=args.rounds, dask_malloc_trim=not args.dask_no_malloc_trim)
    text = json.dumps(result, indent=2)
    print(text)
    if args.out:
        atomic_write_text(args.out, text + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
