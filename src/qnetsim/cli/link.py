"""``qnetsim link``: rate, fidelity and loss budget of one elementary link."""

from __future__ import annotations

import argparse
import json

from qnetsim.hardware import get_platform, platform_names
from qnetsim.link.design import GEOMETRIES, SCHEMES, Link
from qnetsim.report.link_report import format_link_report, link_report

EXAMPLE = """example:
  qnetsim link --platform nv_delft --length-km 50 --alpha 0.1 --attenuation-db-per-km 0.45
  qnetsim link --platform ca_ion_ustc --length-km 101 --scheme two-photon --mode attempt"""


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "link",
        help="rate, fidelity and loss budget of a two-node link",
        description="Entanglement between two memories over fibre: closed form and Monte Carlo.",
        epilog=EXAMPLE,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument(
        "--platform", required=True, help=f"node platform: {', '.join(platform_names())}"
    )
    p.add_argument("--platform-b", help="platform of node B (default: the same)")
    p.add_argument("--length-km", type=float, required=True, help="fibre length between nodes")
    p.add_argument("--scheme", choices=SCHEMES, help="heralding scheme (default: the platform's)")
    p.add_argument("--geometry", choices=GEOMETRIES, default="midpoint")
    p.add_argument("--alpha", type=float, help="bright-state population (single-click)")
    p.add_argument("--attenuation-db-per-km", type=float, help="fibre attenuation override")
    p.add_argument("--extra-loss-db", type=float, default=0.0, help="extra loss per arm (dB)")
    p.add_argument("--conversion-efficiency", type=float, help="frequency conversion override")
    p.add_argument("--pairs", type=int, default=100_000, help="Monte Carlo pairs (100000)")
    p.add_argument("--mode", choices=("sampled", "attempt", "both"), default="sampled")
    p.add_argument("--seed", type=int, default=1, help="root random seed (1)")
    p.add_argument("--json", action="store_true", help="print machine-readable results")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    node_a = get_platform(args.platform)
    link = Link(
        node_a,
        args.length_km,
        node_b=get_platform(args.platform_b) if args.platform_b else None,
        scheme=args.scheme,
        geometry=args.geometry,
        alpha=args.alpha,
        attenuation_db_per_km=args.attenuation_db_per_km,
        extra_loss_db=args.extra_loss_db,
        conversion_efficiency=args.conversion_efficiency,
    )
    modes = ("sampled", "attempt") if args.mode == "both" else (args.mode,)
    report = link_report(link, args.pairs, args.seed, modes)
    if args.json:
        print(json.dumps(report.as_dict(), indent=2))
    else:
        print(format_link_report(report))
    return 0
