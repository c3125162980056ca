"""Rich renderables for every screen. Deck text passes through :func:`safe` first.

The core types (questions, verdicts, summaries) are imported only for type checking or
inside functions, so ``decks list`` can draw its table without loading the study loop.
"""

from __future__ import annotations

import difflib
from collections.abc import Collection
from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.console import Group
from rich.padding import Padding
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from studycli.ui.sanitize import clean

if TYPE_CHECKING:
    from rich.console import Console, ConsoleOptions, RenderableType, RenderResult

    from studycli.drills import DrillQuestion
    from studycli.grading import Question, Verdict
    from studycli.recorder import Result
    from studycli.session import Progress
    from studycli.ui.drill_text import Line

TOPIC_STYLES = {
    "content": "cyan",
    "omissions": "magenta",
    "impacts": "yellow",
    "context": "green",
}


def safe(text: str, style: str = "") -> Text:
    """Deck text as a Rich Text: markup is never interpreted, controls are stripped."""
    return Text(clean(text), style=style)


def topic_text(topic: str) -> Text:
    return Text(topic, style=TOPIC_STYLES.get(topic, ""))


# --------------------------------------------------------------------------- study session
#
# The session screens below are built from Text objects only: a Panel title or a table
# cell given as ``str`` would be parsed as Rich markup, and deck text must never be.

RATING_NAMES = {1: "Again", 2: "Hard", 3: "Good", 4: "Easy"}
OUTCOME_LOOKS = {
    "correct": ("✓", "Correct", "bold green"),
    "partial": ("≈", "Partly right", "bold yellow"),
    "wrong": ("✗", "Wrong", "bold red"),
}
_TYPO_RATIO = 0.8  # a correct answer this close to the expected one was a typo
_LABEL_WIDTH = 9  # "Expected" plus the grid's padding


def elapsed(seconds: float) -> str:
    minutes, rest = divmod(int(seconds), 60)
    return f"{minutes}:{rest:02d}"


def progress_line(progress: Progress, now: float) -> Text:
    """``quiz · card 3 of 10 · 1:05``: where the learner is and how long it has taken;
    for a timed exam, ``exam · card 3 of 25 · 24:13 left`` (the toolbar counts down)."""
    if progress.deadline is not None:
        left = max(0.0, progress.deadline - now)
        return Text(
            f"{progress.mode} · card {progress.position} of {progress.total}"
            f" · {elapsed(left)} left",
            style="bold",
        )
    return Text(
        f"{progress.mode} · card {progress.position} of {progress.total}"
        f" · {elapsed(now - progress.started)}",
        style="dim",
    )


def question_panel(question: Question, footer: str = "") -> Panel:
    """The question in a panel titled deck · topic · kind, the keys in its bottom edge."""
    from studycli.ui.question_text import instructions, option_parts, prompt_text

    card = question.card
    topic = card.topic.value
    title = Text.assemble(safe(card.deck_id), " · ", topic_text(topic), " · ", Text(str(card.kind)))
    parts: list[RenderableType] = [Text(prompt_text(question), style="bold"), Text()]
    options = option_parts(question)
    if options:
        # A long option wraps under its own text, not under its number.
        grid = Table.grid(padding=(0, 1, 0, 0))
        grid.add_column(no_wrap=True)
        grid.add_column(overflow="fold")
        for keys, text in options:
            grid.add_row(Text(keys), Text(text))
        parts += [grid, Text()]
    parts.append(Text(instructions(question), style="dim"))
    return Panel(
        Group(*parts),
        title=title,
        title_align="left",
        subtitle=Text(footer, style="dim") if footer else None,
        subtitle_align="right",
        border_style=TOPIC_STYLES.get(topic, ""),
    )


def _drill_lines(lines: list[Line]) -> Group:
    """Drill lines: a line with a prefix (numbers, dates) wraps under its own text, in a
    grid with its neighbours so their texts line up; a line without one is plain text."""
    parts: list[RenderableType] = []
    grid: Table | None = None
    for line in lines:
        if not line.prefix:
            parts.append(Text(line.text, style=line.style))
            grid = None
            continue
        if grid is None:
            grid = Table.grid()
            grid.add_column(no_wrap=True)
            grid.add_column(overflow="fold")
            parts.append(grid)
        grid.add_row(Text(line.prefix, style=line.style), Text(line.text, style=line.style))
    return Group(*parts)


def drill_panel(question: DrillQuestion, footer: str = "") -> Panel:
    """A timeline drill question in the same panel as a card question."""
    from studycli.drills import DRILL_TITLES
    from studycli.ui.drill_text import question_lines

    return Panel(
        _drill_lines(question_lines(question)),
        title=Text.assemble("timeline · ", Text(DRILL_TITLES[question.kind])),
        title_align="left",
        subtitle=Text(footer, style="dim") if footer else None,
        subtitle_align="right",
    )


def drill_feedback(result: Result) -> Group:
    """The verdict line of any session, then the drill's dated answer."""
    from studycli.ui.drill_text import result_lines

    line = _verdict_text(result.outcome.value, result.feedback)
    return Group(line, _drill_lines(result_lines(result)))


def verdict_line(verdict: Verdict) -> Text:
    """``✗ Wrong · You chose b) Malenkov.``: colour and a word, so NO_COLOR loses nothing."""
    return _verdict_text(verdict.outcome.value, verdict.feedback)


def _verdict_text(outcome: str, text: str) -> Text:
    mark, label, style = OUTCOME_LOOKS[outcome]
    feedback = clean(text).strip()
    line = Text(f"{mark} ", style=style)
    if feedback.lower().startswith(label.lower()):
        line.append(feedback, style=style)
    else:
        line.append(label, style=style)
        if feedback:
            line.append(f" · {feedback}")
    return line


def _aligned(given: str, expected: str, least: float) -> tuple[Text, Text, str] | None:
    """The two answers aligned column by column with the differences marked.

    Returns the learner's line, the expected line and a caret line (``^`` under every
    differing column), or None when the texts have less than *least* in common
    (difflib's ratio) for a character diff to help. Gaps are shown as a dim ``·``;
    comparison ignores case, as the grader does. The carets keep the marks visible
    when colour is off.
    """
    matcher = difflib.SequenceMatcher(None, given.casefold(), expected.casefold(), autojunk=False)
    if matcher.ratio() < least:
        return None
    top, bottom, carets = Text(), Text(), []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        mine, theirs = given[i1:i2], expected[j1:j2]
        if tag == "equal":
            top.append(mine)
            bottom.append(theirs)
            carets.append(" " * cell_len(mine))
            continue
        width = max(cell_len(mine), cell_len(theirs))
        top.append(mine, style="bold red underline")
        top.append("·" * (width - cell_len(mine)), style="dim")
        bottom.append(theirs, style="bold green underline")
        bottom.append("·" * (width - cell_len(theirs)), style="dim")
        carets.append("^" * width)
    return top, bottom, "".join(carets).rstrip()


class AnswerComparison:
    """The learner's answer against the expected one, diffed when that helps.

    A renderable (not a fixed Text) because whether the caret line fits depends on the
    width it is drawn at: a wrapped line would put the carets under the wrong letters.
    """

    def __init__(
        self, given: str, expected: str, *, diff: float | None, show_given: bool = True
    ) -> None:
        self.given = clean(given).strip()
        self.expected = clean(expected).strip()
        self.diff = diff  # the least similarity for a character diff; None: never
        self.show_given = show_given

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        del console
        grid = Table.grid(padding=(0, 1))
        grid.add_column(style="dim", no_wrap=True)
        grid.add_column()
        aligned = None
        if self.diff is not None and self.given:
            aligned = _aligned(self.given, self.expected, self.diff)
        room = options.max_width - _LABEL_WIDTH - 2
        if aligned is not None and max(aligned[0].cell_len, aligned[1].cell_len) <= room:
            top, bottom, carets = aligned
            grid.add_row("You", top)
            grid.add_row("Expected", bottom)
            if carets:
                grid.add_row("", Text(carets, style="bold red"))
        else:
            if self.show_given:
                grid.add_row("You", Text(self.given) if self.given else Text("(no answer)"))
            grid.add_row("Expected", Text(self.expected))
        yield Padding(grid, (0, 0, 0, 2))


def _misspelled(given: str, expected: str) -> bool:
    """A correct answer accepted with a typo: worth seeing the letters that differ.

    Accepted alternatives and differences the grader ignores (case, accents,
    apostrophes) are not typos, so they are not shown as mistakes.
    """
    from studycli.grading import normalize

    mine, theirs = normalize(given), normalize(expected)
    ratio = difflib.SequenceMatcher(None, mine, theirs, autojunk=False).ratio()
    return mine != theirs and ratio >= _TYPO_RATIO


def points_checklist(
    question: Question, covered: Collection[int], *, numbered: bool = False
) -> Padding:
    """Each key point of a ``points`` card, ticked when the answer covered it.

    A grid, so a long point wraps under its own text rather than under the marks.
    ``numbered`` adds the numbers the learner types to tick points themselves.
    """
    from studycli.ui.question_text import points_list

    grid = Table.grid(padding=(0, 1))
    if numbered:
        grid.add_column(justify="right", no_wrap=True)
    grid.add_column(no_wrap=True)
    grid.add_column()
    for index, point in enumerate(points_list(question)):
        if index in covered:
            mark = Text("✓", style="green")
        else:
            mark = Text(" " if numbered else "✗", style="red")
        cells = [Text(f"{index + 1})")] if numbered else []
        grid.add_row(*cells, mark, Text(point))
    return Padding(grid, (0, 0, 0, 2))


def feedback_view(question: Question, verdict: Verdict) -> Group:
    """Everything shown after an answer: verdict, comparison, explanation, source."""
    from studycli.kinds import kind_of

    card = question.card
    kind = kind_of(card)
    parts: list[RenderableType] = [verdict_line(verdict)]
    if kind.key_points(card):
        parts.append(points_checklist(question, verdict.covered))
        model_answer = kind.model_answer(card)
        if model_answer:
            model = Text.assemble(("Model answer: ", "dim"), safe(model_answer))
            parts.append(Padding(model, (0, 0, 0, 2)))
    else:
        expected = kind.compared(question, verdict.expected)
        # Below the kind's similarity a character diff is noise: it was another answer.
        diff = kind.diff_ratio
        if verdict.outcome != "correct":
            parts.append(
                AnswerComparison(verdict.given, expected, diff=diff, show_given=kind.show_given)
            )
            worked = kind.worked(card)
            if worked:
                parts.append(Padding(safe(worked, style="italic"), (0, 0, 0, 2)))
        elif diff is not None and _misspelled(verdict.given, expected):
            parts.append(AnswerComparison(verdict.given, expected, diff=diff))
    if card.explain:
        parts.append(safe(card.explain))
    if card.source:
        parts.append(Text.assemble(("Source: ", "dim"), safe(card.source, style="dim")))
    return Group(*parts)


def rating_label(rating: int) -> str:
    return RATING_NAMES.get(rating, str(rating))


# --------------------------------------------------------------------------- timeline

if TYPE_CHECKING:
    from studycli.timeline import EraGroup, TimelineEntry

from studycli.ui.timeline_text import (  # noqa: E402 (beside the view that uses them)
    KNOWN_MARK_WIDTH,
    KNOWN_MARKS,
    TOPIC_COLUMN_MIN_WIDTH,
)


def known_mark(known: str) -> Text:
    """The known-state in words as well as colour, so it survives NO_COLOR."""
    text, style = KNOWN_MARKS[known]
    return Text(text, style=style)


def timeline_legend(entries: list[TimelineEntry]) -> Text:
    """How many events are shown and known, and what the marks mean."""
    from studycli.timeline import Known, known_counts

    counts = known_counts(entries)
    legend = Text(f"{len(entries)} events", style="bold")
    for state in (Known.KNOWN, Known.LEARNING, Known.NEW):
        legend.append(" · ")
        legend.append_text(known_mark(state.value))
        legend.append(f" {counts[state]}")
    legend.append("\n~ day not known: placed at the first possible day", style="dim")
    return legend


def timeline_view(groups: list[EraGroup], *, width: int) -> RenderableType:
    """Era headings, years, and one line per event: date, known mark, title in its
    topic's colour (spelled out too when the terminal is wide enough).

    Column widths are fixed across the whole view so the dates line up between years;
    titles wrap within their column, so nothing runs past *width*.
    """
    from rich.rule import Rule

    from studycli.timeline import date_label

    entries = [entry for era in groups for year in era.years for entry in year.entries]
    date_width = max((len(date_label(entry.event)) for entry in entries), default=4)
    show_topic = width >= TOPIC_COLUMN_MIN_WIDTH
    parts: list[RenderableType] = [timeline_legend(entries)]
    for era in groups:
        parts.append(Text())
        parts.append(Rule(Text(era.era.heading(), style="bold"), align="left", style="dim"))
        for year in era.years:
            parts.append(Text(str(year.year), style="bold"))
            table = Table.grid(padding=(0, 1))
            table.add_column(no_wrap=True, width=date_width)
            table.add_column(no_wrap=True, width=KNOWN_MARK_WIDTH)
            table.add_column(ratio=1, overflow="fold")
            if show_topic:
                table.add_column(no_wrap=True, width=len("omissions"))
            for entry in year.entries:
                event = entry.event
                style = TOPIC_STYLES.get(event.topic.value, "")
                row = [Text(date_label(event)), known_mark(entry.known.value)]
                row.append(safe(event.title, style))
                if show_topic:
                    row.append(topic_text(event.topic.value))
                table.add_row(*row)
            parts.append(Padding(table, (0, 0, 0, 2)))
    return Group(*parts)


def timeline_detail(entry: TimelineEntry) -> RenderableType:
    """One event in full: title, date, topic, known-state, id, tags, explanation, source."""
    from studycli.timeline import date_label

    event = entry.event
    facts = Text.assemble(
        date_label(event),
        " · ",
        topic_text(event.topic.value),
        " · ",
        known_mark(entry.known.value),
        " · ",
        safe(f"{event.deck_id}/{event.id}"),
    )
    parts: list[RenderableType] = [safe(event.title, "bold"), facts]
    if event.tags:
        parts.append(Text.assemble("Tags: ", safe(", ".join(event.tags))))
    if event.explain:
        parts.extend([Text(), safe(event.explain)])
    if event.source:
        parts.extend([Text(), Text.assemble(("Source: ", "bold"), safe(event.source))])
    return Group(*parts)
