"""The import direction of DEVELOPERS.md: a layer imports only the layers below it.

engine < quantum < hardware < link < network < apps < top (experiments, scenario, cli,
report, sweep). The base modules (errors, units, _validate, _json, _lazy, and the file
schema and formats of ``qnetsim.files``) sit below every layer. Imports inside
``if TYPE_CHECKING:`` blocks count too: a type hint that points upwards is a design smell as
much as a runtime import.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import qnetsim

PACKAGE_DIR = Path(qnetsim.__file__).parent

LAYER_OF = {
    "errors": 0,
    "units": 0,
    "_validate": 0,
    "_arrays": 0,
    "_json": 0,
    "_lazy": 0,
    "files": 0,
    "engine": 1,
    "quantum": 2,
    "hardware": 3,
    "link": 4,
    "network": 5,
    "apps": 6,
    "experiments": 7,
    "scenario": 7,
    "cli": 7,
    "report": 7,
    "sweep": 7,
    "__main__": 7,
    "__init__": 7,
}

TOP_LEVEL_ORDER = ["engine", "quantum", "hardware", "link", "network", "apps"]


def layer_of_module(dotted: str) -> int:
    parts = dotted.split(".")
    assert parts[0] == "qnetsim", dotted
    if len(parts) == 1:
        return LAYER_OF["__init__"]
    return LAYER_OF[parts[1]]


def module_name(path: Path) -> str:
    rel = path.relative_to(PACKAGE_DIR.parent).with_suffix("")
    return ".".join(rel.parts)


def imported_qnetsim_modules(path: Path, source: str | None = None) -> list[tuple[int, str]]:
    text = path.read_text() if source is None else source
    tree = ast.parse(text, filename=str(path))
    this = module_name(path)
    package = this if path.name == "__init__.py" else this.rsplit(".", 1)[0]
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names if a.name.startswith("qnetsim")]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target.startswith("qnetsim"):
                if target == "qnetsim":  # "from qnetsim import x" imports the submodule x
                    found += [
                        (node.lineno, f"qnetsim.{a.name}")
                        for a in node.names
                        if a.name.split(".")[0] in LAYER_OF
                    ]
                    if any(a.name.split(".")[0] not in LAYER_OF for a in node.names):
                        found.append((node.lineno, "qnetsim"))
                else:
                    found.append((node.lineno, target))
    return found


SOURCES = sorted(PACKAGE_DIR.rglob("*.py"))


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(PACKAGE_DIR)))
def test_imports_point_downwards(path: Path) -> None:
    own = layer_of_module(module_name(path))
    for lineno, target in imported_qnetsim_modules(path):
        assert layer_of_module(target) <= own, (
            f"{path.relative_to(PACKAGE_DIR)}:{lineno} imports {target}, a higher layer"
        )


def test_every_package_is_assigned_a_layer() -> None:
    for child in PACKAGE_DIR.iterdir():
        if child.name.startswith((".", "__pycache__")) or child.name == "py.typed":
            continue
        assert child.stem in LAYER_OF, f"{child.name} has no layer in LAYER_OF"


def test_checker_catches_an_upward_import() -> None:
    """The checker itself: an engine module importing higher layers must be flagged."""
    probe = PACKAGE_DIR / "engine" / "probe.py"
    source = "from qnetsim.network import chain\nfrom ..apps import qkd\nimport qnetsim.units\n"
    layers = [layer_of_module(t) for _, t in imported_qnetsim_modules(probe, source)]
    assert layers == [5, 6, 0]
