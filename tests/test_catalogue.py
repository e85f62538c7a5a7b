"""The Chinese message catalogue: complete, its placeholders and markup matching the English,
and its terms the ones Chinese readers of the article know (locale/zh/glossary.tsv)."""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po
from conftest import ROOT

LOCALE = ROOT / "locale"
PLACEHOLDER = re.compile(r"\{(\w*)(?:[:!][^}]*)?\}")
KEYWORDS = {**DEFAULT_KEYWORDS, "N_": None, "NoClosedForm": None, "CorpusError": None,
            "FilterError": None, "WordListError": None}


@cache
def code_messages() -> frozenset:
    """Every message the code marks for translation (singular, or (singular, plural))."""
    with open(LOCALE / "babel.cfg") as cfg:
        method_map, options_map = parse_mapping_cfg(cfg)
    found = extract_from_dir(
        ROOT, method_map, options_map, keywords=KEYWORDS,
        directory_filter=lambda path: not Path(path).name.startswith((".", "__")))
    return frozenset(message for _file, _line, message, _comments, _context in found)


@cache
def chinese():
    with open(LOCALE / "zh" / "LC_MESSAGES" / "messages.po", "rb") as po:
        return read_po(po)


def entries():
    return [m for m in chinese() if m.id]


def test_no_translation_is_marked_fuzzy():
    # gettext skips a fuzzy entry, so its reader sees English (pybabel update marks one fuzzy
    # when a message changes between plural and singular forms).
    assert not [m.id for m in entries() if m.fuzzy]


def forms(message) -> tuple[list[str], list[str]]:
    """(English forms, Chinese forms) of a catalogue entry."""
    english = list(message.id) if isinstance(message.id, tuple) else [message.id]
    translated = list(message.string) if isinstance(message.string, tuple) else [message.string]
    return english, translated


def test_the_code_marks_its_messages():
    assert len(code_messages()) > 400
    assert "Generations" in code_messages()  # a knob's label, marked where it is defined


def test_every_message_of_the_code_has_a_chinese_translation():
    translated = {m.id: m for m in entries()}
    missing = [m for m in code_messages() if m not in translated]
    assert not missing, f"{len(missing)} messages missing from the catalogue, e.g. {missing[:3]}"
    empty = [m.id for m in entries() if not all(forms(m)[1])]
    assert not empty, f"{len(empty)} messages without a translation, e.g. {empty[:3]}"


def test_the_catalogue_has_no_message_the_code_no_longer_uses():
    stale = [m.id for m in entries() if m.id not in code_messages()]
    assert not stale, stale[:5]


@pytest.mark.parametrize("check", ["placeholders", "bold", "line breaks"])
def test_translations_keep_the_placeholders_and_the_markup(check):
    def signature(text: str):
        if check == "placeholders":
            return sorted(PLACEHOLDER.findall(text))
        if check == "bold":
            return text.count("**")
        return text.count("\n")

    wrong = []
    for message in entries():
        english, translated = forms(message)
        expected = signature(english[-1])
        wrong += [(message.id, t) for t in translated if t and signature(t) != expected]
    assert not wrong, wrong[:3]


def _punctuation(char: str) -> bool:
    return unicodedata.category(char)[0] in "PS"


def bold_that_cannot_close(text: str) -> bool:
    """Whether a ** of `text` cannot open or close where it stands, by CommonMark's flanking
    rules (what Streamlit's Markdown follows): a closing ** right after a full stop and before a
    Chinese character stays two literal stars."""
    text = PLACEHOLDER.sub("x", text)
    opening = True
    for star in re.finditer(r"\*\*", text):
        before = text[star.start() - 1] if star.start() else " "
        after = text[star.end()] if star.end() < len(text) else " "
        if opening:
            flanking = not after.isspace() and (
                not _punctuation(after) or before.isspace() or _punctuation(before))
        else:
            flanking = not before.isspace() and (
                not _punctuation(before) or after.isspace() or _punctuation(after))
        if not flanking:
            return True
        opening = not opening
    return not opening


def test_the_flanking_rule_is_the_one_markdown_follows():
    assert bold_that_cannot_close("字**明显最好。**字")
    assert not bold_that_cannot_close("字**明显最好**。字")
    assert not bold_that_cannot_close("**Clearly best.** Each")


def test_chinese_bold_closes_even_beside_another_sentence():
    # Chinese sentences are joined with nothing between them (ui.i18n.sentences), so each
    # translation is checked with a Chinese character on both sides.
    wrong = [t for message in entries() for t in forms(message)[1]
             if "**" in t and bold_that_cannot_close(f"字{t}字")]
    assert not wrong, wrong[:3]


def glossary() -> list[tuple[str, str]]:
    rows = (LOCALE / "zh" / "glossary.tsv").read_text(encoding="utf-8").splitlines()
    return [tuple(row.split("\t")) for row in rows if row and not row.startswith("#")]


def test_the_glossary_has_the_articles_terms():
    terms = dict(glossary())
    for term in ("模型崩溃", "退化学习", "稀有事件的丧失", "偏见的放大", "生成能力的狭窄",
                 "函数近似误差", "人类数据", "合成数据", "代", "温度"):
        assert term in terms.values(), term


@pytest.mark.parametrize(("english", "term"), glossary())
def test_the_catalogue_uses_the_glossarys_term(english, term):
    pattern = re.compile(rf"\b{re.escape(english)}", re.IGNORECASE)
    off = [(m.id, forms(m)[1][0]) for m in entries()
           if pattern.search(forms(m)[0][0]) and not all(term in t for t in forms(m)[1])]
    assert not off, f"{len(off)} translations of “{english}” without “{term}”: {off[:3]}"
