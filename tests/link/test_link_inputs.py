"""A link's platform by preset name, ``rng`` as an int seed, and run budgets (issue 16/17)."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from qnetsim.errors import BudgetError, HopelessLinkError, InvalidParameterError
from qnetsim.hardware import get_platform
from qnetsim.link import Link
from qnetsim.link.montecarlo import check_link_budget, sample_link


def test_platform_by_name() -> None:
    assert Link("nv_delft", 10.0) == Link(get_platform("nv_delft"), 10.0)
    assert Link("nv_delft", 10.0, node_b="ca_ion_ustc").b.name == "ca_ion_ustc"
    with pytest.raises(InvalidParameterError, match="node_a = 'nv_delf'"):
        Link("nv_delf", 10.0)
    with pytest.raises(InvalidParameterError, match="node_b"):
        Link("nv_delft", 10.0, node_b=3)  # type: ignore[arg-type]


def test_rng_as_int_seed() -> None:
    link = Link("nv_delft", 10.0)
    a = sample_link(link, 50, 1)
    b = sample_link(link, 50, np.random.default_rng(1))
    np.testing.assert_array_equal(a.cycles, b.cycles)
    with pytest.raises(InvalidParameterError, match="rng"):
        sample_link(link, 5, -3)


def test_budgets_refuse_before_running() -> None:
    link = Link("nv_delft", 10.0)
    with pytest.raises(BudgetError, match="GB of memory"):
        check_link_budget(link, 10**12, "sampled")
    quiet = dataclasses.replace(link.node_a.detector, dark_count_rate_hz=1e-3)
    lossy = Link("nv_delft", 150.0, detector=quiet)
    assert 1e-10 < lossy.success_probability < 1e-6
    with pytest.raises(HopelessLinkError, match="attempt mode"):
        sample_link(lossy, 10**4, 1, mode="attempt")
