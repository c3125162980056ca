"""Damage in a progress file is found before anything is written to it.

SQLite notices a damaged page only when it reads that page, so a session touching a few
healthy pages would happily append to a file whose other pages are garbage, and a later
write could spread the damage. ``PRAGMA quick_check`` reads every page; it costs about
0.35 s on a store of a million reviews, more than the whole time to the first question.
So it runs in a background thread from the moment the store is opened (SQLite releases
the GIL while it works), and the first write waits for its verdict: by the time a
learner has read a question and answered it, the check is long done.
"""

from __future__ import annotations

import sqlite3
import threading


class IntegrityCheck:
    """``PRAGMA quick_check`` of one database file, run in the background."""

    def __init__(self, uri: str) -> None:
        self._uri = uri
        self._lock = threading.Lock()
        self._db: sqlite3.Connection | None = None
        self._cancelled = False
        self._problems: list[str] = []
        self._thread = threading.Thread(target=self._run, name="quick_check", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            with self._lock:
                if self._cancelled:
                    return
                self._db = sqlite3.connect(self._uri, uri=True, check_same_thread=False)
            rows = self._db.execute("PRAGMA quick_check").fetchall()
            lines = [line for row in rows for line in str(row[0]).splitlines()]
            self._problems = [line for line in lines if line != "ok" and not line.startswith("*")]
        except sqlite3.DatabaseError as error:
            if not self._cancelled:  # an interrupted check found nothing either way
                self._problems = [str(error)]
        finally:
            with self._lock:
                if self._db is not None:
                    self._db.close()
                    self._db = None

    def problems(self) -> list[str]:
        """Wait for the check; what it found wrong (empty when the file is sound)."""
        self._thread.join()
        return self._problems

    def cancel(self) -> None:
        """Stop a check still running (the store is being closed without writing)."""
        with self._lock:
            self._cancelled = True
            if self._db is not None:
                self._db.interrupt()
        self._thread.join()
