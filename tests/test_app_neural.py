"""AppTest of the tiny neural network's page, in English and Chinese: the wall of inventions,
every view with its chart and sentence, the controls, the link, bad links, present mode.

The numbers are tested in tests/test_neural.py; here we check that the page wires each control
through to what the reader sees. Small settings (few generations, small samples) keep it quick;
every run is seeded, so equal settings give equal pages.
"""

from __future__ import annotations

import re
import time

import numpy as np
import pytest
from conftest import (
    assert_no_exception,
    figures,
    fingerprint,
    open_view,
    open_views,
    page_text,
    tab_labels,
    warnings_text,
    widget,
)
from test_languages import english_left

import ui.serving.first_answer
from collapse_core.families.neural.published import STUDIES
from ui.i18n import LANGUAGE_KEY, catalogue
from ui.neural_figures import letters_chart
from ui.neural_view import (
    NO_BREAK,
    WALL_SEPARATOR,
    WORD_JOINER,
    copies_sentence,
    distinct_at,
    surprise_verdict,
    times,
    wall_sentence,
    wall_text,
)
from ui.recursion_controls import SAMPLE_SIZES
from ui.serving import limits

NEURAL = "app_pages/neural.py"
SMALL = {"g": 4, "n": 100}
# The row under the chart: the main views, then the button that opens the other measures.
ROW = ("Inventions", "Characters", "Lengths", "Real language models", "More measures")


@pytest.fixture
def neural(app):
    """Factory: the page, run, opened from a link with `query` (small settings by default)."""
    def make(**query):
        at = app(page=NEURAL, query={**SMALL, **query})
        assert_no_exception(at)
        return at
    return make


def test_the_page_shows_generation_0_beside_the_last(neural):
    at = neural()
    text = page_text(at)
    assert at.title[0].value == "A tiny neural network"
    assert "**Generation 0**" in text and "**Generation 4**" in text
    assert "These are 40 of each generation's 100 inventions, drawn at random." in text
    assert "US census" in text  # the credit
    assert open_views(at) == ["Inventions"] and tab_labels(at) == list(ROW)


def test_the_words_and_the_tile_give_one_share_of_different_names(neural):
    # The wall is a sample: the page counts different names over all the inventions only (a
    # count among the wall's 40 read like a contradiction of the chart's share), and the
    # chart's sentence and the tile say the same share.
    at = neural()
    text = page_text(at)
    assert "among these" not in text
    said = re.search(r"At generation 4, (\S+) of the 100 inventions are different names \(at "
                     r"generation 0, (\S+)\); the rest are repeats\.", text)
    assert said, text
    tile = next(m for m in at.main.metric if m.label == "Distinct inventions at gen 4")
    assert (tile.value, tile.delta) == (said.group(1), f"gen 0: {said.group(2)}")


def test_a_sample_smaller_than_the_wall_is_shown_whole(neural):
    text = page_text(neural(n=20))
    assert "These are all 20 inventions of each generation." in text
    assert "drawn at random" not in text


def shown_items(wall: str) -> list[str]:
    """The items a wall shows, as a reader reads them (no-break marks taken out)."""
    return wall.replace(WORD_JOINER, "").replace(NO_BREAK, " ").split(" · ")


ZH_WALL = ["全机关", "全机关", "成为", "生活值息学院"]  # invented words, as a wall shows them


@pytest.mark.parametrize("items, language, shown", [
    (["robert", "robert", "mary ann", ""], "en", ["Robert", "Robert", "Mary ann", "∅"]),
    (ZH_WALL, "zh", ZH_WALL),
])
def test_a_wall_breaks_lines_only_after_a_separator(items, language, shown):
    wall = wall_text(items, language)
    # An ordinary space, the only place a line may break, comes only after a dot; each dot is
    # held to the item before it; inside an item, every two characters are joined.
    assert all(wall[i - 1] == "·" for i, c in enumerate(wall) if c == " ")
    assert wall.count("·") == wall.count(NO_BREAK + "·") == len(items) - 1
    for item in wall.split(WALL_SEPARATOR):
        assert all(WORD_JOINER in (a, b) for a, b in zip(item, item[1:], strict=False)), item
    # The repeats stay: the wall reads as the items given, in order.
    assert shown_items(wall) == shown


def test_the_chinese_wall_keeps_each_word_whole(app):
    at = app(page=NEURAL, query={LANGUAGE_KEY: "zh", **SMALL})
    assert_no_exception(at)
    wall = next(m.value for m in at.main.markdown if m.value.startswith("**第 0 代**"))
    words = shown_items(wall.split("\n\n", 1)[1])
    assert len(words) == 40 and any(len(word) > 1 for word in words)
    assert " ·" not in wall and "\u00a0· " in wall


@pytest.mark.parametrize("view, sentence, charts", [
    ("Characters", "**Characters in use.**", 2),
    ("Lengths", "**Lengths.**", 1),
    ("Distinct", "**Distinct inventions.**", 1),
    ("Surprise", "**Surprise at real names**", 1),
    ("Copies", "**Copies.**", 1),
    ("Real language models", "**It happens to real language models too.**", 0),
])
def test_every_view_has_its_chart_and_sentence(neural, view, sentence, charts):
    at = open_view(neural(), view)
    assert_no_exception(at)
    assert sentence in page_text(at)
    assert len(figures(at)) == charts
    # The sentence at the top speaks of the view shown, not of the player it lacks.
    assert "press **Play**" not in page_text(at), view


def test_the_published_panel_quotes_its_sources(neural):
    text = page_text(open_view(neural(), "Real language models"))
    assert "https://doi.org/10.1038/s41586-024-07566-y" in text and "OPT-125m" in text
    assert "not computed here" in text
    # The numbers the paper's text gives (p. 757), quoted: generation 0 and the loss with no
    # original data kept.
    assert "obtains 34 mean perplexity, from the zero-shot baseline of 115" in text
    assert "from 20 to 28 perplexity points" in text
    assert "only minor degradation of performance" in text


def published_list(at) -> list[tuple[str, str]]:
    """The panel's numbered findings: (the plain sentence, what follows it)."""
    panel = next(m.value for m in at.main.markdown if m.value.startswith("1. "))
    return re.findall(r"^\d+\. \*\*(.+?)\*\*  \n:small\[(.+)\]$", panel, re.MULTILINE)


def test_each_published_finding_comes_after_a_plain_sentence(neural, app):
    found = published_list(open_view(neural(), "Real language models"))
    assert [plain for plain, _ in found] == [study.plain for study in STUDIES]
    for (_, detail), study in zip(found, STUDIES, strict=True):
        assert f"“*{study.finding}*”" in detail and study.url in detail
    # In Chinese the plain sentences are Chinese; only the quotes stay in the papers' English.
    zh = app(page=NEURAL, query={LANGUAGE_KEY: "zh", **SMALL, "v": "Real language models"})
    found = published_list(zh)
    assert [plain for plain, _ in found] == [catalogue("zh").gettext(study.plain)
                                                 for study in STUDIES]
    assert not english_left(" ".join(plain for plain, _ in found))


def test_a_control_changes_the_inventions_and_the_link_restores_them(neural):
    default = neural()
    changed = neural(ctx=1, hu=16)
    assert fingerprint(changed) != fingerprint(default)
    assert {key: widget(changed, key).value for key in ("ctx", "hu")} == {"ctx": 1, "hu": 16}
    again = neural(ctx=1, hu=16)
    assert fingerprint(again) == fingerprint(changed)


def test_top_k_and_the_chinese_words_from_the_link(neural):
    at = neural(c="zh-words", tk="3")
    assert widget(at, "c").value == "zh-words" and widget(at, "tk").value == "3"
    assert "jieba" in page_text(at)


def test_bad_link_values_show_a_notice_and_fall_back(neural):
    at = neural(ctx="99", hu="7", tk="two", c="klingon")
    notice = warnings_text(at)
    for label in ("Characters of context", "Hidden units", "top-k", "Human data"):
        assert label in notice
    assert {key: widget(at, key).value for key in ("ctx", "hu", "tk", "c")} == {
        "ctx": 3, "hu": 64, "tk": "all", "c": "names"}


def test_present_mode_shows_a_short_wall_and_the_player(neural):
    at = neural(present="1")
    text = page_text(at)
    assert "**Generation 0**" in text
    wall = next(m.value for m in at.main.markdown if m.value.startswith("**Generation 0**"))
    assert wall.count(WALL_SEPARATOR) == 19  # 20 inventions on a projector
    assert "These are 20 of each generation's 100 inventions, drawn at random." in text


def test_the_chinese_page_starts_on_chinese_words_with_no_english_left(app):
    at = app(page=NEURAL, query={LANGUAGE_KEY: "zh", **SMALL})
    assert_no_exception(at)
    assert at.title[0].value == "一个小小的神经网络"
    assert widget(at, "c").value == "zh-words"
    assert not english_left(page_text(at)), english_left(page_text(at))
    assert "随机抽取的 40 个" in page_text(at)  # the wall's sentence, in Chinese


# Charts each view draws (the first, the player's share of distinct inventions beside the walls).
CHARTS = {"Inventions": 1, "Characters": 2, "Lengths": 1, "Distinct": 1, "Surprise": 1,
          "Copies": 1, "Real language models": 0}


def test_every_view_opens_in_chinese(app):
    # A view is addressed by its key, the link's v= (English), whatever its button says. Each
    # is opened from a link: AppTest reruns a page by formatting its radios' values outside the
    # script, in English, which a Chinese page's labels do not match (the browser is unaffected).
    for view, charts in CHARTS.items():
        at = app(page=NEURAL, query={LANGUAGE_KEY: "zh", **SMALL, "v": view})
        assert_no_exception(at)
        assert open_views(at) == [view] and len(figures(at)) == charts, view
        if view != "Real language models":  # its findings are quoted in the papers' English
            assert not english_left(page_text(at)), (view, english_left(page_text(at)))


OWN_LIST = "\n".join(f"{a}{b}" for a in ("bo", "ka", "mi", "ru", "te", "zo") for b in
                     ("b", "la", "ni", "x", "ssa", "ven"))  # 36 different made-up names


def choose_own_list(at):
    widget(at, "c").set_value("own")
    return at.run()


def test_own_list_without_a_list_says_what_to_do(neural):
    at = choose_own_list(neural())
    assert_no_exception(at)
    assert "paste a list above" in "\n".join(i.value for i in at.info)
    assert not figures(at)


def test_a_pasted_list_is_learned_and_invented_from(neural):
    at = choose_own_list(neural())
    at.text_area(key="own-list-paste").input(OWN_LIST)
    at = at.button[[b.label for b in at.button].index("Use this list")].click().run()
    assert_no_exception(at)
    text = page_text(at)
    assert "36 different items" in text and "**Generation 4**" in text
    assert "Your own list" in text  # the credit


def test_the_upload_box_takes_files_up_to_the_lists_own_limit(neural):
    # The intro says "up to 1 MB": the box itself says and enforces the same (not the
    # server's 2 MB upload limit, for a file the list would then refuse).
    box = choose_own_list(neural()).file_uploader(key="own-list-file")
    assert box.proto.max_upload_size_mb == 1


def test_a_bad_upload_says_why_and_runs_nothing(neural):
    at = choose_own_list(neural())
    at = at.file_uploader(key="own-list-file").set_value(("a.txt", b"\x00binary",
                                                          "text/plain")).run()
    assert_no_exception(at)
    assert "binary" in "\n".join(e.value for e in at.error)
    assert not figures(at)


# --- a first answer: generation 0 alone, the rest computed in the background -------------------

GUARD_S = 300  # a generous bound on background work that takes a second or two


@pytest.fixture
def first_answers(monkeypatch):
    """A server that answers at once with what it has: one generation (generation 0) per look
    at the clock, so the first answer holds generation 0 alone, whatever the machine's speed."""
    monkeypatch.setattr(ui.serving.first_answer, "ALONE_S", 0.0)
    monkeypatch.setattr(ui.serving.first_answer, "_SLICE_S", 0.0)


def counters(at) -> list[str]:
    """The values of the page's number boxes (the player's counter and the tiles)."""
    return [m.value for m in at.main.metric]


def notes(at) -> list[str]:
    """The notes under the tiles' numbers."""
    return [m.delta for m in at.main.metric if m.delta]


def test_a_first_answer_of_generation_0_says_the_rest_is_coming_then_fills_in(neural,
                                                                             first_answers):
    at = neural()
    text = page_text(at)
    assert "generation 0 of 4 is shown" in text  # the notice: this is a first answer
    assert text.count("**Generation 0**") == 1, "generation 0's wall once, not beside itself"
    assert "These are 40 of generation 0's 100 inventions, drawn at random." in text
    assert "(at generation 0," not in text
    assert "Generations 1 to 4 are being computed: the player" in text
    assert not figures(at), "no chart of a single generation"
    assert not any(" of " in value for value in counters(at)), "no player counting to 0"
    assert notes(at) and "no change since gen 0" not in notes(at)
    assert set(notes(at)) == {"gen 1+: computing"}
    deadline = time.monotonic() + GUARD_S
    while "appear by themselves" in page_text(at):  # what the page's poller does, until done
        assert time.monotonic() < deadline, "the page never filled in"
        at.run()
        # While the rest is computed, the player counts to the generations asked for.
        assert all(value.endswith(" of 4") for value in counters(at) if " of " in value)
    assert_no_exception(at)
    assert "**Generation 4**" in page_text(at) and len(figures(at)) == 1
    assert "4 of 4" in counters(at)


@pytest.mark.parametrize("view", ["Characters", "Distinct", "Surprise", "Copies"])
def test_a_first_answer_says_in_words_that_a_chart_over_generations_is_coming(app, first_answers,
                                                                             view):
    at = app(page=NEURAL, query={**SMALL, "v": view})
    assert_no_exception(at)
    text = page_text(at)
    assert "Generations 1 to 4 are being computed: the chart of them appears here" in text
    assert "generation 0" in text and "at generation 0," not in text
    # Only the characters' bars (human data beside generation 0) are drawn: no line of one point.
    assert len(figures(at)) == (view == "Characters")


def test_a_chinese_first_answer_has_no_english_left(app, first_answers):
    at = app(page=NEURAL, query={LANGUAGE_KEY: "zh", **SMALL})
    assert_no_exception(at)
    assert "第 1 至 4 代正在计算" in page_text(at)
    assert not english_left(page_text(at)), english_left(page_text(at))


def test_generation_0_picked_is_shown_once_with_its_own_sentence(neural):
    at = neural(at=0)
    text = page_text(at)
    assert text.count("**Generation 0**") == 1
    assert "These are 40 of generation 0's 100 inventions, drawn at random." in text
    assert "At generation 0, " in text and "(at generation 0," not in text
    assert "0 of 4" in counters(at)


def test_the_wall_sentence_counts_repeats_over_all_the_inventions():
    example = {"language": "en", "tops": [("ann", 1), ("jenne", 3), ("robert", 500)]}
    assert wall_sentence(example, 0, 40, 500) == (
        "These are 40 of generation 0's 500 inventions, drawn at random.")  # no repeat to name
    assert wall_sentence(example, 1, 40, 500) == (
        "These are 40 of each generation's 500 inventions, drawn at random. The most repeated "
        "invention of generation 1, “Jenne”, comes 3 times among all 500.")
    assert wall_sentence(example, 2, 20, 500).endswith(
        "All 500 of generation 2's inventions are “Robert”.")
    assert wall_sentence(example, 0, 20, 20) == "These are all 20 of generation 0's inventions."


def test_the_surprise_sentence_says_only_what_the_numbers_show():
    assert "forgotten" in surprise_verdict(20.0, 900.0, "names", 27)
    assert "worse than guessing blindly" in surprise_verdict(20.0, 900.0, "names", 27)
    assert "begun to forget" in surprise_verdict(20.0, 30.0, "names", 27)
    kept = surprise_verdict(20.0, 21.0, "names", 27)
    assert "still knows real names" in kept and "blindly" not in kept
    # Chinese words: 479 characters, and generation 0 already above blind guessing.
    assert "Even generation 0 is above 479" in surprise_verdict(1900.0, 17000.0, "words", 479)


def test_the_tiles_say_changes_a_reader_can_read(neural):
    at = neural()
    tiles = {m.label: m for m in at.main.metric}
    # A share that fell from 76% to 0.4% is not "-100%": the tile says generation 0's share.
    assert tiles["Distinct inventions at gen 4"].delta.startswith("gen 0: ")
    assert tiles["Surprise at real names (perplexity)"].delta.endswith(" since gen 0")
    assert "Copies of human names" in tiles


def test_a_rise_of_many_times_reads_as_times():
    assert times(970.4) == "×970" and times(2.0) == "×2"
    assert times(1.35) == "+35%" and times(0.6) == "-40%"


def test_the_letters_chart_names_every_bar_it_draws():
    alphabet = "abcdefghijklmnopqrstuvwxyz" + "äöüß"  # more than a whole alphabet
    human = np.arange(len(alphabet))  # the last ones the most used
    fig = letters_chart(alphabet, human, human[::-1], 3, 5, "Human names")
    drawn = list(fig["data"][0]["x"])
    assert drawn == list(alphabet[: -21: -1]), "the 20 most used, the most used first"
    # Plotly names only every other category when they crowd; a bar without a name says nothing.
    assert fig["layout"]["xaxis"]["dtick"] == 1
    letters = letters_chart(alphabet[:26], human[:26], human[:26], 3, 5, "Human names")
    assert list(letters["data"][0]["x"]) == list(alphabet[:26]), "a whole alphabet, in order"


def test_the_copies_sentence_says_which_way_later_networks_went():
    assert "copy copies" in copies_sentence(0.27, 1.0, 30, "names")  # pure self-training
    fresh = copies_sentence(0.27, 0.02, 30, "names")  # fresh human data (measured: 27% -> 2%)
    assert "invent more names the sample does not hold" in fresh and "copies of" not in fresh
    assert copies_sentence(0.27, 0.29, 30, "names").endswith("30's.")  # no way to speak of


def test_a_link_to_a_generation_still_being_computed_shows_it_once_it_is(neural, first_answers):
    at = neural(at=3)
    assert "generation 0 of 4 is shown" in page_text(at)
    assert "Generation shown" not in warnings_text(at), "a generation asked for is no bad link"
    deadline = time.monotonic() + GUARD_S
    while "appear by themselves" in page_text(at):
        assert time.monotonic() < deadline, "the page never filled in"
        at.run()
    assert_no_exception(at)
    assert "3 of 4" in counters(at) and "**Generation 3**" in page_text(at)
    assert at.query_params["at"] in ("3", ["3"])  # the link kept it


def test_the_sample_size_offers_only_what_the_network_takes(neural):
    # One generation of one run may take at most GENERATION_LIMIT_S (estimated from the card's
    # cost, which grows with the hidden units and the context): no bigger sample is offered.
    def offered(at) -> list[int]:
        return [int(n) for n in at.select_slider(key="n").options]

    def taken(hidden: int, context: int) -> list[int]:
        options = {"hidden": hidden, "context": context}
        return list(limits.accepted_sizes("neural", options, SAMPLE_SIZES))

    at = neural()
    assert offered(at) == taken(64, 3) and offered(at)[-1] < SAMPLE_SIZES[-1]
    widget(at, "ctx").set_value(6).run()
    widget(at, "hu").set_value(128).run()
    assert_no_exception(at)
    assert offered(at) == taken(128, 6) and len(taken(128, 6)) < len(taken(64, 3))
    widget(at, "hu").set_value(16).run()
    assert offered(at) == taken(16, 6)


def test_a_sample_no_longer_taken_moves_down_with_a_notice(neural):
    taken_largest = limits.accepted_sizes("neural", {"hidden": 64, "context": 3},
                                          SAMPLE_SIZES)[-1]
    at = neural(n=taken_largest)
    widget(at, "ctx").set_value(6).run()
    widget(at, "hu").set_value(128).run()
    assert_no_exception(at)
    largest = int(at.select_slider(key="n").options[-1])
    assert at.select_slider(key="n").value == largest < taken_largest
    assert f"A sample of {taken_largest:,} is too big" in " ".join(i.value for i in at.info)
    widget(at, "hu").set_value(64).run()  # the size it takes again: the notice goes
    assert not any("too big" in i.value for i in at.info)


def story(at) -> str:
    """The page's closing story (after 'What is going on')."""
    texts = [m.value for m in at.main.markdown]
    return next(t for t in texts if t.startswith(("A real neural network", "一个真正的神经网络")))


@pytest.mark.parametrize("lang, letters, characters", [
    ("en", "q, x and z go first", r"rare characters are the first to vanish"),
    ("zh", "q、x、z", r"稀有的字(符)?最先消失"),
])
def test_the_story_tells_what_goes_first_in_the_list_shown(neural, lang, letters, characters):
    names = story(neural(c="names", lang=lang))
    assert letters in names and not re.search(characters, names)
    words = story(neural(c="zh-words", lang=lang))
    assert letters not in words and re.search(characters, words)
    if lang == "en":  # (AppTest reruns a Chinese page's radios by their English labels)
        at = neural(c="own")
        at.text_area(key="own-list-paste").input(OWN_LIST)
        at = at.button[[b.label for b in at.button].index("Use this list")].click().run()
        assert_no_exception(at)
        own = story(at)
        assert letters not in own and re.search(characters, own) and own != words


def test_a_few_different_inventions_are_counted_not_called_less_than_one_percent():
    import pandas as pd

    from collapse_core import Result, Settings

    def said(*shares):
        metrics = pd.DataFrame({"run": 0, "generation": range(len(shares)),
                                "distinct_share": shares})
        result = Result(Settings(generations=len(shares) - 1, sample_size=500), metrics,
                        {"corpus": "English names", "language": "en"})
        return distinct_at(result, len(shares) - 1)

    assert said(0.76, 1 / 500) == ("At generation 1, the 500 inventions are all one and the "
                                    "same, repeated (at generation 0, 76% of them were different "
                                    "names).")
    assert said(0.76, 7 / 500).startswith("At generation 1, the 500 inventions are only 7 "
                                          "different names, repeated over and over")
    assert said(0.76, 0.5) == ("At generation 1, 50% of the 500 inventions are different names "
                               "(at generation 0, 76%); the rest are repeats.")
