"""The body of the text page: the reader's own text, tiles, then one view at a time (passages,
curves, the long tail, lost words) as tabs.

The reader's text is only ever shown through `escape_markdown` (never as HTML), and the
accepted text lives in st.session_state, so a rerun or a bad second upload never loses it.
"""

from __future__ import annotations

import re
from functools import partial

import numpy as np
import streamlit as st

from collapse_core import Result
from collapse_core.monitor import RARE_WORDS_HALVED, VOCABULARY_HALVED, watch
from collapse_core.text import (
    MAX_TEXT_BYTES,
    MIN_WORDS,
    PUNCTUATION,
    CorpusError,
    corpus_from_text,
    tokenize,
)
from collapse_core.text_metrics import TEXT_METRICS
from ui import figures, text_figures
from ui.captions import monitor_sentence, share, typical
from ui.continuous_view import download, plot
from ui.generation_picker import GenerationPicker
from ui.i18n import N_
from ui.tiles import TileRow
from ui.views import show_views

OWN_TEXT, OWN_WORDS, OWN_ORIGIN = "own-text", "own-text-words", "own-text-origin"
OWN_ERROR, LINK_OWN = "own-text-error", "own-text-from-link"
VANISHED_SHOWN = 50  # lost words listed, most frequent first

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:=&])")


def escape_markdown(text: str) -> str:
    """Text shown literally by st.markdown: every markdown, LaTeX or HTML character escaped."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


# ---- the reader's own text -------------------------------------------------------------------


def read_own_text(data: bytes | str) -> tuple[str, int]:
    """The reader's text and its number of words, or a CorpusError saying why it can't be used.

    Bytes must be UTF-8 text (not binary), at most 2 MB, with at least 100 words.
    """
    if len(data) > MAX_TEXT_BYTES:  # checked before decoding anything large
        raise CorpusError(f"The text is {len(data) / 1e6:.1f} MB; the limit is "
                          f"{MAX_TEXT_BYTES / 1e6:.0f} MB.")
    corpus_from_text(data)  # raises CorpusError with a plain message if the text is unusable
    text = data.decode("utf-8-sig") if isinstance(data, bytes | bytearray) else data
    return text, sum(1 for token in tokenize(text) if token not in PUNCTUATION)


def _accept(data: bytes | str, origin: str) -> None:
    """Keep the text if it can be used; otherwise remember why not (the old text stays)."""
    try:
        text, words = read_own_text(data)
    except CorpusError as error:
        st.session_state[OWN_ERROR] = f"{origin[0].upper()}{origin[1:]} can't be used: {error}"
        return
    st.session_state.update({OWN_TEXT: text, OWN_WORDS: words, OWN_ORIGIN: origin})
    st.session_state.pop(OWN_ERROR, None)


def _on_upload() -> None:
    """Callback: a file was uploaded (or removed)."""
    file = st.session_state.get("own-file")
    if file is None:
        st.session_state.pop(OWN_ERROR, None)
        return
    _accept(file.getvalue(), f"the file “{escape_markdown(file.name[:80])}”")


def _on_paste() -> None:
    """Callback: the paste form was submitted."""
    _accept(st.session_state.get("own-paste", ""), "the pasted text")


def own_text(chosen: bool) -> str | None:
    """The reader's accepted text, drawing the upload and paste boxes; None if there is none.

    `chosen` is whether "Your own text" is selected. A page opened from a link that asked for
    someone's own text (which a link cannot carry) gets a notice saying so, not an error.
    """
    from_link = st.session_state.setdefault(LINK_OWN, chosen)
    if not chosen:
        st.session_state[LINK_OWN] = False
        return None
    with st.container(border=True):
        st.markdown(f"**Your own text**: plain text of at least {MIN_WORDS} words, up to "
                    f"{MAX_TEXT_BYTES / 1e6:.0f} MB. It stays in your session: nobody else sees "
                    "it, and links cannot carry it.")
        st.file_uploader("Upload a .txt file", type=["txt"], key="own-file",
                         on_change=_on_upload, help="A plain-text (UTF-8) file, up to 2 MB.")
        with st.form("own-paste-form", border=False):
            st.text_area("…or paste some text", key="own-paste", height=150,
                         help=f"Any text of at least {MIN_WORDS} words: stories, lyrics, notes.")
            st.form_submit_button("Use this text", on_click=_on_paste)
    if st.session_state.get(OWN_ERROR):
        still = " Your previous text is still in use." if OWN_TEXT in st.session_state else ""
        st.error(st.session_state[OWN_ERROR] + still, icon=":material/block:")
    if OWN_TEXT not in st.session_state:
        if from_link:
            st.info("This link used someone's own text, which links cannot carry; upload or "
                    "paste yours above to run the same experiment on it.", icon=":material/link:")
        else:
            st.info("Upload a .txt file or paste some text above, then the model will learn "
                    "it and retrain on its own writing.", icon=":material/description:")
        return None
    st.caption(f"Using {st.session_state[OWN_ORIGIN]}: "
               f"{st.session_state[OWN_WORDS]:,} words.")
    return st.session_state[OWN_TEXT]


# ---- the result ------------------------------------------------------------------------------


def tiles(result: Result) -> None:
    """Four headline numbers at the last generation, with their change since generation 0."""
    m, last = result.metrics, result.settings.generations
    row = TileRow()
    vocab0, vocab = typical(m, "vocab_size")
    row.tile(f"Words used (gen {last})", f"{vocab:,.0f}",
             f"{vocab / vocab0 - 1:+.0%} since gen 0", help=TEXT_METRICS["vocab_size"])
    rare0, rare = typical(m, "rare_word_survival")
    row.tile("Rare words left", share(rare),
             f"{(rare - rare0) * 100:+.0f} points since gen 0",
             help=TEXT_METRICS["rare_word_survival"])
    ppl0, ppl = typical(m, "perplexity")
    row.tile("Perplexity", f"{ppl:,.0f}", f"{ppl - ppl0:+,.0f} since gen 0",
             delta_color="inverse", help=TEXT_METRICS["perplexity"])
    h0, h = typical(m, "entropy")
    row.tile("Entropy", f"{h:.2f} bits", f"{h - h0:+.2f} since gen 0",
             delta_color="off", help=TEXT_METRICS["entropy"])


def passage(example: dict, g: int) -> None:
    """One generation's passage, with its number, shown literally."""
    with st.container(border=True):
        st.markdown(f"**Generation {g}**")
        st.markdown(escape_markdown(example["passages"][g]))


PICKER = GenerationPicker(N_("Pick a generation to read"), N_(
    "Shows the start of what that generation's model wrote, and which of the human sample's "
    "words it has lost."))


def pick_generation(result: Result) -> int:
    """The generation picker (drawn by each view that uses it); returns the picked generation."""
    return PICKER.draw(result.settings.generations)


def read_generations(result: Result) -> None:
    """Early, middle and late passages side by side, then the picker and the picked one."""
    example, last = result.example, result.settings.generations
    for column, g in zip(st.columns(3), sorted({0, last // 2, last}), strict=False):
        with column:
            passage(example, g)
    passage(example, pick_generation(result))
    runs = result.settings.runs
    st.markdown("Each box is the start of what one model wrote" +
                (f" (in the first of {runs} runs)" if runs > 1 else "") +
                ". Early generations still sound like their source; later ones repeat a few "
                "common phrases over and over.")


def vocabulary_sentence(result: Result) -> str:
    """How many words the model still writes with, against generation 0."""
    m, last = result.metrics, result.settings.generations
    vocab0, vocab = typical(m, "vocab_size")
    who = "In the typical run, after" if m["run"].nunique() > 1 else "After"
    return (f"{who} {last} generations the model writes with {vocab:,.0f} different words, "
            f"{share(vocab / vocab0 if vocab0 else 1.0)} of generation 0's ({vocab0:,.0f}); "
            f"{share(typical(m, 'rare_word_survival')[1])} of the rare words survive.")


def vocabulary(result: Result) -> None:
    """How many different words the model writes, over generations, with the monitor."""
    m = result.metrics
    reading = watch(m, VOCABULARY_HALVED, typical(m, "vocab_size")[0])
    plot(figures.metric_chart, m, "vocab_size", "different words", threshold=reading.threshold,
         alarm_at=reading.typical_generation,
         alt="Line chart of how many different words the model writes, per generation, "
         "with the monitor's warning line at half of generation 0's.",
         caption=f"**Vocabulary.** {vocabulary_sentence(result)} {monitor_sentence(reading)}")


def rare_words(result: Result) -> None:
    """The share of the human sample's rare words the model can still write."""
    m, last = result.metrics, result.settings.generations
    reading = watch(m, RARE_WORDS_HALVED, 1.0)
    rare = int(np.count_nonzero(np.asarray(result.example["human_counts"]) <= 3))
    plot(figures.metric_chart, m, "rare_word_survival", "rare words left", percent=True,
         threshold=reading.threshold,
         alarm_at=reading.typical_generation,
         alt="Line chart of the share of the human sample's rare words the model can "
         "still write, per generation, with a warning line at 50%.",
         caption=f"**Rare words.** The human sample has {rare:,} rare words (used 3 times "
         f"or fewer); {share(typical(m, 'rare_word_survival')[1])} of them survive at "
         f"generation {last}. Once a word is gone it never comes back without human data. "
         f"{monitor_sentence(reading)}")


def perplexity(result: Result) -> None:
    """How surprised the model is by held-out human sentences, over generations."""
    m, last = result.metrics, result.settings.generations
    ppl0, ppl = typical(m, "perplexity")
    plot(figures.metric_chart, m, "perplexity", "perplexity",
         alt="Line chart of the model's perplexity on held-out human sentences.",
         caption=f"**Surprise at real writing (perplexity).** On human sentences it never "
         f"saw, the model scored {ppl0:,.0f} at generation 0 and {ppl:,.0f} at generation "
         f"{last}: " + (f"real writing surprises it {ppl / ppl0:.1f} times as much." if
                        ppl > ppl0 * 1.02 else "about as surprised as at the start."))


def entropy(result: Result) -> None:
    """How unpredictable the model's next word is, over generations."""
    m, last = result.metrics, result.settings.generations
    h0, h = typical(m, "entropy")
    trend = ("more predictable: it repeats itself more" if h < h0 * 0.98 else
             "less predictable" if h > h0 * 1.02 else "about as predictable as at the start")
    plot(figures.metric_chart, m, "entropy", "bits per word",
         alt="Line chart of the entropy of the model's next-word choice per generation.",
         caption=f"**Unpredictability (entropy).** Choosing its next word took {h0:.2f} "
         f"bits of surprise at generation 0 and {h:.2f} at generation {last}: the model "
         f"is {trend}.")


def zipf(result: Result) -> None:
    """The rank-frequency chart and its sentence."""
    example, last = result.example, result.settings.generations
    ranked = np.asarray(example["ranked"])
    used0, used = int((ranked[0] > 0).sum()), int((ranked[last] > 0).sum())
    top0, top = int(ranked[0, 0]), int(ranked[last, 0])
    tail = ("the long tail of rare words is cut off" if used < 0.9 * used0 else
            "the tail of rare words is about as long")
    grow = (f"while the most common word grew from {top0:,} to {top:,} uses" if top > top0 else
            f"and the most common word went from {top0:,} to {top:,} uses")
    plot(text_figures.zipf_chart, example,
         alt=f"Log-log lines of how often each word is used by rank, for the human sample and "
         f"generations {', '.join(map(str, text_figures.zipf_generations(last)))}; later "
         "generations' lines end sooner.",
         caption=f"Each line ranks a generation's words from the most common (left) to the "
         f"rarest (right); the dotted grey line is the human sample. Generation 0 used "
         f"{used0:,} different words; generation {last} only {used:,}: {tail}, {grow}.")


def vanished(result: Result) -> None:
    """The picker, then the human sample's words that the picked generation can no longer
    write."""
    g = pick_generation(result)
    example = result.example
    words = example["human_words"]
    counts = np.asarray(example["human_counts"])
    lost = np.flatnonzero(~np.asarray(example["kept"][g]))
    if lost.size == 0:
        st.markdown(f"Generation {g}'s model can still write all {len(words):,} words of the "
                    "human sample. Pick a later generation above to see words vanish.")
        return
    shown = lost[:VANISHED_SHOWN]
    examples = ", ".join(escape_markdown(words[i]) for i in shown[:3])
    st.markdown(f"**{lost.size:,} of the {len(words):,} words** of the human sample are gone by "
                f"generation {g}, among them {examples}. They are listed "
                "below, the most frequent first, with how often the human sample used them:")
    st.markdown(" · ".join(f"{escape_markdown(words[i])} ({counts[i]})" for i in shown) +
                (f" … and {lost.size - shown.size:,} more." if lost.size > shown.size else ""))


def show_text_result(result: Result) -> None:
    """Everything the text page shows below its controls: tiles, one view (tab), download.

    Each view draws at most one chart; the first is the generations' own writing.
    """
    PICKER.picked(result.settings.generations)
    tiles(result)
    show_views({
        label: partial(view, result) for label, view in (
            ("Read the generations", read_generations),
            ("Vocabulary", vocabulary),
            ("Rare words", rare_words),
            ("Perplexity", perplexity),
            ("Entropy", entropy),
            ("Long tail", zipf),
            ("Vanished words", vanished),
        )
    })
    st.caption(f"Text: {escape_markdown(result.example['credit'])}")
    download(result)
