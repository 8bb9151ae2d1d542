"""``qnetsim reproduce``: every seed experiment from its published parameters, compared with
its published results (see :mod:`qnetsim.experiments.reproduce`)."""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Iterable
from typing import Any

from qnetsim import doc_path
from qnetsim.cli._common import check_output_dir, check_scenario_file
from qnetsim.experiments.reproduce import (
    format_records,
    records_json,
    reproduce,
    scenario_dir,
    scenario_files,
)

EXAMPLE = """examples:
  qnetsim reproduce                       # all experiments, figures into qnetsim-figures/
  qnetsim reproduce --quick --no-plots    # under a minute
  qnetsim reproduce --json > records.json
  qnetsim reproduce examples/experiments/lu2026_diqkd.toml

Where simulation and publication disagree, {experiments_md}
explains why. No input is ever adjusted to reach a published output."""


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "reproduce",
        help="simulate every seed experiment and compare with its published results",
        description="Run the experiment scenarios (default: the shipped ones, "
        f"{scenario_dir()}) and compare each published value with the simulation.",
        epilog=EXAMPLE.format(experiments_md=doc_path("experiments.md")),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("files", nargs="*", help="scenario files (default: all shipped experiments)")
    p.add_argument("--quick", action="store_true", help="fewer pairs; the whole run < 60 s")
    p.add_argument(
        "--json",
        action="store_true",
        help="print a JSON list of records (experiment, quantity, unit, simulated, "
        "simulated_err, published, published_err, source, role, calibrated, band_low, "
        "band_high)",
    )
    p.add_argument(
        "--details",
        action="store_true",
        help="with --json: add ratio, verdict, bound, point and method",
    )
    p.add_argument(
        "--plot-dir",
        default="qnetsim-figures",
        metavar="DIR",
        help="where the figures go (qnetsim-figures; created if its parent exists)",
    )
    p.add_argument("--no-plots", action="store_true", help="do not draw figures")
    p.add_argument(
        "--uncertainty",
        type=int,
        nargs="?",
        const=64,
        default=None,
        metavar="N",
        help="a priori bands: propagate the uncertain inputs' plausible ranges to every "
        "published quantity (N quasi-Monte Carlo draws, default 64; closed forms where the "
        "kind has them, else the quick simulation): band_low/band_high in --json",
    )
    p.add_argument(
        "--no-calibration",
        action="store_true",
        help="skip the calibrated column (scenarios with [calibration] free inputs fit them "
        "to their role = 'calibration' points and predict the held-out ones)",
    )
    p.add_argument(
        "--html",
        metavar="DIR",
        help="also write DIR/report.html: the comparison, verdicts, figures and inputs in one "
        "self-contained page",
    )
    p.set_defaults(func=run)


def _progress(enabled: bool) -> Any:
    def wrap(tasks: Iterable[Any], total: int) -> Iterable[Any]:
        from tqdm import tqdm

        return tqdm(
            tasks,
            total=total,
            desc="experiments",
            unit="point",
            file=sys.stderr,
            disable=not enabled,
            delay=1.0,
            leave=False,
        )

    return wrap


def run(args: argparse.Namespace) -> int:
    for f in args.files:
        check_scenario_file(f)
    if not args.no_plots:
        check_output_dir("--plot-dir", args.plot_dir)
    if getattr(args, "html", None):
        check_output_dir("--html", args.html)
    files = args.files or scenario_files()
    start = time.perf_counter()
    draws = None
    if args.uncertainty is not None:
        from qnetsim.cli._common import check_flag_int

        draws = check_flag_int("--uncertainty", args.uncertainty, 8, 65536)
    result = reproduce(
        files,
        quick=args.quick,
        progress=_progress(sys.stderr.isatty()),
        uncertainty=draws,
        calibrated=not args.no_calibration,
    )
    elapsed = time.perf_counter() - start
    if args.json:
        print(records_json(result.records, details=args.details))
    else:
        print(format_records(result.records, details=args.details))
        for name, cal in result.calibrations.items():
            for warning in cal.warnings:
                print(f"calibration of {name}: warning: {warning}")
        print(
            f"\n{result.done} of {result.total} scenario points run in {elapsed:.1f} s"
            + (" (--quick)" if args.quick else "")
        )
    if getattr(args, "html", None):
        from qnetsim.report.html_sections import reproduce_report

        page = reproduce_report(result).write(args.html)
        print(f"report: {page}", file=sys.stderr if args.json else sys.stdout)
    if result.interrupted:
        print(
            f"qnetsim: interrupted after {result.done} of {result.total} scenario points; "
            "the records above are the ones completed",
            file=sys.stderr,
        )
        return 130
    if not args.no_plots:
        from qnetsim.report.reproduce_plots import plot_reproduce

        paths = plot_reproduce(result.scenarios, result.records, args.plot_dir)
        if draws is not None:
            from qnetsim.report.band_plot import reproduce_band_figures

            paths = [*paths, *reproduce_band_figures(result, args.plot_dir, n=draws)]
        print(
            "figures: " + ", ".join(str(p) for p in paths)
            if paths
            else "figures: none (these scenarios have no length curves or storage/satellite "
            "models to draw)",
            file=sys.stderr if args.json else sys.stdout,
        )
    return 0
