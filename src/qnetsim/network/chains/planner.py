"""The design planner: which repeater chain meets a target distance, rate and fidelity?

(``../shared/reference/experiments.md`` section 9: Pan's projection of 1000 km with about ten
intermediate nodes at about one pair per second.) Given a platform and a target, it searches
the number of elementary links, the temporal multiplexing per memory, the memory cutoff and
entanglement pumping on each elementary link, evaluates every design, and reports the
cheapest design that meets the target (fewest nodes, then fewest modes, then fewest
purification rounds), or the closest one and how far it falls short.

Platform capabilities (:class:`~qnetsim.hardware.capabilities.Capabilities`) bound the
search: only mode counts with ``memory.num_memories x modes <= capabilities.max_modes`` are
tried (the default list :data:`DEFAULT_MODES` is cut at the platform's limit, and the limit
itself is added when it lies below the list's largest entry; a mode count above it that the
caller asks for explicitly is an :class:`~qnetsim.errors.InvalidParameterError`), and a
design whose nodes need more qubits than they can use (:func:`usable_qubits`:
``communication_qubits``, plus ``storage_qubits`` when the platform models a distinct storage
memory, i.e. has a ``communication_memory``, as the event engines' node model
:mod:`qnetsim.network.chains.node_qubits` counts them) is not evaluated but listed in
:attr:`Plan.excluded` (:func:`qubits_per_node`: a repeater node holds one half of a pair on
each side until it swaps, and pumping keeps one more pair per side while a fresh one is made,
as :func:`~qnetsim.network.chains.nested_events.nested_memory_demand`
counts). A repeater design whose
nodes have one communication qubit stores each half in the storage memory
(``store_in_memory``). :meth:`Plan.summary` names the capability that limited the search. The
count is a necessary condition only: a node with one communication qubit makes its two links
one after the other, which the planner's chain model (both sides generated in parallel) does
not capture; :func:`verify_design` runs the event engine, which does.

Evaluation of a design:

* elementary links: :class:`~qnetsim.link.Link` of length ``distance / n`` with the platform's
  memory given ``modes`` temporal modes (its cycle succeeds with ``1 - (1-p)^modes``);
* pumping (:func:`qnetsim.quantum.purification.pumping`, ``k`` rounds): the link delivers the
  pumped state, and its per-cycle success probability is divided by the expected number of
  elementary pairs ``E_k`` a pumped pair consumes (a geometric approximation that neglects
  the memory wait during pumping: optimistic for the fidelity, documented);
* a cutoff much shorter than the generation time of half the chain (see
  :data:`MIN_SURVIVAL_WITHIN_CUTOFF`) is skipped, not sampled (``viable = False``), and so is
  a design whose Monte Carlo does not finish within :data:`MAX_EVENT_ROUNDS`. Such designs
  discard most pairs; the two limits keep the search to seconds. The first limit is a
  heuristic and can skip a design worth having: three Lu-atom links of 50 km with a 0.2 s
  cutoff deliver 0.12 Hz at F = 0.56 in the event engine, against 0.63 Hz at F = 0.44
  without a cutoff. Evaluate such a design with :func:`evaluate_design` after lowering
  the limit, or run it with :func:`verify_design`;
* the chain: swap noise from the platform's gate and readout fidelities, swap success
  ``p_swap``; the vectorised Monte Carlo of :mod:`qnetsim.network.chains.montecarlo` (nested
  for ``2^k`` links, unless a tight cutoff makes it too costly) or
  :mod:`qnetsim.network.chains.swap_asap_montecarlo` (swap-asap, any number of links, with the event
  engine's cutoff rule) gives the rate
  ``1/E[T]`` and the mean delivered fidelity with their standard errors.

:func:`verify_design` runs a design in the event engine (real message latencies, the memory
wait during pumping): ``qnetsim plan --verify PAIRS`` prints it next to the prediction, so
the size of the planner's approximations is visible for the design it recommends (tested:
without pumping they agree; with pumping the planner is optimistic).

Examples:
    >>> import numpy as np
    >>> from qnetsim.hardware import get_platform
    >>> plan = plan_chain(get_platform("rb_atom_lu2026"), PlanTarget(100.0, 0.1, 0.7),
    ...                   node_counts=(1, 2), modes=(1,), cutoffs_s=(None,), pumping_rounds=(0,),
    ...                   rng=np.random.default_rng(1), n_samples=500)
    >>> plan.best.design.n_links, len(plan.excluded)  # one atom per node: no repeater
    (1, 1)
    >>> plan.limits[0]  # doctest: +ELLIPSIS
    '1 design(s) excluded for lack of qubits (they need up to 2 per node, the platform has 1...'
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Sequence

import numpy as np

from qnetsim._validate import RngLike, as_rng, check_int
from qnetsim.errors import InvalidParameterError
from qnetsim.hardware.platform import Platform
from qnetsim.link.design import Link
from qnetsim.network.chains.designs import (
    DEFAULT_MODES,
    Design,
    DesignEvaluation,
    ExcludedDesign,
    Plan,
    PlanTarget,
    check_design_fits,
    interface_memory,
    is_power_of_two,
    max_design_modes,
    qubit_shortfall,
    qubits_per_node,
    qubits_text,
    sequential_repeaters,
    usable_qubits,
)
from qnetsim.network.chains.links import chain_from_links
from qnetsim.network.chains.montecarlo import sample_nested_chain
from qnetsim.network.chains.swap_asap_montecarlo import sample_swap_asap_chain
from qnetsim.quantum.purification import pumping

__all__ = ["evaluate_design", "plan_chain", "verify_design"]

#: A cutoff design is skipped (``viable = False``) instead of sampled when the chance that
#: the other half of the chain arrives within the cutoff, ``1 - exp(-cutoff / T_half)``, is
#: below this (``T_half``: mean generation time of half the chain): such a cutoff discards
#: nearly every pair and sampling it would need very many restarts.
MIN_SURVIVAL_WITHIN_CUTOFF = 0.5

#: Budget of event rounds for the linear swap-asap Monte Carlo of one design with a cutoff; a
#: design that needs more (a cutoff that discards nearly every pair) is skipped
#: (``viable = False``). Without a cutoff there is no budget (``p_s < 1`` alone needs many
#: rounds, but finishes).
MAX_EVENT_ROUNDS = 5_000


def _design_links(
    platform: Platform, target: PlanTarget, design: Design, scheme: str | None
) -> list[Link]:
    check_design_fits(platform, design)
    comp, interface = interface_memory(platform)
    memory = dataclasses.replace(interface, num_temporal_modes=design.modes)
    if comp == "communication_memory":
        plat = dataclasses.replace(platform, communication_memory=memory)
    else:
        plat = dataclasses.replace(platform, memory=memory)
    # a repeater with one communication qubit holds its first half in a storage qubit
    store = (
        platform.communication_memory is not None
        and platform.capabilities.communication_qubits < qubits_per_node(design)
    )
    length = target.distance_km / design.n_links
    return [Link(plat, length, scheme=scheme, store_in_memory=store)] * design.n_links


def verify_design(
    platform: Platform,
    target: PlanTarget,
    design: Design,
    seed: int,
    *,
    scheme: str | None = None,
    p_swap: float = 1.0,
    n_pairs: int = 200,
    max_time_s: float | None = None,
) -> DesignEvaluation:
    """Run ``design`` in the discrete-event engine, with real message latencies and the
    memory wait during pumping that :func:`evaluate_design` neglects: nested chains
    (:func:`~qnetsim.network.chains.nested_events.simulate_nested_chain`) for ``2^k`` links,
    swap-asap
    (:func:`~qnetsim.network.chains.events.simulate_chain`) otherwise, with the same swap noise
    and link-level pumping. The difference from :func:`evaluate_design` is the size of the
    planner's approximations for this design."""
    from qnetsim.network.chains.common import PurificationPolicy
    from qnetsim.network.chains.events import simulate_chain
    from qnetsim.network.chains.nested_events import simulate_nested_chain

    links = _design_links(platform, target, design, scheme)
    mem = platform.memory
    multi = design.n_links > 1
    policy = (
        PurificationPolicy("dejmps", (0,), design.pumping_rounds) if design.pumping_rounds else None
    )
    kwargs = {
        "swap_success": p_swap,
        "gate_depolarising": 1.0 - mem.two_qubit_gate_fidelity if multi else 0.0,
        "readout_error": 1.0 - mem.mean_readout_fidelity if multi else 0.0,
        "cutoff_s": design.cutoff_s if multi else None,
        "purification": policy,
        "max_time_s": max_time_s,
    }
    if is_power_of_two(design.n_links):
        res = simulate_nested_chain(links, n_pairs, seed, **kwargs)  # type: ignore[arg-type]
    else:
        res = simulate_chain(links, n_pairs, seed, **kwargs)  # type: ignore[arg-type]
    f = res.fidelities
    n = f.size
    rate = res.rate_hz
    return DesignEvaluation(
        design=design,
        rate_hz=rate,
        rate_err_hz=rate / math.sqrt(max(n, 1)),
        fidelity=float(f.mean()) if n else math.nan,
        fidelity_err=float(f.std(ddof=1)) / math.sqrt(n) if n > 1 else 0.0,
        target=target,
        viable=n > 0,  # nothing delivered within max_time_s
    )


def evaluate_design(
    platform: Platform,
    target: PlanTarget,
    design: Design,
    rng: RngLike,
    *,
    scheme: str | None = None,
    p_swap: float = 1.0,
    n_samples: int = 2000,
) -> DesignEvaluation:
    """Predict the rate and fidelity of ``design`` (see the module docstring).

    A design whose repeaters have one communication qubit makes each repeater's links one
    after another (:mod:`qnetsim.network.chains.node_qubits`), which the closed forms and vectorised
    samplers (every link attempting at once) do not describe: it is evaluated in the event
    engine instead (:func:`verify_design` with ``min(n_samples, 100)`` pairs and at most
    ``2000 / target rate`` of simulated time).

    ``rng`` (a Generator or an int seed) drives the Monte Carlo (or seeds the event engine)."""
    rng = as_rng(rng)
    if sequential_repeaters(platform, design):
        check_design_fits(platform, design)
        if design.cutoff_s is not None:
            # One link's mean generation time; a cutoff far below it discards nearly every
            # stored half, and the event engine would restart almost forever.
            one = _design_links(platform, target, design, scheme)[0]
            link_time = one.cycle_s / one.cycle_success_probability
            if -math.expm1(-design.cutoff_s / link_time) < MIN_SURVIVAL_WITHIN_CUTOFF:
                return DesignEvaluation(design, 0.0, 0.0, math.nan, 0.0, target, viable=False)
        seed = int(rng.integers(2**63))
        try:
            # a design 20 times slower than the target cannot meet it: bound the run there
            return verify_design(
                platform, target, design, seed, scheme=scheme, p_swap=p_swap,
                n_pairs=min(n_samples, 100), max_time_s=2000.0 / target.rate_hz,
            )  # fmt: skip
        except InvalidParameterError:  # e.g. pumping, which needs two communication qubits
            return DesignEvaluation(design, 0.0, 0.0, math.nan, 0.0, target, viable=False)
    links = _design_links(platform, target, design, scheme)
    mem = platform.memory
    prm = chain_from_links(
        links,
        p_swap=p_swap,
        gate_depolarising=1.0 - mem.two_qubit_gate_fidelity if design.n_links > 1 else 0.0,
        readout_error=1.0 - mem.mean_readout_fidelity if design.n_links > 1 else 0.0,
        cutoff_s=design.cutoff_s if design.n_links > 1 else None,
    )
    if design.pumping_rounds:
        pumped = pumping(prm.coefficients[0], design.pumping_rounds)
        p_eff = np.clip(prm.p / pumped.expected_elementary_pairs, 1e-300, 1.0)
        coeffs = np.broadcast_to(pumped.coefficients[-1], prm.coefficients.shape).copy()
        prm = dataclasses.replace(prm, p=p_eff, coefficients=coeffs)
    if math.isfinite(prm.cutoff) and design.n_links > 1:
        # Probability that a neighbouring link succeeds within the cutoff window: when it is
        # tiny, nearly every pair is discarded and sampling would take ~1/that restarts.
        # At the top level one half waits for the other, whose mean generation time is about
        # that of the max of n/2 geometric links, H_(n/2)/p cycles. A cutoff well below it
        # discards nearly everything (and the samplers would need very many restarts).
        half = max(1, design.n_links // 2)
        half_time = sum(1.0 / k for k in range(1, half + 1)) / float(prm.p.min())
        within = -math.expm1(-prm.cutoff / half_time)
        if within < MIN_SURVIVAL_WITHIN_CUTOFF:
            return DesignEvaluation(design, 0.0, 0.0, math.nan, 0.0, target, viable=False)
    s = None
    if is_power_of_two(design.n_links):
        try:
            s = sample_nested_chain(prm, n_samples, rng)
        except InvalidParameterError:
            s = None  # the nested sampler's memory guard (tight cutoff): use the linear chain
    if s is None:
        try:
            budget = MAX_EVENT_ROUNDS if math.isfinite(prm.cutoff) else None
            s = sample_swap_asap_chain(prm, n_samples, rng, max_rounds=budget)
        except InvalidParameterError:
            return DesignEvaluation(design, 0.0, 0.0, math.nan, 0.0, target, viable=False)
    times = s.times_s
    mean_t = float(times.mean())
    se_t = float(times.std(ddof=1)) / math.sqrt(times.size) if times.size > 1 else mean_t
    f = s.fidelity
    rate = 1.0 / mean_t
    return DesignEvaluation(
        design=design,
        rate_hz=rate,
        rate_err_hz=rate * se_t / mean_t,
        fidelity=float(f.mean()),
        fidelity_err=float(f.std(ddof=1)) / math.sqrt(f.size) if f.size > 1 else 0.0,
        target=target,
    )


def plan_chain(
    platform: Platform,
    target: PlanTarget,
    *,
    rng: RngLike,
    scheme: str | None = None,
    node_counts: Sequence[int] = (1, 2, 4, 8, 11, 16),
    modes: Sequence[int] | None = None,
    cutoffs_s: Sequence[float | None] | None = None,
    pumping_rounds: Sequence[int] = (0, 1, 2),
    p_swap: float = 1.0,
    n_samples: int = 2000,
) -> Plan:
    """Search the designs and return the best (see the module docstring).

    Args:
        platform: the hardware of every node.
        target: distance, rate and fidelity to meet.
        rng: a Generator or an int seed for the Monte Carlo evaluations.
        scheme: heralding scheme (default: the platform's).
        node_counts: numbers of elementary links to try.
        modes: temporal modes per memory to try (default: :data:`DEFAULT_MODES` up to the
            platform's limit :func:`max_design_modes`, plus the limit itself when it is
            smaller than the largest default); each must be within the limit.
        cutoffs_s: memory cutoffs to try (default: none, the memory coherence time, and a
            tenth of it); tried for every chain of two or more links.
        pumping_rounds: pumping rounds per elementary link to try.
        p_swap: swap success probability (1/2 for linear optics).
        n_samples: Monte Carlo chain realisations per design.

    Raises:
        InvalidParameterError: an empty search space; a mode count above the platform's
            limit (``modes``, with ``capabilities.max_modes``); a search space in which no
            design fits into the nodes' qubits.
    """
    rng = as_rng(rng)
    limit = max_design_modes(platform)
    caps = platform.capabilities
    limits: list[str] = []
    if modes is None:
        modes = [m for m in DEFAULT_MODES if m <= limit]
        if limit < max(DEFAULT_MODES) and limit not in modes:
            modes.append(limit)
        cut = [m for m in DEFAULT_MODES if m > limit]
        if cut:
            limits.append(
                f"modes limited to <= {limit} by capabilities.max_modes = {caps.max_modes} "
                f"(not tried: {', '.join(map(str, cut))})"
            )
    if not node_counts or not modes or not pumping_rounds:
        raise InvalidParameterError("search space", "empty", "at least one value per dimension")
    for m in modes:
        check_int("modes", m, 1)
        if m > limit:
            raise InvalidParameterError(
                "modes",
                m,
                f"<= {limit} (capabilities.max_modes = {caps.max_modes} of {platform.name!r})",
            )
    coherence = platform.memory.effective_dephasing_time_s()
    if cutoffs_s is None:
        cutoffs_s = (None, coherence, coherence / 10) if math.isfinite(coherence) else (None,)
    evaluations = []
    excluded: list[ExcludedDesign] = []
    for n in node_counts:
        for m in modes:
            for c in cutoffs_s if n > 1 else (None,):
                for k in pumping_rounds:
                    design = Design(n, m, c, k)
                    short = qubit_shortfall(platform, design)
                    if short is not None:
                        excluded.append(ExcludedDesign(design, short))
                        continue
                    evaluations.append(
                        evaluate_design(
                            platform,
                            target,
                            design,
                            rng,
                            scheme=scheme,
                            p_swap=p_swap,
                            n_samples=n_samples,
                        )
                    )
    if excluded:
        need = max(qubits_per_node(e.design) for e in excluded)
        limits.append(
            f"{len(excluded)} design(s) excluded for lack of qubits (they need up to {need} "
            f"per node, the platform has {usable_qubits(platform)}: "
            f"{qubits_text(platform)})"
        )
    if not evaluations:
        raise InvalidParameterError(
            "node_counts",
            tuple(node_counts),
            f"designs that need <= {usable_qubits(platform)} qubit(s) per node "
            f"(capabilities of {platform.name!r}); e.g. node_counts = (1,) without pumping",
            excluded[0].reason,
        )
    meeting = [e for e in evaluations if e.meets_target]
    if meeting:
        meeting.sort(
            key=lambda e: (e.design.n_links, e.design.modes, e.design.pumping_rounds, -e.rate_hz)
        )
        best = meeting[0]
    else:
        best = min(evaluations, key=lambda e: (e.shortfall, e.design.n_links, e.design.modes))
    ranked = sorted(
        evaluations,
        key=lambda e: (not e.meets_target, e.shortfall, e.design.n_links, e.design.modes),
    )
    return Plan(platform.name, target, best, ranked, tuple(excluded), tuple(limits))
