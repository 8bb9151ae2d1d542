"""Render the reference section of ``docs/scenarios.md`` from the schema.

``python tests/scenario/render_scenarios_doc.py`` rewrites the section between the markers;
``test_scenarios_doc.py`` checks that the committed file equals :func:`render`.
"""

from __future__ import annotations

from pathlib import Path

from qnetsim.scenario.schema import describe
from qnetsim.scenario.spec import SCENARIO_SCHEMA

DOC = Path(__file__).resolve().parents[2] / "docs" / "scenarios.md"
BEGIN, END = "<!-- BEGIN SCHEMA -->", "<!-- END SCHEMA -->"


def render(text: str) -> str:
    head, _, rest = text.partition(BEGIN)
    _, _, tail = rest.partition(END)
    return f"{head}{BEGIN}\n\n{describe(SCENARIO_SCHEMA)}\n{END}{tail}"


if __name__ == "__main__":
    DOC.write_text(render(DOC.read_text()))
