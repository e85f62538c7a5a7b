"""Pictures and the digit-mix chart of the digits page: pure functions of numpy arrays."""

from __future__ import annotations

import base64
import functools
import io

import numpy as np
from PIL import Image
from plotly.colors import qualitative

from collapse_core.families.digits.metrics import DIGITS
from ui import figures
from ui.i18n import _

# Ten colour-blind-safe colours (Carto "Safe"), one per digit.
DIGIT_COLOURS = qualitative.Safe[:10]
# Frame colour and width, and picture pixels per image pixel (the browser then fits the strip).
GAP_GREY, FRAME, SCALE = 140, 4, 12


def picture(images: np.ndarray) -> str:
    """A row of 8 x 8 images (0 = paper, 255 = ink) as one grey-framed strip, enlarged SCALE
    times with smooth (Lanczos) strokes, as a PNG data URL: at that size the browser only
    shrinks it, and a digit reads as a pen stroke from the back of a room, not as 64 squares.

    The picture travels inside the page's message: a file on the server (what st.image makes
    of an array) is gone once the page runs again, so a reader stepping quickly through the
    generations would get broken images for the ones skipped."""
    images = np.ascontiguousarray(images, dtype=np.uint8)
    return _png_url(images.tobytes(), images.shape)


@functools.lru_cache(maxsize=512)  # a page's rows and gallery, for a few results
def _png_url(pixels: bytes, shape: tuple[int, int, int]) -> str:
    """picture() of images given as their bytes and shape."""
    images = np.frombuffer(pixels, dtype=np.uint8).reshape(shape)
    count, side, _side = shape
    big, step = side * SCALE, side * SCALE + FRAME
    strip = np.full((big + 2 * FRAME, count * step + FRAME), GAP_GREY, dtype=np.uint8)
    for i, image in enumerate(images):
        smooth = Image.fromarray(255 - image, mode="L").resize((big, big), Image.LANCZOS)
        strip[FRAME : FRAME + big, FRAME + i * step : i * step + step] = np.asarray(smooth)
    png = io.BytesIO()
    Image.fromarray(strip, mode="L").save(png, format="PNG", compress_level=1)
    return "data:image/png;base64," + base64.b64encode(png.getvalue()).decode("ascii")


def share_chart(shares: np.ndarray, shown_at: int | None = None) -> dict:
    """Stacked areas: the share of each digit over generations, labelled at both ends;
    `shown_at` marks the generation a player shows."""
    x = np.arange(len(shares))
    traces = [
        figures.line(x, shares[:, d], stackgroup="digits", name=_("digit {d}").format(d=d),
                     line=dict(width=0.5, color=DIGIT_COLOURS[d]), fillcolor=DIGIT_COLOURS[d],
                     hovertemplate=_("digit {d}").format(d=d) + ": %{y:.0%}<extra></extra>")
        for d in DIGITS
    ]
    # Each digit named inside its band at both ends, in black or white to stand out on it.
    notes = []
    for end, anchor in ((0, "left"), (len(shares) - 1, "right")):
        middles = np.cumsum(shares[end]) - shares[end] / 2
        notes += [dict(x=end, y=float(middles[d]), text=f"<b>{d}</b>", showarrow=False,
                       xanchor=anchor, xshift=4 if anchor == "left" else -4,
                       font=dict(color=_text_on(DIGIT_COLOURS[d])))
                  for d in DIGITS if shares[end, d] >= 0.03]
    shapes = [] if shown_at is None else [dict(
        type="line", yref="paper", y0=0, y1=1, x0=shown_at, x1=shown_at,
        line=dict(color="#000000", width=3, dash="dash"))]
    return dict(data=traces, layout=figures.layout(
        height=460, x_title=_("generation"), y_title=_("share of images"), showlegend=False,
        margin=dict(t=20), annotations=notes, shapes=shapes,
        xaxis=dict(range=[0, len(shares) - 1]),
        yaxis=dict(range=[0, 1], tickformat=".0%", fixedrange=True),
    ))


def _text_on(colour: str) -> str:
    """Black or white, whichever reads better on `colour` ('rgb(r, g, b)')."""
    r, g, b = (int(v) for v in colour[colour.index("(") + 1 : -1].split(","))
    return "#000000" if 0.299 * r + 0.587 * g + 0.114 * b > 140 else "#ffffff"
