"""Local process pools whose workers end with their parent.

Annotation (``jobs``) and cleaning (``corpus_load(jobs=...)``) run in spawned
processes of a few hundred MB each. :func:`worker_pool` makes sure none outlives
the run:

* each worker ignores SIGINT from birth (Ctrl-C reaches the whole process
  group; the parent alone handles it; workers are started with SIGINT blocked,
  a mask they inherit, so one still starting can't print a traceback, and a
  Ctrl-C during a start still interrupts the parent), asks Linux to send it SIGTERM when its parent dies
  (``prctl(PR_SET_PDEATHSIG)``) and, everywhere, checks once a second that its
  parent is still there, exiting at once when it is not (parent killed with
  SIGKILL, crashed, ...);
* the parent, on an error, KeyboardInterrupt or SIGTERM (turned into
  KeyboardInterrupt while the pool runs), terminates the workers instead of
  waiting for their tasks, then re-raises.

>>> with worker_pool(1) as pool:
...     pool.submit(abs, -3).result()
3
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from multiprocessing.context import SpawnContext, SpawnProcess
from typing import Any

#: How often a worker checks that its parent is alive, in seconds.
WATCH_SECONDS = 1.0
#: ``prctl`` option: the signal a process gets when its parent dies (Linux).
_PR_SET_PDEATHSIG = 1


@contextmanager
def worker_pool(jobs: int, initializer: Callable[..., object] | None = None,
                initargs: tuple[Any, ...] = ()) -> Iterator[ProcessPoolExecutor]:
    """A pool of ``jobs`` spawned processes that end with this one; ``initializer(*initargs)`` runs in each.

    Leaving the block normally waits for the tasks; leaving it by an exception
    (KeyboardInterrupt, SIGTERM, a failed task) terminates the workers first.
    """
    pool = ProcessPoolExecutor(max_workers=jobs, mp_context=_QuietContext(), initializer=_init_worker,
                               initargs=(os.getpid(), initializer, initargs))
    restore = _sigterm_interrupts()
    try:
        yield pool
    except BaseException:
        terminate(pool)
        raise
    else:
        pool.shutdown(wait=True)
    finally:
        restore()


class _QuietProcess(SpawnProcess):
    """A spawned process started while SIGINT is blocked in this thread, so it is blocked there from the first line.

    The signal mask survives fork and exec, so the new process cannot take a Ctrl-C before its initializer
    ignores it. Blocking (not ignoring) leaves this process's own handling alone: a Ctrl-C that arrives
    while a worker starts goes to another thread or waits until the block is lifted, and interrupts the
    parent as usual (ignoring SIGINT here for the moment of the start lost it, and the parent slept on).
    """

    def start(self) -> None:
        if not hasattr(signal, "pthread_sigmask"):  # pragma: no cover - no signal masks on this platform
            super().start()
            return
        previous = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
        try:
            super().start()
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, previous)


class _QuietContext(SpawnContext):
    """The spawn start method, with :class:`_QuietProcess` workers."""

    Process = _QuietProcess


def terminate(pool: ProcessPoolExecutor) -> None:
    """Stop a pool's workers now (SIGTERM, then SIGKILL after 5 s) and drop its queued tasks."""
    processes = list((getattr(pool, "_processes", None) or {}).values())
    for process in processes:
        if process.is_alive():
            process.terminate()
    pool.shutdown(wait=False, cancel_futures=True)
    deadline = time.monotonic() + 5
    for process in processes:
        process.join(max(0.0, deadline - time.monotonic()))
        if process.is_alive():
            process.kill()
            process.join(1)


def _sigterm_interrupts() -> Callable[[], None]:
    """While a pool runs, SIGTERM raises KeyboardInterrupt in the main thread (so the pool is terminated).

    Only where SIGTERM still has its default action and only in the main thread
    (the one place Python runs signal handlers); returns how to undo it.
    """
    if threading.current_thread() is not threading.main_thread():
        return lambda: None
    try:
        previous = signal.getsignal(signal.SIGTERM)
    except (ValueError, AttributeError):  # pragma: no cover - no SIGTERM on this platform
        return lambda: None
    if previous is not signal.SIG_DFL:
        return lambda: None

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt(f"signal {signum}")

    signal.signal(signal.SIGTERM, interrupt)

    def restore() -> None:
        signal.signal(signal.SIGTERM, previous)

    return restore


def _init_worker(parent: int, initializer: Callable[..., object] | None, initargs: tuple[Any, ...]) -> None:
    """Runs first in every worker: ignore SIGINT, end with the parent, then the pool's own initializer."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    die_with_parent(parent)
    if initializer is not None:
        initializer(*initargs)


def die_with_parent(parent: int) -> None:
    """Make this process exit when process ``parent`` is gone (PDEATHSIG on Linux, and a watching thread)."""
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, int(signal.SIGTERM), 0, 0, 0)
        except (OSError, AttributeError):  # pragma: no cover - no prctl: the thread below still watches
            pass
    if os.getppid() != parent:  # the parent died before we could ask
        os._exit(1)

    def watch() -> None:
        while True:
            time.sleep(WATCH_SECONDS)
            if os.getppid() != parent:
                os._exit(1)

    threading.Thread(target=watch, name="lavrovkit-parent-watch", daemon=True).start()
