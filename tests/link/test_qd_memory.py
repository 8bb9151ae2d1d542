"""Quantum-dot photons through a memory: efficiency, SNR and retrieved g2."""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pytest
from scipy.stats import binom, poisson

from qnetsim.errors import InvalidParameterError
from qnetsim.hardware import Detector, Memory, SinglePhotonSource, get_platform
from qnetsim.link.qd_memory import interface_from_platform, store_and_retrieve

SOURCE = SinglePhotonSource(
    wavelength_nm=1529.0, efficiency=0.2, g2_zero=0.1, repetition_rate_hz=1e6
)
MEMORY = Memory(t2_s=1e-9, retrieval_efficiency_0=0.3, retrieval_lifetime_s=1e-9)
DETECTOR = Detector(efficiency=0.7, dark_count_rate_hz=5e4, window_s=1e-6)


def g2_from_distributions(source: SinglePhotonSource, eta: float, noise_mean: float) -> float:
    """Independent check: build the signal photon-number distribution with the source's g2
    (P(2) = g2 P(1)^2 / 2 to leading order, exact definition below), thin it binomially by
    ``eta``, add independent Poisson noise, and evaluate <n(n-1)>/<n>^2 numerically."""
    b, g2 = source.efficiency, source.g2_zero
    # P1 + 2 P2 = b and 2 P2 / b^2 = g2 define the two-photon admixture exactly.
    p2 = g2 * b**2 / 2
    p1 = b - 2 * p2
    dist = np.array([1 - p1 - p2, p1, p2])
    thinned = np.zeros(3)
    for n, pn in enumerate(dist):
        thinned[: n + 1] += pn * binom.pmf(np.arange(n + 1), n, eta)
    noise = poisson.pmf(np.arange(40), noise_mean)
    total = np.convolve(thinned, noise)
    n = np.arange(total.size)
    return float((total * n * (n - 1)).sum() / (total * n).sum() ** 2)


def test_retrieved_g2_matches_photon_number_calculation() -> None:
    r = store_and_retrieve(SOURCE, MEMORY, DETECTOR, 0.5e-9, input_transmission=0.8)
    eta = 0.8 * MEMORY.retrieval_efficiency(0.5e-9) * DETECTOR.efficiency
    noise_mean = DETECTOR.dark_count_rate_hz * DETECTOR.window_s
    expected = g2_from_distributions(SOURCE, eta, noise_mean)
    # Our formula uses click probabilities (1 - exp(-mean)) for the dark counts; the exact
    # photon-number value uses the mean: they agree to O(noise_mean) = 5e-2 relative on N.
    assert r.retrieved_g2 == pytest.approx(expected, rel=0.05)


def test_limits_of_g2_and_snr() -> None:
    quiet = dataclasses.replace(DETECTOR, dark_count_rate_hz=0.0)
    r = store_and_retrieve(SOURCE, MEMORY, quiet, 0.0)
    assert r.retrieved_g2 == pytest.approx(SOURCE.g2_zero)
    assert math.isinf(r.snr)
    r = store_and_retrieve(SOURCE, MEMORY, DETECTOR, 0.0)
    assert r.snr == pytest.approx(r.signal_probability / r.noise_probability)
    assert r.retrieved_g2 > SOURCE.g2_zero


def test_efficiency_follows_memory_decay() -> None:
    r0 = store_and_retrieve(SOURCE, MEMORY, DETECTOR, 0.0, input_transmission=0.5)
    r1 = store_and_retrieve(SOURCE, MEMORY, DETECTOR, 1e-9, input_transmission=0.5)
    assert r0.end_to_end_efficiency == pytest.approx(0.5 * 0.3)
    assert r1.memory_efficiency == pytest.approx(0.3 * math.exp(-1.0))  # Gaussian, t = tau
    assert r1.signal_rate_hz == pytest.approx(r1.signal_probability * 1e6)


def test_imperial_preset_runs() -> None:
    r = interface_from_platform(get_platform("qd_rb_vapour_imperial"), 0.0)
    assert r.memory_efficiency == pytest.approx(0.129)


def test_qd_memory_errors() -> None:
    with pytest.raises(InvalidParameterError, match="storage_time_s = -1"):
        store_and_retrieve(SOURCE, MEMORY, DETECTOR, -1.0)
    with pytest.raises(InvalidParameterError, match="memory.retrieval_efficiency_0"):
        store_and_retrieve(SOURCE, Memory(t2_s=1.0), DETECTOR, 0.0)
    with pytest.raises(InvalidParameterError, match="platform.source"):
        interface_from_platform(get_platform("nv_delft"), 0.0)
    with pytest.raises(InvalidParameterError, match="noise_g2 = 3"):
        store_and_retrieve(SOURCE, MEMORY, DETECTOR, 0.0, noise_g2=3.0)


def test_memory_noise_floor_sets_the_snr() -> None:
    """mu_1 (signal = noise at mu_1 input photons, Thomas et al. arXiv:2211.04415): with no
    dark counts, SNR = input photons per pulse / mu_1."""
    import dataclasses

    from qnetsim.hardware import Detector, Memory, SinglePhotonSource
    from qnetsim.link.qd_memory import store_and_retrieve

    memory = Memory(1e-9, retrieval_efficiency_0=0.2, noise_floor_input_photons=4.5e-6)
    source = SinglePhotonSource(1529.3, efficiency=1e-4, g2_zero=0.0, repetition_rate_hz=1e6)
    quiet = Detector(0.8, 0.0, 1e-9)
    r = store_and_retrieve(source, memory, quiet, 0.0)
    assert r.snr == pytest.approx(1e-4 / 4.5e-6)
    none = store_and_retrieve(source, dataclasses.replace(memory, noise_floor_input_photons=0.0),
                              quiet, 0.0)
    assert none.snr == float("inf")
