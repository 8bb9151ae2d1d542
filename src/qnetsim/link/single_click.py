"""Single-click (single-photon interference) heralding at a midpoint beam splitter.

Each node prepares ``sqrt(1-alpha)|dark> + sqrt(alpha)|bright>`` and the bright state emits a
photon; the photons meet on a 50:50 beam splitter with threshold detectors, and a herald is
exactly one click. The formulas are those of ``../shared/reference/physics.md`` section 2
(Humphreys et al., Nature 558, 268 (2018), doi:10.1038/s41586-018-0200-5; Rozpedek et al.,
PRA 99, 052330 (2019), doi:10.1103/PhysRevA.99.052330; Hermans et al., NJP 25, 013011
(2023), doi:10.1088/1367-2630/acb004):

    P0 = (1-a)^2 p_dc q + 2a(1-a)[(1-eta) p_dc q + eta q/2]
         + a^2 [eta^2 (1+V) q/4 + eta(1-eta) q + (1-eta)^2 p_dc q],     p = 2 P0,
    F  = a(1-a) q [(1-eta) p_dc + eta (1 + sqrt(V) lam)/2] / P0,

with ``eta`` the per-arm detection probability, ``p_dc`` the dark-count probability per
detector and window (``q = 1 - p_dc``), ``V`` the HOM visibility and ``lam`` the optical
phase coherence ``<exp(i dphi)>``. The heralded density matrix behind these formulas, in the
spin basis (1 = bright), is

    P0 rho = (1-a)^2 p_dc q |00><00| + a^2[...] |11><11|
             + 2a(1-a)[(1-eta) p_dc q + eta q/2] (|01><01| + |10><10|)/2
             + a(1-a) eta q sqrt(V) lam/2 (|01><10| + |10><01|),

(``Psi+`` for a click of D0; ``Psi-`` for D1, corrected by a local Z). It is delivered in the
``Phi+`` frame (a local X on the second node). It is not Bell-diagonal when
``(1-a)^2 p_dc != a^2[...]``; :meth:`HeraldedState.bell_diagonal` twirls it.

Examples:
    >>> h = single_click(alpha=0.1, eta=0.01)
    >>> round(h.success_probability, 6)  # ideal: a eta (2 - a eta)
    0.001999
    >>> round(h.fidelity, 6)  # ideal: 2 (1 - a) / (2 - a eta)
    0.90045
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import ArrayLike, NDArray

from qnetsim._validate import check_in_range, check_probability
from qnetsim.link.heralded import HeraldedState, single_excitation_state

__all__ = ["single_click", "single_click_fidelity", "single_click_probability"]

DEFAULT_QUBITS = ("A", "B")


def _terms(
    alpha: ArrayLike, eta: ArrayLike, p_dc: ArrayLike, visibility: ArrayLike
) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.float64]]:
    a = np.asarray(alpha, dtype=np.float64)
    e = np.asarray(eta, dtype=np.float64)
    d = np.asarray(p_dc, dtype=np.float64)
    v = np.asarray(visibility, dtype=np.float64)
    q = 1.0 - d
    none = (1 - a) ** 2 * d * q
    one = 2 * a * (1 - a) * ((1 - e) * d * q + e * q / 2)
    both = a**2 * (e**2 * (1 + v) * q / 4 + e * (1 - e) * q + (1 - e) ** 2 * d * q)
    return none, one, both


def single_click_probability(
    alpha: ArrayLike, eta: ArrayLike, p_dc: ArrayLike = 0.0, visibility: ArrayLike = 1.0
) -> NDArray[np.float64]:
    """Success probability ``p = 2 P0`` per attempt (vectorised; arguments broadcast)."""
    none, one, both = _terms(alpha, eta, p_dc, visibility)
    return 2.0 * (none + one + both)


def single_click_fidelity(
    alpha: ArrayLike,
    eta: ArrayLike,
    p_dc: ArrayLike = 0.0,
    visibility: ArrayLike = 1.0,
    phase_coherence: ArrayLike = 1.0,
) -> NDArray[np.float64]:
    """Fidelity of the heralded state to the target Bell state (vectorised)."""
    a = np.asarray(alpha, dtype=np.float64)
    e = np.asarray(eta, dtype=np.float64)
    d = np.asarray(p_dc, dtype=np.float64)
    v = np.asarray(visibility, dtype=np.float64)
    lam = np.asarray(phase_coherence, dtype=np.float64)
    none, one, both = _terms(a, e, d, v)
    num = a * (1 - a) * (1 - d) * ((1 - e) * d + e * (1 + np.sqrt(v) * lam) / 2)
    return num / (none + one + both)


def phase_coherence_from_sigma(sigma_rad: float) -> float:
    """``lam = exp(-sigma^2/2)`` for Gaussian optical phase noise of std ``sigma_rad``."""
    return math.exp(-(check_in_range("sigma_rad", sigma_rad, 0.0) ** 2) / 2)


def single_click(
    alpha: float,
    eta: float,
    p_dc: float = 0.0,
    visibility: float = 1.0,
    phase_coherence: float = 1.0,
    qubits: tuple[object, object] = DEFAULT_QUBITS,
) -> HeraldedState:
    """One single-click attempt: success probability and heralded state (``Phi+`` frame).

    Args:
        alpha: bright-state population, in (0, 1).
        eta: per-arm detection probability (emission x collection x conversion x fibre x
            detector), in [0, 1].
        p_dc: dark-count (or noise-click) probability per detector per window, in [0, 1).
        visibility: HOM visibility ``V`` of the two nodes' photons, in [0, 1].
        phase_coherence: optical phase coherence ``lam = <exp(i dphi)>``, in [0, 1].
        qubits: ids of the two memory qubits.
    """
    a = check_in_range("alpha", alpha, 0.0, 1.0, low_open=True, high_open=True)
    e = check_probability("eta", eta)
    d = check_in_range("p_dc", p_dc, 0.0, 1.0, high_open=True)
    v = check_probability("visibility", visibility)
    lam = check_probability("phase_coherence", phase_coherence)
    none, one, both = (float(x) for x in _terms(a, e, d, v))
    p0 = none + one + both
    if p0 <= 0.0:
        raise ValueError("no herald is possible: eta and p_dc are both zero")  # pragma: no cover
    coherence = a * (1 - a) * e * (1 - d) * math.sqrt(v) * lam / 2
    state = single_excitation_state(tuple(qubits), none, one, both, coherence)  # type: ignore[arg-type]
    # False heralds: dark-count contributions (no coherence).
    false = (
        none + 2 * a * (1 - a) * (1 - e) * d * (1 - d) + a**2 * (1 - e) ** 2 * d * (1 - d)
    ) / p0
    return HeraldedState(2 * p0, state, min(1.0, false))
