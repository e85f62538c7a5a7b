"""Serving a class: the answer first and the rest in the background, a plain message for a
setting too big for a shared server, background work that gives way to readers, and shared
results that no page changes."""

from __future__ import annotations

import pickle
import threading
import time

import pandas as pd
import pytest
from conftest import (
    assert_no_exception,
    figures,
    open_view,
    page_files,
    page_text,
    tab_labels,
    widget,
)

import ui.home_demo
from collapse_core import Result, Settings
from ui.recursion_controls import SAMPLE_SIZES
from ui.serving import compute, first_answer, limits
from ui.serving.background import FINISHER, Finisher
from ui.serving.shared import SharedAnswers

BELL, COMPARE, PHASE = "app_pages/bell.py", "app_pages/compare.py", "app_pages/phase.py"
GUARD_S = 120  # a generous bound on background work that takes well under a second


def wait_for(condition, timeout: float = GUARD_S) -> None:
    """Wait until condition() holds (fails the test if it never does), asking meanwhile for the
    pages' background work as a waiting page's poller does: work nobody asks about is dropped
    after FORGET_AFTER_S, which a slow or busy machine can take to finish it (AppTest does not
    run the poller by itself)."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "the background work never finished"
        for key in FINISHER.pending_keys():
            FINISHER.wanted(key)
        time.sleep(0.01)


@pytest.fixture
def first_answers(monkeypatch):
    """A server that answers at once with what it has (as when other readers are waiting)."""
    monkeypatch.setattr(first_answer, "ALONE_S", 0.0)


def test_a_big_setting_answers_first_then_fills_in_by_itself(app, first_answers):
    query = {"m": "mixture", "src": "three-modes", "g": 200, "n": 1000, "r": 10, "seed": 7}
    at = app(page=BELL, query=query)
    assert_no_exception(at)
    notice = [i.value for i in at.info]
    assert len(notice) == 1 and "the rest appear by themselves" in notice[0], notice
    shown = int(notice[0].split("generations 0 to ")[1].split()[0]) if "to" in notice[0] else 0
    assert 0 <= shown < 200
    assert f"**Generation {shown}**" in page_text(at)  # the page draws what it has
    recursion = compute._runs_of("mixture", (("components", 3), ("source", "three-modes")),
                                    Settings(generations=200, sample_size=1000, runs=10, seed=7))
    wait_for(lambda: recursion.computed >= 200)
    at.run()  # what the page's poller does once the rest is there
    assert_no_exception(at)
    assert not at.info
    assert "**Generation 200**" in page_text(at)


def test_the_first_answer_is_the_same_numbers_as_the_whole_one(app, first_answers, monkeypatch):
    query = {"g": 150, "n": 5000, "r": 20, "seed": 3}
    at = app(page=BELL, query=query)
    spread = open_view(at, "Spread")
    first = figures(spread)[0]["data"]
    recursion = compute._runs_of("gaussian", (("estimator", "mle"), ("source", "bell")),
                                    Settings(generations=150, sample_size=5000, runs=20,
                                             seed=3))
    wait_for(lambda: recursion.computed >= 150)
    whole = figures(spread.run())[0]["data"]
    shown = len(first[0]["x"])
    assert 1 <= shown < 151 and len(whole[0]["x"]) == 151
    # The band and the median so far are the same numbers. (The run drawn may differ: it is
    # the typical one of the generations shown.)
    for part, full in zip(first[:3], whole[:3], strict=True):
        assert part.get("name") == full.get("name")
        assert list(part["y"]) == list(full["y"])[:shown]


@pytest.mark.parametrize("page", [BELL, "app_pages/smoothing.py", "app_pages/text.py",
                                  "app_pages/digits.py", COMPARE, PHASE])
def test_every_kind_of_page_answers_first(app, first_answers, page):
    query = {"g": 200, "n": 1000, "r": 20, "seed": 5} if page != PHASE else {"g": 200, "r": 50}
    at = app(page=page, query=query)
    assert_no_exception(at)
    assert not at.error
    assert [i.value for i in at.info if i.icon == first_answer.WAIT_ICON and (
        "shown" in i.value or "filled in" in i.value)], "the page says it shows a first answer"


def test_home_answers_first_with_the_generation_it_has(app, first_answers, monkeypatch):
    # A first answer of one generation (each slice of work does one), short of the 60 picked:
    # the load client met this as an IndexError on Home's hostile links on a busy server.
    monkeypatch.setattr(first_answer, "_SLICE_S", 0.0)
    at = app(query={"gen": 60, "g": "nan"})
    assert_no_exception(at)
    assert [i.value for i in at.info] == ["This is a big experiment for a shared server: "
                                         "generation 0 of 100 is shown, and the rest appear "
                                         "by themselves as they are computed."]
    assert "At generation 0 the model has learned straight from the human data" in page_text(at)
    assert at.slider(key="gen").value == 60  # the reader's pick stays, and is drawn once there
    recursion = compute._runs_of("gaussian", (("source", "bell"),), ui.home_demo.SETTINGS)
    wait_for(lambda: recursion.computed >= 100)
    at.run()
    assert_no_exception(at)
    assert not at.info and "After 60 generations, the model" in page_text(at)


@pytest.mark.parametrize("picked", [0, 50])
def test_a_links_generation_is_kept_while_the_rest_is_computed(app, first_answers, monkeypatch,
                                                               picked):
    # The lesson's links open on a generation (at=0: "predict, then play"). A first answer of
    # generation 0 alone once made at=0 the "last generation", which the finished page then
    # moved on to generation 100; an `at` beyond the first answer was refused as invalid.
    monkeypatch.setattr(first_answer, "_SLICE_S", 0.0)
    query = {"m": "mixture", "src": "three-modes", "g": 100, "n": 1000, "r": 20, "seed": 11,
             "at": picked}
    at = app(page=BELL, query=query)
    assert_no_exception(at)
    assert not at.warning  # the link's generation is one the reader asked for
    first = [m.value for m in at.metric if m.label == "Generation"][0]
    shown, total = (int(part) for part in first.split(" of "))
    assert shown <= picked and total == 100  # the player counts to the generations asked for
    assert at.query_params["at"] == str(picked)
    recursion = compute._runs_of("mixture", (("components", 3), ("source", "three-modes")),
                                 Settings(generations=100, sample_size=1000, runs=20, seed=11))
    wait_for(lambda: recursion.computed >= 100)
    at.run()
    assert_no_exception(at)
    assert [m.value for m in at.metric if m.label == "Generation"] == [f"{picked} of 100"]
    assert at.query_params["at"] == str(picked) and at.query_params["seed"] == "11"


def test_a_setting_too_big_for_the_server_gets_a_plain_message(app):
    query = {"m": "mixture", "src": "three-modes", "g": 200, "n": 10000, "r": 50}
    at = app(page=COMPARE, query=query)
    assert_no_exception(at)
    assert [e.value for e in at.error] and "shared server" in at.error[0].value
    assert "minutes" in at.error[0].value  # how long it would take, in words


def test_runs_too_big_to_hold_together_get_a_plain_message(app):
    query = {"g": 200, "n": 10000, "r": 5, "sc": "accumulate"}  # 80 MB of accumulated data
    at = app(page=BELL, query=query)
    assert_no_exception(at)
    assert "MB of memory" in at.error[0].value


def test_a_refused_setting_keeps_the_readers_controls(app):
    at = app(page=BELL, query={"g": 200, "n": 10000, "r": 50, "sc": "accumulate"})
    assert widget(at, "g").value == 200 and widget(at, "r").value == 50
    widget(at, "r").set_value(1).run()  # one run fits
    assert_no_exception(at)
    assert not at.error


# --- the background work ------------------------------------------------------------------


class Counter:
    """A job of `slices` slices, counting them."""

    def __init__(self, slices: int):
        self.left, self.done = slices, threading.Event()

    def step(self, deadline: float) -> bool:
        self.left -= 1
        if self.left <= 0:
            self.done.set()
        return self.left <= 0


def test_the_finisher_finishes_every_job_in_turn():
    finisher = Finisher(busy=lambda: False)
    jobs = [Counter(3), Counter(1), Counter(5)]
    for i, job in enumerate(jobs):
        finisher.finish(i, job.step)
    for i, job in enumerate(jobs):
        assert job.done.wait(GUARD_S)
        wait_for(lambda i=i: not finisher.pending(i))


def test_the_finisher_gives_way_while_readers_run_but_still_gets_its_share():
    busy = threading.Event()
    busy.set()
    # Each slice waits give_way_s for idle time: 0.9 s here, so 3 slices need at least 1.8 s.
    finisher = Finisher(busy=busy.is_set, wait_until_idle=time.sleep, slice_s=0.1, share=0.1)
    job = Counter(3)
    started = time.monotonic()
    finisher.finish("job", job.step)
    assert job.done.wait(GUARD_S)  # a busy server still finishes
    assert time.monotonic() - started >= 2 * finisher.give_way_s
    busy.clear()
    quick = Counter(3)
    finisher.finish("quick", quick.step)
    assert quick.done.wait(GUARD_S)


def test_waiting_for_idle_time_ends_when_the_last_script_ends():
    from ui.serving.activity import script_running, wait_until_idle

    running, ended = threading.Event(), threading.Event()

    def a_script():
        with script_running():
            running.set()
            time.sleep(0.2)
        ended.set()

    threading.Thread(target=a_script).start()
    assert running.wait(GUARD_S)
    started = time.monotonic()
    wait_until_idle(GUARD_S)
    assert ended.wait(GUARD_S)
    assert time.monotonic() - started < GUARD_S / 2  # woken by the script's end, not the timeout
    started = time.monotonic()
    wait_until_idle(GUARD_S)  # nothing runs: at once
    assert time.monotonic() - started < 0.1


def test_a_failing_job_is_dropped_and_the_next_goes_on():
    finisher = Finisher(busy=lambda: False)

    def fails(deadline: float) -> bool:
        raise ValueError("bad input")

    job = Counter(2)
    finisher.finish("bad", fails)
    finisher.finish("good", job.step)
    assert job.done.wait(GUARD_S)
    wait_for(lambda: not finisher.pending("bad"))


def test_work_nobody_asks_for_is_forgotten_and_lets_go_of_what_it_holds():
    finisher = Finisher(busy=lambda: True, wait_until_idle=time.sleep, slice_s=0.5, share=0.01,
                        forget_after_s=0.2)
    job, freed = Counter(1000), threading.Event()
    finisher.finish("abandoned", job.step, freed.set)
    wait_for(lambda: not finisher.pending("abandoned"))
    assert job.left > 990  # dropped long before it was done
    assert freed.wait(GUARD_S)


def test_runs_let_go_stay_readable_and_start_again_with_the_same_numbers():
    from collapse_core import Recursion, build_experiment

    settings = Settings(sample_size=50, runs=3, seed=4)
    kept = Recursion(build_experiment("mixture"), settings)
    kept.extend(6)
    before = kept.result(6).metrics
    kept.let_go()
    assert kept.result(6).metrics.equals(before)  # what is computed stays
    assert kept.computed == 6 and not kept.can_go_on
    fresh = Recursion(build_experiment("mixture"), settings).result(9).metrics
    assert kept.result(9).metrics.equals(fresh)  # more generations start again, same numbers


# --- shared results ---------------------------------------------------------------------------


@pytest.fixture
def shared(monkeypatch) -> list:
    """The objects the app hands out to every reader: the kept runs, the answers drawn from
    them and the figure specs (recorded as the pages get them from their shared caches)."""
    import ui.charts

    seen = []

    def recording(cached):
        def get(*args, **kwargs):
            value = cached(*args, **kwargs)
            seen.append(value)
            return value
        return get

    monkeypatch.setattr(compute, "_recursion", recording(compute._recursion))
    monkeypatch.setattr(compute, "_answer", recording(compute._answer))
    monkeypatch.setattr(compute, "_compared", recording(compute._compared))
    monkeypatch.setattr(ui.charts, "_built", recording(ui.charts._built))
    return seen


def content(value) -> bytes:
    """An answer's values (a table by its cells, not by how pandas holds them in memory)."""
    if isinstance(value, pd.DataFrame):
        return pickle.dumps((list(value.columns), value.to_dict("list")))
    if isinstance(value, Result):
        return pickle.dumps((value.settings, content(value.metrics), content(value.example),
                             value.example_run))
    if isinstance(value, tuple):
        return b"".join(content(item) for item in value)
    if isinstance(value, dict):
        return pickle.dumps([(key, content(item)) for key, item in value.items()])
    return pickle.dumps(value)


def fingerprint(objects: list) -> list[bytes]:
    """What the shared objects hold: the figures as they are, the answers, the runs' computed
    metrics and the snapshots they draw from."""
    prints = []
    for value in objects:
        if isinstance(value, dict):  # a figure spec
            prints.append(pickle.dumps(value))
        elif isinstance(value, Result | tuple):
            prints.append(content(value))
        else:
            view = value._view
            prints.append(pickle.dumps((view.computed, view.table,
                                        view.first.snapshots if view.first else None)))
    return prints


@pytest.mark.parametrize("page", page_files())
def test_no_page_changes_what_readers_share(app, shared, page):
    assert_no_exception(app(page=page))
    objects = list({id(value): value for value in shared}.values())
    before = fingerprint(objects)
    other = app(page=page)  # a second reader: the same results, every view drawn
    for label in tab_labels(other):
        assert_no_exception(open_view(other, label))
    assert fingerprint(objects) == before


def test_work_is_dropped_as_soon_as_every_reader_who_asked_has_left():
    left = set()
    finisher = Finisher(busy=lambda: True, wait_until_idle=time.sleep, slice_s=0.5, share=0.01,
                        present=lambda reader: reader not in left)
    job, freed = Counter(1000), threading.Event()
    finisher.finish("shared", job.step, freed.set, reader="gone")
    finisher.wanted("shared", "here")  # a second reader of the same setting
    # The first leaves only now: had it left before the second asked, the thread could drop
    # the job in between (it did, on a loaded core).
    left.add("gone")
    time.sleep(0.3)
    assert finisher.pending("shared")  # one of its readers is still there
    left.add("here")
    assert freed.wait(GUARD_S)  # both left: dropped long before the 5 s without asking
    assert not finisher.pending("shared") and job.left > 990


def test_many_runs_on_a_busy_server_answer_first_with_one_run(app, first_answers, monkeypatch):
    monkeypatch.setattr(first_answer, "scripts_running", lambda: 2)  # other readers are waiting
    at = app(page=BELL, query={"src": "three-modes", "m": "mixture", "g": 60, "seed": 2})
    assert_no_exception(at)
    notice = [i.value for i in at.info]
    assert len(notice) == 1 and "one of its 20 runs is shown" in notice[0], notice
    assert "In the typical run" not in page_text(open_view(at, "Spread"))  # one run's words
    recursion = compute._runs_of("mixture", (("components", 3), ("source", "three-modes")),
                                    Settings(generations=60, sample_size=100, runs=20, seed=2))
    wait_for(lambda: recursion.computed >= 60)
    at.run()
    assert not at.info
    assert "In the typical run" in page_text(at)  # all 20 runs, in odds


def test_an_answer_is_made_once_for_readers_who_ask_at_once_and_shared():
    answers, made, gate = SharedAnswers(max_bytes=2**20), [], threading.Event()

    def make():
        gate.wait(GUARD_S)
        made.append(1)
        return {"values": list(range(100))}

    got = []
    readers = [threading.Thread(target=lambda: got.append(answers.get("link", make)))
               for _ in range(8)]
    for reader in readers:
        reader.start()
    gate.set()
    for reader in readers:
        reader.join(GUARD_S)
    assert len(made) == 1 and len(got) == 8 and all(value is got[0] for value in got)


def test_answers_are_kept_within_their_bytes_least_recently_used_first():
    size = len(pickle.dumps(bytes(1000), pickle.HIGHEST_PROTOCOL))
    answers = SharedAnswers(max_bytes=3 * size)
    for key in "abc":
        answers.get(key, lambda: bytes(1000))
    answers.get("a", lambda: pytest.fail("a is kept"))  # now the most recently used
    answers.get("d", lambda: bytes(1000))  # pushes out b, the least recently used
    for key in "cad":
        answers.get(key, lambda key=key: pytest.fail(f"{key} is kept"))
    remade = []
    answers.get("b", lambda: remade.append("b") or bytes(1000))
    assert remade == ["b"]  # b was the least recently used: pushed out by d
    answers.get("big", lambda: bytes(4 * size))  # larger than everything: not kept
    assert "3 kept" in repr(answers)


def test_a_sample_too_big_for_one_generation_is_refused_with_a_plain_message():
    # The tiny neural network trains a generation in one block: at 10,000 names one generation
    # would hold the server for seconds before any first answer (estimated by its card's cost).
    options = {"context": 3, "hidden": 64}
    with pytest.raises(limits.TooBig, match="one generation"):
        limits.check_generation("neural", options, Settings(sample_size=10000))


def test_a_link_with_a_sample_too_big_opens_at_the_largest_size_with_a_notice(app):
    largest = limits.accepted_sizes("neural", {"context": 3, "hidden": 64}, SAMPLE_SIZES)[-1]
    assert largest < 10000
    at = app(page="app_pages/neural.py", query={"n": 10000, "g": 1})
    assert_no_exception(at)
    assert not at.error and not at.warning
    notice = " ".join(info.value for info in at.info)
    assert "A sample of 10,000 is too big" in notice and f"is {largest:,}" in notice
    assert at.select_slider(key="n").value == largest
    assert at.query_params["n"] == str(largest)  # the link now says what is shown
    at = app(page="app_pages/neural.py", query={"n": 10000, "g": 1, "lang": "zh"})
    assert_no_exception(at)
    assert not at.error and "10,000" in " ".join(info.value for info in at.info)
    assert at.select_slider(key="n").value == largest


@pytest.mark.parametrize("page", ["bell", "smoothing", "text", "digits", "hiring"])
def test_other_pages_offer_every_sample_size(app, page):
    # Their models take every size at their defaults (a generation of 10,000 within the limit):
    # the slider still offers them all.
    at = app(page=f"app_pages/{page}.py", query={"g": 1, "n": 10, "r": 1})
    assert_no_exception(at)
    assert at.select_slider(key="n").options == [str(n) for n in SAMPLE_SIZES]
