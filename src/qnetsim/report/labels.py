"""Axis labels and table headings in words with units, from scenario quantity names and key
paths: ``links[0].length_km`` -> ``fibre length (km)``, ``rate_hz_closed_form`` ->
``entangled-pair rate (Hz)``.

Examples:
    >>> parameter_label("links[0].length_km")
    'fibre length (km)'
    >>> quantity_label("rate_hz_closed_form")
    'entangled-pair rate (Hz)'
    >>> quantity_label("noise_rate_b_hz")
    'noise rate b (Hz)'
    >>> method_of("fidelity_closed_form"), method_of("fidelity")
    ('closed form', 'simulated')
"""

from __future__ import annotations

import re

__all__ = ["base_quantity", "method_of", "parameter_label", "quantity_label", "unit_words"]

_CLOSED = "_closed_form"

#: Quantities named in words (their unit in brackets); anything else is spelt from its name.
_WORDS = {
    "rate_hz": "entangled-pair rate (Hz)",
    "fidelity": "delivered fidelity to Φ+",
    "fidelity_at_herald": "fidelity at the herald, before the memory wait",
    "fidelity_at_station": "fidelity at the station",
    "measured_fidelity": "measured fidelity",
    "success_probability": "success probability per attempt",
    "link_efficiency": "link efficiency (rate / pair decoherence rate)",
    "cycle_s": "attempt cycle (s)",
    "duty_fraction": "duty fraction",
    "retrieval_efficiency": "memory retrieval efficiency",
    "chsh_s": "CHSH value S",
    "qber": "quantum bit error rate",
    "key_rate_asymptotic_bits_per_s": "secret key, asymptotic (bits/s)",
    "key_rate_asymptotic_bits_per_event": "secret key, asymptotic (bits per event)",
    "key_rate_finite_bits_per_event": "secret key, finite size (bits per event)",
    "key_rate_bits_per_pair": "secret key (bits per pair)",
    "key_rate_bits_per_s": "secret key (bits/s)",
    "plob_bits_per_s": "PLOB bound (bits/s)",
    "memory_efficiency": "memory efficiency",
    "snr": "signal-to-noise ratio",
    "noise_fraction": "noise fraction",
    "end_to_end_efficiency": "end-to-end efficiency",
    "loss_db": "loss (dB)",
    "time_fraction": "fraction of wall time",
    "herald_wait_s": "herald wait (s)",
}

#: Swept parameters named in words, by the last part of their key path.
_PARAMETERS = {
    "length_km": "fibre length (km)",
    "alpha": "bright-state population α",
    "storage_time_s": "storage time (s)",
    "cutoff_s": "memory cutoff (s)",
    "extra_loss_db": "extra loss (dB)",
    "attenuation_db_per_km": "fibre attenuation (dB/km)",
    "conversion_efficiency": "frequency-conversion efficiency",
}

#: Unit suffixes of names, longest first, and their words.
_UNITS = (
    ("_bits_per_event", "bits per event"),
    ("_bits_per_pair", "bits per pair"),
    ("_bits_per_s", "bits/s"),
    ("_db_per_km", "dB/km"),
    ("_hz", "Hz"),
    ("_km", "km"),
    ("_db", "dB"),
    ("_nm", "nm"),
    ("_s", "s"),
)


def base_quantity(name: str) -> str:
    """The quantity without its method suffix or bracketed element:
    ``loss_db[fibre arm A]`` -> ``loss_db``, ``rate_hz_closed_form`` -> ``rate_hz``."""
    return name.split("[", 1)[0].removesuffix(_CLOSED)


def method_of(name: str) -> str:
    """``"closed form"`` for a ``*_closed_form`` quantity, else ``"simulated"``."""
    return "closed form" if name.split("[", 1)[0].endswith(_CLOSED) else "simulated"


def unit_words(name: str, unit: str = "") -> tuple[str, str]:
    """``(words, unit)`` of a snake-case name whose last part may be a unit."""
    for suffix, words in _UNITS:
        if name.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)].replace("_", " "), words
    return name.replace("_", " "), unit


def _spelt(name: str, unit: str) -> str:
    words, u = unit_words(name, unit)
    return f"{words} ({u})" if u else words


def quantity_label(name: str, unit: str = "") -> str:
    """A scenario quantity in words with its unit (``unit`` when the name carries none)."""
    base = base_quantity(name)
    if base in _WORDS:
        return _WORDS[base]
    for prefix in ("summed_range_km", "loss_db"):
        if base.startswith(prefix + "_"):
            return f"{_spelt(prefix, unit)}, {base.removeprefix(prefix + '_')}"
    return _spelt(base, unit)


def parameter_label(path: str) -> str:
    """A swept key path in words with its unit: the last part of the path, spelt out."""
    last = re.split(r"[.\]]", path)[-1] or path
    return _PARAMETERS.get(last, _spelt(last, ""))
