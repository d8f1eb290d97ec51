"""Full builds write with `BulkSegmentWriter` and the analysis shortcuts: the terms and the
segment files must be exactly those Whoosh's own analyzers and writer produce."""

from __future__ import annotations

import hashlib
import sys
from collections import defaultdict
from pathlib import Path

import pytest
from whoosh import index as whoosh_index

from indexer import whoosh_writers
from indexer.building import document_for
from indexer.german.analysis import spelling_terms, tokens, word_list, words
from indexer.loading import load_kb
from indexer.plaintext import markdown_to_text
from indexer.schema import ANALYSIS_SHORTCUTS, build_schema
from indexer.taxonomy import load_taxonomy

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
from generate_corpus import generate  # noqa: E402

HOSTILE = [
    "",
    "und die der und die der",  # only stop words
    "Die Teilnehmer*innen, Teilnehmer:innen, Kolleg/-innen und Lots(inn)en – Migrantin",
    "Inte\u0301gration und Ehrena\u0308mter 2018 2019 Integration2020 u\u0308ber",
    "Ehrenamt" + "x" * 300 + " Ehrenamt " + "Q" * 100_000 + " Ehrenamt",
    "Sprachpatenschaft Bürgerbeteiligung BUERGERBETEILIGUNG Fußballverein Straßenfest",
    "a b c 1 2 3 ab cd Ab Cd Die DER und Und",
    "Helfende, Lehrende und Mitarbeitende; Praktika, Termine, Medizin, Beginnen",
    "__init__ snake_case x_innen Ärztinnen ÄRZTE ärzte Haupt- und Ehrenamt",
    "日本語 テキスト ελληνικά кириллица 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 \u200b\ufeff",
]


def whoosh_terms(analyzer: object, text: str) -> dict[str, list[int]]:
    found: dict[str, list[int]] = defaultdict(list)
    for token in analyzer(text, positions=True, mode="index"):  # type: ignore[operator]
        if not token.stopped:
            found[token.text].append(token.pos)
    return found


def texts_of(kb_dir: Path) -> list[str]:
    texts = []
    for entry in load_kb(kb_dir).entries:
        body = markdown_to_text(entry.body)
        texts += [body, entry.fields["summary"], entry.fields["title"]]
        texts.append(" ".join(dict.fromkeys(words(body))))  # as the spelling and parts fields
    return texts


@pytest.fixture(scope="module")
def generated_kb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("bulk_corpus")
    generate(out, 200, seed=11)
    return out


@pytest.mark.parametrize("shortcut", range(len(ANALYSIS_SHORTCUTS)))
def test_shortcuts_give_the_analyzers_terms(shortcut: int, generated_kb: Path) -> None:
    analyzer, fn = ANALYSIS_SHORTCUTS[shortcut]
    texts = HOSTILE + texts_of(ROOT / "kb") + texts_of(generated_kb)
    for text in texts:
        terms, positions = fn(text)
        assert len(terms) == len(positions), text[:80]
        got: dict[str, list[int]] = defaultdict(list)
        for term, position in zip(terms, positions, strict=True):
            got[term].append(position)
        expected = whoosh_terms(analyzer, text)
        assert dict(got) == dict(expected), text[:80]
        assert list(got) == list(expected), text[:80]  # order of first occurrence


def test_word_lists_keep_the_tokenizers_words(generated_kb: Path) -> None:
    """The spelling field's text keeps its words: the tokenizer finds exactly those."""
    texts = HOSTILE + texts_of(ROOT / "kb") + texts_of(generated_kb)
    texts.append(" ".join(HOSTILE))
    for text in texts:
        distinct = list(dict.fromkeys(words(text)))
        joined = " ".join(distinct)
        assert tokens(joined) == tuple(distinct), text[:80]
        assert spelling_terms(word_list(distinct)) == spelling_terms(joined), text[:80]


@pytest.mark.parametrize(
    "value", ["Arbeit", "", ["Arbeit", "Sprache", "Arbeit"], ["Enzkreis"], [], ("a", "b")]
)
def test_value_shortcuts_give_the_fields_terms(value: object) -> None:
    """Facet and id fields keep each value once (Whoosh's Existence format)."""
    schema = build_schema()
    for name in ("facet_themes", "slug"):
        field = schema[name]
        if name == "slug" and not isinstance(value, str):
            continue
        (fn,) = [fn for analyzer, fn in ANALYSIS_SHORTCUTS if analyzer == field.analyzer]
        terms, positions = fn(value)
        assert len(terms) == len(positions) == len(set(terms))
        assert {t.decode() for t, *_ in field.index(value)} == set(terms)


def segment_files(ix_dir: Path) -> dict[str, str]:
    """Checksums of the segment's files, named without the random segment id."""
    (segment,) = whoosh_index.open_dir(str(ix_dir))._segments()
    sid = segment.segment_id()
    return {
        path.name.replace(sid, "SEGMENT"): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in ix_dir.iterdir()
        if sid in path.name
    }


def written(ix_dir: Path, documents: list[dict], bulk: bool) -> dict[str, str]:
    ix_dir.mkdir()
    ix = whoosh_index.create_in(str(ix_dir), build_schema())
    if bulk:
        writer = whoosh_writers.BulkSegmentWriter(ix, ANALYSIS_SHORTCUTS)
    else:
        writer = whoosh_writers.writer(ix)
    for document in documents:
        writer.add_document(**document)
    writer.commit()
    return segment_files(ix_dir)


@pytest.mark.parametrize("kb", ["shipped", "generated", "relevance"])
def test_bulk_writer_writes_whooshs_files(
    kb: str, generated_kb: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    kb_dir = {
        "shipped": ROOT / "kb",
        "generated": generated_kb,
        "relevance": ROOT / "tests" / "relevance" / "kb",
    }[kb]
    taxonomy = load_taxonomy(kb_dir)
    documents = [document_for(entry, taxonomy) for entry in load_kb(kb_dir).entries]
    documents[0]["body"] = HOSTILE[-1] + " ".join(HOSTILE[:-1])  # hostile text as well
    expected = written(tmp_path / "whoosh", documents, bulk=False)
    assert written(tmp_path / "bulk", documents, bulk=True) == expected
    assert any(name.endswith(".pst") for name in expected)
    if kb == "generated":  # postings handed on in many small chunks: the same files
        monkeypatch.setattr(whoosh_writers, "_CHUNK", 97)
        assert written(tmp_path / "chunked", documents, bulk=True) == expected
