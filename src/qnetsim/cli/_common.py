"""Checks and output helpers shared by the subcommands.

Every check raises :class:`~qnetsim.errors.QnetsimValueError` (usually an
:class:`~qnetsim.errors.InvalidParameterError` naming the command-line flag), which
:func:`qnetsim.cli.main.main` turns into a one-line message and exit status 2. Output paths are
checked before anything is simulated, so a typo in ``--plot`` does not cost the whole run.

Examples:
    >>> to_json({"x": float("inf"), "y": [1.0, float("nan")]}, indent=None)
    '{"x": null, "y": [1.0, null]}'
    >>> check_seed(-1)
    Traceback (most recent call last):
    ...
    qnetsim.errors.InvalidParameterError: --seed = -1 is invalid; valid: an integer >= 0
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

import numpy as np

from qnetsim._json import strict_json_value, to_json
from qnetsim._validate import check_int
from qnetsim.errors import InvalidParameterError, QnetsimValueError
from qnetsim.report.link_report import round_noise

__all__ = [
    "check_figure_path",
    "check_flag_int",
    "check_output_dir",
    "check_output_file",
    "check_scenario_file",
    "check_seed",
    "flag_names",
    "round_noise",
    "strict_json_value",
    "to_json",
]


def check_flag_int(flag: str, value: int, low: int, high: int | None = None) -> int:
    """``value`` if it is an integer in [``low``, ``high``], else an error naming ``flag``."""
    return check_int(flag, value, low, high)


def check_seed(value: int, flag: str = "--seed") -> int:
    """A random seed: a non-negative integer (what :class:`numpy.random.SeedSequence` takes)."""
    if isinstance(value, bool) or not isinstance(value, int | np.integer) or value < 0:
        raise InvalidParameterError(flag, value, "an integer >= 0")
    return int(value)


def _detail(exc: InvalidParameterError) -> str | None:
    base = f"{exc.name} = {exc.value!r} is invalid; valid: {exc.valid}"
    text = str(exc)
    if text.startswith(base) and len(text) > len(base):
        return text[len(base) :].strip().removeprefix("(").removesuffix(")")
    return None


@contextmanager
def flag_names(flags: Mapping[str, str]) -> Iterator[None]:
    """Re-raise an :class:`InvalidParameterError` about an argument the user gave as a flag
    under the flag's name (``length_km`` -> ``--length-km``)."""
    try:
        yield
    except InvalidParameterError as exc:
        flag = flags.get(exc.name)
        if flag is None:
            raise
        raise InvalidParameterError(flag, exc.value, exc.valid, _detail(exc)) from exc


# --- input and output paths -------------------------------------------------------------
def check_scenario_file(path: str) -> str:
    """``path`` if it is a readable file, else a message saying what it is instead."""
    p = Path(path)
    if p.is_dir():
        raise QnetsimValueError(f"{path}: is a directory, not a scenario file (.toml)")
    if not p.exists():
        raise QnetsimValueError(f"{path}: no such file")
    if not p.is_file() or not os.access(p, os.R_OK):
        raise QnetsimValueError(f"{path}: cannot be read (not a readable regular file)")
    return path


def _writable_dir(flag: str, value: str, directory: Path) -> None:
    if not directory.exists():
        raise InvalidParameterError(
            flag, value, "a path in an existing directory", f"{directory} does not exist"
        )
    if not directory.is_dir():
        raise InvalidParameterError(
            flag, value, "a path in an existing directory", f"{directory} is not a directory"
        )
    if not os.access(directory, os.W_OK | os.X_OK):
        raise InvalidParameterError(
            flag, value, "a path in a writable directory", f"{directory} is not writable"
        )


def check_output_file(flag: str, value: str) -> Path:
    """The file ``value`` can be created or appended to: its directory exists (nothing is
    created but the file itself) and is writable, and it is not a directory."""
    p = Path(value)
    if p.is_dir():
        raise InvalidParameterError(flag, value, "a file name", "it is a directory")
    _writable_dir(flag, value, p.parent)
    if p.exists() and not os.access(p, os.W_OK | os.R_OK):
        raise InvalidParameterError(flag, value, "a writable file", "permission denied")
    _try_create(flag, value, p)
    return p


def _try_create(flag: str, value: str, p: Path) -> None:
    """Open ``p`` for appending (creating it, then removing what was created): the only
    test that holds for every file system (``os.access`` says yes to root on ``/proc``, a
    read-only mount or a full disk)."""
    existed = p.exists()
    try:
        with open(p, "ab"):
            pass
    except OSError as exc:
        raise InvalidParameterError(
            flag, value, "a file that can be written", exc.strerror or str(exc)
        ) from None
    if not existed:
        try:
            p.unlink()
        except OSError:
            pass


def figure_formats() -> list[str]:
    """File extensions matplotlib can write."""
    from matplotlib.backend_bases import FigureCanvasBase

    return sorted(FigureCanvasBase.get_supported_filetypes())


def check_figure_path(flag: str, value: str) -> Path:
    """The path a figure will really be written to: ``value``, with ``.png`` appended when it
    has no extension (as matplotlib does), checked like :func:`check_output_file` and for a
    format matplotlib can write."""
    p = Path(value)
    if p.is_dir():
        raise InvalidParameterError(flag, value, "a file name", "it is a directory")
    if not p.suffix or p.suffix == ".":
        p = p.with_name(p.name.rstrip(".") + ".png")
    formats = figure_formats()
    if p.suffix[1:].lower() not in formats:
        raise InvalidParameterError(
            flag,
            value,
            "a file name ending in " + ", ".join(f".{f}" for f in formats),
            f"unsupported figure format {p.suffix!r}",
        )
    return check_output_file(flag, str(p))


def check_output_dir(flag: str, value: str) -> Path:
    """A directory to write into: an existing writable directory, or a new one whose parent
    exists and is writable (only the directory itself is created)."""
    p = Path(value)
    if p.exists():
        if not p.is_dir():
            raise InvalidParameterError(flag, value, "a directory", "it exists and is not one")
        if not os.access(p, os.W_OK | os.X_OK):
            raise InvalidParameterError(flag, value, "a writable directory", f"{p} is not writable")
        return p
    _writable_dir(flag, value, p.parent)
    return p


class Elapsed:
    """A line on stderr with the elapsed time of a long computation that reports no progress
    of its own (a vectorised block of attempts, an uncertainty band): shown after ``delay_s``
    when stderr is a terminal, refreshed every second, removed at the end.

    Examples:
        >>> with Elapsed("computing", enabled=False):
        ...     pass
    """

    def __init__(self, desc: str, enabled: bool, delay_s: float = 2.0) -> None:
        import threading

        self.desc, self.enabled, self.delay_s = desc, enabled, delay_s
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        from tqdm import tqdm

        if self.stop.wait(self.delay_s):
            return
        with tqdm(desc=self.desc, total=None, file=sys.stderr, leave=False,
                  bar_format="{desc}: {elapsed}") as bar:  # fmt: skip
            while not self.stop.wait(1.0):
                bar.refresh()

    def __enter__(self) -> Elapsed:
        if self.enabled:
            self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        if self.thread.is_alive():
            self.thread.join()
