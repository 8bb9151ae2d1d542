"""Rate-vs-distance figure against PLOB, TGW and the repeater-chain bound (item 7)."""

from __future__ import annotations

import numpy as np
import pytest
from matplotlib.figure import Figure

from qnetsim.apps import plob_bound_fibre, plot_rate_vs_distance
from qnetsim.errors import InvalidParameterError


def test_figure_has_labelled_axes_and_lines() -> None:
    d = np.linspace(5.0, 400.0, 80)
    rate = 0.5 * 10 ** (-0.02 * d)
    fig = plot_rate_vs_distance(d, rate, label="my design", n_segments=4, title="t")
    assert isinstance(fig, Figure)
    ax = fig.axes[0]
    assert ax.get_xlabel() == "distance (km)"
    assert ax.get_ylabel() == "key rate (bits per channel use)"
    assert ax.get_yscale() == "log"
    lines = {line.get_label(): line for line in ax.get_lines()}
    assert set(lines) == {"my design", "PLOB", "TGW", "repeater chain (4 segments)"}
    # The PLOB line carries Pirandola et al. (2017) Eq. (19) for 0.2 dB/km; exact.
    assert np.allclose(lines["PLOB"].get_ydata(), plob_bound_fibre(d, 0.2))
    fig.canvas.draw()  # renders with the Agg canvas, nothing shown


def test_bad_input() -> None:
    # Validation: increasing distances, one rate per distance, n_segments >= 2.
    with pytest.raises(InvalidParameterError, match="distance_km"):
        plot_rate_vs_distance([10.0, 5.0], [0.1, 0.1])
    with pytest.raises(InvalidParameterError, match="rate"):
        plot_rate_vs_distance([1.0, 2.0], [0.1])
    with pytest.raises(InvalidParameterError, match="n_segments"):
        plot_rate_vs_distance([1.0, 2.0], [0.1, 0.1], n_segments=1)
