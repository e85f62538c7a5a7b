"""The body of the text page: tiles, then one view at a time (passages, curves, the long tail,
lost words). In present mode, the player alone: a generation's writing and its vocabulary."""

from __future__ import annotations

from functools import partial

import numpy as np
import streamlit as st

from collapse_core import Result
from collapse_core.families.text.metrics import RARE_WORDS_HALVED, VOCABULARY_HALVED
from collapse_core.monitor import watch
from ui import figures, text_figures
from ui.captions import drawn_run_sentence, monitor_sentence, share, shown, typical
from ui.generation_picker import GenerationPicker
from ui.i18n import N_, _, ngettext
from ui.own_text import escape_markdown
from ui.page_parts import download, example_metrics, example_run_rows, plot
from ui.player import show_player
from ui.present import presenting
from ui.schedule_view import metric_view, show_schedule
from ui.tiles import TileRow
from ui.view_picker import show_views

VANISHED_SHOWN = 50  # lost words listed, most frequent first
PLAYER_CHART_HEIGHT = 300  # beside a passage, on the first screen
PICKER = GenerationPicker(N_("Generation shown"), N_(
    "Drag to any generation to read what its model wrote: the simulation is not run again."))


def rare_words_in_sample(result: Result) -> int:
    """How many words the human sample used 3 times or fewer (its rare words)."""
    return int(np.count_nonzero(np.asarray(result.example["human_counts"]) <= 3))


def tiles(result: Result) -> None:
    """Four headline numbers of the run shown at the last generation, with their change
    since generation 0."""
    last = result.settings.generations
    row = TileRow()
    vocab0, vocab = shown(result, "vocab_size")
    row.change(_("Different words at gen {g}").format(g=last), f"{vocab:,.0f}",
               f"{vocab / vocab0 - 1:+.0%}", better="up",
               help=_("How many different words (not counting punctuation) the model's text "
                      "uses."))
    rare_help = _("The share of the human sample's rare words (used 3 times or fewer) that the "
                  "model can still write.")
    if rare_words_in_sample(result) == 0:
        row.tile(_("Rare words left"), "—", _("the sample has none"), help=rare_help)
    else:
        rare0, rare = shown(result, "rare_word_survival")
        row.change(_("Rare words left"), share(rare),
                   _("{points} points").format(points=f"{(rare - rare0) * 100:+.0f}"),
                   better="up", help=rare_help)
    ppl0, ppl = shown(result, "perplexity")
    row.change(_("Surprise at real text (perplexity)"), f"{ppl:,.0f}", f"{ppl - ppl0:+,.0f}",
               better="down",
               help=_("How surprised the model is by real human sentences it never saw: higher "
                      "means it has forgotten more of how people really write (perplexity)."))
    h0, h = shown(result, "entropy")
    # In words a reader can picture: as varied as picking among 2^h equally likely words (with
    # a decimal below 10: a model down to 1.4 would otherwise read "1", as sure as can be).
    choices = 2**h
    row.change(_("Variety of word choice (entropy)"),
               _("{n} choices").format(n=f"{choices:.1f}" if choices < 10 else f"{choices:,.0f}"),
               f"{2 ** (h - h0) - 1:+.0%}",
               help=_("As unpredictable as picking the next word among this many equally "
                      "likely words: 1 means it always knows exactly what comes next "
                      "(2 to the power of the entropy in bits)."))


def passage(example: dict, g: int) -> None:
    """One generation's passage, with its number, shown literally."""
    with st.container(border=True):
        st.markdown(_("**Generation {g}**").format(g=g))
        st.markdown(escape_markdown(example["passages"][g]))


def player(result: Result) -> None:
    """The player: the vocabulary curve marked at each generation beside what its model wrote
    (on a phone, the curve first). The curve is of the run whose passages are shown, as is
    its sentence."""
    last = result.settings.generations
    shown_run = example_run_rows(result)

    def draw(g: int) -> None:
        left, right = st.columns(2)
        with left:
            plot(figures.metric_chart, shown_run, "vocab_size", _("different words used"),
                 shown_at=g, present_height=260, legend=False, height=PLAYER_CHART_HEIGHT,
                 alt=_("Line chart of how many different words the model writes, with "
                       "generation {g} marked.").format(g=g),
                 caption=vocabulary_at(result, g))
        with right:
            passage(result.example, g)

    show_player(PICKER, last, draw)


def vocabulary_at(result: Result, g: int) -> str:
    """How many different words generation g writes with, against generation 0."""
    rows = example_metrics(result)["vocab_size"]
    return _("Generation {g} writes with {vocab} different words; generation 0 used "
             "{vocab0}.").format(g=g, vocab=f"{rows[g]:,.0f}", vocab0=f"{rows[0]:,.0f}")


def read_generations(result: Result) -> None:
    """The player, then early, middle and late passages side by side (in present mode, only
    the player)."""
    player(result)
    if presenting():
        return
    if note := drawn_run_sentence(result, "vocab_size"):
        st.caption(note)
    example, last = result.example, result.settings.generations
    st.markdown(_("Early, middle and late: each box is the start of what one model wrote. Early "
                  "generations still sound like their source; later ones repeat a few common "
                  "phrases over and over."))
    for column, g in zip(st.columns(3), sorted({0, last // 2, last}), strict=False):
        with column:
            passage(example, g)


def vocabulary_sentence(result: Result) -> str:
    """How many words the model still writes with, against generation 0."""
    m, last = result.metrics, result.settings.generations
    vocab0, vocab = typical(m, "vocab_size")
    values = dict(g=last, vocab=f"{vocab:,.0f}", vocab0=f"{vocab0:,.0f}",
                  ratio=share(vocab / vocab0 if vocab0 else 1.0),
                  rare=share(typical(m, "rare_word_survival")[1]))
    if m["run"].nunique() > 1:
        return ngettext("In the typical run, after {g} generation the model writes with {vocab} "
                        "different words, {ratio} of generation 0's ({vocab0}); {rare} of the "
                        "rare words survive.",
                        "In the typical run, after {g} generations the model writes with {vocab} "
                        "different words, {ratio} of generation 0's ({vocab0}); {rare} of the "
                        "rare words survive.",
                        last).format(**values)
    return ngettext("After {g} generation the model writes with {vocab} different words, {ratio} "
                    "of generation 0's ({vocab0}); {rare} of the rare words survive.",
                    "After {g} generations the model writes with {vocab} different words, {ratio} "
                    "of generation 0's ({vocab0}); {rare} of the rare words survive.",
                    last).format(**values)


def vocabulary(result: Result) -> None:
    """How many different words the model writes, over generations, with the warning line."""
    m = result.metrics
    vocab0 = typical(m, "vocab_size")[0]
    reading = watch(m, VOCABULARY_HALVED, vocab0, shown_run=result.example_run)
    metric_view(result, "vocab_size", _("different words"), VOCABULARY_HALVED, vocab0,
                threshold=reading.threshold, alarm_at=reading.typical_generation,
                alt=_("Line chart of how many different words the model writes, per "
                      "generation, with the warning line at half of generation 0's."),
                caption=_("**Vocabulary.** {sentence} {monitor}").format(
                    sentence=vocabulary_sentence(result), monitor=monitor_sentence(reading)))


def rare_words(result: Result) -> None:
    """The share of the human sample's rare words the model can still write."""
    m, last = result.metrics, result.settings.generations
    rare = rare_words_in_sample(result)
    if rare == 0:
        st.info(_("The human sample has no rare words (every word in it is used more than 3 "
                  "times), so there are none to lose. A larger sample, or a longer text, has "
                  "some."), icon=":material/info:")
        return
    reading = watch(m, RARE_WORDS_HALVED, 1.0, shown_run=result.example_run)
    plot(figures.metric_chart, m, "rare_word_survival", _("rare words left"), percent=True,
         threshold=reading.threshold, alarm_at=reading.typical_generation,
         example_run=result.example_run,
         alt=_("Line chart of the share of the human sample's rare words the model can still "
               "write, per generation, with a warning line at 50%."),
         caption=_("**Rare words.** The human sample has {rare} rare words (used 3 times or "
                   "fewer); {left} of them survive at generation {g}. Once a word is gone it "
                   "never comes back without human data. {monitor}").format(
             rare=f"{rare:,}", left=share(typical(m, "rare_word_survival")[1]), g=last,
             monitor=monitor_sentence(reading)))


def perplexity(result: Result) -> None:
    """How surprised the model is by held-out human sentences, over generations."""
    m, last = result.metrics, result.settings.generations
    ppl0, ppl = typical(m, "perplexity")
    trend = (_("real writing surprises it {times} times as much.").format(times=f"{ppl / ppl0:.1f}")
             if ppl > ppl0 * 1.02 else _("about as surprised as at the start."))
    plot(figures.metric_chart, m, "perplexity", _("surprise (perplexity)"),
         example_run=result.example_run,
         alt=_("Line chart of the model's perplexity on held-out human sentences."),
         caption=_("**Surprise at real writing (perplexity).** On human sentences it never "
                   "saw, the model scored {ppl0} at generation 0 and {ppl} at generation {g}: "
                   "{trend}").format(ppl0=f"{ppl0:,.0f}", ppl=f"{ppl:,.0f}", g=last,
                                     trend=trend))


def entropy(result: Result) -> None:
    """How unpredictable the model's next word is, over generations."""
    m, last = result.metrics, result.settings.generations
    h0, h = typical(m, "entropy")
    trend = (_("more predictable: it repeats itself more") if h < h0 * 0.98 else
             _("less predictable") if h > h0 * 1.02 else
             _("about as predictable as at the start"))
    plot(figures.metric_chart, m, "entropy", _("bits per word"),
         example_run=result.example_run,
         alt=_("Line chart of the entropy of the model's next-word choice per generation."),
         caption=_("**Variety of word choice (entropy).** Choosing its next word took {h0} bits "
                   "of surprise at generation 0 and {h} at generation {g}: the model is "
                   "{trend}.").format(h0=f"{h0:.2f}", h=f"{h:.2f}", g=last, trend=trend))


def zipf(result: Result) -> None:
    """The rank-frequency chart and its sentence."""
    example, last = result.example, result.settings.generations
    ranked = np.asarray(example["ranked"])
    used0, used = int((ranked[0] > 0).sum()), int((ranked[last] > 0).sum())
    top0, top = int(ranked[0, 0]), int(ranked[last, 0])
    tail = (_("the long tail of rare words is cut off") if used < 0.9 * used0 else
            _("the tail of rare words is about as long"))
    grow = (_("while the most common word grew from {a} to {b} uses") if top > top0 else
            _("and the most common word went from {a} to {b} uses")).format(
                a=f"{top0:,}", b=f"{top:,}")
    plot(text_figures.zipf_chart, example,
         alt=_("Log-log lines of how often each word is used by rank, for the human sample and "
               "generations {gens}; later generations' lines end sooner.").format(
             gens=", ".join(map(str, text_figures.zipf_generations(last)))),
         caption=_("Each line ranks a generation's words from the most common (left) to the "
                   "rarest (right); the dotted grey line is the human sample. Generation 0 "
                   "used {used0} different words; generation {g} only {used}: {tail}, "
                   "{grow}.").format(used0=f"{used0:,}", g=last, used=f"{used:,}", tail=tail,
                                     grow=grow))


def vanished(result: Result) -> None:
    """A slider over generations, then the human sample's words that generation can no longer
    write."""
    g = PICKER.slider(result.settings.generations)
    example = result.example
    words = example["human_words"]
    counts = np.asarray(example["human_counts"])
    lost = np.flatnonzero(~np.asarray(example["kept"][g]))
    if lost.size == 0:
        st.markdown(_("Generation {g}'s model can still write all {n} words of the human "
                      "sample. Pick a later generation above to see words vanish.").format(
            g=g, n=f"{len(words):,}"))
        return
    shown = lost[:VANISHED_SHOWN]
    examples = _(", ").join(escape_markdown(words[i]) for i in shown[:3])
    st.markdown(_("**{lost} of the {n} words** of the human sample are gone by generation {g}, "
                  "among them {examples}. They are listed below, the most frequent first, with "
                  "how often the human sample used them:").format(
        lost=f"{lost.size:,}", n=f"{len(words):,}", g=g, examples=examples))
    more = (_(" … and {n} more.").format(n=f"{lost.size - shown.size:,}")
            if lost.size > shown.size else "")
    st.markdown(" · ".join(f"{escape_markdown(words[i])} ({counts[i]})" for i in shown) + more)


# The one sentence at the top of the page for each view that is not the player.
VIEW_LEADS = {
    "Vocabulary": N_("How many different words each generation still writes."),
    "Rare words": N_("How many of the human sample's rare words each generation can still "
                     "write."),
    "Vanished words": N_("The human sample's words that a generation can no longer write."),
    "Perplexity": N_("How surprised each generation is by real human sentences."),
    "Entropy": N_("How varied each generation's choice of the next word is."),
    "Long tail": N_("Each generation's words, from the most common to the rarest."),
}


def show_text_result(result: Result, details=None) -> None:
    """Everything the text page shows of a result: one view where the page is; the tiles and
    the download in `details`, a container further down (in present mode, only the views)."""
    PICKER.picked(result.settings.generations)
    show_views({
        name: partial(view, result) for name, view in (
            (N_("Read the generations"), read_generations),
            (N_("Vocabulary"), vocabulary),
            (N_("Rare words"), rare_words),
            (N_("Vanished words"), vanished),
        )
    }, more={
        name: partial(view, result) for name, view in (
            (N_("Perplexity"), perplexity),
            (N_("Entropy"), entropy),
            (N_("Long tail"), zipf),
        )
    }, labels={"Vocabulary": N_("Different words (vocabulary)"),
               "Perplexity": N_("Surprise at real text (perplexity)"),
               "Entropy": N_("Variety of word choice (entropy)"),
               "Long tail": N_("Common and rare words (long tail)")}, leads=VIEW_LEADS)
    if not presenting():
        with details or st.container():
            tiles(result)
            show_schedule(result.settings)
            st.caption(_("Text: {credit}").format(
                credit=escape_markdown(_(result.example["credit"]))))
            download(result)
