"""``qnetsim link``: the attempt budget of attempt mode.

Attempt mode simulates every attempt photon by photon, so its cost grows as ``1/p``: before it
runs, the attempts it needs (pairs x modes / success probability per cycle) are compared with
``--max-attempts``; over the budget, attempt mode simulates fewer pairs (at least
:data:`MIN_ATTEMPT_PAIRS`) or, if even those would not fit, is skipped, with a note either way.
"""

from __future__ import annotations

import math

from qnetsim.errors import InvalidParameterError
from qnetsim.link.design import Link
from qnetsim.link.memory_photon import MemoryPhotonLink
from qnetsim.link.montecarlo import (
    MIN_ATTEMPT_PROBABILITY,
    MIN_CYCLE_PROBABILITY,
)

__all__ = [
    "DEFAULT_MAX_ATTEMPTS",
    "MIN_ATTEMPT_PAIRS",
    "attempts_needed",
    "check_max_attempts",
    "plan_memory_photon_modes",
    "plan_modes",
]

#: Default budget of photon-level attempts (``--max-attempts``): tens of seconds.
DEFAULT_MAX_ATTEMPTS = 200_000_000

#: Fewest pairs attempt mode runs when the budget cuts ``--pairs``; below it, it is skipped.
MIN_ATTEMPT_PAIRS = 10


def check_max_attempts(value: float) -> int:
    if not (math.isfinite(value) and value >= 1):
        raise InvalidParameterError("--max-attempts", value, "a number >= 1 (e.g. 2e8)")
    return int(value)


# --- the attempt budget ---------------------------------------------------------------------
def attempts_needed(link: Link, pairs: int) -> float:
    """Expected attempts (modes) attempt mode simulates for ``pairs`` pairs."""
    p_cycle = link.cycle_success_probability
    return math.inf if p_cycle <= 0 else pairs * link.num_modes / p_cycle


def plan_modes(
    link: Link, requested: tuple[str, ...], pairs: int, max_attempts: int
) -> tuple[list[tuple[str, int]], list[str]]:
    """The Monte Carlo runs to do, ``(mode, pairs)`` in the order requested, and the notes
    explaining any change to what was asked."""
    runs: list[tuple[str, int]] = []
    notes: list[str] = []
    if link.cycle_success_probability < MIN_CYCLE_PROBABILITY:
        notes.append(
            f"Monte Carlo skipped: success probability per cycle "
            f"{link.cycle_success_probability:.3g} < {MIN_CYCLE_PROBABILITY:g} (over 1e15 "
            "cycles per pair); only the closed form is shown"
        )
        return runs, notes
    for mode in requested:
        if mode != "attempt":
            runs.append((mode, pairs))
            continue
        p = link.success_probability
        needed = attempts_needed(link, pairs)
        feasible = p >= MIN_ATTEMPT_PROBABILITY
        if feasible and needed <= max_attempts:
            runs.append((mode, pairs))
            continue
        per_pair = needed / pairs
        affordable = int(max_attempts // per_pair)
        if feasible and affordable >= MIN_ATTEMPT_PAIRS:
            runs.append((mode, affordable))
            notes.append(
                f"attempt mode would need about {needed:.2g} attempts for {pairs} pairs "
                f"({p:.3g} per attempt), over --max-attempts {max_attempts:.2g}: simulating "
                f"{affordable} pairs in attempt mode instead (--max-attempts {needed * 1.1:.2g} "
                f"runs all {pairs})"
            )
            continue
        fallback = "sampled" not in requested
        reason = (
            f"its success probability per attempt {p:.3g} is below {MIN_ATTEMPT_PROBABILITY:g}"
            if not feasible
            else f"even {MIN_ATTEMPT_PAIRS} pairs need about {MIN_ATTEMPT_PAIRS * per_pair:.2g} "
            f"attempts ({p:.3g} per attempt), over --max-attempts {max_attempts:.2g} (raise it "
            "to run attempt mode)"
        )
        notes.append(
            f"attempt mode skipped: {reason}"
            + ("; showing sampled mode instead" if fallback else "")
        )
        if fallback:
            runs.append(("sampled", pairs))
    return runs, notes


def plan_memory_photon_modes(
    link: MemoryPhotonLink, mode: str, pairs: int, max_attempts: int
) -> tuple[list[tuple[str, int]], list[str]]:
    """The Monte Carlo runs of a memory-photon link, ``(mode, pairs)``, and the notes
    explaining any change to what was asked (``mode``: sampled, attempt or both)."""
    requested = ("sampled", "attempt") if mode == "both" else (mode,)
    runs: list[tuple[str, int]] = []
    notes: list[str] = []
    if link.cycle_success_probability < MIN_CYCLE_PROBABILITY:
        return runs, [
            f"Monte Carlo skipped: success probability per cycle "
            f"{link.cycle_success_probability:.3g} < {MIN_CYCLE_PROBABILITY:g}"
        ]
    for m in requested:
        if m == "sampled":
            runs.append((m, pairs))
            continue
        p = link.success_probability
        per_pair = link.num_modes / link.cycle_success_probability
        affordable = min(pairs, int(max_attempts // per_pair))
        if p < MIN_ATTEMPT_PROBABILITY or affordable < MIN_ATTEMPT_PAIRS:
            notes.append(
                f"attempt mode skipped: about {per_pair:.2g} attempts per pair "
                f"({p:.3g} per attempt), over --max-attempts {max_attempts:.2g}"
            )
            if "sampled" not in requested:
                runs.append(("sampled", pairs))
            continue
        if affordable < pairs:
            notes.append(
                f"attempt mode would need about {pairs * per_pair:.2g} attempts, over "
                f"--max-attempts {max_attempts:.2g}: simulating {affordable} pairs"
            )
        runs.append((m, affordable))
    return runs, notes
