"""The batched closed form of a link (qnetsim.link.batch) gives, draw by draw, the numbers of
the single-link closed form: every preset, its scheme and the other three, both geometries,
storage transfer, and draws over every assumed input of the preset's plausible ranges."""

from __future__ import annotations

import numpy as np
import pytest

from qnetsim.errors import InvalidParameterError
from qnetsim.hardware import PLATFORMS, get_platform
from qnetsim.hardware.batch import stack_platforms
from qnetsim.link import Link
from qnetsim.link.batch import link_batch
from qnetsim.network.uncertainty import _with, platform_ranges

RTOL = 1e-9  # the same arithmetic on arrays; only summation order may differ


def _makes_links(name: str) -> bool:
    try:
        Link(get_platform(name), 1.0)
    except InvalidParameterError:
        return False  # a memory-only preset (scheme "storage"): no heralded link of its own
    return True


LINK_PRESETS = sorted(n for n in PLATFORMS if _makes_links(n))


def _draws(name: str, n: int, seed: int = 0) -> list:
    p = get_platform(name)
    rng = np.random.default_rng(seed)
    ranges = platform_ranges(p)
    return [
        _with(p, {k: float(rng.uniform(lo, hi)) for k, (lo, hi) in ranges.items()})
        for _ in range(n)
    ]


def _check(links: list[Link], batched: Link) -> None:
    out = link_batch(batched)
    single_p = [x.success_probability for x in links]
    np.testing.assert_allclose(out.success_probability, single_p, rtol=RTOL)
    np.testing.assert_allclose(out.rate_hz, [x.rate_hz for x in links], rtol=RTOL)
    np.testing.assert_allclose(
        out.attempt_fidelity, [x.attempt.fidelity for x in links], rtol=RTOL, atol=1e-12
    )
    np.testing.assert_allclose(
        out.fidelity, [x.delivered_state.fidelity for x in links], rtol=RTOL, atol=1e-12
    )
    np.testing.assert_allclose(
        out.delivered.false_herald_fraction,
        [x.attempt.false_herald_fraction for x in links],
        rtol=RTOL,
        atol=1e-12,
    )


@pytest.mark.parametrize("name", LINK_PRESETS)
@pytest.mark.parametrize("length_km", [0.0, 3.0, 40.0])
def test_every_preset_draw_by_draw(name: str, length_km: float) -> None:
    draws = _draws(name, 7)
    _check([Link(p, length_km) for p in draws], Link(stack_platforms(draws), length_km))


@pytest.mark.parametrize("name", LINK_PRESETS)
@pytest.mark.parametrize("scheme", ["single-click", "two-photon", "dlcz", "reflection"])
def test_every_scheme(name: str, scheme: str) -> None:
    draws = _draws(name, 5, seed=1)
    try:
        singles = [Link(p, 12.0, scheme=scheme, alpha=0.1) for p in draws]
    except InvalidParameterError as exc:  # the single link refuses it: so must the batch
        with pytest.raises(InvalidParameterError, match=exc.args[0].split(" ")[0]):
            link_batch(Link(stack_platforms(draws), 12.0, scheme=scheme, alpha=0.1))
        return
    _check(singles, Link(stack_platforms(draws), 12.0, scheme=scheme, alpha=0.1))


@pytest.mark.parametrize("name", ["nv_delft", "siv_harvard", "rb_atom_lu2026"])
def test_geometry_and_storage(name: str) -> None:
    draws = _draws(name, 5, seed=2)
    for kwargs in (
        {"geometry": "node_to_node"},
        {"arm_lengths_km": (3.0, 17.0)},
        {"classical_length_km": 0.1},
    ):
        try:
            singles = [Link(p, 20.0, **kwargs) for p in draws]
        except InvalidParameterError:  # (reflection is node to node: no arm lengths)
            with pytest.raises(InvalidParameterError):
                Link(stack_platforms(draws), 20.0, **kwargs)
            continue
        _check(singles, Link(stack_platforms(draws), 20.0, **kwargs))
    if get_platform(name).communication_memory is not None:
        singles = [Link(p, 20.0, store_in_memory=True) for p in draws]
        _check(singles, Link(stack_platforms(draws), 20.0, store_in_memory=True))


def test_unlike_nodes() -> None:
    a, b = _draws("nv_delft", 4, seed=3), _draws("nv_delft", 4, seed=4)
    singles = [Link(x, 8.0, node_b=y) for x, y in zip(a, b, strict=True)]
    _check(singles, Link(stack_platforms(a), 8.0, node_b=stack_platforms(b)))


def test_a_batch_of_one_is_the_link() -> None:
    link = Link(get_platform("nv_delft"), 25.0)
    out = link_batch(link)
    assert out.fidelity.shape == (1,)
    assert out.fidelity[0] == pytest.approx(link.delivered_state.fidelity, rel=1e-12)
    assert out.rate_hz[0] == pytest.approx(link.rate_hz, rel=1e-12)


def test_a_stacked_link_refuses_single_state_engines() -> None:
    s = stack_platforms(_draws("nv_delft", 3))
    with pytest.raises(InvalidParameterError, match="batch of draws"):
        _ = Link(s, 5.0).attempt
    with pytest.raises(InvalidParameterError, match="link"):
        link_batch("nv_delft")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "field",
    [
        "timing.duty_cycle",  # reaches only the rate
        "emitter.spin_photon_depolarising",  # only the emission noise
        "memory.single_qubit_gate_fidelity",
        "memory.t2_s",  # only the memory noise
        "memory.two_qubit_gate_fidelity",  # reaches no output of a single-click link
    ],
)
@pytest.mark.parametrize("n", [3, 4])
def test_one_input_that_misses_the_scheme(field: str, n: int) -> None:
    """Draws that vary one input the scheme never sees still give n values (review finding:
    the batch size came from the scheme's output); n = 4 also checks that a (4,) Pauli
    vector never broadcasts against the draws."""
    p = get_platform("nv_delft")
    lo, hi = platform_ranges(p)[field]
    draws = [_with(p, {field: float(x)}) for x in np.linspace(lo, hi, n)]
    _check([Link(q, 10.0) for q in draws], Link(stack_platforms(draws), 10.0))
    out = link_batch(Link(stack_platforms(draws), 10.0))
    assert out.rate_hz.shape == out.fidelity.shape == out.success_probability.shape == (n,)


def test_the_engines_refuse_a_batch() -> None:
    """A stacked link is for link_batch only: evaluate() names the error for every engine."""
    from qnetsim.network import evaluate

    link = Link(stack_platforms(_draws("nv_delft", 3)), 5.0)
    for method in (None, "exact", "montecarlo", "events"):
        with pytest.raises(InvalidParameterError, match="batch of draws"):
            evaluate(link, method)


def test_batch_forms_take_the_single_attempt_arguments() -> None:
    """Each *_batch function takes its scheme's arguments (bound as a call of the scheme
    would bind them), each a number or an array, and gives the scheme's numbers."""
    from qnetsim.link.dlcz import dlcz, dlcz_batch
    from qnetsim.link.reflection import reflection, reflection_batch
    from qnetsim.link.single_click import single_click, single_click_batch
    from qnetsim.link.two_photon import two_photon, two_photon_batch

    etas = np.array([0.01, 0.05])
    cases = [
        (single_click, single_click_batch, (0.1,), {"p_dc": 1e-5, "alpha_b": 0.2}),
        (dlcz, dlcz_batch, (0.02,), {"p_dc": 1e-5, "visibility": 0.9}),
        (two_photon, two_photon_batch, (), {"p_dc": 1e-5, "excitation_probability_a": 0.05}),
        (reflection, reflection_batch, (), {"gate_fidelity_a": 0.9, "p_dc": 1e-5}),
    ]
    for single, batch, args, kwargs in cases:
        out = batch(*args, etas, **kwargs)
        for i, eta in enumerate(etas):
            h = single(*args, float(eta), **kwargs)
            assert out.success_probability[i] == pytest.approx(h.success_probability, rel=1e-12)
            assert out.fidelity[i] == pytest.approx(h.fidelity, rel=1e-12)
        with pytest.raises(TypeError):
            batch(*args, etas, no_such_argument=1.0)
    with pytest.raises(InvalidParameterError, match=r"eta \(entry\)"):
        single_click_batch(0.1, np.array([0.1, 1.5]))
    with pytest.raises(InvalidParameterError, match="no herald is possible"):
        reflection(0.0, p_dc=0.0)
    with pytest.raises(InvalidParameterError, match="no herald is possible"):
        reflection_batch(np.array([0.0, 0.1]), p_dc=0.0)
