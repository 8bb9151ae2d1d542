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

from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from qnetsim._validate import check_array_in_range, check_in_range, check_probability
from qnetsim.errors import InvalidParameterError
from qnetsim.link.heralded import HeraldedBatch, HeraldedState, mixed_bell_diagonal

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
    eta = check_probability("eta_total", eta_total)
    fa = check_in_range("gate_fidelity_a", gate_fidelity_a, 0.25, 1.0)
    fb = check_in_range("gate_fidelity_b", gate_fidelity_b, 0.25, 1.0)
    d = check_in_range("p_dc", p_dc, 0.0, 1.0, high_open=True)
    total, weights, false = _parts(eta, fa, fb, d)
    if total <= 0.0:
        raise ValueError("no herald is possible: eta_total and p_dc are zero")
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


def reflection_batch(
    eta_total: ArrayLike,
    gate_fidelity_a: ArrayLike = 1.0,
    gate_fidelity_b: ArrayLike = 1.0,
    p_dc: ArrayLike = 0.0,
) -> HeraldedBatch:
    """:func:`reflection` for arrays of draws (arguments broadcast; the same closed form)."""
    eta = check_array_in_range("eta_total", eta_total, 0.0, 1.0)
    fa = check_array_in_range("gate_fidelity_a", gate_fidelity_a, 0.25, 1.0)
    fb = check_array_in_range("gate_fidelity_b", gate_fidelity_b, 0.25, 1.0)
    d = check_array_in_range("p_dc", p_dc, 0.0, 1.0, high_open=True)
    eta, fa, fb, d = np.broadcast_arrays(eta, fa, fb, d)
    total, weights, false = _parts(eta, fa, fb, d)
    if np.any(total <= 0.0):
        raise InvalidParameterError(
            "eta_total", eta_total, "> 0 when p_dc = 0", "no herald is possible"
        )
    return HeraldedBatch.bell_diagonal(total, weights, false / total)
