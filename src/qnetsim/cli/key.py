"""``qnetsim key``: secret-key rates from measured or simulated statistics, or of a link.

Thin layer over :func:`qnetsim.apps.qkd.key.key_rate`: every protocol (``diqkd``, ``bb84``,
``decoy``), asymptotic and finite size, with the protocol parameters optimised; ``--json``
prints :meth:`~qnetsim.apps.qkd.key.KeyResult.to_dict`. With ``--platform``, the statistics
(``S`` and the QBER for ``diqkd``; the key- and test-basis QBERs of entanglement-based BB84,
BBM92, for ``bb84``) and the event rate come from a link of that platform (closed form) and
the rounds from ``--hours``; ``--plot`` then draws the key versus measurement time and distance
(:mod:`qnetsim.apps.qkd.key_plot`). Bad input is a one-line error naming the flag; statistics
that certify no key print 0 with the reason.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from qnetsim import doc_path
from qnetsim._json import to_json
from qnetsim.errors import InvalidParameterError

__all__ = ["add_parser", "run"]

EXAMPLE = f"""examples:
  qnetsim key diqkd --chsh 2.612 --qber 0.038 --rounds 1.2e6 --json
  qnetsim key diqkd --chsh 2.5758 --qber 0.036 --rounds 4e6 --method df2019 --eps-sound 1e-12
  qnetsim key bb84 --qber 0.02 --rounds 1e7
  qnetsim key decoy --length-km 50 --rounds 1e12 --method finite
  qnetsim key diqkd --platform rb_atom_lu2026 --length-km 11 --hours 624
  qnetsim key diqkd --platform rb_atom_lu2026 --hours 24,624,10000 --plot key.png
  qnetsim key bb84 --platform rb_atom_lu2026 --hours 1,24 --plot bbm92.png   # BBM92 on the link

methods: diqkd renyi (default) | df2019 | nadlinger2022 | eat2018 | asymptotic | random-basis
         | collective (finite size, collective/i.i.d. attacks only, not general attacks);
         bb84 and decoy finite (default) | asymptotic.  Sources: {doc_path("qkd.md")}."""

#: Argument names of the library -> the flags the user typed.
FLAGS = {
    "S": "--chsh",
    "chsh": "--chsh",
    "qber": "--qber",
    "rounds": "--rounds",
    "n_pulses": "--rounds",
    "method": "--method",
    "protocol": "protocol",
    "eps_sound": "--eps-sound",
    "eps_completeness": "--eps-complete",
    "ec_efficiency": "--ec-efficiency",
    "p_z": "--p-z",
    "length_km": "--length-km",
    "rate_hz": "--rate-hz",
    "hours": "--hours",
    "distance_km": "--distances",
    "readout_error": "--readout-error",
    "name": "--platform",
}


@contextmanager
def _flag_names() -> Iterator[None]:
    """Re-raise an error about a library argument under the flag the user typed. (Like
    ``qnetsim.cli._common.flag_names``, which is not used here because importing ``_common``
    pulls in the link and hardware layers and scipy.stats: a second of start-up.)"""
    try:
        yield
    except InvalidParameterError as exc:
        flag = FLAGS.get(exc.name)
        if flag is None:
            raise
        raise InvalidParameterError(flag, exc.value, exc.valid) from exc


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "key",
        help="secret-key rates (DI-QKD, BB84, decoy BB84) from statistics or a link, finite size",
        description="Finite-size and asymptotic key rates from measured or simulated "
        "statistics, with the free protocol parameters optimised.",
        epilog=EXAMPLE,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("protocol", help="diqkd, bb84 or decoy")
    p.add_argument("--method", default=None, help="bound to use (default: the protocol's first)")
    p.add_argument("--chsh", type=float, default=None, help="CHSH value S (diqkd)")
    p.add_argument("--qber", type=float, default=None, help="key-round error rate (diqkd, bb84)")
    p.add_argument(
        "--rounds",
        type=float,
        default=None,
        help="events (diqkd), sifted signals (bb84) or pulses sent (decoy), >= 1",
    )
    p.add_argument(
        "--eps-sound",
        type=float,
        default=1e-10,
        help="total soundness (security) parameter in (0, 1) (default 1e-10)",
    )
    p.add_argument(
        "--eps-complete",
        type=float,
        default=1e-2,
        help="honest-abort probability in (0, 1) (diqkd, bb84 --platform; default 1e-2)",
    )
    p.add_argument(
        "--ec-efficiency",
        type=float,
        default=None,
        help="error-correction leakage / Shannon limit, >= 1 (diqkd 1.0, bb84 1.1)",
    )
    p.add_argument(
        "--no-preprocessing",
        action="store_true",
        help="diqkd: no noisy preprocessing (Alice's bit flip)",
    )
    p.add_argument("--p-z", type=float, default=None,
                   help="bb84 key-basis probability (default 0.9; optimised with --platform)")
    p.add_argument("--length-km", type=float, default=None, help="decoy: fibre length")
    p.add_argument(
        "--rate-hz",
        type=float,
        default=None,
        help="rounds per second: also print the key in bits per second",
    )
    p.add_argument(
        "--platform",
        default=None,
        help="diqkd, or bb84 as BBM92, from a link of this platform (instead of --chsh/--qber)",
    )
    p.add_argument(
        "--hours",
        default=None,
        help="with --platform: measurement time(s) in hours, comma-separated",
    )
    p.add_argument(
        "--readout-error",
        type=float,
        default=0.0,
        help="with --platform: measurement error per party (default 0)",
    )
    p.add_argument(
        "--plot",
        default=None,
        help="with --platform: figure of the key vs time and distance (PNG, PDF...)",
    )
    p.add_argument(
        "--distances",
        default="1:100:50",
        help="with --plot: START:STOP:COUNT in km (default 1:100:50)",
    )
    p.add_argument("--json", action="store_true", help="print the result as JSON")
    p.set_defaults(func=run)


def _floats(flag: str, text: str, sep: str) -> list[float]:
    try:
        values = [float(x) for x in text.split(sep)]
    except ValueError as exc:
        raise InvalidParameterError(flag, text, f"numbers separated by {sep!r}") from exc
    if not values or any(not v > 0 for v in values):
        raise InvalidParameterError(flag, text, "positive numbers")
    return values


def _from_platform(args: argparse.Namespace) -> int:
    """``--platform``: statistics of a link, key after ``--hours``, optionally the figure."""
    import numpy as np

    from qnetsim.apps.qkd.key_plot import (
        bbm92_key_versus_time_and_distance,
        key_versus_time_and_distance,
        link_bbm92_statistics,
        link_diqkd_statistics,
        plot_key_versus_time_and_distance,
    )
    from qnetsim.hardware import get_platform
    from qnetsim.link.design import Link

    if args.protocol not in ("diqkd", "bb84"):
        raise InvalidParameterError(
            "--platform", args.platform, "only with protocol diqkd or bb84 (BBM92 on the link)"
        )
    bbm92 = args.protocol == "bb84"
    if bbm92 and args.method not in (None, "finite"):
        raise InvalidParameterError(
            "--method", args.method, "finite (Tomamichel et al. 2012) with bb84 --platform"
        )
    if bbm92 and args.p_z is not None:
        raise InvalidParameterError(
            "--p-z", args.p_z, "not given with bb84 --platform (the basis bias is optimised)"
        )
    if args.chsh is not None or args.qber is not None or args.rounds is not None:
        raise InvalidParameterError(
            "--platform",
            args.platform,
            "without --chsh, --qber and --rounds (they come from the link and --hours)",
        )
    if args.hours is None:
        raise InvalidParameterError("--hours", None, "measurement time(s) in hours")
    hours = _floats("--hours", args.hours, ",")
    from qnetsim._validate import check_in_range

    for h in hours:  # a formula, not a simulation: up to ~100 years of measurement
        check_in_range("--hours", h, 0.0, 1e6, low_open=True)
    if args.length_km is not None:
        check_in_range("--length-km", args.length_km, 0.0, 1e5)
    if args.readout_error is not None:
        check_in_range("--readout-error", args.readout_error, 0.0, 0.5)
    plot_path = None
    if args.plot:
        from qnetsim.cli._common import check_figure_path

        plot_path = check_figure_path("--plot", args.plot)
    with _flag_names():
        link = Link(get_platform(args.platform), 1.0 if args.length_km is None else args.length_km)
        if plot_path is not None:
            start, stop, count = _floats("--distances", args.distances, ":")
            if count < 2 or stop <= start:
                raise InvalidParameterError(
                    "--distances", args.distances, "START:STOP:COUNT with STOP > START, COUNT >= 2"
                )
            d = np.linspace(start, stop, int(count))
        else:
            d = np.array([link.length_km])
        readout = 0.0 if args.readout_error is None else args.readout_error
        if bbm92:
            rate, q, q_test, uses, eta = link_bbm92_statistics(link, d, readout_error=readout)
            f_ec = 1.1 if args.ec_efficiency is None else args.ec_efficiency
            curves = bbm92_key_versus_time_and_distance(
                d, rate, q, q_test, hours, eps_sound=args.eps_sound,
                eps_completeness=args.eps_complete, ec_efficiency=f_ec,
                channel_uses_per_s=uses, eta=eta,
            )  # fmt: skip
        else:
            rate, s, q, uses, eta = link_diqkd_statistics(link, d, readout_error=readout)
            curves = key_versus_time_and_distance(
                d, rate, s, q, hours, method=args.method or "renyi", eps_sound=args.eps_sound,
                channel_uses_per_s=uses, eta=eta,
            )  # fmt: skip
    rows: list[dict[str, Any]] = []
    for j in range(d.size):
        finite = {f"{h:g} h": float(curves.finite_bits_per_s[i, j]) for i, h in enumerate(hours)}
        stats = ({"qber_key": float(q[j]), "qber_test": float(q_test[j])} if bbm92 else
                 {"chsh": float(s[j]), "qber": float(q[j])})
        rows.append({
            "distance_km": float(d[j]), "event_rate_hz": float(rate[j]), **stats,
            "finite_bits_per_s": finite,
            "asymptotic_bits_per_s": float(curves.asymptotic_bits_per_s[j]),
            "plob_bits_per_s": float(curves.plob_bits_per_s[j]),
        })  # fmt: skip
    label = "BBM92" if bbm92 else "DI-QKD"
    if plot_path is not None:
        fig = plot_key_versus_time_and_distance(curves, title=f"{label}, {args.platform}")
        fig.savefig(plot_path)
    out = {
        "platform": args.platform,
        "protocol": "bbm92" if bbm92 else "diqkd",
        "method": curves.method,
        "eps_sound": args.eps_sound,
        "rows": rows,
        "figure": None if plot_path is None else str(plot_path),
    }
    if args.json:
        sys.stdout.write(to_json(out) + "\n")
        return 0
    lines = [f"{label} key of a {args.platform} link, method {curves.method}"]
    for row in rows:
        keys = ", ".join(f"{k}: {v:.4g}" for k, v in row["finite_bits_per_s"].items())
        stat = (f"QBER key/test = {row['qber_key']:.4f}/{row['qber_test']:.4f}" if bbm92 else
                f"S = {row['chsh']:.4f}, QBER = {row['qber']:.4f}")
        lines.append(
            f"  {row['distance_km']:g} km: {stat}, {row['event_rate_hz']:.4g} events/s; key bit/s "
            f"{keys}; asymptotic {row['asymptotic_bits_per_s']:.4g}; PLOB "
            f"{row['plob_bits_per_s']:.4g}"
        )
    if plot_path is not None:
        lines.append(f"  figure: {plot_path}")
    sys.stdout.write("\n".join(lines) + "\n")
    return 0


def run(args: argparse.Namespace) -> int:
    from qnetsim._validate import check_positive
    from qnetsim.apps.qkd.key import key_rate

    if args.platform is not None:
        return _from_platform(args)
    if args.plot is not None or args.hours is not None:
        raise InvalidParameterError(
            "--plot" if args.plot else "--hours", args.plot or args.hours, "only with --platform"
        )
    if args.rounds is None:
        raise InvalidParameterError("--rounds", None, "a number >= 1 (or --platform)")
    with _flag_names():
        rate_hz = None if args.rate_hz is None else check_positive("rate_hz", args.rate_hz)
        res = key_rate(
            args.protocol, method=args.method, rounds=args.rounds, chsh=args.chsh,
            qber=args.qber, eps_sound=args.eps_sound, eps_completeness=args.eps_complete,
            ec_efficiency=args.ec_efficiency, preprocessing=not args.no_preprocessing,
            p_z=0.9 if args.p_z is None else args.p_z, length_km=args.length_km,
        )  # fmt: skip
    out: dict[str, Any] = res.to_dict()
    if rate_hz is not None:
        out["key_bits_per_s"] = res.per_second(rate_hz)
    if args.json:
        sys.stdout.write(to_json(out) + "\n")
        return 0
    lines = [
        f"{res.protocol} key, method {res.method}",
        f"  key per {res.round_unit}: {res.key_bits_per_round:.6g} bits"
        f"  (asymptotic {res.asymptotic_bits_per_round:.6g})",
        f"  key length: {res.key_length_bits:.6g} bits from {res.n_rounds:.6g} rounds",
    ]
    if rate_hz is not None:
        lines.append(f"  key rate: {out['key_bits_per_s']:.6g} bit/s at {rate_hz:g} rounds/s")
    if res.reason:
        lines.append(f"  no key: {res.reason}")
    if res.parameters:
        lines.append(
            "  parameters: " + ", ".join(f"{k} = {v:.6g}" for k, v in res.parameters.items())
        )
    if res.security:
        lines.append("  security: " + ", ".join(f"{k} = {v:.3g}" for k, v in res.security.items()))
    lines.append(f"  assumptions: {res.assumptions}")
    sys.stdout.write("\n".join(lines) + "\n")
    return 0
