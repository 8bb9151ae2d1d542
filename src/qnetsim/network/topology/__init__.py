"""Network topologies: nodes, edges, builders, files and routing."""

from qnetsim.network.topology.builders import (
    HEFEI_ARMS_KM,
    chain,
    chain_order,
    grid,
    hefei_network,
    random_geometric,
    star,
)
from qnetsim.network.topology.fileio import (
    dumps_network,
    dumps_toml,
    load_network,
    loads_network,
    save_network,
)
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
    "EdgeSpec",
    "Hop",
    "Network",
    "NodeSpec",
    "PathEstimate",
    "best_path",
    "candidate_paths",
    "chain",
    "chain_order",
    "dumps_network",
    "dumps_toml",
    "estimate_path",
    "expected_max_geometric",
    "grid",
    "hefei_network",
    "load_network",
    "loads_network",
    "path_hops",
    "random_geometric",
    "rank_paths",
    "save_network",
    "star",
]
