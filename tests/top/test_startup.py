"""Start-up stays lazy (issue 16): ``import qnetsim`` and ``qnetsim --help`` import no
subcommand and none of the heavy libraries; a subcommand imports only its own module. The
times themselves are measured in ``benchmarks/bench_startup.py`` (no timing in tests)."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

import pytest

from qnetsim.cli import main as cli_main_entry
from qnetsim.cli import main as cli_package_main
from qnetsim.cli.main import SUBCOMMANDS, available, build_parser, load

HEAVY = ("numpy", "scipy", "scipy.stats", "matplotlib", "pandas", "dask", "networkx", "tqdm")
#: the modules of the subcommands (demo lives in main itself)
SUBCOMMAND_MODULES = {m for m, _ in SUBCOMMANDS.values()} - {"qnetsim.cli.main"}


def _modules_after(code: str) -> set[str]:
    """The modules a fresh interpreter has imported after running ``code``."""
    probe = f"import sys, json\n{code}\nprint(json.dumps(sorted(sys.modules)))\n"
    proc = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=120, check=True
    )
    return set(json.loads(proc.stdout.strip().splitlines()[-1]))


def _cli(argv: list[str]) -> str:
    return (
        "from qnetsim.cli import main\n"
        "import contextlib, io\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    try:\n"
        f"        main({argv!r})\n"
        "    except SystemExit:\n"
        "        pass"
    )


def test_import_qnetsim_imports_no_heavy_library() -> None:
    loaded = _modules_after("import qnetsim; qnetsim.__version__")
    assert not loaded & set(HEAVY), sorted(loaded & set(HEAVY))
    assert not {m for m in loaded if m.startswith("qnetsim.")} - {"qnetsim.errors"}


def test_help_imports_no_subcommand_and_no_heavy_library() -> None:
    loaded = _modules_after(_cli(["--help"]))
    assert not loaded & set(HEAVY), sorted(loaded & set(HEAVY))
    assert not loaded & SUBCOMMAND_MODULES, sorted(loaded & SUBCOMMAND_MODULES)


def test_a_subcommand_imports_only_its_own_module() -> None:
    loaded = _modules_after(_cli(["link", "--platform", "ca_ion_ustc", "--length-km", "50"]))
    assert "qnetsim.cli.link" in loaded
    others = SUBCOMMAND_MODULES - {"qnetsim.cli.link"}
    assert not loaded & others, sorted(loaded & others)
    heavy = {"scipy.stats", "matplotlib", "pandas", "dask"}
    assert not loaded & heavy, sorted(loaded & heavy)


def _listed(parser: argparse.ArgumentParser) -> dict[str, str]:
    """Subcommand -> help as ``qnetsim --help`` lists it."""
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return {a.dest: str(a.help) for a in action._choices_actions}


def test_the_lazy_listing_repeats_each_modules_own_help() -> None:
    full = _listed(build_parser())  # every module imported, each registering its own help
    lazy = _listed(build_parser(["--help"]))
    assert full == lazy
    assert list(full) == available()
    assert {"demo", "reproduce", "run", "sweep", "link", "plan", "examples"} <= set(full)


def test_help_lists_every_installed_subcommand(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        cli_main_entry(["--help"])
    assert exit_.value.code == 0
    out = capsys.readouterr().out
    for name in available():
        assert name in out
    assert cli_package_main is cli_main_entry


def test_a_subcommand_not_written_yet_is_left_out(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(SUBCOMMANDS, "ghost", ("qnetsim.cli.ghost_not_written", "a ghost"))
    assert "ghost" not in available()
    assert load("ghost") is None
    assert "ghost" not in _listed(build_parser(["--help"]))
    assert "ghost" not in _listed(build_parser())
    with pytest.raises(SystemExit) as exit_:
        cli_main_entry(["ghost"])
    assert exit_.value.code == 2
    assert "invalid choice: 'ghost'" in capsys.readouterr().err


def test_a_subcommand_with_a_broken_import_fails_loudly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "qnetsim_broken_cli_probe.py").write_text("import qnetsim_missing_dependency\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setitem(SUBCOMMANDS, "broken", ("qnetsim_broken_cli_probe", "broken"))
    with pytest.raises(ImportError) as error:
        load("broken")
    assert error.value.name == "qnetsim_missing_dependency"
