"""Lim et al. 2014's own evaluation of finite-size decoy BB84: their detector model, fixed block.

Lim, Curty, Walenta, Xu and Zbinden (2014), Sec. IV, evaluate their bound
(:func:`qnetsim.apps.qkd.decoy_finite.lim2014_key_length`) on a fibre link with two InGaAs
detectors and a **fixed post-processing block** ``n_X`` (Alice keeps sending until ``n_X``
X-basis detections are collected, so the number of pulses ``N = n_X / (q_x^2 sum_k p_k R_k)``
follows from the optimised parameters), with the secrecy parameter proportional to the key,
``eps_sec = kappa l``. Their detector and channel model (dedicated fibre):

    eta_ch = 10^(-a L/10),  eta_sys = eta_ch eta_Bob,
    D_k = 1 - (1 - 2 p_dc) exp(-eta_sys k)        (detection, two detectors),
    R_k = D_k (1 + p_ap)                          (with afterpulses),
    e_k = p_dc + e_mis [1 - exp(-eta_sys k)] + p_ap D_k / 2   (error probability),

gain ``R_k`` and QBER ``e_k / R_k``. Parameters (their Sec. IV): ``a`` = 0.2 dB/km, ``eta_Bob``
= 10 %, ``p_dc`` = 6e-7, ``p_ap`` = 4e-2, ``e_mis`` = 5e-3, ``f_EC`` = 1.16, ``mu3`` = 2e-4,
``kappa`` = 1e-15, ``eps_cor`` = 1e-15; free: ``q_x, p_mu1, p_mu2, mu1, mu2``.

**One reading of the paper is a diagnosis.** The printed error model has ``exp(-eta_ch k)`` in
the misalignment term (the fibre alone, without Bob's 10 %), which makes optical errors ten
times likelier than detections allow. With it, the key at 100 km for ``n_X = 1e9`` is 2.7
times the one for ``n_X = 1e7``; the paper's text says "about 1.75". With ``eta_sys`` it is
1.79. We use ``eta_sys``; the printed ``eta_ch`` is selectable (``misalignment_uses_fibre_only``)
so that the comparison can be rerun. This is the choice between two readings of a model, not a
tuned input: no parameter value was changed.

References:
    C. C. W. Lim, M. Curty, N. Walenta, F. Xu, H. Zbinden, "Concise security bounds for
    practical decoy-state quantum key distribution", Phys. Rev. A 89, 022307 (2014), Sec. IV
    and Fig. 1. DOI: 10.1103/PhysRevA.89.022307
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from qnetsim._validate import check_in_range, check_positive
from qnetsim.apps.qkd.decoy_finite import MU3, DecoyFiniteKey, optimise_lim2014
from qnetsim.errors import InvalidParameterError

__all__ = ["LIM2014_CHANNEL", "Lim2014Channel", "lim2014_block_key"]


@dataclass(frozen=True)
class Lim2014Channel:
    """Dedicated-fibre link with two threshold detectors (Lim et al. 2014, Sec. IV).

    Attributes:
        attenuation_db_per_km: fibre loss, > 0 (0.2 in the paper).
        detector_efficiency: ``eta_Bob`` in (0, 1] (0.10).
        dark_count_probability: ``p_dc`` per detector and pulse, in [0, 1/2) (6e-7).
        afterpulse_probability: ``p_ap`` in [0, 1) (4e-2).
        misalignment: ``e_mis`` in [0, 1/2] (5e-3).
        ec_efficiency: ``f_EC`` >= 1 (1.16).
        misalignment_uses_fibre_only: the printed form ``exp(-eta_ch k)`` in the error model
            instead of ``exp(-eta_sys k)`` (module doc; default False).

    Examples:
        >>> gain, qber = LIM2014_CHANNEL.gain_qber(np.array(0.5), 50.0)
        >>> bool(0.004 < float(qber) < 0.05)
        True
    """

    attenuation_db_per_km: float = 0.2
    detector_efficiency: float = 0.10
    dark_count_probability: float = 6e-7
    afterpulse_probability: float = 4e-2
    misalignment: float = 5e-3
    ec_efficiency: float = 1.16
    misalignment_uses_fibre_only: bool = False

    def __post_init__(self) -> None:
        check_positive("attenuation_db_per_km", self.attenuation_db_per_km)
        check_in_range("detector_efficiency", self.detector_efficiency, 0.0, 1.0, low_open=True)
        check_in_range("dark_count_probability", self.dark_count_probability, 0.0, 0.5,
                       high_open=True)
        check_in_range("afterpulse_probability", self.afterpulse_probability, 0.0, 1.0,
                       high_open=True)
        check_in_range("misalignment", self.misalignment, 0.0, 0.5)
        check_in_range("ec_efficiency", self.ec_efficiency, 1.0, math.inf)
        if not isinstance(self.misalignment_uses_fibre_only, bool):
            raise InvalidParameterError("misalignment_uses_fibre_only",
                                        self.misalignment_uses_fibre_only, "True or False")

    def gain_qber(
        self, intensity: NDArray[np.float64], length_km: float
    ) -> tuple[ArrayLike, ArrayLike]:
        """Gain ``R_k`` and QBER ``e_k/R_k`` at mean photon number ``intensity`` (module doc)."""
        eta_ch = 10.0 ** (-self.attenuation_db_per_km * length_km / 10.0)
        eta_sys = eta_ch * self.detector_efficiency
        mu = np.asarray(intensity, dtype=np.float64)
        p_dc, p_ap = self.dark_count_probability, self.afterpulse_probability
        # 1 - (1 - 2 p_dc) e^-x, written so that it stays accurate (and > 0) for tiny x.
        detect = -np.expm1(-eta_sys * mu) + 2.0 * p_dc * np.exp(-eta_sys * mu)
        gain = detect * (1.0 + p_ap)
        eta_err = eta_ch if self.misalignment_uses_fibre_only else eta_sys
        errors = p_dc + self.misalignment * -np.expm1(-eta_err * mu) + p_ap * detect / 2.0
        with np.errstate(divide="ignore", invalid="ignore"):
            qber = np.where(gain > 0.0, errors / np.where(gain > 0.0, gain, 1.0), 0.5)
        return gain, qber


#: The paper's parameters (Sec. IV, dedicated fibre).
LIM2014_CHANNEL = Lim2014Channel()


def lim2014_block_key(
    length_km: float,
    block_size: float,
    channel: Lim2014Channel = LIM2014_CHANNEL,
    *,
    kappa: float = 1e-15,
    eps_cor: float = 1e-15,
) -> DecoyFiniteKey:
    """Key per pulse of Lim et al. 2014 at a fixed block ``n_X``, ``eps_sec = kappa l``.

    ``eps_sec`` depends on the key length it secures: for every parameter point the key is the
    self-consistent one (:func:`~qnetsim.apps.qkd.decoy_finite.optimise_lim2014` with
    ``kappa``), and the ``eps_sec`` reported is at least ``kappa`` times the key returned.

    Args:
        length_km: fibre length >= 0.
        block_size: post-processing block ``n_X`` (X-basis detections), in ``[1, 1/kappa)``
            (so that ``eps_sec = kappa l < 1``).
        channel: the link model.
        kappa: secrecy leakage per key bit, in (0, 1).
        eps_cor: correctness parameter, in (0, 1).

    References:
        C. C. W. Lim et al., Phys. Rev. A 89, 022307 (2014), Sec. IV, Fig. 1.
        DOI: 10.1103/PhysRevA.89.022307

    Examples:
        >>> r = lim2014_block_key(50.0, 1e8)
        >>> bool(1e-4 < r.key_bits_per_pulse < r.asymptotic_bits_per_pulse)
        True
    """
    if not isinstance(channel, Lim2014Channel):
        raise InvalidParameterError("channel", channel, "a Lim2014Channel")
    length = check_in_range("length_km", length_km, 0.0, math.inf, high_open=True)
    n_x = check_in_range("block_size", block_size, 1.0, math.inf, high_open=True)
    kap = check_in_range("kappa", kappa, 0.0, 1.0, low_open=True, high_open=True)
    cor = check_in_range("eps_cor", eps_cor, 0.0, 1.0, low_open=True, high_open=True)
    # l <= n_X, so eps_sec = kappa l stays below 1 (a meaningful secrecy claim) for every key
    # the block can give only if kappa n_X < 1.
    check_in_range("block_size", n_x, 1.0, 1.0 / kap, high_open=True)
    f_ec = channel.ec_efficiency
    asym_len, _, _, _ = optimise_lim2014(length, channel.gain_qber, f_ec, cor, eps_sec=1e-10,
                                         n_pulses=1.0, finite=False)
    asym = max(asym_len, 0.0) if np.isfinite(asym_len) else 0.0
    key_len, n_pulses, eps_sec, params = optimise_lim2014(
        length, channel.gain_qber, f_ec, cor, kappa=kap, block_size=n_x)
    if np.isfinite(key_len) and key_len > 0.0:
        return DecoyFiniteKey(key_len / n_pulses, asym, n_pulses, *params, eps_sec, cor, "")
    reason = ("no key even asymptotically at this length" if asym <= 0.0 else
              f"the finite-size corrections at n_X = {n_x:g} exceed the key")
    nan = math.nan
    return DecoyFiniteKey(0.0, asym, nan, nan, nan, MU3, nan, nan, nan, nan, cor, reason)
