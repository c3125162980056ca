"""Start-up of every command in a pseudo-terminal, against the baseline.

Run: python benchmarks/startup_pty.py [--runs N]

In a terminal studycli draws with Rich and reads answers with prompt_toolkit, so this is
what a learner at a terminal waits for: each command runs in a pty (``pexpect``, 80x40,
``TERM=xterm-256color``, colour on) and is timed to exit, or for the interactive ones
(``quiz``, ``review``, ``exam``) until the first question's panel is drawn (``╭``: the
learner can read it) and until the answer prompt ``›`` is drawn under it (prompt_toolkit
is imported meanwhile), then killed: nothing answered. For the others, the time to the
first line of output is kept too. The baseline runs in a pty the same way, to exit. See
``startup_commands.py`` for the pairing; nothing is asserted.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from benchlib import Run, bench_env, run_in_pty
from startup_commands import PANEL, PROMPT, Command, Results, alternate, commands, prepare_home
from startup_pipe import print_table


def terminal_env(home: Path) -> dict[str, str]:
    env = bench_env(home, TERM="xterm-256color")
    env.pop("NO_COLOR", None)
    env.pop("COLUMNS", None)  # the pty's own size
    return env


def measure(rounds: int, home: Path) -> Results:
    cmds = commands(prepare_home(home))
    env = terminal_env(home)

    def run(command: Command) -> Run:
        until = (PANEL, PROMPT) if command.interactive else ()
        done = run_in_pty(command.argv(), env, until=until)
        if done.returncode != 0:
            raise RuntimeError(f"{command.name} exited with {done.returncode} in a pty")
        return done

    return alternate(cmds, run, rounds)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=11, help="measured rounds (11)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        results = measure(args.runs, Path(tmp) / "home")
    title = f"in a pty, {args.runs} paired rounds (interactive: to the prompt; first: question)"
    print_table(title, results)


if __name__ == "__main__":
    main()
