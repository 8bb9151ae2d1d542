"""The ``chain`` kind: a repeater chain over the ``[[links]]`` in order, in the event engine.

Swap-asap (:func:`~qnetsim.network.chains.events.simulate_chain`) or nested
(:func:`~qnetsim.network.chains.nested_events.simulate_nested_chain`, also used for
purification), with a memory cutoff: ``rate_hz`` and ``fidelity`` of ``run.pairs``
end-to-end pairs. The only kind that reports progress (``progress(done, total)``).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from qnetsim.link.design import Link
from qnetsim.scenario.build import build_links
from qnetsim.scenario.document import Scenario
from qnetsim.scenario.kinds._links import require_links, unused_link_fields
from qnetsim.scenario.kinds.base import Estimates, Evaluation, Kind
from qnetsim.scenario.result import Estimate
from qnetsim.scenario.schema import Field, ScenarioError, Table

__all__ = ["KIND", "TABLE"]

_PURIFICATION = Table(
    {
        "protocol": Field(str, "purification protocol", "dejmps", choices=("dejmps", "bbpssw")),
        "levels": Field(
            int, "nesting levels purified (0: elementary links)", [0], list_of=True, low=0
        ),
        "rounds": Field(int, "pumping rounds per level", 1, low=1),
    },
    "Entanglement purification (chain kind).",
)

#: The ``[chain]`` table.
TABLE = Table(
    {
        "policy": Field(str, "swap policy", "swap_asap", choices=("swap_asap", "nested")),
        "swap_success": Field(
            float,
            "Bell-state-measurement success probability",
            1.0,
            low=0.0,
            high=1.0,
            low_open=True,
        ),
        "gate_depolarising": Field(
            float,
            "two-qubit gate depolarising of the swap (default: 1 - the repeater memory's "
            "two-qubit gate fidelity)",
            None,
            low=0.0,
            high=1.0,
        ),
        "readout_error": Field(
            float,
            "BSM readout flip probability (default: 1 - the repeater memory's readout fidelity)",
            None,
            low=0.0,
            high=1.0,
        ),
        "cutoff_s": Field(float, "memory cutoff (s)", None, low=0.0, low_open=True),
        "purification": Table(dict(_PURIFICATION.fields), _PURIFICATION.doc),
        "purify": Field(bool, "apply [chain.purification]", False),
    },
    "A repeater chain over the links in order (kind = 'chain').",
)


def _check(doc: Mapping[str, Any], source: str) -> None:
    require_links(doc, source)
    links = doc["links"]
    for i in range(1, len(links)):
        if links[i]["nodes"][0] != links[i - 1]["nodes"][1]:
            raise ScenarioError(
                source,
                f"links[{i}].nodes",
                "chain links must be in order: each starts where the previous ends",
            )
    ends = [link["nodes"][0] for link in links] + [links[-1]["nodes"][1]]
    if len(set(ends)) != len(ends):
        raise ScenarioError(source, "links", "a chain may not visit a node twice (cycle)")
    _check_nested_chain(doc, source)


def _check_nested_chain(doc: Mapping[str, Any], source: str) -> None:
    """A chain run by the nested event engine (``policy = 'nested'`` or ``purify = true``)
    doubles links level by level: it needs 2**n links, and purification levels in 0..n
    (only 0 for swap-asap)."""
    chain = doc["chain"]
    n = len(doc["links"])
    if chain["policy"] != "nested" and not chain["purify"]:
        return
    if n & (n - 1):
        why = "policy = 'nested'" if chain["policy"] == "nested" else "purify = true"
        raise ScenarioError(
            source,
            "links",
            f"{n} links; a nested chain ({why}) needs a power of two links (1, 2, 4, 8, ...)",
        )
    if not chain["purify"]:
        return
    top = n.bit_length() - 1 if chain["policy"] == "nested" else 0
    for k, level in enumerate(chain["purification"]["levels"]):
        if level > top:
            valid = (
                f"0..{top} (log2 of {n} links)"
                if chain["policy"] == "nested"
                else "0 (a swap-asap chain purifies its elementary links only)"
            )
            raise ScenarioError(
                source, f"chain.purification.levels[{k}]", f"{level} is invalid; valid: {valid}"
            )


def _run(scn: Scenario, links: list[Link], ev: Evaluation) -> Estimates:
    from qnetsim.network.chains.chain import Chain
    from qnetsim.network.chains.common import PurificationPolicy
    from qnetsim.network.evaluation import evaluate

    chain = scn.doc["chain"]
    pairs, progress = ev.pairs, ev.progress
    nested = chain["policy"] == "nested" or chain["purify"]
    purification = None
    if chain["purify"]:
        p = chain["purification"]
        purification = PurificationPolicy(
            protocol=p["protocol"], levels=tuple(p["levels"]), rounds=p["rounds"]
        )
    system = Chain(
        links,
        protocol="nested" if nested else "swap-asap",
        swap_success=chain["swap_success"],
        gate_depolarising=chain["gate_depolarising"],
        readout_error=chain["readout_error"],
        cutoff_s=chain["cutoff_s"],
        restart="round" if nested else "continuous",
        purification=purification,
    )
    options: dict[str, Any] = {}
    if progress is not None:
        progress(0, pairs)
        options["on_progress"] = lambda done: progress(done, pairs)
    seed = int(ev.seed.generate_state(1)[0])
    res = evaluate(system, "events", pairs=pairs, seed=seed, **options)
    method = f"event engine, {'nested' if nested else 'swap-asap'}, {pairs} pairs"
    n = res.pairs
    return {
        "rate_hz": Estimate(res.rate_hz, res.rate_hz / math.sqrt(max(n, 1)), "Hz", method),
        "fidelity": Estimate(res.fidelity, res.fidelity_se, "", method),
    }


KIND = Kind(
    name="chain",
    summary="a repeater chain over the links in order (swap-asap or nested), event engine",
    build=build_links,
    run=_run,
    table=TABLE,
    check=_check,
    notes=unused_link_fields,
    parameter_paths={
        "cutoff_s": "chain.cutoff_s",
        "swap_success": "chain.swap_success",
        "gate_depolarising": "chain.gate_depolarising",
        "readout_error": "chain.readout_error",
        "purification": "chain.purification",
        "purification.levels": "chain.purification.levels",
        "len(links)": "links",
        "links": "links",
        "n_pairs": "run.pairs",
    },
)
