"""``qnetsim sweep FILE``: a resumable parameter sweep of a scenario."""

from __future__ import annotations

import argparse
import sys
import tomllib
from collections.abc import Iterable
from typing import Any

from qnetsim.cli._common import (
    check_figure_path,
    check_flag_int,
    check_output_file,
    check_scenario_file,
)
from qnetsim.errors import InvalidParameterError
from qnetsim.scenario.loader import load_scenario
from qnetsim.scenario.schema import ScenarioError
from qnetsim.sweep import grid_points, run_sweep

EXAMPLE = """examples:
  qnetsim sweep examples/scenarios/my_link.toml --axis "links[0].length_km=10,25,50,100" \\
      --axis "links[0].alpha=0.02,0.05" --out my_link_sweep.jsonl --workers 2
  qnetsim sweep examples/experiments/lu2026_diqkd.toml --axis "links[0].length_km=11,50,100" \\
      --quantity chsh_s --quantity key_rate_asymptotic_bits_per_event --plot key.png

Results are appended to --out as they finish; run the same command again to resume or to
print the table without recomputing."""


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "sweep",
        help="resumable parameter sweep of a scenario file (parallel, keyed by a task hash)",
        description="Evaluate a scenario over a grid of key-path values.",
        epilog=EXAMPLE,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("file", help="scenario file (.toml)")
    p.add_argument(
        "--axis",
        action="append",
        required=True,
        metavar="PATH=V1,V2,...",
        help="a swept key path and its values (repeatable: a grid)",
    )
    p.add_argument(
        "--out",
        default="sweep.jsonl",
        help="results file, JSON lines, in an existing directory (sweep.jsonl)",
    )
    p.add_argument("--workers", type=int, default=1, help="parallel processes, >= 1 (1)")
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
        help="plot the quantities against the first axis (.png is added to a name without "
        "an extension)",
    )
    p.set_defaults(func=run)


def parse_axis(text: str) -> tuple[str, list[Any]]:
    """``"links[0].length_km=10,20"`` -> ``("links[0].length_km", [10, 20])``."""
    key, sep, values = text.partition("=")
    if not sep or not key.strip() or not values.strip():
        raise ScenarioError("--axis", text, "expected PATH=V1,V2,...")
    out: list[Any] = []
    for v in values.split(","):
        try:
            out.append(tomllib.loads(f"v = {v.strip()}")["v"])
        except tomllib.TOMLDecodeError:
            out.append(v.strip())
    return key.strip(), out


def parse_axes(texts: list[str]) -> dict[str, list[Any]]:
    """The ``--axis`` options as ``{key path: values}``; a key path given twice is an error
    (the grid would silently keep only the last)."""
    axes: dict[str, list[Any]] = {}
    for text in texts:
        key, values = parse_axis(text)
        if key in axes:
            raise InvalidParameterError(
                "--axis", text, "each key path at most once", f"{key} is already an axis"
            )
        axes[key] = values
    return axes


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


def run(args: argparse.Namespace) -> int:
    check_scenario_file(args.file)
    axes = parse_axes(args.axis)
    check_flag_int("--workers", args.workers, 1)
    out_path = check_output_file("--out", args.out)
    plot_path = check_figure_path("--plot", args.plot) if args.plot else None
    scenario = load_scenario(args.file)
    points = grid_points(axes)
    try:
        results = run_sweep(
            scenario, points, out_path, quick=args.quick, workers=args.workers, progress=_progress
        )
    except KeyboardInterrupt:
        print(
            f"qnetsim: interrupted; finished points are kept in {args.out}: run the same "
            "command to resume",
            file=sys.stderr,
        )
        return 130
    first = results[0].quantities if results else {}
    quantities = args.quantity or [q for q in ("rate_hz", "fidelity") if q in first]
    for q in quantities:
        if q not in first:
            raise ScenarioError(
                args.file,
                "--quantity",
                f"{q!r} is not computed; known: " + ", ".join(sorted(first)),
            )
    names = list(axes)
    print("  ".join(f"{n:>20}" for n in names + quantities))
    for r in results:
        cells = [f"{r.overrides[n]!s:>20}" for n in names]
        for q in quantities:
            cells.append(f"{_fmt(r.quantities[q]):>20}")
        print("  ".join(cells))
    print(f"{len(results)} points in {args.out}")
    if plot_path is not None:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt

        fig, axs = plt.subplots(
            1, len(quantities), figsize=(5.5 * len(quantities), 4.5), squeeze=False
        )
        x_name = names[0]
        others = names[1:]
        groups: dict[tuple[Any, ...], list[Any]] = {}
        for r in results:
            groups.setdefault(tuple(r.overrides[n] for n in others), []).append(r)
        for ax, q in zip(axs[0], quantities, strict=True):
            for label, rows in groups.items():
                xs = [r.overrides[x_name] for r in rows]
                ys = [r.quantities[q]["value"] for r in rows]
                es = [r.quantities[q]["err"] for r in rows]
                text = ", ".join(f"{n} = {v}" for n, v in zip(others, label, strict=True))
                ax.errorbar(xs, ys, yerr=es, marker="o", capsize=3, label=text or None)
            ax.set_xlabel(x_name)
            ax.set_ylabel(q)
            if others:
                ax.legend(fontsize=7)
        fig.suptitle(scenario.title, fontsize=10)
        fig.tight_layout()
        fig.savefig(plot_path, dpi=120)
        plt.close(fig)
        print(f"figure: {plot_path}")
    return 0
