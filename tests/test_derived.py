"""ui.derived: what pages derive from a shared answer is made once per answer, arguments and
language, and never handed to another answer."""

from __future__ import annotations

import threading

import pytest

import ui.derived
from ui.derived import derived


class Answer:
    """Stands for a shared answer (a Result, a comparison's table)."""

    def __init__(self, value):
        self.value = value


def counting():
    calls = []

    @derived
    def doubled(answer, times=2):
        calls.append((answer.value, times))
        return answer.value * times

    return doubled, calls


def test_made_once_per_answer_and_arguments():
    doubled, calls = counting()
    answer = Answer(3)
    assert doubled(answer) == doubled(answer) == 6
    assert doubled(answer, 3) == 9
    assert calls == [(3, 2), (3, 3)]


def test_an_equal_answer_that_is_another_object_is_derived_again():
    doubled, calls = counting()
    assert doubled(Answer(3)) == 6 and doubled(Answer(4)) == 8
    assert calls == [(3, 2), (4, 2)]


def test_each_language_has_its_own(monkeypatch):
    doubled, calls = counting()
    answer = Answer(1)
    for language in ("en", "zh", "en"):
        monkeypatch.setattr(ui.derived, "language", lambda language=language: language)
        doubled(answer)
    assert len(calls) == 2


def test_dict_arguments_are_keyed_by_their_items():
    seen = []

    @derived
    def labelled(answer, labels):
        seen.append(labels)
        return labels[answer.value]

    answer = Answer("a")
    assert labelled(answer, {"a": "A"}) == labelled(answer, {"a": "A"}) == "A"
    assert labelled(answer, {"a": "B"}) == "B"
    assert len(seen) == 2


def test_a_failure_is_not_kept():
    attempts = []

    @derived
    def flaky(answer):
        attempts.append(1)
        if len(attempts) == 1:
            raise ValueError("first time")
        return "made"

    answer = Answer(0)
    with pytest.raises(ValueError):
        flaky(answer)
    assert flaky(answer) == "made"


def test_readers_asking_at_once_wait_for_one_to_make_it():
    started, release = threading.Event(), threading.Event()
    calls = []

    @derived
    def slow(answer):
        calls.append(1)
        started.set()
        release.wait(30)
        return "made"

    answer = Answer(0)
    got = []
    first = threading.Thread(target=lambda: got.append(slow(answer)))
    first.start()
    assert started.wait(30)
    others = [threading.Thread(target=lambda: got.append(slow(answer))) for _ in range(5)]
    for thread in others:
        thread.start()
    release.set()
    for thread in (first, *others):
        thread.join(30)
    assert got == ["made"] * 6 and calls == [1]


def test_memory_is_bounded_and_the_oldest_answers_are_let_go():
    doubled, calls = counting()
    answers = [Answer(i) for i in range(ui.derived.KEPT + 1)]
    for answer in answers:
        doubled(answer)
    doubled(answers[-1])  # still kept
    assert len(calls) == ui.derived.KEPT + 1
    doubled(answers[0])  # let go: made again
    assert len(calls) == ui.derived.KEPT + 2
