"""The photonic-server star: time-shared station, closed-form rates, memory contention.

Tolerances: 5 Poisson standard errors on the pair counts.
"""

from __future__ import annotations

import math

import pytest

from qnetsim.errors import InvalidParameterError
from qnetsim.hardware import get_platform
from qnetsim.network.stars.events import server_link, simulate_star

ENS = get_platform("rb_ensemble_ustc")
PLATFORMS = {"A": ENS, "B": ENS, "C": ENS}
ARMS = {"A": 3.95, "B": 6.25, "C": 5.0}
ALL = [("A", "B"), ("B", "C"), ("A", "C")]


def assert_rate_matches(result_link: object, duration: float) -> None:
    pairs = result_link.pairs  # type: ignore[attr-defined]
    expected = result_link.expected_rate_hz * duration  # type: ignore[attr-defined]
    assert abs(pairs - expected) < 5 * math.sqrt(expected)


def test_single_link_runs_at_its_standalone_rate() -> None:
    r = simulate_star(PLATFORMS, ARMS, [("A", "B")], duration_s=1500.0, seed=1)
    res = r.links[("A", "B")]
    assert res.expected_rate_hz == pytest.approx(res.standalone_rate_hz)
    assert_rate_matches(res, 1500.0)


def test_three_concurrent_links_share_the_station() -> None:
    # Round robin over one station: rate_l = p_l / sum of cycles, ~1/3 of stand-alone.
    r = simulate_star(PLATFORMS, ARMS, ALL, duration_s=1500.0, seed=2)
    for res in r.links.values():
        assert_rate_matches(res, 1500.0)
        assert 0.28 < res.expected_rate_hz / res.standalone_rate_hz < 0.38


def test_server_link_has_its_station_at_the_server() -> None:
    link = server_link(ENS, ENS, 3.0, 9.0)
    assert link.length_km == 12.0
    assert tuple(f.length_km for f in link.fibres) == (3.0, 9.0)


def test_holding_pairs_creates_memory_contention() -> None:
    free = simulate_star(PLATFORMS, ARMS, ALL, duration_s=500.0, seed=3)
    held = simulate_star(PLATFORMS, ARMS, ALL, duration_s=500.0, seed=3, hold_s=0.5)
    for key in free.links:
        assert held.links[key].rate_hz < 0.8 * free.links[key].rate_hz
    assert held.skipped_turns > 0


def test_star_errors() -> None:
    with pytest.raises(InvalidParameterError, match="duration_s = 0"):
        simulate_star(PLATFORMS, ARMS, ALL, duration_s=0.0)
    with pytest.raises(InvalidParameterError, match="two different end nodes"):
        simulate_star(PLATFORMS, ARMS, [("A", "A")], duration_s=1.0)
    with pytest.raises(InvalidParameterError, match="nodes among"):
        simulate_star(PLATFORMS, ARMS, [("A", "Z")], duration_s=1.0)
    with pytest.raises(InvalidParameterError, match="arms_km\\['C'\\]"):
        simulate_star(PLATFORMS, {"A": 1.0, "B": 1.0}, [("A", "B")], duration_s=1.0)
    with pytest.raises(InvalidParameterError, match="each pair of nodes once"):
        simulate_star(PLATFORMS, ARMS, [("A", "B"), ("B", "A")], duration_s=1.0)
