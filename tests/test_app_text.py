"""AppTest of the text page: defaults, every view, every control, the generation picker, URL
state, bad links, and the reader's own text (pasted, uploaded, and rejected when unusable).

The numbers themselves are tested in collapse_core (test_markov, test_text); here we check
that the page wires each control through to what the reader sees: the computed sentences,
the tiles and the charts. The page shows one view (tab) at a time, so a check first opens the
view it reads. Every run is seeded (seed 0), so the assertions are exact.
"""

from __future__ import annotations

import re

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

from collapse_core.families.text.corpus import MAX_TEXT_BYTES, CorpusError
from ui.own_text import escape_markdown, read_own_text

TEXT = "app_pages/text.py"
# The page's views, in tab order, and how many charts each draws.
VIEWS = {"Read the generations": 1, "Vocabulary": 1, "Rare words": 1, "Perplexity": 1,
         "Entropy": 1, "Long tail": 1, "Vanished words": 0}
READ = "Read the generations"
LABELS = {"Vocabulary": "Different words (vocabulary)"}
# The row under the text: the main views, then the button that opens the other measures.
ROW = ["Read the generations", "Vocabulary", "Rare words", "Vanished words", "More measures"]
DEFAULTS = {"g": 30, "n": 2000, "h": 0, "t": 1.0, "r": 5, "seed": 0, "o": 2, "tk": "all",
            "c": "kjv", "at": 30}
# A text of its own: 12 sentences of 17 words, with common and rare words.
OWN = " ".join(
    f"The little cat sat on the warm mat number {i} and looked at a {word} outside today."
    for i, word in enumerate(["robin", "fox", "heron", "otter", "badger", "wren", "stoat",
                              "vole", "hare", "lark", "newt", "moth"])
)


def values(at) -> dict:
    """The current value of every knob in DEFAULTS (the picker is in the reading view)."""
    return {key: widget(at, key).value for key in DEFAULTS}




def view_text(at, label: str) -> str:
    """The page text with the view `label` open."""
    return page_text(open_view(at, label))


def charts(at) -> int:
    return len(at.get("plotly_chart"))


def tile(at, start: str) -> str:
    """The value of the st.metric whose label starts with `start`."""
    return next(m.value for m in at.metric if m.label.startswith(start))


def number(text: str, pattern: str) -> float:
    """The number captured by `pattern` (commas allowed) in the page text."""
    found = re.search(pattern, text)
    assert found, f"{pattern!r} not found in:\n{text}"
    return float(found.group(1).replace(",", ""))


def gen0_vocab(at) -> float:
    return number(view_text(at, "Vocabulary"), r"of generation 0's \(([\d,]+)\)")


def final_vocab(at) -> float:
    return float(tile(at, "Different words").replace(",", ""))


def gen0_entropy(at) -> float:
    return number(view_text(at, "Entropy"), r"took ([\d.]+) bits of surprise at generation 0")


def boxes(at) -> list[str]:
    """The generation passages' headers and texts, in page order (of the open view)."""
    texts = [m.value for m in at.main.markdown]
    return [f"{h} | {texts[i + 1]}" for i, h in enumerate(texts[:-1])
            if re.fullmatch(r"\*\*Generation \d+\*\*", h)]


def read(at) -> list[str]:
    """The passages, with the reading view open."""
    return boxes(open_view(at, READ))


def picked(at) -> str:
    """The passage shown for the generation picker (the player's box, the reading view's first)."""
    return boxes(at)[0]


@pytest.fixture
def text_page(app):
    """Factory: the text page, already run, optionally opened from a link with `query`."""
    return lambda **query: app(page=TEXT, query=query)


def test_defaults_render(text_page):
    at = text_page()
    assert_no_exception(at)
    assert values(at) == DEFAULTS
    assert not at.warning and not at.error
    assert tab_labels(at) == [LABELS.get(view, view) for view in ROW]
    assert open_views(at) == [READ]  # the first view: the generations' own writing
    assert charts(at) == 1  # the vocabulary curve beside the passage
    assert [m.label for m in at.metric] == [
        "Generation", "Different words at gen 30", "Rare words left",
        "Surprise at real text (perplexity)",
        "Variety of word choice (entropy)"]  # the player's counter, then the tiles
    assert "King James Version" in page_text(at)
    # The picked passage (the last generation by default), then early, middle and late ones.
    headers = [b.split(" | ")[0] for b in boxes(at)]
    assert headers == ["**Generation 30**", "**Generation 0**", "**Generation 15**",
                       "**Generation 30**"]
    assert all(len(b.split(" | ")[1].split()) > 20 for b in boxes(at))
    # The player's curve is the run whose passage is shown, one line (the sentence under it
    # names its words): not the 5 runs' band, whose median the sentence would not match.
    (curve,) = figures(at)
    assert [t["name"] for t in curve["data"]] == ["This run"]
    first_words = re.search(r"generation 0 used ([\d,]+)\.", page_text(at)).group(1)
    assert curve["data"][0]["y"][0] == int(first_words.replace(",", ""))
    downloads = at.get("download_button")
    assert len(downloads) == 1 and "CSV" in downloads[0].label
    text = view_text(at, "Vocabulary")
    assert "In the typical run, after 30 generations the model writes with" in text
    # The odds over 5 runs: every run still below the line at the end, none only dipped.
    assert ("**Lost in 5 of 5 runs:** at generation 30 those runs still had fewer than half of "
            "generation 0's words.") in text
    assert "Dipped and came back" not in text
    assert charts(at) == 1
    assert re.search(r"\d+ of the \d+ words\*\* of the human sample are gone by generation 30",
                     view_text(at, "Vanished words"))
    # The rank-frequency chart: the human sample and 5 generations, the last one shorter.
    open_view(at, "Long tail")
    (zipf,) = figures(at)
    names = [t["name"] for t in zipf["data"]]
    assert names == ["Human", "Gen 0", "Gen 8", "Gen 15", "Gen 22", "Gen 30"]
    assert len(zipf["data"][-1]["x"]) < len(zipf["data"][1]["x"])
    assert zipf["layout"]["xaxis"]["type"] == "log" and zipf["layout"]["yaxis"]["type"] == "log"
    assert "Generation 30<br>word no." in zipf["data"][-1]["hovertemplate"]
    assert len(at.get("download_button")) == 1  # below the views, whichever is open


def test_every_view_renders_and_draws_at_most_one_chart(text_page):
    at = text_page()
    for label, drawn in VIEWS.items():
        open_view(at, label)
        assert_no_exception(at)
        assert not at.warning and not at.error, label
        assert open_views(at) == [label]
        assert charts(at) == drawn <= 1, label
        assert len(at.get("download_button")) == 1, label
        # The sentence at the top speaks of the view shown: only the player's says Play.
        assert ("press **Play**" in page_text(at)) == (label == "Read the generations"), label


def test_a_link_opens_its_view(text_page):
    for label, drawn in VIEWS.items():
        at = text_page(v=label)
        assert_no_exception(at)
        assert not at.warning, label
        assert open_views(at) == [label]
        assert charts(at) == drawn
    at = text_page(v="Nope")
    assert_no_exception(at)
    notice = warnings_text(at)
    assert "could not be used" in notice and "View" in notice and READ in notice
    assert not at.error
    assert open_views(at) == [READ]


# Each control, a value different from the default, the view where its effect shows, and what
# must then hold compared with the default page (`base`).
def _generations(at, base):
    assert "after 12 generations" in view_text(at, "Vocabulary")
    assert "**Generation 12**" in [b.split(" | ")[0] for b in read(at)]


def _sample_size(at, base):
    # a smaller human sample holds fewer different words from the start
    assert gen0_vocab(at) < base.gen0_vocab


def _human_percent(at, base):
    # half human data in every training set keeps far more words alive
    assert final_vocab(at) > 2 * base.final_vocab


def _order(at, base):
    # one word of context: many more next words to choose from than with two
    assert gen0_entropy(at) > base.gen0_entropy + 1


def _top_k(at, base):
    # only the 3 most likely next words: a more predictable model from generation 0
    assert gen0_entropy(at) < base.gen0_entropy


def _temperature(at, base):
    # low temperature plays safe and forgets faster
    assert final_vocab(at) < base.final_vocab


def _corpus(at, base):
    text = page_text(at)
    assert "Python Software Foundation" in text and "King James" not in text
    assert read(at)[0] != base.boxes[0]


CONTROLS = [
    pytest.param("g", 12, READ, _generations, id="generations"),
    pytest.param("n", 500, "Vocabulary", _sample_size, id="sample-size"),
    pytest.param("h", 50, "Vocabulary", _human_percent, id="human-percent"),
    pytest.param("o", 1, "Entropy", _order, id="order"),
    pytest.param("tk", "3", "Entropy", _top_k, id="top-k"),
    pytest.param("t", 0.7, "Rare words", _temperature, id="temperature"),
    pytest.param("c", "python-docs", READ, _corpus, id="corpus"),
]


class _Base:
    """The default page, reduced to what the checks compare against; left on `view`."""

    def __init__(self, at, view: str):
        self.gen0_vocab, self.final_vocab = gen0_vocab(at), final_vocab(at)
        self.gen0_entropy, self.boxes = gen0_entropy(at), read(at)
        self.fingerprint = fingerprint(open_view(at, view))


@pytest.mark.parametrize(("key", "value", "view", "check"), CONTROLS)
def test_each_control_changes_the_result(text_page, key, value, view, check):
    at = text_page()
    base = _Base(at, view)
    widget(at, key).set_value(value).run()
    assert_no_exception(at)
    assert widget(at, key).value == value
    assert open_views(at) == [view]  # the open view stays open
    assert fingerprint(at) != base.fingerprint, f"changing {key} changed nothing in {view}"
    assert charts(at) == VIEWS[view]
    check(at, base)


def test_generation_picker_changes_the_passage_without_recomputing(text_page, computations):
    calls = computations
    at = text_page(g=12)  # a setting no other test computed: the cache is empty anyway
    assert len(calls) == 1
    drawn = fingerprint(open_view(at, "Long tail"))[1]
    assert len(drawn) == 1
    before = picked(open_view(at, READ))
    widget(at, "at").set_value(3).run()
    assert_no_exception(at)
    assert len(calls) == 1, "picking a generation recomputed the simulation"
    assert picked(at).startswith("**Generation 3** | ") and picked(at) != before
    assert "gone by generation 3" in view_text(at, "Vanished words")
    assert widget(at, "at").value == 3
    assert fingerprint(open_view(at, "Long tail"))[1] == drawn
    assert len(calls) == 1, "changing views recomputed the simulation"


def test_both_views_of_a_generation_share_the_picker(text_page):
    at = open_view(text_page(g=12), "Vanished words")
    widget(at, "at").set_value(5).run()
    assert_no_exception(at)
    assert "gone by generation 5" in page_text(at)
    assert "gone by generation 12" not in page_text(at)
    assert picked(open_view(at, READ)).startswith("**Generation 5** | ")
    assert widget(at, "at").value == 5


def test_picker_follows_the_number_of_generations(text_page):
    at = text_page()
    widget(at, "g").set_value(40).run()  # left on the last generation: it stays on the last
    assert widget(at, "at").value == 40
    widget(at, "at").set_value(35).run()
    widget(at, "g").set_value(50).run()  # a generation the reader picked stays picked
    assert widget(at, "at").value == 35
    widget(at, "g").set_value(10).run()  # generation 35 no longer exists
    assert_no_exception(at)
    assert widget(at, "at").value == 10
    assert picked(at).startswith("**Generation 10**")
    # The same while another view is open, and the picker not drawn.
    open_view(at, "Vocabulary")
    widget(at, "g").set_value(20).run()
    assert widget(open_view(at, READ), "at").value == 20
    assert picked(at).startswith("**Generation 20**")
    widget(at, "at").set_value(4).run()
    open_view(at, "Entropy")
    widget(at, "g").set_value(30).run()
    assert widget(open_view(at, "Vanished words"), "at").value == 4
    assert "gone by generation 4" in page_text(at)
    open_view(at, "Perplexity")
    widget(at, "g").set_value(3).run()
    assert_no_exception(at)
    assert widget(open_view(at, READ), "at").value == 3
    assert not at.warning


def test_small_samples_are_explained_not_crashed(text_page):
    # Samples under 60 words need a fix in TextExperiment.snapshot; until then a notice.
    at = text_page(n=50)
    assert_no_exception(at)
    assert not at.error
    if "at least 60 words" not in warnings_text(at):
        for label, drawn in VIEWS.items():
            assert charts(open_view(at, label)) == drawn, label
            assert_no_exception(at)


# --- state in the URL ---------------------------------------------------------------------


def test_url_values_restore_the_state(text_page):
    at = text_page(g=12, n=500, o=3, tk="10", t=0.8, at=4)
    assert_no_exception(at)
    assert not at.warning
    assert values(at) == {**DEFAULTS, "g": 12, "n": 500, "o": 3, "tk": "10", "t": 0.8, "at": 4}
    assert picked(at).startswith("**Generation 4**")
    assert "gone by generation 4" in view_text(at, "Vanished words")
    assert "after 12 generations" in view_text(at, "Vocabulary")


def test_same_url_gives_the_same_page(app):
    query = {"g": 8, "n": 500, "seed": 3, "o": 1}
    for view in (READ, "Vocabulary", "Long tail"):
        first, second = (app(page=TEXT, query={**query, "v": view}) for _ in range(2))
        assert open_views(first) == [view]
        assert fingerprint(first) == fingerprint(second)


BAD_LINKS = [
    pytest.param({"o": "9"}, ["o"], id="order-too-large"),
    pytest.param({"c": "nope"}, ["c"], id="corpus-unknown"),
    pytest.param({"tk": "abc"}, ["tk"], id="top-k-not-an-option"),
    pytest.param({"at": "99"}, ["at"], id="generation-past-the-last"),
    pytest.param({"o": "9", "c": "nope", "tk": "abc"}, ["o", "c", "tk"], id="all-at-once"),
]


@pytest.mark.parametrize(("query", "keys"), BAD_LINKS)
def test_bad_url_value_shows_a_notice_and_falls_back(text_page, query, keys):
    at = text_page(**query)
    assert_no_exception(at)
    notice = warnings_text(at)
    assert "could not be used" in notice
    for key in keys:
        assert widget(at, key).label in notice
    assert not at.error
    assert values(at) == DEFAULTS
    assert open_views(at) == [READ] and len(boxes(at)) == 4
    assert charts(open_view(at, "Long tail")) == 1


# --- the reader's own text ----------------------------------------------------------------


def choose_own_text(at):
    widget(at, "c").set_value("own").run()
    return at


def paste(at, text: str):
    at.text_area(key="own-paste").input(text)
    next(b for b in at.button if b.label == "Use this text").click().run()
    return at


def upload(at, name: str, data: bytes):
    at.file_uploader(key="own-file").set_value((name, data, "text/plain")).run()
    return at


def test_own_text_without_text_says_what_to_do(text_page):
    at = choose_own_text(open_view(text_page(), "Long tail"))
    assert_no_exception(at)
    assert not at.error
    assert "Upload a .txt file or paste some text" in at.info[0].value
    assert not at.get("plotly_chart") and not tab_labels(at)


def test_pasted_text_is_used(text_page):
    at = paste(choose_own_text(text_page()), OWN)
    assert_no_exception(at)
    assert not at.error
    assert open_views(at) == [READ]
    text = page_text(at)
    assert "Using the pasted text: 204 words." in text
    assert "Your own text" in text
    assert "cat" in boxes(at)[0].lower()
    assert charts(open_view(at, "Long tail")) == 1
    # it survives reruns: another control, then back from another corpus
    widget(at, "g").set_value(5).run()
    assert "after 5 generations" in view_text(at, "Vocabulary")
    widget(at, "c").set_value("kjv").run()
    widget(at, "c").set_value("own").run()
    assert "Using the pasted text" in page_text(at)
    assert "after 5 generations" in page_text(at)
    assert open_views(at) == ["Vocabulary"] and charts(at) == 1


BAD_FILES = [
    pytest.param(b"\x00\x01\x02\x03" * 100, "binary", id="binary"),
    pytest.param("Caf\u00e9 cr\u00e8me. ".encode("latin-1") * 100, "not UTF-8", id="latin-1"),
    pytest.param(b"Too short to learn from.", "at least 100 are needed", id="too-short"),
    pytest.param(b"   \n\n  ", "empty", id="empty"),
]


@pytest.mark.parametrize(("data", "message"), BAD_FILES)
def test_bad_upload_is_refused_and_the_previous_text_stays(text_page, data, message):
    at = open_view(paste(choose_own_text(text_page()), OWN), "Long tail")
    before = fingerprint(at)[1]
    assert len(before) == 1
    upload(at, "notes*_[x].txt", data)
    assert_no_exception(at)
    assert len(at.error) == 1
    error = at.error[0].value
    assert message in error and "previous text is still in use" in error
    assert "notes\\*\\_\\[x\\]\\.txt" in error  # the file name is shown literally
    assert "Using the pasted text" in page_text(at)
    assert fingerprint(at)[1] == before


def test_good_upload_replaces_the_text(text_page):
    at = upload(choose_own_text(text_page()), "birds.txt", OWN.replace("cat", "owl").encode())
    assert_no_exception(at)
    assert not at.error
    assert "Using the file “birds\\.txt”: 204 words." in page_text(at)
    assert "owl" in boxes(at)[0].lower()


def test_bad_upload_first_gives_an_error_and_no_charts(text_page):
    at = upload(choose_own_text(open_view(text_page(), "Long tail")), "a.txt", b"\x00binary")
    assert_no_exception(at)
    assert "binary" in at.error[0].value
    assert "previous text" not in at.error[0].value
    assert not at.get("plotly_chart") and not tab_labels(at)


def test_link_with_own_text_explains_that_links_cannot_carry_it(app):
    at = choose_own_text(app(page=TEXT))
    choice = widget(at, "c")
    shown = choice.options[choice.index]  # what the browser writes into the URL for this choice
    opened = app(page=TEXT, query={"c": shown, "v": "Long tail"})
    assert_no_exception(opened)
    assert not opened.error
    assert widget(opened, "c").value == "own"
    assert "links cannot carry" in opened.info[0].value
    assert not opened.get("plotly_chart") and not tab_labels(opened)


# --- the validation and escaping helpers ---------------------------------------------------


def test_read_own_text_accepts_utf8_bytes_and_strings():
    own = read_own_text(("\ufeff" + OWN).encode("utf-8"), "a file")
    assert (own.text, own.words, own.origin) == (OWN, 204, "a file")
    assert read_own_text(OWN, "a paste") == own.__class__(OWN, 204, own.trainable, "a paste")
    assert 0.8 * 204 < own.trainable < 204 * 1.2  # the words and marks of 90% of its sentences


@pytest.mark.parametrize(("data", "message"), [
    pytest.param(b"\x00\x01" * 200, "binary", id="binary"),
    pytest.param(b"\xff\xfe" + "word ".encode("utf-16-le") * 200, "binary", id="utf-16"),
    pytest.param("na\u00efve word. ".encode("latin-1") * 100, "not UTF-8", id="latin-1"),
    pytest.param(b"", "empty", id="empty"),
    pytest.param(b"One two three.", "only 3 words", id="too-short"),
    pytest.param(b"a " * (MAX_TEXT_BYTES // 2 + 1), "limit is 2 MB", id="too-large"),
    pytest.param(("word " * 200).encode(), "only one sentence", id="one-sentence"),
])
def test_read_own_text_refuses_unusable_bytes(data, message):
    with pytest.raises(CorpusError, match=message):
        read_own_text(data, "a file")


def test_escape_markdown_shows_text_literally():
    nasty = "1. *bold* _it_ $x$ <b>hi</b> [link](http://x) `code` :smile: # title"
    escaped = escape_markdown(nasty)
    assert re.sub(r"\\(.)", r"\1", escaped) == nasty
    for special in "*_$<>[]()`#:":
        assert re.search(rf"(?<!\\){re.escape(special)}", escaped) is None, special
    assert escape_markdown("Plain words, with commas") == "Plain words, with commas"


def test_the_variety_tile_keeps_a_decimal_where_a_whole_number_would_say_certain(text_page):
    # A collapsed model's entropy in picturable words: 2^h equally likely next words. Rounded
    # to a whole number, 1.4 choices would read "1", which its help says means certainty.
    at = text_page(g=60, o=3, tk="3", seed=1)
    assert_no_exception(at)
    tile = next(m for m in at.metric if m.label == "Variety of word choice (entropy)")
    number = float(tile.value.split()[0].replace(",", ""))
    assert number < 10 and re.fullmatch(r"\d\.\d choices", tile.value), tile.value
