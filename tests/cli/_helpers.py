"""Helpers shared by the CLI tests."""

from __future__ import annotations

import json
from typing import Any

import pytest

from qnetsim.cli import main


def strict_json(text: str) -> Any:
    """``json.loads`` that refuses NaN and Infinity (not standard JSON)."""

    def refuse(constant: str) -> None:
        raise AssertionError(f"non-standard JSON constant {constant}")

    return json.loads(text, parse_constant=refuse)


def cli_error(argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    """Run the CLI, expect exit 2 with a one-line error and no traceback; return it."""
    with pytest.raises(SystemExit) as info:
        main(argv)
    assert info.value.code == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and err.count("\n") == 1, err
    return err
