"""The language switch on every page (English / 中文), kept in the address as `lang`.

A link without `lang` opens in the browser's language; the app then writes the language into
the address, so a copied link opens in its sharer's language.
"""

from __future__ import annotations

import streamlit as st

from ui import link
from ui.i18n import LANGUAGE_KEY, LANGUAGES, _, browser_language, relabel_widgets
from ui.knobs import Knob

# The label is the same in both languages: a reader who cannot read the page still finds it.
LANGUAGE = Knob(LANGUAGE_KEY, "Language · 语言", "English or Simplified Chinese: 英文或简体中文",
                "en", widget="radio", options=tuple(LANGUAGES), labels=tuple(LANGUAGES.values()),
                always_in_link=True)
_BAD = "_lang_bad"  # a link's unusable `lang`, reported once the page has its language
# The page's own language (`<html lang>`, "en" in Streamlit's page whatever it shows). The
# browser picks fonts by it: under "en", Chinese text is drawn with the Japanese forms of a CJK
# font (Noto Sans CJK JP on Linux), and its punctuation sits where Japanese puts it. Screen
# readers and the browser's offer to translate the page go by it too.
HTML_LANG = {"en": "en", "zh": "zh-CN"}
# The element that sets it takes no room in the sidebar. On a phone, a Chinese page title in
# Streamlit's large type breaks inside a word ("文本（马尔可 / 夫链）"): a smaller one fits a line.
_DOCUMENT_LANGUAGE = (
    '<style>[data-testid="stElementContainer"]:has(> [data-testid="stHtml"] > .page-language)'
    ' {{ display: none; }}\n'
    '@media (max-width: 640px) {{ html:lang(zh) [data-testid="stMain"] h1 {{ font-size: 1.5rem; }}'
    ' }}</style>'
    "<script class=\"page-language\">document.documentElement.lang = '{code}';</script>")


def choose_language() -> None:
    """Before anything is drawn, on a session's first run: the link's language, else the
    browser's."""
    if LANGUAGE_KEY in st.session_state:
        return
    language, text = browser_language(), st.query_params.get(LANGUAGE_KEY)
    if text is not None:
        try:
            language = LANGUAGE.parse(text)
        except ValueError:
            st.session_state[_BAD] = text
    st.session_state[LANGUAGE_KEY] = language


def language_switch() -> None:
    """The switch at the top of the sidebar, a notice for a link's unusable `lang`, and the
    language written into the address (always: see the module's docstring)."""
    value = st.sidebar.radio(LANGUAGE.label, LANGUAGE.options, key=LANGUAGE_KEY,
                             help=LANGUAGE.help, format_func=LANGUAGE.describe, horizontal=True,
                             on_change=relabel_widgets)
    bad = st.session_state.pop(_BAD, None)
    if bad is not None:
        link.report([LANGUAGE], {LANGUAGE_KEY: bad}, {LANGUAGE_KEY: value})
    link.write([LANGUAGE], {LANGUAGE_KEY: value})
    st.set_page_config(page_title=_("AI Entropy Lab"))  # the browser tab, in the language


def document_language() -> str:
    """The html that tells the browser the page's language (ui.style draws it with its rules)."""
    return _DOCUMENT_LANGUAGE.format(code=HTML_LANG[st.session_state[LANGUAGE_KEY]])
