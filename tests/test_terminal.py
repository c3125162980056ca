"""The interactive session in a real pseudo-terminal, driven key by key with pexpect.

prompt_toolkit only talks to a terminal, so these tests spawn ``python -m studycli`` in
a pty 60 columns wide and type into it. The terminal's replies to cursor position
requests are played by :class:`Terminal`, as a real terminal emulator would answer.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import EVERY_KIND

pexpect = pytest.importorskip("pexpect")

pytestmark = pytest.mark.slow

ROWS, COLUMNS = 40, 60
TIMEOUT = 30.0
ENTER, CTRL_C, CTRL_D, CTRL_U, CTRL_Z, TAB = "\r", "\x03", "\x04", "\x15", "\x1a", "\t"
DOWN = "\x1b[B"
CPR_REQUEST = "\x1b[6n"
# The cursor is on the last row: the usual case once a session has scrolled a little.
CPR_REPLY = f"\x1b[{ROWS};1R"

_ESCAPE = re.compile(
    r"\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)"  # OSC ... BEL/ST
    r"|\x1b\[[0-?]*[ -/]*[@-~]"  # CSI
    r"|\x1b[@-Z\\-_]"  # two-character escapes
)
_FORWARD = re.compile(r"\x1b\[(\d*)C")  # cursor forward: prompt_toolkit's way to draw spaces
_COLOURS = {*range(30, 39), *range(40, 49), *range(90, 98), *range(100, 108)}


def screen_text(raw: str) -> str:
    """The characters a terminal would show, in the order written, escapes dropped.

    A trailing escape sequence that has not fully arrived is left out, so the text only
    ever grows by appending (match offsets stay valid between reads).
    """
    tail = raw.rfind("\x1b")
    if tail != -1 and not _ESCAPE.match(raw, tail) and len(raw) - tail < 64:
        raw = raw[:tail]
    raw = _FORWARD.sub(lambda m: " " * int(m.group(1) or 1), raw)
    return _ESCAPE.sub("", raw).replace("\r", "")


def colour_codes(raw: str) -> list[str]:
    """The SGR sequences in *raw* that set a foreground or background colour."""
    found = []
    for match in re.finditer(r"\x1b\[([0-9;]*)m", raw):
        params = {int(p) for p in match.group(1).split(";") if p}
        if params & _COLOURS:
            found.append(match.group(0))
    return found


class Terminal:
    """``studycli`` in a pty, with expectations matched on the text a user would read.

    pexpect's own patterns would run on the raw stream, where prompt_toolkit interleaves
    cursor movements with the characters; so :meth:`expect` lets pexpect collect output
    (with its timeout) and matches the pattern on :func:`screen_text` instead. Each
    match consumes the text up to its end, like pexpect does.
    """

    def __init__(self, *args: str, env: dict[str, str]) -> None:
        self.child = pexpect.spawn(
            sys.executable,
            ["-m", "studycli", *args],
            env=env,
            dimensions=(ROWS, COLUMNS),
            encoding="utf-8",
            codec_errors="replace",
            timeout=TIMEOUT,
        )
        self.raw = ""
        self._seen = 0
        self._answered = 0

    @property
    def text(self) -> str:
        return screen_text(self.raw)

    def _take(self, chunk: str) -> None:
        self.raw += chunk
        while self.raw.count(CPR_REQUEST) > self._answered:
            self.child.send(CPR_REPLY)
            self._answered += 1

    def expect(self, pattern: str, timeout: float = TIMEOUT) -> re.Match[str]:
        compiled = re.compile(pattern, re.MULTILINE)
        deadline = time.monotonic() + timeout
        while True:
            match = compiled.search(self.text, self._seen)
            if match:
                self._seen = match.end()
                return match
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise AssertionError(f"timed out waiting for {pattern!r}; screen:\n{self.text}")
            try:
                self.child.expect(r"[\s\S]+", timeout=remaining)
            except pexpect.TIMEOUT:
                continue
            except pexpect.EOF:
                self._take(self.child.before or "")
                match = compiled.search(self.text, self._seen)
                if match:
                    self._seen = match.end()
                    return match
                raise AssertionError(
                    f"studycli exited before {pattern!r}; screen:\n{self.text}"
                ) from None
            self._take(self.child.after)

    def prompt(self) -> None:
        """Wait until prompt_toolkit is reading keys (it draws ``›`` once in raw mode)."""
        self.expect(r"^›")

    def send(self, keys: str) -> None:
        self.child.send(keys)

    def question(self) -> tuple[str, dict[str, str]]:
        """Wait for the next question; return its kind and {option text: number}."""
        kind = self.expect(r"─ every-kind · \w+ · (\w+) ─").group(1)
        body = self.expect(r"[\s\S]*?╰").group(0)
        options = {
            match.group(2).strip(): match.group(1)
            for match in re.finditer(r"│ (\d)\) (?:[a-z]\. )?(.+?)\s*│", body)
        }
        self.prompt()
        return kind, options

    def finish(self) -> int:
        """Wait for exit; return the exit status."""
        try:
            self.child.expect(pexpect.EOF, timeout=TIMEOUT)
        finally:
            self._take(self.child.before or "")
            self.child.close()
        status: int = self.child.exitstatus
        return status


@pytest.fixture
def term_env(studycli_home: Path) -> dict[str, str]:
    env = os.environ.copy()
    env.update(
        STUDYCLI_HOME=str(studycli_home),
        COLUMNS=str(COLUMNS),
        LINES=str(ROWS),
        TERM="xterm",
        NO_COLOR="1",
        PYTHONIOENCODING="utf-8",
    )
    return env


def every_kind(env: dict[str, str], *kinds: str, count: int = 1) -> Terminal:
    args = ["--deck", str(EVERY_KIND), "quiz", "--deck", "every-kind", "-n", str(count)]
    for kind in kinds:
        args += ["--kind", kind]
    return Terminal(*args, env=env)


def ratings(home: Path) -> list[int]:
    with sqlite3.connect(home / "progress.sqlite3") as db:
        rows = db.execute("SELECT rating FROM review ORDER BY reviewed_at").fetchall()
    return [rating for (rating,) in rows]


def total_reviews(env: dict[str, str]) -> int:
    result = subprocess.run(
        [sys.executable, "-m", "studycli", "stats", "--json"],
        capture_output=True,
        text=True,
        env=env,
        timeout=TIMEOUT,
        check=True,
    )
    count: int = json.loads(result.stdout)["total_reviews"]
    return count


WANTED_ORDER = [
    "The Secret Speech",
    "Poznań revolt",
    "Gomułka returns",
    "Soviet assault on Budapest",
]


def test_typed_answer_with_progressive_hints_and_a_marked_typo(
    term_env: dict[str, str], studycli_home: Path
) -> None:
    term = every_kind(term_env, "typed")
    term.expect(r"quiz · card 1 of 1 · 0:0\d")
    assert term.question()[0] == "typed"
    term.send("?" + ENTER)
    term.expect(r"^Hint: Dictated in December 1922$")
    term.prompt()
    term.send("Len" + TAB)  # Tab asks for the next hint and keeps what was typed
    term.expect(r"^Starts with: L____'_ T________$")
    term.prompt()
    term.send("in's Testment" + ENTER)
    term.expect(r"✓ Correct — spelled Lenin's Testament\.")
    mine = term.expect(r"^ *You +(Lenin's Test·ment) *$")
    theirs = term.expect(r"^ *Expected +(Lenin's Testament) *$")
    carets = term.expect(r"^ +\^ *$")
    # The caret stands under the letter that was missing, in both lines.
    column = carets.group(0).index("^")
    assert mine.group(0)[column] == "·"
    assert theirs.group(0)[column] == "a"
    term.expect(r"^Lenin proposed moving Stalin")
    term.expect(r"^Source: Speech of 25 Feb 1956")
    term.expect(r"Rating Hard")  # a hint and a typo: Hard is proposed
    term.send(ENTER)
    term.expect(r"Answered 1: 1 right")
    assert term.finish() == 0
    assert ratings(studycli_home) == [2]


def test_choice_by_letter_and_a_rating_override(
    term_env: dict[str, str], studycli_home: Path
) -> None:
    term = every_kind(term_env, "choice")
    kind, options = term.question()
    assert kind == "choice"
    assert set(options) == {"Bulganin", "Malenkov", "Molotov", "Voroshilov"}
    letter = "abcd"[int(options["Bulganin"]) - 1]
    term.send(letter + ENTER)
    term.expect(r"^✓ Correct\.$")
    term.expect(r"Rating Good")
    term.send("4")  # a digit chooses Easy instead of the proposed Good; Enter confirms
    term.expect(r"Easy")
    term.send(ENTER)
    term.expect(r"Answered 1: 1 right, 0 partly right")
    term.expect(r"content: 1/1 right, 100%")
    term.expect(r"Score: 100%")
    term.expect(r"Next card due: ")
    assert term.finish() == 0
    assert ratings(studycli_home) == [4]
    # Everything fits a 60-column terminal.
    panel = [line for line in term.text.splitlines() if line[:1] in {"╭", "│", "╰", "┃", "┏"}]
    assert panel
    assert max(len(line) for line in panel) <= COLUMNS


def test_cram_asks_for_no_rating_and_keeps_nothing(term_env: dict[str, str]) -> None:
    term = Terminal(
        "--deck", str(EVERY_KIND), "quiz", "--deck", "every-kind", "--kind", "choice",
        "-n", "1", "--cram", env=term_env,
    )  # fmt: skip
    _kind, options = term.question()
    term.send("abcd"[int(options["Bulganin"]) - 1] + ENTER)
    term.expect(r"^✓ Correct\.$")
    term.expect(r"Not scheduled \(cram\) · Enter next")
    term.send("4")  # no rating to change: ignored, the prompt stays
    term.send(ENTER)
    term.expect(r"Answered 1")
    assert term.finish() == 0
    assert "Rating" not in term.text
    assert "Easy" not in term.text
    assert total_reviews(term_env) == 0


def test_choice_picked_with_the_arrow_keys(term_env: dict[str, str]) -> None:
    term = every_kind(term_env, "choice")
    _kind, options = term.question()
    term.send(DOWN * int(options["Bulganin"]))
    term.expect(r"→ Bulganin")  # the toolbar names the option selected
    term.send(ENTER)
    term.expect(r"^✓ Correct\.$")
    term.expect(r"Rating Good")
    term.send(ENTER)
    assert term.finish() == 0
    assert total_reviews(term_env) == 1


def test_multi_and_order_answered_with_keys(term_env: dict[str, str]) -> None:
    term = every_kind(term_env, "multi", "order", count=2)
    for _ in range(2):
        kind, options = term.question()
        if kind == "multi":
            term.send(f"{options['Chechens']},{options['Kalmyks']}" + ENTER)
        else:
            assert kind == "order"
            assert set(options) == set(WANTED_ORDER)  # Unicode names arrive intact
            term.send(" ".join(options[item] for item in WANTED_ORDER) + ENTER)
        term.expect(r"^✓ Correct\.$")
        term.expect(r"Rating Good")
        term.send(ENTER)
    term.expect(r"Answered 2: 2 right")
    assert term.finish() == 0
    assert total_reviews(term_env) == 2


def test_malformed_reply_is_asked_again_not_graded(term_env: dict[str, str]) -> None:
    term = every_kind(term_env, "order")
    _kind, options = term.question()
    term.send("1 1" + ENTER)
    term.expect(r"^Type numbers 1-4, each once\.$")
    term.prompt()  # asked again, the reply kept for editing
    term.send(CTRL_U + " ".join(options[item] for item in WANTED_ORDER) + ENTER)
    term.expect(r"^✓ Correct\.$")
    term.expect(r"Rating Good")
    term.send(ENTER)
    assert term.finish() == 0
    assert total_reviews(term_env) == 1


def test_points_ticked_by_the_learner(term_env: dict[str, str]) -> None:
    term = every_kind(term_env, "points")
    term.question()
    term.send("The leaders themselves carried it out" + ENTER)
    term.expect(r"Key points \(✓ found in your answer\):")
    term.expect(r"2\) ✓ the leaders themselves had carried it out")
    term.expect(r"Points made in other words")
    term.send("9" * 5000 + ENTER)  # no point has that number, and it is no crash either
    term.expect(r"Type point numbers 1-3, or Enter for none\.")
    term.expect(r"Points made in other words")
    term.send("1" + ENTER)
    term.expect(r"^≈ Partly right · 2 of 3 key points covered\.$")
    term.expect(r"Rating Hard")
    term.send(ENTER)
    term.expect(r"Answered 1: 0 right, 1 partly right")
    assert term.finish() == 0


def test_ctrl_c_while_ticking_points_keeps_the_written_answer(
    term_env: dict[str, str], studycli_home: Path
) -> None:
    """The answer is written and graded; Ctrl-C at "Points made in other words" used to
    lose it. It is saved with the points the grader found, then the session ends."""
    term = every_kind(term_env, "points")
    term.question()
    term.send("The leaders themselves carried it out" + ENTER)
    term.expect(r"Points made in other words")
    term.send(CTRL_C)
    term.expect(r"Session interrupted; everything answered is saved\.")
    term.expect(r"Answered 1: 0 right, 0 partly right, 1 wrong")
    assert term.finish() == 130
    assert "Traceback" not in term.text
    export = studycli_home / "export.jsonl"
    subprocess.run(
        [sys.executable, "-m", "studycli", "progress", "export", str(export)],
        env=term_env,
        timeout=TIMEOUT,
        check=True,
        capture_output=True,
    )
    rows = [json.loads(line) for line in export.read_text(encoding="utf-8").splitlines()[1:]]
    assert [(r["card_key"], r["answer"], r["outcome"], r["mode"]) for r in rows] == [
        (
            "every-kind/why-collectivization",
            "The leaders themselves carried it out",
            "wrong",
            "quiz",
        )
    ]
    assert rows[0]["score"] == pytest.approx(1 / 3)


def test_skip_undo_and_quit(term_env: dict[str, str], studycli_home: Path) -> None:
    term = every_kind(term_env, "typed", "choice", "truefalse", count=3)
    typed = r"^Undone: Which document did Khrushchev read out"

    assert term.question()[0] == "typed"
    term.send(ENTER)  # an empty line: "I don't know"
    term.expect(r"^✗ Wrong · No answer\.$")
    term.expect(r"^ *Expected +Lenin's Testament *$")
    term.expect(r"Rating Again")
    term.send("u" + ENTER)  # undo straight from the feedback
    term.expect(typed)
    assert term.question()[0] == "typed"
    term.send("Testament" + ENTER)
    term.expect(r"^✓ Correct\.$")
    term.expect(r"Rating Good")
    term.send(ENTER)

    assert term.question()[0] == "choice"
    term.send(":u" + ENTER)  # undo the typed answer from the next question
    term.expect(typed)
    assert term.question()[0] == "typed"
    term.send("Lenins testament" + ENTER)
    term.expect(r"Rating Good")
    term.send(ENTER)

    assert term.question()[0] == "choice"
    term.send("s" + ENTER)  # skip
    assert term.question()[0] == "truefalse"
    term.send(CTRL_Z)  # undo once more, with the key
    term.expect(typed)
    assert term.question()[0] == "typed"
    term.send("Letter to the Congress" + ENTER)
    term.expect(r"Rating Good")
    term.send("3" + ENTER)

    # Undo put the session back as it was before that answer: the skip is undone too.
    assert term.question()[0] == "choice"
    term.send(CTRL_D)  # quit
    term.expect(r"Answered 1: 1 right, 0 partly right, 0 wrong in")
    assert term.finish() == 0
    assert "Session interrupted" not in term.text
    assert ratings(studycli_home) == [3]
    assert total_reviews(term_env) == 1


@pytest.mark.parametrize("where", ["answer", "rating"])
def test_ctrl_c_saves_prints_the_summary_and_exits_130(
    term_env: dict[str, str], where: str
) -> None:
    term = every_kind(term_env, "typed", "choice", count=2)
    term.question()
    term.send("Testament" + ENTER)
    term.expect(r"Rating Good")
    if where == "answer":
        term.send(ENTER)
        term.question()
    term.send(CTRL_C)
    term.expect(r"Session interrupted; everything answered is saved\.")
    term.expect(r"Answered 1: 1 right")
    assert term.finish() == 130
    assert "Traceback" not in term.text
    assert total_reviews(term_env) == 1


EVIL_DECK = r"""
[deck]
id = "evil"
title = "Evil [bold red]deck[/]"
topic = "omissions"

[[card]]
id = "markup"
kind = "typed"
prompt = "Is [bold red]X[/] plain? [link=http://evil]y[/link]\u001b]0;pwned\u0007 \u001b[31mred"
answer = "[i]Хрущёв[/i]"
hint = "[blink]Nikita[/blink] \u001b[5m"
explain = "Explain [bold red]X[/] \u001b[31mstill plain\u001b[0m [link=http://evil]y[/link]"
source = "Source \u001b]8;;http://evil\u0007click\u001b]8;;\u0007 here"
"""


def test_deck_markup_is_shown_literally_and_escapes_are_stripped(
    term_env: dict[str, str], tmp_path: Path
) -> None:
    deck = tmp_path / "evil.toml"
    deck.write_text(EVIL_DECK, encoding="utf-8")
    term = Terminal("--deck", str(deck), "quiz", "--deck", "evil", env=term_env)
    term.expect(r"─ evil · omissions · typed ─")
    term.expect(r"Is \[bold red\]X\[/\] plain\?")
    term.expect(r"\[link=http://evil\]y\[/link\]\s+red")
    term.prompt()
    term.send("?" + ENTER)
    term.expect(r"^Hint: \[blink\]Nikita\[/blink\] $")
    term.prompt()
    term.send("nobody" + ENTER)
    term.expect(r"^ *Expected +\[i\]Хрущёв\[/i\] *$")
    term.expect(r"^Explain \[bold red\]X\[/\] still plain\s+\[link=http://evil\]y\[/link\]$")
    term.expect(r"^Source: Source click here$")
    term.expect(r"Rating Again")
    term.send(ENTER)
    assert term.finish() == 0
    for sequence in ("pwned", "\x1b]0;", "\x1b]8;", "\x1b[31m", "\x1b[5m", "\x07"):
        assert sequence not in term.raw, sequence
    assert colour_codes(term.raw) == []


@pytest.mark.parametrize("flag", [False, True])
def test_colour_unless_no_color(term_env: dict[str, str], flag: bool) -> None:
    env = {key: value for key, value in term_env.items() if key != "NO_COLOR"}
    args = ["--no-color"] if flag else []
    term = Terminal(*args, "--deck", str(EVERY_KIND), "quiz", "--deck", "every-kind", env=env)
    term.question()
    term.send(CTRL_D)
    term.expect(r"Answered 0")
    assert term.finish() == 0
    assert bool(colour_codes(term.raw)) is not flag
