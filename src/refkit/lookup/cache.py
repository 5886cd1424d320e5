"""The answers of the registries, kept in one SQLite file.

A second run over the same bibliography asks nothing; a cache file committed to a
repository lets CI verify offline (``refkit verify --offline``).  Only definitive answers
are kept (a record, or not found); a 429, a 5xx or a network failure never is.  Bodies are
stored decoded and then zlib-compressed by refkit itself, so the file is the same whatever
compression the registry used, and four times smaller (a recorded Crossref search answer
of 20 works: 249 kB of JSON, 58 kB stored).
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
import zlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

_SCHEMA = """
CREATE TABLE IF NOT EXISTS responses (
    key TEXT PRIMARY KEY,
    status INTEGER NOT NULL,
    headers TEXT NOT NULL,
    body BLOB NOT NULL,
    url TEXT NOT NULL,
    fetched REAL NOT NULL
)
"""
#: The response headers worth keeping (the rest describe the transfer, not the answer).
KEPT_HEADERS = ("content-type",)


@dataclass(frozen=True)
class CachedResponse:
    status: int
    headers: Mapping[str, str]
    body: bytes
    url: str
    fetched: float


def _younger(first: float | None, second: float | None) -> float | None:
    """The stricter of two age limits (None: no limit)."""
    limits = [limit for limit in (first, second) if limit is not None]
    return min(limits) if limits else None


class Cache:
    """A thread-safe key-value store of responses; opened on first use."""

    def __init__(self, path: Path | None, clock: Callable[[], float] = time.time) -> None:
        #: None keeps the cache in memory for this run only.
        self.path = path
        self.clock = clock
        self._lock = threading.Lock()
        self._connection: sqlite3.Connection | None = None
        #: Why the file could not be used, when it could not (the run goes on in memory).
        self.problem: str | None = None
        self.hits = 0

    def _connect(self) -> sqlite3.Connection:
        if self._connection is not None:
            return self._connection
        connection: sqlite3.Connection | None = None
        if self.path is not None:
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                connection = sqlite3.connect(str(self.path), check_same_thread=False)
                connection.execute(_SCHEMA)
                connection.commit()
            except (OSError, sqlite3.Error) as error:
                self.problem = f"cannot use the cache {self.path}: {error}"
                connection = self._read_only()
        if connection is None:
            connection = sqlite3.connect(":memory:", check_same_thread=False)
            connection.execute(_SCHEMA)
        self._connection = connection
        return connection

    def _read_only(self) -> sqlite3.Connection | None:
        """A committed cache on a read-only checkout can still be read."""
        if self.path is None or not self.path.is_file():
            return None
        try:
            return sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)
        except sqlite3.Error:
            return None

    def get(
        self, key: str, max_age: float | None, negative_max_age: float | None = None
    ) -> CachedResponse | None:
        """The stored answer, if there is one younger than ``max_age`` seconds (None: any
        age); a "not found" answer (any status but 200) also younger than
        ``negative_max_age``."""
        with self._lock:
            try:
                row = (
                    self._connect()
                    .execute(
                        "SELECT status, headers, body, url, fetched FROM responses WHERE key = ?",
                        (key,),
                    )
                    .fetchone()
                )
            except sqlite3.Error:
                return None
            if row is None:
                return None
            status, headers, body, url, fetched = row
            age = self.clock() - float(fetched)
            limit = max_age if status == 200 else _younger(max_age, negative_max_age)
            if limit is not None and age > limit:
                return None
            self.hits += 1
        try:
            data = zlib.decompress(bytes(body))
        except zlib.error:
            return None
        return CachedResponse(int(status), json.loads(headers), data, str(url), fetched)

    def put(self, key: str, status: int, headers: Mapping[str, str], body: bytes, url: str) -> None:
        kept = {name: headers[name] for name in KEPT_HEADERS if name in headers}
        with self._lock:
            try:
                connection = self._connect()
                connection.execute(
                    "INSERT OR REPLACE INTO responses VALUES (?, ?, ?, ?, ?, ?)",
                    (key, status, json.dumps(kept), zlib.compress(body, 6), url, self.clock()),
                )
                connection.commit()
            except sqlite3.Error as error:
                self.problem = self.problem or f"cannot write the cache {self.path}: {error}"

    def close(self) -> None:
        with self._lock:
            if self._connection is not None:
                self._connection.close()
                self._connection = None
