"""Uncertainty bands of a link or a chain from the plausible ranges of its assumed inputs
(issue 13, items 1-2).

Every preset value that is an ASSUMPTION carries a plausible ``(low, high)`` in
:attr:`Platform.ranges <qnetsim.hardware.platform.Platform.ranges>`. :func:`bands` draws
those inputs together by quasi-Monte Carlo (a scrambled Sobol sequence, or a Latin hypercube,
from :mod:`scipy.stats.qmc`; Owen 1998, doi:10.1006/jcom.1997.0463; McKay, Beckman and
Conover 1979, doi:10.1080/00401706.1979.10489755), uniform within each range, or
log-uniform when the range spans a factor of 10 or more (an unknown scale):
:func:`default_distribution`, :func:`quantiles`. A triangular distribution peaked at the
preset's value was tried as the default and not kept: many presets sit at the optimistic
end of their range, and peaking there narrows the bands around an optimistic guess (with
``reproduce --quick --uncertainty 16``, 8 instead of 10 of the 34 held-out published values
fell inside their 95% band). Each draw is
answered by :func:`~qnetsim.network.evaluation.evaluate` (the closed form by default), and
every output gets its median, 68% and 95% band.

Which inputs drive a band: the squared Spearman rank correlation of each input with the
output, normalised over the inputs (:attr:`Bands.sensitivity`). It is a first-order
screening for monotone effects (rank-correlation importance, Saltelli et al., *Global
Sensitivity Analysis: The Primer*, Wiley 2008, ch. 1), not a variance decomposition: it does
not see interactions, and the shares say "mostly this input", not exact fractions.

Examples:
    >>> from qnetsim.hardware import get_platform
    >>> from qnetsim.link import Link
    >>> b = bands(Link(get_platform("rb_atom_lu2026"), 10.0), n=64, seed=1)
    >>> band = b.bands["rate_hz"]
    >>> band.low95 <= band.low68 <= band.median <= band.high68 <= band.high95
    True
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray
from scipy import stats
from scipy.stats import qmc

from qnetsim._validate import check_int, check_nonnegative
from qnetsim.errors import InvalidParameterError
from qnetsim.hardware.batch import stack_platforms
from qnetsim.hardware.platform import Platform
from qnetsim.link import Link
from qnetsim.link.batch import link_batch
from qnetsim.network.chains.chain import Chain
from qnetsim.network.evaluation import evaluate, methods_for

__all__ = [
    "DISTRIBUTIONS",
    "Band",
    "Bands",
    "assumed_inputs",
    "bands",
    "curve_bands",
    "default_distribution",
    "design_points",
    "platform_ranges",
    "quantiles",
    "rank_shares",
]

DESIGNS = ("sobol", "lhs")
#: A rank correlation counts in :func:`rank_shares` when its p-value is at most this.
P_SIGNIFICANT = 0.01
OUTPUTS = ("rate_hz", "fidelity")
#: The distributions of an uncertain input over its range (:func:`quantiles`).
DISTRIBUTIONS = ("uniform", "log-uniform", "normal", "triangular", "log-triangular")
#: A range spanning at least this factor is an unknown scale: drawn in log space.
LOG_SPAN = 10.0


@dataclass(frozen=True)
class Band:
    """The median and the central 68% and 95% intervals of one output."""

    median: float
    low68: float
    high68: float
    low95: float
    high95: float

    @classmethod
    def of(cls, values: NDArray[np.float64]) -> Band:
        q = np.quantile(values, [0.5, 0.16, 0.84, 0.025, 0.975])
        return cls(*(float(x) for x in q))


@dataclass(frozen=True)
class Bands:
    """Bands of a system's outputs over its assumed inputs.

    Attributes:
        inputs: the varied inputs with their ranges, ``"A:emitter.alpha"`` (a link's node A;
            ``"AB:"`` when both nodes share one platform) or ``"node3:memory.t2_s"`` (a
            chain's platform, named after the first node using it; equal platforms are one).
        samples: ``(n, k)`` the drawn input values.
        outputs: output name -> ``(n,)`` values.
        bands: output name -> :class:`Band`.
        sensitivity: output name -> input -> share of the rank-correlation importance.
        method: the engine that answered each draw.
    """

    inputs: dict[str, tuple[float, float]]
    samples: NDArray[np.float64]
    outputs: dict[str, NDArray[np.float64]]
    bands: dict[str, Band]
    sensitivity: dict[str, dict[str, float]]
    method: str

    def summary(self) -> str:
        """A few lines: each band and its three leading inputs."""
        lines = []
        for name, b in self.bands.items():
            lines.append(
                f"{name}: median {b.median:.4g}, 68% [{b.low68:.4g}, {b.high68:.4g}], "
                f"95% [{b.low95:.4g}, {b.high95:.4g}]"
            )
            top = sorted(self.sensitivity[name].items(), key=lambda kv: -kv[1])[:3]
            lines.append("  driven by " + ", ".join(f"{k} {100 * v:.0f}%" for k, v in top))
        return "\n".join(lines)


def _float_field(platform: Platform, key: str) -> bool:
    if "[" in key or key.count(".") != 1:
        return False
    component, name = key.split(".")
    part = getattr(platform, component, None)
    if part is None or not dataclasses.is_dataclass(part):
        return False
    value = getattr(part, name, None)
    return isinstance(value, float) and not isinstance(value, bool)


def platform_ranges(platform: Platform) -> dict[str, tuple[float, float]]:
    """A platform's assumed float fields (``"emitter.alpha"``) with a finite, non-empty
    plausible range."""
    return {
        key: (float(lo), float(hi))
        for key, (lo, hi) in platform.ranges.items()
        if math.isfinite(lo) and math.isfinite(hi) and hi > lo and _float_field(platform, key)
    }


def _platforms(system: Link | Chain) -> dict[str, Platform]:
    """The distinct platforms of a link (``A``, ``B``, or ``AB`` when both nodes share one) or
    of a chain (``node0``, ``node1``, ...: each platform once, under the first node using it)."""
    if isinstance(system, Link):
        if system.node_b is None or system.node_b == system.node_a:
            return {"AB": system.node_a}
        return {"A": system.node_a, "B": system.node_b}
    out: dict[str, Platform] = {}
    nodes = [system.links[0].node_a] + [link.b for link in system.links]
    for j, platform in enumerate(nodes):
        if all(platform != p for p in out.values()):
            out[f"node{j}"] = platform
    return out


def assumed_inputs(system: Link | Chain) -> dict[str, tuple[float, float]]:
    """The system's assumed float inputs with a finite, non-empty plausible range, by
    platform (an unbounded range, such as a T1 with no upper end, is not sampled)."""
    out: dict[str, tuple[float, float]] = {}
    for label, platform in _platforms(system).items():
        out.update({f"{label}:{k}": r for k, r in platform_ranges(platform).items()})
    return out


def _variant(system: Link | Chain, changes: dict[str, dict[str, float]]) -> Link | Chain:
    """The system with each labelled platform's fields replaced (every node that uses an
    equal platform gets the same variant)."""
    originals = _platforms(system)
    swapped = [(p, _with(p, changes.get(label, {}))) for label, p in originals.items()]

    def new(platform: Platform) -> Platform:
        return next(v for p, v in swapped if p == platform)

    def relink(link: Link) -> Link:
        b = None if link.node_b is None else new(link.node_b)
        return dataclasses.replace(link, node_a=new(link.node_a), node_b=b)

    if isinstance(system, Link):
        return relink(system)
    return dataclasses.replace(system, links=tuple(relink(link) for link in system.links))


def _with(platform: Platform, values: dict[str, float]) -> Platform:
    changes: dict[str, dict[str, float]] = {}
    for key, value in values.items():
        component, name = key.split(".")
        changes.setdefault(component, {})[name] = value
    parts: dict[str, Any] = {
        c: dataclasses.replace(getattr(platform, c), **fields) for c, fields in changes.items()
    }
    return dataclasses.replace(platform, **parts)


def default_distribution(low: float, high: float) -> str:
    """The distribution of an input known only by its range: uniform, or log-uniform when
    ``low > 0`` and the range spans a factor of :data:`LOG_SPAN` or more.

    Examples:
        >>> default_distribution(0.0, 0.03), default_distribution(1.0, 100.0)
        ('uniform', 'log-uniform')
    """
    return "log-uniform" if low > 0 and high / low >= LOG_SPAN else "uniform"


def _triangular(u: NDArray[np.float64], lo: float, mode: float, hi: float) -> NDArray[np.float64]:
    """The inverse distribution function of the triangular distribution on ``[lo, hi]``
    with its mode at ``mode`` (closed form)."""
    c = (mode - lo) / (hi - lo)
    left = lo + np.sqrt(u * (hi - lo) * (mode - lo))
    right = hi - np.sqrt((1.0 - u) * (hi - lo) * (hi - mode))
    return np.where(u < c, left, right)


def quantiles(
    u: NDArray[np.float64],
    low: float,
    high: float,
    distribution: str,
    mode: float | None = None,
    valid: tuple[float | None, float | None] = (None, None),
) -> NDArray[np.float64]:
    """Values at the unit-interval quantiles ``u`` of an input drawn from ``distribution``
    over ``[low, high]``:

    * ``uniform``, ``log-uniform`` (``low > 0``);
    * ``triangular`` and ``log-triangular``: peaked at ``mode`` (default: the middle, or the
      geometric middle in log space);
    * ``normal``: ``[low, high]`` = mean +- 2 sd, truncated at +-3 sd and to ``valid``.

    Examples:
        >>> u = np.array([0.0, 0.5, 1.0])
        >>> [round(float(v), 9) for v in quantiles(u, 1.0, 100.0, "log-uniform")]
        [1.0, 10.0, 100.0]
        >>> float(quantiles(np.array([0.5]), 0.0, 1.0, "triangular", mode=0.0)[0]) < 0.5
        True
    """
    u = np.asarray(u, dtype=float)
    lo, hi = float(low), float(high)
    if distribution not in DISTRIBUTIONS:
        raise InvalidParameterError("distribution", distribution, ", ".join(DISTRIBUTIONS))
    if distribution.startswith("log-") and lo <= 0:
        raise InvalidParameterError("low", lo, f"> 0 for a {distribution} distribution")
    if hi == lo:
        return np.full_like(u, lo)
    if distribution == "uniform":
        return lo + u * (hi - lo)
    if distribution == "log-uniform":
        return np.exp(np.log(lo) + u * (np.log(hi) - np.log(lo)))
    if distribution in ("triangular", "log-triangular"):
        log = distribution == "log-triangular"
        if mode is not None and not lo <= mode <= hi:
            raise InvalidParameterError("mode", mode, f"[{lo:g}, {hi:g}] (inside the range)")
        a, b = (math.log(lo), math.log(hi)) if log else (lo, hi)
        m = (a + b) / 2 if mode is None else (math.log(mode) if log else float(mode))
        x = _triangular(u, a, m, b)
        return np.exp(x) if log else x
    mean, sd = 0.5 * (lo + hi), 0.25 * (hi - lo)
    a, b = mean - 3 * sd, mean + 3 * sd
    if valid[0] is not None:
        a = max(a, valid[0])
    if valid[1] is not None:
        b = min(b, valid[1])
    dist = stats.truncnorm((a - mean) / sd, (b - mean) / sd, loc=mean, scale=sd)
    return np.asarray(dist.ppf(np.clip(u, 1e-12, 1 - 1e-12)), dtype=float)


def _scale(unit: NDArray[np.float64], ranges: list[tuple[float, float]]) -> NDArray[np.float64]:
    out = np.empty_like(unit)
    for j, (lo, hi) in enumerate(ranges):
        out[:, j] = quantiles(unit[:, j], lo, hi, default_distribution(lo, hi))
    return out


def bands(
    system: Link | Chain,
    n: int = 256,
    *,
    method: str | None = None,
    design: str = "sobol",
    seed: int = 0,
    pairs: int = 1000,
) -> Bands:
    """Bands of a link's or a chain's rate and fidelity over its assumed inputs.

    Args:
        system: a :class:`~qnetsim.link.Link` or a :class:`~qnetsim.network.chains.chain.
            Chain`; its platforms' ``ranges`` say what is assumed.
        n: draws, in [8, 65536] (a Sobol design rounds it up to a power of two).
        method: the engine answering every draw; ``None``: the first that answers the
            system as given (the closed form where there is one; the others sample ``pairs``
            pairs per draw, so the band then also holds their statistical spread). A draw
            the engine cannot answer (say, repeaters whose swap noise the draw makes differ,
            for the exact or Monte Carlo chain) raises its named error: choose ``"events"``.
        design: ``"sobol"`` (scrambled) or ``"lhs"`` (Latin hypercube).
        seed: seed of the design's scrambling (and of sampling engines).
        pairs: pairs per draw for a sampling engine.

    Raises:
        InvalidParameterError: a bad argument, or a link with no assumed input to vary.
    """
    count = check_int("n", n, 8, 65536)
    if not isinstance(system, (Link, Chain)):
        raise InvalidParameterError("system", type(system).__name__, "a Link or a Chain")
    inputs = assumed_inputs(system)
    if not inputs:
        raise InvalidParameterError(
            "system", type(system).__name__, "a link or chain with assumed inputs"
        )
    names = list(inputs)
    if method is None:  # one engine for every draw: the first that answers the system itself
        method = methods_for(system)[0]
    unit = design_points(len(names), count, design, seed)
    values = _scale(unit, [inputs[k] for k in names])
    if isinstance(system, Link) and method == "exact":  # every draw at once
        return _bands_of(inputs, values, _batched(_stacked(system, names, values)), method)
    outputs = {name: np.empty(values.shape[0]) for name in OUTPUTS}
    for i, row in enumerate(values):
        r = evaluate(_variant(system, _changes(names, row)), method, pairs=pairs, seed=seed + i)
        outputs["rate_hz"][i] = r.rate_hz
        outputs["fidelity"][i] = r.fidelity
    return _bands_of(inputs, values, outputs, method)


def curve_bands(
    link: Link,
    lengths_km: Sequence[float],
    n: int = 256,
    *,
    design: str = "sobol",
    seed: int = 0,
) -> list[Bands]:
    """Bands of a link's closed-form rate and fidelity at each length of a curve, over its
    assumed inputs: the same draws at every length (so neighbouring points are compared
    draw for draw), all draws of a length evaluated at once (:mod:`qnetsim.link.batch`).

    Args:
        link: the link; its platforms' ``ranges`` say what is assumed.
        lengths_km: the curve's fibre lengths (km), each >= 0.
        n, design, seed: as in :func:`bands`.

    Raises:
        InvalidParameterError: a bad argument, or a link with no assumed input to vary.

    Examples:
        >>> from qnetsim.hardware import get_platform
        >>> curve = curve_bands(Link(get_platform("nv_delft"), 1.0), [1.0, 20.0], n=64)
        >>> [b.bands["rate_hz"].median > 0 for b in curve]
        [True, True]
        >>> curve[1].bands["rate_hz"].median < curve[0].bands["rate_hz"].median
        True
    """
    count = check_int("n", n, 8, 65536)
    if not isinstance(link, Link):
        raise InvalidParameterError("link", type(link).__name__, "a Link")
    lengths = [check_nonnegative(f"lengths_km[{i}]", x) for i, x in enumerate(lengths_km)]
    if not lengths:
        raise InvalidParameterError("lengths_km", lengths_km, "one or more lengths")
    inputs = assumed_inputs(link)
    if not inputs:
        raise InvalidParameterError("link", type(link).__name__, "a link with assumed inputs")
    names = list(inputs)
    values = _scale(design_points(len(names), count, design, seed), [inputs[k] for k in names])
    stacked = _stacked(link, names, values)
    return [
        _bands_of(inputs, values, _batched(dataclasses.replace(stacked, length_km=x)), "exact")
        for x in lengths
    ]


def _changes(names: list[str], row: NDArray[np.float64]) -> dict[str, dict[str, float]]:
    """One draw's values by platform label: ``{"A": {"emitter.alpha": 0.1}}``."""
    changes: dict[str, dict[str, float]] = {}
    for key, v in zip(names, row, strict=True):
        label, field_key = key.split(":")
        changes.setdefault(label, {})[field_key] = float(v)
    return changes


def _stacked(link: Link, names: list[str], values: NDArray[np.float64]) -> Link:
    """The link with each labelled platform replaced by the stack of its draws
    (:func:`~qnetsim.hardware.batch.stack_platforms`; each draw validated on its own)."""
    originals = _platforms(link)
    per_label: dict[str, list[Platform]] = {label: [] for label in originals}
    for row in values:
        changes = _changes(names, row)
        for label, platform in originals.items():
            per_label[label].append(_with(platform, changes.get(label, {})))
    stacks = [(p, stack_platforms(per_label[label])) for label, p in originals.items()]

    def new(platform: Platform) -> Platform:
        return next(v for p, v in stacks if p == platform)

    b = None if link.node_b is None else new(link.node_b)
    return dataclasses.replace(link, node_a=new(link.node_a), node_b=b)


def _batched(link: Link) -> dict[str, NDArray[np.float64]]:
    out = link_batch(link)
    return {"rate_hz": out.rate_hz, "fidelity": out.fidelity}


def _bands_of(
    inputs: dict[str, tuple[float, float]],
    values: NDArray[np.float64],
    outputs: dict[str, NDArray[np.float64]],
    method: str,
) -> Bands:
    names = list(inputs)
    out_bands = {name: Band.of(v) for name, v in outputs.items()}
    sensitivity = {name: rank_shares(values, y, names) for name, y in outputs.items()}
    return Bands(inputs, values, outputs, out_bands, sensitivity, method)


def design_points(k: int, n: int, design: str = "sobol", seed: int = 0) -> NDArray[np.float64]:
    """``(n', k)`` points in the unit cube: a scrambled Sobol design (``n' = n`` rounded up
    to a power of two) or a Latin hypercube (``n' = n``), from :mod:`scipy.stats.qmc`.

    Examples:
        >>> design_points(2, 5).shape, design_points(2, 5, "lhs").shape
        ((8, 2), (5, 2))
    """
    if design not in DESIGNS:
        raise InvalidParameterError("design", design, " or ".join(DESIGNS))
    if design == "sobol":
        m = math.ceil(math.log2(max(n, 2)))
        return np.asarray(qmc.Sobol(k, scramble=True, seed=seed).random_base2(m))
    return np.asarray(qmc.LatinHypercube(k, seed=seed).random(n))


def rank_shares(
    samples: NDArray[np.float64], y: NDArray[np.float64], names: list[str]
) -> dict[str, float]:
    """Each input's share of the summed squared Spearman rank correlations with ``y``
    (0 for an input or an output that does not vary, or whose correlation is not significant:
    p > :data:`P_SIGNIFICANT` for no correlation, so that with few draws chance correlations
    take no share; all 0 when nothing does).

    Examples:
        >>> x = np.array([[1.0, 5.0], [2.0, 5.0], [3.0, 5.0]])
        >>> rank_shares(x, np.array([1.0, 4.0, 9.0]), ["a", "b"])
        {'a': 1.0, 'b': 0.0}
    """
    rho = [c * c for c in _spearman_significant(samples, y)]
    total = sum(rho)
    return {k: (r / total if total > 0 else 0.0) for k, r in zip(names, rho, strict=True)}


def _spearman_significant(samples: NDArray[np.float64], y: NDArray[np.float64]) -> list[float]:
    """Spearman's rank correlation of each column of ``samples`` with ``y`` (Pearson's on
    average ranks, as :func:`scipy.stats.spearmanr`, all columns at once), 0 where a column
    or ``y`` is constant or where the correlation is not significant (two-sided p-value of
    the t test with ``n - 2`` degrees of freedom, as ``spearmanr``, above
    :data:`P_SIGNIFICANT`)."""
    k = samples.shape[1]
    if np.ptp(y) == 0:
        return [0.0] * k
    rx = stats.rankdata(samples, axis=0)
    ry = stats.rankdata(y)
    rx = rx - rx.mean(axis=0)
    ry = ry - ry.mean()
    sx = np.sqrt((rx * rx).sum(axis=0))
    sy = math.sqrt(float(ry @ ry))
    out = []
    dof = samples.shape[0] - 2
    for j in range(k):
        if sx[j] == 0.0:
            out.append(0.0)
            continue
        r = float(np.clip(rx[:, j] @ ry / (sx[j] * sy), -1.0, 1.0))
        if dof <= 0:
            p = 0.0  # two draws: no test possible; spearmanr's NaN p-value counted as before
        elif abs(r) < 1.0:
            t = r * math.sqrt(dof / ((1.0 - r) * (1.0 + r)))
            p = 2.0 * float(stats.t.sf(abs(t), dof))
        else:
            p = 0.0
        out.append(r if p <= P_SIGNIFICANT else 0.0)
    return out
