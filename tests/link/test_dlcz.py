"""DLCZ closed form (geometric series over photon numbers, unlike ensembles and arms) against
a brute-force enumeration of photon numbers, detected photons and detector routing.

Tolerance: the enumeration is truncated where the neglected thermal weight is below 1e-15
(relative); otherwise both sides are exact sums of the same model, so they agree to rounding.
1e-10 (relative for probabilities, absolute for normalised states) leaves ample margin and is
far below any modelling error (a missed term is O(p^2) or O(d)).
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from qnetsim.errors import InvalidParameterError
from qnetsim.link.dlcz import dlcz
from qnetsim.quantum.operators import X


def brute_force(
    pa: float, pb: float, ea: float, eb: float, d: float, v: float, lam: float
) -> tuple[float, np.ndarray, float]:
    """(success probability, state in the excitation basis |n_A n_B>, false-herald fraction)
    by explicit enumeration, with the module's assignments of photon numbers to qubit states."""
    q = 1 - d
    cutoff = max(math.ceil(math.log(1e-17) / math.log(max(pa, pb))), 4)
    pops = np.zeros(4)  # index 2 * [n_A > 0] + [n_B > 0]
    false = 0.0
    for na in range(cutoff):
        for nb in range(cutoff):
            w = (1 - pa) * pa**na * (1 - pb) * pb**nb
            for ka in range(na + 1):
                for kb in range(nb + 1):
                    wk = (
                        math.comb(na, ka) * ea**ka * (1 - ea) ** (na - ka)
                        * math.comb(nb, kb) * eb**kb * (1 - eb) ** (nb - kb)
                    )  # fmt: skip
                    k = ka + kb
                    if k == 0:
                        one_click = 2 * d * q
                        false += w * wk * one_click
                    elif (na, nb, ka, kb) == (1, 1, 1, 1):
                        one_click = (1 + v) / 2 * q  # HOM: bunch with (1 + V)/2
                    else:
                        one_click = 2 * 0.5**k * q  # all k photons in the same detector
                    pops[2 * (na > 0) + (nb > 0)] += w * wk * one_click
    total = float(pops.sum())
    rho = np.diag(pops).astype(complex)
    # Coherent branches: (1,0) with its photon detected, and (0,1) likewise; each reaches a
    # given detector with amplitude sqrt(weight/2); sum over the two detectors (Z-corrected).
    w10 = (1 - pa) * pa * (1 - pb) * ea
    w01 = (1 - pa) * (1 - pb) * pb * eb
    c = 2 * math.sqrt(w10 / 2 * w01 / 2) * math.sqrt(v) * lam * q
    rho[0b01, 0b10] = rho[0b10, 0b01] = c
    return total, rho / total, false / total


CASES = [
    # p_A, p_B, eta_A, eta_B, p_dc, V, lam
    (0.01, 0.01, 0.05, 0.05, 0.0, 1.0, 1.0),
    (0.05, 0.05, 0.3, 0.3, 0.01, 0.9, 0.95),
    (0.02, 0.08, 0.3, 0.05, 1e-3, 0.9, 0.9),
    (0.3, 0.01, 0.9, 1e-3, 0.02, 0.7, 0.6),
    (0.5, 0.2, 0.0, 0.4, 1e-3, 1.0, 1.0),
]


@pytest.mark.parametrize(("pa", "pb", "ea", "eb", "d", "v", "lam"), CASES)
def test_closed_form_equals_enumeration(
    pa: float, pb: float, ea: float, eb: float, d: float, v: float, lam: float
) -> None:
    p, rho, false = brute_force(pa, pb, ea, eb, d, v, lam)
    h = dlcz(pa, ea, d, v, lam, excitation_probability_b=pb, eta_b=eb)
    assert h.success_probability == pytest.approx(p, rel=1e-10)
    x_b = np.kron(np.eye(2), X)
    assert np.allclose(x_b @ h.state.density_matrix() @ x_b, rho, rtol=0.0, atol=1e-10)
    assert h.false_herald_fraction == pytest.approx(false, rel=1e-10, abs=1e-300)


def test_swapping_the_ensembles_changes_nothing() -> None:
    h = dlcz(0.02, 0.3, 1e-3, 0.9, 0.9, excitation_probability_b=0.08, eta_b=0.05)
    g = dlcz(0.08, 0.05, 1e-3, 0.9, 0.9, excitation_probability_b=0.02, eta_b=0.3)
    assert h.success_probability == pytest.approx(g.success_probability, rel=1e-14)
    assert h.fidelity == pytest.approx(g.fidelity, rel=1e-14)


def test_equal_ensembles_by_default() -> None:
    h = dlcz(0.03, 0.2, 1e-3, 0.9, 0.9)
    g = dlcz(0.03, 0.2, 1e-3, 0.9, 0.9, excitation_probability_b=0.03, eta_b=0.2)
    assert h.success_probability == g.success_probability
    assert np.array_equal(h.state.density_matrix(), g.state.density_matrix())


def test_dlcz_errors() -> None:
    with pytest.raises(InvalidParameterError, match="excitation_probability_b = 0.6"):
        dlcz(0.1, 0.1, excitation_probability_b=0.6)
    with pytest.raises(InvalidParameterError, match="eta_b = -0.5"):
        dlcz(0.1, 0.1, eta_b=-0.5)
    with pytest.raises(InvalidParameterError, match="no herald is possible"):
        dlcz(0.1, 0.0)
