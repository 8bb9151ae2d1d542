"""BB84/BBM92 rates and Bell-diagonal QBERs against explicit density-matrix measurements."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from qnetsim.apps import (
    bbm92_key_rate,
    bell_diagonal_qber,
    binary_entropy,
    shor_preskill_rate,
    sifting_factor,
    werner_qber,
)
from qnetsim.errors import InvalidParameterError

from ._states import bell_diagonal, error_rate, werner

qbers = st.floats(min_value=0.0, max_value=0.5)


@given(st.lists(st.floats(min_value=0.0, max_value=1.0), min_size=4, max_size=4).filter(
    lambda x: sum(x) > 1e-3))
def test_bell_diagonal_qber_matches_projective_measurement(raw: list[float]) -> None:
    # physics.md Sec. 8 / Bennett et al. PRA 54, 3824 (1996): Z errors come from Psi+ and
    # Psi-, X errors from Phi- and Psi-. Independent check: Born rule on the 4x4 matrix.
    lam = np.array(raw) / sum(raw)
    q_z, q_x = bell_diagonal_qber(lam)
    rho = bell_diagonal(lam)
    assert q_z == pytest.approx(error_rate(rho, "z"), abs=1e-12)
    assert q_x == pytest.approx(error_rate(rho, "x"), abs=1e-12)


@pytest.mark.parametrize("fidelity", [0.25, 0.6, 0.9, 0.97, 1.0])
def test_werner_qber_is_two_thirds_infidelity(fidelity: float) -> None:
    # physics.md Sec. 8: Q = 2(1-F)/3, checked against the Born rule in both bases.
    rho = werner(fidelity)
    assert werner_qber(fidelity) == pytest.approx(error_rate(rho, "z"), abs=1e-12)
    assert werner_qber(fidelity) == pytest.approx(error_rate(rho, "x"), abs=1e-12)


def test_shor_preskill_closed_form_and_threshold() -> None:
    # Shor & Preskill PRL 85, 441 (2000): r = 1 - 2 h(Q) vanishes at Q = 11.00 %.
    q = 0.05
    assert shor_preskill_rate(q) == pytest.approx(1 - 2 * binary_entropy(q), rel=1e-12)
    assert shor_preskill_rate(0.1100) > 0.0
    assert shor_preskill_rate(0.1101) == 0.0
    assert shor_preskill_rate(0.0) == 1.0


@given(qbers, qbers)
def test_rate_in_unit_interval_and_monotone(q1: float, q2: float) -> None:
    lo, hi = sorted((q1, q2))
    r_lo, r_hi = shor_preskill_rate(lo), shor_preskill_rate(hi)
    assert 0.0 <= r_hi <= r_lo <= 1.0


def test_sifting_and_bbm92() -> None:
    # Lo, Chau, Ardehali J. Cryptology 18, 133 (2005): sifting p^2 + (1-p)^2.
    assert sifting_factor(0.5) == 0.5
    assert sifting_factor(0.99) == pytest.approx(0.9802)
    # A perfect pair gives one key bit per matched basis.
    assert bbm92_key_rate([1, 0, 0, 0], p_z=0.99) == pytest.approx(0.9802)
    # Werner F = 0.97 -> Q = 0.02 in both bases.
    expected = 0.5 * (1 - 1.2 * binary_entropy(0.02) - binary_entropy(0.02))
    f = 0.97
    lam = [f, (1 - f) / 3, (1 - f) / 3, (1 - f) / 3]
    assert bbm92_key_rate(lam, ec_efficiency=1.2) == pytest.approx(expected, rel=1e-10)
    batch = np.array([lam, [1, 0, 0, 0]])
    assert np.shape(bbm92_key_rate(batch)) == (2,)


@pytest.mark.parametrize(
    ("call", "name"),
    [
        (lambda: shor_preskill_rate(0.6), "qber_z"),
        (lambda: shor_preskill_rate(-0.01), "qber_z"),
        (lambda: shor_preskill_rate(0.01, 0.51), "qber_x"),
        (lambda: shor_preskill_rate(0.01, ec_efficiency=0.9), "ec_efficiency"),
        (lambda: sifting_factor(1.0), "p_z"),
        (lambda: bell_diagonal_qber([0.5, 0.5, 0.5, 0.0]), "coefficients"),
        (lambda: bell_diagonal_qber([0.5, 0.5]), "coefficients"),
        (lambda: werner_qber(0.2), "fidelity"),
    ],
)
def test_bad_input_names_the_argument(call: object, name: str) -> None:
    with pytest.raises(InvalidParameterError) as info:
        call()  # type: ignore[operator]
    assert info.value.name.startswith(name)
