"""The ``satellite`` kind: entanglement distribution from a satellite over two downlinks.

The preset (:data:`qnetsim.link.satellite.MICIUS_DUAL_DOWNLINK`, Yin et al., Science 356,
1140 (2017)) is modified by the fields of the ``[satellite]`` table that are set; the rest
keep the preset's cited values. One pass is integrated over the common visibility window
(:meth:`~qnetsim.link.satellite.DualDownlink.summary`); the CHSH test is sampled from a
Poisson number of coincidences, so ``chsh_s`` carries its statistical error.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import numpy as np

from qnetsim.errors import QnetsimValueError
from qnetsim.link.satellite import MICIUS_DUAL_DOWNLINK, MICIUS_STATION_SEPARATION_KM, DualPass
from qnetsim.scenario.loader import Scenario
from qnetsim.scenario.runner import Estimate
from qnetsim.scenario.schema import ScenarioError

__all__ = ["build_dual_downlink", "run_satellite"]


def build_dual_downlink(scn: Scenario) -> Any:
    """The :class:`~qnetsim.link.satellite.DualDownlink` of the ``[satellite]`` table."""
    sat = scn.doc["satellite"]
    base = MICIUS_DUAL_DOWNLINK
    try:
        source = base.source
        if sat["pair_rate_hz"] is not None:
            source = dataclasses.replace(source, pair_rate_hz=sat["pair_rate_hz"])
        if sat["source_fidelity"] is not None:
            source = dataclasses.replace(source, fidelity=sat["source_fidelity"])
        geometry = base.geometry
        geo_keys = ("altitude_km", "separation_km", "cross_track_km", "min_elevation_deg")
        if any(sat[k] is not None for k in geo_keys):
            pa = base.geometry.pass_a
            geometry = DualPass.along_track(
                sat["altitude_km"] if sat["altitude_km"] is not None else pa.altitude_km,
                sat["separation_km"] or MICIUS_STATION_SEPARATION_KM,
                cross_track_km=sat["cross_track_km"] or 0.0,
                min_elevation_deg=sat["min_elevation_deg"]
                if sat["min_elevation_deg"] is not None
                else pa.min_elevation_deg,
            )
        changes: dict[str, Any] = {"source": source, "geometry": geometry}
        if sat["detector_efficiency"] is not None:
            changes["detector_efficiency_a"] = changes["detector_efficiency_b"] = sat[
                "detector_efficiency"
            ]
        if sat["noise_rate_hz"] is not None:
            changes["noise_rate_a_hz"] = changes["noise_rate_b_hz"] = sat["noise_rate_hz"]
        if sat["coincidence_window_s"] is not None:
            changes["coincidence_window_s"] = sat["coincidence_window_s"]
        return dataclasses.replace(base, **changes)
    except QnetsimValueError as exc:
        raise ScenarioError(scn.source, "satellite", str(exc)) from None


def run_satellite(scn: Scenario, rng: np.random.Generator, quick: bool) -> dict[str, Estimate]:
    """Quantities of one pass (``quick`` does not change a closed-form pass)."""
    del quick
    link = build_dual_downlink(scn)
    s = link.summary(n_samples=scn.doc["satellite"]["time_samples"], rng=rng)
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
