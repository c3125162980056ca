"""Why a figure misses its target, and what to change: the prose of "Missed targets".

``run.py`` prints an entry only when its figure misses (or nearly misses) in that run,
next to the evidence measured in the same run (profile, import costs, query comparison).
For the scale figures the causes are picked from ``CAUSES`` by the profile of that run:
a function is named when it takes a noticeable share of the command, so the text follows
the code as it changes. The diagnoses were made with these same tools on the machine
described in docs/performance.md; numbers in the prose are rounded and indicative, the
tables beside them are the measured ones.
"""

from __future__ import annotations

from dataclasses import dataclass

STORE_READS = """\
The big store holds {keys:,} card keys, but only the {bundled} cards of the bundled decks
are in play. A read that is not limited to the cards in play is sized by the *store*: every
row comes back to Python (often turned into datetimes) only to be filtered there."""


@dataclass(frozen=True)
class Cause:
    """One function that can make a command slow on a big store: why, and the fix."""

    why: str
    fix: str


# Keyed by the function's label in the profile (see profiles.py), without the line.
CAUSES: dict[str, Cause] = {
    "studycli.store._keys_table": Cause(
        "`Store._keys_table` loads the keys in play into a TEMP table to join on: a"
        " `CREATE`, a `DELETE` and one `INSERT` per key, each time the set of keys changes.",
        "Pass the keys as one JSON parameter instead (`card_key IN (SELECT value FROM"
        " json_each(?))`): no writes, nothing to clean up, same plan.",
    ),
    "studycli.stats._older_days": Cause(
        "`stats._older_days` runs whenever the streak reaches back to the start of the"
        " 12-week heatmap (any learner with a streak of 12 weeks or more) and calls"
        " `Store.reviews_since(now - 3650 days)`: the whole review log, computed through"
        " `LAG() OVER (PARTITION BY card_key ORDER BY reviewed_at)`, fetched, parsed (up to"
        " three `parse_utc` per row) and turned into study days (`study_day`, one"
        " `astimezone` per review) only to build a set of dates. This also holds the"
        " whole log in memory as tuples of datetimes.",
        "Compute the streak by walking back one study day at a time from"
        " `day_bounds(now, rollover)`, asking `Store.reviewed_between(start, end) -> bool`"
        " (`SELECT 1 FROM review WHERE reviewed_at >= ? AND reviewed_at < ? LIMIT 1`,"
        " served by the `review_time` index): one probe per day of streak (~15 ms for"
        " 1,000 days), nothing held in memory.",
    ),
    "studycli.store.reviews_since": Cause(
        "`Store.reviews_since`, read once by `stats.full_stats` for the heatmap and true"
        " retention, computes LAG over the full history of every card in play (to know"
        " each review's predecessor) and returns every review of the last 12 weeks to"
        " Python, where they are only counted by study day or checked for their interval.",
        "Compute what `stats` needs in SQL: a `COUNT(*)` per study day on the"
        " `review_time` index for the heatmap (84 probes, ~12 ms), and one aggregate for"
        " true retention (LAG inside the window plus one `MAX(reviewed_at)` probe on"
        " `review_card` per card; `retention_sql` in `benchmarks/query_costs.py`): no rows"
        " to Python.",
    ),
}

SCALE_INTRO = {
    "quiz-big": "`quiz` on the big store",
    "stats-big": "`stats --json` on the big store",
}

DIAGNOSES: dict[str, str] = {
    "rss-big": """\
**Why.** The peak belongs to the command named in the figure, on the big store (the
per-command peaks are in "Scale"). Reads are limited to the cards in play, but the ones
that return review rows (`Store.reviews_since`, behind the heatmap, the streak and true
retention) hold every matching review in Python at once as tuples of datetimes, so the
peak grows with the history of the cards in play.

**Fix.** Have the store answer with counts, a streak or an aggregate (see the causes
listed for the slow commands above, and `benchmarks/query_costs.py`), so that nothing in
Python grows with the number of reviews.
""",
    "startup-decks-list": """\
**Why.** The 30 % allowance is only 50-70 ms (the baseline takes 160-260 ms on this
machine, depending on its load). Rich and the TOML parse are no longer on this path
(the table is plain columns; the decks come from the deck cache, and are parsed only
after an edit: last row of the phase table). What remains above the baseline, from the
phase table in "Startup" and the import table above:

- Typer turning every studycli command and option into Click objects before it parses
  anything (`typer.main.get_command`, ~8-13 ms against ~0.5 ms for the one-command
  baseline): the price of a many-command CLI under Typer, paid by every command.
- Importing studycli's command modules (~12 ms), most of it `studycli.model`: twelve
  frozen, slotted dataclasses are created at import, ~0.8 ms each (slots and frozen
  each add generated methods).
- Loading the bundled decks from the cache (~5 ms, mostly unpickling ~300 KB).
- The column formatter and `rich.cells` for cell widths (~2 ms).

**Fix**, if a later change pushes it over: build Typer's subcommands lazily (a custom
Click group behind Typer) to save most of the tree; shrink the pickle (date cards can be
rebuilt from their events on load); or give up `slots=True` on the model's dataclasses
(~0.2 ms a class) where memory does not matter.
""",
    "startup-quiz": """\
**Why.** Before its first question `quiz` imports studycli's CLI and the session stack
(`cli.study`, `session`, `grading`, `store`, `model`, `ui.plain`: ~30 ms, mostly
dataclass creation in `studycli.model` and `studycli.grading`), has Typer build the
Click tree of every command (~8-13 ms), loads the decks from the deck cache (~5 ms),
imports `fsrs` and builds the scheduler (~5 ms), then opens the store and builds the
queue (~1-3 ms); see the phase table in "Startup".

**Fix**, if needed: construct the `Scheduler` (and import `fsrs`) only when the queue
needs retrievability or the first answer is scheduled (~5 ms), and the Typer and model
items given for `decks list`.
""",
    "startup-version": """\
**Why.** `--version` is handled by an eager callback, but `studycli.cli.main` imports
every command module first; see the import table above for what they pull in.

**Fix.** Keep command modules free of module-level imports of the core (in particular
`cli/timeline.py`'s `from studycli.model import Topic`).
""",
    "startup-help": """\
**Why.** `--help` builds every command's parameters, so it imports every command module
and what they import at module level; see the import table above.

**Fix.** As for `--version`: no core imports at module level in `studycli/cli/`.
""",
    "deck-load": """\
**Why / fix.** See the profile of `load_deck` (`python -m cProfile benchmarks/big_deck.py`):
TOML parsing (`tomli.loads`) and per-field validation in `studycli.loader`.
""",
    "answer-big": """\
**Why / fix.** Profile `benchmarks/answer_overhead.py --store` with cProfile: the
candidates are `Store.state` (a primary-key read), `Store.record` (one insert into three
indexes of `review` plus an upsert into `card_state`) and `Scheduler.review`.
""",
}
