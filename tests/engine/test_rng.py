"""RandomStreams: determinism, caching, independence, and the Simulator's seed."""

from __future__ import annotations

from collections.abc import Generator
from typing import Any

import numpy as np
import pytest

from qnetsim.engine import Event, RandomStreams, Simulator
from qnetsim.errors import InvalidParameterError


def draws(gen: np.random.Generator, n: int = 1000) -> np.ndarray:
    return gen.random(n)


def test_same_seed_and_name_give_the_same_stream() -> None:
    a = draws(RandomStreams(123).stream("memory-1"))
    b = draws(RandomStreams(123).stream("memory-1"))
    np.testing.assert_array_equal(a, b)


def test_stream_does_not_depend_on_request_order() -> None:
    first = RandomStreams(5)
    x1 = draws(first.stream("x"))
    second = RandomStreams(5)
    second.stream("y").random(17)  # another entity asks first and consumes numbers
    x2 = draws(second.stream("x"))
    np.testing.assert_array_equal(x1, x2)


def test_streams_are_cached() -> None:
    rs = RandomStreams(1)
    assert rs.stream("a") is rs.stream("a")
    assert rs.child("n") is rs.child("n")


def test_values_are_pinned_across_platforms_and_runs() -> None:
    # BLAKE2b, SeedSequence and PCG64 are all specified exactly: these must never change,
    # whatever PYTHONHASHSEED or the platform.
    assert RandomStreams(2024).seed_sequence("detector").spawn_key == (0, 15592130503510119989)
    assert RandomStreams(2024).stream("detector").integers(0, 2**31) == 1505408480


def test_different_names_seeds_and_kinds_differ() -> None:
    base = draws(RandomStreams(7).stream("a"))
    others = [
        draws(RandomStreams(7).stream("b")),
        draws(RandomStreams(8).stream("a")),
        draws(RandomStreams(7).child("a").stream("a")),
        draws(RandomStreams(7).spawn(1)[0].stream("a")),
    ]
    for other in others:
        assert not np.array_equal(base, other)


def test_child_streams_are_statistically_independent() -> None:
    rs = RandomStreams(99)
    n = 20_000
    u = [rs.stream(f"entity-{i}").random(n) for i in range(6)]
    corr = np.asarray(np.corrcoef(np.vstack(u)))
    off_diagonal = corr[~np.eye(6, dtype=bool)]
    # Independent uniforms: correlation ~ N(0, 1/n), 5 sigma = 0.035.
    assert np.max(np.abs(off_diagonal)) < 5 / np.sqrt(n)
    for x in u:
        assert abs(x.mean() - 0.5) < 5 * np.sqrt(1 / 12 / n)


def test_spawn_numbers_workers_continuously() -> None:
    rs = RandomStreams(3)
    first = rs.spawn(2)
    second = rs.spawn(1)
    assert [w.path for w in first + second] == [("#0",), ("#1",), ("#2",)]
    again = RandomStreams(3).spawn(3)
    for w, v in zip(first + second, again, strict=True):
        np.testing.assert_array_equal(draws(w.stream("s")), draws(v.stream("s")))
    assert not np.array_equal(draws(first[0].stream("s")), draws(first[1].stream("s")))
    assert rs.spawn(0) == []


def test_nested_children_have_paths() -> None:
    node = RandomStreams(0).child("node-A").child("memory-2")
    assert node.path == ("node-A", "memory-2")
    assert "memory-2" in repr(node)


def test_simulation_with_the_same_seed_is_reproducible() -> None:
    def run(seed: int) -> list[tuple[int, float]]:
        sim = Simulator(seed=seed)
        log: list[tuple[int, float]] = []

        def source(sim: Simulator) -> Generator[Event, Any, None]:
            rng = sim.rng.stream("source")
            for _ in range(20):
                yield sim.timeout(int(rng.integers(1, 1000)))
                log.append((sim.now, float(rng.random())))

        sim.process(source(sim))
        sim.run()
        return log

    assert run(11) == run(11)
    assert run(11) != run(12)


@pytest.mark.parametrize("bad", [-1, 1.5, "7", None])
def test_bad_seed_names_the_argument(bad: object) -> None:
    with pytest.raises(InvalidParameterError, match=r"seed = "):
        RandomStreams(bad)  # type: ignore[arg-type]


@pytest.mark.parametrize("bad", ["", 3, None])
def test_bad_name_names_the_argument(bad: object) -> None:
    rs = RandomStreams(0)
    with pytest.raises(InvalidParameterError, match=r"name = "):
        rs.stream(bad)  # type: ignore[arg-type]
    with pytest.raises(InvalidParameterError, match=r"name = "):
        rs.child(bad)  # type: ignore[arg-type]


def test_bad_spawn_count_names_the_argument() -> None:
    with pytest.raises(InvalidParameterError, match=r"n = -2"):
        RandomStreams(0).spawn(-2)
