"""``qnetsim report`` (parser built here: ``qnetsim.cli.main`` registers it from
``qnetsim.cli.report``), and the ``--html DIR`` options of ``run`` and ``reproduce``."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from qnetsim.cli import main
from qnetsim.cli import report as report_cli
from qnetsim.errors import InvalidParameterError, QnetsimValueError
from qnetsim.experiments.reproduce import scenario_dir

IONS = str(scenario_dir() / "liu2026_ions.toml")


def _report(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="qnetsim")
    report_cli.add_parser(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["report", *argv])
    return int(args.func(args))


def test_report_writes_one_page(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "rep"
    assert _report([IONS, "--quick", "--out", str(out)]) == 0
    page = out / "report.html"
    assert capsys.readouterr().out.strip() == f"report: {page}"
    text = page.read_text()
    assert "simulation against publication" in text and text.count("<svg") == 2
    assert "qnetsim report (--quick)" in text


def test_report_checks_its_paths_before_running(tmp_path: Path) -> None:
    with pytest.raises(InvalidParameterError, match=r"--out = .* is invalid"):
        _report([IONS, "--out", str(tmp_path / "no" / "such" / "dir")])
    with pytest.raises(QnetsimValueError, match="no such file"):
        _report([str(tmp_path / "missing.toml")])


def test_report_help_names_the_page(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        _report(["--help"])
    out = capsys.readouterr().out
    assert "report.html" in out and "no network access" in out


def test_run_html(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", IONS, "--quick", "--html", str(tmp_path / "h")]) == 0
    assert f"report: {tmp_path / 'h' / 'report.html'}" in capsys.readouterr().out
    assert main(["run", IONS, "--quick", "--json", "--html", str(tmp_path / "h")]) == 0
    captured = capsys.readouterr()
    assert captured.out.startswith("{") and "report: " in captured.err
    assert "loss budget" in (tmp_path / "h" / "report.html").read_text()


def test_run_html_bad_dir_is_a_one_line_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "file").write_text("")
    with pytest.raises(SystemExit) as info:
        main(["run", IONS, "--html", str(tmp_path / "file")])
    assert info.value.code == 2
    assert "--html = " in capsys.readouterr().err


def test_reproduce_html(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["reproduce", IONS, "--quick", "--no-plots", "--html", str(tmp_path / "r")]
    assert main(argv) == 0
    assert f"report: {tmp_path / 'r' / 'report.html'}" in capsys.readouterr().out
    assert "simulation against publication" in (tmp_path / "r" / "report.html").read_text()
