"""Text formats of scenario and network files: TOML, YAML and JSON parse into the same
document.

The format is chosen by the file's extension (``.toml``; ``.yaml`` or ``.yml``; ``.json``;
any other extension is read as TOML). TOML is read with the standard library's ``tomllib``,
YAML with PyYAML's safe loader (``yaml.safe_load``: plain data only, no Python objects) and
JSON with the standard library's ``json``. Every parsed document then passes
:func:`check_plain_data`: string keys, plain values (tables, lists, strings, numbers,
booleans), at most :data:`MAX_DEPTH` levels of nesting and :data:`MAX_VALUES` values in all
(a bound that also stops YAML alias bombs), so that no later step (the schema, a deep copy)
can exhaust the recursion limit or memory. Every failure is a
:class:`~qnetsim.files.schema.ScenarioError`.

Examples:
    >>> parse_text('{"scenario": {"name": "x"}}', "a.json")
    {'scenario': {'name': 'x'}}
    >>> parse_text("scenario:\\n  name: x\\n", "a.yaml")
    {'scenario': {'name': 'x'}}
    >>> parse_text("a = " + "[" * 50 + "]" * 50, "deep.toml")
    Traceback (most recent call last):
    ...
    qnetsim.files.schema.ScenarioError: deep.toml: a[0][0][0]...: nested 33 levels deep; \
at most 32 (a limit of qnetsim)
"""

from __future__ import annotations

import json
import tomllib
from pathlib import PurePath
from typing import Any

import yaml

from qnetsim.files.schema import ScenarioError, join_path

__all__ = ["FORMATS", "MAX_DEPTH", "MAX_VALUES", "check_plain_data", "format_of", "parse_text"]

#: Extension -> format.
FORMATS = {".toml": "toml", ".yaml": "yaml", ".yml": "yaml", ".json": "json"}
#: Deepest nesting of tables and lists in a scenario document.
MAX_DEPTH = 32
#: Most values (tables, lists and leaves) in a scenario document.
MAX_VALUES = 1_000_000

_LEAVES = (str, int, float, bool)


def format_of(source: str) -> str:
    """``"toml"``, ``"yaml"`` or ``"json"`` from the extension of ``source`` (TOML unless
    it names another)."""
    return FORMATS.get(PurePath(source).suffix.lower(), "toml")


def parse_text(text: str, source: str = "<scenario>", fmt: str | None = None) -> Any:
    """The document that ``text`` (in ``fmt``, default: from the extension of ``source``)
    parses into, checked by :func:`check_plain_data`."""
    fmt = fmt or format_of(source)
    try:
        if fmt == "yaml":
            raw = yaml.safe_load(text)
        elif fmt == "json":
            raw = json.loads(text)
        else:
            raw = tomllib.loads(text)
    except RecursionError:
        raise ScenarioError(
            source, "", f"nested too deeply; at most {MAX_DEPTH} levels (a limit of qnetsim)"
        ) from None
    except tomllib.TOMLDecodeError as exc:
        raise ScenarioError(source, "", f"not valid TOML: {exc}") from None
    except json.JSONDecodeError as exc:
        raise ScenarioError(source, "", f"not valid JSON: {exc}") from None
    except yaml.YAMLError as exc:
        raise ScenarioError(source, "", f"not valid YAML: {_one_line(str(exc))}") from None
    except ValueError as exc:  # e.g. an integer too long for int()
        raise ScenarioError(source, "", f"not valid {fmt.upper()}: {exc}") from None
    if not isinstance(raw, dict):
        raise ScenarioError(
            source, "", f"the document is {type(raw).__name__}, not a table of keys"
        )
    check_plain_data(raw, source)
    return raw


def _one_line(text: str) -> str:
    return " ".join(text.split())


def check_plain_data(document: Any, source: str = "<scenario>") -> None:
    """Raise :class:`ScenarioError` unless ``document`` is plain data: tables with string
    keys, lists, strings, numbers and booleans, at most :data:`MAX_DEPTH` deep and
    :data:`MAX_VALUES` values in all. Iterative (no recursion), linear in the size."""
    stack: list[tuple[Any, str, int]] = [(document, "", 0)]
    count = 0
    while stack:
        value, path, depth = stack.pop()
        count += 1
        if count > MAX_VALUES:
            raise ScenarioError(source, "", f"more than {MAX_VALUES} values; a limit of qnetsim")
        if depth > MAX_DEPTH:
            shown = path if len(path) <= 40 else path[:20] + "..."
            raise ScenarioError(
                source,
                shown,
                f"nested {depth} levels deep; at most {MAX_DEPTH} (a limit of qnetsim)",
            )
        if isinstance(value, dict):
            for key, item in value.items():
                if not isinstance(key, str):
                    raise ScenarioError(
                        source, path, f"key {key!r} is not a string; keys are names"
                    )
                stack.append((item, join_path(path, key), depth + 1))
        elif isinstance(value, list):
            stack.extend((item, join_path(path, i), depth + 1) for i, item in enumerate(value))
        elif not isinstance(value, _LEAVES):
            what = "null" if value is None else type(value).__name__
            raise ScenarioError(
                source,
                path,
                f"{what} is not a scenario value; valid: a table, a list, a string, a number "
                "or true/false (leave an optional key out rather than setting it to null)",
            )
