"""docs/platforms.md lists every parameter of every preset with its current value."""

from __future__ import annotations

import pytest

from qnetsim.hardware import CONVERTERS, get_platform, platform_names

from .render_platforms_doc import DOC, fmt, render


def _section(text: str, name: str) -> str:
    start = text.index(f"## `{name}`")
    end = text.find("\n## ", start + 1)
    return text[start:] if end < 0 else text[start:end]


def test_doc_is_up_to_date() -> None:
    assert DOC.read_text() == render(), "run tests/hardware/render_platforms_doc.py"


@pytest.mark.parametrize("name", platform_names())
def test_doc_table_lists_every_parameter(name: str) -> None:
    section = _section(DOC.read_text(), name)
    p = get_platform(name)
    for key, value in p.numeric_parameters().items():
        assert f"| `{key}` | {fmt(value)} |" in section, f"{name}: {key} missing or stale"


def test_doc_lists_converters() -> None:
    text = DOC.read_text()
    for name, c in CONVERTERS.items():
        assert f"| `{name}` | `efficiency` | {fmt(c.efficiency)} |" in text
