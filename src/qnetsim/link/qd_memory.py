"""A single-photon source stored in and retrieved from a memory: the quantum-dot-to-memory
interface of Thomas et al., Sci. Adv. 10, eadi7346 (2024), doi:10.1126/sciadv.adi7346.

Chain: source (brightness per trigger into fibre, g2(0)) -> transport into the memory
(``input_transmission``: fibre, filters, mode matching) -> memory (storage-time dependent
efficiency, :meth:`qnetsim.hardware.Memory.retrieval_efficiency`) -> detector (efficiency,
dark counts per window, plus memory noise photons per retrieval).

Per trigger, the detected signal probability is ``S = b T eta_mem(t) eta_det`` and the noise
probability ``N = p_dark + n_mem eta_det``; the signal-to-noise ratio is ``S/N``. The retrieved
field is the incoherent sum of the signal and independent noise, whose intensity
correlations add (R. Loudon, *The Quantum Theory of Light*, 3rd ed., OUP 2000, ch. 6):

    g2_out = (g2_s S^2 + 2 S N + g2_n N^2) / (S + N)^2,

with ``g2_n = 1`` for Poissonian noise (dark counts) and 2 for thermal noise. The end-to-end
efficiency is ``T eta_mem(t)`` (source output to memory output).

Examples:
    >>> from qnetsim.hardware import get_platform
    >>> r = interface_from_platform(get_platform("qd_rb_vapour_imperial"), storage_time_s=0.0)
    >>> round(r.memory_efficiency, 3)
    0.129
"""

from __future__ import annotations

from dataclasses import dataclass

from qnetsim._validate import check_in_range, check_nonnegative, check_probability
from qnetsim.errors import InvalidParameterError
from qnetsim.hardware.detector import Detector
from qnetsim.hardware.memory import Memory
from qnetsim.hardware.platform import Platform
from qnetsim.hardware.source import SinglePhotonSource

__all__ = ["StorageResult", "interface_from_platform", "store_and_retrieve"]


@dataclass(frozen=True)
class StorageResult:
    """What a source-memory-detector chain delivers per trigger.

    Attributes:
        memory_efficiency: the memory's retrieval efficiency at the storage time.
        end_to_end_efficiency: from the source's output fibre to the memory's output.
        signal_probability: detected retrieved signal photons per trigger.
        noise_probability: detected noise (dark counts and memory noise) per trigger.
        snr: ``signal_probability / noise_probability`` (inf without noise).
        retrieved_g2: g2(0) of the detected retrieved light.
        signal_rate_hz: detected retrieved photons per second.
    """

    memory_efficiency: float
    end_to_end_efficiency: float
    signal_probability: float
    noise_probability: float
    snr: float
    retrieved_g2: float
    signal_rate_hz: float


def store_and_retrieve(
    source: SinglePhotonSource,
    memory: Memory,
    detector: Detector,
    storage_time_s: float,
    input_transmission: float = 1.0,
    memory_noise_photons: float = 0.0,
    noise_g2: float = 1.0,
) -> StorageResult:
    """Store the source's photons for ``storage_time_s`` and detect the retrieved light.

    Args:
        source: single-photon source (brightness per trigger, g2(0), repetition rate).
        memory: a memory with a retrieval efficiency (``retrieval_efficiency_0``).
        detector: the detector after the memory.
        storage_time_s: storage time, >= 0.
        input_transmission: source fibre to memory input (filters, coupling), in [0, 1].
        memory_noise_photons: extra noise photons per retrieval at the memory output, >= 0,
            on top of the memory's own noise floor
            (:attr:`Memory.noise_photons_per_retrieval
            <qnetsim.hardware.memory.Memory.noise_photons_per_retrieval>`).
        noise_g2: g2(0) of the noise: 1 (Poissonian) to 2 (thermal).
    """
    t = check_nonnegative("storage_time_s", storage_time_s)
    transmission = check_probability("input_transmission", input_transmission)
    n_mem = check_nonnegative("memory_noise_photons", memory_noise_photons)
    g2n = check_in_range("noise_g2", noise_g2, 1.0, 2.0)
    if memory.retrieval_efficiency_0 is None:
        raise InvalidParameterError(
            "memory.retrieval_efficiency_0", None, "[0, 1] (a memory with optical read-out)"
        )
    eta_mem = memory.retrieval_efficiency(t)
    signal = source.efficiency * transmission * eta_mem * detector.efficiency
    n_mem += memory.noise_photons_per_retrieval  # the memory's own noise floor
    noise = detector.dark_count_probability + n_mem * detector.efficiency
    total = signal + noise
    g2 = (
        (source.g2_zero * signal**2 + 2 * signal * noise + g2n * noise**2) / total**2
        if total > 0
        else 0.0
    )
    snr = signal / noise if noise > 0 else float("inf")
    return StorageResult(
        memory_efficiency=eta_mem,
        end_to_end_efficiency=transmission * eta_mem,
        signal_probability=signal,
        noise_probability=noise,
        snr=snr,
        retrieved_g2=g2,
        signal_rate_hz=signal * source.repetition_rate_hz,
    )


def interface_from_platform(
    platform: Platform,
    storage_time_s: float,
    input_transmission: float = 1.0,
    memory_noise_photons: float = 0.0,
) -> StorageResult:
    """:func:`store_and_retrieve` with a platform's source, memory and detector."""
    if platform.source is None:
        raise InvalidParameterError(
            "platform.source",
            None,
            "a SinglePhotonSource (e.g. the 'qd_rb_vapour_imperial' preset)",
        )
    return store_and_retrieve(
        platform.source,
        platform.memory,
        platform.detector,
        storage_time_s,
        input_transmission,
        memory_noise_photons,
    )
