"""``qnetsim run FILE``: run one scenario file and print its results."""

from __future__ import annotations

import argparse
import math
import sys
import threading
import tomllib
from pathlib import Path
from typing import Any

from qnetsim import doc_path
from qnetsim.cli._common import (
    Elapsed,
    check_figure_path,
    check_output_dir,
    check_scenario_file,
    to_json,
)
from qnetsim.report.entanglement import entanglement_flag, is_fidelity
from qnetsim.scenario.document import Scenario
from qnetsim.scenario.loader import load_scenario
from qnetsim.scenario.runner import run_scenario
from qnetsim.scenario.schema import ScenarioError

EXAMPLE = f"""examples:
  qnetsim run examples/experiments/liu2026_ions.toml
  qnetsim run examples/experiments/lu2026_diqkd.toml --set "links[0].length_km=50" --json
  qnetsim run examples/scenarios/my_link.toml --quick --plot my_link.png

The file format is documented in {doc_path("scenarios.md")}."""


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "run",
        help="run a scenario file (TOML) and print its results",
        description="Validate and run a scenario file: links, stars, chains, storage, "
        "satellites, with QKD on the delivered pairs.",
        epilog=EXAMPLE,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("file", help="scenario file (.toml)")
    p.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="override a value by key path, e.g. links[0].length_km=50 (repeatable)",
    )
    p.add_argument("--quick", action="store_true", help="fewer pairs / shorter simulated time")
    p.add_argument("--json", action="store_true", help="print machine-readable results")
    p.add_argument(
        "--uncertainty",
        type=int,
        nargs="?",
        const=256,
        default=None,
        metavar="N",
        help="also propagate the plausible ranges of the uncertain inputs (the presets' "
        "assumptions and the file's [[uncertain]] entries) to the rate and fidelity: median, "
        "68%% and 95%% bands and the inputs that drive them (N quasi-Monte Carlo draws, "
        "default 256; closed forms where the kind has them, else the quick simulation)",
    )
    p.add_argument(
        "--plot",
        metavar="OUT.png",
        help="draw the results (any matplotlib format; .png is added to a name without one); "
        "with --uncertainty and a [[curves]] entry also OUT_bands.png: the curve with its "
        "68%% and 95%% bands",
    )
    p.add_argument(
        "--html",
        metavar="DIR",
        help="also write DIR/report.html: tables, verdicts, loss budget, figure and inputs with "
        "their sources, in one self-contained page",
    )
    p.set_defaults(func=run)


def parse_assignment(text: str) -> tuple[str, Any]:
    """``"links[0].length_km=50"`` -> ``("links[0].length_km", 50)`` (TOML value syntax;
    a bare word is a string)."""
    key, sep, value = text.partition("=")
    if not sep or not key.strip():
        raise ScenarioError("--set", text, "expected KEY=VALUE")
    try:
        parsed = tomllib.loads(f"v = {value.strip()}")["v"]
    except tomllib.TOMLDecodeError:
        parsed = value.strip()
    return key.strip(), parsed


def _fmt(value: float, err: float) -> str:
    if not math.isfinite(value):
        return "n/a (see the notes)"
    if err and err > 1e-12 * abs(value):
        return f"{value:.5g} +- {err:.2g}"
    return f"{value:.5g}"


class _PairsBar:
    """Progress of a chain scenario in delivered pairs, on stderr when it is a terminal:
    shown after a second and refreshed every second by a helper thread, so the elapsed time
    moves even while a slow chain delivers nothing."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self.bar: Any = None
        self.stop = threading.Event()
        self.thread: threading.Thread | None = None

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled:
            return
        if self.bar is None:
            from tqdm import tqdm

            self.bar = tqdm(
                total=total, desc="pairs", unit="pair", file=sys.stderr, delay=1.0, leave=False
            )
            self.thread = threading.Thread(target=self._tick, daemon=True)
            self.thread.start()
        self.bar.update(done - self.bar.n)

    def _tick(self) -> None:
        while not self.stop.wait(1.0):
            self.bar.refresh()

    def __enter__(self) -> _PairsBar:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        if self.thread is not None:
            self.thread.join()
        if self.bar is not None:
            self.bar.close()


def _bands(scenario: Scenario, overrides: dict[str, Any], draws: int) -> Any:
    """Bands of the scenario's rate and fidelity (or of all its quantities) over its
    uncertain inputs (:func:`qnetsim.scenario.bands.scenario_bands`)."""
    from qnetsim.cli._common import check_flag_int
    from qnetsim.scenario.bands import scenario_bands

    n = check_flag_int("--uncertainty", draws, 8, 65536)
    return scenario_bands(scenario, [overrides], n=n)  # a simulated draw uses quick settings


def _band_figure(
    scenario: Scenario, overrides: dict[str, Any], plot_path: Path, draws: int
) -> Path:
    """``<plot>_bands.<ext>``: the first ``[[curves]]`` entry's quantities with their a priori
    68% and 95% bands over the uncertain inputs (:func:`qnetsim.report.band_plot.
    plot_band_curves`; the same draws at every point of the curve)."""
    from qnetsim.report.band_plot import plot_band_curves
    from qnetsim.scenario.loader import with_overrides

    curve = scenario.doc["curves"][0]
    quantities = [q.removesuffix("_closed_form") for q in curve["quantities"]]
    out = plot_path.with_name(f"{plot_path.stem}_bands{plot_path.suffix}")
    scn = with_overrides(scenario, overrides) if overrides else scenario
    return plot_band_curves(scn, curve["parameter"], curve["values"], quantities, out, n=draws)


def run(args: argparse.Namespace) -> int:
    check_scenario_file(args.file)
    plot_path = check_figure_path("--plot", args.plot) if args.plot else None
    if getattr(args, "html", None):
        check_output_dir("--html", args.html)
    scenario = load_scenario(args.file)
    overrides = dict(parse_assignment(t) for t in args.set)
    bands = None
    if args.uncertainty is not None:
        with Elapsed("qnetsim run: uncertainty bands", enabled=sys.stderr.isatty()):
            bands = _bands(scenario, overrides, args.uncertainty)
    with _PairsBar(enabled=sys.stderr.isatty()) as progress:
        result = run_scenario(scenario, overrides, quick=args.quick, progress=progress)
    if args.json:
        out = result.as_dict()
        if bands is not None:
            out["uncertainty"] = bands.to_dict()
        print(to_json(out))
    else:
        print(f"{result.scenario.title}  [{args.file}]")
        if overrides:
            print("  with " + ", ".join(f"{k} = {v}" for k, v in overrides.items()))
        width = max(len(k) for k in result.quantities)
        for key, est in result.quantities.items():
            flag = entanglement_flag(est.value) if is_fidelity(key) else ""
            print(
                f"  {key:<{width}}  {_fmt(est.value, est.err):>22} {est.unit:<9} {est.method}"
                + (f"  <- {flag}" if flag else "")
            )
        for note in result.notes:
            print(f"  note: {note}")
        if bands is not None:
            print(bands.summary())
    if plot_path is not None:
        from qnetsim.report.scenario_plot import plot_scenario

        path = plot_scenario(result, plot_path)
        if not args.json:
            print(f"figure: {path}")
        if bands is not None and scenario.doc["curves"]:
            path = _band_figure(scenario, overrides, Path(path), int(args.uncertainty))
            if not args.json:
                print(f"figure: {path}")
    if getattr(args, "html", None):
        from qnetsim.report.html_sections import scenario_report

        page = scenario_report(result).write(args.html)
        print(f"report: {page}", file=sys.stderr if args.json else sys.stdout)
    return 0
