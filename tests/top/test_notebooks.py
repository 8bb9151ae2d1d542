"""The tutorial notebooks of ``examples/notebooks/`` run from top to bottom in a fresh
Jupyter kernel (nbclient + ipykernel), without an error, and show their tables as HTML and
their figures as images."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

NOTEBOOKS = Path(__file__).resolve().parents[2] / "examples" / "notebooks"


def _execute(name: str, workdir: Path) -> nbformat.NotebookNode:
    nb = nbformat.read(NOTEBOOKS / name, as_version=4)
    client = NotebookClient(
        nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(workdir)}}
    )
    client.execute()  # raises CellExecutionError naming the cell that failed
    return nb


def _mimes(nb: nbformat.NotebookNode) -> list[str]:
    return [
        mime
        for cell in nb.cells
        if cell.cell_type == "code"
        for out in cell.outputs
        for mime in out.get("data", {})
    ]


def test_the_notebooks_are_the_two_tutorials() -> None:
    assert sorted(p.name for p in NOTEBOOKS.glob("*.ipynb")) == [
        "plan_a_link.ipynb",
        "reproduce_an_experiment.ipynb",
    ]
    for path in NOTEBOOKS.glob("*.ipynb"):
        nb = nbformat.read(path, as_version=4)
        nbformat.validate(nb)
        assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code"), (
            f"{path.name} is stored with outputs: clear them"
        )


@pytest.mark.parametrize("name", ["plan_a_link.ipynb", "reproduce_an_experiment.ipynb"])
def test_notebook_runs_and_shows_tables_and_a_figure(name: str, tmp_path: Path) -> None:
    nb = _execute(name, tmp_path)
    mimes = _mimes(nb)
    assert mimes.count("text/html") >= 3, mimes  # pandas tables
    assert "image/png" in mimes, mimes  # the figure
    text = "".join(
        out.get("text", "") for c in nb.cells if c.cell_type == "code" for out in c.outputs
    )
    assert "Traceback" not in text
