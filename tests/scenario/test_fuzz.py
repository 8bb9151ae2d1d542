"""Fuzzing the scenario loader and runner with malformed and extreme files made from the
shipped ones (issue 17): every case ends in a named qnetsim error or a finite result (a
quantity that cannot be estimated is ``null`` with a reason), never a traceback.

A seeded generator (``numpy.random.default_rng``), not Hypothesis: the cases are the same on
every run and their number is fixed, so the test's cost is too. Mutations: a leaf replaced by
an extreme or wrongly typed value, a key removed or added, a list grown past its limit, a
value nested deeply, a number scaled by powers of ten, the text cut or a byte changed, and the
document written as JSON or YAML. A run uses few pairs and a short simulated time, and the
run budgets are lowered to a few seconds of estimated wall time, so a mutated chain that
would take long is refused up front (the refusal is itself a named error).
"""

from __future__ import annotations

import copy
import json
import math
import signal
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import yaml

import qnetsim.link.montecarlo as link_mc
import qnetsim.network.chains.budget as chain_budget
import qnetsim.network.stars.events as star_events
from qnetsim.errors import QnetsimError
from qnetsim.scenario.formats import parse_text
from qnetsim.scenario.loader import load_scenario, parse_document, parse_scenario, with_overrides
from qnetsim.scenario.runner import run_scenario

REPO = Path(__file__).resolve().parents[2]
FILES = sorted(
    [
        *(REPO / "src" / "qnetsim" / "experiments" / "scenarios").glob("*.toml"),
        *(REPO / "examples" / "scenarios").glob("*.toml"),
    ]
)
EXTREMES: list[Any] = [
    0,
    -0.0,
    -1,
    5e-324,
    1e-12,
    1e300,
    1e308,
    -1e308,
    math.inf,
    -math.inf,
    math.nan,
    "inf",
    "Infinity",
    "-inf",
    2**63 - 1,
    2**64,
    True,
    "",
    "x" * 300,
    [],
    {},
    [1e300, 5.0],
    [0.0] * 3,
    None,
]
VALIDATION_CASES = 2000
RUN_CASES = 150
HANG_GUARD_S = 120  # a hang detector, not a performance check: a case is never that slow


def _leaves(doc: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], Any]]:
    if isinstance(doc, dict):
        for k, v in doc.items():
            yield from _leaves(v, (*path, k))
    elif isinstance(doc, list) and doc and isinstance(doc[0], dict):
        for i, v in enumerate(doc):
            yield from _leaves(v, (*path, i))
    else:
        yield path, doc


def _set(doc: Any, path: tuple[Any, ...], value: Any) -> None:
    node = doc
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = value


def _delete(doc: Any, path: tuple[Any, ...]) -> None:
    node = doc
    for part in path[:-1]:
        node = node[part]
    del node[path[-1]]


def _mutate(doc: dict[str, Any], rng: np.random.Generator, most: int = 3) -> dict[str, Any]:
    doc = copy.deepcopy(doc)
    leaves = list(_leaves(doc))
    for _ in range(int(rng.integers(1, most + 1))):
        path, value = leaves[int(rng.integers(len(leaves)))]
        op = int(rng.integers(7))
        try:
            if op == 0:
                _set(doc, path, EXTREMES[int(rng.integers(len(EXTREMES)))])
            elif op == 1:
                _delete(doc, path)
            elif op == 2:
                _set(doc, (*path[:-1], "unknown_key"), 1.0)
            elif op == 3 and isinstance(value, (int, float)) and not isinstance(value, bool):
                _set(doc, path, value * 10.0 ** int(rng.integers(-30, 300)))
            elif op == 4:
                deep: Any = 1.0
                for _ in range(int(rng.integers(20, 3000))):
                    deep = [deep]
                _set(doc, path, deep)
            elif op == 5:  # a short list, or one just past the limit of list lengths
                n = 10_001 if rng.random() < 0.2 else int(rng.integers(2, 40))
                _set(doc, path, [value] * n)
            else:
                _set(doc, path, str(value))
        except (KeyError, IndexError, TypeError):
            continue  # the path went away with an earlier mutation
    return doc


def _dump(doc: Any, fmt: str) -> tuple[str, str] | None:
    """``doc`` as JSON or YAML text (``None`` for TOML, or when the serialiser itself cannot
    write it, e.g. 3000 levels deep: the document is then validated as is)."""
    try:
        if fmt == "json":
            return fmt, json.dumps(doc)
        if fmt == "yaml":
            return fmt, yaml.safe_dump(doc)
    except (RecursionError, ValueError, TypeError, yaml.YAMLError):
        return None
    return None


def _check_result(result: Any) -> None:
    out = result.as_dict()
    json.dumps(out, allow_nan=False)  # no NaN or inf leaves the package
    for key, q in out["quantities"].items():
        if q["value"] is None or q["err"] is None:
            assert q.get("reason"), key


@pytest.fixture(autouse=True)
def _small_budgets(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(chain_budget, "MAX_WALL_S", 2.0)
    monkeypatch.setattr(star_events, "STAR_MAX_WALL_S", 2.0)
    monkeypatch.setattr(link_mc, "MAX_WALL_S", 2.0)

    def hang(*_: object) -> None:
        raise AssertionError(f"a fuzz case ran for over {HANG_GUARD_S} s")

    old = signal.signal(signal.SIGALRM, hang)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, old)


def _named(fn: Any, case: str) -> Any:
    """``fn()``, or ``None`` if it raised a named qnetsim error; any other exception fails."""
    signal.alarm(HANG_GUARD_S)
    try:
        return fn()
    except QnetsimError:
        return None
    except Exception as exc:
        raise AssertionError(f"{case}: traceback {type(exc).__name__}: {exc}") from exc
    finally:
        signal.alarm(0)


def test_mutated_documents_give_named_errors() -> None:
    rng = np.random.default_rng(17)
    raws = [dict(load_scenario(f).raw) for f in FILES]
    for case in range(VALIDATION_CASES):
        k = int(rng.integers(len(raws)))
        doc = _mutate(raws[k], rng)
        label = f"case {case} from {FILES[k].name}"
        text = _dump(doc, ("toml", "json", "yaml")[int(rng.integers(3))])
        if text is None:
            _named(lambda doc=doc: parse_document(doc, "fuzz.toml"), label)
        else:
            _named(lambda text=text: parse_scenario(text[1], f"fuzz.{text[0]}"), label)


def test_mutated_text_gives_named_errors() -> None:
    rng = np.random.default_rng(18)
    texts = [f.read_text() for f in FILES]
    for case in range(500):
        k = int(rng.integers(len(texts)))
        text = texts[k]
        cut = int(rng.integers(len(text)))
        if case % 3 == 0:
            text = text[:cut]
        elif case % 3 == 1:
            text = text[:cut] + chr(int(rng.integers(1, 0x250))) + text[cut + 1 :]
        else:
            text = text[:cut] + "[" * int(rng.integers(1, 5000)) + text[cut:]
        _named(lambda text=text: parse_scenario(text, "fuzz.toml"), f"text case {case}")
    for fmt in ("json", "yaml"):
        deep = "[" * 5000 + "]" * 5000
        _named(lambda deep=deep, fmt=fmt: parse_text(deep, f"deep.{fmt}"), fmt)


def test_mutated_scenarios_run_to_named_errors_or_finite_results() -> None:
    rng = np.random.default_rng(19)
    scenarios = [load_scenario(f) for f in FILES]
    ran = 0
    for case in range(RUN_CASES):
        k = int(rng.integers(len(scenarios)))
        doc = _mutate(dict(scenarios[k].raw), rng, most=1)
        label = f"run case {case} from {FILES[k].name}"
        scn = _named(lambda doc=doc: parse_document(doc, "fuzz.toml"), label)
        if scn is None:
            continue
        run = scn.doc["run"]
        small = {
            "run.quick_pairs": min(run["quick_pairs"], 40),
            "run.quick_duration_s": min(run["quick_duration_s"], 5.0),
        }
        scn = _named(lambda scn=scn, small=small: with_overrides(scn, small), label)
        if scn is None:
            continue
        result = _named(lambda scn=scn: run_scenario(scn, quick=True), label)
        if result is not None:
            ran += 1
            _check_result(result)
    assert ran >= RUN_CASES // 10  # the mutations leave enough valid scenarios to run
