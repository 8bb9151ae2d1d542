"""Node tables: the ``[nodes.NAME]`` keys that define a node's platform (:mod:`.schema`),
turning such a table into a :class:`~qnetsim.hardware.platform.Platform` (:mod:`.build`) and a
platform back into a table (:mod:`.write`). Scenario and network files share them.
"""

from qnetsim.hardware.nodes.build import build_platform, has_hardware
from qnetsim.hardware.nodes.schema import COMPONENT_TABLES, PLATFORM_FIELDS
from qnetsim.hardware.nodes.write import platform_table

__all__ = [
    "COMPONENT_TABLES",
    "PLATFORM_FIELDS",
    "build_platform",
    "has_hardware",
    "platform_table",
]
