"""``qnetsim calibrate SCENARIO --data measured.csv --free KEY [KEY ...]``: fit free inputs
to measured points and predict other points (:mod:`qnetsim.scenario.calibrate`)."""

from __future__ import annotations

import argparse
import math
from typing import Any

from qnetsim import doc_path
from qnetsim.cli._common import check_scenario_file, to_json
from qnetsim.scenario.schema import ScenarioError

EXAMPLE = f"""examples:
  qnetsim calibrate examples/experiments/stolk2024_nv.toml \\
      --data examples/data/stolk2024_nv.csv \\
      --free nodes.A.emitter.emission_efficiency --predict "links[0].alpha=0.1"
  qnetsim calibrate my_link.toml --data measured.csv --free nodes.A.emitter.alpha \\
      nodes.A.detector.efficiency --json

The data file is CSV: columns quantity, value, uncertainty (one sigma, > 0), optional unit
and source, and any key path of the scenario as a column (where the point was measured).
Format: {doc_path('calibration.md')}."""


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "calibrate",
        help="fit a scenario's free inputs to measured points, then predict other points",
        description="Fit the named free inputs of a scenario to measured values by weighted "
        "least squares: fitted values with uncertainties and correlations, chi2 per degree "
        "of freedom, and warnings when a value leaves its plausible range or the fit is poor.",
        epilog=EXAMPLE,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("file", help="scenario file (.toml)")
    p.add_argument("--data", required=True, metavar="MEASURED.csv", help="measured points (CSV)")
    p.add_argument(
        "--free",
        required=True,
        nargs="+",
        metavar="KEY",
        help="key paths to fit, e.g. nodes.A.emitter.emission_efficiency",
    )
    p.add_argument(
        "--predict",
        action="append",
        default=[],
        metavar="KEY=VALUE[,KEY=VALUE]",
        help="a point to predict with the calibrated inputs (repeatable); the quantities are "
        "those of the data unless --quantity names others",
    )
    p.add_argument(
        "--quantity",
        action="append",
        default=[],
        metavar="NAME",
        help="a quantity to predict (repeatable)",
    )
    p.add_argument("--draws", type=int, default=64, help="draws for each prediction's band (64)")
    p.add_argument("--json", action="store_true", help="print machine-readable results")
    p.set_defaults(func=run)


def _point(text: str) -> dict[str, Any]:
    from qnetsim.cli.run import parse_assignment

    out: dict[str, Any] = {}
    for part in text.split(","):
        if part.strip():
            key, value = parse_assignment(part)
            out[key] = value
    if not out:
        raise ScenarioError("--predict", text, "expected KEY=VALUE[,KEY=VALUE]")
    return out


def run(args: argparse.Namespace) -> int:
    from qnetsim.cli._common import check_flag_int
    from qnetsim.scenario.calibrate import calibrate
    from qnetsim.scenario.loader import load_scenario, with_overrides
    from qnetsim.scenario.measured import read_measured

    check_scenario_file(args.file)
    draws = check_flag_int("--draws", args.draws, 8, 65536)
    scenario = load_scenario(args.file)
    points = read_measured(args.data, scenario)
    predict_at = [_point(t) for t in args.predict]
    for at in predict_at:
        with_overrides(scenario, at)  # a bad point fails before the fit
    cal = calibrate(scenario, points, args.free)
    quantities = args.quantity or sorted({p.quantity for p in points})
    predictions = [cal.predict(quantities, at, n=draws) for at in predict_at]
    if args.json:
        out = cal.to_dict()

        def num(x: float) -> float | None:
            return x if math.isfinite(x) else None

        out["predictions"] = [
            {
                "at": at,
                "quantities": {
                    q: {
                        "value": num(pr.value),
                        "median": num(pr.band.median),
                        "band_low": num(pr.band.low95),
                        "band_high": num(pr.band.high95),
                    }
                    for q, pr in preds.items()
                },
            }
            for at, preds in zip(predict_at, predictions, strict=True)
        ]
        print(to_json(out))
        return 0
    print(f"{scenario.title}  [{args.file}]")
    print(cal.summary())
    for at, preds in zip(predict_at, predictions, strict=True):
        where = ", ".join(f"{k} = {v}" for k, v in at.items())
        print(f"prediction at {where}:")
        for q, pr in preds.items():
            b = pr.band
            print(
                f"  {q}: {pr.value:.4g} (95% band from the fitted inputs: "
                f"[{b.low95:.4g}, {b.high95:.4g}])"
            )
    return 0
