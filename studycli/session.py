"""The one study loop, for reviews, quizzes, timeline drills and whatever comes next.

How it fits together (the interface a new kind of practice plugs into):

* A :class:`Source` says what is asked and how a reply is judged. ``present(item)``
  turns a queued item (a card, a drill question) into the question object a frontend
  shows; ``judge(question, reply)`` returns a :class:`~studycli.recorder.Result` with one
  :class:`~studycli.recorder.Mark` per card the answer speaks for; ``retries(item,
  result)`` says how often a failed item may come back in this session; ``labels``
  names cards worth revisiting; ``scope`` is every card key in play (the summary's
  "next card due" looks over all of them, not only the queue). ``mode``, ``scored``
  and ``breakdown`` shape the log and the summary. Card questions come from
  :class:`studycli.sources.CardSource`, drills from :class:`studycli.drills.DrillSource`.
* A :class:`Frontend` (terminal or plain lines) shows a question and returns a
  :class:`Reply` with one :class:`Action`: answer, skip, undo or quit (hints are shown
  by the frontend while the question is open; ``Reply.hinted`` says one was actually
  shown). After an answer is saved it shows the result and returns a rating override,
  ``Action.UNDO``/``Action.QUIT``, or None.
* The :class:`Policy` says what happens to answers: ``record`` (False for ``--cram``),
  ``feedback`` (False for a mock exam: nothing is shown until the end, and the judged
  results are kept in :attr:`Session.results` for the exam's own summary) and
  ``time_limit`` (seconds; the countdown reaches the frontend as
  :attr:`Progress.deadline`, and at the limit the session ends as if the learner had
  quit, with :attr:`Summary.timed_out` set; a reply that comes in after the limit is
  not judged). ``skip_returns`` (exams) sends a skipped item to the end of the queue
  once, so the learner can come back to it. The time limit is measured by the
  session's ``monotonic`` clock, which tests replace.
* Every answer goes through one :class:`~studycli.recorder.Recorder` (one transaction
  per answer, however many cards it covers) before any feedback, and Ctrl-C between
  judging and saving is held back until the answer is saved. Undo restores the
  session exactly as it was before the undone answer: queue, position, re-ask plan,
  summary, and the store.
"""

from __future__ import annotations

import copy
import signal
import threading
import time
from collections.abc import Callable, Collection, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Any, Protocol

from studycli.grading import Outcome
from studycli.recorder import Recorder, Result
from studycli.summary import Breakdown, Summary

if TYPE_CHECKING:
    from types import FrameType

    from studycli.model import Mode
    from studycli.scheduler import Scheduler
    from studycli.store import Store


class Action(StrEnum):
    """What the learner can do at a question, in every frontend."""

    ANSWER = "answer"
    HINT = "hint"
    SKIP = "skip"
    UNDO = "undo"
    QUIT = "quit"


@dataclass(frozen=True, slots=True)
class Reply:
    """What the learner did with a question."""

    action: Action
    text: str = ""
    hinted: bool = False  # a hint was really shown (asking for a missing one costs nothing)
    ticked: frozenset[int] = frozenset()
    duration_ms: int | None = None


@dataclass(frozen=True, slots=True)
class Progress:
    position: int
    total: int
    mode: Mode
    started: float  # time.monotonic() at the start of the session
    deadline: float | None = None  # time.monotonic() at the time limit, if any


class Source(Protocol):
    """What is asked and how replies are judged (see the module docstring)."""

    mode: Mode
    scored: bool
    breakdown: Breakdown

    def present(self, item: Any) -> object: ...

    def judge(self, question: Any, reply: Reply) -> Result: ...

    def retries(self, item: Any, result: Result) -> int: ...

    def labels(self, result: Result) -> dict[str, str]: ...

    def scope(self) -> Collection[str]: ...


class Frontend(Protocol):
    """The one door for interaction; the loop never knows which one it talks to."""

    def ask(self, question: Any, progress: Progress) -> Reply: ...

    def feedback(self, result: Result, *, rated: bool) -> int | Action | None:
        """Show the result; return a rating (1-4) overriding the proposed one, None to
        accept it, or Action.UNDO / Action.QUIT to take the answer back or stop now.

        *rated* is False when there is no single rating to change (``--cram``, or an
        answer that covers several cards)."""
        ...

    def notice(self, message: str) -> None: ...


@dataclass(frozen=True, slots=True)
class Policy:
    record: bool = True
    feedback: bool = True
    time_limit: float | None = None
    skip_returns: bool = False  # a skipped item comes back once, at the end (exams)


@dataclass
class _Plan:
    """Everything undo must put back: the queue, where we are, who may come back."""

    queue: list[Any]
    position: int = 0
    repeats: dict[int, int] = field(default_factory=dict)  # id(item) -> times re-queued

    def copy(self) -> _Plan:
        """A copy holding the same items (re-queue counts go by the items' identity)."""
        return _Plan(list(self.queue), self.position, dict(self.repeats))


@dataclass
class _Answered:
    before: tuple[_Plan, Summary, int]  # plan, summary and len(results) before the answer
    review_ids: list[str]
    label: str


@contextmanager
def _interrupts_held() -> Iterator[None]:
    """Hold Ctrl-C back while an answer is judged and saved, then deliver it.

    Once graded, an answer is saved whatever key or signal comes next. Only the main
    thread can set signal handlers; elsewhere (tests) this does nothing.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[int] = []

    def hold(signum: int, _frame: FrameType | None) -> None:
        caught.append(signum)

    previous = signal.signal(signal.SIGINT, hold)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
    if caught:
        raise KeyboardInterrupt


class Session:
    """Runs one study session over a queue of items from a :class:`Source`."""

    def __init__(
        self,
        store: Store,
        scheduler: Scheduler,
        frontend: Frontend,
        source: Source,
        *,
        policy: Policy = Policy(),
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.store = store
        self.monotonic = monotonic  # what the time limit is measured by (tests pass a fake)
        self.frontend = frontend
        self.source = source
        self.policy = policy
        self.recorder = Recorder(store, scheduler, source.mode, clock=clock)
        self.summary = Summary(
            mode=source.mode, started=clock(), scored=source.scored, breakdown=source.breakdown
        )
        self.results: list[Result] = []  # every judged answer still standing, in order
        self._history: list[_Answered] = []
        self._plan = _Plan([])

    def run(self, items: Sequence[Any]) -> Summary:
        """Ask every item; quit, end of input, the time limit or Ctrl-C end early, with
        everything answered kept."""
        self._plan = _Plan(list(items))
        started = self.monotonic()
        deadline = None if self.policy.time_limit is None else started + self.policy.time_limit
        deferred: set[int] = set()  # id(item) of items skipped to the end already
        try:
            while self._plan.position < len(self._plan.queue):
                if deadline is not None and self.monotonic() >= deadline:
                    self.summary.timed_out = True
                    break
                plan = self._plan
                item = plan.queue[plan.position]
                question = self.source.present(item)
                number, total = plan.position + 1, len(plan.queue)
                if self.policy.skip_returns:  # a paper keeps its length and its numbering
                    number, total = plan.queue.index(item) + 1, total - len(deferred)
                progress = Progress(number, total, self.source.mode, started, deadline)
                reply = self.frontend.ask(question, progress)
                if deadline is not None and self.monotonic() >= deadline:
                    self.summary.timed_out = True  # an answer given after time is not marked
                    break
                if reply.action is Action.QUIT:
                    break
                if reply.action is Action.SKIP:
                    plan.position += 1
                    if self.policy.skip_returns and id(item) not in deferred:
                        deferred.add(id(item))
                        plan.queue.append(item)
                    else:
                        self.summary.skipped += 1
                elif reply.action is Action.UNDO:
                    self._undo()
                elif reply.action is Action.ANSWER and self._answer(item, question, reply):
                    break
        except KeyboardInterrupt:
            self.summary.interrupted = True
        self.summary.seconds = self.monotonic() - started
        self.summary.next_due = self.store.next_due(self.source.scope())
        return self.summary

    def _answer(self, item: Any, question: object, reply: Reply) -> bool:
        """Judge, save and count one answer, then show it; True when the learner quits."""
        plan = self._plan
        before = (plan.copy(), copy.deepcopy(self.summary), len(self.results))
        with _interrupts_held():
            result = self.source.judge(question, reply)
            ids = self.recorder.record(result, reply.duration_ms) if self.policy.record else []
            self.summary.add(result, self.source.labels(result))
            self.results.append(result)
            self._history.append(_Answered(before, ids, _label(question)))
            plan.position += 1
            if result.outcome is Outcome.WRONG:
                done = plan.repeats.get(id(item), 0)
                if done < self.source.retries(item, result):
                    plan.repeats[id(item)] = done + 1
                    plan.queue.append(item)
        if not self.policy.feedback:
            return False
        rated = self.policy.record and len(result.marks) == 1
        then = self.frontend.feedback(result, rated=rated)
        if then is Action.UNDO:
            self._undo()
        elif then is Action.QUIT:
            return True
        elif isinstance(then, int) and ids and then != int(result.rating):
            self.recorder.amend(ids, then)
        return False

    def _undo(self) -> None:
        """Take back the last answer and put the session back as it was before it."""
        if not self._history:
            self.frontend.notice("Nothing to undo.")
            return
        last = self._history[-1]
        if last.review_ids and not self.recorder.undo(last.review_ids):
            self.frontend.notice(
                "Cannot undo: this card has been reviewed since (in another session)."
            )
            return
        self._history.pop()
        plan, summary, answered = last.before
        self._plan = plan
        self.summary = summary
        del self.results[answered:]
        self.frontend.notice(f"Undone: {last.label}")


def _label(question: object) -> str:
    """A short name for the undone question: its prompt, or its first event's title."""
    card = getattr(question, "card", None)
    if card is not None:
        return str(card.prompt or card.id)
    events = getattr(question, "events", ())
    return str(events[0].title) if events else "the last answer"
