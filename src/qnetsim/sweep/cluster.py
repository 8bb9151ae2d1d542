"""The local Dask cluster of a sweep (``--workers N``): started so that a Ctrl-C reaches this
process alone, stopped in a tenth of a second.

SIGINT: the cluster is started from a helper thread that blocks SIGINT; the cluster's
event-loop thread and the worker processes it spawns inherit that signal mask, so a Ctrl-C in
a terminal, which reaches the whole process group, is handled by this process, which then
stops the workers; this process's own main thread stays interruptible during the start.
SIGKILL of this process: a Dask worker process exits when the pipe from its parent closes
(``distributed.process.AsyncProcess``), so no worker outlives it.
"""

from __future__ import annotations

import logging
import os
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from typing import TYPE_CHECKING, Any

from qnetsim.errors import QnetsimValueError

if TYPE_CHECKING:
    from distributed import Client, LocalCluster

__all__ = ["quiet_dask", "sigint_deferred", "silence_dask", "start_local", "stop_local"]


#: The loggers Dask and its event loop write to (some have levels of their own).
DASK_LOGGERS = (
    "distributed",
    "distributed.client",
    "distributed.batched",
    "distributed.nanny",
    "tornado",
    "tornado.application",
    "asyncio",
)


@contextmanager
def quiet_dask() -> Iterator[None]:
    """Dask's warnings about workers it has just been told to stop are not news."""
    loggers = [logging.getLogger(n) for n in DASK_LOGGERS]
    levels = [lg.level for lg in loggers]
    for lg in loggers:
        lg.setLevel(logging.CRITICAL + 1)
    try:
        yield
    finally:
        for lg, level in zip(loggers, levels, strict=True):
            lg.setLevel(level)


def silence_dask() -> None:
    """Silence Dask's loggers for good: for a process about to exit after an interrupt,
    whose event loop may still report the connections the stop closed."""
    for name in DASK_LOGGERS:
        logging.getLogger(name).setLevel(logging.CRITICAL + 1)


def start_local(workers: int) -> tuple[LocalCluster, Client, list[int]]:
    """A local cluster of ``workers`` single-threaded processes.

    It is started from a helper thread that blocks SIGINT: the cluster's event-loop thread
    and the worker processes it spawns inherit that signal mask, so a Ctrl-C in a terminal,
    which reaches the whole process group, is handled by this process alone (which then
    stops the workers in order), while this thread stays interruptible during the start.
    """
    from multiprocessing import resource_tracker

    import psutil
    from distributed import Client, LocalCluster

    box: dict[str, Any] = {}

    def start() -> None:
        if hasattr(signal, "pthread_sigmask"):
            signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
        try:
            box["cluster"] = LocalCluster(
                n_workers=workers,
                threads_per_worker=1,
                processes=True,
                host="127.0.0.1",
                dashboard_address=None,  # no dashboard; its HTTP server on a free port
                scheduler_kwargs={"dashboard_address": "127.0.0.1:0"},
                silence_logs=logging.ERROR,
            )
            box["client"] = Client(box["cluster"])
            box["pids"] = sorted(box["client"].run(os.getpid).values())
        except Exception as exc:
            box["error"] = exc

    # Python's multiprocessing starts its resource tracker once per process and unblocks
    # SIGINT in the thread that starts it: start it here, so that the cluster's threads
    # keep the mask (the tracker itself ignores SIGINT).
    resource_tracker.ensure_running()
    me = psutil.Process()
    before = {c.pid for c in me.children(recursive=True)}
    helper = threading.Thread(target=start, name="qnetsim-sweep-start", daemon=True)
    helper.start()
    try:
        while helper.is_alive():
            helper.join(0.05)
    except KeyboardInterrupt:
        with quiet_dask():
            for c in me.children(recursive=True):
                if c.pid not in before:
                    with suppress(psutil.Error):
                        c.kill()
            helper.join(1.0)
            for name in ("client", "cluster"):
                if name in box:
                    with suppress(Exception):
                        box[name].close(timeout=1)
        raise
    if "error" in box:
        raise QnetsimValueError(
            f"workers = {workers}: the local Dask cluster did not start "
            f"({type(box['error']).__name__}: {box['error']})"
        )
    return box["cluster"], box["client"], box["pids"]


@contextmanager
def sigint_deferred() -> Iterator[None]:
    """A Ctrl-C during the block is delivered after it (main thread, POSIX; else nothing)."""
    if not hasattr(signal, "pthread_sigmask") or (
        threading.current_thread() is not threading.main_thread()
    ):
        yield
        return
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


class _DropClosedComms(logging.Filter):
    """Drops the error Dask's background result fetchers log when the workers they fetch
    from are gone: after the sweep stopped its own workers that is expected, not news."""

    def filter(self, record: logging.LogRecord) -> bool:
        from distributed.comm.core import CommClosedError

        exc = record.exc_info[1] if record.exc_info else None
        return not isinstance(exc, CommClosedError | OSError)


_DROP_CLOSED_COMMS = _DropClosedComms()


def stop_local(cluster: LocalCluster, client: Client, pids: list[int]) -> None:
    """Kill the cluster's worker processes, then close it, in about 0.1 s (a polite close
    takes ~2 s). Their results are stored; a point in flight after an interrupt is lost
    anyway. The nannies are told first not to restart the workers they lose; a Ctrl-C
    during the stop waits for its end."""
    import psutil

    for name in ("tornado.application", "asyncio"):
        if _DROP_CLOSED_COMMS not in logging.getLogger(name).filters:
            logging.getLogger(name).addFilter(_DROP_CLOSED_COMMS)
    with sigint_deferred(), quiet_dask():
        for nanny in list(getattr(cluster, "workers", {}).values()):
            with suppress(Exception):
                nanny.close_gracefully(reason="qnetsim sweep stops")
        for pid in pids:
            with suppress(psutil.Error):
                psutil.Process(pid).kill()
        with suppress(Exception):
            client.close(timeout=2)
        with suppress(Exception):
            cluster.close(timeout=2)
        for pid in pids:  # none should remain; make sure
            with suppress(psutil.Error):
                proc = psutil.Process(pid)
                proc.kill()
                proc.wait(timeout=2)
