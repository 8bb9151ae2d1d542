"""Requests and memory reservations."""

from __future__ import annotations

import pytest

from qnetsim.errors import InvalidParameterError
from qnetsim.network.requests.reservations import (
    MemoryReservations,
    Request,
    path_memory_demand,
    validate_request,
)
from qnetsim.network.topology.builders import chain, hefei_network


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"source": "a", "destination": "a", "num_pairs": 1}, "destination"),
        (
            {"source": "a", "destination": "b", "num_pairs": 1, "fidelity_target": 1.2},
            "fidelity_target",
        ),
        ({"source": "a", "destination": "b"}, "num_pairs"),
        ({"source": "a", "destination": "b", "num_pairs": 0}, "num_pairs"),
        ({"source": "a", "destination": "b", "rate_hz": 0.0}, "rate_hz"),
        ({"source": "a", "destination": "b", "num_pairs": 1, "priority": -1}, "priority"),
        ({"source": "", "destination": "b", "num_pairs": 1}, "source"),
        ({"source": "a", "destination": "b", "num_pairs": 1, "name": ""}, "name"),
    ],
)
def test_request_validation_names_the_field(kwargs: dict[str, object], field: str) -> None:
    with pytest.raises(InvalidParameterError) as info:
        Request(**kwargs)  # type: ignore[arg-type]
    assert info.value.name == field


def test_request_defaults() -> None:
    r = Request("a", "b", rate_hz=2.0, priority=3)
    assert r.name == r.key == "a->b"
    assert r.num_pairs is None and r.fidelity_target == 0.5


def test_validate_request_against_a_network() -> None:
    net = hefei_network()
    validate_request(net, Request("A", "B", num_pairs=1))
    with pytest.raises(InvalidParameterError) as info:
        validate_request(net, Request("A", "Z", num_pairs=1))
    assert info.value.name == "destination"
    with pytest.raises(InvalidParameterError) as info:
        validate_request(net, Request("server", "A", num_pairs=1))
    assert info.value.name == "source"
    net.add_node("D", "rb_ensemble_ustc")
    with pytest.raises(InvalidParameterError, match="disconnected"):
        validate_request(net, Request("A", "D", num_pairs=1))


def test_path_demand() -> None:
    assert path_memory_demand(hefei_network(), ["A", "server", "B"]) == {"A": 1, "B": 1}
    net = chain(4, "nv_delft", spacing_km=1.0)
    assert path_memory_demand(net, ["n0", "n1", "n2", "n3"]) == {"n0": 1, "n1": 2, "n2": 2, "n3": 1}
    with pytest.raises(InvalidParameterError):
        path_memory_demand(net, ["n0"])


def test_reservations_compete_for_memories() -> None:
    net = chain(3, "nv_delft", spacing_km=1.0)  # n1 has 2 memories, ends 1
    book = MemoryReservations(net)
    first = Request("n0", "n2", num_pairs=1, name="first")
    book.reserve_path(first, ["n0", "n1", "n2"])
    assert book.free("n1") == 0 and book.reserved("n0") == 1
    assert book.held_by("first") == {"n0": 1, "n1": 2, "n2": 1}
    with pytest.raises(InvalidParameterError, match="first") as info:
        book.reserve("second", "n1")
    assert info.value.name == "count at 'n1'"
    # all-or-nothing: n2 is full, so nothing is taken at n1 either
    book.release(first, "n1")
    with pytest.raises(InvalidParameterError):
        book.reserve_many("second", {"n1": 1, "n2": 1})
    assert book.free("n1") == 2
    book.reserve("second", "n1", 2)
    assert book.holders("n1") == {"second": 2}
    book.release("second")
    book.release(first)
    assert all(book.free(n) == net.node(n).num_memories for n in net)
    with pytest.raises(InvalidParameterError) as info:
        book.reserve("x", "nope")
    assert info.value.name == "node"
    with pytest.raises(InvalidParameterError) as info:
        book.reserve("x", "n0", 0)
    assert "count" in info.value.name
