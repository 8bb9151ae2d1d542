"""Two-photon heralding: Barrett-Kok (two rounds with a spin flip) and the two-photon
interference (TPI) scheme of Yu et al. 2020.

Both herald on one photon from each node, so ``p = eta_A eta_B / 2`` (a linear-optics BSM
identifies two of the four Bell states) and ``F = (1 + V)/2`` without dark counts, exactly,
even with threshold detectors (``../shared/reference/physics.md`` section 2; S. D. Barrett
and P. Kok, PRA 71, 060310 (2005), doi:10.1103/PhysRevA.71.060310). The optical phase cancels
between the rounds, so no phase stabilisation is needed.

Dark counts add false heralds, ``rho = (p_sig rho_sig + p_false rho_false)/(p_sig + p_false)``.
Per round, the probability of exactly one click among two threshold detectors (dark-count
probability ``d``, ``q = 1 - d``) given ``n`` incident photons is

    e0 = 2 d q;   e1 = eta q + (1-eta) 2 d q;
    e2 = eta^2 (1+V) q/2 + 2 eta(1-eta) q + (1-eta)^2 2 d q.

Half the time the nodes' spins put one photon in each round (``e1 e1``): coherent only when
both photons were detected (``(eta q)^2``, fidelity ``(1+V)/2``), otherwise the which-path
information is in the lost photon and the state is ``(Psi+ + Psi-)/2``. The other half puts
both photons in one round (``e0 e2``) and heralds ``|00>`` or ``|11>`` (``(Phi+ + Phi-)/2``
before the frame change). Every component is Bell-diagonal, so the heralded state is exact on
the fast path. Delivered in the ``Phi+`` frame.

Examples:
    >>> h = two_photon(eta_a=0.1, eta_b=0.1, visibility=0.9)
    >>> round(h.success_probability, 6), round(h.fidelity, 6)
    (0.005, 0.95)
"""

from __future__ import annotations

import numpy as np

from qnetsim._validate import check_in_range, check_probability
from qnetsim.link.heralded import HeraldedState, mixed_bell_diagonal

__all__ = ["two_photon"]


def two_photon(
    eta_a: float,
    eta_b: float | None = None,
    p_dc: float = 0.0,
    visibility: float = 1.0,
    qubits: tuple[object, object] = ("A", "B"),
) -> HeraldedState:
    """One two-photon (Barrett-Kok / TPI) attempt.

    Args:
        eta_a, eta_b: detection probability of a photon from node A and from node B
            (``eta_b`` defaults to ``eta_a``); at a midpoint each is one arm's efficiency.
        p_dc: dark-count probability per detector per detection window, in [0, 1).
        visibility: HOM visibility of the two nodes' photons.
        qubits: ids of the two memory qubits.
    """
    ea = check_probability("eta_a", eta_a)
    eb = ea if eta_b is None else check_probability("eta_b", eta_b)
    d = check_in_range("p_dc", p_dc, 0.0, 1.0, high_open=True)
    v = check_probability("visibility", visibility)
    q = 1.0 - d
    # Asymmetric arms: the photon of round 1 comes from one node, of round 2 from the other.
    e1a = ea * q + (1 - ea) * 2 * d * q
    e1b = eb * q + (1 - eb) * 2 * d * q
    e0 = 2 * d * q
    e2 = ea * eb * (1 + v) * q / 2 + (ea * (1 - eb) + eb * (1 - ea)) * q + (1 - ea) * (1 - eb) * e0
    coherent = 0.5 * (ea * q) * (eb * q)
    incoherent_one_each = 0.5 * e1a * e1b - coherent
    both_in_one_round = 0.5 * e0 * e2
    total = coherent + incoherent_one_each + both_in_one_round
    if total <= 0.0:
        raise ValueError("no herald is possible: detection efficiencies and p_dc are zero")
    # Weights in the Psi frame (Psi+, Psi-, Phi+, Phi-), mapped to the Phi+ frame by X on B:
    # Psi+ -> Phi+ (I), Psi- -> Phi- (Z), Phi+ -> Psi+ (X), Phi- -> Psi- (Y).
    psi_plus = coherent * (1 + v) / 2 + incoherent_one_each / 2
    psi_minus = coherent * (1 - v) / 2 + incoherent_one_each / 2
    phi_each = both_in_one_round / 2
    weights = np.array([psi_plus, phi_each, psi_minus, phi_each])  # (I, X, Z, Y)
    state = mixed_bell_diagonal(qubits, weights)
    false = (total - 0.5 * ea * eb * q * q) / total
    return HeraldedState(float(total), state, min(1.0, max(0.0, false)))
