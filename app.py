"""Praxisfinder: search good-practice examples of civic engagement and integration.

Run with `streamlit run app.py`; the knowledge base and index directories come from
PRAXISFINDER_KB and PRAXISFINDER_INDEX (defaults `kb` and `.index`).
"""

from pathlib import Path

import streamlit as st

from praxisfinder_app.auth import current_user
from praxisfinder_app.navigation import pages
from praxisfinder_app.site_pages import render_footer

# The app's own styles (focus, contrast, the honeypot) on every page; a constant path.
STYLE = Path(__file__).parent / "praxisfinder_app" / "style.css"

st.set_page_config(
    page_title="Praxisfinder",
    layout="wide",
    initial_sidebar_state="collapsed",
    menu_items={"Get help": None, "Report a bug": None, "About": None},
)
st.html(STYLE)
st.navigation(pages(current_user() is not None), position="top").run()
# Impressum, Datenschutz, Barrierefreiheit, Kontakt below every page, public and editor.
render_footer()
