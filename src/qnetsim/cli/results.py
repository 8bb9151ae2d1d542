"""``qnetsim results export STORE``: a sweep's results store as a table (CSV, Parquet or
JSON lines; :mod:`qnetsim.sweep.export`). Older JSON-lines results files read too."""

from __future__ import annotations

import argparse
from pathlib import Path

from qnetsim.cli._common import check_output_file
from qnetsim.errors import QnetsimValueError
from qnetsim.sweep.export import FORMATS, STATUSES, export

EXAMPLE = """examples:
  qnetsim results export results.sqlite --out results.csv
  qnetsim results export results.sqlite --out results.parquet      (needs pyarrow)
  qnetsim results export results.sqlite --status failed --out failed.jsonl

Columns: task_key, status, one per swept key path, QUANTITY and QUANTITY_err per quantity,
seed, seed_entropy, quick, qnetsim_version, timestamps, worker, error.
From Python: qnetsim.sweep.export.to_frame("results.sqlite") is a pandas DataFrame."""


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "results",
        help="export a sweep's results store (CSV, Parquet, JSON lines)",
        description="Work with the results store of `qnetsim sweep`.",
        epilog=EXAMPLE,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    actions = p.add_subparsers(dest="action", required=True)
    e = actions.add_parser(
        "export",
        help="write the store as a table",
        description="Write the results store as a table, one row per point.",
        epilog=EXAMPLE,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    e.add_argument("store", help="results store (.sqlite) or an older JSON-lines results file")
    e.add_argument("--out", required=True, help="output file (.csv, .parquet or .jsonl)")
    e.add_argument("--format", choices=sorted(FORMATS), help="(default: from the --out name)")
    e.add_argument(
        "--status", choices=STATUSES, default="all", help="only the points of one status (all)"
    )
    e.set_defaults(func=run_export)


def run_export(args: argparse.Namespace) -> int:
    out = check_output_file("--out", args.out)
    if not Path(args.store).is_file():
        raise QnetsimValueError(f"{args.store}: no such results store")
    n = export(args.store, out, args.format, args.status)
    print(f"{n} rows written to {out}")
    return 0
