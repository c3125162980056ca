"""Drawing, marking and keeping mock exam papers (the core, without a session)."""

from __future__ import annotations

import json
import random
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from studycli.errors import StudyError
from studycli.exam import (
    Answer,
    draw_paper,
    history_rows,
    load_history,
    mark_paper,
    save_report,
)
from studycli.grading import grade, make_question
from studycli.library import load_library
from studycli.model import Kind, TypedCard
from studycli.paths import bundled_decks_dir
from studycli.ui.exam_view import history_lines, report_lines

CARDS = load_library([bundled_decks_dir()]).cards()


def test_paper_follows_the_topics_shares_and_has_a_points_question_per_topic() -> None:
    sizes = Counter(card.topic.value for card in CARDS)
    for seed in range(20):
        paper = draw_paper(CARDS, 25, random.Random(seed))
        assert len(paper) == len({card.key for card in paper}) == 25
        drawn = Counter(card.topic.value for card in paper)
        for topic, size in sizes.items():
            assert abs(drawn[topic] - 25 * size / len(CARDS)) < 1
        points = [card for card in paper if card.kind == Kind.POINTS]
        assert sorted(card.topic.value for card in points) == sorted(sizes)
        assert paper[-len(points) :] == points  # the long answers close the paper
        assert len({card.kind for card in paper}) >= 6  # across the kinds


def test_small_scopes_and_empty_scopes() -> None:
    content = [card for card in CARDS if card.topic.value == "content"]
    assert len(draw_paper(content[:7], 25, random.Random(1))) == 7
    with pytest.raises(StudyError, match="no cards"):
        draw_paper([], 25, random.Random(1))


def test_marking_counts_unanswered_questions_as_nothing(tmp_path: Path) -> None:
    typed = next(card for card in CARDS if isinstance(card, TypedCard))
    paper = [typed, *draw_paper([c for c in CARDS if c is not typed], 5, random.Random(3))]
    answers = [Answer(card, None) for card in paper]
    right = make_question(typed, random.Random(0))
    answers[0] = Answer(typed, grade(right, typed.answer), typed.answer)
    answers[1] = Answer(paper[1], grade(make_question(paper[1], random.Random(0)), "zzz"), "zzz")
    taken = datetime(2027, 1, 10, 9, tzinfo=UTC)
    report = mark_paper(
        answers, taken_at=taken, seconds=95, minutes=30, timed_out=True, recorded=False, seed=3
    )
    total = report["total"]
    assert isinstance(total, dict)
    assert total["questions"] == 6
    assert total["answered"] == 2
    assert total["correct"] == 1
    items = report["questions"]
    assert isinstance(items, list)
    assert [item["outcome"] for item in items][2:] == ["unanswered"] * 4
    assert all(item["expected"] for item in items)
    assert items[0]["source"] == paper[0].source

    path = save_report(tmp_path, report)
    assert json.loads(path.read_text(encoding="utf-8")) == report
    later = dict(report, taken_at=(taken + timedelta(days=1)).isoformat())
    later["total"] = dict(total, percent=total["percent"] + 10)
    save_report(tmp_path, later)
    (tmp_path / "exams" / "exam-broken.json").write_text("{", encoding="utf-8")
    reports, problems = load_history(tmp_path)
    assert [r["taken_at"] for r in reports] == [taken.isoformat(), later["taken_at"]]
    assert len(problems) == 1
    assert "exam-broken.json" in problems[0]
    rows = history_rows(reports)
    assert [row["change"] for row in rows] == [None, 10]
    lines = history_lines(rows, columns=60)
    assert lines[-1].startswith("Trend: ")
    assert max(len(line) for line in lines) <= 60
    text = report_lines(report, path, columns=60)
    assert text[0].startswith("Mock exam: ")
    assert any(line.startswith("Time ran out") for line in text)
    assert max(len(line) for line in text) <= 60
