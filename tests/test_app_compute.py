"""The progress bar of cached computations: shown for slow ones, never for quick ones.

Streamlit replays every element a cached function drew on each later cache hit, so a quick
computation that drew a bar would redraw it on every rerun.
"""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

import ui.serving.first_answer


def _reports_progress() -> None:
    from ui.serving.first_answer import progress_bar

    update, _ = progress_bar("Working…")
    for fraction in (0.05, 0.5, 1.0):
        update(fraction)


@pytest.mark.parametrize(("after", "bars"), [(60.0, 0), (0.0, 1)], ids=["quick", "slow"])
def test_the_bar_appears_only_once_a_computation_has_run_a_while(monkeypatch, after, bars):
    monkeypatch.setattr(ui.serving.first_answer, "PROGRESS_AFTER_S", after)
    at = AppTest.from_function(_reports_progress).run()
    assert not at.exception
    progress = at.get("progress")
    assert len(progress) == bars
    if bars:
        assert progress[0].proto.value == 100  # one bar, updated in place up to the end
