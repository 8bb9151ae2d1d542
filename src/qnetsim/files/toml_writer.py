"""Write plain data as TOML (the standard library reads TOML but does not write it).

:func:`dumps_toml` writes what the scenario and network files contain: tables nested to any
depth (``[nodes.A.emitter]``), arrays of tables at the top level (``[[edges]]``), strings,
numbers (``inf`` too), booleans, arrays, and tables inside arrays as inline tables
(``overheads = [{name = "recooling", duration_s = 0.00012}]``). A ``None`` value is left out
(TOML has no null). Within a table the plain values come first, then its sub-tables, so the
text reads back (``tomllib.loads``) into a document equal to ``data`` without its ``None``
values.

Examples:
    >>> print(dumps_toml({"network": {"name": "x"}, "nodes": {"A": {"platform": "nv_delft",
    ...     "emitter": {"alpha": 0.1}}}, "edges": [{"a": "A", "b": "B"}]}))
    [network]
    name = "x"
    <BLANKLINE>
    [nodes.A]
    platform = "nv_delft"
    <BLANKLINE>
    [nodes.A.emitter]
    alpha = 0.1
    <BLANKLINE>
    [[edges]]
    a = "A"
    b = "B"
    <BLANKLINE>
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping
from typing import Any

from qnetsim.errors import InvalidParameterError

__all__ = ["dumps_toml"]

_BARE_KEY = re.compile(r"^[A-Za-z0-9_-]+$")


def _string(text: str) -> str:
    """A TOML basic string: JSON's escapes, but characters beyond the BMP as themselves
    (JSON's surrogate pairs are not TOML) and DEL escaped (TOML forbids it raw)."""
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")


def _key(key: Any) -> str:
    if not isinstance(key, str):
        raise InvalidParameterError("key", key, "a string (TOML keys are names)")
    return key if _BARE_KEY.match(key) else _string(key)


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
        return _string(v)
    if isinstance(v, (list, tuple)):
        return "[" + ", ".join(_value(key, x) for x in v) + "]"
    if isinstance(v, Mapping):
        items = [f"{_key(k)} = {_value(k, x)}" for k, x in v.items() if x is not None]
        return "{" + ", ".join(items) + "}"
    raise InvalidParameterError(key, v, "a string, number, boolean, array or table")


def _is_table_array(v: Any) -> bool:
    return isinstance(v, (list, tuple)) and bool(v) and all(isinstance(x, Mapping) for x in v)


def _table(out: list[str], path: str, table: Mapping[str, Any], header: str) -> None:
    """Write ``table`` under ``header`` (``[path]`` or ``[[path]]``), then its sub-tables."""
    plain = {k: v for k, v in table.items() if v is not None and not isinstance(v, Mapping)}
    subs = {k: v for k, v in table.items() if isinstance(v, Mapping)}
    if plain or not subs or header.startswith("[["):
        out.append(header)
        out += [f"{_key(k)} = {_value(k, v)}" for k, v in plain.items()]
        out.append("")
    for k, sub in subs.items():
        name = f"{path}.{_key(k)}"
        _table(out, name, sub, f"[{name}]")


def dumps_toml(data: Mapping[str, Any]) -> str:
    """``data`` (plain data: see the module docstring) as TOML text.

    Raises:
        InvalidParameterError: a value TOML cannot hold (NaN, an object), naming its key.
    """
    out: list[str] = []
    top = {k: v for k, v in data.items() if v is not None and not isinstance(v, Mapping)}
    scalars = {k: v for k, v in top.items() if not _is_table_array(v)}
    out += [f"{_key(k)} = {_value(k, v)}" for k, v in scalars.items()]
    if scalars:
        out.append("")
    for name, section in data.items():
        if isinstance(section, Mapping):
            _table(out, _key(name), section, f"[{_key(name)}]")
        elif _is_table_array(section):
            for table in section:
                _table(out, _key(name), table, f"[[{_key(name)}]]")
    return "\n".join(out)
