"""German language analysis: tokens and index terms, compound splitting, derivation."""

from __future__ import annotations


def load_word_tables() -> None:
    """Read the word lists and tables the analysis loads on first use (about half a
    second in all), so that no search waits for them."""
    from indexer.german import compounds, lemmas, thesaurus

    compounds.split_compound("sprachpatenschaft")  # the lexicon and the parts' stems
    lemmas.noun_lemma("häuser")  # the lemma table and the word classes
    lemmas.word_classes()
    thesaurus.is_known("arbeitsplätzen")  # the thesaurus and its words by term
