"""Making strings from articles and file names inert where they leave newsgraph: one helper for a
terminal, one for JSON printed to a terminal, one for a CSV cell.

A terminal runs control characters: ESC starts a sequence that can recolour, retitle, move the
cursor or (on some terminals) write files; a CSV cell that starts with ``=``, ``+``, ``-``, ``@``, a
tab or a carriage return is a formula to a spreadsheet (``=HYPERLINK(...)``). Both come straight
from what a user ingests: article text, titles, ids, file names.
"""
from __future__ import annotations

import json
from typing import Any

# C0 controls (but tab and newline) and DEL as their Unicode "control pictures" (same length, so
# offsets into a text still line up); C1 controls (U+0080-U+009F, CSI is U+009B) as U+FFFD.
_PICTURES = {c: 0x2400 + c for c in range(32) if c not in (9, 10)}
_PICTURES[0x7F] = 0x2421
_PICTURES.update({c: 0xFFFD for c in range(0x80, 0xA0)})
_ONE_LINE = dict(_PICTURES)
_ONE_LINE[10] = 0x2424  # ␤: a newline in a file name or an id cannot start a line of its own
_ONE_LINE[9] = 0x2409


def for_terminal(s: object, *, one_line: bool = False) -> str:
    """``s`` with every control character shown as a visible symbol (``\\x1b`` as ``␛``), so that it
    prints as text. ``one_line``: newlines and tabs too (names, ids, reasons)."""
    text = "" if s is None else s if isinstance(s, str) else str(s)
    if text.isprintable() and not one_line:
        return text
    return text.translate(_ONE_LINE if one_line else _PICTURES)


_JSON_C1 = {c: f"\\u{c:04x}" for c in range(0x7F, 0xA0)}


def json_for_terminal(obj: Any, **kw: Any) -> str:
    """``json.dumps(obj, ensure_ascii=False, **kw)`` with DEL and the C1 controls escaped too (json
    escapes the C0 ones): the same JSON value, nothing a terminal would run."""
    return json.dumps(obj, ensure_ascii=False, **kw).translate(_JSON_C1)


_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def for_csv(v: Any) -> Any:
    """A CSV cell: a string a spreadsheet would run as a formula gets a leading ``'`` (OWASP's
    advice); numbers and everything else stay as they are."""
    if isinstance(v, str) and v.startswith(_FORMULA):
        return "'" + v
    return v
