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
    "deck-load": """\
**Why / fix.** See the profile of `load_deck` (`python -m cProfile benchmarks/big_deck.py`):
TOML parsing (`tomli.loads`) and per-field validation in `studycli.loader`.
""",
    "answer-big": """\
**Why / fix.** Profile `benchmarks/answer_overhead.py --store` with cProfile: the
candidates are `Store.state` (a primary-key read), `Store.record` (one insert into three
indexes of `review` plus an upsert into `card_state`) and `Scheduler.review`.
""",
    "answer-p99-big": """\
**Why / fix.** A slow answer among the fast ones is a pause, not a cost per answer: look
at the answers of 10 ms or more in the table above. SQLite's WAL checkpoint was one
(now left to closing the store); the first write also waits for the background
integrity check of the file (`studycli/integrity.py`), which on the big store may still
be running when answers come in at once, as they do in this benchmark.
""",
}
