"""The Markdown of docs/performance.md, section by section, from one run's results."""

from __future__ import annotations

import import_costs
import profiles
import query_costs
import scale
from benchlib import Run, Spread, median, paired_ratio
from diagnoses import CAUSES, DIAGNOSES, SCALE_INTRO, STORE_READS, Cause
from figures import Evidence, Figure, ms
from phase_split import PHASE_ORDER
from startup_commands import BASELINE, Command, Results

PROFILE_ROWS = 14
SIGNIFICANT_S = 0.03  # a function named as a cause takes at least this long...
SIGNIFICANT_SHARE = 0.05  # ...and this share of the profiled run


def _secs(runs: list[Run]) -> list[float]:
    return [run.seconds for run in runs]


def _table(header: list[str], rows: list[list[str]], align: str = "") -> list[str]:
    align = align or "l" + "r" * (len(header) - 1)
    marks = {"l": "---", "r": "---:", "c": ":---:"}
    lines = ["| " + " | ".join(header) + " |"]
    lines.append("| " + " | ".join(marks[a] for a in align) + " |")
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return [*lines, ""]


def results_table(figures: list[Figure]) -> list[str]:
    from figures import verdict

    rows = [[f.name, f.target, f.measured, verdict(f)] for f in figures]
    return _table(["figure", "target", "measured", "met"], rows, align="lllc")


def startup_table(cmds: list[Command], results: Results, *, pty: bool) -> list[str]:
    """One row per command: to exit (min/median/max, paired ratio), to the first line."""
    rows = []
    base_all = [run.seconds for runs in results.values() for run in runs[1]]
    spread = Spread.of(base_all)
    rows.append(
        [f"`{BASELINE}`", ms(spread.low), ms(spread.mid), ms(spread.high), "1.00x", "", ""]
        + ([] if pty else [""])
    )
    for command in cmds:
        runs, base = results[command.name]
        base_secs = _secs(base)
        whole = Spread.of(_secs(runs))
        first = [run.first_line for run in runs]
        row = [
            f"`{command.name}`",
            ms(whole.low),
            ms(whole.mid),
            ms(whole.high),
            f"{paired_ratio(_secs(runs), base_secs):.2f}x",
            f"{ms(Spread.of(first).mid)}",
            f"{paired_ratio(first, base_secs):.2f}x",
        ]
        if not pty:
            row.append(f"{median([run.maxrss_mib for run in runs]):.0f}")
        rows.append(row)
    header = ["command", "min", "median", "max", "paired", "first line", "paired"]
    if pty:
        header[5] = "first line / question"
    return _table(header + ([] if pty else ["peak RSS MiB"]), rows)


def startup_section(cmds: list[Command], piped: Results, in_pty: Results, rounds: int) -> list[str]:
    return [
        "## Start-up",
        "",
        f"{rounds} paired rounds after two warm-up rounds (see Method). *min/median/max*:",
        "the whole process, from spawning it until it has exited; *paired*: the median",
        "over rounds of the command's time / the baseline's run next to it (the figure",
        "judged). *first line*: until the first line of output, or for `quiz`, `review`",
        "and `exam` the first question, with its own paired ratio.",
        "",
        "**stdout a pipe** (plain text; `quiz -n 1` and `exam -n 1` answer one question",
        "with an empty line and run to their summary; `review` ends at its first",
        "question, at the end of its input, and is judged to that question):",
        "",
        *startup_table(cmds, piped, pty=False),
        "**In a terminal** (a pty: Rich output, prompt_toolkit input; the others to exit,",
        "the interactive commands to the answer prompt under the first question (*min,",
        "median, max*) and to that question's panel (*first line / question*, the figure",
        "judged): prompt_toolkit is imported once the question is on screen):",
        "",
        *startup_table(cmds, in_pty, pty=True),
        "The baseline pays for Pydantic (~45 ms): Typer builds a Pydantic adapter for",
        "each option it converts. studycli converts its plain option values (strings,",
        "whole numbers and decimals within bounds, topics, paths that pass their checks)",
        "itself, with the same result, and leaves any other value to Typer",
        "(`studycli/cli/coercion.py`; `tests/test_coercion.py` compares the two).",
        "",
    ]


def phases_section(split: dict[str, dict[str, float]], *, pty: bool) -> list[str]:
    """Phase by phase, for the commands within 10 % of (or over) a start-up target."""
    if len(split) <= 1:
        return []
    names = list(split)
    phases: list[str] = []
    for name in names:
        phases += [phase for phase in split[name] if phase not in phases]
    phases.sort(key=lambda phase: PHASE_ORDER.index(phase) if phase in PHASE_ORDER else 99)
    rows = [[phase, *(f"{split[name].get(phase, 0.0):.1f}" for name in names)] for phase in phases]
    rows.append(["total", *(f"{sum(split[name].values()):.1f}" for name in names)])
    where = "in a terminal" if pty else "with stdout a pipe"
    return [
        f"### Where the time goes {where} (commands within 10 % of a target, or over it)",
        "",
        f"`benchmarks/phase_split.py{' --pty' if pty else ''}`: each command's whole"
        f" process {where},",
        "split at its boundaries by a thin harness (medians of 7 runs, ms; an interactive",
        "command in a terminal is quit at its first prompt).",
        "",
        *_table(["phase", *(f"`{name}`" for name in names)], rows),
    ]


def imports_section(base_ms: float, extras: list[import_costs.Extra], runs: int) -> list[str]:
    lines = [
        "## Imports beyond the minimal Typer app",
        "",
        f"`python -X importtime`, {runs} runs of each command, median self time per module.",
        "A module is *extra* when the command imports it and the minimal app does not;",
        "roots are the first extra module on each import path, with the self time of all",
        "extra modules below them. importtime inflates times somewhat; compare proportions.",
        f"The minimal app's own imports total {base_ms:.0f} ms under importtime.",
        "",
    ]
    for extra in extras:
        lines.append(
            f"**`{extra.command}`**: +{extra.total_ms:.0f} ms in {extra.modules} extra modules."
        )
        packages = ", ".join(f"`{p}` {ms:.1f} ms" for p, ms, _n in extra.by_package[:6])
        lines.append(f"By package: {packages}.")
        heaviest = ", ".join(f"`{name}` {ms:.1f} ms" for name, ms in extra.heaviest)
        lines.append(f"Heaviest modules (own time): {heaviest}.")
        if extra.avoided:
            avoided = ", ".join(f"`{p}` {ms:.0f} ms" for p, ms in extra.avoided)
            lines.append(
                f"Not imported although the minimal app does: {extra.avoided_ms:.0f} ms"
                f" ({avoided})."
            )
        lines.append("")
        rows = [[f"`{root}`", f"{count}", f"{ms:.1f}"] for root, ms, count in extra.roots[:6]]
        lines += _table(["top contributors (roots)", "modules", "ms"], rows)
    return lines


def scale_section(r: scale.ScaleResults) -> list[str]:
    meta = r.store_meta
    store_mib = int(str(meta.get("bytes", 0))) / 2**20
    rows_quiz = [
        [
            name,
            ms(median(_secs(runs))),
            ms(min(_secs(runs))),
            ms(max(_secs(runs))),
            f"{max(run.maxrss_mib for run in runs):.0f}",
        ]
        for name, runs in [
            ("`quiz` first question, empty store", r.quiz_empty),
            ("`quiz` first question, big store", r.quiz_big),
            ("`quiz` to exit at end of input, big store", r.quiz_exit_big),
            ("`stats --json`, empty store", r.stats_empty),
            ("`stats --json`, big store", r.stats_big),
        ]
    ]
    return [
        "## Scale",
        "",
        f"**Deck.** `benchmarks/big_deck.py` writes one deck of {r.deck_cards:,} cards",
        f"({r.deck_mib:.1f} MiB of TOML): the seven authored kinds and timeline events (date",
        "cards) in equal shares, with prompts, three-sentence `explain`, `source` and tags as",
        "long as the bundled decks'. `studycli.loader.load_deck` (parse and full",
        f"validation) took {', '.join(ms(s) for s in r.deck_loads)} in five calls.",
        "",
        f"**Store.** `benchmarks/big_store.py` builds {int(str(meta.get('reviews', 0))):,}"
        f" reviews over {int(str(meta.get('card_keys', 0))):,} card keys",
        f"({store_mib:.0f} MiB) with `Store.open` and direct `executemany` inserts in one",
        f"transaction ({meta.get('seconds')} s). {meta.get('bundled_keys')} keys are the bundled",
        "cards, each with 30 reviews over the 1,000 days and a state (so the cards in play",
        "alone have reviews on every day: a 1,000-day streak); the rest belong to deck ids",
        "that are not installed (orphaned history), 1 to 19 reviews each. Card states",
        f"follow from the last review (a large share overdue: {r.due_total:,} keys are due",
        f"today, {r.due_in_play} of them in play). It is cached in `benchmarks/.cache/` and",
        "rebuilt when",
        f"older than 20 hours (built {meta.get('built')}); each run works on a copy.",
        "",
        "Child processes, medians with min and max, and the largest peak RSS (`wait4`) of",
        "the runs. `quiz` is timed to its first `[1/` line and killed, in alternating runs",
        'with the empty store; "to exit" gives it end of input at the first question,',
        "so it also pays for the end of the session (`Store.next_due`).",
        "",
        *_table(["run", "median", "min", "max", "peak RSS MiB"], rows_quiz),
        "**Integrity check.** Before its first write the store waits for a `PRAGMA",
        "quick_check` of the whole file, which runs in a background thread from",
        "`Store.open` (SQLite releases the GIL), so a damaged file is refused before a byte",
        "of it changes. On the big store it took",
        f"{', '.join(ms(s) for s in r.quick_checks)} in three runs: spent while the first",
        "question is on screen, it is not in the first-question figures above.",
        "",
        "Per-answer overhead (`benchmarks/answer_overhead.py`: grade, read state, FSRS",
        "review, insert review + upsert state in one committed transaction):",
        "",
        *_table(
            ["store", "answers", "median", "p95", "p99", "max (answer no.)", ">= 10 ms", "close"],
            [
                [
                    name,
                    f"{fig['answers']:.0f}",
                    f"{fig['median_ms']:.3f}",
                    f"{fig['p95_ms']:.3f}",
                    f"{fig['p99_ms']:.3f}",
                    f"{fig['max_ms']:.2f} ({fig.get('max_at', 0):.0f})",
                    f"{fig['over_10_ms']:.0f}",
                    f"{fig['close_ms']:.1f}",
                ]
                for name, fig in [("fresh", r.answers_empty), ("1M reviews", r.answers_big)]
            ],
        ),
        "The commit is cheap because the store runs WAL with `synchronous = NORMAL`: a",
        "commit reaches the OS (safe against a killed process) without an fsync each time.",
        "SQLite's automatic WAL checkpoint (by default inside whichever commit crosses",
        "1,000 log pages, ~110 answers) copies the log back into the main file and syncs it,",
        "~220 ms on the big store: those were the rare slow answers. The store now leaves",
        "it to closing (*close ms*: after the summary, when the learner waits for nothing),",
        "with a bound of 10,000 pages (~1,100 answers) that keeps the log finite in a very",
        "long session; so no answer of these runs checkpoints (*>= 10 ms* counts any that",
        "paused). Times in ms. The first write also waits for the background integrity",
        "check of the file (`studycli/integrity.py`, ~0.4-1 s on the big store): here the",
        "answers come at once, so the first one can wait for it (see *answer no.*); a",
        "learner reading the first question gives the check that time.",
        "",
    ]


def profile_lines(title: str, total: float, entries: list[profiles.Entry]) -> list[str]:
    rows = [
        [
            f"`{entry.function}`",
            f"{entry.calls:,}",
            f"{entry.own_s:.3f}",
            f"{entry.cumulative_s:.3f}",
        ]
        for entry in entries[:PROFILE_ROWS]
    ]
    return [
        f"{title} (cProfile, {total:.2f} s under the profiler; studycli functions and"
        " SQLite calls):",
        "",
        *_table(["function", "calls", "own s", "cumulative s"], rows),
    ]


def _statement_lines(rows: list[query_costs.Comparison]) -> list[str]:
    table = [
        [
            row.used_by,
            f"{statement.ms:.1f}",
            f"{statement.rows:,}",
            f"`{statement.sql}`",
            statement.plan,
        ]
        for row in rows
        for statement in row.statements
    ]
    if not table:
        return []
    return [
        "The slowest reads behind today's operations, captured with SQLite's trace callback",
        "while they ran, then each re-run alone (`EXPLAIN QUERY PLAN` alongside):",
        "",
        *_table(["operation", "ms", "rows", "statement", "plan"], table, align="lrrll"),
    ]


def query_lines(rows: list[query_costs.Comparison]) -> list[str]:
    table = [
        [
            row.used_by,
            row.current,
            f"{row.current_ms:.1f}",
            row.proposed or "(none)",
            "" if row.proposed_ms is None else f"{row.proposed_ms:.1f}",
            "" if row.same is None else "yes" if row.same else "**no**",
        ]
        for row in rows
    ]
    return [
        "Today's operations, and where one is proposed the same operation over the proposed",
        'reads, on the same store (`benchmarks/query_costs.py`; "same": the same figures):',
        "",
        *_table(["used by", "today", "ms", "proposed", "ms", "same"], table, align="llrlrc"),
        *_statement_lines(rows),
    ]


def missed_section(figures: list[Figure], evidence: dict[str, Evidence]) -> list[str]:
    missed = [figure for figure in figures if not figure.met]
    near = [figure for figure in figures if figure.near]
    lines = ["## Missed targets", ""]
    if not missed:
        lines += ["None in this run.", ""]
    for figure in missed:
        lines += _diagnosis(figure, evidence)
    if near:
        lines += [
            "## Close to the target",
            "",
            "Met in this run, but within 10 % of the limit: run-to-run noise on this",
            "machine can put it on either side, so the diagnosis is given as for a miss.",
            "",
        ]
        for figure in near:
            lines += _diagnosis(figure, evidence)
    return lines


def _diagnosis(figure: Figure, evidence: dict[str, Evidence]) -> list[str]:
    found = evidence.get(figure.key, Evidence())
    text = found.text or DIAGNOSES.get(figure.key, "No diagnosis recorded yet for this figure.")
    return [
        f"### {figure.name}: {figure.measured} (target {figure.target})",
        "",
        text.rstrip(),
        "",
        *found.lines,
    ]


def scale_diagnosis(
    key: str, total: float, entries: list[profiles.Entry], meta: dict[str, object]
) -> str:
    """Why and fix, from the causes whose functions weigh in this run's profile."""
    threshold = max(SIGNIFICANT_S, SIGNIFICANT_SHARE * total)
    causes: list[Cause] = []
    for entry in entries:
        cause = CAUSES.get(entry.function.split(" (line")[0])
        if cause is not None and cause not in causes and entry.cumulative_s >= threshold:
            causes.append(cause)
    if not causes:
        return (
            "**Why.** None of the known causes weighs in this run's profile (below); read"
            " it from the top for the function that does."
        )
    lines = [
        "**Why.** "
        + STORE_READS.format(keys=meta.get("card_keys", 0), bundled=meta.get("bundled_keys")),
        "",
        f"The causes in the profile of {SCALE_INTRO[key]} (below), heaviest first, each with",
        "its fix (in `studycli/store.py` and its callers; no schema change is needed, the",
        "indexes are already there):",
        "",
    ]
    for number, cause in enumerate(causes, start=1):
        lines += [f"{number}. {cause.why}", f"   **Fix:** {cause.fix}", ""]
    lines += [
        "The query comparison below runs today's operation and the same operation over",
        "the proposed reads on the same store, and checks that they give the same answer.",
    ]
    return "\n".join(lines)
