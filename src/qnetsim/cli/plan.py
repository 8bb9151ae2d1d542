"""``qnetsim plan``: which repeater chain meets a distance, rate and fidelity target."""

from __future__ import annotations

import argparse
import json
import sys

import numpy as np

from qnetsim.hardware import get_platform, platform_names
from qnetsim.link.design import SCHEMES
from qnetsim.network.planner import PlanTarget, evaluate_design, plan_chain, verify_design

EXAMPLE = """example:
  qnetsim plan --platform ca_ion_ustc --distance-km 1000 --rate-hz 1 --fidelity 0.8 \
      --scheme two-photon
  qnetsim plan --platform rb_atom_lu2026 --distance-km 300 --rate-hz 0.1 --fidelity 0.7 \
      --plot plan.png --verify 300"""


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "plan",
        help="search repeater chains (nodes, multiplexing, cutoff, purification) for a target",
        description="Find the cheapest repeater-chain design that meets a target, or the closest.",
        epilog=EXAMPLE,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument(
        "--platform", required=True, help=f"node platform: {', '.join(platform_names())}"
    )
    p.add_argument("--distance-km", type=float, required=True, help="end-to-end distance")
    p.add_argument("--rate-hz", type=float, required=True, help="target end-to-end pair rate")
    p.add_argument("--fidelity", type=float, required=True, help="target fidelity to Phi+")
    p.add_argument("--scheme", choices=SCHEMES, help="heralding scheme (default: the platform's)")
    p.add_argument("--p-swap", type=float, default=1.0, help="swap success probability (1)")
    p.add_argument("--samples", type=int, default=1000, help="Monte Carlo chains per design")
    p.add_argument("--seed", type=int, default=1, help="root random seed (1)")
    p.add_argument("--top", type=int, default=10, help="designs to list (10)")
    p.add_argument("--plot", metavar="OUT.png", help="draw rate vs distance against PLOB")
    p.add_argument(
        "--verify",
        type=int,
        metavar="PAIRS",
        default=0,
        help="run the best design in the event engine for PAIRS pairs (real latencies and "
        "the memory wait during pumping) and print it next to the prediction",
    )
    p.add_argument("--json", action="store_true", help="print machine-readable results")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    platform = get_platform(args.platform)
    target = PlanTarget(args.distance_km, args.rate_hz, args.fidelity)
    root = np.random.SeedSequence(args.seed)
    search_seq, plot_seq = root.spawn(2)
    plan = plan_chain(
        platform, target, rng=np.random.default_rng(search_seq), scheme=args.scheme,
        p_swap=args.p_swap, n_samples=args.samples,
    )  # fmt: skip
    rows = [
        {
            "n_links": e.design.n_links,
            "modes": e.design.modes,
            "cutoff_s": e.design.cutoff_s,
            "pumping_rounds": e.design.pumping_rounds,
            "rate_hz": e.rate_hz,
            "rate_err_hz": e.rate_err_hz,
            "fidelity": e.fidelity,
            "fidelity_err": e.fidelity_err,
            "meets_target": e.meets_target,
            "viable": e.viable,
        }
        for e in plan.evaluations[: args.top]
    ]
    if args.json:
        print(json.dumps({"summary": plan.summary(), "designs": rows}, indent=2))
    else:
        print(plan.summary())
        print()
        print(
            f"  {'links':>5} {'modes':>6} {'cutoff (s)':>10} {'pump':>4} {'rate (Hz)':>11} "
            f"{'fidelity':>9}  meets"
        )
        for r in rows:
            cutoff = "none" if r["cutoff_s"] is None else f"{r['cutoff_s']:.3g}"
            rate = f"{r['rate_hz']:.3g}" if r["viable"] else "not viable"
            print(
                f"  {r['n_links']:>5} {r['modes']:>6} {cutoff:>10} {r['pumping_rounds']:>4} "
                f"{rate:>11} {r['fidelity']:>9.3f}  {'yes' if r['meets_target'] else 'no'}"
            )
    if args.verify and plan.best.viable:
        best = plan.best
        des = verify_design(
            platform, target, best.design, seed=args.seed, scheme=args.scheme,
            p_swap=args.p_swap, n_pairs=args.verify,
        )  # fmt: skip
        print(
            f"\nbest design in the event engine ({args.verify} pairs): rate "
            f"{des.rate_hz:.4g} +- {des.rate_err_hz:.2g} Hz (planner {best.rate_hz:.4g}), "
            f"fidelity {des.fidelity:.4f} +- {des.fidelity_err:.2g} (planner {best.fidelity:.4f})",
            file=sys.stderr if args.json else sys.stdout,
        )
    if args.plot:
        _plot(args, plan, np.random.default_rng(plot_seq))
    return 0


def _plot(args: argparse.Namespace, plan: object, rng: np.random.Generator) -> None:
    import matplotlib

    matplotlib.use("Agg")
    from qnetsim.apps.capacity_plot import plot_rate_vs_distance

    best = plan.best.design  # type: ignore[attr-defined]
    platform = get_platform(args.platform)
    distances = np.linspace(args.distance_km / 10, args.distance_km * 1.5, 12)
    rates = []
    for d in distances:
        target = PlanTarget(float(d), args.rate_hz, args.fidelity)
        ev = evaluate_design(
            platform,
            target,
            best,
            rng,
            scheme=args.scheme,
            p_swap=args.p_swap,
            n_samples=max(200, args.samples // 4),
        )
        rates.append(ev.rate_hz)
    # Pairs per channel use: a channel use is one optical mode sent by the source; an attempt
    # (one local cycle) sends ``modes`` of them.
    per_use = np.array(rates) * platform.emitter.attempt_duration_s / best.modes
    fig = plot_rate_vs_distance(
        distances, per_use, label=f"{best.n_links} links, {best.modes} modes",
        attenuation_db_per_km=platform.fibre_attenuation_db_per_km,
        n_segments=max(2, best.n_links),
        title=f"{args.platform}: best design vs capacity bounds",
    )  # fmt: skip
    fig.savefig(args.plot, dpi=120)
    print(f"plot written to {args.plot}")
