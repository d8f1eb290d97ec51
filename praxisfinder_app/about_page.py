"""The "Über den Praxisfinder" page: what the knowledge base is, search tips, privacy."""

from __future__ import annotations

import streamlit as st


def render() -> None:
    st.set_page_config(page_title="Über den Praxisfinder")
    st.title("Über den Praxisfinder", anchor=False)
    st.markdown(
        """
Der Praxisfinder ist eine Suchmaschine für Gute-Praxis-Beispiele zu Bürgerengagement und
Integration in Baden-Württemberg. Er richtet sich an Mitarbeitende in Kommunalverwaltungen,
an Beraterinnen und Berater sowie an alle, die Anregungen für eigene Vorhaben suchen.

## So suchen Sie

- Geben Sie ein oder mehrere Wörter ein und drücken Sie Enter. Gefunden werden Beispiele,
  die alle Wörter enthalten; gibt es nur wenige, folgen verwandte Beispiele mit einigen
  der Wörter oder ähnlichen Begriffen („Öffnung“ findet dann auch „öffnet sich“).
- Verschiedene Wortformen werden gefunden („Ehrenamtliche“ findet auch „Ehrenamt“).
  Umlaute können Sie auch als ae, oe, ue und ß als ss schreiben.
- Mit den Filtern schränken Sie die Treffer nach Thema, Art, Kreis, Größe der Kommune,
  Jahr und Förderprogramm ein. Die Zahl neben jeder Auswahl nennt die Treffer, die Sie
  damit erhalten.
- Die Adresse in der Adresszeile enthält Ihre Suche mit allen Filtern: Kopieren Sie sie,
  um die Ansicht mit Kolleginnen und Kollegen zu teilen.

## Datenschutz

Der Praxisfinder setzt keine Analyse- oder Werbedienste ein und lädt keine Inhalte von
fremden Servern (keine externen Schriften, Karten oder Bibliotheken).
"""
    )
