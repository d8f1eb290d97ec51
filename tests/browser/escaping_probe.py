"""A page that shows each text of a JSON list in every kind of place the app puts content.

Checkbox and button labels get it through `label_escape`; link labels, bold Markdown, titles
and captions through `md_escape`; raw HTML through `esc` and `markdown_html`. Element keys
name the place and the case ("checkbox-3"). Run by tests/browser/test_escaping.py:
`PRAXISFINDER_PROBE_CASES=cases.json streamlit run tests/browser/escaping_probe.py`.
"""

from __future__ import annotations

import json
import os

import streamlit as st

from praxisfinder_app.components import esc, label_escape, markdown_html, md_escape


def _cases() -> list[str]:
    with open(os.environ["PRAXISFINDER_PROBE_CASES"], encoding="utf-8") as file:
        return json.load(file)


def _render() -> None:
    for i, text in enumerate(_cases()):
        with st.container(key=f"checkbox-{i}"):
            st.checkbox(f"{label_escape(text)} (3)", key=f"probe-checkbox-{i}")
        with st.container(key=f"button-{i}"):
            st.button(label_escape(text), key=f"probe-button-{i}")
        with st.container(key=f"link-{i}"):
            st.page_link(PAGE, label=f"**{md_escape(text)}**")
        with st.container(key=f"markdown-{i}"):
            st.markdown(f"**{md_escape(text)}**")
        with st.container(key=f"title-{i}"):
            st.title(md_escape(text), anchor=False)
        with st.container(key=f"caption-{i}"):
            st.caption(md_escape(text))
        with st.container(key=f"html-{i}"):
            st.markdown(markdown_html(f"<p>{esc(text)}</p>"), unsafe_allow_html=True)


PAGE = st.Page(_render, title="Probe", url_path="probe", default=True)
st.navigation([PAGE], position="hidden").run()
