"""The one entry point for key rates (qnetsim.apps.qkd.key) and its bad-input contract."""

from __future__ import annotations

import json
import math

import pytest

from qnetsim.apps.qkd import METHODS, KeyResult, diqkd_finite_key, key_rate
from qnetsim.errors import InvalidParameterError

JSON_KEYS = {"key_bits_per_round", "key_length_bits", "asymptotic_bits_per_round", "method",
             "parameters", "security", "reason", "n_rounds", "protocol", "inputs"}


@pytest.mark.parametrize("method", METHODS["diqkd"])
@pytest.mark.parametrize("eps", [1e-3, 1e-10, 1e-12])
def test_every_diqkd_method_and_eps(method: str, eps: float) -> None:
    r = diqkd_finite_key(2.75, 0.015, 1e9, method=method, eps_sound=eps)
    assert isinstance(r, KeyResult) and r.method == method
    assert 0.0 < r.key_bits_per_round <= r.asymptotic_bits_per_round + 1e-12
    assert r.key_length_bits == pytest.approx(r.key_bits_per_round * 1e9)
    assert JSON_KEYS <= set(r.to_dict())
    json.dumps(r.to_dict())  # JSON-ready (no numpy scalars)


def test_default_method_is_renyi_and_beats_the_2018_eat() -> None:
    new = diqkd_finite_key(2.612, 0.0383, 1.2e6)
    old = diqkd_finite_key(2.612, 0.0383, 1.2e6, method="eat2018")
    assert new.method == "renyi" and new.key_bits_per_round > 0.0 == old.key_bits_per_round
    assert {"gamma", "alpha", "p_t", "flip_probability"} <= set(new.parameters)


def test_no_key_returns_zero_with_reason() -> None:
    for s in (2.0, -1.9, 0.5):
        r = key_rate("diqkd", chsh=s, qber=0.01, rounds=1e9)
        assert r.key_bits_per_round == 0.0 and r.reason
    r = key_rate("diqkd", chsh=2.6, qber=0.02, rounds=1e3)
    assert r.key_bits_per_round == 0.0 and "rounds" in r.reason


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [
        ({"protocol": "diqkd", "chsh": 2.9, "qber": 0.02, "rounds": 1e6}, "S"),
        ({"protocol": "diqkd", "chsh": -2.9, "qber": 0.02, "rounds": 1e6}, "S"),
        ({"protocol": "diqkd", "chsh": 2.7, "qber": -0.01, "rounds": 1e6}, "qber"),
        ({"protocol": "diqkd", "chsh": 2.7, "qber": 0.51, "rounds": 1e6}, "qber"),
        ({"protocol": "diqkd", "chsh": 2.7, "qber": 0.02, "rounds": 0.5}, "rounds"),
        ({"protocol": "diqkd", "chsh": 2.7, "qber": 0.02, "rounds": math.nan}, "rounds"),
        ({"protocol": "diqkd", "chsh": 2.7, "qber": 0.02, "rounds": 1e6, "eps_sound": 0.0},
         "eps_sound"),
        ({"protocol": "diqkd", "chsh": 2.7, "qber": 0.02, "rounds": 1e6, "eps_sound": 1.0},
         "eps_sound"),
        ({"protocol": "diqkd", "chsh": 2.7, "qber": 0.02, "rounds": 1e6,
          "eps_completeness": 1.5}, "eps_completeness"),
        ({"protocol": "diqkd", "chsh": 2.7, "qber": 0.02, "rounds": 1e6, "method": "x"},
         "method"),
        ({"protocol": "diqkd", "qber": 0.02, "rounds": 1e6}, "chsh"),
        ({"protocol": "bb84", "qber": 0.02, "rounds": 1e6, "method": "renyi"}, "method"),
        ({"protocol": "decoy", "rounds": 1e6}, "length_km"),
        ({"protocol": "e91", "rounds": 1e6}, "protocol"),
        ({"protocol": "diqkd", "chsh": 2.7, "qber": 0.02, "rounds": 1e6,
          "ec_efficiency": 0.9}, "ec_efficiency"),
    ],
)
def test_bad_input_is_a_named_error(kwargs: dict[str, object], name: str) -> None:
    protocol = kwargs.pop("protocol")
    with pytest.raises(InvalidParameterError) as info:
        key_rate(protocol, **kwargs)  # type: ignore[arg-type]
    assert info.value.name == name


def test_bb84_finite_tends_to_asymptotic() -> None:
    rates = [key_rate("bb84", qber=0.02, rounds=n).key_bits_per_round for n in (1e5, 1e7, 1e11)]
    asym = key_rate("bb84", qber=0.02, rounds=1e5, method="asymptotic").key_bits_per_round
    assert rates[0] < rates[1] < rates[2] <= asym
    assert rates[2] == pytest.approx(asym, rel=0.01)


def test_decoy_through_key_rate() -> None:
    fin = key_rate("decoy", length_km=50.0, rounds=1e12)
    asym = key_rate("decoy", length_km=50.0, rounds=1e12, method="asymptotic")
    assert 0.0 < fin.key_bits_per_round < asym.key_bits_per_round
    assert fin.round_unit == "pulse" and set(fin.parameters) >= {"mu1", "mu2", "q_x"}


def test_per_second() -> None:
    r = key_rate("diqkd", chsh=2.75, qber=0.015, rounds=1e9)
    assert r.per_second(10.0) == pytest.approx(10.0 * r.key_bits_per_round)
