"""The three engines of a :class:`~qnetsim.network.chains.chain.Chain`, each returning a
:class:`~qnetsim.network.result.Result` (registered in :mod:`qnetsim.network.evaluation`).

* ``exact``: :func:`~qnetsim.network.chains.exact.nested_chain_distribution` on
  :func:`~qnetsim.network.chains.links.chain_from_links` (Brand, Coopmans and Elkouss 2020);
  the rate is ``1 / E[T]`` with ``T`` the time from a round's start to the last swap;
* ``montecarlo``: :func:`~qnetsim.network.chains.montecarlo.sample_nested_chain` or
  :func:`~qnetsim.network.chains.swap_asap_montecarlo.sample_swap_asap_chain`, one
  realisation per pair (its waiting time is that realisation's ``T``);
* ``events``: :func:`~qnetsim.network.chains.events.simulate_chain` (swap-asap) or
  :func:`~qnetsim.network.chains.nested_events.simulate_nested_chain` (nested), with
  classical messages: a pair's waiting time runs from the previous delivery to its own, so
  the swap messages' latency is included, which ``exact`` and ``montecarlo`` leave out.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from qnetsim.network.chains.chain import Chain
from qnetsim.network.chains.events import simulate_chain
from qnetsim.network.chains.exact import nested_chain_distribution
from qnetsim.network.chains.links import chain_from_links
from qnetsim.network.chains.model import ChainParameters
from qnetsim.network.chains.montecarlo import sample_nested_chain
from qnetsim.network.chains.nested_events import simulate_nested_chain
from qnetsim.network.chains.swap_asap_montecarlo import sample_swap_asap_chain
from qnetsim.network.result import Result, Seed, int_seed

__all__ = ["chain_events", "chain_exact", "chain_montecarlo"]

_LATENCY_NOTE = (
    "the time from a round's start to the last swap; the event engine adds the swap "
    "messages' latency"
)


def _parameters(chain: Chain) -> ChainParameters:
    p2, e = chain.swap_noise()
    repeaters = slice(1, -1) if chain.num_links > 1 else slice(0, 1)
    return chain_from_links(
        chain.links,
        p_swap=chain.swap_success,
        gate_depolarising=p2[repeaters][0],
        readout_error=e[repeaters][0],
        cutoff_s=chain.cutoff_s,
    )


def chain_exact(chain: Chain, pairs: int, seed: Seed, tail: float = 1e-9) -> Result:
    """The exact nested-chain distribution (``pairs`` and ``seed`` are not used)."""
    d = nested_chain_distribution(_parameters(chain), tail=tail)
    notes = (f"rate = 1 / E[T], {_LATENCY_NOTE}", f"truncation error {d.truncation_error:.1e}")
    return Result.exact("chain", d.rate_hz, d.mean_state, notes=notes, native=d)


def chain_montecarlo(chain: Chain, pairs: int, seed: Seed) -> Result:
    """``pairs`` independent realisations by the vectorised sampler of the chain's protocol."""
    rng = np.random.default_rng(seed)
    prm = _parameters(chain)
    if chain.protocol == "nested":
        s = sample_nested_chain(prm, pairs, rng)
    else:
        s = sample_swap_asap_chain(prm, pairs, rng)
    return Result.from_samples(
        "chain", "montecarlo", s.times_s, s.coefficients, notes=(_LATENCY_NOTE,), native=s
    )


def chain_events(
    chain: Chain,
    pairs: int,
    seed: Seed,
    max_time_s: float | None = None,
    on_progress: Callable[[int], None] | None = None,
) -> Result:
    """The event engine of the chain's protocol until ``pairs`` pairs (or ``max_time_s``);
    ``on_progress(done)`` is called whenever the count of delivered pairs grows."""
    kwargs = {
        "swap_success": chain.swap_success,
        "gate_depolarising": chain.gate_depolarising,
        "readout_error": chain.readout_error,
        "cutoff_s": chain.cutoff_s,
        "purification": chain.purification,
        "mode": chain.link_mode,
        "max_time_s": max_time_s,
        "on_progress": on_progress,
    }
    if chain.protocol == "nested":
        r = simulate_nested_chain(chain.links, pairs, int_seed(seed), **kwargs)  # type: ignore[arg-type]
    else:
        r = simulate_chain(chain.links, pairs, int_seed(seed), restart=chain.restart, **kwargs)  # type: ignore[arg-type]
    times = np.array([p.delivery_time_ps for p in r.pairs], dtype=np.float64) * 1e-12
    waits = np.diff(times, prepend=0.0)
    states = np.array([p.coefficients for p in r.pairs], dtype=np.float64).reshape(-1, 4)
    notes: tuple[str, ...] = ()
    if len(r.pairs) < pairs:
        notes = (f"stopped at max_time_s = {max_time_s:g} s with {len(r.pairs)} of {pairs} pairs",)
    extra = {
        "discarded_by_cutoff": float(r.discarded_by_cutoff),
        "failed_swaps": float(r.failed_swaps),
    }
    if chain.purification is not None:
        extra["purification_attempts"] = float(r.purification_attempts)
        extra["failed_purifications"] = float(r.failed_purifications)
    return Result.from_samples("chain", "events", waits, states, notes=notes, extra=extra, native=r)
