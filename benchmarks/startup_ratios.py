"""Startup of studycli commands as ratios to a minimal Typer app, in plain line mode.

Run: python benchmarks/startup_ratios.py [--runs N]

Each figure is subprocess wall time, from spawning the process:

- ``--version``, ``--help``, ``decks list``: until the process has exited;
- ``quiz``: with stdin a pipe (so the session runs in plain line mode) until the first
  question's ``[1/`` line is on stdout; the process is then killed (nothing answered,
  nothing recorded);
- the baseline, ``benchmarks/minimal_typer_app.py --name bench``: until it has exited.

Runs alternate: every round runs each command once in a freshly shuffled order, so drift
in machine load hits all alike, and a round starts only once the CPUs are mostly idle
(up to 20 s of waiting), so other work on a shared machine stays out of the runs. Two
warm-up rounds (bytecode caches, the progress file) are discarded. Medians over the
rounds are reported; nothing is asserted.
"""

from __future__ import annotations

import argparse
import random
import tempfile
from dataclasses import dataclass
from pathlib import Path

from benchlib import (
    Run,
    bench_env,
    median,
    minimal_command,
    run_to_exit,
    run_until_line,
    studycli_command,
    wait_for_quiet,
)

BASELINE = "minimal Typer app"
FIRST_QUESTION = b"[1/"
WARMUP_ROUNDS = 2


@dataclass(frozen=True, slots=True)
class Command:
    name: str
    args: list[str]
    until_question: bool = False
    reference: bool = False  # shown for comparison, no target


def commands() -> list[Command]:
    cli = studycli_command()
    return [
        Command(BASELINE, minimal_command()),
        Command("studycli --version", [*cli, "--version"]),
        Command("studycli --help", [*cli, "--help"]),
        Command("studycli decks list", [*cli, "decks", "list"]),
        Command("studycli quiz (first question)", [*cli, "quiz"], until_question=True),
        Command("studycli decks list --json", [*cli, "decks", "list", "--json"], reference=True),
    ]


def run_once(command: Command, env: dict[str, str], stderr_path: Path | None = None) -> Run:
    if command.until_question:
        return run_until_line(command.args, env, FIRST_QUESTION, stderr_path=stderr_path)
    run, _out = run_to_exit(command.args, env, stderr_path=stderr_path)
    if run.returncode != 0:
        raise RuntimeError(f"{command.name} exited with {run.returncode}")
    return run


def measure(
    runs: int, home: Path, cmds: list[Command] | None = None, seed: int = 1956
) -> dict[str, list[Run]]:
    """*runs* alternating measured rounds (after the warm-up) of every command."""
    cmds = cmds or commands()
    env = bench_env(home)
    rng = random.Random(seed)
    results: dict[str, list[Run]] = {command.name: [] for command in cmds}
    for round_number in range(WARMUP_ROUNDS + runs):
        order = list(cmds)
        rng.shuffle(order)
        wait_for_quiet()
        for command in order:
            run = run_once(command, env)
            if round_number >= WARMUP_ROUNDS:
                results[command.name].append(run)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=21, help="measured rounds (21)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        results = measure(args.runs, Path(tmp) / "home")
    base = median([run.seconds for run in results[BASELINE]])
    print(f"subprocess wall time, {args.runs} alternating runs each (ms; target <= 1.3x)")
    print(f"{'':34} {'median':>7} {'min':>7} {'max':>7} {'ratio':>6} {'RSS MiB':>8}")
    for name, runs in results.items():
        seconds = [run.seconds for run in runs]
        rss = median([run.maxrss_mib for run in runs])
        print(
            f"{name:34} {median(seconds) * 1000:7.0f} {min(seconds) * 1000:7.0f}"
            f" {max(seconds) * 1000:7.0f} {median(seconds) / base:6.2f} {rss:8.1f}"
        )


if __name__ == "__main__":
    main()
