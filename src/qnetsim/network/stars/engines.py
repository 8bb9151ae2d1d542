"""The event engine of a :class:`~qnetsim.network.stars.star.Star`, returning a
:class:`~qnetsim.network.result.Result` with one part per link (registered in
:mod:`qnetsim.network.evaluation`).

Every pair a link delivers has that link's heralded state after the herald wait
(:attr:`Link.delivered_state <qnetsim.link.design.Link.delivered_state>`); the rate of a link
is its pairs over the run's duration, with the Poisson 95% interval of the count.
"""

from __future__ import annotations

import math

import numpy as np

from qnetsim.network.result import Result, Seed, int_seed
from qnetsim.network.stars.events import simulate_star
from qnetsim.network.stars.star import Star

__all__ = ["star_events", "star_exact", "star_montecarlo"]


def star_events(star: Star, pairs: int, seed: Seed) -> Result:
    """Run the star for its ``duration_s`` (``pairs`` is not used: the duration sets the run)."""
    r = simulate_star(
        star.platforms,
        star.arms_km,
        star.links,
        star.duration_s,
        seed=int_seed(seed),
        memories=star.memories,
        hold_s=star.hold_s,
        **dict(star.link_options),
    )
    parts: dict[str, Result] = {}
    all_states = []
    for (a, b), lr in r.links.items():
        coeffs = lr.link.delivered_state.bell_diagonal().coefficients
        states = np.tile(coeffs, (lr.pairs, 1))
        all_states.append(states)
        f = float(coeffs[0]) if lr.pairs else math.nan
        parts[f"{a}-{b}"] = Result(
            "star",
            "events",
            lr.rate_hz,
            lr.rate_ci_hz,
            f,
            0.0,
            states,
            extra={
                "expected_rate_hz": lr.expected_rate_hz,
                "standalone_rate_hz": lr.standalone_rate_hz,
            },
            native=lr,
        )
    states = np.vstack(all_states) if all_states else np.empty((0, 4))
    return Result.from_count(
        "star",
        "events",
        states,
        star.duration_s,
        parts=parts,
        extra={"skipped_turns": float(r.skipped_turns)},
        native=r,
    )


def _round_s(star: Star) -> float:
    return sum(link.cycle_s for link in star.built_links().values())


def star_exact(star: Star, pairs: int, seed: Seed) -> Result:
    """The round-robin rate ``p / sum(cycles)`` of each link (:meth:`Star.not_modelled_by
    <qnetsim.network.stars.star.Star.not_modelled_by>`); ``pairs`` and ``seed`` unused."""
    round_s = _round_s(star)
    parts: dict[str, Result] = {}
    total = 0.0
    weighted = np.zeros(4)
    for (a, b), link in star.built_links().items():
        rate = link.success_probability / round_s
        coeffs = link.delivered_state.bell_diagonal().coefficients
        parts[f"{a}-{b}"] = Result.exact(
            "star", rate, coeffs, extra={"standalone_rate_hz": link.rate_hz}
        )
        total += rate
        weighted += rate * coeffs
    return Result.exact("star", total, weighted / total, parts=parts)


def star_montecarlo(star: Star, pairs: int, seed: Seed) -> Result:
    """``pairs`` pairs per link: each wait is a geometric number of server rounds."""
    rng = np.random.default_rng(seed)
    round_s = _round_s(star)
    parts: dict[str, Result] = {}
    for (a, b), link in star.built_links().items():
        waits = (rng.geometric(link.success_probability, size=pairs) * round_s).astype(float)
        coeffs = link.delivered_state.bell_diagonal().coefficients
        parts[f"{a}-{b}"] = Result.from_samples(
            "star", "montecarlo", waits, np.tile(coeffs, (pairs, 1))
        )
    rate = sum(p.rate_hz for p in parts.values())
    lo = sum(p.rate_ci_hz[0] for p in parts.values())
    hi = sum(p.rate_ci_hz[1] for p in parts.values())
    states = np.vstack([p.states for p in parts.values()])
    fids = states[:, 0]
    mean = float(
        np.average(
            fids.reshape(len(parts), -1).mean(axis=1), weights=[p.rate_hz for p in parts.values()]
        )
    )
    se = float(fids.std(ddof=1)) / math.sqrt(fids.size) if fids.size > 1 else 0.0
    return Result("star", "montecarlo", rate, (lo, hi), mean, se, states, parts=parts)
