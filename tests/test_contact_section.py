"""Whom to contact is no topic: an entry that has a word only in its "Kontakt" section (or
its `contact` field) is no good match for it, but a related one."""

from __future__ import annotations

from indexer.plaintext import without_contact
from indexer.searching import Index


def test_the_contact_section_is_taken_apart_up_to_the_next_heading() -> None:
    markdown = (
        "## Vorgehen\nText.\n\n## Kontakt\n\nAmt für Soziales.\n### Telefon\n1\n## Weiter\nMehr."
    )
    rest, contact = without_contact(markdown)
    assert rest == "## Vorgehen\nText.\n\n## Weiter\nMehr."
    assert "Amt für Soziales." in contact and "Telefon" in contact
    assert without_contact("Kein Kontakt hier.") == ("Kein Kontakt hier.", "")


def test_an_office_named_only_where_to_ask_makes_no_good_match(relevance_index: Index) -> None:
    """ "Soziales" counted 16 good matches, most of them through offices such as
    "Fachbereich Bürgerschaftliches Engagement – Soziales und Integration" in the contact
    section (the Ludwigsburg tenancy course); now those follow as related entries."""
    result = relevance_index.search("Soziales", page_size=50)
    slugs = [hit.slug for hit in result.hits]
    assert "mietfuehrerschein-ludwigsburg" in slugs[result.exact_total :]
    assert result.relaxed and result.exact_total < 10
    # the contact stays shown and found: the entry page and a field query have it
    entry = relevance_index.get("mietfuehrerschein-ludwigsburg")
    assert entry is not None and "Fachbereich Bürgerschaftliches Engagement" in entry.markdown
    assert "mietfuehrerschein-ludwigsburg" in [
        hit.slug for hit in relevance_index.search("contact:Fachbereich", page_size=50).hits
    ]
