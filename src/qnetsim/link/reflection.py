"""Reflection-based serial heralding (Knaut et al., Nature 629, 573 (2024),
doi:10.1038/s41586-024-07252-z; physics.md section 2).

A time-bin photon reflects off node A (a spin-dependent cavity reflection), travels the fibre,
reflects off node B, and is measured; one detection heralds a Bell pair. The probability is
linear in the total transmission, ``p = eta_A eta_fibre eta_B eta_det``, and no long-distance
phase lock is needed. The heralded state of a true herald is modelled as a Werner state whose
Werner parameter is the product of the two spin-photon gate Werner parameters,
``w = w_A w_B`` with ``w_X = (4 F_X - 1)/3`` (each gate's errors taken as depolarising: an
assumption; Knaut 2024 report the resulting electron-electron fidelity, not its error budget).
False heralds (a dark count or noise photon while the photon was lost) carry the maximally
mixed state.

Examples:
    >>> h = reflection(eta_total=0.01, gate_fidelity_a=0.95, gate_fidelity_b=0.95)
    >>> round(h.success_probability, 6), round(h.fidelity, 4)
    (0.01, 0.9033)
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
from numpy.typing import NDArray

from qnetsim._validate import check_array_in_range, check_in_range
from qnetsim.link.heralded import (
    HeraldedBatch,
    HeraldedState,
    bound_arguments,
    check_herald_possible,
    mixed_bell_diagonal,
)

__all__ = ["reflection", "reflection_batch"]


def reflection(
    eta_total: float,
    gate_fidelity_a: float = 1.0,
    gate_fidelity_b: float = 1.0,
    p_dc: float = 0.0,
    qubits: tuple[object, object] = ("A", "B"),
) -> HeraldedState:
    """One reflection-based attempt.

    Args:
        eta_total: probability that the photon survives both reflections, the fibre, the
            conversions and the detector.
        gate_fidelity_a, gate_fidelity_b: fidelity of each node's spin-photon reflection gate,
            in [0.25, 1].
        p_dc: probability of a false click (dark count or noise photon) per detection window.
        qubits: ids of the two memory qubits.
    """
    total, weights, false = _parts(
        *_checked(check_in_range, eta_total, gate_fidelity_a, gate_fidelity_b, p_dc)
    )
    check_herald_possible(total, "eta_total", eta_total, _NO_HERALD)
    state = mixed_bell_diagonal(qubits, weights)
    return HeraldedState(total, state, false / total)


def _parts(eta: Any, fa: Any, fb: Any, d: Any) -> tuple[Any, NDArray[np.float64], Any]:
    """Success probability, unnormalised Bell-diagonal weights ``(4, ...)`` in the order
    ``(I, X, Z, Y)`` and the false-herald weight (numbers or arrays of draws)."""
    w = (4 * fa - 1) / 3 * (4 * fb - 1) / 3
    true = eta
    false = (1 - eta) * d
    f_true = (1 + 3 * w) / 4
    signal = true * np.array([f_true, (1 - f_true) / 3, (1 - f_true) / 3, (1 - f_true) / 3])
    return true + false, signal + false / 4, false


def _checked(check: Callable[..., Any], eta: Any, fa: Any, fb: Any, d: Any) -> tuple[Any, ...]:
    """:func:`reflection`'s arguments checked by ``check`` (:func:`check_in_range` for
    numbers, :func:`check_array_in_range` for arrays of draws)."""
    return (
        check("eta_total", eta, 0.0, 1.0),
        check("gate_fidelity_a", fa, 0.25, 1.0),
        check("gate_fidelity_b", fb, 0.25, 1.0),
        check("p_dc", d, 0.0, 1.0, high_open=True),
    )


#: Why a reflection attempt with no transmission and no false clicks cannot herald.
_NO_HERALD = "> 0 when p_dc = 0"


def reflection_batch(*args: Any, **kwargs: Any) -> HeraldedBatch:
    """:func:`reflection` for arrays of draws: its arguments (``qubits`` aside), each a
    number or an array (they broadcast), checked entry by entry; the same closed form."""
    a = bound_arguments(reflection, args, kwargs)
    values = _checked(
        check_array_in_range, a["eta_total"], a["gate_fidelity_a"], a["gate_fidelity_b"], a["p_dc"]
    )
    total, weights, false = _parts(*np.broadcast_arrays(*values))
    check_herald_possible(total, "eta_total", a["eta_total"], _NO_HERALD)
    return HeraldedBatch.bell_diagonal(total, weights, false / total)
