"""The bundled content meets the bar a learner preparing an exam relies on."""

from __future__ import annotations

from collections import Counter

import pytest

from studycli.library import Library, load_library
from studycli.model import Kind, PointsCard, Topic
from studycli.paths import bundled_decks_dir


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
