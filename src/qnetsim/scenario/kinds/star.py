"""The ``star`` kind: a photonic-server star in the event engine
(:func:`~qnetsim.network.stars.events.simulate_star`).

Quantities: each pair of end nodes alone (``rate_hz[A-B]``, ``rate_hz_closed_form[A-B]``,
``success_probability[A-B]``, ``attempt_rate_hz[A-B]``, ``fidelity[A-B]``) and the concurrent
links together (``concurrent_rate_hz[A-B]``, ``concurrent_fraction[A-B]``), over
``run.duration_s`` (``run.quick_duration_s`` with ``--quick``) of simulated time.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import numpy as np

from qnetsim.hardware.platform import Platform
from qnetsim.scenario.build import build_platforms
from qnetsim.scenario.document import Scenario
from qnetsim.scenario.kinds.base import Estimates, Evaluation, Kind
from qnetsim.scenario.result import Estimate
from qnetsim.scenario.schema import REQUIRED, Field, ScenarioError, Table

if TYPE_CHECKING:
    from qnetsim.network.result import Result

__all__ = ["KIND", "TABLE"]

#: The ``[star]`` table.
TABLE = Table(
    {
        "server_arms_km": Field(
            float,
            "spoke length of each end node, in the order of `end_nodes` (km)",
            REQUIRED,
            list_of=True,
            min_items=2,
            low=0.0,
        ),
        "end_nodes": Field(str, "end nodes on the spokes", REQUIRED, list_of=True, min_items=2),
        "concurrent": Field(
            str, "node pairs run together, 'A-B' each (default: all pairs)", None, list_of=True
        ),
        "alpha": Field(
            float,
            "bright-state population of every link",
            None,
            low=0.0,
            high=1.0,
            low_open=True,
            high_open=True,
        ),
        "conversion_efficiency": Field(
            float, "conversion efficiency of every node", None, low=0.0, high=1.0
        ),
        "extra_loss_db": Field(float, "extra loss per arm (dB)", 0.0, low=0.0),
        "hold_s": Field(float, "how long a delivered pair occupies its memories (s)", 0.0, low=0.0),
    },
    "A photonic-server star (kind = 'star').",
    fill=False,
)


def _check(doc: Mapping[str, Any], source: str) -> None:
    nodes = doc["nodes"]
    star = doc["star"]
    if len(star["server_arms_km"]) != len(star["end_nodes"]):
        raise ScenarioError(source, "star.server_arms_km", "one arm per entry of end_nodes")
    for node in star["end_nodes"]:
        if node not in nodes:
            raise ScenarioError(source, "star.end_nodes", f"{node!r} is not a node")
    for j, pair in enumerate(star["concurrent"] or []):
        ends = pair.split("-")
        if len(ends) != 2 or any(e not in star["end_nodes"] for e in ends):
            raise ScenarioError(
                source,
                f"star.concurrent[{j}]",
                f"{pair!r}: expected 'A-B' of end nodes; end nodes: {star['end_nodes']}",
            )
        if ends[0] == ends[1]:
            raise ScenarioError(
                source,
                f"star.concurrent[{j}]",
                f"{pair!r} names {ends[0]!r} twice; a pair needs two different end nodes",
            )


def _build(scn: Scenario) -> dict[str, Platform]:
    """The platforms of the end nodes, by name."""
    platforms = build_platforms(scn)
    return {n: platforms[n] for n in scn.doc["star"]["end_nodes"]}


def _run(scn: Scenario, used: dict[str, Platform], ev: Evaluation) -> Estimates:
    from qnetsim.network.evaluation import evaluate
    from qnetsim.network.stars.star import Star

    def simulate(links: list[tuple[str, str]], seed: np.random.SeedSequence) -> Result:
        system = Star(used, arms, links, duration, hold_s=star["hold_s"], link_options=options)
        return evaluate(system, "events", seed=int(seed.generate_state(1)[0]))

    star = scn.doc["star"]
    run = scn.doc["run"]
    duration = run["quick_duration_s"] if ev.quick else run["duration_s"]
    ends = star["end_nodes"]
    arms = dict(zip(ends, star["server_arms_km"], strict=True))
    pairs = [(a, b) for i, a in enumerate(ends) for b in ends[i + 1 :]]
    concurrent: list[tuple[str, str]] = pairs
    if star["concurrent"]:
        concurrent = [(p.split("-")[0], p.split("-")[1]) for p in star["concurrent"]]
    options = {
        k: star[k]
        for k in ("alpha", "conversion_efficiency", "extra_loss_db")
        if star[k] is not None
    }
    seeds = ev.seed.spawn(len(pairs) + 1)
    out: dict[str, Estimate] = {}
    alone: dict[tuple[str, str], float] = {}
    for pair, s in zip(pairs, seeds, strict=False):
        key = "-".join(pair)
        parts = simulate([pair], s).parts
        r = parts[key if key in parts else f"{pair[1]}-{pair[0]}"].native
        method = f"event engine, {duration:g} s simulated, {r.pairs} pairs"
        out[f"rate_hz[{key}]"] = Estimate(
            r.rate_hz, math.sqrt(max(r.pairs, 1)) / duration, "Hz", method
        )
        out[f"rate_hz_closed_form[{key}]"] = Estimate(r.standalone_rate_hz, 0.0, "Hz")
        out[f"success_probability[{key}]"] = Estimate(r.link.success_probability, 0.0, "")
        out[f"attempt_rate_hz[{key}]"] = Estimate(1.0 / r.link.cycle_s, 0.0, "Hz")
        f = r.fidelities
        out[f"fidelity[{key}]"] = Estimate(
            float(f.mean()) if f.size else math.nan,
            float(f.std(ddof=1) / math.sqrt(f.size)) if f.size > 1 else 0.0,
            "",
            method,
        )
        alone[pair] = r.rate_hz
    res = simulate(concurrent, seeds[-1])
    for pair in concurrent:
        key = "-".join(pair)
        r = res.parts[key if key in res.parts else f"{pair[1]}-{pair[0]}"].native
        err = math.sqrt(max(r.pairs, 1)) / duration
        method = f"event engine, {len(concurrent)} links concurrent, {duration:g} s simulated"
        out[f"concurrent_rate_hz[{key}]"] = Estimate(r.rate_hz, err, "Hz", method)
        base = alone.get(pair) or alone.get((pair[1], pair[0])) or math.nan
        base_err = out[f"rate_hz[{key}]"].err if f"rate_hz[{key}]" in out else 0.0
        frac = r.rate_hz / base
        frac_err = frac * math.hypot(err / max(r.rate_hz, 1e-300), base_err / base)
        out[f"concurrent_fraction[{key}]"] = Estimate(frac, frac_err, "", method)
    return out


KIND = Kind(
    name="star",
    summary="a photonic-server star: each pair alone and the links concurrent, event engine",
    build=_build,
    run=_run,
    table=TABLE,
    check=_check,
    parameter_paths={
        "alpha": "star.alpha",
        "conversion_efficiency": "star.conversion_efficiency",
        "extra_loss_db": "star.extra_loss_db",
        "hold_s": "star.hold_s",
        "links": "star.concurrent",
        "duration_s": "run.duration_s",
    },
)
