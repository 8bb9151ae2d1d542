"""``qnetsim sweep`` and ``qnetsim results export`` from the command line: axes with ranges
and zipped values, output safety (named errors, files untouched), old JSON-lines files
converted once, exports and plots."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pandas as pd
import pytest

from qnetsim.cli import main
from qnetsim.cli import results as results_cli
from qnetsim.sweep import load_results, run_sweep
from qnetsim.sweep.plot import axis_label, is_log_scale, quantity_label
from tests.cli._helpers import cli_error
from tests.sweep.conftest import SCN, TEXT


@pytest.fixture
def scenario(tmp_path: Path) -> Path:
    f = tmp_path / "s.toml"
    f.write_text(TEXT)
    return f


def results_main(argv: list[str]) -> int:
    p = argparse.ArgumentParser()
    sub = p.add_subparsers(dest="command", required=True)
    results_cli.add_parser(sub)
    args = p.parse_args(argv)
    return int(args.func(args))


def test_sweep_with_a_log_axis_a_zipped_axis_a_plot_and_an_export(
    scenario: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store, png = tmp_path / "r.sqlite", tmp_path / "r.png"
    argv = [
        "sweep",
        str(scenario),
        "--axis",
        "links[0].length_km=log:1:100:3",
        "--zip",
        "links[0].extra_loss_db=0:2:1",
        "--axis",
        "links[0].alpha=0.1,0.2",
        "--store",
        str(store),
        "--plot",
        str(png),
    ]
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert "rate_hz" in out and "6 points in" in out and "figure:" in out
    assert png.stat().st_size > 5_000
    stored = sorted(
        (p.overrides["links[0].length_km"], p.overrides["links[0].extra_loss_db"])
        for p in load_results(store).values()
    )
    assert stored == [(1.0, 0), (1.0, 0), (10.0, 1), (10.0, 1), (100.0, 2), (100.0, 2)]
    assert main(argv) == 0  # resumed: nothing to run, the same table
    assert capsys.readouterr().out == out
    csv = tmp_path / "r.csv"
    assert results_main(["results", "export", str(store), "--out", str(csv)]) == 0
    frame = pd.read_csv(csv)
    assert len(frame) == 6 and {"rate_hz", "rate_hz_err", "seed_entropy"} <= set(frame.columns)


def test_plot_labels_are_words_with_units_and_log_axes_span_decades() -> None:
    assert axis_label("links[0].length_km") == "link 1: fibre length between the nodes (km)"
    assert "[" not in axis_label("links[0].alpha") and "link 1" in axis_label("links[0].alpha")
    assert quantity_label("rate_hz", "Hz") == "rate (Hz)"
    assert quantity_label("loss_db[detector]", "dB") == "loss [detector] (dB)"
    assert is_log_scale([1.0, 10.0, 100.0]) and not is_log_scale([10.0, 50.0, 100.0])
    assert not is_log_scale([0.0, 10.0, 1000.0])


def test_the_scenario_file_is_never_written_to(
    scenario: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = scenario.read_bytes()
    err = cli_error(
        ["sweep", str(scenario), "--axis", "links[0].length_km=5", "--out", str(scenario)], capsys
    )
    assert "--out" in err and "not the scenario file" in err
    assert scenario.read_bytes() == before


def test_another_sweeps_store_and_other_files_are_refused(
    scenario: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    other = tmp_path / "other.toml"
    other.write_text(TEXT.replace("length_km = 10", "length_km = 12"))
    store = tmp_path / "o.sqlite"
    assert main(["sweep", str(other), "--axis", "links[0].length_km=5", "--store", str(store)]) == 0
    capsys.readouterr()
    before = store.read_bytes()
    err = cli_error(
        ["sweep", str(scenario), "--axis", "links[0].length_km=5", "--store", str(store)], capsys
    )
    assert "results of another sweep" in err and store.read_bytes() == before
    notes = tmp_path / "notes.dat"
    notes.write_text("my notes\n")
    err = cli_error(
        ["sweep", str(scenario), "--axis", "links[0].length_km=5", "--store", str(notes)], capsys
    )
    assert "not a qnetsim results store" in err and notes.read_text() == "my notes\n"
    err = cli_error(
        [
            "sweep",
            str(scenario),
            "--axis",
            "links[0].length_km=5",
            "--out",
            str(tmp_path / "new.jsonl"),
        ],
        capsys,
    )
    assert "--out" in err and "SQLite" in err and not (tmp_path / "new.jsonl").exists()


def test_an_old_json_lines_file_is_converted_once_and_resumed(
    scenario: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pts = [{"links[0].length_km": 5}, {"links[0].length_km": 20}]
    done = run_sweep(SCN, pts[:1], tmp_path / "tmp.sqlite")
    old = tmp_path / "old.jsonl"
    row = {"key": done[0].key, "overrides": done[0].overrides, "quantities": done[0].quantities}
    old.write_text(json.dumps(row) + "\n" + '{"valid": "json, not a row"}\n' + '{"key": "to')
    argv = ["sweep", str(scenario), "--axis", "links[0].length_km=5,20", "--out", str(old)]
    assert main(argv) == 0
    captured = capsys.readouterr()
    assert "1 points copied into" in captured.err and "2 lines" in captured.err
    assert "2 points in" in captured.out and (tmp_path / "old.sqlite").exists()
    assert len(load_results(tmp_path / "old.sqlite")) == 2


@pytest.mark.parametrize(
    ("axes", "expected"),
    [
        (["--axis", "links[0].length_km=10:1:1"], "STOP >= START"),
        (["--axis", "links[0].length_km=log:0:10:3"], "START > 0"),
        (["--axis", "links[0].length_km=log:1:10"], "START:STOP:N"),
        (["--zip", "links[0].extra_loss_db=1,2"], "no --axis before it"),
        (["--axis", "links[0].length_km=1,2", "--zip", "links[0].extra_loss_db=1"], "2 values"),
        (["--axis", "links[0].length_km=1,2", "--axis", "links[0].length_km=3"], "already an axis"),
        ([], "at least one PATH=VALUES"),
        (["--axis", "links[0].length_km=1", "--seeds", "0"], "--seeds"),
    ],
)
def test_bad_axes_are_named_errors(
    axes: list[str], expected: str, scenario: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert expected in cli_error(["sweep", str(scenario), *axes], capsys)


def test_export_errors_are_named(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(ValueError, match="no such results store"):
        results_main(["results", "export", str(tmp_path / "none.sqlite"), "--out", "x.csv"])
    assert capsys.readouterr().out == ""


def test_sweep_html_report(
    scenario: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``--html DIR`` writes one self-contained page with every point and the figure."""
    out_dir = tmp_path / "page"
    argv = ["sweep", str(scenario), "--axis", "links[0].length_km=10,50",
            "--store", str(tmp_path / "h.sqlite"), "--html", str(out_dir)]  # fmt: skip
    assert main(argv) == 0
    assert "report:" in capsys.readouterr().out
    page = (out_dir / "report.html").read_text()
    assert "<svg" in page and page.count("<tr") >= 3  # the figure, a row per point
    err = cli_error(["sweep", str(scenario), "--axis", "links[0].length_km=10",
                     "--html", "/proc/no/such"], capsys)  # fmt: skip
    assert "--html" in err
