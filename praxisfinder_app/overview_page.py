"""The "Redaktion" page: entries by status, files with problems, the submission queue and,
for administrators, the trash."""

from __future__ import annotations

import streamlit as st

from indexer.curation import submissions
from indexer.curation.curator import FileInfo
from indexer.curation.entry_files import SaveError
from indexer.curation.workflow import STATUS_LABELS, WorkflowError
from indexer.model import STATUS_DRAFT, STATUS_PUBLISHED, STATUS_REVIEW
from praxisfinder_app.auth import current_user, render_sign_in
from praxisfinder_app.components import german_date, md_escape
from praxisfinder_app.editor_page import FLASH_KEY, curator
from praxisfinder_app.resources import get_index

SHOWN_PER_STATUS = 50


def _entries(infos: list[FileInfo]) -> None:
    from praxisfinder_app.navigation import EDIT_PAGE, NEW_PAGE

    st.page_link(NEW_PAGE, label="Neuer Eintrag", icon=":material/add:")
    broken = [info for info in infos if any(p.severity == "error" for p in info.problems)]
    if broken:
        st.markdown(f"### Dateien mit Fehlern ({len(broken)})", anchors=False)
        for info in broken:
            with st.container(border=True):
                st.markdown(f"**{md_escape(info.path)}**")
                for problem in info.problems:
                    where = f"Zeile {problem.line}: " if problem.line else ""
                    st.markdown(md_escape(where + problem.message))
                if info.status:
                    st.page_link(EDIT_PAGE, label="Bearbeiten", query_params={"eintrag": info.slug})
    for status in (STATUS_REVIEW, STATUS_DRAFT, STATUS_PUBLISHED):
        group = [info for info in infos if info.status == status and info not in broken]
        st.markdown(f"### {STATUS_LABELS[status]} ({len(group)})", anchors=False)
        if not group:
            st.caption("Keine.")
        for info in group[:SHOWN_PER_STATUS]:
            if info.changed_at:
                when = info.changed_at.astimezone().strftime("%d.%m.%Y %H:%M")
                changed = f" · geändert {when} von {info.changed_by}"
            else:
                changed = f" · geändert {german_date(info.updated)}" if info.updated else ""
            warnings = f" · {len(info.problems)} Hinweise" if info.problems else ""
            st.page_link(
                EDIT_PAGE,
                label=f"{md_escape(info.title)}{md_escape(changed + warnings)}",
                query_params={"eintrag": info.slug},
            )
        if len(group) > SHOWN_PER_STATUS:
            st.caption(f"… und {len(group) - SHOWN_PER_STATUS} weitere (über die Suche finden).")


def _queue() -> None:
    user = current_user()
    pending = submissions.pending()
    if not pending:
        st.caption("Keine Vorschläge.")
    for proposal in pending:
        kind = "Neues Beispiel" if proposal.kind == submissions.KIND_NEW else "Änderung"
        about = f" zu „{proposal.entry}“" if proposal.entry else ""
        with st.container(border=True, key=f"pf_submission_{proposal.id}"):
            st.markdown(f"**{md_escape(kind + about)}: {md_escape(proposal.title or '–')}**")
            st.caption(md_escape(f"eingegangen {german_date(proposal.created[:10])}"))
            for label, value in (
                ("Kommune", proposal.municipality),
                ("Kreis", proposal.district),
                ("Themen", ", ".join(proposal.themes)),
                ("Kurzbeschreibung", proposal.summary),
                ("Beschreibung", proposal.description),
                ("Kontakt", " ".join(v for v in (proposal.name, proposal.email) if v)),
            ):
                if value:
                    st.markdown(f"**{label}:**")
                    st.text(value)  # as written: never Markdown, links or markup
            take, reject = st.columns(2)
            with take:
                if proposal.kind == submissions.KIND_NEW and st.button(
                    "Als Entwurf übernehmen", key=f"pf_take_{proposal.id}"
                ):
                    try:
                        outcome = curator().from_submission(user, proposal.id)
                    except (SaveError, WorkflowError) as exc:
                        st.error(md_escape(str(exc)))
                    else:
                        from praxisfinder_app.navigation import EDIT_PAGE

                        st.session_state[FLASH_KEY] = (
                            "Als Entwurf übernommen; der Vorschlag und die Kontaktdaten sind "
                            "gelöscht.",
                            [],
                        )
                        st.switch_page(EDIT_PAGE, query_params={"eintrag": outcome.slug})
            with reject:
                label = (
                    "Erledigt – löschen" if proposal.kind != submissions.KIND_NEW else "Ablehnen"
                )
                if st.button(label, key=f"pf_reject_{proposal.id}"):
                    submissions.delete(proposal.id)
                    st.rerun()


def _trash() -> None:
    user = current_user()
    service = curator()
    items = service.trash()
    if not items:
        st.caption("Der Papierkorb ist leer.")
    for slug in items:
        name, button = st.columns([3, 1])
        name.markdown(md_escape(slug))
        if button.button("Zurückholen", key=f"pf_untrash_{slug}"):
            try:
                service.restore_from_trash(user, slug)
            except (SaveError, WorkflowError) as exc:
                st.error(md_escape(str(exc)))
            else:
                st.rerun()


def _documents() -> None:
    """The completeness report: every attachment, incomplete ones first."""
    reports = sorted(get_index().documents(), key=lambda r: (r["complete"], r["slug"]))
    if not reports:
        st.caption("Keine Dokumente angehängt.")
        return
    incomplete = sum(not r["complete"] for r in reports)
    st.markdown(f"{len(reports)} Dokumente, davon {incomplete} unvollständig.")
    rows = [
        {
            "Eintrag": r["slug"],
            "Datei": r["file"],
            "Seiten": r["pages"],
            "mit Text": r["text"],
            "per OCR": r["ocr"],
            "leer": r["blank"],
            "Bild ohne Text": r["empty"],
            "fehlerhaft": r["failed_pages"],
            "Zustand": "vollständig"
            if r["complete"]
            else ("nicht lesbar" if r["failed"] else "unvollständig"),
        }
        for r in reports
    ]
    st.table(rows)


def render() -> None:
    user = current_user()
    if user is None:
        render_sign_in()
        return
    st.set_page_config(page_title="Redaktion – Praxisfinder")
    st.title("Redaktion", anchor=False)
    st.caption(md_escape(f"Angemeldet als {user.display_name} ({user.role})"))
    flash = st.session_state.pop(FLASH_KEY, None)
    if flash:
        st.success(md_escape(flash[0]))
    queue = submissions.pending()
    names = ["Einträge", f"Vorschläge ({len(queue)})", "Dokumente"]
    if user.can("admin"):
        names.append("Papierkorb")
    tabs = st.tabs(names)
    with tabs[0]:
        _entries(curator().overview())
    with tabs[1]:
        _queue()
    with tabs[2]:
        _documents()
    if user.can("admin"):
        with tabs[3]:
            _trash()
