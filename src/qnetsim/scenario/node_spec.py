"""The ``[nodes.NAME]`` tables of the scenario schema: the one node table of qnetsim,
:data:`qnetsim.network.topology.schema.NODE_TABLE` (shared with network files), whose hardware
keys are defined in :mod:`qnetsim.hardware.nodes.schema`. Re-exported here.
"""

from __future__ import annotations

from qnetsim.hardware.nodes.schema import (
    COMPONENT_TABLES,
    COMPONENTS,
    DETECTOR_FIELDS,
    NODE_SCHEMES,
    PLATFORM_FIELDS,
)
from qnetsim.network.topology.schema import NETWORK_FIELDS, NODE_TABLE

__all__ = [
    "COMPONENTS",
    "COMPONENT_TABLES",
    "DETECTOR_FIELDS",
    "NETWORK_FIELDS",
    "NODE_SCHEMES",
    "NODE_TABLE",
    "PLATFORM_FIELDS",
]
