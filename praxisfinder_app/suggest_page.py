"""The public "Beispiel vorschlagen" page, also "Änderung vorschlagen" (`?eintrag=<slug>`).

No account is needed. Abuse is kept small: a hidden field that people leave empty and
bots fill in (honeypot), a limit of submissions per client, size limits on every field.
"""

from __future__ import annotations

import streamlit as st

from indexer.curation import submissions
from indexer.curation.ratelimit import RateLimiter
from praxisfinder_app.auth import client_address
from praxisfinder_app.components import md_escape
from praxisfinder_app.resources import get_index, get_taxonomy

PER_CLIENT = 5  # submissions per client and hour
HONEYPOT = "pf_website"  # hidden by style.css (.st-key-pf_website)
DONE_KEY = "pf_suggest_done"


@st.cache_resource(show_spinner=False)
def _limiter() -> RateLimiter:
    return RateLimiter(limit=PER_CLIENT, window_seconds=3600)


def render() -> None:
    taxonomy = get_taxonomy()
    slug = st.query_params.get("eintrag") or None
    entry = get_index().get(slug) if slug else None
    changing = entry is not None
    title = "Änderung vorschlagen" if changing else "Beispiel vorschlagen"
    st.set_page_config(page_title=f"{title} – Praxisfinder")
    st.title(title, anchor=False)
    if st.session_state.pop(DONE_KEY, False):
        st.success("Vielen Dank! Ihr Vorschlag ist bei der Redaktion eingegangen und wird geprüft.")
    if changing:
        st.markdown(
            f"Zum Beispiel **{md_escape(entry.fields.get('title', slug))}**: Was sollte ergänzt "
            "oder korrigiert werden?"
        )
    else:
        st.markdown(
            "Ihre Kommune hat ein Beispiel, von dem andere lernen können? Beschreiben Sie es "
            "kurz; die Redaktion meldet sich bei Rückfragen und veröffentlicht es nach "
            "Prüfung."
        )
    limits = submissions.MAX_CHARS
    with st.form("pf_suggest", clear_on_submit=False):
        form: dict = {}
        if not changing:
            form["title"] = st.text_input("Titel des Beispiels", max_chars=limits["title"])
            form["municipality"] = st.text_input("Kommune", max_chars=limits["municipality"])
            form["district"] = st.selectbox(
                "Kreis",
                [taxonomy.statewide, *taxonomy.districts],
                index=None,
                placeholder="Kreis wählen",
            )
            form["themes"] = st.multiselect(
                "Themen (bis zu 3)",
                taxonomy.theme_names,
                max_selections=3,
                placeholder="Themen wählen",
            )
            form["summary"] = st.text_area(
                "Kurzbeschreibung (1–3 Sätze)", max_chars=limits["summary"]
            )
        form["description"] = st.text_area(
            "Ihre Änderung" if changing else "Beschreibung: Ausgangslage, Vorgehen, Ergebnisse",
            max_chars=limits["description"],
            height=200,
        )
        st.markdown("**Für Rückfragen (freiwillig)**")
        form["name"] = st.text_input("Name", max_chars=limits["name"])
        form["email"] = st.text_input("E-Mail", max_chars=limits["email"])
        form["consent"] = st.checkbox(
            "Ich bin einverstanden, dass Name und E-Mail für Rückfragen zu diesem Vorschlag "
            "gespeichert werden. Sie werden mit dem Vorschlag gelöscht und nie veröffentlicht."
        )
        trap = st.text_input("Bitte dieses Feld leer lassen", key=HONEYPOT)
        sent = st.form_submit_button("Vorschlag senden", type="primary")
    if not sent:
        return
    if trap:  # a bot: pretend success, store nothing
        st.session_state[DONE_KEY] = True
        st.rerun()
    client = ("client", client_address())
    if _limiter().retry_after([client]) > 0:
        st.error(
            "Sie haben in der letzten Stunde schon mehrere Vorschläge gesendet. Danke! "
            "Bitte versuchen Sie es später noch einmal."
        )
        return
    if changing:
        form["title"] = str(entry.fields.get("title", slug))
    try:
        proposal = submissions.make_submission(
            form,
            taxonomy,
            kind=submissions.KIND_CHANGE if changing else submissions.KIND_NEW,
            entry=slug if changing else None,
        )
    except submissions.SubmissionError as exc:
        labels = {
            "title": "Titel",
            "summary": "Kurzbeschreibung",
            "description": "Beschreibung",
            "email": "E-Mail",
            "consent": "Einwilligung",
            "themes": "Themen",
        }
        for field, message in exc.errors.items():
            st.error(md_escape(f"{labels.get(field, field)}: {message}"))
        return
    submissions.store(proposal)
    _limiter().record_failure([client])  # counts submissions, not failures
    st.session_state[DONE_KEY] = True
    st.rerun()
