"""qnetsim.hardware: physical components and platform presets.

Fibre and free-space channels, frequency converters, detectors, photon sources, memories,
emitters (spin-photon interfaces), and the platform presets of the experiments the project
models (``shared/reference/experiments.md``), each number with its source.

Examples:
    >>> from qnetsim.hardware import Fibre, get_platform
    >>> round(Fibre(100.0).transmissivity, 6)
    0.01
    >>> get_platform("ca_ion_ustc").memory.effective_dephasing_time_s()
    0.55
"""

from __future__ import annotations

from qnetsim.hardware.atmosphere import HufnagelValley, background_count_rate_hz
from qnetsim.hardware.capabilities import Capabilities
from qnetsim.hardware.conversion import CONVERTERS, FrequencyConverter, get_converter
from qnetsim.hardware.detector import Detector, dark_count_probability
from qnetsim.hardware.emitter import Emitter
from qnetsim.hardware.fibre import (
    DEFAULT_ATTENUATION_BANDS,
    GROUP_VELOCITY_KM_PER_S,
    AttenuationBand,
    Fibre,
    default_attenuation_db_per_km,
)
from qnetsim.hardware.free_space import (
    MICIUS_ALTITUDE_KM,
    MICIUS_DELINGHA,
    MICIUS_LIJIANG,
    FreeSpaceLink,
    SatellitePass,
    airmass,
)
from qnetsim.hardware.memory import DecayShape, Memory
from qnetsim.hardware.orbit import DualPass
from qnetsim.hardware.platform import ASSUMPTION_PREFIX, Platform
from qnetsim.hardware.platforms import PLATFORMS, get_platform, platform_names
from qnetsim.hardware.source import (
    MICIUS_PAIR_SOURCE,
    MICIUS_PAIR_SOURCE_CITATIONS,
    PairSource,
    SinglePhotonSource,
)
from qnetsim.hardware.timing import AttemptTiming, Overhead

__all__ = [
    "ASSUMPTION_PREFIX",
    "CONVERTERS",
    "DEFAULT_ATTENUATION_BANDS",
    "GROUP_VELOCITY_KM_PER_S",
    "MICIUS_ALTITUDE_KM",
    "MICIUS_DELINGHA",
    "MICIUS_LIJIANG",
    "MICIUS_PAIR_SOURCE",
    "MICIUS_PAIR_SOURCE_CITATIONS",
    "PLATFORMS",
    "AttemptTiming",
    "AttenuationBand",
    "Capabilities",
    "DecayShape",
    "Detector",
    "DualPass",
    "Emitter",
    "Fibre",
    "FreeSpaceLink",
    "FrequencyConverter",
    "HufnagelValley",
    "Memory",
    "Overhead",
    "PairSource",
    "Platform",
    "SatellitePass",
    "SinglePhotonSource",
    "airmass",
    "background_count_rate_hz",
    "dark_count_probability",
    "default_attenuation_db_per_km",
    "get_converter",
    "get_platform",
    "platform_names",
]
