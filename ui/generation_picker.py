"""The generation a reader picks to look at (text passages, digit images), kept in the session
and in the address as `at`, whether or not the view that draws the picker is open.

A reader on the last generation stays on the last when the number of generations changes; a
picked generation that no longer exists becomes the last. Picking only reruns the page.

The pick is kept against the generations the reader asked for (the generations knob), not only
those computed so far: while a first answer shows generations 0..k, a link's `at=50` waits to
be shown, and `at=0` stays on generation 0 once the rest arrives.
"""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from ui import link
from ui.i18n import _
from ui.knobs import Knob
from ui.recursion_controls import GENERATIONS

KEY = "at"  # the picker's key, in the session and in links
# The reader's pick, the generations asked for when it was made, and the last one computed:
# kept while the picker is not drawn.
_PICKED, _LAST, _COMPUTED = "_at", "_at_last", "_at_computed"


@dataclass(frozen=True)
class GenerationPicker:
    """A slider over generations 0..last: its label and help are English messages."""

    label: str
    help: str

    def _knob(self, last: int) -> Knob:
        return Knob(KEY, self.label, self.help, last, low=0, high=last, step=1)

    def picked(self, last: int) -> int:
        """The generation shown of 0..last (those computed so far): the reader's pick, read from
        the link when the page opens (with a notice if the link held a generation the reader
        did not ask for) and written back into it. Call it on every run, before the views."""
        asked = max(last, st.session_state.get(GENERATIONS.key, last))
        knob = self._knob(asked)
        values, bad = link.read([knob])
        at = values.get(KEY, st.session_state.get(_PICKED, asked))
        if (not values and at == st.session_state.get(_LAST)) or at > asked:
            at = asked
        st.session_state[_PICKED], st.session_state[_LAST] = at, asked
        st.session_state[_COMPUTED] = last
        link.report([knob], bad, {KEY: at})
        link.write([knob], {KEY: at})
        return self.shown()

    def asked(self) -> int:
        """The generations asked for (after `picked` ran on this page): more than those computed
        while the rest is being computed."""
        return st.session_state[_LAST]

    def shown(self) -> int:
        """The generation shown now (after `picked` ran on this page): the pick, or the last
        one computed while the pick's is still being computed."""
        return min(st.session_state[_PICKED], st.session_state[_COMPUTED])

    def move(self, generation: int, last: int, write_link: bool = True) -> int:
        """Show another generation (kept within 0..last); returns it. While playing the link is
        left alone (a new browser-history entry per generation would bury the reader's own)."""
        generation = min(max(generation, 0), last)
        st.session_state[_PICKED] = generation
        if write_link:
            link.write([self._knob(st.session_state.get(_LAST, last))], {KEY: generation})
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
