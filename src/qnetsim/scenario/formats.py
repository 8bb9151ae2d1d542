"""Scenario text formats (TOML, YAML, JSON): :mod:`qnetsim.files.formats` (shared with
network files), re-exported here.
"""

from __future__ import annotations

from qnetsim.files.formats import (
    FORMATS,
    MAX_DEPTH,
    MAX_VALUES,
    check_plain_data,
    format_of,
    parse_text,
)

__all__ = [
    "FORMATS",
    "MAX_DEPTH",
    "MAX_VALUES",
    "check_plain_data",
    "format_of",
    "parse_text",
]
