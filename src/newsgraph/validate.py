"""One validation of what a user types for dates and ids, shared by the CLI and the web (pages and
API), so that each rejects the same values with the same message.

    check_date("2024-13", "since")   # ValueError: since='2024-13' is not a date: use YYYY, YYYY-MM or YYYY-MM-DD
    check_range("2024-05", "2024-03")  # ValueError: since=2024-05 is after until=2024-03: nothing can match
    check_id("12", "speaker")        # 12
"""
from __future__ import annotations

import re

# a year, a month 01-12, a day 01-31 (a bound: "2024-02-30" is simply after every day of February)
DATE_PATTERN = r"^[12][0-9]{3}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?$"
_DATE = re.compile(DATE_PATTERN)
MAX_ID = 2**62  # larger ids cannot be stored (SQLite integers), so none can match


def date_message(name: str, value: str) -> str:
    return f"{name}={value!r} is not a date: use YYYY, YYYY-MM or YYYY-MM-DD"


def check_date(value: str | None, name: str) -> str | None:
    """YYYY, YYYY-MM or YYYY-MM-DD, or None for nothing given; ValueError with the message otherwise."""
    if value is None or value == "":
        return None
    if not _DATE.match(value):
        raise ValueError(date_message(name, value))
    return value


def check_range(since: str | None, until: str | None) -> None:
    """ValueError when ``since`` is after ``until`` (both inclusive; "2024-05" covers May)."""
    if since and until and since > until + "\uffff":
        raise ValueError(f"since={since} is after until={until}: nothing can match")


def id_message(name: str, value: object) -> str:
    return f"{name} id {value!r} is not a whole number from 0 to {MAX_ID}"


def check_id(value: str | int, name: str) -> int:
    """An id given as digits (or an int) within 0..MAX_ID; ValueError with the message otherwise."""
    if isinstance(value, int) and not isinstance(value, bool):
        n = value
    elif isinstance(value, str) and value.strip().isdecimal() and len(value.strip()) <= 19:
        n = int(value.strip())
    else:
        raise ValueError(id_message(name, value))
    if not 0 <= n <= MAX_ID:
        raise ValueError(id_message(name, value))
    return n
