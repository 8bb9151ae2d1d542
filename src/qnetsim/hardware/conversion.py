"""Quantum frequency conversion (QFC) to telecom wavelengths.

A converter maps a photon at ``input_wavelength_nm`` to ``output_wavelength_nm`` by
difference-frequency generation with a strong pump (energy conservation,
``1/lambda_pump = 1/lambda_in - 1/lambda_out``), with device efficiency ``eta_qfc`` (here
end-to-end: from the fibre before the converter to the fibre after its filters) and added noise
photons from pump-induced Raman scattering and SPDC at a rate ``noise_rate_hz`` inside the
filter passband (physics.md section 2, "Quantum frequency conversion"). The noise is Poisson,
so the probability of at least one noise photon in a detection window ``tau`` is
``1 - exp(-noise_rate_hz * tau)``.

The presets in :data:`CONVERTERS` are the conversion steps of the experiments in
``shared/reference/experiments.md``; every number carries its source in ``citations``.
Tags: [A] from the paper's abstract, [S] from secondary compilations (experiments.md and
``shared/reference/inputs-2026-12.md``), "ASSUMPTION" where no source was found (the plausible
range of an assumed converter value is given by the platform that uses it,
:attr:`Platform.ranges <qnetsim.hardware.platform.Platform.ranges>`).

Examples:
    >>> c = get_converter("yu2020_795_1342")
    >>> round(c.pump_wavelength_nm)          # the 1950 nm pump of Yu et al. 2020
    1950
    >>> c.efficiency
    0.33
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from qnetsim._validate import check_nonnegative, check_positive, check_probability
from qnetsim.errors import InvalidParameterError

__all__ = [
    "CONVERTERS",
    "FrequencyConverter",
    "get_converter",
]


def _frozen(mapping: Mapping[str, str]) -> Mapping[str, str]:
    return MappingProxyType(dict(mapping))


@dataclass(frozen=True)
class FrequencyConverter:
    """A quantum frequency converter.

    Args:
        input_wavelength_nm: wavelength of the emitter photon (nm), > 0.
        output_wavelength_nm: telecom wavelength after conversion (nm), > 0, != input.
        efficiency: end-to-end conversion efficiency in [0, 1].
        noise_rate_hz: added noise photons per second in the output passband, >= 0.
        name: label.
        citations: field name -> source of its value (empty for user-built converters).

    Raises:
        InvalidParameterError: naming the first invalid field.

    Examples:
        >>> c = FrequencyConverter(780.0, 1315.0, 0.47, noise_rate_hz=100.0)
        >>> round(c.noise_probability(1e-6), 9)   # 1 - exp(-1e-4)
        9.9995e-05
        >>> FrequencyConverter(780.0, 1315.0, 1.5)
        Traceback (most recent call last):
        ...
        qnetsim.errors.InvalidParameterError: efficiency = 1.5 is invalid; valid: [0, 1]
    """

    input_wavelength_nm: float
    output_wavelength_nm: float
    efficiency: float
    noise_rate_hz: float = 0.0
    name: str = "converter"
    citations: Mapping[str, str] = field(
        default_factory=lambda: _frozen({}), compare=False, repr=False
    )

    def __post_init__(self) -> None:
        lin = check_positive("input_wavelength_nm", self.input_wavelength_nm)
        lout = check_positive("output_wavelength_nm", self.output_wavelength_nm)
        if lin == lout:
            raise InvalidParameterError(
                "output_wavelength_nm", self.output_wavelength_nm,
                "a wavelength different from input_wavelength_nm",
            )
        object.__setattr__(self, "input_wavelength_nm", lin)
        object.__setattr__(self, "output_wavelength_nm", lout)
        object.__setattr__(self, "efficiency", check_probability("efficiency", self.efficiency))
        object.__setattr__(
            self, "noise_rate_hz", check_nonnegative("noise_rate_hz", self.noise_rate_hz)
        )
        object.__setattr__(self, "citations", _frozen(self.citations))

    @property
    def pump_wavelength_nm(self) -> float:
        """Pump wavelength of a single-step difference-frequency process,
        ``1 / (1/lambda_in - 1/lambda_out)`` (sum-frequency if the output is bluer: then
        ``1 / (1/lambda_out - 1/lambda_in)``)."""
        return 1.0 / abs(1.0 / self.input_wavelength_nm - 1.0 / self.output_wavelength_nm)

    def noise_probability(self, window_s: float) -> float:
        """Probability of at least one noise photon in a window: ``1 - exp(-rate * window)``."""
        window = check_nonnegative("window_s", window_s)
        return -math.expm1(-self.noise_rate_hz * window)

    def mean_noise_photons(self, window_s: float) -> float:
        """Mean number of noise photons in a window, ``rate * window``."""
        return self.noise_rate_hz * check_nonnegative("window_s", window_s)


_NOISE_ASSUMPTION = (
    "ASSUMPTION: no noise rate found for this converter; 0 here: its noise is lumped into the "
    "detector dark-count rate of the platform using it (an assumption with its own range); "
    "the platform's plausible range for this field shows what separately modelled conversion "
    "noise (pump-induced Raman/SPDC photons in the passband) could be"
)

#: Converter presets, keyed by name.
CONVERTERS: Mapping[str, FrequencyConverter] = MappingProxyType(
    {
        "yu2020_795_1342": FrequencyConverter(
            795.0, 1342.0, 0.33, 280.0, name="yu2020_795_1342",
            citations={
                "input_wavelength_nm": "Yu et al., Nature 578, 240 (2020): Rb D1 795 nm [S]",
                "output_wavelength_nm": "Yu et al. 2020: 1342 nm via DFG with 1950 nm pump [S]",
                "efficiency": "Yu et al. 2020: about 33% end to end [S] (waveguide peak about "
                "70%) (shared/reference/inputs-2026-12.md). The 98% filter transmission [S] is "
                "part of the end-to-end figure and is not applied again",
                "noise_rate_hz": "Yu et al. 2020: background about 280 Hz after the filters [S] "
                "(inputs-2026-12.md). Physically it is noise photons added by the conversion "
                "(pump-induced Raman/SPDC in the 1342 nm passband), so it belongs to the "
                "converter, which the link attenuates by the fibre and detects with the "
                "detector efficiency; the detectors' own dark counts stay on the detector. "
                "Whether the 280 Hz also contains the detectors' dark counts is not stated",
            },
        ),
        "liu2024_795_1342": FrequencyConverter(
            795.0, 1342.0, 0.46, 280.0, name="liu2024_795_1342",
            citations={
                "input_wavelength_nm": "J.-L. Liu et al., Nature 629, 579 (2024): Rb 795 nm [S]",
                "output_wavelength_nm": "J.-L. Liu et al. 2024: 1342 nm O-band [S]",
                "efficiency": "J.-L. Liu et al. 2024: conversion 46% [S] (inputs-2026-12.md)",
                "noise_rate_hz": "ASSUMPTION: not found for Liu 2024; 280 Hz is the background "
                "the same group measured for the same process (795 -> 1342 nm DFG, 1950 nm "
                "pump) in Yu et al. 2020 [S]; the 2024 converter and filters may differ "
                "(range 10-1000 Hz in the platform)",
            },
        ),
        "lu2026_780_1315": FrequencyConverter(
            780.0, 1315.0, 0.47, 0.0, name="lu2026_780_1315",
            citations={
                "input_wavelength_nm": "Lu et al., Science 391, 592 (2026): 87Rb D2 780 nm [S]",
                "output_wavelength_nm": "Lu et al. 2026: converted to 1315 nm [S]",
                "efficiency": "Lu et al. 2026: conversion 780 -> 1315 nm about 47% [S] "
                "(inputs-2026-12.md)",
                "noise_rate_hz": _NOISE_ASSUMPTION,
            },
        ),
        "liu2026_393_1550": FrequencyConverter(
            393.0, 1550.0, 0.091, 35.0 * 0.28, name="liu2026_393_1550",
            citations={
                "input_wavelength_nm": "W.-Z. Liu et al., Nature 652, 51 (2026): 40Ca+ 393 nm "
                "[S]",
                "output_wavelength_nm": "W.-Z. Liu et al. 2026: one PPLN step to 1550 nm with a "
                "527 nm pump [S]",
                "efficiency": "W.-Z. Liu et al. 2026: conversion module to detector, 10 km link, "
                "9.1% end to end, including the filters (28%: 100 GHz, 10 GHz VBG, 40 MHz "
                "etalon) [S] (inputs-2026-12.md). Not stated whether the 9.1% also contains "
                "the 10 km spool (about 2 dB) or the detector efficiency: if it does, the link "
                "counts those twice and the converter alone is up to ~0.091/0.63 = 0.14",
                "noise_rate_hz": "W.-Z. Liu et al. 2026: noise 35 cps at the converter output, "
                "9.6 cps at the detectors [S] (inputs-2026-12.md). The converter's efficiency "
                "here ends after its 28% filters, so its noise is taken there: 35 x 0.28 = "
                "9.8 /s (two published inputs combined; the link then applies the fibre and "
                "the detector efficiency, and the detector adds its own dark counts)",
            },
        ),
        "stolk2024_637_1588": FrequencyConverter(
            637.0, 1588.0, 0.49, 0.0, name="stolk2024_637_1588",
            citations={
                "input_wavelength_nm": "Stolk et al., Sci. Adv. 10, eadp6442 (2024): NV ZPL "
                "637 nm [S]",
                "output_wavelength_nm": "Stolk et al. 2024: L-band 1588 nm [S]; same process as "
                "Dreau et al., PR Applied 9, 064031 (2018) (1064 nm pump)",
                "efficiency": "Stolk et al. 2024: conversion 637 nm -> L-band 48-50% [S] "
                "(inputs-2026-12.md); midpoint 0.49",
                "noise_rate_hz": _NOISE_ASSUMPTION,
            },
        ),
        "knaut2024_737_1350": FrequencyConverter(
            737.0, 1350.0, 0.30, 0.0, name="knaut2024_737_1350",
            citations={
                "input_wavelength_nm": "Knaut et al., Nature 629, 573 (2024): SiV 737 nm [A]",
                "output_wavelength_nm": "Knaut et al. 2024: bidirectional QFC to 1350 nm [A]",
                "efficiency": "Knaut et al. 2024: conversion 737 <-> 1350 nm about 33% and 30% "
                "in the two directions [S] (inputs-2026-12.md; which direction is which is "
                "not stated); one efficiency per pass, the lower 30% (two passes: 0.09 "
                "against 0.099 with both published values)",
                "noise_rate_hz": _NOISE_ASSUMPTION,
            },
        ),
    }
)


def get_converter(name: str) -> FrequencyConverter:
    """The converter preset ``name`` (see :data:`CONVERTERS`).

    Raises:
        InvalidParameterError: for an unknown name, listing the valid names.
    """
    try:
        return CONVERTERS[name]
    except KeyError:
        raise InvalidParameterError(
            "name", name, "one of " + ", ".join(sorted(CONVERTERS))
        ) from None
