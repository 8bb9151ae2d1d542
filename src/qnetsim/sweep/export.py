"""A results store as a table: :func:`to_frame` (pandas) and :func:`export` (CSV, Parquet,
JSON lines).

One row per task: ``task_key``, ``status``, the swept key paths as asked (one column each),
every quantity's value (``rate_hz``) and one-sigma error (``rate_hz_err``), then the seed
(``seed``, ``seed_entropy``), ``quick``, ``qnetsim_version``, the timestamps, the worker and
the error of a failed point. Units are in ``frame.attrs["units"]`` (quantity -> unit).
Older JSON-lines results files read the same way (with the columns they have).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from qnetsim._json import strict_json_value
from qnetsim.errors import InvalidParameterError, QnetsimValueError
from qnetsim.sweep.legacy import is_jsonl_results, read_jsonl
from qnetsim.sweep.store import ResultStore

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["FORMATS", "STATUSES", "export", "to_frame"]

#: Export formats, by name and file extension.
FORMATS = {"csv": ".csv", "parquet": ".parquet", "jsonl": ".jsonl"}
STATUSES = ("done", "failed", "pending", "all")


def _records(path: Path) -> list[dict[str, Any]]:
    if is_jsonl_results(path):
        return [
            {
                "task_key": r["key"],
                "status": "done",
                "overrides": r["overrides"],
                "results": r["quantities"],
            }
            for r in read_jsonl(path).rows
        ]
    with ResultStore.open(path, None, create=False, repair=False) as store:
        out = []
        for r in store.rows():
            rec = dict(vars(r))
            rec["seed_entropy"] = json.dumps(r.seed_entropy)
            out.append(rec)
        return out


def to_frame(path: str | Path, status: str = "all") -> pd.DataFrame:
    """The store at ``path`` (or a JSON-lines results file) as a :class:`pandas.DataFrame`,
    the rows of one ``status`` or all.

    Raises:
        StoreError: ``path`` is not a results store or is damaged.
        InvalidParameterError: an unknown ``status``.
    """
    import pandas as pd

    if status not in STATUSES:
        raise InvalidParameterError("--status", status, "one of " + ", ".join(STATUSES))
    rows = []
    units: dict[str, str] = {}
    paths: list[str] = []
    for rec in _records(Path(path)):
        if status != "all" and rec["status"] != status:
            continue
        row: dict[str, Any] = {"task_key": rec["task_key"], "status": rec["status"]}
        for k, v in rec["overrides"].items():
            if k not in paths:
                paths.append(k)
            row[k] = v
        for name, e in (rec.get("results") or {}).items():
            row[name] = strict_json_value(e.get("value"))
            row[f"{name}_err"] = strict_json_value(e.get("err"))
            units.setdefault(name, e.get("unit", ""))
        for k in (
            "seed",
            "seed_entropy",
            "quick",
            "qnetsim_version",
            "created_at",
            "started_at",
            "finished_at",
            "duration_s",
            "worker",
            "error",
        ):
            if k in rec:
                row[k] = rec[k]
        rows.append(row)
    frame = pd.DataFrame(rows)
    frame.attrs["units"] = units
    frame.attrs["axes"] = paths
    return frame


def _is_sqlite(p: Path) -> bool:
    with p.open("rb") as fh:
        return fh.read(16) == b"SQLite format 3\x00"


def export(path: str | Path, out: str | Path, fmt: str | None = None, status: str = "all") -> int:
    """Write the store at ``path`` to ``out`` as CSV, Parquet or JSON lines (``fmt``, or
    from the extension of ``out``); return the number of rows.

    Raises:
        InvalidParameterError: an unknown format.
        QnetsimValueError: Parquet without ``pyarrow`` installed.
    """
    target = Path(out)
    name = fmt or next((f for f, ext in FORMATS.items() if target.suffix == ext), None)
    if name not in FORMATS:
        raise InvalidParameterError(
            "--format",
            fmt or target.suffix,
            "one of " + ", ".join(FORMATS),
            "give --format or an --out file ending in " + ", ".join(FORMATS.values()),
        )
    src = Path(path)
    if target.exists() and (target.resolve() == src.resolve() or _is_sqlite(target)):
        raise InvalidParameterError(
            "--out", str(out), "a new file or an earlier export", "it is a results store"
        )
    frame = to_frame(src, status)
    if name == "csv":
        frame.to_csv(target, index=False)
    elif name == "jsonl":
        frame.to_json(target, orient="records", lines=True)
    else:
        try:
            frame.to_parquet(target, index=False)
        except ImportError as exc:
            raise QnetsimValueError(
                f"--format parquet needs pyarrow (pip install pyarrow): {exc}"
            ) from None
    return len(frame)
