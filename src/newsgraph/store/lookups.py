"""What the store already holds, as ``newsgraph ingest`` asks it before analysing anything (to skip
what is stored, to resume after a kill, to clear a failure that now reads fine). The ingest
(newsgraph.ingest.run) holds no SQL: every question it asks is one function here.
"""
from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Iterator

from newsgraph.record import Article
from newsgraph.store.schema import store_error


def whole_input_failures(conn: sqlite3.Connection) -> set[str]:
    """The origins of whole inputs (files, URLs: no position) recorded as failures."""
    return {r[0] for r in conn.execute("SELECT DISTINCT origin FROM failures WHERE position IS NULL")}


def clear_whole_input_failure(conn: sqlite3.Connection, origin: str, db: str | Path) -> None:
    """Forget the failure of a whole input that now reads fine (a URL that was down is back)."""
    try:
        with conn:
            conn.execute("DELETE FROM failures WHERE origin = ? AND position IS NULL", (origin,))
    except sqlite3.Error as exc:
        raise store_error(exc, db) from exc


def stored_urls(conn: sqlite3.Connection) -> Iterator[str]:
    """The url of every stored article that has one."""
    return (r[0] for r in conn.execute("SELECT url FROM articles WHERE url IS NOT NULL"))


def page_met(conn: sqlite3.Connection, id: str, origin: str, position: int | None) -> bool:
    """Whether a past run stored an article under this id (plain, or with the ``~hash`` the writer
    adds on an id clash), or recorded a failure at this origin and position."""
    return conn.execute(
        "SELECT 1 FROM articles WHERE id = ? OR (id > ? AND id < ?) UNION ALL SELECT 1 FROM failures"
        " WHERE origin = ? AND ifnull(position, 0) = ifnull(?, 0) LIMIT 1",
        (id, id + "~", id + "~\x7f", origin, position)).fetchone() is not None


def stale_rowids(conn: sqlite3.Connection, analysed_with: str) -> list[int]:
    """Rowids of the articles analysed otherwise than ``analysed_with`` (another version, other
    output-changing settings), in order."""
    return [r[0] for r in conn.execute("SELECT rowid FROM articles WHERE analysed_with IS NOT ?"
                                       " ORDER BY rowid", (analysed_with,))]


def stored_article(conn: sqlite3.Connection, rowid: int) -> tuple[Article, str] | None:
    """The stored article at ``rowid`` as the Article it was read as, with its content hash."""
    r = conn.execute("SELECT id, text, title, url, published, source, author, content_hash"
                     " FROM articles WHERE rowid = ?", (rowid,)).fetchone()
    if r is None:
        return None
    return Article(id=r[0], text=r[1], title=r[2], url=r[3], published=r[4], source=r[5], author=r[6]), r[7]


def is_stored(conn: sqlite3.Connection, content_hash: str) -> bool:
    """Whether an article with this content hash is stored."""
    return conn.execute("SELECT analysed_with FROM articles WHERE content_hash=?", (content_hash,)).fetchone() is not None
