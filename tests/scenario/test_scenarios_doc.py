"""``docs/scenarios.md``: its reference section is the schema, and its example is a file."""

from __future__ import annotations

from pathlib import Path

from .render_scenarios_doc import DOC, render

REPO = Path(__file__).resolve().parents[2]


def test_reference_section_is_up_to_date() -> None:
    text = DOC.read_text()
    assert text == render(text), "run: python tests/scenario/render_scenarios_doc.py"


def test_complete_example_is_the_example_file() -> None:
    example = (REPO / "examples" / "scenarios" / "my_link.toml").read_text()
    body = example.split("[scenario]", 1)[1]
    assert "[scenario]" + body.rstrip() in DOC.read_text()
