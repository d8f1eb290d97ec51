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
    # markdown-it reads emphasis between such stars, and so does the shortcut
    ("Nachbar*innen und Lehrer*innen", True),
    ("Lots*innen, Lehrer*innen und Schüler*innen", True),  # the odd last star stays
    ("Lehrer*innen\nund Schüler*innen", True),
    ("## Lehrer*innen und Schüler*innen", True),
    ("## Aus*gangs*lage", True),  # a template heading once the stars are gone
    ("1*2*3 und 4²*5", True),
    ("Lehrer*innen *betont*", False),
    ("Lehrer*innen und Schüler*", False),
    ("Lehrer**innen und Schüler*innen", False),
    ("Lehrer*innen und Schüler*\u0301innen", False),
    ("Lehrer*innen und Schüler*-innen", False),
    ("Ein *betontes* Wort", False),
    ("**fett**", False),
    ("_kursiv_ und __fett__", False),
    ("wort_ am Ende und _am Anfang", False),
    ("Lehrer_innen_", False),
    ("Lehrer__innen", False),
    ("_", False),
    ("Schüler_innen und Lehrer_innen, 2_3", True),
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


def test_stars_between_any_letters_or_digits() -> None:
    """A sample of all letters and digits: none is whitespace or punctuation to
    markdown-it, so the stars around it pair up as the shortcut assumes."""
    letters = [c for c in map(chr, range(sys.maxunicode + 1)) if c.isalnum()][::89]
    for c in letters:
        for text in (f"{c}*x*{c}", f"x{c}*{c}x*x"):
            assert markdown_to_text(text) == _parsed_text(text), hex(ord(c))


def test_generated_and_shipped_entries(tmp_path: Path) -> None:
    generate(tmp_path, 150, seed=5)
    bodies = [entry.body for kb in (tmp_path, ROOT / "kb") for entry in load_kb(kb).entries]
    taken = 0
    for body in bodies:
        assert markdown_to_text(body) == _parsed_text(body)
        taken += _plain_text(body) is not None
    assert taken > len(bodies) / 2  # the shortcut serves most entries
