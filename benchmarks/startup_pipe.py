"""Start-up of every command as a whole process with stdout a pipe, against the baseline.

Run: python benchmarks/startup_pipe.py [--runs N]

Each run is timed from spawning the process until it has exited (``os.wait4``, which
also gives its peak RSS), and until its first line reached stdout. Interactive commands
get their answers on stdin (``quiz -n 1`` and ``exam -n 1`` one empty answer: answered,
marked, summary, exit; ``review`` none: it ends at its first question), and their first
line is the first question's ``[1/`` line. The baseline is timed the same way. See
``startup_commands.py`` for the pairing; nothing is asserted.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from benchlib import Run, Spread, bench_env, paired_ratio, run_piped
from startup_commands import FIRST_QUESTION, Command, Results, alternate, commands, prepare_home

__all__ = ["Results", "measure", "print_table"]


def measure(rounds: int, home: Path) -> Results:
    env = bench_env(home)
    cmds = commands(prepare_home(home))

    def run(command: Command) -> Run:
        marker = FIRST_QUESTION if command.interactive else b""
        done = run_piped(command.argv(), env, stdin=command.stdin, marker=marker)
        if done.returncode != 0:
            raise RuntimeError(f"{command.name} exited with {done.returncode}")
        return done

    return alternate(cmds, run, rounds)


def print_table(title: str, results: Results) -> None:
    print(title)
    print(f"{'':28} {'exit ms (min/med/max)':>24} {'paired':>7} {'first line':>11} {'paired':>7}")
    for name, (runs, base) in results.items():
        whole = Spread.of([r.seconds for r in runs])
        first = Spread.of([r.first_line for r in runs])
        ratio = paired_ratio([r.seconds for r in runs], [r.seconds for r in base])
        first_ratio = paired_ratio([r.first_line for r in runs], [r.seconds for r in base])
        print(
            f"{name:28} {whole.low * 1e3:6.0f} {whole.mid * 1e3:6.0f} {whole.high * 1e3:6.0f}"
            f"     {ratio:6.2f}x {first.mid * 1e3:9.0f}ms {first_ratio:6.2f}x"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=11, help="measured rounds (11)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        results = measure(args.runs, Path(tmp) / "home")
    print_table(f"stdout a pipe, {args.runs} paired rounds", results)


if __name__ == "__main__":
    main()
