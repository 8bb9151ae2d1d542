"""Quantum memory / communication-qubit parameters.

Decoherence (physics.md section 3): amplitude damping with time constant ``T1`` and pure
dephasing with ``T2`` (free evolution, Ramsey/Hahn as quoted by each experiment) or ``T2_DD``
(under dynamical decoupling, e.g. Humphreys et al., Nature 558, 268 (2018); W.-Z. Liu et al.,
Nature 652, 51 (2026)). Physical consistency requires ``T2 <= 2 T1`` (Bloch equations:
``1/T2 = 1/(2 T1) + 1/T_phi`` with ``T_phi >= 0``); both coherence times are checked.
The flag ``use_dynamical_decoupling`` selects which coherence time
:meth:`Memory.effective_dephasing_time_s` returns. The coherence factor of a stored qubit is
``exp(-t / T2_eff)`` (1 - 2 p_z in physics.md section 3).

Atomic-ensemble memories (DLCZ, Sangouard et al., RMP 83, 33 (2011)) read out a stored
excitation with an efficiency that decays with storage time. Two documented shapes:

* ``"gaussian"``: ``eta(t) = eta0 exp(-(t/tau)**2)``, motional (thermal atomic diffusion)
  dephasing of the spin wave in a cold ensemble, whose spin-wave phase grating washes out with
  a Gaussian envelope, ``tau = 1/(k v)`` for spin-wave wavevector ``k`` and thermal speed
  ``v`` (Zhao et al., Nat. Phys. 5, 100 (2009); Sangouard et al., RMP 83, 33 (2011));
* ``"exponential"``: ``eta(t) = eta0 exp(-t/tau)`` (e.g. atoms leaving a trap, or a memory with
  Markovian loss).

The DLCZ write excitation probability belongs to the optical write process and lives on
:class:`~qnetsim.hardware.emitter.Emitter` (``excitation_probability``).

Examples:
    >>> m = Memory(t2_s=0.1, t1_s=math.inf, t2_dd_s=0.5, use_dynamical_decoupling=True)
    >>> m.effective_dephasing_time_s()
    0.5
    >>> round(m.coherence_factor(0.5), 6)           # exp(-1)
    0.367879
    >>> e = Memory(t2_s=1e-3, retrieval_efficiency_0=0.5, retrieval_lifetime_s=1e-3)
    >>> round(e.retrieval_efficiency(1e-3), 6)      # 0.5 * exp(-1), Gaussian
    0.18394
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

import numpy as np

from qnetsim._validate import check_in_range, check_int, check_nonnegative, check_probability
from qnetsim.errors import InvalidParameterError

__all__ = ["DecayShape", "Memory"]

#: Shape of the retrieval-efficiency decay of an ensemble memory.
DecayShape = Literal["gaussian", "exponential"]


def _positive_time(name: str, value: float) -> float:
    """A time constant in (0, inf] (``inf``: no decay)."""
    return check_in_range(name, value, 0.0, math.inf, low_open=True)


@dataclass(frozen=True)
class Memory:
    """Parameters of a quantum memory or communication qubit.

    Args:
        t2_s: free-evolution coherence time (s), in (0, inf].
        t1_s: energy-relaxation time (s), in (0, inf]; ``t2_s <= 2 t1_s`` is required.
        t2_dd_s: coherence time under dynamical decoupling (s), or ``None``.
        use_dynamical_decoupling: use ``t2_dd_s`` as the effective dephasing time.
        two_qubit_gate_fidelity: local two-qubit gate fidelity in [0, 1].
        single_qubit_gate_fidelity: single-qubit gate fidelity in [0, 1].
        readout_fidelity: one number in [0, 1], or ``(F0, F1)``: the probabilities of reading
            0 given 0 and 1 given 1.
        initialisation_fidelity: state-preparation fidelity in [0, 1].
        num_memories: number of memory qubits (spatial multiplexing), >= 1.
        num_temporal_modes: temporal modes per attempt (temporal multiplexing), >= 1.
        retrieval_efficiency_0: ensemble read-out efficiency at zero storage time in [0, 1],
            or ``None`` (single emitters: no read-out loss).
        retrieval_lifetime_s: time constant ``tau`` (s) of the retrieval decay, in (0, inf],
            or ``None`` (no decay).
        retrieval_decay: ``"gaussian"`` or ``"exponential"`` (module docstring).
        dephasing_per_attempt: probability of a Z error on this stored qubit caused by each
            entangling attempt of the node's communication qubit, in [0, 0.5] (NV 13C
            memories: Kalb et al., PRA 97, 062330 (2018), doi:10.1103/PhysRevA.97.062330);
            after ``n`` attempts the coherence is multiplied by ``(1 - 2 p)**n``.
        noise_floor_input_photons: an optical memory's own noise as the standard figure of
            merit ``mu_1``: the mean input photon number per pulse at which the retrieved
            signal equals the noise the memory adds (control-pulse fluorescence, four-wave
            mixing), >= 0 (e.g. ORCA memories: Thomas et al., arXiv:2211.04415). The memory
            then adds ``mu_1 x retrieval_efficiency_0`` noise photons per retrieval.

    Raises:
        InvalidParameterError: naming the first invalid field.

    Examples:
        >>> Memory(t2_s=3.0, t1_s=1.0)  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        qnetsim.errors.InvalidParameterError: t2_s = 3.0 is invalid; valid: (0, 2 * t1_s] ...
    """

    t2_s: float
    t1_s: float = math.inf
    t2_dd_s: float | None = None
    use_dynamical_decoupling: bool = False
    two_qubit_gate_fidelity: float = 1.0
    single_qubit_gate_fidelity: float = 1.0
    readout_fidelity: float | tuple[float, float] = 1.0
    initialisation_fidelity: float = 1.0
    num_memories: int = 1
    num_temporal_modes: int = 1
    retrieval_efficiency_0: float | None = None
    retrieval_lifetime_s: float | None = None
    retrieval_decay: DecayShape = "gaussian"
    dephasing_per_attempt: float = 0.0
    noise_floor_input_photons: float = 0.0

    def __post_init__(self) -> None:
        t1 = _positive_time("t1_s", self.t1_s)
        object.__setattr__(self, "t1_s", t1)
        object.__setattr__(self, "t2_s", self._check_t2("t2_s", self.t2_s, t1))
        if self.t2_dd_s is not None:
            object.__setattr__(self, "t2_dd_s", self._check_t2("t2_dd_s", self.t2_dd_s, t1))
        elif self.use_dynamical_decoupling:
            raise InvalidParameterError(
                "use_dynamical_decoupling",
                True,
                "False when t2_dd_s is None",
                "no coherence time under dynamical decoupling was given",
            )
        object.__setattr__(self, "use_dynamical_decoupling", bool(self.use_dynamical_decoupling))
        for name in (
            "two_qubit_gate_fidelity",
            "single_qubit_gate_fidelity",
            "initialisation_fidelity",
        ):
            object.__setattr__(self, name, check_probability(name, getattr(self, name)))
        object.__setattr__(self, "readout_fidelity", self._check_readout(self.readout_fidelity))
        object.__setattr__(self, "num_memories", check_int("num_memories", self.num_memories, 1))
        object.__setattr__(
            self,
            "num_temporal_modes",
            check_int("num_temporal_modes", self.num_temporal_modes, 1),
        )
        if self.retrieval_efficiency_0 is not None:
            object.__setattr__(
                self,
                "retrieval_efficiency_0",
                check_probability("retrieval_efficiency_0", self.retrieval_efficiency_0),
            )
        if self.retrieval_lifetime_s is not None:
            object.__setattr__(
                self,
                "retrieval_lifetime_s",
                _positive_time("retrieval_lifetime_s", self.retrieval_lifetime_s),
            )
        object.__setattr__(
            self,
            "dephasing_per_attempt",
            check_in_range("dephasing_per_attempt", self.dephasing_per_attempt, 0.0, 0.5),
        )
        object.__setattr__(
            self,
            "noise_floor_input_photons",
            check_in_range("noise_floor_input_photons", self.noise_floor_input_photons, 0.0, 1e3),
        )
        if self.retrieval_decay not in ("gaussian", "exponential"):
            raise InvalidParameterError(
                "retrieval_decay", self.retrieval_decay, "'gaussian' or 'exponential'"
            )

    @staticmethod
    def _check_t2(name: str, value: float, t1: float) -> float:
        t2 = _positive_time(name, value)
        if t2 > 2.0 * t1:
            raise InvalidParameterError(
                name, value, f"(0, 2 * t1_s] = (0, {2.0 * t1:g}]", "T2 <= 2 T1"
            )
        return t2

    @staticmethod
    def _check_readout(value: float | tuple[float, float]) -> float | tuple[float, float]:
        if isinstance(value, tuple):
            if len(value) != 2:
                raise InvalidParameterError(
                    "readout_fidelity", value, "a number or a pair (F0, F1) in [0, 1]"
                )
            return (
                check_probability("readout_fidelity[0]", value[0]),
                check_probability("readout_fidelity[1]", value[1]),
            )
        return check_probability("readout_fidelity", value)

    @property
    def readout_fidelity_0(self) -> float:
        """Probability of reading 0 given the state 0."""
        r = self.readout_fidelity
        return r[0] if isinstance(r, tuple) else r

    @property
    def readout_fidelity_1(self) -> float:
        """Probability of reading 1 given the state 1."""
        r = self.readout_fidelity
        return r[1] if isinstance(r, tuple) else r

    @property
    def mean_readout_fidelity(self) -> float:
        """``(F0 + F1) / 2``."""
        return 0.5 * (self.readout_fidelity_0 + self.readout_fidelity_1)

    @property
    def num_modes(self) -> int:
        """Total multiplexed modes per attempt, ``num_memories * num_temporal_modes``."""
        return self.num_memories * self.num_temporal_modes

    def effective_dephasing_time_s(self) -> float:
        """The coherence time in use: ``t2_dd_s`` if ``use_dynamical_decoupling`` else
        ``t2_s``."""
        if self.use_dynamical_decoupling and self.t2_dd_s is not None:
            return self.t2_dd_s
        return self.t2_s

    def coherence_factor(self, t_s: float) -> float:
        """Off-diagonal decay ``exp(-t / T2_eff)`` after storing for ``t_s`` seconds
        (``1 - 2 p_z`` of the dephasing channel, physics.md section 3)."""
        t = check_nonnegative("t_s", t_s)
        return math.exp(-t / self.effective_dephasing_time_s())

    @property
    def noise_photons_per_retrieval(self) -> float:
        """Noise photons the memory adds at its output per retrieval,
        ``mu_1 x retrieval_efficiency_0`` (0 without a noise floor or optical read-out)."""
        return self.noise_floor_input_photons * (self.retrieval_efficiency_0 or 0.0)

    def attempt_dephasing(self, attempts: int) -> float:
        """Z-error probability after ``attempts`` entangling attempts of the node:
        ``(1 - (1 - 2 p)**n) / 2``.

        Examples:
            >>> round(Memory(1.0, dephasing_per_attempt=0.01).attempt_dephasing(2), 6)
            0.0198
        """
        # a batch of draws (qnetsim.link.batch) passes an array of counts
        n = attempts if isinstance(attempts, np.ndarray) else check_int("attempts", attempts, 0)
        return 0.5 * (1.0 - (1.0 - 2.0 * self.dephasing_per_attempt) ** n)

    def population_decay_factor(self, t_s: float) -> float:
        """Excited-state survival ``exp(-t / T1)`` (``1 - gamma`` of amplitude damping)."""
        t = check_nonnegative("t_s", t_s)
        return math.exp(-t / self.t1_s)

    def retrieval_efficiency(self, t_s: float) -> float:
        """Read-out efficiency after storing for ``t_s`` seconds (1 for single emitters).

        Examples:
            >>> m = Memory(1.0, retrieval_efficiency_0=0.4, retrieval_lifetime_s=2.0,
            ...            retrieval_decay="exponential")
            >>> round(m.retrieval_efficiency(2.0), 6)
            0.147152
        """
        t = check_nonnegative("t_s", t_s)
        if self.retrieval_efficiency_0 is None:
            return 1.0
        if self.retrieval_lifetime_s is None:
            return self.retrieval_efficiency_0
        x = t / self.retrieval_lifetime_s
        decay = math.exp(-(x**2)) if self.retrieval_decay == "gaussian" else math.exp(-x)
        return self.retrieval_efficiency_0 * decay
