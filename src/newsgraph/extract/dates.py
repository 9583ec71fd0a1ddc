"""Dates: temporal expressions normalised against the publication date.

One linear scan of the normalised text with a single compiled regex finds candidate expressions
(absolute dates, months, seasons, years, weekdays, relative words); each candidate is then checked
against a few characters of context on either side (O(1) per match), so the whole pass is linear
in the text. spaCy's DATE entities are not used: they miss "Over the winter", tag ages and
durations as dates, and would tie this extractor to the NER.

Spans follow the TIMEX convention: leading prepositions are left out ("in March" -> "March",
"Over the winter" -> "the winter"), modifiers are kept ("Last autumn", "the end of the summer",
"earlier this month").

Values (ISO 8601): day ``YYYY-MM-DD``, week ``YYYY-Www``, month ``YYYY-MM``, year ``YYYY``,
season ``YYYY-MM/YYYY-MM`` (meteorological, northern hemisphere), intervals ``start/end``. An
expression that needs the publication date to be anchored gets ``value=None`` when there is none
(without one, a date line at the top of the text, 'Wed 12 Mar 2025 05.00 GMT', anchors them instead);
vague ones ("recently") always do. A bare month, season or weekday is read as the most recent one
not after publication, unless the clause around it speaks of the future ("will", "expected", ...).
"""
from __future__ import annotations

import re
from datetime import date, timedelta

from newsgraph.extract import Context, extractor
from newsgraph.record import DateMention

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

_MON_FULL = "|".join(_MONTHS)
_MON_ABBR = r"Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept\.?|Sep\.?|Oct\.?|Nov\.?|Dec\.?"
_WD = "|".join(_WEEKDAYS)
_ORD = r"(?:st|nd|rd|th)?"
_YEAR = r"(?:1[0-9]|20)\d\d"
_NUMW = r"\d{1,3}|" + "|".join(sorted(_NUMBERS, key=len, reverse=True)) + r"|a few|a couple of|several|few"
_UNIT = r"days?|weeks?|months?|years?|decades?"

# Leftmost-first alternation: at one position the more specific alternative is listed first.
_SCAN = re.compile(rf"""
  (?P<iso>\b(?P<iso_y>{_YEAR})-(?P<iso_m>[01]\d)-(?P<iso_d>[0-3]\d)\b)
| (?P<num>\b(?P<num_a>\d{{1,2}})(?P<num_sep>[./])(?P<num_b>\d{{1,2}})(?P=num_sep)(?P<num_y>{_YEAR})\b(?![./]\d))
| (?P<mdy>\b(?:(?:{_WD}),?\s+)?(?P<mdy_m>{_MON_FULL}|{_MON_ABBR})\s+(?P<mdy_d>\d{{1,2}}){_ORD}
     (?:\s*[-\u2013]\s*(?P<mdy_d2>\d{{1,2}}){_ORD})?\b(?!:|\.\d)(?:,?\s+(?P<mdy_y>{_YEAR})\b)?)
| (?P<dmy>\b(?:(?:{_WD}),?\s+)?(?:the\s+)?(?P<dmy_d>\d{{1,2}}){_ORD}
     (?:\s*[-\u2013]\s*(?P<dmy_d2>\d{{1,2}}){_ORD})?\s+(?:of\s+)?(?P<dmy_m>{_MON_FULL}|{_MON_ABBR})(?![A-Za-z])
     (?:,?\s+(?P<dmy_y>{_YEAR})\b)?)
| (?P<my>\b(?P<my_m>{_MON_FULL})(?:\s+of)?\s+(?P<my_y>{_YEAR})\b)
| (?P<ago>\b(?i:(?P<ago_n>{_NUMW})\s+(?P<ago_u>{_UNIT})\s+ago)\b)
| (?P<dur>\b(?i:the\s+(?P<dur_d>past|last|next|coming|previous|following)\s+(?:(?P<dur_n>{_NUMW})\s+)?
     (?P<dur_u>{_UNIT}))\b)
| (?P<vague>\b(?i:recently|lately|in\s+recent\s+(?:days|weeks|months|years)|of\s+late)\b)
| (?P<rel>\b(?i:(?P<rel_d>last|this|next|past|previous|coming|current)\s+(?P<rel_u>weekend|week|month|year|decade))\b)
| (?P<day>\b(?i:the\s+day\s+before\s+yesterday|the\s+day\s+after\s+tomorrow
     |(?P<day_w>yesterday|today|tonight|tomorrow|last\s+night)(?:\s+(?:morning|afternoon|evening|night))?
     |this\s+(?:morning|afternoon|evening))\b)
| (?P<wend>\b(?i:the\s+weekend)\b)
| (?P<wday>\b(?P<wday_d>(?i:last|next|this)\s+)?(?P<wday_w>{_WD})(?P<wday_pl>s)?\b
     (?:\s+(?i:morning|afternoon|evening|night))?)
| (?P<sea>\b(?i:(?P<sea_d>the|this|last|next|past|coming|previous|that)\s+)?(?P<sea_w>(?i:spring|summer|autumn|fall|winter))\b
     (?:\s+(?:of\s+)?(?P<sea_y>{_YEAR})(?:\s*[-\u2013/]\s*(?P<sea_y2>\d\d(?:\d\d)?))?\b)?)
| (?P<hol>\b(?P<hol_o>Orthodox\s+)?(?P<hol_w>Christmas(?:\s+(?:Eve|Day))?|New\s+Year's\s+(?:Eve|Day)
     |Easter(?:\s+(?:Sunday|Monday))?)(?:\s+(?P<hol_y>{_YEAR})\b)?)
| (?P<dec>\b(?:the\s+)?(?P<dec_y>(?:1[0-9]|20)\d0)s\b|'(?P<dec_s>\d0)s\b)
| (?P<yr>(?<![\d,.$\u00a3\u20ac#/])(?P<yr_y>{_YEAR})(?:\s*[-\u2013/]\s*(?P<yr_y2>{_YEAR}|\d\d))?(?![\d%/]|[,.]\d|-\d))
| (?P<mon>\b(?P<mon_m>{_MON_FULL})\b)
""", re.X)

# Every expression contains one of these words; the scan regex is tried only at the word starts just
# before each of them (a plain finditer of _SCAN costs ~8 s/MB; this ~0.2 s/MB).
_ANCHOR = re.compile(
    r"\b(?=[acdefjlmnorstwy0-9])(?:january|february|march|april|may|june|july|august|september|october|"
    r"november|december|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec|"
    r"(?:mon|tues|wednes|thurs|fri|satur|sun|to|yester)day|spring|summer|autumn|fall|winter|tonight|christmas|easter|"
    r"tomorrow|recently|lately|late|ago|week(?:end)?|month|year|decade|days?|night|morning|afternoon|"
    r"evening|\d{4}|\d0(?=s))s?\b")
_LOOKBACK = 30  # longest lead before an anchor: "Wednesday, the 25th of " May
_WORD_START = re.compile(r"\b\w+|'(?=\d0s)")
# Words an expression can start with before its anchor ("the past few days", "Tuesday, March 7").
_LEADS = frozenset(["the", "this", "last", "next", "past", "previous", "coming", "current", "that", "few",
                    "several", "in", "of", "'", "orthodox", "new"] + [w.lower() for w in _WEEKDAYS] + list(_NUMBERS))


def _matches(text: str):
    """The _SCAN matches of ``text``, left to right, non-overlapping, found from the anchors."""
    lower = text.lower()
    last_end = 0
    for a in _ANCHOR.finditer(lower):
        if a.end() <= last_end:
            continue
        for c in _WORD_START.finditer(lower, max(last_end, a.start() - _LOOKBACK), a.start() + 1):
            w = c.group()
            if c.start() != a.start() and w not in _LEADS and not w[0].isdigit():
                continue
            m = _SCAN.match(text, c.start())
            if m and m.end() > a.start():
                last_end = m.end()
                yield m
                break


# Modifiers kept inside the span, found just before a candidate.
_PRE_MOD = re.compile(r"""(?i:(?:the\s+(?:very\s+)?(?:end|beginning|start|middle|turn|first\s+half|second\s+half
    |first\s+days|last\s+days|first\s+week|last\s+week|rest|remainder|height|depths?)\s+of\s+(?:the\s+)?)?
    (?:early|late|mid-|mid\s|earlier|later)?\s*)$""", re.X)
_MOD_KEYS = ("earl", "late", "mid", " of ")
# Prepositions that license a bare month or year (left out of the span).
_PRE_CTX = re.compile(r"(?i:\b(?:in|on|since|until|till|by|from|during|through|throughout|before|after|of|"
                      r"between|at|to|and|or|last|next|this|early|late|mid|earlier|later|circa|as\s+of|"
                      r"end\s+of|start\s+of|beginning\s+of|middle\s+of|summer\s+of|year|the|that)[\s-]+)$")
# "May" is also a modal and a surname: accept it only after these.
_PRE_MAY = re.compile(r"(?i:\b(?:in|since|until|till|from|during|through|throughout|before|after|last|next|"
                      r"this|early|late|mid|earlier|later|end\s+of|start\s+of|beginning\s+of|middle\s+of|"
                      r"half\s+of|day\s+of)[\s-]+)$")
_COUNT_AFTER = re.compile(r"\s*(?i:people|persons|troops|soldiers|civilians|residents|refugees|men|women|children|"
                          r"fighters|casualties|deaths|dead|killed|wounded|injured|prisoners|hours|hrs|gmt|utc|"
                          r"km|kilometres|kilometers|miles|metres|meters|feet|tonnes|tons|dollars|euros|pounds|"
                          r"rubles|roubles|hryvnias|votes|cases|homes|houses|buildings|shells|missiles|drones|"
                          r"rockets|tanks|vehicles|members|workers|employees|students|jobs|points|units|rounds|"
                          r"times|km/h|mph|m|kg|mm)\b")
_QUANT_BEFORE = re.compile(r"(?i:\b(?:about|around|some|nearly|almost|over|than|least|to|up\s+to|roughly|"
                           r"approximately|only|just|another|at|number|no\.|killed|lost|fired)\s+)$")
# Capitalised words after a weekday that make it a name ("Sunday Times", "Saturday Night Live").
_WD_NAME_AFTER = re.compile(r"\s+(?:Times|Telegraph|Express|Mirror|Post|Herald|Mail|People|Sport|Star|World|"
                            r"Independent|Tribune|Night|Service|School|Bloody|Best|Politics|Briefing)\b")
_HOLIDAY_BEFORE = re.compile(r"\b(?:Good|Black|Super|Bloody|Easter|Ash|Palm|Holy|Maundy|Cyber|Man|Girl|Shrove|"
                             r"Whit|Low|Mad|Blue|Orthodox|Trinity)\s+$")
_SEASON_NOUN_AFTER = re.compile(
    r"\s+(?i:offensives?|counteroffensives?|campaigns?|clothing|clothes|conditions|months|season|weather|time|"
    r"olympics|games|holidays?|break|session|term|solstice|equinox|storms?|sun|coats?|gear|uniforms?|"
    r"equipment|fuel|heating|supplies|stalemate|lull|fighting|push|assault|palace|school|camps?|wheat|"
    r"crops?|harvest|temperatures?|cold|frosts?|tyres|tires|quarters|trip|vacation|fashion|collection|"
    r"sales?|house|garden|festival|schedule|semester|training|exercises?|rains|floods|heat|heatwave|"
    r"rolls|roll|onion|squash|wear|sports?)\b")
_HOLIDAY_NOUN_AFTER = re.compile(r"\s+(?:Island|(?i:trees?|cards?|presents?|gifts?|markets?|lights|decorations|"
                                 r"carols?|songs?|shopping|jumpers?|pudding|crackers?|eggs?|bunny|lil(?:y|ies)))\b")
_REL_YEAR_AFTER = re.compile(r",?\s+(?:of\s+)?(?i:(this|last|next)\s+year)\b")
_REL_K = {"this": 0, "last": -1, "next": 1}
_RANGE_YEAR = re.compile(rf"\s*(?:and|to|through|until|or|-|\u2013)\s+(?:{_MON_FULL})(?:\s+\d{{1,2}}{_ORD})?,?\s+({_YEAR})\b")
_OF_NONYEAR = re.compile(r"\s+of\s+(?!\d)")

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


def _prev_word_cap(norm: str, start: int) -> bool:
    """A capitalised word directly before ``start`` that does not begin a sentence ("Good Friday")."""
    m = re.search(r"([A-Z][A-Za-z]+)\s+$", norm[max(0, start - 30):start])
    if not m:
        return False
    w = m.group(1)
    if w.lower() in ("on", "by", "since", "until", "till", "last", "next", "this", "early", "late", "from",
                     "before", "after", "every", "each", "through", "and", "or", "but", "the", "that",
                     "until", "as", "in", "of", "at", "over", "during", "between", "to"):
        return False
    head = norm[max(0, start - 32):start - len(m.group(0))].rstrip()
    return bool(head) and head[-1] not in ".!?\"'\n:;"


def find_dates(text: str, published: str | None) -> list[DateMention]:
    """Temporal expressions in ``text`` (already normalised or not), anchored on ``published``."""
    pub = _parse_pub(published)
    lower_text = text.lower()
    out: list[DateMention] = []
    last_end = 0
    for m in _matches(text):
        if m.end() <= last_end:  # inside a mention that was extended ("May this year")
            continue
        kind = m.lastgroup
        s, e = m.start(kind), m.end(kind)
        g = m.group
        value: str | None = None
        gran: str | None = None
        extend = True  # take modifiers just before ("early", "the end of") into the span

        if kind == "iso":
            d = _safe_date(int(g("iso_y")), int(g("iso_m")), int(g("iso_d")))
            if d is None:
                continue
            value, gran = d.isoformat(), "day"
        elif kind == "num":
            a, b, y = int(g("num_a")), int(g("num_b")), int(g("num_y"))
            if a > 12 or (g("num_sep") == "." and b <= 12):  # 24/02/2022; 24.02.2022 is day-first
                d = _safe_date(y, b, a)
            elif b > 12:  # 02/24/2022
                d = _safe_date(y, a, b)
            else:  # 03/04/2022: day-first or month-first cannot be told apart
                d = None
                if _safe_date(y, a, b) is None and _safe_date(y, b, a) is None:
                    continue
            if d is None and (a > 12 or b > 12):
                continue  # 31/02/2022
            value, gran = (d.isoformat() if d else None), "day"
        elif kind in ("mdy", "dmy"):
            mon = _MONTH_NUM[g(f"{kind}_m").rstrip(".").lower()]
            day, day2, yr = int(g(f"{kind}_d")), g(f"{kind}_d2"), g(f"{kind}_y")
            if not 1 <= day <= 31 or (day2 and not day < int(day2) <= 31):
                continue
            if g(f"{kind}_m") == "May" and kind == "mdy" and not yr and _prev_word_cap(text, s):
                continue  # "Theresa May 12 ..." is not a date
            rel = None if yr else _REL_YEAR_AFTER.match(text, e)
            if rel:  # "on March 7 last year"
                e = rel.end()
            if yr:
                d = _safe_date(int(yr), mon, day)
            elif rel and pub:
                d = _safe_date(pub.year + _REL_K[rel.group(1).lower()], mon, day)
            elif pub:
                d = _resolve_day_month(mon, day, pub, _tense(text, s, e))
            else:
                d = None
                gran = "interval" if day2 else "day"
            if d is not None:
                if day2:
                    d2 = _safe_date(d.year, mon, int(day2))
                    if d2 is None:
                        continue
                    value, gran = f"{d.isoformat()}/{d2.isoformat()}", "interval"
                else:
                    value, gran = d.isoformat(), "day"
            elif yr:
                continue  # impossible date such as February 30, 2024
        elif kind == "my":
            if g("my_m") == "May" and _prev_word_cap(text, s) or _COUNT_AFTER.match(text, e):
                continue  # "Theresa May 2000 ...", "May 2000 troops"
            value, gran = _ym(int(g("my_y")), _MONTH_NUM[g("my_m").lower()]), "month"
        elif kind == "ago":
            n, unit = _num(g("ago_n")), g("ago_u")
            gran = unit.lower().rstrip("s")
            gran = "year" if gran == "decade" else gran
            if pub and n is not None and g("ago_n").lower() not in ("few", "several"):
                n = n * 10 if unit.lower().startswith("decade") else n
                value, gran = _shift(pub, -n, "year" if unit.lower().startswith("decade") else unit)
        elif kind == "dur":
            n_s, unit = g("dur_n"), g("dur_u")
            forward = g("dur_d").lower() in ("next", "coming", "following")
            gran = "interval"
            plural_vague = n_s is None and unit.lower().endswith("s")
            n = _num(n_s) if n_s and n_s.lower() not in ("a few", "few", "several", "a couple of") else (
                2 if n_s and n_s.lower() == "a couple of" else None if n_s or plural_vague else 1)
            if n_s is None and g("dur_d").lower() in ("next", "following", "previous"):
                n = None  # "the next day": the day after something in the story, not after publication
                gran = unit.lower().rstrip("s") if unit.lower() in ("day", "week", "month", "year") else None
            if pub and n is not None:
                value = _interval_back(pub, n, unit, forward)
            extend = False
        elif kind == "vague":
            if g("vague").lower().startswith("in "):  # "in recent weeks": the preposition stays out
                pass
            extend = False
        elif kind == "rel":
            d_, unit = g("rel_d").lower(), g("rel_u").lower()
            k = {"last": -1, "past": -1, "previous": -1, "next": 1, "coming": 1}.get(d_, 0)
            if unit == "weekend":
                gran = "interval"
                if pub:
                    sat = _weekend(pub, k, "future")  # "this weekend" is the coming one
                    value = f"{sat.isoformat()}/{(sat + timedelta(days=1)).isoformat()}"
            elif unit == "decade":
                gran = "interval"
                if pub:
                    y0 = (pub.year // 10 + k) * 10
                    value = f"{y0}/{y0 + 9}"
            else:
                gran = unit
                if pub:
                    value, gran = _shift(pub, k, unit)
        elif kind == "day":
            w = (g("day_w") or "").lower()
            t = g("day").lower()
            if t.startswith("today") and (_prev_word_cap(text, s) or text[s] == "T" and re.search(
                    r"\b(?!On\b|Until\b|By\b|And\b|But\b)[A-Z][A-Za-z]+\s+$", text[max(0, s - 20):s])):
                continue  # "Russia Today", "USA Today"
            if text[s:e] == "Today" and re.match(r"\s+(?:programme|show)\b", text[e:e + 12]):
                continue
            k = -2 if "before yesterday" in t else 2 if "after tomorrow" in t else (
                -1 if w in ("yesterday",) or w.startswith("last") else 1 if w == "tomorrow" else 0)
            gran = "day"
            if pub:
                value = (pub + timedelta(days=k)).isoformat()
        elif kind == "wend":
            gran = "interval"
            if pub:
                sat = _weekend(pub, 0, _tense(text, s, e))
                value = f"{sat.isoformat()}/{(sat + timedelta(days=1)).isoformat()}"
        elif kind == "wday":
            if _HOLIDAY_BEFORE.search(text, max(0, m.start("wday_w") - 12), m.start("wday_w")):
                continue  # "Good Friday", "Black Friday", "Easter Sunday"
            if g("wday_pl"):
                continue  # "on Mondays": habitual, no single date
            ws = m.start("wday_w")
            if g("wday_d") is None and _prev_word_cap(text, ws):
                continue  # "Good Friday", "Super Tuesday", "Bloody Sunday"
            if _WD_NAME_AFTER.match(text, m.end("wday_w")):
                continue  # "the Sunday Times"
            if re.search(r"(?i:\bevery|\beach)\s+$", text[max(0, ws - 8):ws]):
                continue
            wd = _WD_NUM[g("wday_w").lower()]
            deictic = (g("wday_d") or "").strip().lower() or None
            gran = "day"
            if pub:
                value = _resolve_weekday(wd, deictic, pub, _tense(text, s, e)).isoformat()
        elif kind == "sea":
            name = g("sea_w").lower()
            deictic = (g("sea_d") or "").lower() or None
            yr = g("sea_y")
            ws = m.start("sea_w")
            if g("sea_w")[0].isupper() and _prev_word_cap(text, s if deictic else ws):
                continue  # "Arab Spring", "Prague Spring"
            if not yr and _OF_NONYEAR.match(text, e):
                continue  # "the fall of Avdiivka", "the spring of discontent"
            if not yr and _SEASON_NOUN_AFTER.match(text, e):
                continue  # "winter clothing", "the summer offensive"
            if not yr and deictic is None:
                continue  # bare "winter" is generic
            if name == "spring" and not yr and deictic in ("the", "that") and not re.search(
                    r"(?i:\b(?:in|during|over|since|until|till|by|through|throughout|before|after|early|late)\s+)$",
                    text[max(0, s - 12):s]):
                continue  # "water from the spring"
            if name == "fall" and not yr and deictic in (None, "the", "that"):
                pre = text[max(0, s - 12):s].lower()
                if not re.search(r"\b(?:in|during|by|since|until|over|through)\s+$", pre):
                    continue  # "the fall" is more often a collapse than autumn
            gran = "season"
            if yr:
                value = _season_value(name, int(yr))
            elif pub:
                value = _season_value(name, _resolve_season(name, deictic, pub, _tense(text, s, e)))
        elif kind == "hol":
            if _HOLIDAY_NOUN_AFTER.match(text, e):
                continue  # "Easter Island", "Christmas tree"
            name = re.sub(r"\s+", " ", g("hol_w")).lower()
            orthodox = g("hol_o") is not None
            gran = "day"
            if g("hol_y"):
                value = _holiday(name, orthodox, int(g("hol_y"))).isoformat()
            elif pub:
                value = _resolve_holiday(name, orthodox, pub, _tense(text, s, e)).isoformat()
        elif kind == "dec":
            if g("dec_y"):
                y0 = int(g("dec_y"))
            else:
                y0 = 1900 + int(g("dec_s")) if int(g("dec_s")) >= 30 else 2000 + int(g("dec_s"))
            value, gran = f"{y0:04d}/{y0 + 9:04d}", "interval"
        elif kind == "yr":
            y = int(g("yr_y"))
            before = text[max(0, s - 24):s]
            after_ok = not _COUNT_AFTER.match(text, e)
            if not after_ok or _QUANT_BEFORE.search(before):
                continue
            ctx_ok = bool(_PRE_CTX.search(before))
            if not ctx_ok:
                # A bare number is a year only near the present and followed by a clause boundary or noun.
                if not 1900 <= y <= 2099:
                    continue
                if re.search(r"\d[\s-]*$", before) or re.match(r"[\s-]*\d", text[e:e + 3]):
                    continue  # part of a longer number: "0800 2024 555", "2024 3000"
            y2 = g("yr_y2")
            if y2:
                y2i = int(y2) if len(y2) == 4 else (y // 100) * 100 + int(y2)
                if y2i <= y:
                    if len(y2) == 2 and 1 <= int(y2) <= 12:
                        value, gran = _ym(y, int(y2)), "month"  # "2024-03"
                    else:
                        continue
                else:
                    value, gran = f"{y:04d}/{y2i:04d}", "interval"
            else:
                value, gran = f"{y:04d}", "year"
        elif kind == "mon":
            name = g("mon_m")
            before = text[max(0, s - 30):s]
            pre = (_PRE_MAY if name == "May" else _PRE_CTX).search(before)
            after_date = bool(re.search(r"(?i:\b(?:and|to|or|through|until)\s+)$", before)) and \
                bool(out) and s - out[-1].end <= 10
            if name == "May" and not pre and not after_date:
                continue
            if not pre and not after_date:
                continue
            if name in ("March", "May") and re.match(r"\s+(?:on|to|for|against)\s", text[e:e + 10]) \
                    and not pre:
                continue
            if re.match(r"(?:\s+(?:[A-Z][a-z]+))", text[e:e + 20]) and _prev_word_cap(text, s):
                continue  # part of a name
            mon = _MONTH_NUM[name.lower()]
            dm = re.search(r"(?i:\b(last|next|this)\s+)$", before)
            deictic = dm.group(1).lower() if dm else None
            if deictic:
                s = s - len(dm.group(0))
                extend = False
            gran = "month"
            ry = _RANGE_YEAR.match(text, e)
            rel = _REL_YEAR_AFTER.match(text, e)
            if ry:  # "between March and May 2023": the year written once covers both
                value = _ym(int(ry.group(1)), mon)
            elif rel:  # "in May this year"
                e = rel.end()
                if pub:
                    value = _ym(pub.year + _REL_K[rel.group(1).lower()], mon)
            elif pub:
                value = _ym(*_resolve_month(mon, deictic, pub, _tense(text, s, e)))
        else:
            continue

        if extend and any(k in lower_text[max(0, s - 40):s] for k in _MOD_KEYS):
            pm = _PRE_MOD.search(text, max(last_end, s - 40), s)
            if pm and pm.group().strip():
                s = pm.start() + (len(pm.group()) - len(pm.group().lstrip()))
        s = max(s, last_end)
        out.append(DateMention(start=s, end=e, text=text[s:e], value=value, granularity=gran))
        last_end = e
    return out


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


def _season_modifiers(doc, found: list[DateMention]) -> set[int]:
    """Indexes of season words used as a noun modifier ("the summer analysts", "the fall debates"),
    told by the tagger where the doc has tags (a list of such nouns cannot be complete)."""
    out: set[int] = set()
    if not doc.has_annotation("TAG"):
        return out
    for i, d in enumerate(found):
        if d.granularity != "season" or any(c.isdigit() for c in d.text):
            continue
        span = doc.char_span(d.start, d.end, alignment_mode="expand")
        if span is not None and span.end < len(doc) and doc[span.end].tag_ in ("NN", "NNS"):
            out.add(i)
    return out


# Words a date line may hold besides the date: 'Published: Wed 12 Mar 2025 05.00 GMT', 'Updated 3:45 PM'.
_DATE_LINE_WORDS = {"published", "updated", "posted", "last", "first", "modified", "on", "at", "am", "pm", "a",
                    "m", "p", "gmt", "utc", "bst", "cet", "cest", "eet", "eest", "msk", "est", "edt", "et", "pt",
                    "pst", "pdt", "ct", "cst", "cdt", "time", "kyiv", "local", "date"} \
    | {w.lower() for w in _WEEKDAYS} | {w[:3].lower() for w in _WEEKDAYS}
_HEADER_LINES = 10


def header_date(text: str) -> str | None:
    """The date line at the top of a pasted article ('Wed 12 Mar 2025 05.00 GMT', 'Published: March 12,
    2025 at 5:00 p.m. EDT'): a full date on a line of its own among the first few. It anchors relative
    dates when no publication date is given; a headline that mentions a date is not one."""
    for line in text[:1000].split("\n")[:_HEADER_LINES]:
        if not 0 < len(line.strip()) <= 80:
            continue
        for d in find_dates(line, None):
            if d.granularity != "day" or not d.value:
                continue
            rest = line[:d.start] + " " + line[d.end:]
            if all(w.lower() in _DATE_LINE_WORDS for w in re.findall(r"[A-Za-z]+", rest)):
                return d.value
    return None


@extractor("dates", produces=("dates",))
def extract_dates(ctx: Context) -> None:
    found = find_dates(ctx.norm, ctx.record.published or header_date(ctx.norm))
    drop = _season_modifiers(ctx.doc, found)
    if drop:
        found = [d for i, d in enumerate(found) if i not in drop]
    text = ctx.record.text
    for d in found:  # offsets are shared; the text field comes from the original (curly quotes)
        d.text = text[d.start:d.end]
    ctx.record.dates = found
