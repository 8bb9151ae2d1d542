"""The results store of a sweep: one SQLite file, one row per task.

Each row holds the task hash, the scenario hash, the point's overrides (as asked and in
canonical form), the quick flag, the seed (``run.seed`` and the entropy of the point's
``SeedSequence``), the qnetsim version, timestamps (UTC, ISO 8601), the status (``pending``,
``done``, ``failed``), the worker, an error message and the results (JSON: name -> value,
err, unit, method). SQLite runs in write-ahead-log mode and every change is one transaction,
so a kill at any moment loses at most the points in flight and never what is stored (a
torn write-ahead log is discarded by SQLite's checksums; ``synchronous = NORMAL``: a power
cut may lose the last commits, never corrupt the file).

Opening a store checks that it is one (:class:`StoreError` otherwise, naming the file and
what it is instead): another program's SQLite file, a TOML or text file, a damaged file, a
newer format, or the store of another scenario are refused, never overwritten. Rows that do
not read back (a row edited by hand, results that are not JSON) and points that were in
flight when a sweep was killed are repaired on opening for a sweep: they become ``pending``
and run again.

Examples:
    >>> import tempfile, os
    >>> with tempfile.TemporaryDirectory() as d:
    ...     store = ResultStore.open(os.path.join(d, "r.sqlite"), "abc", scenario_name="x")
    ...     store.counts()
    {'pending': 0, 'done': 0, 'failed': 0}
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from qnetsim import __version__
from qnetsim._json import to_json
from qnetsim.errors import QnetsimValueError

__all__ = ["FORMAT", "SCHEMA_VERSION", "ResultStore", "StoreError", "StoredRow", "utc_now"]

FORMAT = "qnetsim-sweep-store"
SCHEMA_VERSION = 1
_SQLITE_MAGIC = b"SQLite format 3\x00"
_STATUSES = ("pending", "done", "failed")

_SCHEMA = """
CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE tasks (
    task_key TEXT PRIMARY KEY,
    position INTEGER NOT NULL,
    scenario_hash TEXT NOT NULL,
    overrides TEXT NOT NULL,
    canonical TEXT NOT NULL,
    quick INTEGER NOT NULL,
    seed INTEGER NOT NULL,
    seed_entropy TEXT NOT NULL,
    qnetsim_version TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('pending', 'done', 'failed')),
    created_at TEXT NOT NULL,
    started_at TEXT,
    finished_at TEXT,
    duration_s REAL,
    worker TEXT,
    error TEXT,
    results TEXT
);
"""
_COLUMNS = (
    "task_key",
    "position",
    "scenario_hash",
    "overrides",
    "canonical",
    "quick",
    "seed",
    "seed_entropy",
    "qnetsim_version",
    "status",
    "created_at",
    "started_at",
    "finished_at",
    "duration_s",
    "worker",
    "error",
    "results",
)


class StoreError(QnetsimValueError):
    """A results store that cannot be used: names the file, what is wrong and what to do."""

    def __init__(self, path: str | Path, reason: str) -> None:
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{path}: {reason}")


def utc_now() -> str:
    """The time now, UTC, ISO 8601 with microseconds."""
    return datetime.now(UTC).isoformat(timespec="microseconds")


@dataclass(frozen=True)
class StoredRow:
    """One row of the store, read back (JSON columns decoded)."""

    task_key: str
    position: int
    scenario_hash: str
    overrides: dict[str, Any]
    canonical: dict[str, Any]
    quick: bool
    seed: int
    seed_entropy: list[int]
    qnetsim_version: str
    status: str
    created_at: str
    started_at: str | None
    finished_at: str | None
    duration_s: float | None
    worker: str | None
    error: str | None
    results: dict[str, dict[str, Any]] | None


def _what_is(path: Path, head: bytes) -> str:
    text = head.decode("utf-8", "replace").lstrip()
    if text.startswith("{"):
        return "a JSON or JSON-lines file"
    if text.startswith(("[", "#")) or "=" in text.split("\n", 1)[0]:
        return "a text file that looks like TOML"
    return "not an SQLite file"


class ResultStore:
    """An open results store (use :meth:`open`); close it with :meth:`close` or ``with``."""

    def __init__(self, path: Path, conn: sqlite3.Connection, meta: dict[str, str]) -> None:
        self.path = path
        self.conn = conn
        self.meta = meta
        #: rows repaired when the store was opened (``pending`` again; see the module doc)
        self.repaired: list[str] = []

    # --- opening -----------------------------------------------------------------------
    @classmethod
    def open(
        cls,
        path: str | Path,
        scenario_hash: str | None,
        *,
        scenario_name: str = "",
        create: bool = True,
        repair: bool = True,
    ) -> ResultStore:
        """Open (or create) the store at ``path``.

        Args:
            scenario_hash: the sweep's scenario hash; a store of another scenario is refused.
                ``None``: any store (reading, exporting).
            create: make a new store if ``path`` does not exist (else an error).
            repair: make unreadable rows and rows in flight ``pending`` (opening for a sweep).

        Raises:
            StoreError: ``path`` is not a store, is damaged or belongs to another scenario.
        """
        p = Path(path)
        if p.is_dir():
            raise StoreError(p, "is a directory, not a results store")
        exists = p.exists() and p.stat().st_size > 0
        if not exists and not create:
            raise StoreError(p, "no such results store")
        if exists:
            with p.open("rb") as fh:
                head = fh.read(4096)
            if not head.startswith(_SQLITE_MAGIC):
                raise StoreError(
                    p,
                    f"not a qnetsim results store ({_what_is(p, head)}); refusing to write to "
                    "it: give a new file name",
                )
        try:
            conn = sqlite3.connect(str(p), isolation_level=None, timeout=30.0)
        except sqlite3.Error as exc:
            raise StoreError(p, f"cannot be opened as SQLite: {exc}") from None
        try:
            store = cls._checked(p, conn, exists, scenario_hash, scenario_name, repair)
        except sqlite3.DatabaseError as exc:
            conn.close()
            raise StoreError(
                p,
                f"damaged SQLite file ({exc}); it was not modified: move it away or use "
                "another file name",
            ) from None
        except BaseException:
            conn.close()
            raise
        return store

    @classmethod
    def _checked(
        cls,
        p: Path,
        conn: sqlite3.Connection,
        exists: bool,
        scenario_hash: str | None,
        scenario_name: str,
        repair: bool,
    ) -> ResultStore:
        if exists:
            check = conn.execute("PRAGMA quick_check").fetchall()
            if check != [("ok",)]:
                problems = "; ".join(str(r[0]) for r in check[:3])
                raise StoreError(p, f"damaged SQLite file ({problems}); it was not modified")
            tables = {
                r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")
            }
            if not {"meta", "tasks"} <= tables:
                raise StoreError(
                    p,
                    "an SQLite database that is not a qnetsim results store (tables: "
                    + (", ".join(sorted(tables)) or "none")
                    + "); refusing to write to it",
                )
            meta = dict(conn.execute("SELECT name, value FROM meta").fetchall())
            if meta.get("format") != FORMAT:
                raise StoreError(p, "an SQLite database that is not a qnetsim results store")
            version = meta.get("schema_version", "")
            if version != str(SCHEMA_VERSION):
                raise StoreError(
                    p,
                    f"store format {version!r}; this qnetsim ({__version__}) reads format "
                    f"{SCHEMA_VERSION}",
                )
            columns = tuple(r[1] for r in conn.execute("PRAGMA table_info(tasks)"))
            if columns != _COLUMNS:
                raise StoreError(p, "the tasks table does not have the columns of a store")
            if scenario_hash is not None and meta.get("scenario_hash") != scenario_hash:
                raise StoreError(
                    p,
                    f"holds the results of another sweep (scenario {meta.get('scenario_name')!r}"
                    f", hash {meta.get('scenario_hash')}; this one: {scenario_hash}); refusing "
                    "to mix them: give a new file name",
                )
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
        if not exists:
            if scenario_hash is None:
                raise StoreError(p, "no such results store")
            meta = {
                "format": FORMAT,
                "schema_version": str(SCHEMA_VERSION),
                "scenario_hash": scenario_hash,
                "scenario_name": scenario_name,
                "created_at": utc_now(),
                "created_by": f"qnetsim {__version__}",
            }
            with _transaction(conn):  # tables and meta at once: a kill leaves both or neither
                for statement in _SCHEMA.split(";"):
                    if statement.strip():
                        conn.execute(statement)
                conn.executemany("INSERT INTO meta VALUES (?, ?)", sorted(meta.items()))
        store = cls(p, conn, meta)
        if repair:
            store._repair()
        return store

    def _repair(self) -> None:
        bad: list[tuple[str, str]] = []
        for key, status, overrides, canonical, entropy, results in self.conn.execute(
            "SELECT task_key, status, overrides, canonical, seed_entropy, results FROM tasks"
        ):
            try:
                for text in (overrides, canonical, entropy):
                    json.loads(text)
                if status == "done" and not isinstance(json.loads(results), dict):
                    raise ValueError("results are not a table")
            except (TypeError, ValueError) as exc:
                bad.append((key, f"unreadable row ({exc.__class__.__name__}); run again"))
        with _transaction(self.conn):
            for key, why in bad:
                self.conn.execute(
                    "UPDATE tasks SET status='pending', results=NULL, error=? WHERE task_key=?",
                    (why, key),
                )
        self.repaired = [k for k, _ in bad]

    # --- writing -----------------------------------------------------------------------
    def add_pending(self, rows: Iterable[Mapping[str, Any]]) -> None:
        """Record tasks to run (a task already stored keeps its row)."""
        now = utc_now()
        start = self.conn.execute("SELECT COALESCE(MAX(position) + 1, 0) FROM tasks").fetchone()[0]
        with _transaction(self.conn):
            for i, r in enumerate(rows):
                self.conn.execute(
                    "INSERT OR IGNORE INTO tasks (task_key, position, scenario_hash, overrides, "
                    "canonical, quick, seed, seed_entropy, qnetsim_version, status, created_at) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?)",
                    (
                        r["task_key"],
                        start + i,
                        self.meta["scenario_hash"],
                        to_json(r["overrides"], indent=None),
                        to_json(r["canonical"], indent=None),
                        int(bool(r["quick"])),
                        int(r["seed"]),
                        to_json(list(r["seed_entropy"]), indent=None),
                        __version__,
                        now,
                    ),
                )

    def finish(self, key: str, outcome: Mapping[str, Any]) -> None:
        """Record a finished task: ``outcome`` has ``status`` (``done`` or ``failed``),
        ``results`` or ``error``, ``started_at``, ``finished_at``, ``duration_s``, ``worker``
        and ``version`` (the worker's qnetsim version)."""
        status = outcome["status"]
        if status not in ("done", "failed"):
            raise QnetsimValueError(f"status {status!r}; valid: 'done' or 'failed'")
        results = outcome.get("results")
        with _transaction(self.conn):
            self.conn.execute(
                "UPDATE tasks SET status=?, results=?, error=?, started_at=?, finished_at=?, "
                "duration_s=?, worker=?, qnetsim_version=? WHERE task_key=?",
                (
                    status,
                    None if results is None else to_json(results, indent=None),
                    outcome.get("error"),
                    outcome.get("started_at"),
                    outcome.get("finished_at"),
                    outcome.get("duration_s"),
                    outcome.get("worker"),
                    outcome.get("version", __version__),
                    key,
                ),
            )

    # --- reading -----------------------------------------------------------------------
    def statuses(self) -> dict[str, str]:
        """task key -> status, of every row."""
        return dict(self.conn.execute("SELECT task_key, status FROM tasks").fetchall())

    def counts(self) -> dict[str, int]:
        """The number of rows of each status."""
        out = dict.fromkeys(_STATUSES, 0)
        for status, n in self.conn.execute("SELECT status, COUNT(*) FROM tasks GROUP BY status"):
            out[status] = n
        return out

    def rows(self, keys: Sequence[str] | None = None) -> Iterator[StoredRow]:
        """The rows (in the order they were first added), or those of ``keys``; a row that
        does not read back is returned ``pending`` without results."""
        cur = self.conn.execute(f"SELECT {', '.join(_COLUMNS)} FROM tasks ORDER BY position")
        wanted = None if keys is None else set(keys)
        for values in cur:
            raw = dict(zip(_COLUMNS, values, strict=True))
            if wanted is not None and raw["task_key"] not in wanted:
                continue
            yield _decode(raw)

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> ResultStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _decode(raw: dict[str, Any]) -> StoredRow:
    def load(text: Any, default: Any) -> Any:
        try:
            return json.loads(text)
        except (TypeError, ValueError):
            return default

    results = load(raw["results"], None)
    status = raw["status"]
    if status == "done" and not isinstance(results, dict):
        status, results = "pending", None
    return StoredRow(
        task_key=raw["task_key"],
        position=raw["position"],
        scenario_hash=raw["scenario_hash"],
        overrides=load(raw["overrides"], {}),
        canonical=load(raw["canonical"], {}),
        quick=bool(raw["quick"]),
        seed=raw["seed"],
        seed_entropy=load(raw["seed_entropy"], []),
        qnetsim_version=raw["qnetsim_version"],
        status=status,
        created_at=raw["created_at"],
        started_at=raw["started_at"],
        finished_at=raw["finished_at"],
        duration_s=raw["duration_s"],
        worker=raw["worker"],
        error=raw["error"],
        results=results,
    )


@contextmanager
def _transaction(conn: sqlite3.Connection) -> Iterator[None]:
    """One transaction: committed whole, or rolled back on any exception (Ctrl-C too)."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")
