"""Every figure of the performance report, against its target, from one run's results."""

from __future__ import annotations

from dataclasses import dataclass, field

import scale
from benchlib import Run, median, paired_ratio
from startup_commands import Command, Results

QUIZ_SCALE_TARGET = 1.2
DECK_LOAD_TARGET_S = 1.0
STATS_TARGET_S = 2.0
RSS_TARGET_MB = 150.0
ANSWER_TARGET_MS = 5.0
ANSWER_P99_TARGET_MS = 10.0
NEAR = 0.90  # a met figure within 10 % of its limit gets its phases and diagnosis too


@dataclass(frozen=True)
class Evidence:
    """A diagnosis written from this run's measurements, and the tables behind it."""

    text: str = ""
    lines: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Figure:
    key: str
    name: str
    target: str
    measured: str
    met: bool
    share: float  # measured / limit: >= 1 misses; within NEAR of 1 is close to the line
    command: str = ""  # the start-up command it is about, if any

    @property
    def near(self) -> bool:
        return self.met and self.share >= NEAR


def verdict(figure: Figure) -> str:
    if not figure.met:
        return "**no**"
    return "yes (close)" if figure.near else "yes"


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"


def judged(command: Command, run: Run, *, pty: bool = False) -> float:
    """The seconds a command's figure is judged on: to exit, or to its first question
    (in a terminal, every interactive command: its first question's panel is drawn)."""
    if command.judged_at_first_question or (pty and command.interactive):
        return run.first_line
    return run.seconds


def startup_figures(
    cmds: list[Command], results: Results, *, where: str, pty: bool
) -> list[Figure]:
    figures = []
    for command in cmds:
        runs, base = results[command.name]
        values = [judged(command, run, pty=pty) for run in runs]
        ratio = paired_ratio(values, [run.seconds for run in base])
        target = command.pty_target if pty else command.target
        if command.judged_at_first_question or (pty and command.interactive):
            what = "to the first question"
        else:
            what = "whole process"
        figures.append(
            Figure(
                f"{'pty' if pty else 'pipe'}:{command.name}",
                f"Start-up {where}: `{command.name}`, {what}",
                f"<= {target}x minimal Typer app (paired)",
                f"{ratio:.2f}x ({ms(median(values))} vs {ms(median([r.seconds for r in base]))})",
                ratio <= target,
                ratio / target,
                command.name,
            )
        )
    return figures


def _secs(runs: list[Run]) -> list[float]:
    return [run.seconds for run in runs]


def scale_figures(r: scale.ScaleResults) -> list[Figure]:
    load = median(r.deck_loads)
    empty = median(_secs(r.quiz_empty))
    big = median(_secs(r.quiz_big))
    stats = median(_secs(r.stats_big))
    rss_name, rss_mib = r.peak_rss()
    rss_mb = rss_mib * 2**20 / 1e6
    answer = r.answers_big["median_ms"]
    p99 = r.answers_big["p99_ms"]
    answers = f"{r.answers_big['answers']:.0f} answers"
    return [
        Figure(
            "deck-load",
            f"Scale: `load_deck` of a {r.deck_cards:,}-card deck (all kinds)",
            f"< {DECK_LOAD_TARGET_S:.0f} s",
            f"{ms(load)} (median of {len(r.deck_loads)}; first {ms(r.deck_loads[0])})",
            load < DECK_LOAD_TARGET_S,
            load / DECK_LOAD_TARGET_S,
        ),
        Figure(
            "quiz-big",
            "Scale: `quiz` first question, 1M-review store vs empty store",
            f"<= {QUIZ_SCALE_TARGET}x empty store",
            f"{big / empty:.2f}x ({ms(big)} vs {ms(empty)})",
            big / empty <= QUIZ_SCALE_TARGET,
            big / empty / QUIZ_SCALE_TARGET,
        ),
        Figure(
            "stats-big",
            "Scale: `stats --json` on the 1M-review store",
            f"< {STATS_TARGET_S:.0f} s",
            f"{stats:.2f} s (median of {len(r.stats_big)})",
            stats < STATS_TARGET_S,
            stats / STATS_TARGET_S,
        ),
        Figure(
            "rss-big",
            "Scale: peak memory (child `ru_maxrss`) on the 1M-review store",
            f"< {RSS_TARGET_MB:.0f} MB",
            f"{rss_mb:.0f} MB ({rss_mib:.0f} MiB), `{rss_name}`",
            rss_mb < RSS_TARGET_MB,
            rss_mb / RSS_TARGET_MB,
        ),
        Figure(
            "answer-big",
            "Scale: per-answer overhead (grade + schedule + commit), 1M-review store",
            f"median < {ANSWER_TARGET_MS:.0f} ms",
            f"{answer:.2f} ms ({answers})",
            answer < ANSWER_TARGET_MS,
            answer / ANSWER_TARGET_MS,
        ),
        Figure(
            "answer-p99-big",
            "Scale: answers never pause: p99 of grade + schedule + commit, 1M-review store",
            f"p99 < {ANSWER_P99_TARGET_MS:.0f} ms",
            f"{p99:.2f} ms (max {r.answers_big['max_ms']:.2f} ms, {answers})",
            p99 < ANSWER_P99_TARGET_MS,
            p99 / ANSWER_P99_TARGET_MS,
        ),
    ]
