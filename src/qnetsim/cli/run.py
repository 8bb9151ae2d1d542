"""``qnetsim run FILE``: run one scenario file and print its results."""

from __future__ import annotations

import argparse
import math
import sys
import threading
import tomllib
from typing import Any

from qnetsim.cli._common import check_figure_path, check_scenario_file, to_json
from qnetsim.scenario.document import Scenario
from qnetsim.scenario.loader import load_scenario
from qnetsim.scenario.runner import run_scenario
from qnetsim.scenario.schema import ScenarioError

EXAMPLE = """examples:
  qnetsim run examples/experiments/liu2026_ions.toml
  qnetsim run examples/experiments/lu2026_diqkd.toml --set "links[0].length_km=50" --json
  qnetsim run examples/scenarios/my_link.toml --quick --plot my_link.png

The file format is documented in docs/scenarios.md."""


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
        help="link scenarios: also propagate the plausible ranges of the assumed inputs to the "
        "closed-form rate and fidelity (N quasi-Monte Carlo draws, default 256)",
    )
    p.add_argument(
        "--plot",
        metavar="OUT.png",
        help="draw the results (any matplotlib format; .png is added to a name without one)",
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
        return str(value)
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


def _bands(scenario: Scenario, overrides: dict[str, Any], draws: int) -> dict[str, Any]:
    """Bands of a link scenario's closed-form rate and fidelity over its assumed inputs."""
    import dataclasses

    from qnetsim.cli._common import check_flag_int
    from qnetsim.network.uncertainty import bands
    from qnetsim.scenario.build import build_links
    from qnetsim.scenario.loader import with_overrides

    n = check_flag_int("--uncertainty", draws, 8)
    scn = with_overrides(scenario, overrides)
    if scn.kind != "link":
        raise ScenarioError(
            scn.source, "scenario.kind", f"{scn.kind!r}: --uncertainty is for link scenarios"
        )
    b = bands(build_links(scn)[0], n=n)
    return {
        "inputs": {k: list(r) for k, r in b.inputs.items()},
        "bands": {k: dataclasses.asdict(v) for k, v in b.bands.items()},
        "sensitivity": b.sensitivity,
    }


def run(args: argparse.Namespace) -> int:
    check_scenario_file(args.file)
    plot_path = check_figure_path("--plot", args.plot) if args.plot else None
    scenario = load_scenario(args.file)
    overrides = dict(parse_assignment(t) for t in args.set)
    bands = _bands(scenario, overrides, args.uncertainty) if args.uncertainty is not None else None
    with _PairsBar(enabled=sys.stderr.isatty()) as progress:
        result = run_scenario(scenario, overrides, quick=args.quick, progress=progress)
    if args.json:
        out = result.as_dict()
        if bands is not None:
            out["uncertainty"] = bands
        print(to_json(out))
    else:
        print(f"{result.scenario.title}  [{args.file}]")
        if overrides:
            print("  with " + ", ".join(f"{k} = {v}" for k, v in overrides.items()))
        width = max(len(k) for k in result.quantities)
        for key, est in result.quantities.items():
            print(f"  {key:<{width}}  {_fmt(est.value, est.err):>22} {est.unit:<9} {est.method}")
        for note in result.scenario.doc["scenario"]["notes"]:
            print(f"  note: {note}")
        if bands is not None:
            for name, b in bands["bands"].items():
                print(
                    f"  {name} band (assumed inputs, closed form): median {b['median']:.4g}, "
                    f"68% [{b['low68']:.4g}, {b['high68']:.4g}], "
                    f"95% [{b['low95']:.4g}, {b['high95']:.4g}]"
                )
                top = sorted(bands["sensitivity"][name].items(), key=lambda kv: -kv[1])[:3]
                print("    driven by " + ", ".join(f"{k} {100 * v:.0f}%" for k, v in top))
    if plot_path is not None:
        from qnetsim.report.scenario_plot import plot_scenario

        path = plot_scenario(result, plot_path)
        if not args.json:
            print(f"figure: {path}")
    return 0
