"""The same sweep on an existing Dask cluster: a scheduler and two workers started here on
127.0.0.1 (``dask scheduler``, ``dask worker``), then stopped. The store is the one an
in-process run writes, byte for byte, and the cluster is left running by the sweep."""

from __future__ import annotations

import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from qnetsim.cli import sweep as sweep_cli
from qnetsim.sweep import grid_points, run_sweep
from tests.sweep.conftest import SCN, TEXT, store_rows

REPO = Path(__file__).resolve().parents[2]
POINTS = grid_points({"links[0].length_km": [5.0, 10.0, 20.0], "links[0].alpha": [0.1, 0.2]})


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _stop(procs: list[subprocess.Popen[bytes]]) -> None:
    for p in reversed(procs):
        p.terminate()
    for p in procs:
        try:
            p.wait(timeout=10)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()


@pytest.fixture(scope="module")
def cluster() -> Iterator[str]:
    """``dask scheduler`` and two ``dask worker`` processes on 127.0.0.1."""
    from distributed import Client

    address = f"tcp://127.0.0.1:{_free_port()}"
    port = address.rsplit(":", 1)[1]
    dask = [sys.executable, "-m", "dask"]
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL, "cwd": REPO}
    procs = [
        subprocess.Popen(
            [*dask, "scheduler", "--host", "127.0.0.1", "--port", port, "--no-dashboard"], **quiet
        )
    ]
    try:
        for _ in range(2):
            procs.append(
                subprocess.Popen(
                    [
                        *dask,
                        "worker",
                        address,
                        "--nthreads",
                        "1",
                        "--no-dashboard",
                        "--host",
                        "127.0.0.1",
                    ],
                    **quiet,
                )
            )
        with Client(address, timeout="30s") as client:
            client.wait_for_workers(2, timeout=60)
        yield address
    finally:
        _stop(procs)


def test_a_sweep_on_a_cluster_writes_the_store_of_an_in_process_run(
    cluster: str, tmp_path: Path
) -> None:
    from distributed import Client

    run_sweep(SCN, POINTS, tmp_path / "here.sqlite")
    with Client(cluster) as client:
        res = run_sweep(SCN, POINTS, tmp_path / "there.sqlite", client=client)
        assert len(client.scheduler_info()["workers"]) == 2  # left running
    assert all(p.status == "done" for p in res)
    assert store_rows(tmp_path / "here.sqlite") == store_rows(tmp_path / "there.sqlite")


def test_cli_scheduler_flag(
    cluster: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from qnetsim.cli import main

    f = tmp_path / "s.toml"
    f.write_text(TEXT)
    argv = [
        "sweep",
        str(f),
        "--axis",
        "links[0].length_km=5,10",
        "--scheduler",
        cluster,
        "--store",
        str(tmp_path / "c.sqlite"),
    ]
    assert main(argv) == 0
    assert "2 points in" in capsys.readouterr().out


def test_cli_scheduler_that_does_not_answer_is_a_named_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.cli._helpers import cli_error

    monkeypatch.setattr(sweep_cli, "CONNECT_TIMEOUT_S", 1.0)
    f = tmp_path / "s.toml"
    f.write_text(TEXT)
    address = f"tcp://127.0.0.1:{_free_port()}"
    err = cli_error(
        [
            "sweep",
            str(f),
            "--axis",
            "links[0].length_km=5",
            "--scheduler",
            address,
            "--store",
            str(tmp_path / "c.sqlite"),
        ],
        capsys,
    )
    assert f"--scheduler = '{address}' is invalid" in err
