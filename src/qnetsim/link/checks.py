"""What a valid :class:`~qnetsim.link.design.Link` is: its schemes, geometries and scheme
aliases, and the checks of its parameters (physics.md section 9 for the geometries; the
schemes are :mod:`qnetsim.link.single_click`, :mod:`qnetsim.link.two_photon`,
:mod:`qnetsim.link.dlcz` and :mod:`qnetsim.link.reflection`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from qnetsim._validate import check_in_range, check_nonnegative, check_probability
from qnetsim.errors import InvalidParameterError

if TYPE_CHECKING:
    from qnetsim.link.design import Link

__all__ = ["GEOMETRIES", "SCHEMES", "check_link"]

Scheme = Literal["single-click", "two-photon", "dlcz", "reflection"]
Geometry = Literal["midpoint", "node_to_node"]
SCHEMES: tuple[str, ...] = ("single-click", "two-photon", "dlcz", "reflection")
GEOMETRIES: tuple[str, ...] = ("midpoint", "node_to_node")
_ALIASES = {
    "single_click": "single-click",
    "spi": "single-click",
    "two_photon": "two-photon",
    "tpi": "two-photon",
    "barrett-kok": "two-photon",
    "dlcz-single-photon": "dlcz",
}


def _resolve_platforms(link: Link) -> None:
    """A platform given by its preset name (``Link("nv_delft", 10)``) becomes the preset;
    anything else but a :class:`~qnetsim.hardware.platform.Platform` is a named error."""
    from qnetsim.hardware import PLATFORMS, get_platform
    from qnetsim.hardware.platform import Platform

    for field in ("node_a", "node_b"):
        value = getattr(link, field)
        if isinstance(value, str):
            if value not in PLATFORMS:
                raise InvalidParameterError(
                    field, value, "a Platform or a preset name: " + ", ".join(sorted(PLATFORMS))
                )
            object.__setattr__(link, field, get_platform(value))
        elif not isinstance(value, Platform) and not (field == "node_b" and value is None):
            raise InvalidParameterError(
                field,
                value,
                "a Platform or a preset name: " + ", ".join(sorted(PLATFORMS)),
                "wrong type",
            )


def check_link(link: Link) -> None:
    """Check the parameters of ``link`` and normalise its scheme (aliases, default: node A's
    platform scheme), geometry (reflection is always node to node), ``arm_lengths_km`` and
    ``arm_loss_db`` in place (``Link.__post_init__`` calls it).

    Raises:
        InvalidParameterError: naming the field, the value and the valid range.
    """
    _resolve_platforms(link)
    check_nonnegative("length_km", link.length_km)
    check_nonnegative("extra_loss_db", link.extra_loss_db)
    scheme = (link.scheme or link.node_a.scheme).lower()
    scheme = _ALIASES.get(scheme, scheme)
    if scheme not in SCHEMES:
        raise InvalidParameterError("scheme", link.scheme or link.node_a.scheme, ", ".join(SCHEMES))
    object.__setattr__(link, "scheme", scheme)
    geometry = "node_to_node" if scheme == "reflection" else link.geometry
    if geometry not in GEOMETRIES:
        raise InvalidParameterError("geometry", link.geometry, ", ".join(GEOMETRIES))
    object.__setattr__(link, "geometry", geometry)
    if link.arm_lengths_km is not None:
        arms = tuple(link.arm_lengths_km)
        if len(arms) != 2:
            raise InvalidParameterError("arm_lengths_km", link.arm_lengths_km, "two lengths")
        for k, arm in enumerate(arms):
            check_nonnegative(f"arm_lengths_km[{k}]", arm)
        if geometry != "midpoint":
            raise InvalidParameterError(
                "geometry", geometry, "'midpoint' when arm_lengths_km is given"
            )
        if abs(sum(arms) - link.length_km) > 1e-9 * max(1.0, link.length_km):
            raise InvalidParameterError(
                "arm_lengths_km",
                link.arm_lengths_km,
                f"two lengths summing to length_km = {link.length_km}",
            )
        object.__setattr__(link, "arm_lengths_km", (float(arms[0]), float(arms[1])))
    if link.alpha is not None:
        check_in_range("alpha", link.alpha, 0.0, 1.0, low_open=True, high_open=True)
    if link.classical_length_km is not None:
        check_in_range("classical_length_km", link.classical_length_km, 0.0, 1e5)
    if link.wavelength_nm is not None:
        check_in_range("wavelength_nm", link.wavelength_nm, 100.0, 1e4)
    if link.arm_loss_db is not None:
        losses = tuple(link.arm_loss_db)
        if len(losses) != 2:
            raise InvalidParameterError("arm_loss_db", link.arm_loss_db, "two losses (dB)")
        for k, loss in enumerate(losses):
            check_in_range(f"arm_loss_db[{k}]", loss, 0.0, 1000.0)
        object.__setattr__(link, "arm_loss_db", (float(losses[0]), float(losses[1])))
    for label, node in (("node_a", link.node_a), ("node_b", link.b)):
        timing = node.timing
        holding = link._holding(node)
        if (
            not timing.wait_for_herald
            and holding is (node.communication_memory or node.memory)
            and node.memory.num_modes == 1
        ):
            raise InvalidParameterError(
                f"{label}.timing.wait_for_herald",
                False,
                "True for a node whose only qubit holds the pair",
                "attempts that do not wait for the herald need a storage qubit "
                "(store_in_memory with a communication_memory) or several memories",
            )
    if link.phase_coherence is not None:
        check_probability("phase_coherence", link.phase_coherence)
    if link.conversion_efficiency is not None:
        check_probability("conversion_efficiency", link.conversion_efficiency)
    if link.spin_photon_gate_fidelity is not None:
        check_in_range("spin_photon_gate_fidelity", link.spin_photon_gate_fidelity, 0.25, 1.0)
    if scheme == "single-click" and link.alpha is None:
        for label, node in (("node_a", link.node_a), ("node_b", link.b)):
            if node.emitter.alpha is None:
                raise InvalidParameterError(
                    f"{label}.emitter.alpha",
                    None,
                    "(0, 1) for a single-click link (or pass alpha)",
                )
    if scheme == "dlcz":
        for label, node in (("node_a", link.node_a), ("node_b", link.b)):
            if node.emitter.excitation_probability is None:
                raise InvalidParameterError(
                    f"{label}.emitter.excitation_probability", None, "(0, 0.5] for a DLCZ link"
                )
