"""Optical fibre: attenuation, transmissivity and propagation delay.

Physics (``shared/reference/physics.md`` section 1; Agrawal, *Fiber-Optic Communication
Systems*, section on fibre losses, ``P_out = P_in 10**(-a L/10)`` with ``a`` in dB/km): a
fibre of length ``L`` with attenuation ``a`` (dB/km) plus lumped losses ``b`` (dB: splices,
connectors, filters) has transmissivity ``eta = 10**(-(a L + b)/10)``; a photon takes
``L / c_f`` to cross it, with group velocity ``c_f ~ 2.0e5 km/s`` (refractive index ~1.5,
about 5 us/km).

Default attenuation per wavelength band (used when ``attenuation_db_per_km`` is ``None``) comes
from :data:`DEFAULT_ATTENUATION_BANDS`, which covers 630-1700 nm without gaps; each row carries
its source. A wavelength outside every band has no default and the caller must give the
attenuation.

Examples:
    >>> f = Fibre(50.0)                 # 1550 nm, default 0.2 dB/km
    >>> f.loss_db
    10.0
    >>> round(f.transmissivity, 3)
    0.1
    >>> f.delay_ps                       # 50 km / 2e5 km/s = 250 us
    250000000
    >>> a, b = f.split()                 # midpoint station: two 25 km arms
    >>> a.length_km, round(a.transmissivity ** 2, 6) == round(f.transmissivity, 6)
    (25.0, True)
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from qnetsim._validate import check_in_range, check_nonnegative, check_positive
from qnetsim.errors import InvalidParameterError
from qnetsim.units import db_to_transmissivity, seconds_to_ps

__all__ = [
    "DEFAULT_ATTENUATION_BANDS",
    "GROUP_VELOCITY_KM_PER_S",
    "AttenuationBand",
    "Fibre",
    "default_attenuation_db_per_km",
]

#: Group velocity of light in standard single-mode fibre (physics.md section 1: ~2.0e5 km/s,
#: i.e. group index ~1.5, about 5 us/km).
GROUP_VELOCITY_KM_PER_S: float = 2.0e5


@dataclass(frozen=True)
class AttenuationBand:
    """A wavelength band with a documented default fibre attenuation.

    Attributes:
        name: band label.
        low_nm: lower edge (inclusive).
        high_nm: upper edge (inclusive).
        attenuation_db_per_km: the default value used in this band.
        source: where the value comes from.
    """

    name: str
    low_nm: float
    high_nm: float
    attenuation_db_per_km: float
    source: str

    def contains(self, wavelength_nm: float) -> bool:
        """Whether ``wavelength_nm`` lies in this band."""
        return self.low_nm <= wavelength_nm <= self.high_nm


def _rayleigh(reference_db_per_km: float, reference_nm: float, wavelength_nm: float) -> float:
    """Rayleigh-scattering scaling ``a(lambda) = a_ref (lambda_ref / lambda)**4`` (rounded to
    two significant figures), used for the short-wavelength bands."""
    return float(f"{reference_db_per_km * (reference_nm / wavelength_nm) ** 4:.2g}")


_SMF28 = (
    "Corning SMF-28 Ultra datasheet (G.652.D): maximum attenuation 0.32 dB/km at 1310 nm, "
    "0.32 at 1383 nm, 0.18 at 1550 nm, 0.20 at 1625 nm"
)

#: Default attenuation per band, contiguous from 630 to 1700 nm (no gaps: neighbouring bands
#: share an edge, the first listed wins there). Bands whose range physics.md section 1 gives
#: keep their value in that range; the others come from the standard single-mode fibre
#: datasheet or from Rayleigh scattering (``~ lambda**-4``) scaled from a stated reference
#: value at a stated wavelength (the band's centre). Deployed fibre with splices measures
#: 0.35-0.5 dB/km (physics.md section 1): give ``attenuation_db_per_km`` or ``extra_loss_db``
#: explicitly for deployed links.
DEFAULT_ATTENUATION_BANDS: tuple[AttenuationBand, ...] = (
    AttenuationBand(
        "NV zero-phonon line (visible red)", 630.0, 645.0, 7.0,
        "physics.md s.1: 637 nm ~6-8 dB/km; midpoint of that range chosen (assumption)",
    ),
    AttenuationBand(
        "red to near infrared", 645.0, 700.0, _rayleigh(7.0, 637.0, 672.5),
        "Rayleigh scattering ~ lambda^-4 scaled from the 637 nm default 7.0 dB/km "
        "(physics.md s.1) to the band centre 672.5 nm",
    ),
    AttenuationBand(
        "near infrared below the Rb lines (SiV 737 nm)", 700.0, 770.0,
        _rayleigh(3.5, 780.0, 735.0),
        "Rayleigh scattering ~ lambda^-4 scaled from the 780 nm default 3.5 dB/km "
        "(physics.md s.1: 780-795 nm ~3-4) to the band centre 735 nm",
    ),
    AttenuationBand(
        "Rb D1/D2 (near infrared)", 770.0, 800.0, 3.5,
        "physics.md s.1: 780-795 nm ~3-4 dB/km; midpoint chosen (assumption)",
    ),
    AttenuationBand(
        "first telecom window (850 nm)", 800.0, 900.0, _rayleigh(3.5, 780.0, 850.0),
        "Rayleigh scattering ~ lambda^-4 scaled from the 780 nm default 3.5 dB/km "
        "(physics.md s.1) to the band centre 850 nm",
    ),
    AttenuationBand(
        "near infrared 900-1000 nm", 900.0, 1000.0, _rayleigh(3.5, 780.0, 950.0),
        "Rayleigh scattering ~ lambda^-4 scaled from the 780 nm default 3.5 dB/km "
        "(physics.md s.1) to the band centre 950 nm (the weak 945 nm OH overtone is not "
        "included)",
    ),
    AttenuationBand(
        "near infrared 1000-1260 nm", 1000.0, 1260.0, _rayleigh(0.32, 1310.0, 1130.0),
        "Rayleigh scattering ~ lambda^-4 scaled from the telecom single-mode fibre value "
        "0.32 dB/km at 1310 nm (" + _SMF28 + ") to the band centre 1130 nm (below 1260 nm "
        "that fibre is no longer single mode; the 1240 nm OH overtone is not included)",
    ),
    AttenuationBand(
        "O-band", 1260.0, 1360.0, 0.33,
        "physics.md s.1: 1310-1350 nm ~0.3-0.35 dB/km; 0.33 is the typical G.652 value at "
        "1310 nm (assumption within that range; Liu 2024 [S] quote 0.3 dB/km at 1342 nm)",
    ),
    AttenuationBand(
        "E-band (water peak at 1383 nm)", 1360.0, 1460.0, 0.32,
        _SMF28 + "; the 1383 nm (low-water-peak) maximum taken for the band; older fibre "
        "without the low-water-peak process loses more near 1383 nm",
    ),
    AttenuationBand(
        "S/C/L-bands", 1460.0, 1625.0, 0.20,
        "physics.md s.1: 1550 nm 0.17-0.20 dB/km; upper end chosen as typical standard "
        "G.652 fibre (ultra-low-loss fibre: pass 0.16-0.17 explicitly); " + _SMF28,
    ),
    AttenuationBand(
        "U-band", 1625.0, 1700.0, 0.25,
        _SMF28 + "; the datasheet stops at 1625 nm, beyond which infrared (multiphonon) "
        "absorption and bend loss rise: 0.25 dB/km assumed for 1625-1700 nm (ITU-T "
        "G.Sup39 U-band)",
    ),
)


def default_attenuation_db_per_km(wavelength_nm: float) -> float:
    """Default fibre attenuation (dB/km) at ``wavelength_nm``, from
    :data:`DEFAULT_ATTENUATION_BANDS`.

    Raises:
        InvalidParameterError: if no band covers the wavelength (the message lists the bands).

    Examples:
        >>> default_attenuation_db_per_km(1342.0)
        0.33
        >>> default_attenuation_db_per_km(2000.0)  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        qnetsim.errors.InvalidParameterError: wavelength_nm = 2000.0 is invalid; ...
    """
    wl = check_positive("wavelength_nm", wavelength_nm)
    for band in DEFAULT_ATTENUATION_BANDS:
        if band.contains(wl):
            return band.attenuation_db_per_km
    bands = ", ".join(f"[{b.low_nm:g}, {b.high_nm:g}]" for b in DEFAULT_ATTENUATION_BANDS)
    raise InvalidParameterError(
        "wavelength_nm",
        wavelength_nm,
        f"a wavelength in a band with a default attenuation: {bands} nm",
        "no default attenuation at this wavelength; pass attenuation_db_per_km explicitly",
    )


@dataclass(frozen=True)
class Fibre:
    """A fibre span.

    Args:
        length_km: length (km), >= 0.
        attenuation_db_per_km: attenuation (dB/km), >= 0; ``None`` takes the band default for
            ``wavelength_nm`` (:func:`default_attenuation_db_per_km`). After construction the
            field always holds the resolved float.
        wavelength_nm: carrier wavelength (nm), > 0.
        extra_loss_db: lumped loss (dB) on top of ``attenuation * length`` (splices,
            connectors, filters), >= 0.
        group_velocity_km_per_s: group velocity (km/s), > 0.

    Raises:
        InvalidParameterError: naming the first invalid field.

    Examples:
        >>> round(Fibre(10.0, wavelength_nm=1342.0).loss_db, 12)   # O-band default 0.33
        3.3
        >>> round(Fibre(1.0).delay_s * 1e6, 6)   # 5 us per km
        5.0
        >>> Fibre(-1.0)
        Traceback (most recent call last):
        ...
        qnetsim.errors.InvalidParameterError: length_km = -1.0 is invalid; valid: [0, inf)
    """

    length_km: float
    attenuation_db_per_km: float | None = None
    wavelength_nm: float = 1550.0
    extra_loss_db: float = 0.0
    group_velocity_km_per_s: float = GROUP_VELOCITY_KM_PER_S

    def __post_init__(self) -> None:
        object.__setattr__(self, "length_km", check_nonnegative("length_km", self.length_km))
        object.__setattr__(
            self, "wavelength_nm", check_positive("wavelength_nm", self.wavelength_nm)
        )
        if self.attenuation_db_per_km is None:
            attenuation = default_attenuation_db_per_km(self.wavelength_nm)
        else:
            attenuation = check_nonnegative("attenuation_db_per_km", self.attenuation_db_per_km)
        object.__setattr__(self, "attenuation_db_per_km", attenuation)
        object.__setattr__(
            self, "extra_loss_db", check_nonnegative("extra_loss_db", self.extra_loss_db)
        )
        object.__setattr__(
            self,
            "group_velocity_km_per_s",
            check_positive("group_velocity_km_per_s", self.group_velocity_km_per_s),
        )

    @property
    def attenuation(self) -> float:
        """The resolved attenuation (dB/km) as a float (never ``None``)."""
        value = self.attenuation_db_per_km
        assert value is not None  # resolved in __post_init__
        return value

    @property
    def loss_db(self) -> float:
        """Total loss ``a L + b`` in dB."""
        return self.attenuation * self.length_km + self.extra_loss_db

    @property
    def transmissivity(self) -> float:
        """Transmissivity ``10**(-loss_db/10)`` in (0, 1]."""
        return db_to_transmissivity(self.loss_db)

    @property
    def delay_s(self) -> float:
        """One-way propagation delay ``L / c_f`` in seconds."""
        return self.length_km / self.group_velocity_km_per_s

    @property
    def delay_ps(self) -> int:
        """One-way propagation delay in whole picoseconds (the event engine's time unit)."""
        return seconds_to_ps(self.delay_s, "delay_s")

    def with_length(self, length_km: float) -> Fibre:
        """A copy with another length; ``extra_loss_db`` is kept unchanged."""
        return replace(self, length_km=length_km)

    def split(self, fraction: float = 0.5) -> tuple[Fibre, Fibre]:
        """Split at ``fraction`` of the length (a midpoint station for ``0.5``).

        The lumped ``extra_loss_db`` is shared in proportion to length (an assumption: splices
        are spread along deployed fibre), so the two arms' losses add to the whole.

        Examples:
            >>> a, b = Fibre(30.0, extra_loss_db=3.0).split(1 / 3)
            >>> round(a.length_km, 9), round(b.length_km, 9), round(a.loss_db + b.loss_db, 9)
            (10.0, 20.0, 9.0)
        """
        x = check_in_range("fraction", fraction, 0.0, 1.0)
        first = replace(
            self, length_km=self.length_km * x, extra_loss_db=self.extra_loss_db * x
        )
        second = replace(
            self,
            length_km=self.length_km * (1.0 - x),
            extra_loss_db=self.extra_loss_db * (1.0 - x),
        )
        return first, second

    def midpoint_arm(self) -> Fibre:
        """One arm of a symmetric midpoint-heralded link (half the length and half the lumped
        loss): its transmissivity is ``sqrt(transmissivity)`` of the whole span."""
        return self.split(0.5)[0]
