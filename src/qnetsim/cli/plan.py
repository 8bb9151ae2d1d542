"""``qnetsim plan``: which repeater chain meets a distance, rate and fidelity target."""

from __future__ import annotations

import argparse
import math
import sys
from pathlib import Path
from typing import Any

import numpy as np

from qnetsim import doc_path
from qnetsim.cli._common import (
    Elapsed,
    check_figure_path,
    check_flag_int,
    check_seed,
    flag_names,
    round_noise,
    to_json,
)
from qnetsim.cli.link import link_platforms, raise_for_scheme, resolve_platform
from qnetsim.errors import InvalidParameterError
from qnetsim.hardware import get_platform
from qnetsim.link.checks import SCHEMES
from qnetsim.network.chains.designs import Plan, PlanTarget
from qnetsim.network.chains.planner import evaluate_design, plan_chain, verify_design
from qnetsim.report.entanglement import NOT_ENTANGLED, THRESHOLD, is_entangled
from qnetsim.report.tables import misses_by

EXAMPLE = f"""examples:
  qnetsim plan --platform ca_ion_ustc --distance-km 1000 --rate-hz 1 --fidelity 0.8 \\
      --scheme two-photon
  qnetsim plan --platform rb_atom_lu2026 --distance-km 300 --rate-hz 0.1 --fidelity 0.7 \\
      --plot plan.png --verify 300
  qnetsim plan --platform rb_ensemble_ustc --distance-km 50 --rate-hz 1 --fidelity 0.6 \\
      --modes 1,10,100

The search respects the platform's capabilities ({doc_path('platforms.md')}): mode counts up to
capabilities.max_modes, and only designs whose nodes need no more qubits than
communication_qubits + storage_qubits (a repeater holds two halves, pumping one more per
side); the output says which capability limited the search."""

#: Flags of the arguments the planner validates under its own names.
FLAGS = {
    "distance_km": "--distance-km",
    "rate_hz": "--rate-hz",
    "fidelity": "--fidelity",
    "p_swap": "--p-swap",
    "n_samples": "--samples",
    "scheme": "--scheme",
    "modes": "--modes",
}


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "plan",
        help="search repeater chains (nodes, multiplexing, cutoff, purification) for a target",
        description="Find the cheapest repeater-chain design that meets a target, or the closest.",
        epilog=EXAMPLE,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument(
        "--platform", required=True, help=f"node platform: {', '.join(link_platforms())}"
    )
    p.add_argument("--distance-km", type=float, required=True, help="end-to-end distance")
    p.add_argument("--rate-hz", type=float, required=True, help="target end-to-end pair rate")
    p.add_argument("--fidelity", type=float, required=True, help="target fidelity to Phi+")
    p.add_argument("--scheme", choices=SCHEMES, help="heralding scheme (default: the platform's)")
    p.add_argument("--p-swap", type=float, default=1.0, help="swap success probability (1)")
    p.add_argument(
        "--modes",
        metavar="M[,M...]",
        help="multiplexed modes per memory to try, each <= the platform's "
        "capabilities.max_modes (default: 1,10,100,1000 up to that limit)",
    )
    p.add_argument("--samples", type=int, default=1000, help="Monte Carlo chains per design (1000)")
    p.add_argument("--seed", type=int, default=1, help="root random seed (1)")
    p.add_argument("--top", type=int, default=10, help="designs to list, >= 1 (10)")
    p.add_argument("--plot", metavar="OUT.png", help="draw rate vs distance against PLOB")
    p.add_argument(
        "--verify",
        type=int,
        metavar="PAIRS",
        help="run the best design in the event engine for PAIRS (>= 1) pairs (real latencies "
        "and the memory wait during pumping) and print it next to the prediction",
    )
    p.add_argument("--json", action="store_true", help="print machine-readable results")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    seed = check_seed(args.seed)
    top = check_flag_int("--top", args.top, 1)
    samples = check_flag_int("--samples", args.samples, 2)
    if args.verify is not None:
        check_flag_int("--verify", args.verify, 1)
    plot_path = check_figure_path("--plot", args.plot) if args.plot else None
    platform = resolve_platform("--platform", args.platform)
    modes = _parse_modes(args.modes) if args.modes is not None else None
    check_entangling_target(args.fidelity)
    with flag_names(FLAGS):
        target = PlanTarget(args.distance_km, args.rate_hz, args.fidelity)
    root = np.random.SeedSequence(seed)
    search_seq, plot_seq = root.spawn(2)
    try:
        with flag_names(FLAGS), Elapsed("qnetsim plan: searching", enabled=sys.stderr.isatty()):
            plan = plan_chain(
                platform, target, rng=np.random.default_rng(search_seq), scheme=args.scheme,
                p_swap=args.p_swap, n_samples=samples, modes=modes,
            )  # fmt: skip
    except InvalidParameterError as exc:
        raise_for_scheme(exc, args.platform, None, args.scheme)
        raise
    rows = plan.rows(top)
    caps = platform.capabilities
    capabilities = {
        "communication_qubits": caps.communication_qubits,
        "storage_qubits": caps.storage_qubits,
        "max_modes": caps.max_modes,
    }
    if not args.json:
        print(plan.summary())
        if not plan.best.meets_target:
            print(closest_text(plan))
        print(
            f"capabilities of {platform.name}: {caps.communication_qubits} communication + "
            f"{caps.storage_qubits} storage qubit(s) per node, up to {caps.max_modes} "
            f"multiplexed mode(s); {len(plan.excluded)} design(s) excluded for lack of qubits"
        )
        print()
        print(
            f"  {'links':>5} {'modes':>6} {'cutoff (s)':>10} {'pump':>4} {'rate (Hz)':>11} "
            f"{'fidelity':>9}  meets"
        )
        for r in rows:
            cutoff = "none" if r["cutoff_s"] is None else f"{r['cutoff_s']:.3g}"
            rate = f"{r['rate_hz']:.3g}" if r["viable"] else "skipped"
            f = r["fidelity"]
            fid = f"{f:.3f}" if isinstance(f, float) and math.isfinite(f) else "-"
            meets = "yes" if r["meets_target"] else f"no: {r['misses_by']}"
            if r["entangled"] is False:
                meets += f" ({NOT_ENTANGLED}: F <= {THRESHOLD:g})"
            print(
                f"  {r['n_links']:>5} {r['modes']:>6} {cutoff:>10} {r['pumping_rounds']:>4} "
                f"{rate:>11} {fid:>9}  {meets}"
            )
        if any(not r["viable"] for r in rows):
            print(
                "  skipped: a cutoff that discards most pairs, not sampled (a search limit; "
                "such a design may still deliver: see qnetsim.network.chains.planner)"
            )
    verification: dict[str, Any] | None = None
    if args.verify is not None:
        best = plan.best
        if best.viable:
            with Elapsed("qnetsim plan: verifying", enabled=sys.stderr.isatty()):
                des = verify_design(
                    platform, target, best.design, seed=seed, scheme=args.scheme,
                    p_swap=args.p_swap, n_pairs=args.verify,
                )  # fmt: skip
            f_err = round_noise(des.fidelity, des.fidelity_err)
            verification = {
                "pairs": args.verify,
                "rate_hz": des.rate_hz,
                "rate_err_hz": des.rate_err_hz,
                "fidelity": des.fidelity,
                "fidelity_err": f_err,
                "planner_rate_hz": best.rate_hz,
                "planner_fidelity": best.fidelity,
                "entangled": is_entangled(des.fidelity),
            }
            if not args.json:
                print(
                    f"\nbest design in the event engine ({args.verify} pairs): rate "
                    f"{des.rate_hz:.4g} +- {des.rate_err_hz:.2g} Hz (planner {best.rate_hz:.4g}), "
                    f"fidelity {des.fidelity:.4f} +- {f_err:.2g} "
                    f"(planner {best.fidelity:.4f})"
                    + (f"; {NOT_ENTANGLED}" if is_entangled(des.fidelity) is False else "")
                )
        else:
            print(
                "qnetsim: note: --verify skipped: the best design is not viable",
                file=sys.stderr,
            )
    if args.json:
        out: dict[str, Any] = {
            "summary": plan.summary(),
            "meets_target": plan.best.meets_target,
            "closest_design_misses_by": misses_by(plan.best) or None,
            "capabilities": capabilities,
            "limits": list(plan.limits),
            "excluded": [
                {
                    "n_links": x.design.n_links,
                    "modes": x.design.modes,
                    "cutoff_s": x.design.cutoff_s,
                    "pumping_rounds": x.design.pumping_rounds,
                    "reason": x.reason,
                }
                for x in plan.excluded
            ],
            "designs": rows,
        }
        if args.verify is not None:
            out["verification"] = verification
        print(to_json(out))
    if plot_path is not None:
        _plot(args, plan, np.random.default_rng(plot_seq), plot_path, samples)
    return 0


def check_entangling_target(fidelity: float) -> float:
    """A fidelity target above 1/2; at or below it no entanglement is needed to meet it
    (:mod:`qnetsim.report.entanglement`), so the planner refuses it and says why."""
    if isinstance(fidelity, int | float) and fidelity <= THRESHOLD:
        raise InvalidParameterError(
            "--fidelity",
            fidelity,
            f"a fidelity target in ({THRESHOLD:g}, 1]",
            f"a pair with F <= {THRESHOLD:g} to Phi+ is {NOT_ENTANGLED} (a Bell-diagonal state "
            "is separable there), so such a target is met without any entanglement; ask for "
            "the fidelity the application needs",
        )
    return fidelity


def closest_text(plan: Plan) -> str:
    """The line under a plan whose best design misses: it is the closest, by how much."""
    b = plan.best
    if not b.viable:
        return "no design delivers pairs: nothing meets or approaches the target"
    text = f"closest design (does not meet the target): misses it by {misses_by(b)}"
    if is_entangled(b.fidelity) is False:
        text += f"; its pairs are {NOT_ENTANGLED} (F = {b.fidelity:.3f} <= {THRESHOLD:g})"
    return text


def _parse_modes(text: str) -> list[int]:
    """``"1,10,100"`` -> ``[1, 10, 100]``; a named error for anything else."""
    try:
        values = [int(v) for v in text.split(",")]
    except ValueError:
        raise InvalidParameterError(
            "--modes", text, "comma-separated integers >= 1, e.g. 1,10,100"
        ) from None
    for v in values:
        check_flag_int("--modes", v, 1)
    return values


def _plot(
    args: argparse.Namespace, plan: Plan, rng: np.random.Generator, path: Path, samples: int
) -> None:
    from qnetsim.apps.capacity_plot import plot_rate_vs_distance

    best = plan.best.design
    platform = get_platform(args.platform)
    distances = np.linspace(args.distance_km / 10, args.distance_km * 1.5, 12)
    rates, bad = [], []
    for d in distances:
        target = PlanTarget(float(d), args.rate_hz, args.fidelity)
        ev = evaluate_design(
            platform,
            target,
            best,
            rng,
            scheme=args.scheme,
            p_swap=args.p_swap,
            n_samples=max(200, samples // 4),
        )
        rates.append(ev.rate_hz if ev.viable and math.isfinite(ev.rate_hz) else 0.0)
        bad.append(bool(ev.viable and is_entangled(ev.fidelity) is False))
    # Pairs per channel use: a channel use is one optical mode sent by the source; an attempt
    # (one local cycle) sends ``modes`` of them. The target rate converts the same way.
    per_use_factor = platform.emitter.attempt_duration_s / best.modes
    # The curve is entangled pairs per channel use; the bounds are capacities in ebits (=
    # secret-key bits) per channel use, the same unit for a maximally entangled pair.
    fig = plot_rate_vs_distance(
        distances, np.array(rates) * per_use_factor,
        label=f"best design: {best.n_links} links, {best.modes} modes",
        attenuation_db_per_km=platform.fibre_attenuation_db_per_km,
        n_segments=max(2, best.n_links),
        title=f"{args.platform}: best design vs capacity bounds, target F >= {args.fidelity:g}",
        target=(args.distance_km, args.rate_hz * per_use_factor),
        not_entangled=bad,
        ylabel="entangled pairs (ebits) per channel use",
    )  # fmt: skip
    fig.savefig(path, dpi=120)
    print(f"figure: {path}", file=sys.stderr if args.json else sys.stdout)
