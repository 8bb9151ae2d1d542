"""Run a sweep: :func:`run_sweep` evaluates the points a store does not hold yet, on Dask.

``workers = 1`` runs the points in this process, one after the other; ``workers = N`` starts
a local ``dask.distributed`` cluster of N single-threaded worker processes for the sweep and
stops it after; ``client=`` runs on an existing cluster (``Client("tcp://host:8786")``) and
leaves it running. The engine is the same in all three: a point's numbers depend only on its
task (:mod:`qnetsim.sweep.tasks`), so the store is identical whichever runs it.

Each finished point is written to the store in its own transaction as it arrives; at most
``2 x threads + 2`` points are submitted at a time, so an interrupt loses at most those.
Ctrl-C (``KeyboardInterrupt``) cancels what is in flight, stops the workers of a cluster the
sweep started, and raises :class:`SweepInterrupted` with the counts (done, in flight, left).
A SIGKILL of this process takes its local workers with it: a Dask worker process exits when
the pipe from its parent closes (``distributed.process.AsyncProcess``).
"""

from __future__ import annotations

import os
import socket
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from qnetsim import __version__
from qnetsim._validate import check_int
from qnetsim.errors import QnetsimValueError
from qnetsim.scenario.loader import Scenario
from qnetsim.scenario.runner import run_scenario
from qnetsim.sweep.cluster import start_local, stop_local
from qnetsim.sweep.legacy import is_jsonl_results, read_jsonl
from qnetsim.sweep.store import ResultStore, StoreError, utc_now
from qnetsim.sweep.tasks import Task, make_tasks, scenario_hash

if TYPE_CHECKING:
    from distributed import Client, Future, LocalCluster

__all__ = ["SweepInterrupted", "SweepPoint", "evaluate_point", "load_results", "run_sweep"]

Progress = Callable[[Iterable[Any], int], Iterable[Any]]
Evaluate = Callable[[Scenario, dict[str, Any], bool], dict[str, Any]]


@dataclass(frozen=True)
class SweepPoint:
    """One point: its task key, the overrides as asked, and its quantities
    (name -> value, err, unit, method); ``status`` is ``done``, ``failed`` (``error`` says
    why) or ``pending``; ``seed_entropy`` is the point's recorded seed."""

    key: str
    overrides: dict[str, Any]
    quantities: dict[str, dict[str, Any]]
    status: str = "done"
    error: str | None = None
    seed_entropy: tuple[int, ...] = field(default=())


class SweepInterrupted(KeyboardInterrupt):
    """A sweep stopped by Ctrl-C; what is stored is kept (run it again to resume)."""

    def __init__(self, done: int, in_flight: int, left: int, store: str) -> None:
        self.done, self.in_flight, self.left, self.store = done, in_flight, left, store
        super().__init__(self.summary())

    def summary(self) -> str:
        return (
            f"interrupted: {self.done} points done, {self.in_flight} in flight (run again), "
            f"{self.left} left; results are kept in {self.store}: run the same command to resume"
        )


def evaluate_point(scenario: Scenario, overrides: dict[str, Any], quick: bool) -> dict[str, Any]:
    """Evaluate one point (on a worker): the outcome the store records. A point the model
    rejects, or any error, is a ``failed`` outcome with the message, not an exception."""
    started, t0 = utc_now(), time.perf_counter()
    out: dict[str, Any] = {"worker": f"{socket.gethostname()}:{os.getpid()}"}
    try:
        result = run_scenario(scenario, overrides, quick=quick)
        out["status"] = "done"
        out["results"] = {
            k: {"value": e.value, "err": e.err, "unit": e.unit, "method": e.method}
            for k, e in result.quantities.items()
        }
    except QnetsimValueError as exc:
        out.update(status="failed", error=str(exc))
    except Exception as exc:
        out.update(status="failed", error=f"{type(exc).__name__}: {exc}")
    out.update(
        started_at=started,
        finished_at=utc_now(),
        duration_s=time.perf_counter() - t0,
        version=__version__,
    )
    return out


@dataclass
class _Progress:
    submitted: int = 0
    finished: int = 0


def _serial(
    scenario: Scenario, todo: Sequence[Task], quick: bool, evaluate: Evaluate, state: _Progress
) -> Iterator[tuple[Task, dict[str, Any]]]:
    for t in todo:
        state.submitted += 1
        yield t, evaluate(scenario, t.overrides, quick)


def _outcome(future: Future, result: Any) -> dict[str, Any]:
    """The outcome of a finished future (``result``: its value, or its exception)."""
    if future.status == "finished" and isinstance(result, dict):
        return dict(result)
    if isinstance(result, BaseException):
        return {
            "status": "failed",
            "error": f"{type(result).__name__}: {result}",
            "version": __version__,
        }
    return {"status": "failed", "error": f"task {future.status}", "version": __version__}


def _on_dask(
    client: Client,
    scenario: Scenario,
    todo: Sequence[Task],
    quick: bool,
    evaluate: Evaluate,
    state: _Progress,
) -> Iterator[tuple[Task, dict[str, Any]]]:
    """Submit the points a few at a time (twice the threads, plus two), keyed by task hash;
    yield each outcome as it finishes (results are fetched in the background)."""
    from distributed import as_completed

    workers = client.scheduler_info().get("workers", {})
    threads = sum(int(w.get("nthreads", 1)) for w in workers.values()) or 1
    pending = iter(todo)
    futures: dict[Any, tuple[Future, Task]] = {}
    shared = client.scatter(scenario, broadcast=True, hash=False)
    finished = as_completed(with_results=True, raise_errors=False)

    def submit() -> None:
        t = next(pending, None)
        if t is None:
            return
        f = client.submit(evaluate, shared, t.overrides, quick, key=f"qnetsim-sweep-{t.key}")
        futures[f.key] = (f, t)
        state.submitted += 1
        finished.add(f)

    for _ in range(2 * threads + 2):
        submit()
    try:
        for f, result in finished:
            _, t = futures.pop(f.key)
            outcome = _outcome(f, result)
            f.release()
            yield t, outcome
            submit()
    finally:
        if futures:
            with suppress(Exception):
                client.cancel([f for f, _ in futures.values()], force=True)
        with suppress(Exception):
            shared.release()


def _open_store(store: str | Path | ResultStore, scenario: Scenario) -> tuple[ResultStore, bool]:
    if isinstance(store, ResultStore):
        if store.meta.get("scenario_hash") != scenario_hash(scenario):
            raise StoreError(store.path, "holds the results of another sweep")
        return store, False
    if Path(store).is_file() and is_jsonl_results(store):
        raise StoreError(
            store,
            "a JSON-lines results file of an older qnetsim; `qnetsim sweep ... --store "
            "OLD.jsonl` converts it once (into OLD.sqlite), or from Python "
            "qnetsim.sweep.legacy.convert_jsonl",
        )
    opened = ResultStore.open(store, scenario_hash(scenario), scenario_name=scenario.name)
    return opened, True


def run_sweep(
    scenario: Scenario,
    points: Sequence[Mapping[str, Any]],
    store: str | Path | ResultStore,
    *,
    quick: bool = False,
    workers: int = 1,
    client: Client | None = None,
    retry_failed: bool = False,
    progress: Progress | None = None,
    evaluate: Evaluate = evaluate_point,
) -> list[SweepPoint]:
    """Evaluate ``scenario`` at every point ``store`` does not hold; return all points in
    order, as stored (each with the overrides it was asked with).

    Args:
        scenario: the scenario (:func:`~qnetsim.scenario.loader.load_scenario`).
        points: overrides per point (:func:`~qnetsim.sweep.axes.grid`).
        store: a results store (path or open :class:`ResultStore`); created if absent.
        quick: the scenario's quick settings.
        workers: 1: in this process; N > 1: a local Dask cluster of N processes.
        client: a ``dask.distributed.Client`` of an existing cluster (``workers`` is then
            not used); the cluster is left running.
        retry_failed: run again the points that failed before (else they stay failed).
        progress: ``progress(iterable, total)`` wraps the stream of finished points.
        evaluate: the function run per point (:func:`evaluate_point`; benchmarks replace it).

    Every point is validated before anything runs. Two spellings of one point (``10`` and
    ``10.0``, or the file's own value and no override) are one task, run once.

    Raises:
        ScenarioError: a bad key path or value (nothing runs).
        StoreError: ``store`` is not a results store of this scenario.
        SweepInterrupted: Ctrl-C; what finished is stored.
    """
    n_workers = check_int("workers", workers, 1)
    tasks = make_tasks(scenario, points, quick)
    try:
        opened, own_store = _open_store(store, scenario)
    except KeyboardInterrupt:
        left = len({t.key for t in tasks})
        raise SweepInterrupted(0, 0, left, str(getattr(store, "path", store))) from None
    try:
        status = opened.statuses()
        todo: list[Task] = []
        queued: set[str] = set()
        for t in tasks:
            s = status.get(t.key)
            if t.key in queued or s == "done" or (s == "failed" and not retry_failed):
                continue
            queued.add(t.key)
            todo.append(t)
        opened.add_pending(
            {
                "task_key": t.key,
                "overrides": t.overrides,
                "canonical": t.canonical,
                "quick": quick,
                "seed": t.seed,
                "seed_entropy": t.seed_entropy,
            }
            for t in todo
        )
        already = len({t.key for t in tasks}) - len(todo)
        _execute(scenario, todo, quick, n_workers, client, opened, progress, evaluate, already)
        rows = {r.task_key: r for r in opened.rows([t.key for t in tasks])}
    except SweepInterrupted:
        raise
    except KeyboardInterrupt:  # before or after the points ran: nothing was in flight
        status = opened.statuses()
        keys = {t.key for t in tasks}
        done = sum(1 for k in keys if status.get(k) in ("done", "failed"))
        raise SweepInterrupted(done, 0, len(keys) - done, str(opened.path)) from None
    finally:
        if own_store:
            opened.close()
    return [
        SweepPoint(
            t.key,
            t.overrides,
            rows[t.key].results or {},
            rows[t.key].status,
            rows[t.key].error,
            t.seed_entropy,
        )
        for t in tasks
    ]


def _execute(
    scenario: Scenario,
    todo: list[Task],
    quick: bool,
    n_workers: int,
    client: Client | None,
    store: ResultStore,
    progress: Progress | None,
    evaluate: Evaluate,
    already: int,
) -> None:
    state = _Progress()
    local: tuple[LocalCluster, Client, list[int]] | None = None
    stream: Iterable[tuple[Task, dict[str, Any]]] = ()
    try:
        if client is None and n_workers > 1 and len(todo) > 1:
            local = start_local(n_workers)
        run_on = client if client is not None else (local[1] if local else None)
        stream = (
            _serial(scenario, todo, quick, evaluate, state)
            if run_on is None
            else _on_dask(run_on, scenario, todo, quick, evaluate, state)
        )
        if progress is not None:
            stream = progress(stream, len(todo))
        for t, outcome in stream:
            if outcome.get("version", __version__) != __version__:
                outcome = {
                    **outcome,
                    "status": "failed",
                    "results": None,
                    "error": f"the worker runs qnetsim {outcome.get('version')}; this sweep "
                    f"{__version__} (install the same version on every worker)",
                }
            store.finish(t.key, outcome)
            state.finished += 1
    except KeyboardInterrupt:
        close = getattr(stream, "close", None)
        if close is not None:
            with suppress(BaseException):
                close()  # cancels the futures in flight
        if local is not None:
            cluster, local_client, pids = local
            local = None
            stop_local(cluster, local_client, pids)
        raise SweepInterrupted(
            done=already + state.finished,
            in_flight=state.submitted - state.finished,
            left=len(todo) - state.submitted,
            store=str(store.path),
        ) from None
    finally:
        if local is not None:
            stop_local(*local)


def load_results(path: str | Path) -> dict[str, SweepPoint]:
    """The finished points of a results store (or of an older JSON-lines results file), by
    task key; an absent file has none.

    Raises:
        StoreError: ``path`` is neither.
    """
    p = Path(path)
    if not p.exists():
        return {}
    if is_jsonl_results(p):
        return {
            r["key"]: SweepPoint(r["key"], r["overrides"], r["quantities"])
            for r in read_jsonl(p).rows
        }
    with ResultStore.open(p, None, create=False, repair=False) as store:
        return {
            r.task_key: SweepPoint(
                r.task_key,
                r.overrides,
                r.results or {},
                r.status,
                r.error,
                tuple(r.seed_entropy),
            )
            for r in store.rows()
            if r.status == "done"
        }
