"""Heralded entanglement between two memories (the ``link`` layer).

Closed forms per scheme (:func:`single_click`, :func:`two_photon`, :func:`dlcz`,
:func:`reflection`) return a :class:`HeraldedState`: the success probability of one attempt
and the heralded state. :class:`Link` composes platforms, fibre and geometry into rates,
timing, link efficiency and a loss budget; :func:`sample_link` draws many delivered pairs
(``"sampled"`` or photon-level ``"attempt"`` mode); the event-engine process lives in
:mod:`qnetsim.link.process`. Satellite entanglement distribution over two free-space
downlinks: :class:`DualDownlink` (:mod:`qnetsim.link.satellite`; its pass geometry,
:class:`~qnetsim.hardware.DualPass`, is hardware). One memory entangled with a
photon measured at a distant station: :class:`MemoryPhotonLink`
(:mod:`qnetsim.link.memory_photon`, event engine in :mod:`qnetsim.link.memory_photon_process`).
"""

from qnetsim.link.attempts import AttemptBlock
from qnetsim.link.budget import LossItem
from qnetsim.link.checks import GEOMETRIES, SCHEMES
from qnetsim.link.design import Link
from qnetsim.link.dlcz import dlcz
from qnetsim.link.heralded import HeraldedState
from qnetsim.link.memory_photon import MemoryPhotonLink
from qnetsim.link.memory_photon_process import MemoryPhotonGenerator, MemoryPhotonPair
from qnetsim.link.memory_photon_sampling import MemoryPhotonSample, sample_memory_photon
from qnetsim.link.montecarlo import LinkSample, sample_link
from qnetsim.link.process import DeliveredPair, LinkGenerator
from qnetsim.link.qd_memory import StorageResult, interface_from_platform, store_and_retrieve
from qnetsim.link.reflection import reflection
from qnetsim.link.satellite import (
    MICIUS_DUAL_DOWNLINK,
    DualDownlink,
    DualDownlinkSummary,
    SampledCHSH,
)
from qnetsim.link.single_click import single_click, single_click_fidelity, single_click_probability
from qnetsim.link.two_photon import two_photon

__all__ = [
    "GEOMETRIES",
    "MICIUS_DUAL_DOWNLINK",
    "SCHEMES",
    "AttemptBlock",
    "DeliveredPair",
    "DualDownlink",
    "DualDownlinkSummary",
    "HeraldedState",
    "Link",
    "LinkGenerator",
    "LinkSample",
    "LossItem",
    "MemoryPhotonGenerator",
    "MemoryPhotonLink",
    "MemoryPhotonPair",
    "MemoryPhotonSample",
    "SampledCHSH",
    "StorageResult",
    "dlcz",
    "interface_from_platform",
    "reflection",
    "sample_link",
    "sample_memory_photon",
    "single_click",
    "single_click_fidelity",
    "single_click_probability",
    "store_and_retrieve",
    "two_photon",
]
