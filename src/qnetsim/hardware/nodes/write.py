"""A :class:`~qnetsim.hardware.platform.Platform` written back as a node table, the inverse of
:func:`~qnetsim.hardware.nodes.build.build_platform`.

* A registered preset, unchanged: ``{"platform": "nv_delft"}``.
* A preset with some fields changed (``dataclasses.replace`` of a preset, keeping its name):
  the preset and the changed fields only (``{"platform": "nv_delft", "emitter": {"alpha":
  0.1}}``), if building that table gives the platform back exactly.
* Anything else (a platform of your own): the whole platform, every field of every
  component, so that the file needs nothing outside itself. Building it back gives an equal
  platform but for the name (``custom:NODE``), the notes and the citations, which a file does
  not carry.

The table is plain data (lists, not tuples; ``None`` left out), ready for TOML, YAML or JSON.

Examples:
    >>> import dataclasses
    >>> from qnetsim.hardware.platforms import get_platform
    >>> nv = get_platform("nv_delft")
    >>> platform_table(nv)
    {'platform': 'nv_delft'}
    >>> platform_table(dataclasses.replace(nv, emitter=dataclasses.replace(nv.emitter, alpha=0.1)))
    {'platform': 'nv_delft', 'emitter': {'alpha': 0.1}}
    >>> mine = dataclasses.replace(nv, name="my_nv")
    >>> table = platform_table(mine)
    >>> "platform" in table, table["scheme"], table["emitter"]["alpha"]
    (False, 'single-click', 0.25)
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

from qnetsim.errors import QnetsimValueError
from qnetsim.files.schema import Table, validate
from qnetsim.hardware.conversion import CONVERTERS, FrequencyConverter
from qnetsim.hardware.nodes.build import build_platform
from qnetsim.hardware.nodes.schema import COMPONENTS, PLATFORM_FIELDS
from qnetsim.hardware.platform import Platform
from qnetsim.hardware.platforms import PLATFORMS

__all__ = ["component_table", "platform_table"]

#: The top-level fields of a platform that a node table gives.
_TOP_FIELDS = ("scheme", "description", "fibre_wavelength_nm", "fibre_attenuation_db_per_km")
_SKIPPED = {"citations"}  # carried by presets only
_TABLE = Table(PLATFORM_FIELDS)


def _plain(value: Any) -> Any:
    """Plain data: a dataclass as a table, a tuple as a list."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {
            f.name: _plain(getattr(value, f.name))
            for f in dataclasses.fields(value)
            if getattr(value, f.name) is not None
        }
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def component_table(component: Any, base: Any = None) -> dict[str, Any]:
    """The fields of a hardware component as a table: all of them, or (``base`` given) those
    that differ from ``base``'s."""
    out: dict[str, Any] = {}
    for f in dataclasses.fields(component):
        value = getattr(component, f.name)
        if f.name in _SKIPPED or value is None:
            continue
        if base is not None and getattr(base, f.name) == value:
            continue
        out[f.name] = _plain(value)
    return out


def _converter_name(converter: FrequencyConverter) -> str | None:
    for name, preset in CONVERTERS.items():
        if preset == converter:
            return name
    return None


def _light_nm(platform: Platform) -> float:
    """The wavelength the node sends into the fibre (as the builder sees it)."""
    converter = platform.converter
    return converter.output_wavelength_nm if converter else platform.emitter.wavelength_nm


def _full_table(platform: Platform) -> dict[str, Any]:
    table: dict[str, Any] = {key: getattr(platform, key) for key in _TOP_FIELDS}
    for component in COMPONENTS:
        value = getattr(platform, component)
        if value is not None:
            table[component] = component_table(value)
    return table


def _override_table(platform: Platform, base: Platform) -> dict[str, Any] | None:
    """``base`` and the fields of ``platform`` that differ, or ``None`` if a node table
    cannot say so (a component of the preset removed, other than the converter)."""
    table: dict[str, Any] = {"platform": base.name}
    for key in _TOP_FIELDS:
        if getattr(platform, key) != getattr(base, key):
            table[key] = getattr(platform, key)
    for component in COMPONENTS:
        value, old = getattr(platform, component), getattr(base, component)
        if value == old:
            continue
        if value is None:
            if component != "converter":
                return None
            table[component] = "none"
        elif component == "converter" and _converter_name(value) is not None:
            table[component] = _converter_name(value)
        else:
            table[component] = component_table(value, old)
    if _light_nm(platform) != _light_nm(base):
        # new light moves the fibre to its wavelength unless the table says where it is
        for key in ("fibre_wavelength_nm", "fibre_attenuation_db_per_km"):
            table[key] = getattr(platform, key)
    return table


def _rebuilds(table: Mapping[str, Any], platform: Platform) -> bool:
    try:
        node = validate(table, _TABLE, "<platform>")
        return build_platform(node, "<platform>", "node") == platform
    except QnetsimValueError:
        return False


def platform_table(platform: Platform) -> dict[str, Any]:
    """``platform`` as a node table (see the module docstring)."""
    base = PLATFORMS.get(platform.name)
    if base is not None:
        if platform == base:
            return {"platform": platform.name}
        table = _override_table(platform, base)
        if table is not None and _rebuilds(table, platform):
            return table
    return _full_table(platform)
