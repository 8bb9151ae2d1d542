"""An independent, brute-force Fock-space model of single-photon interference heralding.

Used only to check the closed forms of :mod:`qnetsim.link.single_click`. Nothing here is
shared with the package: each node is a spin (1 = bright) whose bright state emits one photon;
loss is the amplitude-damping Kraus pair on the photon mode (the lost photon goes to an
environment that records it, so loss branches add incoherently); node B's photon overlaps
node A's spectral-temporal mode with amplitude sqrt(V) (HOM visibility V = |overlap|^2);
a Gaussian optical phase on arm A is averaged by Gauss-Hermite quadrature; a 50:50 beam
splitter maps a -> (c + d)/sqrt2, b -> (c - d)/sqrt2 per mode; threshold detectors c and d
click when any photon arrives or, independently, with dark-count probability p_dc.

Emission errors (checks of the Hermans et al. 2023 terms): a double excitation is an extra
environment mode per node and round, excited (an early photon that is never detected) with
probability p2 when that node's spin is bright, written out as an isometry and traced out;
an initialisation error prepares the spin in |1> instead of |0> before the same rotation
R = [[sqrt(1-a), -sqrt(a)], [sqrt(a), sqrt(1-a)]]. Ensemble sources (two-photon scheme) are
enumerated over thermal photon numbers per mode (truncated), binomial loss, and the
probability that all detected photons leave one beam-splitter port, computed from Fock
amplitudes with node B's photons split into a part matching node A's mode (amplitude
sqrt(V)) and an orthogonal part.
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


def early_photon_trace(rho: np.ndarray, p2_a: float, p2_b: float) -> np.ndarray:
    """Spin state after each bright node (spin 1) emitted an early photon into its own
    environment mode with probability p2, the environment being traced out: the isometry
    |s_A s_B> -> |s_A s_B> |e_A> |e_B>, |e_k> = sqrt(1-p2_k)|0> + sqrt(p2_k)|1> if s_k = 1
    else |0>, then the partial trace over (e_A, e_B)."""
    iso = np.zeros((16, 4))
    for s_a, s_b in itertools.product((0, 1), repeat=2):
        env_a = np.array([math.sqrt(1 - p2_a), math.sqrt(p2_a)]) if s_a else np.array([1.0, 0])
        env_b = np.array([math.sqrt(1 - p2_b), math.sqrt(p2_b)]) if s_b else np.array([1.0, 0])
        spin = np.zeros(4)
        spin[2 * s_a + s_b] = 1.0
        iso[:, 2 * s_a + s_b] = np.kron(spin, np.kron(env_a, env_b))
    full = iso @ rho @ iso.conj().T
    return np.einsum("iaja->ij", full.reshape(4, 4, 4, 4))


def rotated_spin(alpha: float, init_error: float) -> np.ndarray:
    """One node's spin state: |0> (or, with probability init_error, |1>) rotated by R."""
    rot = np.array(
        [[math.sqrt(1 - alpha), -math.sqrt(alpha)], [math.sqrt(alpha), math.sqrt(1 - alpha)]]
    )
    good, bad = rot[:, 0], rot[:, 1]
    return (1 - init_error) * np.outer(good, good) + init_error * np.outer(bad, bad)


def heralded_spin_state_emission(
    alpha_a: float,
    alpha_b: float,
    eta_a: float,
    eta_b: float,
    p_dc: float,
    visibility: float,
    sigma_rad: float,
    detector: int,
    *,
    p2_a: float = 0.0,
    p2_b: float = 0.0,
    init_a: float = 0.0,
    init_b: float = 0.0,
    quadrature_points: int = 60,
) -> np.ndarray:
    """As :func:`heralded_spin_state_asymmetric`, with initialisation errors (the spins start
    in :func:`rotated_spin`) and double excitation (:func:`early_photon_trace` after the
    round). Unnormalised; its trace is the probability that only ``detector`` clicked."""
    rho0 = np.kron(rotated_spin(alpha_a, init_a), rotated_spin(alpha_b, init_b)).astype(complex)
    nodes, weights = np.polynomial.hermite_e.hermegauss(quadrature_points)
    weights = weights / weights.sum()
    rho = np.zeros((4, 4), dtype=complex)
    for x, wq in zip(nodes, weights, strict=True):
        for w, k in herald_kraus(eta_a, eta_b, p_dc, visibility, sigma_rad * x, detector):
            rho += wq * w * (k @ rho0 @ k.conj().T)
    return early_photon_trace(rho, p2_a, p2_b)


def barrett_kok_state(
    eta_a: float,
    eta_b: float,
    p_dc: float,
    visibility: float,
    phase: float = 0.7,
    *,
    p2_a: float = 0.0,
    p2_b: float = 0.0,
) -> np.ndarray:
    """Unnormalised spin state heralded by Barrett-Kok, summed over detector patterns, each
    corrected to Psi+ (same detector twice: Psi+; different detectors: Psi-, Z-corrected).

    Both rounds see the same optical phase (stable within an attempt), which cancels. With
    ``p2_a``/``p2_b`` each round's bright spins leave an early photon in a fresh environment
    mode (:func:`early_photon_trace`; round 2's bright state is spin 1 again after the flip).
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
            after1 = early_photon_trace(w1 * k1 @ rho0 @ k1.conj().T, p2_a, p2_b)
            mid = flip @ after1 @ flip
            for w2, k2 in herald_kraus(eta_a, eta_b, p_dc, visibility, phase, d2):
                rho += early_photon_trace(w2 * k2 @ mid @ k2.conj().T, p2_a, p2_b)
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


def _all_in_one_port(j_a: int, j_b: int, visibility: float, port: int) -> float:
    """Probability that all j_a + j_b detected photons leave by ``port`` (0 = c, 1 = d), from
    Fock amplitudes: |j_a>_a |j_b>_b, node B's mode = sqrt(V) (A's mode) + sqrt(1-V) (an
    orthogonal mode); a -> (c + d)/sqrt2, b -> (c - d)/sqrt2 in each of the two internal
    modes; only the output terms with every photon in ``port`` are kept."""
    sign = 1.0 if port == 0 else -1.0
    a_factor = [(0, 1 / SQ2)]
    b_factor = [
        (0, sign * math.sqrt(visibility) / SQ2),
        (1, sign * math.sqrt(1 - visibility) / SQ2),
    ]
    amps: dict[tuple[int, int], float] = {(0, 0): 1.0}
    for factor in [a_factor] * j_a + [b_factor] * j_b:
        new: dict[tuple[int, int], float] = defaultdict(float)
        for occ, c in amps.items():
            for mode, f in factor:
                nxt = (occ[0] + (mode == 0), occ[1] + (mode == 1))
                new[nxt] += c * f
        amps = new
    norm = math.factorial(j_a) * math.factorial(j_b)
    return sum(
        c * c * math.factorial(n0) * math.factorial(n1) / norm for (n0, n1), c in amps.items()
    )


def _round_click_table(
    n_max: int, eta_a: float, eta_b: float, p_dc: float, visibility: float
) -> np.ndarray:
    """e[n_a, n_b]: probability of exactly one click in a round in which the nodes emitted
    n_a and n_b photons (binomial loss, routing, dark counts)."""
    q = 1 - p_dc
    exact = np.zeros((n_max + 1, n_max + 1))
    for j_a in range(n_max + 1):
        for j_b in range(n_max + 1):
            if j_a + j_b == 0:
                exact[j_a, j_b] = 2 * p_dc * q
            else:
                p_c = _all_in_one_port(j_a, j_b, visibility, 0)
                p_d = _all_in_one_port(j_a, j_b, visibility, 1)
                exact[j_a, j_b] = (p_c + p_d) * q  # the other detector must stay dark

    def loss(eta: float) -> np.ndarray:
        out = np.zeros((n_max + 1, n_max + 1))  # out[n, j] = C(n, j) eta^j (1-eta)^(n-j)
        for n in range(n_max + 1):
            for j in range(n + 1):
                out[n, j] = math.comb(n, j) * eta**j * (1 - eta) ** (n - j)
        return out

    return loss(eta_a) @ exact @ loss(eta_b).T


def _node_modes(p: float | None, n_max: int) -> np.ndarray:
    """P[n1, n2]: photon numbers of one node in rounds 1 and 2."""
    out = np.zeros((n_max + 1, n_max + 1))
    if p is None:
        out[1, 0] = out[0, 1] = 0.5  # a single emitter: its photon in round 1 or 2
        return out
    thermal = (1 - p) * p ** np.arange(n_max + 1)
    return np.outer(thermal, thermal)


def two_photon_ensemble(
    eta_a: float,
    eta_b: float,
    p_dc: float,
    visibility: float,
    p_a: float | None,
    p_b: float | None,
    n_max: int,
) -> tuple[float, float, np.ndarray]:
    """Two-photon heralding with ensemble (thermal per mode) or single-emitter nodes.

    Returns (success probability, the part of it with exactly one excitation at each node,
    unnormalised state in the Psi frame of :func:`barrett_kok_state`). The one-excitation
    configurations are the Barrett-Kok spin model weighted by ``4 w_A w_B`` (``w`` the
    probability of one configuration); every other herald is maximally mixed.
    """
    e = _round_click_table(n_max, eta_a, eta_b, p_dc, visibility)
    pa, pb = _node_modes(p_a, n_max), _node_modes(p_b, n_max)
    total = float(np.einsum("ac,bd,ab,cd->", pa, pb, e, e))
    single = [(1, 0), (0, 1)]
    good = sum(
        pa[a1, a2] * pb[b1, b2] * e[a1, b1] * e[a2, b2] for a1, a2 in single for b1, b2 in single
    )
    weight = 4 * pa[1, 0] * pb[1, 0]
    rho = weight * barrett_kok_state(eta_a, eta_b, p_dc, visibility)
    rho += (total - np.trace(rho).real) * np.eye(4) / 4
    return total, float(good), rho
