"""Reading and writing networks: TOML (read with :mod:`tomllib`) and JSON.

The format (``docs/network.md`` has a complete example) is a ``[network]`` table (``name``,
``description``, ``format_version = 1``), an array ``[[nodes]]`` (``name``, ``platform``,
``position_km``, ``num_memories``, ``role``) and an array ``[[edges]]`` (``a``, ``b``,
``length_km``, ``attenuation_db_per_km``, ``extra_loss_db``, ``scheme``, ``geometry``). JSON
uses the same structure as an object. Platforms are stored by name; a custom platform is
resolved on loading through the ``platforms`` mapping.

The standard library reads TOML but does not write it, so :func:`dumps_toml` writes the small
subset this format needs (strings, numbers, booleans, arrays of numbers).

Examples:
    >>> from qnetsim.network.topology.network import Network
    >>> net = Network("demo")
    >>> net.add_node("A", "nv_delft", position_km=(0.0, 0.0))
    >>> net.add_node("B", "nv_delft", position_km=(10.0, 0.0))
    >>> net.add_edge("A", "B")
    >>> text = dumps_toml(net.to_dict())
    >>> loads_network(text, "toml").edge("A", "B").length_km
    10.0
"""

from __future__ import annotations

import json
import math
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from qnetsim.errors import InvalidParameterError
from qnetsim.hardware import Platform
from qnetsim.network.topology.network import Network

__all__ = ["dumps_toml", "load_network", "loads_network", "save_network"]

_FORMATS = ("toml", "json")


def _format_of(path: Path, fmt: str | None) -> str:
    fmt = fmt or path.suffix.lstrip(".").lower()
    if fmt not in _FORMATS:
        raise InvalidParameterError("format", fmt, "'toml' or 'json' (or a .toml/.json path)")
    return fmt


def loads_network(
    text: str, fmt: str = "toml", platforms: Mapping[str, Platform] | None = None
) -> Network:
    """Parse a network from a TOML or JSON string.

    Raises:
        InvalidParameterError: naming ``text`` for a syntax error, or the bad entry.
    """
    if fmt not in _FORMATS:
        raise InvalidParameterError("fmt", fmt, "'toml' or 'json'")
    try:
        data = tomllib.loads(text) if fmt == "toml" else json.loads(text)
    except (tomllib.TOMLDecodeError, json.JSONDecodeError) as exc:
        raise InvalidParameterError(
            "text", text[:40] + "...", f"valid {fmt.upper()}", str(exc)
        ) from None
    if not isinstance(data, dict):
        raise InvalidParameterError("text", text[:40], "a table/object at the top level")
    return Network.from_dict(data, platforms)


def load_network(
    path: str | Path, fmt: str | None = None, platforms: Mapping[str, Platform] | None = None
) -> Network:
    """Read a network file (format from ``fmt`` or the suffix ``.toml`` / ``.json``)."""
    p = Path(path)
    return loads_network(p.read_text(encoding="utf-8"), _format_of(p, fmt), platforms)


def save_network(network: Network, path: str | Path, fmt: str | None = None) -> None:
    """Write ``network`` to ``path`` as TOML or JSON (from ``fmt`` or the suffix)."""
    p = Path(path)
    data = network.to_dict()
    text = dumps_toml(data) if _format_of(p, fmt) == "toml" else json.dumps(data, indent=2) + "\n"
    p.write_text(text, encoding="utf-8")


def _value(key: str, v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        if math.isnan(v):
            raise InvalidParameterError(key, v, "a number (TOML has no NaN here)")
        if math.isinf(v):
            return "inf" if v > 0 else "-inf"
        return repr(v)
    if isinstance(v, str):
        return json.dumps(v)  # a JSON string is a valid TOML basic string
    if isinstance(v, (list, tuple)):
        return "[" + ", ".join(_value(key, x) for x in v) + "]"
    raise InvalidParameterError(key, v, "a string, number, boolean or array")


def dumps_toml(data: Mapping[str, Any]) -> str:
    """Write ``{table: {key: value}}`` and ``{array: [{key: value}, ...]}`` as TOML.

    Examples:
        >>> print(dumps_toml({"network": {"name": "x"}, "nodes": [{"n": 1}, {"n": 2.5}]}))
        [network]
        name = "x"
        <BLANKLINE>
        [[nodes]]
        n = 1
        <BLANKLINE>
        [[nodes]]
        n = 2.5
        <BLANKLINE>
    """
    out: list[str] = []
    for name, section in data.items():
        tables = [section] if isinstance(section, Mapping) else section
        header = f"[{name}]" if isinstance(section, Mapping) else f"[[{name}]]"
        for table in tables:
            if not isinstance(table, Mapping):
                raise InvalidParameterError(name, section, "a table or a list of tables")
            out.append(header)
            out += [f"{k} = {_value(k, v)}" for k, v in table.items() if v is not None]
            out.append("")
    return "\n".join(out)
