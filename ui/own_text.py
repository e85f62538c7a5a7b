"""The reader's own data (a text for the text page, a list for the neural network's): upload or
paste, checked, kept in the session.

The text is only ever shown through `escape_markdown` (never as HTML), and the accepted text
lives in st.session_state, so a rerun or a bad second upload never loses it.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable
from dataclasses import dataclass

import streamlit as st

from collapse_core.families.text.corpus import (
    MAX_TEXT_BYTES,
    MIN_WORDS,
    CorpusError,
    corpus_from_text,
)
from collapse_core.families.text.corpus import count_words as count_tokens
from collapse_core.messages import ReaderError
from ui.i18n import _, explain

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:=&])")
# Streamlit writes a few words of its own, in English: the upload button, the size note beside
# it and, while the paste box is being edited, a keyboard hint. On a Chinese page the button
# says 上传 and the other two go (the sentence above gives the limit; the button below submits).
_CHINESE_UPLOADER = """<style>
html:lang(zh) [data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p
  {{ font-size: 0; }}
html:lang(zh) [data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"]
  p::after {{ content: {upload}; font-size: 14px; }}
html:lang(zh) [data-testid="stFileUploaderDropzoneInstructions"],
html:lang(zh) [data-testid="InputInstructions"] {{ display: none; }}
</style>"""


def escape_markdown(text: str) -> str:
    """Text shown literally by st.markdown: every markdown, LaTeX or HTML character escaped."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


@dataclass(frozen=True)
class OwnText:
    """An accepted text: the text, its words (punctuation left out), the tokens a sample can
    draw from (its training part: 90% of its sentences, punctuation counted) and where it came
    from ('the pasted text', 'the file “…”')."""

    text: str
    words: int
    trainable: int
    origin: str


def read_own_text(data: bytes | str, origin: str) -> OwnText:
    """The reader's text, or a CorpusError saying why it can't be used.

    Bytes must be UTF-8 text (not binary), at most 2 MB, with at least 100 words.
    """
    if len(data) > MAX_TEXT_BYTES:  # checked before decoding anything large
        raise CorpusError("The text is {size_mb:.1f} MB; the limit is {limit_mb:.0f} MB.",
                          size_mb=len(data) / 1e6, limit_mb=MAX_TEXT_BYTES / 1e6)
    corpus = corpus_from_text(data)  # a CorpusError with a plain message if it is unusable
    text = data.decode("utf-8-sig") if isinstance(data, bytes | bytearray) else data
    return OwnText(text, corpus.n_words, count_tokens(corpus.train), origin)


@dataclass(frozen=True)
class OwnBox:
    """Where a reader brings their own data on a page: the session keys it lives under (`key`,
    and `widgets` for the upload and paste boxes), how it is read (`read(data, origin)`: the
    accepted value, with its `origin`, or a ReaderError) and what the boxes say (functions
    that return the reader's language)."""

    key: str
    widgets: str
    read: Callable
    intro: Callable[[], str]
    upload_help: Callable[[], str]
    paste_label: Callable[[], str]
    paste_help: Callable[[], str]
    use_button: Callable[[], str]
    from_link: Callable[[], str]
    waiting: Callable[[], str]
    using: Callable[[object], str]
    max_bytes: int  # the largest file the upload box takes (a larger one is refused there)

    def _accept(self, data: bytes | str, origin: str) -> None:
        """Keep the data if it can be used; otherwise remember why not (the old data stays)."""
        try:
            st.session_state[self.key] = self.read(data, origin)
        except ReaderError as error:
            st.session_state[f"{self.key}-error"] = _("{origin} can't be used: {why}").format(
                origin=origin[:1].upper() + origin[1:], why=explain(error))
            return
        st.session_state.pop(f"{self.key}-error", None)

    def _on_upload(self) -> None:
        """Callback: a file was uploaded (or removed)."""
        file = st.session_state.get(f"{self.widgets}-file")
        if file is None:
            st.session_state.pop(f"{self.key}-error", None)
            return
        self._accept(file.getvalue(),
                     _("the file “{name}”").format(name=escape_markdown(file.name[:80])))

    def _on_paste(self) -> None:
        """Callback: the paste form was submitted."""
        self._accept(st.session_state.get(f"{self.widgets}-paste", ""), _("the pasted text"))

    def show(self, chosen: bool):
        """The reader's accepted data, drawing the upload and paste boxes; None if there is none.

        `chosen` is whether the reader's own data is selected. A page opened from a link that
        asked for someone's own data (which a link cannot carry) gets a notice saying so, not
        an error.
        """
        from_link = st.session_state.setdefault(f"{self.key}-from-link", chosen)
        if not chosen:
            st.session_state[f"{self.key}-from-link"] = False
            return None
        with st.container(border=True):
            st.markdown(self.intro())
            st.html(_CHINESE_UPLOADER.format(upload=json.dumps(_("Upload"), ensure_ascii=False)))
            st.file_uploader(_("Upload a .txt file"), type=["txt"], key=f"{self.widgets}-file",
                             on_change=self._on_upload, help=self.upload_help(),
                             max_upload_size=math.ceil(self.max_bytes / 2**20))  # in MiB
            with st.form(f"{self.widgets}-paste-form", border=False):
                st.text_area(self.paste_label(), key=f"{self.widgets}-paste", height=150,
                             help=self.paste_help())
                st.form_submit_button(self.use_button(), on_click=self._on_paste)
        accepted = st.session_state.get(self.key)
        if error := st.session_state.get(f"{self.key}-error"):
            still = _(" Your previous text is still in use.") if accepted else ""
            st.error(error + still, icon=":material/block:")
        if accepted is None:
            if from_link:
                st.info(self.from_link(), icon=":material/link:")
            else:
                st.info(self.waiting(), icon=":material/description:")
            return None
        st.caption(self.using(accepted))
        return accepted


TEXT_BOX = OwnBox(
    "own-text", "own", read_own_text,
    intro=lambda: _("**Your own text**: plain text of at least {words} words, up to {mb} MB, in "
                    "English or Chinese. It stays in your session: nobody else sees it, and "
                    "links cannot carry it.").format(words=MIN_WORDS,
                                                     mb=f"{MAX_TEXT_BYTES / 1e6:.0f}"),
    upload_help=lambda: _("A plain-text (UTF-8) file, up to 2 MB."),
    paste_label=lambda: _("…or paste some text"),
    paste_help=lambda: _("Any text of at least {words} words: stories, lyrics, notes, "
                         "poems.").format(words=MIN_WORDS),
    use_button=lambda: _("Use this text"),
    from_link=lambda: _("This link used someone's own text, which links cannot carry; upload "
                        "or paste yours above to run the same experiment on it."),
    waiting=lambda: _("Upload a .txt file or paste some text above, then the model will learn "
                      "it and retrain on its own writing."),
    using=lambda own: _("Using {origin}: {words} words.").format(origin=own.origin,
                                                                 words=f"{own.words:,}"),
    max_bytes=MAX_TEXT_BYTES,
)


def own_text(chosen: bool) -> OwnText | None:
    """The reader's accepted text for the text page (see OwnBox.show)."""
    return TEXT_BOX.show(chosen)


def capped_sample(own: OwnText, sample_size: int) -> int:
    """The sample each model learns from: the sample size, or all of a shorter text (a sample
    that wraps around a short text repeats every word, so none would be rare)."""
    if own.trainable >= sample_size:
        return sample_size
    st.info(_("Your text has {have} words and marks to learn from, fewer than the sample size "
              "({want}): each model learns from all {have} (the other tenth of your sentences "
              "is kept to test it). A longer text gives a clearer picture.").format(
                  have=f"{own.trainable:,}", want=f"{sample_size:,}"),
            icon=":material/info:")
    return own.trainable
