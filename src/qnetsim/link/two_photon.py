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

Double excitation (Hermans et al., NJP 25, 013011 (2023), doi:10.1088/1367-2630/acb004,
sec. 3): with probability ``p2_k`` node k's bright state is re-excited within the pulse and
emits an extra early photon that is never detected but is a time-bin record of the round in
which node k emitted. Each node emits once in each of the two coherent branches, in different
rounds, so the environment states of node k overlap by ``(1 - p2_k)`` and the coherent term's
coherence is multiplied by ``f = (1 - p2_A)(1 - p2_B)``: its weights become
``Psi+ : Psi- = (1 + V f) : (1 - V f)``; the success probability is unchanged.

Ensemble (multi-excitation) sources: with ``excitation_probability_k = p`` node k is a
DLCZ-type ensemble (Duan et al., Nature 414, 413 (2001); Sangouard et al., RMP 83, 33
(2011), sections on two-photon schemes and multi-excitation errors) whose photon number in
EACH of the two modes (rounds) is independently thermal, ``P(n) = (1-p) p^n`` (``p`` is the
excitation probability per mode), each photon detected with the node's ``eta``. Loss maps a
thermal mode to a thermal mode of detected photons with ``x = eta p / (1 - p + eta p)``
(so ``P(no click | thermal, eta) = 1 - x = (1-p)/(1-p(1-eta))``). The photons of node B
overlap node A's mode with ``|<psi_A|psi_B>|^2 = V``; ``j_A`` and ``j_B`` detected photons
all leave by the same beam-splitter port with probability
``P_same = 2^(1-m) sum_k C(j_B,k) V^k (1-V)^(j_B-k) C(j_A+k, k)`` (``m = j_A + j_B``; ``(1+V)/2``
for one photon each), and a round heralds (exactly one click) with probability
``R = q (S - 2 T0) + 2 d q T0``, ``S = sum T_A(j_A) T_B(j_B) P_same`` and ``T0`` the
probability that no photon is detected. For two thermal modes the generating function gives

    S = 2 (1-x)(1-y) / [1 - (x+y)/2 + x y (1-V)/4],

for a single-photon (Bernoulli ``b``) input against a thermal one
``S = (1-y)[2(1-b)/(1-y/2) + b/(1-y/2) + b V (y/2)/(1-y/2)^2]``, and for two Bernoulli
inputs ``S = 2(1-a)(1-b) + a(1-b) + b(1-a) + a b (1+V)/2``. The success probability sums
``R_round1 R_round2`` over the nodes' cases (a single emitter: its photon in round 1 or 2,
1/2 each; an ensemble: both rounds thermal). The herald-conditioned state is exact for the
configurations with exactly one excitation at each node (probability
``w_k = p (1-p)^2`` per configuration for an ensemble, 1/2 for a single emitter): the
single-emitter terms above with the weight ``4 w_A w_B`` in place of 1. Every other herald
(one node supplied both photons, one excitation in each mode, or a mode held more than one
excitation) carries no two-qubit entanglement; its state is modelled as maximally mixed
(1/4 each Bell state). Experiments that post-select on retrieved-photon coincidences discard
part of these heralds; that post-selection is not modelled.

Examples:
    >>> h = two_photon(eta_a=0.1, eta_b=0.1, visibility=0.9)
    >>> round(h.success_probability, 6), round(h.fidelity, 6)
    (0.005, 0.95)
    >>> # 5 % double excitation at each node: F = (1 + V (1 - p2)^2) / 2
    >>> round(two_photon(0.1, visibility=0.9, double_excitation_a=0.05).fidelity, 6)
    0.906125
    >>> # Two ensembles: at small p half the heralds come from one node alone, so
    >>> # F -> (1+V)/4 + 1/8 and p -> (p eta_A + p eta_B)^2
    >>> ens = two_photon(0.1, visibility=0.9, excitation_probability_a=1e-3,
    ...                  excitation_probability_b=1e-3)
    >>> round(ens.fidelity, 3), round(ens.success_probability / (2e-4) ** 2, 2)
    (0.598, 1.0)
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

import numpy as np
from numpy.typing import NDArray

from qnetsim import _arrays
from qnetsim._validate import check_array_in_range, check_in_range
from qnetsim.errors import InvalidParameterError
from qnetsim.link.heralded import (
    HeraldedBatch,
    HeraldedState,
    bound_arguments,
    check_herald_possible,
    mixed_bell_diagonal,
)

__all__ = ["two_photon", "two_photon_batch"]


class _Photons(NamedTuple):
    """Detected-photon number of one node in one round: Bernoulli(``param``) for a single
    emitter (``param`` = eta if it emits in that round, else 0), thermal(``param`` = x) for an
    ensemble."""

    thermal: bool
    param: float


def _same_port(a: _Photons, b: _Photons, v: float) -> tuple[float, float]:
    """``(S, T0)``: ``S = sum_jA,jB P(jA) P(jB) P_same(jA, jB)`` (``P_same(0, 0) = 2``) and
    ``T0 = P(jA = 0) P(jB = 0)``, in closed form (see the module docstring)."""
    if a.thermal and not b.thermal:
        a, b = b, a
    t0 = (1 - a.param) * (1 - b.param)
    if a.thermal:  # both thermal
        x, y = a.param, b.param
        return 2 * t0 / (1 - (x + y) / 2 + x * y * (1 - v) / 4), t0
    if b.thermal:  # a Bernoulli, b thermal
        bern, y = a.param, b.param
        h = 1 - y / 2
        s = (1 - y) * (2 * (1 - bern) / h + bern / h + bern * v * (y / 2) / h**2)
        return s, t0
    ea, eb = a.param, b.param
    return 2 * t0 + ea * (1 - eb) + eb * (1 - ea) + ea * eb * (1 + v) / 2, t0


def _cases(eta: float, p: float | None) -> list[tuple[float, _Photons, _Photons]]:
    """(weight, round-1 photons, round-2 photons) of one node."""
    if p is None:
        on, off = _Photons(False, eta), _Photons(False, 0.0)
        return [(0.5, on, off), (0.5, off, on)]
    x = eta * p / (1 - p + eta * p)
    return [(1.0, _Photons(True, x), _Photons(True, x))]


def _herald_sums(
    ea: float, eb: float, pa: float | None, pb: float | None, d: float, v: float
) -> tuple[float, float]:
    """(success probability, the part of it without any dark count) of one attempt."""
    q = 1 - d
    total = photons_only = 0.0
    for wa, a1, a2 in _cases(ea, pa):
        for wb, b1, b2 in _cases(eb, pb):
            s1, t1 = _same_port(a1, b1, v)
            s2, t2 = _same_port(a2, b2, v)
            r1, r2 = q * (s1 - 2 * t1), q * (s2 - 2 * t2)
            total += wa * wb * (r1 + 2 * d * q * t1) * (r2 + 2 * d * q * t2)
            photons_only += wa * wb * r1 * r2
    return total, photons_only


def checked_sources(
    double_excitation_a: Any,
    double_excitation_b: Any,
    excitation_probability_a: Any,
    excitation_probability_b: Any,
    *,
    check: Callable[..., Any] = check_in_range,
) -> tuple[Any, Any, Any, Any]:
    """Validated ``(p2_A, p2_B, p_A, p_B)`` (by ``check``: :func:`check_in_range` for
    numbers, :func:`check_array_in_range` for arrays of draws). ``p2_B`` defaults to
    ``p2_A`` when node B is a single emitter and to 0 when it is an ensemble; an ensemble
    node's ``p2`` must be 0."""
    p2a = check("double_excitation_a", double_excitation_a, 0.0, 1.0)
    if double_excitation_b is not None:
        p2b = check("double_excitation_b", double_excitation_b, 0.0, 1.0)
    else:
        p2b = p2a if excitation_probability_b is None else 0.0
    out: list[Any] = []
    for label, p, p2 in (
        ("a", excitation_probability_a, p2a),
        ("b", excitation_probability_b, p2b),
    ):
        if p is not None:
            name = f"excitation_probability_{label}"
            p = check(name, p, 0.0, 1.0, low_open=True, high_open=True)
            if np.any(np.asarray(p2) > 0):
                raise InvalidParameterError(
                    f"double_excitation_{label}",
                    float(np.max(p2)),
                    f"0 for an ensemble source ({name} given)",
                )
        out.append(p)
    return p2a, p2b, out[0], out[1]


def _checked(check: Callable[..., Any], ea: Any, eb: Any, d: Any, v: Any) -> tuple[Any, ...]:
    """The arms, dark counts and visibility of :func:`two_photon`, checked by ``check``."""
    ea = check("eta_a", ea, 0.0, 1.0)
    eb = ea if eb is None else check("eta_b", eb, 0.0, 1.0)
    return ea, eb, check("p_dc", d, 0.0, 1.0, high_open=True), check("visibility", v, 0.0, 1.0)


def two_photon(
    eta_a: float,
    eta_b: float | None = None,
    p_dc: float = 0.0,
    visibility: float = 1.0,
    qubits: tuple[object, object] = ("A", "B"),
    *,
    double_excitation_a: float = 0.0,
    double_excitation_b: float | None = None,
    excitation_probability_a: float | None = None,
    excitation_probability_b: float | None = None,
) -> HeraldedState:
    """One two-photon (Barrett-Kok / TPI) attempt.

    Args:
        eta_a, eta_b: detection probability of a photon from node A and from node B
            (``eta_b`` defaults to ``eta_a``); at a midpoint each is one arm's efficiency.
            For an ensemble node this is the raw arm efficiency (not multiplied by ``p``).
        p_dc: dark-count probability per detector per detection window, in [0, 1).
        visibility: HOM visibility of the two nodes' photons.
        qubits: ids of the two memory qubits.
        double_excitation_a: probability ``p2`` that node A emits an extra, never-detected
            early photon (Hermans et al. 2023, sec. 3), in [0, 1]; 0 for an ensemble node.
        double_excitation_b: node B's ``p2`` (default: ``double_excitation_a`` for a single
            emitter, 0 for an ensemble).
        excitation_probability_a: None for a single emitter (one photon per round pair), or
            ``p`` in (0, 1) for an ensemble whose photon number in each round is thermal,
            ``P(n) = (1-p) p^n`` (multi-excitation heralds: maximally mixed).
        excitation_probability_b: node B's (default: None, a single emitter; it does NOT
            default to node A's).
    """
    ea, eb, d, v = _checked(check_in_range, eta_a, eta_b, p_dc, visibility)
    p2a, p2b, pa, pb = checked_sources(
        double_excitation_a, double_excitation_b, excitation_probability_a, excitation_probability_b
    )
    total, weights, without_dark = _parts(ea, eb, d, v, p2a, p2b, pa, pb)
    check_herald_possible(total, "eta_a", eta_a)
    state = mixed_bell_diagonal(qubits, weights)
    # False heralds: a dark count supplied a click (for ensembles too; a multi-excitation
    # herald without dark counts is not counted as false).
    false = (total - without_dark) / total
    return HeraldedState(float(total), state, min(1.0, max(0.0, false)))


def _parts(
    ea: Any, eb: Any, d: Any, v: Any, p2a: Any, p2b: Any, pa: Any | None, pb: Any | None
) -> tuple[Any, NDArray[np.float64], Any]:
    """Success probability, unnormalised Bell-diagonal weights ``(4, ...)`` in the order
    ``(I, X, Z, Y)`` and the part of the probability without dark counts (numbers or arrays
    of draws; ``pa``/``pb`` None for a single emitter)."""
    q = 1.0 - d
    # One excitation at each node (for single emitters: every attempt). Asymmetric arms: the
    # photon of round 1 comes from one node, of round 2 from the other.
    wa = 0.5 if pa is None else pa * (1 - pa) ** 2
    wb = 0.5 if pb is None else pb * (1 - pb) ** 2
    both_single = 4 * wa * wb  # 1 for two single emitters
    e1a = ea * q + (1 - ea) * 2 * d * q
    e1b = eb * q + (1 - eb) * 2 * d * q
    e0 = 2 * d * q
    e2 = ea * eb * (1 + v) * q / 2 + (ea * (1 - eb) + eb * (1 - ea)) * q + (1 - ea) * (1 - eb) * e0
    coherent = both_single * 0.5 * (ea * q) * (eb * q)
    incoherent_one_each = both_single * 0.5 * e1a * e1b - coherent
    both_in_one_round = both_single * 0.5 * e0 * e2
    if pa is None and pb is None:
        total = coherent + incoherent_one_each + both_in_one_round
        without_dark = 0.5 * ea * eb * q * q
        multi = 0.0
    else:
        total, without_dark = _herald_sums(ea, eb, pa, pb, d, v)
        multi = _arrays.maximum(0.0, total - coherent - incoherent_one_each - both_in_one_round)
    f = (1 - p2a) * (1 - p2b)
    # Weights in the Psi frame (Psi+, Psi-, Phi+, Phi-), mapped to the Phi+ frame by X on B:
    # Psi+ -> Phi+ (I), Psi- -> Phi- (Z), Phi+ -> Psi+ (X), Phi- -> Psi- (Y).
    psi_plus = coherent * (1 + v * f) / 2 + incoherent_one_each / 2 + multi / 4
    psi_minus = coherent * (1 - v * f) / 2 + incoherent_one_each / 2 + multi / 4
    phi_each = both_in_one_round / 2 + multi / 4
    weights = np.array([psi_plus, phi_each, psi_minus, phi_each])  # (I, X, Z, Y)
    return total, weights, without_dark


def two_photon_batch(*args: Any, **kwargs: Any) -> HeraldedBatch:
    """:func:`two_photon` for arrays of draws: its arguments (``qubits`` aside), each a
    number or an array (they broadcast), checked entry by entry; the same closed form."""
    a = bound_arguments(two_photon, args, kwargs)
    checked = _checked(check_array_in_range, a["eta_a"], a["eta_b"], a["p_dc"], a["visibility"])
    sources = checked_sources(
        a["double_excitation_a"], a["double_excitation_b"], a["excitation_probability_a"],
        a["excitation_probability_b"], check=check_array_in_range,
    )  # fmt: skip
    present = [x for x in (*checked, *sources) if x is not None]
    arrays = iter(np.broadcast_arrays(*present))
    ea, eb, d, v, p2a, p2b, pa, pb = (
        None if x is None else next(arrays) for x in (*checked, *sources)
    )
    total, weights, without_dark = _parts(ea, eb, d, v, p2a, p2b, pa, pb)
    check_herald_possible(total, "eta_a", a["eta_a"])
    false = np.clip((total - without_dark) / total, 0.0, 1.0)
    return HeraldedBatch.bell_diagonal(total, weights, false)
