"""The ``class report`` screen: each learner's mastery per topic as bars, their true
retention per topic, the hardest cards with the wrong answers given most, and who has
not studied lately. One row per learner in each table, so a class of hundreds stays a
readable, quickly drawn screen.

Learner names come from file names or export headers, and answers from learners'
typing: all of it is data, cleaned before it reaches the terminal.
"""

from __future__ import annotations

from collections.abc import Mapping

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from studycli.classreport import INACTIVE_DAYS, ClassReport
from studycli.ui.render import TOPIC_STYLES
from studycli.ui.sanitize import clean

BAR_WIDTH = 4
HARDEST_SHOWN = 10


def _bar(share: float, style: str) -> Text:
    filled = round(BAR_WIDTH * share)
    bar = Text("█" * filled, style=style) + Text("·" * (BAR_WIDTH - filled), style="dim")
    return bar + Text(f" {share:>4.0%}")


def _percent(value: float | None) -> str:
    return "–" if value is None else f"{value:.0%}"


def _topic_columns(table: Table, topics: list[str]) -> None:
    table.add_column("learner", overflow="fold")
    for topic in topics:
        table.add_column(
            Text(topic, style=TOPIC_STYLES.get(topic, "")), justify="right", no_wrap=True
        )


def mastery_table(report: ClassReport, topics: list[str]) -> Table:
    """One row per learner: the share of each topic's cards mastered now, as a bar."""
    table = Table(title="Mastery by topic (cards mastered now)", show_edge=False)
    _topic_columns(table, topics)
    for learner in report.learners:
        cells = [_bar(learner.topics[t].mastery, TOPIC_STYLES.get(t, "")) for t in topics]
        table.add_row(clean(learner.name), *cells)
    return table


def retention_table(report: ClassReport, topics: list[str]) -> Table:
    """One row per learner: true retention over 30 days per topic ("–": no such answers)."""
    table = Table(title="True retention by topic (last 30 days)", show_edge=False)
    _topic_columns(table, topics)
    for learner in report.learners:
        table.add_row(clean(learner.name), *(_percent(learner.topics[t].retention) for t in topics))
    return table


def hardest_table(report: ClassReport, prompts: Mapping[str, str]) -> Table:
    table = Table(title="Hardest cards (first answer right)", show_edge=False)
    table.add_column("card", overflow="fold", ratio=3)
    table.add_column("right", justify="right", no_wrap=True)
    table.add_column("wrong answers given most", overflow="fold", ratio=2)
    for card in report.hardest[:HARDEST_SHOWN]:
        prompt = prompts.get(card.key, "")
        label = Text(clean(card.key), style="bold")
        if prompt:
            label += Text("\n" + clean(prompt), style="dim")
        answers = report.wrong_answers.get(card.key, [])
        given = "\n".join(f"{clean(answer)} ×{count}" for answer, count in answers)
        table.add_row(label, f"{card.first_try_right}/{card.learners}", given or "–")
    return table


def inactive_text(report: ClassReport) -> Text:
    if not report.inactive:
        return Text(f"Everyone has studied in the last {INACTIVE_DAYS} days.")
    lines = [f"Not studied in the last {INACTIVE_DAYS} days:"]
    for learner in report.inactive:
        last = learner.last_review
        when = f"last {last:%d %b %Y}" if last else "no reviews"
        lines.append(f"  {clean(learner.name)} ({when})")
    return Text("\n".join(lines))


def class_view(report: ClassReport, prompts: Mapping[str, str]) -> RenderableType:
    topics = list(report.learners[0].topics) if report.learners else []
    parts: list[RenderableType] = [mastery_table(report, topics), retention_table(report, topics)]
    if report.hardest:
        parts.append(hardest_table(report, prompts))
    parts.append(inactive_text(report))
    return Group(*parts)
