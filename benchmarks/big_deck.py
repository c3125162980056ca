"""A generated deck of 10,000 cards of every kind, and how long loading it takes.

Run: python benchmarks/big_deck.py [--cards N] [--runs N]

The deck mixes the seven authored kinds and timeline events (each event is a ``date``
card) in equal shares, with texts as long as the bundled decks' (prompt, two or three
sentences of ``explain``, a ``source``, tags), so the TOML parser and every validation
rule get real work. ``studycli.loader.load_deck`` is timed in this process after the
import, first call and median of the rest.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from pathlib import Path

from benchlib import CACHE_DIR

from studycli.loader import load_deck

KINDS = ("typed", "choice", "multi", "truefalse", "cloze", "order", "points", "event")
WORDS = (  # noqa: SIM905 (a word list reads better as prose)
    "Khrushchev Stalin Lenin Beria Molotov Malenkov Kaganovich Bulganin Mikoyan Zhukov "
    "congress presidium commission testament terror purge rehabilitation deportation "
    "collectivization famine Kirov Eikhe Postyshev Yezhov Tito Hungary Poland Budapest "
    "Warsaw Gomulka Nagy Togliatti Mao delegates closed session report letter decree "
    "cult personality party norms legality collective leadership archives camps Gulag"
).split()
EXPLAIN_SENTENCES = 3


def _sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _list(items: list[str]) -> str:
    return "[" + ", ".join(_quote(item) for item in items) + "]"


def _common(rng: random.Random, number: int, kind: str, *, prompt: bool = True) -> list[str]:
    lines = ["[[card]]", f'id = "card-{number:05d}"', f'kind = "{kind}"']
    if prompt:
        lines.append(f"prompt = {_quote(_sentence(rng, 18)[:-1] + '?')}")
    explain = " ".join(_sentence(rng, 20) for _ in range(EXPLAIN_SENTENCES))
    lines += [
        f"hint = {_quote(_sentence(rng, 6))}",
        f"explain = {_quote(explain)}",
        f"source = {_quote('Speech of 25 Feb 1956; ' + _sentence(rng, 8))}",
        f"tags = {_list(sorted({rng.choice(WORDS).lower() for _ in range(3)}))}",
    ]
    return lines


def _card(rng: random.Random, number: int, kind: str) -> list[str]:
    choices = [f"{rng.choice(WORDS)} option {letter}" for letter in "abcd"]
    body: list[str]
    if kind == "typed":
        body = [f"answer = {_quote(rng.choice(WORDS))}", f"accept = {_list(choices[:2])}"]
    elif kind == "choice":
        body = [f"choices = {_list(choices)}", f"answer = {_quote(choices[2])}"]
    elif kind == "multi":
        body = [f"choices = {_list(choices)}", f"answers = {_list(choices[1:3])}"]
    elif kind == "truefalse":
        body = [f"answer = {'true' if number % 2 else 'false'}"]
    elif kind == "cloze":
        text = f"In {{{{1956}}}} {rng.choice(WORDS)} spoke of {{{{{rng.choice(WORDS)}|it}}}}."
        return [*_common(rng, number, kind, prompt=False), f"text = {_quote(text)}"]
    elif kind == "order":
        body = [f"items = {_list([f'{choice} step {i}' for i, choice in enumerate(choices)])}"]
    else:
        points = [_sentence(rng, 8) for _ in range(3)]
        body = [f"points = {_list(points)}", f"answer = {_quote(' '.join(points))}"]
    return [*_common(rng, number, kind), *body]


def _event(rng: random.Random, number: int) -> list[str]:
    year = 1917 + number % 73
    when = (f'"{year}"', f'"{year}-{1 + number % 12:02d}"', f"{year}-{1 + number % 12:02d}-15")
    return [
        "[[event]]",
        f'id = "event-{number:05d}"',
        f"date = {when[number % 3]}",
        f"title = {_quote(_sentence(rng, 10))}",
        f'topic = "{("content", "omissions", "impacts", "context")[number % 4]}"',
        f"explain = {_quote(' '.join(_sentence(rng, 20) for _ in range(EXPLAIN_SENTENCES)))}",
        f"source = {_quote(_sentence(rng, 8))}",
        f"tags = {_list(sorted({rng.choice(WORDS).lower() for _ in range(2)}))}",
    ]


def deck_text(cards: int, seed: int = 1956) -> str:
    """TOML for one deck of *cards* cards, the eight kinds in turn."""
    rng = random.Random(seed)
    parts = [
        "[deck]",
        'id = "generated-scale"',
        'title = "Generated deck for the scale benchmark"',
        'topic = "content"',
        'description = "Every kind of card, generated."',
        "",
    ]
    for number in range(cards):
        kind = KINDS[number % len(KINDS)]
        parts += _event(rng, number) if kind == "event" else _card(rng, number, kind)
        parts.append("")
    return "\n".join(parts)


def write_deck(cards: int, directory: Path = CACHE_DIR) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"generated-{cards}.toml"
    text = deck_text(cards)
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")
    return path


def time_load(path: Path, runs: int) -> tuple[int, list[float]]:
    """Number of cards (date cards included) and the seconds of each load."""
    timings: list[float] = []
    count = 0
    for _ in range(runs):
        started = time.perf_counter()
        deck = load_deck(path)
        timings.append(time.perf_counter() - started)
        count = len(deck.all_cards())
    return count, timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cards", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    path = write_deck(args.cards)
    count, timings = time_load(path, args.runs)
    size = path.stat().st_size / 2**20
    print(f"{path.name}: {count} cards, {size:.1f} MiB")
    first, middle = timings[0] * 1000, statistics.median(timings) * 1000
    print(
        f"load_deck: first {first:.0f} ms, median {middle:.0f} ms over {len(timings)} runs"
        " (target < 1000 ms)"
    )


if __name__ == "__main__":
    main()
