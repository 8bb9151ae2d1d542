"""``qnetsim link``: the nodes the flags name, and the hardware overrides of ``--hw`` and
``--hw-b``; errors name the flag the user can change."""

from __future__ import annotations

import tomllib
from typing import Any

from qnetsim.errors import InvalidParameterError
from qnetsim.hardware import get_platform, platform_names
from qnetsim.hardware.platform import Platform

__all__ = [
    "STORAGE_EXAMPLE",
    "hw_overrides",
    "link_platforms",
    "merge_tables",
    "raise_for_scheme",
    "resolve_platform",
]

#: Example of a storage scenario, for users who pick a storage-only platform.
STORAGE_EXAMPLE = "examples/experiments/thomas2024_qd_memory.toml"


def _is_storage_only(platform: Platform) -> bool:
    return platform.scheme == "storage"


def link_platforms() -> list[str]:
    """Platforms that can be the nodes of an entanglement link (not storage-only ones)."""
    return [n for n in platform_names() if not _is_storage_only(get_platform(n))]


def resolve_platform(flag: str, name: str) -> Platform:
    """The platform ``name`` given with ``flag``; storage-only platforms are refused."""
    valid = "one of " + ", ".join(link_platforms())
    if name not in platform_names():
        raise InvalidParameterError(flag, name, valid)
    platform = get_platform(name)
    if _is_storage_only(platform):
        raise InvalidParameterError(
            flag,
            name,
            valid,
            f"{name} is a storage interface, not an entanglement-link node: run a storage "
            f"scenario with `qnetsim run`, e.g. qnetsim run {STORAGE_EXAMPLE}",
        )
    return platform


def _with_emitter(attribute: str) -> list[str]:
    return [n for n in link_platforms() if getattr(get_platform(n).emitter, attribute) is not None]


def raise_for_scheme(
    exc: InvalidParameterError, platform: str, platform_b: str | None, scheme: str | None
) -> None:
    """Turn 'node_x.emitter.<attribute> = None is invalid' (an emitter lacks what the scheme
    needs) into an error about the flag the user can change (``--scheme``, ``--platform``
    or ``--platform-b``); return if ``exc`` is about something else."""
    node, _, attribute = exc.name.partition(".emitter.")
    if attribute not in ("alpha", "excitation_probability"):
        return
    on_b = node == "node_b" and platform_b is not None
    name = platform_b if on_b else platform
    if attribute == "alpha":
        need = "a bright-state population (alpha)"
        have = ", ".join(_with_emitter("alpha"))
        needing = "single-click"
        hint = "; or pass --alpha"
    else:
        need = "an atomic ensemble with an excitation probability"
        have = ", ".join(_with_emitter("excitation_probability"))
        needing = "dlcz"
        hint = ""
    if scheme:
        raise InvalidParameterError(
            "--scheme",
            scheme,
            f"{needing} only with platforms that have {need}: {have}{hint}",
            f"the {needing} scheme needs {need}; {name} has none",
        ) from exc
    raise InvalidParameterError(
        "--platform-b" if on_b else "--platform",
        name,
        f"with a {needing} --platform, a platform with {need}: {have}{hint}",
        f"{name} has none",
    ) from exc


def hw_overrides(flag: str, items: list[str]) -> dict[str, Any]:
    """``["timing.duty_cycle=0.5", ...]`` -> a node table of overrides (TOML values)."""
    table: dict[str, Any] = {}
    for item in items:
        key, sep, text = item.partition("=")
        key = key.strip()
        if not sep or not key:
            raise InvalidParameterError(flag, item, "FIELD=VALUE, e.g. timing.duty_cycle=0.5")
        try:
            value = tomllib.loads(f"v = {text.strip()}")["v"]
        except tomllib.TOMLDecodeError:
            value = text.strip()  # a bare word is a string: converter=none
        where = table
        *parents, leaf = key.split(".")
        for part in parents:
            where = where.setdefault(part, {})
            if not isinstance(where, dict):
                raise InvalidParameterError(flag, item, f"{part} is a value, not a table")
        where[leaf] = value
    return table


def merge_tables(base: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = merge_tables(out[key], value)
        else:
            out[key] = value
    return out
