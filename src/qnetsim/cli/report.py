"""``qnetsim report [FILE ...] [--out DIR]``: one self-contained HTML page of scenarios and
experiments (see :mod:`qnetsim.report.html_sections`)."""

from __future__ import annotations

import argparse
import sys

from qnetsim.cli._common import check_output_dir, check_scenario_file

EXAMPLE = """examples:
  qnetsim report --quick                   # every shipped experiment, into qnetsim-report/
  qnetsim report examples/scenarios/my_link.toml --out my_link_report

The page holds the tables, the verdicts against every published value, the loss budget, the
figures (inline SVG) and the inputs with their sources; it needs no network access.
The same page comes from `qnetsim run FILE --html DIR` and `qnetsim reproduce --html DIR`."""


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "report",
        help="write one self-contained HTML report of scenario files (default: the shipped "
        "experiments)",
        description="Run scenario files (each at its own parameters and at every published "
        "point) and write DIR/report.html: tables, verdicts, loss budgets, figures, inputs.",
        epilog=EXAMPLE,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("files", nargs="*", help="scenario files (default: all shipped experiments)")
    p.add_argument("--quick", action="store_true", help="fewer pairs / shorter simulated time")
    p.add_argument(
        "--out",
        default="qnetsim-report",
        metavar="DIR",
        help="directory of report.html (qnetsim-report; created if its parent exists)",
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    for f in args.files:
        check_scenario_file(f)
    check_output_dir("--out", args.out)
    from qnetsim.cli.reproduce import _progress
    from qnetsim.experiments.reproduce import reproduce, scenario_files
    from qnetsim.report.html_sections import reproduce_report

    files = args.files or scenario_files()
    result = reproduce(files, quick=args.quick, progress=_progress(sys.stderr.isatty()))
    title = "qnetsim report" + (" (--quick)" if args.quick else "")
    path = reproduce_report(result, title).write(args.out)
    print(f"report: {path}")
    if result.interrupted:
        print("qnetsim: interrupted; the report holds the points completed", file=sys.stderr)
        return 130
    return 0
