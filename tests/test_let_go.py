"""Work dropped for a setting's runs lets go of them only if no other work still extends them:
a reader who moves the generations slider on leaves behind work for the values passed."""

from __future__ import annotations

import time

from collapse_core import Recursion, Settings, build_experiment
from ui.serving import compute
from ui.serving.background import Finisher


def test_dropped_work_keeps_the_runs_that_other_work_still_extends(monkeypatch):
    # A finisher that never gets a turn: the jobs stay pending while the test looks.
    finisher = Finisher(busy=lambda: True, wait_until_idle=time.sleep, slice_s=0.5, share=0.01)
    monkeypatch.setattr(compute, "FINISHER", finisher)
    wanted, other = (Recursion(build_experiment("gaussian"), Settings(seed=seed))
                     for seed in (1, 2))
    for runs in (wanted, other):
        runs.extend(3)
    finisher.finish((wanted, 40), lambda deadline: False)  # a reader waits for 40 generations
    compute._let_go(wanted, other)  # the work for other values was dropped
    assert wanted.can_go_on  # continues from generation 3, not from 0
    assert not other.can_go_on
