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
    """One child process: wall seconds (to exit, or to the line waited for), peak RSS in
    MiB, its exit code, and the seconds until its first line of output (0 if none)."""

    seconds: float
    maxrss_mib: float
    returncode: int
    first_line: float = 0.0


@dataclass(frozen=True, slots=True)
class Spread:
    """Min, median and max of a list of seconds."""

    low: float
    mid: float
    high: float

    @classmethod
    def of(cls, values: Sequence[float]) -> Spread:
        return cls(min(values), statistics.median(values), max(values))


def paired_ratio(runs: Sequence[float], base: Sequence[float]) -> float:
    """Median over pairs of (command / the baseline run next to it): robust to drift."""
    return statistics.median([run / other for run, other in zip(runs, base, strict=True)])


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


def run_piped(
    args: Sequence[str], env: dict[str, str], *, stdin: bytes = b"", marker: bytes = b""
) -> Run:
    """Run *args* to exit with *stdin* piped in and stdout a pipe: the seconds to exit, and
    to the first stdout line (or to the first line starting with *marker*)."""
    started = time.perf_counter()
    process = subprocess.Popen(
        args, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env
    )
    assert process.stdin is not None
    assert process.stdout is not None
    if stdin:
        process.stdin.write(stdin)
    process.stdin.close()
    fd = process.stdout.fileno()
    buffer, first = b"", 0.0
    while chunk := os.read(fd, 65536):
        buffer += chunk
        if not first and _has_line(buffer, marker):
            first = time.perf_counter() - started
    code, rss = _reap(process)
    elapsed = time.perf_counter() - started
    process.stdout.close()
    return Run(elapsed, rss, code, first or elapsed)


def _has_line(buffer: bytes, marker: bytes) -> bool:
    lines = buffer.split(b"\n")[:-1]  # complete lines only
    return any(line.startswith(marker) for line in lines) if marker else bool(lines)


def run_in_pty(
    args: Sequence[str], env: dict[str, str], *, until: Sequence[str] = (), columns: int = 80
) -> Run:
    """Run *args* in a pseudo-terminal (so Rich draws and prompt_toolkit reads keys).

    Without *until*: the seconds to exit, and to the first line of output. With *until*
    (texts that appear in that order, e.g. a question's panel, then the prompt under
    it): the seconds to the last of them and to the first, then the process is killed.
    """
    import pexpect  # the benchmarks' own dependency (the test extra)

    started = time.perf_counter()
    child = pexpect.spawn(
        args[0], list(args[1:]), env=env, dimensions=(40, columns), timeout=TIMEOUT_S
    )
    if until:
        seen = []
        for text in until:
            child.expect_exact(text.encode())
            seen.append(time.perf_counter() - started)
        child.kill(signal.SIGKILL)
        child.close(force=True)
        return Run(seen[-1], 0.0, 0, seen[0])
    index = child.expect([b"\n", pexpect.EOF])
    first = time.perf_counter() - started
    if index == 0:
        child.expect(pexpect.EOF)
    elapsed = time.perf_counter() - started  # the terminal closed: the process has ended
    child.delayafterclose = 0
    child.close()
    code = child.exitstatus if child.exitstatus is not None else -1
    return Run(elapsed, 0.0, code, first)


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
