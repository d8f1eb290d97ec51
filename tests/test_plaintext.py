"""Markdown → text: the plain-text shortcut gives exactly what markdown-it's tokens give."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from indexer.loading import load_kb
from indexer.plaintext import _parsed_text, _plain_text, markdown_to_text

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
from generate_corpus import generate  # noqa: E402

# (text, whether the shortcut takes it): plain texts, and the Markdown it must leave alone.
CASES = [
    ("## Ausgangslage\n\nEin Satz.\nZweite Zeile.\n\n## Kontakt\n\nHerr Schmid.", True),
    ("# Titel\nText direkt darunter\n## Noch einer", True),
    ("Nachbar*innen und Lehrer:innen, Sozialarbeiter_innen, Kolleg/-innen", True),
    ("Nachbar*innen und Lehrer*innen", False),  # markdown-it reads emphasis
    ("Ein *betontes* Wort", False),
    ("**fett**", False),
    ("_kursiv_ und __fett__", False),
    ("wort_ am Ende und _am Anfang", False),
    ("Lehrer_innen_", False),
    ("1. erster Punkt\n2. zweiter", False),
    ("2) Punkt", False),
    ("2016 wurde es erweitert.\n1990er Jahre", True),
    ("- Punkt\n- Punkt", False),
    ("* Punkt", False),
    ("+ Punkt", False),
    ("Absatz\n---", False),  # a Setext heading
    ("Absatz\n===", False),
    ("***", False),
    ("> Zitat", False),
    ("    eingerückter Code", False),
    ("Zeile mit zwei Leerzeichen am Ende  \nweiter", False),
    (" führendes Leerzeichen", False),
    ("\u00a0geschütztes Leerzeichen", False),
    ("Ende mit geschütztem Leerzeichen\u00a0", False),
    ("\u2028Trenner", False),
    ("Text\u2028mitten drin", True),
    ("Tab\tim Text", False),
    ("Windows\r\nZeilen", False),
    ("Nullbyte\0", False),
    ("`code` und ```", False),
    ("~~durch~~", False),
    ("[Link](https://example.org) und ![Bild](b.png)", False),
    ("<https://example.org> und <b>fett</b>", False),
    ("Kunst &amp; Kultur &", False),
    ("Spalte | Spalte\n--- | ---", False),
    ("Escape \\* Stern", False),
    ("####### sieben Rauten", False),
    ("#ohne Leerzeichen", False),
    ("## Titel ##", False),
    ("##  zwei Leerzeichen", False),
    ("## ", False),
    ("#", False),
    ("## Einzelner * Stern", True),
    ("## Zwei * Sterne *", False),
    ('„Zitat“ am Anfang\n(Klammer) am Anfang\n"Anführung"', True),
    ("Projekt #1 und 50 % Förderung: gut! Fragen? Ja; 3 + 4 = 7 {a} $ @ ^", True),
    ("", True),
    ("\n\n\n", True),
    ("Ausgangslage", True),  # only headings are template headings
    ("## Ausgangslage", True),
    ("Inte\u0301gration und Ehrena\u0308mter", True),
    ("Wort_\u0301", False),
]


@pytest.mark.parametrize(("text", "plain"), CASES)
def test_shortcut_gives_markdown_its_text(text: str, plain: bool) -> None:
    assert markdown_to_text(text) == _parsed_text(text)
    assert (_plain_text(text) is not None) == plain


def test_generated_and_shipped_entries(tmp_path: Path) -> None:
    generate(tmp_path, 150, seed=5)
    bodies = [entry.body for kb in (tmp_path, ROOT / "kb") for entry in load_kb(kb).entries]
    taken = 0
    for body in bodies:
        assert markdown_to_text(body) == _parsed_text(body)
        taken += _plain_text(body) is not None
    assert taken > len(bodies) / 2  # the shortcut serves most entries
