"""The scenario [application] block computes the finite-size DI-QKD key with any eps.

(Here rather than under tests/scenario/ because it tests the key computation of issue 14.)
"""

from __future__ import annotations

from pathlib import Path

import pytest

from qnetsim.scenario import load_scenario, run_scenario, with_overrides

LU = Path(__file__).resolve().parents[2] / "examples" / "experiments" / "lu2026_diqkd.toml"


@pytest.mark.parametrize("eps", [1e-10, 1e-12])
def test_application_eps_down_to_1e12(eps: float) -> None:
    scn = load_scenario(LU)
    quick = with_overrides(scn, {"application.eps": eps, "run.pairs": 2000})
    est = run_scenario(quick).quantities["key_rate_finite_bits_per_event"]
    assert est.value >= 0.0
    assert "renyi bound" in est.method and f"eps = {eps:g}" in est.method
