"""The ``memory_photon`` kind: one memory entangled with a photon measured at a distant
station (:class:`~qnetsim.link.MemoryPhotonLink`).

Quantities: the closed form (``success_probability``, ``rate_hz_closed_form``,
``fidelity_closed_form``, ``fidelity_at_station``, ``measured_fidelity_closed_form``,
``noise_fraction``, ``cycle_s``, ``herald_wait_s``, ``qber_closed_form[B]``), the vectorised
Monte Carlo of ``run.pairs`` pairs (``rate_hz``, ``fidelity``, ``qber[B]`` for each measured
basis ``B``) and the event engine on the same number of pairs (``rate_hz_event_engine``,
``fidelity_event_engine``, ``qber_event_engine[B]``).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import numpy as np

from qnetsim.errors import QnetsimValueError
from qnetsim.hardware.detector import Detector
from qnetsim.hardware.platform import Platform
from qnetsim.link.memory_photon import MemoryPhotonLink
from qnetsim.link.memory_photon_state import BASES
from qnetsim.scenario.build import build_platforms, construct, given_fields
from qnetsim.scenario.document import Scenario
from qnetsim.scenario.fields import MAX_LENGTH_KM, MAX_LOSS_DB, wavelength
from qnetsim.scenario.kinds.base import Estimates, Evaluation, Kind
from qnetsim.scenario.node_spec import DETECTOR_FIELDS
from qnetsim.scenario.result import Estimate
from qnetsim.scenario.schema import REQUIRED, Field, ScenarioError, Table

__all__ = ["CLOSED_FORM", "KIND", "MEMORY_PHOTON_BASES", "TABLE", "build_memory_photon"]

#: Measurement bases of a memory-photon link (qnetsim.link.memory_photon.BASES).
MEMORY_PHOTON_BASES = ("Z", "X", "Y")

#: The ``[memory_photon]`` table.
TABLE = Table(
    {
        "node": Field(str, "the node whose memory is entangled with the photon", REQUIRED),
        "length_km": Field(
            float, "fibre from the node to the station (km)", REQUIRED, low=0.0, high=MAX_LENGTH_KM
        ),
        "bases": Field(
            str,
            "bases the station and then the memory measure in, one per pair at random",
            ["Z", "X"],
            list_of=True,
            min_items=1,
            max_items=3,
            choices=MEMORY_PHOTON_BASES,
        ),
        "visibility_z": Field(
            float, "visibility of the station's Z-basis analysis (1: ideal)", 1.0, low=0.0, high=1.0
        ),
        "visibility_x": Field(
            float, "visibility of the station's X-basis analysis (1: ideal)", 1.0, low=0.0, high=1.0
        ),
        "attenuation_db_per_km": Field(float, "fibre attenuation (dB/km)", None, low=0.0),
        "extra_loss_db": Field(
            float, "extra loss in the fibre path (dB)", 0.0, low=0.0, high=MAX_LOSS_DB
        ),
        "fibre_loss_db": Field(
            float,
            "measured total loss of the fibre path (dB); replaces attenuation x length + "
            "extra_loss_db",
            None,
            low=0.0,
            high=MAX_LOSS_DB,
        ),
        "conversion_efficiency": Field(
            float, "frequency-conversion efficiency", None, low=0.0, high=1.0
        ),
        "wavelength_nm": wavelength("fibre wavelength (nm; default: the node's)"),
        "classical_length_km": Field(
            float,
            "distance the station's result travels back (km; default: length_km; 0 for fibre "
            "spooled beside the node)",
            None,
            low=0.0,
            high=MAX_LENGTH_KM,
        ),
        "store_in_memory": Field(
            bool, "move the communication qubit into the storage memory after the emission", False
        ),
        "detector": Table(
            DETECTOR_FIELDS,
            "The station's detectors: fields overriding the node's detector (or a full table).",
        ),
    },
    "One memory entangled with a photon measured at a distant station "
    "(kind = 'memory_photon'; qnetsim.link.MemoryPhotonLink).",
    fill=False,
)

#: The closed-form quantities (all of the kind's).
CLOSED_FORM = (
    "success_probability",
    "rate_hz_closed_form",
    "fidelity_closed_form",
    "fidelity_at_station",
    "measured_fidelity_closed_form",
    "noise_fraction",
    "cycle_s",
    "herald_wait_s",
    *(f"qber_closed_form[{b}]" for b in MEMORY_PHOTON_BASES),
)


_MEMORY_PHOTON_KEYS = (
    "length_km",
    "visibility_z",
    "visibility_x",
    "attenuation_db_per_km",
    "extra_loss_db",
    "fibre_loss_db",
    "conversion_efficiency",
    "wavelength_nm",
    "classical_length_km",
    "store_in_memory",
)


def build_memory_photon(
    spec: Mapping[str, Any],
    platforms: Mapping[str, Platform],
    source: str,
    path: str = "memory_photon",
) -> MemoryPhotonLink:
    """The :class:`~qnetsim.link.MemoryPhotonLink` of a validated ``[memory_photon]`` table.
    A ``[memory_photon.detector]`` table overrides the node's detector for the station (a
    full table replaces it). Errors name ``memory_photon.FIELD`` or the node's hardware
    field (``nodes.NAME.timing.wait_for_herald``)."""
    node = spec["node"]
    platform = platforms[node]
    kwargs: dict[str, Any] = {k: spec[k] for k in _MEMORY_PHOTON_KEYS if spec.get(k) is not None}
    kwargs["bases"] = tuple(spec["bases"])
    detector = given_fields(spec.get("detector"))
    if detector:
        kwargs["station_detector"] = construct(
            Detector, platform.detector, detector, source, f"{path}.detector"
        )
    try:
        return MemoryPhotonLink(platform, **kwargs)
    except QnetsimValueError as exc:
        name = str(getattr(exc, "name", ""))
        if name.startswith("platform."):
            key = f"nodes.{node}.{name.removeprefix('platform.')}"
        elif name.split("[", 1)[0] in (*_MEMORY_PHOTON_KEYS, "bases"):
            key = f"{path}.{name}"
        elif name == "platform":
            key = f"nodes.{node}.platform"
        else:
            key = path
        raise ScenarioError(source, key, str(exc)) from None


def _check(doc: Mapping[str, Any], source: str) -> None:
    mp = doc["memory_photon"]
    if mp["node"] not in doc["nodes"]:
        raise ScenarioError(
            source,
            "memory_photon.node",
            f"{mp['node']!r} is not a node; nodes: {sorted(doc['nodes'])}",
        )
    if len(set(mp["bases"])) != len(mp["bases"]):
        raise ScenarioError(source, "memory_photon.bases", f"{mp['bases']}: repeated basis")


def _check_model(scn: Scenario, platforms: Mapping[str, Platform]) -> None:
    build_memory_photon(scn.doc["memory_photon"], platforms, scn.source)


def _build(scn: Scenario) -> MemoryPhotonLink:
    return build_memory_photon(scn.doc["memory_photon"], build_platforms(scn), scn.source)


def _closed_form(scn: Scenario, link: MemoryPhotonLink) -> Estimates:
    del scn
    out = {
        "success_probability": Estimate(link.success_probability, 0.0, ""),
        "rate_hz_closed_form": Estimate(link.rate_hz, 0.0, "Hz"),
        "fidelity_closed_form": Estimate(link.fidelity, 0.0, "", "closed form (at read-out)"),
        "fidelity_at_station": Estimate(
            link.fidelity_at_station, 0.0, "", "closed form (heralded state, before the wait)"
        ),
        "measured_fidelity_closed_form": Estimate(
            link.measured_fidelity, 0.0, "", "closed form ((1 + E_X - E_Y + E_Z)/4, read-out)"
        ),
        "noise_fraction": Estimate(link.noise_fraction, 0.0, ""),
        "cycle_s": Estimate(link.cycle_s, 0.0, "s"),
        "herald_wait_s": Estimate(link.herald_wait_s, 0.0, "s"),
    }
    for b in BASES:
        out[f"qber_closed_form[{b}]"] = Estimate(link.qber(b), 0.0, "")
    return out


def _run(scn: Scenario, link: MemoryPhotonLink, ev: Evaluation) -> Estimates:
    from qnetsim.network.evaluation import evaluate

    pairs = ev.pairs
    out = _closed_form(scn, link)
    mode = scn.doc["run"]["mode"]
    mc_seed, des_seed = ev.seed.spawn(2)
    s = evaluate(link, "montecarlo", pairs=pairs, seed=mc_seed, mode=mode).native
    method = f"Monte Carlo ({mode}, {pairs} pairs)"
    out["rate_hz"] = Estimate(s.rate_hz, s.rate_se_hz, "Hz", method)
    f, f_err = s.mean_fidelity()
    out["fidelity"] = Estimate(f, f_err, "", method)
    for b in link.bases:
        q, q_err, n = s.qber(b)
        out[f"qber[{b}]"] = Estimate(q, q_err, "", f"{method}; {n} in basis {b}")
    events = evaluate(link, "events", pairs=pairs, seed=des_seed)
    got = events.native
    method = f"event engine, {pairs} pairs"
    rate = events.rate_hz
    out["rate_hz_event_engine"] = Estimate(rate, rate / math.sqrt(pairs), "Hz", method)
    fids = np.array([p.fidelity for p in got])
    f_se = float(fids.std(ddof=1)) / math.sqrt(pairs) if pairs > 1 else 0.0
    out["fidelity_event_engine"] = Estimate(float(fids.mean()), f_se, "", method)
    for b in link.bases:
        errors = np.array([p.error for p in got if p.basis == b], dtype=np.float64)
        if errors.size:
            q = float(errors.mean())
            q_se = math.sqrt(max(q * (1 - q), 1.0 / errors.size) / errors.size)
            out[f"qber_event_engine[{b}]"] = Estimate(
                q, q_se, "", f"{method}; {errors.size} in basis {b}"
            )
    return out


KIND = Kind(
    name="memory_photon",
    summary="a memory entangled with a photon measured at a distant station",
    build=_build,
    run=_run,
    table=TABLE,
    check=_check,
    check_model=_check_model,
    closed_form=_closed_form,
    closed_form_quantities=lambda application: CLOSED_FORM,
    parameter_paths={
        "n_pairs": "run.pairs",
        "success probability per attempt": "run.mode",
        "success probability per cycle": "memory_photon",
        "success probability": "memory_photon",
    },
)
