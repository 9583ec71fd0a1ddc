"""The pieces every read query builds its WHERE clause from, so quotes, events and statements filter
alike: a LIKE pattern with the user's ``%`` and ``_`` taken literally, an inclusive upper bound for a
partial date, an id told from a name, and "by this speaker" as an id or any spelling of a name.

Each clause builder appends SQL text with ``?`` placeholders to ``where`` and the values to ``params``:
user input never reaches the SQL text.
"""
from __future__ import annotations

import sqlite3
from typing import Any

MAX_ID_DIGITS = 18  # longer digit strings overflow SQLite's integer, so no id can match them
NOTHING = "0"  # a clause no row satisfies: an id past SQLite's range names nothing


def like(text: str) -> str:
    """A LIKE pattern matching ``text`` anywhere (its own % and _ are literal; ESCAPE '\\')."""
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def until(value: str) -> str:
    """An inclusive upper bound for a partial date: '2024-05' covers the whole of May."""
    return value + "\uffff"


def id_value(value: str | int) -> int | None:
    """An id given as an int or digits; None for a name. Raises OverflowError past SQLite's range."""
    if isinstance(value, int) and not isinstance(value, bool):
        n = value
    elif isinstance(value, str) and value.strip().isdecimal():  # isdigit would admit "²", which int() refuses
        digits = value.strip()  # str.strip also drops '\x1f', which int() does not accept around digits
        if len(digits) > MAX_ID_DIGITS:
            raise OverflowError(value)
        n = int(digits)
    else:
        return None
    if not -2**63 <= n < 2**63:
        raise OverflowError(value)
    return n


def speaker_clause(column: str, value: str | int, where: list[str], params: list[Any],
                   conn: sqlite3.Connection | None = None) -> bool:
    """Rows whose ``column`` (a speaker id column) is this speaker: an id, or any spelling of a name.
    The name is resolved to speaker ids first, so an index on ``column`` finds the rows: with
    ``conn``, from the names kept in memory (store/speaker_names.py: no scan of the speakers table
    per statement), else by a subquery. Returns whether ``value`` was read as a name (one clause
    appended either way).

        speaker_clause("q.speaker_id", "Zelensky", where, params, conn)
    """
    try:
        sid = id_value(value)
    except OverflowError:
        where.append(NOTHING)
        return False
    if sid is not None:
        where.append(f"{column} = ?")
        params.append(sid)
        return False
    if conn is not None:
        from newsgraph.store.speaker_names import speaker_ids_json

        found = speaker_ids_json(conn, str(value).strip())
        if found is not None:
            if found[0]:
                where.append(f"{column} IN (SELECT value FROM json_each(?))")
                params.append(found[1])
            else:
                where.append(NOTHING)
            return True
    where.append(f"{column} IN (SELECT id FROM speakers WHERE name LIKE ? ESCAPE '\\'"
                 " OR aliases LIKE ? ESCAPE '\\')")
    params += [like(str(value).strip())] * 2
    return True
