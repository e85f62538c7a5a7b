"""The player: one generation on screen at a time, a counter, Play and Pause, steps of one
generation and Reset above it; a speed and a slider under it (in present mode, the speed beside
the steps and no slider). Everything it draws describes the generation shown.

The generation shown is the page's picked generation (`ui.generation_picker`), so it is in the
link. While it plays only the player reruns, as a Streamlit fragment that ticks at the chosen
speed: the settings, the computation and the rest of the page stay as they are.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import streamlit as st

from ui import link
from ui.generation_picker import GenerationPicker
from ui.i18n import N_, _, labelled_widget
from ui.present import presenting
from ui.style import player_style

SPEEDS = {N_("Slow"): 1.0, N_("Normal"): 0.4, N_("Fast"): 0.15}  # seconds per generation
_PLAYING, _TICKED, _SPEED = "_playing", "_ticked", "speed"


def is_playing() -> bool:
    """Whether the player is playing (then only the player reruns, generation by generation)."""
    return bool(st.session_state.get(_PLAYING))


def _speed() -> float:
    return SPEEDS.get(st.session_state.get(_SPEED), SPEEDS[N_("Normal")])


def show_player(picker: GenerationPicker, last: int, draw: Callable[[int], None]) -> None:
    """The counter, the controls and `draw(g)` for the generation shown (of 0..last, those
    computed so far; the counter counts to the generations asked for, the rest fill in by
    themselves); while playing, a fragment advances one generation per tick. Call
    `picker.picked(last)` first."""
    if picker.shown() >= last:
        st.session_state[_PLAYING] = False
    total = picker.asked()
    player_style(_counter_text(total, total), (_("Play"), _("Pause")))
    every = _speed() if is_playing() else None
    st.fragment(_player, run_every=every)(picker, last, draw)


def _player(picker: GenerationPicker, last: int, draw: Callable[[int], None]) -> None:
    g, playing = picker.shown(), is_playing()
    # In present mode the speed choice shares the row, centred with the buttons (at the bottom
    # it stood lower than they, being less tall than its box).
    row = st.container(horizontal=True, vertical_alignment="center" if presenting() else "bottom",
                       gap="small", key="player")
    counter = row.empty()
    reset = row.button(_("Reset"), icon=":material/first_page:", disabled=g == 0,
                       help=_("Back to generation 0."))
    back = row.button(_("−1"), icon=":material/chevron_left:", disabled=g == 0,
                      help=_("One generation back."))
    toggle = row.button(_("Pause") if playing else _("Play"), type="primary",
                        icon=":material/pause:" if playing else ":material/play_arrow:",
                        help=_("Play the generations one by one (from generation 0 if the last "
                               "one is shown)."))
    forward = row.button(_("+1"), icon=":material/chevron_right:", disabled=g >= last,
                         help=_("One generation on."))
    if reset or back or forward:
        st.session_state[_PLAYING] = False
        g = picker.move(0 if reset else g - 1 if back else g + 1, last)
    elif toggle:
        st.session_state[_PLAYING] = not playing
        if not playing and g >= last:
            picker.move(0, last)
        link.rerun_page()  # the fragment starts or stops ticking
    elif playing and time.monotonic() - st.session_state.get(_TICKED, 0.0) > 0.8 * _speed():
        g = picker.move(g + 1, last, write_link=False)
        st.session_state[_TICKED] = time.monotonic()
        if g >= last:
            st.session_state[_PLAYING] = False
            link.rerun_page()  # stop ticking, and write the generation into the link
    counter.metric(_("Generation"), _counter_text(g, picker.asked()), width="content",
                   label_visibility="collapsed" if presenting() else "visible")
    if presenting():  # beside the steps: a projector's first screen gives its height to the chart
        _speed_control(row)
        draw(g)
        return
    draw(g)
    # Under the chart: the first screen keeps the counter, the steps and the chart.
    below = st.container(horizontal=True, vertical_alignment="bottom", gap="medium")
    _speed_control(below)
    with below:  # on a projector the steps do its job
        picker.slider(last, follows=is_playing())


def _counter_text(g: int, total: int) -> str:
    """The counter's value: in present mode one large line, readable from the back of the
    room."""
    if presenting():
        return _("Generation {g} of {last}").format(g=g, last=total)
    return _("{g} of {last}").format(g=g, last=total)


def _speed_control(where) -> None:
    """The choice of how fast Play goes, drawn in the container `where`."""
    where.segmented_control(_("Speed"), tuple(SPEEDS), default=N_("Normal"),
                            key=labelled_widget(_SPEED),
                            format_func=_, required=True, label_visibility="collapsed",
                            help=_("How fast Play moves through the generations."))
