"""SQLite FTS5 peer (stdlib `sqlite3`): Snowball German stems, bm25, snippet(), GROUP BY facets.

Stemming happens in Python (PyStemmer, as Praxisfinder uses), before inserting and for
queries: the stdlib module cannot register an FTS5 tokenizer (that needs the `fts5_api`
pointer, which `sqlite3` cannot bind), and a loadable C extension would be more to build
than the peer is worth. The FTS table is an external-content table over `texts`, which
keeps the original text; the index is fed the stemmed text, one stem per original token, so
token positions agree and `snippet()` — which re-tokenises the original text with
`unicode61` — marks the original words. (`TOKEN` must split text exactly as `unicode61`
does; the test checks that.) Slug and status live in a narrow table of their own: joining
the matches with the wide text rows to drop drafts cost five times as much.

Facet counts are disjunctive like Praxisfinder's: one statement materialises the matching
published entries with a flag per filtered facet, then counts every facet value by GROUP BY
over the rows that pass all filters but their own facet's.
"""

from __future__ import annotations

import html
import re
import sqlite3
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

import Stemmer

from peers import PAGE_SIZE, STATUS_PUBLISHED, Filters, Outcome, PeerDocument, read_layout

DATABASE = "fts5.sqlite"
# Letters and digits, as unicode61 sees them with its default categories (L*, N*, Co).
TOKEN = re.compile(r"[^\W_]+")
SNIPPET_TOKENS = 32  # about Praxisfinder's 240 characters
_START, _END = "\x02", "\x03"  # snippet markers, replaced by <mark> after escaping

_stemmer = Stemmer.Stemmer("german")


@lru_cache(maxsize=500_000)
def term(token: str) -> str:
    """The index term of one token: lower-cased, then Snowball German (it expects lower case)."""
    return _stemmer.stemWord(token.lower())


def stemmed(text: str) -> str:
    """The text as index terms, one per token, so that token positions stay the same."""
    return " ".join(term(token) for token in TOKEN.findall(text))


def connect(path: Path) -> sqlite3.Connection:
    db = sqlite3.connect(path, check_same_thread=False)
    db.execute("PRAGMA journal_mode = WAL")
    db.execute("PRAGMA synchronous = NORMAL")
    return db


def build(index_dir: Path, documents: Iterable[PeerDocument]) -> int:
    """Create the database in `index_dir` (which holds the layout); returns the document count."""
    fields = list(read_layout(index_dir)["weights"])
    db = connect(index_dir / DATABASE)
    columns = ", ".join(fields)
    db.executescript(
        f"""
        CREATE TABLE docs (id INTEGER PRIMARY KEY, slug TEXT UNIQUE NOT NULL,
                           status TEXT NOT NULL);
        CREATE TABLE texts (id INTEGER PRIMARY KEY, {columns});
        CREATE VIRTUAL TABLE fts USING fts5({columns}, content = 'texts', content_rowid = 'id',
                                            tokenize = 'unicode61 remove_diacritics 0');
        CREATE TABLE facets (doc INTEGER NOT NULL, facet TEXT NOT NULL, value TEXT NOT NULL,
                             PRIMARY KEY (doc, facet, value)) WITHOUT ROWID;
        CREATE INDEX facets_by_value ON facets (facet, value, doc);
        """
    )
    count = 0
    with db:
        for document in documents:
            _insert(db, document, fields)
            count += 1
        db.execute("INSERT INTO fts (fts) VALUES ('optimize')")
    db.execute("ANALYZE")
    db.close()
    return count


def _insert(db: sqlite3.Connection, document: PeerDocument, fields: list[str]) -> None:
    texts = [document.texts[name] for name in fields]
    marks = ", ".join("?" * len(fields))
    doc = db.execute(
        "INSERT INTO docs (slug, status) VALUES (?, ?)", [document.slug, document.status]
    ).lastrowid
    db.execute(f"INSERT INTO texts (id, {', '.join(fields)}) VALUES (?, {marks})", [doc, *texts])
    db.execute(
        f"INSERT INTO fts (rowid, {', '.join(fields)}) VALUES (?, {marks})",
        [doc, *(stemmed(text) for text in texts)],
    )
    db.executemany(
        "INSERT OR IGNORE INTO facets (doc, facet, value) VALUES (?, ?, ?)",
        [(doc, facet, value) for facet, values in document.facets.items() for value in values],
    )


class Fts5Index:
    """An open FTS5 peer index."""

    def __init__(self, index_dir: Path):
        layout = read_layout(index_dir)
        self.fields: list[str] = list(layout["weights"])
        self.weights = ", ".join(str(float(w)) for w in layout["weights"].values())
        self.db = connect(index_dir / DATABASE)

    def close(self) -> None:
        self.db.close()

    def search(self, query: str, filters: Filters | None = None) -> Outcome:
        """Page 1 of the published entries with every query word, ranked by bm25."""
        terms = [term(token) for token in TOKEN.findall(query)]
        if not terms:
            return Outcome(0, {})
        match = " AND ".join(f'"{t}"' for t in dict.fromkeys(terms))
        restricted = [(facet, values) for facet, values in (filters or {}).items() if values]
        flags, flag_params = [], []
        for i, (facet, values) in enumerate(restricted):
            marks = ", ".join("?" * len(values))
            flags.append(
                f"d.id IN (SELECT doc FROM facets WHERE facet = ? AND value IN ({marks})) AS p{i}"
            )
            flag_params += [facet, *values]
        passes_all = " AND ".join(f"p{i}" for i in range(len(restricted))) or "1"
        # A facet value counts where every filter but its own facet's passes.
        passes_others = (
            " AND ".join(f"(f.facet = ? OR p{i})" for i in range(len(restricted))) or "1"
        )
        rows = self.db.execute(
            f"""
            WITH m AS MATERIALIZED (
                SELECT d.id AS doc{"".join(", " + flag for flag in flags)}
                FROM fts JOIN docs AS d ON d.id = fts.rowid
                WHERE fts MATCH ? AND d.status = ?
            )
            SELECT NULL, NULL, count(*) FROM m WHERE {passes_all}
            UNION ALL
            SELECT f.facet, f.value, count(*) FROM m JOIN facets AS f ON f.doc = m.doc
            WHERE {passes_others}
            GROUP BY f.facet, f.value
            """,
            [*flag_params, match, STATUS_PUBLISHED, *(facet for facet, _ in restricted)],
        ).fetchall()
        total = rows[0][2]
        facets: dict[str, dict[str, int]] = {}
        for facet, value, count in rows[1:]:
            facets.setdefault(facet, {})[value] = count
        hits = self._page(match, restricted) if total else []
        return Outcome(total, facets, hits)

    def _page(self, match: str, restricted: list[tuple[str, list[str]]]) -> list[tuple[str, str]]:
        """The best PAGE_SIZE hits with snippets (computed for those rows only)."""
        conditions, params = [], []
        for facet, values in restricted:
            marks = ", ".join("?" * len(values))
            conditions.append(
                f"AND d.id IN (SELECT doc FROM facets WHERE facet = ? AND value IN ({marks}))"
            )
            params += [facet, *values]
        top = self.db.execute(
            f"""
            SELECT d.id FROM fts JOIN docs AS d ON d.id = fts.rowid
            WHERE fts MATCH ? AND d.status = ? {" ".join(conditions)}
            ORDER BY bm25(fts, {self.weights}) LIMIT {PAGE_SIZE}
            """,
            [match, STATUS_PUBLISHED, *params],
        ).fetchall()
        ids = [doc for (doc,) in top]
        rows = self.db.execute(
            f"""
            SELECT fts.rowid, d.slug,
                   snippet(fts, -1, char(2), char(3), ' … ', {SNIPPET_TOKENS})
            FROM fts JOIN docs AS d ON d.id = fts.rowid
            WHERE fts MATCH ? AND fts.rowid IN ({", ".join("?" * len(ids))})
            """,
            [match, *ids],
        ).fetchall()
        by_id = {doc: (slug, _marked(text)) for doc, slug, text in rows}
        return [by_id[doc] for doc in ids]

    def replace(self, document: PeerDocument) -> None:
        """Put a new version of an entry in place of the old one, in one transaction."""
        slug = document.slug
        columns = ", ".join(self.fields)
        with self.db:
            old = self.db.execute(
                f"SELECT id, {columns} FROM docs JOIN texts USING (id) WHERE slug = ?", [slug]
            ).fetchone()
            if old is not None:
                doc, *texts = old
                # External content: FTS5 removes the terms it is given, so give it the old ones.
                self.db.execute(
                    f"INSERT INTO fts (fts, rowid, {columns}) "
                    f"VALUES ('delete', ?, {', '.join('?' * len(texts))})",
                    [doc, *(stemmed(text) for text in texts)],
                )
                for table, key in (("facets", "doc"), ("texts", "id"), ("docs", "id")):
                    self.db.execute(f"DELETE FROM {table} WHERE {key} = ?", [doc])
            _insert(self.db, document, self.fields)


def _marked(text: str) -> str:
    return html.escape(text, quote=False).replace(_START, "<mark>").replace(_END, "</mark>")
