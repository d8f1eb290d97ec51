"""Snippets: `highlighted` gives exactly what Whoosh's own highlighter gives with the
German analyzer, on the shipped and the relevance knowledge bases, a generated corpus and
hostile texts; it only skips the work that cannot change the result."""

from __future__ import annotations

import random
import sys
from pathlib import Path

import pytest
from whoosh import highlight

from indexer.german.analysis import GERMAN, index_term
from indexer.loading import load_kb
from indexer.plaintext import markdown_to_text
from indexer.snippets import SNIPPET_CHARS, MarkFormatter, highlighted

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
from generate_corpus import generate  # noqa: E402


def whoosh_highlighted(
    text: str, terms: set[str], surround: int = 70, chars: int = SNIPPET_CHARS, top: int = 2
) -> str:
    """What snippets were before: the whole text through the analyzer and Whoosh."""
    fragment = highlight.highlight(
        text,
        frozenset(terms),
        GERMAN,
        highlight.ContextFragmenter(maxchars=chars, surround=surround),
        MarkFormatter(),
        top=top,
    )
    return " ".join((fragment or "").split())


def term_sets(text: str, rng: random.Random, other_words: list[str]) -> list[set[str]]:
    """Query terms as searches produce them: words of the text (rare and frequent), words
    it lacks, and a mix; the raw stop words too (Whoosh compares a stop word as written)."""
    own = sorted({t.text for t in GERMAN(text)})
    if not own:
        return [{"integration"}]
    sets = [
        {rng.choice(own)},
        set(rng.sample(own, min(3, len(own)))),
        {rng.choice(own), index_term(rng.choice(other_words)) or "arbeit"},
        {index_term(rng.choice(other_words)) or "schule"},
        {"und", "die", rng.choice(own)},
    ]
    return sets


def texts_of(kb_dir: Path) -> list[str]:
    kb = load_kb(kb_dir)
    texts = []
    for entry in kb.entries:
        texts += [markdown_to_text(entry.body), entry.fields["summary"], entry.fields["title"]]
    return texts


@pytest.fixture(scope="module")
def corpus_texts(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    out = tmp_path_factory.mktemp("snippet_corpus")
    generate(out, 150, seed=7)
    return texts_of(ROOT / "kb") + texts_of(ROOT / "tests" / "relevance" / "kb") + texts_of(out)


def test_snippets_equal_whoosh_highlighting_on_real_texts(corpus_texts: list[str]) -> None:
    rng = random.Random(3)
    other_words = [w for text in corpus_texts[:60] for w in text.split() if w.isalpha()]
    compared = differing = with_marks = 0
    for text in corpus_texts:
        for terms in term_sets(text, rng, other_words):
            for surround in (70, 20):
                expected = whoosh_highlighted(text, terms, surround)
                got = highlighted(text, terms, surround=surround)
                compared += 1
                with_marks += "<mark>" in got
                differing += got != expected
                assert got == expected, (text[:80], terms, surround)
    assert compared > 3000 and with_marks > compared // 2 and differing == 0


HOSTILE = [
    "",
    "Integration " * 5000,  # beyond Whoosh's 32,768-character limit for fragments
    ("Füller " * 400) + "Integration am Ende " + ("Rest " * 300),
    "Ehrenamt" + "x" * 300 + " Ehrenamt " + "Q" * 100_000 + " Ehrenamt",
    "Teilnehmer*innen, Teilnehmer:innen und Teilnehmende – Integration (in) Ulm",
    "Inte\u0301gration und Ehrena\u0308mter 2018 2019 Integration2020",
    "und die der und die der",  # only stop words
    "Integration\n\n\t   \n" * 50 + "Ehrenamt",
    "<script>alert(1)</script> Integration & Ehrenamt \" '",
    # one-letter tokens: the most tokens a fragment's context can hold
    "a " * 200 + "Integration " + "b " * 200 + "Ehrenamt" + " c" * 150,
    "1 2 3 4 5 6 7 8 9 " * 30 + "Integration" + " x" * 139 + " Ehrenamt " + "y " * 145,
    "".join(f"{chr(97 + i % 26)}{i % 10}" for i in range(300)) + " Integration " + "z1" * 200,
]


@pytest.mark.parametrize("text", HOSTILE, ids=range(len(HOSTILE)))
@pytest.mark.parametrize(
    "terms", [{"integration"}, {"ehrenamt", "integration"}, {"und"}, {"teilnehm", "2018"}]
)
def test_snippets_equal_whoosh_highlighting_on_hostile_texts(text: str, terms: set[str]) -> None:
    assert highlighted(text, terms) == whoosh_highlighted(text, terms)


@pytest.mark.parametrize("chars", [8, 25, 60, SNIPPET_CHARS])
@pytest.mark.parametrize("surround", [1, 4, 9, 20, 70])
def test_snippets_equal_whoosh_highlighting_at_every_size(chars: int, surround: int) -> None:
    # Small fragments and contexts make every rare step of the fragmenter happen: a
    # fragment that grows too long, a countdown that ends at exactly zero, a match longer
    # than a fragment, matches right after each other.
    rng = random.Random(chars * 100 + surround)
    words = ["Integration", "Ehrenamt", "und", "a", "bb", "ccc", "Sprachkurs", "x" * 12, "7"]
    terms_choices = [{"integration"}, {"ehrenamt", "a"}, {"und", "bb"}, {"ccc", "x" * 12}]
    for _ in range(300):
        text = " ".join(rng.choice(words) for _ in range(rng.randint(1, 60)))
        terms = rng.choice(terms_choices)
        for top in (1, 2, 3):
            expected = whoosh_highlighted(text, terms, surround, chars, top)
            assert highlighted(text, terms, chars, surround, top) == expected, (text, terms)


def test_no_match_gives_no_snippet() -> None:
    assert highlighted("Sprachkurse für Mütter in Ulm", {"fahrrad"}) == ""
