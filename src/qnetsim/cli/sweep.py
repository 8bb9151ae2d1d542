"""``qnetsim sweep FILE``: a resumable parameter sweep of a scenario, on Dask, into an SQLite
results store (:mod:`qnetsim.sweep`; ``docs/sweep.md``)."""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from qnetsim.cli._common import (
    check_figure_path,
    check_flag_int,
    check_output_file,
    check_scenario_file,
)
from qnetsim.errors import InvalidParameterError
from qnetsim.scenario.loader import Scenario, load_scenario
from qnetsim.scenario.schema import ScenarioError
from qnetsim.sweep import (
    Axis,
    ResultStore,
    SweepInterrupted,
    SweepPoint,
    grid,
    run_sweep,
    scenario_hash,
    with_seeds,
)
from qnetsim.sweep.cluster import silence_dask
from qnetsim.sweep.legacy import convert_jsonl, is_jsonl_results

EXAMPLE = """examples:
  qnetsim sweep examples/scenarios/my_link.toml --axis "links[0].length_km=10:100:10" \\
      --axis "links[0].alpha=0.02,0.05" --store my_link.sqlite --workers 2
  qnetsim sweep my_link.toml --axis "links[0].length_km=log:1:1000:7" \\
      --zip "links[0].extra_loss_db=0,0,0.5,1,2,4,8" --seeds 3 --plot key.png
  qnetsim sweep my_link.toml --axis "links[0].length_km=10,50" --scheduler tcp://10.0.0.5:8786

Values: V1,V2,... | START:STOP:STEP | lin:START:STOP:N | log:START:STOP:N. --zip ties a key
path to the --axis before it (same number of values). Each point is written to the store as
it finishes; run the same command again to resume, or to print the table without
recomputing. Ctrl-C stops the sweep (exit 130) and keeps what is done. Export the store with
`qnetsim results export STORE --out table.csv`."""

#: How long to try to reach a --scheduler before giving up.
CONNECT_TIMEOUT_S = 10.0
#: Names that say "this is not a results store": refused for a new --store.
_NOT_A_STORE = (".jsonl", ".json", ".toml", ".csv", ".parquet", ".txt", ".png", ".pdf")


class _AxisAction(argparse.Action):
    """``--axis`` and ``--zip`` into one list, in the order given."""

    def __call__(self, parser: Any, namespace: Any, values: Any, option: Any = None) -> None:
        specs = list(getattr(namespace, "axis_specs", None) or [])
        specs.append((option, values))
        namespace.axis_specs = specs


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "sweep",
        help="resumable parameter sweep of a scenario file (Dask, SQLite results store)",
        description="Evaluate a scenario over a grid of key-path values.",
        epilog=EXAMPLE,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("file", help="scenario file (.toml)")
    p.add_argument(
        "--axis",
        action=_AxisAction,
        dest="axis_specs",
        metavar="PATH=VALUES",
        help="a swept key path and its values (repeatable: a grid)",
    )
    p.add_argument(
        "--zip",
        action=_AxisAction,
        dest="axis_specs",
        metavar="PATH=VALUES",
        help="a key path varied together with the --axis before it (same number of values)",
    )
    p.add_argument(
        "--seeds",
        type=int,
        metavar="N",
        help="N replicates of every point, each with its own run.seed",
    )
    out = p.add_mutually_exclusive_group()
    out.add_argument(
        "--store",
        help="results store (SQLite) in an existing directory; created, or resumed if it holds "
        "this scenario's results (results.sqlite)",
    )
    out.add_argument("--out", help="the same as --store")
    where = p.add_mutually_exclusive_group()
    where.add_argument(
        "--workers", type=int, default=1, help="local worker processes, >= 1 (1: in-process)"
    )
    where.add_argument(
        "--scheduler", metavar="tcp://HOST:PORT", help="run on an existing Dask cluster"
    )
    p.add_argument("--retry-failed", action="store_true", help="run failed points again")
    p.add_argument("--quick", action="store_true", help="fewer pairs per point")
    p.add_argument(
        "--quantity",
        action="append",
        default=[],
        help="quantities to print (default: rate_hz and fidelity, if computed)",
    )
    p.add_argument(
        "--plot",
        metavar="OUT.png",
        help="plot the quantities against the first axis, one panel each (.png is added to a "
        "name without an extension)",
    )
    p.add_argument(
        "--html",
        metavar="DIR",
        help="also write DIR/report.html: every point's quantities, the figure and the file",
    )
    p.set_defaults(func=run, axis_specs=None)


def parse_axes(specs: list[tuple[str, str]]) -> list[Axis]:
    """``--axis``/``--zip`` options, in order, as axes (a ``--zip`` joins the axis before)."""
    axes: list[Axis] = []
    seen: set[str] = set()
    for option, text in specs:
        axis = Axis.parse(text, option)
        for key in axis.paths:
            if key in seen:
                raise InvalidParameterError(
                    option, text, "each key path at most once", f"{key} is already an axis"
                )
            seen.add(key)
        if option == "--zip":
            if not axes:
                raise InvalidParameterError(
                    "--zip", text, "after the --axis it varies with", "no --axis before it"
                )
            axes[-1] = axes[-1].zip(axis, "--zip")
        else:
            axes.append(axis)
    return axes


def check_store_path(value: str, scenario_file: str, flag: str = "--store") -> Path:
    """The store path: writable, not the scenario file, and a new file of a store-like name
    or an existing file (which :class:`~qnetsim.sweep.store.ResultStore` checks)."""
    p = check_output_file(flag, value)
    if p.exists() and p.resolve() == Path(scenario_file).resolve():
        raise InvalidParameterError(
            flag, value, "a results store, not the scenario file", "it is FILE"
        )
    if not p.exists() and p.suffix.lower() in _NOT_A_STORE:
        raise InvalidParameterError(
            flag,
            value,
            "a results store file name, e.g. results.sqlite",
            f"results are an SQLite store; a {p.suffix} name would mislead",
        )
    return p


def _converted(path: Path, scenario: Scenario) -> Path:
    """A JSON-lines results file of an older qnetsim: its points copied (once) into a store
    next to it, which the sweep then uses."""
    target = path.with_suffix(".sqlite")
    with ResultStore.open(target, scenario_hash(scenario), scenario_name=scenario.name) as st:
        copied, skipped = convert_jsonl(path, scenario, st)
    print(
        f"qnetsim: {path} is a JSON-lines results file of an older qnetsim: {copied} points "
        f"copied into {target} (which this sweep uses; {skipped} lines of other sweeps or not "
        "results skipped; the file is left as it was)",
        file=sys.stderr,
    )
    return target


@contextmanager
def _interrupt_once() -> Iterator[None]:
    """The first Ctrl-C raises ``KeyboardInterrupt``; later ones are ignored, so stopping
    never ends in a traceback."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    fired = False

    def handler(signum: int, frame: Any) -> None:
        nonlocal fired
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        if not fired:
            fired = True
            silence_dask()  # the stop closes connections; the summary line says it all
            raise KeyboardInterrupt

    previous = signal.signal(signal.SIGINT, handler)
    try:
        yield
    finally:
        if not fired:  # after a real Ctrl-C the process is about to exit: stay deaf
            signal.signal(signal.SIGINT, previous)


def _fmt(e: dict[str, Any]) -> str:
    value, err = e.get("value"), e.get("err")
    if value is None:
        return "-"
    return f"{value:.4g}" + (f" +- {err:.1g}" if err else "")


def _progress(tasks: Iterable[Any], total: int) -> Iterable[Any]:
    from tqdm import tqdm

    return tqdm(
        tasks,
        total=total,
        desc="sweep",
        unit="point",
        file=sys.stderr,
        disable=not sys.stderr.isatty(),
        delay=1.0,
        leave=False,
    )


def _client(address: str) -> Any:
    from distributed import Client

    try:
        return Client(address, timeout=CONNECT_TIMEOUT_S)
    except (OSError, TimeoutError, ValueError, TypeError) as exc:
        raise InvalidParameterError(
            "--scheduler",
            address,
            "the address of a running Dask scheduler, tcp://HOST:PORT",
            f"cannot connect: {exc}",
        ) from None


def run(args: argparse.Namespace) -> int:
    check_scenario_file(args.file)
    if not args.axis_specs:
        raise InvalidParameterError("--axis", None, "at least one PATH=VALUES")
    axes = parse_axes(args.axis_specs)
    check_flag_int("--workers", args.workers, 1)
    flag = "--out" if args.out is not None else "--store"
    store = check_store_path(args.out or args.store or "results.sqlite", args.file, flag)
    plot_path = check_figure_path("--plot", args.plot) if args.plot else None
    if args.html:
        from qnetsim.cli._common import check_output_dir

        check_output_dir("--html", args.html)
    scenario = load_scenario(args.file)
    points = grid(axes)
    if args.seeds is not None:
        points = with_seeds(scenario, points, args.seeds)
    if store.is_file() and is_jsonl_results(store):
        store = _converted(store, scenario)
    client = _client(args.scheduler) if args.scheduler else None
    try:
        with _interrupt_once():
            results = run_sweep(
                scenario,
                points,
                store,
                quick=args.quick,
                workers=args.workers,
                client=client,
                retry_failed=args.retry_failed,
                progress=_progress,
            )
    except SweepInterrupted as stop:
        print(f"qnetsim: {stop.summary()}", file=sys.stderr)
        return 130
    finally:
        if client is not None:
            client.close()
    return _report(args, scenario, axes, results, store, plot_path)


def _report(
    args: argparse.Namespace,
    scenario: Scenario,
    axes: list[Axis],
    results: list[SweepPoint],
    store: Path,
    plot_path: Path | None,
) -> int:
    done = [r for r in results if r.status == "done"]
    failed = [r for r in results if r.status == "failed"]
    first = done[0].quantities if done else {}
    quantities = args.quantity or [q for q in ("rate_hz", "fidelity") if q in first]
    for q in quantities:
        if done and q not in first:
            raise ScenarioError(
                args.file,
                "--quantity",
                f"{q!r} is not computed; known: " + ", ".join(sorted(first)),
            )
    names = [p for a in axes for p in a.paths] + (["run.seed"] if args.seeds else [])
    print("  ".join(f"{n:>20}" for n in names + quantities))
    for r in results:
        cells = [f"{r.overrides.get(n)!s:>20}" for n in names]
        if r.status == "done":
            cells += [f"{_fmt(r.quantities[q]):>20}" for q in quantities]
        else:
            cells.append(f"{r.status}: {r.error or ''}")
        print("  ".join(cells))
    print(f"{len(results)} points in {store}" + (f"; {len(failed)} failed" if failed else ""))
    if failed:
        print(
            f"qnetsim: {len(failed)} points failed (messages above); fix the cause and run "
            "again with --retry-failed",
            file=sys.stderr,
        )
    if plot_path is not None and done and quantities:
        from qnetsim.sweep.plot import plot_sweep

        group = [p for a in axes[1:] for p in a.paths] + (["run.seed"] if args.seeds else [])
        plot_sweep(done, axes[0].paths[0], group, quantities, plot_path, scenario.title)
        print(f"figure: {plot_path}")
    if args.html and done:
        from qnetsim.report.html_sections import sweep_report

        page = sweep_report(scenario, done, names, quantities).write(args.html)
        print(f"report: {page}")
    return 1 if failed else 0
