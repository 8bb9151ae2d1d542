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
from qnetsim.network.uncertainty import assumed_inputs, bands

ION = get_platform("ca_ion_ustc")


def test_bands_are_ordered_and_inputs_stay_in_their_ranges() -> None:
    b = bands(Link(ION, 20.0), n=128, seed=3)
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
    b = bands(link, n=64, design="lhs", seed=1)
    assert b.sensitivity["rate_hz"] == {f"AB:{key}": pytest.approx(1.0)}

    def rate(value: float) -> float:
        e = dataclasses.replace(ION.emitter, emission_efficiency=value)
        return evaluate(Link(dataclasses.replace(platform, emitter=e), 20.0)).rate_hz

    band = b.bands["rate_hz"]
    assert rate(lo) <= band.low95 <= band.high95 <= rate(hi)


def test_wide_ranges_are_drawn_log_uniformly() -> None:
    key = "emitter.attempt_duration_s"
    platform = dataclasses.replace(ION, ranges={key: (1e-6, 1e-3)})
    b = bands(Link(platform, 5.0), n=256, seed=2)
    logs = np.log10(b.samples[:, 0])
    assert abs(np.median(logs) - (-4.5)) < 0.2  # the middle of 1e-6 .. 1e-3 in log


def test_the_same_seed_gives_the_same_bands_and_bad_input_is_named() -> None:
    link = Link(ION, 10.0)
    assert bands(link, n=32, seed=5).bands == bands(link, n=32, seed=5).bands
    with pytest.raises(InvalidParameterError, match="design"):
        bands(link, design="grid")
    with pytest.raises(InvalidParameterError, match="n"):
        bands(link, n=2)
    bare = dataclasses.replace(ION, ranges={})
    with pytest.raises(InvalidParameterError, match="assumed inputs"):
        bands(Link(bare, 10.0))


def test_a_chain_varies_each_distinct_platform_once_at_every_node_using_it() -> None:
    """A chain of equal links: one platform, varied together at every node, answered exactly.
    A chain of two platforms varies each once, at every node using it; varied apart, they
    make the repeaters' swap noise differ, which only the event engine models: it is asked
    for by name."""
    from qnetsim.hardware import Capabilities
    from qnetsim.network import Chain

    two = dataclasses.replace(ION, capabilities=Capabilities(communication_qubits=2))
    chain2 = Chain([Link(two, 10.0)] * 2)
    b = bands(chain2, n=32, seed=1)
    assert b.method == "exact" and all(k.startswith("node0:") for k in b.inputs)
    assert b.bands["fidelity"].low95 < b.bands["fidelity"].high95
    other = dataclasses.replace(two, name="other")
    chain3 = Chain([Link(two, 10.0), Link(two, 10.0, node_b=other), Link(other, 10.0)])
    labels = {k.split(":")[0] for k in assumed_inputs(chain3)}
    assert labels == {"node0", "node2"}
    with pytest.raises(InvalidParameterError, match="swap noise"):
        bands(chain3, n=16, seed=2, pairs=20)
    b3 = bands(chain3, n=16, seed=2, pairs=20, method="events")
    assert b3.method == "events" and b3.samples.shape == (16, len(b3.inputs))


def test_a_links_draws_are_evaluated_at_once_with_the_single_link_numbers() -> None:
    """``bands`` of a link by its closed form evaluates every draw at once
    (qnetsim.link.batch); each draw's rate and fidelity are those of evaluate() on that draw's
    link (the same closed form, one draw at a time)."""
    from qnetsim.network.uncertainty import _changes, _variant

    link = Link(get_platform("nv_delft"), 15.0)
    b = bands(link, n=16, seed=3)
    names = list(b.inputs)
    for i in (0, 7, 15):
        r = evaluate(_variant(link, _changes(names, b.samples[i])), "exact")
        assert b.outputs["rate_hz"][i] == pytest.approx(r.rate_hz, rel=1e-9)
        assert b.outputs["fidelity"][i] == pytest.approx(r.fidelity, rel=1e-9)


def test_curve_bands_use_the_same_draws_at_every_length() -> None:
    from qnetsim.network.uncertainty import curve_bands

    link = Link(get_platform("rb_atom_lu2026"), 1.0)
    lengths = [0.0, 10.0, 40.0]
    curve = curve_bands(link, lengths, n=32, seed=2)
    for x, got in zip(lengths, curve, strict=True):
        alone = bands(dataclasses.replace(link, length_km=x), n=32, seed=2)
        np.testing.assert_array_equal(got.samples, alone.samples)
        np.testing.assert_allclose(got.outputs["rate_hz"], alone.outputs["rate_hz"], rtol=1e-12)
        np.testing.assert_allclose(got.outputs["fidelity"], alone.outputs["fidelity"], rtol=1e-12)
    medians = [b.bands["rate_hz"].median for b in curve]
    assert medians[0] > medians[1] > medians[2]
    with pytest.raises(InvalidParameterError, match=r"lengths_km\[1\]"):
        curve_bands(link, [1.0, -2.0], n=8)
    with pytest.raises(InvalidParameterError, match="lengths_km"):
        curve_bands(link, [], n=8)
    with pytest.raises(InvalidParameterError, match="link"):
        curve_bands("rb_atom_lu2026", [1.0], n=8)  # type: ignore[arg-type]
