"""The ``storage`` kind: a single-photon source stored in and retrieved from a memory
(:func:`~qnetsim.link.qd_memory.interface_from_platform`), closed form: ``memory_efficiency``,
``end_to_end_efficiency``, ``snr``, ``retrieved_g2``, ``signal_rate_hz``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from qnetsim.hardware.platform import Platform
from qnetsim.link.qd_memory import interface_from_platform
from qnetsim.scenario.build import build_platforms
from qnetsim.scenario.document import Scenario
from qnetsim.scenario.kinds.base import Estimates, Evaluation, Kind
from qnetsim.scenario.result import Estimate
from qnetsim.scenario.schema import REQUIRED, Field, ScenarioError, Table

__all__ = ["CLOSED_FORM", "KIND", "TABLE"]

#: The ``[storage]`` table.
TABLE = Table(
    {
        "node": Field(str, "the node whose source and memory are used", REQUIRED),
        "storage_time_s": Field(float, "storage time (s)", REQUIRED, low=0.0),
        "input_transmission": Field(float, "source fibre to memory input", 1.0, low=0.0, high=1.0),
        "memory_noise_photons": Field(
            float, "noise photons per retrieval at the memory output", 0.0, low=0.0
        ),
    },
    "A single-photon source stored in a memory and retrieved (kind = 'storage').",
    fill=False,
)

#: The closed-form quantities (all of the kind's).
CLOSED_FORM = (
    "memory_efficiency",
    "end_to_end_efficiency",
    "snr",
    "retrieved_g2",
    "signal_rate_hz",
)


def _check(doc: Mapping[str, Any], source: str) -> None:
    if doc["storage"]["node"] not in doc["nodes"]:
        raise ScenarioError(source, "storage.node", f"{doc['storage']['node']!r} is not a node")


def _build(scn: Scenario) -> Platform:
    """The platform of the storing node."""
    return build_platforms(scn)[scn.doc["storage"]["node"]]


def _closed_form(scn: Scenario, platform: Platform) -> Estimates:
    st = scn.doc["storage"]
    try:
        r = interface_from_platform(
            platform, st["storage_time_s"], st["input_transmission"], st["memory_noise_photons"]
        )
    except ValueError as exc:
        raise ScenarioError(scn.source, "storage", str(exc)) from None
    return {
        "memory_efficiency": Estimate(r.memory_efficiency, 0.0, ""),
        "end_to_end_efficiency": Estimate(r.end_to_end_efficiency, 0.0, ""),
        "snr": Estimate(r.snr, 0.0, ""),
        "retrieved_g2": Estimate(r.retrieved_g2, 0.0, ""),
        "signal_rate_hz": Estimate(r.signal_rate_hz, 0.0, "Hz"),
    }


def _run(scn: Scenario, platform: Platform, ev: Evaluation) -> Estimates:
    del ev  # closed form: no randomness
    return _closed_form(scn, platform)


KIND = Kind(
    name="storage",
    summary="a single-photon source stored in a memory and retrieved, closed form",
    build=_build,
    run=_run,
    table=TABLE,
    check=_check,
    closed_form=_closed_form,
    closed_form_quantities=lambda application: CLOSED_FORM,
)
