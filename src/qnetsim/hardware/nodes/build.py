"""Turn a validated node table (``[nodes.NAME]`` of a scenario or network file) into a
:class:`~qnetsim.hardware.platform.Platform`.

A node is a platform preset with overrides, or a whole platform defined in the file:

* ``platform = "ca_ion_ustc"`` and ``[nodes.A.emitter] alpha = 0.17``: the emitter's
  ``alpha`` is replaced (``dataclasses.replace``, so the hardware class validates it). Every
  field of every component (``emitter``, ``memory``, ``communication_memory``, ``detector``,
  ``converter``, ``source``, ``timing``) can be overridden, and the platform's ``scheme``,
  ``description``, ``fibre_wavelength_nm`` and ``fibre_attenuation_db_per_km``. A component
  the preset lacks is built from the table (its required fields must then be given).
  ``timing.overheads`` replaces the preset's list.
* ``converter = "none"`` removes the converter, ``converter = "NAME"`` takes a converter
  preset. When the wavelength that reaches the fibre changes (the converter's output, or the
  emitter's wavelength without a converter), the fibre follows it unless
  ``fibre_wavelength_nm`` is given, and its attenuation comes from the band table
  (:func:`~qnetsim.hardware.fibre.default_attenuation_db_per_km`) unless
  ``fibre_attenuation_db_per_km`` is given.
* No ``platform`` key: ``scheme``, ``emitter``, ``memory``, ``detector`` and
  ``fibre_wavelength_nm`` are required; the platform is named ``custom:NAME``.

Every failure is a :class:`~qnetsim.files.schema.ScenarioError` naming the key path of
the field (``nodes.A.emitter.wavelength_nm: required ...``,
``nodes.A.timing.overheads[0].every_s: ...``). Overridden parameters lose the preset's
citation (and plausible range): the scenario's notes must say where they come from.

Examples:
    >>> from qnetsim.files.schema import Table, validate
    >>> from qnetsim.hardware.nodes.schema import PLATFORM_FIELDS
    >>> node = validate({"platform": "ca_ion_ustc", "emitter": {"alpha": 0.17}},
    ...                 Table(PLATFORM_FIELDS))
    >>> build_platform(node, "net.toml", "nodes.A").emitter.alpha
    0.17
    >>> build_platform(validate({"platform": "ca_ion_ustc", "emitter": {"alpha": 2}},
    ...                 Table(PLATFORM_FIELDS), "net.toml"), "net.toml", "nodes.A")
    Traceback (most recent call last):
    ...
    qnetsim.files.schema.ScenarioError: net.toml: emitter.alpha: 2.0 is invalid; valid: > 0 and < 1
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

from qnetsim.errors import QnetsimValueError
from qnetsim.files.schema import Field, ScenarioError, join_path
from qnetsim.hardware.capabilities import Capabilities
from qnetsim.hardware.conversion import FrequencyConverter, get_converter
from qnetsim.hardware.detector import Detector
from qnetsim.hardware.emitter import Emitter
from qnetsim.hardware.fibre import default_attenuation_db_per_km
from qnetsim.hardware.memory import Memory
from qnetsim.hardware.nodes.schema import COMPONENT_TABLES, COMPONENTS, PLATFORM_FIELDS
from qnetsim.hardware.platform import Platform
from qnetsim.hardware.platforms import get_platform
from qnetsim.hardware.source import SinglePhotonSource
from qnetsim.hardware.timing import AttemptTiming, Overhead

__all__ = [
    "HARDWARE_CLASSES",
    "build_platform",
    "construct",
    "field_path",
    "given_fields",
    "has_hardware",
]

#: The hardware class behind each component table of ``[nodes.NAME]``.
HARDWARE_CLASSES: dict[str, type] = {
    "emitter": Emitter,
    "memory": Memory,
    "communication_memory": Memory,
    "detector": Detector,
    "converter": FrequencyConverter,
    "source": SinglePhotonSource,
    "timing": AttemptTiming,
    "capabilities": Capabilities,
}

_TUPLE_FIELDS = {"readout_fidelity"}
_NODE_FIELDS = PLATFORM_FIELDS


def given_fields(table: Any) -> dict[str, Any]:
    """The fields a validated table gives (the schema fills absent ones with ``None``)."""
    if not isinstance(table, Mapping):
        return {}
    return {k: v for k, v in table.items() if v is not None}


def _required_fields(cls: type) -> list[str]:
    """The fields of the dataclass ``cls`` without a default."""
    return [
        f.name
        for f in dataclasses.fields(cls)
        if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
    ]


def field_path(exc: QnetsimValueError, cls: type, path: str) -> str:
    """``path.FIELD`` when ``exc`` names a field of ``cls`` (``readout_fidelity[0]`` too)."""
    name = str(getattr(exc, "name", ""))
    names = {f.name for f in dataclasses.fields(cls)}
    if name.split("[", 1)[0] in names:
        return f"{path}.{name}"
    return path


def construct(cls: type, base: Any, values: Mapping[str, Any], source: str, path: str) -> Any:
    """``cls(**values)`` (``base`` is ``None``) or ``dataclasses.replace(base, **values)``,
    with the hardware class's errors as :class:`ScenarioError` at ``path.FIELD``."""
    names = {f.name for f in dataclasses.fields(cls)}
    for key in values:
        if key not in names:  # the schema knows the same names; a safety net
            raise ScenarioError(
                source, join_path(path, key), f"unknown field; valid: {', '.join(sorted(names))}"
            )
    if base is None:
        for name in _required_fields(cls):
            if name not in values:
                raise ScenarioError(source, join_path(path, name), "required")
    try:
        return cls(**values) if base is None else dataclasses.replace(base, **values)
    except QnetsimValueError as exc:
        raise ScenarioError(source, field_path(exc, cls, path), str(exc)) from None
    except TypeError as exc:  # a value of the wrong type deep in a hardware class
        raise ScenarioError(source, path, f"wrong type: {exc}") from None


def _component_values(
    component: str, given: Mapping[str, Any], source: str, path: str
) -> dict[str, Any]:
    """The hardware-class values of a component table: lists of pairs as tuples, overhead
    tables as :class:`~qnetsim.hardware.timing.Overhead` objects."""
    values = {
        k: tuple(v) if k in _TUPLE_FIELDS and isinstance(v, list) else v for k, v in given.items()
    }
    if component == "timing" and "overheads" in values:
        values["overheads"] = tuple(
            construct(Overhead, None, given_fields(item), source, f"{path}.overheads[{i}]")
            for i, item in enumerate(values["overheads"])
        )
    return values


def _component(
    component: str,
    base: Any,
    table: Any,
    source: str,
    path: str,
    owner: str,
    *,
    required: bool = False,
) -> tuple[Any, bool, set[str]]:
    """The component built from its validated table: ``(value, changed, fields given)``;
    ``changed`` with no fields means the component was replaced as a whole. ``required``:
    the component must exist (an absent table without a ``base`` misses its first required
    field)."""
    cls = HARDWARE_CLASSES[component]
    if component == "converter" and isinstance(table, str):
        if table == "none":
            return None, base is not None, set()
        try:
            return get_converter(table), True, set()
        except QnetsimValueError as exc:  # the schema lists the same names; a safety net
            raise ScenarioError(source, path, str(exc)) from None
    given = given_fields(table)
    if not given and not (required and base is None):
        return base, False, set()
    values = _component_values(component, given, source, path)
    if base is None:
        for name in _required_fields(cls):
            if name not in values:
                spec = COMPONENT_TABLES[component].fields[name]
                valid = spec.valid_text() if isinstance(spec, Field) else "a table"
                raise ScenarioError(
                    source,
                    f"{path}.{name}",
                    f"required; valid: {valid} ({owner} has no {component} to start from)",
                )
    elif component == "converter":
        # an overridden converter field loses the preset converter's citation
        values["citations"] = {k: v for k, v in base.citations.items() if k not in given}
    value = construct(cls, base, values, source, path)
    return value, True, set(given) if base is not None else set()


def _light_wavelength(emitter: Emitter, converter: FrequencyConverter | None) -> float:
    """The wavelength a node sends into the fibre: the converter's output, else the
    emitter's."""
    return converter.output_wavelength_nm if converter is not None else emitter.wavelength_nm


def _check_light(
    emitter: Emitter,
    converter: FrequencyConverter | None,
    node: Mapping[str, Any],
    source: str,
    path: str,
) -> None:
    """A converter the file names (or an emitter wavelength the file sets) must take the
    emitter's light: input wavelength within 1 nm of the emission wavelength."""
    table = node.get("converter")
    named = isinstance(table, str) or bool(given_fields(table))
    if converter is None or not (named or "wavelength_nm" in given_fields(node.get("emitter"))):
        return
    if abs(converter.input_wavelength_nm - emitter.wavelength_nm) > 1.0:
        where = "input_wavelength_nm" if isinstance(table, Mapping) else ""
        raise ScenarioError(
            source,
            join_path(f"{path}.converter", where) if where else f"{path}.converter",
            f"the converter takes {converter.input_wavelength_nm:g} nm but the emitter emits "
            f"{emitter.wavelength_nm:g} nm ({path}.emitter.wavelength_nm); they must agree "
            "within 1 nm",
        )


def _default_attenuation(wavelength_nm: float, source: str, path: str, why: str) -> float:
    try:
        return default_attenuation_db_per_km(wavelength_nm)
    except QnetsimValueError as exc:
        raise ScenarioError(
            source,
            f"{path}.fibre_attenuation_db_per_km",
            f"required: {why} {wavelength_nm:g} nm, where the band table has no default "
            f"attenuation ({exc})",
        ) from None


def has_hardware(node: Mapping[str, Any]) -> bool:
    """Whether a validated node table gives any key of the platform (a preset, a top-level
    field or a component table): a photonic server of a network may have none.

    Examples:
        >>> has_hardware({"platform": None, "emitter": {"alpha": None}, "role": "end"})
        False
        >>> has_hardware({"emitter": {"alpha": 0.1}})
        True
    """
    for key in PLATFORM_FIELDS:
        value = node.get(key)
        if isinstance(value, str) or (isinstance(value, Mapping) and given_fields(value)):
            return True
        if value is not None and not isinstance(value, Mapping):
            return True
    return False


def build_platform(
    node: Mapping[str, Any],
    source: str,
    path: str,
    name: str | None = None,
    presets: Mapping[str, Platform] | None = None,
) -> Platform:
    """The platform of one validated ``[nodes.NAME]`` table (``path`` is ``nodes.NAME``;
    ``name`` names a platform defined in the file, ``custom:NAME``). ``presets`` resolves
    ``platform = "NAME"`` before the registry (platforms of your own, by name)."""
    node_name = name if name is not None else path.rsplit(".", 1)[-1]
    if node.get("platform") is None:
        return _custom_platform(node, source, path, node_name)
    try:
        preset = (presets or {}).get(node["platform"])
        platform = preset if preset is not None else get_platform(node["platform"])
    except QnetsimValueError as exc:
        raise ScenarioError(source, f"{path}.platform", str(exc)) from None
    owner = f"platform {platform.name!r}"
    changes: dict[str, Any] = {}
    dropped: set[str] = set()  # citation keys of overridden values
    for component in COMPONENTS:
        current = getattr(platform, component)
        value, changed, fields = _component(
            component, current, node.get(component), source, f"{path}.{component}", owner
        )
        if not changed:
            continue
        changes[component] = value
        if fields:
            dropped |= {f"{component}.{f}" for f in fields}
        else:
            dropped |= {k for k in platform.citations if k.startswith(f"{component}.")}
            dropped |= {k for k in platform.ranges if k.startswith(f"{component}.")}
    for key in ("scheme", "description", "fibre_wavelength_nm", "fibre_attenuation_db_per_km"):
        if node.get(key) is not None:
            changes[key] = node[key]
            dropped.add(key)
    emitter = changes.get("emitter", platform.emitter)
    converter = changes.get("converter", platform.converter)
    _check_light(emitter, converter, node, source, path)
    light = _light_wavelength(emitter, converter)
    if node.get("fibre_wavelength_nm") is None and light != _light_wavelength(
        platform.emitter, platform.converter
    ):
        changes["fibre_wavelength_nm"] = light  # the fibre carries the node's new light
        dropped.add("fibre_wavelength_nm")
    wavelength = changes.get("fibre_wavelength_nm", platform.fibre_wavelength_nm)
    if node.get("fibre_attenuation_db_per_km") is None and wavelength != (
        platform.fibre_wavelength_nm
    ):
        changes["fibre_attenuation_db_per_km"] = _default_attenuation(
            wavelength, source, path, "the fibre now carries"
        )
        dropped.add("fibre_attenuation_db_per_km")
    if not changes:
        return platform
    changes["citations"] = {k: v for k, v in platform.citations.items() if k not in dropped}
    changes["ranges"] = {k: v for k, v in platform.ranges.items() if k not in dropped}
    try:
        return dataclasses.replace(platform, **changes)
    except QnetsimValueError as exc:
        raise ScenarioError(source, field_path(exc, Platform, path), str(exc)) from None


def _custom_platform(node: Mapping[str, Any], source: str, path: str, name: str) -> Platform:
    """A platform defined entirely in the file."""
    owner = "a node without a platform preset"
    for key in ("scheme", "fibre_wavelength_nm"):
        if node.get(key) is None:
            spec = _NODE_FIELDS[key]
            valid = spec.valid_text() if isinstance(spec, Field) else "a table"
            raise ScenarioError(
                source, f"{path}.{key}", f"required; valid: {valid} ({owner} defines it)"
            )
    parts: dict[str, Any] = {}
    for component in COMPONENTS:
        base: Any = AttemptTiming() if component == "timing" else None
        base = Capabilities() if component == "capabilities" else base
        value, _, _ = _component(
            component,
            base,
            node.get(component),
            source,
            f"{path}.{component}",
            owner,
            required=component in ("emitter", "memory", "detector"),
        )
        parts[component] = value
    _check_light(parts["emitter"], parts["converter"], node, source, path)
    wavelength = node["fibre_wavelength_nm"]
    attenuation = node.get("fibre_attenuation_db_per_km")
    if attenuation is None:
        attenuation = _default_attenuation(wavelength, source, path, "fibre_wavelength_nm =")
    try:
        return Platform(
            name=f"custom:{name}",
            description=node.get("description") or f"defined in the file ({path})",
            scheme=node["scheme"],
            fibre_attenuation_db_per_km=attenuation,
            fibre_wavelength_nm=wavelength,
            notes="Defined in the input file: the file's notes give the sources.",
            **parts,
        )
    except QnetsimValueError as exc:
        raise ScenarioError(source, field_path(exc, Platform, path), str(exc)) from None
