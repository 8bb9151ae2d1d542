"""Shared citation helpers of the platform presets: the ``ASSUMPTION: ...`` and
``Not applicable: ...`` prefixes (:func:`_a`, :func:`_na`) and the citation phrases and ranges
several presets use (sources: ``shared/reference/inputs-2026-12.md``, Sangouard et al.,
RMP 83, 33 (2011)). The citation kinds are described in :mod:`qnetsim.hardware.platforms`.
"""

from __future__ import annotations

import math

from qnetsim.hardware.platform import ASSUMPTION_PREFIX

_INF = math.inf


def _a(reason: str) -> str:
    return f"{ASSUMPTION_PREFIX} {reason}"


def _na(reason: str) -> str:
    return f"Not applicable: {reason}"


_INPUTS = "shared/reference/inputs-2026-12.md"
_NO_GATES = _na(
    "ensemble memories perform no local gates in these experiments (1.0: no gate error is modelled)"
)
_PHOTONIC_READOUT = _na("photonic read-out: its errors are the detector's (1.0)")
_SNSPD_DEAD = _a("typical SNSPD recovery ~50 ns; not from the paper (range 20-100 ns)")
_NO_MUX = _a(
    "no multiplexing is described in the sources: one mode per attempt; multiplexing "
    "is a design choice for projections, so the range is fixed at 1"
)
_SELF = _na(
    "the electron spin is both communication and storage qubit; when a herald arrives "
    "the node stops attempting, so no stored qubit suffers later attempts (0)"
)
_SINGLE_ION = _na(
    "one ion per node is both communication and storage qubit; attempts stop on a herald (0)"
)
_SINGLE_ATOM = _na(
    "one atom per node is both communication and storage qubit; attempts stop on a herald (0)"
)
_ENS_SPIN_PHOTON = _a(
    "0: the errors of the ensemble's write-photon / spin-wave correlation are the "
    "multi-excitation part, modelled by excitation_probability; any further error (imperfect "
    "pumping, spin-wave phase noise) was not found (range 0-0.05)"
)
_ENS_DOUBLE = _na(
    "a single-emitter re-excitation has no ensemble analogue; multi-excitations "
    "are excitation_probability (Sangouard et al., RMP 83, 33 (2011)) (0)"
)
_SINGLE_EMITTER_QUALITY = _a(
    "0: no spin-photon state error beyond hom_visibility and phase noise was found for this "
    "emitter (range 0-0.05)"
)
_NO_OPTICAL_READOUT = _na(
    "a spin qubit read by fluorescence, not an optical memory read "
    "out into a photon: no memory-added noise photons (0)"
)
_INCLUDED_CYCLE = "Included in emitter.attempt_duration_s (the local cycle it cites) (0)"
_INCLUDED_RATE = (
    "Included in the published repetition rate timing.repetition_rate_hz, which "
    "replaces the local parts (0)"
)
_DUTY = (
    "1.0: the fraction of wall time lost to interruptions (reloading, checks, phase "
    "stabilisation) is not stated; 1 is the upper end (no interruption), not a fit"
)
_CONV_NOISE_RANGE = (0.0, 1000.0)
