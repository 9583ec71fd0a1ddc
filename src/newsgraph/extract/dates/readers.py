"""Readers of candidate expressions, one per kind (a ``_SCAN`` group), in ``READERS``: each checks its
candidate's context, returns False when it is no date, else sets its value and granularity."""
from __future__ import annotations

import re
from datetime import date, timedelta

from newsgraph.extract.dates.calendar import (_MONTH_NUM, _WD_NUM, _holiday, _interval_back, _num,
                                              _resolve_day_month, _resolve_holiday, _resolve_month,
                                              _resolve_season, _resolve_weekday, _safe_date, _season_value,
                                              _shift, _tense, _weekend, _ym)
from newsgraph.extract.dates.scan import (_COUNT_AFTER, _HOLIDAY_BEFORE, _HOLIDAY_NOUN_AFTER, _OF_NONYEAR,
                                          _PRE_CTX, _PRE_MAY, _QUANT_BEFORE, _RANGE_YEAR, _REL_K, _REL_YEAR_AFTER,
                                          _SEASON_NOUN_AFTER, _WD_NAME_AFTER, _prev_word_cap)
from newsgraph.record import DateMention

class _Hit:
    """One candidate expression being read: its match, span [s, e), and what the reader makes of it."""

    __slots__ = ("m", "g", "text", "pub", "out", "s", "e", "value", "gran", "extend")

    def __init__(self, m: re.Match, text: str, pub: date | None, out: list[DateMention]):
        self.m, self.g, self.text, self.pub, self.out = m, m.group, text, pub, out
        kind = m.lastgroup
        self.s, self.e = m.start(kind), m.end(kind)
        self.value: str | None = None
        self.gran: str | None = None
        self.extend = True  # take modifiers just before ("early", "the end of") into the span


# -- readers, one per kind of expression (a _SCAN group): each returns False when the candidate is no
#    date, else sets the hit's value and granularity (and may move its span) -------------------------

def _read_iso(h: _Hit) -> bool:
    """'on 2024-02-24': an ISO date.
    Example: The talks began on 2024-02-24 in Geneva."""
    d = _safe_date(int(h.g("iso_y")), int(h.g("iso_m")), int(h.g("iso_d")))
    if d is None:
        return False
    h.value, h.gran = d.isoformat(), "day"
    return True


def _read_numeric(h: _Hit) -> bool:
    """'24/02/2022', '24.02.2022' (day first), '02/24/2022' (month first); '03/04/2022' cannot be told
    apart (no value); '31/02/2022' is no date.
    Example: The decree was signed on 24/02/2022."""
    g = h.g
    a, b, y = int(g("num_a")), int(g("num_b")), int(g("num_y"))
    if a > 12 or (g("num_sep") == "." and b <= 12):
        d = _safe_date(y, b, a)
    elif b > 12:
        d = _safe_date(y, a, b)
    else:
        d = None
        if _safe_date(y, a, b) is None and _safe_date(y, b, a) is None:
            return False
    if d is None and (a > 12 or b > 12):
        return False
    h.value, h.gran = (d.isoformat() if d else None), "day"
    return True


def _read_day_month(h: _Hit) -> bool:
    """'March 7, 2024', 'the 7th of March', 'March 7-9', 'on March 7 last year'; a bare 'March 7' is
    the nearest one the clause's tense allows. 'Theresa May 12 …' is no date; 'February 30, 2024' none.
    Examples: The strike came on March 7, 2024. / The strike came on the 7th of March."""
    g, text, pub, kind = h.g, h.text, h.pub, h.m.lastgroup
    mon = _MONTH_NUM[g(f"{kind}_m").rstrip(".").lower()]
    day, day2, yr = int(g(f"{kind}_d")), g(f"{kind}_d2"), g(f"{kind}_y")
    if not 1 <= day <= 31 or (day2 and not day < int(day2) <= 31):
        return False
    if g(f"{kind}_m") == "May" and kind == "mdy" and not yr and _prev_word_cap(text, h.s):
        return False
    rel = None if yr else _REL_YEAR_AFTER.match(text, h.e)
    if rel:
        h.e = rel.end()
    if yr:
        d = _safe_date(int(yr), mon, day)
    elif rel and pub:
        d = _safe_date(pub.year + _REL_K[rel.group(1).lower()], mon, day)
    elif pub:
        d = _resolve_day_month(mon, day, pub, _tense(text, h.s, h.e))
    else:
        d = None
        h.gran = "interval" if day2 else "day"
    if d is not None:
        if day2:
            d2 = _safe_date(d.year, mon, int(day2))
            if d2 is None:
                return False
            h.value, h.gran = f"{d.isoformat()}/{d2.isoformat()}", "interval"
        else:
            h.value, h.gran = d.isoformat(), "day"
    elif yr:
        return False
    return True


def _read_month_year(h: _Hit) -> bool:
    """'in March 2023'; not 'Theresa May 2000 …' nor 'May 2000 troops'.
    Example: The offensive began in March 2023."""
    g = h.g
    if g("my_m") == "May" and _prev_word_cap(h.text, h.s) or _COUNT_AFTER.match(h.text, h.e):
        return False
    h.value, h.gran = _ym(int(g("my_y")), _MONTH_NUM[g("my_m").lower()]), "month"
    return True


def _read_ago(h: _Hit) -> bool:
    """'three weeks ago', 'two decades ago'; 'a few days ago' has no value.
    Example: The bridge was destroyed three weeks ago."""
    g, pub = h.g, h.pub
    n, unit = _num(g("ago_n")), g("ago_u")
    gran = unit.lower().rstrip("s")
    h.gran = "year" if gran == "decade" else gran
    if pub and n is not None and g("ago_n").lower() not in ("few", "several"):
        n = n * 10 if unit.lower().startswith("decade") else n
        h.value, h.gran = _shift(pub, -n, "year" if unit.lower().startswith("decade") else unit)
    return True


def _read_duration(h: _Hit) -> bool:
    """'the past two weeks', 'the coming months' (an interval from publication); 'the next day' is the
    day after something in the story, not after publication (no value).
    Example: Shelling has intensified over the past two weeks."""
    g = h.g
    n_s, unit = g("dur_n"), g("dur_u")
    forward = g("dur_d").lower() in ("next", "coming", "following")
    h.gran = "interval"
    plural_vague = n_s is None and unit.lower().endswith("s")
    n = _num(n_s) if n_s and n_s.lower() not in ("a few", "few", "several", "a couple of") else (
        2 if n_s and n_s.lower() == "a couple of" else None if n_s or plural_vague else 1)
    if n_s is None and g("dur_d").lower() in ("next", "following", "previous"):
        n = None
        h.gran = unit.lower().rstrip("s") if unit.lower() in ("day", "week", "month", "year") else None
    if h.pub and n is not None:
        h.value = _interval_back(h.pub, n, unit, forward)
    h.extend = False
    return True


def _read_vague(h: _Hit) -> bool:
    """'recently', 'in recent weeks' (the preposition stays out): never a value.
    Example: The town was recently retaken."""
    h.extend = False
    return True


def _read_relative(h: _Hit) -> bool:
    """'last week', 'this month', 'next year', 'this weekend' (the coming one), 'the last decade'.
    Example: The talks collapsed last week."""
    g, pub = h.g, h.pub
    d_, unit = g("rel_d").lower(), g("rel_u").lower()
    k = {"last": -1, "past": -1, "previous": -1, "next": 1, "coming": 1}.get(d_, 0)
    if unit == "weekend":
        h.gran = "interval"
        if pub:
            sat = _weekend(pub, k, "future")
            h.value = f"{sat.isoformat()}/{(sat + timedelta(days=1)).isoformat()}"
    elif unit == "decade":
        h.gran = "interval"
        if pub:
            y0 = (pub.year // 10 + k) * 10
            h.value = f"{y0}/{y0 + 9}"
    else:
        h.gran = unit
        if pub:
            h.value, h.gran = _shift(pub, k, unit)
    return True


def _read_day_word(h: _Hit) -> bool:
    """'yesterday', 'last night', 'the day after tomorrow'; not 'Russia Today' nor the 'Today' programme.
    Example: The convoy arrived yesterday."""
    g, text, s, e = h.g, h.text, h.s, h.e
    w = (g("day_w") or "").lower()
    t = g("day").lower()
    if t.startswith("today") and (_prev_word_cap(text, s) or text[s] == "T" and re.search(
            r"\b(?!On\b|Until\b|By\b|And\b|But\b)[A-Z][A-Za-z]+\s+$", text[max(0, s - 20):s])):
        return False
    if text[s:e] == "Today" and re.match(r"\s+(?:programme|show)\b", text[e:e + 12]):
        return False
    k = -2 if "before yesterday" in t else 2 if "after tomorrow" in t else (
        -1 if w in ("yesterday",) or w.startswith("last") else 1 if w == "tomorrow" else 0)
    h.gran = "day"
    if h.pub:
        h.value = (h.pub + timedelta(days=k)).isoformat()
    return True


def _read_weekend(h: _Hit) -> bool:
    """'over the weekend': the nearest one the tense allows.
    Example: Drones struck the city over the weekend."""
    h.gran = "interval"
    if h.pub:
        sat = _weekend(h.pub, 0, _tense(h.text, h.s, h.e))
        h.value = f"{sat.isoformat()}/{(sat + timedelta(days=1)).isoformat()}"
    return True


def _read_weekday(h: _Hit) -> bool:
    """'on Tuesday', 'last Friday'; not 'Good Friday', 'on Mondays', 'Super Tuesday', 'the Sunday Times',
    'every Monday'.
    Example: The minister spoke on Tuesday."""
    g, text, m = h.g, h.text, h.m
    if _HOLIDAY_BEFORE.search(text, max(0, m.start("wday_w") - 12), m.start("wday_w")):
        return False
    if g("wday_pl"):
        return False
    ws = m.start("wday_w")
    if g("wday_d") is None and _prev_word_cap(text, ws):
        return False
    if _WD_NAME_AFTER.match(text, m.end("wday_w")):
        return False
    if re.search(r"(?i:\bevery|\beach)\s+$", text[max(0, ws - 8):ws]):
        return False
    wd = _WD_NUM[g("wday_w").lower()]
    deictic = (g("wday_d") or "").strip().lower() or None
    h.gran = "day"
    if h.pub:
        h.value = _resolve_weekday(wd, deictic, h.pub, _tense(text, h.s, h.e)).isoformat()
    return True


def _read_season(h: _Hit) -> bool:
    """'last winter', 'the summer of 2023'; not 'Arab Spring', 'the fall of Avdiivka', 'winter clothing',
    a bare generic 'winter', 'water from the spring', nor 'the fall' of a collapse.
    Example: The counteroffensive stalled last winter."""
    g, text, s, e = h.g, h.text, h.s, h.e
    name = g("sea_w").lower()
    deictic = (g("sea_d") or "").lower() or None
    yr = g("sea_y")
    ws = h.m.start("sea_w")
    if g("sea_w")[0].isupper() and _prev_word_cap(text, s if deictic else ws):
        return False
    if not yr and (_OF_NONYEAR.match(text, e) or _SEASON_NOUN_AFTER.match(text, e) or deictic is None):
        return False
    if name == "spring" and not yr and deictic in ("the", "that") and not re.search(
            r"(?i:\b(?:in|during|over|since|until|till|by|through|throughout|before|after|early|late)\s+)$",
            text[max(0, s - 12):s]):
        return False
    if name == "fall" and not yr and deictic in (None, "the", "that"):
        pre = text[max(0, s - 12):s].lower()
        if not re.search(r"\b(?:in|during|by|since|until|over|through)\s+$", pre):
            return False
    h.gran = "season"
    if yr:
        h.value = _season_value(name, int(yr))
    elif h.pub:
        h.value = _season_value(name, _resolve_season(name, deictic, h.pub, _tense(text, s, e)))
    return True


def _read_holiday(h: _Hit) -> bool:
    """'at Christmas', 'Orthodox Easter 2024'; not 'Easter Island' nor 'Christmas tree'.
    Example: A ceasefire was proposed for Christmas."""
    g = h.g
    if _HOLIDAY_NOUN_AFTER.match(h.text, h.e):
        return False
    name = re.sub(r"\s+", " ", g("hol_w")).lower()
    orthodox = g("hol_o") is not None
    h.gran = "day"
    if g("hol_y"):
        h.value = _holiday(name, orthodox, int(g("hol_y"))).isoformat()
    elif h.pub:
        h.value = _resolve_holiday(name, orthodox, h.pub, _tense(h.text, h.s, h.e)).isoformat()
    return True


def _read_decade(h: _Hit) -> bool:
    """'the 1990s', "the '90s".
    Example: The plant was built in the 1990s."""
    g = h.g
    if g("dec_y"):
        y0 = int(g("dec_y"))
    else:
        y0 = 1900 + int(g("dec_s")) if int(g("dec_s")) >= 30 else 2000 + int(g("dec_s"))
    h.value, h.gran = f"{y0:04d}/{y0 + 9:04d}", "interval"
    return True


def _read_year(h: _Hit) -> bool:
    """'in 2014', '2014-2016', '2024-03'; not '2000 troops', 'about 2000', and a bare number is a year
    only near the present and not part of a longer number ('0800 2024 555').
    Example: Russia annexed Crimea in 2014."""
    g, text, s, e = h.g, h.text, h.s, h.e
    y = int(g("yr_y"))
    before = text[max(0, s - 24):s]
    if _COUNT_AFTER.match(text, e) or _QUANT_BEFORE.search(before):
        return False
    if not _PRE_CTX.search(before):
        if not 1900 <= y <= 2099:
            return False
        if re.search(r"\d[\s-]*$", before) or re.match(r"[\s-]*\d", text[e:e + 3]):
            return False
    y2 = g("yr_y2")
    if y2:
        y2i = int(y2) if len(y2) == 4 else (y // 100) * 100 + int(y2)
        if y2i <= y:
            if len(y2) == 2 and 1 <= int(y2) <= 12:
                h.value, h.gran = _ym(y, int(y2)), "month"
            else:
                return False
        else:
            h.value, h.gran = f"{y:04d}/{y2i:04d}", "interval"
    else:
        h.value, h.gran = f"{y:04d}", "year"
    return True


def _read_month(h: _Hit) -> bool:
    """'in March', 'last May', 'between March and May 2023', 'in May this year'; 'May' only after a
    preposition or a date it ranges from, and not 'March on Washington' nor part of a name.
    Example: The offensive began in March."""
    g, text, s, e, out = h.g, h.text, h.s, h.e, h.out
    name = g("mon_m")
    before = text[max(0, s - 30):s]
    pre = (_PRE_MAY if name == "May" else _PRE_CTX).search(before)
    after_date = bool(re.search(r"(?i:\b(?:and|to|or|through|until)\s+)$", before)) and \
        bool(out) and s - out[-1].end <= 10
    if not pre and not after_date:
        return False
    if name in ("March", "May") and re.match(r"\s+(?:on|to|for|against)\s", text[e:e + 10]) and not pre:
        return False
    if re.match(r"(?:\s+(?:[A-Z][a-z]+))", text[e:e + 20]) and _prev_word_cap(text, s):
        return False
    mon = _MONTH_NUM[name.lower()]
    dm = re.search(r"(?i:\b(last|next|this)\s+)$", before)
    deictic = dm.group(1).lower() if dm else None
    if deictic:
        h.s = s = s - len(dm.group(0))
        h.extend = False
    h.gran = "month"
    ry = _RANGE_YEAR.match(text, e)
    rel = _REL_YEAR_AFTER.match(text, e)
    if ry:
        h.value = _ym(int(ry.group(1)), mon)
    elif rel:
        h.e = rel.end()
        if h.pub:
            h.value = _ym(h.pub.year + _REL_K[rel.group(1).lower()], mon)
    elif h.pub:
        h.value = _ym(*_resolve_month(mon, deictic, h.pub, _tense(text, s, e)))
    return True


# The reader of each _SCAN group, in the regex's order.
READERS = {"iso": _read_iso, "num": _read_numeric, "mdy": _read_day_month, "dmy": _read_day_month,
           "my": _read_month_year, "ago": _read_ago, "dur": _read_duration, "vague": _read_vague,
           "rel": _read_relative, "day": _read_day_word, "wend": _read_weekend, "wday": _read_weekday,
           "sea": _read_season, "hol": _read_holiday, "dec": _read_decade, "yr": _read_year, "mon": _read_month}
