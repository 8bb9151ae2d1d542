"""The one node schema of every qnetsim file, and the schema of a network file.

:data:`NODE_TABLE` is the ``[nodes.NAME]`` table of scenario files *and* network files: the
hardware keys of :data:`~qnetsim.hardware.nodes.schema.PLATFORM_FIELDS` (a platform preset
plus overrides of any hardware field, or a whole platform without a preset) and the network's
optional ``position_km``, ``num_memories`` and ``role``. The scenario schema
(:data:`qnetsim.scenario.spec.SCENARIO_SCHEMA`) uses this table as it is; a network file
(:data:`NETWORK_SCHEMA`) is a ``[network]`` header, the same ``[nodes.NAME]`` tables and an
array ``[[edges]]``.

Examples:
    >>> from qnetsim.files.schema import validate
    >>> doc = validate({"nodes": {"A": {"platform": "nv_delft", "position_km": [0, 1]}}},
    ...                NETWORK_SCHEMA, "net.toml")
    >>> doc["network"]["format_version"], doc["nodes"]["A"]["position_km"]
    (2, [0.0, 1.0])
    >>> validate({"nodes": {"A": {"platform": "nv_delft", "emitter": {"alpha": 2}}}},
    ...          NETWORK_SCHEMA, "net.toml")
    Traceback (most recent call last):
    ...
    qnetsim.files.schema.ScenarioError: net.toml: nodes.A.emitter.alpha: 2.0 is invalid; \
valid: > 0 and < 1
"""

from __future__ import annotations

import dataclasses

from qnetsim.files.fields import MAX_LENGTH_KM, MAX_LOSS_DB
from qnetsim.files.schema import MAX_ITEMS, REQUIRED, Field, Table
from qnetsim.hardware.nodes.schema import PLATFORM_FIELDS
from qnetsim.link import GEOMETRIES, SCHEMES
from qnetsim.network.topology.specs import ROLES

__all__ = [
    "EDGE_TABLE",
    "FORMAT_VERSION",
    "NETWORK_FIELDS",
    "NETWORK_HEADER",
    "NETWORK_SCHEMA",
    "NODE_TABLE",
]

#: The version of the network-file layout that :func:`~.fileio.save_network` writes (1: the
#: old ``[[nodes]]`` array, still read).
FORMAT_VERSION = 2

#: The node keys of a network (placement, memories, role); only network files and scenarios
#: with ``[[edges]]`` use them.
NETWORK_FIELDS: dict[str, Field | Table] = {
    "position_km": Field(
        float,
        "network: (x, y) coordinates in km (default: none; edges without length_km need them)",
        None,
        list_of=True,
        min_items=2,
        max_items=2,
        low=-MAX_LENGTH_KM,
        high=MAX_LENGTH_KM,
    ),
    "num_memories": Field(
        int,
        "network: memories of the node, shared evenly among its fibre ports (default: the "
        "platform's memory.num_memories; 0 for a photonic server); >= 1 for memory nodes and "
        "at most what the platform's capabilities hold",
        None,
        low=0,
    ),
    "role": Field(
        str,
        "network: 'end' or 'repeater' (memory nodes) or 'photonic_server' (a heralding "
        "station without memories, which needs no platform; default 'end')",
        None,
        choices=ROLES,
    ),
}

NODE_TABLE = Table(
    {**PLATFORM_FIELDS, **NETWORK_FIELDS},
    "A node: a platform preset and overrides of its hardware, or a whole platform; in a "
    "network, also its position, memories and role.",
    keyed=True,
    max_items=1000,  # every node's hardware is built and checked at load time
)

EDGE_TABLE = Table(
    {
        "a": Field(str, "a node (the first of the Link)", REQUIRED),
        "b": Field(str, "the other node (the station, for geometry = 'node_to_node')", REQUIRED),
        "length_km": Field(
            float,
            "fibre length (km; default: the distance between the nodes' position_km)",
            None,
            low=0.0,
            high=MAX_LENGTH_KM,
        ),
        "attenuation_db_per_km": Field(
            float, "fibre attenuation (dB/km; default: the platforms')", None, low=0.0
        ),
        "extra_loss_db": Field(
            float, "extra loss per arm: connectors, splices (dB)", 0.0, low=0.0, high=MAX_LOSS_DB
        ),
        "scheme": Field(
            str, "heralding scheme (default: node a's platform scheme)", None, choices=SCHEMES
        ),
        "geometry": Field(str, "station position", "midpoint", choices=GEOMETRIES),
    },
    "A fibre between two nodes of a network.",
    many=True,
)

NETWORK_HEADER = Table(
    {
        "name": Field(str, "a label", "network"),
        "description": Field(str, "free text", ""),
        "format_version": Field(
            int,
            f"layout of the file: {FORMAT_VERSION} ([nodes.NAME] tables); 1 (the old [[nodes]] "
            "array) is still read, with a DeprecationWarning",
            FORMAT_VERSION,
            low=1,
            high=FORMAT_VERSION,
        ),
    },
    "What the network is.",
)

#: A network file. It may hold more nodes than a scenario (the bound of any named tables).
NETWORK_SCHEMA = Table(
    {
        "network": NETWORK_HEADER,
        "nodes": dataclasses.replace(NODE_TABLE, max_items=MAX_ITEMS),
        "edges": EDGE_TABLE,
    },
    "A network file.",
)
