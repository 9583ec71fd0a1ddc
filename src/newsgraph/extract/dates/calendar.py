"""Calendar arithmetic for the date readers: month and weekday tables, the tense of a clause, and how
a month, season, weekday, holiday or span is anchored on the publication date."""
from __future__ import annotations

import re
from datetime import date, timedelta

_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December"]
_MONTH_NUM = {m.lower(): i for i, m in enumerate(_MONTHS, 1)}
_MONTH_NUM.update({m[:3].lower(): i for i, m in enumerate(_MONTHS, 1)})
_MONTH_NUM["sept"] = 9
_WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
_WD_NUM = {w.lower(): i for i, w in enumerate(_WEEKDAYS)}
_SEASON_START = {"spring": 3, "summer": 6, "autumn": 9, "fall": 9, "winter": 12}
_NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
            "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15,
            "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "hundred": 100}


# Words that tell the tense of the clause around an underspecified date. Modals and auxiliaries are
# strong; a verb in -ed is a weak past marker ("will be held" must not read as past). Reporting verbs
# (said, told) and conditionals (would, could) are left out: they do not date the event.
_FUTURE = {"will", "won't", "wont", "shall", "going", "expect", "expects", "expected", "predict",
           "predicts", "predicted", "predicting", "forecast", "forecasts", "plan", "plans", "planned",
           "planning", "scheduled", "due", "set", "intend", "intends", "intended", "hope", "hopes", "aim",
           "aims", "upcoming", "coming", "next", "expecting", "promises",
           "likely", "ahead", "aims", "until"}
_PAST = {"was", "were", "had", "did", "has", "have", "ago", "earlier", "last", "since", "began", "took",
         "came", "fell", "went", "saw", "became", "ran", "broke", "wasn't", "weren't", "didn't", "hadn't",
         "hasn't", "haven't"}
# Irregular past forms that are also participles ("will be held"): weak, like -ed.
_PAST_WEAK = {"held", "made", "met", "struck", "hit", "fought", "won", "lost", "left", "led", "sent", "spent",
              "begun", "built", "caught", "brought", "killed", "shot", "told", "said"}
_NOT_PAST_ED = {"need", "speed", "indeed", "exceed", "proceed", "succeed", "feed", "seed", "breed", "bleed",
                "red", "bed", "shed", "united", "based", "armed", "so-called", "called", "alleged", "detailed"}
_WORD = re.compile(r"[A-Za-z']+")
_SENT_END = re.compile(r"[.!?\n]")
_CLAUSE_END = re.compile(r"[.!?\n,;:]")
_CLAUSE_MARK = re.compile(r"[,;:\"()]")


def _classify(w: str) -> tuple[int, str] | None:
    """(strength, tense) of one word: 2 strong (modal, auxiliary), 1 weak (a verb in -ed)."""
    w = w.lower()
    if w in _FUTURE or w.endswith("'ll"):
        return 2, "future"
    if w in _PAST:
        return 2, "past"
    if w in ("is", "are", "am"):
        return 2, "present"
    if w in _PAST_WEAK or (w.endswith("ed") and len(w) > 4 and w not in _NOT_PAST_ED):
        return 1, "past"
    return None


def _tense(norm: str, start: int, end: int) -> str | None:
    """'future', 'past', 'present' or None for the clause around [start, end).

    In order: a strong marker (modal, auxiliary) in the clause before it, a weak one (a verb in -ed)
    there, a strong then a weak one in the clause after it, then the same for the rest of the sentence
    before it. The nearest wins at each step: "she told ABC News in February" is past even if the
    quote before it said "will"."""
    lo = max(0, start - 120)
    before = norm[lo:start]
    cut = max(before.rfind("."), before.rfind("!"), before.rfind("?"), before.rfind("\n"))
    if cut >= 0:
        lo += cut + 1
    clause_lo = lo
    for m in _CLAUSE_MARK.finditer(norm, lo, start):
        clause_lo = m.end()
    m = _CLAUSE_END.search(norm, end, min(len(norm), end + 80))
    hi = m.start() if m else min(len(norm), end + 80)
    found: dict[tuple[str, int], str] = {}  # (where, strength) -> tense of the nearest
    words = list(_WORD.finditer(norm, lo, start))
    for i in range(len(words) - 1, -1, -1):
        w = words[i]
        c = _classify(w.group())
        if w.group().lower() == "to" and i and words[i - 1].group().lower() in ("was", "were", "is", "are"):
            c = (2, "future")  # "if he were to win in November"
        where = "clause" if w.start() >= clause_lo else "sentence"
        if c and (where, c[0]) not in found:
            found[(where, c[0])] = c[1]
    for w in _WORD.finditer(norm, end, hi):
        c = _classify(w.group())
        if c and ("after", c[0]) not in found:
            found[("after", c[0])] = c[1]
    for key in (("clause", 2), ("clause", 1), ("after", 2), ("after", 1), ("sentence", 2), ("sentence", 1)):
        if key in found:
            return found[key]
    return None


def _month_shift(y: int, m: int, k: int) -> tuple[int, int]:
    t = y * 12 + (m - 1) + k
    return t // 12, t % 12 + 1


def _ym(y: int, m: int) -> str:
    return f"{y:04d}-{m:02d}"


def _week(d: date) -> str:
    y, w, _ = d.isocalendar()
    return f"{y:04d}-W{w:02d}"


def _season_value(name: str, y: int) -> str:
    m0 = _SEASON_START[name]
    y2, m2 = _month_shift(y, m0, 2)
    return f"{_ym(y, m0)}/{_ym(y2, m2)}"


def _season_year_of(d: date, name: str) -> int:
    """The year in which the instance of season ``name`` that starts at or before ``d`` began."""
    m0 = _SEASON_START[name]
    return d.year if d.month >= m0 else d.year - 1


def _season_contains(name: str, y: int, d: date) -> bool:
    t0 = y * 12 + _SEASON_START[name] - 1
    t = d.year * 12 + d.month - 1
    return t0 <= t <= t0 + 2


def _resolve_season(name: str, deictic: str | None, pub: date, tense: str | None) -> int:
    y = _season_year_of(pub, name)  # the latest instance that has started by publication
    current = _season_contains(name, y, pub)
    if deictic == "last" or deictic == "previous" or deictic == "past":
        return y - 1 if current else y
    if deictic in ("next", "coming"):
        return y + 1
    if current:
        return y
    if tense == "future":
        return y + 1
    if deictic == "this" and tense is None:  # nearest instance, whichever side
        t = pub.year * 12 + pub.month - 1
        past_end = y * 12 + _SEASON_START[name] + 1
        return y if t - past_end <= (y + 1) * 12 + _SEASON_START[name] - 1 - t else y + 1
    return y


def _resolve_month(m: int, deictic: str | None, pub: date, tense: str | None) -> tuple[int, int]:
    if deictic == "this":
        return pub.year, m
    if deictic == "last":
        return (pub.year, m) if m < pub.month else (pub.year - 1, m)
    if deictic == "next":
        return (pub.year, m) if m > pub.month else (pub.year + 1, m)
    if m == pub.month:
        return pub.year, m
    after = (pub.year, m) if m > pub.month else (pub.year + 1, m)
    before = (pub.year, m) if m < pub.month else (pub.year - 1, m)
    if tense == "future":
        return after
    if tense == "present":  # "the vote is in May": the nearest one
        return after if (after[0] * 12 + after[1]) - (pub.year * 12 + pub.month) < \
            (pub.year * 12 + pub.month) - (before[0] * 12 + before[1]) else before
    return before


def _resolve_day_month(m: int, d: int, pub: date, tense: str | None) -> date | None:
    try:
        cand = date(pub.year, m, d)
    except ValueError:
        return None
    if tense == "present":  # "Victory Day is marked on May 9": the nearest one
        options = [c for c in (_safe_date(pub.year - 1, m, d), cand, _safe_date(pub.year + 1, m, d)) if c]
        return min(options, key=lambda c: abs((c - pub).days))
    if tense == "future":
        if cand < pub:
            cand = _safe_date(pub.year + 1, m, d)
    elif cand > pub and not (tense is None and (cand - pub).days <= 14):
        cand = _safe_date(pub.year - 1, m, d)
    return cand


def _safe_date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _num(s: str | None) -> int | None:
    if s is None:
        return 1
    s = s.lower()
    if s.isdigit():
        return int(s)
    return _NUMBERS.get(s)


def _shift(pub: date, n: int, unit: str) -> tuple[str, str]:
    """pub moved by n units (negative = back): (value, granularity) at that unit's precision."""
    unit = unit.lower().rstrip("s")
    if unit == "day":
        return (pub + timedelta(days=n)).isoformat(), "day"
    if unit == "week":
        return _week(pub + timedelta(weeks=n)), "week"
    if unit == "month":
        return _ym(*_month_shift(pub.year, pub.month, n)), "month"
    if unit == "year":
        return f"{pub.year + n:04d}", "year"
    y = pub.year + 10 * n
    return f"{y:04d}", "year"


def _interval_back(pub: date, n: int, unit: str, forward: bool) -> str:
    unit = unit.lower().rstrip("s")
    k = n if forward else -n
    if unit == "day":
        other = pub + timedelta(days=k)
    elif unit == "week":
        other = pub + timedelta(weeks=k)
    elif unit in ("month", "year", "decade"):
        months = k * {"month": 1, "year": 12, "decade": 120}[unit]
        y, m = _month_shift(pub.year, pub.month, months)
        other = _safe_date(y, m, min(pub.day, 28)) or pub
    else:
        other = pub
    a, b = (pub, other) if forward else (other, pub)
    return f"{a.isoformat()}/{b.isoformat()}"


def _parse_pub(published: str | None) -> date | None:
    if not published:
        return None
    try:
        return date.fromisoformat(str(published)[:10])
    except ValueError:
        return None


def _holiday(name: str, orthodox: bool, y: int) -> date:
    from dateutil.easter import EASTER_ORTHODOX, EASTER_WESTERN, easter

    if name.startswith("easter"):
        d = easter(y, EASTER_ORTHODOX if orthodox else EASTER_WESTERN)
        return d + timedelta(days=1) if name.endswith("monday") else d
    if name.startswith("christmas"):
        d = date(y, 1, 7) if orthodox else date(y, 12, 25)  # Orthodox Christmas: 7 January
        return d - timedelta(days=1) if name.endswith("eve") else d
    return date(y, 12, 31) if name.endswith("eve") else date(y, 1, 1)  # New Year's Eve / Day


def _resolve_holiday(name: str, orthodox: bool, pub: date, tense: str | None) -> date:
    options = [_holiday(name, orthodox, y) for y in (pub.year - 1, pub.year, pub.year + 1)]
    if tense == "future":
        return min(d for d in options if d >= pub)
    if tense == "present":
        return min(options, key=lambda d: abs((d - pub).days))
    soon = [d for d in options if 0 < (d - pub).days <= 14]
    if tense is None and soon:
        return soon[0]
    return max(d for d in options if d <= pub)


def _weekend(pub: date, k: int, tense: str | None) -> date:
    """Saturday of the weekend: k=-1 last, 0 this/the (past unless future tense), +1 next."""
    back = (pub.weekday() - 5) % 7  # days since the latest Saturday (0 on Saturday)
    sat = pub - timedelta(days=back)  # the latest Saturday <= pub
    in_weekend = back <= 1
    if k == -1:
        return sat - timedelta(days=7) if in_weekend else sat
    if k == 1:
        return sat + timedelta(days=7)
    if in_weekend:
        return sat
    return sat + timedelta(days=7) if tense == "future" else sat


def _resolve_weekday(wd: int, deictic: str | None, pub: date, tense: str | None) -> date:
    back = (pub.weekday() - wd) % 7
    fwd = (wd - pub.weekday()) % 7
    if deictic == "last":
        return pub - timedelta(days=back or 7)
    if deictic == "next":
        return pub + timedelta(days=fwd or 7)
    if tense == "future":
        return pub + timedelta(days=fwd)
    return pub - timedelta(days=back)
