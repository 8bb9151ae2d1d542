"""An independent, brute-force Fock-space model of single-photon interference heralding.

Used only to check the closed forms of :mod:`qnetsim.link.single_click`. Nothing here is
shared with the package: each node is a spin (1 = bright) whose bright state emits one photon;
loss is the amplitude-damping Kraus pair on the photon mode (the lost photon goes to an
environment that records it, so loss branches add incoherently); node B's photon overlaps
node A's spectral-temporal mode with amplitude sqrt(V) (HOM visibility V = |overlap|^2);
a Gaussian optical phase on arm A is averaged by Gauss-Hermite quadrature; a 50:50 beam
splitter maps a -> (c + d)/sqrt2, b -> (c - d)/sqrt2 per mode; threshold detectors c and d
click when any photon arrives or, independently, with dark-count probability p_dc.
"""

from __future__ import annotations

import itertools
import math
from collections import defaultdict

import numpy as np

SQ2 = math.sqrt(2)


def _expand(ops: list[list[tuple[int, float]]]) -> dict[tuple[int, ...], complex]:
    """Expand a product of creation-operator superpositions on vacuum into Fock amplitudes.

    Each factor is a list of (output mode, coefficient); output modes 0..3 = (c1, d1, c2, d2).
    """
    out: dict[tuple[int, ...], complex] = defaultdict(complex)
    for choice in itertools.product(*ops):
        occ = [0, 0, 0, 0]
        coeff: complex = 1.0
        for mode, c in choice:
            occ[mode] += 1
            coeff *= c
        # a_dag^n |0> = sqrt(n!) |n>
        norm = math.prod(math.sqrt(math.factorial(n)) for n in occ)
        out[tuple(occ)] += coeff * norm
    return out


def heralded_spin_state(
    alpha: float, eta: float, p_dc: float, visibility: float, sigma_rad: float, detector: int
) -> np.ndarray:
    """Unnormalised spin density matrix (basis |s_A s_B>, 1 = bright) given that only
    ``detector`` (0 = c, 1 = d) clicked. Its trace is the probability of that herald."""
    q = 1.0 - p_dc
    ov = math.sqrt(visibility)
    perp = math.sqrt(max(0.0, 1.0 - visibility))
    # creation operators after the beam splitter, per source mode
    a_mode1 = [(0, 1 / SQ2), (1, 1 / SQ2)]
    b_mode1 = [(0, ov / SQ2), (1, -ov / SQ2)]
    b_mode2 = [(2, perp / SQ2), (3, -perp / SQ2)]
    b_photon = b_mode1 + b_mode2
    nodes, weights = np.polynomial.hermite_e.hermegauss(40)
    weights = weights / weights.sum()
    rho = np.zeros((4, 4), dtype=complex)
    amp_spin = {0: math.sqrt(1 - alpha), 1: math.sqrt(alpha)}
    for x, wq in zip(nodes, weights, strict=True):
        phase = np.exp(1j * sigma_rad * x)
        for lost_a, lost_b in itertools.product((0, 1), repeat=2):
            # amplitude[(pattern)] -> spin vector
            vecs: dict[tuple[int, ...], np.ndarray] = defaultdict(lambda: np.zeros(4, complex))
            for s_a, s_b in itertools.product((0, 1), repeat=2):
                if (lost_a and not s_a) or (lost_b and not s_b):
                    continue
                amp = amp_spin[s_a] * amp_spin[s_b]
                factors = []
                if s_a:
                    if lost_a:
                        amp *= math.sqrt(1 - eta)
                    else:
                        amp *= math.sqrt(eta) * phase
                        factors.append(a_mode1)
                if s_b:
                    if lost_b:
                        amp *= math.sqrt(1 - eta)
                    else:
                        amp *= math.sqrt(eta)
                        factors.append(b_photon)
                for occ, c in _expand(factors).items():
                    vecs[occ][2 * s_a + s_b] += amp * c
            for occ, v in vecs.items():
                n_c, n_d = occ[0] + occ[2], occ[1] + occ[3]
                mine, other = (n_c, n_d) if detector == 0 else (n_d, n_c)
                if other > 0:
                    continue
                weight = q if mine > 0 else p_dc * q
                rho += wq * weight * np.outer(v, v.conj())
    return rho


def herald_kraus(
    eta_a: float, eta_b: float, p_dc: float, visibility: float, phase: float, detector: int
) -> list[tuple[float, np.ndarray]]:
    """Kraus form of one emission round heralded by ``detector`` alone clicking.

    The bright spin state (1) of each node emits one photon. Returns (weight, K) pairs; the
    round maps a spin state ``rho`` to ``sum weight K rho K^dagger`` (unnormalised). K is
    diagonal in the spin basis |s_A s_B>; each pair is one (loss pattern, photon pattern).
    """
    q = 1.0 - p_dc
    ov = math.sqrt(visibility)
    perp = math.sqrt(max(0.0, 1.0 - visibility))
    a_mode1 = [(0, 1 / SQ2), (1, 1 / SQ2)]
    b_photon = [(0, ov / SQ2), (1, -ov / SQ2), (2, perp / SQ2), (3, -perp / SQ2)]
    out: list[tuple[float, np.ndarray]] = []
    for lost_a, lost_b in itertools.product((0, 1), repeat=2):
        diag: dict[tuple[int, ...], np.ndarray] = defaultdict(lambda: np.zeros(4, complex))
        for s_a, s_b in itertools.product((0, 1), repeat=2):
            if (lost_a and not s_a) or (lost_b and not s_b):
                continue
            amp: complex = 1.0
            factors = []
            if s_a:
                amp *= math.sqrt(1 - eta_a) if lost_a else math.sqrt(eta_a) * np.exp(1j * phase)
                if not lost_a:
                    factors.append(a_mode1)
            if s_b:
                amp *= math.sqrt(1 - eta_b) if lost_b else math.sqrt(eta_b)
                if not lost_b:
                    factors.append(b_photon)
            for occ, c in _expand(factors).items():
                diag[occ][2 * s_a + s_b] += amp * c
        for occ, d in diag.items():
            n_c, n_d = occ[0] + occ[2], occ[1] + occ[3]
            mine, other = (n_c, n_d) if detector == 0 else (n_d, n_c)
            if other > 0:
                continue
            out.append((q if mine > 0 else p_dc * q, np.diag(d)))
    return out


def barrett_kok_state(
    eta_a: float, eta_b: float, p_dc: float, visibility: float, phase: float = 0.7
) -> np.ndarray:
    """Unnormalised spin state heralded by Barrett-Kok, summed over detector patterns, each
    corrected to Psi+ (same detector twice: Psi+; different detectors: Psi-, Z-corrected).

    Both rounds see the same optical phase (stable within an attempt), which cancels.
    """
    plus = np.array([1, 1]) / SQ2
    psi = np.kron(plus, plus)
    rho0 = np.outer(psi, psi.conj())
    flip = np.kron(np.array([[0, 1], [1, 0]]), np.array([[0, 1], [1, 0]]))
    z_a = np.kron(np.diag([1, -1]), np.eye(2))
    total = np.zeros((4, 4), complex)
    for d1, d2 in itertools.product((0, 1), repeat=2):
        rho = np.zeros((4, 4), complex)
        for w1, k1 in herald_kraus(eta_a, eta_b, p_dc, visibility, phase, d1):
            mid = flip @ (w1 * k1 @ rho0 @ k1.conj().T) @ flip
            for w2, k2 in herald_kraus(eta_a, eta_b, p_dc, visibility, phase, d2):
                rho += w2 * k2 @ mid @ k2.conj().T
        if d1 != d2:
            rho = z_a @ rho @ z_a
        total += rho
    return total


def heralded_spin_state_asymmetric(
    alpha_a: float,
    alpha_b: float,
    eta_a: float,
    eta_b: float,
    p_dc: float,
    visibility: float,
    sigma_rad: float,
    detector: int,
    quadrature_points: int = 60,
) -> np.ndarray:
    """Unnormalised spin state (basis |s_A s_B>, 1 = bright) of one single-click round with
    unlike nodes, given that only ``detector`` clicked: each node starts in
    sqrt(1-alpha)|0> + sqrt(alpha)|1>, the round is :func:`herald_kraus` at optical phase
    ``phi`` on arm A, and ``phi ~ N(0, sigma_rad^2)`` is averaged by Gauss-Hermite quadrature.
    Its trace is the probability of that herald."""
    psi = np.kron(
        np.array([math.sqrt(1 - alpha_a), math.sqrt(alpha_a)]),
        np.array([math.sqrt(1 - alpha_b), math.sqrt(alpha_b)]),
    )
    rho0 = np.outer(psi, psi.conj())
    nodes, weights = np.polynomial.hermite_e.hermegauss(quadrature_points)
    weights = weights / weights.sum()
    rho = np.zeros((4, 4), dtype=complex)
    for x, wq in zip(nodes, weights, strict=True):
        for w, k in herald_kraus(eta_a, eta_b, p_dc, visibility, sigma_rad * x, detector):
            rho += wq * w * (k @ rho0 @ k.conj().T)
    return rho
