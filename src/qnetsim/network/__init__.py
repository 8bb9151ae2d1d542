"""Repeater chains and networks (the ``network`` layer).

* Topology: :class:`Network` (nodes with platforms and memories, photonic servers, fibre
  edges that become :class:`~qnetsim.link.Link` s), TOML/JSON files, builders for chains,
  stars around a photonic server (Hefei), grids and random geometric graphs.
* Chains three ways: exact waiting-time distribution and state of nested chains with cutoff
  (:func:`nested_chain_distribution`), vectorised Monte Carlo (:func:`sample_nested_chain`,
  :func:`sample_swap_asap_chain`), and the event simulation (:func:`simulate_chain`).
* Routing by expected rate and fidelity (:func:`best_path`), requests and memory
  reservations.
* Event-driven simulations: :func:`simulate_chain` (swap-asap repeater chains with real
  messages and cutoffs), :func:`simulate_nested_chain` (nested chains with entanglement
  pumping, :class:`PurificationPolicy`), :func:`simulate_star` (a photonic server shared
  by several links) and :func:`simulate_requests` (many requests competing for node
  memories).
"""

from qnetsim.network.chains.events import ChainPair, ChainResult, simulate_chain
from qnetsim.network.chains.exact import ChainDistribution, nested_chain_distribution
from qnetsim.network.chains.links import ChainPerformance, chain_from_links, chain_performance
from qnetsim.network.chains.model import ChainParameters, chain_parameters
from qnetsim.network.chains.montecarlo import ChainSamples, sample_nested_chain
from qnetsim.network.chains.nested_events import (
    PurificationPolicy,
    nested_memory_demand,
    simulate_nested_chain,
)
from qnetsim.network.chains.planner import (
    Design,
    DesignEvaluation,
    Plan,
    PlanTarget,
    evaluate_design,
    plan_chain,
)
from qnetsim.network.chains.swap_asap_montecarlo import sample_swap_asap_chain
from qnetsim.network.requests.reservations import (
    MemoryReservations,
    Request,
    path_memory_demand,
    validate_request,
)
from qnetsim.network.requests.scheduler import RequestResult, ScheduleResult, simulate_requests
from qnetsim.network.stars.events import StarLinkResult, StarResult, server_link, simulate_star
from qnetsim.network.topology.builders import (
    HEFEI_ARMS_KM,
    chain,
    chain_order,
    grid,
    hefei_network,
    random_geometric,
    star,
)
from qnetsim.network.topology.fileio import dumps_toml, load_network, loads_network, save_network
from qnetsim.network.topology.network import Hop, Network
from qnetsim.network.topology.routing import (
    PathEstimate,
    best_path,
    candidate_paths,
    estimate_path,
    expected_max_geometric,
    path_hops,
    rank_paths,
)
from qnetsim.network.topology.specs import ROLES, SERVER, EdgeSpec, NodeSpec

__all__ = [
    "HEFEI_ARMS_KM",
    "ROLES",
    "SERVER",
    "ChainDistribution",
    "ChainPair",
    "ChainParameters",
    "ChainPerformance",
    "ChainResult",
    "ChainSamples",
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
    "RequestResult",
    "ScheduleResult",
    "StarLinkResult",
    "StarResult",
    "best_path",
    "candidate_paths",
    "chain",
    "chain_from_links",
    "chain_order",
    "chain_parameters",
    "chain_performance",
    "dumps_toml",
    "estimate_path",
    "evaluate_design",
    "expected_max_geometric",
    "grid",
    "hefei_network",
    "load_network",
    "loads_network",
    "nested_chain_distribution",
    "nested_memory_demand",
    "path_hops",
    "path_memory_demand",
    "plan_chain",
    "random_geometric",
    "rank_paths",
    "sample_nested_chain",
    "sample_swap_asap_chain",
    "save_network",
    "server_link",
    "simulate_chain",
    "simulate_nested_chain",
    "simulate_requests",
    "simulate_star",
    "star",
    "validate_request",
]
