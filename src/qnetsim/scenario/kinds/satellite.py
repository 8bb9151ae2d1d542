"""The ``satellite`` kind: entanglement distribution from a satellite over two downlinks.

The preset (:data:`qnetsim.link.satellite.MICIUS_DUAL_DOWNLINK`, Yin et al., Science 356,
1140 (2017)) is modified by the fields of the ``[satellite]`` table that are set; the rest
keep the preset's cited values. One pass is integrated over the common visibility window
(:meth:`~qnetsim.link.satellite.DualDownlink.summary`); the CHSH test is sampled from a
Poisson number of coincidences, so ``chsh_s`` carries its statistical error.

Free-space keys (:data:`LINK_KEYS`; both downlinks): ``pointing_jitter_rad``,
``zenith_transmission``, ``optics_efficiency``, ``transmitter_efficiency`` and
``turbulence_ground_cn2`` (the ``A`` of a Hufnagel-Valley profile; 0 keeps the other HV 5/7
terms), and ``source_visibility`` (the pairs' Werner visibility, ``F = (1 + 3V)/4``). They are
declared in this module's :data:`TABLE`.

Quantities: ``loss_db_min``, ``loss_db_max``, ``loss_db_mean``, ``summed_range_km_min``,
``summed_range_km_max``, ``coincidence_rate_hz``, ``accidental_rate_hz``, ``fidelity``,
``chsh_s_expected`` (closed form over the pass) and ``chsh_s`` (sampled).
"""

from __future__ import annotations

import dataclasses
from typing import Any

import numpy as np

from qnetsim._validate import RngLike, as_rng
from qnetsim.errors import QnetsimValueError
from qnetsim.hardware.atmosphere import HufnagelValley
from qnetsim.hardware.orbit import DualPass
from qnetsim.hardware.source import MICIUS_SOURCE_VISIBILITY
from qnetsim.link.satellite import (
    MICIUS_ASSUMED_RANGES,
    MICIUS_DUAL_DOWNLINK,
    MICIUS_STATION_SEPARATION_KM,
    DualDownlink,
    micius_noise_rate_hz,
)
from qnetsim.scenario.document import Scenario
from qnetsim.scenario.kinds.base import Estimates, Evaluation, Kind
from qnetsim.scenario.result import Estimate
from qnetsim.scenario.schema import Field, ScenarioError, Table

__all__ = [
    "KIND",
    "LINK_KEYS",
    "TABLE",
    "assumed_inputs",
    "build_dual_downlink",
    "pass_estimates",
]

#: ``[satellite]`` keys that change both downlinks (FreeSpaceLink fields).
LINK_KEYS = (
    "pointing_jitter_rad",
    "zenith_transmission",
    "optics_efficiency",
    "transmitter_efficiency",
    "turbulence_ground_cn2",
)

#: The ``[satellite]`` table.
TABLE = Table(
    {
        "preset": Field(
            str, "the dual-downlink preset the fields below modify", "micius", choices=("micius",)
        ),
        "pair_rate_hz": Field(
            float, "pairs emitted per second on board", None, low=0.0, low_open=True
        ),
        "source_fidelity": Field(float, "fidelity of the emitted pair", None, low=0.0, high=1.0),
        "altitude_km": Field(float, "orbit altitude (km)", None, low=0.0, low_open=True),
        "separation_km": Field(
            float, "great-circle distance between the stations (km)", None, low=0.0, low_open=True
        ),
        "cross_track_km": Field(
            float, "stations' distance from the ground track (km)", None, low=0.0
        ),
        "min_elevation_deg": Field(
            float,
            "elevation below which a station cannot receive",
            None,
            low=0.0,
            high=90.0,
            high_open=True,
        ),
        "detector_efficiency": Field(
            float, "detection efficiency per station", None, low=0.0, high=1.0
        ),
        "noise_rate_hz": Field(float, "dark + background counts per station (Hz)", None, low=0.0),
        "coincidence_window_s": Field(
            float, "coincidence window (s)", None, low=0.0, low_open=True
        ),
        "time_samples": Field(int, "time points over the common visibility window", 201, low=2),
        "source_visibility": Field(
            float, "two-photon (Werner) visibility of the pairs", None, low=0.0, high=1.0
        ),
        "pointing_jitter_rad": Field(
            float, "rms pointing error per axis (rad), both downlinks", None, low=0.0
        ),
        "zenith_transmission": Field(
            float, "atmospheric transmission at zenith", None, low=0.0, high=1.0
        ),
        "optics_efficiency": Field(
            float,
            "receiver optics and coupling efficiency (no detectors)",
            None,
            low=0.0,
            high=1.0,
        ),
        "transmitter_efficiency": Field(
            float, "satellite transmitter optics efficiency", None, low=0.0, high=1.0
        ),
        "turbulence_ground_cn2": Field(
            float, "Hufnagel-Valley ground-level Cn2 A (m^-2/3)", None, low=0.0
        ),
    },
    "Satellite entanglement distribution over two downlinks (kind = 'satellite'); unset "
    "fields keep the preset's cited values.",
    fill=False,
)

_GEOMETRY_KEYS = ("separation_km", "altitude_km", "cross_track_km", "min_elevation_deg")


def _no_common_window(
    scn: Scenario,
    altitude_km: float,
    separation_km: float,
    cross_track_km: float,
    min_elevation_deg: float,
) -> ScenarioError:
    """The geometry has no time when both stations see the satellite: say so in the user's
    terms, with the largest separation that still has a common window."""
    given = [k for k in _GEOMETRY_KEYS if scn.doc["satellite"][k] is not None]
    key = f"satellite.{given[0]}" if given else "satellite"
    limit = ""
    try:
        reach = DualPass.max_separation_km(altitude_km, cross_track_km, min_elevation_deg)
        limit = f"; they do below about {reach:.0f} km"
    except QnetsimValueError:
        pass
    return ScenarioError(
        scn.source,
        key,
        f"the two stations have no common visibility window: {separation_km:g} km apart, "
        f"they never see the satellite (altitude {altitude_km:g} km, elevation >= "
        f"{min_elevation_deg:g} deg, {cross_track_km:g} km from the ground track) at the "
        f"same time{limit}",
    )


def build_dual_downlink(scn: Scenario) -> DualDownlink:
    """The :class:`~qnetsim.link.satellite.DualDownlink` of the ``[satellite]`` table.

    Raises:
        ScenarioError: naming the ``satellite.*`` key of a value the model rejects (e.g. a
            station separation without a common visibility window).
    """
    sat = scn.doc["satellite"]
    base = MICIUS_DUAL_DOWNLINK

    def key_of(exc: QnetsimValueError, keys: tuple[str, ...]) -> str:
        name = str(getattr(exc, "name", ""))
        for k in keys:
            if name.endswith(k) and sat[k] is not None:
                return f"satellite.{k}"
        given = [k for k in keys if sat[k] is not None]
        return f"satellite.{given[0]}" if len(given) == 1 else "satellite"

    source = base.source
    try:
        if sat["pair_rate_hz"] is not None:
            source = dataclasses.replace(source, pair_rate_hz=sat["pair_rate_hz"])
        if sat["source_fidelity"] is not None:
            source = dataclasses.replace(source, fidelity=sat["source_fidelity"])
        if sat.get("source_visibility") is not None:
            source = type(source).from_visibility(
                source.signal_wavelength_nm,
                source.idler_wavelength_nm,
                source.pair_rate_hz,
                sat["source_visibility"],
                repetition_rate_hz=source.repetition_rate_hz,
                statistics=source.statistics,
            )
    except QnetsimValueError as exc:
        if str(getattr(exc, "name", "")) == "visibility":
            raise ScenarioError(scn.source, "satellite.source_visibility", str(exc)) from None
        raise ScenarioError(
            scn.source, key_of(exc, ("pair_rate_hz", "source_fidelity")), str(exc)
        ) from None
    link_changes: dict[str, Any] = {}
    for k in LINK_KEYS:
        if sat.get(k) is None:
            continue
        if k == "turbulence_ground_cn2":
            try:
                link_changes["turbulence"] = HufnagelValley(ground_cn2_m_2_3=sat[k])
            except QnetsimValueError as exc:
                raise ScenarioError(scn.source, f"satellite.{k}", str(exc)) from None
        else:
            link_changes[k] = sat[k]
    links: dict[str, Any] = {}
    for name in ("link_a", "link_b"):
        try:
            links[name] = dataclasses.replace(getattr(base, name), **link_changes)
        except QnetsimValueError as exc:
            bad = str(getattr(exc, "name", ""))
            key = f"satellite.{bad}" if bad in LINK_KEYS else "satellite"
            raise ScenarioError(scn.source, key, str(exc)) from None
    geometry = base.geometry
    if any(sat[k] is not None for k in _GEOMETRY_KEYS):
        pa = base.geometry.pass_a
        altitude = sat["altitude_km"] if sat["altitude_km"] is not None else pa.altitude_km
        separation = sat["separation_km"] or MICIUS_STATION_SEPARATION_KM
        cross = sat["cross_track_km"] or 0.0
        e_min = (
            sat["min_elevation_deg"]
            if sat["min_elevation_deg"] is not None
            else pa.min_elevation_deg
        )
        try:
            geometry = DualPass.along_track(
                altitude, separation, cross_track_km=cross, min_elevation_deg=e_min
            )
        except QnetsimValueError as exc:
            if str(getattr(exc, "name", "")).startswith("closest_approach"):
                raise _no_common_window(scn, altitude, separation, cross, e_min) from None
            raise ScenarioError(scn.source, key_of(exc, _GEOMETRY_KEYS), str(exc)) from None
    changes: dict[str, Any] = {"source": source, "geometry": geometry, **links}
    if sat["detector_efficiency"] is not None:
        changes["detector_efficiency_a"] = changes["detector_efficiency_b"] = sat[
            "detector_efficiency"
        ]
    if sat["noise_rate_hz"] is not None:
        changes["noise_rate_a_hz"] = changes["noise_rate_b_hz"] = sat["noise_rate_hz"]
    elif sat["detector_efficiency"] is not None or sat.get("optics_efficiency") is not None:
        # the night-sky part of the preset's noise scales with the receiver's throughput
        det = changes.get("detector_efficiency_a", base.detector_efficiency_a)
        for label, name in (("a", "link_a"), ("b", "link_b")):
            changes[f"noise_rate_{label}_hz"] = micius_noise_rate_hz(links[name], det)
    if sat["coincidence_window_s"] is not None:
        changes["coincidence_window_s"] = sat["coincidence_window_s"]
    try:
        return dataclasses.replace(base, **changes)
    except QnetsimValueError as exc:
        keys = ("detector_efficiency", "noise_rate_hz", "coincidence_window_s")
        name = str(getattr(exc, "name", ""))
        hit = [k for k in keys if sat[k] is not None and name.startswith(k.split("_")[0])]
        key = f"satellite.{hit[0]}" if len(hit) == 1 else key_of(exc, keys)
        raise ScenarioError(scn.source, key, str(exc)) from None


def pass_estimates(link: DualDownlink, n_samples: int, rng: RngLike | None) -> Estimates:
    """The quantities of one pass of ``link`` on ``n_samples`` times (with ``rng``, a
    Generator or an int seed, the CHSH test is sampled too)."""
    gen = None if rng is None else as_rng(rng)
    s = link.summary(n_samples=n_samples, rng=gen)
    method = f"one pass, {s.duration_s:.0f} s common window"
    out = {
        "loss_db_min": Estimate(s.loss_db_min, 0.0, "dB", method),
        "loss_db_max": Estimate(s.loss_db_max, 0.0, "dB", method),
        "loss_db_mean": Estimate(s.loss_db_mean, 0.0, "dB", method),
        "summed_range_km_min": Estimate(s.summed_range_km_min, 0.0, "km", method),
        "summed_range_km_max": Estimate(s.summed_range_km_max, 0.0, "km", method),
        "coincidence_rate_hz": Estimate(s.coincidence_rate_hz_mean, 0.0, "Hz", method),
        "accidental_rate_hz": Estimate(s.accidental_rate_hz_mean, 0.0, "Hz", method),
        "fidelity": Estimate(s.fidelity, 0.0, "", method),
        "chsh_s_expected": Estimate(s.expected_chsh, 0.0, "", method),
    }
    if s.sampled is not None:
        out["chsh_s"] = Estimate(
            s.sampled.value,
            s.sampled.standard_error,
            "",
            f"{method}; CHSH sampled from {int(sum(s.sampled.n_rounds))} coincidences",
        )
    return out


def _run(scn: Scenario, link: DualDownlink, ev: Evaluation) -> Estimates:
    """Quantities of one pass (``quick`` does not change a closed-form pass)."""
    rng = np.random.default_rng(ev.seed)
    return pass_estimates(link, scn.doc["satellite"]["time_samples"], rng)


def assumed_inputs(scn: Scenario) -> list[tuple[str, float, float, float, str]]:
    """The preset's assumed inputs the file leaves unset, as ``(key, low, high, value,
    source)``: the ``[satellite]`` keys of
    :data:`~qnetsim.link.satellite.MICIUS_ASSUMED_RANGES` (``source_visibility`` only when
    the file sets no ``source_fidelity``, which it would override)."""
    sat = scn.doc["satellite"]
    base = MICIUS_DUAL_DOWNLINK
    preset = {
        "pair_rate_hz": base.source.pair_rate_hz,
        "source_visibility": MICIUS_SOURCE_VISIBILITY,
        "zenith_transmission": base.link_a.zenith_transmission,
        "optics_efficiency": base.link_a.optics_efficiency,
        "transmitter_efficiency": base.link_a.transmitter_efficiency,
        "detector_efficiency": base.detector_efficiency_a,
        "coincidence_window_s": base.coincidence_window_s,
        "min_elevation_deg": base.geometry.pass_a.min_elevation_deg,
    }
    out = []
    for key, (low, high) in MICIUS_ASSUMED_RANGES.items():
        if sat.get(key) is not None or (key == "source_visibility" and sat["source_fidelity"]):
            continue
        source = "preset 'micius': ASSUMPTION range (qnetsim.link.satellite.MICIUS_ASSUMED_RANGES)"
        out.append((f"satellite.{key}", low, high, float(preset[key]), source))
    return out


KIND = Kind(
    name="satellite",
    summary="entanglement distribution from a satellite over two simultaneous downlinks",
    build=build_dual_downlink,
    run=_run,
    table=TABLE,
    assumed=assumed_inputs,
)
