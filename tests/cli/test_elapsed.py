"""The elapsed-time line of long computations without their own progress (issue 16, item 7:
progress on anything over 2 s)."""

from __future__ import annotations

import time

import pytest

from qnetsim.cli._common import Elapsed


def test_shown_when_enabled_and_silent_otherwise(capsys: pytest.CaptureFixture[str]) -> None:
    with Elapsed("simulating", enabled=True, delay_s=0.0):
        time.sleep(1.3)  # one refresh after the first draw
    assert "simulating:" in capsys.readouterr().err
    with Elapsed("simulating", enabled=False, delay_s=0.0):
        time.sleep(0.1)
    assert capsys.readouterr().err == ""
