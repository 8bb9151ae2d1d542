"""Binary entropy against an independent computation (scipy.stats.entropy in base 2)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy.stats import entropy

from qnetsim.apps import binary_entropy, binary_entropy_inverse
from qnetsim.errors import InvalidParameterError

probabilities = st.floats(min_value=0.0, max_value=1.0, allow_nan=False)


@given(probabilities)
def test_matches_scipy_entropy(p: float) -> None:
    # Source: Shannon (1948); scipy computes the same sum independently. Tolerance 1e-12 is
    # a few ulps of a number <= 1.
    assert binary_entropy(p) == pytest.approx(entropy([p, 1.0 - p], base=2), abs=1e-12)


def test_end_points_are_exactly_zero_without_warnings() -> None:
    # pyproject turns RuntimeWarning into errors, so this also checks that none is raised.
    assert binary_entropy(0.0) == 0.0
    assert binary_entropy(1.0) == 0.0
    assert np.asarray(binary_entropy(np.array([0.0, 0.5, 1.0]))).tolist() == [0.0, 1.0, 0.0]


def test_vectorised_shape_is_preserved() -> None:
    x = np.linspace(0.0, 1.0, 12).reshape(3, 4)
    out = binary_entropy(x)
    assert isinstance(out, np.ndarray)
    assert out.shape == (3, 4)


@given(st.floats(min_value=0.0, max_value=0.45))
def test_inverse_round_trip_on_lower_branch(x: float) -> None:
    # Bisection to 2**-60; away from x = 1/2 h is steep enough that 1e-9 is generous.
    assert binary_entropy_inverse(binary_entropy(x)) == pytest.approx(x, abs=1e-9)


@pytest.mark.parametrize("bad", [-0.1, 1.1, float("nan")])
def test_out_of_range_names_the_argument(bad: float) -> None:
    with pytest.raises(InvalidParameterError, match="x"):
        binary_entropy(bad)
    with pytest.raises(InvalidParameterError, match="y"):
        binary_entropy_inverse(bad)
