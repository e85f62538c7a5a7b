"""The body of the digits page: image grids, the digit mix, metric curves and their sentences."""

from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st
from plotly.colors import qualitative

from collapse_core import Result
from collapse_core.digits_metrics import (
    DIGITS,
    DIGITS_METRICS,
    DIVERSITY_FELL,
    ENTROPY_FELL,
    MAX_ENTROPY,
    PRESENT_SHARE,
    effective_digits,
    real_reference,
)
from collapse_core.monitor import watch
from ui import figures
from ui.captions import monitor_sentence, share, typical
from ui.continuous_view import download, plot
from ui.generation_picker import GenerationPicker
from ui.i18n import N_
from ui.tiles import TileRow
from ui.views import show_views

# Ten colour-blind-safe colours (Carto "Safe"), one per digit.
DIGIT_COLOURS = qualitative.Safe[:10]
# Frame colour and width, and screen pixels per image pixel (before the browser stretches it).
GAP_GREY, FRAME, SCALE = 140, 4, 10
COLUMNS = 10  # images per row of a grid
OVERVIEW_ROWS = 6  # generations shown in the overview grid (besides the human data)
REAL = "real digits"  # the label of the real digits' line across a metric chart
SHARES = [f"share_{d}" for d in DIGITS]
PICKER = GenerationPicker(N_("Generation to look at"), N_(
    "Pick any generation to see its images; the simulation is not run again."))


def picture(images: np.ndarray) -> np.ndarray:
    """A row of 8 x 8 images (0 = paper, 255 = ink) as one grey-framed RGB strip, enlarged
    SCALE times with sharp pixels (so the browser's smoothing cannot blur them)."""
    count, side, _ = images.shape
    big, step = side * SCALE, side * SCALE + FRAME
    strip = np.full((big + 2 * FRAME, count * step + FRAME), GAP_GREY, dtype=np.uint8)
    for i, image in enumerate(images):
        strip[FRAME : FRAME + big, FRAME + i * step : i * step + step] = (
            255 - image).repeat(SCALE, axis=0).repeat(SCALE, axis=1)
    return np.repeat(strip[:, :, None], 3, axis=2)


def image_rows(rows: np.ndarray, names: list[str], alt: str) -> None:
    """Strips of images, each named on its left (above it on a phone); they stretch to fit."""
    for images, name in zip(rows, names, strict=True):
        label, strip = st.columns([1, 8], vertical_alignment="center")
        label.markdown(f"**{name}**")
        strip.image(picture(images), width="stretch", output_format="PNG",
                    alt=f"{alt} {name}.")


def gallery(images: np.ndarray, labels: np.ndarray, generation: int) -> None:
    """Images side by side, wrapping to the screen, each captioned with the digit read."""
    st.image([picture(image[None]) for image in images], width=88, output_format="PNG",
             caption=[f"reads {d}" for d in labels],
             alt=[f"A generation {generation} image the classifier reads as {d}."
                  for d in labels])


def overview_generations(last: int) -> np.ndarray:
    """Generation 0, the last, and evenly spaced ones between (at most OVERVIEW_ROWS)."""
    return np.unique(np.linspace(0, last, min(OVERVIEW_ROWS, last + 1)).round().astype(int))


def mean_shares(metrics: pd.DataFrame) -> np.ndarray:
    """(generations x 10) share of each digit, averaged over runs (so each row sums to 1)."""
    return metrics.groupby("generation")[SHARES].mean().to_numpy()


def share_chart(shares: np.ndarray) -> dict:
    """Stacked areas: the share of each digit over generations, labelled at both ends."""
    x = np.arange(len(shares))
    traces = [
        figures.line(x, shares[:, d], stackgroup="digits", name=f"digit {d}",
                     line=dict(width=0.5, color=DIGIT_COLOURS[d]), fillcolor=DIGIT_COLOURS[d],
                     hovertemplate=f"digit {d}: %{{y:.0%}}<extra></extra>")
        for d in DIGITS
    ]
    # Each digit named inside its band at both ends, in black or white to stand out on it.
    notes = []
    for end, anchor in ((0, "left"), (len(shares) - 1, "right")):
        middles = np.cumsum(shares[end]) - shares[end] / 2
        notes += [dict(x=end, y=float(middles[d]), text=f"<b>{d}</b>", showarrow=False,
                       xanchor=anchor, xshift=4 if anchor == "left" else -4,
                       font=dict(size=17, color=_text_on(DIGIT_COLOURS[d])))
                  for d in DIGITS if shares[end, d] >= 0.03]
    return dict(data=traces, layout=figures.layout(
        height=460, x_title="generation", y_title="share of images", showlegend=False,
        margin=dict(t=20), annotations=notes,
        xaxis=dict(range=[0, len(shares) - 1]),
        yaxis=dict(range=[0, 1], tickformat=".0%", fixedrange=True),
    ))


def _text_on(colour: str) -> str:
    """Black or white, whichever reads better on `colour` ('rgb(r, g, b)')."""
    r, g, b = (int(v) for v in colour[colour.index("(") + 1 : -1].split(","))
    return "#000000" if 0.299 * r + 0.587 * g + 0.114 * b > 140 else "#ffffff"


def digit_list(digits: list[int]) -> str:
    """'5', '5 and 8', '1, 5 and 8'."""
    words = [str(d) for d in digits]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def mix_sentence(shares: np.ndarray, runs: int) -> str:
    """Which digits took over and which vanished, from the first to the last generation."""
    first, last = shares[0], shares[-1]
    top = int(np.argmax(last))
    gone = [d for d in DIGITS if last[d] < PRESENT_SHARE <= first[d]]
    where = f" (averaged over {runs} runs)" if runs > 1 else ""
    never = [d for d in DIGITS if first[d] < PRESENT_SHARE]
    text = (f"At generation 0 the digits' shares range from {share(first.min())} to "
            f"{share(first.max())}{where}")
    if never:
        one = len(never) == 1
        text += (f"; {digit_list(never)} {'is' if one else 'are'} missing even then (the model "
                 f"cannot draw {'it' if one else 'them'} well enough to be read)")
    text += (f". At generation {len(shares) - 1} the biggest share is the digit {top} with "
             f"{share(last[top])}")
    if gone:
        return text + f", and {digit_list(gone)} {'has' if len(gone) == 1 else 'have'} all but " \
               f"vanished (under {PRESENT_SHARE:.0%})."
    return text + "; every digit that was there at generation 0 is still there."


def tiles(result: Result) -> None:
    """Four headline numbers with their change since generation 0."""
    m = result.metrics
    row = TileRow()
    present0, present = typical(m, "digits_present")
    row.tile("Digits still drawn", f"{present:.0f} of 10",
             f"{present - present0:+.0f} since gen 0", delta_color="normal",
             help=DIGITS_METRICS["digits_present"])
    h0, h = typical(m, "digit_entropy")
    row.tile("Variety of the digit mix", f"{effective_digits(h):.1f} digits",
             f"gen 0: {effective_digits(h0):.1f}", delta_color="off", delta_arrow="off",
             help="As varied as this many equally common digits (2 to the power of the "
             "entropy in bits).")
    d0, d = typical(m, "diversity")
    row.tile("Image variety", f"{d:.2f}", f"{d / d0 - 1:+.0%} since gen 0",
             delta_color="normal", help=DIGITS_METRICS["diversity"])
    row.tile("Classifier accuracy", share(result.example["accuracy"]),
             "on real digits it never saw", delta_color="off", delta_arrow="off",
             help="The share of held-out real digits the classifier reads correctly.")


def show_digits_result(result: Result) -> None:
    """Everything the digits page shows below its title and controls: the tiles, one view
    (tab) at a time, and the download."""
    m, example, last = result.metrics, result.example, result.settings.generations
    runs, real = m["run"].nunique(), real_reference()
    PICKER.picked(last)
    tiles(result)

    def fade() -> None:
        gens = overview_generations(last)
        rows = np.concatenate([example["human_images"][None, :COLUMNS],
                               example["images"][gens, :COLUMNS]])
        read = example["labels"][gens[-1], :COLUMNS]
        image_rows(rows, ["Human data"] + [f"Gen {g}" for g in gens],
                   alt=f"{COLUMNS} handwritten digits:")
        st.markdown(f"Top row: real handwritten digits (the human data). Each row below is a "
                    f"generation of the model, retrained on the generation before. The "
                    f"classifier reads the last row as {', '.join(map(str, read))}: "
                    f"{len(set(read.tolist()))} different digits in {COLUMNS} images. (The "
                    f"example run is shown.)")

        at = PICKER.draw(last)
        labels = example["labels"][at]
        gallery(example["images"][at], labels, at)
        st.markdown(f"Generation {at}: {labels.size} of its images, each with the digit the "
                    f"classifier reads in it. They show {len(np.unique(labels))} different "
                    f"digits; the human data's first {labels.size} show "
                    f"{len(np.unique(example['human_labels']))}.")

    def mix() -> None:
        shares = mean_shares(m)
        plot(share_chart, shares,
             alt="Stacked area chart of the share of each digit, 0 to 9, over generations.",
             caption=f"A classifier trained once on real digits (kept out of the loop; it reads "
             f"{share(example['accuracy'])} of held-out real digits correctly) labels every "
             f"image the model makes. {mix_sentence(shares, runs)}")

    def mix_variety() -> None:
        reading = watch(m, ENTROPY_FELL, typical(m, "digit_entropy")[0])
        h0, h = typical(m, "digit_entropy")
        plot(figures.metric_chart, m, "digit_entropy", "bits", threshold=reading.threshold,
             alarm_at=reading.typical_generation, y_axis=dict(range=[0, MAX_ENTROPY * 1.05]),
             alt="Line chart of the entropy of the digit mix over generations.",
             caption=f"**Variety of the digit mix.** {h0:.2f} bits at generation 0 (as varied "
             f"as {effective_digits(h0):.1f} equally common digits; 10 even digits give "
             f"{MAX_ENTROPY:.2f}), {h:.2f} at generation {last} (as varied as "
             f"{effective_digits(h):.1f}). {monitor_sentence(reading)}")

    def drawn() -> None:
        p0, p = typical(m, "digits_present")
        plot(figures.metric_chart, m, "digits_present", "digits", y_axis=dict(range=[0, 10.5]),
             alt="Line chart of how many of the ten digits still appear.",
             caption=f"**Digits still drawn.** {p0:.0f} of the 10 digits appear in at least "
             f"{PRESENT_SHARE:.0%} of the images at generation 0, {p:.0f} at generation {last}. "
             "A digit the model stops drawing does not come back without human data.")

    def image_variety() -> None:
        reading = watch(m, DIVERSITY_FELL, typical(m, "diversity")[0])
        d0, d = typical(m, "diversity")
        plot(figures.reference_chart, m, "diversity", "ink per pixel", real["diversity"],
             REAL, curve_above=d0 > real["diversity"], threshold=reading.threshold,
             alarm_at=reading.typical_generation,
             alt="Line chart of how different the model's images are from one another.",
             caption=f"**How different the images are.** Two real digits differ by "
             f"{real['diversity']:.2f} per pixel; the model's images by {d0:.2f} at generation "
             f"0 and {d:.2f} at generation {last}: they are becoming alike. "
             f"{monitor_sentence(reading)}")

    def distance() -> None:
        r0, r = typical(m, "distance_from_real")
        plot(figures.reference_chart, m, "distance_from_real", "ink per pixel",
             real["distance_from_real"], REAL, curve_above=r0 > real["distance_from_real"],
             alt="Line chart of how far the model's images are from the nearest real digit.",
             caption=f"**Distance from real digits.** A real digit the model never saw is "
             f"{real['distance_from_real']:.2f} per pixel from its closest real neighbour; the "
             f"model's images are {r0:.2f} at generation 0 and {r:.2f} at generation {last}. "
             "A gap already at generation 0 is what the model cannot draw at all: with too "
             "little capacity it is wide from the start.")

    def sharpness() -> None:
        s0, s = typical(m, "sharpness")
        plot(figures.reference_chart, m, "sharpness", "ink step", real["sharpness"], REAL,
             curve_above=s0 > real["sharpness"],
             alt="Line chart of how crisp the strokes are over generations.",
             caption=f"**Sharpness.** Real digits step by {real['sharpness']:.2f} of ink between "
             f"neighbouring pixels; the model's by {s0:.2f} at generation 0 and {s:.2f} at "
             f"generation {last}. Lower means blurrier.")

    show_views({
        "Watch the digits fade": fade,
        "Digit mix": mix,
        "Mix variety": mix_variety,
        "Digits drawn": drawn,
        "Image variety": image_variety,
        "Distance from real": distance,
        "Sharpness": sharpness,
    })
    download(result)
