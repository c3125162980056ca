"""Where a command spends its time: cProfile of a real run, studycli's functions only.

Run: python benchmarks/profiles.py HOME -- ARGS...   e.g. ``profiles.py /tmp/h -- stats --json``

The command runs in a child process under ``python -m cProfile`` (stdin empty, so a
session ends at its first question). The report keeps studycli's own functions and
SQLite's ``execute``/``fetchall``, by cumulative time: enough to see which function and
which query a slow figure comes from. Times under cProfile run roughly 1.5x slower.
"""

from __future__ import annotations

import argparse
import pstats
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from benchlib import bench_env, studycli_command

KEEP = ("/studycli/", "sqlite3.Connection", "sqlite3.Cursor")


@dataclass(frozen=True, slots=True)
class Entry:
    function: str
    calls: int
    own_s: float
    cumulative_s: float


def _label(filename: str, line: int, name: str) -> str:
    if "/studycli/" in filename:
        module = filename.split("/studycli/", 1)[1].removesuffix(".py").replace("/", ".")
        return f"studycli.{module}.{name} (line {line})"
    return name.strip("{}").replace("method ", "")


def profile(args: list[str], home: Path) -> tuple[float, list[Entry]]:
    """Total profiled seconds and the studycli entries, by cumulative time."""
    cli = studycli_command()
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "run.prof"
        command = [cli[0], "-m", "cProfile", "-o", str(out), *cli[1:], *args]
        subprocess.run(
            command,
            env=bench_env(home),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            check=False,
            timeout=600,
        )
        stats = pstats.Stats(str(out))
    raw: dict[tuple[str, int, str], tuple[int, int, float, float, object]]
    raw = stats.stats  # type: ignore[attr-defined]
    total = float(stats.total_tt)  # type: ignore[attr-defined]
    entries = [
        Entry(_label(filename, line, name), calls, own, cumulative)
        for (filename, line, name), (_prim, calls, own, cumulative, _callers) in raw.items()
        if any(part in filename or part in name for part in KEEP)
        and name != "<module>"  # module bodies are the import costs, shown elsewhere
    ]
    entries.sort(key=lambda entry: -entry.cumulative_s)
    return total, entries


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("home", type=Path, help="STUDYCLI_HOME for the run")
    parser.add_argument("args", nargs="+", help="studycli arguments (after --)")
    args = parser.parse_args()
    total, entries = profile(args.args, args.home)
    print(f"{total:.2f} s profiled", file=sys.stdout)
    for entry in entries[:25]:
        print(f"{entry.cumulative_s:8.3f} {entry.own_s:8.3f} {entry.calls:9d}  {entry.function}")


if __name__ == "__main__":
    main()
