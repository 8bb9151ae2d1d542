"""Device-independent QKD (CHSH protocol) run on delivered pairs.

Each delivered pair is one round (event). With probability ``gamma`` it is a test round: random
CHSH settings ``x, y`` in {0, 1}; otherwise a key round: Alice measures ``A0`` and Bob the
setting ``B2`` aligned with it (:class:`~qnetsim.apps.qkd.bell_test.CHSHSettings`). Outcomes are
sampled from the states (:mod:`qnetsim.apps.qkd.sampling`). Then:

* test rounds -> ``S`` with standard error (:func:`~qnetsim.apps.qkd.chsh.chsh_from_counts`);
* key rounds -> QBER ``Q = P(a != b)`` with standard error;
* asymptotic key per key round, plain (Pironio et al. 2009) and with noisy preprocessing
  (Ho et al. 2020), at the estimated ``S`` (clipped to ``2 sqrt2``) and ``Q``;
* finite-size key per event by entropy accumulation (:func:`~qnetsim.apps.qkd.eat.eat_key_rate`,
  Arnon-Friedman et al. 2018) for ``n`` events with the protocol's ``gamma``;
* bits per event and per second for a given event rate.

Assumptions (stated in :attr:`DIQKDResult.assumptions`): asymptotic rates are for collective
(i.i.d.) attacks; the EAT bound covers general attacks on sequential devices; both assume
quantum mechanics, sealed labs, trusted local randomness, an authenticated classical channel,
and that the observed ``S`` and ``Q`` are the devices' expected values (point estimates; the EAT
bound adds its own statistical margin). No noisy preprocessing in the finite-size bound.

References:
    A. Acin et al., Phys. Rev. Lett. 98, 230501 (2007). DOI: 10.1103/PhysRevLett.98.230501
    S. Pironio et al., New J. Phys. 11, 045021 (2009). DOI: 10.1088/1367-2630/11/4/045021
    M. Ho et al., Phys. Rev. Lett. 124, 230502 (2020). DOI: 10.1103/PhysRevLett.124.230502
    R. Arnon-Friedman, F. Dupuis, O. Fawzi, R. Renner, T. Vidick, Nat. Commun. 9, 459 (2018).
    DOI: 10.1038/s41467-017-02307-4
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from qnetsim._validate import (
    RngLike,
    as_rng,
    check_in_range,
    check_positive,
    check_probability,
)
from qnetsim.apps._state_input import bloch_form
from qnetsim.apps.qkd.bell_test import CHSHSettings, optimal_chsh_settings
from qnetsim.apps.qkd.chsh import CHSHEstimate, chsh_from_counts
from qnetsim.apps.qkd.diqkd import (
    TSIRELSON_BOUND,
    diqkd_key_rate,
    diqkd_key_rate_noisy_preprocessing,
)
from qnetsim.apps.qkd.eat import EATKeyRate, eat_key_rate
from qnetsim.apps.qkd.sampling import sample_outcomes
from qnetsim.errors import InvalidParameterError

__all__ = ["DIQKDResult", "simulate_diqkd"]

ASSUMPTIONS = (
    "asymptotic rates: collective (i.i.d.) attacks (Pironio 2009; Ho 2020 with noisy "
    "preprocessing); finite size: general attacks on sequential devices by entropy "
    "accumulation (Arnon-Friedman et al. 2018), no noisy preprocessing; quantum mechanics, "
    "sealed labs, trusted local randomness, authenticated classical channel; the observed S "
    "and Q are used as the honest devices' expected values"
)


@dataclass(frozen=True)
class DIQKDResult:
    """Outcome of :func:`simulate_diqkd`.

    Attributes:
        chsh: S estimate from the test rounds (with standard error).
        qber: key-round error rate; qber_se: its standard error.
        n_events: rounds (delivered pairs); n_test, n_key: test and key rounds.
        gamma: test-round probability used.
        asymptotic_rate: bits per key round, ``1 - h(Q) - h[(1 + sqrt((S/2)^2 - 1))/2]``.
        asymptotic_rate_noisy_preprocessing: the same with optimal noisy preprocessing.
        asymptotic_bits_per_event: ``(1 - gamma) * asymptotic_rate_noisy_preprocessing``.
        finite: the entropy-accumulation result (``finite.key_rate`` bits per event).
        assumptions: the security assumptions behind the numbers.
    """

    chsh: CHSHEstimate
    qber: float
    qber_se: float
    n_events: int
    n_test: int
    n_key: int
    gamma: float
    asymptotic_rate: float
    asymptotic_rate_noisy_preprocessing: float
    asymptotic_bits_per_event: float
    finite: EATKeyRate
    settings: CHSHSettings
    assumptions: str = ASSUMPTIONS

    @property
    def bits_per_event(self) -> float:
        """Finite-size key bits per event (EAT)."""
        return self.finite.key_rate

    def bits_per_second(self, event_rate_hz: float) -> float:
        """Finite-size key bits per second at ``event_rate_hz`` events per second."""
        return self.finite.key_rate * check_positive("event_rate_hz", event_rate_hz)


def simulate_diqkd(
    states: Any,
    rng: RngLike,
    *,
    gamma: float = 0.1,
    settings: CHSHSettings | None = None,
    readout_error: float = 0.0,
    n_events: float | None = None,
    optimise_gamma: bool = False,
    eps: float = 1e-5,
    eps_completeness: float = 1e-2,
) -> DIQKDResult:
    """Run the CHSH DI-QKD protocol on delivered pairs and compute its key rates.

    Args:
        states: delivered pairs (Bell-diagonal coefficients (N, 4), a sequence of two-qubit
            states, or (N, 4, 4) density matrices); Alice holds ``qubits[0]``.
        rng: a Generator or an int seed for round types, settings, outcomes and readout
            flips.
        gamma: test-round probability in (0, 1).
        settings: CHSH settings with the key setting ``b2``; default the optimal ones.
        readout_error: probability in [0, 1] that each reported bit is flipped.
        n_events: block size for the finite-size bound (default: the number of pairs; give a
            larger ``n`` to extrapolate with the sampled statistics), > 0.
        optimise_gamma: let the EAT bound choose its own ``gamma`` instead of this one.
        eps: every EAT security parameter (smoothing, accumulation, PA, EC), in (0, 1).
        eps_completeness: honest-abort probability of the EAT bound, in (0, 1).

    Raises:
        InvalidParameterError: invalid states or parameters; too few rounds of a kind.

    References:
        S. Pironio et al., New J. Phys. 11, 045021 (2009);
        R. Arnon-Friedman et al., Nat. Commun. 9, 459 (2018). DOI: 10.1038/s41467-017-02307-4

    Examples:
        >>> pairs = np.tile([0.97, 0.01, 0.01, 0.01], (100_000, 1))
        >>> res = simulate_diqkd(pairs, np.random.default_rng(2), gamma=0.2, n_events=1e10)
        >>> abs(res.qber - 0.02) < 4 * res.qber_se, res.bits_per_event > 0
        (True, True)
    """
    rng = as_rng(rng)
    g = check_in_range("gamma", gamma, 0.0, 1.0, low_open=True, high_open=True)
    e = check_probability("readout_error", readout_error)
    for name, value in (("eps", eps), ("eps_completeness", eps_completeness)):
        check_in_range(name, value, 0.0, 1.0, low_open=True, high_open=True)
    form = bloch_form(states, "states")
    n = form.size
    n_block = float(n) if n_events is None else check_positive("n_events", n_events)
    st = settings if settings is not None else optimal_chsh_settings(form)
    test = rng.random(n) < g
    xs = rng.integers(0, 2, size=n)
    ys = rng.integers(0, 2, size=n)
    a = np.where((test & (xs == 1))[:, None], st.a1, st.a0)
    b = np.where(test[:, None], np.where(ys[:, None] == 0, st.b0, st.b1), st.b2)
    out_a, out_b = sample_outcomes(form, a, b, rng, e)
    row = (2 * xs + ys)[test]
    col = (2 * out_a.astype(np.int64) + out_b)[test]
    counts = np.bincount(4 * row + col, minlength=16).reshape(4, 4)
    n_key = int((~test).sum())
    if np.any(counts.sum(axis=1) == 0) or n_key == 0:
        raise InvalidParameterError(
            "number of pairs", n, "enough for test rounds of every setting pair and key rounds"
        )
    chsh = chsh_from_counts(counts)
    q = float((out_a != out_b)[~test].mean())
    q_se = math.sqrt(q * (1.0 - q) / n_key)
    s_used = min(abs(chsh.value), TSIRELSON_BOUND)
    q_used = min(q, 0.5)
    r0 = float(diqkd_key_rate(s_used, q_used))
    r1 = float(diqkd_key_rate_noisy_preprocessing(s_used, q_used))
    finite = eat_key_rate(
        s_used, q_used, n_block, gamma=None if optimise_gamma else g,
        eps_s=eps, eps_ea=eps, eps_pa=eps, eps_ec=eps, eps_completeness=eps_completeness,
    )
    return DIQKDResult(
        chsh=chsh, qber=q, qber_se=q_se, n_events=n, n_test=int(test.sum()), n_key=n_key,
        gamma=g, asymptotic_rate=r0, asymptotic_rate_noisy_preprocessing=r1,
        asymptotic_bits_per_event=(1.0 - g) * r1, finite=finite, settings=st,
    )
