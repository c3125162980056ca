"""Shared helpers for the benchmarks: paths, child processes, timing, the machine.

Every figure that involves a command is taken from a real child process, as a learner
would start it: wall time from spawning until the process has exited (or until a given
line has appeared on its stdout), and the child's own peak resident memory from
``os.wait4``, which reports the rusage of that one child (``RUSAGE_CHILDREN`` would be
the maximum over every child waited for so far).
"""

from __future__ import annotations

import os
import platform
import selectors
import shutil
import signal
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
REPO = BENCH_DIR.parent
CACHE_DIR = BENCH_DIR / ".cache"
MINIMAL_APP = BENCH_DIR / "minimal_typer_app.py"
PYCACHE = CACHE_DIR / "pycache"
TIMEOUT_S = 120.0
QUIET_BUSY = 0.25  # start a round of runs only when under a quarter of the CPU time is used
QUIET_MAX_WAIT_S = 20.0


@dataclass(frozen=True, slots=True)
class Run:
    """One child process: wall seconds, peak RSS in MiB, and its exit code."""

    seconds: float
    maxrss_mib: float
    returncode: int


def studycli_command() -> list[str]:
    """``studycli`` as installed next to this interpreter, else ``python -m studycli``.

    The console script is run through ``sys.executable`` so the baseline and studycli
    start the very same interpreter the same way.
    """
    script = Path(sys.executable).parent / "studycli"
    if script.is_file():
        return [sys.executable, str(script)]
    return [sys.executable, "-m", "studycli"]


def minimal_command() -> list[str]:
    return [sys.executable, str(MINIMAL_APP), "--name", "bench"]


def python_env() -> dict[str, str]:
    """This environment, with bytecode caching on (in ``benchmarks/.cache/pycache``).

    An installed studycli runs from compiled bytecode (pip compiles it at install time,
    and an editable install writes it on first run). An environment that sets
    ``PYTHONDONTWRITEBYTECODE`` (some sandboxes and CI images do) would make every run
    recompile studycli from source, while the baseline's Typer and Pydantic come with
    their bytecode: an unfair, unrealistic comparison. A private prefix keeps the
    source tree untouched and treats every module, baseline or studycli, alike.
    """
    env = os.environ.copy()
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.pop("PYTHONPROFILEIMPORTTIME", None)
    env["PYTHONPYCACHEPREFIX"] = str(PYCACHE)
    return env


def bench_env(home: Path, **extra: str) -> dict[str, str]:
    """A clean environment: our own home, no extra decks, no colour, 80 columns."""
    env = python_env()
    env.pop("STUDYCLI_DECKS", None)
    env.update(STUDYCLI_HOME=str(home), NO_COLOR="1", COLUMNS="80", **extra)
    return env


def _reap(process: subprocess.Popen[bytes]) -> tuple[int, float]:
    """Wait for *process* with wait4: its exit code and its own peak RSS in MiB."""
    _pid, status, usage = os.wait4(process.pid, 0)
    code = os.waitstatus_to_exitcode(status)
    process.returncode = code  # Popen must not wait for it again
    return code, usage.ru_maxrss / 1024  # ru_maxrss is in KiB on Linux


def run_to_exit(
    args: Sequence[str],
    env: dict[str, str],
    *,
    stdin: bytes = b"",
    stderr_path: Path | None = None,
) -> tuple[Run, bytes]:
    """Run *args* to completion with *stdin* piped in; the run and its stdout."""
    err = stderr_path.open("wb") if stderr_path else subprocess.DEVNULL
    try:
        started = time.perf_counter()
        process = subprocess.Popen(
            args, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=err, env=env
        )
        assert process.stdin is not None
        assert process.stdout is not None
        if stdin:
            process.stdin.write(stdin)
        process.stdin.close()
        out = process.stdout.read()
        code, rss = _reap(process)
        elapsed = time.perf_counter() - started
        process.stdout.close()
    finally:
        if stderr_path:
            err.close()  # type: ignore[union-attr]
    return Run(elapsed, rss, code), out


def run_until_line(
    args: Sequence[str],
    env: dict[str, str],
    marker: bytes,
    *,
    stderr_path: Path | None = None,
) -> Run:
    """Spawn *args* with stdin a pipe (kept open), time until a stdout line starts with
    *marker*, then kill the process. The peak RSS is the child's at that moment."""
    err = stderr_path.open("wb") if stderr_path else subprocess.DEVNULL
    try:
        started = time.perf_counter()
        process = subprocess.Popen(
            args, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=err, env=env
        )
        assert process.stdout is not None
        assert process.stdin is not None
        elapsed = _wait_for_line(process, marker, started)
        process.send_signal(signal.SIGKILL)
        _code, rss = _reap(process)
        process.stdin.close()
        process.stdout.close()
    finally:
        if stderr_path:
            err.close()  # type: ignore[union-attr]
    return Run(elapsed, rss, 0)


def _wait_for_line(process: subprocess.Popen[bytes], marker: bytes, started: float) -> float:
    assert process.stdout is not None
    fd = process.stdout.fileno()
    buffer = b""
    with selectors.DefaultSelector() as selector:
        selector.register(fd, selectors.EVENT_READ)
        while True:
            left = TIMEOUT_S - (time.perf_counter() - started)
            if left <= 0 or not selector.select(left):
                process.kill()
                raise RuntimeError(f"{marker!r} did not appear within {TIMEOUT_S:.0f} s")
            chunk = os.read(fd, 65536)
            now = time.perf_counter()
            if not chunk:
                process.wait()
                raise RuntimeError(
                    f"exited ({process.returncode}) before {marker!r}; output: {buffer[-500:]!r}"
                )
            buffer += chunk
            if any(line.startswith(marker) for line in buffer.split(b"\n")):
                return now - started


def _cpu_times() -> tuple[int, int]:
    """(busy, total) jiffies of all CPUs since boot, from /proc/stat."""
    fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)  # idle + iowait
    return sum(fields) - idle, sum(fields)


def wait_for_quiet(
    busy_below: float = QUIET_BUSY, sample_s: float = 0.25, max_wait_s: float = QUIET_MAX_WAIT_S
) -> float:
    """Wait until the machine's CPUs are mostly idle (other work on a shared machine
    would otherwise land in some runs and not others); give up after *max_wait_s*.
    Returns the busy share of the last sample (1.0 = every CPU busy)."""
    deadline = time.monotonic() + max_wait_s
    busy = 1.0
    try:
        while True:
            busy0, total0 = _cpu_times()
            time.sleep(sample_s)
            busy1, total1 = _cpu_times()
            busy = (busy1 - busy0) / max(1, total1 - total0)
            if busy < busy_below or time.monotonic() > deadline:
                return busy
    except OSError:  # no /proc: nothing to wait for
        return 0.0


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


def machine() -> dict[str, str]:
    """CPU model, cores, RAM, OS and Python, for the report."""
    cpu = "unknown"
    flags = ""
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            key, _sep, value = line.partition(":")
            if key.strip() == "model name" and cpu == "unknown":
                cpu = value.strip()
            elif key.strip() == "flags" and not flags:
                flags = value
    except OSError:
        cpu = platform.processor() or "unknown"
    ram = "unknown"
    try:
        for line in Path("/proc/meminfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("MemTotal:"):
                ram = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:
        usable = os.cpu_count() or 0
    hypervisor = " (virtual machine)" if " hypervisor" in flags else ""
    disk = shutil.disk_usage(BENCH_DIR)
    return {
        "CPU": f"{cpu}{hypervisor}",
        "Cores": f"{os.cpu_count()} logical, {usable} usable by this process",
        "RAM": ram,
        "OS": f"{platform.system()} {platform.release()} ({platform.machine()})",
        "Python": f"{platform.python_implementation()} {platform.python_version()}",
        "SQLite": _sqlite_version(),
        "Disk free": f"{disk.free / 1024**3:.0f} GiB",
    }


def _sqlite_version() -> str:
    import sqlite3

    return sqlite3.sqlite_version


def package_versions(names: Sequence[str]) -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version

    found: dict[str, str] = {}
    for name in names:
        try:
            found[name] = version(name)
        except PackageNotFoundError:
            found[name] = "not installed"
    return found
