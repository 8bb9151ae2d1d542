"""Photon-level simulation of heralding attempts: every emission, loss, beam-splitter
routing, dark count and click is sampled (the ``attempt`` mode).

This is the independent check of the closed forms and the mode for protocols that need
individual attempts. Attempts are simulated in vectorised blocks (NumPy), one row per
attempt, so "attempt by attempt" stays fast. Each herald yields the state of that particular
event, in the ``Phi+`` frame, as Bell-diagonal coefficients (the Bell-basis diagonal of the
conditional state; every Bell-state fidelity is exact) together with the event class:

* ``COHERENT``: the photon(s) that heralded came from the memories and interfered; its
  coherence carries the sampled optical phase (single-click) and the photon overlap;
* ``ONE_SIDED``: the which-path information is in a lost photon (a product state, F = 1/2);
* ``DOUBLE``: both (or neither) memories excited: ``|11>``/``|00>`` (F = 0);
* ``NOISE``: a dark count or noise photon heralded.

Averaged over heralds, the rate and the state equal the closed forms of
:mod:`~qnetsim.link.single_click`, :mod:`~qnetsim.link.two_photon`,
:mod:`~qnetsim.link.dlcz` and :mod:`~qnetsim.link.reflection` (tested).

Examples:
    >>> import numpy as np
    >>> sim = simulate_single_click(200_000, alpha=0.2, eta=0.3, rng=np.random.default_rng(1))
    >>> sim.heralds > 0
    True
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from qnetsim._validate import check_in_range, check_int, check_probability

__all__ = [
    "COHERENT",
    "DOUBLE",
    "NOISE",
    "ONE_SIDED",
    "AttemptBlock",
    "simulate_dlcz",
    "simulate_reflection",
    "simulate_single_click",
    "simulate_two_photon",
]

COHERENT, ONE_SIDED, DOUBLE, NOISE = 0, 1, 2, 3


@dataclass(frozen=True)
class AttemptBlock:
    """The heralds of a block of attempts.

    Attributes:
        attempts: number of attempts simulated.
        herald_index: attempt index (0-based, in order) of each herald.
        coefficients: ``(heralds, 4)`` Bell-diagonal coefficients of each heralded state.
        event_class: ``(heralds,)`` class codes (COHERENT, ONE_SIDED, DOUBLE, NOISE).
    """

    attempts: int
    herald_index: NDArray[np.int64]
    coefficients: NDArray[np.float64]
    event_class: NDArray[np.int8]

    @property
    def heralds(self) -> int:
        return int(self.herald_index.size)

    @property
    def fidelities(self) -> NDArray[np.float64]:
        """Fidelity to ``Phi+`` of each heralded state."""
        return self.coefficients[:, 0]


def _block(
    n: int,
    herald: NDArray[np.bool_],
    coeffs: NDArray[np.float64],
    cls: NDArray[np.int8],
) -> AttemptBlock:
    idx = np.flatnonzero(herald)
    return AttemptBlock(n, idx.astype(np.int64), coeffs[idx], cls[idx])


_PRODUCT = np.array([0.5, 0.0, 0.5, 0.0])  # |00> or |11> in the Phi+ frame: (Phi+ + Phi-)/2
_SWAPPED = np.array([0.0, 0.5, 0.0, 0.5])  # |01> or |10> in the Phi+ frame: (Psi+ + Psi-)/2


def _route_and_click(
    photons_a: NDArray[np.bool_],
    photons_b: NDArray[np.bool_],
    visibility: float,
    p_dc: float,
    rng: np.random.Generator,
) -> tuple[NDArray[np.bool_], NDArray[np.bool_]]:
    """Beam splitter + two threshold detectors: returns (click D0, click D1)."""
    n = photons_a.size
    side_a = rng.random(n) < 0.5
    side_b = rng.random(n) < 0.5
    both = photons_a & photons_b
    # Two photons: bunch (same output) with probability (1 + V)/2 (HOM).
    bunch = rng.random(n) < (1 + visibility) / 2
    side_b = np.where(both, np.where(bunch, side_a, ~side_a), side_b)
    at0 = (photons_a & ~side_a) | (photons_b & ~side_b)
    at1 = (photons_a & side_a) | (photons_b & side_b)
    click0 = at0 | (rng.random(n) < p_dc)
    click1 = at1 | (rng.random(n) < p_dc)
    return click0, click1


def _coherent_coefficients(
    n: int,
    visibility: float,
    sigma_rad: float,
    rng: np.random.Generator,
    balance: float = 1.0,
) -> NDArray[np.float64]:
    """Bell-diagonal coefficients of ``n`` single-excitation heralds that interfered: the
    coherence ``balance sqrt(V) cos(phi)`` with the optical phase ``phi`` sampled per attempt
    (Gaussian of std ``sigma_rad``; uniform when ``sigma_rad`` is infinite, i.e. no phase
    coherence), in the ``Phi+`` frame.

    ``balance = 2 sqrt(x y) / (x + y)`` for unlike nodes, where ``x`` and ``y`` are the
    probabilities of the two interfering branches (A's photon alone, B's photon alone): the
    branches are coherent with each other, so every such herald carries their superposition
    (1 for equal branches)."""
    if math.isinf(sigma_rad):
        phase = rng.uniform(0.0, 2 * math.pi, n)
    elif sigma_rad > 0:
        phase = rng.normal(0.0, sigma_rad, n)
    else:
        phase = np.zeros(n)
    c = balance * math.sqrt(visibility) * np.cos(phase)
    zeros = np.zeros(n)
    return np.stack([(1 + c) / 2, zeros, (1 - c) / 2, zeros], axis=-1)


def _balance(x: float, y: float) -> float:
    """``2 sqrt(x y) / (x + y)`` (1 when both are zero: no such heralds)."""
    return 2 * math.sqrt(x * y) / (x + y) if x + y > 0 else 1.0


def simulate_single_click(
    n_attempts: int,
    alpha: float,
    eta: float,
    rng: np.random.Generator,
    p_dc: float = 0.0,
    visibility: float = 1.0,
    phase_sigma_rad: float = 0.0,
    *,
    alpha_b: float | None = None,
    eta_b: float | None = None,
) -> AttemptBlock:
    """Simulate ``n_attempts`` single-click attempts photon by photon.

    ``alpha`` and ``eta`` are node A's (and node B's unless ``alpha_b``/``eta_b`` are given),
    as in :func:`~qnetsim.link.single_click.single_click`.
    """
    n = check_int("n_attempts", n_attempts, 1)
    a = check_in_range("alpha", alpha, 0.0, 1.0, low_open=True, high_open=True)
    ab = (
        a
        if alpha_b is None
        else check_in_range("alpha_b", alpha_b, 0.0, 1.0, low_open=True, high_open=True)
    )
    e, d, v = (
        check_probability("eta", eta),
        check_probability("p_dc", p_dc),
        check_probability("visibility", visibility),
    )
    eb = e if eta_b is None else check_probability("eta_b", eta_b)
    sigma = check_in_range("phase_sigma_rad", phase_sigma_rad, 0.0)
    bright_a, bright_b = rng.random(n) < a, rng.random(n) < ab
    ph_a = bright_a & (rng.random(n) < e)
    ph_b = bright_b & (rng.random(n) < eb)
    c0, c1 = _route_and_click(ph_a, ph_b, v, d, rng)
    herald = c0 ^ c1
    one_bright = bright_a ^ bright_b
    detected_one = one_bright & (ph_a | ph_b)
    # The heralding photon's overlap with the other mode: sqrt(V) coherence (mixedness
    # averaged per event); the optical phase is sampled per attempt.
    balance = _balance(a * (1 - ab) * e, (1 - a) * ab * eb)
    coherent = _coherent_coefficients(n, v, sigma, rng, balance)
    coeffs = np.empty((n, 4))
    coeffs[:] = _SWAPPED  # none or both bright: |00>/|11> -> Psi-type in the Phi+ frame
    coeffs = np.where(detected_one[:, None], coherent, coeffs)
    coeffs = np.where((one_bright & ~detected_one)[:, None], _PRODUCT, coeffs)
    cls = np.full(n, DOUBLE, dtype=np.int8)
    cls[one_bright & ~detected_one] = NOISE
    cls[detected_one] = COHERENT
    cls[~bright_a & ~bright_b] = NOISE
    return _block(n, herald, coeffs, cls)


def simulate_two_photon(
    n_attempts: int,
    eta_a: float,
    eta_b: float,
    rng: np.random.Generator,
    p_dc: float = 0.0,
    visibility: float = 1.0,
) -> AttemptBlock:
    """Simulate ``n_attempts`` Barrett-Kok attempts (two rounds with a spin flip)."""
    n = check_int("n_attempts", n_attempts, 1)
    ea, eb = check_probability("eta_a", eta_a), check_probability("eta_b", eta_b)
    d, v = check_probability("p_dc", p_dc), check_probability("visibility", visibility)
    # Spins start in |+>|+>: the bright pattern of round 1 is uniform over the four.
    bright_a, bright_b = rng.random(n) < 0.5, rng.random(n) < 0.5
    clicks = []
    detected = []
    for round_ in (0, 1):
        ba = bright_a if round_ == 0 else ~bright_a
        bb = bright_b if round_ == 0 else ~bright_b
        pa = ba & (rng.random(n) < ea)
        pb = bb & (rng.random(n) < eb)
        c0, c1 = _route_and_click(pa, pb, v, d, rng)
        clicks.append(c0 ^ c1)
        detected.append(pa | pb)
    herald = clicks[0] & clicks[1]
    one_each = bright_a ^ bright_b
    coherent = one_each & detected[0] & detected[1]
    coeffs = np.empty((n, 4))
    coeffs[:] = _PRODUCT  # one each, a photon lost: |01>/|10> -> Phi-type in the Phi+ frame
    coeffs[coherent] = [(1 + v) / 2, 0.0, (1 - v) / 2, 0.0]
    coeffs[~one_each] = _SWAPPED  # both photons in one round: |00>/|11>
    cls = np.full(n, NOISE, dtype=np.int8)
    cls[coherent] = COHERENT
    cls[~one_each] = DOUBLE
    return _block(n, herald, coeffs, cls)


def simulate_dlcz(
    n_attempts: int,
    excitation_probability: float,
    eta: float,
    rng: np.random.Generator,
    p_dc: float = 0.0,
    visibility: float = 1.0,
    phase_sigma_rad: float = 0.0,
    *,
    excitation_probability_b: float | None = None,
    eta_b: float | None = None,
) -> AttemptBlock:
    """Simulate ``n_attempts`` DLCZ writes: thermal Stokes photon numbers, loss, routing.

    ``excitation_probability`` and ``eta`` are ensemble A's (and B's unless the ``_b``
    arguments are given), as in :func:`~qnetsim.link.dlcz.dlcz`.
    """
    n = check_int("n_attempts", n_attempts, 1)
    p = check_in_range("excitation_probability", excitation_probability, 0.0, 0.5, low_open=True)
    pb = (
        p
        if excitation_probability_b is None
        else check_in_range(
            "excitation_probability_b", excitation_probability_b, 0.0, 0.5, low_open=True
        )
    )
    e, d, v = (
        check_probability("eta", eta),
        check_probability("p_dc", p_dc),
        check_probability("visibility", visibility),
    )
    eb = e if eta_b is None else check_probability("eta_b", eta_b)
    sigma = check_in_range("phase_sigma_rad", phase_sigma_rad, 0.0)
    # Thermal P(n) = (1-p) p^n: numpy's geometric counts trials to first success (>= 1).
    na = rng.geometric(1 - p, n) - 1
    nb = rng.geometric(1 - pb, n) - 1
    ka = rng.binomial(na, e)
    kb = rng.binomial(nb, eb)
    # Each detected photon picks an output; a (1, 1) pair bunches with probability (1+V)/2.
    side = [rng.binomial(ka, 0.5), rng.binomial(kb, 0.5)]  # photons of A, B at detector 1
    hom = (ka == 1) & (kb == 1)
    bunch = rng.random(n) < (1 + v) / 2
    side_a1 = side[0]
    side_b1 = np.where(hom, np.where(bunch, side_a1, 1 - side_a1), side[1])
    at1 = side_a1 + side_b1
    at0 = ka + kb - at1
    c0 = (at0 > 0) | (rng.random(n) < d)
    c1 = (at1 > 0) | (rng.random(n) < d)
    herald = c0 ^ c1
    single = ((na == 1) & (nb == 0) & (ka == 1)) | ((na == 0) & (nb == 1) & (kb == 1))
    # The two single-photon branches: P_A(1) P_B(0) eta_A and P_A(0) P_B(1) eta_B.
    coherent = _coherent_coefficients(n, v, sigma, rng, _balance(p * e, pb * eb))
    coeffs = np.empty((n, 4))
    coeffs[:] = _SWAPPED  # none or both excited
    one_side = ((na > 0) ^ (nb > 0)) & ~single
    coeffs[one_side] = _PRODUCT
    coeffs[single] = coherent[single]
    cls = np.full(n, DOUBLE, dtype=np.int8)
    cls[one_side] = ONE_SIDED
    cls[single] = COHERENT
    cls[(na == 0) & (nb == 0)] = NOISE
    return _block(n, herald, coeffs, cls)


def simulate_reflection(
    n_attempts: int,
    eta_total: float,
    rng: np.random.Generator,
    gate_fidelity_a: float = 1.0,
    gate_fidelity_b: float = 1.0,
    p_dc: float = 0.0,
) -> AttemptBlock:
    """Simulate ``n_attempts`` reflection-based attempts (the photon survives, or noise)."""
    n = check_int("n_attempts", n_attempts, 1)
    eta, d = check_probability("eta_total", eta_total), check_probability("p_dc", p_dc)
    fa = check_in_range("gate_fidelity_a", gate_fidelity_a, 0.25, 1.0)
    fb = check_in_range("gate_fidelity_b", gate_fidelity_b, 0.25, 1.0)
    survived = rng.random(n) < eta
    noise = ~survived & (rng.random(n) < d)
    herald = survived | noise
    # Each gate: with probability (4F-1)/3 ideal, else its qubit is fully depolarised.
    ok = (rng.random(n) < (4 * fa - 1) / 3) & (rng.random(n) < (4 * fb - 1) / 3)
    coeffs = np.full((n, 4), 0.25)
    coeffs[survived & ok] = [1.0, 0.0, 0.0, 0.0]
    cls = np.where(survived, COHERENT, NOISE).astype(np.int8)
    return _block(n, herald, coeffs, cls)
