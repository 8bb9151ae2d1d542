"""The wheel works on its own: built from a clean copy of the sources, installed into a fresh
virtual environment outside the repository, and the README's commands run there (issue 16).

One test, about 20-40 s (an isolated ``pip wheel`` fetches the build backend like
``pip install .`` does); marked ``wheel`` so that ``pytest -m "not wheel"`` leaves it out of a
quick local run. CI runs it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
#: what a source distribution holds; symlinks (docs/ into the package) are copied as files
SOURCES = ("pyproject.toml", "README.md", "src")
JUNK = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info", "build")


def _run(cmd: list[str], cwd: Path, env: dict[str, str]) -> str:
    proc = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, f"{' '.join(cmd)} failed:\n{proc.stdout}\n{proc.stderr}"
    return proc.stdout


@pytest.mark.wheel
def test_the_wheel_installs_and_runs_the_readme_commands_outside_the_repository(
    tmp_path: Path,
) -> None:
    src = tmp_path / "src-copy"
    for name in SOURCES:
        if (REPO / name).is_dir():
            shutil.copytree(REPO / name, src / name, ignore=JUNK)
        else:
            src.mkdir(exist_ok=True)
            shutil.copy(REPO / name, src / name)
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    pip = [sys.executable, "-m", "pip"]
    _run([*pip, "wheel", "--no-deps", "-q", "-w", str(tmp_path / "dist"), str(src)], src, env)
    (wheel,) = (tmp_path / "dist").glob("qnetsim-*.whl")

    # A fresh environment; the dependencies (numpy, scipy, ...) come from this one through a
    # path entry (its .pth files, among them the editable qnetsim, are not processed).
    fresh = tmp_path / "venv"
    venv.create(fresh, with_pip=False)
    python = fresh / "bin" / "python"
    purelib = _run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        tmp_path,
        env,
    ).strip()
    Path(purelib, "deps-from-dev-venv.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    _run([*pip, "--python", str(python), "install", "--no-deps", "-q", str(wheel)], tmp_path, env)

    work = tmp_path / "user"
    work.mkdir()
    qnetsim = str(fresh / "bin" / "qnetsim")
    where = _run([str(python), "-c", "import qnetsim; print(qnetsim.__file__)"], work, env)
    assert Path(where.strip()).is_relative_to(fresh), where  # the wheel, not the clone

    assert "examples" in _run([qnetsim, "--help"], work, env)
    _run([qnetsim, "examples"], work, env)  # the README: copy, then run the files
    assert (work / "examples" / "scenarios" / "my_link.toml").is_file()
    assert (work / "examples" / "experiments" / "lu2026_diqkd.toml").is_file()
    out = _run([qnetsim, "run", "examples/scenarios/my_link.toml", "--quick"], work, env)
    assert out.strip()
    out = _run([qnetsim, "reproduce", "--quick", "--no-plots"], work, env)
    assert "published values agree" in out

    # every documentation path the command line prints exists in the installation
    help_text = _run([qnetsim, "reproduce", "--help"], work, env)
    printed = [w for w in help_text.split() if w.endswith(".md")]
    assert printed
    for path in printed:
        assert Path(path).is_file() and Path(path).is_relative_to(fresh), path
