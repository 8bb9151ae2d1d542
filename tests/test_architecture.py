"""The house rules of docs/architecture.md that a test can check (issue 18).

* no import cycle between modules (every import that runs counts, also inside functions: a
  cycle hidden in a function is still a cycle in the design; annotations-only imports under
  ``if TYPE_CHECKING:`` do not run and do not count);
* no source file over 600 lines and the median under 250 (one concept per module);
* every file the page names exists, and the engines table on the page is the registered one.
"""

from __future__ import annotations

import ast
import re
import statistics
from pathlib import Path

import networkx as nx

import qnetsim
from tests.test_layering import PACKAGE_DIR, SOURCES, module_name

ROOT = PACKAGE_DIR.parents[1]
PAGE = ROOT / "docs" / "architecture.md"


def _imports(path: Path) -> list[str]:
    """Every qnetsim module ``path`` imports: ``from pkg import name`` counts as an import of
    ``pkg.name`` when that is a module, else of ``pkg``."""
    this = module_name(path)
    package = this if path.name == "__init__.py" else this.rsplit(".", 1)[0]
    out: list[str] = []
    tree = ast.parse(path.read_text())
    skipped = {
        id(n)
        for block in ast.walk(tree)
        if isinstance(block, ast.If) and ast.unparse(block.test).endswith("TYPE_CHECKING")
        for stmt in block.body
        for n in ast.walk(stmt)
    }
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            out += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            out += [f"{target}.{a.name}" for a in node.names]
    return [m for m in out if m.startswith("qnetsim")]


def _resolve(target: str, modules: set[str]) -> str | None:
    """The longest module prefix of ``target``."""
    while target and target not in modules:
        target = target.rsplit(".", 1)[0] if "." in target else ""
    return target or None


def import_graph() -> nx.DiGraph:
    modules = {module_name(p).removesuffix(".__init__") for p in SOURCES}
    graph = nx.DiGraph()
    for path in SOURCES:
        this = module_name(path).removesuffix(".__init__")
        graph.add_node(this)
        for target in _imports(path):
            resolved = _resolve(target, modules)
            if resolved is not None and resolved != this:
                graph.add_edge(this, resolved)
    return graph


def test_no_import_cycle() -> None:
    graph = import_graph()
    # a package's __init__ imports its own modules by design; a cycle is anything else
    cycles = [c for c in nx.strongly_connected_components(graph) if len(c) > 1]
    for component in cycles:
        sub = graph.subgraph(component)
        real = [
            cycle
            for cycle in nx.simple_cycles(sub)
            if not all(
                _is_init_edge(a, b) for a, b in zip(cycle, cycle[1:] + cycle[:1], strict=True)
            )
        ]
        assert not real, f"import cycle: {' -> '.join(real[0] + real[0][:1])}"


def _is_init_edge(a: str, b: str) -> bool:
    """``pkg`` -> ``pkg.mod`` (a package exporting its module's names) or the reverse."""
    return b.startswith(a + ".") or a.startswith(b + ".")


def test_the_checker_finds_a_cycle() -> None:
    graph = nx.DiGraph([("qnetsim.a", "qnetsim.b"), ("qnetsim.b", "qnetsim.a")])
    assert [c for c in nx.strongly_connected_components(graph) if len(c) > 1]


def test_files_stay_small() -> None:
    lengths = {p: len(p.read_text().splitlines()) for p in SOURCES}
    too_long = {str(p.relative_to(PACKAGE_DIR)): n for p, n in lengths.items() if n > 600}
    assert not too_long, f"files over 600 lines: {too_long}"
    assert statistics.median(lengths.values()) < 250


def test_every_file_the_page_names_exists() -> None:
    text = PAGE.read_text()
    names = set(re.findall(r"`((?:[a-z_]+/)+[a-z_]+\.py)`", text))
    assert names
    for name in names:
        candidates = [PACKAGE_DIR / name, PACKAGE_DIR / "network" / name, ROOT / name]
        assert any(c.exists() for c in candidates), f"docs/architecture.md names {name}"


def test_the_page_shows_the_registered_engines() -> None:
    from qnetsim.network.evaluation import ENGINES

    text = PAGE.read_text()
    for kind, engines in ENGINES.items():
        row = next(line for line in text.splitlines() if line.startswith(f"| `{kind.__name__}`"))
        cells = [c.strip() for c in row.strip("|").split("|")]
        for column, method in zip(cells[2:], ("exact", "montecarlo", "events"), strict=True):
            assert (column != "–") == (method in engines), (kind.__name__, method, column)


def test_the_top_level_names_resolve() -> None:
    for name in qnetsim.__all__:
        assert getattr(qnetsim, name) is not None


def test_the_page_lists_the_registered_scenario_kinds() -> None:
    from qnetsim.scenario.kinds import KINDS

    found = re.search(r"Registered kinds:(.*?`)\.", PAGE.read_text(), re.S)
    assert found is not None
    listed = re.findall(r"`([a-z_]+)`", found[1])
    assert listed == list(KINDS)
