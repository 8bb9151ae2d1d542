"""Private helpers shared by the event-driven chains (:mod:`~qnetsim.network.chain_des` and
:mod:`~qnetsim.network.nested_des`): the purification policy and one purification step.

Purification (physics.md section 5): DEJMPS (Deutsch et al., PRL 77, 2818 (1996),
doi:10.1103/PhysRevLett.77.2818) on the full Bell-diagonal state, or BBPSSW (Bennett et al.,
PRL 76, 722 (1996)) on the twirled (Werner) inputs, applied as entanglement pumping: the stored
pair is purified with a fresh pair of the same segment, ``rounds`` times (Dur, Briegel, Cirac,
Zoller, PRA 59, 169 (1999), doi:10.1103/PhysRevA.59.169). The operations are ideal (the
Bell-diagonal maps model no gate or readout noise).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from qnetsim._validate import check_int
from qnetsim.errors import InvalidParameterError
from qnetsim.quantum import bell_diagonal as bd
from qnetsim.quantum.purification import bbpssw, dejmps

__all__ = ["PURIFICATION_PROTOCOLS", "PurificationPolicy", "purify_pair"]

PURIFICATION_PROTOCOLS = ("dejmps", "bbpssw")


@dataclass(frozen=True)
class PurificationPolicy:
    """Where and how pairs are purified in an event-driven chain.

    Attributes:
        protocol: ``"dejmps"`` (Bell-diagonal map) or ``"bbpssw"`` (Werner twirl first).
        levels: nesting levels at which pairs are purified: 0 = elementary links, ``k`` =
            segments spanning ``2**k`` links. Any order; stored sorted, without duplicates.
        rounds: pumping rounds at each level (``1``: two pairs -> one; ``r``: ``r + 1``
            pairs of the segment, the stored one purified with a fresh one each round).

    Examples:
        >>> PurificationPolicy(levels=(1, 0)).levels
        (0, 1)
        >>> PurificationPolicy(rounds=0)
        Traceback (most recent call last):
        ...
        qnetsim.errors.InvalidParameterError: rounds = 0 is invalid; valid: an integer in [1, 64]
    """

    protocol: str = "dejmps"
    levels: tuple[int, ...] = (0,)
    rounds: int = 1

    def __post_init__(self) -> None:
        if self.protocol not in PURIFICATION_PROTOCOLS:
            raise InvalidParameterError(
                "protocol", self.protocol, " or ".join(repr(p) for p in PURIFICATION_PROTOCOLS)
            )
        try:
            levels = tuple(self.levels)
        except TypeError as exc:
            raise InvalidParameterError("levels", self.levels, "a tuple of ints >= 0") from exc
        for level in levels:
            check_int("levels (entry)", level, 0, 62)
        object.__setattr__(self, "levels", tuple(sorted({int(v) for v in levels})))
        object.__setattr__(self, "rounds", check_int("rounds", self.rounds, 1, 64))

    def check_levels(self, num_links: int) -> None:
        """Raise unless every level fits a nested chain of ``num_links = 2**n`` links."""
        top = num_links.bit_length() - 1
        if self.levels and self.levels[-1] > top:
            raise InvalidParameterError(
                "purification.levels",
                self.levels,
                f"levels in 0..{top} (log2 of {num_links} links)",
            )


def purify_pair(
    protocol: str, first: NDArray[np.float64], second: NDArray[np.float64]
) -> tuple[NDArray[np.float64], float]:
    """One purification of two Bell-diagonal pairs: ``(state on success, success prob)``.

    Examples:
        >>> out, p = purify_pair("bbpssw", bd.werner(0.8), bd.werner(0.8))
        >>> round(float(out[0]), 4), round(p, 4)
        (0.8382, 0.7689)
    """
    if protocol == "bbpssw":
        f, p = bbpssw(float(first[0]), float(second[0]))
        return bd.werner(float(f)), float(p)
    out, p = dejmps(first, second)
    return np.asarray(out, dtype=np.float64), float(p)
