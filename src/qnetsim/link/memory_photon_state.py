"""The heralded memory-photon state and what is measured on it: the Bell-diagonal state at the
station (emission errors, double excitation, the analyser's visibilities, noise heralds), the
state after the memory's wait (and its exact density matrix), the correlations and QBERs in the
measurement bases and the fidelity inferred from them. The model and its sources (Hermans et
al., NJP 25, 013011 (2023) for the double excitation) are described in
:mod:`qnetsim.link.memory_photon`.

:class:`MemoryPhotonState` is a mixin of :class:`~qnetsim.link.memory_photon.MemoryPhotonLink`,
which supplies the node, the fibre, the timing and the noise fraction it uses.
"""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray

from qnetsim.errors import InvalidParameterError
from qnetsim.quantum import bell_diagonal as bd
from qnetsim.quantum.channels import PauliChannel, dephasing
from qnetsim.quantum.states import BellDiagonalState, DensityMatrixState

if TYPE_CHECKING:
    from qnetsim.hardware.memory import Memory
    from qnetsim.hardware.platform import Platform
    from qnetsim.link.design import Link

__all__ = ["BASES", "MemoryPhotonState", "check_basis", "correlation_of"]

#: Measurement bases of the photon and the memory.
BASES: tuple[str, ...] = ("Z", "X", "Y")
#: ``Phi+`` is correlated in Z and X and anticorrelated in Y.
_SIGN = {"Z": 1.0, "X": 1.0, "Y": -1.0}
_UNIFORM = np.full(4, 0.25)
_QUBITS = ("memory", "photon")


def correlation_of(coefficients: NDArray[np.float64], basis: str) -> NDArray[np.float64]:
    """``<s_b (x) s_b>`` of Bell-diagonal coefficients ``(Phi+, Psi+, Phi-, Psi-)``: Z:
    ``l_I - l_X + l_Z - l_Y``, X: ``l_I + l_X - l_Z - l_Y``, Y: ``-l_I + l_X + l_Z - l_Y``."""
    c = np.asarray(coefficients, dtype=np.float64)
    li, lx, lz, ly = c[..., 0], c[..., 1], c[..., 2], c[..., 3]
    if basis == "Z":
        return li - lx + lz - ly
    if basis == "X":
        return li + lx - lz - ly
    return -li + lx + lz - ly


def check_basis(name: str, basis: str) -> str:
    """``basis`` if it is one of :data:`BASES`, else :class:`~qnetsim.errors.InvalidParameterError`
    naming ``name``."""
    if basis not in BASES:
        raise InvalidParameterError(name, basis, "'Z', 'X' or 'Y'")
    return basis


class MemoryPhotonState:
    """The heralded memory-photon state, its wait in the memory and its measured correlations
    (mixin of :class:`~qnetsim.link.memory_photon.MemoryPhotonLink`)."""

    if TYPE_CHECKING:  # supplied by MemoryPhotonLink
        platform: Platform
        visibility_z: float
        visibility_x: float

        @property
        def geometry_link(self) -> Link: ...

        @property
        def holding_memory(self) -> Memory: ...

        @property
        def noise_fraction(self) -> float: ...

        @property
        def herald_wait_s(self) -> float: ...

    # --- the state at the station ------------------------------------------------------
    @cached_property
    def emission_pauli(self) -> NDArray[np.float64]:
        """Pauli probabilities ``(p_I, p_X, p_Z, p_Y)`` of the node's emission errors
        (:meth:`Link.emission_pauli <qnetsim.link.design.Link.emission_pauli>`) and its double
        excitation (a Z error of probability ``p2 / 2``)."""
        p = self.geometry_link.emission_pauli("A")
        z = 0.5 * self.platform.emitter.double_excitation_probability
        return np.asarray((1.0 - z) * p + z * p[[2, 3, 0, 1]], dtype=np.float64)

    @property
    def analyser_pauli(self) -> NDArray[np.float64]:
        """Pauli probabilities of the station's analyser on the photon: independent Z-basis
        and X-basis flips ``e_Z = (1 - V_Z)/2``, ``e_X = (1 - V_X)/2``."""
        ez, ex = (1.0 - self.visibility_z) / 2.0, (1.0 - self.visibility_x) / 2.0
        return np.array([(1 - ez) * (1 - ex), ez * (1 - ex), ex * (1 - ez), ez * ex])

    @cached_property
    def signal_coefficients(self) -> NDArray[np.float64]:
        """Bell-diagonal coefficients of a signal herald at the station (before the wait)."""
        phi = np.array([1.0, 0.0, 0.0, 0.0])
        return bd.pauli_channel(bd.pauli_channel(phi, self.emission_pauli), self.analyser_pauli)

    @cached_property
    def coefficients_at_station(self) -> NDArray[np.float64]:
        """The heralded state as the station measures it: ``(1 - w) signal + w I/4``."""
        w = self.noise_fraction
        return np.asarray((1.0 - w) * self.signal_coefficients + w * _UNIFORM)

    @property
    def state_at_station(self) -> BellDiagonalState:
        """:attr:`coefficients_at_station` as a state on (memory, photon)."""
        return BellDiagonalState(_QUBITS, self.coefficients_at_station)

    @property
    def fidelity_at_station(self) -> float:
        """Fidelity to ``Phi+`` of the heralded state before the memory's wait."""
        return float(self.coefficients_at_station[0])

    # --- the delivered state -----------------------------------------------------------
    @cached_property
    def storage_pauli(self) -> NDArray[np.float64]:
        """Pauli probabilities of the memory's wait for the station's result (transfer,
        attempts during the wait, T1/T2 twirl)."""
        return self.geometry_link.storage_twirl("A", self.herald_wait_s)

    @cached_property
    def signal_delivered_coefficients(self) -> NDArray[np.float64]:
        """A signal herald's state after the memory's wait."""
        return bd.pauli_channel(self.signal_coefficients, self.storage_pauli)

    @cached_property
    def delivered_coefficients(self) -> NDArray[np.float64]:
        """The heralded state after the memory's wait (Bell-diagonal, ``Phi+`` frame)."""
        w = self.noise_fraction
        return np.asarray((1.0 - w) * self.signal_delivered_coefficients + w * _UNIFORM)

    @property
    def delivered_state(self) -> BellDiagonalState:
        """:attr:`delivered_coefficients` as a state on (memory, photon)."""
        return BellDiagonalState(_QUBITS, self.delivered_coefficients)

    @property
    def fidelity(self) -> float:
        """Memory-photon fidelity to ``Phi+`` when the memory is read out."""
        return float(self.delivered_coefficients[0])

    def delivered_density_matrix(self) -> DensityMatrixState:
        """The delivered state with the memory's exact T1/T2 channel (amplitude damping not
        twirled): transfer and attempt dephasing (Pauli), then :meth:`Link.memory_channel
        <qnetsim.link.design.Link.memory_channel>` over the wait."""
        link = self.geometry_link
        state = self.state_at_station.to_density_matrix()
        memory = [_QUBITS[0]]
        t = link.transfer_pauli("A")
        if t[0] < 1.0:
            state = state.apply_channel(
                PauliChannel(p_x=float(t[1]), p_y=float(t[3]), p_z=float(t[2])), memory
            )
        z = link.attempt_dephasing("A")
        if z > 0.0:
            state = state.apply_channel(dephasing(z), memory)
        out = state.apply_channel(link.memory_channel("A", self.herald_wait_s), memory)
        assert isinstance(out, DensityMatrixState)
        return out

    # --- measured correlations ---------------------------------------------------------
    def readout_factor(self, basis: str) -> float:
        """Contrast the memory's read-out keeps in ``basis``: ``(1 - 2 e_read)`` times, in
        X and Y, ``1 - p_gate`` of the rotation before the read-out."""
        check_basis("basis", basis)
        mem = self.holding_memory
        e = 1.0 - mem.mean_readout_fidelity
        gate = 0.0 if basis == "Z" else self.rotation_depolarising
        return (1.0 - gate) * (1.0 - 2.0 * e)

    @property
    def rotation_depolarising(self) -> float:
        """Depolarising probability ``2 (1 - F)`` of the rotation into X or Y before the
        memory's read-out."""
        return min(1.0, 2.0 * (1.0 - self.holding_memory.single_qubit_gate_fidelity))

    def correlation(self, basis: str, measured: bool = True) -> float:
        """``<s_b (x) s_b>`` of memory and photon in ``basis``; ``measured``: with the
        memory's read-out errors (what an experiment records)."""
        e = float(correlation_of(self.delivered_coefficients, check_basis("basis", basis)))
        return e * self.readout_factor(basis) if measured else e

    def qber(self, basis: str, measured: bool = True) -> float:
        """Probability that the memory's and the photon's outcomes disagree with ``Phi+``
        in ``basis``."""
        return 0.5 * (1.0 - _SIGN[check_basis("basis", basis)] * self.correlation(basis, measured))

    @property
    def measured_fidelity(self) -> float:
        """The fidelity an experiment infers from the three measured correlations,
        ``(1 + E_X - E_Y + E_Z) / 4`` (read-out errors included)."""
        return 0.25 * (1.0 + self.correlation("X") - self.correlation("Y") + self.correlation("Z"))
