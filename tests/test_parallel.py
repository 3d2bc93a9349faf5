"""Parallel annotation: jobs=2 equals jobs=1 on every table, runs record their tasks, workers and
peak memory, shards are balanced over the workers, a worker with another model refuses to write,
and a Dask-written cache is readable by Dask and DuckDB directly; pool workers end with their
parent (killed, SIGTERM, Ctrl-C).

(Row equality of a Dask run with a local one is ``test_annotate.test_dask_local_cluster_equals_local``.)
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path

import pandas as pd
import pytest

from lavrovkit import annotate as ann
from lavrovkit import corpus_load

ORDER = {"sentences": ["key", "sentence_id"], "tokens": ["key", "token_id"],
         "entities": ["key", "start_char", "end_char", "label"]}


@pytest.fixture(scope="module")
def texts() -> dict[str, str]:
    docs = corpus_load().documents
    return dict(zip(docs["key"], docs["text"], strict=True))


def _small_shards(texts: dict[str, str]) -> int:
    """A shard size that makes the seeds more than one shard, so workers are used."""
    return sum(len(t) for t in texts.values()) // 2


def test_jobs2_gives_the_same_tables_as_jobs1_and_records_tasks(texts: dict[str, str], tmp_path: Path) -> None:
    one, run1 = ann.annotate(texts, cache_dir=tmp_path / "one", progress=False)
    two, run2 = ann.annotate(texts, cache_dir=tmp_path / "two", jobs=2, shard_chars=_small_shards(texts),
                             progress=False)
    assert run1.backend == "local" and run1.workers == 1 and run1.tasks == len(run1.shards) >= 1
    assert run2.backend == "processes:2"
    # at least 4 shards per worker wanted; the seeds have fewer documents, so one each
    assert run2.tasks == len(run2.shards) == min(8, len(texts))
    assert 1 <= run2.workers <= 2
    assert 0 < run2.worker_peak_mb < 1536
    assert {s["docs"] for s in run2.task_stats} == {1} and all(s["cpu_s"] > 0 for s in run2.task_stats)
    for name, order in ORDER.items():
        a = one[name].sort_values(order).reset_index(drop=True)
        b = two[name].sort_values(order).reset_index(drop=True)
        assert len(a) > 0
        pd.testing.assert_frame_equal(a, b)


def test_shards_are_balanced_over_the_workers() -> None:
    items = [(f"k{i}", "x" * (1000 + 37 * i)) for i in range(100)]
    total = sum(len(t) for _, t in items)
    assert len(ann._shards(items, total // 3 + 1)) == 3  # one process: shards of about shard_chars
    two = ann._shards(items, total // 3 + 1, jobs=2)
    assert len(two) == 8  # at least 4 per worker, a multiple of 2
    sizes = [sum(len(t) for _, t in s) for s in two]
    assert max(sizes) < 1.2 * min(sizes)
    assert [k for s in two for k, _ in s] == [k for k, _ in items]  # order kept, nothing lost
    assert len(ann._shards(items, 10 * total, jobs=2)) == 1  # too little text to start workers for
    assert ann._shards([], 100, jobs=2) == []


def test_a_worker_with_another_model_refuses_to_write(tmp_path: Path) -> None:
    folder = tmp_path / "en_core_web_sm-0.0.1-deadbeef-a0"
    with pytest.raises(ann.ModelNotFoundError, match="same spaCy model version"):
        ann._annotate_shard([("k", "Lavrov met Kerry.")], ann.model_name(), ann.DEFAULT_COMPONENTS, str(folder))
    assert not folder.exists()


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="VmHWM is Linux-only")
def test_worker_peak_is_the_workers_own_not_its_parents() -> None:
    ballast = bytearray(400 * 2**20)
    ballast[:: 4096] = b"\1" * len(ballast[:: 4096])  # touch every page: the parent's peak grows by 400 MB
    with ProcessPoolExecutor(1, mp_context=get_context("spawn")) as pool:
        child = pool.submit(ann.AnnotationRun.process_peak_mb).result()
    parent = ann.AnnotationRun.process_peak_mb()
    del ballast
    assert 0 < child < parent - 300, (child, parent)  # ru_maxrss would have reported the parent's peak


@pytest.mark.slow
def test_dask_run_records_workers_and_its_cache_is_readable_by_dask_and_duckdb(
        texts: dict[str, str], tmp_path: Path) -> None:
    distributed = pytest.importorskip("distributed")
    dd = pytest.importorskip("dask.dataframe")
    environ = dict(os.environ)  # the nannies set their workers' variables (MALLOC_TRIM_THRESHOLD_) here
    try:
        with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                      dashboard_address=None) as cluster:
            tables, run = ann.annotate(texts, cache_dir=tmp_path, scheduler=cluster.scheduler_address,
                                       shard_chars=_small_shards(texts), progress=False)
            with distributed.Client(cluster) as client:
                peaks = client.run(ann.AnnotationRun.process_peak_mb)
    finally:
        os.environ.clear()
        os.environ.update(environ)
    assert run.backend.startswith("dask:")
    assert run.tasks == len(run.shards) == min(8, len(texts))  # 4 per worker thread, one per seed here
    assert 1 <= run.workers <= 2 and 0 < run.worker_peak_mb <= max(peaks.values()) + 1
    for name in ORDER:  # each tier's tables in its own folder
        folder = run.folders["entities" if name == "entities" else "forms"]
        files = str(folder / f"*.{name}.parquet")
        assert len(dd.read_parquet(files)) == len(tables[name])
    try:
        import duckdb
    except ImportError:  # pragma: no cover - duckdb is a dependency, but optional here
        return
    files = str(run.folder / "*.tokens.parquet")
    assert duckdb.sql(f"select count(*) from read_parquet('{files}')").fetchall()[0][0] == len(tables["tokens"])


# ---------------------------------------------------------------------- workers end with their parent

_ANNOTATE_CHILD = """
import sys
from lavrovkit import annotate as ann
texts = {f"k{i}": ("Sergey Lavrov met John Kerry in Geneva on day %d. They talked about Syria. " % i) * 60
         for i in range(400)}
print("started", flush=True)
ann.annotate(texts, cache_dir=sys.argv[1], jobs=2, shard_chars=4000, progress=False)
"""

_SLEEP_CHILD = """
import signal, sys, time
# started as from a shell: Ctrl-C handled and not blocked, whatever an earlier test left this pytest process (and
# so its children) ignoring or blocking; both are inherited through exec, and Python then leaves them so
signal.signal(signal.SIGINT, signal.default_int_handler)
signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
from lavrovkit.workers import worker_pool
try:
    with worker_pool(2) as pool:
        list(pool.map(time.sleep, [60, 60]))
except KeyboardInterrupt:
    print("interrupted", flush=True)
    sys.exit(130)
"""


def _start(script: str, *args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    return subprocess.Popen([sys.executable, "-c", script, *args], env=env, text=True, start_new_session=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def _workers(parent: int, want: int = 2, timeout: float = 20) -> list[psutil.Process]:
    """The spawned pool workers of ``parent``, once there are ``want`` of them."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = []
        for child in psutil.Process(parent).children():
            try:
                if "spawn_main" in " ".join(child.cmdline()):
                    found.append(child)
            except psutil.Error:
                continue
        if len(found) >= want:
            time.sleep(1)  # let them start (initializer run)
            return found
        time.sleep(0.2)
    raise AssertionError(f"no {want} workers under {parent} within {timeout} s")


def _gone(procs: list[psutil.Process], timeout: float = 8) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        alive = []
        for p in procs:
            try:
                if p.status() != psutil.STATUS_ZOMBIE:
                    alive.append(p)
            except psutil.NoSuchProcess:
                continue
        if not alive:
            return True
        time.sleep(0.2)
    for p in procs:  # don't leave them behind when the test fails
        with contextlib.suppress(psutil.Error):
            p.kill()
    return False


psutil = pytest.importorskip("psutil")


def test_annotation_workers_exit_when_their_parent_is_killed(tmp_path: Path) -> None:
    child = _start(_ANNOTATE_CHILD, str(tmp_path))
    try:
        workers = _workers(child.pid)
        child.send_signal(signal.SIGKILL)
        child.wait(5)
        assert _gone(workers), "annotation workers outlived their killed parent"
    finally:
        with contextlib.suppress(ProcessLookupError):
            child.kill()


def test_sigterm_terminates_the_pool_and_interrupts_the_parent() -> None:
    child = _start(_SLEEP_CHILD)
    workers = _workers(child.pid)
    child.send_signal(signal.SIGTERM)
    out, err = child.communicate(timeout=10)
    assert child.returncode == 130 and "interrupted" in out, err
    assert _gone(workers, 2)


def test_ctrl_c_interrupts_the_parent_alone_without_worker_tracebacks() -> None:
    child = _start(_SLEEP_CHILD)
    workers = _workers(child.pid)
    os.killpg(child.pid, signal.SIGINT)  # what Ctrl-C does: the whole foreground process group
    out, err = child.communicate(timeout=10)
    assert child.returncode == 130 and "interrupted" in out
    assert "Traceback" not in err, err
    assert _gone(workers, 2)


def test_cleaning_runs_in_the_pool_whose_workers_end_with_their_parent(monkeypatch: pytest.MonkeyPatch,
                                                                       tmp_path: Path) -> None:
    from lavrovkit import build, workers

    used: list[int] = []

    def spy(jobs: int, *args: object, **kwargs: object):  # type: ignore[no-untyped-def]
        used.append(jobs)
        return workers.worker_pool(jobs, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(build, "worker_pool", spy)
    monkeypatch.setattr(build, "CLEAN_CHUNK", 2)  # the five seeds in three chunks
    two = corpus_load(cache=False, jobs=2, progress=False)
    assert used == [2]
    assert two.documents.equals(corpus_load(cache=False).documents)
