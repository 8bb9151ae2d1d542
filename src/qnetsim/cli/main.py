"""Entry point of the ``qnetsim`` console script.

Subcommands are imported lazily: ``qnetsim --help`` imports none of them and ``qnetsim link``
imports only :mod:`qnetsim.cli.link` (so neither pays for scipy, matplotlib or pandas that
another subcommand needs). :data:`SUBCOMMANDS` names each subcommand's module and repeats its
one-line help for the top-level listing; ``tests/top/test_startup.py`` checks that the two
agree and that the start-up stays lazy.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import sys
from collections.abc import Sequence

from qnetsim import __version__
from qnetsim.errors import QnetsimValueError

#: subcommand -> (module with ``add_parser(sub)``, its one-line help as that module registers
#: it). A module that is not installed (``ImportError`` of exactly that module) is left out:
#: ``key``, ``results``, ``calibrate`` and ``report`` were written alongside this table.
SUBCOMMANDS: dict[str, tuple[str, str]] = {
    "demo": (
        "qnetsim.cli.main",
        "fidelity of two Werner pairs after storage and a noisy swap, computed three ways",
    ),
    "reproduce": (
        "qnetsim.cli.reproduce",
        "simulate every seed experiment and compare with its published results",
    ),
    "run": ("qnetsim.cli.run", "run a scenario file (TOML) and print its results"),
    "sweep": (
        "qnetsim.cli.sweep",
        "resumable parameter sweep of a scenario file (Dask, SQLite results store)",
    ),
    "link": ("qnetsim.cli.link", "rate, fidelity and loss budget of a two-node link"),
    "plan": (
        "qnetsim.cli.plan",
        "search repeater chains (nodes, multiplexing, cutoff, purification) for a target",
    ),
    "report": (
        "qnetsim.cli.report",
        "write one self-contained HTML report of scenario files (default: the shipped experiments)",
    ),
    "key": (
        "qnetsim.cli.key",
        "secret-key rates (DI-QKD, BB84, decoy BB84) from statistics or a link, finite size",
    ),
    "results": (
        "qnetsim.cli.results",
        "export a sweep's results store (CSV, Parquet, JSON lines)",
    ),
    "calibrate": (
        "qnetsim.cli.calibrate",
        "fit a scenario's free inputs to measured points, then predict other points",
    ),
    "examples": (
        "qnetsim.cli.examples",
        "copy the shipped example and experiment scenarios into a directory",
    ),
}


def _demo(args: argparse.Namespace) -> int:
    from qnetsim.experiments.demo import run_demo

    result = run_demo(
        fidelity=args.fidelity,
        storage_s=args.storage_s,
        t_end_s=args.t_end_s,
        t_rep_s=args.t_rep_s,
        gate_depolarising=args.gate_depolarising,
        readout_error=args.readout_error,
    )
    print(
        f"Two Werner pairs (F0 = {args.fidelity}) stored {args.storage_s * 1e3:g} ms "
        f"(end-node memory T = {args.t_end_s:g} s, repeater T = {args.t_rep_s:g} s), then "
        f"swapped (p2 = {args.gate_depolarising:g}, readout error {args.readout_error:g}):"
    )
    width = max(len(m) for m, _ in result.fidelities)
    print(f"  {'memory model':<{width}}  {'method':<15} end-to-end fidelity")
    for (model, method), value in result.fidelities.items():
        print(f"  {model:<{width}}  {method:<15} {value:.10f}")
    print(
        "  Depolarising memories: the three agree exactly. T1/T2: the Bell-diagonal fast path\n"
        "  uses the Pauli twirl of each memory channel, exact for noise on one qubit; with\n"
        "  amplitude damping on both qubits the exact state leaves the Bell-diagonal family,\n"
        "  so the two differ slightly (the size of the approximation is shown)."
    )
    return 0


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register ``qnetsim demo``."""
    demo = sub.add_parser(
        "demo",
        help=SUBCOMMANDS["demo"][1],
        description="Example: qnetsim demo --fidelity 0.9 --storage-s 0.1",
    )
    demo.add_argument("--fidelity", type=float, default=0.95, help="link fidelity F0 (0.95)")
    demo.add_argument("--storage-s", type=float, default=0.05, help="storage time, s (0.05)")
    demo.add_argument("--t-end-s", type=float, default=1.0, help="end-node memory T, s (1)")
    demo.add_argument("--t-rep-s", type=float, default=0.5, help="repeater memory T, s (0.5)")
    demo.add_argument("--gate-depolarising", type=float, default=0.01, help="BSM gate p2 (0.01)")
    demo.add_argument("--readout-error", type=float, default=0.01, help="BSM readout e (0.01)")
    demo.set_defaults(func=_demo)


def available() -> list[str]:
    """The subcommands whose module is installed, found without importing any of them."""
    return [
        name
        for name, (module, _) in SUBCOMMANDS.items()
        if module == __name__ or importlib.util.find_spec(module) is not None
    ]


def load(name: str) -> object | None:
    """The module of subcommand ``name``, or None when exactly that module does not exist
    (a subcommand still being written); any other import error propagates."""
    module = SUBCOMMANDS[name][0]
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        if exc.name == module:
            return None
        raise


def _chosen(argv: Sequence[str]) -> str | None:
    """The subcommand named on the command line (the top level takes only flags)."""
    return next((a for a in argv if not a.startswith("-")), None)


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The parser. With ``argv``, only the subcommand it names is imported (the others are
    listed by name and help); without, every subcommand is registered in full."""
    parser = argparse.ArgumentParser(
        prog="qnetsim",
        description="Simulate quantum networks: memories, links, repeaters and QKD.",
    )
    parser.add_argument("--version", action="version", version=f"qnetsim {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    chosen = None if argv is None else _chosen(argv)
    for name in available():
        if argv is None or name == chosen:
            module = load(name)
            if module is not None:
                module.add_parser(sub)  # type: ignore[attr-defined]
        else:
            sub.add_parser(name, help=SUBCOMMANDS[name][1], add_help=False)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser(argv)
    args = parser.parse_args(argv)
    try:
        return int(args.func(args))
    except QnetsimValueError as exc:
        parser.exit(2, f"qnetsim: error: {exc}\n")
    except KeyboardInterrupt:
        parser.exit(130, "qnetsim: interrupted\n")
    except BrokenPipeError:  # output piped into `head` and closed: not an error
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
