"""Weighted least squares with parameter uncertainties: the statistics under
``qnetsim calibrate`` (issue 13, item 3), for any model ``x -> predictions``.

The fit minimises ``chi^2 = sum_i ((m_i(x) - y_i) / sigma_i)^2`` within bounds by the
trust-region reflective method of :func:`scipy.optimize.least_squares` (Branch, Coleman and
Li, SIAM J. Sci. Comput. 21, 1 (1999), doi:10.1137/S1064827595289108). The covariance of the
fitted parameters is the inverse of ``J^T J`` (``J`` the Jacobian of the normalised residuals
at the optimum), the linearised (Gauss-Newton, Cramer-Rao) covariance for Gaussian
measurement errors with the stated sigmas (Press et al., *Numerical Recipes*, 3rd ed., 2007,
sec. 15.5-15.6). It is not rescaled by ``chi^2/dof``: the measured uncertainties are taken as
stated, and a poor fit (a small p-value of ``chi^2`` with ``dof = points - parameters``) is
reported, not absorbed.

Examples:
    >>> import numpy as np
    >>> x = np.array([0.0, 1.0, 2.0, 3.0])
    >>> r = weighted_fit(lambda p: p[0] + p[1] * x, [0.0, 0.0], 1 + 2 * x, np.full(4, 0.1))
    >>> [round(float(v), 6) for v in r.x], r.dof
    ([1.0, 2.0], 2)
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from qnetsim.errors import InvalidParameterError

__all__ = ["FitResult", "weighted_fit"]


@dataclass(frozen=True)
class FitResult:
    """The outcome of :func:`weighted_fit`.

    Attributes:
        x: fitted parameters.
        covariance: their covariance (``inf`` on the diagonal of one the data do not fix).
        chi2: the minimum chi-square; ``dof`` its degrees of freedom; ``p_value`` the
            probability of a chi-square at least as large if the model is right (nan for
            ``dof = 0``).
        residuals: normalised residuals ``(m_i - y_i) / sigma_i`` at the optimum.
        predictions: ``m_i`` at the optimum.
        at_bound: parameters that ended on a bound (their uncertainty is then not reliable).
        success, message, evaluations: from the optimiser.
    """

    x: NDArray[np.float64]
    covariance: NDArray[np.float64]
    chi2: float
    dof: int
    p_value: float
    residuals: NDArray[np.float64] = field(repr=False)
    predictions: NDArray[np.float64] = field(repr=False)
    at_bound: tuple[bool, ...]
    success: bool
    message: str
    evaluations: int

    @property
    def errors(self) -> NDArray[np.float64]:
        """One-sigma uncertainties of the fitted parameters."""
        return np.sqrt(np.diag(self.covariance))

    @property
    def correlation(self) -> NDArray[np.float64]:
        """The parameters' correlation matrix (nan where an error is infinite or zero)."""
        e = self.errors
        with np.errstate(invalid="ignore", divide="ignore"):
            c = self.covariance / np.outer(e, e)
        return np.where(np.isfinite(c), c, np.nan)

    @property
    def chi2_per_dof(self) -> float:
        return self.chi2 / self.dof if self.dof > 0 else math.nan


def weighted_fit(
    model: Callable[[NDArray[np.float64]], ArrayLike],
    x0: Sequence[float],
    y: ArrayLike,
    sigma: ArrayLike,
    *,
    bounds: tuple[Sequence[float], Sequence[float]] | None = None,
    x_scale: Sequence[float] | None = None,
) -> FitResult:
    """Fit ``model`` to ``y`` with one-sigma uncertainties ``sigma`` (see the module
    docstring).

    Args:
        model: ``x -> predictions`` (same length as ``y``).
        x0: the starting parameters (moved inside ``bounds`` if on or beyond them).
        y, sigma: the data and their uncertainties (``sigma > 0``).
        bounds: ``(low, high)`` per parameter (``-inf``/``inf`` for none).
        x_scale: the parameters' typical scales (default: from the Jacobian).

    Raises:
        InvalidParameterError: mismatched lengths, a non-positive sigma, fewer data than
            parameters, or a model that returns a non-finite value at the start.
    """
    from scipy import optimize, stats

    yv, sv = np.asarray(y, dtype=float), np.asarray(sigma, dtype=float)
    start = np.asarray(x0, dtype=float)
    k, m = start.size, yv.size
    if sv.shape != yv.shape:
        raise InvalidParameterError("sigma", f"{sv.size} values", f"one per datum ({m})")
    if not np.all(np.isfinite(sv) & (sv > 0)):
        raise InvalidParameterError("sigma", sv.tolist(), "finite and > 0")
    if k == 0 or m < k:
        raise InvalidParameterError(
            "data", f"{m} points", f">= {k} (one per free parameter at least)"
        )
    lo = np.full(k, -np.inf) if bounds is None else np.asarray(bounds[0], dtype=float)
    hi = np.full(k, np.inf) if bounds is None else np.asarray(bounds[1], dtype=float)
    span = np.where(np.isfinite(hi - lo), hi - lo, np.maximum(np.abs(start), 1.0))
    inside = np.clip(start, lo + 1e-9 * span, hi - 1e-9 * span)
    scale: Any = "jac" if x_scale is None else np.asarray(x_scale, dtype=float)

    def residuals(x: NDArray[np.float64]) -> NDArray[np.float64]:
        pred = np.asarray(model(x), dtype=float)
        r = (pred - yv) / sv
        return np.where(np.isfinite(r), r, 1e6)

    first = np.asarray(model(inside), dtype=float)
    if not np.all(np.isfinite(first)):
        raise InvalidParameterError("model", first.tolist(), "finite predictions at the start")
    res = optimize.least_squares(residuals, inside, bounds=(lo, hi), x_scale=scale, method="trf")
    jac = np.asarray(res.jac, dtype=float)
    _, sv_, vt = np.linalg.svd(jac, full_matrices=False)
    tol = np.finfo(float).eps * max(jac.shape) * (sv_[0] if sv_.size else 0.0)
    fixed = sv_ > tol
    cov = (vt.T * np.where(fixed, 1.0 / np.where(fixed, sv_, 1.0) ** 2, 0.0)) @ vt
    null = vt[~fixed]  # directions the data do not fix
    unfixed = np.abs(null).max(axis=0) > 1e-6 if null.size else np.zeros(k, dtype=bool)
    cov[unfixed, :] = np.inf
    cov[:, unfixed] = np.inf
    chi2 = float(np.sum(res.fun**2))
    dof = m - k
    p = float(stats.chi2.sf(chi2, dof)) if dof > 0 else math.nan
    tol_b = 1e-6 * span
    at_bound = tuple(
        bool(x - a <= t or b - x <= t) for x, a, b, t in zip(res.x, lo, hi, tol_b, strict=True)
    )
    return FitResult(
        x=np.asarray(res.x, dtype=float),
        covariance=cov,
        chi2=chi2,
        dof=dof,
        p_value=p,
        residuals=np.asarray(res.fun, dtype=float),
        predictions=np.asarray(model(res.x), dtype=float),
        at_bound=at_bound,
        success=bool(res.success),
        message=str(res.message),
        evaluations=int(res.nfev),
    )
