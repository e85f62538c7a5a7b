"""The body of the tiny neural network's page: the wall of inventions, letters, lengths, the
shares of distinct inventions and copies, surprise at real items, and published results on
real language models; each chart with its plain sentence. In present mode, the player alone.

A first answer may hold generation 0 alone while the rest is computed (ui.serving.compute): the
page then shows generation 0's wall and numbers, and says in words, where a chart over
generations will be, that the generations after it are coming."""

from __future__ import annotations

from functools import partial

import numpy as np
import streamlit as st

from collapse_core import Result
from collapse_core.families.neural.metrics import DISTINCT_HALVED
from collapse_core.families.neural.published import STUDIES
from collapse_core.monitor import watch
from ui import figures
from ui.captions import drawn_run_sentence, monitor_sentence, share, shown, typical
from ui.generation_picker import GenerationPicker
from ui.i18n import N_, _, ngettext, sentences
from ui.neural_figures import lengths_chart, letters_chart
from ui.own_text import escape_markdown
from ui.page_parts import download, example_metrics, example_run_rows, plot
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


# A wall breaks lines only after a separator: a no-break space keeps each "·" with the item
# before it, and a word joiner between an item's characters keeps a Chinese word on one line.
NO_BREAK, WORD_JOINER = "\u00a0", "\u2060"
WALL_SEPARATOR = NO_BREAK + "· "


def _unbreakable(text: str) -> str:
    """An item that a line never breaks inside (its spaces no-break, its characters joined)."""
    return WORD_JOINER.join(text.replace(" ", NO_BREAK))


def wall_text(items: list[str], language: str) -> str:
    """Items side by side, separated by dots, each kept whole on its line with the dot after."""
    return WALL_SEPARATOR.join(_item(_unbreakable(item), language) for item in items)


def human_words(example: dict) -> str:
    """What the human items are, in the reader's language ('names', 'words', 'items')."""
    if example["corpus"] == "English names":
        return _("names")
    if example["language"] == "zh":
        return _("words")
    return _("items")


def wall_sentence(example: dict, g: int, count: int, n: int) -> str:
    """What the walls of `count` items are (a random sample of each generation's n inventions,
    or all of them), and generation g's most repeated invention among all n: a number of all
    the inventions, as the chart's are, never one of the wall's few."""
    if count < n:
        what = (_("These are {count} of generation 0's {n} inventions, drawn at random.")
                if g == 0 else
                _("These are {count} of each generation's {n} inventions, drawn at random."))
    else:
        what = (_("These are all {n} of generation 0's inventions.") if g == 0 else
                _("These are all {n} inventions of each generation."))
    parts = [what.format(count=count, n=n)]
    top, times = example["tops"][g]
    top = _item(top, example["language"])
    if times == n:
        parts.append(_("All {n} of generation {g}'s inventions are “{top}”.").format(
            n=n, g=g, top=top))
    elif times > 1:
        parts.append(_("The most repeated invention of generation {g}, “{top}”, comes {times} "
                       "times among all {n}.").format(g=g, top=top, times=times, n=n))
    return sentences(parts)


def wall(example: dict, g: int, n: int) -> None:
    """Generation 0's inventions above generation g's (once, at generation 0), of the n each
    generation invents, with the sentence about them."""
    count = min(PRESENT_WALL if presenting() else len(example["walls"][0]), n)
    st.markdown(_("**Generation 0**") + "\n\n" + wall_text(example["walls"][0][:count],
                                                           example["language"]))
    if g > 0:
        st.markdown(_("**Generation {g}**").format(g=g) + "\n\n"
                    + wall_text(example["walls"][g][:count], example["language"]))
    st.markdown(wall_sentence(example, g, count, n))


# From this many different inventions down, the chart's sentence counts them.
FEW_LEFT = 10


def distinct_at(result: Result, g: int) -> str:
    """The share of generation g's inventions that are different items (against generation
    0's, later), in the run the walls show."""
    rows = example_metrics(result)["distinct_share"]
    n, words = result.settings.sample_size, human_words(result.example)
    if g == 0:
        return _("At generation 0, {d0} of the {n} inventions are different {words}; the rest "
                 "are repeats.").format(d0=share(rows[0]), n=n, words=words)
    different = round(rows[g] * n)
    if different <= FEW_LEFT:  # a share of "less than 1%" hides how few: count them
        return ngettext(
            "At generation {g}, the {n} inventions are all one and the same, repeated (at "
            "generation 0, {d0} of them were different {words}).",
            "At generation {g}, the {n} inventions are only {count} different {words}, repeated "
            "over and over (at generation 0, {d0} of them were different).", different).format(
            g=g, n=n, count=different, words=words, d0=share(rows[0]))
    return _("At generation {g}, {d} of the {n} inventions are different {words} (at "
             "generation 0, {d0}); the rest are repeats.").format(
        g=g, d=share(rows[g]), n=n, words=words, d0=share(rows[0]))


def coming(total: int) -> str:
    """Said in place of a chart over generations while only generation 0 is computed."""
    return _("Generations 1 to {total} are being computed: the chart of them appears here "
             "by itself.").format(total=total)


def first_wall(result: Result, total: int) -> None:
    """Generation 0 alone (a first answer): its wall, and in place of the player and its chart,
    a sentence saying that the generations after it are coming."""
    wall(result.example, 0, result.settings.sample_size)
    st.markdown(_("Generations 1 to {total} are being computed: the player, and the chart of "
                  "how alike the inventions grow, appear here by themselves.").format(
        total=total))


def player(result: Result) -> None:
    """The player: the share of distinct inventions with the generation shown marked, beside
    the walls of generation 0 and of that generation (on a phone, the chart first). The chart
    is of the run whose walls are shown, as is its sentence."""
    shown_run = example_run_rows(result)

    def draw(g: int) -> None:
        left, right = st.columns(2)
        with left:
            plot(figures.metric_chart, shown_run, "distinct_share", _("distinct inventions"),
                 shown_at=g, percent=True, y_axis=dict(range=[0, 1.02]), legend=False,
                 present_height=260, height=PLAYER_CHART_HEIGHT,
                 alt=_("Line chart of the share of distinct inventions, with generation {g} "
                       "marked.").format(g=g),
                 caption=distinct_at(result, g))
        with right:
            wall(result.example, g, result.settings.sample_size)

    show_player(PICKER, result.settings.generations, draw)


def times(ratio: float) -> str:
    """A change by `ratio` as a reader reads it: '+35%', '-40%', or '×970' once it has at least
    doubled (a rise of 96,900% says nothing)."""
    return f"×{ratio:,.0f}" if ratio >= 2 else f"{ratio - 1:+.0%}"


def tiles(result: Result) -> None:
    """Four numbers of the run shown at the last generation, with generation 0's or the change
    since it (at generation 0 alone, a note that the rest is being computed)."""
    last, words = result.settings.generations, human_words(result.example)
    row = TileRow()

    def tile(label: str, value: str, help: str, change: str = "", better: str = "",
             then: str = "") -> None:
        """A tile with its change since generation 0, or generation 0's value (`then`)."""
        if last == 0:
            row.tile(label, value, _("gen 1+: computing"), help=help)
        elif change:
            row.change(label, value, change, better=better, help=help)
        else:
            row.tile(label, value, _("gen 0: {c}").format(c=then), help=help)

    d0, d = shown(result, "distinct_share")
    # Its change as a share of itself would read -100% for a share still above 0: say both.
    tile(_("Distinct inventions at gen {g}").format(g=last), share(d),
         _("The share of its {n} inventions that are different {words}; the rest are "
           "repeats.").format(n=result.settings.sample_size, words=words), then=share(d0))
    l0, letters = shown(result, "letters")
    tile(_("Characters in use"), f"{letters:.0f}",
         _("How many different characters its inventions use."),
         change=f"{letters - l0:+.0f}", better="up")
    p0, p = shown(result, "perplexity")
    tile(_("Surprise at real {words} (perplexity)").format(words=words), f"{p:,.0f}",
         _("Perplexity per character on real {words} it never saw: guessing blindly among "
           "all {blind} characters (the end included) would score {blind}; lower is better."
           ).format(words=words, blind=len(result.example["alphabet"]) + 1),
         change=times(p / p0), better="down")
    c0, c = shown(result, "copy_share")
    tile(_("Copies of human {words}").format(words=words), share(c),
         _("The share of its inventions that are {words} of the human sample the first "
           "network learned from.").format(words=words), then=share(c0))


def gone_characters(example: dict) -> str:
    """The characters the human sample uses that the last generation no longer writes."""
    human, last = np.asarray(example["human_letters"]), np.asarray(example["letters"][-1])
    gone = [c for c, h, n in zip(example["alphabet"], human, last, strict=True) if h and not n]
    return " ".join(gone[:30]) + (" …" if len(gone) > 30 else "")


def published_panel() -> None:
    """Published results on real language models, a numbered list: what each shows in plain
    words, then the paper's own words and where they are said."""
    st.markdown(_("**It happens to real language models too.** These are published results, "
                  "quoted from the papers, not computed here."))
    # The plain sentence leads; the paper's words and setting follow in smaller type.
    st.markdown("\n".join(
        f"{number}. **{_(study.plain)}**  \n:small["
        + _("{model}: {setting} “*{finding}*” ({citation}, {where}; [link]({url}))").format(
            model=_(study.model), setting=_(study.setting), finding=study.finding,
            citation=study.citation, where=_(study.where), url=study.url) + "]"
        for number, study in enumerate(STUDIES, start=1)))
    st.caption(_("OPT-125m's perplexity at each generation, with and without 10% of the "
                 "original data kept, is drawn only in the paper's Fig. 1b,c, not given in its "
                 "text, so it is not charted here: a number is shown only with a source it can "
                 "be checked against."))


def surprise_verdict(p0: float, p: float, words: str, blind: int) -> str:
    """What the surprise at generation 0 and at the last generation says about the network."""
    parts = [_("It has forgotten what real {words} look like.") if p >= 2 * p0 else
             _("It has begun to forget what real {words} look like.") if p > 1.1 * p0 else
             _("It still knows real {words} about as well as at first.")]
    if p0 > blind:  # (a mean above blind guessing: on some characters it was sure of others)
        parts.append(_("Even generation 0 is above {blind}, worse than guessing blindly: on some "
                       "characters of real {words} it is sure of the wrong ones."))
    elif p > blind:
        parts.append(_("Above {blind} it is worse than guessing blindly: sure of the wrong "
                       "characters."))
    return sentences(parts).format(words=words, blind=blind)


def copies_sentence(c0: float, c: float, g: int, words: str) -> str:
    """The shares of inventions that copy the human sample at generation 0 and g, and which way
    later networks went (said only beyond 5 points of generation 0's share)."""
    parts = [_("**Copies.** {c0} of generation 0's inventions are {words} of the human sample "
               "it learned from, {c} of generation {g}'s.").format(
        c0=share(c0), words=words, c=share(c), g=g)]
    if c > c0 + 0.05:
        parts.append(_("Later networks copy copies of them."))
    elif c < c0 - 0.05:
        parts.append(_("Later networks invent more {words} the sample does not hold.").format(
            words=words))
    return sentences(parts)


# The one sentence at the top of the page for each view that is not the player.
VIEW_LEADS = {
    "Characters": N_("Which characters the network still writes, generation by generation."),
    "Lengths": N_("How long its inventions are, and how much their lengths vary."),
    "Real language models": N_("What published studies found when real language models "
                               "learned from their own text."),
    "Distinct": N_("How many of its inventions are different, and how many are repeats."),
    "Surprise": N_("How surprised the network is by real names or words it never saw: the "
                   "more it forgets, the higher."),
    "Copies": N_("How many of its inventions are copies of the names or words it learned "
                 "from."),
}


def show_neural_result(result: Result, total: int, details=None) -> None:
    """Everything the page shows of a result, `total` generations asked for (of which the
    result may hold the first ones only): one view at a time where the page is; the tiles and
    the download in `details`, a container further down (in present mode, only the views, the
    first one only the player)."""
    m, example, last = result.metrics, result.example, result.settings.generations
    n = result.settings.sample_size
    words, blind = human_words(example), len(example["alphabet"]) + 1
    PICKER.picked(last)

    def over_generations(draw, first: str) -> None:
        """draw() a chart over generations with its sentence; at generation 0 alone, say what
        generation 0 shows (`first`) and that the chart is coming."""
        if last == 0:
            st.markdown(sentences([first, coming(total)]))
        else:
            draw()

    def inventions() -> None:
        if last == 0:
            first_wall(result, total)
            return
        player(result)
        if not presenting() and (note := drawn_run_sentence(result, "distinct_share")):
            st.caption(note)

    def letters() -> None:
        g = PICKER.shown()
        l0, letters_now = typical(m, "letters")
        h = int(np.count_nonzero(example["human_letters"]))
        over_generations(
            partial(plot, figures.metric_chart, m, "letters", _("characters in use"),
                    example_run=result.example_run, y_axis=dict(rangemode="tozero"),
                    alt=_("Line chart of how many different characters the inventions use."),
                    caption=_("**Characters in use.** The human sample writes {h}; the "
                              "network's inventions use {l0} at generation 0 and {l} at "
                              "generation {g}. The rarest characters go first, and a character "
                              "it stops writing does not come back without human data.").format(
                        h=h, l0=f"{l0:.0f}", l=f"{letters_now:.0f}", g=last)),
            _("**Characters in use.** The human sample writes {h}; generation 0's inventions "
              "use {l0}.").format(h=h, l0=f"{l0:.0f}"))
        gone = gone_characters(example) or _("none")
        plot(letters_chart, example["alphabet"], example["human_letters"],
             example["letters"][g], g, last, _("Human {words}").format(words=words),
             alt=_("Bar chart of how often each character is written, human data beside "
                   "generation {g}.").format(g=g),
             caption=_("Gone by generation {last} in the run shown: {gone}.").format(
                 last=last, gone=gone) if last else
             _("Not written by generation 0 in the run shown: {gone}.").format(gone=gone))

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
                                      m=f"{mean_now:.1f}", s=f"{sd_now:.1f}") if last else
             _("**Lengths.** At generation 0 the inventions are {m0} characters long on "
               "average, give or take {s0}.").format(m0=f"{m0:.1f}", s0=f"{s0:.1f}"))

    def distinct() -> None:
        d0, d = typical(m, "distinct_share")
        reading = watch(m, DISTINCT_HALVED, d0, shown_run=result.example_run)
        trend = (_("the network repeats itself more and more.") if d < 0.9 * d0 else
                 _("the network has not grown much more repetitive."))
        over_generations(
            partial(metric_view, result, "distinct_share", _("distinct inventions"),
                    DISTINCT_HALVED, d0, threshold=reading.threshold,
                    alarm_at=reading.typical_generation, percent=True,
                    y_axis=dict(range=[0, 1.02]),
                    alt=_("Line chart of the share of distinct inventions over generations."),
                    caption=_("**Distinct inventions.** At generation 0, {d0} of the {n} "
                              "inventions are different {words}, the rest repeats; at "
                              "generation {g}, {d}: {trend} {monitor}").format(
                        d0=share(d0), n=n, words=words, d=share(d), g=last, trend=trend,
                        monitor=monitor_sentence(reading))),
            _("**Distinct inventions.** At generation 0, {d0} of the {n} inventions are "
              "different {words}; the rest are repeats.").format(d0=share(d0), n=n,
                                                                  words=words))

    def surprise() -> None:
        p0, p = typical(m, "perplexity")
        what = _("**Surprise at real {words}** it never saw (perplexity per character: a "
                 "network that guessed blindly among its {blind} characters, the end included, "
                 "would score {blind}).").format(words=words, blind=blind)
        over_generations(
            partial(plot, figures.metric_chart, m, "perplexity", _("surprise (perplexity)"),
                    example_run=result.example_run, y_axis=dict(type="log"),
                    alt=_("Line chart, on a log scale, of the network's surprise at real items "
                          "it never saw."),
                    caption=sentences([what, _("Generation 0 scores {p0}, generation {g} {p}."
                                               ).format(p0=f"{p0:,.0f}", g=last, p=f"{p:,.0f}"),
                                       surprise_verdict(p0, p, words, blind)])),
            sentences([what, _("Generation 0 scores {p0}.").format(p0=f"{p0:,.0f}")]))

    def copies() -> None:
        c0, c = typical(m, "copy_share")
        over_generations(
            partial(plot, figures.metric_chart, m, "copy_share", _("copies of human items"),
                    percent=True, example_run=result.example_run, y_axis=dict(range=[0, 1.02]),
                    alt=_("Line chart of the share of inventions that copy an item of the "
                          "human sample."),
                    caption=copies_sentence(c0, c, last, words)),
            _("**Copies.** {c0} of generation 0's inventions are {words} of the human sample "
              "it learned from.").format(c0=share(c0), words=words))

    show_views({
        N_("Inventions"): inventions,
        N_("Characters"): letters,
        N_("Lengths"): lengths,
        N_("Real language models"): published_panel,
    }, more={
        N_("Distinct"): distinct,
        N_("Surprise"): surprise,
        N_("Copies"): copies,
    }, leads=VIEW_LEADS)
    if not presenting():
        with details or st.container():
            tiles(result)
            show_schedule(result.settings)
            download(result)
