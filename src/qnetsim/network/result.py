"""One result type for every system and every engine: :class:`Result`.

:func:`~qnetsim.network.evaluation.evaluate` answers "what rate and fidelity does this system
deliver?" for a link, a memory-photon link, a chain, a star or a network serving requests,
with the exact closed form, the vectorised Monte Carlo or the event engine; each answer is a
:class:`Result`. Its rate carries a 95% confidence interval (a closed form's interval is the
point itself), its fidelity the standard error of the mean, and its delivered states are the
Bell-diagonal coefficients of each pair (one row, the mean state, for a closed form). A star
or a set of requests has one part per link or request in :attr:`Result.parts`.

The rate's interval follows from the waiting times between deliveries, a sum of nearly
independent waits: the normal approximation on their mean (central limit theorem), inverted
(the same estimator as :attr:`qnetsim.link.montecarlo.LinkSample.rate_ci_hz`).

Examples:
    >>> import numpy as np
    >>> r = Result.from_samples("link", "montecarlo", np.full(4, 0.5),
    ...                         np.tile([0.9, 0.1 / 3, 0.1 / 3, 0.1 / 3], (4, 1)))
    >>> r.rate_hz, round(r.fidelity, 3), r.pairs
    (2.0, 0.9, 4)
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray

from qnetsim.errors import InvalidParameterError

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["METHODS", "SYSTEMS", "Result", "Seed", "int_seed", "rate_interval"]

#: The three engines, by name.
METHODS = ("exact", "montecarlo", "events")
#: The kinds of system a result can describe.
SYSTEMS = ("link", "memory-photon", "chain", "star", "requests")
_Z95 = 1.959963984540054
#: A root seed: an int >= 0 or one node of a run's ``numpy.random.SeedSequence`` tree.
Seed = int | np.random.SeedSequence


def _not_finite(value: Any) -> bool:
    return isinstance(value, float) and not math.isfinite(value)


def int_seed(seed: Seed) -> int:
    """An event engine's integer root seed from an int or a ``SeedSequence``."""
    if isinstance(seed, np.random.SeedSequence):
        return int(seed.generate_state(1)[0])
    return int(seed)


def _mean_and_se(values: NDArray[np.float64]) -> tuple[float, float]:
    """Mean and standard error; rounding noise of identical values (a spread below 1e-12)
    is reported as an exact 0."""
    n = int(values.size)
    if n == 0:
        return math.nan, 0.0
    se = float(values.std(ddof=1)) / math.sqrt(n) if n > 1 else 0.0
    return float(values.mean()), (0.0 if se < 1e-12 else se)


def rate_interval(waits_s: NDArray[np.float64]) -> tuple[float, tuple[float, float]]:
    """Rate ``n / sum(waits)`` and its 95% interval from ``n`` waiting times (s).

    The interval inverts the normal interval of the mean wait; when that interval reaches
    zero (few pairs) the rate has no upper bound (``inf``). No pairs: rate 0, interval
    ``(0, inf)``.
    """
    w = np.asarray(waits_s, dtype=np.float64)
    n = int(w.size)
    if n == 0 or float(w.sum()) <= 0.0:
        return 0.0, (0.0, math.inf)
    mean = float(w.mean())
    se = float(w.std(ddof=1)) / math.sqrt(n) if n > 1 else mean
    low_t, high_t = mean + _Z95 * se, mean - _Z95 * se
    return 1.0 / mean, (1.0 / low_t, 1.0 / high_t if high_t > 0 else math.inf)


@dataclass(frozen=True)
class Result:
    """What a system delivers, computed by one engine.

    Attributes:
        system: the kind of system (:data:`SYSTEMS`).
        method: the engine (:data:`METHODS`).
        rate_hz: delivered pairs per second.
        rate_ci_hz: 95% confidence interval of the rate (the point itself when exact).
        fidelity: mean fidelity of the delivered pairs to ``Phi+``.
        fidelity_se: standard error of :attr:`fidelity` (0 when exact).
        states: ``(n, 4)`` Bell-diagonal coefficients of the delivered pairs (``Phi+``,
            ``Psi+``, ``Phi-``, ``Psi-``); one row, the mean state, when exact.
        waiting_times_s: ``(n,)`` wall time spent on each pair (``None`` when exact).
        time_budget: fraction of wall time in each part of a link's cycle (links only).
        loss_budget_db: loss per element in dB, largest first (links only).
        parts: one result per link of a star or per request, by name.
        notes: what the engine assumed or left out, in words (shown by :meth:`summary`).
        extra: further outputs by name (e.g. a memory-photon link's QBER per basis).
        native: the engine's own result object, for detail this type does not carry.
    """

    system: str
    method: str
    rate_hz: float
    rate_ci_hz: tuple[float, float]
    fidelity: float
    fidelity_se: float
    states: NDArray[np.float64]
    waiting_times_s: NDArray[np.float64] | None = None
    time_budget: Mapping[str, float] | None = None
    loss_budget_db: Mapping[str, float] | None = None
    parts: Mapping[str, Result] = field(default_factory=dict)
    notes: tuple[str, ...] = ()
    extra: Mapping[str, float] = field(default_factory=dict)
    native: Any = field(default=None, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.system not in SYSTEMS:
            raise InvalidParameterError("system", self.system, ", ".join(SYSTEMS))
        if self.method not in METHODS:
            raise InvalidParameterError("method", self.method, ", ".join(METHODS))
        states = np.asarray(self.states, dtype=np.float64).reshape(-1, 4)
        object.__setattr__(self, "states", states)

    # --- construction ---------------------------------------------------------------------
    @classmethod
    def from_samples(
        cls,
        system: str,
        method: str,
        waiting_times_s: NDArray[np.float64],
        states: NDArray[np.float64],
        **kwargs: Any,
    ) -> Result:
        """A sampled result: the rate and its interval from the waits, the fidelity and its
        standard error from the states."""
        w = np.asarray(waiting_times_s, dtype=np.float64)
        s = np.asarray(states, dtype=np.float64).reshape(-1, 4)
        rate, ci = rate_interval(w)
        mean, se = _mean_and_se(s[:, 0])
        return cls(system, method, rate, ci, mean, se, s, w, **kwargs)

    @classmethod
    def from_count(
        cls,
        system: str,
        method: str,
        states: NDArray[np.float64],
        duration_s: float,
        **kwargs: Any,
    ) -> Result:
        """A result counted over a run of ``duration_s``: the rate ``n / duration`` with the
        normal 95% interval of a Poisson count, the fidelity and its standard error from the
        states."""
        s = np.asarray(states, dtype=np.float64).reshape(-1, 4)
        n = int(s.shape[0])
        if duration_s <= 0:
            rate, ci = 0.0, (0.0, math.inf)
        else:
            rate = n / duration_s
            half = _Z95 * math.sqrt(max(n, 1)) / duration_s
            ci = (max(0.0, rate - half), rate + half)
        mean, se = _mean_and_se(s[:, 0])
        return cls(system, method, rate, ci, mean, se, s, **kwargs)

    @classmethod
    def exact(
        cls, system: str, rate_hz: float, mean_state: NDArray[np.float64], **kwargs: Any
    ) -> Result:
        """A closed-form result: the rate and the mean delivered state."""
        s = np.asarray(mean_state, dtype=np.float64).reshape(1, 4)
        return cls(system, "exact", rate_hz, (rate_hz, rate_hz), float(s[0, 0]), 0.0, s, **kwargs)

    # --- views ----------------------------------------------------------------------------
    @property
    def pairs(self) -> int:
        """Delivered pairs behind the numbers (0 for a closed form)."""
        if self.parts:
            return sum(p.pairs for p in self.parts.values())
        return 0 if self.method == "exact" else int(self.states.shape[0])

    @property
    def fidelities(self) -> NDArray[np.float64]:
        """Fidelity of each delivered pair (the mean, once, for a closed form)."""
        return self.states[:, 0]

    @property
    def mean_state(self) -> NDArray[np.float64]:
        """The mean delivered Bell-diagonal state."""
        if self.states.shape[0] == 0:
            return np.full(4, math.nan)
        return np.asarray(self.states.mean(axis=0))

    def to_dict(self) -> dict[str, Any]:
        """The summary numbers as plain Python values (JSON-ready; no per-pair arrays)."""
        out: dict[str, Any] = {
            "system": self.system,
            "method": self.method,
            "rate_hz": self.rate_hz,
            "rate_ci_low_hz": self.rate_ci_hz[0],
            "rate_ci_high_hz": self.rate_ci_hz[1],
            "fidelity": self.fidelity,
            "fidelity_se": self.fidelity_se,
            "pairs": self.pairs,
        }
        out.update({k: float(v) for k, v in self.extra.items()})
        reasons = {k: self.missing_reason(k) for k, v in out.items() if _not_finite(v)}
        if reasons:  # no NaN or inf leaves unexplained: null, with the reason
            out.update({k: None for k in reasons})
            out["reasons"] = reasons
        if self.time_budget is not None:
            out["time_budget"] = dict(self.time_budget)
        if self.loss_budget_db is not None:
            out["loss_budget_db"] = dict(self.loss_budget_db)
        if self.parts:
            out["parts"] = {name: p.to_dict() for name, p in self.parts.items()}
        if self.notes:
            out["notes"] = list(self.notes)
        return out

    def missing_reason(self, key: str) -> str:
        """Why the number ``key`` of :meth:`to_dict` is not finite (NaN or inf)."""
        if key in ("fidelity", "fidelity_se") and self.states.shape[0] == 0:
            return "no pair was delivered, so there is no fidelity to estimate"
        if key == "rate_ci_high_hz":
            return (
                "too few pairs (or waits too spread) to bound the rate from above at 95%; "
                "run more pairs"
            )
        return "not estimable from this run (a ratio with a zero denominator or no samples)"

    def __repr__(self) -> str:
        flag = " (not entangled: F <= 0.5)" if self.fidelity <= 0.5 else ""
        return (
            f"<Result {self.system} by {self.method}: rate {self.rate_hz:.4g} Hz, "
            f"F = {self.fidelity:.4f}{flag}>"
        )

    def _repr_html_(self) -> str:
        return str(self.to_frame().to_html())

    def to_frame(self) -> pd.DataFrame:
        """A pandas table: one row for the system, or one per part (star links, requests),
        with the rate, its interval, the fidelity and its standard error and the pairs."""
        import pandas as pd

        def row(r: Result) -> dict[str, Any]:
            d = r.to_dict()
            for key in ("parts", "time_budget", "loss_budget_db", "notes", "reasons"):
                d.pop(key, None)
            return d

        if self.parts:
            return pd.DataFrame([row(p) for p in self.parts.values()], index=list(self.parts))
        return pd.DataFrame([row(self)], index=[self.system])

    def pairs_frame(self) -> pd.DataFrame:
        """A pandas table with one row per delivered pair: waiting time, fidelity, state."""
        import pandas as pd

        data: dict[str, Any] = {
            "fidelity": self.states[:, 0],
            "phi_plus": self.states[:, 0],
            "psi_plus": self.states[:, 1],
            "phi_minus": self.states[:, 2],
            "psi_minus": self.states[:, 3],
        }
        if self.waiting_times_s is not None:
            data = {"waiting_time_s": self.waiting_times_s, **data}
        return pd.DataFrame(data)

    def summary(self) -> str:
        """A few lines a person reads: rate with interval, fidelity, pairs, notes."""
        lo, hi = self.rate_ci_hz
        lines = [f"{self.system}, {self.method}:"]
        if self.method == "exact":
            lines.append(f"  rate      {self.rate_hz:.4g} Hz")
            lines.append(f"  fidelity  {self.fidelity:.4f}")
        else:
            lines.append(f"  rate      {self.rate_hz:.4g} Hz (95% CI {lo:.4g} .. {hi:.4g})")
            lines.append(f"  fidelity  {self.fidelity:.4f} +- {self.fidelity_se:.2g}")
            lines.append(f"  pairs     {self.pairs}")
        for name, value in self.extra.items():
            lines.append(f"  {name}  {value:.4g}")
        for name, part in self.parts.items():
            lines.append(f"  {name}: {part.rate_hz:.4g} Hz, F = {part.fidelity:.4f}")
        lines += [f"  note: {n}" for n in self.notes]
        return "\n".join(lines)
