"""Reading and writing network files: TOML, YAML or JSON, one layout, one node schema.

A network file (``docs/network.md`` has a complete example) is a ``[network]`` table
(``name``, ``description``, ``format_version = 2``), one ``[nodes.NAME]`` table per node and
an array ``[[edges]]`` (``a``, ``b``, ``length_km``, ``attenuation_db_per_km``,
``extra_loss_db``, ``scheme``, ``geometry``). A node table is the node table of scenario
files (:data:`~qnetsim.network.topology.schema.NODE_TABLE`): a platform preset plus overrides
of any hardware field, or a whole platform of your own, and the network's ``position_km``,
``num_memories`` and ``role``. A scenario file with ``[[edges]]`` is a network file too.

The same machinery as scenario files reads it (:mod:`qnetsim.files`): the format from the
extension (``.toml``; ``.yaml`` / ``.yml``; ``.json``), every value checked against the
schema with its bounds, and every error a :class:`~qnetsim.files.schema.ScenarioError`
naming the file, the key path and the valid range. Files of the old layout
(``format_version = 1``: an array ``[[nodes]]`` with a ``name`` each) still load, with a
:class:`DeprecationWarning`; :func:`save_network` writes the new one.

Examples:
    >>> from qnetsim.network.topology.network import Network
    >>> net = Network("demo")
    >>> net.add_node("A", "nv_delft", position_km=(0.0, 0.0))
    >>> net.add_node("B", "nv_delft", position_km=(10.0, 0.0))
    >>> net.add_edge("A", "B")
    >>> text = dumps_toml(net.to_dict())
    >>> print(text[text.index("[nodes.A]"):text.index("[nodes.B]")])
    [nodes.A]
    platform = "nv_delft"
    position_km = [0.0, 0.0]
    num_memories = 1
    role = "end"
    <BLANKLINE>
    <BLANKLINE>
    >>> loads_network(text, "toml").edge("A", "B").length_km
    10.0
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from qnetsim.errors import InvalidParameterError, QnetsimValueError
from qnetsim.files.formats import FORMATS, parse_text
from qnetsim.files.schema import ScenarioError
from qnetsim.files.toml_writer import dumps_toml
from qnetsim.hardware import Platform
from qnetsim.network.topology.network import Network

__all__ = [
    "NetworkFileError",
    "dumps_network",
    "dumps_toml",
    "load_network",
    "loads_network",
    "save_network",
]

_NAMES = ("toml", "yaml", "json")


def _format_of(path: Path, fmt: str | None) -> str:
    if fmt is not None:
        if fmt not in _NAMES:
            raise InvalidParameterError("fmt", fmt, "'toml', 'yaml' or 'json'")
        return fmt
    found = FORMATS.get(path.suffix.lower())
    if found is None:
        valid = "a path ending in " + ", ".join(FORMATS) + ", or fmt"
        raise InvalidParameterError("path", str(path), valid)
    return found


def loads_network(
    text: str,
    fmt: str = "toml",
    platforms: Mapping[str, Platform] | None = None,
    source: str = "<network>",
) -> Network:
    """Parse a network from TOML, YAML or JSON text.

    Args:
        text: the file's text.
        fmt: ``"toml"``, ``"yaml"`` or ``"json"``.
        platforms: platforms of your own by name, for ``platform = "NAME"`` (a node may
            also define its platform in the file).
        source: the name errors give the text (a file name).

    Raises:
        NetworkFileError: a syntax error, or the key path of a bad entry (a
            :class:`~qnetsim.files.schema.ScenarioError` and an
            :class:`~qnetsim.errors.InvalidParameterError`).
    """
    if fmt not in _NAMES:
        raise InvalidParameterError("fmt", fmt, "'toml', 'yaml' or 'json'")
    try:
        return Network.from_dict(parse_text(text, source, fmt), platforms, source)
    except ScenarioError as exc:
        raise NetworkFileError(exc.source, exc.key_path, exc.reason) from None


class NetworkFileError(ScenarioError, InvalidParameterError):
    """A malformed network file: a :class:`~qnetsim.files.schema.ScenarioError` (file, key
    path, reason) that is also an :class:`~qnetsim.errors.InvalidParameterError` (``name`` =
    the key path), the class network files raised before they shared the scenario schema, so
    code that catches either keeps working."""

    def __init__(self, source: str, key_path: str, reason: str) -> None:
        self.source, self.key_path, self.reason = source, key_path, reason
        self.name, self.value, self.valid = key_path or "(top level)", None, reason
        QnetsimValueError.__init__(self, f"{source}: {key_path or '(top level)'}: {reason}")


def load_network(
    path: str | Path, fmt: str | None = None, platforms: Mapping[str, Platform] | None = None
) -> Network:
    """Read a network file (format from ``fmt`` or the suffix ``.toml``, ``.yaml``/``.yml``
    or ``.json``); errors name the file."""
    p = Path(path)
    fmt = _format_of(p, fmt)
    try:
        text = p.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        why = "not UTF-8 text" if isinstance(exc, UnicodeDecodeError) else exc.strerror or str(exc)
        raise NetworkFileError(str(p), "", f"cannot read the file: {why}") from None
    return loads_network(text, fmt, platforms, str(p))


def _json_ready(value: Any) -> Any:
    """JSON has no infinity: ``inf`` is written as the string ``"inf"``, which the schema
    reads back for the fields that allow it (coherence times)."""
    if isinstance(value, float) and math.isinf(value):
        return "inf" if value > 0 else "-inf"
    if isinstance(value, Mapping):
        return {k: _json_ready(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_json_ready(v) for v in value]
    return value


def dumps_network(network: Network, fmt: str = "toml") -> str:
    """``network`` as the text of a network file in ``fmt`` (``"toml"``, ``"yaml"`` or
    ``"json"``)."""
    data = network.to_dict()
    if fmt == "toml":
        return dumps_toml(data)
    if fmt == "json":
        return json.dumps(_json_ready(data), indent=2) + "\n"
    if fmt == "yaml":
        text: str = yaml.safe_dump(data, sort_keys=False, default_flow_style=None)
        return text
    raise InvalidParameterError("fmt", fmt, "'toml', 'yaml' or 'json'")


def save_network(network: Network, path: str | Path, fmt: str | None = None) -> None:
    """Write ``network`` to ``path`` as TOML, YAML or JSON (from ``fmt`` or the suffix)."""
    p = Path(path)
    p.write_text(dumps_network(network, _format_of(p, fmt)), encoding="utf-8")
