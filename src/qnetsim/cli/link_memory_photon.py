"""``qnetsim link --scheme memory-photon``: one node's memory entangled with a photon measured
at a station at the end of the fibre (:class:`~qnetsim.link.MemoryPhotonLink`), built through
the scenario schema (errors name the flags), with its report."""

from __future__ import annotations

import argparse
import sys
from typing import Any

import numpy as np

from qnetsim.cli._common import to_json
from qnetsim.cli.link_budget import plan_memory_photon_modes
from qnetsim.cli.link_nodes import hw_overrides, resolve_platform
from qnetsim.errors import InvalidParameterError, QnetsimValueError
from qnetsim.link.memory_photon import MemoryPhotonLink
from qnetsim.link.memory_photon_sampling import sample_memory_photon
from qnetsim.scenario.build import build_platforms
from qnetsim.scenario.kinds.memory_photon import build_memory_photon
from qnetsim.scenario.loader import parse_document
from qnetsim.scenario.schema import ScenarioError

__all__ = [
    "MEMORY_PHOTON",
    "build_memory_photon_link",
    "format_memory_photon_report",
    "memory_photon_report",
    "run_memory_photon",
]

#: The scheme of a memory entangled with a photon measured at a distant station
#: (:class:`~qnetsim.link.MemoryPhotonLink`): one node, the station at the end of the fibre.
MEMORY_PHOTON = "memory-photon"

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
        "nodes": {"A": {"platform": args.platform, **hw_overrides("--hw", args.hw)}},
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
    runs, notes = plan_memory_photon_modes(link, args.mode, pairs, max_attempts)
    for note in notes:
        print(f"qnetsim: note: {note}", file=sys.stderr)
    report = memory_photon_report(link, runs, seed)
    if args.json:
        print(to_json({**report, "notes": notes}))
    else:
        print(format_memory_photon_report(report))
    return 0
