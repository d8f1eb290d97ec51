"""HTML and label helpers: every piece of content is escaped here before it is shown.

Rules: text from entries or from the URL goes into HTML only through `esc`; into titles,
captions, tooltips and link labels (which Streamlit reads as Markdown) only through
`md_escape`; into widget labels (checkboxes, buttons) only through `label_escape`. Snippets
from the search API are already escaped with `<mark>` as their only markup; entry bodies come
from `indexer.rendering`. All HTML reaches `st.markdown` through `markdown_html`. Page titles
(`st.set_page_config`) and the options of select boxes are plain text: no escaping there.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Iterable, Mapping
from typing import Any

from indexer.german.wording import count_examples
from indexer.rendering import html_block, is_allowed_url
from praxisfinder_app.state import SearchState

STATEWIDE_DEFAULT = "Baden-Württemberg (landesweit)"
FACET_LABELS = {
    "themes": "Thema",
    "type": "Art",
    "district": "Kreis",
    "size": "Größe",
    "funding": "Förderprogramm",
    "year": "Jahr",
}
FACET_HEADINGS = {
    "themes": "Themen",
    "type": "Art des Beispiels",
    "district": "Stadt- oder Landkreis",
    "size": "Größe der Kommune",
    "year": "Jahr",
    "funding": "Förderprogramm",
}
# Streamlit renders labels, titles, captions and tooltips with its own Markdown (react-markdown
# with remark-gfm, remark-math, remark-directive and plugins of its own; checked in Chromium
# with Streamlit 1.67 by tests/browser/test_escaping.py). Content meets two kinds of syntax:
# - parsed constructs: emphasis, code, links and images, `<…>` autolinks, entities (`&lt;`),
#   `$…$` (LaTeX), `~…~`, directives (`:red[…]`, `:small`, `:help`). A backslash before the
#   character keeps it literal.
# - replacements in the parsed text, after backslashes are gone: GFM's literal autolinks
#   (`http://…`, `www.…`, `name@example.org`), emoji shortcodes (`:tada:`), `:material_x:`
#   icons, `:streamlit:` (a logo) and " -- ", " -> ", " <= " (dashes, arrows). No backslash
#   stops these: an empty `:small[]` directive, an empty <span>, splits the text between two
#   characters so that no pattern matches. Streamlit also rewrites `:material/` in the source
#   to `:material_` before parsing: an escaped slash keeps it from seeing the pattern.
_SPLIT = ":small[]"
_SPLIT_POINTS = re.compile(
    r"(?i:(?<=http)(?=s?://)|(?<=www)(?=\.))"  # literal autolinks
    r"|(?<=[-.\w+])(?=@[-\w]+\.[-\w])"  # e-mail addresses
    r"|(?<=:)(?=[\w+-]+:)"  # shortcodes: emoji, icons, the logo
)
_TYPOGRAPHIC = re.compile(r"(?:(?<=\s)|^)(?:<->|->|<-|--|>=|<=|~=)(?=\s|$)")
# Characters Streamlit's Markdown may interpret somewhere (CommonMark punctuation, "$" for
# LaTeX, ":" for directives, "&" for entities, "/" for `:material/`).
_MARKDOWN_SPECIAL = frozenset("\\`*_{}[]()<>#+-.!|~$:&/")
# Widget labels (inline Markdown only; Streamlit itself escapes list, heading and quote
# markers at the start) are copied verbatim into the checkbox's aria-label, so screen
# readers announce every backslash: escape a character only where it would act.
_LABEL_ESCAPES = (
    re.compile(r"\\(?=[!-/:-@\[-`{-~]|$)"),  # a backslash that would escape the next character
    re.compile(r"[`\[]"),  # code spans; links, images and footnotes
    re.compile(r"<(?=.*>)"),  # autolinks (`<https://…>`) and tags
    re.compile(r"&(?=#\d+;|#[xX][\da-fA-F]+;|[A-Za-z][A-Za-z\d]*;)"),  # entities
    re.compile(r":(?=[A-Za-z])"),  # directives: ":red[…]", ":small", ":help"
    re.compile(r"(?<=:material)/"),  # Streamlit's source rewrite to ":material_"
    re.compile(r"^-(?= ?-(?: ?-)+$)"),  # a thematic break ("---"), which empties the label
)
_PAIRED = "*_~$"  # emphasis, strikethrough, LaTeX: each needs two of its character


def esc(value: Any) -> str:
    """Text for HTML: &, <, >, " and ' escaped."""
    return html.escape(str(value), quote=True)


def markdown_html(fragment: str) -> str:
    """HTML for `st.markdown(..., unsafe_allow_html=True)`: one raw block, shown as written.

    Streamlit rewrites every `:material/` of its Markdown source to `:material_`, in raw
    HTML too; `&#58;` is the same colon to the browser but not to that rewrite.
    """
    return html_block(fragment).replace(":material/", "&#58;material/")


def _one_line(text: Any) -> str:
    return " ".join(str(text).split())


def _splits(text: str) -> set[int]:
    """Positions before which the text is split (see `_SPLIT`)."""
    points = {m.start() for m in _SPLIT_POINTS.finditer(text)}
    for match in _TYPOGRAPHIC.finditer(text):
        points.update(range(match.start() + 1, match.end()))
    return points


def _markdown(text: str, escaped: set[int]) -> str:
    """`text` with a backslash before the characters at `escaped`, split where needed.

    A directive cannot follow an unescaped colon, so a colon before a split is escaped too.
    """
    splits = _splits(text)
    escaped = escaped | {i - 1 for i in splits if text[i - 1] == ":"}
    parts = []
    for i, char in enumerate(text):
        if i in splits:
            parts.append(_SPLIT)
        parts.append("\\" + char if i in escaped else char)
    return "".join(parts)


def md_escape(text: str) -> str:
    """Text for Markdown (titles, captions, tooltips, link labels): shown as written.

    Every character Markdown could act on is escaped: these places are announced from the
    rendered text, where the backslashes are gone.
    """
    text = _one_line(text)
    return _markdown(text, {i for i, char in enumerate(text) if char in _MARKDOWN_SPECIAL})


def label_escape(text: str) -> str:
    """Text for a widget label (checkbox, button): shown as written, few backslashes.

    Streamlit copies a checkbox label verbatim into its aria-label, so ordinary punctuation
    ("5.000", "(3)", "Leitfaden: Teil 1", "Haupt- & Ehrenamt") stays as it is.
    """
    text = _one_line(text)
    escaped = {m.start() for pattern in _LABEL_ESCAPES for m in pattern.finditer(text)}
    escaped.update(i for i, char in enumerate(text) if char in _PAIRED and text.count(char) > 1)
    return _markdown(text, escaped)


def number(n: int) -> str:
    """German thousands separator: 10000 → "10.000"."""
    return f"{n:,}".replace(",", ".")


# -- texts of the result list (the search state's words) --------------------------------


def years_label(year_from: int | None, year_to: int | None) -> str:
    """ "ab 2018", "bis 2020", "2018–2020", "2019"; "" for no range."""
    if year_from is not None and year_to is not None:
        return str(year_from) if year_from == year_to else f"{year_from}–{year_to}"
    if year_from is not None:
        return f"ab {year_from}"
    return f"bis {year_to}" if year_to is not None else ""


def filter_label(state: SearchState, facet: str) -> str:
    """One facet's filter as text: "Kreis: Ulm, Pforzheim", "Jahr: ab 2018"."""
    if facet == "year":
        return f"Jahr: {years_label(state.year_from, state.year_to)}"
    return f"{FACET_LABELS[facet]}: {', '.join(state.filters.get(facet, ()))}"


def result_heading(state: SearchState, total: int) -> str:
    """ "23 Beispiele gefunden", "12 Beispiele zum Thema „Arbeit“", "Keine Beispiele gefunden"."""
    if total == 0:
        return "Keine Beispiele gefunden"
    theme = state.browsed_theme
    return f"{count_examples(total)} " + (f"zum Thema „{theme}“" if theme else "gefunden")


def page_title(state: SearchState, total: int) -> str:
    """ "„Sprachpaten“: 3 Beispiele – Praxisfinder", "„Arbeit“: keine Beispiele – …"."""
    subject = state.query or state.browsed_theme
    count = count_examples(total) if total else "keine Beispiele"
    if subject:
        return f"„{subject}“: {count} – Praxisfinder"
    return f"{count[0].upper()}{count[1:]} – Praxisfinder"


def german_date(value: Any) -> str:
    """ISO date → "25.11.2026"; anything else as it is."""
    try:
        return dt.date.fromisoformat(str(value)).strftime("%d.%m.%Y")
    except ValueError:
        return str(value)


def as_list(value: Any) -> list[str]:
    if value is None or value == "":
        return []
    if isinstance(value, list | tuple):
        return [str(v) for v in value if str(v).strip()]
    return [str(value)]


def place(fields: Mapping[str, Any], statewide: str = STATEWIDE_DEFAULT) -> str:
    """ "Tiefenbronn (Enzkreis)", or just the state-wide label."""
    municipality = str(fields.get("municipality") or "")
    district = str(fields.get("district") or "")
    if not district or municipality == district or district == statewide:
        return municipality or district
    if not municipality:
        return district
    return f"{municipality} ({district})"


def chips_html(values: Iterable[str], label: str = "Themen") -> str:
    items = "".join(f'<li class="pf-chip">{esc(v)}</li>' for v in values)
    return f'<ul class="pf-chips" aria-label="{esc(label)}">{items}</ul>' if items else ""


def meta_line_html(fields: Mapping[str, Any], statewide: str = STATEWIDE_DEFAULT) -> str:
    parts = [str(fields.get("type") or ""), place(fields, statewide), str(fields.get("year") or "")]
    text = " · ".join(esc(p) for p in parts if p)
    return f'<p class="pf-meta">{text}</p>'


def card_html(
    fields: Mapping[str, Any],
    snippet: str | None,
    statewide: str = STATEWIDE_DEFAULT,
) -> str:
    """The body of a result card (the title link is a separate Streamlit element).

    `snippet` must be HTML-safe (the search API's snippet: escaped, `<mark>` only).
    """
    summary = f'<p class="pf-summary">{esc(fields.get("summary", ""))}</p>'
    snippet_html = (
        f'<p class="pf-snippet"><span class="pf-visually-hidden">Fundstelle: </span>{snippet}</p>'
        if snippet
        else ""
    )
    return markdown_html(
        meta_line_html(fields, statewide)
        + chips_html(as_list(fields.get("themes")))
        + summary
        + snippet_html
    )


def document_snippet_html(snippet: str) -> str:
    """The snippet of a matching document page (already escaped, `<mark>` only)."""
    return f'<p class="pf-snippet pf-document-snippet">{snippet}</p>'


def link_html(url: str) -> str:
    """An external link if the URL is http(s) or mailto, else the URL as plain text."""
    text = url.removeprefix("mailto:")
    if is_allowed_url(url) and re.match(r"(?i)^(https?://|mailto:)", url.strip()):
        return f'<a href="{esc(url.strip())}" rel="noopener noreferrer nofollow">{esc(text)}</a>'
    return esc(url)


def metadata_html(fields: Mapping[str, Any], size: str | None = None) -> str:
    """The side panel of an entry: a description list of its metadata."""
    rows: list[tuple[str, str]] = []

    def add(label: str, value_html: str) -> None:
        if value_html:
            rows.append((label, value_html))

    add("Art", esc(fields.get("type") or ""))
    add("Kommune", esc(fields.get("municipality") or ""))
    add("Kreis", esc(fields.get("district") or ""))
    if size:
        add("Größe der Kommune", esc(f"{size} Einwohner"))
    add("Jahr", esc(fields.get("year") or ""))
    add("Themen", chips_html(as_list(fields.get("themes"))))
    add("Förderprogramm", "<br>".join(esc(v) for v in as_list(fields.get("funding"))))
    add("Zielgruppen", "<br>".join(esc(v) for v in as_list(fields.get("target_groups"))))
    add("Partner", "<br>".join(esc(v) for v in as_list(fields.get("partners"))))
    add("Kontakt", esc(fields.get("contact") or ""))
    add("Links", "<br>".join(link_html(v) for v in as_list(fields.get("links"))))
    add("Schlagwörter", esc(", ".join(as_list(fields.get("tags")))))
    if fields.get("updated"):
        add("Aktualisiert", esc(german_date(fields["updated"])))
    body = "".join(f"<dt>{esc(label)}</dt><dd>{value}</dd>" for label, value in rows)
    return markdown_html(f'<dl class="pf-metadata">{body}</dl>')


# -- the reading position on going back ---------------------------------------------------

# Browser back (or forward) to a result list restores where the reader was, and a link to
# another view opens it at its top. Streamlit scrolls its main area, a <section>, not the
# document, so the browser's own scroll restoration never applies; the view is drawn anew
# by a script run after the address changed; and Streamlit keeps the old position for a
# link to another page now and then (about 1 in 6 between two pages of a list, measured
# with Streamlit 1.67). This script (run by `st.html(..., unsafe_allow_javascript=True)`,
# once per browser tab) keeps each view's position in memory, by the address's query (the
# same view is at "/" and "/suche"): on the reader's scrolling while no run is going on,
# and at each click (scrolling for a while after a click is the app's, not the reader's).
# When the page changes after `popstate` (back, forward) or a click on one of the app's
# links, it puts the position back, or at the top, and holds it until the page has been
# still for 0.3 s with no run going on, unless the reader scrolls or types. (Streamlit's
# run state alone cannot tell: now and then a page changes with no run seen.) Nothing is
# stored: the positions go with the tab's page. A constant: no content ever goes in.
# The whole text must stay free of "<": DOMPurify (in st.html) drops a <script> or
# <style> whose text looks like markup. A Content-Security-Policy needs its hash (README).
SCROLL_RESTORE_JS = """(() => {
  if (window.pfScrollRestore) return;
  window.pfScrollRestore = true;
  const positions = new Map();
  const view = (search) => {
    const params = new URLSearchParams(search);
    params.sort();
    return params.toString();
  };
  const main = () => document.querySelector('[data-testid="stMain"]');
  const idle = () => {
    const app = document.querySelector('[data-testid="stApp"]');
    return !!app && app.dataset.testScriptState === "notRunning"
      && !document.querySelector('[data-stale="true"]');
  };
  let quietUntil = 0;
  let placing = 0;
  let changes = 0;
  let lastChange = 0;
  new MutationObserver(() => {
    changes += 1;
    lastChange = performance.now();
  }).observe(document.body, {subtree: true, childList: true});
  const keep = () => {
    const area = main();
    if (area && idle() && performance.now() > quietUntil) {
      positions.set(view(location.search), area.scrollTop);
    }
  };
  const placeOnNewView = (top) => {
    const started = performance.now();
    const job = ++placing;
    const changesBefore = changes;
    quietUntil = started + 10000;
    const step = () => {
      if (job !== placing) return;
      const area = main();
      const now = performance.now();
      if (area && changes > changesBefore) {
        if (Math.abs(area.scrollTop - top) > 1) area.scrollTop = top;
        if (idle() && now - lastChange > 300) {
          quietUntil = 0;
          return;
        }
      }
      if (now - started > 10000) {
        quietUntil = 0;
        return;
      }
      requestAnimationFrame(step);
    };
    requestAnimationFrame(step);
  };
  document.addEventListener("scroll", (event) => {
    if (event.target === main()) keep();
  }, true);
  for (const kind of ["wheel", "touchstart", "keydown"]) {
    document.addEventListener(kind, () => {
      placing += 1;
      quietUntil = 0;
    }, {capture: true, passive: true});
  }
  document.addEventListener("click", (event) => {
    keep();
    quietUntil = performance.now() + 1500;
    const link = event.target.closest
      && event.target.closest('a[data-testid="stPageLink-NavLink"], a[data-testid="stTopNavLink"]');
    if (!link || event.button || event.ctrlKey || event.metaKey || event.shiftKey) return;
    const target = new URL(link.href, location.href);
    if (target.origin === location.origin && view(target.search) !== view(location.search)) {
      // "Zurück zur Ergebnisliste" is going back, as the browser's button is.
      const back = link.closest(".st-key-pf_back_link");
      placeOnNewView(back ? positions.get(view(target.search)) || 0 : 0);
    }
  }, true);
  window.addEventListener("popstate", () => {
    placeOnNewView(positions.get(view(location.search)) || 0);
  });
})();"""
