"""The body of the tiny neural network's page: the wall of inventions, letters, lengths, the
shares of distinct inventions and copies, surprise at real items, and published results on
real language models; each chart with its plain sentence. In present mode, the player alone."""

from __future__ import annotations

from collections import Counter

import numpy as np
import streamlit as st

from collapse_core import Result
from collapse_core.families.neural.metrics import DISTINCT_HALVED
from collapse_core.families.neural.published import STUDIES
from collapse_core.monitor import watch
from ui import figures
from ui.captions import drawn_run_sentence, monitor_sentence, share, shown, typical
from ui.generation_picker import GenerationPicker
from ui.i18n import N_, _, sentences
from ui.neural_figures import lengths_chart, letters_chart
from ui.own_text import escape_markdown
from ui.page_parts import download, example_metrics, plot
from ui.player import show_player
from ui.present import presenting
from ui.schedule_view import metric_view, show_schedule
from ui.tiles import TileRow
from ui.view_picker import show_views

PICKER = GenerationPicker(N_("Generation shown"), N_(
    "Drag to any generation to see what its network invented: the simulation is not run again."))
PRESENT_WALL = 20  # items on a projector's wall
PLAYER_CHART_HEIGHT = 210  # beside the walls; on a phone, under a notice on the first screen


def _item(text: str, language: str) -> str:
    """An item as shown: a name capitalised, a Chinese word as it is, an empty one as ∅."""
    if not text:
        return "∅"
    return escape_markdown(text.capitalize() if language == "en" else text)


def wall_text(items: list[str], language: str) -> str:
    """Items side by side, separated by dots."""
    return " · ".join(_item(item, language) for item in items)


def human_words(example: dict) -> str:
    """What the human items are, in the reader's language ('names', 'words', 'items')."""
    if example["corpus"] == "English names":
        return _("names")
    if example["language"] == "zh":
        return _("words")
    return _("items")


def wall_sentence(example: dict, g: int) -> str:
    """How varied generation g's wall is against generation 0's."""
    first, now = example["walls"][0], example["walls"][g]
    top, times = Counter(now).most_common(1)[0]
    parts = [_("Generation 0 wrote {d0} different items among these {n}; generation {g} "
               "wrote {d}.").format(d0=len(set(first)), n=len(now), g=g, d=len(set(now)))]
    if times > 1:
        parts.append(_("Its most repeated invention, “{top}”, comes {times} times.").format(
            top=_item(top, example["language"]), times=times))
    return sentences(parts)


def wall(example: dict, g: int) -> None:
    """Generation 0's inventions above generation g's, with the sentence about them."""
    count = PRESENT_WALL if presenting() else len(example["walls"][0])
    st.markdown(_("**Generation 0**") + "\n\n" + wall_text(example["walls"][0][:count],
                                                           example["language"]))
    st.markdown(_("**Generation {g}**").format(g=g) + "\n\n"
                + wall_text(example["walls"][g][:count], example["language"]))
    st.markdown(wall_sentence(example, g))


def distinct_at(result: Result, g: int) -> str:
    """The share of distinct inventions at generation g, against generation 0."""
    rows = example_metrics(result)["distinct_share"]
    return _("At generation {g}, {d} of the inventions differ from each other; at generation "
             "0, {d0}.").format(g=g, d=share(rows[g]), d0=share(rows[0]))


def player(result: Result) -> None:
    """The player: the share of distinct inventions with the generation shown marked, beside
    the walls of generation 0 and of that generation (on a phone, the chart first)."""
    m = result.metrics

    def draw(g: int) -> None:
        left, right = st.columns(2)
        with left:
            plot(figures.metric_chart, m, "distinct_share", _("distinct inventions"),
                 shown_at=g, percent=True, y_axis=dict(range=[0, 1.02]), legend=False,
                 present_height=260, height=PLAYER_CHART_HEIGHT,
                 example_run=result.example_run,
                 alt=_("Line chart of the share of distinct inventions, with generation {g} "
                       "marked.").format(g=g),
                 caption=distinct_at(result, g))
        with right:
            wall(result.example, g)

    show_player(PICKER, result.settings.generations, draw)


def tiles(result: Result) -> None:
    """Four numbers of the run shown at the last generation, with their change since
    generation 0."""
    last = result.settings.generations
    row = TileRow()
    d0, d = shown(result, "distinct_share")
    row.change(_("Distinct inventions at gen {g}").format(g=last), share(d),
               f"{d / d0 - 1:+.0%}", better="up",
               help=_("The share of its inventions that differ from each other."))
    l0, letters = shown(result, "letters")
    row.change(_("Characters in use"), f"{letters:.0f}", f"{letters - l0:+.0f}", better="up",
               help=_("How many different characters its inventions use."))
    p0, p = shown(result, "perplexity")
    row.change(_("Surprise at real items"), f"{p:,.0f}", f"{p / p0 - 1:+.0%}", better="down",
               help=_("Perplexity per character on real items it never saw: guessing "
                      "blindly among all {blind} characters (the end included) would score "
                      "{blind}; lower is better.").format(
                   blind=len(result.example["alphabet"]) + 1))
    c0, c = shown(result, "copy_share")
    row.tile(_("Copies of human items"), share(c), _("gen 0: {c}").format(c=share(c0)),
             help=_("The share of its inventions that are items of the human sample the first "
                    "network learned from."))


def gone_characters(example: dict) -> str:
    """The characters the human sample uses that the last generation no longer writes."""
    human, last = np.asarray(example["human_letters"]), np.asarray(example["letters"][-1])
    gone = [c for c, h, n in zip(example["alphabet"], human, last, strict=True) if h and not n]
    return " ".join(gone[:30]) + (" …" if len(gone) > 30 else "")


def published_panel() -> None:
    """Published results on real language models, quoted, each with where it is said."""
    st.markdown(_("**It happens to real language models too.** These are published results, "
                  "quoted from the papers, not computed here."))
    for study in STUDIES:
        st.markdown(_("**{model}**: {setting} “*{finding}*” ({citation}, {where}; [link]({url}))"
                      ).format(model=_(study.model), setting=_(study.setting),
                               finding=study.finding, citation=study.citation,
                               where=_(study.where), url=study.url))
    st.caption(_("OPT-125m's perplexity at each generation, with and without 10% of the "
                 "original data kept, is drawn only in the paper's Fig. 1b,c, not given in its "
                 "text, so it is not charted here: a number is shown only with a source it can "
                 "be checked against."))


def show_neural_result(result: Result, details=None) -> None:
    """Everything the page shows of a result: one view at a time where the page is; the tiles
    and the download in `details`, a container further down (in present mode, only the views,
    the first one only the player)."""
    m, example, last = result.metrics, result.example, result.settings.generations
    words = human_words(example)
    PICKER.picked(last)

    def inventions() -> None:
        player(result)
        if not presenting() and (note := drawn_run_sentence(result, "distinct_share")):
            st.caption(note)

    def letters() -> None:
        g = PICKER.shown()
        l0, letters_now = typical(m, "letters")
        plot(figures.metric_chart, m, "letters", _("characters in use"),
             example_run=result.example_run, y_axis=dict(rangemode="tozero"),
             alt=_("Line chart of how many different characters the inventions use."),
             caption=_("**Characters in use.** The human sample writes {h}; the network's "
                       "inventions use {l0} at generation 0 and {l} at generation {g}. The "
                       "rarest characters go first, and a character it stops writing does not "
                       "come back without human data.").format(
                 h=int(np.count_nonzero(example["human_letters"])), l0=f"{l0:.0f}",
                 l=f"{letters_now:.0f}", g=last))
        plot(letters_chart, example["alphabet"], example["human_letters"],
             example["letters"][g], g, last, _("Human {words}").format(words=words),
             alt=_("Bar chart of how often each character is written, human data beside "
                   "generation {g}.").format(g=g),
             caption=_("Gone by generation {last} in the run shown: {gone}.").format(
                 last=last, gone=gone_characters(example) or _("none")))

    def lengths() -> None:
        g = PICKER.shown()
        m0, mean_now = typical(m, "mean_length")
        s0, sd_now = typical(m, "length_sd")
        plot(lengths_chart, example["human_lengths"], example["lengths"][g], g, last,
             _("Human {words}").format(words=words),
             alt=_("Bar chart of how long the items are, human data beside generation {g}."
                   ).format(g=g),
             caption=_("**Lengths.** At generation 0 the inventions are {m0} characters long "
                       "on average, give or take {s0}; at generation {g}, {m} give or take "
                       "{s}.").format(m0=f"{m0:.1f}", s0=f"{s0:.1f}", g=last,
                                      m=f"{mean_now:.1f}", s=f"{sd_now:.1f}"))

    def distinct() -> None:
        d0, d = typical(m, "distinct_share")
        reading = watch(m, DISTINCT_HALVED, d0)
        metric_view(result, "distinct_share", _("distinct inventions"), DISTINCT_HALVED, d0,
                    threshold=reading.threshold, alarm_at=reading.typical_generation,
                    percent=True, y_axis=dict(range=[0, 1.02]),
                    alt=_("Line chart of the share of distinct inventions over generations."),
                    caption=_("**Distinct inventions.** {d0} of generation 0's inventions "
                              "differ from each other, {d} of generation {g}'s: the network "
                              "repeats itself more and more. {monitor}").format(
                        d0=share(d0), d=share(d), g=last, monitor=monitor_sentence(reading)))

    def surprise() -> None:
        p0, p = typical(m, "perplexity")
        plot(figures.metric_chart, m, "perplexity", _("surprise (perplexity)"),
             example_run=result.example_run, y_axis=dict(type="log"),
             alt=_("Line chart, on a log scale, of the network's surprise at real items it "
                   "never saw."),
             caption=_("**Surprise at real {words}** it never saw (perplexity per character: "
                       "a network that guessed blindly among its {blind} characters, the end "
                       "included, would score {blind}). Generation 0 scores {p0}, generation "
                       "{g} {p}: it has forgotten what real {words} look like. Above {blind} "
                       "it is worse than guessing blindly: sure of the wrong characters.").format(
                 words=words, blind=len(example["alphabet"]) + 1, p0=f"{p0:,.0f}", g=last,
                 p=f"{p:,.0f}"))

    def copies() -> None:
        c0, c = typical(m, "copy_share")
        plot(figures.metric_chart, m, "copy_share", _("copies of human items"), percent=True,
             example_run=result.example_run, y_axis=dict(range=[0, 1.02]),
             alt=_("Line chart of the share of inventions that copy an item of the human "
                   "sample."),
             caption=_("**Copies.** {c0} of generation 0's inventions are {words} of the human "
                       "sample it learned from, {c} of generation {g}'s. A small network learns "
                       "its sample nearly by heart; later ones copy copies.").format(
                 c0=share(c0), words=words, c=share(c), g=last))

    show_views({
        N_("Inventions"): inventions,
        N_("Characters"): letters,
        N_("Lengths"): lengths,
        N_("Real language models"): published_panel,
    }, more={
        N_("Distinct"): distinct,
        N_("Surprise"): surprise,
        N_("Copies"): copies,
    })
    if not presenting():
        with details or st.container():
            tiles(result)
            show_schedule(result.settings)
            download(result)
