"""The issue-17 probes from the command line: a named one-line error (exit 2), no traceback,
and an unwritable --plot path refused before the run."""

from __future__ import annotations

from pathlib import Path

import pytest

from qnetsim.cli import main

REPO = Path(__file__).resolve().parents[2]
CHAIN = str(REPO / "examples" / "scenarios" / "nested_purified_chain.toml")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--set", "chain.cutoff_s=1e300"], "chain.cutoff_s"),
        (["--set", "run.pairs=1000000000"], "run.pairs"),
        (["--set", "run.quick_pairs=1000000", "--set", "chain.cutoff_s=0.01"], "engine events"),
        (["--plot", "/proc/out.png"], "--plot"),
    ],
)
def test_probes_end_in_a_named_error(
    args: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as info:
        main(["run", CHAIN, "--quick", *args])
    assert info.value.code == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_deeply_nested_file_is_a_named_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "deep.toml"
    path.write_text("a = " + "[" * 2000 + "]" * 2000)
    with pytest.raises(SystemExit) as info:
        main(["run", str(path)])
    assert info.value.code == 2
    assert "nested" in capsys.readouterr().err
