"""Repeater chains built from :class:`qnetsim.link.Link` objects: rate and fidelity.

:func:`chain_from_links` turns a list of links into
:class:`~qnetsim.network.chains.model.ChainParameters`:

* one common clock: the cycle is the longest ``link.cycle_s`` (a synchronous chain; every link
  makes one attempt per cycle, so a faster link is slowed to the common clock);
* ``p[i] = link.cycle_success_probability`` (all of its modes);
* each link's state is ``link.delivered_state`` (the heralded state after the herald wait),
  twirled to Bell-diagonal;
* node ``i``'s memory is the Pauli twirl of ``link.memory_channel`` over one cycle (the T1/T2
  model of the quantum layer): its character eigenvalues ``(exp(-t/T1), exp(-t/T2),
  exp(-t/T2))`` compose exactly over many cycles. Node 0 is link 0's node A; node ``i >= 1`` is
  link ``i-1``'s node B.

:func:`qnetsim.network.evaluate` answers a :class:`~qnetsim.network.chains.chain.Chain` with
these parameters exactly (nested, ``2**n`` links) or by Monte Carlo (nested or swap-asap, any
number of links).

Examples:
    >>> from qnetsim.hardware import get_platform
    >>> from qnetsim.link.design import Link
    >>> links = [Link(get_platform("rb_atom_lu2026"), 10.0)] * 2
    >>> prm = chain_from_links(links, p_swap=0.5)
    >>> prm.num_links, prm.p_swap
    (2, 0.5)
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from qnetsim._validate import check_nonnegative
from qnetsim.errors import InvalidParameterError
from qnetsim.link.design import Link
from qnetsim.network.chains.model import CHARACTERS, ChainParameters, chain_parameters
from qnetsim.quantum.channels import KrausChannel, PauliChannel

__all__ = ["chain_from_links"]


def _node_eigenvalues(link: Link, node: str, duration_s: float) -> np.ndarray:
    channel = link.memory_channel(node, duration_s)
    assert isinstance(channel, (KrausChannel, PauliChannel))
    probs = channel.pauli_twirl().probabilities
    return np.clip(CHARACTERS[1:] @ probs, 1e-300, 1.0)


def chain_from_links(
    links: Sequence[Link],
    *,
    p_swap: float = 1.0,
    gate_depolarising: float = 0.0,
    readout_error: float = 0.0,
    cutoff_s: float | None = None,
) -> ChainParameters:
    """Chain inputs from elementary links (see the module docstring for the mapping).

    Args:
        links: the links in order along the chain (at least one).
        p_swap: swap success probability (e.g. 0.5 for a linear-optics BSM).
        gate_depolarising, readout_error: swap noise (physics.md 4).
        cutoff_s: memory cutoff in seconds (rounded down to whole cycles); None for none.
    """
    if len(links) == 0:
        raise InvalidParameterError("links", links, "at least one Link")
    for i, link in enumerate(links):
        if not isinstance(link, Link):
            raise InvalidParameterError(f"links[{i}]", link, "a qnetsim.link.Link")
    cycle = max(link.cycle_s for link in links)
    coeffs = np.array([link.delivered_state.bell_diagonal().coefficients for link in links])
    eig = [_node_eigenvalues(links[0], "A", cycle)]
    eig += [_node_eigenvalues(link, "B", cycle) for link in links]
    cutoff = None
    if cutoff_s is not None:
        c = check_nonnegative("cutoff_s", cutoff_s)
        cutoff = math.floor(c / cycle) if math.isfinite(c) else None
    return chain_parameters(
        [link.cycle_success_probability for link in links],
        p_swap=p_swap,
        coefficients=coeffs,
        memory_eigenvalues=np.array(eig),
        gate_depolarising=gate_depolarising,
        readout_error=readout_error,
        cutoff=cutoff,
        cycle_s=cycle,
    )
