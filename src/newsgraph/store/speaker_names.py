"""Speaker ids by part of a name, without scanning the speakers table for every query.

A speaker filter given as words ("Terekhov", "mayor") matches any speaker whose name or one of whose
aliases contains them. As SQL that is ``name LIKE '%x%' OR aliases LIKE '%x%'``: a scan of every
speaker, repeated by each statement of a request (the count, then the page). On the
10,000-article benchmark store (47,546 speakers) one scan costs 40-90 ms. Here the names are read
once per state of the database file into one lowercased string, and a part of a name is found
with ``str.find`` (about a millisecond for a common part, microseconds for a rare one).

    ids = speaker_ids_like(conn, "terekhov")   # None: no file to key a cache on (the caller scans)

The answer is the same set the LIKE gives for ASCII text (LIKE folds ASCII case only; here any
case folds, so "ÉLYSÉE" also finds "Élysée"). The index is kept per database file and dropped when
the file or its WAL changes (a writer committed); a connection inside a write transaction is
never answered from it (it may see speakers no other connection sees yet).
"""
from __future__ import annotations

import sqlite3
import threading
from bisect import bisect_right

from newsgraph.store.schema import cache_key

__all__ = ["speaker_ids_like", "speaker_ids_json"]

_MAX_FILES = 8
_MAX_ANSWERS = 512  # parts of names answered, kept per file
# file -> (state, text, line starts, ids, lines, answers: part -> (ids, the ids as a JSON array))
_index: dict[str, tuple] = {}
_lock = threading.Lock()
_building = threading.Lock()


def _build(conn: sqlite3.Connection) -> tuple[str, list[int], list[int]]:
    """One line per speaker, "name<TAB>aliases" lowercased; the offset each line starts at; its id."""
    parts: list[str] = []
    starts: list[int] = []
    ids: list[int] = []
    at = 0
    for sid, name, aliases in conn.execute("SELECT id, name, aliases FROM speakers").fetchall():
        line = f"{name or ''}\t{aliases or ''}".lower().replace("\n", " ")
        starts.append(at)
        ids.append(sid)
        parts.append(line)
        at += len(line) + 1
    return "\n".join(parts), starts, ids


def speaker_ids_like(conn: sqlite3.Connection, part: str) -> list[int] | None:
    """Ids of the speakers whose name or aliases contain ``part`` (any case), in id order; None when
    the connection cannot use the index (in memory, inside a write transaction, or ``part`` holds
    a tab or a line break): then the caller asks SQL."""
    hit = _answer(conn, part)
    return None if hit is None else hit[0]


def speaker_ids_json(conn: sqlite3.Connection, part: str) -> tuple[int, str] | None:
    """(how many, a JSON array of the ids) of :func:`speaker_ids_like`, for ``json_each(?)``."""
    hit = _answer(conn, part)
    return None if hit is None else (len(hit[0]), hit[1])


def _answer(conn: sqlite3.Connection, part: str) -> tuple[list[int], str] | None:
    import json

    key = None if "\t" in part or "\n" in part else cache_key(conn)
    if key is None:
        return None
    path, state = key
    hit = _index.get(path)
    if hit is None or hit[0] != state:
        with _building:  # one thread reads the names; the others, arriving together, wait for it
            hit = _index.get(path)
            if hit is None or hit[0] != state:
                text, starts, ids = _build(conn)
                hit = (state, text, starts, ids, text.split("\n") if text else [], {})
                with _lock:
                    if len(_index) >= _MAX_FILES:
                        _index.clear()
                    _index[path] = hit
    _, text, starts, ids, lines, answers = hit
    needle = part.lower()
    if needle in answers:
        return answers[needle]
    if not needle:
        found = list(ids)
    elif text.count(needle) > len(ids) // 64:  # common ("he"): one test per speaker beats one per match
        found = [sid for sid, line in zip(ids, lines) if needle in line]
    else:
        found = []
        pos = text.find(needle)
        while pos != -1:
            line = bisect_right(starts, pos) - 1
            found.append(ids[line])
            if line + 1 >= len(starts):
                break
            pos = text.find(needle, starts[line + 1])  # the next speaker's line
    found.sort()
    out = (found, json.dumps(found))
    with _lock:
        if len(answers) >= _MAX_ANSWERS:
            answers.clear()
        answers[needle] = out
    return out
