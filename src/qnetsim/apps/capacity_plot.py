"""Plot a design's key rate against the repeaterless and repeater capacity bounds.

Draws, against fibre distance, the design's rate (bits per channel use) and the PLOB, TGW and
``n``-segment repeater-chain bounds of :mod:`qnetsim.apps.capacity` on a logarithmic rate axis.
It builds a :class:`matplotlib.figure.Figure` with an Agg canvas directly (no ``pyplot``, no
global state, nothing shown); save it with ``fig.savefig(path)``.

References:
    S. Pirandola, R. Laurenza, C. Ottaviani, L. Banchi, Nat. Commun. 8, 15043 (2017).
    DOI: 10.1038/ncomms15043
    M. Takeoka, S. Guha, M. M. Wilde, Nat. Commun. 5, 5235 (2014). DOI: 10.1038/ncomms6235
    S. Pirandola, Commun. Phys. 2, 51 (2019). DOI: 10.1038/s42005-019-0147-3
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import ArrayLike

from qnetsim._validate import check_array_in_range, check_int, check_positive
from qnetsim.apps.capacity import plob_bound_fibre, repeater_chain_bound_fibre, tgw_bound_fibre
from qnetsim.errors import InvalidParameterError

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["plot_rate_vs_distance"]


def plot_rate_vs_distance(
    distance_km: ArrayLike,
    rate: ArrayLike,
    *,
    label: str = "design",
    attenuation_db_per_km: float = 0.2,
    n_segments: int = 2,
    title: str | None = None,
    target: tuple[float, float] | None = None,
    not_entangled: ArrayLike | None = None,
    ylabel: str = "key rate (bits per channel use)",
) -> Figure:
    """Figure of key rate per channel use vs distance with PLOB, TGW and repeater bounds.

    Args:
        distance_km: fibre lengths in km (>= 0), increasing, at least two points.
        rate: the design's rate in bits per channel use at each distance (>= 0; zeros are not
            drawn on the log axis).
        label: legend label of the design's curve.
        attenuation_db_per_km: fibre loss in dB/km (> 0) for the bounds.
        n_segments: number of equal links of the repeater-chain bound (>= 2).
        title: optional title.
        target: ``(distance_km, rate)`` of a target to mark (dashed lines through a star,
            named in the legend), or ``None``.
        not_entangled: booleans, one per distance: points whose delivered pairs have
            ``F <= 1/2`` (not entangled; Horodecki and Horodecki, PRA 54, 1838 (1996)),
            drawn as red crosses named in the legend.
        ylabel: the rate axis's label (the unit of ``rate``).

    Returns:
        the Figure (lines labelled ``label``, ``"PLOB"``, ``"TGW"``,
        ``"repeater chain (n segments)"``; axes "distance (km)" and
        "key rate (bits per channel use)").

    References:
        S. Pirandola et al., Nat. Commun. 8, 15043 (2017), Eq. (19); M. Takeoka et al., Nat.
        Commun. 5, 5235 (2014), Eq. (3); S. Pirandola, Commun. Phys. 2, 51 (2019), Eq. (8).

    Examples:
        >>> d = np.linspace(1, 300, 50)
        >>> fig = plot_rate_vs_distance(d, 0.1 * 10 ** (-0.02 * d), label="BB84")
        >>> [line.get_label() for line in fig.axes[0].get_lines()]
        ['BB84', 'PLOB', 'TGW', 'repeater chain (2 segments)']
    """
    d = check_array_in_range("distance_km", distance_km, 0.0, np.inf)
    r = check_array_in_range("rate", rate, 0.0, np.inf)
    if d.ndim != 1 or d.size < 2 or np.any(np.diff(d) <= 0):
        raise InvalidParameterError("distance_km", distance_km, "an increasing 1-D array (>= 2)")
    if r.shape != d.shape:
        raise InvalidParameterError("rate.shape", r.shape, f"{d.shape} (one per distance)")
    alpha = check_positive("attenuation_db_per_km", attenuation_db_per_km)
    segs = check_int("n_segments", n_segments, low=2)
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(6.4, 4.4))
    FigureCanvasAgg(fig)
    ax = fig.add_subplot(1, 1, 1)
    ax.semilogy(d, np.where(r > 0, r, np.nan), label=label, lw=2.0)
    ax.semilogy(d, plob_bound_fibre(d, alpha), "k-", label="PLOB")
    ax.semilogy(d, tgw_bound_fibre(d, alpha), "k:", label="TGW")
    ax.semilogy(
        d,
        repeater_chain_bound_fibre(d, segs, alpha),
        "k--",
        label=f"repeater chain ({segs} segments)",
    )
    if not_entangled is not None:
        bad = np.asarray(not_entangled, dtype=bool)
        if bad.shape != d.shape:
            raise InvalidParameterError(
                "not_entangled.shape", bad.shape, f"{d.shape} (one per distance)"
            )
        if bad.any():
            ax.semilogy(
                d[bad],
                np.where(r[bad] > 0, r[bad], np.nan),
                "x",
                color="tab:red",
                ms=9,
                mew=2,
                label="not entangled (F <= 0.5)",
            )
    if target is not None:
        t_d = check_positive("target distance_km", target[0])
        t_r = check_positive("target rate", target[1])
        ax.axhline(t_r, color="tab:green", ls="-.", lw=1.0)
        ax.axvline(t_d, color="tab:green", ls="-.", lw=1.0)
        ax.semilogy(
            [t_d],
            [t_r],
            "*",
            color="tab:green",
            ms=14,
            mec="black",
            label=f"target: {t_r:.3g} at {t_d:g} km",
        )
    ax.set_xlabel("distance (km)")
    ax.set_ylabel(ylabel)
    if title:
        ax.set_title(title)
    ax.grid(True, which="both", alpha=0.3)
    ax.legend()
    fig.tight_layout()
    return fig
