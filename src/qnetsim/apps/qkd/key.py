"""One entry point for key rates from measured or simulated statistics: ``key_rate``.

Every protocol, asymptotic and finite size, with validated inputs and one result type
(:class:`KeyResult`, JSON-ready through :meth:`KeyResult.to_dict`). This is what ``qnetsim key``
and the scenario ``[application]`` block call.

=========  ==================  ============================================================
protocol   method              bound
=========  ==================  ============================================================
diqkd      ``renyi`` (default) Renyi / generalised EAT (:mod:`~qnetsim.apps.qkd.renyi_eat`)
diqkd      ``df2019``          EAT with improved second order (:mod:`~qnetsim.apps.qkd.eat_df`)
diqkd      ``nadlinger2022``   Nadlinger 2022, Prop. 2 (:mod:`~qnetsim.apps.qkd.eat_nadlinger`)
diqkd      ``eat2018``         AFDFRV 2018 EAT (:mod:`~qnetsim.apps.qkd.eat`)
diqkd      ``asymptotic``      Pironio 2009 / Ho 2020, collective attacks, per key round
diqkd      ``random-basis``    Schwonnek 2021 protocol, Masini et al. 2022 bound, asymptotic,
                               per round, sifted (:mod:`~qnetsim.apps.qkd.random_key_basis`)
diqkd      ``collective``      Pironio 2009 entropy + Hoeffding + quantum AEP (Tomamichel et al.
                               2009) + Tomamichel 2012 key length, finite size, COLLECTIVE
                               attacks (i.i.d. rounds) only, not a general-attack proof
                               (:mod:`~qnetsim.apps.qkd.collective_finite`)
bb84       ``finite``          Tomamichel et al. 2012 (:mod:`~qnetsim.apps.qkd.finite_key`)
bb84       ``asymptotic``      Shor-Preskill with the same EC and sifting
decoy      ``finite``          Lim et al. 2014 (:mod:`~qnetsim.apps.qkd.decoy_finite`)
decoy      ``asymptotic``      the same bounds without statistical fluctuations
=========  ==================  ============================================================

Bad input (``|S| > 2 sqrt2``, a QBER outside [0, 1/2], fewer than one round, an epsilon outside
(0, 1), an unknown protocol or method) raises :class:`~qnetsim.errors.InvalidParameterError`;
statistics that certify no key give ``key_bits_per_round = 0`` with ``reason`` saying why.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from qnetsim._validate import check_in_range
from qnetsim.apps.entropy import binary_entropy
from qnetsim.apps.qkd.collective_finite import collective_key
from qnetsim.apps.qkd.decoy import GYS_CHANNEL, DecoyChannel
from qnetsim.apps.qkd.decoy_finite import decoy_finite_key
from qnetsim.apps.qkd.diqkd import (
    TSIRELSON_BOUND,
    diqkd_key_rate,
    diqkd_key_rate_noisy_preprocessing,
    optimal_flip_probability,
)
from qnetsim.apps.qkd.eat import eat_key_rate
from qnetsim.apps.qkd.eat_df import df2019_key
from qnetsim.apps.qkd.eat_nadlinger import nadlinger_key
from qnetsim.apps.qkd.finite_key import finite_key_rate
from qnetsim.apps.qkd.optimise import FiniteDIQKDKey, asymptotic_rate, split_security
from qnetsim.apps.qkd.random_key_basis import random_basis_key_rate
from qnetsim.apps.qkd.renyi_eat import renyi_key
from qnetsim.errors import InvalidParameterError

__all__ = ["DEFAULT_METHOD", "METHODS", "KeyResult", "diqkd_finite_key", "key_rate"]

#: Fraction of rounds kept by the random-key-basis protocol (both parties pick one of two key
#: bases uniformly; Schwonnek et al. 2021).
RANDOM_BASIS_SIFTING = 0.5

#: Methods of each protocol; the first is the default.
METHODS: dict[str, tuple[str, ...]] = {
    "diqkd": (
        "renyi",
        "df2019",
        "nadlinger2022",
        "eat2018",
        "asymptotic",
        "random-basis",
        "collective",
    ),
    "bb84": ("finite", "asymptotic"),
    "decoy": ("finite", "asymptotic"),
}
DEFAULT_METHOD = {name: methods[0] for name, methods in METHODS.items()}


@dataclass(frozen=True)
class KeyResult:
    """A key rate with everything needed to reproduce it.

    Attributes:
        protocol, method: what was computed.
        key_bits_per_round: secure key bits per round (event, pulse or sifted signal, see
            ``round_unit``), >= 0.
        key_length_bits: ``key_bits_per_round * n_rounds``.
        asymptotic_bits_per_round: the same protocol's ``n -> inf`` rate (same unit).
        n_rounds: the block size.
        round_unit: what one round is.
        parameters: the (optimised) protocol parameters.
        security: the security parameters used.
        inputs: the statistics given.
        reason: why the key is 0 ("" when positive).
        assumptions: the security assumptions behind the number.
    """

    protocol: str
    method: str
    key_bits_per_round: float
    key_length_bits: float
    asymptotic_bits_per_round: float
    n_rounds: float
    round_unit: str
    parameters: Mapping[str, float] = field(default_factory=dict)
    security: Mapping[str, float] = field(default_factory=dict)
    inputs: Mapping[str, float] = field(default_factory=dict)
    reason: str = ""
    assumptions: str = ""

    def __repr__(self) -> str:
        why = f" ({self.reason})" if self.reason else ""
        return (
            f"<KeyResult {self.protocol}/{self.method}: {self.key_bits_per_round:.4g} bits per "
            f"{self.round_unit} over {self.n_rounds:.3g} rounds{why}>"
        )

    def to_frame(self) -> Any:
        """One row: the key, the asymptotic rate, the rounds and the optimised parameters."""
        import pandas as pd

        d = self.to_dict()
        row = {k: v for k, v in d.items() if not isinstance(v, (dict, list, tuple))}
        row.update({f"parameter_{k}": v for k, v in d.get("parameters", {}).items()})
        return pd.DataFrame([row])

    def _repr_html_(self) -> str:
        return str(self.to_frame().to_html(index=False))

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dictionary (the keys ``qnetsim key --json`` prints)."""
        return {
            "protocol": self.protocol,
            "method": self.method,
            "key_bits_per_round": self.key_bits_per_round,
            "key_length_bits": self.key_length_bits,
            "asymptotic_bits_per_round": self.asymptotic_bits_per_round,
            "n_rounds": self.n_rounds,
            "round_unit": self.round_unit,
            "parameters": dict(self.parameters),
            "security": dict(self.security),
            "inputs": dict(self.inputs),
            "reason": self.reason,
            "assumptions": self.assumptions,
        }

    def per_second(self, rounds_per_s: float) -> float:
        """Key bits per second at ``rounds_per_s`` rounds per second."""
        return self.key_bits_per_round * rounds_per_s


_DI_ASSUMPTIONS = (
    "device-independent: quantum mechanics, sealed labs (no leakage), trusted local "
    "randomness, authenticated classical channel, sequential rounds; general (coherent) "
    "attacks for the finite-size methods, collective (i.i.d.) attacks for 'asymptotic'"
)
_BB84_ASSUMPTIONS = (
    "trusted qubit measurements in two complementary bases (uncertainty relation), general "
    "attacks (Tomamichel et al. 2012)"
)
_DECOY_ASSUMPTIONS = (
    "phase-randomised weak coherent pulses with trusted intensities, basis-independent "
    "detection efficiency, general attacks (Lim et al. 2014)"
)


def _eps(name: str, value: float) -> float:
    return check_in_range(name, value, 0.0, 1.0, low_open=True, high_open=True)


def _method(protocol: str, method: str | None) -> str:
    if protocol not in METHODS:
        raise InvalidParameterError("protocol", protocol, "one of " + ", ".join(METHODS))
    chosen = DEFAULT_METHOD[protocol] if method is None else method
    if chosen not in METHODS[protocol]:
        raise InvalidParameterError(
            "method", method, f"for {protocol}: one of " + ", ".join(METHODS[protocol])
        )
    return chosen


def _rounds(n_rounds: float) -> float:
    return check_in_range("rounds", n_rounds, 1.0, math.inf, high_open=True)


def diqkd_finite_key(
    s: float,
    qber: float,
    n_rounds: float,
    *,
    method: str | None = None,
    eps_sound: float = 1e-10,
    eps_completeness: float = 1e-2,
    ec_efficiency: float = 1.0,
    preprocessing: bool = True,
) -> KeyResult:
    """CHSH DI-QKD key from ``S``, the key-round QBER and the number of rounds.

    Args:
        s: CHSH value in [-2 sqrt2, 2 sqrt2] (``|S|`` is used; no key for ``|S| <= 2``).
        qber: key-round error rate in [0, 1/2].
        n_rounds: rounds (events), >= 1.
        method: ``renyi`` (default), ``df2019``, ``nadlinger2022``, ``eat2018``,
            ``asymptotic`` or ``random-basis`` (asymptotic, per round: half the rounds are
            sifted out; the rate per sifted key round is in ``parameters``) or
            ``collective`` (finite-size key length for collective attacks, i.e. i.i.d. rounds,
            only: not a general-attack security proof, an upper reference for the general-attack
            methods; no noisy preprocessing, so ``preprocessing`` is ignored).
        eps_sound: total soundness error in (0, 1) (split as in
            :func:`~qnetsim.apps.qkd.optimise.split_security`; ``eat2018`` gives each of its
            four parameters ``eps_sound/5``).
        eps_completeness: honest-abort probability in (0, 1).
        ec_efficiency: error-correction leakage over ``h(Q)``, >= 1 (1 = Shannon limit;
            not used by ``eat2018``, which has its own EC term).
        preprocessing: optimise a noisy-preprocessing flip (Ho et al. 2020).

    Raises:
        InvalidParameterError: any input out of range or an unknown method.

    Examples:
        >>> r = diqkd_finite_key(2.612, 0.0383, 1.2e6)
        >>> r.method, r.key_bits_per_round > 0
        ('renyi', True)
        >>> diqkd_finite_key(2.0, 0.0, 1e9).reason[:6]
        'S <= 2'
    """
    chosen = _method("diqkd", method)
    s_val = check_in_range("S", s, -TSIRELSON_BOUND - 1e-12, TSIRELSON_BOUND + 1e-12)
    s_abs = min(abs(s_val), TSIRELSON_BOUND)
    q = check_in_range("qber", qber, 0.0, 0.5)
    n = _rounds(n_rounds)
    eps = _eps("eps_sound", eps_sound)
    eps_c = _eps("eps_completeness", eps_completeness)
    f_ec = check_in_range("ec_efficiency", ec_efficiency, 1.0, math.inf, high_open=True)
    inputs = {"chsh": s_val, "qber": q}
    if chosen == "asymptotic":
        if preprocessing:
            rate = float(diqkd_key_rate_noisy_preprocessing(s_abs, q))
            flip = float(optimal_flip_probability(s_abs, q))
        else:
            rate, flip = float(diqkd_key_rate(s_abs, q)), 0.0
        reason = (
            ""
            if rate > 0
            else (
                "S <= 2: no CHSH violation" if s_abs <= 2.0 else "the QBER is too high for this S"
            )
        )
        return KeyResult(
            "diqkd",
            chosen,
            rate,
            rate * n,
            rate,
            n,
            "key round",
            {"flip_probability": flip},
            {},
            inputs,
            reason,
            _DI_ASSUMPTIONS,
        )
    if chosen == "random-basis":
        rate, flip = random_basis_key_rate(s_abs, q, preprocessing)
        reason = (
            ""
            if rate > 0
            else (
                "S <= 2: no CHSH violation" if s_abs <= 2.0 else "the QBER is too high for this S"
            )
        )
        per_round = RANDOM_BASIS_SIFTING * rate  # half the rounds have matching key bases
        return KeyResult(
            "diqkd",
            chosen,
            per_round,
            per_round * n,
            per_round,
            n,
            "round",
            {
                "flip_probability": flip,
                "sifting": RANDOM_BASIS_SIFTING,
                "bits_per_sifted_key_round": rate,
            },
            {},
            inputs,
            reason,
            _DI_ASSUMPTIONS + "; key rounds use one of two key bases at random "
            "(per round: the rate per sifted key round x 0.5)",
        )
    if chosen == "nadlinger2022":
        # the paper fixes the error correction (Eq. (23)) and the completeness (<= 0.01)
        if ec_efficiency != 1.0:
            raise InvalidParameterError(
                "ec_efficiency", ec_efficiency, "1 for nadlinger2022 (its own syndrome, Eq. (23))"
            )
        if eps_c != 1e-2:
            raise InvalidParameterError(
                "eps_completeness", eps_c, "0.01 for nadlinger2022 (fixed by its 3-sigma threshold)"
            )
        nad = nadlinger_key(s_abs, q, n, eps_sound=eps)
        asym = asymptotic_rate(0.5 + s_abs / 8.0, q, 1.0, False)
        if nad.key_bits_per_round == 0.0 and asym <= 0.0 and s_abs > 2.0:
            why = "the QBER is too high for this S: no key at any n"
            nad = dataclasses.replace(nad, reason=why)
        return KeyResult(
            "diqkd",
            chosen,
            nad.key_bits_per_round,
            nad.key_length_bits,
            asym,
            n,
            "event",
            {
                "gamma": nad.gamma,
                "p_t": nad.t,
                "alpha": nad.alpha1,
                "alpha2": nad.alpha2,
                "w_threshold": nad.w_threshold,
                "syndrome_bits": nad.syndrome_bits,
            },
            {
                "eps_sound": eps,
                "eps_s": nad.eps_s,
                "eps_ea": nad.eps_ea,
                "eps_pa": nad.eps_pa,
                "eps_hash": 2.0**-61,
                "eps_completeness": 0.01,
            },
            inputs,
            nad.reason,
            _DI_ASSUMPTIONS + "; EC code and abort threshold of Nadlinger "
            "et al. 2022 (Eqs. (23)-(25): 50 sqrt(n) syndrome margin, 3 sigma, completeness "
            "<= 0.01); no noisy preprocessing",
        )
    if chosen == "collective":
        comp = collective_key(
            s_abs, q, n, eps_sound=eps, eps_completeness=eps_c, ec_efficiency=f_ec
        )
        return KeyResult(
            "diqkd",
            chosen,
            comp.key_bits_per_round,
            comp.key_length_bits,
            comp.asymptotic_bits_per_round,
            n,
            "event",
            {
                "gamma": comp.gamma,
                "test_rounds": comp.test_rounds,
                "key_rounds": comp.key_rounds,
                "w_threshold": comp.omega_threshold,
                "chsh_lower": comp.chsh_lower,
                "entropy_lower": comp.entropy_lower,
                "aep_penalty_bits": comp.aep_penalty_bits,
                "flip_probability": 0.0,
                "ec_efficiency": f_ec,
            },
            {
                "eps_sound": eps,
                "eps_cor": comp.eps_part,
                "eps_pe": comp.eps_part,
                "eps_s": comp.eps_part,
                "eps_pa": comp.eps_part,
                "eps_completeness": eps_c,
            },
            inputs,
            comp.reason,
            "COLLECTIVE attacks (i.i.d. rounds) only; not a device-independent security proof "
            "against general attacks; an upper reference for what general-attack bounds "
            "(renyi, nadlinger2022, df2019, eat2018) can reach. Also: quantum mechanics, sealed "
            "labs, trusted randomness, authenticated classical channel; the Acin 2007 / Pironio "
            "2009 collective-attack entropy bound at a Hoeffding lower bound of S, the quantum "
            "AEP (Tomamichel, Colbeck, Renner 2009) on the i.i.d. key rounds, the leftover hash "
            "lemma of Tomamichel et al. 2012; no noisy preprocessing",
        )
    if chosen == "eat2018":
        part = eps / 5.0
        res = eat_key_rate(
            s_abs, q, n, eps_s=part, eps_ea=part, eps_pa=part, eps_ec=part, eps_completeness=eps_c
        )
        reason = (
            ""
            if res.key_rate > 0
            else (
                "S <= 2: no CHSH violation"
                if s_abs <= 2.0
                else "eat2018: the finite-size corrections exceed the entropy at this n"
            )
        )
        return KeyResult(
            "diqkd",
            chosen,
            res.key_rate,
            res.key_length_bits,
            res.asymptotic_rate,
            n,
            "event",
            {"gamma": res.gamma, "p_t": res.p_t, "delta_est": res.delta_est},
            {
                "eps_sound": eps,
                "eps_s": part,
                "eps_ea": part,
                "eps_pa": part,
                "eps_ec": part,
                "eps_completeness": eps_c,
            },
            inputs,
            reason,
            _DI_ASSUMPTIONS,
        )
    sec = split_security(eps, eps_c)
    bound = renyi_key if chosen == "renyi" else df2019_key
    fin: FiniteDIQKDKey = bound(s_abs, q, n, sec, ec_efficiency=f_ec, preprocessing=preprocessing)
    params = {
        "gamma": fin.gamma,
        "alpha": fin.alpha,
        "p_t": fin.p_t,
        "flip_probability": fin.flip_probability,
        "w_threshold": fin.w_threshold,
        "ec_efficiency": f_ec,
    }
    security = {
        "eps_sound": eps,
        "eps_s": sec.eps_s,
        "eps_ea": sec.eps_ea,
        "eps_pa": sec.eps_pa,
        "eps_ec": sec.eps_ec,
        "eps_completeness": eps_c,
    }
    return KeyResult(
        "diqkd",
        fin.method,
        fin.key_bits_per_round,
        fin.key_length_bits,
        fin.asymptotic_bits_per_round,
        n,
        "event",
        params,
        security,
        inputs,
        fin.reason,
        _DI_ASSUMPTIONS,
    )


def _bb84(qber: float, n: float, method: str, eps: float, f_ec: float, p_z: float) -> KeyResult:
    q = check_in_range("qber", qber, 0.0, 0.5)
    pz = check_in_range("p_z", p_z, 0.0, 1.0, low_open=True, high_open=True)
    frac = pz * pz / (pz * pz + (1.0 - pz) ** 2)
    asym = max(frac * (1.0 - (1.0 + f_ec) * float(binary_entropy(q))), 0.0)
    security = {"eps_sound": eps, "eps_sec": eps / 2.0, "eps_cor": eps / 2.0}
    if method == "asymptotic":
        rate = asym
    else:
        rate = float(
            finite_key_rate(n, q, p_z=pz, eps_sec=eps / 2.0, eps_cor=eps / 2.0, ec_efficiency=f_ec)
        )
    reason = (
        ""
        if rate > 0
        else (
            "the QBER is too high"
            if asym <= 0
            else "the finite-size corrections exceed the key at this n"
        )
    )
    return KeyResult(
        "bb84",
        method,
        rate,
        rate * n,
        asym,
        n,
        "sifted signal",
        {"p_z": pz, "ec_efficiency": f_ec},
        security,
        {"qber": q},
        reason,
        _BB84_ASSUMPTIONS,
    )


def key_rate(
    protocol: str,
    *,
    method: str | None = None,
    rounds: float,
    chsh: float | None = None,
    qber: float | None = None,
    eps_sound: float = 1e-10,
    eps_completeness: float = 1e-2,
    ec_efficiency: float | None = None,
    preprocessing: bool = True,
    p_z: float = 0.9,
    length_km: float | None = None,
    channel: DecoyChannel = GYS_CHANNEL,
) -> KeyResult:
    """Key rate of ``protocol`` (``diqkd``, ``bb84``, ``decoy``) with ``method``.

    Args:
        protocol: ``diqkd`` (needs ``chsh``, ``qber``), ``bb84`` (needs ``qber``) or
            ``decoy`` (needs ``length_km``; the statistics come from ``channel``).
        method: see :data:`METHODS`; ``None`` for the protocol's default.
        rounds: events (DI-QKD), sifted signals (BB84) or sent pulses (decoy), >= 1.
        eps_sound: total security parameter in (0, 1).
        eps_completeness: honest-abort probability (DI-QKD), in (0, 1).
        ec_efficiency: error-correction inefficiency >= 1 (default 1.0 for DI-QKD, 1.1 for BB84
            as in Tomamichel et al., the channel's for decoy).
        preprocessing: DI-QKD noisy preprocessing.
        p_z: BB84 key-basis probability.
        length_km: decoy-state fibre length.
        channel: decoy-state link model.

    Raises:
        InvalidParameterError: bad input or a missing statistic.

    Examples:
        >>> key_rate("bb84", qber=0.01, rounds=1e9).key_bits_per_round > 0.8
        True
        >>> key_rate("diqkd", chsh=2.7, qber=0.02, rounds=1e10, method="asymptotic").method
        'asymptotic'
    """
    chosen = _method(protocol, method)
    n = _rounds(rounds)
    eps = _eps("eps_sound", eps_sound)

    def need(name: str, value: float | None) -> float:
        if value is None:
            raise InvalidParameterError(name, None, "a number", f"needed by {protocol}")
        return value

    if protocol == "diqkd":
        return diqkd_finite_key(
            need("chsh", chsh),
            need("qber", qber),
            n,
            method=chosen,
            eps_sound=eps,
            eps_completeness=eps_completeness,
            ec_efficiency=1.0 if ec_efficiency is None else ec_efficiency,
            preprocessing=preprocessing,
        )
    if protocol == "bb84":
        f_ec = check_in_range(
            "ec_efficiency",
            1.1 if ec_efficiency is None else ec_efficiency,
            1.0,
            math.inf,
            high_open=True,
        )
        return _bb84(need("qber", qber), n, chosen, eps, f_ec, p_z)
    length = check_in_range(
        "length_km", need("length_km", length_km), 0.0, math.inf, high_open=True
    )
    res = decoy_finite_key(
        length, n, channel, eps_sound=eps, asymptotic_only=chosen == "asymptotic"
    )
    rate = res.key_bits_per_pulse if chosen == "finite" else res.asymptotic_bits_per_pulse
    return KeyResult(
        "decoy",
        chosen,
        rate,
        rate * n,
        res.asymptotic_bits_per_pulse,
        n,
        "pulse",
        res.parameters(),
        {"eps_sound": eps, "eps_sec": res.eps_sec, "eps_cor": res.eps_cor},
        {"length_km": length},
        res.reason if rate <= 0 else "",
        _DECOY_ASSUMPTIONS,
    )
