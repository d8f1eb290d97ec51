"""The editor: write a new entry or edit one, with validation next to each field, a live
preview drawn by the public entry page's own code, status buttons and the history.

Every change goes through `indexer.curation.curator.Curator`, which writes the file,
commits it and updates the index; this page only collects the form and shows outcomes.
"""

from __future__ import annotations

import datetime as dt
import re
import tempfile
from pathlib import Path
from typing import Any

import streamlit as st

from indexer.curation.accounts import User
from indexer.curation.curator import Curator, EditState, Outcome
from indexer.curation.entry_files import Conflict, Invalid, SaveError, slugify
from indexer.curation.history import HistoryError, version_diff
from indexer.curation.workflow import STATUS_LABELS, WorkflowError, available, may_edit
from indexer.loading import FIELD_LABELS
from indexer.model import STATUS_DRAFT, STATUS_PUBLISHED, TEMPLATE_SECTIONS
from indexer.taxonomy import Taxonomy
from praxisfinder_app.auth import current_user, render_sign_in
from praxisfinder_app.components import md_escape
from praxisfinder_app.entry_page import render_entry_content
from praxisfinder_app.resources import get_index, get_taxonomy, paths

FORM = "ed_"  # prefix of the editor's session keys
LOADED_KEY = "ed_loaded"  # the slug the form holds (None: a new entry)
CHECKSUM_KEY = "ed_checksum"
PROBLEMS_KEY = "ed_problems"
FLASH_KEY = "ed_flash"
ERROR_KEY = "ed_error"
LIST_FIELDS = {
    "tags": "Schlagwörter",
    "target_groups": "Zielgruppen",
    "partners": "Partner",
    "links": "Links",
}
LABELS = {
    **FIELD_LABELS,
    "population": "Einwohnerzahl",
    "funding": "Förderprogramme",
    "contact": "Kontakt",
    "body": "Text (Markdown)",
    **LIST_FIELDS,
}


def curator() -> Curator:
    where = paths()
    return Curator(where.kb, where.index)


def new_body() -> str:
    return "\n\n".join(f"## {name}\n\n" for name in TEMPLATE_SECTIONS).rstrip() + "\n"


# -- the form ---------------------------------------------------------------------------------


def _load(slug: str | None, state: EditState | None, taxonomy: Taxonomy) -> None:
    """Fill the form from the file once per entry: later reruns keep the typing."""
    # Not reloaded when the file changes under an open form: saving then reports the
    # conflict instead of silently dropping what was typed.
    marker = slug
    same = LOADED_KEY in st.session_state and st.session_state[LOADED_KEY] == marker
    # Streamlit forgets the state of widgets a run did not reach (a rerun may interrupt
    # the first one): values still there are kept, forgotten ones are filled in again.
    values = _initial_values(state, taxonomy)
    if same:
        for key, value in values.items():
            st.session_state.setdefault(key, value)
        return
    st.session_state[LOADED_KEY] = marker
    st.session_state[CHECKSUM_KEY] = state.checksum if state else None
    st.session_state[PROBLEMS_KEY] = list(state.problems) if state else []
    st.session_state.update(values)


def _initial_values(state: EditState | None, taxonomy: Taxonomy) -> dict[str, Any]:
    """The form's widget values for an entry (or a new one), by session key."""
    fields = state.fields if state else {}
    values: dict[str, Any] = {}
    for key in ("title", "summary", "municipality", "contact"):
        values[FORM + key] = str(fields.get(key) or "")
    values[FORM + "type"] = fields.get("type") or (
        "Praxisbeispiel" if "Praxisbeispiel" in taxonomy.type_names else taxonomy.type_names[0]
    )
    values[FORM + "themes"] = [t for t in fields.get("themes") or [] if t in taxonomy.theme_names]
    district = fields.get("district") or ""
    values[FORM + "district"] = district if district in _districts(taxonomy) else None
    values[FORM + "year"] = int(fields.get("year") or dt.date.today().year)
    population = fields.get("population")
    values[FORM + "population"] = population if isinstance(population, int) else None
    values[FORM + "funding"] = list(fields.get("funding") or [])
    for key in LIST_FIELDS:
        values[FORM + key] = "\n".join(str(v) for v in fields.get(key) or [])
    values[FORM + "body"] = state.body if state else new_body()
    values[FORM + "slug"] = ""
    return values


def _districts(taxonomy: Taxonomy) -> list[str]:
    return [taxonomy.statewide, *taxonomy.districts]


def _form_fields(original: dict[str, Any]) -> dict[str, Any]:
    """The front matter the form describes; keys the form does not show are kept."""
    value = st.session_state.get
    fields: dict[str, Any] = dict(original)
    for key in ("title", "summary", "municipality", "contact", "type", "district"):
        fields[key] = (value(FORM + key) or "").strip() if key != "district" else value(FORM + key)
    fields["themes"] = list(value(FORM + "themes") or [])
    fields["year"] = int(value(FORM + "year") or 0)
    fields["population"] = value(FORM + "population")
    fields["funding"] = list(value(FORM + "funding") or [])
    for key in LIST_FIELDS:
        lines = (value(FORM + key) or "").split("\n")
        fields[key] = [line.strip() for line in lines if line.strip()]
    return fields


def _field_problems(key: str) -> None:
    for problem in st.session_state.get(PROBLEMS_KEY, []):
        if problem.field == key or (key == "body" and problem.code == "empty-body"):
            (st.error if problem.severity == "error" else st.warning)(md_escape(problem.message))


def _form(taxonomy: Taxonomy, creating: bool) -> None:
    st.text_input(LABELS["title"], key=FORM + "title", max_chars=300)
    _field_problems("title")
    if creating:
        derived = slugify(st.session_state.get(FORM + "title") or "")
        st.text_input(
            "Adresse (Slug)",
            key=FORM + "slug",
            placeholder=derived,
            help=None,
            max_chars=80,
        )
        st.caption(
            md_escape(
                f"Leer lassen für „{derived}“. Nur Kleinbuchstaben, Ziffern und Bindestriche; "
                "nach dem Anlegen bleibt die Adresse fest."
            )
        )
    st.text_area(LABELS["summary"], key=FORM + "summary", height=100, max_chars=5000)
    _field_problems("summary")
    left, right = st.columns(2)
    with left:
        st.selectbox(LABELS["type"], taxonomy.type_names, key=FORM + "type")
        _field_problems("type")
        st.text_input(LABELS["municipality"], key=FORM + "municipality", max_chars=200)
        _field_problems("municipality")
        st.number_input(LABELS["year"], min_value=1900, max_value=2100, step=1, key=FORM + "year")
        _field_problems("year")
    with right:
        st.multiselect(
            LABELS["themes"] + " (1 bis 3)",
            taxonomy.theme_names,
            key=FORM + "themes",
            max_selections=3,
            placeholder="Themen wählen",
        )
        _field_problems("themes")
        st.selectbox(
            LABELS["district"],
            _districts(taxonomy),
            key=FORM + "district",
            index=None,
            placeholder="Kreis wählen",
        )
        _field_problems("district")
        st.number_input(
            LABELS["population"] + " (optional)",
            min_value=0,
            step=100,
            value=None,
            key=FORM + "population",
        )
        _field_problems("population")
    st.multiselect(
        LABELS["funding"],
        sorted({*taxonomy.funding_names, *(st.session_state.get(FORM + "funding") or [])}),
        key=FORM + "funding",
        accept_new_options=True,
        placeholder="Förderprogramme wählen oder eingeben",
    )
    _field_problems("funding")
    columns = st.columns(2)
    for i, (key, label) in enumerate(LIST_FIELDS.items()):
        with columns[i % 2]:
            st.text_area(f"{label} (eine Angabe pro Zeile)", key=FORM + key, height=100)
            _field_problems(key)
    st.text_input(LABELS["contact"], key=FORM + "contact", max_chars=500)
    _field_problems("contact")
    st.text_area(LABELS["body"], key=FORM + "body", height=420)
    _field_problems("body")


# -- actions ----------------------------------------------------------------------------------


def _show_outcome(outcome: Outcome, slug: str) -> None:
    st.session_state[FLASH_KEY] = (outcome.message, [w.message for w in outcome.warnings])
    st.session_state.pop(LOADED_KEY, None)  # reload the form from the saved file
    if st.query_params.get("eintrag") != slug:
        from praxisfinder_app.navigation import EDIT_PAGE

        st.switch_page(EDIT_PAGE, query_params={"eintrag": slug})
    st.rerun()


def _run(action: Any, slug: str) -> None:
    """Run a change; errors stay on the page, the form keeps what was typed."""
    try:
        outcome = action()
    except Invalid as exc:  # shown next to the fields, which are drawn before this button
        st.session_state[PROBLEMS_KEY] = list(exc.problems)
        st.session_state[ERROR_KEY] = "Nicht gespeichert: Bitte die markierten Felder korrigieren."
        st.rerun()
    except Conflict as exc:
        st.error(md_escape(str(exc)))
        if exc.diff:
            st.code(exc.diff, language="diff")
        return
    except (SaveError, WorkflowError) as exc:
        st.error(md_escape(str(exc)))
        return
    _show_outcome(outcome, outcome.slug)


def _status_bar(user: User, state: EditState, service: Curator) -> None:
    st.markdown(f"**Status:** {md_escape(STATUS_LABELS.get(state.status, state.status))}")
    actions = available(
        user,
        state.status,
        submitted_by=service.submitted_by(state.slug),
        four_eyes=service.settings.four_eyes,
    )
    columns = st.columns(max(1, len(actions) + 1))
    for column, action in zip(columns, actions, strict=False):
        with column:
            if st.button(action.label, key=f"ed_action_{action.name}"):
                _run(
                    lambda a=action: service.change_status(
                        user, state.slug, a.name, st.session_state[CHECKSUM_KEY]
                    ),
                    state.slug,
                )
    if user.can("publish"):
        with columns[-1], st.popover("Adresse ändern"):
            st.markdown(
                md_escape(f"Jetzt: {state.slug}. Die bisherige Adresse führt weiter hierher.")
            )
            new_slug = st.text_input("Neue Adresse", key="ed_new_slug", max_chars=80)
            if st.button("Adresse ändern", key="ed_rename") and new_slug.strip():
                _run(
                    lambda: service.rename(
                        user, state.slug, new_slug.strip(), st.session_state[CHECKSUM_KEY]
                    ),
                    new_slug.strip(),
                )
        with columns[-1], st.popover("Löschen"):
            st.markdown(
                "Der Eintrag kommt in den Papierkorb; die Administration kann ihn zurückholen."
            )
            if st.button("Endgültig in den Papierkorb", key="ed_delete", type="primary"):
                try:
                    outcome = service.delete(user, state.slug, st.session_state[CHECKSUM_KEY])
                except (SaveError, WorkflowError) as exc:
                    st.error(md_escape(str(exc)))
                else:
                    st.session_state[FLASH_KEY] = (outcome.message, [])
                    from praxisfinder_app.navigation import OVERVIEW_PAGE

                    st.switch_page(OVERVIEW_PAGE)


def _history(user: User, state: EditState, service: Curator) -> None:
    try:
        versions = service.versions(state.slug)
    except HistoryError as exc:
        st.caption(md_escape(str(exc)))
        return
    with st.expander(f"Verlauf ({len(versions)} Fassungen)"):
        for number, version in enumerate(versions):
            when = version.when.astimezone().strftime("%d.%m.%Y %H:%M")
            st.markdown(
                f"**{md_escape(when)}** – {md_escape(version.author_name)}: "
                f"{md_escape(version.message)}"
            )
            show, restore = st.columns([1, 1])
            with show, st.popover("Änderungen anzeigen"):
                try:
                    diff = version_diff(service.kb_dir, version)
                except HistoryError as exc:
                    diff = str(exc)
                st.code(diff or "(keine Änderung am Text)", language="diff")
            if number and may_edit(user, state.status):
                with restore:
                    if st.button("Diese Fassung wiederherstellen", key=f"ed_restore_{number}"):
                        _run(
                            lambda v=version: service.restore_version(
                                user, state.slug, v.commit, st.session_state[CHECKSUM_KEY]
                            ),
                            state.slug,
                        )


UPLOAD_TYPES = ["pdf", "docx", "pptx", "html", "htm", "md", "markdown", "txt"]


def _documents(user: User, state: EditState, service: Curator) -> None:
    """The entry's documents and an upload; they are searched page by page."""
    attached = state.fields.get("attachments") or []
    with st.expander(f"Dokumente ({len(attached)})"):
        for document in attached:
            st.markdown(md_escape(f"{document['title']} ({document['file']})"))
        if not may_edit(user, state.status):
            return
        uploads = st.file_uploader(
            "Dokumente anhängen (PDF, Word, PowerPoint, HTML, Markdown, Text)",
            type=UPLOAD_TYPES,
            accept_multiple_files=True,
            key="ed_upload",
        )
        if uploads and st.button("Anhängen", key="ed_attach"):
            with tempfile.TemporaryDirectory() as folder:
                paths = []
                for upload in uploads:
                    # The uploaded name only suggests the stored one (see store_file).
                    name = re.sub(r"[^\w.-]", "_", Path(upload.name).name).lstrip(".")
                    path = Path(folder) / (name or "dokument")
                    path.write_bytes(upload.getvalue())
                    paths.append(path)
                _run(lambda: service.attach(user, state.slug, paths), state.slug)


def _similar(title: str, slug: str | None) -> None:
    """Entries with a similar title, so that a duplicate is noticed before it is saved."""
    if len(title.strip()) < 4:
        return
    result = get_index().search(title, page_size=4, include_drafts=True)
    hits = [hit for hit in result.hits if hit.slug != slug][:3]
    if hits:
        st.info(
            "Ähnliche vorhandene Einträge: "
            + "; ".join(f"„{md_escape(hit.title)}“" for hit in hits)
        )


# -- the page ---------------------------------------------------------------------------------


def render(slug: str | None) -> None:
    """New entry (`slug` None) or the entry `slug`."""
    user = current_user()
    if user is None:
        render_sign_in()
        return
    taxonomy = get_taxonomy()
    service = curator()
    state = None
    if slug is not None:
        try:
            state = service.open(slug)
        except SaveError:
            state = None
        if state is None:
            st.set_page_config(page_title="Eintrag nicht gefunden – Praxisfinder")
            st.title("Eintrag nicht gefunden", anchor=False)
            st.markdown("Diesen Eintrag gibt es nicht (mehr).")
            return
    creating = state is None
    _load(slug, state, taxonomy)
    title = st.session_state.get(FORM + "title") or ""
    st.set_page_config(
        page_title=("Neuer Eintrag" if creating else f"Bearbeiten: {title}") + " – Praxisfinder"
    )
    st.title("Neuer Eintrag" if creating else "Eintrag bearbeiten", anchor=False)
    flash = st.session_state.pop(FLASH_KEY, None)
    if flash:
        st.success(md_escape(flash[0]))
        for warning in flash[1]:
            st.warning(md_escape(warning))
    error = st.session_state.pop(ERROR_KEY, None)
    if error:
        st.error(md_escape(error))
    if state is not None:
        _status_bar(user, state, service)
        if not may_edit(user, state.status):
            st.info(
                "Veröffentlichte Einträge bearbeiten Personen mit dem Recht zu veröffentlichen. "
                "Sie können den Eintrag lesen und den Verlauf ansehen."
            )
    form_column, preview_column = st.columns(2, gap="large")
    with form_column:
        _form(taxonomy, creating)
        if creating:
            _similar(title, None)
        if st.button("Speichern", type="primary", key="ed_save"):
            fields = _form_fields(state.fields if state else {})
            body = st.session_state.get(FORM + "body") or ""
            if creating:
                chosen = (st.session_state.get(FORM + "slug") or "").strip() or None
                fields["status"] = STATUS_DRAFT
                _run(lambda: service.create(user, fields, body, chosen), chosen or "")
            else:
                _run(
                    lambda: service.update(
                        user, state.slug, fields, body, st.session_state[CHECKSUM_KEY]
                    ),
                    state.slug,
                )
    with preview_column, st.container(border=True, key="ed_preview"):
        st.caption("Vorschau – so erscheint der Eintrag öffentlich")
        fields = _form_fields(state.fields if state else {})
        render_entry_content(
            fields, st.session_state.get(FORM + "body") or "", taxonomy, heading_level=2
        )
    if state is not None:
        _documents(user, state, service)
        _history(user, state, service)
        if state.status == STATUS_PUBLISHED:
            from praxisfinder_app.navigation import SEARCH_VIEW

            st.page_link(
                SEARCH_VIEW, label="Öffentliche Seite ansehen", query_params={"eintrag": state.slug}
            )
