"""The commands whose start-up is measured, their targets, and the paired alternation.

Every command is measured as a learner starts it, against the minimal Typer app
(``benchmarks/minimal_typer_app.py``) run right next to it: each measured run of a
command is paired with a run of the baseline (in random order within the pair), the
pairs of a round come in a fresh random order, and a round starts only once the CPUs are
mostly idle. The figure judged is the *paired ratio*, the median over the rounds of
(command / its own baseline run), which drift in machine load cannot decide.
``startup_pipe.py`` and ``startup_pty.py`` run the commands; this module says which.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from benchlib import Run, bench_env, minimal_command, run_piped, studycli_command, wait_for_quiet

BASELINE = "minimal Typer app"
FIRST_QUESTION = b"[1/"
PANEL = "╭"  # the first question's panel is being drawn: the learner can read it
PROMPT = "›"  # prompt_toolkit (imported once the question shows) has drawn the prompt
WARMUP_ROUNDS = 2
PIPE_TARGET = 1.2
PTY_TARGET = 1.35
QUICK_TARGET = 0.7  # --help and --version, in a pipe and in a terminal


@dataclass(frozen=True)
class Command:
    """One command line: its input in a pipe, and what counts as its first question."""

    name: str
    args: tuple[str, ...]
    stdin: bytes = b""  # in a pipe; empty = end of input at once
    interactive: bool = False  # asks questions: timed to the first one as well
    judged_at_first_question: bool = False  # the figure is time to the first question
    target: float = PIPE_TARGET
    pty_target: float = PTY_TARGET

    def argv(self) -> list[str]:
        if self.name == BASELINE:
            return minimal_command()
        return [*studycli_command(), *self.args]


def commands(export: Path) -> list[Command]:
    """Every command of the start-up figures; *export* is a progress export to report on."""
    return [
        Command("--version", ("--version",), target=QUICK_TARGET, pty_target=QUICK_TARGET),
        Command("--help", ("--help",), target=QUICK_TARGET, pty_target=QUICK_TARGET),
        Command("decks list", ("decks", "list")),
        Command("quiz -n 1", ("quiz", "-n", "1"), stdin=b"\n", interactive=True),
        Command("review", ("review",), interactive=True, judged_at_first_question=True),
        Command("exam -n 1", ("exam", "-n", "1"), stdin=b"\n", interactive=True),
        Command("stats", ("stats",)),
        Command("timeline", ("timeline",)),
        Command("notes", ("notes",)),
        Command("readiness", ("readiness",)),
        Command("plan", ("plan",)),
        Command("class report (one export)", ("class", "report", str(export))),
    ]


def baseline() -> Command:
    return Command(BASELINE, ())


def prepare_home(home: Path) -> Path:
    """A home with some progress, and its export (for ``class report``)."""
    env = bench_env(home)
    cli = studycli_command()
    for _ in range(3):
        run_piped([*cli, "quiz", "-n", "1"], env, stdin=b"\n")
    export = home / "export.jsonl"
    run = run_piped([*cli, "progress", "export", str(export)], env)
    if run.returncode != 0:
        raise RuntimeError("progress export failed")
    return export


Results = dict[str, tuple[list[Run], list[Run]]]  # name -> (command runs, paired baseline runs)


def alternate(
    cmds: list[Command], run: Callable[[Command], Run], rounds: int, seed: int = 1956
) -> Results:
    """*rounds* measured rounds (after the warm-up), each command paired with a baseline."""
    rng = random.Random(seed)
    base = baseline()
    results: Results = {command.name: ([], []) for command in cmds}
    for number in range(WARMUP_ROUNDS + rounds):
        order = list(cmds)
        rng.shuffle(order)
        wait_for_quiet()
        for command in order:
            pair = [command, base]
            rng.shuffle(pair)
            measured = {one.name: run(one) for one in pair}
            if number >= WARMUP_ROUNDS:
                results[command.name][0].append(measured[command.name])
                results[command.name][1].append(measured[BASELINE])
    return results
