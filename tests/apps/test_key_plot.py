"""Key versus measurement time and distance (apps/qkd/key_plot.py)."""

from __future__ import annotations

import numpy as np
import pytest

from qnetsim.apps.qkd.key_plot import (
    key_versus_time_and_distance,
    link_diqkd_statistics,
    plot_key_versus_time_and_distance,
)
from qnetsim.errors import InvalidParameterError
from qnetsim.hardware import get_platform
from qnetsim.link.design import Link


def _curves():  # type: ignore[no-untyped-def]
    d = np.array([5.0, 20.0, 40.0])
    return key_versus_time_and_distance(
        d, [2.0, 1.0, 0.4], [2.7, 2.65, 2.6], [0.02, 0.025, 0.03], [10.0, 1000.0, 1e5],
        channel_uses_per_s=[1e5] * 3, eta=10 ** (-0.02 * d),
    )


def test_finite_below_asymptotic_and_grows_with_time() -> None:
    c = _curves()
    assert c.finite_bits_per_s.shape == (3, 3)
    assert np.all(c.finite_bits_per_s <= c.asymptotic_bits_per_s[None, :] + 1e-12)
    assert np.all(np.diff(c.finite_bits_per_s, axis=0) >= 0.0)
    assert c.finite_bits_per_s[-1, 0] > 0.9 * c.asymptotic_bits_per_s[0]
    assert np.all(c.asymptotic_bits_per_s < c.plob_bits_per_s)


def test_figure_has_both_panels() -> None:
    fig = plot_key_versus_time_and_distance(_curves(), title="test")
    labels = [line.get_label() for line in fig.axes[0].get_lines()]
    assert labels[-2:] == ["asymptotic", "PLOB bound"] and len(fig.axes) == 2
    assert fig.axes[1].get_xlabel() == "measurement time (hours)"


def test_link_statistics() -> None:
    link = Link(get_platform("rb_atom_lu2026"), 11.0)
    rate, s, q, uses, eta = link_diqkd_statistics(link, [11.0, 60.0])
    assert rate[0] > rate[1] > 0 and eta[0] > eta[1]
    assert np.all((s > 0) & (s <= 2 * np.sqrt(2))) and np.all((q >= 0) & (q <= 0.5))
    assert np.all(uses > 0)


def test_bad_input() -> None:
    with pytest.raises(InvalidParameterError):
        key_versus_time_and_distance([1.0, 2.0], [1.0], [2.7, 2.7], [0.02, 0.02], [1.0])
    with pytest.raises(InvalidParameterError):
        key_versus_time_and_distance([1.0], [1.0], [2.7], [0.02], [0.0])
