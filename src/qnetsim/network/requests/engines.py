"""The event engine of a :class:`~qnetsim.network.requests.demand.Demand`, returning a
:class:`~qnetsim.network.result.Result` with one part per request (registered in
:mod:`qnetsim.network.evaluation`).

The scheduler records each pair's delivery time and fidelity, not its full Bell-diagonal
state: the result's ``states`` carry the fidelity in their first column and NaN in the
others (never a guessed state).
"""

from __future__ import annotations

import math

import numpy as np

from qnetsim.network.requests.demand import Demand
from qnetsim.network.requests.scheduler import simulate_requests
from qnetsim.network.result import Result, Seed, int_seed

__all__ = ["demand_events"]


def _states(fidelities: np.ndarray) -> np.ndarray:
    out = np.full((fidelities.size, 4), math.nan)
    out[:, 0] = fidelities
    return out


def demand_events(demand: Demand, pairs: int, seed: Seed) -> Result:
    """Serve the requests for the demand's ``duration_s`` (``pairs`` is not used: each
    request's ``num_pairs`` ends its service)."""
    r = simulate_requests(
        demand.network,
        demand.requests,
        demand.duration_s,
        seed=int_seed(seed),
        swap_success=demand.swap_success,
        cutoff_s=demand.cutoff_s,
        k_paths=demand.k_paths,
    )
    parts: dict[str, Result] = {}
    for name, rr in r.requests.items():
        waits = np.diff(np.asarray(rr.delivery_times_s, dtype=np.float64), prepend=0.0)
        parts[name] = Result.from_samples(
            "requests",
            "events",
            waits,
            _states(np.asarray(rr.fidelities)),
            extra={
                "route_rate_hz": rr.route.rate_hz,
                "route_fidelity": rr.route.fidelity,
                "fraction_meeting_target": rr.fraction_meeting_target,
            },
            native=rr,
        )
    fids = np.concatenate([np.asarray(rr.fidelities) for rr in r.requests.values()])
    return Result.from_count(
        "requests",
        "events",
        _states(fids),
        r.end_time_s,
        parts=parts,
        extra={"events": float(r.events)},
        native=r,
    )
