"""Checks made before anything runs: curves, published points, integers, encodings, stars
and nested chains; errors name the file, the key path and what is valid."""

from __future__ import annotations

from pathlib import Path

import pytest

from qnetsim.cli import main
from qnetsim.scenario.loader import (
    key_path_problem,
    load_scenario,
    parse_scenario,
    with_overrides,
)
from qnetsim.scenario.runner import closed_form
from qnetsim.scenario.schema import ScenarioError
from qnetsim.scenario.spec import closed_form_quantities

from .test_schema import BASE, error_of

REPO = Path(__file__).resolve().parents[2]
MY_LINK = REPO / "examples" / "scenarios" / "my_link.toml"
CURVE = (
    "[[curves]]\nparameter = 'links[0].length_km'\nvalues = [5, 10]\n"
    "quantities = ['rate_hz_closed_form', 'fidelity_closed_form']\n"
)


@pytest.mark.parametrize(
    ("change", "path", "reason"),
    [
        (
            ("fidelity_closed_form']", "fidelty_closed_form']"),
            "curves[0].quantities[1]",
            "'fidelty_closed_form' is not a closed-form quantity",
        ),
        (
            ("'links[0].length_km'", "'links[0].lenght_km'"),
            "curves[0].parameter",
            "links[0] has no key 'lenght_km'; valid keys: alpha",
        ),
        (
            ("'links[0].length_km'", "'links[1].length_km'"),
            "curves[0].parameter",
            "links has 1 entries",
        ),
        (
            ("'links[0].length_km'", "'nodes.Z.memory.t2_s'"),
            "curves[0].parameter",
            "nodes has no entry 'Z'; entries: A, B",
        ),
        (
            ("'links[0].length_km'", "'star.hold_s'"),
            "curves[0].parameter",
            "this scenario has no [star] table",
        ),
        (("'links[0].length_km'", "'links[0]'"), "curves[0].parameter", "is a table"),
        (
            ("[5, 10]", "[5, -10]"),
            "curves[0].values[1]",
            "links[0].length_km: -10.0 is invalid; valid: >= 0",
        ),
    ],
)
def test_curves_are_checked_when_the_file_is_loaded(
    change: tuple[str, str], path: str, reason: str
) -> None:
    err = error_of(BASE + CURVE.replace(*change))
    assert err.source == "bad.toml" and err.key_path == path
    assert reason in err.reason


def test_curve_errors_list_the_valid_names() -> None:
    err = error_of(BASE + CURVE.replace("fidelity_closed_form']", "qber']"))
    assert "fidelity_closed_form" in err.reason and "loss_db[fibre arm A]" in err.reason
    assert "qber_closed_form" not in err.reason  # no application: no QBER
    chain = BASE.replace('kind = "link"', 'kind = "chain"') + CURVE
    assert error_of(chain).key_path == "curves[0]"
    ok = parse_scenario(BASE + CURVE.replace("'links[0].length_km'", "'nodes.A.memory.t2_s'"))
    assert ok.doc["curves"][0]["parameter"] == "nodes.A.memory.t2_s"  # hardware: built later


def test_misspelled_curve_fails_the_cli_before_anything_runs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "c.toml"
    bad.write_text(MY_LINK.read_text().replace('"links[0].length_km"', '"links[0].lenght_km"'))
    for argv in (
        ["run", str(bad), "--plot", str(tmp_path / "x.png")],
        ["reproduce", str(bad), "--plot-dir", str(tmp_path / "d")],
    ):
        with pytest.raises(SystemExit) as info:
            main(argv)
        assert info.value.code == 2
        captured = capsys.readouterr()
        assert f"{bad}: curves[0].parameter: 'links[0].lenght_km'" in captured.err
        assert captured.out == ""  # nothing ran, nothing printed
    assert not (tmp_path / "x.png").exists() and not (tmp_path / "d").exists()


def test_closed_form_names_are_the_ones_the_runner_computes() -> None:
    """The static list that curves are checked against covers every key closed_form()
    returns, for every scheme and application."""
    cases = [
        (MY_LINK, {}),
        (MY_LINK, {"links[0].scheme": "two-photon"}),
        (MY_LINK, {"links[0].scheme": "reflection", "links[0].geometry": "node_to_node"}),
        (MY_LINK, {"application.type": "diqkd"}),
        (MY_LINK, {"application.type": "chsh"}),
        (MY_LINK, {"application.type": "none", "links[0].geometry": "node_to_node"}),
        (REPO / "examples" / "experiments" / "yu2020_tpi_22km.toml", {}),
        (REPO / "examples" / "experiments" / "thomas2024_qd_memory.toml", {}),
    ]
    for path, overrides in cases:
        scn = load_scenario(path)
        values = closed_form(scn, overrides)
        app = overrides.get("application.type", scn.doc["application"]["type"])
        assert set(values) <= set(closed_form_quantities(scn.kind, app)), (path, overrides)


def test_published_points_are_checked_when_the_file_is_loaded() -> None:
    pub = "[[published]]\nquantity = 'rate_hz'\nvalue = 1\nerror = 0.1\nsource = 's'\n"
    err = error_of(BASE + pub + "at = { 'links[0].lenght_km' = 3 }\n")
    assert err.key_path == "published[0].at" and "no key 'lenght_km'" in err.reason
    err = error_of(BASE + pub + "at = { 'links[0].length_km' = -3 }\n")
    assert err.key_path == "published[0].at"
    assert "links[0].length_km: -3.0 is invalid" in err.reason


def test_key_path_problem() -> None:
    doc = parse_scenario(BASE).doc
    assert key_path_problem(doc, "links[0].arm_lengths_km") is None
    assert key_path_problem(doc, "run.pairs") is None
    assert key_path_problem(doc, "nodes.A.emitter.alpha") is None
    assert "single value" in str(key_path_problem(doc, "run.pairs.x"))
    assert "malformed" in str(key_path_problem(doc, "links[x]"))


@pytest.mark.parametrize("spelling", ["1e6", "1000000.0", "1_000_000"])
def test_integer_fields_accept_floats_that_are_integers(spelling: str) -> None:
    doc = parse_scenario(BASE + f"[run]\npairs = {spelling}\n").doc
    assert doc["run"]["pairs"] == 1_000_000 and isinstance(doc["run"]["pairs"], int)


def test_integer_fields_still_refuse_fractions() -> None:
    err = error_of(BASE + "[run]\npairs = 1.5\n")
    assert err.key_path == "run.pairs"
    assert err.reason == "1.5 has the wrong type; expected an integer"
    assert error_of(BASE + "[run]\npairs = inf\n").key_path == "run.pairs"


def test_integer_override_on_the_command_line(capsys: pytest.CaptureFixture[str]) -> None:
    base = ["run", str(MY_LINK), "--quick", "--json", "--set", "run.quick_pairs=1e3"]
    assert main(base) == 0
    assert "1000 pairs" in capsys.readouterr().out
    with pytest.raises(SystemExit):
        main(["run", str(MY_LINK), "--set", "run.pairs=1.5"])
    assert "run.pairs: 1.5 has the wrong type; expected an integer" in capsys.readouterr().err


def test_a_file_that_is_not_utf8_is_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    latin = tmp_path / "latin.toml"
    latin.write_bytes(b"# T2 = 500 \xb5s\n" + MY_LINK.read_bytes())
    with pytest.raises(ScenarioError) as info:
        load_scenario(latin)
    assert info.value.source == str(latin)
    assert "UTF-8" in info.value.reason and "offset 11 (line 1)" in info.value.reason
    for argv in (
        ["run", str(latin)],
        ["sweep", str(latin), "--axis", "links[0].length_km=1,2", "--out", str(tmp_path / "o")],
        ["reproduce", str(latin), "--no-plots"],
    ):
        with pytest.raises(SystemExit) as exit_info:
            main(argv)
        assert exit_info.value.code == 2
        err = capsys.readouterr().err
        assert f"{latin}: " in err and "must be saved as UTF-8" in err
        assert "Traceback" not in err


def test_star_pairs_need_two_different_nodes() -> None:
    scn = load_scenario(REPO / "examples" / "experiments" / "liu2024_hefei.toml")
    with pytest.raises(ScenarioError) as info:
        with_overrides(scn, {"star.concurrent": ["A-B", "A-A"]})
    assert info.value.source == scn.source and info.value.key_path == "star.concurrent[1]"
    assert "'A-A' names 'A' twice; a pair needs two different end nodes" in info.value.reason


def test_nested_chains_need_a_power_of_two_links_and_levels_that_fit() -> None:
    text = (REPO / "examples" / "scenarios" / "nested_purified_chain.toml").read_text()
    err = error_of(text.replace("levels = [0]", "levels = [0, 5]"))
    assert err.key_path == "chain.purification.levels[1]" and "0..2" in err.reason
    last = '[[links]]\nnodes = ["R3", "B"]\nlength_km = 25.0\n'
    assert last in text
    err = error_of(text.replace(last, ""))
    assert err.key_path == "links" and "3 links" in err.reason and "power of two" in err.reason
