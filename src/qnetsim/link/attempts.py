"""Photon-level simulation of heralding attempts: every emission, loss, beam-splitter
routing, dark count and click is sampled (the ``attempt`` mode).

This is the independent check of the closed forms and the mode for protocols that need
individual attempts. Attempts are simulated in vectorised blocks (NumPy), one row per
attempt, so "attempt by attempt" stays fast. Each herald yields the state of that particular
event, in the ``Phi+`` frame, as Bell-diagonal coefficients (the Bell-basis diagonal of the
conditional state; every Bell-state fidelity is exact) together with the event class:

* ``COHERENT``: the photon(s) that heralded came from the memories and interfered; its
  coherence carries the sampled optical phase (single-click) and the photon overlap;
* ``ONE_SIDED``: the which-path information is in a lost photon or an early
  (double-excitation) photon (a product state, F = 1/2);
* ``DOUBLE``: both (or neither) memories excited: ``|11>``/``|00>`` (F = 0), or a
  multi-excitation herald of ensemble sources (maximally mixed);
* ``NOISE``: a dark count or noise photon heralded.

Emission quality (the closed forms' terms, sampled per attempt): a spin-initialisation
error makes a node bright with ``1 - alpha`` and applies its Z (coefficients ``I <-> Z``,
``X <-> Y``); a double excitation leaves an early photon that reveals which node emitted,
turning a coherent herald into a product state (``ONE_SIDED``); ensemble sources in the
two-photon scheme get thermal photon numbers per round, and heralds without exactly one
excitation at each node are maximally mixed (``DOUBLE``).

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

from qnetsim._validate import RngLike, as_rng, check_in_range, check_int, check_probability
from qnetsim.link.two_photon import checked_sources

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
    balance: float | NDArray[np.float64] = 1.0,
) -> NDArray[np.float64]:
    """Bell-diagonal coefficients of ``n`` single-excitation heralds that interfered: the
    coherence ``balance sqrt(V) cos(phi)`` with the optical phase ``phi`` sampled per attempt
    (Gaussian of std ``sigma_rad``; uniform when ``sigma_rad`` is infinite, i.e. no phase
    coherence), in the ``Phi+`` frame.

    ``balance = 2 sqrt(x y) / (x + y)`` for unlike nodes, where ``x`` and ``y`` are the
    probabilities of the two interfering branches (A's photon alone, B's photon alone): the
    branches are coherent with each other, so every such herald carries their superposition
    (1 for equal branches; a scalar, or one value per attempt)."""
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


# A Z on either qubit in the Phi+ frame: Phi+ <-> Phi-, Psi+ <-> Psi-, i.e. (I, X, Z, Y) ->
# (Z, Y, I, X). (The frame change X_B commutes with Z_B up to a sign, so node B's Z acts
# on the delivered state exactly as node A's.)
_Z_FLIP = np.array([2, 3, 0, 1])


def _flag(p: float, n: int, rng: np.random.Generator) -> NDArray[np.bool_]:
    """``n`` Bernoulli(``p``) flags; no random numbers are drawn when ``p = 0`` (so the
    defaults keep the random stream of the model without emission errors)."""
    return rng.random(n) < p if p > 0 else np.zeros(n, dtype=bool)


def _probability_or(name: str, value: float | None, default: float) -> float:
    return default if value is None else check_probability(name, value)


def simulate_single_click(
    n_attempts: int,
    alpha: float,
    eta: float,
    rng: RngLike,
    p_dc: float = 0.0,
    visibility: float = 1.0,
    phase_sigma_rad: float = 0.0,
    *,
    alpha_b: float | None = None,
    eta_b: float | None = None,
    double_excitation_a: float = 0.0,
    double_excitation_b: float | None = None,
    initialisation_error_a: float = 0.0,
    initialisation_error_b: float | None = None,
) -> AttemptBlock:
    """Simulate ``n_attempts`` single-click attempts photon by photon.

    ``alpha`` and ``eta`` are node A's (and node B's unless ``alpha_b``/``eta_b`` are given),
    as in :func:`~qnetsim.link.single_click.single_click`, and so are the emission errors:

    * initialisation error: per attempt and node, the spin starts in the orthogonal state
      with that probability; the node is then bright with probability ``1 - alpha`` and its
      Z swaps the coherent herald's coefficients ``I <-> Z`` (and ``X <-> Y``); the branch
      balance is that of the attempt's case;
    * double excitation: in a coherent herald, the bright node (the one sampled to emit)
      left an early photon with probability ``p2`` of that node; the early photon records
      which node emitted, so the herald is the product state ``|10>`` or ``|01>``
      (``ONE_SIDED``, F = 1/2); otherwise the branches keep their coherence with the
      balance of the reweighted branches ``x (1 - p2_A)`` and ``y (1 - p2_B)``. Averaged over
      heralds this is the closed form's coherence ``sqrt((1-p2_A)(1-p2_B))`` times the
      geometric mean of the branches.
    """
    rng = as_rng(rng)
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
    p2a = check_probability("double_excitation_a", double_excitation_a)
    p2b = _probability_or("double_excitation_b", double_excitation_b, p2a)
    ia = check_probability("initialisation_error_a", initialisation_error_a)
    ib = _probability_or("initialisation_error_b", initialisation_error_b, ia)
    # (Without emission errors no extra random numbers are drawn and no extra work is done.)
    init_errors, doubles = ia > 0 or ib > 0, p2a > 0 or p2b > 0
    if init_errors:
        bad_a, bad_b = _flag(ia, n, rng), _flag(ib, n, rng)
        bright_a = rng.random(n) < np.where(bad_a, 1 - a, a)
        bright_b = rng.random(n) < np.where(bad_b, 1 - ab, ab)
    else:
        bright_a, bright_b = rng.random(n) < a, rng.random(n) < ab
    ph_a = bright_a & (rng.random(n) < e)
    ph_b = bright_b & (rng.random(n) < eb)
    c0, c1 = _route_and_click(ph_a, ph_b, v, d, rng)
    herald = c0 ^ c1
    one_bright = bright_a ^ bright_b
    detected_one = one_bright & (ph_a | ph_b)
    # Double excitation: the emitting node's early photon collapses the which-path.
    if doubles:
        early = detected_one & ((bright_a & _flag(p2a, n, rng)) | (bright_b & _flag(p2b, n, rng)))
        interfered = detected_one & ~early
    else:
        interfered = detected_one

    # Branch balance per (ok/bad, ok/bad) case, after the early-photon reweighting.
    def balance(alpha_a: float, alpha_b: float) -> float:
        return _balance(
            alpha_a * (1 - alpha_b) * e * (1 - p2a), (1 - alpha_a) * alpha_b * eb * (1 - p2b)
        )

    if init_errors:
        cases = np.array([[balance(x, y) for y in (ab, 1 - ab)] for x in (a, 1 - a)])
        balances: float | NDArray[np.float64] = cases[bad_a.astype(int), bad_b.astype(int)]
    else:
        balances = balance(a, ab)
    # The heralding photon's overlap with the other mode: sqrt(V) coherence (mixedness
    # averaged per event); the optical phase is sampled per attempt.
    coherent = _coherent_coefficients(n, v, sigma, rng, balances)
    if init_errors:
        flip = bad_a ^ bad_b
        coherent[flip] = coherent[flip][:, _Z_FLIP]
    coeffs = np.empty((n, 4))
    coeffs[:] = _SWAPPED  # none or both bright: |00>/|11> -> Psi-type in the Phi+ frame
    coeffs = np.where(interfered[:, None], coherent, coeffs)
    coeffs = np.where((one_bright & ~interfered)[:, None], _PRODUCT, coeffs)
    cls = np.full(n, DOUBLE, dtype=np.int8)
    cls[one_bright & ~detected_one] = NOISE
    cls[detected_one] = COHERENT
    if doubles:
        cls[early] = ONE_SIDED
    cls[~bright_a & ~bright_b] = NOISE
    return _block(n, herald, coeffs, cls)


def _route_many(
    detected_a: NDArray[np.int64],
    detected_b: NDArray[np.int64],
    visibility: float,
    p_dc: float,
    rng: np.random.Generator,
) -> tuple[NDArray[np.bool_], NDArray[np.bool_]]:
    """Beam splitter + two threshold detectors for any photon numbers: returns (click D0,
    click D1). Each of node B's photons matches node A's mode with probability V (else it is
    distinguishable); ``j_A`` photons of A and ``k`` matched photons of B all leave by one
    given port with probability ``C(j_A + k, k) / 2^(j_A + k)`` (Fock amplitudes), the
    unmatched ones independently with 1/2 each (the model of
    :mod:`~qnetsim.link.two_photon`)."""
    n = detected_a.size
    matched = rng.binomial(detected_b, visibility)
    m = detected_a + detected_b
    from scipy import special  # lazy: only photon-level attempts need it

    one_port = special.comb(detected_a + matched, matched) / 2.0**m
    u = rng.random(n)
    photons = m > 0
    all0 = photons & (u < one_port)
    all1 = photons & (u >= one_port) & (u < 2 * one_port)
    split = photons & ~all0 & ~all1
    click0 = all0 | split | (rng.random(n) < p_dc)
    click1 = all1 | split | (rng.random(n) < p_dc)
    return click0, click1


def _mode_photons(
    p: float | None, n: int, rng: np.random.Generator
) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """Photon numbers of one node in rounds 1 and 2: a single emitter's photon in round 1
    or 2 (spin in |+>), or an ensemble's independent thermal numbers ``P(k) = (1-p) p^k``."""
    if p is None:
        first = rng.random(n) < 0.5
        return first.astype(np.int64), (~first).astype(np.int64)
    # numpy's geometric counts trials to the first success (>= 1).
    return rng.geometric(1 - p, n) - 1, rng.geometric(1 - p, n) - 1


def simulate_two_photon(
    n_attempts: int,
    eta_a: float,
    eta_b: float,
    rng: RngLike,
    p_dc: float = 0.0,
    visibility: float = 1.0,
    *,
    double_excitation_a: float = 0.0,
    double_excitation_b: float | None = None,
    excitation_probability_a: float | None = None,
    excitation_probability_b: float | None = None,
) -> AttemptBlock:
    """Simulate ``n_attempts`` Barrett-Kok attempts (two rounds with a spin flip).

    The emission-error and ensemble arguments are those of
    :func:`~qnetsim.link.two_photon.two_photon`. Double excitation: in a coherent herald
    (one photon from each node, both detected) each node left an early photon with its
    ``p2``; one such photon records the rounds, so the herald is a product state
    (``ONE_SIDED``). Ensembles: thermal photon numbers per round, binomial loss and
    :func:`_route_many`; a herald with exactly one excitation at each node is treated as
    for single emitters, any other is maximally mixed (class ``DOUBLE``).
    """
    rng = as_rng(rng)
    n = check_int("n_attempts", n_attempts, 1)
    ea, eb = check_probability("eta_a", eta_a), check_probability("eta_b", eta_b)
    d, v = check_probability("p_dc", p_dc), check_probability("visibility", visibility)
    p2a, p2b, pa, pb = checked_sources(
        double_excitation_a, double_excitation_b, excitation_probability_a, excitation_probability_b
    )
    if pa is None and pb is None:
        # Spins start in |+>|+>: the bright pattern of round 1 is uniform over the four.
        bright_a, bright_b = rng.random(n) < 0.5, rng.random(n) < 0.5
        clicks = []
        detected = []
        for round_ in (0, 1):
            ba = bright_a if round_ == 0 else ~bright_a
            bb = bright_b if round_ == 0 else ~bright_b
            pha = ba & (rng.random(n) < ea)
            phb = bb & (rng.random(n) < eb)
            c0, c1 = _route_and_click(pha, phb, v, d, rng)
            clicks.append(c0 ^ c1)
            detected.append(pha | phb)
        herald = clicks[0] & clicks[1]
        one_each = bright_a ^ bright_b
        good = np.ones(n, dtype=bool)
        coherent = one_each & detected[0] & detected[1]
    else:
        a1, a2 = _mode_photons(pa, n, rng)
        b1, b2 = _mode_photons(pb, n, rng)
        herald = np.ones(n, dtype=bool)
        detected_per_node = []
        for na, nb in ((a1, b1), (a2, b2)):
            ja, jb = rng.binomial(na, ea), rng.binomial(nb, eb)
            c0, c1 = _route_many(ja, jb, v, d, rng)
            herald &= c0 ^ c1
            detected_per_node.append((ja, jb))
        good = (a1 + a2 == 1) & (b1 + b2 == 1)
        one_each = good & (a1 != b1)
        (ja1, jb1), (ja2, jb2) = detected_per_node
        coherent = one_each & (ja1 + ja2 == 1) & (jb1 + jb2 == 1)
    # Double excitation: an early photon from either node reveals the rounds.
    early = coherent & (_flag(p2a, n, rng) | _flag(p2b, n, rng))
    coeffs = np.empty((n, 4))
    coeffs[:] = 0.25  # multi-excitation (ensembles): no two-qubit entanglement
    coeffs[good] = _PRODUCT  # one each, a photon lost: |01>/|10> -> Phi-type in Phi+ frame
    coeffs[coherent & ~early] = [(1 + v) / 2, 0.0, (1 - v) / 2, 0.0]
    coeffs[good & ~one_each] = _SWAPPED  # both photons in one round: |00>/|11>
    cls = np.full(n, NOISE, dtype=np.int8)
    cls[coherent] = COHERENT
    cls[early] = ONE_SIDED
    cls[good & ~one_each] = DOUBLE
    cls[~good] = DOUBLE
    return _block(n, herald, coeffs, cls)


def simulate_dlcz(
    n_attempts: int,
    excitation_probability: float,
    eta: float,
    rng: RngLike,
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
    rng = as_rng(rng)
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
    rng: RngLike,
    gate_fidelity_a: float = 1.0,
    gate_fidelity_b: float = 1.0,
    p_dc: float = 0.0,
) -> AttemptBlock:
    """Simulate ``n_attempts`` reflection-based attempts (the photon survives, or noise)."""
    rng = as_rng(rng)
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
