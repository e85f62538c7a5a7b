"""The reader's language (English or Simplified Chinese) and the message catalogue.

English is the source language: every message in the code is an English string (a gettext
msgid, marked with `_`, `ngettext` or, where it is only defined, `N_`), looked up when it is
drawn in the catalogue of the session's language: `locale/<lang>/LC_MESSAGES/messages.po`,
read with Babel once per process.
"""

from __future__ import annotations

import functools
import gettext
import threading
from datetime import timedelta
from io import BytesIO
from pathlib import Path

import streamlit as st
from babel.dates import format_timedelta
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from streamlit.runtime.scriptrunner import get_script_run_ctx

from collapse_core.messages import ReaderError

LANGUAGES = {"en": "English", "zh": "中文"}
LANGUAGE_KEY = "lang"  # the language switch's key in the session and in links
LOCALE_DIR = Path(__file__).resolve().parents[1] / "locale"
_LABELLED = "_labelled_widgets"  # the keys of widgets whose options show translated labels
# Babel's names for number formats (Simplified Chinese as written in mainland China).
BABEL_LOCALES = {"en": "en", "zh": "zh_Hans_CN"}


@functools.cache
def catalogue(language: str) -> gettext.NullTranslations:
    """The translations of one language (English: the messages themselves)."""
    if language == "en":
        return gettext.NullTranslations()
    with open(LOCALE_DIR / language / "LC_MESSAGES" / "messages.po", "rb") as po:
        messages = read_po(po, locale=BABEL_LOCALES[language])
    compiled = BytesIO()
    write_mo(compiled, messages)
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)


def browser_language() -> str:
    """The language the reader's browser asks for: Chinese for any zh locale, else English."""
    locale = st.context.locale or ""
    return "zh" if locale.lower().startswith("zh") else "en"


def language() -> str:
    """The session's language: the reader's choice, else the browser's (English outside the
    app, in scripts and tests of the figure builders)."""
    context = get_script_run_ctx()
    if context is None:
        return "en"
    if getattr(_this_run, "context", None) is context:
        return _this_run.language
    chosen = st.session_state.get(LANGUAGE_KEY)
    return chosen if chosen in LANGUAGES else browser_language()


# The language of the page run on this thread, read once at its start (keep_language).
_this_run = threading.local()


def keep_language() -> None:
    """Read the session's language once for the page run starting on this thread (app.py,
    once the language is chosen): a page looks up a hundred messages, and the session's
    state is slow to read (a few ms a page). A language switch starts a new run."""
    _this_run.context = None
    _this_run.language = language()
    _this_run.context = get_script_run_ctx()


def _(message: str) -> str:
    """A message in the reader's language."""
    return catalogue(language()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or plural form of a message, for n, in the reader's language."""
    return catalogue(language()).ngettext(singular, plural, n)


def explain(error: ValueError) -> str:
    """Why the reader's input cannot be used, in the reader's language where the engine says
    it for readers (a ReaderError: its template translated, filled with its values)."""
    if isinstance(error, ReaderError):
        return _(error.template).format(**error.values)
    return str(error)


def N_(message: str) -> str:
    """Mark a message for the catalogue where it is defined; `_` translates it where drawn."""
    return message


def duration(seconds: float) -> str:
    """A length of time in the reader's language, in the larger unit only from 5 of it on
    ('130 seconds', '12 minutes'), so that two times near each other read apart."""
    return format_timedelta(timedelta(seconds=seconds), threshold=5,
                            locale=BABEL_LOCALES[language()])


def sentences(parts: list[str]) -> str:
    """Sentences one after another: with a space between them in English, none in Chinese
    (whose full stop 。 needs no space after it)."""
    return ("" if language() == "zh" else " ").join(parts)


@functools.cache
def every_translation(message: str) -> frozenset[str]:
    """A message in every language (to read links written in any of them)."""
    return frozenset(catalogue(code).gettext(message) for code in LANGUAGES)


def labelled_widget(key: str) -> str:
    """Note that the widget `key` shows its options in the reader's language; returns key."""
    st.session_state.setdefault(_LABELLED, set()).add(key)
    return key


def relabel_widgets() -> None:
    """Callback of the language switch. A choice widget whose option labels change loses its
    selection in the browser (which matches the value by its label) unless the value is set
    again, as it is here."""
    for key in st.session_state.get(_LABELLED, ()):
        if key in st.session_state:
            st.session_state[key] = st.session_state[key]
