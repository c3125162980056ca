"""Where a command's whole-process time goes, phase by phase, with stdout a pipe.

Run: python benchmarks/phase_split.py [--runs N] [COMMAND ...]   e.g. ``timeline``

Each run starts a fresh interpreter that runs studycli's ``main()`` the way the console
script does, under a thin harness that notes the time at each boundary: the interpreter's
own start, ``import typer``, ``import studycli.cli.main``, Typer building the root
command, Typer parsing the arguments and building the command run (up to its function),
then inside the command the imports it does (timed at the outermost ``import``) and the
rest of its work (reading decks and progress, rendering, writing), and finally the
interpreter's exit. Medians over the runs, in ms; the baseline is split the same way.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchlib import MINIMAL_APP, bench_env, studycli_command
from startup_commands import BASELINE, PROMPT, Command, baseline, commands, prepare_home
from startup_pty import terminal_env

PHASE_ORDER = [
    "interpreter start",
    "import typer",
    "import the app's module",
    "import studycli.cli.main",
    "Typer builds the root command",
    "Typer parses the arguments, builds the command run (Click, option values)",
    "command: imports",
    "command: its work (decks, progress, rendering, output)",
    "interpreter exit",
]
HARNESS = r"""
import builtins, json, sys, time
WORK = "command: its work (decks, progress, rendering, output)"
PARSE = "Typer parses the arguments, builds the command run (Click, option values)"
spawned = float(sys.argv[1]); target = sys.argv[2]; args = sys.argv[3:]
marks = {"interpreter start": time.time() - spawned}
last = time.perf_counter()
def mark(name):
    global last
    now = time.perf_counter(); marks[name] = now - last; last = now
import typer, typer.main
mark("import typer")
in_command = [0.0, 0]  # seconds of outermost imports inside the command, depth
real_import = builtins.__import__
def timed_import(*a, **k):
    if in_command[1] < 0:
        return real_import(*a, **k)
    in_command[1] += 1
    started = time.perf_counter()
    try:
        return real_import(*a, **k)
    finally:
        in_command[1] -= 1
        if in_command[1] == 0:
            in_command[0] += time.perf_counter() - started
if target == "minimal":
    import runpy
    sys.argv = [args[0], *args[1:]]
    namespace = runpy.run_path(args[0])
    app = namespace["app"]
    mark("import the app's module")
    command = typer.main.get_command(app)
    main = lambda: command(args=args[1:], prog_name="app")
else:
    import studycli.cli.main as cli
    mark("import studycli.cli.main")
    command = typer.main.get_command(cli.app)
    cli._plain_coercion(command)
    main = lambda: command(args=args, prog_name="studycli")
mark("Typer builds the root command")
def wrap(cmd):
    if hasattr(cmd, "get_command"):  # a group: wrap each command as it is looked up
        look_up = cmd.get_command
        def get_command(ctx, name):
            sub = look_up(ctx, name)
            if sub is not None and not getattr(sub, "_phased", False):
                wrap(sub)
                sub._phased = True
            return sub
        cmd.get_command = get_command
        return
    inner = cmd.callback
    def callback(*a, **k):
        mark(PARSE)
        in_command[1] = 0
        try:
            return inner(*a, **k)
        finally:
            in_command[1] = -1
            total = time.perf_counter() - last
            marks["command: imports"] = in_command[0]
            marks[WORK] = total - in_command[0]
    cmd.callback = callback
wrap(command)
in_command[1] = -1
builtins.__import__ = timed_import
try:
    main()
except SystemExit:
    pass
sys.stdout.flush()
marks["until exit"] = time.time()
sys.stderr.write("PHASES " + json.dumps(marks) + "\n")
"""


def split_once(command: Command, env: dict[str, str], *, pty: bool = False) -> dict[str, float]:
    """One run's phases; with *pty*, in a pseudo-terminal (an interactive command then
    runs until its answer prompt, where it reads the end of input)."""
    if command.name == BASELINE:
        tail = ["minimal", str(MINIMAL_APP), "--name", "bench"]
    else:
        tail = ["studycli", *command.args]
    spawned = time.time()
    args = [sys.executable, "-c", HARNESS, str(spawned), *tail]
    if pty:
        import pexpect

        child = pexpect.spawn(args[0], args[1:], env=env, dimensions=(40, 80), timeout=60)
        if command.interactive:
            child.expect_exact(PROMPT.encode())
            child.sendcontrol("d")  # quit at the first question: nothing answered
        child.expect(pexpect.EOF)
        ended = time.time()
        output = (child.before or b"").decode(errors="replace")
        child.close()
    else:
        done = subprocess.run(args, input=command.stdin, capture_output=True, env=env, check=False)
        ended = time.time()
        output = done.stderr.decode()
    line = next(x.strip() for x in output.splitlines() if x.strip().startswith("PHASES "))
    marks: dict[str, float] = json.loads(line.removeprefix("PHASES "))
    marks["interpreter exit"] = ended - marks.pop("until exit")
    return {name: seconds * 1000 for name, seconds in marks.items()}


def measure(
    runs: int, home: Path, names: set[str] | None = None, *, pty: bool = False
) -> dict[str, dict[str, float]]:
    """Per command (those in *names*, else all) and the baseline, median ms per phase,
    with stdout a pipe or (*pty*) in a pseudo-terminal."""
    export = prepare_home(home)
    env = terminal_env(home) if pty else bench_env(home)
    chosen = [baseline(), *(c for c in commands(export) if names is None or c.name in names)]
    results: dict[str, dict[str, float]] = {}
    for command in chosen:
        samples: dict[str, list[float]] = {}
        for number in range(runs + 1):  # the first run is a warm-up
            for phase, ms in split_once(command, env, pty=pty).items():
                if number:
                    samples.setdefault(phase, []).append(ms)
        results[command.name] = {phase: statistics.median(v) for phase, v in samples.items()}
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--pty", action="store_true", help="in a pseudo-terminal")
    parser.add_argument("names", nargs="*", help="command names as in startup_commands")
    args = parser.parse_args()
    assert studycli_command()
    with tempfile.TemporaryDirectory() as tmp:
        found = measure(args.runs, Path(tmp) / "home", set(args.names) or None, pty=args.pty)
    for name, phases in found.items():
        print(f"{name}: {sum(phases.values()):.0f} ms")
        for phase, ms in phases.items():
            print(f"  {ms:7.1f} ms  {phase}")


if __name__ == "__main__":
    main()
