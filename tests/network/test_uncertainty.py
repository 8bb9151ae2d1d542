"""Uncertainty bands from assumed inputs' ranges (issue 13, items 1-2, links).

Checks: the bands are ordered quantiles of the drawn outputs; only assumed inputs move, within
their ranges (log-uniform for ranges of a factor of 10 or more); an input alone in its range
drives all of the sensitivity and, the rate being monotone in it, the band lies between the
rates at the range's ends (exact: closed form at both ends); the same seed gives the same
bands.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from qnetsim.errors import InvalidParameterError
from qnetsim.hardware import get_platform
from qnetsim.link import Link
from qnetsim.network import evaluate
from qnetsim.network.uncertainty import assumed_inputs, link_bands

ION = get_platform("ca_ion_ustc")


def test_bands_are_ordered_and_inputs_stay_in_their_ranges() -> None:
    b = link_bands(Link(ION, 20.0), n=128, seed=3)
    for band in b.bands.values():
        assert band.low95 <= band.low68 <= band.median <= band.high68 <= band.high95
    for j, (lo, hi) in enumerate(b.inputs.values()):
        assert (b.samples[:, j] >= lo).all() and (b.samples[:, j] <= hi).all()
    for shares in b.sensitivity.values():
        assert sum(shares.values()) == pytest.approx(1.0)
    assert "rate_hz" in b.summary()


def test_one_input_alone_drives_the_band_between_its_ends() -> None:
    key = "emitter.emission_efficiency"
    lo, hi = 0.2, 0.4
    emitter = dataclasses.replace(ION.emitter, emission_efficiency=0.3)
    platform = dataclasses.replace(ION, emitter=emitter, ranges={key: (lo, hi)})
    link = Link(platform, 20.0)
    assert assumed_inputs(link) == {f"AB:{key}": (lo, hi)}
    b = link_bands(link, n=64, design="lhs", seed=1)
    assert b.sensitivity["rate_hz"] == {f"AB:{key}": pytest.approx(1.0)}

    def rate(value: float) -> float:
        e = dataclasses.replace(ION.emitter, emission_efficiency=value)
        return evaluate(Link(dataclasses.replace(platform, emitter=e), 20.0)).rate_hz

    band = b.bands["rate_hz"]
    assert rate(lo) <= band.low95 <= band.high95 <= rate(hi)


def test_wide_ranges_are_drawn_log_uniformly() -> None:
    key = "emitter.attempt_duration_s"
    platform = dataclasses.replace(ION, ranges={key: (1e-6, 1e-3)})
    b = link_bands(Link(platform, 5.0), n=256, seed=2)
    logs = np.log10(b.samples[:, 0])
    assert abs(np.median(logs) - (-4.5)) < 0.2  # the middle of 1e-6 .. 1e-3 in log


def test_the_same_seed_gives_the_same_bands_and_bad_input_is_named() -> None:
    link = Link(ION, 10.0)
    assert link_bands(link, n=32, seed=5).bands == link_bands(link, n=32, seed=5).bands
    with pytest.raises(InvalidParameterError, match="design"):
        link_bands(link, design="grid")
    with pytest.raises(InvalidParameterError, match="n"):
        link_bands(link, n=2)
    bare = dataclasses.replace(ION, ranges={})
    with pytest.raises(InvalidParameterError, match="assumed inputs"):
        link_bands(Link(bare, 10.0))
