"""Platform presets: citation completeness, sourced values, registry errors."""

from __future__ import annotations

import pytest

from qnetsim.errors import InvalidParameterError
from qnetsim.hardware import (
    ASSUMPTION_PREFIX,
    PLATFORMS,
    Fibre,
    Platform,
    get_platform,
    platform_names,
)

EXPECTED = {
    "rb_ensemble_ustc", "nv_delft", "siv_harvard", "ca_ion_ustc", "rb_atom_lu2026",
    "qd_rb_vapour_imperial",
}


def test_registry_has_the_six_platforms() -> None:
    assert set(PLATFORMS) == EXPECTED
    assert platform_names() == sorted(EXPECTED)
    for name in EXPECTED:
        assert get_platform(name).name == name


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_every_numeric_parameter_has_a_citation(name: str) -> None:
    p = get_platform(name)
    params = p.numeric_parameters()
    assert len(params) >= 15
    missing = [k for k in params if not p.citation(k).strip()]
    assert missing == [], f"{name}: uncited parameters {missing}"
    for key, reason in p.assumptions().items():
        assert reason.startswith(ASSUMPTION_PREFIX)
        assert len(reason) > len(ASSUMPTION_PREFIX) + 5, f"{name}.{key}: no reasoning"


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_citations_name_only_existing_parameters(name: str) -> None:
    p = get_platform(name)
    params = {k.split("[", 1)[0] for k in p.numeric_parameters()}
    stale = [k for k in p.citations if k not in params]
    assert stale == [], f"{name}: citations for absent parameters {stale}"


def test_sourced_values_match_experiments_reference() -> None:
    nv = get_platform("nv_delft")
    assert (nv.emitter.alpha, nv.emitter.attempt_duration_s, nv.detector.efficiency) == (
        0.25, 10e-6, 0.6,
    )
    assert 0.39 <= nv.fibre_attenuation_db_per_km <= 0.51
    ion = get_platform("ca_ion_ustc")
    assert ion.memory.effective_dephasing_time_s() == 0.55
    assert ion.emitter.phase_coherence == pytest.approx(0.986)
    assert ion.converter is not None and ion.converter.noise_rate_hz == 35.0
    assert 0.026 <= ion.emitter.emission_efficiency <= 0.028
    atom = get_platform("rb_atom_lu2026")
    assert atom.emitter.hom_visibility == 0.991
    assert atom.converter is not None and atom.converter.efficiency == 0.47
    siv = get_platform("siv_harvard")
    assert siv.memory.t2_s == 2.1
    assert siv.communication_memory is not None
    assert siv.communication_memory.t2_s == pytest.approx(78e-6)
    qd = get_platform("qd_rb_vapour_imperial")
    assert qd.memory.retrieval_efficiency(0.0) == pytest.approx(0.129)
    assert qd.memory.retrieval_efficiency(1.1e-9) < 0.129
    rb = get_platform("rb_ensemble_ustc")
    assert rb.fibre_attenuation_db_per_km == 0.3
    assert rb.converter is not None and rb.converter.efficiency == 0.46


def test_platform_fibre_uses_platform_defaults() -> None:
    p = get_platform("rb_atom_lu2026")
    f = p.fibre(100.0)
    assert isinstance(f, Fibre)
    assert f.loss_db == pytest.approx(35.0)
    assert f.wavelength_nm == 1315.0


def test_unknown_platform_lists_valid_names() -> None:
    with pytest.raises(InvalidParameterError) as info:
        get_platform("graphene_repeater")
    message = str(info.value)
    assert info.value.name == "name"
    assert "graphene_repeater" in message
    for name in EXPECTED:
        assert name in message


def test_platform_validates_fibre_fields() -> None:
    base = get_platform("nv_delft")
    with pytest.raises(InvalidParameterError) as info:
        Platform(base.name, base.description, base.scheme, base.emitter, base.memory,
                 base.detector, fibre_attenuation_db_per_km=-0.1, fibre_wavelength_nm=1588.0)
    assert info.value.name == "fibre_attenuation_db_per_km"
