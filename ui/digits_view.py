"""The body of the digits page: image grids, the digit mix, metric curves and their sentences.
In present mode, the player alone: a generation's images and the digit mix marked there."""

from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from collapse_core import Result
from collapse_core.families.digits.metrics import (
    DIGITS,
    DIVERSITY_FELL,
    ENTROPY_FELL,
    MAX_ENTROPY,
    PRESENT_SHARE,
    effective_digits,
    real_reference,
)
from collapse_core.monitor import watch
from ui import figures
from ui.captions import drawn_run_sentence, monitor_sentence, share, shown, typical
from ui.digits_figures import picture, share_chart
from ui.generation_picker import GenerationPicker
from ui.i18n import N_, _, ngettext, sentences
from ui.page_parts import download, plot
from ui.player import show_player
from ui.present import presenting
from ui.schedule_view import metric_view, show_schedule
from ui.tiles import TileRow
from ui.view_picker import show_views

COLUMNS = 10  # images per row of a grid
OVERVIEW_ROWS = 6  # generations shown in the overview grid (besides the human data)
REAL = N_("real digits")  # the label of the real digits' line across a metric chart
SHARES = [f"share_{d}" for d in DIGITS]
PICKER = GenerationPicker(N_("Generation shown"), N_(
    "Drag to any generation to see its images: the simulation is not run again."))


def image_rows(rows: np.ndarray, names: list[str], alt: str) -> None:
    """Strips of images, each named on its left (above it on a phone); they stretch to fit."""
    for images, name in zip(rows, names, strict=True):
        label, strip = st.columns([1, 8], vertical_alignment="center")
        label.markdown(f"**{name}**")
        strip.image(picture(images), width="stretch",
                    alt=_("{alt} {name}.").format(alt=alt, name=name))


def gallery(images: np.ndarray, labels: np.ndarray, generation: int) -> None:
    """Images side by side, wrapping to the screen, each captioned with the digit read."""
    st.image([picture(image[None]) for image in images], width=88,
             caption=[_("reads {d}").format(d=d) for d in labels],
             alt=[_("A generation {g} image the classifier reads as {d}.").format(
                 g=generation, d=d) for d in labels])


def overview_generations(last: int) -> np.ndarray:
    """Generation 0, the last, and evenly spaced ones between (at most OVERVIEW_ROWS)."""
    return np.unique(np.linspace(0, last, min(OVERVIEW_ROWS, last + 1)).round().astype(int))


def mean_shares(metrics: pd.DataFrame) -> np.ndarray:
    """(generations x 10) share of each digit, averaged over runs (so each row sums to 1)."""
    return metrics.groupby("generation")[SHARES].mean().to_numpy()


def digit_list(digits: list[int]) -> str:
    """'5', '5 and 8', '1, 5 and 8' (in the reader's language)."""
    words = [str(d) for d in digits]
    if len(words) == 1:
        return words[0]
    return _("{first} and {last}").format(first=_(", ").join(words[:-1]), last=words[-1])


def mix_sentence(shares: np.ndarray, runs: int) -> str:
    """Which digits took over and which vanished, from the first to the last generation."""
    first, last = shares[0], shares[-1]
    top = int(np.argmax(last))
    gone = [d for d in DIGITS if last[d] < PRESENT_SHARE <= first[d]]
    never = [d for d in DIGITS if first[d] < PRESENT_SHARE]
    parts = [_("At generation 0 the digits' shares range from {low} to {high}{where}.").format(
        low=share(first.min()), high=share(first.max()),
        where=_(" (averaged over {runs} runs)").format(runs=runs) if runs > 1 else "")]
    if never:
        parts.append(ngettext(
            "{digits} is missing even then: the model cannot draw it well enough to be read.",
            "{digits} are missing even then: the model cannot draw them well enough to be read.",
            len(never)).format(digits=digit_list(never)))
    parts.append(_("At generation {g} the biggest share is the digit {top} with {share}.").format(
        g=len(shares) - 1, top=top, share=share(last[top])))
    if gone:
        parts.append(ngettext("{digits} has all but vanished (under {limit}).",
                              "{digits} have all but vanished (under {limit}).",
                              len(gone)).format(digits=digit_list(gone),
                                                limit=f"{PRESENT_SHARE:.0%}"))
    else:
        parts.append(_("Every digit that was there at generation 0 is still there."))
    return sentences(parts)


def tiles(result: Result) -> None:
    """Four headline numbers of the run shown at the last generation, with their change
    since generation 0."""
    last = result.settings.generations
    row = TileRow()
    present0, present = shown(result, "digits_present")
    row.change(_("Digits still drawn at gen {g}").format(g=last),
               _("{n} of 10").format(n=f"{present:.0f}"), f"{present - present0:+.0f}",
               better="up", help=_("How many of the ten digits still appear (each in at least "
                                   "{share} of the images, as the classifier reads them)."
                                   ).format(share=f"{PRESENT_SHARE:.0%}"))
    h0, h = shown(result, "digit_entropy")
    row.tile(_("Variety of the digit mix"),
             _("{n} digits").format(n=f"{effective_digits(h):.1f}"),
             _("gen 0: {n}").format(n=f"{effective_digits(h0):.1f}"),
             help=_("As varied as this many equally common digits would be (10 means all ten "
                    "equally often)."))
    d0, d = shown(result, "diversity")
    row.change(_("How different the images are"), f"{d:.2f}", f"{d / d0 - 1:+.0%}",
               better="up", help=_("How different two of the model's images are, on average: "
                                   "the typical difference per pixel, on the 0 (paper) to 16 "
                                   "(full ink) scale. It falls as the images become alike."))
    row.tile(_("Classifier accuracy"), share(result.example["accuracy"]),
             _("on real digits it never saw"),
             help=_("The share of held-out real digits the classifier reads correctly."))


def gallery_sentence(example: dict, g: int, shown: int | None = None) -> str:
    """What the kept images of generation g show: all of them, with the digit read under
    each; or the first `shown`, in a row without their digits (present mode)."""
    labels = example["labels"][g][:shown]
    values = dict(g=g, n=labels.size, kinds=len(np.unique(labels)),
                  human=len(np.unique(example["human_labels"][:labels.size])))
    if shown is None:
        return _("Generation {g}: {n} of its images, each with the digit the classifier reads "
                 "in it. They show {kinds} different digits; the human data's first {n} show "
                 "{human}.").format(**values)
    return _("Generation {g}: the classifier reads these {n} images as {kinds} different "
             "digits; the human data's first {n} show {human}.").format(**values)


def player(result: Result) -> None:
    """The player: the images of each generation; in present mode, with the digit mix marked at
    that generation."""
    example, last = result.example, result.settings.generations

    def draw(g: int) -> None:
        if presenting():
            image_rows(example["images"][[g], :COLUMNS], [_("Gen {g}").format(g=g)],
                       alt=_("{n} handwritten digits:").format(n=COLUMNS))
            plot(share_chart, mean_shares(result.metrics), g, present_height=250,
                 alt=_("Stacked area chart of the share of each digit, with generation {g} "
                       "marked.").format(g=g), caption=gallery_sentence(example, g, COLUMNS))
            return
        # The first screen: the human data's row over the generation's, large.
        image_rows(np.stack([example["human_images"][:COLUMNS], example["images"][g, :COLUMNS]]),
                   [_("Human data"), _("Gen {g}").format(g=g)],
                   alt=_("{n} handwritten digits:").format(n=COLUMNS))
        st.markdown(gallery_sentence(example, g))
        gallery(example["images"][g], example["labels"][g], g)

    show_player(PICKER, last, draw)


# The one sentence at the top of the page for each view that is not the player.
VIEW_LEADS = {
    "Digit mix": N_("Which digits the model draws, generation by generation."),
    "Digits drawn": N_("How many of the 10 digits the model still draws."),
    "Image variety": N_("How different the model's pictures are from each other, generation "
                        "by generation."),
    "Mix variety": N_("How evenly the model's pictures spread over the 10 digits."),
    "Distance from real": N_("How far the model's pictures are from real handwritten digits."),
    "Sharpness": N_("How crisp the model's strokes are, generation by generation."),
}


def show_digits_result(result: Result, details=None) -> None:
    """Everything the digits page shows of a result: one view at a time where the page is; the
    tiles and the download in `details`, a container further down (in present mode, only the
    views, the first one only the player)."""
    m, example, last = result.metrics, result.example, result.settings.generations
    runs, real = m["run"].nunique(), real_reference()
    PICKER.picked(last)

    def fade() -> None:
        player(result)
        if presenting():
            return
        if note := drawn_run_sentence(result, "digit_entropy"):
            st.caption(note)
        gens = overview_generations(last)
        rows = np.concatenate([example["human_images"][None, :COLUMNS],
                               example["images"][gens, :COLUMNS]])
        read = example["labels"][gens[-1], :COLUMNS]
        st.markdown(_("Top row: real handwritten digits (the human data). Each row below is a "
                      "generation of the model, retrained on the generation before. The "
                      "classifier reads the last row as {read}: {kinds} different digits in "
                      "{n} images.").format(
            read=_(", ").join(map(str, read)), kinds=len(set(read.tolist())), n=COLUMNS))
        image_rows(rows, [_("Human data")] + [_("Gen {g}").format(g=g) for g in gens],
                   alt=_("{n} handwritten digits:").format(n=COLUMNS))

    def mix() -> None:
        shares = mean_shares(m)
        plot(share_chart, shares,
             alt=_("Stacked area chart of the share of each digit, 0 to 9, over generations."),
             caption=_("A classifier trained once on real digits (kept out of the loop; it "
                       "reads {accuracy} of held-out real digits correctly) labels every image "
                       "the model makes. {sentence}").format(
                 accuracy=share(example["accuracy"]), sentence=mix_sentence(shares, runs)))

    def mix_variety() -> None:
        h0, h = typical(m, "digit_entropy")
        reading = watch(m, ENTROPY_FELL, h0, shown_run=result.example_run)
        metric_view(result, "digit_entropy", _("variety (bits)"), ENTROPY_FELL, h0,
                    threshold=reading.threshold, alarm_at=reading.typical_generation,
                    y_axis=dict(range=[0, MAX_ENTROPY * 1.05]),
                    alt=_("Line chart of the variety (entropy) of the digit mix over "
                          "generations."),
                    caption=_("**Variety of the digit mix.** At generation 0 the mix is as "
                              "varied as {n0} equally common digits ({h0} bits; ten even digits "
                              "give {max} bits), at generation {g} as varied as {n} ({h} bits). "
                              "{monitor}").format(
                        n0=f"{effective_digits(h0):.1f}", h0=f"{h0:.2f}",
                        max=f"{MAX_ENTROPY:.2f}", g=last, n=f"{effective_digits(h):.1f}",
                        h=f"{h:.2f}", monitor=monitor_sentence(reading)))

    def drawn() -> None:
        p0, p = typical(m, "digits_present")
        plot(figures.metric_chart, m, "digits_present", _("digits"),
             y_axis=dict(range=[0, 10.5]),
             example_run=result.example_run,
             alt=_("Line chart of how many of the ten digits still appear."),
             caption=_("**Digits still drawn.** {p0} of the 10 digits appear in at least "
                       "{share} of the images at generation 0, {p} at generation {g}. A digit "
                       "the model stops drawing does not come back without human data."
                       ).format(p0=f"{p0:.0f}", share=f"{PRESENT_SHARE:.0%}", p=f"{p:.0f}",
                                g=last))

    def image_variety() -> None:
        reading = watch(m, DIVERSITY_FELL, typical(m, "diversity")[0],
                        shown_run=result.example_run)
        d0, d = typical(m, "diversity")
        plot(figures.reference_chart, m, "diversity", _("difference per pixel (0-16)"),
             real["diversity"], _(REAL),
             threshold=reading.threshold, alarm_at=reading.typical_generation,
             example_run=result.example_run,
             alt=_("Line chart of how different the model's images are from one another."),
             caption=_("**How different the images are.** Two real digits differ by {real} "
                       "per pixel (on the 0 to 16 ink scale); the model's images by {d0} at "
                       "generation 0 and {d} at generation {g}: they are becoming alike. "
                       "{monitor}").format(real=f"{real['diversity']:.2f}", d0=f"{d0:.2f}",
                                           d=f"{d:.2f}", g=last,
                                           monitor=monitor_sentence(reading)))

    def distance() -> None:
        r0, r = typical(m, "distance_from_real")
        plot(figures.reference_chart, m, "distance_from_real", _("difference per pixel (0-16)"),
             real["distance_from_real"], _(REAL),
             example_run=result.example_run,
             alt=_("Line chart of how far the model's images are from the nearest real digit."),
             caption=_("**Distance from real digits** (0 would be a copy of a real digit). A "
                       "real digit the model never saw is {real} per pixel from its closest "
                       "real neighbour; the model's images are {r0} at generation 0 and {r} at "
                       "generation {g}. A gap already at generation 0 is what the model cannot "
                       "draw at all: with too little capacity it is wide from the start."
                       ).format(real=f"{real['distance_from_real']:.2f}", r0=f"{r0:.2f}",
                                r=f"{r:.2f}", g=last))

    def sharpness() -> None:
        s0, s = typical(m, "sharpness")
        plot(figures.reference_chart, m, "sharpness", _("ink step"), real["sharpness"], _(REAL),
             example_run=result.example_run,
             alt=_("Line chart of how crisp the strokes are over generations."),
             caption=_("**Sharpness.** Real digits step by {real} of ink between neighbouring "
                       "pixels; the model's by {s0} at generation 0 and {s} at generation {g}. "
                       "Lower means blurrier.").format(real=f"{real['sharpness']:.2f}",
                                                       s0=f"{s0:.2f}", s=f"{s:.2f}", g=last))

    show_views({
        N_("Watch the digits fade"): fade,
        N_("Digit mix"): mix,
        N_("Digits drawn"): drawn,
        N_("Image variety"): image_variety,
    }, more={
        N_("Mix variety"): mix_variety,
        N_("Distance from real"): distance,
        N_("Sharpness"): sharpness,
    }, labels={"Image variety": N_("How different the images are"),
               "Mix variety": N_("Variety of the digit mix (entropy)"),
               "Distance from real": N_("Distance from real digits")}, leads=VIEW_LEADS)
    if not presenting():
        with details or st.container():
            tiles(result)
            show_schedule(result.settings)
            download(result)
