"""Node and edge specifications of a :class:`~qnetsim.network.topology.network.Network`.

:class:`NodeSpec` (platform, coordinates in km, number of memories, role) and
:class:`EdgeSpec` (fibre length, attenuation override, extra loss, scheme, geometry), each
validated on construction; :func:`resolve_platform` turns a platform name into a preset.

Examples:
    >>> NodeSpec("A", resolve_platform("nv_delft"), num_memories=0)
    Traceback (most recent call last):
    ...
    qnetsim.errors.InvalidParameterError: num_memories of node 'A' = 0 is invalid; valid: an integer in [1, inf]
    >>> EdgeSpec("A", "B", 10.0).geometry
    'midpoint'
"""  # noqa: E501

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from qnetsim._validate import check_finite, check_int, check_nonnegative
from qnetsim.errors import InvalidParameterError
from qnetsim.hardware import Platform, get_platform
from qnetsim.link import GEOMETRIES

__all__ = ["ROLES", "SERVER", "EdgeSpec", "NodeSpec", "memory_capacity", "resolve_platform"]

#: Valid node roles.
ROLES: tuple[str, ...] = ("end", "repeater", "photonic_server")
#: The role of a heralding station without memories.
SERVER = "photonic_server"


def resolve_platform(
    value: Platform | str, name: str = "platform", platforms: Mapping[str, Platform] | None = None
) -> Platform:
    """A :class:`Platform` from an object or a name (``platforms`` first, then the registry).

    Raises:
        InvalidParameterError: naming ``name`` for an unknown platform name.
    """
    if isinstance(value, Platform):
        return value
    if not isinstance(value, str):
        raise InvalidParameterError(name, value, "a Platform or a platform name")
    if platforms and value in platforms:
        return platforms[value]
    try:
        return get_platform(value)
    except InvalidParameterError as exc:
        raise InvalidParameterError(name, value, exc.valid) from None


def memory_capacity(platform: Platform) -> int:
    """The most memories a node of ``platform`` has: its communication plus storage qubits, or
    its multiplexed modes if more (an ensemble's modes)."""
    caps = platform.capabilities
    return max(caps.communication_qubits + caps.storage_qubits, caps.max_modes)


@dataclass(frozen=True)
class NodeSpec:
    """One node of a :class:`Network`.

    Args:
        name: unique non-empty name.
        platform: the node's hardware (``None`` only for a photonic server).
        position_km: ``(x, y)`` coordinates in km, or ``None``.
        num_memories: memory qubits at the node, >= 1 for memory nodes, 0 for a server; at
            most what the platform has (:class:`~qnetsim.hardware.capabilities.Capabilities`:
            communication plus storage qubits, or its multiplexed modes if more).
        role: ``"end"``, ``"repeater"`` or ``"photonic_server"``.
    """

    name: str
    platform: Platform | None
    position_km: tuple[float, float] | None = None
    num_memories: int = 1
    role: str = "end"

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not self.name:
            raise InvalidParameterError("name", self.name, "a non-empty string")
        if self.role not in ROLES:
            raise InvalidParameterError(f"role of node {self.name!r}", self.role, ", ".join(ROLES))
        if self.position_km is not None:
            pos = tuple(self.position_km)
            if len(pos) != 2:
                raise InvalidParameterError(
                    f"position_km of node {self.name!r}", self.position_km, "(x, y) in km"
                )
            label = f"position_km of node {self.name!r}"
            object.__setattr__(self, "position_km", tuple(check_finite(label, v) for v in pos))
        if self.role == SERVER:
            check_int(f"num_memories of node {self.name!r}", self.num_memories, 0, 0)
        else:
            if self.platform is None:
                raise InvalidParameterError(
                    f"platform of node {self.name!r}", None, "a platform (memory nodes need one)"
                )
            check_int(f"num_memories of node {self.name!r}", self.num_memories, 1)
            caps = self.platform.capabilities
            most = memory_capacity(self.platform)
            if self.num_memories > most:
                raise InvalidParameterError(
                    f"num_memories of node {self.name!r}",
                    self.num_memories,
                    f"<= {most} (platform {self.platform.name!r}: "
                    f"{caps.communication_qubits} communication + {caps.storage_qubits} storage "
                    f"qubits, {caps.max_modes} multiplexed modes)",
                    "a node cannot use more memories than its hardware has; give the platform "
                    "larger capabilities if yours has them",
                )

    @property
    def is_memory_node(self) -> bool:
        """True for end nodes and repeaters (not photonic servers)."""
        return self.role != SERVER


@dataclass(frozen=True)
class EdgeSpec:
    """One fibre of a :class:`Network` between nodes ``a`` and ``b`` (order kept: with
    ``geometry="node_to_node"`` the station is at ``b``).

    Args:
        a, b: node names.
        length_km: fibre length, >= 0.
        attenuation_db_per_km: attenuation override (default: the platforms').
        extra_loss_db: extra loss passed to the Link (per arm), >= 0.
        scheme: scheme override (default: node ``a``'s platform scheme).
        geometry: ``"midpoint"`` or ``"node_to_node"``.
    """

    a: str
    b: str
    length_km: float
    attenuation_db_per_km: float | None = None
    extra_loss_db: float = 0.0
    scheme: str | None = None
    geometry: str = "midpoint"

    def __post_init__(self) -> None:
        where = f" of edge {self.a!r}-{self.b!r}"
        if self.a == self.b:
            raise InvalidParameterError("b", self.b, f"a node other than a = {self.a!r}")
        check_nonnegative("length_km" + where, self.length_km)
        if self.attenuation_db_per_km is not None:
            check_nonnegative("attenuation_db_per_km" + where, self.attenuation_db_per_km)
        check_nonnegative("extra_loss_db" + where, self.extra_loss_db)
        if self.geometry not in GEOMETRIES:
            raise InvalidParameterError("geometry" + where, self.geometry, ", ".join(GEOMETRIES))
