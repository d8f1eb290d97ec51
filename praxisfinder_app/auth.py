"""Sign-in, sign-out and the session's user; editor pages exist only for a signed-in user.

The user is kept in the session only (no cookie of our own): a reload of the page or a
new tab starts signed out. A session ends after `Settings.session_hours` without
activity and with "Abmelden". Failed sign-ins are counted per user name and per client.
"""

from __future__ import annotations

import time

import streamlit as st

from indexer.curation.accounts import AccountError, User, UserStore, normalize_name
from indexer.curation.ratelimit import RateLimiter, lockout_message
from indexer.curation.settings import Settings, load_settings

USER_KEY = "pf_user"
ACTIVE_KEY = "pf_last_active"
NOTICE_KEY = "pf_auth_notice"


@st.cache_resource(show_spinner=False)
def _limiter(limit: int, window_seconds: float) -> RateLimiter:
    # Shared by all sessions and kept across reloads: a reload must not reset the count.
    return RateLimiter(limit=limit, window_seconds=window_seconds)


def settings() -> Settings:
    return load_settings()


def limiter() -> RateLimiter:
    current = settings()
    return _limiter(current.login_attempts, current.lockout_minutes * 60)


def client_address() -> str:
    try:
        return st.context.ip_address or "unbekannt"
    except Exception:  # noqa: BLE001 - no request context (tests)
        return "unbekannt"


def current_user() -> User | None:
    """The signed-in user, or None; ends the session after too long without activity."""
    user = st.session_state.get(USER_KEY)
    if not isinstance(user, User):
        return None
    now = time.time()
    idle = now - float(st.session_state.get(ACTIVE_KEY, now))
    if idle > settings().session_hours * 3600:
        sign_out("Ihre Sitzung ist wegen Inaktivität abgelaufen. Bitte neu anmelden.")
        return None
    st.session_state[ACTIVE_KEY] = now
    return user


def sign_in(name: str, password: str) -> str | None:
    """Try to sign in; returns a German error message, or None when signed in."""
    name = normalize_name(name or "")
    keys = [("user", name), ("client", client_address())]
    wait = limiter().retry_after(keys)
    if wait > 0:
        return lockout_message(wait)
    try:
        user = UserStore().verify(name, password or "") if name and password else None
    except AccountError as exc:  # an unreadable users file: say so, never crash
        return str(exc)
    if user is None:
        limiter().record_failure(keys)
        return "Benutzername oder Passwort ist falsch."
    limiter().reset(("user", name))
    st.session_state[USER_KEY] = user
    st.session_state[ACTIVE_KEY] = time.time()
    return None


def sign_out(notice: str = "Sie sind abgemeldet.") -> None:
    st.session_state.pop(USER_KEY, None)
    st.session_state.pop(ACTIVE_KEY, None)
    st.session_state[NOTICE_KEY] = notice


def render_sign_in() -> None:
    """The "Anmelden" page; also shown at every editor address while signed out."""
    st.set_page_config(page_title="Anmelden – Praxisfinder")
    st.title("Anmelden", anchor=False)
    notice = st.session_state.pop(NOTICE_KEY, None)
    if notice:
        st.info(notice)
    st.markdown(
        "Für Fachberaterinnen und Fachberater, die Beispiele schreiben, prüfen und "
        "veröffentlichen. Zum Suchen ist keine Anmeldung nötig."
    )
    with st.form("pf_sign_in"):
        name = st.text_input("Benutzername", autocomplete="username")
        password = st.text_input("Passwort", type="password", autocomplete="current-password")
        submitted = st.form_submit_button("Anmelden", type="primary")
    if submitted:
        error = sign_in(name, password)
        if error:
            st.error(error)
        else:
            st.rerun()
