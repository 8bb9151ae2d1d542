"""The ``route`` kind: a network (``[nodes.NAME]`` with their ``position_km``,
``num_memories`` and ``role``, and ``[[edges]]``: a network file, ``docs/network.md``) and the
best path between two of its nodes by estimated end-to-end rate or fidelity
(:func:`~qnetsim.network.topology.routing.best_path`), closed form: ``rate_hz``,
``fidelity``, ``mean_time_s``, ``length_km``, ``num_hops``.

The scenario's nodes and edges are read by the network layer itself
(:meth:`Network.from_dict <qnetsim.network.topology.network.Network.from_dict>`), so a network
file plus ``[scenario]`` and ``[route]`` tables is a scenario of this kind, and
:func:`~qnetsim.network.topology.fileio.load_network` reads such a scenario as a network.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from qnetsim.errors import InvalidParameterError
from qnetsim.hardware.platform import Platform
from qnetsim.network.topology.network import Network
from qnetsim.network.topology.routing import OBJECTIVES, PathEstimate, best_path
from qnetsim.scenario.document import Scenario
from qnetsim.scenario.kinds.base import Estimates, Evaluation, Kind
from qnetsim.scenario.result import Estimate
from qnetsim.scenario.schema import REQUIRED, Field, ScenarioError, Table

__all__ = ["CLOSED_FORM", "KIND", "TABLE"]

#: The ``[route]`` table.
TABLE = Table(
    {
        "source": Field(str, "one end node of the route", REQUIRED),
        "destination": Field(str, "the other end node", REQUIRED),
        "objective": Field(
            str, "what the best path maximises (ties: the other)", "rate", choices=OBJECTIVES
        ),
        "fidelity_target": Field(
            float, "the best path must reach this estimated fidelity", None, low=0.0, high=1.0
        ),
        "candidates": Field(int, "candidate paths ranked (shortest first)", 8, low=1, high=64),
    },
    "The route asked of the network of [nodes.NAME] and [[edges]] (kind = 'route').",
    fill=False,
)

#: The closed-form quantities (all of the kind's).
CLOSED_FORM = ("rate_hz", "fidelity", "mean_time_s", "length_km", "num_hops")


def _check(doc: Mapping[str, Any], source: str) -> None:
    route = doc["route"]
    for key in ("source", "destination"):
        if route[key] not in doc["nodes"]:
            nodes = sorted(doc["nodes"])
            reason = f"{route[key]!r} is not a node; nodes: {nodes}"
            raise ScenarioError(source, f"route.{key}", reason)
    if route["source"] == route["destination"]:
        raise ScenarioError(source, "route.destination", "a route needs two different nodes")
    if not doc["edges"]:
        raise ScenarioError(source, "edges", "kind = 'route' needs [[edges]] between the nodes")
    if doc["links"]:
        raise ScenarioError(
            source, "links", "kind = 'route' joins its nodes with [[edges]], not [[links]]"
        )


def _build(scn: Scenario) -> Network:
    """The network of the scenario's nodes and edges (the network layer reads them)."""
    return Network.from_dict(scn.raw, source=scn.source)


def _check_model(scn: Scenario, platforms: Mapping[str, Platform]) -> None:
    del platforms  # the network builds its own (photonic servers may have none)
    route = scn.doc["route"]
    try:
        _build(scn).require_connected(route["source"], route["destination"])
    except InvalidParameterError as exc:
        raise ScenarioError(scn.source, "route.destination", str(exc)) from None


def _best(scn: Scenario, network: Network) -> PathEstimate:
    route = scn.doc["route"]
    try:
        return best_path(
            network,
            route["source"],
            route["destination"],
            route["fidelity_target"],
            k=route["candidates"],
            objective=route["objective"],
        )
    except InvalidParameterError as exc:
        key = "fidelity_target" if exc.name == "fidelity_target" else "destination"
        raise ScenarioError(scn.source, f"route.{key}", str(exc)) from None


def _closed_form(scn: Scenario, network: Network) -> Estimates:
    est = _best(scn, network)
    return {
        "rate_hz": Estimate(est.rate_hz, 0.0, "Hz"),
        "fidelity": Estimate(est.fidelity, 0.0, ""),
        "mean_time_s": Estimate(est.mean_time_s, 0.0, "s"),
        "length_km": Estimate(est.length_km, 0.0, "km"),
        "num_hops": Estimate(float(est.num_hops), 0.0, ""),
    }


def _run(scn: Scenario, network: Network, ev: Evaluation) -> Estimates:
    del ev  # closed form: no randomness
    return _closed_form(scn, network)


def _notes(scn: Scenario, network: Network) -> list[str]:
    path = "-".join(_best(scn, network).path)
    return [f"best path by {scn.doc['route']['objective']}: {path}"]


KIND = Kind(
    name="route",
    summary="the best path between two nodes of a network (nodes and edges), closed form",
    build=_build,
    run=_run,
    table=TABLE,
    check=_check,
    check_model=_check_model,
    notes=_notes,
    closed_form=_closed_form,
    closed_form_quantities=lambda application: CLOSED_FORM,
    uses_network=True,
)
