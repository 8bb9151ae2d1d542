"""``qnetsim examples [DIR]``: the shipped scenarios, copied in the repository's layout."""

from __future__ import annotations

from pathlib import Path

import pytest

from qnetsim.cli import main
from qnetsim.cli.examples import copy_examples, shipped_files
from qnetsim.errors import InvalidParameterError

REPO = Path(__file__).resolve().parents[2]


def test_the_shipped_files_are_the_repositorys_examples() -> None:
    shipped = shipped_files()
    for target in ("scenarios", "experiments", "data"):
        in_repo = sorted(p.name for p in (REPO / "examples" / target).glob("*.*"))
        assert [p.name for p in shipped[target]] == in_repo


def test_copy_then_run_as_the_readme_says(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["examples"]) == 0
    assert "next: qnetsim run examples/scenarios/my_link.toml" in capsys.readouterr().out
    for target, files in shipped_files().items():
        for source in files:
            assert (tmp_path / "examples" / target / source.name).read_bytes() == (
                source.read_bytes()
            )
    assert main(["run", "examples/scenarios/my_link.toml", "--quick"]) == 0
    assert capsys.readouterr().out.strip()


def test_a_changed_copy_is_kept_unless_forced(tmp_path: Path) -> None:
    written = copy_examples(tmp_path)
    assert copy_examples(tmp_path) == written  # identical files: nothing to refuse
    assert copy_examples(REPO / "examples")  # in the clone: the links to the very files
    mine = written[0]
    mine.write_text("# my edits\n")
    with pytest.raises(InvalidParameterError, match="DIR .*--force"):
        copy_examples(tmp_path)
    assert mine.read_text() == "# my edits\n"
    copy_examples(tmp_path, force=True)
    assert mine.read_text() != "# my edits\n"


def test_bad_targets_are_named_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    a_file = tmp_path / "f.txt"
    a_file.write_text("")
    with pytest.raises(SystemExit) as exit_:
        main(["examples", str(a_file)])
    assert exit_.value.code == 2
    assert "DIR = " in capsys.readouterr().err
    with pytest.raises(InvalidParameterError, match="parent"):
        copy_examples(tmp_path / "missing" / "deeper")
