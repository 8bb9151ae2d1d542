"""The link report flags a delivered pair at or below F = 1/2 as not entangled, in its rows
(JSON) and its text."""

from __future__ import annotations

from qnetsim.hardware import get_platform
from qnetsim.link.design import Link
from qnetsim.report.link_report import format_link_report, link_report


def test_a_link_past_its_reach_is_flagged_not_entangled() -> None:
    far = link_report(Link(get_platform("rb_atom_lu2026"), 150.0), [("sampled", 200)], seed=1)
    assert [row["entangled"] for row in far.rows] == [False, False]
    text = format_link_report(far)
    assert "WARNING: not entangled: F delivered <= 0.5 (closed form, Monte Carlo" in text


def test_a_good_link_is_not_flagged() -> None:
    near = link_report(Link(get_platform("rb_atom_lu2026"), 10.0), [], seed=1)
    assert near.rows[0]["entangled"] is True
    assert "WARNING" not in format_link_report(near)
