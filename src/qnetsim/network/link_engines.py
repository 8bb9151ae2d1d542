"""The three engines of a single link, each returning a :class:`~qnetsim.network.result.Result`
(registered in :mod:`qnetsim.network.evaluation`).

Heralded links (:class:`~qnetsim.link.Link`):

* ``exact``: the closed form, ``rate = P(cycle) x duty / cycle`` and the heralded state
  after each memory's herald wait (:attr:`Link.rate_hz <qnetsim.link.design.Link.rate_hz>`,
  :attr:`Link.delivered_state <qnetsim.link.design.Link.delivered_state>`; physics.md 2-3);
* ``montecarlo``: :func:`~qnetsim.link.montecarlo.sample_link` (geometric waiting times, or
  attempt by attempt with ``mode="attempt"``);
* ``events``: :class:`~qnetsim.link.process.LinkGenerator` back to back in the event kernel
  (real herald messages).

Memory-photon links (:class:`~qnetsim.link.MemoryPhotonLink`): the closed form, the
vectorised sampler :func:`~qnetsim.link.sample_memory_photon` and the
:class:`~qnetsim.link.MemoryPhotonGenerator`; the QBER per measured basis is in
:attr:`Result.extra <qnetsim.network.result.Result.extra>` as ``qber[X]`` etc.
"""

from __future__ import annotations

import numpy as np

from qnetsim.engine import Simulator
from qnetsim.link import (
    Link,
    LinkGenerator,
    MemoryPhotonGenerator,
    MemoryPhotonLink,
    sample_link,
    sample_memory_photon,
)
from qnetsim.network.result import Result, Seed, int_seed

__all__ = [
    "link_events",
    "link_exact",
    "link_montecarlo",
    "memory_photon_events",
    "memory_photon_exact",
    "memory_photon_montecarlo",
]

_UNIFORM = np.full(4, 0.25)


def _budgets(link: Link | MemoryPhotonLink) -> dict[str, object]:
    return {
        "time_budget": {t.part: t.fraction for t in link.time_budget()},
        "loss_budget_db": {item.element: item.loss_db for item in link.loss_budget()},
    }


def link_exact(link: Link, pairs: int, seed: Seed) -> Result:
    """The closed form (``pairs`` and ``seed`` are not used)."""
    state = link.delivered_state.bell_diagonal().coefficients
    extra = {
        "success_probability": link.success_probability,
        "link_efficiency": link.link_efficiency,
        "cycle_s": link.cycle_s,
    }
    return Result.exact("link", link.rate_hz, state, extra=extra, **_budgets(link))


def link_montecarlo(link: Link, pairs: int, seed: Seed, mode: str = "sampled") -> Result:
    """``pairs`` pairs by the vectorised sampler (``mode``: ``"sampled"`` or ``"attempt"``)."""
    s = sample_link(link, pairs, np.random.default_rng(seed), mode=mode)
    return Result.from_samples(
        "link",
        "montecarlo",
        s.waiting_times_s,
        s.coefficients_delivered,
        native=s,
        **_budgets(link),
    )


def link_events(link: Link, pairs: int, seed: Seed, mode: str = "sampled") -> Result:
    """``pairs`` pairs delivered back to back by the event engine."""
    sim = Simulator(seed=int_seed(seed))
    proc = sim.process(LinkGenerator(sim, link, mode=mode).run(pairs))
    sim.run()
    got = proc.value
    times = np.array([p.delivery_time_ps for p in got], dtype=np.float64) * 1e-12
    states = np.array([p.coefficients for p in got], dtype=np.float64)
    return Result.from_samples(
        "link",
        "events",
        np.diff(times, prepend=0.0),
        states,
        native=got,
        **_budgets(link),
    )


def memory_photon_exact(link: MemoryPhotonLink, pairs: int, seed: Seed) -> Result:
    """The closed form (``pairs`` and ``seed`` are not used)."""
    extra = {f"qber[{b}]": link.qber(b) for b in link.bases}
    extra["success_probability"] = link.success_probability
    return Result.exact(
        "memory-photon",
        link.rate_hz,
        link.delivered_coefficients,
        extra=extra,
        **_budgets(link),
    )


def memory_photon_montecarlo(
    link: MemoryPhotonLink, pairs: int, seed: Seed, mode: str = "attempt"
) -> Result:
    """``pairs`` heralded pairs by the vectorised sampler (``mode``: ``"attempt"`` or
    ``"sampled"``)."""
    s = sample_memory_photon(link, pairs, np.random.default_rng(seed), mode=mode)
    states = np.where(s.noise[:, None], _UNIFORM, link.signal_delivered_coefficients)
    extra = {f"qber[{b}]": s.qber(b)[0] for b in link.bases}
    return Result.from_samples(
        "memory-photon",
        "montecarlo",
        s.wall_time_s,
        states,
        extra=extra,
        native=s,
        **_budgets(link),
    )


def memory_photon_events(link: MemoryPhotonLink, pairs: int, seed: Seed) -> Result:
    """``pairs`` heralded pairs by the event engine (real station-to-node messages)."""
    sim = Simulator(seed=int_seed(seed))
    proc = sim.process(MemoryPhotonGenerator(sim, link).run(pairs))
    sim.run()
    got = proc.value
    times = np.array([p.delivery_time_ps for p in got], dtype=np.float64) * 1e-12
    states = np.array([p.coefficients for p in got], dtype=np.float64)
    extra = {}
    for b in link.bases:
        errors = [p.error for p in got if p.basis == b]
        if errors:
            extra[f"qber[{b}]"] = float(np.mean(errors))
    return Result.from_samples(
        "memory-photon",
        "events",
        np.diff(times, prepend=0.0),
        states,
        extra=extra,
        native=got,
        **_budgets(link),
    )
