"""DLCZ heralding between atomic ensembles (Duan, Lukin, Cirac, Zoller, Nature 414, 413
(2001), doi:10.1038/35106500; Sangouard, Simon, de Riedmatten, Gisin, RMP 83, 33 (2011),
doi:10.1103/RevModPhys.83.33, section III).

Each ensemble ``k`` (A or B), written with excitation probability ``p_k``, emits ``n`` Stokes
photons with the thermal distribution ``P_k(n) = (1-p_k) p_k^n`` of a two-mode squeezed
state, each photon paired with a collective spin excitation; each photon is detected at the
station with probability ``eta_k`` (the ensembles and arms may differ). The photons meet on a
beam splitter and a herald is exactly one click (threshold detectors, dark-count probability
``d``, ``q = 1 - d``). To first order this is single-click heralding with ``alpha -> p``:
``P ~ 2 p eta`` and a multi-excitation admixture of weight ``~ p`` (physics.md section 2).
The photon numbers are summed to infinity in closed form, with these assignments (an
explicit modelling choice, documented because a qubit cannot hold more than one excitation):

* ``(0, 0)`` (a dark count): no excitation, ``|00>``;
* ``(1, 0)``/``(0, 1)``: one excitation, coherent (``sqrt(V) lam``) only when the photon was
  detected; otherwise the which-path information is in the lost photon;
* ``(n, 0)``, ``n >= 2``: excitations in one ensemble only: counted as an incoherent single
  excitation (its retrieval yields the right node, but no coherence survives);
* ``n_A, n_B >= 1``: both ensembles excited, ``|11>``.

Photons of the ``(1, 1)`` term interfere with HOM visibility ``V``; higher terms are taken as
distinguishable (they are ``O(p^3)``).

Closed form. With ``n_A`` and ``n_B`` distinguishable photons, exactly one detector clicks
with probability ``2q[u_A^n_A u_B^n_B - l_A^n_A l_B^n_B] + 2dq l_A^n_A l_B^n_B`` where
``u_k = 1 - eta_k/2`` (a photon is lost or goes to the given detector) and ``l_k = 1 - eta_k``
(it is lost); the ``(1, 1)`` HOM pair adds ``eta_A eta_B q V/2``. The thermal sums are then
geometric series: with ``S_k(x) = sum_{n>=1} P_k(n) x^n = (1-p_k) p_k x / (1 - p_k x)`` and
``D_k = S_k(u_k) - S_k(l_k) = (1-p_k) p_k (eta_k/2) / ((1 - p_k u_k)(1 - p_k l_k))``, the
unnormalised heralded populations (both detectors) are

    n00 = 2dq (1-p_A)(1-p_B)
    n10 = (1-p_B) [2q D_A + 2dq S_A(l_A)],   n01 = (1-p_A) [2q D_B + 2dq S_B(l_B)]
    n11 = 2q [S_A(u_A) D_B + D_A S_B(l_B)] + 2dq S_A(l_A) S_B(l_B)
          + (1-p_A) p_A (1-p_B) p_B eta_A eta_B q V/2
    c   = (1-p_A)(1-p_B) sqrt(p_A p_B eta_A eta_B V) lam q,

``P = n00 + n01 + n10 + n11`` and the state is that of
:func:`~qnetsim.link.heralded.excitation_basis_state`.

Examples:
    >>> h = dlcz(excitation_probability=0.01, eta=0.05)
    >>> round(h.success_probability / (2 * 0.01 * 0.05), 2)   # ~ 2 p eta
    1.01
    >>> round(h.fidelity, 3)   # multi-excitations cost ~ 2 p (both sides, and one side twice)
    0.981
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from qnetsim import _arrays
from qnetsim._validate import check_array_in_range, check_in_range
from qnetsim.errors import InvalidParameterError
from qnetsim.link.heralded import (
    HeraldedBatch,
    HeraldedState,
    bound_arguments,
    check_herald_possible,
    excitation_basis_matrix,
    excitation_basis_state,
)

__all__ = ["dlcz", "dlcz_batch"]


def _series(p: float, x: float) -> float:
    """``S(x) = sum_{n>=1} (1-p) p^n x^n``."""
    return (1 - p) * p * x / (1 - p * x)


def _series_difference(p: float, eta: float) -> float:
    """``S(1 - eta/2) - S(1 - eta)``, without cancellation."""
    return (1 - p) * p * (eta / 2) / ((1 - p * (1 - eta / 2)) * (1 - p * (1 - eta)))


def dlcz(
    excitation_probability: float,
    eta: float,
    p_dc: float = 0.0,
    visibility: float = 1.0,
    phase_coherence: float = 1.0,
    qubits: tuple[object, object] = ("A", "B"),
    *,
    excitation_probability_b: float | None = None,
    eta_b: float | None = None,
) -> HeraldedState:
    """One DLCZ attempt: success probability and heralded state (``Phi+`` frame).

    Args:
        excitation_probability: ``p``, probability per write of a Stokes photon at ensemble
            A (and B unless ``excitation_probability_b`` is given), in (0, 0.5].
        eta: detection probability of a Stokes photon from A (and B unless ``eta_b`` is
            given), in [0, 1].
        p_dc: dark-count probability per detector per window, in [0, 1).
        visibility: HOM visibility of the two ensembles' photons.
        phase_coherence: ``<exp(i dphi)>`` of the two arms' optical phase.
        qubits: ids of the two memories.
        excitation_probability_b: ensemble B's ``p``, in (0, 0.5] (default: A's).
        eta_b: detection probability of a photon from B, in [0, 1] (default: ``eta``).
    """
    pa, pb, ea, eb, d, v, lam = _checked(
        check_in_range, excitation_probability, excitation_probability_b, eta, eta_b, p_dc,
        visibility, phase_coherence,
    )  # fmt: skip
    none, only_a, only_b, both, coherence, false = _parts(pa, pb, ea, eb, d, v, lam)
    total = none + only_a + only_b + both
    check_herald_possible(total, "eta", eta)
    state = excitation_basis_state(tuple(qubits), none, only_b, only_a, both, coherence)  # type: ignore[arg-type]
    return HeraldedState(total, state, min(1.0, false / total))


def _parts(pa: Any, pb: Any, ea: Any, eb: Any, d: Any, v: Any, lam: Any) -> tuple[Any, ...]:
    """The unnormalised excitation-basis weights ``(none, only_a, only_b, both, coherence)``
    and the false-herald weight of one attempt (numbers or arrays of draws)."""
    q = 1.0 - d
    su_a, sl_a, ds_a = _series(pa, 1 - ea / 2), _series(pa, 1 - ea), _series_difference(pa, ea)
    sl_b, ds_b = _series(pb, 1 - eb), _series_difference(pb, eb)
    none = 2 * d * q * (1 - pa) * (1 - pb)
    only_a = (1 - pb) * (2 * q * ds_a + 2 * d * q * sl_a)
    only_b = (1 - pa) * (2 * q * ds_b + 2 * d * q * sl_b)
    both = (
        2 * q * (su_a * ds_b + ds_a * sl_b)
        + 2 * d * q * sl_a * sl_b
        + (1 - pa) * pa * (1 - pb) * pb * ea * eb * q * v / 2
    )
    coherence = (1 - pa) * (1 - pb) * _arrays.sqrt(pa * pb * ea * eb * v) * lam * q
    # False heralds: no photon detected, a dark count clicked (all photon numbers).
    no_photon = (1 - pa) / (1 - pa * (1 - ea)) * (1 - pb) / (1 - pb * (1 - eb))
    return none, only_a, only_b, both, coherence, 2 * d * q * no_photon


def _checked(check: Callable[..., Any], pa: Any, pb: Any, *rest: Any) -> tuple[Any, ...]:
    """:func:`dlcz`'s arguments ``(p_A, p_B, eta_A, eta_B, p_dc, visibility, lam)`` checked
    by ``check`` (:func:`check_in_range` for numbers, :func:`check_array_in_range` for
    arrays), node B's defaulting to node A's."""
    ea, eb, d, v, lam = rest
    pa = check("excitation_probability", pa, 0.0, 0.5, low_open=True)
    pb = pa if pb is None else check("excitation_probability_b", pb, 0.0, 0.5, low_open=True)
    ea = check("eta", ea, 0.0, 1.0)
    eb = ea if eb is None else check("eta_b", eb, 0.0, 1.0)
    d = check("p_dc", d, 0.0, 1.0, high_open=True)
    v = check("visibility", v, 0.0, 1.0)
    lam = check("phase_coherence", lam, 0.0, 1.0)
    return pa, pb, ea, eb, d, v, lam


def dlcz_batch(*args: Any, **kwargs: Any) -> HeraldedBatch:
    """:func:`dlcz` for arrays of draws: its arguments (``qubits`` aside), each a number or
    an array (they broadcast), checked entry by entry; the same closed form."""
    a = bound_arguments(dlcz, args, kwargs)
    pa, pb, ea, eb, d, v, lam = _checked(
        check_array_in_range, a["excitation_probability"], a["excitation_probability_b"],
        a["eta"], a["eta_b"], a["p_dc"], a["visibility"], a["phase_coherence"],
    )  # fmt: skip
    eta = a["eta"]
    none, only_a, only_b, both, coherence, false = _parts(pa, pb, ea, eb, d, v, lam)
    total = none + only_a + only_b + both
    if np.any(total <= 0.0):
        raise InvalidParameterError(
            "eta", eta, "> 0 on some arm when p_dc = 0", "no herald is possible"
        )
    rho = excitation_basis_matrix(none, only_b, only_a, both, coherence)
    return HeraldedBatch.of(total, rho, np.minimum(1.0, false / total))
