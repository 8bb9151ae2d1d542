"""Repeater chains, stars and networks (the ``network`` layer).

One question, one entry point: :func:`evaluate` answers "what rate and fidelity does this
system deliver?" for a :class:`~qnetsim.link.Link`, a :class:`Chain`, a :class:`Star` or a
:class:`Demand` (requests over a :class:`Network`) with the ``"exact"``, ``"montecarlo"`` or
``"events"`` engine, and returns one :class:`Result`. The sub-packages, by concept:

* :mod:`~qnetsim.network.topology`: :class:`Network` (nodes, photonic servers, fibre edges),
  builders, TOML/JSON files, routing by expected rate and fidelity;
* :mod:`~qnetsim.network.chains`: the :class:`Chain` description, its exact, Monte Carlo and
  event engines side by side, the planner;
* :mod:`~qnetsim.network.stars`: the :class:`Star` description and its event engine;
* :mod:`~qnetsim.network.requests`: requests, memory reservations, the scheduler.
"""

from qnetsim.network.chains import (
    Chain,
    Design,
    DesignEvaluation,
    Plan,
    PlanTarget,
    PurificationPolicy,
    evaluate_design,
    plan_chain,
)
from qnetsim.network.evaluation import ENGINES, evaluate, methods_for
from qnetsim.network.requests import (
    Demand,
    MemoryReservations,
    Request,
    path_memory_demand,
    validate_request,
)
from qnetsim.network.result import Result
from qnetsim.network.stars import Star, server_link
from qnetsim.network.topology import (
    HEFEI_ARMS_KM,
    ROLES,
    SERVER,
    EdgeSpec,
    Hop,
    Network,
    NodeSpec,
    PathEstimate,
    best_path,
    candidate_paths,
    chain,
    chain_order,
    dumps_network,
    dumps_toml,
    estimate_path,
    expected_max_geometric,
    grid,
    hefei_network,
    load_network,
    loads_network,
    path_hops,
    random_geometric,
    rank_paths,
    save_network,
    star,
)

__all__ = [
    "ENGINES",
    "HEFEI_ARMS_KM",
    "ROLES",
    "SERVER",
    "Chain",
    "Demand",
    "Design",
    "DesignEvaluation",
    "EdgeSpec",
    "Hop",
    "MemoryReservations",
    "Network",
    "NodeSpec",
    "PathEstimate",
    "Plan",
    "PlanTarget",
    "PurificationPolicy",
    "Request",
    "Result",
    "Star",
    "best_path",
    "candidate_paths",
    "chain",
    "chain_order",
    "dumps_network",
    "dumps_toml",
    "estimate_path",
    "evaluate",
    "evaluate_design",
    "expected_max_geometric",
    "grid",
    "hefei_network",
    "load_network",
    "loads_network",
    "methods_for",
    "path_hops",
    "path_memory_demand",
    "plan_chain",
    "random_geometric",
    "rank_paths",
    "save_network",
    "server_link",
    "star",
    "validate_request",
]
