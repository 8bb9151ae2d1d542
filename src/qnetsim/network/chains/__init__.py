"""Repeater chains: the chain model, its exact, Monte Carlo and event engines, and the planner."""

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

__all__ = [
    "ChainDistribution",
    "ChainPair",
    "ChainParameters",
    "ChainPerformance",
    "ChainResult",
    "ChainSamples",
    "Design",
    "DesignEvaluation",
    "Plan",
    "PlanTarget",
    "PurificationPolicy",
    "chain_from_links",
    "chain_parameters",
    "chain_performance",
    "evaluate_design",
    "nested_chain_distribution",
    "nested_memory_demand",
    "plan_chain",
    "sample_nested_chain",
    "sample_swap_asap_chain",
    "simulate_chain",
    "simulate_nested_chain",
]
