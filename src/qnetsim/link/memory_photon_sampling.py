"""Vectorised Monte Carlo of memory-photon links: heralded pairs drawn attempt by attempt
(``"attempt"``: photon detection and noise clicks per detector) or from the closed-form
waiting-time distribution (``"sampled"``), with each pair's outcomes drawn from its Pauli errors
(the model of :mod:`qnetsim.link.memory_photon`; the cycle sampling of
:mod:`qnetsim.link.montecarlo`).

Examples:
    >>> from qnetsim.hardware import get_platform
    >>> from qnetsim.link.memory_photon import MemoryPhotonLink
    >>> s = sample_memory_photon(MemoryPhotonLink(get_platform("ca_ion_ustc"), 10.0), 500, 1)
    >>> s.n_pairs, s.mode
    (500, 'attempt')
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray

from qnetsim._validate import check_int
from qnetsim.errors import InvalidParameterError
from qnetsim.link.memory_photon_state import check_basis
from qnetsim.link.montecarlo import (
    check_attempt_probability,
    check_cycle_probability,
    first_heralds_per_cycle,
)

if TYPE_CHECKING:
    from qnetsim.link.memory_photon import MemoryPhotonLink

__all__ = ["MEMORY_PHOTON_MODES", "MemoryPhotonSample", "sample_memory_photon"]

#: Monte Carlo modes: photon-level attempts, or geometric waiting times.
MEMORY_PHOTON_MODES: tuple[str, ...] = ("attempt", "sampled")


def _flip_in_basis(pauli: NDArray[np.int64], basis: str) -> NDArray[np.int64]:
    """1 where the Pauli (0=I, 1=X, 2=Z, 3=Y) anticommutes with the basis's operator (flips
    the outcome measured in that basis)."""
    x, z = pauli & 1, (pauli >> 1) & 1
    if basis == "Z":
        return x
    if basis == "X":
        return z
    return x ^ z


_Z95 = 1.959963984540054


@dataclass(frozen=True)
class MemoryPhotonSample:
    """Heralded memory-photon pairs of :func:`sample_memory_photon`.

    Attributes:
        cycles: ``(n,)`` attempt cycles spent on each pair (>= 1).
        wall_time_s: ``(n,)`` wall time of each pair (its cycles, overheads, duty cycle).
        noise: ``(n,)`` the herald came from a noise click.
        basis: ``(n,)`` index into ``bases`` of the basis each pair was measured in.
        bases: the bases.
        photon_outcome: ``(n,)`` the station's outcome (0/1).
        memory_outcome: ``(n,)`` the memory's read-out (0/1), errors included.
        fidelity: ``(n,)`` fidelity of each pair's state at read-out (the signal state or
            ``1/4`` for a noise herald).
        mode: ``"attempt"`` or ``"sampled"``.
    """

    cycles: NDArray[np.int64]
    wall_time_s: NDArray[np.float64]
    noise: NDArray[np.bool_]
    basis: NDArray[np.int64]
    bases: tuple[str, ...]
    photon_outcome: NDArray[np.int64]
    memory_outcome: NDArray[np.int64]
    fidelity: NDArray[np.float64]
    mode: str

    @property
    def n_pairs(self) -> int:
        return int(self.cycles.size)

    @property
    def rate_hz(self) -> float:
        """Pairs per second, ``n / total wall time``."""
        return self.n_pairs / float(self.wall_time_s.sum())

    @property
    def rate_se_hz(self) -> float:
        """Standard error of :attr:`rate_hz` (delta method on the mean waiting time)."""
        w = self.wall_time_s
        if w.size < 2:
            return math.inf
        mean = float(w.mean())
        return float(w.std(ddof=1)) / math.sqrt(w.size) / mean**2

    def mean_fidelity(self) -> tuple[float, float]:
        """Mean fidelity and its standard error."""
        f = self.fidelity
        se = float(f.std(ddof=1)) / math.sqrt(f.size) if f.size > 1 else 0.0
        return float(f.mean()), se

    def qber(self, basis: str) -> tuple[float, float, int]:
        """QBER in ``basis`` (disagreements with ``Phi+``), its standard error and the pairs
        measured in it."""
        check_basis("basis", basis)
        if basis not in self.bases:
            raise InvalidParameterError("basis", basis, " or ".join(map(repr, self.bases)))
        sel = self.basis == self.bases.index(basis)
        n = int(sel.sum())
        if n == 0:
            return math.nan, math.nan, 0
        expected = self.memory_outcome[sel] ^ (1 if basis == "Y" else 0)
        errors = (self.photon_outcome[sel] != expected).astype(np.float64)
        q = float(errors.mean())
        return q, math.sqrt(max(q * (1 - q), 1.0 / n) / n), n

    @property
    def noise_fraction(self) -> float:
        return float(self.noise.mean())


def _rng(seed: int | np.random.Generator) -> np.random.Generator:
    if isinstance(seed, np.random.Generator):
        return seed
    return np.random.default_rng(check_int("seed", seed, 0))


def sample_memory_photon(
    link: MemoryPhotonLink,
    n_pairs: int,
    seed: int | np.random.Generator = 1,
    mode: str = "attempt",
    block_attempts: int = 1 << 18,
) -> MemoryPhotonSample:
    """Draw ``n_pairs`` heralded memory-photon pairs over ``link``, vectorised.

    ``"attempt"`` simulates every attempt: the photon is detected with ``eta``, each of the
    two detectors fires a noise click with ``d``, and an attempt heralds on exactly one click
    (the closed form's herald and noise probabilities are not used). ``"sampled"`` draws the
    cycles per pair from the geometric distribution of the closed-form cycle probability and
    the noise heralds with :attr:`MemoryPhotonLink.noise_fraction`. In both, each pair's
    outcomes are drawn from Pauli errors sampled one by one (emission, double excitation,
    analyser flips, the memory's wait, the read-out rotation and the read-out flips
    ``1 - F0`` / ``1 - F1``), and a noise herald's photon outcome is the detector that fired.

    Raises:
        InvalidParameterError: bad ``n_pairs``, ``mode`` or ``seed``, or a link too lossy to
            sample (as :func:`~qnetsim.link.montecarlo.sample_link`).
    """
    n = check_int("n_pairs", n_pairs, 1)
    if mode not in MEMORY_PHOTON_MODES:
        raise InvalidParameterError("mode", mode, ", ".join(MEMORY_PHOTON_MODES))
    rng = _rng(seed)
    if mode == "sampled":
        cycles = rng.geometric(check_cycle_probability(link.cycle_success_probability), n)
        cycles = cycles.astype(np.int64)
        noise = rng.random(n) < link.noise_fraction
        noise_outcome = rng.integers(0, 2, n)
    else:
        cycles, noise, noise_outcome = _attempt_heralds(
            link, n, rng, check_int("block_attempts", block_attempts, 1)
        )
    wall = np.diff(link.wall_time_s(np.cumsum(cycles)), prepend=0.0)
    basis = rng.integers(0, len(link.bases), n)
    # the ideal Phi+ outcome of the memory, then the Pauli errors of a signal herald
    m = rng.integers(0, 2, n)
    paulis = [link.emission_pauli, link.analyser_pauli, link.storage_pauli]
    err = np.zeros(n, dtype=np.int64)
    for p in paulis:
        err ^= rng.choice(4, size=n, p=p / p.sum())
    photon = np.empty(n, dtype=np.int64)
    memory = m.copy()
    mem = link.holding_memory
    for k, b in enumerate(link.bases):
        sel = basis == k
        photon[sel] = m[sel] ^ (1 if b == "Y" else 0) ^ _flip_in_basis(err[sel], b)
        if b != "Z":  # the rotation before the read-out: depolarising -> random outcome
            dep = sel & (rng.random(n) < link.rotation_depolarising)
            memory[dep] = rng.integers(0, 2, int(dep.sum()))
    photon[noise] = noise_outcome[noise]
    flip_p = np.where(memory == 0, 1.0 - mem.readout_fidelity_0, 1.0 - mem.readout_fidelity_1)
    memory ^= (rng.random(n) < flip_p).astype(np.int64)
    fid = np.where(noise, 0.25, link.signal_delivered_coefficients[0])
    return MemoryPhotonSample(
        cycles, wall, noise, basis.astype(np.int64), link.bases, photon, memory, fid, mode
    )


def _attempt_heralds(
    link: MemoryPhotonLink, n: int, rng: np.random.Generator, block: int
) -> tuple[NDArray[np.int64], NDArray[np.bool_], NDArray[np.int64]]:
    """Attempts photon by photon until ``n`` cycles herald: cycles per pair, whether each
    herald was a noise click, and the detector (0/1) a noise click fired."""
    p = check_attempt_probability(link.success_probability)
    eta, d = link.efficiency, link.noise_click_probability

    def draw(size: int) -> tuple[NDArray[np.int64], tuple[NDArray[Any], ...]]:
        signal = rng.random(size) < eta
        dark0 = rng.random(size) < d
        dark1 = rng.random(size) < d
        # the photon's detector clicks (with or without its own noise); the other one, by
        # symmetry "detector 1", must stay silent
        sig_herald = signal & ~dark1
        noise_herald = ~signal & (dark0 ^ dark1)
        idx = np.flatnonzero(sig_herald | noise_herald)
        return idx, (noise_herald[idx], dark1[idx].astype(np.int64))

    cycles, (noise, which) = first_heralds_per_cycle(n, link.num_modes, block, p, draw)
    return cycles, noise, which
