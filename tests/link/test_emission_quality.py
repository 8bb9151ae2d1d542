"""Emission quality in the closed forms and the photon-level attempts: double excitation and
spin-initialisation errors (Hermans et al., NJP 25, 013011 (2023), sec. 3) and ensemble
(thermal, multi-excitation) sources in the two-photon scheme (Sangouard et al., RMP 83, 33
(2011)).

Tolerances: closed forms against the brute-force models of ``tests/link/fock_model.py``
(written independently of the package) to 1e-10: both are exact expressions of the same model
(the thermal enumeration is truncated where the neglected weight is below 1e-15), so they
differ by rounding only. Attempts against closed forms: 4 standard errors of the sampled
means (seeded), standard errors computed from the samples.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from qnetsim.errors import InvalidParameterError
from qnetsim.link import attempts as at
from qnetsim.link.heralded import HeraldedState
from qnetsim.link.single_click import (
    single_click,
    single_click_fidelity,
    single_click_probability,
)
from qnetsim.link.two_photon import two_photon
from qnetsim.quantum.operators import X
from tests.link.fock_model import (
    barrett_kok_state,
    heralded_spin_state_emission,
    two_photon_ensemble,
)

X_B = np.kron(np.eye(2), X)
Z_A = np.kron(np.diag([1, -1]), np.eye(2))
PSI_PLUS = np.array([0, 1, 1, 0]) / math.sqrt(2)


def assert_agrees(block: at.AttemptBlock, closed: HeraldedState, z: float = 4.0) -> None:
    p = closed.success_probability
    rate_se = math.sqrt(p * (1 - p) / block.attempts)
    assert abs(block.heralds / block.attempts - p) < z * rate_se, (block.heralds, p)
    expected = closed.bell_diagonal().coefficients
    means = block.coefficients.mean(axis=0)
    ses = block.coefficients.std(axis=0) / math.sqrt(block.heralds) + 1e-12
    assert np.all(np.abs(means - expected) < z * ses + 1e-12), (means, expected, ses)


# --- single-click ------------------------------------------------------------------------

SINGLE_CLICK_CASES = [
    # alpha_A, alpha_B, eta_A, eta_B, p_dc, V, sigma, p2_A, p2_B, init_A, init_B
    (0.1, 0.1, 0.05, 0.05, 0.0, 1.0, 0.0, 0.05, 0.05, 0.0, 0.0),  # double excitation only
    (0.1, 0.1, 0.05, 0.05, 0.0, 1.0, 0.0, 0.0, 0.0, 0.02, 0.02),  # initialisation only
    (0.1, 0.3, 0.2, 0.05, 0.01, 0.9, 0.3, 0.1, 0.2, 0.05, 0.15),  # everything, unlike nodes
    (0.4, 0.02, 0.8, 1e-3, 0.02, 0.7, 0.6, 0.5, 0.0, 0.3, 0.3),  # strongly unlike
    (0.3, 0.6, 0.5, 0.4, 1e-3, 0.95, 0.2, 1.0, 0.3, 1.0, 0.0),  # certain errors on node A
]


@pytest.mark.parametrize(
    ("aa", "ab", "ea", "eb", "d", "v", "sigma", "p2a", "p2b", "ia", "ib"), SINGLE_CLICK_CASES
)
def test_single_click_emission_errors_equal_the_brute_force_model(
    aa: float,
    ab: float,
    ea: float,
    eb: float,
    d: float,
    v: float,
    sigma: float,
    p2a: float,
    p2b: float,
    ia: float,
    ib: float,
) -> None:
    errors = {"p2_a": p2a, "p2_b": p2b, "init_a": ia, "init_b": ib}
    d0 = heralded_spin_state_emission(aa, ab, ea, eb, d, v, sigma, 0, **errors)
    d1 = heralded_spin_state_emission(aa, ab, ea, eb, d, v, sigma, 1, **errors)
    p_fock = float(np.trace(d0 + d1).real)
    rho = (d0 + Z_A @ d1 @ Z_A) / p_fock  # D1 heralds Psi-: Z-corrected to Psi+
    fid = float(np.real(PSI_PLUS @ rho @ PSI_PLUS))
    kwargs = {
        "alpha_b": ab,
        "eta_b": eb,
        "double_excitation_a": p2a,
        "double_excitation_b": p2b,
        "initialisation_error_a": ia,
        "initialisation_error_b": ib,
    }
    lam = math.exp(-(sigma**2) / 2)
    h = single_click(aa, ea, d, v, lam, **kwargs)  # type: ignore[arg-type]
    assert h.success_probability == pytest.approx(p_fock, rel=1e-10)
    ours = X_B @ h.state.density_matrix() @ X_B  # back from the Phi+ frame
    assert np.allclose(ours, rho, rtol=0.0, atol=1e-10)
    assert h.fidelity == pytest.approx(fid, rel=1e-10)
    vec_p = single_click_probability(aa, ea, d, v, **kwargs)  # type: ignore[arg-type]
    vec_f = single_click_fidelity(aa, ea, d, v, lam, **kwargs)  # type: ignore[arg-type]
    assert vec_p == pytest.approx(p_fock, rel=1e-10)
    assert vec_f == pytest.approx(fid, rel=1e-10)


def test_double_excitation_scales_the_coherence_only() -> None:
    base = single_click(0.1, 0.3, 1e-3, 0.9, 0.95, eta_b=0.1, alpha_b=0.2)
    hit = single_click(
        0.1, 0.3, 1e-3, 0.9, 0.95, eta_b=0.1, alpha_b=0.2,
        double_excitation_a=0.1, double_excitation_b=0.3,
    )  # fmt: skip
    assert hit.success_probability == base.success_probability
    assert hit.false_herald_fraction == base.false_herald_fraction
    r0, r1 = base.state.density_matrix(), hit.state.density_matrix()
    # Phi+ frame: the coherence |01><10| of the excitation basis sits at [0b00, 0b11].
    assert r1[0, 3].real == pytest.approx(r0[0, 3].real * math.sqrt(0.9 * 0.7), rel=1e-14)
    assert np.allclose(np.diag(r1), np.diag(r0), rtol=0.0, atol=1e-15)


def test_initialisation_error_limits() -> None:
    # Both spins certainly start flipped: alpha -> 1 - alpha on both, Z x Z changes nothing.
    flipped = single_click(0.2, 0.3, 1e-3, 0.9, 0.9, initialisation_error_a=1.0)
    mirror = single_click(0.8, 0.3, 1e-3, 0.9, 0.9)
    assert flipped.success_probability == pytest.approx(mirror.success_probability, rel=1e-14)
    assert np.allclose(flipped.state.density_matrix(), mirror.state.density_matrix(), atol=1e-15)
    # Only node B flipped: (alpha_A, 1 - alpha_B) with the coherence's sign reversed (a Z).
    one = single_click(0.2, 0.3, 1e-3, 0.9, 0.9, initialisation_error_a=0.0,
                       initialisation_error_b=1.0)  # fmt: skip
    ref = single_click(0.2, 0.3, 1e-3, 0.9, 0.9, alpha_b=0.8).state.density_matrix()
    sign = np.diag([1.0, 1.0, 1.0, -1.0])  # flips the [0, 3] coherence of the Phi+ frame
    assert np.allclose(one.state.density_matrix(), sign @ ref @ sign, atol=1e-15)


def test_single_click_emission_defaults_change_nothing() -> None:
    plain = single_click(0.1, 0.2, 1e-3, 0.9, 0.95, alpha_b=0.2, eta_b=0.05)
    zeros = single_click(
        0.1, 0.2, 1e-3, 0.9, 0.95, alpha_b=0.2, eta_b=0.05,
        double_excitation_a=0.0, double_excitation_b=0.0,
        initialisation_error_a=0.0, initialisation_error_b=0.0,
    )  # fmt: skip
    assert plain.success_probability == zeros.success_probability
    assert np.array_equal(plain.state.density_matrix(), zeros.state.density_matrix())


def test_vectorised_emission_errors_broadcast() -> None:
    p2 = np.array([0.0, 0.1, 0.3])
    f = single_click_fidelity(0.1, 0.05, double_excitation_a=p2)
    expected = [single_click(0.1, 0.05, double_excitation_a=x).fidelity for x in p2]
    assert np.allclose(f, expected, rtol=1e-14, atol=0.0)
    assert np.all(np.diff(f) < 0)
    p = single_click_probability(0.1, 0.05, initialisation_error_a=[0.0, 0.5])
    assert p[1] > p[0]  # a flipped node is bright with 1 - alpha = 0.9


def test_single_click_emission_errors_are_validated() -> None:
    with pytest.raises(InvalidParameterError, match=r"double_excitation_a = 1.5 .*\[0, 1\]"):
        single_click(0.1, 0.1, double_excitation_a=1.5)
    with pytest.raises(InvalidParameterError, match=r"initialisation_error_b = -0.1"):
        single_click(0.1, 0.1, initialisation_error_b=-0.1)
    with pytest.raises(InvalidParameterError, match=r"double_excitation_b \(entry\) = 2.0"):
        single_click_fidelity(0.1, 0.1, double_excitation_b=[0.1, 2.0])
    with pytest.raises(InvalidParameterError, match=r"initialisation_error_a = nan"):
        single_click_probability(0.1, 0.1, initialisation_error_a=[float("nan")])
    with pytest.raises(InvalidParameterError, match="double_excitation_a"):
        at.simulate_single_click(10, 0.1, 0.1, np.random.default_rng(), double_excitation_a=-1)


@pytest.mark.parametrize(
    ("kwargs", "seed"),
    [
        ({"double_excitation_a": 0.2, "double_excitation_b": 0.4}, 31),
        ({"initialisation_error_a": 0.1, "initialisation_error_b": 0.3}, 32),
        (
            {
                "alpha_b": 0.3,
                "eta_b": 0.1,
                "double_excitation_a": 0.3,
                "double_excitation_b": 0.1,
                "initialisation_error_a": 0.2,
                "initialisation_error_b": 0.05,
            },
            33,
        ),
    ],
)
def test_single_click_attempts_with_emission_errors_match_closed_form(
    kwargs: dict[str, float], seed: int
) -> None:
    sigma = 0.3
    block = at.simulate_single_click(
        300_000, 0.1, 0.4, np.random.default_rng(seed), p_dc=0.01, visibility=0.9,
        phase_sigma_rad=sigma, **kwargs,  # type: ignore[arg-type]
    )  # fmt: skip
    closed = single_click(0.1, 0.4, 0.01, 0.9, math.exp(-(sigma**2) / 2), **kwargs)  # type: ignore[arg-type]
    assert_agrees(block, closed)
    if "double_excitation_a" in kwargs:
        assert np.any(block.event_class == at.ONE_SIDED)  # early photons were sampled


def test_single_click_attempts_have_the_power_to_see_the_errors() -> None:
    kwargs = {"double_excitation_a": 0.3, "initialisation_error_a": 0.1}
    block = at.simulate_single_click(
        300_000,
        0.1,
        0.4,
        np.random.default_rng(34),
        visibility=0.9,
        **kwargs,  # type: ignore[arg-type]
    )
    assert_agrees(block, single_click(0.1, 0.4, 0.0, 0.9, **kwargs))  # type: ignore[arg-type]
    with pytest.raises(AssertionError):
        assert_agrees(block, single_click(0.1, 0.4, 0.0, 0.9))


# --- two-photon ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ea", "eb", "d", "v", "p2a", "p2b"),
    [
        (0.3, 0.3, 0.0, 1.0, 0.1, 0.1),
        (0.2, 0.5, 0.01, 0.8, 0.05, 0.3),
        (0.6, 0.4, 0.05, 0.7, 1.0, 0),
    ],
)
def test_two_photon_double_excitation_equals_brute_force(
    ea: float, eb: float, d: float, v: float, p2a: float, p2b: float
) -> None:
    rho = barrett_kok_state(ea, eb, d, v, p2_a=p2a, p2_b=p2b)
    p = float(np.trace(rho).real)
    h = two_photon(ea, eb, d, v, double_excitation_a=p2a, double_excitation_b=p2b)
    assert h.success_probability == pytest.approx(p, rel=1e-10)
    assert np.allclose(X_B @ h.state.density_matrix() @ X_B, rho / p, rtol=0.0, atol=1e-10)
    if d == 0.0:
        f = (1 - p2a) * (1 - p2b)
        assert h.fidelity == pytest.approx((1 + v * f) / 2, rel=1e-14)


ENSEMBLE_CASES = [
    # eta_A, eta_B, p_dc, V, p_A, p_B
    (0.3, 0.4, 0.02, 0.9, 0.1, 0.2),  # two ensembles, unlike
    (0.3, 0.4, 0.02, 0.9, None, 0.2),  # a single emitter and an ensemble
    (0.5, 0.2, 0.0, 0.7, 0.3, 0.05),  # no dark counts, large p on A
    (0.05, 0.05, 1e-3, 0.95, 0.02, 0.02),  # weak excitation, low efficiency
]


@pytest.mark.parametrize(("ea", "eb", "d", "v", "pa", "pb"), ENSEMBLE_CASES)
def test_two_photon_ensembles_equal_the_truncated_enumeration(
    ea: float, eb: float, d: float, v: float, pa: float | None, pb: float | None
) -> None:
    largest = max(p for p in (pa, pb) if p is not None)
    n_max = math.ceil(math.log(1e-15) / math.log(largest))  # neglected weight < 1e-15
    total, good, rho = two_photon_ensemble(ea, eb, d, v, pa, pb, n_max)
    # The two brute-force models agree on the one-excitation-per-node heralds.
    wa = 0.5 if pa is None else pa * (1 - pa) ** 2
    wb = 0.5 if pb is None else pb * (1 - pb) ** 2
    bk = float(np.trace(barrett_kok_state(ea, eb, d, v)).real)
    assert good == pytest.approx(4 * wa * wb * bk, rel=1e-12)
    h = two_photon(ea, eb, d, v, excitation_probability_a=pa, excitation_probability_b=pb)
    assert h.success_probability == pytest.approx(total, rel=1e-10)
    assert np.allclose(X_B @ h.state.density_matrix() @ X_B, rho / total, rtol=0.0, atol=1e-10)


def test_two_photon_ensemble_small_p_limit() -> None:
    # To leading order in p: one photon in each round from either node, p -> p^2 (eA + eB)^2;
    # the two-node (true) part 2 p^2 eA eB has F = (1+V)/2, the rest is maximally mixed.
    ea, eb, v, p = 0.2, 0.05, 0.9, 1e-5
    h = two_photon(ea, eb, visibility=v, excitation_probability_a=p, excitation_probability_b=p)
    assert h.success_probability == pytest.approx(p**2 * (ea + eb) ** 2, rel=1e-4)
    true = 2 * ea * eb / (ea + eb) ** 2
    assert h.fidelity == pytest.approx(true * (1 + v) / 2 + (1 - true) / 4, rel=1e-4)
    fids = [
        two_photon(0.2, excitation_probability_a=x, excitation_probability_b=x).fidelity
        for x in (0.01, 0.05, 0.1, 0.3)
    ]
    assert np.all(np.diff(fids) < 0)  # multi-excitations grow with p


def test_two_photon_thermal_no_click_probability() -> None:
    # Generating function check: with the other node dark (eta_B = 0), no dark counts, a round
    # heralds iff node A's detected photons all leave one port: sum (1-x) x^j 2^(1-j), j >= 1.
    p, eta = 0.3, 0.4
    x = eta * p / (1 - p + eta * p)
    assert 1 - x == pytest.approx((1 - p) / (1 - p * (1 - eta)), rel=1e-15)
    per_round = sum((1 - x) * x**j * 2.0 ** (1 - j) for j in range(1, 200))
    h = two_photon(eta, 0.0, excitation_probability_a=p, excitation_probability_b=0.5)
    assert h.success_probability == pytest.approx(per_round**2, rel=1e-12)
    assert h.fidelity == pytest.approx(0.25, rel=1e-12)  # one node only: no entanglement


def test_two_photon_emission_defaults_change_nothing() -> None:
    plain = two_photon(0.3, 0.4, 0.02, 0.9)
    zeros = two_photon(0.3, 0.4, 0.02, 0.9, double_excitation_a=0.0, double_excitation_b=0.0)
    assert plain.success_probability == zeros.success_probability
    assert np.array_equal(plain.bell_diagonal().coefficients, zeros.bell_diagonal().coefficients)


def test_two_photon_emission_errors_are_validated() -> None:
    with pytest.raises(InvalidParameterError, match=r"excitation_probability_a = 1.0 .*\(0, 1\)"):
        two_photon(0.1, excitation_probability_a=1.0)
    with pytest.raises(InvalidParameterError, match=r"double_excitation_b = 0.1 .*ensemble"):
        two_photon(0.1, double_excitation_b=0.1, excitation_probability_b=0.1)
    with pytest.raises(InvalidParameterError, match=r"double_excitation_a = -0.5"):
        two_photon(0.1, double_excitation_a=-0.5)
    with pytest.raises(InvalidParameterError, match="no herald is possible"):
        two_photon(0.0, excitation_probability_a=0.1)
    rng = np.random.default_rng()
    with pytest.raises(InvalidParameterError, match="excitation_probability_b = 0.0"):
        at.simulate_two_photon(10, 0.1, 0.1, rng, excitation_probability_b=0.0)
    with pytest.raises(InvalidParameterError, match=r"double_excitation_a = 0.2 .*ensemble"):
        at.simulate_two_photon(
            10, 0.1, 0.1, rng, double_excitation_a=0.2, excitation_probability_a=0.1
        )


@pytest.mark.parametrize(
    ("kwargs", "seed"),
    [
        ({"double_excitation_a": 0.2, "double_excitation_b": 0.4}, 41),
        ({"excitation_probability_a": 0.2, "excitation_probability_b": 0.3}, 42),
        ({"excitation_probability_b": 0.4, "double_excitation_a": 0.1}, 43),
    ],
)
def test_two_photon_attempts_with_emission_quality_match_closed_form(
    kwargs: dict[str, float], seed: int
) -> None:
    block = at.simulate_two_photon(
        300_000,
        0.5,
        0.4,
        np.random.default_rng(seed),
        0.02,
        0.9,
        **kwargs,  # type: ignore[arg-type]
    )
    assert_agrees(block, two_photon(0.5, 0.4, 0.02, 0.9, **kwargs))  # type: ignore[arg-type]


def test_two_photon_attempts_have_the_power_to_see_multi_excitations() -> None:
    kwargs = {"excitation_probability_a": 0.3, "excitation_probability_b": 0.3}
    block = at.simulate_two_photon(300_000, 0.5, 0.5, np.random.default_rng(44), **kwargs)  # type: ignore[arg-type]
    closed = two_photon(0.5, 0.5, **kwargs)  # type: ignore[arg-type]
    assert_agrees(block, closed)
    # The former approximation (arm efficiency x p, single emitters) is rejected.
    with pytest.raises(AssertionError):
        assert_agrees(block, two_photon(0.5 * 0.3, 0.5 * 0.3))
