"""``qnetsim link``: rate, fidelity and loss budget of one elementary link.

The flags name the nodes and the link (:mod:`qnetsim.cli.link_nodes`); attempt mode keeps
within an attempt budget (:mod:`qnetsim.cli.link_budget`); ``--scheme memory-photon`` is one
memory entangled with a photon measured at a station (:mod:`qnetsim.cli.link_memory_photon`).
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
from typing import Any

from qnetsim import doc_path
from qnetsim.cli._common import Elapsed, check_flag_int, check_seed, flag_names, to_json
from qnetsim.cli.link_budget import (
    DEFAULT_MAX_ATTEMPTS,
    MIN_ATTEMPT_PAIRS,
    attempts_needed,
    check_max_attempts,
    plan_modes,
)
from qnetsim.cli.link_nodes import (
    hw_overrides,
    link_platforms,
    merge_tables,
    raise_for_scheme,
    resolve_platform,
)
from qnetsim.errors import InvalidParameterError, QnetsimValueError
from qnetsim.link.checks import GEOMETRIES, SCHEMES
from qnetsim.link.design import Link
from qnetsim.report.link_report import format_link_report, link_report

MEMORY_PHOTON = "memory-photon"  # = qnetsim.cli.link_memory_photon.MEMORY_PHOTON

__all__ = [
    "DEFAULT_MAX_ATTEMPTS",
    "EXAMPLE",
    "MIN_ATTEMPT_PAIRS",
    "add_parser",
    "attempts_needed",
    "build_link",
    "check_max_attempts",
    "plan_modes",
    "run",
]

EXAMPLE = f"""examples:
  qnetsim link --platform nv_delft --length-km 50 --alpha 0.1 --attenuation-db-per-km 0.45
  qnetsim link --platform ca_ion_ustc --length-km 101 --scheme two-photon --mode attempt \\
      --pairs 10
  qnetsim link --platform ca_ion_ustc --length-km 10 --classical-length-km 0 \\
      --hw 'timing.overheads=[{{name="recooling", duration_s=120e-6, every_s=90e-6}}]' \\
      --hw emitter.double_excitation_probability=0.02

Attempt mode simulates every attempt (5-13 M attempts/s): at low success probability it runs
fewer pairs than --pairs so as to stay within --max-attempts (a note says so).

One node's memory entangled with a photon measured at a station at the end of the fibre
(ion-photon, atom-photon entanglement; {doc_path("memory_photon.md")}): --scheme memory-photon, e.g.
--platform rb_atom_lu2026 --length-km 20 --bases Z,X,Y --visibility-x 0.98."""


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "link",
        help="rate, fidelity and loss budget of a two-node link",
        description="Entanglement between two memories over fibre: closed form and Monte Carlo.",
        epilog=EXAMPLE,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument(
        "--platform", required=True, help=f"node platform: {', '.join(link_platforms())}"
    )
    p.add_argument("--platform-b", help="platform of node B (default: the same)")
    p.add_argument("--length-km", type=float, required=True, help="fibre length between nodes")
    p.add_argument(
        "--scheme",
        choices=(*SCHEMES, MEMORY_PHOTON),
        help="heralding scheme (default: the platform's); memory-photon: the node's memory "
        "entangled with a photon measured at a station at the end of the fibre (one node)",
    )
    p.add_argument(
        "--bases",
        default="Z,X",
        help="memory-photon: bases the station and the memory measure in, e.g. Z,X,Y (Z,X)",
    )
    p.add_argument(
        "--visibility-z",
        type=float,
        default=1.0,
        help="memory-photon: visibility of the station's Z-basis analysis (1)",
    )
    p.add_argument(
        "--visibility-x",
        type=float,
        default=1.0,
        help="memory-photon: visibility of the station's X-basis analysis (1)",
    )
    p.add_argument(
        "--geometry",
        choices=GEOMETRIES,
        default="midpoint",
        help="where the heralding station is: halfway (midpoint) or at node B (node_to_node); "
        "the reflection scheme is always node to node (default: midpoint)",
    )
    p.add_argument("--alpha", type=float, help="bright-state population (single-click)")
    p.add_argument("--attenuation-db-per-km", type=float, help="fibre attenuation override")
    p.add_argument("--extra-loss-db", type=float, default=0.0, help="extra loss per arm (dB)")
    p.add_argument("--conversion-efficiency", type=float, help="frequency conversion override")
    p.add_argument(
        "--hw",
        action="append",
        default=[],
        metavar="FIELD=VALUE",
        help="hardware override on both nodes, any field of any component as in a scenario "
        "file, e.g. timing.duty_cycle=0.5, emitter.double_excitation_probability=0.04, "
        'converter="none", \'timing.overheads=[{name="recooling", duration_s=120e-6, '
        "every_s=90e-6}]' (a TOML value; repeatable)",
    )
    p.add_argument(
        "--hw-b",
        action="append",
        default=[],
        metavar="FIELD=VALUE",
        help="hardware override on node B only (after --hw; repeatable)",
    )
    p.add_argument(
        "--classical-length-km",
        type=float,
        help="distance the herald travels between the nodes (spooled fibre in one lab: 0)",
    )
    p.add_argument(
        "--arm-loss-db",
        type=float,
        nargs=2,
        metavar=("A", "B"),
        help="measured loss of each arm (deployed fibre, connectors), replacing attenuation",
    )
    p.add_argument("--wavelength-nm", type=float, help="fibre wavelength override")
    p.add_argument(
        "--store-in-memory",
        action="store_true",
        help="move the pair into the storage qubit (nodes with a communication qubit)",
    )
    p.add_argument("--pairs", type=int, default=100_000, help="Monte Carlo pairs (100000)")
    p.add_argument(
        "--mode",
        choices=("sampled", "attempt", "both"),
        default="sampled",
        help="Monte Carlo: 'sampled' draws geometric waiting times (fast at any loss), "
        "'attempt' simulates every attempt photon by photon (cost ~ pairs / success "
        "probability, capped by --max-attempts), 'both' runs the two (default: sampled)",
    )
    p.add_argument(
        "--max-attempts",
        type=float,
        default=float(DEFAULT_MAX_ATTEMPTS),
        metavar="N",
        help="budget of simulated attempts in attempt mode; over it, fewer pairs are "
        f"simulated (or attempt mode is skipped) with a note ({DEFAULT_MAX_ATTEMPTS:.0e})",
    )
    p.add_argument("--seed", type=int, default=1, help="root random seed (1)")
    p.add_argument(
        "--uncertainty",
        type=int,
        nargs="?",
        const=256,
        default=None,
        metavar="N",
        help="also propagate the plausible ranges of the platforms' assumed inputs to the "
        "closed-form rate and fidelity (N quasi-Monte Carlo draws, default 256): median, "
        "68%% and 95%% bands, and which inputs drive them",
    )
    p.add_argument("--json", action="store_true", help="print machine-readable results")
    p.set_defaults(func=run)


def _build_from_overrides(args: argparse.Namespace) -> Link:
    """A link with hardware overrides, built through the scenario schema so that every field
    is checked as in a scenario file (errors name the field's key path)."""
    resolve_platform("--platform", args.platform)
    if args.platform_b:
        resolve_platform("--platform-b", args.platform_b)
    both = hw_overrides("--hw", args.hw)
    node_a = {"platform": args.platform, **both}
    node_b = merge_tables(
        {"platform": args.platform_b or args.platform, **both}, hw_overrides("--hw-b", args.hw_b)
    )
    link: dict[str, Any] = {"nodes": ["A", "B"], "length_km": args.length_km}
    for key in (
        "scheme",
        "geometry",
        "alpha",
        "attenuation_db_per_km",
        "conversion_efficiency",
        "classical_length_km",
        "wavelength_nm",
    ):
        if getattr(args, key) is not None:
            link[key] = getattr(args, key)
    link["extra_loss_db"] = args.extra_loss_db
    if args.arm_loss_db is not None:
        link["arm_loss_db"] = list(args.arm_loss_db)
    if args.store_in_memory:
        link["store_in_memory"] = True
    doc = {
        "scenario": {"name": "qnetsim-link", "kind": "link"},
        "nodes": {"A": node_a, "B": node_b},
        "links": [link],
    }
    from qnetsim.scenario.build import build_links
    from qnetsim.scenario.loader import parse_document
    from qnetsim.scenario.schema import ScenarioError

    try:
        scenario = parse_document(doc, "qnetsim link (--hw A and B, --hw-b B)")
        built = build_links(scenario)[0]
        _ = built.attempt
    except ScenarioError as exc:
        raise QnetsimValueError(str(exc)) from None
    return built


def build_link(args: argparse.Namespace) -> Link:
    """The :class:`Link` the flags describe; errors name the flags."""
    if args.hw or args.hw_b:
        return _build_from_overrides(args)
    node_a = resolve_platform("--platform", args.platform)
    node_b = resolve_platform("--platform-b", args.platform_b) if args.platform_b else None
    flags = {
        "length_km": "--length-km",
        "alpha": "--alpha",
        "attenuation_db_per_km": "--attenuation-db-per-km",
        "extra_loss_db": "--extra-loss-db",
        "conversion_efficiency": "--conversion-efficiency",
        "geometry": "--geometry",
        "scheme": "--scheme",
        "classical_length_km": "--classical-length-km",
        "wavelength_nm": "--wavelength-nm",
        "arm_loss_db": "--arm-loss-db",
        "arm_loss_db[0]": "--arm-loss-db",
        "arm_loss_db[1]": "--arm-loss-db",
    }
    try:
        with flag_names(flags):
            link = Link(
                node_a,
                args.length_km,
                node_b=node_b,
                scheme=args.scheme,
                geometry=args.geometry,
                alpha=args.alpha,
                attenuation_db_per_km=args.attenuation_db_per_km,
                extra_loss_db=args.extra_loss_db,
                conversion_efficiency=args.conversion_efficiency,
                classical_length_km=args.classical_length_km,
                arm_loss_db=tuple(args.arm_loss_db) if args.arm_loss_db else None,
                wavelength_nm=args.wavelength_nm,
                store_in_memory=args.store_in_memory,
            )
            _ = link.attempt  # evaluate the closed form here, under the flag names
    except InvalidParameterError as exc:
        raise_for_scheme(exc, args.platform, args.platform_b, args.scheme)
        raise
    return link


def run(args: argparse.Namespace) -> int:
    pairs = check_flag_int("--pairs", args.pairs, 1)
    seed = check_seed(args.seed)
    max_attempts = check_max_attempts(args.max_attempts)
    if args.scheme == MEMORY_PHOTON:
        from qnetsim.cli.link_memory_photon import run_memory_photon

        return run_memory_photon(args, pairs, seed, max_attempts)
    link = build_link(args)
    requested = ("sampled", "attempt") if args.mode == "both" else (args.mode,)
    runs, notes = plan_modes(link, requested, pairs, max_attempts)
    for note in notes:  # before the simulation: the user sees at once why it is shorter
        print(f"qnetsim: note: {note}", file=sys.stderr)
    bands = None
    if args.uncertainty is not None:
        from qnetsim.network import uncertainty

        draws = check_flag_int("--uncertainty", args.uncertainty, 8)
        bands = uncertainty.bands(link, n=draws, seed=seed)
    slow = any(mode == "attempt" for mode, _ in runs) or bands is not None
    with Elapsed("qnetsim link: simulating", enabled=slow and sys.stderr.isatty()):
        report = link_report(link, runs, seed, len(requested))
    if args.json:
        out = {**report.as_dict(), "notes": notes}
        if bands is not None:
            out["uncertainty"] = {
                "inputs": {k: list(r) for k, r in bands.inputs.items()},
                "bands": {k: dataclasses.asdict(b) for k, b in bands.bands.items()},
                "sensitivity": bands.sensitivity,
            }
        print(to_json(out))
    else:
        print(format_link_report(report))
        if bands is not None:
            print(
                f"\nuncertainty from assumed inputs ({len(bands.inputs)} ranges, "
                f"{bands.samples.shape[0]} draws, closed form):"
            )
            print(bands.summary())
    return 0
