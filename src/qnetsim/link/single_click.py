"""Single-click (single-photon interference) heralding at a beam-splitter station.

Each node ``k`` (A or B) prepares ``sqrt(1-a_k)|dark> + sqrt(a_k)|bright>`` and the bright
state emits a photon, detected at the station with probability ``eta_k``; the photons meet on
a 50:50 beam splitter with threshold detectors, and a herald is exactly one click. The model
is that of Humphreys et al., Nature 558, 268 (2018), doi:10.1038/s41586-018-0200-5 (Methods),
Rozpedek et al., PRA 99, 052330 (2019), doi:10.1103/PhysRevA.99.052330, and Hermans et al.,
NJP 25, 013011 (2023), doi:10.1088/1367-2630/acb004; its equal-arm closed forms are those of
``../shared/reference/physics.md`` section 2. The nodes may differ: unequal arm efficiencies
(a station off the midpoint, e.g. a photonic server with unequal spokes) and unequal
bright-state populations (Hermans et al., Nature 605, 663 (2022),
doi:10.1038/s41586-022-04697-y, Supplementary Information, choose ``a_A eta_A ~ a_B eta_B``
to balance the two single-excitation terms).

Derivation (per detector; both detectors herald with the same probability, D1's state being
D0's with a Z on one node). Let ``q = 1 - p_dc``; conditioned on the spins ``|s_A s_B>``,
the probability that D0 alone clicks is

    n00 = (1-a_A)(1-a_B) p_dc q                                   (a dark count)
    n10 = a_A (1-a_B) [eta_A q/2 + (1-eta_A) p_dc q]               (only A bright)
    n01 = (1-a_A) a_B [eta_B q/2 + (1-eta_B) p_dc q]               (only B bright)
    n11 = a_A a_B [eta_A eta_B (1+V) q/4 + (eta_A(1-eta_B) + eta_B(1-eta_A)) q/2
                   + (1-eta_A)(1-eta_B) p_dc q]                    (both bright)

(two detected photons bunch with probability ``(1+V)/2``, half of it in D0). Only the
branches in which the single photon was detected are coherent with each other (a lost photon
records which node emitted); their amplitudes are ``sqrt(a_k (1-a_l) eta_k / 2)`` and the
photons overlap with amplitude ``sqrt(V)``, so after averaging the optical phase
(``lam = <exp(i dphi)>``)

    c = sqrt(a_A (1-a_A) a_B (1-a_B) eta_A eta_B V) lam q / 2.

Then ``P0 = n00 + n01 + n10 + n11``, ``p = 2 P0``, and the heralded state in the spin basis
is ``[n00|00><00| + n01|01><01| + n10|10><10| + n11|11><11| + c(|01><10| + |10><01|)] / P0``
(``Psi+`` for D0; D1's ``Psi-`` is corrected by a local Z), so

    F(Psi+) = [(n01 + n10)/2 + c] / P0.

It is delivered in the ``Phi+`` frame (a local X on the second node). It is not Bell-diagonal
when ``n00 != n11`` or ``n01 != n10``; :meth:`HeraldedState.bell_diagonal` twirls it (the
twirl keeps ``F``). With ``a_A = a_B = a`` and ``eta_A = eta_B = eta`` the sums reduce to the
equal-arm forms of physics.md section 2:

    P0 = (1-a)^2 p_dc q + 2a(1-a)[(1-eta) p_dc q + eta q/2]
         + a^2 [eta^2 (1+V) q/4 + eta(1-eta) q + (1-eta)^2 p_dc q],
    F  = a(1-a) q [(1-eta) p_dc + eta (1 + sqrt(V) lam)/2] / P0.

Emission errors (Hermans et al., NJP 25, 013011 (2023), sec. 3):

* Double excitation: a bright emitter is re-excited within the pulse with probability
  ``p2_k`` and emits an extra early photon, which falls outside the detection window (never
  detected) but records which node was bright. Node k's environment ends in
  ``sqrt(1-p2_k)|0> + sqrt(p2_k)|early_k>`` when bright and in ``|0>`` when dark, so the
  ``|10>``-``|01>`` coherence is multiplied by the overlap of the two branches' environments,
  ``<E_A(bright) 0_B | 0_A E_B(bright)> = sqrt((1-p2_A)(1-p2_B))``; no herald weight
  changes (the early photon is never detected), so ``p`` is unchanged:
  ``c -> c sqrt((1-p2_A)(1-p2_B))``.
* Initialisation error: with probability ``eps_k`` node k's spin starts in the orthogonal
  state; the same rotation then gives ``-sqrt(a_k)|0> + sqrt(1-a_k)|1>``, i.e. (up to a
  global sign) ``Z (sqrt(1-a'_k)|0> + sqrt(a'_k)|1>)`` with ``a'_k = 1 - a_k``. The Z commutes
  with emission and detection (both diagonal in the spin basis), so that case heralds
  ``Z_k rho(a'_k) Z_k``: the same populations, the coherence ``c`` with its sign reversed.
  The heralded state is the exact mixture over the four (ok/bad) x (ok/bad) cases, each
  weighted by its probability times its success probability,
  ``rho = sum_cases w_case n_case / sum_cases w_case P0_case`` (the sums of the unnormalised
  terms above), and ``p = 2 sum_cases w_case P0_case``.

The closed forms are checked against a brute-force Fock-space model (tests/link), in which
the early photon is an extra environment mode traced out and the initialisation error a spin
prepared in ``|1>`` before the rotation.

Examples:
    >>> h = single_click(alpha=0.1, eta=0.01)
    >>> round(h.success_probability, 6)  # ideal: a eta (2 - a eta)
    0.001999
    >>> round(h.fidelity, 6)  # ideal: 2 (1 - a) / (2 - a eta)
    0.90045
    >>> # A station off the midpoint: node B's arm transmits 4x less; balance a_A eta_A = a_B eta_B
    >>> unbalanced = single_click(0.1, 0.02, eta_b=0.005)
    >>> balanced = single_click(0.05, 0.02, alpha_b=0.2, eta_b=0.005)
    >>> bool(balanced.fidelity > unbalanced.fidelity)
    True
    >>> # Emission errors: 4 % double excitation at each node scales the coherence by 0.96
    >>> h2 = single_click(alpha=0.1, eta=0.01, double_excitation_a=0.04)
    >>> h2.success_probability == h.success_probability, round(h2.fidelity, 6)
    (True, 0.882441)
    >>> # 1 % initialisation error per node: a flipped node is bright with 1 - alpha = 0.9, so
    >>> # its attempts herald ~9x more often than the others (and carry a Z)
    >>> h3 = single_click(alpha=0.1, eta=0.01, initialisation_error_a=0.01)
    >>> round(h3.success_probability, 6), round(h3.fidelity, 6)
    (0.002159, 0.846624)
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import Any, NamedTuple

import numpy as np
from numpy.typing import ArrayLike, NDArray

from qnetsim._validate import check_array_in_range, check_in_range
from qnetsim.link.heralded import (
    HeraldedBatch,
    HeraldedState,
    bound_arguments,
    check_herald_possible,
    excitation_basis_matrix,
    excitation_basis_state,
)

__all__ = [
    "single_click",
    "single_click_batch",
    "single_click_fidelity",
    "single_click_probability",
]

DEFAULT_QUBITS = ("A", "B")


class _Terms(NamedTuple):
    """Unnormalised per-detector herald weights (see the module docstring)."""

    none: NDArray[np.float64]  # n00
    only_b: NDArray[np.float64]  # n01
    only_a: NDArray[np.float64]  # n10
    both: NDArray[np.float64]  # n11
    coherence: NDArray[np.float64]  # c / lam
    dark: NDArray[np.float64]  # the part of the four weights in which a dark count clicked

    @property
    def total(self) -> NDArray[np.float64]:
        return self.none + self.only_b + self.only_a + self.both


def _num(x: ArrayLike) -> Any:
    """A Python float as it is (scalar arithmetic is ~30x faster than on 0-d arrays, and the
    single-attempt closed form is scalar), anything else as a float array."""
    return x if type(x) is float else np.asarray(x, dtype=np.float64)


def _terms(
    alpha_a: ArrayLike,
    alpha_b: ArrayLike,
    eta_a: ArrayLike,
    eta_b: ArrayLike,
    p_dc: ArrayLike,
    visibility: ArrayLike,
) -> _Terms:
    """The weights of one (alpha_A, alpha_B) preparation, without emission errors."""
    aa, ab, ea, eb = _num(alpha_a), _num(alpha_b), _num(eta_a), _num(eta_b)
    d, v = _num(p_dc), _num(visibility)
    q = 1.0 - d
    none = (1 - aa) * (1 - ab) * d * q
    only_a = aa * (1 - ab) * ((1 - ea) * d * q + ea * q / 2)
    only_b = (1 - aa) * ab * ((1 - eb) * d * q + eb * q / 2)
    both = (
        aa
        * ab
        * (
            ea * eb * (1 + v) * q / 4
            + (ea * (1 - eb) + eb * (1 - ea)) * q / 2
            + (1 - ea) * (1 - eb) * d * q
        )
    )
    coherence = np.sqrt(aa * (1 - aa) * ab * (1 - ab) * ea * eb * v) * q / 2
    dark = (
        none
        + aa * (1 - ab) * (1 - ea) * d * q
        + (1 - aa) * ab * (1 - eb) * d * q
        + aa * ab * (1 - ea) * (1 - eb) * d * q
    )
    return _Terms(none, only_b, only_a, both, coherence, dark)


def _emission_terms(
    alpha_a: ArrayLike,
    alpha_b: ArrayLike,
    eta_a: ArrayLike,
    eta_b: ArrayLike,
    p_dc: ArrayLike,
    visibility: ArrayLike,
    double_a: ArrayLike,
    double_b: ArrayLike,
    init_a: ArrayLike,
    init_b: ArrayLike,
) -> _Terms:
    """The weights with emission errors: the mixture over the four (ok/bad) initialisation
    cases (a bad node: ``alpha -> 1 - alpha`` and a Z, i.e. the coherence changes sign),
    each weighted by its probability; the coherence times ``sqrt((1-p2_A)(1-p2_B))``."""
    aa, ab, ia, ib = _num(alpha_a), _num(alpha_b), _num(init_a), _num(init_b)
    overlap = np.sqrt((1 - _num(double_a)) * (1 - _num(double_b)))
    sums: list[NDArray[np.float64]] | None = None
    for bad_a in (False, True):
        for bad_b in (False, True):
            weight = (ia if bad_a else 1 - ia) * (ib if bad_b else 1 - ib)
            if not np.any(weight):
                continue  # (with no initialisation error only the ok/ok case, weight 1.0)
            t = _terms(
                1 - aa if bad_a else aa, 1 - ab if bad_b else ab, eta_a, eta_b, p_dc, visibility
            )
            sign = -1.0 if bad_a != bad_b else 1.0
            parts = [weight * x for x in t[:4]] + [sign * weight * t.coherence, weight * t.dark]
            sums = parts if sums is None else [s + x for s, x in zip(sums, parts, strict=True)]
    assert sums is not None
    return _Terms(sums[0], sums[1], sums[2], sums[3], sums[4] * overlap, sums[5])


def _checked(
    check: Callable[..., Any],
    alpha: Any,
    eta: Any,
    p_dc: Any,
    visibility: Any,
    phase_coherence: Any,
    alpha_b: Any,
    eta_b: Any,
    double_a: Any,
    double_b: Any,
    init_a: Any,
    init_b: Any,
) -> tuple[Any, ...]:
    """The arguments of :func:`single_click` checked by ``check`` (:func:`check_in_range`
    for numbers, :func:`check_array_in_range` for arrays, entry by entry), node B's
    defaulting to node A's: ``(alpha_a, alpha_b, eta_a, eta_b, p_dc, visibility, lam,
    p2_a, p2_b, init_a, init_b)``."""
    aa = check("alpha", alpha, 0.0, 1.0, low_open=True, high_open=True)
    ab = (
        aa
        if alpha_b is None
        else check("alpha_b", alpha_b, 0.0, 1.0, low_open=True, high_open=True)
    )
    ea = check("eta", eta, 0.0, 1.0)
    eb = ea if eta_b is None else check("eta_b", eta_b, 0.0, 1.0)
    d = check("p_dc", p_dc, 0.0, 1.0, high_open=True)
    v = check("visibility", visibility, 0.0, 1.0)
    lam = check("phase_coherence", phase_coherence, 0.0, 1.0)
    p2a = check("double_excitation_a", double_a, 0.0, 1.0)
    p2b = p2a if double_b is None else check("double_excitation_b", double_b, 0.0, 1.0)
    ia = check("initialisation_error_a", init_a, 0.0, 1.0)
    ib = ia if init_b is None else check("initialisation_error_b", init_b, 0.0, 1.0)
    return aa, ab, ea, eb, d, v, lam, p2a, p2b, ia, ib


def _checked_terms(check: Callable[..., Any], *args: Any) -> tuple[_Terms, Any]:
    """:func:`_emission_terms` of the arguments checked by :func:`_checked`, and ``lam``."""
    aa, ab, ea, eb, d, v, lam, p2a, p2b, ia, ib = _checked(check, *args)
    return _emission_terms(aa, ab, ea, eb, d, v, p2a, p2b, ia, ib), lam


def single_click_probability(
    alpha: ArrayLike,
    eta: ArrayLike,
    p_dc: ArrayLike = 0.0,
    visibility: ArrayLike = 1.0,
    *,
    alpha_b: ArrayLike | None = None,
    eta_b: ArrayLike | None = None,
    double_excitation_a: ArrayLike = 0.0,
    double_excitation_b: ArrayLike | None = None,
    initialisation_error_a: ArrayLike = 0.0,
    initialisation_error_b: ArrayLike | None = None,
) -> NDArray[np.float64]:
    """Success probability ``p = 2 P0`` per attempt (vectorised; arguments broadcast).

    ``alpha`` and ``eta`` are node A's (and node B's unless ``alpha_b``/``eta_b`` are given);
    the ranges are those of :func:`single_click`. Double excitation leaves ``p`` unchanged
    (its arguments are validated and accepted so that the three functions take the same
    keywords); initialisation errors change it (``alpha -> 1 - alpha`` on a bad node).
    Raises InvalidParameterError on any entry out of range.
    """
    t, _ = _checked_terms(
        check_array_in_range, alpha, eta, p_dc, visibility, 1.0, alpha_b, eta_b,
        double_excitation_a, double_excitation_b, initialisation_error_a, initialisation_error_b,
    )  # fmt: skip
    return np.asarray(2.0 * t.total, dtype=np.float64)


def single_click_fidelity(
    alpha: ArrayLike,
    eta: ArrayLike,
    p_dc: ArrayLike = 0.0,
    visibility: ArrayLike = 1.0,
    phase_coherence: ArrayLike = 1.0,
    *,
    alpha_b: ArrayLike | None = None,
    eta_b: ArrayLike | None = None,
    double_excitation_a: ArrayLike = 0.0,
    double_excitation_b: ArrayLike | None = None,
    initialisation_error_a: ArrayLike = 0.0,
    initialisation_error_b: ArrayLike | None = None,
) -> NDArray[np.float64]:
    """Fidelity of the heralded state to the target Bell state (vectorised).

    Arguments as in :func:`single_click_probability`; raises InvalidParameterError on any
    entry out of range, or where no herald is possible (``eta = p_dc = 0``).
    """
    t, lam = _checked_terms(
        check_array_in_range, alpha, eta, p_dc, visibility, phase_coherence, alpha_b, eta_b,
        double_excitation_a, double_excitation_b, initialisation_error_a, initialisation_error_b,
    )  # fmt: skip
    check_herald_possible(t.total, "eta", eta)
    return np.asarray(((t.only_a + t.only_b) / 2 + t.coherence * lam) / t.total, dtype=np.float64)


def _vectorised_terms(args: tuple[Any, ...], kwargs: Mapping[str, Any]) -> tuple[_Terms, Any]:
    """The terms and ``lam`` of :func:`single_click`'s arguments (bound as a call of it
    would bind them) given as numbers or arrays, checked entry by entry; a named error
    where no herald is possible."""
    a = bound_arguments(single_click, args, kwargs)
    t, lam = _checked_terms(check_array_in_range, *(a[k] for k in _ARGUMENTS))
    check_herald_possible(t.total, "eta", a["eta"])
    return t, lam


#: The physical arguments of :func:`single_click`, in the order of :func:`_checked`.
_ARGUMENTS = (
    "alpha",
    "eta",
    "p_dc",
    "visibility",
    "phase_coherence",
    "alpha_b",
    "eta_b",
    "double_excitation_a",
    "double_excitation_b",
    "initialisation_error_a",
    "initialisation_error_b",
)


def phase_coherence_from_sigma(sigma_rad: float) -> float:
    """``lam = exp(-sigma^2/2)`` for Gaussian optical phase noise of std ``sigma_rad``."""
    return math.exp(-(check_in_range("sigma_rad", sigma_rad, 0.0) ** 2) / 2)


def single_click(
    alpha: float,
    eta: float,
    p_dc: float = 0.0,
    visibility: float = 1.0,
    phase_coherence: float = 1.0,
    qubits: tuple[object, object] = DEFAULT_QUBITS,
    *,
    alpha_b: float | None = None,
    eta_b: float | None = None,
    double_excitation_a: float = 0.0,
    double_excitation_b: float | None = None,
    initialisation_error_a: float = 0.0,
    initialisation_error_b: float | None = None,
) -> HeraldedState:
    """One single-click attempt: success probability and heralded state (``Phi+`` frame).

    Args:
        alpha: bright-state population of node A (and of node B unless ``alpha_b`` is
            given), in (0, 1).
        eta: detection probability of node A's arm (emission x collection x conversion x
            fibre x detector; node B's too unless ``eta_b`` is given), in [0, 1].
        p_dc: dark-count (or noise-click) probability per detector per window, in [0, 1).
        visibility: HOM visibility ``V`` of the two nodes' photons, in [0, 1].
        phase_coherence: optical phase coherence ``lam = <exp(i dphi)>``, in [0, 1].
        qubits: ids of the two memory qubits.
        alpha_b: node B's bright-state population, in (0, 1) (default: ``alpha``).
        eta_b: detection probability of node B's arm, in [0, 1] (default: ``eta``).
        double_excitation_a: probability ``p2`` that node A's bright state is re-excited
            within the pulse and emits an extra, never-detected early photon, in [0, 1]
            (Hermans et al. 2023, sec. 3); it multiplies the coherence by ``sqrt(1 - p2_A)``
            and leaves the success probability unchanged.
        double_excitation_b: node B's ``p2``, in [0, 1] (default: ``double_excitation_a``).
        initialisation_error_a: probability that node A's spin starts in the orthogonal
            state, in [0, 1]; that node is then bright with probability ``1 - alpha`` and
            carries a Z (the heralded state is the exact mixture over the four cases).
        initialisation_error_b: node B's, in [0, 1] (default: ``initialisation_error_a``).
    """
    t, lam = _checked_terms(
        check_in_range, alpha, eta, p_dc, visibility, phase_coherence, alpha_b, eta_b,
        double_excitation_a, double_excitation_b, initialisation_error_a, initialisation_error_b,
    )  # fmt: skip
    none, only_b, only_a, both = (float(x) for x in t[:4])
    p0 = none + only_b + only_a + both
    check_herald_possible(p0, "eta", eta)
    coherence = float(t.coherence) * lam
    state = excitation_basis_state(tuple(qubits), none, only_b, only_a, both, coherence)  # type: ignore[arg-type]
    # False heralds: every term in which a dark count supplied the click (no coherence).
    return HeraldedState(2 * p0, state, min(1.0, float(t.dark) / p0))


def single_click_batch(*args: Any, **kwargs: Any) -> HeraldedBatch:
    """:func:`single_click` for arrays of draws: its arguments (``qubits`` aside), each a
    number or an array (they broadcast), checked entry by entry; the same closed form
    (:func:`_emission_terms`). Returns the success probabilities, heralded states and
    false-herald fractions."""
    t, lam = _vectorised_terms(args, kwargs)
    p0 = t.total
    rho = excitation_basis_matrix(t.none, t.only_b, t.only_a, t.both, t.coherence * lam)
    return HeraldedBatch.of(2 * p0, rho, np.minimum(1.0, t.dark / p0))
