"""The bundled content meets the bar a learner preparing an exam relies on."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from studycli.library import Library, load_library
from studycli.model import Kind, PointsCard, Precision, Topic
from studycli.paths import bundled_decks_dir

# Sources a teacher would not accept: mirrors and pirate copies, blogs and forums,
# flashcard and revision sites, listicles and on-this-day pages, machine-reworded pages,
# a conspiracist pamphlet, and references too vague to find again.
WEAK_SOURCES = re.compile(
    "|".join(
        (
            r"rulit",
            r"academic ?kids",
            r"wikisum",
            r"talking history",
            r"dickinson",
            r"rally ?point",
            r"get ?revising",
            r"wordola",
            r"money ?week",
            r"bookdrum",
            r"history ?central",
            r"geo ?currents",
            r"compendium of history",
            r"coldwar\.ru",
            r"freedomfirst",
            r"resexcellence",
            r"iudin grekh",
            r"jid[aá][sš]?[uů]v h[rř][ií]ch",
            r"internal predictor",
            r"wikipedia \(older revision",
            r"older revision",
        )
    ),
    re.IGNORECASE,
)
# A weak page may be cited only as the example of an error the card corrects, and then
# its part of the source (between semicolons) must say so in these words.
ERROR_EXAMPLE = "example of the error"
# A passage of the speech is cited with the edition it is read in.
SPEECH_EDITIONS = ("state department", "izvestiya tsk kpss", "new leader")
ENCYCLOPEDIA = re.compile(r"wikipedia|britannica|encyclop", re.IGNORECASE)
# An event dated to the month or the year says why in its explanation.
WHY_NO_DAY = re.compile(
    r"\b(?:day|days|date|dates)\b[^.]*\b(?:not recorded|not documented|not known|unknown)\b"
    r"|\bsources (?:disagree|differ)\b",
    re.IGNORECASE,
)


def source_problems(source: str) -> list[str]:
    """What keeps *source* from being one a teacher would accept (empty when fine)."""
    parts = [part.strip() for part in source.split(";") if part.strip()]
    if not parts:
        return ["has no source"]
    problems = []
    for part in parts:
        weak = WEAK_SOURCES.search(part)
        if weak and ERROR_EXAMPLE not in part.lower():
            problems.append(f"cites {weak.group(0)!r} ({part!r})")
    lowered = source.lower()
    if "passage on" in lowered and not any(edition in lowered for edition in SPEECH_EDITIONS):
        problems.append("cites a passage of the speech without its edition")
    if all(ENCYCLOPEDIA.search(part) for part in parts):
        problems.append("cites only encyclopedias, which may be a second source only")
    return problems


def sourced_items(library: Library) -> list[tuple[str, str]]:
    """(key, source) of every authored card, event and revision note."""
    items = [(card.key, card.source) for deck in library.decks for card in deck.cards]
    items += [(event.key, event.source) for event in library.events()]
    items += [(note.key, note.source) for note in library.notes()]
    return items


@pytest.fixture(scope="module")
def library() -> Library:
    return load_library([bundled_decks_dir()])


def test_deck_and_card_ids_are_unique(library: Library) -> None:
    deck_ids = [deck.id for deck in library.decks]
    assert len(deck_ids) == len(set(deck_ids))
    keys = [card.key for card in library.cards()]
    assert len(keys) == len(set(keys))


def test_every_card_and_event_has_an_explanation_and_a_source(library: Library) -> None:
    for card in library.cards():
        assert len(card.explain) >= 80, card.key
        assert card.source, card.key
        assert card.source.strip().lower() not in {"wikipedia", "britannica", "fact sheet"}, (
            card.key
        )
    for event in library.events():
        assert event.explain, event.id
        assert event.source, event.id


def test_the_weak_source_check_catches_what_it_should() -> None:
    assert source_problems("") == ["has no source"]
    assert source_problems("Conquest, The Great Terror (rulit p. 200)")
    assert source_problems("Jidášův hřích 20. sjezdu; Taubman, Khrushchev (2003)")
    assert source_problems("Wikipedia, 'Moscow trials' (older revision); Knight (1993)")
    assert source_problems("Speech of 25 Feb 1956, passage on the war")
    assert source_problems("Wikipedia, 'Beria'; Britannica, 'Beria'")
    assert not source_problems(
        "Speech of 25 Feb 1956, passage on the war: State Department text (1956); "
        "MoneyWeek, on-this-day page (quoted as the example of the error this card corrects)"
    )


def test_every_card_event_and_note_cites_an_acceptable_source(library: Library) -> None:
    problems = [
        f"{key}: {problem}"
        for key, source in sourced_items(library)
        for problem in source_problems(source)
    ]
    assert problems == []


def test_an_event_without_its_day_says_why(library: Library) -> None:
    """Events are dated to the day wherever the day is documented. One dated only to the
    month or year (at either end of a span) must say in its explanation that the day is
    not recorded or that the sources disagree, e.g. "The exact day is not recorded."
    """
    vague = [
        event.key
        for event in library.events()
        if any(
            when is not None and when.precision is not Precision.DAY
            for when in (event.date, event.end)
        )
        and not WHY_NO_DAY.search(event.explain)
    ]
    assert vague == []


def test_the_day_check_accepts_only_a_stated_reason() -> None:
    assert WHY_NO_DAY.search("The exact day is not recorded.")
    assert WHY_NO_DAY.search("Sources disagree on the month.")
    assert WHY_NO_DAY.search("The dates of the conference are not known precisely.")
    assert not WHY_NO_DAY.search("It mattered a great deal. Nothing was known of it.")


def test_the_timeline_has_at_least_95_events(library: Library) -> None:
    assert len(library.events()) >= 95


def test_every_topic_has_at_least_60_cards(library: Library) -> None:
    per_topic = Counter(card.topic for deck in library.decks for card in deck.cards)
    assert {topic: per_topic[topic] for topic in Topic} == {
        topic: max(per_topic[topic], 60) for topic in Topic
    }


def test_at_least_330_cards(library: Library) -> None:
    assert sum(len(deck.cards) for deck in library.decks) >= 330


def test_notes_cover_every_tag_with_at_least_five_cards(library: Library) -> None:
    per_tag = Counter(tag for deck in library.decks for card in deck.cards for tag in card.tags)
    covered = {tag for note in library.notes() for tag in note.tags}
    assert sorted(tag for tag, count in per_tag.items() if count >= 5 and tag not in covered) == []


def test_every_note_is_a_short_read_tested_by_cards(library: Library) -> None:
    tagged = {tag for card in library.cards() for tag in card.tags}
    for note in library.notes():
        words = len(note.body.split())
        assert 80 <= words <= 250, f"{note.key}: {words} words"
        assert set(note.tags) & tagged, f"{note.key}: no card carries any of its tags"
        assert note.source, note.key


def test_enough_cards_per_topic(library: Library) -> None:
    authored = [card for deck in library.decks for card in deck.cards]
    assert len(authored) >= 220
    per_topic = Counter(card.topic for card in authored)
    for topic in (Topic.CONTENT, Topic.OMISSIONS, Topic.IMPACTS):
        assert per_topic[topic] >= 45, topic
    assert per_topic[Topic.CONTEXT] > 0


def test_every_kind_is_used_and_enough_exam_questions(library: Library) -> None:
    kinds = {card.kind for deck in library.decks for card in deck.cards}
    assert kinds == {kind for kind in Kind if kind is not Kind.DATE}
    exam = [
        card
        for card in library.cards()
        if isinstance(card, PointsCard) and card.topic in {Topic.OMISSIONS, Topic.IMPACTS}
    ]
    assert len(exam) >= 30
    for card in exam:
        assert 3 <= len(card.points) <= 5, card.key


def test_timeline_spans_1922_to_1989_with_valid_dates(library: Library) -> None:
    events = library.events()
    assert len(events) >= 45
    years = [event.date.year for event in events]
    assert min(years) == 1922
    assert max(years) >= 1989
    for event in events:
        assert event.date.first_day() <= event.date.last_day()
        if event.end is not None:
            assert event.date.first_day() <= event.end.last_day(), event.id
    assert sum(1 for year in years if year == 1956) >= 10


def test_seed_errors_are_only_taught_as_errors(library: Library) -> None:
    """The seeds' mistakes may appear only where a card corrects them."""
    from studycli.model import TrueFalseCard

    for card in library.cards():
        answers = " ".join(str(getattr(card, name, "")) for name in ("answer", "accept", "choices"))
        assert "barrier" not in answers.lower(), card.key
        if "printed in red" in card.prompt.lower():
            assert isinstance(card, TrueFalseCard), card.key
            assert card.answer is False, card.key
        for text in (card.explain, card.prompt):
            if "barrier" in text.lower():
                assert "beria" in text.lower(), card.key
