"""Public Bell-diagonal kernels validate their probabilities (issue 17)."""

from __future__ import annotations

import numpy as np
import pytest

from qnetsim.errors import InvalidParameterError
from qnetsim.quantum import bell_diagonal as bd
from qnetsim.quantum.purification import dejmps


@pytest.mark.parametrize(
    "call",
    [
        lambda: bd.depolarise(bd.werner(0.9), 1.5),
        lambda: bd.depolarise(bd.werner(0.9), np.array([0.1, -0.2])),
        lambda: bd.dephase(bd.werner(0.9), float("nan")),
        lambda: bd.pauli_channel(bd.werner(0.9), [0.5, 0.5, 0.5, 0.5]),
        lambda: bd.swap([1.2, -0.2, 0.0, 0.0], bd.werner(0.9)),
        lambda: bd.swap_noisy(bd.werner(0.9), bd.werner(0.9), readout_error=2.0),
        lambda: dejmps([0, 1, 0, 0], [1, 0, 0, 0]),
    ],
)
def test_out_of_range_inputs_are_named_errors(call: object) -> None:
    with pytest.raises(InvalidParameterError):
        call()  # type: ignore[operator]


def test_valid_inputs_and_the_unchecked_path_agree() -> None:
    a = bd.werner(np.linspace(0.3, 1.0, 5))
    p = np.array([0.7, 0.1, 0.1, 0.1])
    np.testing.assert_array_equal(bd.pauli_channel(a, p), bd._pauli_channel(a, p))
    np.testing.assert_array_equal(bd.swap_noisy(a, a, 0.01, 0.02), bd._swap_noisy(a, a, 0.01, 0.02))
    assert np.all(bd.depolarise(a, 1.0) == 0.25)
