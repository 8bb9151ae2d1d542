"""Axis values: lists, ranges, lin and log spacing; zipped axes; the grid."""

from __future__ import annotations

import pytest

from qnetsim.errors import InvalidParameterError
from qnetsim.sweep import Axis, grid, grid_points, parse_values


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("10,25,50", [10, 25, 50]),
        ("'nv_delft', true, 1e3", ["nv_delft", True, 1000.0]),
        ("10:100:10", [10, 20, 30, 40, 50, 60, 70, 80, 90, 100]),
        ("10:95:10", [10, 20, 30, 40, 50, 60, 70, 80, 90]),
        ("0:1:0.1", [0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0]),
        ("lin:0:1:5", [0.0, 0.25, 0.5, 0.75, 1.0]),
        ("log:1:1000:7", [1.0, 3.16227766017, 10.0, 31.6227766017, 100.0, 316.227766017, 1000.0]),
        ("log:5:5:1", [5.0]),
        ("7", [7]),
    ],
)
def test_values(text: str, values: list[object]) -> None:
    assert parse_values(text) == values


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("1:10", "START:STOP:STEP"),
        ("1:10:0", "STEP > 0"),
        ("log:-1:10:3", "START > 0"),
        ("lin:0:1:0", "must be 1.."),
        ("lin:0:x:3", "'x' is not a finite number"),
        ("0:1:1e-9", "at most"),
        ("1,,2", "an empty value"),
    ],
)
def test_bad_values_name_the_flag_and_the_forms(text: str, reason: str) -> None:
    with pytest.raises(InvalidParameterError, match="--axis") as info:
        parse_values(text)
    assert reason in str(info.value) and "log:START:STOP:N" in str(info.value)


def test_zipped_axes_vary_together_in_a_grid() -> None:
    length = Axis.parse("links[0].length_km=10,50,100")
    loss = Axis.parse("links[0].extra_loss_db=1:3:1")
    pts = grid([length.zip(loss), Axis.of("run.seed", [1, 2])])
    assert len(pts) == 6
    assert pts[2] == {"links[0].length_km": 50, "links[0].extra_loss_db": 2, "run.seed": 1}
    with pytest.raises(InvalidParameterError, match="3 values"):
        length.zip(Axis.parse("links[0].alpha=0.1,0.2"))
    with pytest.raises(InvalidParameterError, match="one axis only"):
        grid([length, Axis.of("links[0].length_km", [1])])
    assert grid_points({"a": [1, 2], "b": [3]}) == [{"a": 1, "b": 3}, {"a": 2, "b": 3}]


def test_axis_checks_its_shape() -> None:
    with pytest.raises(InvalidParameterError, match="values per step"):
        Axis(("a", "b"), ((1,),))
    with pytest.raises(InvalidParameterError, match="distinct"):
        Axis(("a", "a"), ((1, 2),))
    with pytest.raises(InvalidParameterError, match="PATH="):
        Axis.parse("links[0].length_km")
