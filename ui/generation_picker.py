"""The generation a reader picks to look at (text passages, digit images), kept in the session
and in the address as `at`, whether or not the view that draws the picker is open.

A reader on the last generation stays on the last when the number of generations changes; a
picked generation that no longer exists becomes the last. Picking only reruns the page.
"""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from ui import link
from ui.i18n import _
from ui.knobs import Knob

KEY = "at"  # the picker's key, in the session and in links
_PICKED, _LAST = "_at", "_at_last"  # kept while the picker is not drawn
_WANTED = "_at_wanted"  # a generation of the link, shown once it is computed


@dataclass(frozen=True)
class GenerationPicker:
    """A slider over generations 0..last: its label and help are English messages."""

    label: str
    help: str

    def _knob(self, last: int) -> Knob:
        return Knob(KEY, self.label, self.help, last, low=0, high=last, step=1)

    def picked(self, last: int, total: int | None = None) -> int:
        """The picked generation, read from the link when the page opens (with a notice if the
        link held a generation the experiment does not have) and written back into it. Call
        it on every run, before the views. `total`: the generations asked for, when only
        0..last are computed so far: a generation of the link among them is shown once it is
        computed (the last one computed until then), and the link keeps it."""
        total = max(total or last, last)
        knob = self._knob(total)
        values, bad = link.read([knob])
        wanted = values.get(KEY, st.session_state.pop(_WANTED, None))
        if wanted is not None:
            at = wanted
        else:
            at = st.session_state.get(_PICKED, last)
            if at == st.session_state.get(_LAST):
                at = last
        if wanted is not None and total > last:  # kept until every generation is computed
            st.session_state[_WANTED] = wanted
        at = min(at, last)
        st.session_state[_PICKED], st.session_state[_LAST] = at, last
        link.report([knob], bad, {KEY: at})
        link.write([knob], {KEY: st.session_state.get(_WANTED, at)})
        return at

    def shown(self) -> int:
        """The generation shown now (after `picked` ran on this page)."""
        return st.session_state[_PICKED]

    def move(self, generation: int, last: int, write_link: bool = True) -> int:
        """Show another generation (kept within 0..last); returns it. While playing the link is
        left alone (a new browser-history entry per generation would bury the reader's own)."""
        generation = min(max(generation, 0), last)
        st.session_state[_PICKED] = generation
        st.session_state.pop(_WANTED, None)
        if write_link:
            link.write([self._knob(last)], {KEY: generation})
        return generation

    def slider(self, last: int, follows: bool = False) -> int:
        """A slider at the generation shown; returns it. One that `follows` (a player playing)
        is disabled and made anew for each generation, without a key: a browser behind the
        player sends back the value it had before the player moved it, which must not be taken
        for the reader's move, then or once the player stops."""
        if last == 0:  # a slider needs two ends
            return 0
        if follows:
            return int(st.slider(_(self.label), 0, last, value=self.shown(),
                                 help=_(self.help), disabled=True))
        st.session_state[KEY] = self.shown()
        return int(st.slider(_(self.label), 0, last, key=KEY, help=_(self.help),
                             on_change=self._slid, args=(last,)))

    def _slid(self, last: int) -> None:
        """Callback: the reader moved the slider."""
        self.move(st.session_state[KEY], last)
