"""``qnetsim link``: rate, fidelity and loss budget of one elementary link.

Attempt mode simulates every attempt photon by photon, so its cost grows as ``1/p``: before it
runs, the attempts it needs (pairs x modes / success probability per cycle) are compared with
``--max-attempts``; over the budget, attempt mode simulates fewer pairs (at least
:data:`MIN_ATTEMPT_PAIRS`) or, if even those would not fit, is skipped, with a note either way.
"""

from __future__ import annotations

import argparse
import math
import sys
import tomllib
from typing import Any

import numpy as np

from qnetsim.cli._common import check_flag_int, check_seed, flag_names, to_json
from qnetsim.errors import InvalidParameterError, QnetsimValueError
from qnetsim.hardware import get_platform, platform_names
from qnetsim.hardware.platform import Platform
from qnetsim.link.design import GEOMETRIES, SCHEMES, Link
from qnetsim.link.memory_photon import MemoryPhotonLink, sample_memory_photon
from qnetsim.link.montecarlo import (
    MIN_ATTEMPT_PROBABILITY,
    MIN_CYCLE_PROBABILITY,
)
from qnetsim.report.link_report import format_link_report, link_report
from qnetsim.scenario.build import build_links, build_memory_photon, build_platforms
from qnetsim.scenario.loader import parse_document
from qnetsim.scenario.schema import ScenarioError

EXAMPLE = """examples:
  qnetsim link --platform nv_delft --length-km 50 --alpha 0.1 --attenuation-db-per-km 0.45
  qnetsim link --platform ca_ion_ustc --length-km 101 --scheme two-photon --mode attempt \\
      --pairs 10
  qnetsim link --platform ca_ion_ustc --length-km 10 --classical-length-km 0 \\
      --hw 'timing.overheads=[{name="recooling", duration_s=120e-6, every_s=90e-6}]' \\
      --hw emitter.double_excitation_probability=0.02

Attempt mode simulates every attempt (5-13 M attempts/s): at low success probability it runs
fewer pairs than --pairs so as to stay within --max-attempts (a note says so).

One node's memory entangled with a photon measured at a station at the end of the fibre
(ion-photon, atom-photon entanglement; docs/memory_photon.md): --scheme memory-photon, e.g.
--platform rb_atom_lu2026 --length-km 20 --bases Z,X,Y --visibility-x 0.98."""

#: Default budget of photon-level attempts (``--max-attempts``): tens of seconds.
DEFAULT_MAX_ATTEMPTS = 200_000_000

#: Fewest pairs attempt mode runs when the budget cuts ``--pairs``; below it, it is skipped.
MIN_ATTEMPT_PAIRS = 10

#: The scheme of a memory entangled with a photon measured at a distant station
#: (:class:`~qnetsim.link.MemoryPhotonLink`): one node, the station at the end of the fibre.
MEMORY_PHOTON = "memory-photon"

#: Example of a storage scenario, for users who pick a storage-only platform.
STORAGE_EXAMPLE = "examples/experiments/thomas2024_qd_memory.toml"

def _is_storage_only(platform: Platform) -> bool:
    return platform.scheme == "storage"


def link_platforms() -> list[str]:
    """Platforms that can be the nodes of an entanglement link (not storage-only ones)."""
    return [n for n in platform_names() if not _is_storage_only(get_platform(n))]


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
        "--visibility-z", type=float, default=1.0,
        help="memory-photon: visibility of the station's Z-basis analysis (1)",
    )
    p.add_argument(
        "--visibility-x", type=float, default=1.0,
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
        "converter=\"none\", 'timing.overheads=[{name=\"recooling\", duration_s=120e-6, "
        "every_s=90e-6}]' (a TOML value; repeatable)",
    )
    p.add_argument(
        "--hw-b", action="append", default=[], metavar="FIELD=VALUE",
        help="hardware override on node B only (after --hw; repeatable)",
    )
    p.add_argument(
        "--classical-length-km", type=float,
        help="distance the herald travels between the nodes (spooled fibre in one lab: 0)",
    )
    p.add_argument(
        "--arm-loss-db", type=float, nargs=2, metavar=("A", "B"),
        help="measured loss of each arm (deployed fibre, connectors), replacing attenuation",
    )
    p.add_argument("--wavelength-nm", type=float, help="fibre wavelength override")
    p.add_argument(
        "--store-in-memory", action="store_true",
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
    p.add_argument("--json", action="store_true", help="print machine-readable results")
    p.set_defaults(func=run)


# --- checks -------------------------------------------------------------------------------
def resolve_platform(flag: str, name: str) -> Platform:
    """The platform ``name`` given with ``flag``; storage-only platforms are refused."""
    valid = "one of " + ", ".join(link_platforms())
    if name not in platform_names():
        raise InvalidParameterError(flag, name, valid)
    platform = get_platform(name)
    if _is_storage_only(platform):
        raise InvalidParameterError(
            flag,
            name,
            valid,
            f"{name} is a storage interface, not an entanglement-link node: run a storage "
            f"scenario with `qnetsim run`, e.g. qnetsim run {STORAGE_EXAMPLE}",
        )
    return platform


def _with_emitter(attribute: str) -> list[str]:
    return [n for n in link_platforms() if getattr(get_platform(n).emitter, attribute) is not None]


def raise_for_scheme(
    exc: InvalidParameterError, platform: str, platform_b: str | None, scheme: str | None
) -> None:
    """Turn 'node_x.emitter.<attribute> = None is invalid' (an emitter lacks what the scheme
    needs) into an error about the flag the user can change (``--scheme``, ``--platform``
    or ``--platform-b``); return if ``exc`` is about something else."""
    node, _, attribute = exc.name.partition(".emitter.")
    if attribute not in ("alpha", "excitation_probability"):
        return
    on_b = node == "node_b" and platform_b is not None
    name = platform_b if on_b else platform
    if attribute == "alpha":
        need = "a bright-state population (alpha)"
        have = ", ".join(_with_emitter("alpha"))
        needing = "single-click"
        hint = "; or pass --alpha"
    else:
        need = "an atomic ensemble with an excitation probability"
        have = ", ".join(_with_emitter("excitation_probability"))
        needing = "dlcz"
        hint = ""
    if scheme:
        raise InvalidParameterError(
            "--scheme",
            scheme,
            f"{needing} only with platforms that have {need}: {have}{hint}",
            f"the {needing} scheme needs {need}; {name} has none",
        ) from exc
    raise InvalidParameterError(
        "--platform-b" if on_b else "--platform",
        name,
        f"with a {needing} --platform, a platform with {need}: {have}{hint}",
        f"{name} has none",
    ) from exc


def _overrides(flag: str, items: list[str]) -> dict[str, Any]:
    """``["timing.duty_cycle=0.5", ...]`` -> a node table of overrides (TOML values)."""
    table: dict[str, Any] = {}
    for item in items:
        key, sep, text = item.partition("=")
        key = key.strip()
        if not sep or not key:
            raise InvalidParameterError(flag, item, "FIELD=VALUE, e.g. timing.duty_cycle=0.5")
        try:
            value = tomllib.loads(f"v = {text.strip()}")["v"]
        except tomllib.TOMLDecodeError:
            value = text.strip()  # a bare word is a string: converter=none
        where = table
        *parents, leaf = key.split(".")
        for part in parents:
            where = where.setdefault(part, {})
            if not isinstance(where, dict):
                raise InvalidParameterError(flag, item, f"{part} is a value, not a table")
        where[leaf] = value
    return table


def _merge(base: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out


def _build_from_overrides(args: argparse.Namespace) -> Link:
    """A link with hardware overrides, built through the scenario schema so that every field
    is checked as in a scenario file (errors name the field's key path)."""
    resolve_platform("--platform", args.platform)
    if args.platform_b:
        resolve_platform("--platform-b", args.platform_b)
    both = _overrides("--hw", args.hw)
    node_a = {"platform": args.platform, **both}
    node_b = _merge({"platform": args.platform_b or args.platform, **both},
                    _overrides("--hw-b", args.hw_b))
    link: dict[str, Any] = {"nodes": ["A", "B"], "length_km": args.length_km}
    for key in ("scheme", "geometry", "alpha", "attenuation_db_per_km", "conversion_efficiency",
                "classical_length_km", "wavelength_nm"):
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


def check_max_attempts(value: float) -> int:
    if not (math.isfinite(value) and value >= 1):
        raise InvalidParameterError("--max-attempts", value, "a number >= 1 (e.g. 2e8)")
    return int(value)


# --- the attempt budget ---------------------------------------------------------------------
def attempts_needed(link: Link, pairs: int) -> float:
    """Expected attempts (modes) attempt mode simulates for ``pairs`` pairs."""
    p_cycle = link.cycle_success_probability
    return math.inf if p_cycle <= 0 else pairs * link.num_modes / p_cycle


def plan_modes(
    link: Link, requested: tuple[str, ...], pairs: int, max_attempts: int
) -> tuple[list[tuple[str, int]], list[str]]:
    """The Monte Carlo runs to do, ``(mode, pairs)`` in the order requested, and the notes
    explaining any change to what was asked."""
    runs: list[tuple[str, int]] = []
    notes: list[str] = []
    if link.cycle_success_probability < MIN_CYCLE_PROBABILITY:
        notes.append(
            f"Monte Carlo skipped: success probability per cycle "
            f"{link.cycle_success_probability:.3g} < {MIN_CYCLE_PROBABILITY:g} (over 1e15 "
            "cycles per pair); only the closed form is shown"
        )
        return runs, notes
    for mode in requested:
        if mode != "attempt":
            runs.append((mode, pairs))
            continue
        p = link.success_probability
        needed = attempts_needed(link, pairs)
        feasible = p >= MIN_ATTEMPT_PROBABILITY
        if feasible and needed <= max_attempts:
            runs.append((mode, pairs))
            continue
        per_pair = needed / pairs
        affordable = int(max_attempts // per_pair)
        if feasible and affordable >= MIN_ATTEMPT_PAIRS:
            runs.append((mode, affordable))
            notes.append(
                f"attempt mode would need about {needed:.2g} attempts for {pairs} pairs "
                f"({p:.3g} per attempt), over --max-attempts {max_attempts:.2g}: simulating "
                f"{affordable} pairs in attempt mode instead (--max-attempts {needed * 1.1:.2g} "
                f"runs all {pairs})"
            )
            continue
        fallback = "sampled" not in requested
        reason = (
            f"its success probability per attempt {p:.3g} is below {MIN_ATTEMPT_PROBABILITY:g}"
            if not feasible
            else f"even {MIN_ATTEMPT_PAIRS} pairs need about {MIN_ATTEMPT_PAIRS * per_pair:.2g} "
            f"attempts ({p:.3g} per attempt), over --max-attempts {max_attempts:.2g} (raise it "
            "to run attempt mode)"
        )
        notes.append(
            f"attempt mode skipped: {reason}"
            + ("; showing sampled mode instead" if fallback else "")
        )
        if fallback:
            runs.append(("sampled", pairs))
    return runs, notes


# --- rows -----------------------------------------------------------------------------------
def run(args: argparse.Namespace) -> int:
    pairs = check_flag_int("--pairs", args.pairs, 1)
    seed = check_seed(args.seed)
    max_attempts = check_max_attempts(args.max_attempts)
    if args.scheme == MEMORY_PHOTON:
        return run_memory_photon(args, pairs, seed, max_attempts)
    link = build_link(args)
    requested = ("sampled", "attempt") if args.mode == "both" else (args.mode,)
    runs, notes = plan_modes(link, requested, pairs, max_attempts)
    for note in notes:  # before the simulation: the user sees at once why it is shorter
        print(f"qnetsim: note: {note}", file=sys.stderr)
    report = link_report(link, runs, seed, len(requested))
    if args.json:
        print(to_json({**report.as_dict(), "notes": notes}))
    else:
        print(format_link_report(report))
    return 0


# --- memory-photon links --------------------------------------------------------------------
_MP_FLAGS = {
    "length_km": "--length-km",
    "attenuation_db_per_km": "--attenuation-db-per-km",
    "extra_loss_db": "--extra-loss-db",
    "conversion_efficiency": "--conversion-efficiency",
    "classical_length_km": "--classical-length-km",
    "wavelength_nm": "--wavelength-nm",
    "visibility_z": "--visibility-z",
    "visibility_x": "--visibility-x",
    "bases": "--bases",
    "bases[0]": "--bases",
    "bases[1]": "--bases",
    "bases[2]": "--bases",
}


def _bases(text: str) -> list[str]:
    return [b.strip().upper() for b in str(text).split(",") if b.strip()]


def build_memory_photon_link(args: argparse.Namespace) -> MemoryPhotonLink:
    """The :class:`~qnetsim.link.MemoryPhotonLink` of ``--scheme memory-photon``; errors name
    the flags. Flags of a two-node link are refused."""
    for flag, given in (
        ("--platform-b", args.platform_b),
        ("--alpha", args.alpha),
        ("--arm-loss-db", args.arm_loss_db),
        ("--hw-b", args.hw_b or None),
    ):
        if given is not None:
            raise InvalidParameterError(
                flag,
                given,
                "not given with --scheme memory-photon",
                "a memory-photon link has one node and a station at the end of the fibre",
            )
    resolve_platform("--platform", args.platform)
    spec: dict[str, Any] = {
        "node": "A",
        "length_km": args.length_km,
        "bases": _bases(args.bases),
        "visibility_z": args.visibility_z,
        "visibility_x": args.visibility_x,
        "extra_loss_db": args.extra_loss_db,
        "store_in_memory": bool(args.store_in_memory),
    }
    for key in (
        "attenuation_db_per_km",
        "conversion_efficiency",
        "classical_length_km",
        "wavelength_nm",
    ):
        if getattr(args, key) is not None:
            spec[key] = getattr(args, key)
    doc = {
        "scenario": {"name": "qnetsim-link", "kind": "memory_photon"},
        "nodes": {"A": {"platform": args.platform, **_overrides("--hw", args.hw)}},
        "memory_photon": spec,
    }
    try:
        scenario = parse_document(doc, "qnetsim link --scheme memory-photon")
        return build_memory_photon(
            scenario.doc["memory_photon"], build_platforms(scenario), scenario.source
        )
    except ScenarioError as exc:
        where = (exc.key_path or "").removeprefix("memory_photon.")
        flag_name = _MP_FLAGS.get(where)
        if flag_name is not None:
            attr = "bases" if where.startswith("bases") else where
            valid = exc.reason.split("valid: ", 1)[-1]
            raise InvalidParameterError(flag_name, getattr(args, attr, None), valid) from None
        raise QnetsimValueError(str(exc)) from None


def _mp_runs(
    link: MemoryPhotonLink, mode: str, pairs: int, max_attempts: int
) -> tuple[list[tuple[str, int]], list[str]]:
    requested = ("sampled", "attempt") if mode == "both" else (mode,)
    runs: list[tuple[str, int]] = []
    notes: list[str] = []
    if link.cycle_success_probability < MIN_CYCLE_PROBABILITY:
        return runs, [
            f"Monte Carlo skipped: success probability per cycle "
            f"{link.cycle_success_probability:.3g} < {MIN_CYCLE_PROBABILITY:g}"
        ]
    for m in requested:
        if m == "sampled":
            runs.append((m, pairs))
            continue
        p = link.success_probability
        per_pair = link.num_modes / link.cycle_success_probability
        affordable = min(pairs, int(max_attempts // per_pair))
        if p < MIN_ATTEMPT_PROBABILITY or affordable < MIN_ATTEMPT_PAIRS:
            notes.append(
                f"attempt mode skipped: about {per_pair:.2g} attempts per pair "
                f"({p:.3g} per attempt), over --max-attempts {max_attempts:.2g}"
            )
            if "sampled" not in requested:
                runs.append(("sampled", pairs))
            continue
        if affordable < pairs:
            notes.append(
                f"attempt mode would need about {pairs * per_pair:.2g} attempts, over "
                f"--max-attempts {max_attempts:.2g}: simulating {affordable} pairs"
            )
        runs.append((m, affordable))
    return runs, notes


def memory_photon_report(
    link: MemoryPhotonLink, runs: list[tuple[str, int]], seed: int
) -> dict[str, Any]:
    """Closed form, Monte Carlo rows, loss and time budgets of a memory-photon link."""
    closed = link.summary()
    rows: list[dict[str, Any]] = [
        {
            "method": "closed form",
            "rate_hz": closed["rate_hz"],
            "rate_err_hz": 0.0,
            "fidelity": closed["fidelity"],
            "fidelity_err": 0.0,
            "qber": {b: link.qber(b) for b in link.bases},
        }
    ]
    seeds = np.random.SeedSequence(seed).spawn(max(len(runs), 1))
    for (mode, n), ss in zip(runs, seeds, strict=False):
        s = sample_memory_photon(link, n, np.random.default_rng(ss), mode=mode)
        f, f_err = s.mean_fidelity()
        rows.append(
            {
                "method": f"Monte Carlo ({mode}, {n} pairs)",
                "rate_hz": s.rate_hz,
                "rate_err_hz": s.rate_se_hz,
                "fidelity": f,
                "fidelity_err": f_err,
                "qber": {b: s.qber(b)[0] for b in link.bases},
            }
        )
    return {
        "scheme": MEMORY_PHOTON,
        "platform": link.platform.name,
        "length_km": link.length_km,
        "bases": list(link.bases),
        "closed_form": closed,
        "results": rows,
        "loss_budget_db": {item.element: item.loss_db for item in link.loss_budget()},
        "time_budget": {t.part: t.fraction for t in link.time_budget()},
    }


def format_memory_photon_report(report: dict[str, Any]) -> str:
    c = report["closed_form"]
    lines = [
        f"memory-photon link: {report['platform']}, {report['length_km']:g} km, "
        f"bases {','.join(report['bases'])}",
        f"  success probability per attempt {c['success_probability']:.4g}; noise heralds "
        f"{c['noise_fraction']:.3g}; cycle {c['cycle_s'] * 1e6:.4g} us; memory waits "
        f"{c['herald_wait_s'] * 1e6:.4g} us",
        f"  fidelity at the station {c['fidelity_at_station']:.4f}, at read-out "
        f"{c['fidelity']:.4f}, measured (read-out errors) {c['measured_fidelity']:.4f}",
        "",
        f"  {'method':<36} {'rate (Hz)':>22} {'fidelity':>20}  qber",
    ]
    for r in report["results"]:
        rate = f"{r['rate_hz']:.4g}" + (f" +- {r['rate_err_hz']:.2g}" if r["rate_err_hz"] else "")
        fid = f"{r['fidelity']:.4f}" + (f" +- {r['fidelity_err']:.4f}" if r["fidelity_err"] else "")
        qb = ", ".join(f"{b} {q:.4f}" for b, q in r["qber"].items())
        lines.append(f"  {r['method']:<36} {rate:>22} {fid:>20}  {qb}")
    lines += ["", "  loss budget (dB):"]
    lines += [f"    {k:<28} {v:7.2f}" for k, v in report["loss_budget_db"].items()]
    lines += ["  time budget:"]
    lines += [f"    {k:<52} {v:7.1%}" for k, v in report["time_budget"].items()]
    return "\n".join(lines)


def run_memory_photon(args: argparse.Namespace, pairs: int, seed: int, max_attempts: int) -> int:
    """``qnetsim link --scheme memory-photon``."""
    link = build_memory_photon_link(args)
    runs, notes = _mp_runs(link, args.mode, pairs, max_attempts)
    for note in notes:
        print(f"qnetsim: note: {note}", file=sys.stderr)
    report = memory_photon_report(link, runs, seed)
    if args.json:
        print(to_json({**report, "notes": notes}))
    else:
        print(format_memory_photon_report(report))
    return 0
