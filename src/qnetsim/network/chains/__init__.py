"""Repeater chains: the :class:`Chain` description, its engines and the planner.

* :mod:`~qnetsim.network.chains.chain`: the description (links, swap policy, cutoff,
  purification), validated when made;
* the engines side by side: :mod:`~qnetsim.network.chains.exact` (closed form),
  :mod:`~qnetsim.network.chains.montecarlo` and :mod:`~qnetsim.network.chains.swap_asap_montecarlo`
  (vectorised sampling), :mod:`~qnetsim.network.chains.events` and
  :mod:`~qnetsim.network.chains.nested_events` (event engine), all on the model of
  :mod:`~qnetsim.network.chains.model` / :mod:`~qnetsim.network.chains.links` and the node
  qubits of :mod:`~qnetsim.network.chains.node_qubits`;
* :mod:`~qnetsim.network.chains.engines`: each engine answering a :class:`Chain` with a
  :class:`~qnetsim.network.result.Result` (use :func:`qnetsim.network.evaluate`);
* :mod:`~qnetsim.network.chains.planner`: which chain design meets a target.
"""

from qnetsim.network.chains.chain import Chain
from qnetsim.network.chains.common import PurificationPolicy
from qnetsim.network.chains.designs import Design, DesignEvaluation, Plan, PlanTarget
from qnetsim.network.chains.planner import evaluate_design, plan_chain

__all__ = [
    "Chain",
    "Design",
    "DesignEvaluation",
    "Plan",
    "PlanTarget",
    "PurificationPolicy",
    "evaluate_design",
    "plan_chain",
]
