"""A star around a photonic server as a description: :class:`Star`.

End nodes hang on spokes of fibre around one photonic server (a shared Bell-state
measurement station, as in the Hefei metropolitan network: Y.-F. Pu et al. / Hefei
photonic-server experiments in ``docs/experiments.md``). The active links, each a pair of end
nodes, take turns at the server; a delivered pair holds its two memories for ``hold_s``.
:func:`~qnetsim.network.evaluation.evaluate` answers it with the event engine
(:func:`~qnetsim.network.stars.events.simulate_star`), and, while no memory is held after a
delivery, with the exact round-robin rate and its Monte Carlo (:meth:`Star.not_modelled_by`);
each returns one part per link.

Examples:
    >>> from qnetsim.hardware import get_platform
    >>> ion = get_platform("ca_ion_ustc")
    >>> s = Star({"a": ion, "b": ion}, {"a": 5.0, "b": 7.0}, [("a", "b")], duration_s=1.0)
    >>> s.links
    (('a', 'b'),)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from qnetsim._validate import check_nonnegative, check_positive
from qnetsim.errors import InvalidParameterError
from qnetsim.hardware.platform import Platform
from qnetsim.link.design import Link
from qnetsim.network.stars.events import server_link

__all__ = ["Star"]


@dataclass(frozen=True)
class Star:
    """End nodes around a photonic server.

    Args:
        platforms: end-node name -> its hardware.
        arms_km: end-node name -> spoke length to the server (km), >= 0.
        links: the active pairs of end nodes (each once).
        duration_s: simulated time, > 0.
        memories: memories per node (default: the platform's ``num_memories``).
        hold_s: how long a delivered pair occupies its two memories, >= 0.
        link_options: passed to every link (e.g. ``{"alpha": 0.05}``).
    """

    platforms: Mapping[str, Platform]
    arms_km: Mapping[str, float]
    links: Sequence[tuple[str, str]]
    duration_s: float
    memories: Mapping[str, int] | None = None
    hold_s: float = 0.0
    link_options: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        check_positive("duration_s", self.duration_s)
        check_nonnegative("hold_s", self.hold_s)
        for name, platform in self.platforms.items():
            if not isinstance(platform, Platform):
                raise InvalidParameterError(f"platforms[{name!r}]", platform, "a Platform")
            if name not in self.arms_km:
                raise InvalidParameterError(
                    f"arms_km[{name!r}]", None, "a spoke length for every node"
                )
            check_nonnegative(f"arms_km[{name!r}]", self.arms_km[name])
        links = tuple(tuple(pair) for pair in self.links)
        if not links:
            raise InvalidParameterError("links", list(self.links), "at least one pair of nodes")
        for pair in links:
            if len(pair) != 2 or pair[0] == pair[1]:
                raise InvalidParameterError("links", pair, "two different end nodes")
            for node in pair:
                if node not in self.platforms:
                    raise InvalidParameterError(
                        "links", pair, f"nodes among {sorted(self.platforms)}"
                    )
        object.__setattr__(self, "links", links)

    def built_links(self) -> dict[tuple[str, str], Link]:
        """The server links, keyed by their pair of nodes in name order (as the event
        engine keys them)."""
        out: dict[tuple[str, str], Link] = {}
        for a, b in self.links:
            key = (a, b) if a <= b else (b, a)
            if key in out:
                raise InvalidParameterError("links", (a, b), "each pair of nodes once")
            p, q = key
            out[key] = server_link(
                self.platforms[p],
                self.platforms[q],
                self.arms_km[p],
                self.arms_km[q],
                **dict(self.link_options),
            )
        return out

    def not_modelled_by(self, method: str) -> list[str]:
        """What of this star the engine ``method`` does not model (empty: it answers it).

        The server gives every link one attempt cycle per round (round robin), so with
        nothing blocking a turn each link succeeds once per round with its probability
        ``p``: rate ``p / (sum of the links' cycles)``, the waits a geometric number of
        rounds. Memories held after a delivery (``hold_s > 0``) block turns; only the event
        engine models that."""
        if method != "events" and self.hold_s > 0:
            return ["memories held after a delivery (hold_s > 0), which block turns"]
        return []
