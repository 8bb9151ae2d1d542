"""Stacked platforms (qnetsim.hardware.batch): floats that differ become arrays, everything
else must agree, and each rule is a named error."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from qnetsim.errors import InvalidParameterError
from qnetsim.hardware import get_platform
from qnetsim.hardware.batch import batch_size, is_stacked, stack_platforms


def _alpha(p, a):
    return dataclasses.replace(p, emitter=dataclasses.replace(p.emitter, alpha=a))


def test_floats_that_differ_become_arrays() -> None:
    p = get_platform("nv_delft")
    s = stack_platforms([_alpha(p, 0.1), _alpha(p, 0.2), _alpha(p, 0.3)])
    assert isinstance(s.emitter.alpha, np.ndarray)
    assert s.emitter.alpha.tolist() == [0.1, 0.2, 0.3]
    assert s.memory.t2_s == p.memory.t2_s and isinstance(s.memory.t2_s, float)
    assert s.scheme == p.scheme and s.timing.overheads == p.timing.overheads
    assert is_stacked(s) and not is_stacked(p)
    assert batch_size(s) == 3 and batch_size(p) == 1


def test_what_must_agree() -> None:
    p = get_platform("nv_delft")
    with pytest.raises(InvalidParameterError, match="scheme"):
        stack_platforms([p, dataclasses.replace(p, scheme="two-photon")])
    with pytest.raises(InvalidParameterError, match="converter"):
        stack_platforms([p, dataclasses.replace(p, converter=None)])
    with pytest.raises(InvalidParameterError, match="platforms"):
        stack_platforms([])
    with pytest.raises(InvalidParameterError, match="platforms"):
        stack_platforms(["nv_delft"])  # type: ignore[list-item]


def test_the_platforms_own_fibre_defaults_are_not_batched() -> None:
    p = get_platform("nv_delft")
    other = dataclasses.replace(p, fibre_attenuation_db_per_km=0.3)
    with pytest.raises(InvalidParameterError, match="fibre_attenuation_db_per_km"):
        stack_platforms([p, other])
