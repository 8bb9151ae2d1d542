"""What the kinds built on ``[[links]]`` (``link``, ``chain``) share: the check that the file
has links, and the notes naming given link fields that the link's scheme does not use."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from qnetsim.link.design import Link
from qnetsim.scenario.document import Scenario
from qnetsim.scenario.schema import ScenarioError

__all__ = ["require_links", "unused_link_fields"]

#: Link fields that only some schemes use (the others ignore a given value).
_SCHEME_FIELDS = {
    "alpha": ("single-click",),
    "phase_coherence": ("single-click", "dlcz"),
    "spin_photon_gate_fidelity": ("reflection",),
}


def require_links(doc: Mapping[str, Any], source: str) -> None:
    """A kind built on links needs at least one ``[[links]]`` entry."""
    if not doc["links"]:
        kind = doc["scenario"]["kind"]
        raise ScenarioError(source, "links", f"kind = {kind!r} needs at least one [[links]]")


def unused_link_fields(scn: Scenario, links: list[Link]) -> list[str]:
    """Notes naming the given ``[[links]]`` fields that the link's scheme does not use."""
    notes = []
    for i, (spec, link) in enumerate(zip(scn.doc["links"], links, strict=False)):
        raw = scn.raw.get("links", [])
        given = raw[i] if i < len(raw) and isinstance(raw[i], Mapping) else {}
        unused = [
            f"{key} = {spec[key]!r} (used by {' and '.join(schemes)} only)"
            for key, schemes in _SCHEME_FIELDS.items()
            if spec.get(key) is not None and link.scheme not in schemes
        ]
        if link.scheme == "reflection" and given.get("geometry") == "midpoint":
            unused.append("geometry = 'midpoint' (reflection is always node to node)")
        if spec["store_in_memory"] and not (
            link.node_a.communication_memory or link.b.communication_memory
        ):
            unused.append(
                "store_in_memory = true (neither node has a separate communication qubit)"
            )
        if unused:
            notes.append(
                f"links[{i}]: the {link.scheme!r} scheme does not use "
                + "; ".join(unused)
                + ": ignored."
            )
    return notes
