"""The platform registry: every preset of :mod:`qnetsim.hardware.platforms` by name, with
:func:`get_platform` and :func:`platform_names` (presets from ``shared/reference/experiments.md``;
each preset module names its sources).
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from qnetsim.errors import InvalidParameterError
from qnetsim.hardware.platform import Platform
from qnetsim.hardware.platforms import atoms, ensembles, ions, nv, quantum_dots, siv

__all__ = ["PLATFORMS", "get_platform", "platform_names"]

#: The platform registry, keyed by name.
PLATFORMS: Mapping[str, Platform] = MappingProxyType(
    {
        p.name: p
        for module in (ensembles, nv, siv, ions, atoms, quantum_dots)
        for p in module.PRESETS
    }
)


def platform_names() -> list[str]:
    """Sorted names of the registered platforms."""
    return sorted(PLATFORMS)


def get_platform(name: str) -> Platform:
    """The platform preset ``name``.

    Raises:
        InvalidParameterError: for an unknown name; the message lists the valid names.

    Examples:
        >>> get_platform("unicorn")  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        qnetsim.errors.InvalidParameterError: name = 'unicorn' is invalid; valid: one of ...
    """
    try:
        return PLATFORMS[name]
    except KeyError:
        raise InvalidParameterError("name", name, "one of " + ", ".join(platform_names())) from None
