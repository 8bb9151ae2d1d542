"""One question, one entry point: :func:`evaluate`.

"What rate and fidelity does this system deliver?" A system is a description (frozen,
validated when made): a :class:`~qnetsim.link.Link`, a :class:`~qnetsim.link.MemoryPhotonLink`,
a :class:`~qnetsim.network.chains.chain.Chain`, a :class:`~qnetsim.network.stars.star.Star` or
a :class:`~qnetsim.network.requests.demand.Demand` (requests over a network). An engine
answers it (``"exact"`` closed forms, ``"montecarlo"`` vectorised sampling, ``"events"`` the
discrete-event kernel) and every answer is a :class:`~qnetsim.network.result.Result`.

The table :data:`ENGINES` says which engine answers which system; adding an engine or a
system is one function and one entry there (``docs/architecture.md``). An engine that cannot
answer a given system says so by name and lists the engines that can.

Examples:
    >>> from qnetsim.hardware import get_platform
    >>> from qnetsim.link import Link
    >>> link = Link(get_platform("rb_atom_lu2026"), 10.0)
    >>> exact = evaluate(link)
    >>> sampled = evaluate(link, "montecarlo", pairs=2000, seed=1)
    >>> abs(sampled.rate_hz / exact.rate_hz - 1) < 0.1
    True
    >>> methods_for(Chain([link]))
    ('exact', 'montecarlo', 'events')
    >>> evaluate(Chain([link]), "magic")
    Traceback (most recent call last):
    ...
    qnetsim.errors.InvalidParameterError: method = 'magic' is invalid; valid: exact, montecarlo, events
"""  # noqa: E501

from __future__ import annotations

import inspect
from collections.abc import Callable, Mapping
from typing import Any

import numpy as np

from qnetsim._validate import check_int
from qnetsim.errors import InvalidParameterError
from qnetsim.link import Link, MemoryPhotonLink
from qnetsim.network.chains.chain import Chain
from qnetsim.network.chains.engines import chain_events, chain_exact, chain_montecarlo
from qnetsim.network.link_engines import (
    link_events,
    link_exact,
    link_montecarlo,
    memory_photon_events,
    memory_photon_exact,
    memory_photon_montecarlo,
)
from qnetsim.network.requests.demand import Demand
from qnetsim.network.requests.engines import demand_events
from qnetsim.network.result import METHODS, Result
from qnetsim.network.stars.engines import star_events, star_exact, star_montecarlo
from qnetsim.network.stars.star import Star

__all__ = ["ENGINES", "MAX_PAIRS", "evaluate", "methods_for"]

Engine = Callable[..., Result]

#: System type -> engine name -> the function that answers it.
ENGINES: Mapping[type, Mapping[str, Engine]] = {
    Link: {"exact": link_exact, "montecarlo": link_montecarlo, "events": link_events},
    MemoryPhotonLink: {
        "exact": memory_photon_exact,
        "montecarlo": memory_photon_montecarlo,
        "events": memory_photon_events,
    },
    Chain: {"exact": chain_exact, "montecarlo": chain_montecarlo, "events": chain_events},
    Star: {"exact": star_exact, "montecarlo": star_montecarlo, "events": star_events},
    Demand: {"events": demand_events},
}

#: The most pairs one call samples (a bound checked before the run starts).
MAX_PAIRS = 10**8


def _engines(system: object) -> Mapping[str, Engine]:
    for kind, engines in ENGINES.items():
        if isinstance(system, kind):
            return engines
    names = ", ".join(k.__name__ for k in ENGINES)
    raise InvalidParameterError("system", type(system).__name__, f"one of {names}")


def _reasons(system: object, method: str) -> list[str]:
    if isinstance(system, (Chain, Star)):
        return system.not_modelled_by(method)
    return []


def methods_for(system: object) -> tuple[str, ...]:
    """The engines that answer ``system``, in the order exact, montecarlo, events."""
    engines = _engines(system)
    return tuple(m for m in METHODS if m in engines and not _reasons(system, m))


def evaluate(
    system: object,
    method: str | None = None,
    *,
    pairs: int = 1000,
    seed: int | np.random.SeedSequence = 0,
    **options: Any,
) -> Result:
    """What ``system`` delivers, computed by the engine ``method``.

    Args:
        system: a Link, MemoryPhotonLink, Chain, Star or Demand.
        method: ``"exact"``, ``"montecarlo"`` or ``"events"``; ``None`` takes the first
            that answers the system (:func:`methods_for`).
        pairs: pairs to sample (Monte Carlo, events), in [1, :data:`MAX_PAIRS`]; a star or
            a demand runs for its duration instead.
        seed: root seed (an int >= 0 or a ``numpy.random.SeedSequence``, e.g. one node of
            a run's seed tree); the same seed gives the same result.
        options: engine options, e.g. ``mode="attempt"`` for a link's Monte Carlo or
            events, ``max_time_s`` for a chain's events, ``tail`` for a chain's exact
            truncation.

    Raises:
        InvalidParameterError: an unknown system or method, a method that does not answer
            this system (with the reason and the methods that do), or an unknown option.
    """
    if isinstance(system, Link) and system.is_batch:
        raise InvalidParameterError(
            "system",
            "a link of stacked platforms (a batch of draws)",
            "one link; a batch is evaluated by qnetsim.link.batch.link_batch",
        )
    engines = _engines(system)
    applicable = methods_for(system)
    if method is None:
        if not applicable:
            raise InvalidParameterError(
                "system", type(system).__name__, "a system some engine answers"
            )
        method = applicable[0]
    if method not in METHODS:
        raise InvalidParameterError("method", method, ", ".join(METHODS))
    kind = type(system).__name__
    if method not in engines:
        raise InvalidParameterError(
            "method", method, f"one of {', '.join(applicable)} for a {kind}"
        )
    reasons = _reasons(system, method)
    if reasons:
        raise InvalidParameterError(
            "method",
            method,
            f"one of {', '.join(applicable) or 'none'} for this {kind}: the {method} engine "
            f"does not model {'; '.join(reasons)}",
        )
    n = check_int("pairs", pairs, 1, MAX_PAIRS)
    s = seed if isinstance(seed, np.random.SeedSequence) else check_int("seed", seed, 0)
    engine = engines[method]
    accepted = list(inspect.signature(engine).parameters)[3:]
    for key in options:
        if key not in accepted:
            raise InvalidParameterError(
                key,
                options[key],
                f"an option of the {method} engine: {', '.join(accepted) or 'none'}",
            )
    return engine(system, n, s, **options)
